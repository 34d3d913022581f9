/* bench-intake.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * meson test --benchmark --suite server
 *
 * Valid POSTs (each with its own idempotency key) to the real
 * hie-roster-intake on loopback with durable storage, next to two
 * ceilings measured in the same run:
 *
 *   HTTP ceiling     a bare SoupServer (this program, run as a separate
 *                    process like the real server) answering 201 without
 *                    storing anything, under the same client load;
 *   storage ceiling  a loop of single-row SQLite INSERT + COMMIT with
 *                    journal_mode=WAL and synchronous=FULL, on the same
 *                    file system.
 *
 * Then, where PostgreSQL is installed, the same load against one and
 * against three server processes on one PostgreSQL database (a
 * throwaway cluster, fsync on, synchronous_commit on), with 1, 16 and 64
 * clients, next to that cluster's own ceiling: a loop of single-row
 * INSERT + COMMIT over libpq.
 *
 * Beside each figure of the server: its ratio to the storage ceiling of
 * the same run, and issue 17's target for it (at least 1.0x with 16 or
 * more clients, whose requests share commits; at least 0.8x with one),
 * met or NOT met. It prints figures and ratios; it asserts nothing about
 * time.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <glib-unix.h>
#include <sqlite3.h>
#ifdef HAVE_LIBPQ
# include <libpq-fe.h>
#endif

#include "intake-test-util.h"
#include "test-scratch.h"

typedef struct
{
  double  per_second;
  double  p50_ms;
  double  p99_ms;
  guint   count;
  guint   failures;
} Figures;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

static void
figures_from (Figures *figures,
              GArray  *latencies_ms,
              double   elapsed_seconds)
{
  g_array_sort (latencies_ms, compare_doubles);
  figures->count = latencies_ms->len;
  figures->per_second = latencies_ms->len / elapsed_seconds;
  figures->p50_ms = g_array_index (latencies_ms, double, latencies_ms->len / 2);
  figures->p99_ms = g_array_index (latencies_ms, double, MIN (latencies_ms->len - 1, latencies_ms->len * 99 / 100));
}

/* The bare server ------------------------------------------------------- */

static void
bare_handler_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  static const char body[] = "{\"tracking_id\":\"HEC-0000000000000000\",\"received_at\":\"2026-03-13T14:05:09Z\",\"status\":\"received\"}";

  soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_STATIC,
                                    body, strlen (body));
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static int
run_bare_server (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  soup_server_add_handler (server, NULL, bare_handler_cb, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("%s", error->message);

  uris = soup_server_get_uris (server);
  g_print ("Listening on http://127.0.0.1:%d\n", g_uri_get_port (uris->data));
  fflush (stdout);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  soup_server_disconnect (server);

  return 0;
}

/* The client load ------------------------------------------------------- */

typedef struct
{
  SoupSession *session;
  GPtrArray   *urls;
  const char  *token;
  GBytes      *body;
  guint        total;
  guint        started;
  guint        finished;
  guint        failures;
  GArray      *latencies_ms;
} Load;

typedef struct
{
  Load   *load;
  gint64  started_usec;
} Attempt;

static void start_one (Load *load);

static void
one_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Attempt *attempt = user_data;
  Load *load = attempt->load;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  double milliseconds;

  answer = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  milliseconds = (g_get_monotonic_time () - attempt->started_usec) / 1000.0;

  if (error != NULL || soup_message_get_status (msg) != SOUP_STATUS_CREATED)
    load->failures++;
  g_array_append_val (load->latencies_ms, milliseconds);
  load->finished++;

  g_object_unref (msg);
  g_free (attempt);

  if (load->started < load->total)
    start_one (load);
}

static void
start_one (Load *load)
{
  SoupMessage *msg = soup_message_new ("POST", g_ptr_array_index (load->urls, load->started % load->urls->len));
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autofree char *key = g_uuid_string_random ();
  Attempt *attempt = g_new0 (Attempt, 1);

  if (load->token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", load->token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }
  soup_message_headers_replace (headers, "Idempotency-Key", key);
  soup_message_set_request_body_from_bytes (msg, "application/json", load->body);

  attempt->load = load;
  attempt->started_usec = g_get_monotonic_time ();
  load->started++;
  soup_session_send_and_read_async (load->session, msg, G_PRIORITY_DEFAULT, NULL, one_done_cb, attempt);
}

/* @base_urls: one server or several, taking turns. */
static void
run_load_over (Figures            *figures,
               const char * const *base_urls,
               const char         *token,
               const char         *payload,
               guint               total,
               guint               concurrency)
{
  g_autoptr(SoupSession) session = g_object_new (SOUP_TYPE_SESSION,
                                                 "timeout", 60,
                                                 "max-conns", concurrency,
                                                 "max-conns-per-host", concurrency,
                                                 NULL);
  g_autoptr(GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) body = g_bytes_new (payload, strlen (payload));
  Load load = { session, urls, token, body, total, 0, 0, 0, g_array_new (FALSE, FALSE, sizeof (double)) };
  gint64 started;

  for (guint i = 0; base_urls[i] != NULL; i++)
    g_ptr_array_add (urls, g_strconcat (base_urls[i], "/v1/account-requests", NULL));

  started = g_get_monotonic_time ();
  for (guint i = 0; i < concurrency && i < total; i++)
    start_one (&load);
  while (load.finished < total)
    g_main_context_iteration (NULL, TRUE);

  figures_from (figures, load.latencies_ms, (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);
  figures->failures = load.failures;
  g_array_unref (load.latencies_ms);
}

static void
run_load (Figures    *figures,
          const char *base_url,
          const char *token,
          const char *payload,
          guint       total,
          guint       concurrency)
{
  const char * const base_urls[] = { base_url, NULL };

  run_load_over (figures, base_urls, token, payload, total, concurrency);
}

/* The same load from plain sockets -------------------------------------- */

/* libsoup 3.2.3's client opens a new connection for every POST, even to
 * a server that keeps connections (curl reuses them on both servers
 * here): every request above pays a TCP connect and accept on each
 * side, and the client's own libsoup work, on the same 2 CPUs as the
 * server. This client keeps one connection per thread (a new one only
 * when an answer says "Connection: close"), sends the same bytes (head
 * and payload), and reads each answer whole before the next: the same
 * exchange, with less of the client in it. */

typedef struct
{
  guint16      port;
  const char  *token;
  const char  *payload;
  guint        count;
  GArray      *latencies_ms;
  guint        failures;
} RawLoad;

static gpointer
raw_client_thread (gpointer data)
{
  RawLoad *load = data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  GInputStream *input = NULL;
  GOutputStream *output = NULL;
  char buffer[8192];

  for (guint i = 0; i < load->count; i++)
    {
      g_autofree char *key = g_uuid_string_random ();
      g_autofree char *authorization = load->token ? g_strdup_printf ("Authorization: Bearer %s\r\n", load->token)
                                                   : g_strdup ("");
      g_autofree char *request = g_strdup_printf ("POST /v1/account-requests HTTP/1.1\r\n"
                                                  "Host: 127.0.0.1:%u\r\n"
                                                  "%s"
                                                  "Content-Type: application/json\r\n"
                                                  "Content-Length: %zu\r\n"
                                                  "Idempotency-Key: %s\r\n"
                                                  "\r\n%s",
                                                  load->port, authorization, strlen (load->payload),
                                                  key, load->payload);
      gint64 started = g_get_monotonic_time ();
      gsize have = 0;
      gsize head_end = 0;
      gsize body_length = 0;
      double milliseconds;
      const char *length;

      /* A server that closes after each answer gets a new connection
       * for each request, as it asks. */
      if (connection == NULL)
        {
          connection = g_socket_client_connect_to_host (client, "127.0.0.1", load->port, NULL, &error);
          g_assert_no_error (error);
          input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
          output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
        }

      if (!g_output_stream_write_all (output, request, strlen (request), NULL, NULL, &error))
        break;

      /* The head, then the body its Content-Length gives. */
      while (head_end == 0 || have < head_end + body_length)
        {
          gssize n = g_input_stream_read (input, buffer + have, sizeof buffer - 1 - have, NULL, &error);
          char *end;

          if (n <= 0)
            goto out;
          have += n;
          buffer[have] = '\0';
          if (head_end == 0 && (end = strstr (buffer, "\r\n\r\n")) != NULL)
            {
              head_end = end + 4 - buffer;
              length = g_strstr_len (buffer, head_end, "Content-Length: ");
              body_length = length ? strtoul (length + strlen ("Content-Length: "), NULL, 10) : 0;
            }
        }

      milliseconds = (g_get_monotonic_time () - started) / 1000.0;
      g_array_append_val (load->latencies_ms, milliseconds);
      if (!g_str_has_prefix (buffer, "HTTP/1.1 201 "))
        load->failures++;
      if (g_strstr_len (buffer, head_end, "Connection: close") != NULL)
        g_clear_object (&connection);
    }

out:
  load->failures += load->count - load->latencies_ms->len;
  return NULL;
}

static void
run_raw_load (Figures    *figures,
              guint16     port,
              const char *token,
              const char *payload,
              guint       total,
              guint       concurrency)
{
  g_autofree RawLoad *loads = g_new0 (RawLoad, concurrency);
  g_autofree GThread **threads = g_new0 (GThread *, concurrency);
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 started = g_get_monotonic_time ();

  for (guint i = 0; i < concurrency; i++)
    {
      loads[i] = (RawLoad) { port, token, payload, total / concurrency,
                             g_array_new (FALSE, FALSE, sizeof (double)), 0 };
      threads[i] = g_thread_new ("raw-client", raw_client_thread, &loads[i]);
    }

  figures->failures = 0;
  for (guint i = 0; i < concurrency; i++)
    {
      g_thread_join (threads[i]);
      g_array_append_vals (latencies, loads[i].latencies_ms->data, loads[i].latencies_ms->len);
      figures->failures += loads[i].failures;
      g_array_unref (loads[i].latencies_ms);
    }

  figures_from (figures, latencies, (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);
}

/* The storage ceiling --------------------------------------------------- */

static void
run_sqlite_loop (Figures    *figures,
                 const char *dir,
                 const char *payload,
                 guint       total)
{
  g_autofree char *path = g_build_filename (dir, "ceiling.db", NULL);
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL;
  gint64 started;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "PRAGMA journal_mode = WAL;"
                                 "PRAGMA synchronous = FULL;"
                                 "CREATE TABLE requests (id INTEGER PRIMARY KEY, tracking_id TEXT UNIQUE,"
                                 " idempotency_key TEXT, body BLOB, received_at TEXT);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO requests (tracking_id, idempotency_key, body, received_at)"
                                       " VALUES (?1, ?2, ?3, '2026-03-13T14:05:09Z')",
                                       -1, &insert, NULL), ==, SQLITE_OK);

  started = g_get_monotonic_time ();
  for (guint i = 0; i < total; i++)
    {
      g_autofree char *key = g_uuid_string_random ();
      gint64 one = g_get_monotonic_time ();
      double milliseconds;

      g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_reset (insert);
      sqlite3_bind_text (insert, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, key, -1, SQLITE_STATIC);
      sqlite3_bind_blob (insert, 3, payload, strlen (payload), SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (insert), ==, SQLITE_DONE);
      g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);

      milliseconds = (g_get_monotonic_time () - one) / 1000.0;
      g_array_append_val (latencies, milliseconds);
    }

  figures_from (figures, latencies, (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);
  sqlite3_finalize (insert);
  sqlite3_close (db);
}

#ifdef HAVE_LIBPQ
static void
run_pg_loop (Figures    *figures,
             const char *uri,
             const char *payload,
             guint       total)
{
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  PGconn *conn = PQconnectdb (uri);
  gint64 started;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  PQclear (PQexec (conn, "SET synchronous_commit = on"));
  PQclear (PQexec (conn, "CREATE TABLE ceiling (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                         " tracking_id text UNIQUE, idempotency_key text, body bytea, received_at text)"));

  started = g_get_monotonic_time ();
  for (guint i = 0; i < total; i++)
    {
      g_autofree char *key = g_uuid_string_random ();
      const char *values[] = { key, key, payload };
      const int lengths[] = { 0, 0, (int)strlen (payload) };
      const int formats[] = { 0, 0, 1 };
      gint64 one = g_get_monotonic_time ();
      PGresult *result;
      double milliseconds;

      PQclear (PQexec (conn, "BEGIN"));
      result = PQexecParams (conn,
                             "INSERT INTO ceiling (tracking_id, idempotency_key, body, received_at)"
                             " VALUES ($1, $2, $3, '2026-03-13T14:05:09Z')",
                             3, NULL, values, lengths, formats, 0);
      g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
      PQclear (result);
      result = PQexec (conn, "COMMIT");
      g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
      PQclear (result);

      milliseconds = (g_get_monotonic_time () - one) / 1000.0;
      g_array_append_val (latencies, milliseconds);
    }

  figures_from (figures, latencies, (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);
  PQfinish (conn);
}
#endif

static IntakeTestServer *
start_bare_server (const char *self_path)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  IntakeTestServer *server = g_new0 (IntakeTestServer, 1);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self_path, "--bare-server", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "Listening on "));

  server->process = g_steal_pointer (&process);
  server->base_url = g_strdup (line + strlen ("Listening on "));
  server->port = (guint16) g_ascii_strtoull (strrchr (server->base_url, ':') + 1, NULL, 10);
  return server;
}

static void
print_figures (const char    *name,
               const char    *unit,
               const Figures *figures)
{
  g_print ("  %-52s %8.0f %-10s p50 %7.2f ms   p99 %7.2f ms%s\n",
           name, figures->per_second, unit, figures->p50_ms, figures->p99_ms,
           figures->failures ? "   (FAILURES)" : "");
}

/* Issue 17's targets, as a share of the store's own INSERT+COMMIT
 * ceiling: one client waits for every commit, so it can only come close;
 * several clients share commits (group commit) and must pass it. */
static double
target_for (guint clients)
{
  return clients == 1 ? 0.8 : 1.0;
}

/* A figure of the server, with its ratio to the storage ceiling beside
 * it and whether the target is met. */
static void
print_against_ceiling (const char    *name,
                       const Figures *figures,
                       const Figures *ceiling,
                       guint          clients)
{
  double ratio = figures->per_second / ceiling->per_second;
  double target = target_for (clients);

  g_print ("  %-52s %8.0f %-10s p50 %7.2f ms   p99 %7.2f ms   %5.2fx ceiling (target >= %.1fx: %s)%s\n",
           name, figures->per_second, "req/s", figures->p50_ms, figures->p99_ms,
           ratio, target, ratio >= target ? "met" : "NOT met",
           figures->failures ? "   (FAILURES)" : "");
}

/* One client waits for each answer before it sends again, so nothing
 * overlaps: each request costs at least one bare HTTP exchange plus one
 * commit, and the server can reach no more than
 * 1 / (1/HTTP ceiling + 1/storage ceiling), whatever it does in between.
 * That bound, as a share of the storage ceiling, says whether issue 17's
 * 0.8x is within reach here at all. */
static void
print_serial_bound (const Figures *http_serial,
                    const Figures *storage,
                    const Figures *server_serial)
{
  double bound = 1.0 / (1.0 / http_serial->per_second + 1.0 / storage->per_second);

  g_print ("  HTTP ceiling (1 client) / storage ceiling: %.2f\n",
           http_serial->per_second / storage->per_second);
  g_print ("  1-client bound, HTTP exchange + commit in series: %.0f req/s = %.2fx storage ceiling;"
           " server (1 client) / bound: %.2f\n\n",
           bound, bound / storage->per_second, server_serial->per_second / bound);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *token = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *self_path = NULL;
  g_autoptr(IntakeTestServer) bare = NULL;
  g_autoptr(IntakeTestServer) server = NULL;
  Figures http = { 0, };
  Figures http_serial = { 0, };
  Figures raw_http = { 0, };
  Figures raw_http_serial = { 0, };
  Figures raw_durable = { 0, };
  Figures raw_durable_serial = { 0, };
  Figures storage = { 0, };
  Figures durable = { 0, };
  Figures durable_serial = { 0, };
  guint total = 2000;
  guint concurrency = 16;
  guint failures = 0;
  static const char * const server_args[] = { "--rate-limit", "0", NULL };

  if (argc > 1 && g_str_equal (argv[1], "--bare-server"))
    return run_bare_server ();
  if (argc > 1)
    total = MAX (100, (guint)g_ascii_strtoull (argv[1], NULL, 10));

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  dir = intake_test_make_dir ();
  db = g_build_filename (dir, "intake.db", NULL);
  payload = intake_test_valid_payload ("Robert");
  token = intake_test_add_token (db, "Benchmark");

  /* Ceilings first, then the real thing, all in this run. */
  bare = start_bare_server (self_path);
  run_load (&http, bare->base_url, NULL, payload, total, concurrency);
  run_load (&http_serial, bare->base_url, NULL, payload, total / 8, 1);
  run_raw_load (&raw_http, bare->port, NULL, payload, total, concurrency);
  run_raw_load (&raw_http_serial, bare->port, NULL, payload, total / 8, 1);
  intake_test_server_stop (bare);

  run_sqlite_loop (&storage, dir, payload, total / 4);

  server = intake_test_server_start (dir, server_args);
  run_load (&durable, server->base_url, token, payload, total, concurrency);
  run_load (&durable_serial, server->base_url, token, payload, total / 8, 1);
  run_raw_load (&raw_durable, server->port, token, payload, total, concurrency);
  run_raw_load (&raw_durable_serial, server->port, token, payload, total / 8, 1);
  intake_test_server_stop (server);

  g_print ("\nhie-roster-intake benchmark: valid POSTs of %zu bytes on loopback, %u clients at once\n\n",
           strlen (payload), concurrency);
  print_figures ("HTTP ceiling (bare SoupServer answering 201)", "req/s", &http);
  print_figures ("HTTP ceiling, 1 client", "req/s", &http_serial);
  print_figures ("storage ceiling (SQLite INSERT+COMMIT, WAL, FULL)", "commits/s", &storage);
  print_against_ceiling ("hie-roster-intake, durable (16 clients)", &durable, &storage, concurrency);
  print_against_ceiling ("hie-roster-intake, durable (1 client)", &durable_serial, &storage, 1);
  g_print ("\n  server / HTTP ceiling:    %.2f (16 clients), %.2f (1 client)\n",
           durable.per_second / http.per_second, durable_serial.per_second / http_serial.per_second);
  /* With one client the benchmark's own client (libsoup, in this
   * process, on the same 2 CPUs) takes part of every request's time:
   * the server can come no closer to the storage ceiling than this. */
  print_serial_bound (&http_serial, &storage, &durable_serial);

  g_print ("The same, from a plain-socket client keeping its connections (one thread each)\n\n");
  print_figures ("HTTP ceiling (bare SoupServer answering 201)", "req/s", &raw_http);
  print_figures ("HTTP ceiling, 1 client", "req/s", &raw_http_serial);
  print_against_ceiling ("hie-roster-intake, durable (16 clients)", &raw_durable, &storage, concurrency);
  print_against_ceiling ("hie-roster-intake, durable (1 client)", &raw_durable_serial, &storage, 1);
  g_print ("\n  server / HTTP ceiling:    %.2f (16 clients), %.2f (1 client)\n",
           raw_durable.per_second / raw_http.per_second, raw_durable_serial.per_second / raw_http_serial.per_second);
  print_serial_bound (&raw_http_serial, &storage, &raw_durable_serial);

#ifdef HAVE_LIBPQ
  {
    static const guint client_counts[] = { 1, 16, 64 };
    g_autofree char *pg_dir = intake_test_make_dir ();
    g_autofree char *uri = intake_test_pg_database (pg_dir);
    g_autofree char *pg_token = NULL;
    Figures pg_ceiling = { 0, };
    Figures pg[2][G_N_ELEMENTS (client_counts)] = { { { 0, } } };
    static const guint process_counts[] = { 1, 3 };

    if (uri == NULL)
      {
        g_print ("  PostgreSQL rows skipped: no PostgreSQL to run (Debian: postgresql)\n\n");
        test_remove_tree (pg_dir);
        goto done;
      }

    pg_token = intake_test_add_token (uri, "Benchmark");
    run_pg_loop (&pg_ceiling, uri, payload, total / 4);

    for (guint p = 0; p < G_N_ELEMENTS (process_counts); p++)
      {
        IntakeTestServer *servers[3] = { NULL, };
        const char *urls[4] = { NULL, };

        for (guint i = 0; i < process_counts[p]; i++)
          {
            servers[i] = intake_test_server_start_on (pg_dir, uri, server_args);
            urls[i] = servers[i]->base_url;
          }
        for (guint c = 0; c < G_N_ELEMENTS (client_counts); c++)
          run_load_over (&pg[p][c], urls, pg_token, payload,
                         client_counts[c] == 1 ? total / 8 : total / 2, client_counts[c]);
        for (guint i = 0; i < process_counts[p]; i++)
          {
            intake_test_server_stop (servers[i]);
            intake_test_server_free (servers[i]);
          }
      }

    g_print ("hie-roster-intake on PostgreSQL (fsync on, synchronous_commit on), same payload\n\n");
    print_figures ("storage ceiling (PostgreSQL INSERT+COMMIT, 1 conn)", "commits/s", &pg_ceiling);
    for (guint p = 0; p < G_N_ELEMENTS (process_counts); p++)
      for (guint c = 0; c < G_N_ELEMENTS (client_counts); c++)
        {
          g_autofree char *name = g_strdup_printf ("%u process%s, durable (%u client%s)",
                                                   process_counts[p], process_counts[p] == 1 ? "" : "es",
                                                   client_counts[c], client_counts[c] == 1 ? "" : "s");

          print_against_ceiling (name, &pg[p][c], &pg_ceiling, client_counts[c]);
          failures += pg[p][c].failures;
        }
    g_print ("\n  3 processes / 1 process (64 clients): %.2f   target >= 2.00: %s\n",
             pg[1][2].per_second / pg[0][2].per_second,
             pg[1][2].per_second >= 2 * pg[0][2].per_second ? "met" : "NOT met");
      g_print ("  (%u CPUs here: the server processes, the clients and PostgreSQL share them)\n\n",
             g_get_num_processors ());

    test_remove_tree (pg_dir);
  }
done:
#endif

  test_remove_tree (dir);

  failures += durable.failures + http.failures + raw_durable.failures + raw_http.failures;
  return failures == 0 ? 0 : 1;
}
