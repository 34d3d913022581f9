/* bench-delivery.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * meson test --benchmark --suite e2e
 *
 * 1. Autosave cost per edit for a full request: one durable save of the
 *    whole draft (WAL, synchronous=FULL), p50 and p99, next to a raw
 *    SQLite INSERT+COMMIT of the same bytes with the same settings,
 *    alternating in the same run; and the longest the main loop stalls
 *    while RosterAutosave saves after bursts of edits.
 * 2. Delivering 1,000 queued requests to hie-roster-intake on loopback,
 *    next to a plain sequential libsoup POST loop of 1,000 payloads to the
 *    same server, in the same run. Both send one request at a time over
 *    one kept-alive connection; the outbox commits its marks in batches
 *    on a worker thread meanwhile.
 * 3. `hie-roster --list` over a store of 10,000 requests, next to the same
 *    command over an empty store (the program's start), medians of 5.
 * 4. Both again on a slow disk: the app's databases through a SQLite VFS
 *    whose every sync waits ROSTER_BENCH_FSYNC_DELAY_MS (5 unless set),
 *    200 requests, with the syncs counted per request.
 *
 * Prints figures; asserts nothing about them.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libsoup/soup.h>
#include <sqlite3.h>

#include "bench-stats.h"
#include "intake-test-util.h"
#include "roster-autosave.h"
#include "roster-delivery.h"
#include "roster-draft.h"
#include "roster-payload.h"
#include "slow-fsync-vfs.h"
#include "test-fixtures.h"

#define SAVES 300
#define REQUESTS 1000
#define SLOW_REQUESTS 200
#define SLOW_SAVES 30
#define LISTED 10000
#define LIST_RUNS 5

static RosterRequest *
full_request (guint serial)
{
  RosterRequest *request = test_new_modify_request ();
  g_autofree char *name = g_strdup_printf ("Person %u", serial);

  roster_request_set_text (request, "user.first_name", name);
  roster_request_set_text (request, "user.phone", "(315) 555-0123");
  roster_request_set_text (request, "user.npi", TEST_NPI_A);
  roster_request_set_text (request, "alerts.basis", "provider_npi");
  roster_request_set_text (request, "services.delegation", "add");
  roster_request_set_text (request, "comments", "Please coordinate with the practice manager before switching.");
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *nine = g_strdup_printf ("1%08u", i);
      g_autofree char *npi = g_strdup_printf ("%s%c", nine, roster_npi_check_digit (nine));
      g_autofree char *provider = g_strdup_printf ("Dr. Provider %u", i);

      roster_request_insert_row (request, i % 2 ? "delegation.results" : "delegation.alerts", -1, provider, npi);
    }

  return request;
}

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* The disk's floor for a save: the same draft's bytes written by a bare
 * INSERT+COMMIT, WAL and synchronous=FULL as the store uses. */
static gint64
raw_commit (sqlite3 *db,
            GBytes  *bytes)
{
  sqlite3_stmt *stmt = NULL;
  gsize length;
  const void *data = g_bytes_get_data (bytes, &length);
  gint64 start = g_get_monotonic_time ();

  exec_or_die (db, "BEGIN IMMEDIATE");
  if (sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO drafts (id, draft) VALUES ('r1', ?)", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_bind_blob (stmt, 1, data, length, SQLITE_TRANSIENT) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("raw insert: %s", sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  exec_or_die (db, "COMMIT");

  return g_get_monotonic_time () - start;
}

typedef struct
{
  gint64 last_tick;
  gint64 longest_gap;
} Ticker;

static gboolean
tick_cb (gpointer user_data)
{
  Ticker *ticker = user_data;
  gint64 now = g_get_monotonic_time ();

  if (ticker->last_tick != 0)
    ticker->longest_gap = MAX (ticker->longest_gap, now - ticker->last_tick);
  ticker->last_tick = now;

  return G_SOURCE_CONTINUE;
}

static void
run_for (gint64 microseconds)
{
  gint64 until = g_get_monotonic_time () + microseconds;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
}

/* Bursts of edits, each followed by the pause in which RosterAutosave
 * saves, with a 1 ms ticker on the same main loop: its longest gap is
 * the longest a keystroke could wait for a save. */
static gint64
longest_stall (RosterStore   *store,
               const char    *id,
               RosterRequest *request,
               guint          saves)
{
  g_autoptr(RosterAutosave) autosave = roster_autosave_new (store, id, request);
  Ticker ticker = { 0 };
  guint ticker_id;

  roster_autosave_set_delay (autosave, 100);
  ticker_id = g_timeout_add (1, tick_cb, &ticker);
  run_for (20 * 1000);
  ticker.longest_gap = 0;

  for (guint i = 0; i < saves; i++)
    {
      for (guint key = 0; key < 5; key++)
        {
          g_autofree char *text = g_strdup_printf ("Typed revision %u.%u", i, key);

          roster_request_set_text (request, "comments", text);
          run_for (10 * 1000);
        }
      run_for (150 * 1000);
      if (roster_autosave_get_dirty (autosave))
        g_error ("autosave did not save");
    }

  g_source_remove (ticker_id);

  return ticker.longest_gap;
}

static void
measure_autosave (const char *dir)
{
  g_autofree char *store_dir = g_build_filename (dir, "autosave", NULL);
  g_autofree char *raw_path = g_build_filename (dir, "raw-commit.db", NULL);
  g_autoptr(RosterStore) store = roster_store_open (store_dir, NULL);
  g_autoptr(RosterRequest) request = full_request (0);
  g_autofree char *id = roster_store_create_draft (store, request, NULL);
  gint64 durations[SAVES], raw[SAVES];
  gint64 save_p99, raw_p99, stall;
  gsize draft_size = 0;
  sqlite3 *db = NULL;

  if (sqlite3_open (raw_path, &db) != SQLITE_OK)
    g_error ("%s: %s", raw_path, sqlite3_errmsg (db));
  exec_or_die (db, "PRAGMA journal_mode = WAL");
  exec_or_die (db, "PRAGMA synchronous = FULL");
  exec_or_die (db, "CREATE TABLE drafts (id TEXT PRIMARY KEY, draft BLOB NOT NULL)");

  /* Alternating, so both see the same disk. */
  for (guint i = 0; i < SAVES; i++)
    {
      g_autofree char *text = g_strdup_printf ("Comment revision %u", i);
      g_autoptr(GBytes) bytes = NULL;
      gint64 start;

      roster_request_set_text (request, "comments", text);
      start = g_get_monotonic_time ();
      if (!roster_store_save_draft (store, id, request, "attestation", NULL))
        g_error ("save failed");
      durations[i] = g_get_monotonic_time () - start;

      bytes = roster_draft_write (request);
      draft_size = g_bytes_get_size (bytes);
      raw[i] = raw_commit (db, bytes);
    }
  sqlite3_close (db);

  save_p99 = bench_percentile (durations, SAVES, 0.99);
  raw_p99 = bench_percentile (raw, SAVES, 0.99);
  g_print ("autosave of a full request (20 providers, %.1f KiB), %d saves, alternating:\n"
           "  Roster's save:                      p50 %6.2f ms   p99 %6.2f ms\n"
           "  raw INSERT+COMMIT of the same bytes: p50 %6.2f ms   p99 %6.2f ms\n"
           "  ratio at p99: %.2fx  (target: within 1.5x)\n",
           draft_size / 1024.0, SAVES,
           bench_percentile (durations, SAVES, 0.5) / 1000.0, save_p99 / 1000.0,
           bench_percentile (raw, SAVES, 0.5) / 1000.0, raw_p99 / 1000.0,
           (double) save_p99 / raw_p99);

  stall = longest_stall (store, id, request, 30);
  g_print ("longest main-loop stall with a save after each of 30 bursts of typing: %.2f ms"
           " (a frame at 60 Hz is 16.67 ms)\n", stall / 1000.0);
}

static void
flush_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static double
measure_delivery (const char       *dir,
                  const char       *store_name,
                  guint             n_requests,
                  IntakeTestServer *server,
                  const char       *token,
                  guint            *syncs)
{
  g_autofree char *store_dir = g_build_filename (dir, store_name, NULL);
  g_autoptr(RosterStore) store = roster_store_open (store_dir, NULL);
  g_autoptr(RosterIntakeClient) client = roster_intake_client_new (server->base_url, NULL);
  g_autoptr(RosterDelivery) delivery = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RosterFlushReport) report = NULL;
  gint64 start;
  double seconds;

  for (guint i = 0; i < n_requests; i++)
    {
      g_autoptr(RosterRequest) request = full_request (i);
      g_autoptr(GBytes) payload = roster_payload_write (request);
      g_autofree char *id = roster_store_create_draft (store, request, NULL);

      roster_store_queue (store, id, payload, NULL);
    }

  roster_intake_client_set_token (client, token);
  delivery = roster_delivery_new (store, client);

  *syncs = slow_fsync_vfs_get_syncs ();
  start = g_get_monotonic_time ();
  roster_delivery_flush_async (delivery, NULL, flush_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  *syncs = slow_fsync_vfs_get_syncs () - *syncs;

  report = roster_delivery_flush_finish (delivery, result, NULL);
  g_assert_nonnull (report);
  if (report->sent != n_requests)
    g_error ("only %u of %u delivered", report->sent, n_requests);

  return seconds;
}

static double
measure_plain_loop (guint             n_requests,
                    IntakeTestServer *server,
                    const char       *token)
{
  g_autoptr(SoupSession) session = intake_test_session_new ();
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n_requests; i++)
    {
      g_autoptr(RosterRequest) request = full_request (REQUESTS + i);
      g_autoptr(GBytes) payload = roster_payload_write (request);
      g_autofree char *key = g_uuid_string_random ();
      g_autoptr(IntakeTestResponse) response =
        intake_test_post (session, server, token, key,
                          g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));

      if (response->status != 201)
        g_error ("plain POST answered %u", response->status);
    }

  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

#define DELIVERY_TARGET 1.1

/* One delivery row: Roster's outbox next to the plain loop. Both send
 * one request at a time, in order, over one kept-alive HTTP/1.1
 * connection: the same concurrency, so the ratio is what the outbox's
 * bookkeeping costs. The plain loop writes nothing locally. */
static void
print_delivery (char   *title,
                guint   n_requests,
                double  roster_seconds,
                double  plain_seconds,
                guint   syncs)
{
  double ratio = roster_seconds / plain_seconds;

  g_print ("%s\n"
           "  Roster's outbox:          %6.2f s  (%6.0f requests/s; every answer durable before it counts)\n"
           "  plain libsoup POST loop:  %6.2f s  (%6.0f requests/s; one at a time, one connection, no local writes)\n"
           "  ratio:                    %6.2fx  (target: within %.1fx) %s\n"
           "  %.2f syncs per delivered request\n",
           title,
           roster_seconds, n_requests / roster_seconds,
           plain_seconds, n_requests / plain_seconds,
           ratio, DELIVERY_TARGET, ratio <= DELIVERY_TARGET ? "met" : "NOT met",
           syncs / (double) n_requests);
  g_free (title);
}

/* `hie-roster --list` over the store in @data_dir, wall time. */
static gint64
time_list (const char *data_dir)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  gint64 start = g_get_monotonic_time ();

  g_subprocess_launcher_setenv (launcher, "HIE_ROSTER_DATA_DIR", data_dir, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("HIE_ROSTER"), "--list", NULL);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error))
    g_error ("hie-roster --list: %s", error->message);
  if (!g_subprocess_get_successful (process))
    g_error ("hie-roster --list failed");

  return g_get_monotonic_time () - start;
}

static void
measure_list (const char *dir)
{
  g_autofree char *empty_dir = g_build_filename (dir, "list-empty", NULL);
  g_autofree char *full_dir = g_build_filename (dir, "list-full", NULL);
  g_autoptr(RosterStore) empty = roster_store_open (empty_dir, NULL);
  g_autoptr(RosterStore) full = roster_store_open (full_dir, NULL);
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  gint64 empty_times[LIST_RUNS], full_times[LIST_RUNS];
  gint64 empty_t, full_t;

  for (guint i = 0; i < LISTED; i++)
    g_ptr_array_add (requests, full_request (i));
  if (!(ids = roster_store_queue_new (full, requests, &error)))
    g_error ("queueing %u requests: %s", LISTED, error->message);

  for (guint i = 0; i < LIST_RUNS; i++)
    {
      empty_times[i] = time_list (empty_dir);
      full_times[i] = time_list (full_dir);
    }
  empty_t = bench_percentile (empty_times, LIST_RUNS, 0.5);
  full_t = bench_percentile (full_times, LIST_RUNS, 0.5);

  g_print ("hie-roster --list (median of %d):\n"
           "  empty store:         %6.1f ms\n"
           "  %u requests:      %6.1f ms  (target: within 500 ms)\n",
           LIST_RUNS, empty_t / 1000.0, LISTED, full_t / 1000.0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = intake_test_make_dir ();
  g_autofree char *token = NULL;
  IntakeTestServer *server;
  double roster_seconds, plain_seconds;
  guint syncs;

  /* Counting from the start (no delay yet), so the first row is
   * measured through the same VFS as the slow one. */
  slow_fsync_vfs_install (0);
  measure_autosave (dir);

  {
    /* The benchmark measures delivery, not the server's rate limit. */
    static const char * const server_args[] = { "--rate-limit", "0", NULL };

    server = intake_test_server_start (dir, server_args);
  }
  token = intake_test_add_token (server->db_path, "Benchmark");

  plain_seconds = measure_plain_loop (REQUESTS, server, token);
  roster_seconds = measure_delivery (dir, "outbox", REQUESTS, server, token, &syncs);

  print_delivery (g_strdup_printf ("delivering %d queued requests to hie-roster-intake on loopback:", REQUESTS),
                  REQUESTS, roster_seconds, plain_seconds, syncs);

  measure_list (dir);

  /* The same on a slow disk: the app's syncs only (the server is
   * another process, on this disk). */
  {
    const char *env = g_getenv ("ROSTER_BENCH_FSYNC_DELAY_MS");
    guint delay_ms = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 5;
    g_autofree char *slow_dir = g_build_filename (dir, "slow-autosave", NULL);
    g_autoptr(RosterStore) slow_store = NULL;
    g_autoptr(RosterRequest) request = full_request (0);
    g_autofree char *id = NULL;
    gint64 stall;

    slow_fsync_vfs_install (delay_ms);
    plain_seconds = measure_plain_loop (SLOW_REQUESTS, server, token);
    roster_seconds = measure_delivery (dir, "outbox-slow", SLOW_REQUESTS, server, token, &syncs);

    print_delivery (g_strdup_printf ("the same, %d requests, with every sync of the app's database %u ms slower:",
                                     SLOW_REQUESTS, delay_ms),
                    SLOW_REQUESTS, roster_seconds, plain_seconds, syncs);

    slow_store = roster_store_open (slow_dir, NULL);
    id = roster_store_create_draft (slow_store, request, NULL);
    stall = longest_stall (slow_store, id, request, SLOW_SAVES);
    g_print ("longest main-loop stall with a save after each of %d bursts of typing, syncs %u ms slower: %.2f ms\n",
             SLOW_SAVES, delay_ms, stall / 1000.0);
  }

  intake_test_server_free (server);
  test_remove_tree (dir);

  return 0;
}
