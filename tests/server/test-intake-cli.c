/* test-intake-cli.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * hie-roster-intake as an operator and a demo use it: tokens, walking a
 * request to "completed", surviving kill -9, and refusing to serve plain
 * HTTP beyond loopback.
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "intake-test-util.h"
#include "test-scratch.h"

static JsonObject *
get_status (SoupSession      *session,
            IntakeTestServer *server,
            const char       *token,
            const char       *tracking_id)
{
  g_autofree char *url = g_strconcat (server->base_url, "/v1/account-requests/", tracking_id, NULL);
  g_autoptr(IntakeTestResponse) response = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  response = intake_test_request (session, "GET", url, token, NULL, NULL, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  node = json_from_string (response->body, &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (node));
}

static void
test_tokens (void)
{
  g_autofree char *dir = intake_test_make_dir ();
  g_autofree char *db = intake_test_db_address (dir);
  g_autofree char *first = intake_test_add_token (db, "Development");
  g_autofree char *second = NULL;
  g_autofree char *list = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autoptr(IntakeTestServer) server = NULL;
  g_autoptr(SoupSession) session = intake_test_session_new ();
  g_autofree char *health = NULL;

  g_assert_cmpint (intake_test_run (db, &out, &err, "token", "add", "--replace", "Development", NULL), ==, 0);
  second = g_strdup (g_strstrip (out));
  g_assert_true (g_str_has_prefix (second, "hrt_"));
  g_assert_nonnull (strstr (err, "cannot be shown again"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (intake_test_run (db, &list, NULL, "token", "list", NULL), ==, 0);
  g_assert_true (g_regex_match_simple ("^1\trevoked\t[^\t]+\tDevelopment\n2\tactive\t[^\t]+\tDevelopment\n$",
                                       list, 0, 0));
  /* Never the token itself. */
  g_assert_null (strstr (list, first));
  g_assert_null (strstr (list, second));

  server = intake_test_server_start (dir, NULL);
  health = g_strconcat (server->base_url, "/v1/health", NULL);
  {
    g_autoptr(IntakeTestResponse) revoked = intake_test_request (session, "GET", health, first, NULL, NULL, NULL);
    g_autoptr(IntakeTestResponse) valid = intake_test_request (session, "GET", health, second, NULL, NULL, NULL);

    g_assert_cmpuint (revoked->status, ==, 401);
    g_assert_cmpuint (valid->status, ==, 200);
  }

  /* Revoking takes effect on the running server at once. */
  g_assert_cmpint (intake_test_run (db, NULL, NULL, "token", "revoke", "2", NULL), ==, 0);
  {
    g_autoptr(IntakeTestResponse) revoked = intake_test_request (session, "GET", health, second, NULL, NULL, NULL);

    g_assert_cmpuint (revoked->status, ==, 401);
  }

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (intake_test_run (db, NULL, &err, "token", "revoke", "42", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no token 42"));
  g_assert_cmpint (intake_test_run (db, NULL, NULL, "token", "revoke", "x", NULL), ==, 2);
  g_assert_cmpint (intake_test_run (db, NULL, NULL, "token", "add", "", NULL), ==, 2);
  g_assert_cmpint (intake_test_run (db, NULL, NULL, "token", "frobnicate", NULL), ==, 2);
  g_assert_cmpint (intake_test_run (NULL, NULL, NULL, "frobnicate", NULL), ==, 2);

  intake_test_server_stop (server);
  test_remove_tree (dir);
}

static void
test_status_walk (void)
{
  g_autofree char *dir = intake_test_make_dir ();
  g_autofree char *db = intake_test_db_address (dir);
  g_autofree char *token = intake_test_add_token (db, "Upstate Family Practice");
  g_autofree char *payload = intake_test_valid_payload ("Robert");
  g_autofree char *key = intake_test_new_key ();
  g_autofree char *tracking_id = NULL;
  g_autofree char *out = NULL;
  g_autoptr(IntakeTestServer) server = intake_test_server_start (dir, NULL);
  g_autoptr(SoupSession) session = intake_test_session_new ();
  g_autoptr(IntakeTestResponse) created = NULL;
  const char *steps[] = { "in_review", "completed" };

  created = intake_test_post (session, server, token, key, payload, -1);
  g_assert_cmpuint (created->status, ==, 201);
  tracking_id = intake_test_tracking_id_of (created->body);

  {
    g_autoptr(JsonObject) status = get_status (session, server, token, tracking_id);

    g_assert_cmpstr (json_object_get_string_member (status, "status"), ==, "received");
    g_assert_false (json_object_has_member (status, "note"));
  }

  g_assert_cmpint (intake_test_run (db, &out, NULL, "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, tracking_id));
  g_assert_nonnull (strstr (out, "\treceived\tUpstate Family Practice"));
  g_clear_pointer (&out, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(JsonObject) status = NULL;

      if (i == G_N_ELEMENTS (steps) - 1)
        g_assert_cmpint (intake_test_run (db, NULL, NULL, "set-status", tracking_id, steps[i],
                                          "--note", "Account terminated.", NULL), ==, 0);
      else
        g_assert_cmpint (intake_test_run (db, NULL, NULL, "set-status", tracking_id, steps[i], NULL), ==, 0);

      status = get_status (session, server, token, tracking_id);
      g_assert_cmpstr (json_object_get_string_member (status, "status"), ==, steps[i]);
      g_assert_cmpstr (json_object_get_string_member (status, "tracking_id"), ==, tracking_id);
    }

  {
    g_autoptr(JsonObject) status = get_status (session, server, token, tracking_id);

    g_assert_cmpstr (json_object_get_string_member (status, "note"), ==, "Account terminated.");
  }

  /* Final is final; nonsense is refused. */
  g_assert_cmpint (intake_test_run (db, NULL, NULL, "set-status", tracking_id, "rejected", "--note", "x", NULL), ==, 1);
  g_assert_cmpint (intake_test_run (db, NULL, NULL, "set-status", "HEC-NOPE", "in_review", NULL), ==, 1);
  g_assert_cmpint (intake_test_run (db, NULL, NULL, "set-status", tracking_id, NULL), ==, 2);

  g_assert_cmpint (intake_test_run (db, &out, NULL, "show", tracking_id, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "completed"));
  g_assert_nonnull (strstr (out, "in_review"));
  g_assert_nonnull (strstr (out, payload));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (intake_test_run (db, NULL, NULL, "show", "HEC-NOPE", NULL), ==, 1);

  intake_test_server_stop (server);
  test_remove_tree (dir);
}

static void
test_survives_kill (void)
{
  g_autofree char *dir = intake_test_make_dir ();
  g_autofree char *db = intake_test_db_address (dir);
  g_autofree char *token = intake_test_add_token (db, "Upstate Family Practice");
  g_autofree char *payload = intake_test_valid_payload ("Robert");
  g_autofree char *key = intake_test_new_key ();
  g_autofree char *tracking_id = NULL;
  g_autofree char *out = NULL;
  g_autoptr(IntakeTestServer) server = intake_test_server_start (dir, NULL);
  g_autoptr(IntakeTestServer) restarted = NULL;
  g_autoptr(SoupSession) session = intake_test_session_new ();
  g_autoptr(IntakeTestResponse) created = NULL;
  g_autoptr(IntakeTestResponse) replayed = NULL;

  created = intake_test_post (session, server, token, key, payload, -1);
  g_assert_cmpuint (created->status, ==, 201);

  /* No chance to flush or close anything. */
  intake_test_server_kill (server);
  tracking_id = intake_test_tracking_id_of (created->body);

  restarted = intake_test_server_start (dir, NULL);
  g_assert_cmpint (intake_test_run (db, &out, NULL, "show", tracking_id, NULL), ==, 0);

  {
    g_autoptr(JsonObject) status = get_status (session, restarted, token, tracking_id);

    g_assert_cmpstr (json_object_get_string_member (status, "status"), ==, "received");
  }

  /* And the key still binds: the retry gets the original answer. */
  replayed = intake_test_post (session, restarted, token, key, payload, -1);
  g_assert_cmpuint (replayed->status, ==, 201);
  g_assert_cmpstr (replayed->body, ==, created->body);

  intake_test_server_stop (restarted);
  test_remove_tree (dir);
}

static void
test_refuses_plain_http_off_loopback (void)
{
  g_autofree char *dir = intake_test_make_dir ();
  g_autofree char *db = intake_test_db_address (dir);
  g_autofree char *err = NULL;

  g_assert_cmpint (intake_test_run (db, NULL, &err, "serve", "--listen", "0.0.0.0:0", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "not a loopback address"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (intake_test_run (db, NULL, &err, "serve", "--listen", "nonsense", NULL), ==, 2);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (intake_test_run (db, NULL, &err, "serve", "--tls-cert", "/nonexistent", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--tls-key"));

  test_remove_tree (dir);
}

static void
test_default_database_is_private (void)
{
  g_autofree char *dir = intake_test_make_dir ();
  g_autofree char *data_home = g_build_filename (dir, "data", NULL);
  g_autofree char *folder = g_build_filename (data_home, "hie-roster-intake", NULL);
  g_autofree char *db = g_build_filename (folder, "intake.db", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  struct stat info;

  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, intake_test_program (), "token", "list", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (folder, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (db, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);

  test_remove_tree (dir);
}

/* migrate makes or checks the schema, says which, and changes nothing the
 * second time; HIE_ROSTER_INTAKE_DB stands in for --db. */
static void
test_migrate_and_environment (void)
{
  g_autofree char *dir = intake_test_make_dir ();
  g_autofree char *db = intake_test_db_address (dir);
  g_autofree char *token = intake_test_add_token (db, "Development");
  g_autofree char *out = NULL;
  g_autofree char *list = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (intake_test_run (db, &out, NULL, "migrate", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "up to date"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (intake_test_run (db, NULL, NULL, "migrate", "extra", NULL), ==, 2);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "HIE_ROSTER_INTAKE_DB", db, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, intake_test_program (), "token", "list", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &list, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_true (g_regex_match_simple ("^1\tactive\t[^\t]+\tDevelopment\n$", list, 0, 0));

  test_remove_tree (dir);
}

/* A URI is never a file name: an unknown scheme is refused, and nothing
 * named after it appears in the current folder. */
static void
test_uri_is_not_a_file (void)
{
  g_autofree char *dir = intake_test_make_dir ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autofree char *err = NULL;

  g_subprocess_launcher_set_cwd (launcher, dir);
  process = g_subprocess_launcher_spawn (launcher, &error, intake_test_program (), "serve",
                                         "--db", "mysql://intake@db.example.org/intake", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_nonnull (strstr (err, "neither a file nor a PostgreSQL URI"));

  listing = g_dir_open (dir, 0, NULL);
  g_assert_null (g_dir_read_name (listing));

  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* The PostgreSQL run without PostgreSQL installed: skip, saying why. */
  if (!intake_test_store_init ())
    return 0;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/intake/cli/tokens", test_tokens);
  g_test_add_func ("/intake/cli/status-walk", test_status_walk);
  g_test_add_func ("/intake/cli/survives-kill", test_survives_kill);
  g_test_add_func ("/intake/cli/refuses-plain-http-off-loopback", test_refuses_plain_http_off_loopback);
  g_test_add_func ("/intake/cli/default-database-is-private", test_default_database_is_private);
  g_test_add_func ("/intake/cli/migrate-and-environment", test_migrate_and_environment);
  g_test_add_func ("/intake/cli/uri-is-not-a-file", test_uri_is_not_a_file);

  return g_test_run ();
}
