/* roster-prefixed-input-stream.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-prefixed-input-stream"

#include "config.h"

#include <string.h>

#include "roster-prefixed-input-stream.h"

/*
 * A connection's input with bytes already read from it put back in
 * front: the server reads a request's head itself (see
 * roster-request-head.c), then gives libsoup this stream, which yields
 * the head again and then whatever the connection sends next.
 *
 * It is pollable, as libsoup needs, whenever the connection's input is.
 *
 * It yields one request and no more: the head, then as many bytes as the
 * head's Content-Length says (all the rest for a chunked body), then the
 * end of the stream. The next request's head, if the client sends one on
 * the same connection, stays unread (or, if it came with this request's
 * bytes, is handed back by roster_prefixed_input_stream_steal_rest()) so
 * that the server checks it before libsoup reads it.
 *
 * Closing it does not close the connection: RosterRequestStream, which
 * libsoup gets, decides what becomes of the connection.
 */

struct _RosterPrefixedInputStream
{
  GInputStream  parent_instance;

  GIOStream    *connection;
  GInputStream *input;
  GBytes       *prefix;
  gsize         prefix_offset;
  guint64       limit;
  guint64       consumed;
};

static void pollable_iface_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RosterPrefixedInputStream, roster_prefixed_input_stream, G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM, pollable_iface_init))

static gsize
prefix_remaining (RosterPrefixedInputStream *self)
{
  return g_bytes_get_size (self->prefix) - self->prefix_offset;
}

/* What this request may still yield, at most @count. */
static gsize
allowed (RosterPrefixedInputStream *self,
         gsize                      count)
{
  return (gsize) MIN ((guint64) count, self->limit - self->consumed);
}

/* Copies from the prefix; there is some left. */
static gssize
read_prefix (RosterPrefixedInputStream *self,
             void                      *buffer,
             gsize                      count)
{
  gsize n = MIN (allowed (self, count), prefix_remaining (self));

  memcpy (buffer, (const char *) g_bytes_get_data (self->prefix, NULL) + self->prefix_offset, n);
  self->prefix_offset += n;
  self->consumed += n;

  return n;
}

static gboolean
is_exhausted (RosterPrefixedInputStream *self)
{
  return self->consumed == self->limit;
}

static gssize
roster_prefixed_input_stream_read (GInputStream  *stream,
                                   void          *buffer,
                                   gsize          count,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  RosterPrefixedInputStream *self = ROSTER_PREFIXED_INPUT_STREAM (stream);
  gssize n;

  if (is_exhausted (self))
    return 0;
  if (prefix_remaining (self) > 0)
    return read_prefix (self, buffer, count);

  n = g_input_stream_read (self->input, buffer, allowed (self, count), cancellable, error);
  if (n > 0)
    self->consumed += n;
  return n;
}

static gboolean
roster_prefixed_input_stream_close (GInputStream  *stream,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  return TRUE;
}

static gboolean
roster_prefixed_input_stream_can_poll (GPollableInputStream *stream)
{
  RosterPrefixedInputStream *self = ROSTER_PREFIXED_INPUT_STREAM (stream);

  return G_IS_POLLABLE_INPUT_STREAM (self->input) &&
         g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (self->input));
}

static gboolean
roster_prefixed_input_stream_is_readable (GPollableInputStream *stream)
{
  RosterPrefixedInputStream *self = ROSTER_PREFIXED_INPUT_STREAM (stream);

  return is_exhausted (self) || prefix_remaining (self) > 0 ||
         g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (self->input));
}

static GSource *
roster_prefixed_input_stream_create_source (GPollableInputStream *stream,
                                            GCancellable         *cancellable)
{
  RosterPrefixedInputStream *self = ROSTER_PREFIXED_INPUT_STREAM (stream);
  g_autoptr(GSource) ready = NULL;

  /* With bytes put back (or at the request's end), it is readable now;
   * after them, when the connection is. */
  if (is_exhausted (self) || prefix_remaining (self) > 0)
    ready = g_timeout_source_new (0);
  else
    ready = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (self->input), NULL);

  return g_pollable_source_new_full (stream, ready, cancellable);
}

static gssize
roster_prefixed_input_stream_read_nonblocking (GPollableInputStream  *stream,
                                               void                  *buffer,
                                               gsize                  count,
                                               GError               **error)
{
  RosterPrefixedInputStream *self = ROSTER_PREFIXED_INPUT_STREAM (stream);
  gssize n;

  if (is_exhausted (self))
    return 0;
  if (prefix_remaining (self) > 0)
    return read_prefix (self, buffer, count);

  n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (self->input),
                                                buffer, allowed (self, count), NULL, error);
  if (n > 0)
    self->consumed += n;
  return n;
}

static void
pollable_iface_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = roster_prefixed_input_stream_can_poll;
  iface->is_readable = roster_prefixed_input_stream_is_readable;
  iface->create_source = roster_prefixed_input_stream_create_source;
  iface->read_nonblocking = roster_prefixed_input_stream_read_nonblocking;
}

static void
roster_prefixed_input_stream_finalize (GObject *object)
{
  RosterPrefixedInputStream *self = (RosterPrefixedInputStream *)object;

  g_clear_object (&self->connection);
  g_clear_pointer (&self->prefix, g_bytes_unref);

  G_OBJECT_CLASS (roster_prefixed_input_stream_parent_class)->finalize (object);
}

static void
roster_prefixed_input_stream_class_init (RosterPrefixedInputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = roster_prefixed_input_stream_finalize;

  stream_class->read_fn = roster_prefixed_input_stream_read;
  stream_class->close_fn = roster_prefixed_input_stream_close;
}

static void
roster_prefixed_input_stream_init (RosterPrefixedInputStream *self)
{
}

/**
 * roster_prefixed_input_stream_new:
 * @connection: the connection the bytes were read from
 * @prefix: the bytes to read first
 * @limit: how many bytes the stream yields in all, @prefix included;
 *   %G_MAXUINT64 for all the connection sends
 *
 * Returns: (transfer full): a stream of @prefix, then @connection's input,
 *   @limit bytes of them
 */
GInputStream *
roster_prefixed_input_stream_new (GIOStream *connection,
                                  GBytes    *prefix,
                                  guint64    limit)
{
  RosterPrefixedInputStream *self;

  g_return_val_if_fail (G_IS_IO_STREAM (connection), NULL);
  g_return_val_if_fail (prefix != NULL, NULL);

  self = g_object_new (ROSTER_TYPE_PREFIXED_INPUT_STREAM, NULL);
  self->connection = g_object_ref (connection);
  self->input = g_io_stream_get_input_stream (connection);
  self->prefix = g_bytes_ref (prefix);
  self->limit = limit;

  return G_INPUT_STREAM (self);
}

/**
 * roster_prefixed_input_stream_is_exhausted:
 * @self: a #RosterPrefixedInputStream
 *
 * Returns: %TRUE if it yielded all its limit's bytes, no more, no less
 */
gboolean
roster_prefixed_input_stream_is_exhausted (RosterPrefixedInputStream *self)
{
  g_return_val_if_fail (ROSTER_IS_PREFIXED_INPUT_STREAM (self), FALSE);

  return is_exhausted (self);
}

/**
 * roster_prefixed_input_stream_steal_rest:
 * @self: a #RosterPrefixedInputStream
 *
 * The bytes that were put back but are past the limit: the start of
 * what the client sent next on the connection.
 *
 * Returns: (transfer full): those bytes, perhaps none
 */
GBytes *
roster_prefixed_input_stream_steal_rest (RosterPrefixedInputStream *self)
{
  gsize offset;
  GBytes *rest;

  g_return_val_if_fail (ROSTER_IS_PREFIXED_INPUT_STREAM (self), NULL);

  offset = self->prefix_offset;
  rest = g_bytes_new_from_bytes (self->prefix, offset, prefix_remaining (self));
  self->prefix_offset = g_bytes_get_size (self->prefix);

  return rest;
}
