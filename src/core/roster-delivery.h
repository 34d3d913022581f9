/* roster-delivery.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-intake-client.h"
#include "roster-store.h"

G_BEGIN_DECLS

#define ROSTER_DELIVERY_ERROR (roster_delivery_error_quark ())

typedef enum
{
  ROSTER_DELIVERY_ERROR_BUSY,     /* another Roster process is delivering */
  ROSTER_DELIVERY_ERROR_PAUSED,   /* the queue waits for the administrator */
} RosterDeliveryError;

/**
 * RosterFlushReport:
 * @sent: requests the HIE acknowledged in this flush
 * @waiting: requests that will be retried
 * @attention: requests that need the administrator
 * @returned: requests the HIE sent back for fixing
 * @paused: (nullable): why the whole queue waits, or %NULL
 * @lines: (element-type utf8): one line per request attempted, for the
 *   command line: "ID STATE: message"
 */
typedef struct
{
  guint      sent;
  guint      waiting;
  guint      attention;
  guint      returned;
  char      *paused;
  GPtrArray *lines;
} RosterFlushReport;

void roster_flush_report_free (RosterFlushReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterFlushReport, roster_flush_report_free)

#define ROSTER_TYPE_DELIVERY (roster_delivery_get_type ())

G_DECLARE_FINAL_TYPE (RosterDelivery, roster_delivery, ROSTER, DELIVERY, GObject)

GQuark             roster_delivery_error_quark  (void);
RosterDelivery    *roster_delivery_new          (RosterStore         *store,
                                                 RosterIntakeClient  *client);
void               roster_delivery_set_policy   (RosterDelivery      *self,
                                                 const RosterRetryPolicy *policy);
const char        *roster_delivery_get_paused   (RosterDelivery      *self);
gboolean           roster_delivery_resume       (RosterDelivery      *self,
                                                 GError             **error);
void               roster_delivery_flush_async  (RosterDelivery      *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
RosterFlushReport *roster_delivery_flush_finish (RosterDelivery      *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
