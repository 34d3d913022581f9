/* test-delivery-batch.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Delivery's group commit, against the real hie-roster-intake on
 * loopback: answers that arrive while a batch of marks is being synced
 * are committed together in the next one; a batch that fails keeps its
 * requests queued; and a crash after the HIE answered but before the
 * batch is on disk ends with the request resent with its key and
 * stored once.
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "intake-test-util.h"
#include "roster-delivery.h"
#include "roster-payload.h"
#include "slow-fsync-vfs.h"
#include "test-fixtures.h"

#define N_REQUESTS 10

typedef struct
{
  char             *dir;
  char             *data_dir;
  RosterStore      *store;
  IntakeTestServer *server;
  char             *token;
  GPtrArray        *ids;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  /* The repeats that check each key add up to more than the default rate. */
  static const char * const server_args[] = { "--rate-limit", "0", NULL };
  g_autoptr(GError) error = NULL;

  slow_fsync_vfs_install (0);
  slow_fsync_vfs_set_failing (FALSE);

  fixture->dir = intake_test_make_dir ();
  fixture->data_dir = g_build_filename (fixture->dir, "app", NULL);
  fixture->store = roster_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  fixture->server = intake_test_server_start (fixture->dir, server_args);
  fixture->token = intake_test_add_token (fixture->server->db_path, "Upstate University Hospital");
  fixture->ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < N_REQUESTS; i++)
    {
      g_autoptr(RosterRequest) request = test_new_modify_request ();
      g_autofree char *name = g_strdup_printf ("Batch %u", i);
      g_autoptr(GBytes) payload = NULL;
      char *id;

      roster_request_set_text (request, "user.first_name", name);
      payload = roster_payload_write (request);
      id = roster_store_create_draft (fixture->store, request, &error);
      g_assert_no_error (error);
      g_assert_true (roster_store_queue (fixture->store, id, payload, &error));
      g_ptr_array_add (fixture->ids, id);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  slow_fsync_vfs_install (0);
  slow_fsync_vfs_set_failing (FALSE);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->server, intake_test_server_free);
  g_clear_pointer (&fixture->ids, g_ptr_array_unref);
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->data_dir);
  g_free (fixture->token);
}

static void
flush_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static RosterFlushReport *
flush (Fixture  *fixture,
       GError  **error)
{
  g_autoptr(RosterIntakeClient) client = roster_intake_client_new (fixture->server->base_url, NULL);
  g_autoptr(RosterDelivery) delivery = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  roster_intake_client_set_token (client, fixture->token);
  roster_intake_client_set_timeout (client, 5);
  delivery = roster_delivery_new (fixture->store, client);

  roster_delivery_flush_async (delivery, NULL, flush_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return roster_delivery_flush_finish (delivery, result, error);
}

static guint
count_in_state (Fixture            *fixture,
                RosterRequestState  state)
{
  guint count = 0;

  for (guint i = 0; i < fixture->ids->len; i++)
    {
      g_autoptr(RosterStoreEntry) entry = roster_store_get_entry (fixture->store, fixture->ids->pdata[i], NULL);

      count += entry->state == state;
    }

  return count;
}

/* Every request is sent, each once, and each with the tracking id the
 * HIE gave its key the first time: a repeat of the key gets it back. */
static void
assert_each_sent_once (Fixture *fixture)
{
  g_autoptr(SoupSession) session = intake_test_session_new ();

  g_assert_cmpuint (count_in_state (fixture, ROSTER_REQUEST_STATE_SENT), ==, N_REQUESTS);
  g_assert_cmpuint (intake_test_count_stored (fixture->server), ==, N_REQUESTS);

  for (guint i = 0; i < fixture->ids->len; i++)
    {
      g_autoptr(RosterStoreEntry) entry = roster_store_get_entry (fixture->store, fixture->ids->pdata[i], NULL);
      g_autoptr(RosterOutboxItem) item = roster_store_get_outbox_item (fixture->store, fixture->ids->pdata[i], NULL);
      g_autoptr(IntakeTestResponse) repeat =
        intake_test_post (session, fixture->server, fixture->token, item->idempotency_key,
                          g_bytes_get_data (item->payload, NULL), g_bytes_get_size (item->payload));

      g_assert_cmpuint (repeat->status, ==, 201);
      g_assert_nonnull (strstr (repeat->body, entry->tracking_id));
    }
  g_assert_cmpuint (intake_test_count_stored (fixture->server), ==, N_REQUESTS);
}

typedef struct
{
  Fixture    *fixture;
  GHashTable *shown_sent;   /* ids */
} Watch;

/* A request shown as sent must read as sent from the store already. */
static void
request_changed_cb (RosterDelivery *delivery,
                    const char     *id,
                    Watch          *watch)
{
  g_autoptr(RosterStoreEntry) entry = roster_store_get_entry (watch->fixture->store, id, NULL);

  if (entry->state == ROSTER_REQUEST_STATE_SENT)
    g_hash_table_add (watch->shown_sent, g_strdup (id));
}

/* The answers share batches: far fewer syncs than requests. On a disk
 * whose syncs take 100 ms (@data), the answers that come back during one
 * sync go in the next batch together; on a fast disk (0), answers wait a
 * little for the next ones. Each is shown sent only once it is. */
static void
test_batch_several_answers (Fixture       *fixture,
                            gconstpointer  data)
{
  guint sync_delay_ms = GPOINTER_TO_UINT (data);
  g_autoptr(RosterIntakeClient) client = roster_intake_client_new (fixture->server->base_url, NULL);
  g_autoptr(RosterDelivery) delivery = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RosterFlushReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) shown_sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Watch watch = { fixture, shown_sent };
  guint syncs;

  roster_intake_client_set_token (client, fixture->token);
  delivery = roster_delivery_new (fixture->store, client);
  g_signal_connect (delivery, "request-changed", G_CALLBACK (request_changed_cb), &watch);

  slow_fsync_vfs_install (sync_delay_ms);
  syncs = slow_fsync_vfs_get_syncs ();
  roster_delivery_flush_async (delivery, NULL, flush_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  syncs = slow_fsync_vfs_get_syncs () - syncs;
  slow_fsync_vfs_install (0);

  report = roster_delivery_flush_finish (delivery, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->sent, ==, N_REQUESTS);
  g_assert_cmpuint (report->lines->len, ==, N_REQUESTS);
  g_assert_cmpuint (g_hash_table_size (shown_sent), ==, N_REQUESTS);
  g_test_message ("%u syncs for %u requests", syncs, N_REQUESTS);
  g_assert_cmpuint (syncs, <=, N_REQUESTS / 2);
  g_assert_cmpuint (syncs, >=, 1);

  assert_each_sent_once (fixture);
}

/* A disk that can't sync: the batch fails as a whole, the flush says
 * so, and no request looks sent. They are resent with their keys once
 * the disk is back, and the HIE has each once. */
static void
test_batch_failed_commit (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(RosterFlushReport) failed = NULL;
  g_autoptr(RosterFlushReport) report = NULL;
  g_autoptr(GError) error = NULL;

  slow_fsync_vfs_set_failing (TRUE);
  failed = flush (fixture, &error);
  slow_fsync_vfs_set_failing (FALSE);

  g_assert_null (failed);
  g_assert_error (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpuint (count_in_state (fixture, ROSTER_REQUEST_STATE_SENT), ==, 0);
  g_assert_cmpuint (count_in_state (fixture, ROSTER_REQUEST_STATE_QUEUED) +
                    count_in_state (fixture, ROSTER_REQUEST_STATE_SENDING), ==, N_REQUESTS);
  /* The HIE has the ones that went out before the failure was known. */
  g_assert_cmpuint (intake_test_count_stored (fixture->server), >=, 1);

  report = flush (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->sent, ==, N_REQUESTS);
  assert_each_sent_once (fixture);
}

/* The crash: a flush whose first durable batch never finishes (every
 * sync takes a minute), killed by the test's timeout. Run in a
 * subprocess, on the parent's store and server. */
static void
test_batch_crash_child (void)
{
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(RosterIntakeClient) client = NULL;
  g_autoptr(RosterDelivery) delivery = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (!g_test_subprocess ())
    {
      g_test_skip ("Only run by /delivery-batch/crash-before-mark-resends-same-key");
      return;
    }

  slow_fsync_vfs_install (60 * 1000);
  store = roster_store_open (g_getenv ("ROSTER_TEST_CRASH_DATA_DIR"), NULL);
  client = roster_intake_client_new (g_getenv ("ROSTER_TEST_CRASH_ENDPOINT"), NULL);
  roster_intake_client_set_token (client, g_getenv ("ROSTER_TEST_CRASH_TOKEN"));
  delivery = roster_delivery_new (store, client);

  roster_delivery_flush_async (delivery, NULL, flush_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_not_reached ();
}

/* A crash after the HIE answered a request but before its batch of
 * marks reached the disk: it is found not sent, and the next flush
 * resends it with its key; the HIE stores none twice, and each keeps
 * the tracking id of its first answer. */
static void
test_batch_crash_before_mark (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(RosterStoreEntry) answered = NULL;
  g_autoptr(RosterFlushReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("ROSTER_TEST_CRASH_DATA_DIR", fixture->data_dir, TRUE);
  g_setenv ("ROSTER_TEST_CRASH_ENDPOINT", fixture->server->base_url, TRUE);
  g_setenv ("ROSTER_TEST_CRASH_TOKEN", fixture->token, TRUE);
  g_test_trap_subprocess ("/delivery-batch/subprocess/crash", 4 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("ROSTER_TEST_CRASH_TOKEN");
  g_assert_false (g_test_trap_has_passed ());

  /* The first answer's mark was on its way to the disk; the second one,
   * answered while that batch synced, was only in memory. */
  g_assert_cmpuint (intake_test_count_stored (fixture->server), >=, 2);
  answered = roster_store_get_entry (fixture->store, fixture->ids->pdata[1], NULL);
  g_assert_cmpint (answered->state, ==, ROSTER_REQUEST_STATE_SENDING);

  report = flush (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->sent, >=, N_REQUESTS - 1);
  assert_each_sent_once (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD_WITH(path, data, func) g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
#define ADD(path, func) ADD_WITH (path, NULL, func)
  ADD_WITH ("/delivery-batch/several-answers-one-commit", GUINT_TO_POINTER (100), test_batch_several_answers);
  ADD_WITH ("/delivery-batch/fast-disk-answers-share-commits", GUINT_TO_POINTER (0), test_batch_several_answers);
  ADD ("/delivery-batch/failed-commit-keeps-them-queued", test_batch_failed_commit);
  ADD ("/delivery-batch/crash-before-mark-resends-same-key", test_batch_crash_before_mark);
#undef ADD
#undef ADD_WITH
  g_test_add_func ("/delivery-batch/subprocess/crash", test_batch_crash_child);

  return g_test_run ();
}
