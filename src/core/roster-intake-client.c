/* roster-intake-client.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-intake-client"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "roster-endpoint.h"
#include "roster-intake-client.h"
#include "roster-json-check.h"

/*
 * One attempt to deliver a frozen payload to the intake endpoint, and
 * what its outcome means (data/intake-api.md is the contract).
 *
 * - The body is the frozen bytes, sent as they are, with the request's
 *   one Idempotency-Key; the bearer token goes in Authorization and
 *   nowhere else (never a log: libsoup's logger is never attached).
 * - Redirects are never followed: libsoup would turn the POST into a GET
 *   to wherever the answer points. A redirect is an error.
 * - TLS is strict: libsoup's default verification, no override. Tests
 *   may name the CA to trust (roster_intake_client_set_ca_file()), which
 *   replaces the trust anchors but not the verification.
 * - Plain http:// only to this computer (roster_endpoint_check()).
 * - Each attempt has a deadline for the whole exchange, not only for
 *   silence, so a server trickling one byte a second can't hold it.
 * - Answers are untrusted: read up to a limit, checked, then parsed.
 * - A flush's POSTs share one kept-alive HTTP/1.1 connection: each is
 *   flagged idempotent, which the Idempotency-Key makes true (libsoup 3
 *   opens a new connection for every POST otherwise). A connection the
 *   server closed while it was idle can fail the POST sent on it before
 *   any answer: libsoup resends only GET-like methods then, so the
 *   client resends the POST itself, once, on a new connection, with the
 *   same key and bytes. It is the attempt the server never saw, or, if
 *   it did, the HIE answers the repeat with its first answer.
 */

#define DEFAULT_TIMEOUT_SECONDS 30

struct _RosterIntakeClient
{
  GObject      parent_instance;

  SoupSession *session;
  char        *endpoint;
  char        *token;
  guint        timeout_seconds;
};

G_DEFINE_FINAL_TYPE (RosterIntakeClient, roster_intake_client, G_TYPE_OBJECT)

void
roster_intake_result_free (RosterIntakeResult *result)
{
  if (result == NULL)
    return;

  g_free (result->tracking_id);
  g_free (result->received_at);
  g_free (result->errors_json);
  g_free (result->message);
  g_free (result);
}

void
roster_intake_status_free (RosterIntakeStatus *status)
{
  if (status == NULL)
    return;

  g_free (status->status);
  g_free (status->note);
  g_free (status);
}

static RosterIntakeResult *
result_new (RosterOutcome  outcome,
            guint          status,
            const char    *message)
{
  RosterIntakeResult *result = g_new0 (RosterIntakeResult, 1);

  result->outcome = outcome;
  result->status = status;
  result->message = g_strdup (message);
  result->retry_after = -1;

  return result;
}

/* Parsing answers --------------------------------------------------------- */

static JsonObject *
parse_object (JsonParser *parser,
              GBytes     *body)
{
  const char *data;
  gsize length;

  if (body == NULL)
    return NULL;

  data = g_bytes_get_data (body, &length);
  if (!roster_json_check (data, length, ROSTER_INTAKE_MAX_RESPONSE_BYTES, 8, NULL) ||
      !json_parser_load_from_data (parser, data, length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  return json_node_get_object (json_parser_get_root (parser));
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
is_tracking_id (const char *text)
{
  gsize length = text ? strlen (text) : 0;

  if (length == 0 || length > 64)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
        return FALSE;
    }

  return TRUE;
}

/* Keeps {"field", "message"} pairs of plain strings, within limits, and
 * rebuilds the array: nothing else of the HIE's answer is stored. */
static char *
rebuild_field_errors (JsonObject *object)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonNode *errors_node = object ? json_object_get_member (object, "errors") : NULL;
  JsonArray *errors;
  guint kept = 0;

  if (errors_node == NULL || !JSON_NODE_HOLDS_ARRAY (errors_node))
    return NULL;

  errors = json_node_get_array (errors_node);

  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (errors) && kept < 1000; i++)
    {
      JsonNode *element = json_array_get_element (errors, i);
      const char *field, *message;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;

      field = get_string (json_node_get_object (element), "field");
      message = get_string (json_node_get_object (element), "message");
      if (field == NULL || message == NULL || strlen (field) > 256 || strlen (message) > 2000)
        continue;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, field);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, message);
      json_builder_end_object (builder);
      kept++;
    }
  json_builder_end_array (builder);

  if (kept == 0)
    return NULL;

  root = json_builder_get_root (builder);

  return roster_json_generate (root, NULL);
}

/**
 * roster_intake_parse_status:
 * @status: the HTTP status
 * @body: (nullable): the answer's body, at most
 *   %ROSTER_INTAKE_MAX_RESPONSE_BYTES
 * @error: return location for a #GError
 *
 * Reads the answer to a status lookup (`GET /v1/account-requests/ID`).
 * Pure: the fuzzers and the tests call it with hostile answers.
 *
 * Returns: (transfer full) (nullable): the status, or %NULL with @error set
 *   if the answer is not a 200 with one of the four states
 */
RosterIntakeStatus *
roster_intake_parse_status (guint    status,
                            GBytes  *body,
                            GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *object = parse_object (parser, body);
  const char *state = get_string (object, "status");
  RosterIntakeStatus *result;

  if (status != 200 || state == NULL ||
      !(g_str_equal (state, "received") || g_str_equal (state, "in_review") ||
        g_str_equal (state, "completed") || g_str_equal (state, "rejected")))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The HIE did not give the request’s status (%u)."), status);
      return NULL;
    }

  result = g_new0 (RosterIntakeStatus, 1);
  result->status = g_strdup (state);
  result->note = g_strdup (get_string (object, "note"));

  return result;
}

/**
 * roster_intake_parse_response:
 * @status: the HTTP status
 * @retry_after: (nullable): the `Retry-After` header
 * @body: (nullable): the answer's body, at most
 *   %ROSTER_INTAKE_MAX_RESPONSE_BYTES
 *
 * What an answer from the intake endpoint means. Pure: the fuzzers and
 * the tests call it with hostile answers.
 *
 * Returns: (transfer full): the result
 */
RosterIntakeResult *
roster_intake_parse_response (guint       status,
                              const char *retry_after,
                              GBytes     *body)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  RosterOutcome outcome = roster_outcome_for_status (status);
  JsonObject *object = parse_object (parser, body);
  RosterIntakeResult *result;

  switch (outcome)
    {
    case ROSTER_OUTCOME_ACCEPTED:
      {
        const char *tracking_id = get_string (object, "tracking_id");

        if (!is_tracking_id (tracking_id))
          return result_new (ROSTER_OUTCOME_REFUSED, status,
                             _("The HIE answered that it received the request, but its answer has no tracking number Roster can read. Contact the HIE before sending it again."));

        result = result_new (ROSTER_OUTCOME_ACCEPTED, status, _("The HIE received the request."));
        result->tracking_id = g_strdup (tracking_id);
        result->received_at = g_strdup (get_string (object, "received_at"));
        return result;
      }

    case ROSTER_OUTCOME_RETURNED:
      {
        g_autofree char *errors = rebuild_field_errors (object);

        if (errors == NULL)
          {
            /* A 400 or 422 without field errors is about the exchange
             * itself (a reused key, a malformed request): not something
             * the administrator can fix in the answers. */
            const char *server_message = get_string (object, "message");
            g_autofree char *message =
              g_strdup_printf (_("The HIE refused the request (%u)%s%s"), status,
                               server_message ? ": " : ".", server_message ? server_message : "");
            return result_new (ROSTER_OUTCOME_REFUSED, status, message);
          }

        result = result_new (ROSTER_OUTCOME_RETURNED, status,
                             _("The HIE found problems in the answers. Fix them and submit the request again."));
        result->errors_json = g_steal_pointer (&errors);
        return result;
      }

    case ROSTER_OUTCOME_PAUSE:
      return result_new (ROSTER_OUTCOME_PAUSE, status,
                         _("The HIE did not accept Roster’s API token. Enter a new token in Preferences; the outbox waits until then."));

    case ROSTER_OUTCOME_RETRY:
      {
        g_autofree char *message = g_strdup_printf (_("The HIE could not take the request right now (%u). Roster will try again."), status);

        result = result_new (ROSTER_OUTCOME_RETRY, status, message);
        if (!roster_parse_retry_after (retry_after, g_get_real_time (), &result->retry_after))
          result->retry_after = -1;
        return result;
      }

    case ROSTER_OUTCOME_REFUSED:
    case ROSTER_OUTCOME_UNKNOWN:
    default:
      {
        g_autofree char *message = NULL;

        if (status >= 300 && status < 400)
          message = g_strdup_printf (_("The HIE’s address answered with a redirect (%u), which Roster does not follow for requests. Check the endpoint in Preferences."), status);
        else
          message = g_strdup_printf (_("The HIE refused the request (%u). Check the endpoint in Preferences, or contact the HIE."), status);

        return result_new (ROSTER_OUTCOME_REFUSED, status, message);
      }
    }
}

/* The client ---------------------------------------------------------------- */

static void
roster_intake_client_finalize (GObject *object)
{
  RosterIntakeClient *self = (RosterIntakeClient *)object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->endpoint, g_free);
  if (self->token != NULL)
    explicit_bzero (self->token, strlen (self->token));
  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (roster_intake_client_parent_class)->finalize (object);
}

static void
roster_intake_client_class_init (RosterIntakeClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = roster_intake_client_finalize;
}

static void
roster_intake_client_init (RosterIntakeClient *self)
{
  self->timeout_seconds = DEFAULT_TIMEOUT_SECONDS;
  self->session = soup_session_new_with_options ("user-agent", "hie-roster/" PACKAGE_VERSION " ",
                                                 "timeout", DEFAULT_TIMEOUT_SECONDS,
                                                 "idle-timeout", 60,
                                                 "max-conns-per-host", 2,
                                                 NULL);
}

/**
 * roster_intake_client_new:
 * @endpoint: the intake endpoint's base address, such as
 *   "https://intake.hie.example.org"
 *
 * Returns: (transfer full): a client, or %NULL with @error set when the
 *   address is not one Roster may send requests to
 */
RosterIntakeClient *
roster_intake_client_new (const char  *endpoint,
                          GError     **error)
{
  RosterIntakeClient *self;

  g_return_val_if_fail (endpoint != NULL, NULL);

  if (!roster_endpoint_check (endpoint, error))
    return NULL;

  self = g_object_new (ROSTER_TYPE_INTAKE_CLIENT, NULL);
  /* No "/" at the end: the paths are appended. */
  self->endpoint = roster_endpoint_normalize (endpoint);

  return self;
}

const char *
roster_intake_client_get_endpoint (RosterIntakeClient *self)
{
  g_return_val_if_fail (ROSTER_IS_INTAKE_CLIENT (self), NULL);

  return self->endpoint;
}

void
roster_intake_client_set_token (RosterIntakeClient *self,
                                const char         *token)
{
  g_return_if_fail (ROSTER_IS_INTAKE_CLIENT (self));

  if (self->token != NULL)
    explicit_bzero (self->token, strlen (self->token));
  g_free (self->token);
  self->token = g_strdup (token);
}

/**
 * roster_intake_client_set_timeout:
 * @seconds: the most one attempt may take, from connecting to the last
 *   byte of the answer
 */
void
roster_intake_client_set_timeout (RosterIntakeClient *self,
                                  guint               seconds)
{
  g_return_if_fail (ROSTER_IS_INTAKE_CLIENT (self));
  g_return_if_fail (seconds > 0);

  self->timeout_seconds = seconds;
  g_object_set (self->session, "timeout", seconds, NULL);
}

/**
 * roster_intake_client_set_ca_file:
 * @ca_file: (nullable): PEM certificates of the only authorities to trust
 *
 * For tests and private deployments: replaces the system's trust anchors.
 * Certificates are still verified in full.
 */
void
roster_intake_client_set_ca_file (RosterIntakeClient *self,
                                  const char         *ca_file)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ROSTER_IS_INTAKE_CLIENT (self));

  if (ca_file == NULL)
    return;

  if (!(database = g_tls_file_database_new (ca_file, &error)))
    {
      g_warning ("Could not read the certificate authorities file: %s", error->message);
      return;
    }

  soup_session_set_tls_database (self->session, database);
}

/* An attempt ---------------------------------------------------------------- */

typedef struct
{
  SoupMessage  *message;
  GCancellable *cancellable;   /* ours: cancelled by the caller's or the deadline */
  gulong        caller_handler;
  GCancellable *caller;
  guint         deadline_source;
  gboolean      timed_out;
  gboolean      body_written;  /* by this message or the one it resends */
  gboolean      new_connection; /* the message opened its connection */
  gboolean      resent;
  GTlsCertificateFlags tls_errors;
  gboolean      is_status;
  GBytes       *payload;       /* a POST's, to resend it */
  char         *idempotency_key;
  guint8       *buffer;
  gsize         length;
} Attempt;

static void
attempt_free (Attempt *attempt)
{
  if (attempt->caller != NULL)
    g_cancellable_disconnect (attempt->caller, attempt->caller_handler);
  g_clear_object (&attempt->caller);
  g_clear_handle_id (&attempt->deadline_source, g_source_remove);
  g_clear_object (&attempt->message);
  g_clear_object (&attempt->cancellable);
  g_clear_pointer (&attempt->payload, g_bytes_unref);
  g_free (attempt->idempotency_key);
  g_free (attempt->buffer);
  g_free (attempt);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Attempt *attempt = user_data;

  attempt->deadline_source = 0;
  attempt->timed_out = TRUE;
  g_cancellable_cancel (attempt->cancellable);

  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

static void
wrote_body_cb (SoupMessage *message,
               Attempt     *attempt)
{
  attempt->body_written = TRUE;
}

/* libsoup passes on its connection's events only to the message that
 * opens it: a message sent on a kept-alive connection sees none. */
static void
network_event_cb (SoupMessage        *message,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  Attempt            *attempt)
{
  if (event == G_SOCKET_CLIENT_CONNECTING)
    attempt->new_connection = TRUE;
}

/* Never accepts: only notes why, to say it in words. */
static gboolean
accept_certificate_cb (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       Attempt              *attempt)
{
  attempt->tls_errors = errors;
  return FALSE;
}

static const char *
describe_tls_errors (GTlsCertificateFlags errors)
{
  if (errors & G_TLS_CERTIFICATE_EXPIRED)
    return _("its certificate has expired");
  if (errors & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return _("its certificate is not valid yet");
  if (errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return _("its certificate is for another address");
  if (errors & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return _("its certificate is not signed by an authority this computer trusts");
  if (errors & G_TLS_CERTIFICATE_REVOKED)
    return _("its certificate was revoked");
  if (errors & G_TLS_CERTIFICATE_INSECURE)
    return _("its certificate uses insecure cryptography");
  return _("its certificate could not be checked");
}

/* A failure with no answer: whether the HIE may have the request decides
 * between "retry" and "unknown"; both resend with the same key. */
static void
return_transport_failure (GTask   *task,
                          Attempt *attempt,
                          GError  *error)
{
  RosterIntakeResult *result;
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !attempt->timed_out)
    {
      g_task_return_error (task, g_error_copy (error));
      return;
    }

  if (error->domain == G_TLS_ERROR || attempt->tls_errors != 0)
    {
      message = g_strdup_printf (_("The HIE’s server could not prove it is who it says it is: %s. Nothing was sent. Check the endpoint in Preferences or contact the HIE; the outbox waits until then."),
                                 attempt->tls_errors != 0 ? describe_tls_errors (attempt->tls_errors) : error->message);
      g_task_return_pointer (task, result_new (ROSTER_OUTCOME_PAUSE, 0, message),
                             (GDestroyNotify) roster_intake_result_free);
      return;
    }

  if (attempt->timed_out)
    message = g_strdup (_("The HIE took too long to answer."));
  else
    message = g_strdup_printf (_("Could not reach the HIE: %s"), error->message);

  if (attempt->body_written)
    {
      g_autofree char *unknown =
        g_strdup_printf (_("%s The HIE may have received the request; Roster will send it again with the same key, so it is never recorded twice."),
                         message);
      result = result_new (ROSTER_OUTCOME_UNKNOWN, 0, unknown);
    }
  else
    {
      g_autofree char *retry = g_strdup_printf (_("%s Roster will try again."), message);
      result = result_new (ROSTER_OUTCOME_RETRY, 0, retry);
    }

  g_task_return_pointer (task, result, (GDestroyNotify) roster_intake_result_free);
}

static void
read_done_cb (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (object), res, &attempt->length, &error))
    {
      return_transport_failure (task, attempt, error);
      return;
    }

  g_input_stream_close (G_INPUT_STREAM (object), NULL, NULL);
  status = soup_message_get_status (attempt->message);
  g_debug ("The intake endpoint answered %u", status);

  /* An answer too long to be ours is not read as one. */
  if (attempt->length <= ROSTER_INTAKE_MAX_RESPONSE_BYTES)
    body = g_bytes_new (attempt->buffer, attempt->length);

  if (attempt->is_status)
    {
      RosterIntakeStatus *result = roster_intake_parse_status (status, body, &error);

      if (result == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, result, (GDestroyNotify) roster_intake_status_free);
      return;
    }

  g_task_return_pointer (task,
                         roster_intake_parse_response (status,
                                                       soup_message_headers_get_one (soup_message_get_response_headers (attempt->message),
                                                                                     "Retry-After"),
                                                       body),
                         (GDestroyNotify) roster_intake_result_free);
}

static void send_message (GTask       *task,
                          SoupMessage *message);

/* The POST of one attempt: the frozen bytes with the request's one key. */
static SoupMessage *
new_submit_message (RosterIntakeClient *self,
                    GBytes             *payload,
                    const char         *idempotency_key)
{
  g_autofree char *url = g_strconcat (self->endpoint, "/v1/account-requests", NULL);
  SoupMessage *message = soup_message_new ("POST", url);

  g_assert (message != NULL);  /* the endpoint was checked */

  soup_message_headers_replace (soup_message_get_request_headers (message), "Idempotency-Key", idempotency_key);
  soup_message_set_request_body_from_bytes (message, "application/json", payload);
  /* The key makes a repeat harmless, so the POST may go out on the
   * connection the last one kept alive. */
  soup_message_add_flags (message, SOUP_MESSAGE_IDEMPOTENT);

  return message;
}

/* Whether a POST that failed before its answer is resent at once, once,
 * on a new connection. Only when it went out on a connection kept alive
 * from an earlier exchange: the server closing it while it was idle is
 * the likely failure, and the new connection shows whether the server is
 * really unreachable. A TLS error on such a connection is its record
 * layer's, not a certificate's (its handshake passed): a certificate is
 * checked again on the new one. Never after the attempt's deadline or a
 * cancellation, nor after a timeout: the server is slow, not gone. */
static gboolean
may_resend (Attempt      *attempt,
            const GError *error)
{
  return attempt->payload != NULL && !attempt->resent && !attempt->new_connection &&
         !attempt->timed_out &&
         !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
         !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
}

static void
send_done_cb (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  if (!(stream = soup_session_send_finish (SOUP_SESSION (object), res, &error)))
    {
      if (may_resend (attempt, error))
        {
          SoupMessage *message = new_submit_message (g_task_get_source_object (task),
                                                     attempt->payload, attempt->idempotency_key);

          g_debug ("A kept-alive connection failed before the answer (%s): resending on a new one",
                   error->message);
          attempt->resent = TRUE;
          soup_message_add_flags (message, SOUP_MESSAGE_NEW_CONNECTION);
          send_message (g_steal_pointer (&task), message);
          return;
        }

      return_transport_failure (task, attempt, error);
      return;
    }

  attempt->buffer = g_malloc (ROSTER_INTAKE_MAX_RESPONSE_BYTES + 1);
  g_input_stream_read_all_async (stream, attempt->buffer, ROSTER_INTAKE_MAX_RESPONSE_BYTES + 1,
                                 G_PRIORITY_DEFAULT, attempt->cancellable,
                                 read_done_cb, g_steal_pointer (&task));
}

static GTask *
start_attempt (RosterIntakeClient  *self,
               gboolean             is_status,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Attempt *attempt = g_new0 (Attempt, 1);

  g_task_set_source_tag (task, source_tag);
  attempt->is_status = is_status;
  attempt->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      attempt->caller = g_object_ref (cancellable);
      attempt->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                       attempt->cancellable, NULL);
    }
  /* One deadline for the attempt, a resend included. */
  attempt->deadline_source = g_timeout_add_seconds (self->timeout_seconds, deadline_cb, attempt);
  g_task_set_task_data (task, attempt, (GDestroyNotify) attempt_free);

  return task;
}

/* Sends @message (transfer full) as the attempt's, in place of any
 * earlier one. */
static void
send_message (GTask       *task,
              SoupMessage *message)
{
  RosterIntakeClient *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);

  if (attempt->message != NULL)
    g_signal_handlers_disconnect_by_data (attempt->message, attempt);
  g_clear_object (&attempt->message);
  attempt->message = message;
  attempt->new_connection = FALSE;

  /* Never follow a redirect: it would turn the POST into a GET. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept", "application/json");
  if (self->token != NULL)
    {
      g_autofree char *authorization = g_strdup_printf ("Bearer %s", self->token);
      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
      explicit_bzero (authorization, strlen (authorization));
    }
  g_signal_connect (message, "wrote-body", G_CALLBACK (wrote_body_cb), attempt);
  g_signal_connect (message, "accept-certificate", G_CALLBACK (accept_certificate_cb), attempt);
  g_signal_connect (message, "network-event", G_CALLBACK (network_event_cb), attempt);

  soup_session_send_async (self->session, message, G_PRIORITY_DEFAULT, attempt->cancellable,
                           send_done_cb, task);
}

/**
 * roster_intake_client_submit_async:
 * @payload: the frozen payload bytes
 * @idempotency_key: the request's one key
 *
 * Makes one attempt. Its outcome is never an error: see
 * #RosterIntakeResult. Only cancelling fails it.
 */
void
roster_intake_client_submit_async (RosterIntakeClient  *self,
                                   GBytes              *payload,
                                   const char          *idempotency_key,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;
  Attempt *attempt;

  g_return_if_fail (ROSTER_IS_INTAKE_CLIENT (self));
  g_return_if_fail (payload != NULL);
  g_return_if_fail (idempotency_key != NULL);

  task = start_attempt (self, FALSE, cancellable, callback, user_data, roster_intake_client_submit_async);
  attempt = g_task_get_task_data (task);
  attempt->payload = g_bytes_ref (payload);
  attempt->idempotency_key = g_strdup (idempotency_key);
  send_message (task, new_submit_message (self, payload, idempotency_key));
}

RosterIntakeResult *
roster_intake_client_submit_finish (RosterIntakeClient  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (ROSTER_IS_INTAKE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
roster_intake_client_get_status_async (RosterIntakeClient  *self,
                                       const char          *tracking_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *url = NULL;
  SoupMessage *message;
  GTask *task;

  g_return_if_fail (ROSTER_IS_INTAKE_CLIENT (self));
  g_return_if_fail (is_tracking_id (tracking_id));

  url = g_strconcat (self->endpoint, "/v1/account-requests/", tracking_id, NULL);
  message = soup_message_new ("GET", url);
  g_return_if_fail (message != NULL);

  /* A GET on a kept-alive connection that failed is resent by libsoup. */
  task = start_attempt (self, TRUE, cancellable, callback, user_data, roster_intake_client_get_status_async);
  send_message (task, message);
}

RosterIntakeStatus *
roster_intake_client_get_status_finish (RosterIntakeClient  *self,
                                        GAsyncResult        *result,
                                        GError             **error)
{
  g_return_val_if_fail (ROSTER_IS_INTAKE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
