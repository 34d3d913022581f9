/* fault-proxy.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * FaultMode:
 * @FAULT_PASS: forward the request and the answer
 * @FAULT_CLOSE_AFTER_STORE: forward the request, let the server answer
 *   (it has stored it), then close the client's connection unanswered
 * @FAULT_BLACKHOLE: read the request and never answer
 * @FAULT_TRICKLE: forward the answer one byte a second
 * @FAULT_CLOSE_WHEN_IDLE: forward the request and the answer, then close
 *   the connection a second later without reading what came meanwhile,
 *   as a server whose keep-alive timeout ends just as the client sends
 */
typedef enum
{
  FAULT_PASS,
  FAULT_CLOSE_AFTER_STORE,
  FAULT_BLACKHOLE,
  FAULT_TRICKLE,
  FAULT_CLOSE_WHEN_IDLE,
} FaultMode;

typedef struct _FaultProxy FaultProxy;

FaultProxy *fault_proxy_new          (guint16      upstream_port);
char       *fault_proxy_get_url      (FaultProxy  *self);
void        fault_proxy_set_faults   (FaultProxy  *self,
                                      FaultMode    mode,
                                      guint        count);
void        fault_proxy_set_keep_alive (FaultProxy *self,
                                        gboolean    keep_alive);
guint       fault_proxy_get_requests (FaultProxy  *self);
guint       fault_proxy_get_connections (FaultProxy *self);
gboolean    fault_proxy_check_keys   (FaultProxy  *self);
char       *fault_proxy_dump_headers (FaultProxy  *self);
void        fault_proxy_free         (FaultProxy  *self);

G_END_DECLS
