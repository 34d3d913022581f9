/* roster-intake-server.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-intake-server"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "roster-intake-server.h"
#include "roster-json-check.h"
#include "roster-payload.h"

/*
 * The intake endpoint of data/intake-api.md ("Endpoints"), over a
 * SoupServer.
 *
 * A request's life here:
 *
 *   request-started  start the time limit (it covers a keep-alive
 *                    connection's idle wait, the TLS handshake, headers,
 *                    body and answer)
 *   got-headers      route; for a submission check token, rate, content
 *                    type, idempotency key and Content-Length, in the
 *                    contract's order. An answer decided here is set on
 *                    the message at once: libsoup then reads (and we
 *                    discard) the rest of the body and sends it, and a
 *                    client that asked for "100-continue" never sends the
 *                    body at all.
 *   got-chunk        the body is collected here, not by libsoup, and never
 *                    more than 256 KiB of it: past that the answer is 413
 *                    and the rest is only counted.
 *   handler          replay or refuse a used key, refuse a key in flight,
 *                    check the payload with the core's reader and rules
 *                    (so the app and the server never disagree), then
 *                    pause the message while the store's writer thread
 *                    commits, and answer 201 only after the commit.
 *   finished         one log line.
 *
 * Untrusted bytes are never parsed before their size is known to be
 * within limits; roster_payload_check() runs the core's iterative
 * pre-parse checker (nesting depth, duplicate keys, encoding) before
 * json-glib sees anything.
 */

/* RFC 6585; libsoup 3.2 has no name for it. */
#define STATUS_TOO_MANY_REQUESTS 429

#define MAX_TOKEN_LENGTH   512
#define DRAIN_LIMIT        (64 * 1024 * 1024)
#define RETRY_IN_FLIGHT    1
#define RETRY_UNAVAILABLE  30
#define FORGET_IDLE_PERIOD 60
#define LISTEN_BACKLOG     256

#define ACCOUNT_REQUESTS_PATH   "/v1/account-requests"
#define ACCOUNT_REQUEST_PREFIX  "/v1/account-requests/"
#define HEALTH_PATH             "/v1/health"
#define JSON_CONTENT_TYPE       "application/json; charset=utf-8"

typedef enum
{
  ROUTE_OTHER,
  ROUTE_SUBMIT,
  ROUTE_STATUS,
  ROUTE_HEALTH,
} Route;

struct _RosterIntakeServer
{
  GObject            parent_instance;

  RosterIntakeStore *store;
  RosterRateLimiter *rate_limiter;
  SoupServer        *soup_server;
  guint              time_limit;
  guint              forget_idle_id;

  /* "token-id:key" of each submission being committed right now. */
  GHashTable        *in_flight;
};

G_DEFINE_FINAL_TYPE (RosterIntakeServer, roster_intake_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_RATE_LIMITER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the server knows of one message; owned by the message. */
typedef struct
{
  SoupServerMessage *msg;
  gint64             started_usec;
  guint              deadline_id;
  Route              route;
  GByteArray        *body;
  gsize              body_received;
  gint64             token_id;
  char              *idempotency_key;
  char              *tracking_id;
  gboolean           paused;
  gboolean           gone;
} Exchange;

static const char exchange_key[] = "roster-intake-exchange";

static void
exchange_free (Exchange *exchange)
{
  g_clear_handle_id (&exchange->deadline_id, g_source_remove);
  g_clear_pointer (&exchange->body, g_byte_array_unref);
  g_free (exchange->idempotency_key);
  g_free (exchange->tracking_id);
  g_free (exchange);
}

static Exchange *
exchange_get (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), exchange_key);
}

/* Answers --------------------------------------------------------------- */

static void
set_json_response (SoupServerMessage *msg,
                   guint              status,
                   JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize length = 0;
  char *text;

  text = roster_json_generate (root, &length);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, JSON_CONTENT_TYPE, SOUP_MEMORY_TAKE, text, length);
}

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *code,
               const char        *message,
               guint              retry_after)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);

  if (retry_after > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", retry_after);

      soup_message_headers_replace (headers, "Retry-After", seconds);
    }

  if (status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer");

  set_json_response (msg, status, builder);
}

static void
respond_unauthorized (SoupServerMessage *msg)
{
  respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                 _("The API token is missing, unknown or revoked; check the token in Roster’s settings."),
                 0);
}

static void
respond_too_many (SoupServerMessage *msg,
                  guint              retry_after)
{
  respond_error (msg, STATUS_TOO_MANY_REQUESTS, "too_many_requests",
                 _("Too many requests with this token; try again in a moment."),
                 retry_after);
}

static void
respond_unavailable (SoupServerMessage *msg)
{
  respond_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                 _("The intake service cannot take requests right now; try again later."),
                 RETRY_UNAVAILABLE);
}

static void
respond_too_large (SoupServerMessage *msg)
{
  respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                 _("The request is larger than 256 KiB."),
                 0);
}

static void
respond_not_found (SoupServerMessage *msg)
{
  respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                 _("There is nothing here for this token."),
                 0);
}

static void
respond_field_errors (SoupServerMessage *msg,
                      GPtrArray         *issues)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  for (guint i = 0; i < issues->len; i++)
    {
      const RosterIssue *issue = g_ptr_array_index (issues, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, issue->path);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, issue->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  set_json_response (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, builder);
}

/* Replays a stored answer byte for byte. */
static void
respond_record (SoupServerMessage        *msg,
                const RosterIntakeRecord *record)
{
  g_autofree char *location = g_strconcat (ACCOUNT_REQUEST_PREFIX, record->tracking_id, NULL);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Location", location);
  soup_server_message_set_status (msg, record->response_status, NULL);
  soup_server_message_set_response (msg, JSON_CONTENT_TYPE, SOUP_MEMORY_COPY,
                                    record->response_body, strlen (record->response_body));
}

/* Requests' headers ----------------------------------------------------- */

static gboolean
is_token_char (char c)
{
  /* RFC 6750's b64token. */
  return g_ascii_isalnum (c) || strchr ("-._~+/=", c) != NULL;
}

/* The token of "Authorization: Bearer TOKEN", or NULL. */
static char *
get_bearer_token (SoupServerMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Authorization");
  const char *token;
  gsize length;

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;

  token = value + 7;
  while (*token == ' ')
    token++;

  length = strlen (token);
  if (length == 0 || length > MAX_TOKEN_LENGTH)
    return NULL;

  for (gsize i = 0; i < length; i++)
    if (!is_token_char (token[i]))
      return NULL;

  return g_strdup (token);
}

/* Checks the bearer token. Returns FALSE when it has answered. */
static gboolean
authenticate (RosterIntakeServer *self,
              SoupServerMessage  *msg,
              Exchange           *exchange)
{
  g_autofree char *token = get_bearer_token (msg);
  g_autoptr(GError) error = NULL;

  if (token == NULL)
    {
      respond_unauthorized (msg);
      return FALSE;
    }

  if (!roster_intake_store_authenticate (self->store, token, &exchange->token_id, &error))
    {
      g_warning ("Cannot check a token: %s", error->message);
      respond_unavailable (msg);
      return FALSE;
    }

  if (exchange->token_id == 0)
    {
      respond_unauthorized (msg);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_rate (RosterIntakeServer *self,
            SoupServerMessage  *msg,
            Exchange           *exchange)
{
  char key[32];
  guint retry_after = 0;

  g_snprintf (key, sizeof key, "%" G_GINT64_FORMAT, exchange->token_id);
  if (roster_rate_limiter_try_acquire (self->rate_limiter, key, g_get_monotonic_time (), &retry_after))
    return TRUE;

  respond_too_many (msg, retry_after);
  return FALSE;
}

static gboolean
is_json_content_type (SoupServerMessage *msg)
{
  g_autoptr(GHashTable) params = NULL;
  const char *type;
  const char *charset;

  type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), &params);
  if (type == NULL || g_ascii_strcasecmp (type, "application/json") != 0)
    return FALSE;

  charset = params ? g_hash_table_lookup (params, "charset") : NULL;
  return charset == NULL || g_ascii_strcasecmp (charset, "utf-8") == 0;
}

/* A UUID in its 36-character text form, in either case; returned in
 * lower case so that the same key is the same key whatever its case. */
static char *
parse_idempotency_key (const char *value)
{
  if (value == NULL || strlen (value) != 36)
    return NULL;

  for (guint i = 0; i < 36; i++)
    {
      gboolean dash = i == 8 || i == 13 || i == 18 || i == 23;

      if (dash ? value[i] != '-' : !g_ascii_isxdigit (value[i]))
        return NULL;
    }

  return g_ascii_strdown (value, -1);
}

static gboolean
is_tracking_id (const char *text)
{
  gsize length = strlen (text);

  if (length == 0 || length > 64)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '-' && text[i] != '_')
      return FALSE;

  return TRUE;
}

static Route
route_for (SoupServerMessage *msg)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));

  if (g_str_equal (path, ACCOUNT_REQUESTS_PATH))
    return ROUTE_SUBMIT;
  if (g_str_equal (path, HEALTH_PATH))
    return ROUTE_HEALTH;
  if (g_str_has_prefix (path, ACCOUNT_REQUEST_PREFIX))
    return ROUTE_STATUS;

  return ROUTE_OTHER;
}

static const char *
route_method (Route route)
{
  switch (route)
    {
    case ROUTE_SUBMIT:
      return SOUP_METHOD_POST;
    case ROUTE_STATUS:
    case ROUTE_HEALTH:
      return SOUP_METHOD_GET;
    case ROUTE_OTHER:
    default:
      return NULL;
    }
}

static void
got_headers_cb (SoupServerMessage  *msg,
                RosterIntakeServer *self)
{
  Exchange *exchange = exchange_get (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *allowed;

  /* The body is collected in got_chunk_cb, within the limit. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);

  /* libsoup refused the request line or headers already. */
  if (soup_server_message_get_status (msg) != 0)
    return;

  exchange->route = route_for (msg);
  allowed = route_method (exchange->route);

  if (allowed == NULL)
    {
      respond_not_found (msg);
      return;
    }

  if (soup_server_message_get_method (msg) != allowed)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allowed);
      respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                     _("This method is not allowed here."), 0);
      return;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > ROSTER_PAYLOAD_MAX_BYTES &&
      exchange->route != ROUTE_SUBMIT)
    {
      respond_too_large (msg);
      return;
    }

  if (exchange->route != ROUTE_SUBMIT)
    return;

  /* A submission: the header checks, in the contract's order. */
  if (!authenticate (self, msg, exchange) || !check_rate (self, msg, exchange))
    return;

  if (!is_json_content_type (msg))
    {
      respond_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                     _("The request must be sent as application/json in UTF-8."), 0);
      return;
    }

  if (soup_message_headers_get_one (headers, "Idempotency-Key") == NULL)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "missing_idempotency_key",
                     _("The request has no Idempotency-Key header."), 0);
      return;
    }

  exchange->idempotency_key = parse_idempotency_key (soup_message_headers_get_one (headers, "Idempotency-Key"));
  if (exchange->idempotency_key == NULL)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_idempotency_key",
                     _("The Idempotency-Key header must be a UUID."), 0);
      return;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > ROSTER_PAYLOAD_MAX_BYTES)
    {
      respond_too_large (msg);
      return;
    }

  exchange->body = g_byte_array_new ();
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  Exchange *exchange = exchange_get (msg);
  gsize length = g_bytes_get_size (chunk);

  exchange->body_received += length;

  /* Past this, the client is only wasting our time: cut it off. */
  if (exchange->body_received > DRAIN_LIMIT)
    {
      GSocket *socket = soup_server_message_get_socket (msg);

      if (socket != NULL)
        g_socket_shutdown (socket, TRUE, TRUE, NULL);
      return;
    }

  if (soup_server_message_get_status (msg) != 0)
    return;

  if (exchange->body_received > ROSTER_PAYLOAD_MAX_BYTES)
    {
      g_clear_pointer (&exchange->body, g_byte_array_unref);
      respond_too_large (msg);
      return;
    }

  if (exchange->body != NULL)
    g_byte_array_append (exchange->body, g_bytes_get_data (chunk, NULL), length);
}

/* Handlers -------------------------------------------------------------- */

static void
handle_health (RosterIntakeServer *self,
               SoupServerMessage  *msg,
               Exchange           *exchange)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(GError) error = NULL;
  gboolean healthy;

  /* A token is optional here, but one that is sent is checked, so a client
   * can test its settings. */
  if (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                    "Authorization") != NULL &&
      !authenticate (self, msg, exchange))
    return;

  healthy = roster_intake_store_check (self->store, &error);
  if (!healthy)
    {
      g_warning ("Health check failed: %s", error->message);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", G_STRINGIFY (RETRY_UNAVAILABLE));
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, healthy ? "ok" : "unavailable");
  json_builder_end_object (builder);

  set_json_response (msg, healthy ? SOUP_STATUS_OK : SOUP_STATUS_SERVICE_UNAVAILABLE, builder);
}

static void
handle_status (RosterIntakeServer *self,
               SoupServerMessage  *msg,
               Exchange           *exchange)
{
  const char *tracking_id = g_uri_get_path (soup_server_message_get_uri (msg)) + strlen (ACCOUNT_REQUEST_PREFIX);
  g_autoptr(RosterIntakeRecord) record = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;

  if (!authenticate (self, msg, exchange) || !check_rate (self, msg, exchange))
    return;

  /* Another token's request and no request at all look the same. */
  if (!is_tracking_id (tracking_id) ||
      !(record = roster_intake_store_get_request (self->store, tracking_id, exchange->token_id, &error)))
    {
      if (error != NULL && !g_error_matches (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_NOT_FOUND))
        {
          g_warning ("Cannot read a request: %s", error->message);
          respond_unavailable (msg);
        }
      else
        respond_not_found (msg);
      return;
    }

  exchange->tracking_id = g_strdup (record->tracking_id);

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "tracking_id");
  json_builder_add_string_value (builder, record->tracking_id);
  json_builder_set_member_name (builder, "received_at");
  json_builder_add_string_value (builder, record->received_at);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, record->status);
  if (record->note != NULL)
    {
      json_builder_set_member_name (builder, "note");
      json_builder_add_string_value (builder, record->note);
    }
  json_builder_end_object (builder);

  set_json_response (msg, SOUP_STATUS_OK, builder);
}

static char *
in_flight_key (const Exchange *exchange)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%s", exchange->token_id, exchange->idempotency_key);
}

/* Answers a submission whose key this token already used. */
static void
respond_to_reuse (SoupServerMessage        *msg,
                  Exchange                 *exchange,
                  const RosterIntakeRecord *record,
                  const char               *body_sha256)
{
  g_free (exchange->tracking_id);
  exchange->tracking_id = g_strdup (record->tracking_id);

  if (g_str_equal (record->body_sha256, body_sha256))
    respond_record (msg, record);
  else
    respond_error (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "idempotency_key_reused",
                   _("This Idempotency-Key was already used for a different request; "
                     "send a new request with a new key."),
                   0);
}

typedef struct
{
  RosterIntakeServer *server;
  SoupServerMessage  *msg;
  char               *in_flight_key;
  char               *body_sha256;
} Submission;

static void
submission_free (Submission *submission)
{
  g_clear_object (&submission->server);
  g_clear_object (&submission->msg);
  g_free (submission->in_flight_key);
  g_free (submission->body_sha256);
  g_free (submission);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Submission, submission_free)

static void
insert_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  RosterIntakeStore *store = ROSTER_INTAKE_STORE (object);
  g_autoptr(Submission) submission = user_data;
  RosterIntakeServer *self = submission->server;
  SoupServerMessage *msg = submission->msg;
  Exchange *exchange = exchange_get (msg);
  const RosterIntakeRecord *record = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_hash_table_remove (self->in_flight, submission->in_flight_key);

  if (roster_intake_store_insert_finish (store, result, &error))
    respond_record (msg, record);
  else if (g_error_matches (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_DUPLICATE))
    {
      /* Another process stored this key between our lookup and our
       * commit (two servers on one database): answer as for a replay. */
      g_autoptr(RosterIntakeRecord) stored = NULL;
      g_autoptr(GError) lookup_error = NULL;

      stored = roster_intake_store_find_by_key (self->store, exchange->token_id,
                                                exchange->idempotency_key, &lookup_error);
      if (stored != NULL)
        respond_to_reuse (msg, exchange, stored, submission->body_sha256);
      else
        respond_unavailable (msg);
    }
  else
    {
      g_warning ("Cannot store a request: %s", error->message);
      g_clear_pointer (&exchange->tracking_id, g_free);
      respond_unavailable (msg);
    }

  /* The connection may have closed (or hit its time limit) while the
   * commit ran; the request is stored either way, and a retry with the
   * same key gets this answer. */
  exchange->paused = FALSE;
  if (!exchange->gone)
    soup_server_message_unpause (msg);
}

static void
handle_submit (RosterIntakeServer *self,
               SoupServerMessage  *msg,
               Exchange           *exchange)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(RosterIntakeRecord) stored = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body_sha256 = NULL;
  g_autofree char *key = NULL;
  RosterIntakeRecord *record;
  Submission *submission;
  GDate today;

  g_assert (exchange->body != NULL);
  g_assert (exchange->idempotency_key != NULL);

  body = g_byte_array_free_to_bytes (g_steal_pointer (&exchange->body));
  body_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);

  /* The key first, before parsing: a replay gets the original answer
   * even if the payload would fail a check today. */
  stored = roster_intake_store_find_by_key (self->store, exchange->token_id,
                                            exchange->idempotency_key, &error);
  if (stored != NULL)
    {
      respond_to_reuse (msg, exchange, stored, body_sha256);
      return;
    }
  if (!g_error_matches (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_NOT_FOUND))
    {
      g_warning ("Cannot look up an idempotency key: %s", error->message);
      respond_unavailable (msg);
      return;
    }
  g_clear_error (&error);

  key = in_flight_key (exchange);
  if (g_hash_table_contains (self->in_flight, key))
    {
      respond_error (msg, SOUP_STATUS_CONFLICT, "request_in_progress",
                     _("This request is still being received; try again in a moment."),
                     RETRY_IN_FLIGHT);
      return;
    }

  roster_rules_get_today (&today);
  if (!(issues = roster_payload_check (body, &today, &error)))
    {
      if (g_error_matches (error, ROSTER_PAYLOAD_ERROR, ROSTER_PAYLOAD_ERROR_TOO_LARGE))
        respond_too_large (msg);
      else if (g_error_matches (error, ROSTER_PAYLOAD_ERROR, ROSTER_PAYLOAD_ERROR_UNKNOWN_FORM) ||
               g_error_matches (error, ROSTER_PAYLOAD_ERROR, ROSTER_PAYLOAD_ERROR_UNSUPPORTED_VERSION))
        respond_error (msg, SOUP_STATUS_BAD_REQUEST, "unsupported_form", error->message, 0);
      else
        respond_error (msg, SOUP_STATUS_BAD_REQUEST, "malformed_json", error->message, 0);
      return;
    }

  if (issues->len > 0)
    {
      respond_field_errors (msg, issues);
      return;
    }

  record = roster_intake_record_new ();
  record->tracking_id = roster_intake_new_tracking_id ();
  record->token_id = exchange->token_id;
  record->idempotency_key = g_strdup (exchange->idempotency_key);
  record->body_sha256 = g_strdup (body_sha256);
  record->body = g_bytes_ref (body);
  now = g_date_time_new_now_utc ();
  record->received_at = roster_intake_format_timestamp (now);
  record->response_status = SOUP_STATUS_CREATED;

  /* The answer is made now and stored with the request, so that a replay
   * is the same bytes. */
  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "tracking_id");
  json_builder_add_string_value (builder, record->tracking_id);
  json_builder_set_member_name (builder, "received_at");
  json_builder_add_string_value (builder, record->received_at);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "received");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  record->response_body = roster_json_generate (root, NULL);

  exchange->tracking_id = g_strdup (record->tracking_id);

  submission = g_new0 (Submission, 1);
  submission->server = g_object_ref (self);
  submission->msg = g_object_ref (msg);
  submission->in_flight_key = g_strdup (key);
  submission->body_sha256 = g_steal_pointer (&body_sha256);

  g_hash_table_add (self->in_flight, g_steal_pointer (&key));

  /* The main loop stays free for other clients while the writer thread
   * waits for the disk. */
  soup_server_message_pause (msg);
  exchange->paused = TRUE;
  roster_intake_store_insert_async (self->store, record, NULL, insert_cb, submission);
}

static void
server_handler_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  RosterIntakeServer *self = user_data;
  Exchange *exchange = exchange_get (msg);

  switch (exchange->route)
    {
    case ROUTE_SUBMIT:
      handle_submit (self, msg, exchange);
      break;

    case ROUTE_STATUS:
      handle_status (self, msg, exchange);
      break;

    case ROUTE_HEALTH:
      handle_health (self, msg, exchange);
      break;

    case ROUTE_OTHER:
    default:
      respond_not_found (msg);
      break;
    }
}

/* Time limits and the log ---------------------------------------------- */

static gboolean
deadline_cb (gpointer user_data)
{
  Exchange *exchange = user_data;
  GSocket *socket = soup_server_message_get_socket (exchange->msg);

  exchange->deadline_id = 0;

  /* Shutting the socket down makes libsoup's pending read or write fail,
   * and it closes the connection through its usual path. */
  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);

  return G_SOURCE_REMOVE;
}

/* The path as logged: the route, never arbitrary bytes a client put in
 * the URL (which could be anything, such as an email address). */
static const char *
loggable_path (SoupServerMessage *msg,
               Exchange          *exchange)
{
  switch (exchange->route)
    {
    case ROUTE_SUBMIT:
      return ACCOUNT_REQUESTS_PATH;
    case ROUTE_HEALTH:
      return HEALTH_PATH;
    case ROUTE_STATUS:
      return ACCOUNT_REQUEST_PREFIX "{tracking_id}";
    case ROUTE_OTHER:
    default:
      return "(other)";
    }
}

static void
finished_cb (SoupServerMessage *msg,
             gpointer           user_data)
{
  Exchange *exchange = exchange_get (msg);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *timestamp = roster_intake_format_timestamp (now);
  const char *method = soup_server_message_get_method (msg);
  double milliseconds = (g_get_monotonic_time () - exchange->started_usec) / 1000.0;

  g_clear_handle_id (&exchange->deadline_id, g_source_remove);
  exchange->gone = TRUE;

  /* One line per request, and nothing in it that a client chose except
   * the method: no token, no payload, no path beyond the route. */
  g_printerr ("%s %s %s %u %.1fms %s\n",
              timestamp,
              method != NULL && strlen (method) <= 16 ? method : "-",
              loggable_path (msg, exchange),
              soup_server_message_get_status (msg),
              milliseconds,
              exchange->tracking_id ? exchange->tracking_id : "-");
}

static void
disconnected_cb (SoupServerMessage *msg,
                 gpointer           user_data)
{
  Exchange *exchange = exchange_get (msg);

  if (exchange != NULL)
    exchange->gone = TRUE;
}

static void
request_started_cb (SoupServer         *server,
                    SoupServerMessage  *msg,
                    RosterIntakeServer *self)
{
  Exchange *exchange = g_new0 (Exchange, 1);

  exchange->msg = msg;
  exchange->started_usec = g_get_monotonic_time ();
  exchange->route = ROUTE_OTHER;
  g_object_set_data_full (G_OBJECT (msg), exchange_key, exchange, (GDestroyNotify)exchange_free);

  if (self->time_limit > 0)
    exchange->deadline_id = g_timeout_add_seconds (self->time_limit, deadline_cb, exchange);

  g_signal_connect_object (msg, "got-headers", G_CALLBACK (got_headers_cb), self, 0);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), NULL);
  g_signal_connect (msg, "finished", G_CALLBACK (finished_cb), NULL);
  g_signal_connect (msg, "disconnected", G_CALLBACK (disconnected_cb), NULL);
}

static gboolean
forget_idle_cb (gpointer user_data)
{
  RosterIntakeServer *self = user_data;

  roster_rate_limiter_forget_idle (self->rate_limiter, g_get_monotonic_time ());

  return G_SOURCE_CONTINUE;
}

/* Object ---------------------------------------------------------------- */

static void
roster_intake_server_constructed (GObject *object)
{
  RosterIntakeServer *self = (RosterIntakeServer *)object;

  G_OBJECT_CLASS (roster_intake_server_parent_class)->constructed (object);

  g_assert (self->store != NULL);

  if (self->rate_limiter == NULL)
    self->rate_limiter = roster_rate_limiter_new (0, 1);

  /* No "Server:" header: nothing to tell a scanner. */
  self->soup_server = soup_server_new ("server-header", NULL, NULL);
  g_signal_connect_object (self->soup_server, "request-started",
                           G_CALLBACK (request_started_cb), self, 0);
  soup_server_add_handler (self->soup_server, NULL, server_handler_cb, self, NULL);

  self->forget_idle_id = g_timeout_add_seconds (FORGET_IDLE_PERIOD, forget_idle_cb, self);
}

static void
roster_intake_server_dispose (GObject *object)
{
  RosterIntakeServer *self = (RosterIntakeServer *)object;

  g_clear_handle_id (&self->forget_idle_id, g_source_remove);
  if (self->soup_server != NULL)
    {
      soup_server_disconnect (self->soup_server);
      soup_server_remove_handler (self->soup_server, NULL);
    }
  g_clear_object (&self->soup_server);

  G_OBJECT_CLASS (roster_intake_server_parent_class)->dispose (object);
}

static void
roster_intake_server_finalize (GObject *object)
{
  RosterIntakeServer *self = (RosterIntakeServer *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->rate_limiter);
  g_clear_pointer (&self->in_flight, g_hash_table_unref);

  G_OBJECT_CLASS (roster_intake_server_parent_class)->finalize (object);
}

static void
roster_intake_server_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  RosterIntakeServer *self = ROSTER_INTAKE_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_RATE_LIMITER:
      self->rate_limiter = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_intake_server_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RosterIntakeServer *self = ROSTER_INTAKE_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_RATE_LIMITER:
      g_value_set_object (value, self->rate_limiter);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_intake_server_class_init (RosterIntakeServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = roster_intake_server_constructed;
  object_class->dispose = roster_intake_server_dispose;
  object_class->finalize = roster_intake_server_finalize;
  object_class->set_property = roster_intake_server_set_property;
  object_class->get_property = roster_intake_server_get_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         ROSTER_TYPE_INTAKE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_RATE_LIMITER] =
    g_param_spec_object ("rate-limiter", NULL, NULL,
                         ROSTER_TYPE_RATE_LIMITER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
roster_intake_server_init (RosterIntakeServer *self)
{
  self->time_limit = ROSTER_INTAKE_SERVER_DEFAULT_TIME_LIMIT;
  self->in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Public API ------------------------------------------------------------ */

/**
 * roster_intake_server_new:
 * @store: where requests and tokens are kept
 * @rate_limiter: (nullable): the per-token limit; %NULL for none
 *
 * Returns: (transfer full): a server that is not listening yet
 */
RosterIntakeServer *
roster_intake_server_new (RosterIntakeStore *store,
                          RosterRateLimiter *rate_limiter)
{
  g_return_val_if_fail (ROSTER_IS_INTAKE_STORE (store), NULL);
  g_return_val_if_fail (rate_limiter == NULL || ROSTER_IS_RATE_LIMITER (rate_limiter), NULL);

  return g_object_new (ROSTER_TYPE_INTAKE_SERVER,
                       "store", store,
                       "rate-limiter", rate_limiter,
                       NULL);
}

/**
 * roster_intake_server_set_time_limit:
 * @self: a #RosterIntakeServer
 * @seconds: the most one request may take, idle wait included; 0 for no
 *   limit
 *
 * Applies to requests that start after the call.
 */
void
roster_intake_server_set_time_limit (RosterIntakeServer *self,
                                     guint               seconds)
{
  g_return_if_fail (ROSTER_IS_INTAKE_SERVER (self));

  self->time_limit = seconds;
}

/**
 * roster_intake_server_listen:
 * @self: a #RosterIntakeServer
 * @address: where to listen; port 0 picks a free port
 * @certificate: (nullable): serve HTTPS with this certificate (and its key)
 * @error: return location for a #GError
 *
 * Starts listening. Refusing plain HTTP on a non-loopback address is the
 * caller's policy (the command line does it), not this function's.
 *
 * Returns: %TRUE on success
 */
gboolean
roster_intake_server_listen (RosterIntakeServer  *self,
                             GInetSocketAddress  *address,
                             GTlsCertificate     *certificate,
                             GError             **error)
{
  SoupServerListenOptions options = 0;
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (ROSTER_IS_INTAKE_SERVER (self), FALSE);
  g_return_val_if_fail (G_IS_INET_SOCKET_ADDRESS (address), FALSE);

  if (certificate != NULL)
    {
      soup_server_set_tls_certificate (self->soup_server, certificate);
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }

  /* Our own socket rather than soup_server_listen(): GSocket's default
   * backlog of 10 overflows when a few dozen clients connect at once, and
   * the kernel then drops or resets their connections. */
  socket = g_socket_new (g_socket_address_get_family (G_SOCKET_ADDRESS (address)),
                         G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;

  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, G_SOCKET_ADDRESS (address), TRUE, error) ||
      !g_socket_listen (socket, error))
    return FALSE;

  return soup_server_listen_socket (self->soup_server, socket, options, error);
}

/**
 * roster_intake_server_accept_stream:
 * @self: a #RosterIntakeServer
 * @stream: a connection that is already open
 * @error: return location for a #GError
 *
 * Serves HTTP on @stream exactly as on a connection accepted from a
 * listening socket: the same request checks, handler and answers. The
 * server closes @stream when the client's side ends or the exchange
 * fails, so a caller waits for g_io_stream_is_closed(). The connection
 * is presented to libsoup as one between two loopback addresses.
 *
 * This is how the fuzz target tests/fuzz/fuzz-server.c puts hostile bytes
 * through the whole request path with no network: a memory input stream
 * for the request, a memory output stream for the answer.
 *
 * Returns: %TRUE if the server took the stream
 */
gboolean
roster_intake_server_accept_stream (RosterIntakeServer  *self,
                                    GIOStream           *stream,
                                    GError             **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) local = g_inet_socket_address_new (loopback, 8089);
  g_autoptr(GSocketAddress) remote = g_inet_socket_address_new (loopback, 49152);

  g_return_val_if_fail (ROSTER_IS_INTAKE_SERVER (self), FALSE);
  g_return_val_if_fail (G_IS_IO_STREAM (stream), FALSE);

  return soup_server_accept_iostream (self->soup_server, stream, local, remote, error);
}

/**
 * roster_intake_server_get_uri:
 * @self: a #RosterIntakeServer
 *
 * Returns: (transfer full) (nullable): the base URL the server listens on,
 *   such as `http://127.0.0.1:8089`, with the real port when it was
 *   picked; %NULL when it is not listening
 */
char *
roster_intake_server_get_uri (RosterIntakeServer *self)
{
  GSList *uris;
  char *text = NULL;

  g_return_val_if_fail (ROSTER_IS_INTAKE_SERVER (self), NULL);

  uris = soup_server_get_uris (self->soup_server);
  if (uris != NULL)
    {
      GUri *uri = uris->data;
      const char *host = g_uri_get_host (uri);
      gboolean ipv6 = strchr (host, ':') != NULL;

      text = g_strdup_printf ("%s://%s%s%s:%d",
                              g_uri_get_scheme (uri),
                              ipv6 ? "[" : "", host, ipv6 ? "]" : "",
                              g_uri_get_port (uri));
    }
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  return text;
}

/**
 * roster_intake_server_stop:
 * @self: a #RosterIntakeServer
 *
 * Stops listening and closes the connections, then waits (running the
 * thread-default main context, for at most ten seconds) for the commits
 * already under way: a request being stored gets stored, and its client,
 * which lost the connection, gets the answer by retrying with its key.
 */
void
roster_intake_server_stop (RosterIntakeServer *self)
{
  gint64 deadline;

  g_return_if_fail (ROSTER_IS_INTAKE_SERVER (self));

  soup_server_disconnect (self->soup_server);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_hash_table_size (self->in_flight) > 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  /* Let the store's writer hand back the tasks it finished. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}
