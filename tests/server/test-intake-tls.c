/* test-intake-tls.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * hie-roster-intake over HTTPS, with a certificate made for the test; and a
 * plain-HTTP client on the TLS port fails cleanly, without hanging or
 * harming the server.
 */

#include "config.h"

#include <string.h>

#include "intake-test-util.h"
#include "test-scratch.h"

static gboolean
make_certificate (const char *dir,
                  char      **cert,
                  char      **key)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;

  if (openssl == NULL)
    return FALSE;

  *cert = g_build_filename (dir, "cert.pem", NULL);
  *key = g_build_filename (dir, "key.pem", NULL);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                              "-keyout", *key, "-out", *cert, "-days", "2",
                              "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                              NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);

  return TRUE;
}

static void
test_https (void)
{
  g_autofree char *dir = intake_test_make_dir ();
  g_autofree char *db = intake_test_db_address (dir);
  g_autofree char *token = intake_test_add_token (db, "Upstate Family Practice");
  g_autofree char *payload = intake_test_valid_payload ("Robert");
  g_autofree char *key = intake_test_new_key ();
  g_autofree char *cert = NULL;
  g_autofree char *private_key = NULL;
  g_autofree char *plain_url = NULL;
  g_autoptr(IntakeTestServer) server = NULL;
  g_autoptr(SoupSession) session = intake_test_session_new ();
  g_autoptr(IntakeTestResponse) created = NULL;
  g_autoptr(IntakeTestExchange) plain = NULL;
  g_autofree char *raw = NULL;

  if (!make_certificate (dir, &cert, &private_key))
    {
      g_test_skip ("openssl is not installed");
      test_remove_tree (dir);
      return;
    }

  {
    const char *args[] = { "--tls-cert", cert, "--tls-key", private_key, NULL };

    server = intake_test_server_start (dir, args);
  }
  g_assert_true (g_str_has_prefix (server->base_url, "https://127.0.0.1:"));

  created = intake_test_post (session, server, token, key, payload, -1);
  g_assert_cmpuint (created->status, ==, 201);

  /* Plain HTTP on the TLS port: an error, promptly, not a hang. */
  plain_url = g_strdup_printf ("http://127.0.0.1:%u/v1/health", server->port);
  plain = intake_test_send_async (session, "GET", plain_url, NULL, NULL, NULL, NULL);
  intake_test_wait (plain);
  g_assert_true (plain->error != NULL || !SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (plain->msg)));

  raw = intake_test_raw (server->port, "GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n", 36, 10);
  g_assert_false (g_str_has_prefix (raw, "HTTP/1.1 200"));

  intake_test_assert_healthy (session, server);
  intake_test_server_stop (server);
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

  g_test_add_func ("/intake/tls/https", test_https);

  return g_test_run ();
}
