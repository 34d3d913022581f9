/* roster-intake-server.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-intake-server"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "roster-intake-server.h"
#include "roster-json-check.h"
#include "roster-payload.h"
#include "roster-prefixed-input-stream.h"
#include "roster-request-head.h"
#include "roster-request-stream.h"

/*
 * The intake endpoint of data/intake-api.md ("Endpoints"), over a
 * SoupServer.
 *
 * A connection's life here:
 *
 *   accepted         our own GSocketService accepts it (TLS handshake
 *                    first for HTTPS) and starts the time limit.
 *   gate             we read the request head ourselves, up to 64 KiB,
 *                    and check it (roster-request-head.c) before libsoup
 *                    parses anything: libsoup 3.2.3 leaks memory on some
 *                    heads. A head that fails is answered here (400, 431
 *                    or 501) and the connection closed; one that passes
 *                    goes to the SoupServer as a stream of that one
 *                    request (roster-request-stream.c): the head again,
 *                    then the body its Content-Length gives, then the
 *                    stream's end, so libsoup never reads the next head.
 *   kept alive       when libsoup has answered and closes the request's
 *                    stream, a connection whose request was complete
 *                    (HTTP/1.1, no "Connection: close", no "Expect", a
 *                    Content-Length or no body, libsoup read exactly
 *                    that) comes back to the gate for its next head, at
 *                    most MAX_REQUESTS_PER_CONNECTION times; any other is
 *                    closed.
 *
 * and then a request's life, in libsoup:
 *
 *   request-started  start the time limit again for the request (it
 *                    covers the body and the answer)
 *   got-headers      whether the connection is kept after this request
 *                    (the answer says "Connection: close" if not). Then
 *                    route; for a submission check token, rate, content
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

/* RFC 6585; libsoup 3.2 has no names for them. */
#define STATUS_TOO_MANY_REQUESTS  429
#define STATUS_HEADERS_TOO_LARGE  431

#define MAX_TOKEN_LENGTH   512
#define HEAD_READ_SIZE     4096
#define LINGER_SECONDS     2
#define DRAIN_LIMIT        (64 * 1024 * 1024)
#define RETRY_IN_FLIGHT    1
#define RETRY_UNAVAILABLE  30
#define FORGET_IDLE_PERIOD 60
#define LISTEN_BACKLOG     256
#define MAX_REQUESTS_PER_CONNECTION 1000

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
  GSocketService    *socket_service;
  GTlsCertificate   *certificate;
  char              *uri;
  guint              time_limit;
  guint              forget_idle_id;

  /* "token-id:key" of each submission being committed right now. */
  GHashTable        *in_flight;

  /* The Gates of connections whose head is being read. */
  GHashTable        *gates;

  /* Stopping: connections libsoup lets go are closed, not kept. */
  gboolean           stopping;

  /* The local time zone, read once: GLib 2.74 reads it from disk again
   * on every g_time_zone_new_local() when TZ is unset. The rules' "today"
   * is local, as in the app. */
  GTimeZone         *local_zone;
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
  char              *organization;
  char              *idempotency_key;
  char              *tracking_id;
  gboolean           paused;
  gboolean           gone;
  gboolean           keep_alive;
} Exchange;

static const char exchange_key[] = "roster-intake-exchange";

/* A connection's GSocket, kept on its remote address: libsoup gets the
 * connection as a stream and cannot say which socket it is on. */
static const char socket_key[] = "roster-intake-socket";

/* The RosterRequestStream of the connection's current request, kept on
 * its remote address too. */
static const char request_stream_key[] = "roster-intake-request-stream";

/* What a connection's next gate needs, kept on its request's stream. */
static const char local_key[] = "roster-intake-local";
static const char remote_key[] = "roster-intake-remote";

static void
exchange_free (Exchange *exchange)
{
  g_clear_handle_id (&exchange->deadline_id, g_source_remove);
  g_clear_pointer (&exchange->body, g_byte_array_unref);
  g_free (exchange->organization);
  g_free (exchange->idempotency_key);
  g_free (exchange->tracking_id);
  g_free (exchange);
}

static Exchange *
exchange_get (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), exchange_key);
}

static RosterRequestStream *
request_stream_for (SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  return remote ? g_object_get_data (G_OBJECT (remote), request_stream_key) : NULL;
}

/* libsoup itself never parses a second head on a connection, which the
 * gate would not have checked: the request's "Connection: close"
 * (replaced, not appended, so that an HTTP/1.0 "keep-alive" is gone too)
 * tells it so, and the request's stream ends with the request anyway.
 * Whether the gate then reads the next head is the exchange's
 * keep_alive; the answer says "Connection: close" when it will not. A
 * "100 Continue" clears the answer's headers, so the handler sets it
 * again. */
static void
set_connection_headers (SoupServerMessage *msg,
                        Exchange          *exchange)
{
  soup_message_headers_replace (soup_server_message_get_request_headers (msg), "Connection", "close");
  if (!exchange->keep_alive)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
}

/* Whether the connection may carry another request after this one:
 * decided on the request's head, before anything is answered. */
static gboolean
may_keep_alive (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  RosterRequestStream *stream = request_stream_for (msg);

  return stream != NULL &&
         roster_request_stream_is_bounded (stream) &&
         roster_request_stream_get_index (stream) + 1 < MAX_REQUESTS_PER_CONNECTION &&
         soup_server_message_get_status (msg) == 0 &&
         soup_server_message_get_http_version (msg) == SOUP_HTTP_1_1 &&
         !soup_message_headers_header_contains (headers, "Connection", "close") &&
         soup_message_headers_get_one (headers, "Expect") == NULL;
}

/* Cuts the message's connection off; libsoup's pending read or write
 * then fails, and it closes the connection through its usual path. */
static void
shut_down_connection (SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  GSocket *socket = remote ? g_object_get_data (G_OBJECT (remote), socket_key) : NULL;

  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
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

/* The contract's error object: {"error": code, "message": message}. */
static char *
generate_error (const char *code,
                const char *message,
                gsize      *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return roster_json_generate (root, length);
}

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *code,
               const char        *message,
               guint              retry_after)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize length = 0;
  char *text;

  if (retry_after > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", retry_after);

      soup_message_headers_replace (headers, "Retry-After", seconds);
    }

  if (status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer");

  text = generate_error (code, message, &length);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, JSON_CONTENT_TYPE, SOUP_MEMORY_TAKE, text, length);
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

  g_clear_pointer (&exchange->organization, g_free);
  if (!roster_intake_store_identify (self->store, token, &exchange->token_id,
                                     &exchange->organization, &error))
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

  exchange->keep_alive = may_keep_alive (msg);
  set_connection_headers (msg, exchange);

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
      shut_down_connection (msg);
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

/* A key is the organization's, whichever of its tokens sends it. An
 * organization's name has no control characters, so the newline keeps
 * the two apart; it is only ever a hash table's key, never logged. */
static char *
in_flight_key (const Exchange *exchange)
{
  g_assert (exchange->organization != NULL);

  return g_strdup_printf ("%s\n%s", exchange->organization, exchange->idempotency_key);
}

/* Answers a submission whose key this token's organization already used
 * (with this token or another of its tokens): the original answer, for
 * the same bytes. */
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

/* Answers a submission whose key this token's organization already used
 * with the original answer (or a refusal, for other bytes), and one
 * whose key cannot be looked up with 503. Returns FALSE when the key is
 * unused: nothing is answered yet. */
static gboolean
respond_if_key_used (RosterIntakeServer *self,
                     SoupServerMessage  *msg,
                     Exchange           *exchange,
                     const char         *body_sha256)
{
  g_autoptr(RosterIntakeRecord) stored = NULL;
  g_autoptr(GError) error = NULL;

  stored = roster_intake_store_find_by_key (self->store, exchange->token_id,
                                            exchange->idempotency_key, &error);
  if (stored != NULL)
    {
      respond_to_reuse (msg, exchange, stored, body_sha256);
      return TRUE;
    }

  if (g_error_matches (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_NOT_FOUND))
    return FALSE;

  g_warning ("Cannot look up an idempotency key: %s", error->message);
  respond_unavailable (msg);
  return TRUE;
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
respond_in_flight (SoupServerMessage *msg)
{
  respond_error (msg, SOUP_STATUS_CONFLICT, "request_in_progress",
                 _("This request is still being received; try again in a moment."),
                 RETRY_IN_FLIGHT);
}

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
      /* The key was used already (a replay, or another process stored
       * it first): answer as for a replay. It cannot be unused now. */
      g_clear_pointer (&exchange->tracking_id, g_free);
      if (!respond_if_key_used (self, msg, exchange, submission->body_sha256))
        respond_unavailable (msg);
    }
  else if (g_error_matches (error, ROSTER_INTAKE_STORE_ERROR, ROSTER_INTAKE_STORE_ERROR_IN_FLIGHT))
    {
      /* Another process is storing this key right now. */
      g_clear_pointer (&exchange->tracking_id, g_free);
      respond_in_flight (msg);
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
  key = in_flight_key (exchange);

  /* A new key, the usual case, costs no lookup: the insert's unique key
   * finds a used one (insert_cb then answers as for a replay). Only a
   * request that would not be stored looks its key up first, so that a
   * replay still gets the original answer even if the payload would
   * fail a check today, and a key whose request is stored while it is
   * still in flight here gets that request's answer. */
  roster_rules_get_today_in (self->local_zone, &today);
  issues = roster_payload_check (body, &today, &error);
  if (issues == NULL || issues->len > 0 || g_hash_table_contains (self->in_flight, key))
    {
      if (respond_if_key_used (self, msg, exchange, body_sha256))
        return;

      if (g_hash_table_contains (self->in_flight, key))
        respond_in_flight (msg);
      else if (issues != NULL)
        respond_field_errors (msg, issues);
      else if (g_error_matches (error, ROSTER_PAYLOAD_ERROR, ROSTER_PAYLOAD_ERROR_TOO_LARGE))
        respond_too_large (msg);
      else if (g_error_matches (error, ROSTER_PAYLOAD_ERROR, ROSTER_PAYLOAD_ERROR_UNKNOWN_FORM) ||
               g_error_matches (error, ROSTER_PAYLOAD_ERROR, ROSTER_PAYLOAD_ERROR_UNSUPPORTED_VERSION))
        respond_error (msg, SOUP_STATUS_BAD_REQUEST, "unsupported_form", error->message, 0);
      else
        respond_error (msg, SOUP_STATUS_BAD_REQUEST, "malformed_json", error->message, 0);
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

  set_connection_headers (msg, exchange);

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

  exchange->deadline_id = 0;
  shut_down_connection (exchange->msg);

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

/* One line per request, and nothing in it that a client chose except
 * the method: no token, no payload, no path beyond the route. */
static void
log_request (const char *method,
             const char *path,
             guint       status,
             gint64      started_usec,
             const char *tracking_id)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *timestamp = roster_intake_format_timestamp (now);

  g_printerr ("%s %s %s %u %.1fms %s\n",
              timestamp,
              method != NULL && strlen (method) <= 16 ? method : "-",
              path,
              status,
              (g_get_monotonic_time () - started_usec) / 1000.0,
              tracking_id ? tracking_id : "-");
}

static void
finished_cb (SoupServerMessage *msg,
             gpointer           user_data)
{
  Exchange *exchange = exchange_get (msg);

  g_clear_handle_id (&exchange->deadline_id, g_source_remove);
  exchange->gone = TRUE;

  log_request (soup_server_message_get_method (msg),
               loggable_path (msg, exchange),
               soup_server_message_get_status (msg),
               exchange->started_usec,
               exchange->tracking_id);
}

/* The answer went out in full: the connection may carry the next
 * request, if it was to be kept. */
static void
request_finished_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     gpointer           user_data)
{
  Exchange *exchange = exchange_get (msg);
  RosterRequestStream *stream = request_stream_for (msg);

  if (exchange != NULL && exchange->keep_alive && stream != NULL)
    roster_request_stream_set_reusable (stream);
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

/* The gate: a connection until its head is checked --------------------- */

typedef struct
{
  RosterIntakeServer *server;
  GIOStream          *connection;
  GSocket            *socket;
  GSocketAddress     *local;
  GSocketAddress     *remote;
  GCancellable       *cancellable;
  gint64              started_usec;
  guint               deadline_id;
  GByteArray         *head;
  GBytes             *refusal;
  gsize               drained;
  guint               index;
} Gate;

static void gate_read (Gate *gate);

static Gate *
gate_new (RosterIntakeServer *self,
          GIOStream          *connection,
          GSocket            *socket,
          GSocketAddress     *local,
          GSocketAddress     *remote)
{
  Gate *gate = g_new0 (Gate, 1);

  gate->server = g_object_ref (self);
  gate->connection = g_object_ref (connection);
  gate->socket = socket ? g_object_ref (socket) : NULL;
  gate->local = g_object_ref (local);
  gate->remote = g_object_ref (remote);
  gate->cancellable = g_cancellable_new ();
  gate->started_usec = g_get_monotonic_time ();
  gate->head = g_byte_array_new ();

  g_hash_table_add (self->gates, gate);

  return gate;
}

static void
gate_free (Gate *gate)
{
  g_hash_table_remove (gate->server->gates, gate);
  g_clear_handle_id (&gate->deadline_id, g_source_remove);
  g_clear_object (&gate->server);
  g_clear_object (&gate->connection);
  g_clear_object (&gate->socket);
  g_clear_object (&gate->local);
  g_clear_object (&gate->remote);
  g_clear_object (&gate->cancellable);
  g_clear_pointer (&gate->head, g_byte_array_unref);
  g_clear_pointer (&gate->refusal, g_bytes_unref);
  g_free (gate);
}

/* The time limit, or the server stopping: whatever the gate waits for
 * fails, and it closes the connection. */
static void
gate_cut (Gate *gate)
{
  g_cancellable_cancel (gate->cancellable);
  if (gate->socket != NULL)
    g_socket_shutdown (gate->socket, TRUE, TRUE, NULL);
}

static gboolean
gate_deadline_cb (gpointer user_data)
{
  Gate *gate = user_data;

  gate->deadline_id = 0;
  gate_cut (gate);

  return G_SOURCE_REMOVE;
}

static void
gate_closed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_io_stream_close_finish (G_IO_STREAM (object), result, NULL);
  gate_free (user_data);
}

static void
gate_close (Gate *gate)
{
  g_io_stream_close_async (gate->connection, G_PRIORITY_DEFAULT, NULL, gate_closed_cb, gate);
}

static void gate_drain (Gate *gate);

static void
gate_drained_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Gate *gate = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      gate_close (gate);
      return;
    }

  gate->drained += g_bytes_get_size (bytes);
  if (gate->drained > DRAIN_LIMIT)
    gate_close (gate);
  else
    gate_drain (gate);
}

/* Reads and drops what the client still sends (the body of a refused
 * request), until it stops, the drain limit or the time limit: closing
 * with unread bytes would make the kernel reset the connection, and the
 * client could lose the answer before reading it. */
static void
gate_drain (Gate *gate)
{
  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (gate->connection),
                                   64 * 1024, G_PRIORITY_DEFAULT, gate->cancellable,
                                   gate_drained_cb, gate);
}

static void
gate_wrote_refusal_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Gate *gate = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL))
    {
      gate_close (gate);
      return;
    }

  /* The answer is complete: say so (half-close), then let the client
   * finish sending, for a moment at most. */
  if (gate->socket != NULL)
    g_socket_shutdown (gate->socket, FALSE, TRUE, NULL);
  g_clear_handle_id (&gate->deadline_id, g_source_remove);
  gate->deadline_id = g_timeout_add_seconds (LINGER_SECONDS, gate_deadline_cb, gate);
  gate_drain (gate);
}

/* Answers a head that libsoup must not see, in the contract's error
 * form, and closes the connection. */
static void
gate_refuse (Gate       *gate,
             guint       status,
             const char *code,
             const char *message)
{
  g_autofree char *body = NULL;
  g_autofree char *answer = NULL;
  gsize length = 0;

  body = generate_error (code, message, &length);
  answer = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                            "Content-Type: " JSON_CONTENT_TYPE "\r\n"
                            "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                            "Connection: close\r\n"
                            "\r\n"
                            "%s",
                            status,
                            status == STATUS_HEADERS_TOO_LARGE ? "Request Header Fields Too Large"
                                                               : soup_status_get_phrase (status),
                            length, body);
  length = strlen (answer);
  gate->refusal = g_bytes_new_take (g_steal_pointer (&answer), length);

  log_request (NULL, "(head)", status, gate->started_usec, NULL);

  g_output_stream_write_all_async (g_io_stream_get_output_stream (gate->connection),
                                   g_bytes_get_data (gate->refusal, NULL),
                                   g_bytes_get_size (gate->refusal),
                                   G_PRIORITY_DEFAULT, gate->cancellable,
                                   gate_wrote_refusal_cb, gate);
}

static void gate_examine (Gate *gate);
static void request_stream_done_cb (RosterRequestStream *stream,
                                    gboolean             reusable,
                                    gpointer             user_data);

/* The head passed: libsoup gets the request, head included, and no
 * more of the connection than the request. */
static void
gate_open (Gate  *gate,
           gsize  head_length)
{
  RosterIntakeServer *self = gate->server;
  guint64 body_length = 0;
  guint64 limit = G_MAXUINT64;
  g_autoptr(GBytes) read_so_far = NULL;
  g_autoptr(RosterRequestStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  if (roster_request_head_get_body_length ((const char *) gate->head->data, head_length, &body_length) &&
      body_length <= G_MAXUINT64 - head_length)
    limit = head_length + body_length;

  read_so_far = g_byte_array_free_to_bytes (g_steal_pointer (&gate->head));
  stream = roster_request_stream_new (gate->connection, read_so_far, limit, gate->index,
                                      G_OBJECT (self), request_stream_done_cb);
  g_object_set_data_full (G_OBJECT (stream), local_key, g_object_ref (gate->local), g_object_unref);
  g_object_set_data_full (G_OBJECT (stream), remote_key, g_object_ref (gate->remote), g_object_unref);

  if (gate->socket != NULL)
    g_object_set_data_full (G_OBJECT (gate->remote), socket_key,
                            g_object_ref (gate->socket), g_object_unref);
  g_object_set_data_full (G_OBJECT (gate->remote), request_stream_key,
                          g_object_ref (stream), g_object_unref);

  if (!soup_server_accept_iostream (self->soup_server, G_IO_STREAM (stream), gate->local, gate->remote, &error))
    {
      g_warning ("Cannot serve a connection: %s", error->message);
      g_object_set_data (G_OBJECT (gate->remote), request_stream_key, NULL);
      gate_close (gate);
      return;
    }

  gate_free (gate);
}

typedef struct
{
  RosterIntakeServer  *server;
  RosterRequestStream *stream;
} Reopen;

static void
reopen_free (Reopen *reopen)
{
  g_object_unref (reopen->server);
  g_object_unref (reopen->stream);
  g_free (reopen);
}

/* A connection's next request: to the gate again, with what was read
 * past the last request's end. */
static gboolean
gate_reopen_cb (gpointer user_data)
{
  Reopen *reopen = user_data;
  RosterIntakeServer *self = reopen->server;
  RosterRequestStream *stream = reopen->stream;
  GIOStream *connection = roster_request_stream_get_connection (stream);
  GSocketAddress *local = g_object_get_data (G_OBJECT (stream), local_key);
  GSocketAddress *remote = g_object_get_data (G_OBJECT (stream), remote_key);
  GSocket *socket = g_object_get_data (G_OBJECT (remote), socket_key);
  g_autoptr(GBytes) rest = NULL;
  Gate *gate;

  if (self->stopping || g_io_stream_is_closed (connection))
    {
      g_io_stream_close (connection, NULL, NULL);
      return G_SOURCE_REMOVE;
    }

  rest = roster_request_stream_steal_rest (stream);
  gate = gate_new (self, connection, socket, local, remote);
  gate->index = roster_request_stream_get_index (stream) + 1;
  g_byte_array_append (gate->head, g_bytes_get_data (rest, NULL), g_bytes_get_size (rest));

  if (self->time_limit > 0)
    gate->deadline_id = g_timeout_add_seconds (self->time_limit, gate_deadline_cb, gate);

  if (gate->head->len > 0)
    gate_examine (gate);
  else
    gate_read (gate);

  return G_SOURCE_REMOVE;
}

/* libsoup is done with a request: the connection goes back to the gate
 * (later: libsoup is still closing its side) or is closed. */
static void
request_stream_done_cb (RosterRequestStream *stream,
                        gboolean             reusable,
                        gpointer             user_data)
{
  RosterIntakeServer *self = user_data;
  GIOStream *connection = roster_request_stream_get_connection (stream);
  GSocketAddress *remote = g_object_get_data (G_OBJECT (stream), remote_key);
  Reopen *reopen;

  /* The request is over: its address no longer leads to its stream (the
   * stream keeps the address, so that would be a cycle). */
  if (remote != NULL)
    g_object_set_data (G_OBJECT (remote), request_stream_key, NULL);

  if (!reusable || self->stopping)
    {
      g_io_stream_close (connection, NULL, NULL);
      return;
    }

  reopen = g_new0 (Reopen, 1);
  reopen->server = g_object_ref (self);
  reopen->stream = g_object_ref (stream);
  g_idle_add_full (G_PRIORITY_DEFAULT, gate_reopen_cb, reopen, (GDestroyNotify) reopen_free);
}

/* Opens the gate for a head that passes the check, answers one that
 * does not. */
static void
gate_judge (Gate  *gate,
            gsize  head_length)
{
  switch (roster_request_head_check ((const char *) gate->head->data, head_length))
    {
    case ROSTER_REQUEST_HEAD_OK:
      gate_open (gate, head_length);
      break;

    case ROSTER_REQUEST_HEAD_MALFORMED:
      gate_refuse (gate, SOUP_STATUS_BAD_REQUEST, "malformed_request",
                   _("The request’s headers are malformed."));
      break;

    case ROSTER_REQUEST_HEAD_BAD_FRAMING:
      gate_refuse (gate, SOUP_STATUS_BAD_REQUEST, "malformed_request",
                   _("The request gives its length in two ways; send either a Content-Length "
                     "or “Transfer-Encoding: chunked”."));
      break;

    case ROSTER_REQUEST_HEAD_UNSUPPORTED_ENCODING:
    default:
      gate_refuse (gate, SOUP_STATUS_NOT_IMPLEMENTED, "unsupported_transfer_encoding",
                   _("The only Transfer-Encoding accepted is “chunked”."));
      break;
    }
}

static void
gate_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Gate *gate = user_data;
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);
  if (bytes == NULL)
    {
      gate_close (gate);
      return;
    }

  /* The client stopped sending. An unfinished head is checked all the
   * same: libsoup 3.2.3 parses what it gets before it answers 400. */
  if (g_bytes_get_size (bytes) == 0)
    {
      if (gate->head->len > 0)
        gate_judge (gate, gate->head->len);
      else
        gate_close (gate);
      return;
    }

  g_byte_array_append (gate->head, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  gate_examine (gate);
}

/* The head so far: judged once it ends, read further until then. */
static void
gate_examine (Gate *gate)
{
  gsize end = roster_request_head_find_end ((const char *) gate->head->data, gate->head->len);

  if (end == 0 || end > ROSTER_REQUEST_HEAD_MAX_BYTES)
    {
      if (gate->head->len < ROSTER_REQUEST_HEAD_MAX_BYTES)
        gate_read (gate);
      else
        gate_refuse (gate, STATUS_HEADERS_TOO_LARGE, "headers_too_large",
                     _("The request’s headers are larger than 64 KiB."));
      return;
    }

  gate_judge (gate, end);
}

static void
gate_read (Gate *gate)
{
  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (gate->connection),
                                   HEAD_READ_SIZE, G_PRIORITY_DEFAULT, gate->cancellable,
                                   gate_read_cb, gate);
}

static void
gate_handshake_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Gate *gate = user_data;

  /* A failed handshake is the client's business (a wrong CA, a scanner);
   * there is no one to tell. */
  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (object), result, NULL))
    {
      gate_close (gate);
      return;
    }

  gate_read (gate);
}

/* Takes a connection: the time limit starts, the TLS handshake if
 * there is one, then the head. */
static void
accept_connection (RosterIntakeServer *self,
                   GIOStream          *connection,
                   GSocket            *socket,
                   GSocketAddress     *local,
                   GSocketAddress     *remote)
{
  Gate *gate = gate_new (self, connection, socket, local, remote);

  if (self->time_limit > 0)
    gate->deadline_id = g_timeout_add_seconds (self->time_limit, gate_deadline_cb, gate);

  if (G_IS_TLS_CONNECTION (connection))
    g_tls_connection_handshake_async (G_TLS_CONNECTION (connection), G_PRIORITY_DEFAULT,
                                      gate->cancellable, gate_handshake_cb, gate);
  else
    gate_read (gate);
}

static gboolean
incoming_cb (GSocketService     *service,
             GSocketConnection  *connection,
             GObject            *source_object,
             RosterIntakeServer *self)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  /* The client already left. */
  if (local == NULL || remote == NULL)
    return TRUE;

  /* Answers are small and whole: send them now (as libsoup does). */
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);

  if (self->certificate != NULL)
    {
      stream = g_tls_server_connection_new (G_IO_STREAM (connection), self->certificate, &error);
      if (stream == NULL)
        {
          g_warning ("Cannot start TLS: %s", error->message);
          return TRUE;
        }
      g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (stream), FALSE);
    }
  else
    stream = g_object_ref (G_IO_STREAM (connection));

  accept_connection (self, stream, socket, local, remote);

  return TRUE;
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
  g_signal_connect (self->soup_server, "request-finished",
                    G_CALLBACK (request_finished_cb), NULL);
  soup_server_add_handler (self->soup_server, NULL, server_handler_cb, self, NULL);

  self->forget_idle_id = g_timeout_add_seconds (FORGET_IDLE_PERIOD, forget_idle_cb, self);

  /* Our own accept loop: see "gate" at the top. */
  self->socket_service = g_socket_service_new ();
  g_signal_connect_object (self->socket_service, "incoming",
                           G_CALLBACK (incoming_cb), self, 0);
}

static void
roster_intake_server_dispose (GObject *object)
{
  RosterIntakeServer *self = (RosterIntakeServer *)object;

  self->stopping = TRUE;
  g_clear_handle_id (&self->forget_idle_id, g_source_remove);
  if (self->socket_service != NULL)
    {
      g_socket_service_stop (self->socket_service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->socket_service));
    }
  g_clear_object (&self->socket_service);
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
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->in_flight, g_hash_table_unref);
  g_clear_pointer (&self->gates, g_hash_table_unref);
  g_clear_pointer (&self->local_zone, g_time_zone_unref);

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
  self->gates = g_hash_table_new (NULL, NULL);
  self->local_zone = g_time_zone_new_local ();
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
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *host = NULL;

  g_return_val_if_fail (ROSTER_IS_INTAKE_SERVER (self), FALSE);
  g_return_val_if_fail (G_IS_INET_SOCKET_ADDRESS (address), FALSE);
  g_return_val_if_fail (self->uri == NULL, FALSE);

  /* Our own socket, for two reasons: GSocket's default backlog of 10
   * overflows when a few dozen clients connect at once (the kernel then
   * drops or resets their connections), and the connections go through
   * the gate before libsoup. */
  socket = g_socket_new (g_socket_address_get_family (G_SOCKET_ADDRESS (address)),
                         G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;

  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, G_SOCKET_ADDRESS (address), TRUE, error) ||
      !g_socket_listen (socket, error) ||
      !g_socket_listener_add_socket (G_SOCKET_LISTENER (self->socket_service), socket, NULL, error) ||
      !(bound = g_socket_get_local_address (socket, error)))
    return FALSE;

  g_set_object (&self->certificate, certificate);
  g_socket_service_start (self->socket_service);

  host = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (bound)));
  self->uri = g_strdup_printf ("%s://%s%s%s:%u",
                               certificate != NULL ? "https" : "http",
                               strchr (host, ':') != NULL ? "[" : "", host,
                               strchr (host, ':') != NULL ? "]" : "",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  return TRUE;
}

/**
 * roster_intake_server_accept_stream:
 * @self: a #RosterIntakeServer
 * @stream: a connection that is already open
 * @error: return location for a #GError
 *
 * Serves HTTP on @stream exactly as on a connection accepted from the
 * listening socket: the same head check, request checks, handler and
 * answers (a #GTlsConnection gets its handshake first). The server
 * closes @stream when the exchange ends or fails, so a caller waits for
 * g_io_stream_is_closed(). The connection is presented to libsoup as
 * one between two loopback addresses.
 *
 * This is how the fuzz target tests/fuzz/fuzz-server.c puts hostile bytes
 * through the whole request path with no network: a memory input stream
 * for the request, a memory output stream for the answer.
 *
 * Returns: %TRUE: the server took the stream (@error is for a future
 *   failure; there is none yet)
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

  accept_connection (self, stream, NULL, local, remote);

  return TRUE;
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
  g_return_val_if_fail (ROSTER_IS_INTAKE_SERVER (self), NULL);

  return g_strdup (self->uri);
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

  GHashTableIter iter;
  Gate *gate;

  g_return_if_fail (ROSTER_IS_INTAKE_SERVER (self));

  self->stopping = TRUE;
  g_socket_service_stop (self->socket_service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->socket_service));

  /* Connections still at the gate close as the time limit would. */
  g_hash_table_iter_init (&iter, self->gates);
  while (g_hash_table_iter_next (&iter, (gpointer *) &gate, NULL))
    gate_cut (gate);

  soup_server_disconnect (self->soup_server);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while ((g_hash_table_size (self->in_flight) > 0 || g_hash_table_size (self->gates) > 0) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  /* Let the store's writer hand back the tasks it finished. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}
