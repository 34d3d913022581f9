/* test-intake-cluster.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Several hie-roster-intake processes on one PostgreSQL database, as an
 * HIE runs them behind a load balancer: exactly-once across processes,
 * revocation everywhere, a process killed between commit and answer, and
 * PostgreSQL restarting under load. Runs only in the PostgreSQL run of
 * the server suite (on SQLite one process owns the file).
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "intake-test-util.h"
#include "test-scratch.h"

typedef struct
{
  char             *dir;
  char             *db;
  char             *token;
  SoupSession      *session;
  IntakeTestServer *servers[3];
  guint             n_servers;
} Fixture;

static void
fixture_start (Fixture            *fixture,
               guint               n_servers,
               const char * const *extra_args)
{
  fixture->dir = intake_test_make_dir ();
  fixture->db = intake_test_db_address (fixture->dir);
  fixture->token = intake_test_add_token (fixture->db, "Upstate Family Practice");
  fixture->session = intake_test_session_new ();
  fixture->n_servers = n_servers;
  for (guint i = 0; i < n_servers; i++)
    fixture->servers[i] = intake_test_server_start (fixture->dir, extra_args);
}

static void
fixture_stop (Fixture *fixture)
{
  for (guint i = 0; i < fixture->n_servers; i++)
    {
      if (fixture->servers[i] != NULL && g_subprocess_get_identifier (fixture->servers[i]->process) != NULL)
        intake_test_server_stop (fixture->servers[i]);
      g_clear_pointer (&fixture->servers[i], intake_test_server_free);
    }
  g_clear_object (&fixture->session);
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db);
  g_free (fixture->token);
}

static char *
submit_url (IntakeTestServer *server)
{
  return g_strconcat (server->base_url, "/v1/account-requests", NULL);
}

/* The tracking ids `list` shows, in order. */
static GPtrArray *
list_tracking_ids (const char *db)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpint (intake_test_run (db, &out, NULL, "list", NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "HEC-"))
        g_ptr_array_add (ids, g_strndup (lines[i], strcspn (lines[i], "\t")));
    }

  return ids;
}

/* Thirty clients send the same request with the same key at once, spread
 * over three processes. */
static void
test_same_key_over_three_processes (void)
{
  /* A slow commit keeps each insert in flight while the others arrive. */
  static const char * const args[] = { "--rate-limit", "0", "--test-commit-delay-ms", "300", NULL };
  Fixture fixture = { 0 };
  g_autofree char *payload = intake_test_valid_payload ("Robert");
  g_autoptr(GBytes) body = g_bytes_new (payload, strlen (payload));
  g_autofree char *key = intake_test_new_key ();
  g_autofree char *created_body = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  IntakeTestExchange *exchanges[30];
  guint n_answered = 0;
  guint n_in_progress = 0;

  fixture_start (&fixture, 3, args);

  for (guint i = 0; i < G_N_ELEMENTS (exchanges); i++)
    {
      g_autofree char *url = submit_url (fixture.servers[i % 3]);

      exchanges[i] = intake_test_send_async (fixture.session, "POST", url, fixture.token, key,
                                             "application/json", body);
    }

  for (guint i = 0; i < G_N_ELEMENTS (exchanges); i++)
    {
      g_autoptr(IntakeTestResponse) response = intake_test_response_new (exchanges[i]);

      if (response->status == 201 || response->status == 200)
        {
          /* Every success is the same answer, whichever process gave it. */
          if (created_body == NULL)
            created_body = g_strdup (response->body);
          g_assert_cmpstr (response->body, ==, created_body);
          n_answered++;
        }
      else
        {
          g_assert_cmpuint (response->status, ==, 409);
          g_assert_nonnull (strstr (response->body, "request_in_progress"));
          g_assert_nonnull (response->retry_after);
          n_in_progress++;
        }
      intake_test_exchange_free (exchanges[i]);
    }

  g_test_message ("%u answered with the request, %u in progress", n_answered, n_in_progress);
  g_assert_cmpuint (n_answered, >=, 1);

  stored = list_tracking_ids (fixture.db);
  g_assert_cmpuint (stored->len, ==, 1);
  {
    g_autofree char *tracking_id = intake_test_tracking_id_of (created_body);

    g_assert_cmpstr (g_ptr_array_index (stored, 0), ==, tracking_id);
  }

  /* Once stored, every process replays it. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(IntakeTestResponse) replayed = intake_test_post (fixture.session, fixture.servers[i],
                                                                 fixture.token, key, payload, -1);

      g_assert_cmpuint (replayed->status, ==, 201);
      g_assert_cmpstr (replayed->body, ==, created_body);
    }

  fixture_stop (&fixture);
}

/* A practice's two tokens (the old one and its replacement) send one key
 * to two processes: while the first stores it, the second answers 409;
 * then it replays the first's answer. One request is stored. */
static void
test_same_key_from_two_tokens_of_one_organization (void)
{
  static const char * const args[] = { "--rate-limit", "0", "--test-commit-delay-ms", "1500", NULL };
  Fixture fixture = { 0 };
  g_autofree char *payload = intake_test_valid_payload ("Robert");
  g_autoptr(GBytes) body = g_bytes_new (payload, strlen (payload));
  g_autofree char *key = intake_test_new_key ();
  g_autofree char *first_url = NULL;
  g_autofree char *new_token = NULL;
  g_autoptr(IntakeTestExchange) first = NULL;
  g_autoptr(IntakeTestResponse) first_response = NULL;
  g_autoptr(IntakeTestResponse) during = NULL;
  g_autoptr(IntakeTestResponse) after = NULL;
  g_autoptr(GPtrArray) stored = NULL;

  fixture_start (&fixture, 2, args);
  new_token = intake_test_add_token (fixture.db, "Upstate Family Practice");

  first_url = submit_url (fixture.servers[0]);
  first = intake_test_send_async (fixture.session, "POST", first_url, fixture.token, key,
                                  "application/json", body);
  intake_test_sleep (300);
  g_assert_false (first->done);

  during = intake_test_post (fixture.session, fixture.servers[1], new_token, key, payload, -1);
  g_assert_cmpuint (during->status, ==, 409);
  g_assert_nonnull (strstr (during->body, "request_in_progress"));

  first_response = intake_test_response_new (first);
  g_assert_cmpuint (first_response->status, ==, 201);

  after = intake_test_post (fixture.session, fixture.servers[1], new_token, key, payload, -1);
  g_assert_cmpuint (after->status, ==, 201);
  g_assert_cmpstr (after->body, ==, first_response->body);

  stored = list_tracking_ids (fixture.db);
  g_assert_cmpuint (stored->len, ==, 1);

  fixture_stop (&fixture);
}

static guint
health_status (Fixture          *fixture,
               IntakeTestServer *server)
{
  g_autofree char *url = g_strconcat (server->base_url, "/v1/health", NULL);
  g_autoptr(IntakeTestResponse) response = NULL;

  response = intake_test_request (fixture->session, "GET", url, fixture->token, NULL, NULL, NULL);
  return response->status;
}

/* `token revoke` (its own process) stops the token in both servers; the
 * promise is "within a second", and it holds at once. */
static void
test_revoke_reaches_every_process (void)
{
  Fixture fixture = { 0 };
  gint64 revoked_at;

  fixture_start (&fixture, 2, NULL);

  g_assert_cmpuint (health_status (&fixture, fixture.servers[0]), ==, 200);
  g_assert_cmpuint (health_status (&fixture, fixture.servers[1]), ==, 200);

  g_assert_cmpint (intake_test_run (fixture.db, NULL, NULL, "token", "revoke", "1", NULL), ==, 0);
  revoked_at = g_get_monotonic_time ();

  g_assert_cmpuint (health_status (&fixture, fixture.servers[1]), ==, 401);
  g_assert_cmpuint (health_status (&fixture, fixture.servers[0]), ==, 401);
  g_assert_cmpint (g_get_monotonic_time () - revoked_at, <, G_USEC_PER_SEC);

  fixture_stop (&fixture);
}

/* A process is killed after its commit, before its answer: the client
 * gets no answer, resends to another process, and gets the original. */
static void
test_killed_between_commit_and_answer (void)
{
  static const char * const slow_answer[] = { "--test-answer-delay-ms", "3000", NULL };
  Fixture fixture = { 0 };
  g_autofree char *payload = intake_test_valid_payload ("Robert");
  g_autoptr(GBytes) body = g_bytes_new (payload, strlen (payload));
  g_autofree char *key = intake_test_new_key ();
  g_autofree char *url = NULL;
  g_autofree char *tracking_id = NULL;
  g_autoptr(IntakeTestServer) other = NULL;
  g_autoptr(IntakeTestResponse) resent = NULL;
  IntakeTestExchange *exchange;
  gint64 deadline;

  fixture_start (&fixture, 1, slow_answer);
  other = intake_test_server_start (fixture.dir, NULL);

  url = submit_url (fixture.servers[0]);
  exchange = intake_test_send_async (fixture.session, "POST", url, fixture.token, key,
                                     "application/json", body);

  /* Wait until the commit is visible, then kill before the answer. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr(GPtrArray) stored = list_tracking_ids (fixture.db);

      if (stored->len == 1)
        {
          tracking_id = g_strdup (g_ptr_array_index (stored, 0));
          break;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      intake_test_sleep (50);
    }
  intake_test_server_kill (fixture.servers[0]);

  intake_test_wait (exchange);
  g_assert_nonnull (exchange->error);
  intake_test_exchange_free (exchange);

  resent = intake_test_post (fixture.session, other, fixture.token, key, payload, -1);
  g_assert_cmpuint (resent->status, ==, 201);
  {
    g_autofree char *answered = intake_test_tracking_id_of (resent->body);

    g_assert_cmpstr (answered, ==, tracking_id);
  }

  intake_test_server_stop (other);
  fixture_stop (&fixture);
}

/* Posts as a client does after a 503: again after the Retry-After it was
 * given, until accepted or @timeout_seconds pass. A process whose
 * connection broke in the restart answers 503 for a moment after
 * PostgreSQL is back (it waits a second between reconnection attempts),
 * so the first resend may well be refused. */
static IntakeTestResponse *
post_until_accepted (Fixture          *fixture,
                     IntakeTestServer *server,
                     const char       *key,
                     const char       *payload,
                     guint             timeout_seconds)
{
  gint64 deadline = g_get_monotonic_time () + timeout_seconds * G_USEC_PER_SEC;

  for (;;)
    {
      IntakeTestResponse *response = intake_test_post (fixture->session, server, fixture->token,
                                                       key, payload, -1);
      guint64 wait_seconds;

      if (response->status != 503 || g_get_monotonic_time () >= deadline)
        return response;

      g_assert_nonnull (response->retry_after);
      wait_seconds = g_ascii_strtoull (response->retry_after, NULL, 10);
      g_assert_cmpuint (wait_seconds, >=, 1);
      g_assert_cmpuint (wait_seconds, <=, 60);
      intake_test_response_free (response);
      intake_test_sleep (MIN (wait_seconds, 2) * 1000);
    }
}

/* PostgreSQL restarts while clients submit: each request is stored once
 * or answered 503 with Retry-After; after resending the 503s, every
 * acknowledged request is there, once. */
static void
test_database_restart_under_load (void)
{
  static const char * const args[] = { "--rate-limit", "0", NULL };
  Fixture fixture = { 0 };
  g_autofree char *url = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) acknowledged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) stored = NULL;
  guint n_unavailable = 0;
  const guint n_rounds = 6;
  const guint n_per_round = 8;

  fixture_start (&fixture, 2, args);

  for (guint round = 0; round < n_rounds; round++)
    {
      IntakeTestExchange *exchanges[8];
      guint first = keys->len;

      for (guint i = 0; i < n_per_round; i++)
        {
          g_autofree char *name = g_strdup_printf ("Robert%u", keys->len);
          g_autoptr(GBytes) body = NULL;
          char *payload = intake_test_valid_payload (name);

          body = g_bytes_new (payload, strlen (payload));
          g_ptr_array_add (payloads, payload);
          g_ptr_array_add (keys, intake_test_new_key ());
          g_clear_pointer (&url, g_free);
          url = submit_url (fixture.servers[i % 2]);
          exchanges[i] = intake_test_send_async (fixture.session, "POST", url, fixture.token,
                                                 g_ptr_array_index (keys, keys->len - 1),
                                                 "application/json", body);
        }

      /* Mid-way, with requests in flight (sent, not yet answered). */
      if (round == n_rounds / 2)
        {
          intake_test_sleep (20);
          intake_test_pg_restart ();
        }

      for (guint i = 0; i < n_per_round; i++)
        {
          g_autoptr(IntakeTestResponse) response = intake_test_response_new (exchanges[i]);
          const char *key = g_ptr_array_index (keys, first + i);

          if (response->status == 201)
            g_hash_table_insert (acknowledged, g_strdup (key), intake_test_tracking_id_of (response->body));
          else
            {
              g_assert_cmpuint (response->status, ==, 503);
              g_assert_nonnull (response->retry_after);
              n_unavailable++;
            }
          intake_test_exchange_free (exchanges[i]);
        }
    }

  /* The clients resend what got 503 (and, to be sure, everything). */
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      const char *earlier = g_hash_table_lookup (acknowledged, key);
      g_autoptr(IntakeTestResponse) resent = NULL;
      g_autofree char *tracking_id = NULL;

      resent = post_until_accepted (&fixture, fixture.servers[i % 2], key,
                                    g_ptr_array_index (payloads, i), 30);
      g_assert_cmpuint (resent->status, ==, 201);
      tracking_id = intake_test_tracking_id_of (resent->body);
      if (earlier != NULL)
        g_assert_cmpstr (tracking_id, ==, earlier);
    }

  g_test_message ("%u requests, %u answered 503 during the restart", keys->len, n_unavailable);

  /* None lost, none twice. */
  stored = list_tracking_ids (fixture.db);
  g_assert_cmpuint (stored->len, ==, keys->len);

  fixture_stop (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  if (!intake_test_store_is_postgresql ())
    {
      g_print ("1..0 # SKIP several processes need PostgreSQL (the postgresql run of this test)\n");
      return 0;
    }

  /* The PostgreSQL run without PostgreSQL installed: skip, saying why. */
  if (!intake_test_store_init ())
    return 0;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/intake/cluster/same-key-over-three-processes", test_same_key_over_three_processes);
  g_test_add_func ("/intake/cluster/same-key-from-two-tokens-of-one-organization",
                   test_same_key_from_two_tokens_of_one_organization);
  g_test_add_func ("/intake/cluster/revoke-reaches-every-process", test_revoke_reaches_every_process);
  g_test_add_func ("/intake/cluster/killed-between-commit-and-answer", test_killed_between_commit_and_answer);
  g_test_add_func ("/intake/cluster/database-restart-under-load", test_database_restart_under_load);

  return g_test_run ();
}
