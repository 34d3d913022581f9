/* test-intake-http.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The intake contract (data/intake-api.md, "Endpoints") over real HTTP:
 * the real hie-roster-intake program on 127.0.0.1, a scratch database,
 * every status code from real requests, idempotency under concurrency,
 * group commit (and a batch whose commit fails), and hostile input.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "intake-test-util.h"
#include "test-scratch.h"

typedef struct
{
  char             *dir;
  IntakeTestServer *server;
  SoupSession      *session;
  char             *token;
  char             *submit_url;
} Fixture;

static void
fixture_start (Fixture            *fixture,
               const char * const *extra_args)
{
  g_autofree char *db_path = NULL;

  fixture->dir = intake_test_make_dir ();
  db_path = intake_test_db_address (fixture->dir);
  fixture->token = intake_test_add_token (db_path, "Upstate Family Practice");
  fixture->server = intake_test_server_start (fixture->dir, extra_args);
  fixture->session = intake_test_session_new ();
  fixture->submit_url = g_strconcat (fixture->server->base_url, "/v1/account-requests", NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const args[] = { "--rate-limit", "0", NULL };

  fixture_start (fixture, data ? data : args);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* A clean exit on SIGTERM is part of every test. */
  intake_test_server_stop (fixture->server);
  g_clear_pointer (&fixture->server, intake_test_server_free);
  g_clear_object (&fixture->session);
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->token);
  g_free (fixture->submit_url);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
assert_error_code (IntakeTestResponse *response,
                   guint               status,
                   const char         *code)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (response->content_type, ==, "application/json; charset=utf-8");
  node = parse_json (response->body);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, code);
  g_assert_true (strlen (json_object_get_string_member (object, "message")) > 0);
}

static char *
tracking_id_of (IntakeTestResponse *response)
{
  g_autoptr(JsonNode) node = parse_json (response->body);

  return g_strdup (json_object_get_string_member (json_node_get_object (node), "tracking_id"));
}

static guint
count_stored (Fixture *fixture)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  guint count = 0;

  g_assert_cmpint (intake_test_run (fixture->server->db_path, &out, NULL, "list", NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "HEC-"))
      count++;

  return count;
}

/* Health ---------------------------------------------------------------- */

static void
test_health (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *url = g_strconcat (fixture->server->base_url, "/v1/health", NULL);
  g_autoptr(IntakeTestResponse) with_token = NULL;
  g_autoptr(IntakeTestResponse) bad_token = NULL;

  intake_test_assert_healthy (fixture->session, fixture->server);

  with_token = intake_test_request (fixture->session, "GET", url, fixture->token, NULL, NULL, NULL);
  g_assert_cmpuint (with_token->status, ==, 200);

  /* A token that is sent is checked, so a client can test its settings. */
  bad_token = intake_test_request (fixture->session, "GET", url, "hrt_nope", NULL, NULL, NULL);
  assert_error_code (bad_token, 401, "unauthorized");
  g_assert_cmpstr (bad_token->www_authenticate, ==, "Bearer");
}

/* Submissions ----------------------------------------------------------- */

static void
test_created_and_replayed (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *payload = intake_test_valid_payload ("Robert");
  g_autofree char *key = intake_test_new_key ();
  g_autofree char *upper_key = g_ascii_strup (key, -1);
  g_autofree char *tracking_id = NULL;
  g_autofree char *location = NULL;
  g_autoptr(IntakeTestResponse) first = NULL;
  g_autoptr(IntakeTestResponse) again = NULL;
  g_autoptr(IntakeTestResponse) upper = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  first = intake_test_post (fixture->session, fixture->server, fixture->token, key, payload, -1);
  g_assert_cmpuint (first->status, ==, 201);
  g_assert_cmpstr (first->content_type, ==, "application/json; charset=utf-8");

  node = parse_json (first->body);
  object = json_node_get_object (node);
  tracking_id = g_strdup (json_object_get_string_member (object, "tracking_id"));
  g_assert_true (g_regex_match_simple ("^HEC-[0-9A-HJKMNP-TV-Z]{16}$", tracking_id, 0, 0));
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$",
                                       json_object_get_string_member (object, "received_at"), 0, 0));
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "received");
  location = g_strconcat ("/v1/account-requests/", tracking_id, NULL);
  g_assert_cmpstr (first->location, ==, location);

  /* The same key and bytes: the original answer, byte for byte. */
  again = intake_test_post (fixture->session, fixture->server, fixture->token, key, payload, -1);
  g_assert_cmpuint (again->status, ==, 201);
  g_assert_cmpstr (again->body, ==, first->body);
  g_assert_cmpstr (again->location, ==, location);

  /* A UUID is the same key in either case. */
  upper = intake_test_post (fixture->session, fixture->server, fixture->token, upper_key, payload, -1);
  g_assert_cmpuint (upper->status, ==, 201);
  g_assert_cmpstr (upper->body, ==, first->body);

  g_assert_cmpuint (count_stored (fixture), ==, 1);
}

static void
test_key_reused_with_other_body (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *payload = intake_test_valid_payload ("Robert");
  g_autofree char *other = intake_test_valid_payload ("Roberta");
  g_autofree char *key = intake_test_new_key ();
  g_autoptr(IntakeTestResponse) first = NULL;
  g_autoptr(IntakeTestResponse) second = NULL;
  g_autoptr(IntakeTestResponse) spaced = NULL;

  first = intake_test_post (fixture->session, fixture->server, fixture->token, key, payload, -1);
  g_assert_cmpuint (first->status, ==, 201);

  second = intake_test_post (fixture->session, fixture->server, fixture->token, key, other, -1);
  assert_error_code (second, 422, "idempotency_key_reused");

  /* Bytes, not meaning: one more space is another body. */
  {
    g_autofree char *with_space = g_strconcat (payload, " ", NULL);

    spaced = intake_test_post (fixture->session, fixture->server, fixture->token, key, with_space, -1);
    assert_error_code (spaced, 422, "idempotency_key_reused");
  }

  g_assert_cmpuint (count_stored (fixture), ==, 1);
}

/* A used key is looked up before a failed check is answered: the key's
 * answer wins over the payload's errors, whatever those are. */
static void
test_key_reused_with_failing_body (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autofree char *payload = intake_test_valid_payload ("Robert");
  g_autofree char *key = intake_test_new_key ();
  g_autoptr(GString) wrong_npi = g_string_new (payload);
  g_autoptr(IntakeTestResponse) first = NULL;
  g_autoptr(IntakeTestResponse) field_errors = NULL;
  g_autoptr(IntakeTestResponse) malformed = NULL;
  g_autoptr(IntakeTestResponse) fresh = NULL;

  first = intake_test_post (fixture->session, fixture->server, fixture->token, key, payload, -1);
  g_assert_cmpuint (first->status, ==, 201);

  g_string_replace (wrong_npi, "\"npi\":\"1144778853\"", "\"npi\":\"1144778850\"", 1);
  field_errors = intake_test_post (fixture->session, fixture->server, fixture->token, key, wrong_npi->str, -1);
  assert_error_code (field_errors, 422, "idempotency_key_reused");

  malformed = intake_test_post (fixture->session, fixture->server, fixture->token, key, "{\"form\":", -1);
  assert_error_code (malformed, 422, "idempotency_key_reused");

  /* With a new key, the same bytes get the check's own answer. */
  {
    g_autofree char *new_key = intake_test_new_key ();

    fresh = intake_test_post (fixture->session, fixture->server, fixture->token, new_key, "{\"form\":", -1);
    assert_error_code (fresh, 400, "malformed_json");
  }

  g_assert_cmpuint (count_stored (fixture), ==, 1);
}

static void
test_keys_are_per_token (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *other_token = intake_test_add_token (fixture->server->db_path, "Lakeside Clinic");
  g_autofree char *payload = intake_test_valid_payload ("Robert");
  g_autofree char *key = intake_test_new_key ();
  g_autofree char *first_id = NULL;
  g_autofree char *second_id = NULL;
  g_autofree char *status_url = NULL;
  g_autoptr(IntakeTestResponse) first = NULL;
  g_autoptr(IntakeTestResponse) second = NULL;
  g_autoptr(IntakeTestResponse) own = NULL;
  g_autoptr(IntakeTestResponse) foreign = NULL;
  g_autoptr(IntakeTestResponse) unknown = NULL;
  g_autoptr(IntakeTestResponse) no_token = NULL;

  first = intake_test_post (fixture->session, fixture->server, fixture->token, key, payload, -1);
  second = intake_test_post (fixture->session, fixture->server, other_token, key, payload, -1);
  g_assert_cmpuint (first->status, ==, 201);
  g_assert_cmpuint (second->status, ==, 201);
  first_id = tracking_id_of (first);
  second_id = tracking_id_of (second);
  g_assert_cmpstr (first_id, !=, second_id);

  /* Only the submitting token sees a request; for any other it does not exist. */
  status_url = g_strconcat (fixture->submit_url, "/", first_id, NULL);
  own = intake_test_request (fixture->session, "GET", status_url, fixture->token, NULL, NULL, NULL);
  g_assert_cmpuint (own->status, ==, 200);
  foreign = intake_test_request (fixture->session, "GET", status_url, other_token, NULL, NULL, NULL);
  assert_error_code (foreign, 404, "not_found");

  {
    g_autofree char *url = g_strconcat (fixture->submit_url, "/HEC-0000000000000000", NULL);

    unknown = intake_test_request (fixture->session, "GET", url, fixture->token, NULL, NULL, NULL);
    assert_error_code (unknown, 404, "not_found");
  }

  no_token = intake_test_request (fixture->session, "GET", status_url, NULL, NULL, NULL, NULL);
  assert_error_code (no_token, 401, "unauthorized");
}

/* A practice replaces its token while a request waits in its outbox: the
 * resend with the new token and the same key is the same request, and
 * gets the original answer; another organization's same key is another
 * request. */
static void
test_key_survives_token_rotation (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *payload = intake_test_valid_payload ("Robert");
  g_autofree char *other = intake_test_valid_payload ("Roberta");
  g_autofree char *key = intake_test_new_key ();
  g_autofree char *new_token = NULL;
  g_autofree char *other_organization = NULL;
  g_autofree char *tracking_id = NULL;
  g_autofree char *status_url = NULL;
  g_autoptr(IntakeTestResponse) first = NULL;
  g_autoptr(IntakeTestResponse) old_token = NULL;
  g_autoptr(IntakeTestResponse) resent = NULL;
  g_autoptr(IntakeTestResponse) changed = NULL;
  g_autoptr(IntakeTestResponse) status = NULL;
  g_autoptr(IntakeTestResponse) elsewhere = NULL;

  first = intake_test_post (fixture->session, fixture->server, fixture->token, key, payload, -1);
  g_assert_cmpuint (first->status, ==, 201);
  tracking_id = tracking_id_of (first);

  /* The fixture's token is the database's first. */
  new_token = intake_test_add_token (fixture->server->db_path, "Upstate Family Practice");
  g_assert_cmpint (intake_test_run (fixture->server->db_path, NULL, NULL, "token", "revoke", "1", NULL), ==, 0);
  old_token = intake_test_post (fixture->session, fixture->server, fixture->token, key, payload, -1);
  assert_error_code (old_token, 401, "unauthorized");

  resent = intake_test_post (fixture->session, fixture->server, new_token, key, payload, -1);
  g_assert_cmpuint (resent->status, ==, 201);
  g_assert_cmpstr (resent->body, ==, first->body);
  g_assert_cmpstr (resent->location, ==, first->location);
  g_assert_cmpuint (count_stored (fixture), ==, 1);

  /* The key is still bound to its body, whichever token sends it. */
  changed = intake_test_post (fixture->session, fixture->server, new_token, key, other, -1);
  assert_error_code (changed, 422, "idempotency_key_reused");

  /* And the new token can follow the request it now has the answer of. */
  status_url = g_strconcat (fixture->submit_url, "/", tracking_id, NULL);
  status = intake_test_request (fixture->session, "GET", status_url, new_token, NULL, NULL, NULL);
  g_assert_cmpuint (status->status, ==, 200);

  other_organization = intake_test_add_token (fixture->server->db_path, "Lakeside Clinic");
  elsewhere = intake_test_post (fixture->session, fixture->server, other_organization, key, payload, -1);
  g_assert_cmpuint (elsewhere->status, ==, 201);
  {
    g_autofree char *elsewhere_id = tracking_id_of (elsewhere);

    g_assert_cmpstr (elsewhere_id, !=, tracking_id);
  }
  g_assert_cmpuint (count_stored (fixture), ==, 2);
}

static void
test_header_errors (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *payload = intake_test_valid_payload ("Robert");
  g_autoptr(GBytes) body = g_bytes_new (payload, strlen (payload));
  g_autofree char *key = intake_test_new_key ();
  g_autofree char *revoked_token = intake_test_add_token (fixture->server->db_path, "Gone Clinic");
  g_autofree char *tokens = NULL;
  struct {
    const char *token;
    const char *key;
    const char *content_type;
    guint       status;
    const char *code;
  } cases[] = {
    { NULL, key, "application/json", 401, "unauthorized" },
    { "hrt_unknown", key, "application/json", 401, "unauthorized" },
    { "not a token!", key, "application/json", 401, "unauthorized" },
    { revoked_token, key, "application/json", 401, "unauthorized" },
    /* 401 comes before everything else. */
    { NULL, NULL, "text/plain", 401, "unauthorized" },
    { fixture->token, key, "text/plain", 415, "unsupported_media_type" },
    { fixture->token, key, "application/json; charset=latin-1", 415, "unsupported_media_type" },
    { fixture->token, key, "application/jsonx", 415, "unsupported_media_type" },
    { fixture->token, NULL, "application/json", 400, "missing_idempotency_key" },
    { fixture->token, "12345", "application/json", 400, "invalid_idempotency_key" },
    { fixture->token, "0b8f3c1e-6a4d-4f57-9a51-2f1e8c7d9b4g", "application/json", 400, "invalid_idempotency_key" },
    { fixture->token, "0b8f3c1e6a4d-4f57-9a51-2f1e8c7d9b40a", "application/json", 400, "invalid_idempotency_key" },
  };

  /* Revoke the third organization's token (id 2: the fixture's is 1). */
  g_assert_cmpint (intake_test_run (fixture->server->db_path, NULL, NULL, "token", "revoke", "2", NULL), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(IntakeTestResponse) response = NULL;

      g_test_message ("case %u", i);
      response = intake_test_request (fixture->session, "POST", fixture->submit_url,
                                      cases[i].token, cases[i].key, cases[i].content_type, body);
      assert_error_code (response, cases[i].status, cases[i].code);
      if (cases[i].status == 401)
        g_assert_cmpstr (response->www_authenticate, ==, "Bearer");
    }

  /* charset=utf-8 in any case is fine. */
  {
    g_autoptr(IntakeTestResponse) response = NULL;

    response = intake_test_request (fixture->session, "POST", fixture->submit_url, fixture->token,
                                    key, "application/json; charset=UTF-8", body);
    g_assert_cmpuint (response->status, ==, 201);
  }

  g_assert_cmpuint (count_stored (fixture), ==, 1);
}

static void
test_other_routes (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *root = g_strconcat (fixture->server->base_url, "/", NULL);
  g_autofree char *health = g_strconcat (fixture->server->base_url, "/v1/health", NULL);
  g_autoptr(IntakeTestResponse) not_found = NULL;
  g_autoptr(IntakeTestResponse) get_collection = NULL;
  g_autoptr(IntakeTestResponse) post_health = NULL;

  not_found = intake_test_request (fixture->session, "GET", root, fixture->token, NULL, NULL, NULL);
  assert_error_code (not_found, 404, "not_found");

  get_collection = intake_test_request (fixture->session, "GET", fixture->submit_url, fixture->token, NULL, NULL, NULL);
  assert_error_code (get_collection, 405, "method_not_allowed");

  post_health = intake_test_request (fixture->session, "DELETE", health, NULL, NULL, NULL, NULL);
  assert_error_code (post_health, 405, "method_not_allowed");
}

static void
test_field_errors (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *payload = intake_test_valid_payload ("Robert");
  g_autofree char *key = intake_test_new_key ();
  g_autofree char *broken = NULL;
  g_autoptr(IntakeTestResponse) refused = NULL;
  g_autoptr(IntakeTestResponse) fixed = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *errors;

  /* A wrong NPI check digit and a missing last name. */
  {
    g_autoptr(GString) text = g_string_new (payload);

    g_string_replace (text, "\"npi\":\"1144778853\"", "\"npi\":\"1144778850\"", 1);
    g_string_replace (text, "\"last_name\":\"Chen\",", "", 1);
    broken = g_string_free (g_steal_pointer (&text), FALSE);
  }

  refused = intake_test_post (fixture->session, fixture->server, fixture->token, key, broken, -1);
  g_assert_cmpuint (refused->status, ==, 422);
  node = parse_json (refused->body);
  errors = json_object_get_array_member (json_node_get_object (node), "errors");
  g_assert_cmpuint (json_array_get_length (errors), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 0), "field"), ==, "user.last_name");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 1), "field"), ==, "user.npi");

  /* A refused submission does not bind its key. */
  fixed = intake_test_post (fixture->session, fixture->server, fixture->token, key, payload, -1);
  g_assert_cmpuint (fixed->status, ==, 201);
}

/* The New User Request is served by the same tables: created with a
 * tracking id and a status, checked field by field, and a version of it
 * the server does not know is refused naming the form. */
static void
test_new_user_form (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *payload = intake_test_valid_new_user_payload ("Grace");
  g_autofree char *key = intake_test_new_key ();
  g_autofree char *status_url = NULL;
  g_autofree char *untrained = NULL;
  g_autofree char *version_2 = NULL;
  g_autoptr(IntakeTestResponse) created = NULL;
  g_autoptr(IntakeTestResponse) status = NULL;
  g_autoptr(IntakeTestResponse) refused = NULL;
  g_autoptr(IntakeTestResponse) unknown = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) status_node = NULL;
  g_autoptr(JsonNode) refused_node = NULL;
  JsonArray *errors;

  {
    g_autoptr(GString) text = g_string_new (payload);

    g_string_replace (text, "\"completed\":true", "\"completed\":false", 1);
    g_string_replace (text, "\"npi\":\"1245319599\",", "", 1);
    untrained = g_string_free (g_steal_pointer (&text), FALSE);
  }
  {
    g_autoptr(GString) text = g_string_new (payload);

    g_string_replace (text, "\"form_version\":1", "\"form_version\":2", 1);
    version_2 = g_string_free (g_steal_pointer (&text), FALSE);
  }

  refused = intake_test_post (fixture->session, fixture->server, fixture->token, key, untrained, -1);
  g_assert_cmpuint (refused->status, ==, 422);
  refused_node = parse_json (refused->body);
  errors = json_object_get_array_member (json_node_get_object (refused_node), "errors");
  g_assert_cmpuint (json_array_get_length (errors), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 0), "field"), ==, "user.npi");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 1), "field"), ==, "training.completed");

  unknown = intake_test_post (fixture->session, fixture->server, fixture->token, key, version_2, -1);
  g_assert_cmpuint (unknown->status, ==, 400);
  assert_error_code (unknown, 400, "unsupported_form");

  created = intake_test_post (fixture->session, fixture->server, fixture->token, key, payload, -1);
  g_assert_cmpuint (created->status, ==, 201);
  node = parse_json (created->body);
  g_assert_true (g_regex_match_simple ("^HEC-[0-9A-HJKMNP-TV-Z]{16}$",
                                       json_object_get_string_member (json_node_get_object (node), "tracking_id"), 0, 0));
  g_assert_cmpuint (count_stored (fixture), ==, 1);

  status_url = g_strconcat (fixture->server->base_url, created->location, NULL);
  status = intake_test_request (fixture->session, "GET", status_url, fixture->token, NULL, NULL, NULL);
  g_assert_cmpuint (status->status, ==, 200);
  status_node = parse_json (status->body);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (status_node), "status"), ==, "received");
}

static char *
nested (guint depth)
{
  return g_strnfill (depth, '[');
}

static void
test_bad_bodies (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *valid = intake_test_valid_payload ("Robert");
  g_autofree char *deep = nested (100000);
  g_autofree char *bom = g_strconcat ("\xef\xbb\xbf", valid, NULL);
  g_autofree char *invalid_utf8 = intake_test_valid_payload ("Rob\xff\xfe");
  g_autofree char *ten_megabytes = NULL;
  gsize ten_megabytes_length = 10 * 1024 * 1024;
  struct {
    const char *name;
    const char *body;
    gssize      length;
    guint       status;
    const char *code;
    const char *field;
  } cases[] = {
    { "empty", "", 0, 400, "malformed_json", NULL },
    { "null", "null", -1, 400, "malformed_json", NULL },
    { "top-level array", "[]", -1, 400, "malformed_json", NULL },
    { "100,000 nested [", deep, -1, 400, "malformed_json", NULL },
    { "invalid UTF-8", invalid_utf8, -1, 400, "malformed_json", NULL },
    { "byte-order mark", bom, -1, 400, "malformed_json", NULL },
    { "duplicate keys",
      "{\"form\":\"hec.account-change\",\"form\":\"hec.account-change\",\"form_version\":1,\"answers\":{}}",
      -1, 400, "malformed_json", NULL },
    { "integer out of range",
      "{\"form\":\"hec.account-change\",\"form_version\":99999999999999999999,\"answers\":{}}",
      -1, 400, "malformed_json", NULL },
    { "trailing content", "{}{}", -1, 400, "malformed_json", NULL },
    { "comment", "{/* hi */}", -1, 400, "malformed_json", NULL },
    { "NUL escape", "{\"form\":\"\\u0000\"}", -1, 400, "malformed_json", NULL },
    { "unknown form",
      "{\"form\":\"hec.ordering-privileges\",\"form_version\":1,\"answers\":{}}",
      -1, 400, "unsupported_form", NULL },
    { "version as a string",
      "{\"form\":\"hec.account-change\",\"form_version\":\"1\",\"answers\":{}}",
      -1, 400, "unsupported_form", NULL },
    { "version 2",
      "{\"form\":\"hec.account-change\",\"form_version\":2,\"answers\":{}}",
      -1, 400, "unsupported_form", NULL },
    { "answers not an object",
      "{\"form\":\"hec.account-change\",\"form_version\":1,\"answers\":[]}",
      -1, 400, "malformed_json", NULL },
    { "wrong type",
      "{\"form\":\"hec.account-change\",\"form_version\":1,\"answers\":{\"action\":5}}",
      -1, 422, NULL, "action" },
    { "boolean as a string",
      "{\"form\":\"hec.account-change\",\"form_version\":1,\"answers\":{\"attestation\":{\"authorized\":\"true\"}}}",
      -1, 422, NULL, "attestation.authorized" },
    { "unknown field",
      "{\"form\":\"hec.account-change\",\"form_version\":1,\"answers\":{\"favourite_colour\":\"blue\"}}",
      -1, 422, NULL, "favourite_colour" },
    { "unknown envelope member",
      "{\"form\":\"hec.account-change\",\"form_version\":1,\"answers\":{},\"extra\":true}",
      -1, 422, NULL, "extra" },
    { "10 MB", NULL, 0, 413, "payload_too_large", NULL },
  };

  ten_megabytes = g_malloc (ten_megabytes_length);
  memset (ten_megabytes, ' ', ten_megabytes_length);
  ten_megabytes[0] = '{';
  ten_megabytes[ten_megabytes_length - 1] = '}';
  cases[G_N_ELEMENTS (cases) - 1].body = ten_megabytes;
  cases[G_N_ELEMENTS (cases) - 1].length = ten_megabytes_length;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = intake_test_new_key ();
      g_autoptr(IntakeTestResponse) response = NULL;

      g_test_message ("bad body: %s", cases[i].name);
      response = intake_test_post (fixture->session, fixture->server, fixture->token, key,
                                   cases[i].body, cases[i].length);
      if (cases[i].code != NULL)
        assert_error_code (response, cases[i].status, cases[i].code);
      else
        {
          g_autoptr(JsonNode) node = parse_json (response->body);
          JsonArray *errors = json_object_get_array_member (json_node_get_object (node), "errors");
          gboolean found = FALSE;

          g_assert_cmpuint (response->status, ==, cases[i].status);
          for (guint j = 0; j < json_array_get_length (errors); j++)
            if (g_str_equal (json_object_get_string_member (json_array_get_object_element (errors, j), "field"),
                             cases[i].field))
              found = TRUE;
          g_assert_true (found);
        }

      /* Still healthy after each one. */
      intake_test_assert_healthy (fixture->session, fixture->server);
    }

  g_assert_cmpuint (count_stored (fixture), ==, 0);
}

/* Bodies sent in chunks, with no Content-Length: the limit is enforced
 * while reading, and nothing over it is kept. */
static void
test_chunked_bodies (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *valid = intake_test_valid_payload ("Robert");
  g_autofree char *key = intake_test_new_key ();
  g_autofree char *small = NULL;
  g_autoptr(GString) large = g_string_new (NULL);
  g_autofree char *answer = NULL;
  g_autofree char *chunk = g_strnfill (64 * 1024, ' ');

  small = g_strdup_printf ("POST /v1/account-requests HTTP/1.1\r\n"
                           "Host: 127.0.0.1\r\n"
                           "Authorization: Bearer %s\r\n"
                           "Idempotency-Key: %s\r\n"
                           "Content-Type: application/json\r\n"
                           "Transfer-Encoding: chunked\r\n"
                           "Connection: close\r\n"
                           "\r\n"
                           "%zx\r\n%s\r\n0\r\n\r\n",
                           fixture->token, key, strlen (valid), valid);
  answer = intake_test_raw (fixture->server->port, small, strlen (small), 10);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 201 "));
  g_clear_pointer (&answer, g_free);

  g_string_append_printf (large,
                          "POST /v1/account-requests HTTP/1.1\r\n"
                          "Host: 127.0.0.1\r\n"
                          "Authorization: Bearer %s\r\n"
                          "Idempotency-Key: %s\r\n"
                          "Content-Type: application/json\r\n"
                          "Transfer-Encoding: chunked\r\n"
                          "Connection: close\r\n"
                          "\r\n",
                          fixture->token, key);
  for (guint i = 0; i < 8; i++)
    g_string_append_printf (large, "%x\r\n%s\r\n", 64 * 1024, chunk);
  g_string_append (large, "0\r\n\r\n");
  answer = intake_test_raw (fixture->server->port, large->str, large->len, 10);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 413 "));

  g_assert_cmpuint (count_stored (fixture), ==, 1);
  intake_test_assert_healthy (fixture->session, fixture->server);
}

/* Malformed HTTP, oversized headers, a client that stops sending: each is
 * cut off, and the server carries on. */
static void
test_hostile_connections (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *garbage = NULL;
  g_autofree char *huge_header = NULL;
  g_autofree char *slow = NULL;
  g_autoptr(GString) request = g_string_new ("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: ");
  gint64 started;

  garbage = intake_test_raw (fixture->server->port, "\x01\x02\xff garbage\r\n\r\n", 16, 10);
  g_assert_true (g_str_has_prefix (garbage, "HTTP/1.0 400 ") || garbage[0] == '\0');

  /* 256 KiB of one header: libsoup's 64 KiB header limit closes it. */
  for (guint i = 0; i < 256 * 1024; i++)
    g_string_append_c (request, 'a');
  g_string_append (request, "\r\n\r\n");
  huge_header = intake_test_raw (fixture->server->port, request->str, request->len, 10);
  g_assert_false (g_str_has_prefix (huge_header, "HTTP/1.1 200"));

  /* Half a request line, then nothing: the time limit (2 s here) ends it
   * long before the client's own 20 s timeout. */
  started = g_get_monotonic_time ();
  slow = intake_test_raw (fixture->server->port, "GET /v1/hea", 11, 20);
  g_assert_cmpstr (slow, ==, "");
  g_assert_cmpint (g_get_monotonic_time () - started, <, 15 * G_USEC_PER_SEC);

  intake_test_assert_healthy (fixture->session, fixture->server);
}

/* The server's resident memory, in KiB. */
static long
server_rss_kib (Fixture *fixture)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status",
                                           g_subprocess_get_identifier (fixture->server->process));
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  line = strstr (status, "VmRSS:");
  g_assert_nonnull (line);

  return strtol (line + strlen ("VmRSS:"), NULL, 10);
}

/* Heads that libsoup 3.2.3 leaks the request path on are answered by the
 * server's gate before libsoup sees them: in the contract's error form,
 * and without the leak (500 of them with 60 KiB paths would have cost
 * the server 30 MB). A connection carries one request. */
static void
test_head_gate (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *long_path = g_strnfill (60 * 1024, 'a');
  g_autofree char *unknown_encoding = NULL;
  g_autofree char *answer = NULL;
  const char *slash_in_host = "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1/x\r\n\r\n";
  const char *two_requests = "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                             "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  long rss_before;
  long rss_after;

  unknown_encoding = g_strdup_printf ("GET /v1/%s HTTP/1.1\r\n"
                                      "Host: 127.0.0.1\r\n"
                                      "Transfer-Encoding: gzip\r\n"
                                      "\r\n",
                                      long_path);

  answer = intake_test_raw (fixture->server->port, unknown_encoding, strlen (unknown_encoding), 10);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 501 "));
  g_assert_nonnull (strstr (answer, "\r\nConnection: close\r\n"));
  g_assert_nonnull (strstr (answer, "{\"error\":\"unsupported_transfer_encoding\","));
  g_clear_pointer (&answer, g_free);

  answer = intake_test_raw (fixture->server->port, slash_in_host, strlen (slash_in_host), 10);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 400 "));
  g_assert_nonnull (strstr (answer, "{\"error\":\"malformed_request\","));
  g_clear_pointer (&answer, g_free);

  rss_before = server_rss_kib (fixture);
  for (guint i = 0; i < 500; i++)
    {
      answer = intake_test_raw (fixture->server->port, unknown_encoding, strlen (unknown_encoding), 10);
      g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 501 "));
      g_clear_pointer (&answer, g_free);
    }
  rss_after = server_rss_kib (fixture);
  g_test_message ("server RSS %ld KiB before, %ld KiB after", rss_before, rss_after);
#ifndef __SANITIZE_ADDRESS__
  g_assert_cmpint (rss_after - rss_before, <, 8 * 1024);
#else
  /* AddressSanitizer holds freed memory in quarantine, so the size says
   * nothing here; LeakSanitizer checks the server when it exits. */
#endif

  /* A refused request's body is read and dropped before the connection
   * closes: the client can send all of it (closing on unread bytes would
   * reset the connection under the client's write) and reads the answer
   * to a clean end. */
  {
    g_autoptr(GSocketClient) client = g_socket_client_new ();
    g_autoptr(GSocketConnection) connection = NULL;
    g_autoptr(GString) with_body = g_string_new (NULL);
    g_autoptr(GString) received = g_string_new (NULL);
    g_autoptr(GError) error = NULL;
    g_autofree char *filler = g_strnfill (8 * 1024 * 1024, 'x');
    char buffer[4096];
    gssize n;

    g_string_printf (with_body,
                     "POST /v1/account-requests HTTP/1.1\r\n"
                     "Host: 127.0.0.1\r\n"
                     "Transfer-Encoding: gzip\r\n"
                     "\r\n%s", filler);
    g_socket_client_set_timeout (client, 10);
    connection = g_socket_client_connect_to_host (client, "127.0.0.1", fixture->server->port, NULL, &error);
    g_assert_no_error (error);
    g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                               with_body->str, with_body->len, NULL, NULL, &error);
    g_assert_no_error (error);
    while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                     buffer, sizeof buffer, NULL, &error)) > 0)
      g_string_append_len (received, buffer, n);
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (received->str, "HTTP/1.1 501 "));
  }

  /* Both requests of a pipelined pair are read, each after the gate
   * checked its head (see keep-alive below); the second asks to close. */
  answer = intake_test_raw (fixture->server->port, two_requests, strlen (two_requests), 10);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 200 "));
  {
    const char *second = strstr (answer + 1, "HTTP/1.1 ");

    g_assert_nonnull (second);
    g_assert_true (g_str_has_prefix (second, "HTTP/1.1 200 "));
    g_assert_null (g_strstr_len (answer, second - answer, "\r\nConnection: close\r\n"));
    g_assert_nonnull (strstr (second, "\r\nConnection: close\r\n"));
    g_assert_null (strstr (second + 1, "HTTP/1.1 "));
  }

  intake_test_assert_healthy (fixture->session, fixture->server);
}

/* Kept-alive connections ------------------------------------------------ */

typedef struct
{
  guint     status;
  gboolean  closes;
  char     *body;
} RawAnswer;

static void
raw_answer_clear (RawAnswer *answer)
{
  g_clear_pointer (&answer->body, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RawAnswer, raw_answer_clear)

/* Reads one answer off a connection: its status line, its headers, and
 * the body its Content-Length gives. */
static void
read_raw_answer (GDataInputStream *input,
                 RawAnswer        *answer)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *status_line = NULL;
  gsize content_length = 0;
  gsize read = 0;

  status_line = g_data_input_stream_read_line_utf8 (input, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (status_line);
  g_assert_true (g_str_has_prefix (status_line, "HTTP/1.1 "));
  answer->status = (guint) g_ascii_strtoull (status_line + strlen ("HTTP/1.1 "), NULL, 10);
  answer->closes = FALSE;

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (input, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      g_strchomp (line);
      if (line[0] == '\0')
        break;
      if (g_ascii_strncasecmp (line, "Content-Length:", 15) == 0)
        content_length = (gsize) g_ascii_strtoull (line + 15, NULL, 10);
      if (g_ascii_strcasecmp (line, "Connection: close") == 0)
        answer->closes = TRUE;
    }

  answer->body = g_malloc0 (content_length + 1);
  g_input_stream_read_all (G_INPUT_STREAM (input), answer->body, content_length, &read, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read, ==, content_length);
}

static void
assert_raw_error (const RawAnswer *answer,
                  guint            status,
                  const char      *code)
{
  g_autofree char *expected = g_strdup_printf ("{\"error\":\"%s\",", code);

  g_assert_cmpuint (answer->status, ==, status);
  g_assert_true (g_str_has_prefix (answer->body, expected));
}

/* A submission's bytes, head and body. @content_length: the header's
 * value, or NULL for the body's length; @extra_headers ends in "\r\n" or
 * is empty. */
static char *
raw_submission (const char *token,
                const char *key,
                const char *content_type,
                const char *content_length,
                const char *extra_headers,
                const char *body)
{
  g_autofree char *length = content_length ? g_strdup (content_length)
                                           : g_strdup_printf ("%zu", strlen (body));

  return g_strdup_printf ("POST /v1/account-requests HTTP/1.1\r\n"
                          "Host: 127.0.0.1\r\n"
                          "Authorization: Bearer %s\r\n"
                          "Idempotency-Key: %s\r\n"
                          "Content-Type: %s\r\n"
                          "Content-Length: %s\r\n"
                          "%s"
                          "\r\n"
                          "%s",
                          token, key, content_type, length, extra_headers, body);
}

/* A connection of our own, and its answers as lines. */
typedef struct
{
  GSocketConnection *connection;
  GDataInputStream  *input;
} RawConnection;

static void
raw_connection_clear (RawConnection *raw)
{
  g_clear_object (&raw->input);
  g_clear_object (&raw->connection);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RawConnection, raw_connection_clear)

static void
raw_connect (Fixture       *fixture,
             RawConnection *raw)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;

  g_socket_client_set_timeout (client, 10);
  raw->connection = g_socket_client_connect_to_host (client, "127.0.0.1", fixture->server->port, NULL, &error);
  g_assert_no_error (error);
  raw->input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (raw->connection)));
  g_data_input_stream_set_newline_type (raw->input, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (raw->input), FALSE);
}

static void
raw_send (RawConnection *raw,
          const char    *bytes)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (raw->connection)),
                             bytes, strlen (bytes), NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Sends @request (unless NULL) and reads the next answer into @answer. */
static void
raw_exchange (RawConnection *raw,
              const char    *request,
              RawAnswer     *answer)
{
  if (request != NULL)
    raw_send (raw, request);
  raw_answer_clear (answer);
  read_raw_answer (raw->input, answer);
}

/* The connection's end: no more bytes from the server. */
static void
assert_raw_end (RawConnection *raw)
{
  g_autoptr(GError) error = NULL;
  char byte;

  g_assert_cmpint (g_input_stream_read (G_INPUT_STREAM (raw->input), &byte, 1, NULL, &error), ==, 0);
  g_assert_no_error (error);
}

/* A connection carries one request after another, and every request is
 * checked as if it came alone: its head by the gate, then its token,
 * content type, key and size. Each valid one is stored once. */
static void
test_keep_alive (Fixture       *fixture,
                 gconstpointer  data)
{
  g_auto(RawConnection) raw = { NULL, };
  g_autofree char *payload = intake_test_valid_payload ("Robert");
  g_autofree char *other_payload = intake_test_valid_payload ("Roberta");
  g_autofree char *key1 = intake_test_new_key ();
  g_autofree char *key2 = intake_test_new_key ();
  g_autofree char *key3 = intake_test_new_key ();
  g_autofree char *oversized = g_strnfill (300 * 1024, ' ');
  g_autofree char *first = raw_submission (fixture->token, key1, "application/json", NULL, "", payload);
  g_autofree char *second = raw_submission (fixture->token, key2, "application/json", NULL, "", other_payload);
  g_autofree char *bad_token = raw_submission ("not-a-token", key3, "application/json", NULL, "", payload);
  g_autofree char *bad_type = raw_submission (fixture->token, key3, "text/plain", NULL, "", payload);
  g_autofree char *too_large = raw_submission (fixture->token, key3, "application/json", NULL, "", oversized);
  g_autofree char *bad_head = raw_submission (fixture->token, key3, "application/json", NULL,
                                              "Transfer-Encoding: gzip\r\n", payload);
  g_autofree char *first_body = NULL;
  g_auto(RawAnswer) answer = { 0, };

  raw_connect (fixture, &raw);

  /* Two valid submissions: both stored, the connection kept. */
  raw_exchange (&raw, first, &answer);
  g_assert_cmpuint (answer.status, ==, 201);
  g_assert_false (answer.closes);
  first_body = g_steal_pointer (&answer.body);

  raw_exchange (&raw, second, &answer);
  g_assert_cmpuint (answer.status, ==, 201);
  g_assert_false (answer.closes);
  g_assert_cmpstr (answer.body, !=, first_body);
  g_assert_cmpuint (count_stored (fixture), ==, 2);

  /* Each request's token is checked: a wrong one on this connection gets
   * its 401, whatever the requests before it sent. And its content type,
   * and its size (over 256 KiB: 413, the body read and dropped). */
  raw_exchange (&raw, bad_token, &answer);
  assert_raw_error (&answer, 401, "unauthorized");
  raw_exchange (&raw, bad_type, &answer);
  assert_raw_error (&answer, 415, "unsupported_media_type");
  raw_exchange (&raw, too_large, &answer);
  assert_raw_error (&answer, 413, "payload_too_large");

  /* A replay on the same connection is the first answer, byte for byte,
   * and stores nothing. */
  raw_exchange (&raw, first, &answer);
  g_assert_cmpuint (answer.status, ==, 201);
  g_assert_cmpstr (answer.body, ==, first_body);

  /* A head the gate refuses, as the connection's seventh request: its
   * error, and the connection closed. */
  raw_exchange (&raw, bad_head, &answer);
  assert_raw_error (&answer, 400, "malformed_request");
  g_assert_true (answer.closes);
  assert_raw_end (&raw);

  g_assert_cmpuint (count_stored (fixture), ==, 2);
  intake_test_assert_healthy (fixture->session, fixture->server);
}

/* Requests sent together, before any answer (pipelined): the second is
 * still checked on its own, and the first stored once. A request that
 * says "Connection: close", or whose body is chunked, ends the
 * connection after its answer. */
static void
test_keep_alive_pipelined (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *payload = intake_test_valid_payload ("Robert");
  g_autofree char *key1 = intake_test_new_key ();
  g_autofree char *key2 = intake_test_new_key ();
  g_autofree char *key3 = intake_test_new_key ();
  g_autofree char *first = raw_submission (fixture->token, key1, "application/json", NULL, "", payload);
  g_autofree char *bad_length = raw_submission (fixture->token, key2, "application/json", "12a", "", payload);
  g_autofree char *both = g_strconcat (first, bad_length, NULL);
  g_autofree char *closing = raw_submission (fixture->token, key2, "application/json", NULL,
                                             "Connection: close\r\n", payload);
  g_autofree char *chunked = NULL;
  g_auto(RawAnswer) answer = { 0, };

  {
    g_auto(RawConnection) raw = { NULL, };

    raw_connect (fixture, &raw);
    raw_exchange (&raw, both, &answer);
    g_assert_cmpuint (answer.status, ==, 201);
    g_assert_false (answer.closes);
    raw_exchange (&raw, NULL, &answer);
    assert_raw_error (&answer, 400, "malformed_request");
    g_assert_true (answer.closes);
    assert_raw_end (&raw);
  }
  g_assert_cmpuint (count_stored (fixture), ==, 1);

  /* "Connection: close": answered, then closed. */
  {
    g_auto(RawConnection) raw = { NULL, };

    raw_connect (fixture, &raw);
    raw_exchange (&raw, closing, &answer);
    g_assert_cmpuint (answer.status, ==, 201);
    g_assert_true (answer.closes);
    assert_raw_end (&raw);
  }
  g_assert_cmpuint (count_stored (fixture), ==, 2);

  /* A chunked body: its end is only known by reading it, so the gate
   * would not find the next head: answered, then closed, the request
   * after it never read. */
  chunked = g_strdup_printf ("POST /v1/account-requests HTTP/1.1\r\n"
                             "Host: 127.0.0.1\r\n"
                             "Authorization: Bearer %s\r\n"
                             "Idempotency-Key: %s\r\n"
                             "Content-Type: application/json\r\n"
                             "Transfer-Encoding: chunked\r\n"
                             "\r\n"
                             "%zx\r\n%s\r\n0\r\n\r\n"
                             "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                             fixture->token, key3, strlen (payload), payload);
  {
    g_auto(RawConnection) raw = { NULL, };

    raw_connect (fixture, &raw);
    raw_exchange (&raw, chunked, &answer);
    g_assert_cmpuint (answer.status, ==, 201);
    g_assert_true (answer.closes);
    /* The end, or a reset if the health request was still unread. */
    {
      char byte;

      g_assert_cmpint (g_input_stream_read (G_INPUT_STREAM (raw.input), &byte, 1, NULL, NULL), <=, 0);
    }
  }
  g_assert_cmpuint (count_stored (fixture), ==, 3);

  intake_test_assert_healthy (fixture->session, fixture->server);
}

/* Concurrency ----------------------------------------------------------- */

static void
test_concurrent_identical (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *payload = intake_test_valid_payload ("Robert");
  g_autoptr(GBytes) body = g_bytes_new (payload, strlen (payload));
  g_autofree char *key = intake_test_new_key ();
  g_autofree char *created_body = NULL;
  IntakeTestExchange *exchanges[50];
  guint n_created = 0;
  guint n_in_progress = 0;

  for (guint i = 0; i < G_N_ELEMENTS (exchanges); i++)
    exchanges[i] = intake_test_send_async (fixture->session, "POST", fixture->submit_url,
                                           fixture->token, key, "application/json", body);

  for (guint i = 0; i < G_N_ELEMENTS (exchanges); i++)
    {
      g_autoptr(IntakeTestResponse) response = intake_test_response_new (exchanges[i]);

      if (response->status == 201)
        {
          /* Every 201 is the same answer. */
          if (created_body == NULL)
            created_body = g_strdup (response->body);
          g_assert_cmpstr (response->body, ==, created_body);
          n_created++;
        }
      else
        {
          assert_error_code (response, 409, "request_in_progress");
          g_assert_nonnull (response->retry_after);
          n_in_progress++;
        }
      intake_test_exchange_free (exchanges[i]);
    }

  g_test_message ("%u created (or replayed), %u in progress", n_created, n_in_progress);
  g_assert_cmpuint (n_created, >=, 1);
  g_assert_cmpuint (count_stored (fixture), ==, 1);
}

static void
test_in_flight (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *payload = intake_test_valid_payload ("Robert");
  g_autoptr(GBytes) body = g_bytes_new (payload, strlen (payload));
  g_autofree char *key = intake_test_new_key ();
  g_autoptr(IntakeTestExchange) first = NULL;
  g_autoptr(IntakeTestResponse) second = NULL;
  g_autoptr(IntakeTestResponse) health = NULL;
  g_autoptr(IntakeTestResponse) first_response = NULL;
  g_autoptr(IntakeTestResponse) after = NULL;
  g_autofree char *health_url = g_strconcat (fixture->server->base_url, "/v1/health", NULL);
  gint64 started;

  /* This server takes 1.5 s for each commit. */
  first = intake_test_send_async (fixture->session, "POST", fixture->submit_url,
                                  fixture->token, key, "application/json", body);
  intake_test_sleep (300);
  g_assert_false (first->done);

  /* The main loop is free while the commit runs. */
  started = g_get_monotonic_time ();
  health = intake_test_request (fixture->session, "GET", health_url, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (health->status, ==, 200);
  g_assert_cmpint (g_get_monotonic_time () - started, <, G_USEC_PER_SEC);

  second = intake_test_post (fixture->session, fixture->server, fixture->token, key, payload, -1);
  assert_error_code (second, 409, "request_in_progress");
  g_assert_cmpstr (second->retry_after, ==, "1");

  first_response = intake_test_response_new (first);
  g_assert_cmpuint (first_response->status, ==, 201);

  after = intake_test_post (fixture->session, fixture->server, fixture->token, key, payload, -1);
  g_assert_cmpuint (after->status, ==, 201);
  g_assert_cmpstr (after->body, ==, first_response->body);

  g_assert_cmpuint (count_stored (fixture), ==, 1);
}

/* Two tokens of one organization with one key at once: one is stored,
 * the other waits for its answer (409), then gets it. */
static void
test_in_flight_across_tokens (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *payload = intake_test_valid_payload ("Robert");
  g_autoptr(GBytes) body = g_bytes_new (payload, strlen (payload));
  g_autofree char *key = intake_test_new_key ();
  g_autofree char *second_token = intake_test_add_token (fixture->server->db_path, "Upstate Family Practice");
  g_autoptr(IntakeTestExchange) first = NULL;
  g_autoptr(IntakeTestResponse) second = NULL;
  g_autoptr(IntakeTestResponse) first_response = NULL;
  g_autoptr(IntakeTestResponse) after = NULL;

  /* This server takes 1.5 s for each commit. */
  first = intake_test_send_async (fixture->session, "POST", fixture->submit_url,
                                  fixture->token, key, "application/json", body);
  intake_test_sleep (300);
  g_assert_false (first->done);

  second = intake_test_post (fixture->session, fixture->server, second_token, key, payload, -1);
  assert_error_code (second, 409, "request_in_progress");

  first_response = intake_test_response_new (first);
  g_assert_cmpuint (first_response->status, ==, 201);

  after = intake_test_post (fixture->session, fixture->server, second_token, key, payload, -1);
  g_assert_cmpuint (after->status, ==, 201);
  g_assert_cmpstr (after->body, ==, first_response->body);

  g_assert_cmpuint (count_stored (fixture), ==, 1);
}

static void
test_rate_limit (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *url = g_strconcat (fixture->submit_url, "/HEC-0000000000000000", NULL);
  g_autofree char *other_token = intake_test_add_token (fixture->server->db_path, "Lakeside Clinic");
  guint n_limited = 0;

  /* Burst 3 at 1 a second: of 6 quick requests, some get 429. */
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(IntakeTestResponse) response = NULL;

      response = intake_test_request (fixture->session, "GET", url, fixture->token, NULL, NULL, NULL);
      if (response->status == 429)
        {
          guint64 seconds = 0;

          assert_error_code (response, 429, "too_many_requests");
          g_assert_nonnull (response->retry_after);
          g_assert_true (g_ascii_string_to_unsigned (response->retry_after, 10, 1, 60, &seconds, NULL));
          n_limited++;
        }
      else
        g_assert_cmpuint (response->status, ==, 404);
    }
  g_assert_cmpuint (n_limited, >=, 2);

  /* The limit is per token. */
  {
    g_autoptr(IntakeTestResponse) response = NULL;

    response = intake_test_request (fixture->session, "GET", url, other_token, NULL, NULL, NULL);
    g_assert_cmpuint (response->status, ==, 404);
  }

  intake_test_assert_healthy (fixture->session, fixture->server);
}

/* Group commit ---------------------------------------------------------- */

/* Sends @n POSTs of @payload at once, each with its own key (@keys is
 * filled in), and returns their responses in the same order. */
static IntakeTestResponse **
post_at_once (Fixture     *fixture,
              const char  *payload,
              char       **keys,
              guint        n)
{
  g_autoptr(GBytes) body = g_bytes_new (payload, strlen (payload));
  g_autofree IntakeTestExchange **exchanges = g_new0 (IntakeTestExchange *, n);
  IntakeTestResponse **responses = g_new0 (IntakeTestResponse *, n);

  for (guint i = 0; i < n; i++)
    {
      keys[i] = intake_test_new_key ();
      exchanges[i] = intake_test_send_async (fixture->session, "POST", fixture->submit_url,
                                             fixture->token, keys[i], "application/json", body);
    }

  for (guint i = 0; i < n; i++)
    {
      responses[i] = intake_test_response_new (exchanges[i]);
      intake_test_exchange_free (exchanges[i]);
    }

  return responses;
}

/* This server takes 200 ms for each commit, so the POSTs that arrive
 * meanwhile share the next one: each is still stored once and answered
 * with its own tracking id, which its key replays. */
static void
test_group_commit_distinct_keys (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *payload = intake_test_valid_payload ("Robert");
  g_autoptr(GHashTable) tracking_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  char *keys[40] = { NULL, };
  IntakeTestResponse **responses = post_at_once (fixture, payload, keys, G_N_ELEMENTS (keys));

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(IntakeTestResponse) replay = NULL;
      char *tracking_id;

      g_assert_cmpuint (responses[i]->status, ==, 201);
      tracking_id = tracking_id_of (responses[i]);
      g_assert_false (g_hash_table_contains (tracking_ids, tracking_id));
      g_hash_table_add (tracking_ids, tracking_id);

      replay = intake_test_post (fixture->session, fixture->server, fixture->token, keys[i], payload, -1);
      g_assert_cmpuint (replay->status, ==, 201);
      g_assert_cmpstr (replay->body, ==, responses[i]->body);
      g_assert_cmpstr (replay->location, ==, responses[i]->location);

      intake_test_response_free (responses[i]);
      g_free (keys[i]);
    }
  g_free (responses);

  g_assert_cmpuint (count_stored (fixture), ==, G_N_ELEMENTS (keys));
}

/* This server fails the commit of its first batch. Every request of that
 * batch is answered 503 and stored nowhere, so its resend with the same
 * key is stored then; the later batches are stored as usual. */
static void
test_group_commit_failure (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *payload = intake_test_valid_payload ("Robert");
  char *keys[10] = { NULL, };
  IntakeTestResponse **responses = post_at_once (fixture, payload, keys, G_N_ELEMENTS (keys));
  guint n_created = 0;
  guint n_unavailable = 0;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      if (responses[i]->status == 201)
        n_created++;
      else
        {
          assert_error_code (responses[i], 503, "unavailable");
          g_assert_nonnull (responses[i]->retry_after);
          n_unavailable++;
        }
    }

  g_test_message ("%u stored, %u in the failed batch", n_created, n_unavailable);
  g_assert_cmpuint (n_unavailable, >=, 1);
  g_assert_cmpuint (count_stored (fixture), ==, n_created);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(IntakeTestResponse) again = NULL;

      again = intake_test_post (fixture->session, fixture->server, fixture->token, keys[i], payload, -1);
      g_assert_cmpuint (again->status, ==, 201);
      if (responses[i]->status == 201)
        g_assert_cmpstr (again->body, ==, responses[i]->body);

      intake_test_response_free (responses[i]);
      g_free (keys[i]);
    }
  g_free (responses);

  g_assert_cmpuint (count_stored (fixture), ==, G_N_ELEMENTS (keys));
}

/* Logs ------------------------------------------------------------------ */

static void
test_log_keeps_secrets (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *payload = intake_test_valid_payload ("Robert");
  g_autofree char *key = intake_test_new_key ();
  g_autofree char *log = NULL;
  g_autofree char *tracking_id = NULL;
  g_autoptr(IntakeTestResponse) created = NULL;
  const char *secrets[] = {
    fixture->token, "Robert", "Chen", "rchen@upstate.example.org", "upstate.example.org",
    "1144778853", "Alex Morgan", "amorgan", "Bearer",
  };

  created = intake_test_post (fixture->session, fixture->server, fixture->token, key, payload, -1);
  g_assert_cmpuint (created->status, ==, 201);
  tracking_id = tracking_id_of (created);

  /* A wrong token, a field error, and an email address in a URL. */
  {
    g_autofree char *other_key = intake_test_new_key ();
    g_autofree char *wrong = g_strconcat (fixture->token, "x", NULL);
    g_autofree char *url = g_strconcat (fixture->submit_url, "/rchen@upstate.example.org", NULL);
    g_autoptr(IntakeTestResponse) unauthorized = NULL;
    g_autoptr(IntakeTestResponse) invalid = NULL;
    g_autoptr(IntakeTestResponse) not_found = NULL;
    g_autoptr(GString) broken = g_string_new (payload);

    unauthorized = intake_test_post (fixture->session, fixture->server, wrong, other_key, payload, -1);
    g_assert_cmpuint (unauthorized->status, ==, 401);
    g_string_replace (broken, "1144778853", "1144778850", 1);
    invalid = intake_test_post (fixture->session, fixture->server, fixture->token, other_key, broken->str, -1);
    g_assert_cmpuint (invalid->status, ==, 422);
    not_found = intake_test_request (fixture->session, "GET", url, fixture->token, NULL, NULL, NULL);
    g_assert_cmpuint (not_found->status, ==, 404);
  }

  intake_test_server_stop (fixture->server);
  log = intake_test_server_read_log (fixture->server);
  g_test_message ("log:\n%s", log);

  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    g_assert_null (strstr (log, secrets[i]));

  /* One line per request, with the tracking id where there is one. */
  g_assert_nonnull (strstr (log, "POST /v1/account-requests 201 "));
  g_assert_nonnull (strstr (log, tracking_id));
  g_assert_nonnull (strstr (log, "POST /v1/account-requests 401 "));
  g_assert_nonnull (strstr (log, "POST /v1/account-requests 422 "));
  g_assert_nonnull (strstr (log, "GET /v1/account-requests/{tracking_id} 404 "));

  /* Tear-down stops it again; start it once more for that. */
  g_clear_pointer (&fixture->server, intake_test_server_free);
  {
    static const char * const args[] = { "--rate-limit", "0", NULL };

    fixture->server = intake_test_server_start (fixture->dir, args);
  }
}

int
main (int   argc,
      char *argv[])
{
  static const char * const in_flight_args[] = { "--rate-limit", "0", "--test-commit-delay-ms", "1500", NULL };
  static const char * const rate_args[] = { "--rate-limit", "1", "--rate-burst", "3", NULL };
  static const char * const slow_args[] = { "--rate-limit", "0", "--time-limit", "2", NULL };
  static const char * const batch_args[] = { "--rate-limit", "0", "--test-commit-delay-ms", "200", NULL };
  static const char * const failing_batch_args[] = {
    "--rate-limit", "0", "--test-commit-delay-ms", "200", "--test-fail-batch", "1", NULL
  };

  /* The PostgreSQL run without PostgreSQL installed: skip, saying why. */
  if (!intake_test_store_init ())
    return 0;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add ("/intake/http/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("health", test_health, NULL);
  ADD ("created-and-replayed", test_created_and_replayed, NULL);
  ADD ("key-reused-with-other-body", test_key_reused_with_other_body, NULL);
  ADD ("key-reused-with-failing-body", test_key_reused_with_failing_body, NULL);
  ADD ("keys-are-per-token", test_keys_are_per_token, NULL);
  ADD ("key-survives-token-rotation", test_key_survives_token_rotation, NULL);
  ADD ("header-errors", test_header_errors, NULL);
  ADD ("other-routes", test_other_routes, NULL);
  ADD ("field-errors", test_field_errors, NULL);
  ADD ("new-user-form", test_new_user_form, NULL);
  ADD ("bad-bodies", test_bad_bodies, NULL);
  ADD ("chunked-bodies", test_chunked_bodies, NULL);
  ADD ("hostile-connections", test_hostile_connections, slow_args);
  ADD ("head-gate", test_head_gate, NULL);
  ADD ("keep-alive", test_keep_alive, NULL);
  ADD ("keep-alive-pipelined", test_keep_alive_pipelined, NULL);
  ADD ("concurrent-identical", test_concurrent_identical, NULL);
  ADD ("in-flight", test_in_flight, in_flight_args);
  ADD ("in-flight-across-tokens", test_in_flight_across_tokens, in_flight_args);
  ADD ("group-commit-distinct-keys", test_group_commit_distinct_keys, batch_args);
  ADD ("group-commit-failure", test_group_commit_failure, failing_batch_args);
  ADD ("rate-limit", test_rate_limit, rate_args);
  ADD ("log-keeps-secrets", test_log_keeps_secrets, NULL);

#undef ADD

  return g_test_run ();
}
