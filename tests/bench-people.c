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
 *    and worst of 20, each narrowing 5,000 people to a few.
 *
 * It prints figures; it asserts nothing about them.
 */

#include "config.h"

#include <stdlib.h>

#include "roster-application.h"
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

  return 0;
}
