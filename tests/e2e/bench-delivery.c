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
 *    same server, in the same run: five pairs of runs, alternating, and
 *    the median of their ratios. Both send one request at a time over
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

/* The payloads are built before the clock starts, as the outbox's are
 * (frozen when queued): both sides time only the sending. */
static GPtrArray *
plain_loop_payloads (guint n_requests)
{
  GPtrArray *payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (guint i = 0; i < n_requests; i++)
    {
      g_autoptr(RosterRequest) request = full_request (REQUESTS + i);

      g_ptr_array_add (payloads, roster_payload_write (request));
    }

  return payloads;
}

/* One POST of the plain loop. libsoup 3 opens a new connection for every
 * POST unless the message is flagged idempotent (an Idempotency-Key
 * makes it so): flagged, it goes out on the connection the last one
 * kept alive. The server is another process, so the blocking call
 * cannot deadlock. */
static guint
plain_post (SoupSession *session,
            const char  *url,
            const char  *token,
            GBytes      *payload)
{
  g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "Idempotency-Key", key);
  soup_message_set_request_body_from_bytes (message, "application/json", payload);
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT | SOUP_MESSAGE_IDEMPOTENT);

  if (!(answer = soup_session_send_and_read (session, message, NULL, &error)))
    g_error ("plain POST: %s", error->message);

  return soup_message_get_status (message);
}

static double
measure_plain_loop (guint             n_requests,
                    IntakeTestServer *server,
                    const char       *token)
{
  g_autoptr(SoupSession) session = intake_test_session_new ();
  g_autoptr(GPtrArray) payloads = plain_loop_payloads (n_requests);
  g_autofree char *url = g_strconcat (server->base_url, "/v1/account-requests", NULL);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n_requests; i++)
    {
      guint status = plain_post (session, url, token, g_ptr_array_index (payloads, i));

      if (status != 201)
        g_error ("plain POST answered %u", status);
    }

  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

#define DELIVERY_TARGET 1.1

/* Pairs of runs, Roster's and the plain loop's alternating, so that
 * both see the same machine: it is shared, and its speed drifts by more
 * than the difference measured. The row shows the median of the pairs'
 * ratios, and their spread. */
#define DELIVERY_PAIRS 5
G_STATIC_ASSERT (DELIVERY_PAIRS % 2 == 1);  /* a median that is one of the pairs */

/* One delivery row: Roster's outbox next to the plain loop. Both send
 * one request at a time, in order, over one kept-alive HTTP/1.1
 * connection: the same concurrency, so the ratio is what the outbox's
 * bookkeeping costs. The plain loop writes nothing locally. */
static void
measure_delivery_row (const char       *dir,
                      const char       *title,
                      const char       *store_prefix,
                      guint             n_requests,
                      IntakeTestServer *server,
                      const char       *token)
{
  double roster_seconds[DELIVERY_PAIRS], plain_seconds[DELIVERY_PAIRS], ratios[DELIVERY_PAIRS];
  double roster_median, plain_median, ratio;
  guint syncs = 0;

  for (guint i = 0; i < DELIVERY_PAIRS; i++)
    {
      g_autofree char *store_name = g_strdup_printf ("%s-%u", store_prefix, i);
      guint pair_syncs;

      /* Which goes first alternates too. */
      if (i % 2 == 0)
        plain_seconds[i] = measure_plain_loop (n_requests, server, token);
      roster_seconds[i] = measure_delivery (dir, store_name, n_requests, server, token, &pair_syncs);
      if (i % 2 == 1)
        plain_seconds[i] = measure_plain_loop (n_requests, server, token);

      ratios[i] = roster_seconds[i] / plain_seconds[i];
      syncs += pair_syncs;
    }

  bench_sort_double (roster_seconds, DELIVERY_PAIRS);
  bench_sort_double (plain_seconds, DELIVERY_PAIRS);
  bench_sort_double (ratios, DELIVERY_PAIRS);
  roster_median = roster_seconds[DELIVERY_PAIRS / 2];
  plain_median = plain_seconds[DELIVERY_PAIRS / 2];
  ratio = ratios[DELIVERY_PAIRS / 2];

  g_print ("%s\n"
           "  Roster's outbox:          %6.2f s  (%6.0f requests/s; every answer durable before it counts)\n"
           "  plain libsoup POST loop:  %6.2f s  (%6.0f requests/s; one at a time, one kept-alive connection, no local writes)\n"
           "  ratio:                    %6.2fx  (median of %d alternating pairs, %.2f-%.2fx; target: within %.1fx) %s\n"
           "  %.2f syncs per delivered request\n",
           title,
           roster_median, n_requests / roster_median,
           plain_median, n_requests / plain_median,
           ratio, DELIVERY_PAIRS, ratios[0], ratios[DELIVERY_PAIRS - 1],
           DELIVERY_TARGET, ratio <= DELIVERY_TARGET ? "met" : "NOT met",
           syncs / (double) (n_requests * DELIVERY_PAIRS));
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

  measure_delivery_row (dir, "delivering " G_STRINGIFY (REQUESTS) " queued requests to hie-roster-intake on loopback:",
                        "outbox", REQUESTS, server, token);

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
    {
      g_autofree char *title =
        g_strdup_printf ("the same, %d requests, with every sync of the app's database %u ms slower:",
                         SLOW_REQUESTS, delay_ms);

      measure_delivery_row (dir, title, "outbox-slow", SLOW_REQUESTS, server, token);
    }

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
