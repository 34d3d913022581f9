/* intake-test-util.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "intake-test-util.h"

const char *
intake_test_program (void)
{
  const char *program = g_getenv ("HIE_ROSTER_INTAKE");

  g_assert_nonnull (program);
  return program;
}

char *
intake_test_make_dir (void)
{
  char *dir = g_dir_make_tmp ("roster-intake-XXXXXX", NULL);

  g_assert_nonnull (dir);
  return dir;
}

/* Stores ---------------------------------------------------------------- */

/*
 * The server tests run once per store: meson sets ROSTER_TEST_STORE to
 * "postgresql" for the second run. Then this process starts a throwaway
 * PostgreSQL cluster on first use (initdb + pg_ctl, in a temporary folder,
 * listening only on a Unix socket there) and gives each test folder a
 * database of its own in it, its schema made by `hie-roster-intake
 * migrate`.
 *
 * initdb refuses to run as root (CI runs as root): then the cluster runs
 * as the `postgres` user (or `nobody`) through runuser. A watchdog in its
 * own session stops the cluster when this process ends, whether it
 * returns, fails an assertion or is killed.
 */

#define PG_PORT "5432"

static char        *pg_bin_dir;
static char        *pg_base;
static char        *pg_user;
static GSubprocess *pg_watchdog;
static GHashTable  *pg_databases;
static char        *pg_unavailable;
static char        *pg_options;

gboolean
intake_test_store_is_postgresql (void)
{
  return g_strcmp0 (g_getenv ("ROSTER_TEST_STORE"), "postgresql") == 0;
}

static char *
find_pg_bin_dir (void)
{
  g_autoptr(GDir) dir = NULL;
  g_autofree char *best = NULL;
  g_autofree char *on_path = NULL;
  const char *name;

  if (g_getenv ("ROSTER_TEST_PG_BINDIR") != NULL)
    return g_strdup (g_getenv ("ROSTER_TEST_PG_BINDIR"));

  /* Debian keeps initdb and pg_ctl out of PATH, under the version. */
  if ((dir = g_dir_open ("/usr/lib/postgresql", 0, NULL)) != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *initdb = g_build_filename ("/usr/lib/postgresql", name, "bin", "initdb", NULL);

        if (g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE) &&
            (best == NULL || g_ascii_strtoull (name, NULL, 10) > g_ascii_strtoull (best, NULL, 10)))
          {
            g_free (best);
            best = g_strdup (name);
          }
      }
  if (best != NULL)
    return g_build_filename ("/usr/lib/postgresql", best, "bin", NULL);

  if ((on_path = g_find_program_in_path ("initdb")) != NULL)
    {
      g_autofree char *folder = g_path_get_dirname (on_path);
      g_autofree char *pg_ctl = g_build_filename (folder, "pg_ctl", NULL);

      if (g_file_test (pg_ctl, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&folder);
    }

  return NULL;
}

/* PostgreSQL's @program with the arguments that follow (up to NULL), run
 * as the cluster's user. */
static GPtrArray *
pg_argv (const char *program,
         ...)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  const char *arg;
  va_list args;

  if (pg_user != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("runuser"));
      g_ptr_array_add (argv, g_strdup ("-u"));
      g_ptr_array_add (argv, g_strdup (pg_user));
      g_ptr_array_add (argv, g_strdup ("--"));
    }
  g_ptr_array_add (argv, g_build_filename (pg_bin_dir, program, NULL));
  va_start (args, program);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);

  return argv;
}

/* Takes @argv. */
static gboolean
pg_run (GPtrArray  *owned_argv,
        GError    **error)
{
  g_autoptr(GPtrArray) argv = owned_argv;
  g_autofree char *out = NULL;
  int status = 0;

  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, error))
    return FALSE;

  return g_spawn_check_wait_status (status, error);
}

static void
watchdog_setup (gpointer user_data)
{
  setsid ();
}

static void
pg_stop (void)
{
  g_autoptr(GError) error = NULL;

  if (pg_watchdog == NULL)
    return;

  /* Its standard input closes: it stops the cluster and removes it. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (pg_watchdog), NULL, NULL);
  g_subprocess_wait (pg_watchdog, NULL, &error);
  g_clear_object (&pg_watchdog);
}

/* pg_ctl start, or a restart with a fast shutdown. */
static gboolean
pg_control (const char  *action,
            GError     **error)
{
  g_autofree char *data = g_build_filename (pg_base, "data", NULL);
  g_autofree char *log = g_build_filename (pg_base, "server.log", NULL);

  return pg_run (pg_argv ("pg_ctl", "-D", data, "-l", log, "-o", pg_options, "-m", "fast", "-w", action, NULL),
                 error);
}

static gboolean
pg_start (void)
{
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *data = NULL;
  g_autofree char *script = NULL;
  g_autofree char *stop = NULL;

  if (pg_base != NULL || pg_unavailable != NULL)
    return pg_unavailable == NULL;

  if (!(pg_bin_dir = find_pg_bin_dir ()))
    {
      pg_unavailable = g_strdup ("PostgreSQL's initdb and pg_ctl are not installed (Debian: postgresql)");
      return FALSE;
    }

  pg_base = g_dir_make_tmp ("roster-pg-XXXXXX", NULL);
  g_assert_nonnull (pg_base);
  data = g_build_filename (pg_base, "data", NULL);

  if (geteuid () == 0)
    {
      g_autofree char *runuser = g_find_program_in_path ("runuser");
      struct passwd *user = getpwnam ("postgres");

      if (user == NULL)
        user = getpwnam ("nobody");
      if (user == NULL || runuser == NULL)
        {
          pg_unavailable = g_strdup ("running as root, and there is no postgres or nobody user (or no runuser) to run PostgreSQL as");
          return FALSE;
        }
      pg_user = g_strdup (user->pw_name);
      g_assert_cmpint (chown (pg_base, user->pw_uid, user->pw_gid), ==, 0);
    }

  /* The watchdog first, so nothing below can leave a cluster behind. */
  argv = pg_argv ("pg_ctl", "-D", data, "-m", "immediate", "stop", NULL);
  g_ptr_array_add (argv, NULL);
  {
    g_autofree char *joined = NULL;
    GString *quoted = g_string_new (NULL);

    for (guint i = 0; g_ptr_array_index (argv, i) != NULL; i++)
      {
        g_autofree char *one = g_shell_quote (g_ptr_array_index (argv, i));

        g_string_append_printf (quoted, "%s ", one);
      }
    stop = g_string_free (quoted, FALSE);
    joined = g_shell_quote (pg_base);
    script = g_strdup_printf ("cat >/dev/null; if test -f %s/data/postmaster.pid; then %s >/dev/null 2>&1; fi; rm -rf %s",
                              joined, stop, joined);
  }
  g_clear_pointer (&argv, g_ptr_array_unref);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, watchdog_setup, NULL, NULL);
  pg_watchdog = g_subprocess_launcher_spawn (launcher, &error, "sh", "-c", script, NULL);
  g_assert_no_error (error);
  atexit (pg_stop);

  argv = pg_argv ("initdb", "-D", data, "--auth=trust", "--username=roster", "--encoding=UTF8",
                  "--locale=C", "--no-sync", NULL);
  if (!pg_run (g_steal_pointer (&argv), &error))
    {
      pg_unavailable = g_strdup_printf ("initdb failed: %s", error->message);
      return FALSE;
    }

  /* Only the Unix socket in the cluster's folder: no port to collide. */
  pg_options = g_strdup_printf ("-k %s -p " PG_PORT " -c listen_addresses='' -c max_connections=200", pg_base);
  if (!pg_control ("start", &error))
    {
      pg_unavailable = g_strdup_printf ("pg_ctl start failed: %s", error->message);
      return FALSE;
    }

  pg_databases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return TRUE;
}

/* Restarts the test cluster (fast shutdown: sessions are cut, as in a
 * failover). */
void
intake_test_pg_restart (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (pg_base);
  g_assert_true (pg_control ("restart", &error));
  g_assert_no_error (error);
}

/* Call at the top of main() in a test program of the server suite: in
 * the PostgreSQL run, starts the cluster, or says why not and returns
 * FALSE (then main prints a TAP plan that skips everything). */
gboolean
intake_test_store_init (void)
{
  if (!intake_test_store_is_postgresql ())
    return TRUE;

  if (!pg_start ())
    {
      g_print ("1..0 # SKIP PostgreSQL tests: %s\n", pg_unavailable);
      return FALSE;
    }

  return TRUE;
}

/* A PostgreSQL database for a test folder, named after it, created and
 * migrated on first use; NULL (having said why with g_test_message) when
 * there is no PostgreSQL to run. */
char *
intake_test_pg_database (const char *dir)
{
  g_autofree char *base = NULL;
  g_autofree char *uri = NULL;
  GString *name;

  if (!pg_start ())
    {
      g_printerr ("# %s\n", pg_unavailable);
      return NULL;
    }

  base = g_path_get_basename (dir);
  name = g_string_new ("t_");
  for (const char *p = base; *p; p++)
    g_string_append_c (name, g_ascii_isalnum (*p) ? g_ascii_tolower (*p) : '_');

  uri = g_strdup_printf ("postgresql:///%s?host=%s&port=" PG_PORT "&user=roster", name->str, pg_base);

  if (!g_hash_table_contains (pg_databases, name->str))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;

      g_assert_true (pg_run (pg_argv ("createdb", "-h", pg_base, "-p", PG_PORT, "-U", "roster", name->str, NULL),
                             &error));
      g_assert_no_error (error);

      g_assert_cmpint (intake_test_run (uri, &out, NULL, "migrate", NULL), ==, 0);
      g_hash_table_add (pg_databases, g_strdup (name->str));
    }

  g_string_free (name, TRUE);
  return g_steal_pointer (&uri);
}

/* The database of a test folder: the SQLite file in it, or in the
 * PostgreSQL run its PostgreSQL database. */
char *
intake_test_db_address (const char *dir)
{
  char *uri;

  if (!intake_test_store_is_postgresql ())
    return g_build_filename (dir, "intake.db", NULL);

  uri = intake_test_pg_database (dir);
  g_assert_nonnull (uri);
  return uri;
}

/* Server ---------------------------------------------------------------- */

IntakeTestServer *
intake_test_server_start (const char         *dir,
                          const char * const *extra_args)
{
  return intake_test_server_start_on (dir, NULL, extra_args);
}

/* @db: (nullable): the database, else the test folder's. */
IntakeTestServer *
intake_test_server_start_on (const char         *dir,
                             const char         *db,
                             const char * const *extra_args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  IntakeTestServer *server = g_new0 (IntakeTestServer, 1);
  const char *colon;

  server->dir = g_strdup (dir);
  server->db_path = db != NULL ? g_strdup (db) : intake_test_db_address (dir);
  server->log_path = g_build_filename (dir, "server.log", NULL);

  g_ptr_array_add (argv, (gpointer)intake_test_program ());
  g_ptr_array_add (argv, (gpointer)"serve");
  g_ptr_array_add (argv, (gpointer)"--db");
  g_ptr_array_add (argv, server->db_path);
  g_ptr_array_add (argv, (gpointer)"--listen");
  g_ptr_array_add (argv, (gpointer)"127.0.0.1:0");
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)extra_args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* Appended, so a restarted server adds to the same log. */
  g_subprocess_launcher_set_stderr_file_path (launcher, NULL);
  {
    int fd = g_open (server->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);

    g_assert_cmpint (fd, >=, 0);
    g_subprocess_launcher_take_stderr_fd (launcher, fd);
  }

  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);

  /* The server prints one line when it listens. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on "));

  server->base_url = g_strdup (line + strlen ("Listening on "));
  colon = strrchr (server->base_url, ':');
  g_assert_nonnull (colon);
  server->port = (guint16)g_ascii_strtoull (colon + 1, NULL, 10);
  g_assert_cmpuint (server->port, >, 0);

  return server;
}

static void
server_wait (IntakeTestServer *server)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
}

void
intake_test_server_stop (IntakeTestServer *server)
{
  g_subprocess_send_signal (server->process, SIGTERM);
  server_wait (server);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
}

void
intake_test_server_kill (IntakeTestServer *server)
{
  g_subprocess_force_exit (server->process);
  server_wait (server);
}

void
intake_test_server_free (IntakeTestServer *server)
{
  if (server == NULL)
    return;

  if (server->process != NULL && g_subprocess_get_identifier (server->process) != NULL)
    intake_test_server_kill (server);

  g_clear_object (&server->process);
  g_free (server->dir);
  g_free (server->db_path);
  g_free (server->log_path);
  g_free (server->base_url);
  g_free (server);
}

char *
intake_test_server_read_log (IntakeTestServer *server)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (server->log_path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* Commands -------------------------------------------------------------- */

static char *
bytes_to_string (GBytes *bytes)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  return data != NULL ? g_strndup (data, length) : g_strdup ("");
}

int
intake_test_run (const char  *db_path,
                 char       **out,
                 char       **err,
                 ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  g_autoptr(GBytes) stdout_bytes = NULL;
  g_autoptr(GBytes) stderr_bytes = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer)intake_test_program ());
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  if (db_path != NULL)
    {
      g_ptr_array_add (argv, (gpointer)"--db");
      g_ptr_array_add (argv, (gpointer)db_path);
    }
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  /* Bytes, not g_subprocess_communicate_utf8(): a test may look at output
   * that is not valid UTF-8. */
  g_subprocess_communicate (process, NULL, NULL, &stdout_bytes, &stderr_bytes, &error);
  g_assert_no_error (error);
  stdout_text = bytes_to_string (stdout_bytes);
  stderr_text = bytes_to_string (stderr_bytes);

  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);

  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

char *
intake_test_add_token (const char *db_path,
                       const char *organization)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (intake_test_run (db_path, &out, NULL, "token", "add", organization, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "hrt_"));

  return g_strdup (g_strstrip (out));
}

/* HTTP ------------------------------------------------------------------ */

/* The tracking id in a 201's body. */
char *
intake_test_tracking_id_of (const char *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (body, &error);

  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "tracking_id"));
}

SoupSession *
intake_test_session_new (void)
{
  return g_object_new (SOUP_TYPE_SESSION,
                       "timeout", 60,
                       "max-conns", 128,
                       "max-conns-per-host", 128,
                       NULL);
}

char *
intake_test_new_key (void)
{
  return g_uuid_string_random ();
}

char *
intake_test_valid_payload (const char *first_name)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  return g_strdup_printf ("{\"form\":\"hec.account-change\",\"form_version\":1,\"answers\":{"
                          "\"action\":\"terminate\","
                          "\"user\":{\"first_name\":\"%s\",\"last_name\":\"Chen\","
                          "\"email\":\"rchen@upstate.example.org\","
                          "\"organization\":\"Upstate University Hospital\",\"npi\":\"1144778853\"},"
                          "\"submitter\":{\"is_user\":false,\"name\":\"Alex Morgan\","
                          "\"email\":\"amorgan@upstate.example.org\"},"
                          "\"termination\":{\"effective_date\":\"%s\",\"reason\":\"left_organization\"},"
                          "\"attestation\":{\"authorized\":true}}}",
                          first_name, today);
}

/* A valid New User Request (hec.new-user) starting today. */
char *
intake_test_valid_new_user_payload (const char *first_name)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  return g_strdup_printf ("{\"form\":\"hec.new-user\",\"form_version\":1,\"answers\":{"
                          "\"user\":{\"first_name\":\"%s\",\"last_name\":\"Okafor\","
                          "\"email\":\"gokafor@familycare.example.org\","
                          "\"organization\":\"Family Care Medical Group\",\"title\":\"Family physician\","
                          "\"role\":\"provider\",\"npi\":\"1245319599\",\"start_date\":\"%s\","
                          "\"supervisor_name\":\"Dr. Samuel Okafor\"},"
                          "\"submitter\":{\"is_user\":true},"
                          "\"services\":{\"secure_messaging\":true,\"image_exchange\":false,\"alerts\":false,"
                          "\"patient_record\":false,\"delegation\":false},"
                          "\"training\":{\"completed\":true,\"acceptable_use\":true},"
                          "\"attestation\":{\"authorized\":true}}}",
                          first_name, today);
}

static gboolean
accept_any_certificate_cb (SoupMessage          *msg,
                           GTlsCertificate      *certificate,
                           GTlsCertificateFlags  errors,
                           gpointer              user_data)
{
  /* The tests' certificates are self-signed. */
  return TRUE;
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  IntakeTestExchange *exchange = user_data;

  exchange->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &exchange->error);
  exchange->done = TRUE;
  g_main_context_wakeup (NULL);
}

IntakeTestExchange *
intake_test_send_async (SoupSession *session,
                        const char  *method,
                        const char  *url,
                        const char  *token,
                        const char  *key,
                        const char  *content_type,
                        GBytes      *body)
{
  IntakeTestExchange *exchange = g_new0 (IntakeTestExchange, 1);
  SoupMessageHeaders *headers;

  exchange->msg = soup_message_new (method, url);
  g_assert_nonnull (exchange->msg);
  headers = soup_message_get_request_headers (exchange->msg);

  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }
  if (key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", key);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (exchange->msg, content_type, body);

  soup_message_add_flags (exchange->msg, SOUP_MESSAGE_NO_REDIRECT);
  g_signal_connect (exchange->msg, "accept-certificate", G_CALLBACK (accept_any_certificate_cb), NULL);

  soup_session_send_and_read_async (session, exchange->msg, G_PRIORITY_DEFAULT, NULL, sent_cb, exchange);

  return exchange;
}

void
intake_test_wait (IntakeTestExchange *exchange)
{
  while (!exchange->done)
    g_main_context_iteration (NULL, TRUE);
}

void
intake_test_exchange_free (IntakeTestExchange *exchange)
{
  if (exchange == NULL)
    return;

  intake_test_wait (exchange);
  g_clear_object (&exchange->msg);
  g_clear_pointer (&exchange->body, g_bytes_unref);
  g_clear_error (&exchange->error);
  g_free (exchange);
}

IntakeTestResponse *
intake_test_response_new (IntakeTestExchange *exchange)
{
  IntakeTestResponse *response = g_new0 (IntakeTestResponse, 1);
  SoupMessageHeaders *headers;

  intake_test_wait (exchange);
  g_assert_no_error (exchange->error);

  headers = soup_message_get_response_headers (exchange->msg);
  response->status = soup_message_get_status (exchange->msg);
  response->body = g_strndup (g_bytes_get_data (exchange->body, NULL), g_bytes_get_size (exchange->body));
  response->retry_after = g_strdup (soup_message_headers_get_one (headers, "Retry-After"));
  response->location = g_strdup (soup_message_headers_get_one (headers, "Location"));
  response->www_authenticate = g_strdup (soup_message_headers_get_one (headers, "WWW-Authenticate"));
  response->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));

  return response;
}

void
intake_test_response_free (IntakeTestResponse *response)
{
  if (response == NULL)
    return;

  g_free (response->body);
  g_free (response->retry_after);
  g_free (response->location);
  g_free (response->www_authenticate);
  g_free (response->content_type);
  g_free (response);
}

IntakeTestResponse *
intake_test_request (SoupSession *session,
                     const char  *method,
                     const char  *url,
                     const char  *token,
                     const char  *key,
                     const char  *content_type,
                     GBytes      *body)
{
  g_autoptr(IntakeTestExchange) exchange = NULL;

  exchange = intake_test_send_async (session, method, url, token, key, content_type, body);
  return intake_test_response_new (exchange);
}

IntakeTestResponse *
intake_test_post (SoupSession      *session,
                  IntakeTestServer *server,
                  const char       *token,
                  const char       *key,
                  const char       *payload,
                  gssize            length)
{
  g_autofree char *url = g_strconcat (server->base_url, "/v1/account-requests", NULL);
  g_autoptr(GBytes) body = g_bytes_new (payload, length < 0 ? strlen (payload) : (gsize)length);

  return intake_test_request (session, "POST", url, token, key, "application/json", body);
}

void
intake_test_assert_healthy (SoupSession      *session,
                            IntakeTestServer *server)
{
  g_autofree char *url = g_strconcat (server->base_url, "/v1/health", NULL);
  g_autoptr(IntakeTestResponse) response = NULL;

  response = intake_test_request (session, "GET", url, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (response->body, ==, "{\"status\":\"ok\"}");
}

/* Sends @request as raw bytes and returns everything the server sends
 * back until it closes the connection or @timeout_seconds pass. */
char *
intake_test_raw (guint16     port,
                 const char *request,
                 gsize       length,
                 guint       timeout_seconds)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) answer = g_string_new (NULL);
  GInputStream *input;
  char buffer[4096];
  gssize n;

  g_socket_client_set_timeout (client, timeout_seconds);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);

  /* The server may close before it has read everything (a refused
   * request); a failed write is fine, the answer is what matters. */
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, length, NULL, NULL, NULL);

  input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  while ((n = g_input_stream_read (input, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (answer, buffer, n);

  return g_strdup (answer->str);
}

static gboolean
sleep_done_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Sleeps while running the main context, so requests in flight progress. */
void
intake_test_sleep (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, sleep_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* How many requests the server's operator `list` shows as stored. */
guint
intake_test_count_stored (IntakeTestServer *server)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  guint count = 0;

  g_assert_cmpint (intake_test_run (server->db_path, &out, NULL, "list", NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], "\treceived\t") != NULL || strstr (lines[i], "\tin_review\t") != NULL ||
          strstr (lines[i], "\tcompleted\t") != NULL)
        count++;
    }

  return count;
}
