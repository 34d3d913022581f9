/* npi-registry-stand-in.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <libsoup/soup.h>

#include "npi-registry-stand-in.h"

/*
 * A stand-in for the NPPES NPI Registry API, over real HTTP on loopback:
 * `GET …?version=2.1&number=N` answers the recorded 2.1 answer
 * tests/npi-registry/N.json, or misbehaves for the NPIs listed in the
 * header (slow, 500, garbage, huge, deep). Any other number gets the
 * registry's "no results". It keeps each request's query and header
 * names, so tests can check that nothing but the NPI was sent.
 *
 * Tests use it in their own main context; built with STAND_IN_MAIN it is
 * also a program (`npi-registry-stand-in DIR`) that prints
 * "Listening on URL" and serves until killed, for the command-line tests
 * and the screenshots.
 */

#define SLOW_SECONDS 30

struct _StandIn
{
  SoupServer *server;
  char       *answers_dir;
  guint       port;
  GPtrArray  *requests;   /* char *: "QUERY HEADER-NAMES…" */
  GPtrArray  *paused;     /* SoupServerMessage * waiting to be answered */
  GHashTable *counts;     /* npi → count */
  guint       slow_id;
};

static void
answer (SoupServerMessage *message,
        guint              status,
        const char        *body,
        gsize              length)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, body, length);
}

static gboolean
slow_cb (gpointer user_data)
{
  StandIn *self = user_data;

  self->slow_id = 0;
  for (guint i = 0; i < self->paused->len; i++)
    {
      SoupServerMessage *message = g_ptr_array_index (self->paused, i);

      answer (message, SOUP_STATUS_OK, "{\"result_count\":0,\"results\":[]}", 31);
      soup_server_message_unpause (message);
    }
  g_ptr_array_set_size (self->paused, 0);

  return G_SOURCE_REMOVE;
}

static void
paused_finished_cb (SoupServerMessage *message,
                    StandIn           *self)
{
  g_ptr_array_remove (self->paused, message);
}

static void
record_request (StandIn           *self,
                SoupServerMessage *message,
                const char        *npi)
{
  GUri *uri = soup_server_message_get_uri (message);
  GString *line = g_string_new (g_uri_get_query (uri));
  SoupMessageHeadersIter iter;
  const char *name, *value;

  soup_message_headers_iter_init (&iter, soup_server_message_get_request_headers (message));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_string_append_printf (line, " %s", name);
  g_ptr_array_add (self->requests, g_string_free (line, FALSE));

  if (npi != NULL)
    g_hash_table_insert (self->counts, g_strdup (npi),
                         GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, npi)) + 1));
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  StandIn *self = user_data;
  const char *npi = query != NULL ? g_hash_table_lookup (query, "number") : NULL;
  const char *version = query != NULL ? g_hash_table_lookup (query, "version") : NULL;
  g_autofree char *file = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  record_request (self, message, npi);

  if (g_strcmp0 (version, "2.1") != 0 || npi == NULL)
    {
      static const char errors[] = "{\"Errors\":[{\"description\":\"No valid search criteria\",\"field\":\"generic\",\"number\":\"04\"}]}";
      answer (message, SOUP_STATUS_OK, errors, sizeof errors - 1);
      return;
    }

  if (g_str_equal (npi, STAND_IN_NPI_SLOW))
    {
      g_ptr_array_add (self->paused, message);
      g_signal_connect (message, "finished", G_CALLBACK (paused_finished_cb), self);
      soup_server_message_pause (message);
      if (self->slow_id == 0)
        self->slow_id = g_timeout_add_seconds (SLOW_SECONDS, slow_cb, self);
      return;
    }

  if (g_str_equal (npi, STAND_IN_NPI_SERVER_ERROR))
    {
      answer (message, SOUP_STATUS_INTERNAL_SERVER_ERROR, "{\"error\":\"busy\"}", 16);
      return;
    }

  if (g_str_equal (npi, STAND_IN_NPI_GARBAGE))
    {
      static const char garbage[] = "<html><body>Service Unavailable</body></html>";
      answer (message, SOUP_STATUS_OK, garbage, sizeof garbage - 1);
      return;
    }

  if (g_str_equal (npi, STAND_IN_NPI_HUGE) || g_str_equal (npi, STAND_IN_NPI_DEEP))
    {
      gboolean huge = g_str_equal (npi, STAND_IN_NPI_HUGE);
      gsize size = huge ? 1024 * 1024 : 200000;
      char *body = g_malloc (size);

      if (huge)
        {
          /* A string a MiB long inside an otherwise fine answer. */
          memset (body, 'A', size);
          memcpy (body, "{\"results\":[],\"x\":\"", 19);
          memcpy (body + size - 2, "\"}", 2);
        }
      else
        {
          memset (body, '[', size / 2);
          memset (body + size / 2, ']', size / 2);
        }
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_TAKE, body, size);
      return;
    }

  file = g_strdup_printf ("%s/%s.json", self->answers_dir, npi);
  if (!g_file_get_contents (file, &contents, &length, NULL))
    {
      static const char none[] = "{\"result_count\":0,\"results\":[]}";
      answer (message, SOUP_STATUS_OK, none, sizeof none - 1);
      return;
    }

  answer (message, SOUP_STATUS_OK, contents, length);
}

/**
 * stand_in_new:
 * @answers_dir: the folder of recorded answers (tests/npi-registry)
 * @port: the loopback port to listen on, or 0 for any free one
 */
StandIn *
stand_in_new (const char  *answers_dir,
              guint        port,
              GError     **error)
{
  g_autoptr(StandIn) self = g_new0 (StandIn, 1);

  self->answers_dir = g_strdup (answers_dir);
  self->port = port;
  self->requests = g_ptr_array_new_with_free_func (g_free);
  self->paused = g_ptr_array_new ();
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!stand_in_listen (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * stand_in_listen:
 *
 * Listens again, on the same port, after stand_in_stop(): the registry
 * comes back.
 */
gboolean
stand_in_listen (StandIn  *self,
                 GError  **error)
{
  g_autoslist(GUri) uris = NULL;

  g_assert (self->server == NULL);

  self->server = soup_server_new ("server-header", "nppes-stand-in", NULL);
  soup_server_add_handler (self->server, NULL, handle_cb, self, NULL);
  if (!soup_server_listen_local (self->server, self->port, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    {
      g_clear_object (&self->server);
      return FALSE;
    }

  uris = soup_server_get_uris (self->server);
  self->port = g_uri_get_port (uris->data);

  return TRUE;
}

/**
 * stand_in_stop:
 *
 * Stops listening: the registry is unreachable (connections are refused)
 * until stand_in_listen().
 */
void
stand_in_stop (StandIn *self)
{
  if (self->server == NULL)
    return;

  g_clear_handle_id (&self->slow_id, g_source_remove);
  for (guint i = 0; i < self->paused->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->paused, i), self);
  g_ptr_array_set_size (self->paused, 0);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
}

void
stand_in_free (StandIn *self)
{
  if (self == NULL)
    return;

  stand_in_stop (self);
  g_ptr_array_unref (self->requests);
  g_ptr_array_unref (self->paused);
  g_hash_table_unref (self->counts);
  g_free (self->answers_dir);
  g_free (self);
}

/**
 * stand_in_dup_url:
 *
 * Returns: the API's address, like https://npiregistry.cms.hhs.gov/api/
 */
char *
stand_in_dup_url (StandIn *self)
{
  return g_strdup_printf ("http://127.0.0.1:%u/api/", self->port);
}

guint
stand_in_get_port (StandIn *self)
{
  return self->port;
}

/**
 * stand_in_get_requests:
 *
 * Returns: (transfer none) (element-type utf8): every request so far, as
 *   its query followed by its header names
 */
GPtrArray *
stand_in_get_requests (StandIn *self)
{
  return self->requests;
}

guint
stand_in_count_requests (StandIn    *self,
                         const char *npi)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, npi));
}

#ifdef STAND_IN_MAIN
int
main (int   argc,
      char *argv[])
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(StandIn) stand_in = NULL;
  g_autofree char *url = NULL;

  if (argc < 2)
    {
      g_printerr ("Usage: %s ANSWERS-DIR [PORT]\n", argv[0]);
      return 2;
    }

  if (!(stand_in = stand_in_new (argv[1], argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 0, &error)))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  url = stand_in_dup_url (stand_in);
  g_print ("Listening on %s\n", url);
  fflush (stdout);
  g_main_loop_run (loop);

  return 0;
}
#endif
