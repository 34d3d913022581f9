/* roster-request-stream.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_REQUEST_STREAM (roster_request_stream_get_type ())

G_DECLARE_FINAL_TYPE (RosterRequestStream, roster_request_stream,
                      ROSTER, REQUEST_STREAM, GIOStream)

/**
 * RosterRequestStreamDoneFunc:
 * @stream: the request's stream, which libsoup just closed
 * @reusable: %TRUE if the connection may carry the next request: the
 *   answer was sent in full, the request marked reusable, and libsoup
 *   read exactly the request's bytes
 * @user_data: the owner given to roster_request_stream_new(), still
 *   alive
 */
typedef void (*RosterRequestStreamDoneFunc) (RosterRequestStream *stream,
                                             gboolean             reusable,
                                             gpointer             user_data);

RosterRequestStream *roster_request_stream_new            (GIOStream                   *connection,
                                                           GBytes                      *head,
                                                           guint64                      limit,
                                                           guint                        index,
                                                           GObject                     *owner,
                                                           RosterRequestStreamDoneFunc  done);
GIOStream           *roster_request_stream_get_connection (RosterRequestStream         *self);
guint                roster_request_stream_get_index      (RosterRequestStream         *self);
gboolean             roster_request_stream_is_bounded     (RosterRequestStream         *self);
void                 roster_request_stream_set_reusable   (RosterRequestStream         *self);
GBytes              *roster_request_stream_steal_rest     (RosterRequestStream         *self);

G_END_DECLS
