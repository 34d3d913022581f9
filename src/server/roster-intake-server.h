/* roster-intake-server.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "roster-intake-store.h"
#include "roster-rate-limiter.h"

G_BEGIN_DECLS

/* How long one request may take, from the moment the server waits for it
 * (including a keep-alive connection's idle time) to the last byte of the
 * answer. Slow clients are cut off after this. */
#define ROSTER_INTAKE_SERVER_DEFAULT_TIME_LIMIT 30

#define ROSTER_TYPE_INTAKE_SERVER (roster_intake_server_get_type ())

G_DECLARE_FINAL_TYPE (RosterIntakeServer, roster_intake_server, ROSTER, INTAKE_SERVER, GObject)

RosterIntakeServer *roster_intake_server_new            (RosterIntakeStore  *store,
                                                         RosterRateLimiter  *rate_limiter);
void                roster_intake_server_set_time_limit (RosterIntakeServer *self,
                                                         guint               seconds);
gboolean            roster_intake_server_listen         (RosterIntakeServer *self,
                                                         GInetSocketAddress *address,
                                                         GTlsCertificate    *certificate,
                                                         GError            **error);
gboolean            roster_intake_server_accept_stream  (RosterIntakeServer *self,
                                                         GIOStream          *stream,
                                                         GError            **error);
char               *roster_intake_server_get_uri        (RosterIntakeServer *self);
void                roster_intake_server_stop           (RosterIntakeServer *self);

G_END_DECLS
