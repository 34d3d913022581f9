/* roster-request-stream.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-request-stream"

#include "config.h"

#include "roster-prefixed-input-stream.h"
#include "roster-request-stream.h"

/*
 * One request of a connection, as libsoup gets it: the head the server
 * checked, put back in front, then that request's body and no more (a
 * RosterPrefixedInputStream), and the connection's output.
 *
 * libsoup serves one request per stream it is given (soup-server.c keeps
 * a connection only when it listens itself, which it does not here), and
 * closes the stream after the answer. Closing this stream does not close
 * the connection: it calls the owner back, which either gives the
 * connection to the head check again for the next request (a kept-alive
 * connection, and every head on it checked) or closes it.
 */

struct _RosterRequestStream
{
  GIOStream                    parent_instance;

  GIOStream                   *connection;
  GInputStream                *input;
  GOutputStream               *output;
  guint64                      limit;
  guint                        index;
  GWeakRef                     owner;
  RosterRequestStreamDoneFunc  done;
  gboolean                     reusable;
};

G_DEFINE_FINAL_TYPE (RosterRequestStream, roster_request_stream, G_TYPE_IO_STREAM)

static GInputStream *
roster_request_stream_get_input_stream (GIOStream *stream)
{
  return ROSTER_REQUEST_STREAM (stream)->input;
}

static GOutputStream *
roster_request_stream_get_output_stream (GIOStream *stream)
{
  return ROSTER_REQUEST_STREAM (stream)->output;
}

/* Neither the connection's input nor its output is closed here: the
 * owner decides. */
static gboolean
roster_request_stream_close (GIOStream     *stream,
                             GCancellable  *cancellable,
                             GError       **error)
{
  RosterRequestStream *self = ROSTER_REQUEST_STREAM (stream);
  g_autoptr(GObject) owner = g_weak_ref_get (&self->owner);
  RosterRequestStreamDoneFunc done = g_steal_pointer (&self->done);
  gboolean reusable;

  reusable = self->reusable &&
             self->limit != G_MAXUINT64 &&
             roster_prefixed_input_stream_is_exhausted (ROSTER_PREFIXED_INPUT_STREAM (self->input)) &&
             !g_io_stream_is_closed (self->connection);

  if (done != NULL && owner != NULL)
    done (self, reusable, owner);
  else
    g_io_stream_close (self->connection, NULL, NULL);

  return TRUE;
}

/* libsoup closes synchronously; an asynchronous close does the same,
 * here, rather than in a thread. */
static void
roster_request_stream_close_async (GIOStream           *stream,
                                   int                  io_priority,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (stream, cancellable, callback, user_data);

  g_task_set_source_tag (task, roster_request_stream_close_async);
  roster_request_stream_close (stream, cancellable, NULL);
  g_task_return_boolean (task, TRUE);
}

static gboolean
roster_request_stream_close_finish (GIOStream     *stream,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
roster_request_stream_finalize (GObject *object)
{
  RosterRequestStream *self = (RosterRequestStream *)object;

  g_clear_object (&self->connection);
  g_clear_object (&self->input);
  g_clear_object (&self->output);
  g_weak_ref_clear (&self->owner);

  G_OBJECT_CLASS (roster_request_stream_parent_class)->finalize (object);
}

static void
roster_request_stream_class_init (RosterRequestStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);

  object_class->finalize = roster_request_stream_finalize;

  stream_class->get_input_stream = roster_request_stream_get_input_stream;
  stream_class->get_output_stream = roster_request_stream_get_output_stream;
  stream_class->close_fn = roster_request_stream_close;
  stream_class->close_async = roster_request_stream_close_async;
  stream_class->close_finish = roster_request_stream_close_finish;
}

static void
roster_request_stream_init (RosterRequestStream *self)
{
  g_weak_ref_init (&self->owner, NULL);
}

/**
 * roster_request_stream_new:
 * @connection: the client's connection
 * @head: the bytes read from it so far: the checked head, and whatever
 *   came after it
 * @limit: the request's length, head and body; %G_MAXUINT64 when only
 *   reading the body tells (chunked), and the connection then carries no
 *   other request
 * @index: how many requests the connection carried before this one
 * @owner: (nullable): what @done is called with; it is not kept alive
 * @done: called when libsoup closes the stream, while @owner lives;
 *   without it (or with @owner gone) the connection is closed
 *
 * Returns: (transfer full): the request's stream, for
 *   soup_server_accept_iostream()
 */
RosterRequestStream *
roster_request_stream_new (GIOStream                   *connection,
                           GBytes                      *head,
                           guint64                      limit,
                           guint                        index,
                           GObject                     *owner,
                           RosterRequestStreamDoneFunc  done)
{
  RosterRequestStream *self;

  g_return_val_if_fail (G_IS_IO_STREAM (connection), NULL);
  g_return_val_if_fail (head != NULL, NULL);

  self = g_object_new (ROSTER_TYPE_REQUEST_STREAM, NULL);
  self->connection = g_object_ref (connection);
  self->input = roster_prefixed_input_stream_new (connection, head, limit);
  self->output = g_object_ref (g_io_stream_get_output_stream (connection));
  self->limit = limit;
  self->index = index;
  g_weak_ref_set (&self->owner, owner);
  self->done = done;

  return self;
}

/**
 * roster_request_stream_get_connection:
 * @self: a #RosterRequestStream
 *
 * Returns: (transfer none): the client's connection
 */
GIOStream *
roster_request_stream_get_connection (RosterRequestStream *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_STREAM (self), NULL);

  return self->connection;
}

/**
 * roster_request_stream_get_index:
 * @self: a #RosterRequestStream
 *
 * Returns: how many requests the connection carried before this one
 */
guint
roster_request_stream_get_index (RosterRequestStream *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_STREAM (self), 0);

  return self->index;
}

/**
 * roster_request_stream_is_bounded:
 * @self: a #RosterRequestStream
 *
 * Returns: %TRUE if the request's end is known from its head, so that
 *   the connection could carry another request after it
 */
gboolean
roster_request_stream_is_bounded (RosterRequestStream *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_STREAM (self), FALSE);

  return self->limit != G_MAXUINT64;
}

/**
 * roster_request_stream_set_reusable:
 * @self: a #RosterRequestStream
 *
 * Says that the request was answered in full, with no "Connection:
 * close": the connection may carry the next request, if libsoup also
 * read exactly this request's bytes.
 */
void
roster_request_stream_set_reusable (RosterRequestStream *self)
{
  g_return_if_fail (ROSTER_IS_REQUEST_STREAM (self));

  self->reusable = TRUE;
}

/**
 * roster_request_stream_steal_rest:
 * @self: a #RosterRequestStream, closed as reusable
 *
 * Returns: (transfer full): the bytes read with this request that are
 *   past its end: the start of the next request's head, perhaps empty
 */
GBytes *
roster_request_stream_steal_rest (RosterRequestStream *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_STREAM (self), NULL);

  return roster_prefixed_input_stream_steal_rest (ROSTER_PREFIXED_INPUT_STREAM (self->input));
}
