/* fault-proxy.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small HTTP/1.1 proxy for the e2e tests, between Roster and
 * hie-roster-intake, that injects faults: it serves one request per
 * connection (or, kept alive, every request until a fault or the client
 * ends it) on its own thread, records every request's Idempotency-Key
 * and body checksum, and applies the next scripted fault.
 */

#include "config.h"

#include <string.h>

#include "fault-proxy.h"

struct _FaultProxy
{
  GThreadedSocketService *service;
  guint16                 port;
  guint16                 upstream_port;

  GMutex                  lock;
  FaultMode               mode;
  guint                   faults_left;
  gboolean                keep_alive;
  guint                   requests;
  guint                   connections;
  GHashTable             *bodies_by_key;   /* key → body SHA-256 */
  gboolean                key_reused_with_other_body;
  GString                 *headers_seen;
};

/* Reads one HTTP message (headers, then Content-Length bytes). */
static GBytes *
read_message (GInputStream *input)
{
  GByteArray *buffer = g_byte_array_new ();
  gssize content_length = -1;
  gsize header_end = 0;
  guint8 chunk[4096];

  for (;;)
    {
      gssize n = g_input_stream_read (input, chunk, sizeof chunk, NULL, NULL);

      if (n <= 0)
        break;
      g_byte_array_append (buffer, chunk, n);

      if (header_end == 0)
        {
          const char *end = g_strstr_len ((const char *) buffer->data, buffer->len, "\r\n\r\n");

          if (end != NULL)
            {
              g_autofree char *headers = NULL;
              const char *cl;

              header_end = end - (const char *) buffer->data + 4;
              headers = g_ascii_strdown ((const char *) buffer->data, header_end);
              cl = strstr (headers, "\r\ncontent-length:");
              content_length = cl ? g_ascii_strtoll (cl + 17, NULL, 10) : 0;
            }
        }

      if (header_end > 0 && buffer->len >= header_end + (gsize) content_length)
        break;
    }

  return g_byte_array_free_to_bytes (buffer);
}

static char *
header_value (GBytes     *message,
              const char *name)
{
  gsize length;
  const char *data = g_bytes_get_data (message, &length);
  g_autofree char *text = g_strndup (data, length);
  g_autofree char *lower = g_ascii_strdown (text, -1);
  g_autofree char *needle = g_strdup_printf ("\r\n%s:", name);
  const char *found = strstr (lower, needle);
  const char *end;

  if (found == NULL)
    return NULL;

  found = text + (found - lower) + strlen (needle);
  end = strstr (found, "\r\n");

  return g_strstrip (g_strndup (found, end - found));
}

static void
record (FaultProxy *self,
        GBytes     *request)
{
  gsize length;
  const char *data = g_bytes_get_data (request, &length);
  const char *body = g_strstr_len (data, length, "\r\n\r\n");
  g_autofree char *key = header_value (request, "idempotency-key");
  g_autofree char *sha256 = NULL;
  const char *known;

  if (body == NULL || key == NULL)
    return;

  body += 4;
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) body, length - (body - data));

  /* Headers only, for a test to look for secrets in what the proxy saw. */
  g_string_append_len (self->headers_seen, data, body - data);

  if ((known = g_hash_table_lookup (self->bodies_by_key, key)) && !g_str_equal (known, sha256))
    self->key_reused_with_other_body = TRUE;
  g_hash_table_replace (self->bodies_by_key, g_steal_pointer (&key), g_steal_pointer (&sha256));
}

/* How long FAULT_CLOSE_WHEN_IDLE keeps the connection open after the
 * answer: long enough for the client's next request to be on its way. */
#define CLOSE_WHEN_IDLE_DELAY (G_USEC_PER_SEC)

/* Serves one request of @connection; FALSE once it is over. */
static gboolean
serve_request (FaultProxy         *self,
               GSocketConnection  *connection,
               GSocketConnection **upstream)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) answer = NULL;
  GOutputStream *to_client = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  FaultMode mode;
  gboolean keep_alive;
  guint16 upstream_port;

  request = read_message (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  if (g_bytes_get_size (request) == 0)
    return FALSE;

  g_mutex_lock (&self->lock);
  self->requests++;
  record (self, request);
  mode = self->faults_left > 0 ? self->mode : FAULT_PASS;
  if (self->faults_left > 0)
    self->faults_left--;
  keep_alive = self->keep_alive;
  upstream_port = self->upstream_port;
  g_mutex_unlock (&self->lock);

  /* From here on nothing of @self is touched: a blackholed or trickling
   * connection may outlive the proxy. (Only a connection kept alive
   * after a passed request reads another: the tests close their clients
   * before the proxy, which ends that read with nothing.) */

  if (mode == FAULT_BLACKHOLE)
    {
      /* Hold the connection until the client gives up. */
      guint8 byte;
      g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)), &byte, 1, NULL, NULL);
      return FALSE;
    }

  if (*upstream == NULL &&
      !(*upstream = g_socket_client_connect_to_host (client, "127.0.0.1", upstream_port, NULL, NULL)))
    return FALSE;

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (*upstream)),
                             g_bytes_get_data (request, NULL), g_bytes_get_size (request), NULL, NULL, NULL);
  answer = read_message (g_io_stream_get_input_stream (G_IO_STREAM (*upstream)));

  switch (mode)
    {
    case FAULT_CLOSE_AFTER_STORE:
      /* The server has the request; the client never hears it. */
      break;

    case FAULT_TRICKLE:
      for (gsize i = 0; i < g_bytes_get_size (answer); i++)
        {
          if (!g_output_stream_write_all (to_client, (const guint8 *) g_bytes_get_data (answer, NULL) + i, 1,
                                          NULL, NULL, NULL))
            break;
          g_usleep (G_USEC_PER_SEC);
        }
      break;

    case FAULT_CLOSE_WHEN_IDLE:
      /* The answer says nothing of closing: the client may send its next
       * request on this connection, which nobody reads. */
      g_output_stream_write_all (to_client, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                 NULL, NULL, NULL);
      g_usleep (CLOSE_WHEN_IDLE_DELAY);
      break;

    case FAULT_PASS:
    case FAULT_BLACKHOLE:
    default:
      g_output_stream_write_all (to_client, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                 NULL, NULL, NULL);
      break;
    }

  return keep_alive && mode == FAULT_PASS;
}

static gboolean
run_cb (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source,
        FaultProxy             *self)
{
  g_autoptr(GSocketConnection) upstream = NULL;

  g_mutex_lock (&self->lock);
  self->connections++;
  g_mutex_unlock (&self->lock);

  while (serve_request (self, connection, &upstream))
    ;

  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

FaultProxy *
fault_proxy_new (guint16 upstream_port)
{
  FaultProxy *self = g_new0 (FaultProxy, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&self->lock);
  self->upstream_port = upstream_port;
  self->bodies_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->headers_seen = g_string_new (NULL);
  self->service = G_THREADED_SOCKET_SERVICE (g_threaded_socket_service_new (16));

  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error))
    g_error ("fault proxy: %s", error->message);

  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect (self->service, "run", G_CALLBACK (run_cb), self);
  g_socket_service_start (G_SOCKET_SERVICE (self->service));

  return self;
}

char *
fault_proxy_get_url (FaultProxy *self)
{
  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

/* The next @count connections get @mode; then everything passes. */
void
fault_proxy_set_faults (FaultProxy *self,
                        FaultMode   mode,
                        guint       count)
{
  g_mutex_lock (&self->lock);
  self->mode = mode;
  self->faults_left = count;
  g_mutex_unlock (&self->lock);
}

/* Kept alive, a connection serves requests until a fault ends it or the
 * client closes it; otherwise it serves one and closes. */
void
fault_proxy_set_keep_alive (FaultProxy *self,
                            gboolean    keep_alive)
{
  g_mutex_lock (&self->lock);
  self->keep_alive = keep_alive;
  g_mutex_unlock (&self->lock);
}

guint
fault_proxy_get_connections (FaultProxy *self)
{
  guint connections;

  g_mutex_lock (&self->lock);
  connections = self->connections;
  g_mutex_unlock (&self->lock);

  return connections;
}

guint
fault_proxy_get_requests (FaultProxy *self)
{
  guint requests;

  g_mutex_lock (&self->lock);
  requests = self->requests;
  g_mutex_unlock (&self->lock);

  return requests;
}

/* Every key the proxy saw always came with the same bytes. */
gboolean
fault_proxy_check_keys (FaultProxy *self)
{
  gboolean ok;

  g_mutex_lock (&self->lock);
  ok = !self->key_reused_with_other_body;
  g_mutex_unlock (&self->lock);

  return ok;
}

char *
fault_proxy_dump_headers (FaultProxy *self)
{
  char *copy;

  g_mutex_lock (&self->lock);
  copy = g_strdup (self->headers_seen->str);
  g_mutex_unlock (&self->lock);

  return copy;
}

void
fault_proxy_free (FaultProxy *self)
{
  g_socket_service_stop (G_SOCKET_SERVICE (self->service));
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_object_unref (self->service);
  g_mutex_clear (&self->lock);
  g_hash_table_unref (self->bodies_by_key);
  g_string_free (self->headers_seen, TRUE);
  g_free (self);
}
