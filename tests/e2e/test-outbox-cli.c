/* test-outbox-cli.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `hie-roster --queue/--send/--list` against the real intake server, as a
 * script runs them (no display), and kill -9 of `--send` at random
 * points: afterwards every queued request is stored by the HIE exactly
 * once.
 */

#define _GNU_SOURCE /* memmem() */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <gio/gio.h>

#include "intake-test-util.h"
#include "test-fixtures.h"
#include "roster-outbox.h"
#include "roster-payload.h"
#include "roster-store.h"

typedef struct
{
  char             *dir;
  char             *data_dir;
  IntakeTestServer *server;
  char             *token;
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *result)
{
  g_free (result->out);
  g_free (result->err);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = intake_test_make_dir ();
  fixture->data_dir = g_build_filename (fixture->dir, "app", NULL);
  fixture->server = intake_test_server_start (fixture->dir, NULL);
  fixture->token = intake_test_add_token (fixture->server->db_path, "Upstate University Hospital");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->server, intake_test_server_free);
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->data_dir);
  g_free (fixture->token);
}

static GSubprocessLauncher *
new_launcher (Fixture    *fixture,
              const char *token)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                             G_SUBPROCESS_FLAGS_STDERR_PIPE);

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  if (g_getenv ("TEST_KEEP_SESSION_BUS") == NULL)
    g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  g_subprocess_launcher_unsetenv (launcher, "HIE_ROSTER_ENDPOINT");
  g_subprocess_launcher_setenv (launcher, "HIE_ROSTER_DATA_DIR", fixture->data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "HIE_ROSTER_TOKEN", token, TRUE);
  /* Debug messages go to standard output with the results: only the
   * runs that look for leaks turn them on. */
  if (g_getenv ("TEST_DEBUG_OUTPUT") != NULL)
    g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");

  return launcher;
}

static Result
run (Fixture    *fixture,
     const char *token,
     ...)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (fixture, token);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Result result = { 0 };
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("HIE_ROSTER"));
  va_start (args, token);
  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result.out, &result.err, &error);
  g_assert_no_error (error);
  result.status = g_subprocess_get_exit_status (process);

  return result;
}

static char *
write_request (Fixture       *fixture,
               RosterRequest *request,
               const char    *first_name);

static char *
write_payload (Fixture    *fixture,
               const char *first_name)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();

  return write_request (fixture, request, first_name);
}

static char *
write_new_user_payload (Fixture    *fixture,
                        const char *first_name)
{
  g_autoptr(RosterRequest) request = NULL;
  GDate today;

  roster_rules_get_today (&today);
  request = test_new_new_user_request (&today);

  return write_request (fixture, request, first_name);
}

static char *
write_request (Fixture       *fixture,
               RosterRequest *request,
               const char    *first_name)
{
  g_autoptr(GBytes) payload = NULL;
  g_autofree char *name = g_strdup_printf ("%s.json", first_name);
  char *path = g_build_filename (fixture->dir, name, NULL);

  roster_request_set_text (request, "user.first_name", first_name);
  payload = roster_payload_write (request);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (payload, NULL), g_bytes_get_size (payload), NULL));

  return path;
}

static void
assert_no_personal_data (const char *text,
                         const char *token)
{
  static const char * const secrets[] = { "Díaz", "ana.diaz", "upstate.example.org",
                                          "Okafor", "familycare.example.org", NULL };

  g_assert_null (strstr (text, token));
  for (guint i = 0; secrets[i] != NULL; i++)
    g_assert_null (strstr (text, secrets[i]));
}

static void
test_outbox_cli_queue_send_list (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *payload = write_payload (fixture, "Ana");
  g_autofree char *id = NULL;
  g_autofree char *server_log = NULL;
  Result result;

  result = run (fixture, fixture->token, "--queue", payload, NULL);
  g_assert_cmpint (result.status, ==, 0);
  id = g_strstrip (g_strdup (result.out));
  g_assert_true (g_uuid_string_is_valid (id));
  result_clear (&result);

  result = run (fixture, fixture->token, "--list", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_str_has_prefix (result.out, id));
  g_assert_nonnull (strstr (result.out, "\tqueued\thec.account-change\tmodify\t"));
  result_clear (&result);

  result = run (fixture, fixture->token, "--send", "--endpoint", fixture->server->base_url, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_str_has_prefix (result.out, id));
  g_assert_nonnull (strstr (result.out, " sent: "));
  assert_no_personal_data (result.out, fixture->token);
  assert_no_personal_data (result.err, fixture->token);
  result_clear (&result);
  g_assert_cmpuint (intake_test_count_stored (fixture->server), ==, 1);

  /* Nothing left to send. */
  result = run (fixture, fixture->token, "--send", "--endpoint", fixture->server->base_url, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, "");
  result_clear (&result);
  g_assert_cmpuint (intake_test_count_stored (fixture->server), ==, 1);

  server_log = intake_test_server_read_log (fixture->server);
  assert_no_personal_data (server_log, fixture->token);
}

/* A New User Request goes the same way from the command line: queued,
 * listed with its form, sent exactly once. */
static void
test_outbox_cli_new_user (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *payload = write_new_user_payload (fixture, "Grace");
  g_autofree char *id = NULL;
  Result result;

  result = run (fixture, fixture->token, "--validate", payload, NULL);
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);

  result = run (fixture, fixture->token, "--queue", payload, NULL);
  g_assert_cmpint (result.status, ==, 0);
  id = g_strstrip (g_strdup (result.out));
  g_assert_true (g_uuid_string_is_valid (id));
  result_clear (&result);

  result = run (fixture, fixture->token, "--list", NULL);
  g_assert_nonnull (strstr (result.out, "\tqueued\thec.new-user\t-\t"));
  result_clear (&result);

  result = run (fixture, fixture->token, "--send", "--endpoint", fixture->server->base_url, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_str_has_prefix (result.out, id));
  g_assert_nonnull (strstr (result.out, " sent: "));
  assert_no_personal_data (result.out, fixture->token);
  assert_no_personal_data (result.err, fixture->token);
  result_clear (&result);

  result = run (fixture, fixture->token, "--send", "--endpoint", fixture->server->base_url, NULL);
  g_assert_cmpstr (result.out, ==, "");
  result_clear (&result);
  g_assert_cmpuint (intake_test_count_stored (fixture->server), ==, 1);
}

static void
test_outbox_cli_refusals (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *payload = write_payload (fixture, "Ana");
  g_autofree char *bad = g_build_filename (fixture->dir, "bad.json", NULL);
  Result result;

  g_assert_true (g_file_set_contents (bad, "{\"form\":\"hec.account-change\",\"form_version\":1,\"answers\":{}}", -1, NULL));
  result = run (fixture, fixture->token, "--queue", bad, NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_true (g_str_has_prefix (result.out, "action: "));
  result_clear (&result);

  result = run (fixture, fixture->token, "--queue", payload, NULL);
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);

  /* A wrong token: the request waits, and --send says so. */
  result = run (fixture, "wrong-token", "--send", "--endpoint", fixture->server->base_url, NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "token"));
  assert_no_personal_data (result.err, "wrong-token");
  result_clear (&result);
  g_assert_cmpuint (intake_test_count_stored (fixture->server), ==, 0);

  /* The right one: delivered. */
  result = run (fixture, fixture->token, "--send", "--endpoint", fixture->server->base_url, NULL);
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);
  g_assert_cmpuint (intake_test_count_stored (fixture->server), ==, 1);

  /* Plain http:// to another computer is refused before anything runs. */
  result = run (fixture, fixture->token, "--send", "--endpoint", "http://intake.example.org", NULL);
  g_assert_cmpint (result.status, ==, 2);
  result_clear (&result);
}

/* With every debug message on, no output holds the token or personal data. */
static void
test_outbox_cli_debug_output (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *payload = write_payload (fixture, "Ana");
  Result result;

  g_setenv ("TEST_DEBUG_OUTPUT", "1", TRUE);

  result = run (fixture, fixture->token, "--queue", payload, NULL);
  g_assert_cmpint (result.status, ==, 0);
  assert_no_personal_data (result.out, fixture->token);
  assert_no_personal_data (result.err, fixture->token);
  result_clear (&result);

  result = run (fixture, "wrong-token", "--send", "--endpoint", fixture->server->base_url, NULL);
  assert_no_personal_data (result.out, "wrong-token");
  assert_no_personal_data (result.err, "wrong-token");
  result_clear (&result);

  result = run (fixture, fixture->token, "--send", "--endpoint", fixture->server->base_url, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "DEBUG"));
  assert_no_personal_data (result.out, fixture->token);
  assert_no_personal_data (result.err, fixture->token);
  result_clear (&result);

  g_unsetenv ("TEST_DEBUG_OUTPUT");
}

/* Beside a running Roster, --queue tells it, and the running app lists
 * and delivers the request. */
static void
test_outbox_cli_running_instance (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *payload = write_payload (fixture, "Ana");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;
  Result result;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("No display for the running app");
      return;
    }
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("No session bus to find the running app on");
      return;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "HIE_ROSTER_DATA_DIR", fixture->data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "HIE_ROSTER_TOKEN", fixture->token, TRUE);
  g_subprocess_launcher_setenv (launcher, "HIE_ROSTER_ENDPOINT", fixture->server->base_url, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", "cairo", TRUE);
  app = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("HIE_ROSTER"), NULL);
  g_assert_no_error (error);

  /* Give it time to take its name on the bus and open its window. */
  intake_test_sleep (1500);

  /* This time the command line shares the session with the app. */
  g_setenv ("TEST_KEEP_SESSION_BUS", "1", TRUE);
  result = run (fixture, fixture->token, "--queue", payload, NULL);
  g_unsetenv ("TEST_KEEP_SESSION_BUS");
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);

  deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (intake_test_count_stored (fixture->server) < 1 && g_get_monotonic_time () < deadline)
    intake_test_sleep (200);
  g_assert_cmpuint (intake_test_count_stored (fixture->server), ==, 1);

  g_subprocess_send_signal (app, SIGTERM);
  g_subprocess_wait (app, NULL, NULL);
}

/* kill -9 of --send at random moments between queueing and the HIE's
 * answer; after a final --send, the HIE has each request exactly once. */
static void
test_outbox_cli_kill (Fixture       *fixture,
                      gconstpointer  data)
{
  guint iterations = g_test_slow () ? 400 : 200;
  GRand *rand = g_rand_new_with_seed (20261125);
  guint queued = 0;

  for (guint i = 0; i < iterations; i++)
    {
      g_autofree char *name = g_strdup_printf ("Person%u", i);
      g_autofree char *payload = write_payload (fixture, name);
      g_autoptr(GSubprocessLauncher) launcher = new_launcher (fixture, fixture->token);
      g_autoptr(GSubprocess) sender = NULL;
      g_autoptr(GError) error = NULL;
      Result result = run (fixture, fixture->token, "--queue", payload, NULL);

      g_assert_cmpint (result.status, ==, 0);
      result_clear (&result);
      queued++;

      sender = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("HIE_ROSTER"),
                                            "--send", "--endpoint", fixture->server->base_url, NULL);
      g_assert_no_error (error);
      g_usleep (g_rand_int_range (rand, 0, 40000));
      g_subprocess_send_signal (sender, SIGKILL);
      g_subprocess_wait (sender, NULL, NULL);

      /* Every tenth time, also deliver in between. */
      if (i % 10 == 9)
        {
          result = run (fixture, fixture->token, "--send", "--endpoint", fixture->server->base_url, NULL);
          result_clear (&result);
        }
    }

  /* A request killed mid-flight may still be in the HIE's hands for a
   * moment (409), or wait for its retry: send until nothing waits. */
  {
    gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
    int status = -1;

    while (status != 0 && g_get_monotonic_time () < deadline)
      {
        Result result = run (fixture, fixture->token, "--send", "--endpoint", fixture->server->base_url, NULL);

        status = result.status;
        if (status != 0)
          {
            g_test_message ("still waiting: %s", result.out);
            g_usleep (G_USEC_PER_SEC);
          }
        result_clear (&result);
      }

    g_assert_cmpint (status, ==, 0);
  }

  g_assert_cmpuint (intake_test_count_stored (fixture->server), ==, queued);
  g_rand_free (rand);
}

/* An endpoint that takes connections and never answers. */
static gboolean
hold_connection_cb (GSocketService    *service,
                    GSocketConnection *connection,
                    GObject           *source_object,
                    gpointer           user_data)
{
  GPtrArray *held = user_data;

  g_ptr_array_add (held, g_object_ref (connection));

  return TRUE;
}

#define N_MARKED_AHEAD 8
#define N_KILLS_AHEAD  5

/* kill -9 of --send, again and again, once it has marked the outbox
 * ahead and its first request waits on an endpoint that never answers.
 * The requests behind that one never went out: their attempts and next
 * try are as they were, an Undo still finds them too late to take back,
 * and the next --send tries them at once; those the HIE asks to wait
 * (429) wait as after one attempt, not as after every kill. */
static void
test_outbox_cli_kill_after_marks_ahead (Fixture       *fixture,
                                        gconstpointer  data)
{
  static const char * const limited[] = { "--rate-limit", "2", "--rate-burst", "2", NULL };
  const RosterRetryPolicy *policy = roster_retry_policy_get_default ();
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) behind = g_ptr_array_new ();
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  gint64 attempts_before[N_MARKED_AHEAD];
  gint64 next_before[N_MARKED_AHEAD];
  gint64 deadline;
  guint16 port;
  int status = -1;

  for (guint i = 0; i < N_MARKED_AHEAD; i++)
    {
      g_autofree char *name = g_strdup_printf ("Ahead%u", i);
      g_autofree char *payload = write_payload (fixture, name);
      Result result = run (fixture, fixture->token, "--queue", payload, NULL);

      g_assert_cmpint (result.status, ==, 0);
      g_ptr_array_add (ids, g_strstrip (g_strdup (result.out)));
      if (i > 0)
        g_ptr_array_add (behind, ids->pdata[i]);
      result_clear (&result);
    }

  store = roster_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_MARKED_AHEAD; i++)
    {
      g_autoptr(RosterOutboxItem) item = roster_store_get_outbox_item (store, ids->pdata[i], &error);

      g_assert_no_error (error);
      g_assert_cmpint (item->state, ==, ROSTER_REQUEST_STATE_QUEUED);
      attempts_before[i] = item->attempts;
      next_before[i] = item->next_attempt_at;
    }

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (hold_connection_cb), held);
  endpoint = g_strdup_printf ("http://127.0.0.1:%u", port);

  for (guint kill = 0; kill < N_KILLS_AHEAD; kill++)
    {
      g_autoptr(GSubprocessLauncher) launcher = new_launcher (fixture, fixture->token);
      g_autoptr(GSubprocess) sender = NULL;

      sender = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("HIE_ROSTER"),
                                            "--send", "--endpoint", endpoint, NULL);
      g_assert_no_error (error);

      /* The first request goes out only once the marks ahead are
       * committed, and then it waits for good. */
      deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
      while (held->len <= kill && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpuint (held->len, ==, kill + 1);

      for (guint i = 0; i < N_MARKED_AHEAD; i++)
        {
          g_autoptr(RosterStoreEntry) entry = roster_store_get_entry (store, ids->pdata[i], &error);

          g_assert_no_error (error);
          g_assert_cmpint (entry->state, ==, ROSTER_REQUEST_STATE_SENDING);
        }

      g_subprocess_send_signal (sender, SIGKILL);
      g_subprocess_wait (sender, NULL, NULL);
    }
  g_socket_service_stop (service);

  for (guint i = 1; i < N_MARKED_AHEAD; i++)
    {
      g_autoptr(RosterOutboxItem) item = roster_store_get_outbox_item (store, ids->pdata[i], &error);

      g_assert_no_error (error);
      g_assert_cmpint (item->state, ==, ROSTER_REQUEST_STATE_SENDING);
      g_assert_cmpint (item->attempts, ==, attempts_before[i]);
      g_assert_cmpint (item->next_attempt_at, ==, next_before[i]);
    }

  /* Left sending: their outcome is unknown to an Undo. */
  g_assert_false (roster_store_withdraw_untried (store, behind, &error));
  g_assert_error (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_WRONG_STATE);
  g_clear_error (&error);

  /* The same HIE, now letting a token send two at once and two a second. */
  intake_test_server_free (fixture->server);
  fixture->server = intake_test_server_start (fixture->dir, limited);

  {
    Result result = run (fixture, fixture->token, "--send", "--endpoint", fixture->server->base_url, NULL);

    status = result.status;
    result_clear (&result);
  }
  g_assert_cmpuint (intake_test_count_stored (fixture->server), >=, 1);

  for (guint i = 0; i < N_MARKED_AHEAD; i++)
    {
      g_autoptr(RosterOutboxItem) item = roster_store_get_outbox_item (store, ids->pdata[i], &error);

      g_assert_no_error (error);
      g_assert_cmpint (item->attempts, ==, attempts_before[i] + 1);
      if (item->state == ROSTER_REQUEST_STATE_QUEUED)
        g_assert_cmpint (item->next_attempt_at, <=, g_get_real_time () + policy->first_delay);
      else
        g_assert_cmpint (item->state, ==, ROSTER_REQUEST_STATE_SENT);
    }

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (status != 0 && g_get_monotonic_time () < deadline)
    {
      Result result;

      g_usleep (G_USEC_PER_SEC / 2);
      result = run (fixture, fixture->token, "--send", "--endpoint", fixture->server->base_url, NULL);
      status = result.status;
      result_clear (&result);
    }
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (intake_test_count_stored (fixture->server), ==, N_MARKED_AHEAD);
}

/* HIE_ROSTER_TOKEN leaves --send's environment as it starts: a crash
 * report or core dump (systemd-coredump records /proc/PID/environ) or a
 * look at the running process finds no token there, nor in its command
 * line. Read while --send waits for an endpoint that never answers. */
static void
test_outbox_cli_token_not_in_environment (Fixture       *fixture,
                                          gconstpointer  data)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (fixture, fixture->token);
  g_autoptr(GSubprocess) sender = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = write_payload (fixture, "Robert");
  g_autofree char *endpoint = NULL;
  g_autofree char *environ_path = NULL;
  g_autofree char *cmdline_path = NULL;
  g_autofree char *environ_bytes = NULL;
  g_autofree char *cmdline_bytes = NULL;
  gsize environ_length;
  gsize cmdline_length;
  Result result;
  guint16 port;
  gint64 deadline;

  result = run (fixture, fixture->token, "--queue", payload, NULL);
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (hold_connection_cb), held);
  endpoint = g_strdup_printf ("http://127.0.0.1:%u", port);

  sender = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("HIE_ROSTER"),
                                        "--send", "--endpoint", endpoint, NULL);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (held->len == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (held->len, ==, 1);

  environ_path = g_strdup_printf ("/proc/%s/environ", g_subprocess_get_identifier (sender));
  cmdline_path = g_strdup_printf ("/proc/%s/cmdline", g_subprocess_get_identifier (sender));
  g_assert_true (g_file_get_contents (environ_path, &environ_bytes, &environ_length, NULL));
  g_assert_true (g_file_get_contents (cmdline_path, &cmdline_bytes, &cmdline_length, NULL));

  /* The launcher did pass it, and the process did start with it. */
  g_assert_nonnull (memmem (environ_bytes, environ_length, "HIE_ROSTER_TOKEN=", strlen ("HIE_ROSTER_TOKEN=")));
  g_assert_null (memmem (environ_bytes, environ_length, fixture->token, strlen (fixture->token)));
  g_assert_null (memmem (cmdline_bytes, cmdline_length, fixture->token, strlen (fixture->token)));

  g_subprocess_send_signal (sender, SIGKILL);
  g_subprocess_wait (sender, NULL, NULL);
  g_socket_service_stop (service);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/outbox-cli/queue-send-list", test_outbox_cli_queue_send_list);
  ADD ("/outbox-cli/new-user", test_outbox_cli_new_user);
  ADD ("/outbox-cli/refusals", test_outbox_cli_refusals);
  ADD ("/outbox-cli/debug-output", test_outbox_cli_debug_output);
  ADD ("/outbox-cli/running-instance", test_outbox_cli_running_instance);
  ADD ("/outbox-cli/kill", test_outbox_cli_kill);
  ADD ("/outbox-cli/kill-after-marks-ahead", test_outbox_cli_kill_after_marks_ahead);
  ADD ("/outbox-cli/token-not-in-environment", test_outbox_cli_token_not_in_environment);
#undef ADD

  return g_test_run ();
}
