/* bench-people.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * meson test --benchmark --suite gui
 *
 * The People page of a practice with 5,000 people (imported, 200 of
 * them with a completed request as well), in the same run as its
 * baseline, the request editor:
 * 1. a new window showing the People page, store read, to its first
 *    painted frame, next to a new window showing a new request's editor;
 *    medians of 5 each, alternating;
 * 2. search: a change of the search text to the painted frame, median
 *    and worst of 20, each narrowing 5,000 people to a few;
 * 3. the main window's request list with 10,000 requests in the store
 *    (mostly sent, some drafts, some in the outbox), next to the same
 *    window over an empty store: new window to its first painted frame,
 *    medians of 5 each, alternating;
 * 4. search in the main window's search entry over those 10,000
 *    requests: the list updated, and to the painted frame, median and
 *    worst of 20, alternately narrowing to ten and widening back;
 * 5. `hie-roster --list` over those 10,000 requests, next to an empty
 *    store.
 *
 * It prints figures; it asserts nothing about them.
 */

#include "config.h"

#include <stdlib.h>
#include <unistd.h>
#include <fcntl.h>

#include <sqlite3.h>

#include "roster-application.h"
#include "roster-command-line.h"
#include "roster-main-view.h"
#include "roster-payload.h"
#include "roster-window.h"

#include "bench-stats.h"
#include "test-fixtures.h"
#include "test-gui-fixtures.h"

#define PEOPLE 5000
#define WITH_REQUESTS 200
#define RUNS 5
#define SEARCHES 20
#define REQUESTS 10000
#define REQUEST_DRAFTS 150
#define REQUEST_QUEUED 50
#define LIST_TARGET 1.2
#define SEARCH_TARGET_MS 16.0
#define COMMAND_LIST_TARGET_MS 500.0
#define BUDGET (30 * G_USEC_PER_SEC)

static void
seed_store (void)
{
  g_autoptr(RosterStore) store = roster_store_open (g_getenv ("HIE_ROSTER_DATA_DIR"), NULL);
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_person_free);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < PEOPLE; i++)
    {
      RosterPerson *person = g_new0 (RosterPerson, 1);

      person->email = g_strdup_printf ("staff%04u@upstate.example.org", i);
      person->first_name = g_strdup_printf ("Staff %04u", i);
      person->last_name = g_strdup_printf ("Member %c", 'A' + i % 26);
      person->organization = g_strdup ("Upstate University Hospital");
      person->services[ROSTER_SERVICE_SECURE_MESSAGING] = i % 2 == 0;
      person->services[ROSTER_SERVICE_IMAGE_EXCHANGE] = i % 3 == 0;
      g_ptr_array_add (people, person);
    }
  if (!roster_store_put_imported_people (store, people, &error))
    g_error ("Could not import: %s", error->message);

  for (guint i = 0; i < WITH_REQUESTS; i++)
    {
      g_autoptr(RosterRequest) request = test_new_modify_request ();
      g_autofree char *email = g_strdup_printf ("staff%04u@upstate.example.org", i * (PEOPLE / WITH_REQUESTS));
      g_autofree char *tracking = g_strdup_printf ("HEC-%016u", i);
      g_autoptr(GBytes) payload = NULL;
      g_autofree char *id = NULL;

      roster_request_set_text (request, "user.email", email);
      payload = roster_payload_write (request);
      id = roster_store_create_draft (store, request, NULL);
      if (!roster_store_queue (store, id, payload, NULL) ||
          !roster_store_begin_attempt (store, id, NULL) ||
          !roster_store_record_sent (store, id, tracking, "2026-11-25T10:00:00Z", NULL) ||
          !roster_store_record_status (store, id, "completed", NULL, NULL))
        g_error ("Could not record request %u", i);
    }
}

/* A new window to its first painted frame, showing the People page or a
 * new request. */
static gint64
measure_window (RosterApplication *app,
                gboolean           people)
{
  RosterWindow *window;
  RosterMainView *view;
  gint64 started = g_get_monotonic_time ();
  gint64 elapsed;

  window = roster_window_new (app);
  view = roster_window_get_main_view (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 720);
  if (people)
    gtk_widget_activate_action (GTK_WIDGET (view), "main.show-people", NULL);
  else
    test_open_new_request (window);
  gtk_window_present (GTK_WINDOW (window));
  test_wait_for_frame (GTK_WIDGET (window));
  elapsed = g_get_monotonic_time () - started;

  if (people && g_list_model_get_n_items (roster_people_view_get_shown (roster_main_view_get_people (view))) != PEOPLE)
    g_error ("The People page does not show %u people", PEOPLE);

  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);

  return elapsed;
}

static void
measure_search (RosterApplication *app)
{
  RosterWindow *window = roster_window_new (app);
  RosterMainView *view = roster_window_get_main_view (window);
  RosterPeopleView *people = roster_main_view_get_people (view);
  gint64 frame[SEARCHES], handle[SEARCHES];

  gtk_window_set_default_size (GTK_WINDOW (window), 960, 720);
  gtk_widget_activate_action (GTK_WIDGET (view), "main.show-people", NULL);
  gtk_window_present (GTK_WINDOW (window));
  test_wait_for_frame (GTK_WIDGET (window));

  for (guint i = 0; i < SEARCHES; i++)
    {
      /* Alternately narrow to a few people and widen back to everyone. */
      g_autofree char *text = i % 2 == 0 ? g_strdup_printf ("staff %02u", 10 + i) : NULL;
      gint64 started = g_get_monotonic_time ();

      roster_people_view_set_search (people, text);
      handle[i] = g_get_monotonic_time () - started;
      test_wait_for_frame (GTK_WIDGET (window));
      frame[i] = g_get_monotonic_time () - started;
    }

  g_print ("search over %u people, text change to painted frame (median of %d):\n"
           "  filtered:                %6.1f ms (worst %.1f ms)\n"
           "  change to painted frame: %6.1f ms (worst %.1f ms)\n",
           PEOPLE, SEARCHES,
           bench_median (handle, SEARCHES) / 1000.0, bench_worst (handle, SEARCHES) / 1000.0,
           bench_median (frame, SEARCHES) / 1000.0, bench_worst (frame, SEARCHES) / 1000.0);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A store in @directory with REQUESTS requests: one draft and one sent
 * request made through the store API, copied in SQL in one transaction
 * (the store's own transactions fsync each, far too slow for 10,000),
 * each copy its own person. */
static void
seed_request_store (const char *directory)
{
  g_autoptr(RosterStore) store = roster_store_open (directory, NULL);
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(GBytes) payload = roster_payload_write (request);
  g_autofree char *draft_id = roster_store_create_draft (store, request, NULL);
  g_autofree char *sent_id = roster_store_create_draft (store, request, NULL);
  g_autofree char *sql = NULL;
  char *message = NULL;
  sqlite3 *db;
  gint64 now = g_get_real_time ();

  if (draft_id == NULL || sent_id == NULL ||
      !roster_store_queue (store, sent_id, payload, NULL) ||
      !roster_store_begin_attempt (store, sent_id, NULL) ||
      !roster_store_record_sent (store, sent_id, "HEC-0000000000000000", "2026-11-25T10:00:00Z", NULL) ||
      !roster_store_record_status (store, sent_id, "completed", NULL, NULL))
    g_error ("Could not make the template requests");

  if (sqlite3_open (roster_store_get_path (store), &db) != SQLITE_OK)
    g_error ("Could not open %s", roster_store_get_path (store));
  sqlite3_busy_timeout (db, 10000);

  /* Copies n = 0 … REQUESTS − 1: the first ones drafts, the next ones
   * in the outbox (tried once, the next try a day away, so nothing is
   * due while measuring), the rest sent; the newest first. */
  sql = g_strdup_printf (
    "BEGIN;"
    "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < %d) "
    "INSERT INTO requests (id, state, form, form_version, draft, current_step, person_name, email,"
    "  organization, action, created_at, updated_at, payload, payload_sha256, idempotency_key,"
    "  queued_at, attempts, next_attempt_at, last_error, tracking_id, received_at, hie_status)"
    " SELECT printf('bench-%%05d', i),"
    "  CASE WHEN i < %d THEN 'draft' WHEN i < %d THEN 'queued' ELSE 'sent' END,"
    "  t.form, t.form_version, t.draft, t.current_step,"
    "  printf('Person %%05d Okafor', i), printf('person%%05d@upstate.example.org', i), t.organization, t.action,"
    "  %" G_GINT64_FORMAT " - i * 60000000, %" G_GINT64_FORMAT " - i * 60000000,"
    "  CASE WHEN i < %d THEN NULL ELSE t.payload END,"
    "  CASE WHEN i < %d THEN NULL ELSE t.payload_sha256 END,"
    "  CASE WHEN i < %d THEN NULL ELSE printf('bench-key-%%05d', i) END,"
    "  CASE WHEN i < %d THEN NULL ELSE t.queued_at END,"
    "  CASE WHEN i < %d THEN 0 ELSE 1 END,"
    "  CASE WHEN i < %d THEN NULL WHEN i < %d THEN %" G_GINT64_FORMAT " ELSE NULL END,"
    "  CASE WHEN i >= %d AND i < %d THEN 'The HIE did not answer' ELSE NULL END,"
    "  CASE WHEN i < %d THEN NULL ELSE printf('HEC-%%016d', i) END,"
    "  CASE WHEN i < %d THEN NULL ELSE t.received_at END,"
    "  CASE WHEN i < %d THEN NULL ELSE 'completed' END"
    " FROM n, (SELECT * FROM requests WHERE id = '%s') AS t;"
    "DELETE FROM requests WHERE id NOT LIKE 'bench-%%';"
    "COMMIT;",
    REQUESTS, REQUEST_DRAFTS, REQUEST_DRAFTS + REQUEST_QUEUED,
    now, now,
    REQUEST_DRAFTS, REQUEST_DRAFTS, REQUEST_DRAFTS, REQUEST_DRAFTS, REQUEST_DRAFTS,
    REQUEST_DRAFTS, REQUEST_DRAFTS + REQUEST_QUEUED, now + (gint64) G_USEC_PER_SEC * 24 * 3600,
    REQUEST_DRAFTS, REQUEST_DRAFTS + REQUEST_QUEUED,
    REQUEST_DRAFTS + REQUEST_QUEUED, REQUEST_DRAFTS + REQUEST_QUEUED, REQUEST_DRAFTS + REQUEST_QUEUED,
    sent_id);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("Could not copy the requests: %s", message);
  sqlite3_close (db);
}

static const char *
met (double value,
     double target)
{
  return value <= target ? "met" : "NOT met";
}

/* A new window over the store in @directory, showing its request list,
 * to its first painted frame. */
static gint64
measure_request_window (RosterApplication *app,
                        const char        *directory,
                        guint              expected)
{
  RosterWindow *window;
  RosterRequestList *list;
  gint64 started;
  gint64 elapsed;
  guint shown;

  g_setenv ("HIE_ROSTER_DATA_DIR", directory, TRUE);
  started = g_get_monotonic_time ();
  window = roster_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 720);
  gtk_window_present (GTK_WINDOW (window));
  test_wait_for_frame (GTK_WIDGET (window));
  elapsed = g_get_monotonic_time () - started;

  list = roster_main_view_get_list (roster_window_get_main_view (window));
  shown = roster_request_list_get_n_rows (list, "drafts") + roster_request_list_get_n_rows (list, "outbox") +
          roster_request_list_get_n_rows (list, "sent");
  if (shown != expected)
    g_error ("The request list shows %u requests, not %u", shown, expected);

  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);

  return elapsed;
}

static void
measure_request_search (RosterApplication *app,
                        const char        *directory)
{
  RosterWindow *window;
  RosterMainView *view;
  RosterRequestList *list;
  GtkWidget *focus;
  GtkWidget *entry;
  gint64 frame[SEARCHES], handle[SEARCHES];
  gint64 narrow[SEARCHES / 2], widen[SEARCHES / 2];
  gint64 budget_end;
  guint n = 0;

  g_setenv ("HIE_ROSTER_DATA_DIR", directory, TRUE);
  window = roster_window_new (app);
  view = roster_window_get_main_view (window);
  list = roster_main_view_get_list (view);
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 720);
  gtk_window_present (GTK_WINDOW (window));
  test_wait_for_frame (GTK_WIDGET (window));

  /* Ctrl+F's action: the search bar open, its entry focused. */
  gtk_widget_activate_action (GTK_WIDGET (view), "main.search", NULL);
  test_wait_for_frame (GTK_WIDGET (window));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  entry = focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY) : NULL;
  if (entry == NULL)
    g_error ("Ctrl+F did not focus the search entry");

  budget_end = g_get_monotonic_time () + BUDGET;
  for (guint i = 0; i < SEARCHES && (i < 2 || g_get_monotonic_time () < budget_end); i++, n++)
    {
      /* Alternately narrow to ten requests and widen back to all. The
       * entry's typing delay is left out: "search-changed" at once. */
      g_autofree char *text = i % 2 == 0 ? g_strdup_printf ("person %04u", 10 + i) : g_strdup ("");
      guint expected = i % 2 == 0 ? 10 : REQUESTS;
      gint64 started = g_get_monotonic_time ();
      guint shown;

      gtk_editable_set_text (GTK_EDITABLE (entry), text);
      g_signal_emit_by_name (entry, "search-changed");
      handle[i] = g_get_monotonic_time () - started;
      test_wait_for_frame (GTK_WIDGET (window));
      frame[i] = g_get_monotonic_time () - started;
      (i % 2 == 0 ? narrow : widen)[i / 2] = frame[i];

      shown = roster_request_list_get_n_rows (list, "drafts") + roster_request_list_get_n_rows (list, "outbox") +
              roster_request_list_get_n_rows (list, "sent");
      if (shown != expected)
        g_error ("The search “%s” shows %u requests, not %u", text, shown, expected);
    }

  g_print ("search over %u requests in the main window (median of %u and worst; the median against the target, %.0f ms):\n"
           "  list updated:            %6.1f ms (worst %.1f ms)  %s\n"
           "  change to painted frame: %6.1f ms (worst %.1f ms)  %s\n"
           "    narrowing to 10:       %6.1f ms (worst %.1f ms)\n"
           "    widening to all:       %6.1f ms (worst %.1f ms)\n",
           REQUESTS, n, SEARCH_TARGET_MS,
           bench_median (handle, n) / 1000.0, bench_worst (handle, n) / 1000.0,
           met (bench_median (handle, n) / 1000.0, SEARCH_TARGET_MS),
           bench_median (frame, n) / 1000.0, bench_worst (frame, n) / 1000.0,
           met (bench_median (frame, n) / 1000.0, SEARCH_TARGET_MS),
           bench_median (narrow, (n + 1) / 2) / 1000.0, bench_worst (narrow, (n + 1) / 2) / 1000.0,
           bench_median (widen, n / 2) / 1000.0, bench_worst (widen, n / 2) / 1000.0);

  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* `hie-roster --list` over the store in @directory, its output thrown
 * away. */
static gint64
measure_command_list (const char *directory)
{
  int saved = dup (STDOUT_FILENO);
  int null = open ("/dev/null", O_WRONLY);
  gint64 started, elapsed;
  int status;

  g_setenv ("HIE_ROSTER_DATA_DIR", directory, TRUE);
  fflush (stdout);
  dup2 (null, STDOUT_FILENO);
  started = g_get_monotonic_time ();
  status = roster_command_line_list ();
  fflush (stdout);
  elapsed = g_get_monotonic_time () - started;
  dup2 (saved, STDOUT_FILENO);
  close (null);
  close (saved);

  if (status != 0)
    g_error ("--list failed (%d)", status);

  return elapsed;
}

static void
measure_requests (RosterApplication *app)
{
  g_autofree char *empty_dir = test_make_scratch_dir ("roster-bench-empty-XXXXXX");
  g_autofree char *big_dir = test_make_scratch_dir ("roster-bench-requests-XXXXXX");
  g_autofree char *saved_dir = g_strdup (g_getenv ("HIE_ROSTER_DATA_DIR"));
  gint64 empty[RUNS], big[RUNS], empty_list[RUNS], big_list[RUNS];
  gint64 empty_t, big_t, empty_list_t, big_list_t;
  guint runs = RUNS;
  g_autoptr(RosterStore) empty_store = roster_store_open (empty_dir, NULL);

  if (empty_store == NULL)
    g_error ("Could not make an empty store");
  g_clear_object (&empty_store);
  seed_request_store (big_dir);

  /* A list that takes seconds is measured fewer times, within the
   * benchmark's timeout. */
  measure_request_window (app, empty_dir, 0);
  if (measure_request_window (app, big_dir, REQUESTS) > BUDGET / RUNS)
    runs = 1;
  for (guint i = 0; i < runs; i++)
    {
      empty[i] = measure_request_window (app, empty_dir, 0);
      big[i] = measure_request_window (app, big_dir, REQUESTS);
    }
  empty_t = bench_median (empty, runs);
  big_t = bench_median (big, runs);

  g_print ("main window, new window to first painted frame (median of %d, cairo renderer):\n"
           "  an empty store (baseline):                %6.1f ms\n"
           "  %u requests (%u drafts, %u in the outbox): %6.1f ms\n"
           "  ratio:                                    %6.2fx (target %.1fx) %s\n",
           runs, empty_t / 1000.0, REQUESTS, REQUEST_DRAFTS, REQUEST_QUEUED, big_t / 1000.0,
           (double) big_t / empty_t, LIST_TARGET, met ((double) big_t / empty_t, LIST_TARGET));

  measure_request_search (app, big_dir);

  measure_command_list (big_dir);
  for (guint i = 0; i < RUNS; i++)
    {
      empty_list[i] = measure_command_list (empty_dir);
      big_list[i] = measure_command_list (big_dir);
    }
  empty_list_t = bench_median (empty_list, RUNS);
  big_list_t = bench_median (big_list, RUNS);
  g_print ("hie-roster --list, in process, output to /dev/null (median of %d):\n"
           "  an empty store (baseline): %6.1f ms\n"
           "  %u requests:            %6.1f ms (target %.0f ms) %s\n"
           "  ratio:                     %6.2fx\n",
           RUNS, empty_list_t / 1000.0, REQUESTS, big_list_t / 1000.0, COMMAND_LIST_TARGET_MS,
           met (big_list_t / 1000.0, COMMAND_LIST_TARGET_MS), (double) big_list_t / MAX (empty_list_t, 1));

  g_setenv ("HIE_ROSTER_DATA_DIR", saved_dir, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RosterApplication) app = NULL;
  gint64 editor[RUNS], people[RUNS];
  gint64 editor_t, people_t;

  test_use_scratch_data_dir ();

  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  if (!gtk_init_check ())
    {
      g_print ("No display: nothing measured\n");
      return 77;
    }
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  seed_store ();

  app = roster_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  /* One of each unmeasured: fonts, icons and the store's pages warm. */
  measure_window (app, FALSE);
  measure_window (app, TRUE);
  for (guint i = 0; i < RUNS; i++)
    {
      editor[i] = measure_window (app, FALSE);
      people[i] = measure_window (app, TRUE);
    }
  editor_t = bench_median (editor, RUNS);
  people_t = bench_median (people, RUNS);

  g_print ("new window to first painted frame (median of %d, cairo renderer):\n"
           "  a new request's editor (baseline):      %6.1f ms\n"
           "  the People page, %u people read:     %6.1f ms\n"
           "  ratio:                                  %6.2fx\n",
           RUNS, editor_t / 1000.0, PEOPLE, people_t / 1000.0, (double) people_t / editor_t);

  /* The part of it that is the core's: the store read, people derived. */
  {
    g_autoptr(RosterStore) store = roster_store_open (g_getenv ("HIE_ROSTER_DATA_DIR"), NULL);
    gint64 load[RUNS];

    for (guint i = 0; i < RUNS; i++)
      {
        gint64 started = g_get_monotonic_time ();
        g_autoptr(GPtrArray) loaded = roster_people_load (store, NULL);

        load[i] = g_get_monotonic_time () - started;
        if (loaded == NULL || loaded->len != PEOPLE)
          g_error ("roster_people_load() did not give %u people", PEOPLE);
      }
    g_print ("  of which the store read and the people derived: %6.1f ms\n", bench_median (load, RUNS) / 1000.0);
  }

  measure_search (app);

  measure_requests (app);

  return 0;
}
