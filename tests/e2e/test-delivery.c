/* test-delivery.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Delivery of the outbox: against the real hie-roster-intake on loopback,
 * and against a scripted endpoint for the answers a real server rarely
 * gives (redirects, 5xx, Retry-After in every form).
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "intake-test-util.h"
#include "roster-delivery.h"
#include "roster-payload.h"
#include "test-fixtures.h"

typedef struct
{
  char             *dir;
  RosterStore      *store;
  IntakeTestServer *server;
  char             *token;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *store_dir = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = intake_test_make_dir ();
  store_dir = g_build_filename (fixture->dir, "app", NULL);
  fixture->store = roster_store_open (store_dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->server, intake_test_server_free);
  g_clear_pointer (&fixture->token, g_free);
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static void
start_real_server (Fixture *fixture)
{
  fixture->server = intake_test_server_start (fixture->dir, NULL);
  fixture->token = intake_test_add_token (fixture->server->db_path, "Upstate University Hospital");
}

static char *
queue_request (Fixture       *fixture,
               RosterRequest *request)
{
  g_autoptr(GBytes) payload = roster_payload_write (request);
  g_autoptr(GError) error = NULL;
  char *id = roster_store_create_draft (fixture->store, request, &error);

  g_assert_no_error (error);
  g_assert_true (roster_store_queue (fixture->store, id, payload, &error));
  g_assert_no_error (error);

  return id;
}

static RosterRequest *
new_request_for (const char *first_name)
{
  RosterRequest *request = test_new_modify_request ();

  roster_request_set_text (request, "user.first_name", first_name);
  return request;
}

static void
flush_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static RosterFlushReport *
flush (RosterDelivery  *delivery,
       GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  roster_delivery_flush_async (delivery, NULL, flush_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return roster_delivery_flush_finish (delivery, result, error);
}

static RosterDelivery *
new_delivery (Fixture    *fixture,
              const char *endpoint,
              const char *token)
{
  g_autoptr(RosterIntakeClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = roster_intake_client_new (endpoint, &error);
  g_assert_no_error (error);
  roster_intake_client_set_token (client, token);
  roster_intake_client_set_timeout (client, 5);

  return roster_delivery_new (fixture->store, client);
}

static RosterRequestState
state_of (Fixture    *fixture,
          const char *id)
{
  g_autoptr(RosterStoreEntry) entry = roster_store_get_entry (fixture->store, id, NULL);

  return entry->state;
}

/* Queued requests are delivered, once each, with tracking ids. */
static void
test_delivery_sends (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RosterDelivery) delivery = NULL;
  g_autoptr(RosterFlushReport) report = NULL;
  g_autoptr(RosterFlushReport) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  static const char * const names[] = { "Ana", "Bo", "Cy" };

  start_real_server (fixture);
  delivery = new_delivery (fixture, fixture->server->base_url, fixture->token);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(RosterRequest) request = new_request_for (names[i]);
      g_ptr_array_add (ids, queue_request (fixture, request));
    }

  report = flush (delivery, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->sent, ==, 3);
  g_assert_cmpuint (report->lines->len, ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(RosterStoreEntry) entry = roster_store_get_entry (fixture->store, ids->pdata[i], NULL);

      g_assert_cmpint (entry->state, ==, ROSTER_REQUEST_STATE_SENT);
      g_assert_nonnull (entry->tracking_id);
      g_assert_cmpstr (entry->hie_status, ==, "received");
    }
  g_assert_cmpuint (intake_test_count_stored (fixture->server), ==, 3);

  /* Nothing left: a second flush sends nothing. */
  again = flush (delivery, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->sent, ==, 0);
  g_assert_cmpuint (intake_test_count_stored (fixture->server), ==, 3);
}

/* After a crash between "sending" and the answer, the request is resent
 * with the same key, and the HIE still has it once, with one tracking id. */
static void
test_delivery_resends_after_crash (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(RosterDelivery) delivery = NULL;
  g_autoptr(RosterFlushReport) report = NULL;
  g_autoptr(RosterOutboxItem) item = NULL;
  g_autoptr(RosterStoreEntry) entry = NULL;
  g_autoptr(SoupSession) session = intake_test_session_new ();
  g_autoptr(IntakeTestResponse) first = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  start_real_server (fixture);
  id = queue_request (fixture, request);
  item = roster_store_get_outbox_item (fixture->store, id, NULL);

  /* The first attempt reached the HIE, then the app died. */
  g_assert_true (roster_store_begin_attempt (fixture->store, id, NULL));
  first = intake_test_post (session, fixture->server, fixture->token, item->idempotency_key,
                            g_bytes_get_data (item->payload, NULL), g_bytes_get_size (item->payload));
  g_assert_cmpuint (first->status, ==, 201);

  delivery = new_delivery (fixture, fixture->server->base_url, fixture->token);
  report = flush (delivery, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->sent, ==, 1);

  entry = roster_store_get_entry (fixture->store, id, NULL);
  g_assert_nonnull (strstr (first->body, entry->tracking_id));
  g_assert_cmpuint (intake_test_count_stored (fixture->server), ==, 1);
}

/* A refused token pauses the whole queue until the administrator acts. */
static void
test_delivery_token_pauses (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(RosterRequest) first = new_request_for ("Ana");
  g_autoptr(RosterRequest) second = new_request_for ("Bo");
  g_autoptr(RosterDelivery) delivery = NULL;
  g_autoptr(RosterDelivery) fixed = NULL;
  g_autoptr(RosterFlushReport) report = NULL;
  g_autoptr(RosterFlushReport) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *second_id = NULL;

  start_real_server (fixture);
  first_id = queue_request (fixture, first);
  second_id = queue_request (fixture, second);

  delivery = new_delivery (fixture, fixture->server->base_url, "not-the-token");
  report = flush (delivery, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report->paused);
  g_assert_nonnull (strstr (report->paused, "token"));
  g_assert_cmpuint (report->sent, ==, 0);
  g_assert_cmpint (state_of (fixture, first_id), ==, ROSTER_REQUEST_STATE_QUEUED);
  g_assert_cmpint (state_of (fixture, second_id), ==, ROSTER_REQUEST_STATE_QUEUED);

  /* The pause is kept in the store: a restarted app still waits. */
  g_clear_object (&delivery);
  fixed = new_delivery (fixture, fixture->server->base_url, fixture->token);
  g_assert_nonnull (roster_delivery_get_paused (fixed));
  g_assert_null (flush (fixed, &error));
  g_assert_error (error, ROSTER_DELIVERY_ERROR, ROSTER_DELIVERY_ERROR_PAUSED);
  g_clear_error (&error);

  g_assert_true (roster_delivery_resume (fixed, NULL));
  after = flush (fixed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->sent, ==, 2);
  g_assert_cmpuint (intake_test_count_stored (fixture->server), ==, 2);
}

/* Field errors bring the request back to the editor with the HIE's words. */
static void
test_delivery_returned (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(RosterDelivery) delivery = NULL;
  g_autoptr(RosterFlushReport) report = NULL;
  g_autoptr(RosterRequest) loaded = NULL;
  g_autoptr(GBytes) bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server_errors = NULL;
  g_autofree char *id = NULL;

  start_real_server (fixture);

  /* A payload that skipped the app's own checks. */
  roster_request_insert_row (request, "delegation.alerts", -1, "Dr. Smith", "1234567890");
  roster_request_set_text (request, "alerts.basis", "provider_npi");
  id = roster_store_create_draft (fixture->store, request, NULL);
  bad = roster_payload_write (request);
  g_assert_true (roster_store_queue (fixture->store, id, bad, NULL));

  delivery = new_delivery (fixture, fixture->server->base_url, fixture->token);
  report = flush (delivery, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->returned, ==, 1);
  g_assert_cmpint (state_of (fixture, id), ==, ROSTER_REQUEST_STATE_RETURNED);

  loaded = roster_store_load_draft (fixture->store, id, NULL, &server_errors, NULL);
  g_assert_nonnull (loaded);
  g_assert_nonnull (strstr (server_errors, "delegation.alerts[0].npi"));
  g_assert_cmpuint (intake_test_count_stored (fixture->server), ==, 0);
}

/* A scripted endpoint ------------------------------------------------------ */

typedef struct
{
  guint  status;
  char  *retry_after;
  char  *location;
  guint  hits;
  guint  target_hits;
} Script;

static void
scripted_cb (SoupServer        *server,
             SoupServerMessage *message,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  Script *script = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  if (g_str_equal (path, "/elsewhere/v1/account-requests"))
    {
      script->target_hits++;
      soup_server_message_set_status (message, 201, NULL);
      return;
    }

  script->hits++;
  soup_server_message_set_status (message, script->status, NULL);
  if (script->retry_after != NULL)
    soup_message_headers_replace (headers, "Retry-After", script->retry_after);
  if (script->location != NULL)
    soup_message_headers_replace (headers, "Location", script->location);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC, "{}", 2);
}

static char *
start_scripted (SoupServer **server,
                Script      *script)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  *server = soup_server_new (NULL, NULL);
  soup_server_add_handler (*server, NULL, scripted_cb, script, NULL);
  g_assert_true (soup_server_listen_local (*server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);

  uris = soup_server_get_uris (*server);
  return g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
}

static void
test_delivery_scripted_answers (Fixture       *fixture,
                                gconstpointer  data)
{
  static const struct {
    guint       status;
    const char *retry_after;
    RosterRequestState state;
    gint64      min_delay_s;
    gint64      max_delay_s;
  } cases[] = {
    { 500, NULL, ROSTER_REQUEST_STATE_QUEUED, 2, 5 },
    { 502, NULL, ROSTER_REQUEST_STATE_QUEUED, 2, 5 },
    { 503, "120", ROSTER_REQUEST_STATE_QUEUED, 119, 121 },
    { 504, NULL, ROSTER_REQUEST_STATE_QUEUED, 2, 5 },
    { 408, NULL, ROSTER_REQUEST_STATE_QUEUED, 2, 5 },
    { 429, "30", ROSTER_REQUEST_STATE_QUEUED, 29, 31 },
    { 429, "-5", ROSTER_REQUEST_STATE_QUEUED, 2, 5 },
    { 429, "soon", ROSTER_REQUEST_STATE_QUEUED, 2, 5 },
    { 429, "99999999999", ROSTER_REQUEST_STATE_QUEUED, 2, 5 },
    { 429, "86400000", ROSTER_REQUEST_STATE_QUEUED, 3599, 3601 },
    { 404, NULL, ROSTER_REQUEST_STATE_ATTENTION, 0, 0 },
    { 413, NULL, ROSTER_REQUEST_STATE_ATTENTION, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Script script = { cases[i].status, (char *) cases[i].retry_after, NULL, 0, 0 };
      g_autoptr(SoupServer) server = NULL;
      g_autoptr(RosterDelivery) delivery = NULL;
      g_autoptr(RosterFlushReport) report = NULL;
      g_autoptr(RosterRequest) request = test_new_modify_request ();
      g_autoptr(RosterStoreEntry) entry = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *url = start_scripted (&server, &script);
      g_autofree char *id = queue_request (fixture, request);
      RosterRetryPolicy policy = *roster_retry_policy_get_default ();
      gint64 before = g_get_real_time ();

      g_test_message ("answer %u, Retry-After %s", cases[i].status, cases[i].retry_after ? cases[i].retry_after : "none");

      policy.first_delay = 4 * G_USEC_PER_SEC;
      delivery = new_delivery (fixture, url, "token");
      roster_delivery_set_policy (delivery, &policy);
      report = flush (delivery, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (script.hits, ==, 1);

      entry = roster_store_get_entry (fixture->store, id, NULL);
      g_assert_cmpint (entry->state, ==, cases[i].state);
      g_assert_nonnull (entry->last_error);
      if (cases[i].state == ROSTER_REQUEST_STATE_QUEUED)
        {
          gint64 delay = (entry->next_attempt_at - before) / G_USEC_PER_SEC;

          g_assert_cmpint (delay, >=, cases[i].min_delay_s);
          g_assert_cmpint (delay, <=, cases[i].max_delay_s);
        }

      /* Move on: the next case starts with an empty outbox. */
      if (cases[i].state == ROSTER_REQUEST_STATE_QUEUED)
        {
          g_assert_true (roster_store_begin_attempt (fixture->store, id, NULL));
          g_assert_true (roster_store_record_attention (fixture->store, id, "test", NULL));
        }
    }
}

/* Retry-After as an HTTP date is honoured too. */
static void
test_delivery_retry_after_date (Fixture       *fixture,
                                gconstpointer  data)
{
  static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) in_a_minute = g_date_time_add_seconds (now, 90);
  /* IMF-fixdate, in English whatever the locale. */
  g_autofree char *date = g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d GMT",
                                           days[g_date_time_get_day_of_week (in_a_minute) - 1],
                                           g_date_time_get_day_of_month (in_a_minute),
                                           months[g_date_time_get_month (in_a_minute) - 1],
                                           g_date_time_get_year (in_a_minute),
                                           g_date_time_get_hour (in_a_minute),
                                           g_date_time_get_minute (in_a_minute),
                                           (int) g_date_time_get_seconds (in_a_minute));
  Script script = { 503, date, NULL, 0, 0 };
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(RosterDelivery) delivery = NULL;
  g_autoptr(RosterFlushReport) report = NULL;
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(RosterStoreEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = start_scripted (&server, &script);
  g_autofree char *id = queue_request (fixture, request);
  gint64 before = g_get_real_time ();
  gint64 delay;

  delivery = new_delivery (fixture, url, "token");
  report = flush (delivery, &error);
  g_assert_no_error (error);

  entry = roster_store_get_entry (fixture->store, id, NULL);
  g_assert_cmpint (entry->state, ==, ROSTER_REQUEST_STATE_QUEUED);
  delay = (entry->next_attempt_at - before) / G_USEC_PER_SEC;
  g_assert_cmpint (delay, >=, 85);
  g_assert_cmpint (delay, <=, 91);
}

/* A redirect is never followed: nothing reaches its target. */
static void
test_delivery_redirect (Fixture       *fixture,
                        gconstpointer  data)
{
  Script script = { 302, NULL, NULL, 0, 0 };
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(RosterDelivery) delivery = NULL;
  g_autoptr(RosterFlushReport) report = NULL;
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = start_scripted (&server, &script);
  g_autofree char *id = queue_request (fixture, request);

  script.location = g_strconcat (url, "/elsewhere/v1/account-requests", NULL);
  delivery = new_delivery (fixture, url, "token");
  report = flush (delivery, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (script.hits, ==, 1);
  g_assert_cmpuint (script.target_hits, ==, 0);
  g_assert_cmpint (state_of (fixture, id), ==, ROSTER_REQUEST_STATE_ATTENTION);
  g_assert_cmpuint (report->attention, ==, 1);
  g_free (script.location);
}

/* Nobody listening: retried later, with the same key. */
static void
test_delivery_unreachable (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(RosterDelivery) delivery = NULL;
  g_autoptr(RosterFlushReport) report = NULL;
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(RosterOutboxItem) before = NULL;
  g_autoptr(RosterOutboxItem) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = queue_request (fixture, request);

  before = roster_store_get_outbox_item (fixture->store, id, NULL);
  delivery = new_delivery (fixture, "http://127.0.0.1:9", "token");
  report = flush (delivery, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->waiting, ==, 1);

  after = roster_store_get_outbox_item (fixture->store, id, NULL);
  g_assert_cmpint (after->state, ==, ROSTER_REQUEST_STATE_QUEUED);
  g_assert_cmpstr (after->idempotency_key, ==, before->idempotency_key);
  g_assert_true (g_bytes_equal (after->payload, before->payload));
  g_assert_cmpint (after->next_attempt_at, >, g_get_real_time ());
}

/* Only one flush runs at a time, also across processes. */
static void
test_delivery_one_flush (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(RosterDelivery) first = NULL;
  g_autoptr(RosterDelivery) second = NULL;
  g_autoptr(GAsyncResult) first_result = NULL;
  g_autoptr(GAsyncResult) joined_result = NULL;
  g_autoptr(RosterFlushReport) first_report = NULL;
  g_autoptr(RosterFlushReport) joined_report = NULL;
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  start_real_server (fixture);
  id = queue_request (fixture, request);
  first = new_delivery (fixture, fixture->server->base_url, fixture->token);
  second = new_delivery (fixture, fixture->server->base_url, fixture->token);

  roster_delivery_flush_async (first, NULL, flush_done_cb, &first_result);
  roster_delivery_flush_async (first, NULL, flush_done_cb, &joined_result);

  /* The second delivery stands for another process: it finds the lock. */
  g_assert_null (flush (second, &error));
  g_assert_error (error, ROSTER_DELIVERY_ERROR, ROSTER_DELIVERY_ERROR_BUSY);

  while (first_result == NULL || joined_result == NULL)
    g_main_context_iteration (NULL, TRUE);

  first_report = roster_delivery_flush_finish (first, first_result, NULL);
  joined_report = roster_delivery_flush_finish (first, joined_result, NULL);
  g_assert_cmpuint (first_report->sent, ==, 1);
  g_assert_cmpuint (joined_report->sent, ==, 1);
  g_assert_cmpuint (intake_test_count_stored (fixture->server), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/delivery/sends", test_delivery_sends);
  ADD ("/delivery/resends-after-crash", test_delivery_resends_after_crash);
  ADD ("/delivery/token-pauses", test_delivery_token_pauses);
  ADD ("/delivery/returned", test_delivery_returned);
  ADD ("/delivery/scripted-answers", test_delivery_scripted_answers);
  ADD ("/delivery/redirect", test_delivery_redirect);
  ADD ("/delivery/retry-after-date", test_delivery_retry_after_date);
  ADD ("/delivery/unreachable", test_delivery_unreachable);
  ADD ("/delivery/one-flush", test_delivery_one_flush);
#undef ADD

  return g_test_run ();
}
