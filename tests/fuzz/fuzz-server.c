/* fuzz-server.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE /* memmem() */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "roster-intake-server.h"
#include "roster-intake-store.h"

#include "fuzz-common.h"

/*
 * The intake server's request handling, end to end with no network: each
 * input is the raw bytes clients send (request line, headers, body).
 * They reach the server through roster_intake_server_accept_stream(), so
 * libsoup's HTTP parser, our header checks, the body limit, the payload
 * reader, the store and the answers all run as they do for a real
 * client.
 *
 * An input is one or more connections, separated by "@CONNECTION@",
 * served one after the other against the same store, so that a
 * submission, its replay and its status lookup can follow each other.
 * (libsoup answers only the first request of a memory stream, so a
 * second request needs a second connection.) Two more words stand for
 * what an input cannot know in advance:
 *   "@TOKEN@"        a valid token, a random one made at start (every
 *                    other token is a wrong one);
 *   "@OTHER_TOKEN@"  a second organization's valid token;
 *   "@TRACKING_ID@"  the tracking id of the last request stored.
 *
 * The store is on /dev/shm when there is one: its commits are durable
 * (fsync), which a disk would make slow, and this is not a test of the
 * disk. Checked after each connection:
 *   - every answer is an HTTP/1.x status line (or there is none, when the
 *     request never ended);
 *   - no answer contains a token that its request did not.
 *
 * With ROSTER_FUZZ_SHOW_ANSWERS set, each answer is printed: that is how
 * to see which path a seed reaches.
 */

#define CONNECTION_SEPARATOR   "@CONNECTION@"
#define TOKEN_PLACEHOLDER      "@TOKEN@"
#define OTHER_PLACEHOLDER      "@OTHER_TOKEN@"
#define TRACKING_PLACEHOLDER   "@TRACKING_ID@"
#define MAX_CONNECTIONS        8

static RosterIntakeServer *server;
static char *token;
static char *other_token;
static char *last_tracking_id;
static char *store_dir;

static void
discard_printerr (const char *text)
{
  /* The server's one log line per request. */
}

static void
remove_store (void)
{
  const char *names[] = { "intake.db", "intake.db-wal", "intake.db-shm", "intake.db-journal" };

  g_clear_object (&server);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (store_dir, names[i], NULL);

      g_unlink (path);
    }
  g_rmdir (store_dir);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(RosterIntakeStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  roster_fuzz_init ();
  g_set_printerr_handler (discard_printerr);

  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR))
    store_dir = g_mkdtemp (g_strdup ("/dev/shm/roster-fuzz-server-XXXXXX"));
  else
    store_dir = g_dir_make_tmp ("roster-fuzz-server-XXXXXX", &error);
  if (store_dir == NULL)
    g_error ("Cannot make a folder for the store: %s", error ? error->message : g_strerror (errno));

  path = g_build_filename (store_dir, "intake.db", NULL);
  store = roster_intake_store_open (path, &error);
  if (store == NULL)
    g_error ("Cannot open the store: %s", error->message);

  token = roster_intake_store_add_token (store, "Fuzz Family Practice", FALSE, NULL, &error);
  if (token == NULL ||
      !(other_token = roster_intake_store_add_token (store, "Other Clinic", FALSE, NULL, &error)))
    g_error ("Cannot add a token: %s", error->message);

  server = roster_intake_server_new (store, NULL);
  /* A memory stream never stalls; the time limit is a socket's. */
  roster_intake_server_set_time_limit (server, 0);

  atexit (remove_store);

  return 0;
}

static GBytes *
fill_in (const char *request,
         gsize       length)
{
  g_autoptr(GString) text = g_string_new_len (request, length);

  g_string_replace (text, OTHER_PLACEHOLDER, other_token, 0);
  g_string_replace (text, TOKEN_PLACEHOLDER, token, 0);
  g_string_replace (text, TRACKING_PLACEHOLDER,
                    last_tracking_id ? last_tracking_id : "R7F3K2M9XQ", 0);

  return g_string_free_to_bytes (g_steal_pointer (&text));
}

static gboolean
contains (const char *haystack,
          gsize       length,
          const char *needle)
{
  return length > 0 && memmem (haystack, length, needle, strlen (needle)) != NULL;
}

/* Keeps the tracking id of a 201 answer, for "@TRACKING_ID@". */
static void
remember_tracking_id (const char *answer,
                      gsize       length)
{
  static const char member[] = "{\"tracking_id\":\"";
  const char *start;
  const char *end;

  if (length < 13 || memcmp (answer + 9, "201", 3) != 0)
    return;

  start = memmem (answer, length, member, strlen (member));
  if (start == NULL)
    return;
  start += strlen (member);
  end = memchr (start, '"', answer + length - start);
  if (end == NULL)
    return;

  g_free (last_tracking_id);
  last_tracking_id = g_strndup (start, end - start);
}

static void
serve_connection (const char *request,
                  gsize       length)
{
  g_autoptr(GBytes) bytes = fill_in (request, length);
  g_autoptr(GInputStream) input = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GIOStream) stream = g_simple_io_stream_new (input, output);
  g_autoptr(GError) error = NULL;
  const char *tokens[] = { token, other_token };
  const char *answer;
  gsize answer_length;

  if (!roster_intake_server_accept_stream (server, stream, &error))
    g_error ("The server refused a stream: %s", error->message);

  while (!g_io_stream_is_closed (stream))
    g_main_context_iteration (NULL, TRUE);

  answer = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (output));
  answer_length = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (output));

  if (answer_length > 0)
    roster_fuzz_check (answer_length > 12 &&
                       (memcmp (answer, "HTTP/1.1 ", 9) == 0 ||
                        memcmp (answer, "HTTP/1.0 ", 9) == 0));
  /* An answer may quote what the client sent (a duplicate JSON key, say),
   * but never a token the client did not send. */
  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    roster_fuzz_check (!contains (answer, answer_length, tokens[i]) ||
                       contains (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), tokens[i]));

  remember_tracking_id (answer, answer_length);

  if (g_getenv ("ROSTER_FUZZ_SHOW_ANSWERS") != NULL)
    g_print ("%.*s\n----\n", (int) answer_length, answer);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *input = (const char *) data;
  gsize offset = 0;

  for (guint i = 0; i < MAX_CONNECTIONS; i++)
    {
      const char *next = memmem (input + offset, size - offset,
                                 CONNECTION_SEPARATOR, strlen (CONNECTION_SEPARATOR));
      gsize length = next ? (gsize) (next - (input + offset)) : size - offset;

      serve_connection (input + offset, length);
      if (next == NULL)
        break;
      offset += length + strlen (CONNECTION_SEPARATOR);
    }

  return 0;
}
