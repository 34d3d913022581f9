/* test-tls.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The intake endpoint's certificate: a self-signed, expired, wrong-host
 * or untrusted one each fails delivery with a clear message and pauses
 * the queue; nothing is sent. A good one delivers.
 */

#include "config.h"

#include <string.h>

#include "intake-test-util.h"
#include "roster-delivery.h"
#include "roster-payload.h"
#include "test-fixtures.h"

static char *certs;

static void
flush_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Delivers one request to a server presenting @name's certificate, the
 * client trusting only the test CA. Returns the flush's report. */
static RosterFlushReport *
deliver_to (const char        *name,
            IntakeTestServer **out_server,
            char             **out_dir)
{
  g_autofree char *cert = g_strdup_printf ("%s/%s.pem", certs, name);
  g_autofree char *key = g_strdup_printf ("%s/%s.key", certs, name);
  g_autofree char *ca = g_build_filename (certs, "ca.pem", NULL);
  const char *args[] = { "--tls-cert", cert, "--tls-key", key, NULL };
  char *dir = intake_test_make_dir ();
  g_autofree char *store_dir = g_build_filename (dir, "app", NULL);
  g_autoptr(RosterStore) store = roster_store_open (store_dir, NULL);
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(GBytes) payload = roster_payload_write (request);
  g_autoptr(RosterIntakeClient) client = NULL;
  g_autoptr(RosterDelivery) delivery = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;
  IntakeTestServer *server;
  RosterFlushReport *report;

  server = intake_test_server_start (dir, args);
  g_assert_true (g_str_has_prefix (server->base_url, "https://"));
  token = intake_test_add_token (server->db_path, "Upstate University Hospital");

  id = roster_store_create_draft (store, request, NULL);
  g_assert_true (roster_store_queue (store, id, payload, NULL));

  client = roster_intake_client_new (server->base_url, &error);
  g_assert_no_error (error);
  roster_intake_client_set_token (client, token);
  roster_intake_client_set_ca_file (client, ca);
  delivery = roster_delivery_new (store, client);

  roster_delivery_flush_async (delivery, NULL, flush_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  report = roster_delivery_flush_finish (delivery, result, &error);
  g_assert_no_error (error);

  *out_server = server;
  *out_dir = dir;
  return report;
}

typedef struct
{
  const char *name;
  const char *reason;
} Refusal;

static void
assert_refused (gconstpointer data)
{
  const Refusal *refusal = data;
  const char *name = refusal->name;
  g_autoptr(RosterFlushReport) report = NULL;
  IntakeTestServer *server = NULL;
  g_autofree char *dir = NULL;

  report = deliver_to (name, &server, &dir);
  g_test_message ("%s: %s", name, report->paused ? report->paused : "(not paused)");

  g_assert_nonnull (report->paused);
  g_assert_nonnull (strstr (report->paused, "could not prove it is who it says it is"));
  g_assert_nonnull (strstr (report->paused, refusal->reason));
  g_assert_cmpuint (report->sent, ==, 0);
  g_assert_cmpuint (intake_test_count_stored (server), ==, 0);

  intake_test_server_free (server);
  test_remove_tree (dir);
}

static void
skip_without_openssl (void)
{
  g_test_skip ("openssl could not make the test certificates");
}

static void
test_tls_good (void)
{
  g_autoptr(RosterFlushReport) report = NULL;
  IntakeTestServer *server = NULL;
  g_autofree char *dir = NULL;

  report = deliver_to ("good", &server, &dir);
  g_assert_null (report->paused);
  g_assert_cmpuint (report->sent, ==, 1);
  g_assert_cmpuint (intake_test_count_stored (server), ==, 1);

  intake_test_server_free (server);
  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;
  int wait_status;

  g_test_init (&argc, &argv, NULL);

  certs = g_dir_make_tmp ("roster-certs-XXXXXX", NULL);
  {
    const char *argv_script[] = { g_getenv ("MAKE_TEST_CERTS"), certs, NULL };

    if (g_find_program_in_path ("openssl") == NULL ||
        !g_spawn_sync (NULL, (char **) argv_script, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                       &wait_status, &error) ||
        !g_spawn_check_wait_status (wait_status, NULL))
      {
        g_test_message ("Could not make test certificates: %s", error ? error->message : "openssl failed");
        g_test_add_func ("/tls/skipped", skip_without_openssl);
        status = g_test_run ();
        test_remove_tree (certs);
        return status;
      }
  }

  g_test_add_func ("/tls/good", test_tls_good);
  {
    static const Refusal self_signed = { "self-signed", "not signed by an authority this computer trusts" };
    static const Refusal expired = { "expired", "has expired" };
    static const Refusal wrong_host = { "wrong-host", "is for another address" };
    static const Refusal untrusted = { "untrusted", "not signed by an authority this computer trusts" };

    g_test_add_data_func ("/tls/self-signed", &self_signed, assert_refused);
    g_test_add_data_func ("/tls/expired", &expired, assert_refused);
    g_test_add_data_func ("/tls/wrong-host", &wrong_host, assert_refused);
    g_test_add_data_func ("/tls/untrusted-ca", &untrusted, assert_refused);
  }

  status = g_test_run ();
  test_remove_tree (certs);
  g_free (certs);

  return status;
}
