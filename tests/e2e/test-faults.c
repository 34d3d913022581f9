/* test-faults.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Delivery through a fault-injecting proxy to the real intake server.
 * After every case: each queued request is stored by the HIE exactly
 * once, every attempt carried the same key with byte-identical bytes,
 * nothing is lost, and the server's log holds no token or personal data.
 */

#include "config.h"

#include <string.h>

#include "fault-proxy.h"
#include "intake-test-util.h"
#include "roster-delivery.h"
#include "roster-payload.h"
#include "test-fixtures.h"

typedef struct
{
  char             *dir;
  IntakeTestServer *server;
  char             *token;
  FaultProxy       *proxy;
  RosterStore      *store;
  RosterDelivery   *delivery;
  guint             queued;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const server_args[] = { "--rate-limit", "0", NULL };
  g_autofree char *store_dir = NULL;
  g_autofree char *url = NULL;
  g_autoptr(RosterIntakeClient) client = NULL;
  RosterRetryPolicy policy = *roster_retry_policy_get_default ();

  fixture->dir = intake_test_make_dir ();
  fixture->server = intake_test_server_start (fixture->dir, server_args);
  fixture->token = intake_test_add_token (fixture->server->db_path, "Upstate University Hospital");
  fixture->proxy = fault_proxy_new (fixture->server->port);

  store_dir = g_build_filename (fixture->dir, "app", NULL);
  fixture->store = roster_store_open (store_dir, NULL);

  url = fault_proxy_get_url (fixture->proxy);
  client = roster_intake_client_new (url, NULL);
  roster_intake_client_set_token (client, fixture->token);
  roster_intake_client_set_timeout (client, 2);
  fixture->delivery = roster_delivery_new (fixture->store, client);

  /* Quick retries, so a test takes seconds, not minutes. */
  policy.first_delay = G_USEC_PER_SEC / 5;
  policy.max_delay = G_USEC_PER_SEC;
  roster_delivery_set_policy (fixture->delivery, &policy);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->delivery);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->proxy, fault_proxy_free);
  g_clear_pointer (&fixture->server, intake_test_server_free);
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->token);
}

static void
queue (Fixture *fixture,
       guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RosterRequest) request = NULL;
      g_autofree char *name = g_strdup_printf ("Ana %u", fixture->queued++);
      g_autoptr(GBytes) payload = NULL;
      g_autofree char *id = NULL;
      GDate today;

      /* Both forms, alternately: delivery does not care which. */
      roster_rules_get_today (&today);
      request = i % 2 == 0 ? test_new_modify_request () : test_new_new_user_request (&today);

      roster_request_set_text (request, "user.first_name", name);
      payload = roster_payload_write (request);
      id = roster_store_create_draft (fixture->store, request, NULL);
      g_assert_true (roster_store_queue (fixture->store, id, payload, NULL));
    }
}

static void
flush_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* One flush; its report, or NULL if it failed. */
static RosterFlushReport *
flush_once (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;

  roster_delivery_flush_async (fixture->delivery, NULL, flush_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return roster_delivery_flush_finish (fixture->delivery, result, NULL);
}

/* Flushes until nothing waits: what the app's retry timer does. */
static void
deliver_all (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 90 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(RosterFlushReport) report = flush_once (fixture);
      g_autoptr(GPtrArray) entries = NULL;
      guint waiting = 0;

      g_assert_nonnull (report);
      g_assert_null (report->paused);

      entries = roster_store_list (fixture->store, NULL, NULL);
      for (guint i = 0; i < entries->len; i++)
        {
          const RosterStoreEntry *entry = g_ptr_array_index (entries, i);

          g_assert_cmpint (entry->state, !=, ROSTER_REQUEST_STATE_ATTENTION);
          if (entry->state != ROSTER_REQUEST_STATE_SENT)
            waiting++;
        }

      if (waiting == 0)
        return;
      g_usleep (G_USEC_PER_SEC / 4);
    }

  g_assert_not_reached ();
}

static void
assert_invariants (Fixture *fixture)
{
  g_autofree char *log = intake_test_server_read_log (fixture->server);

  g_assert_cmpuint (intake_test_count_stored (fixture->server), ==, fixture->queued);
  g_assert_true (fault_proxy_check_keys (fixture->proxy));
  g_assert_null (strstr (log, fixture->token));
  g_assert_null (strstr (log, "Ana"));
  g_assert_null (strstr (log, "upstate.example.org"));
  g_assert_null (strstr (log, "familycare.example.org"));
  g_assert_null (strstr (log, "1234567893"));
}

/* The HIE stores the request, then the connection dies before the answer:
 * the outcome is unknown, resolved by resending with the same key. */
static void
test_faults_close_after_store (Fixture       *fixture,
                               gconstpointer  data)
{
  queue (fixture, 3);
  fault_proxy_set_faults (fixture->proxy, FAULT_CLOSE_AFTER_STORE, 3);
  deliver_all (fixture);
  g_assert_cmpuint (fault_proxy_get_requests (fixture->proxy), >=, 6);
  assert_invariants (fixture);
}

/* Nobody answers: the attempt's deadline ends it; the retry delivers. */
static void
test_faults_blackhole (Fixture       *fixture,
                       gconstpointer  data)
{
  queue (fixture, 2);
  fault_proxy_set_faults (fixture->proxy, FAULT_BLACKHOLE, 2);
  deliver_all (fixture);
  assert_invariants (fixture);
}

/* An answer at one byte a second can't hold an attempt past its deadline. */
static void
test_faults_trickle (Fixture       *fixture,
                     gconstpointer  data)
{
  queue (fixture, 1);
  fault_proxy_set_faults (fixture->proxy, FAULT_TRICKLE, 1);
  deliver_all (fixture);
  assert_invariants (fixture);
}

/* One flush delivered all @n requests, each seen once by the proxy, over
 * @connections connections. */
static void
assert_all_sent_at_once (Fixture           *fixture,
                         RosterFlushReport *report,
                         guint              n,
                         guint              connections)
{
  g_assert_nonnull (report);
  g_assert_cmpuint (report->sent, ==, n);
  g_assert_cmpuint (report->waiting, ==, 0);
  g_assert_cmpuint (fault_proxy_get_requests (fixture->proxy), ==, n);
  g_assert_cmpuint (fault_proxy_get_connections (fixture->proxy), ==, connections);
  assert_invariants (fixture);
}

/* One flush, one connection: the POSTs share the connection the first
 * opened (libsoup opens one per POST unless told the POST is
 * idempotent, as the Idempotency-Key makes it). */
static void
test_faults_one_connection (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(RosterFlushReport) report = NULL;

  queue (fixture, 10);
  fault_proxy_set_keep_alive (fixture->proxy, TRUE);
  report = flush_once (fixture);
  assert_all_sent_at_once (fixture, report, 10, 1);
}

/* The server closes each kept-alive connection while the next request is
 * on its way, unread (its keep-alive timeout): each such request is
 * resent at once on a new connection with its key, so the one flush
 * delivers everything, nothing waits for a retry, and the HIE stores
 * each request once. */
static void
test_faults_closed_when_idle (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(RosterFlushReport) report = NULL;

  queue (fixture, 3);
  fault_proxy_set_keep_alive (fixture->proxy, TRUE);
  fault_proxy_set_faults (fixture->proxy, FAULT_CLOSE_WHEN_IDLE, 3);
  report = flush_once (fixture);
  /* The requests sent on closing connections were never read. */
  assert_all_sent_at_once (fixture, report, 3, 3);
}

/* Faults of every kind in turn, with ten requests. */
static void
test_faults_mixed (Fixture       *fixture,
                   gconstpointer  data)
{
  static const FaultMode modes[] = { FAULT_CLOSE_AFTER_STORE, FAULT_BLACKHOLE, FAULT_CLOSE_AFTER_STORE, FAULT_TRICKLE };

  queue (fixture, 10);
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(RosterFlushReport) report = NULL;

      fault_proxy_set_faults (fixture->proxy, modes[i], 2);
      report = flush_once (fixture);
      g_usleep (G_USEC_PER_SEC / 4);
    }

  deliver_all (fixture);
  assert_invariants (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/faults/close-after-store", test_faults_close_after_store);
  ADD ("/faults/blackhole", test_faults_blackhole);
  ADD ("/faults/trickle", test_faults_trickle);
  ADD ("/faults/mixed", test_faults_mixed);
  ADD ("/faults/one-connection", test_faults_one_connection);
  ADD ("/faults/closed-when-idle", test_faults_closed_when_idle);
#undef ADD

  return g_test_run ();
}
