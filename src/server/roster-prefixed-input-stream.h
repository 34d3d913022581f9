/* roster-prefixed-input-stream.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_PREFIXED_INPUT_STREAM (roster_prefixed_input_stream_get_type ())

G_DECLARE_FINAL_TYPE (RosterPrefixedInputStream, roster_prefixed_input_stream,
                      ROSTER, PREFIXED_INPUT_STREAM, GInputStream)

GInputStream *roster_prefixed_input_stream_new          (GIOStream                 *connection,
                                                         GBytes                    *prefix,
                                                         guint64                    limit);
gboolean      roster_prefixed_input_stream_is_exhausted (RosterPrefixedInputStream *self);
GBytes       *roster_prefixed_input_stream_steal_rest   (RosterPrefixedInputStream *self);

G_END_DECLS
