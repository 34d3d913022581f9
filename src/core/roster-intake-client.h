/* roster-intake-client.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "roster-outbox.h"

G_BEGIN_DECLS

/* An answer larger than this is not an answer from an intake endpoint. */
#define ROSTER_INTAKE_MAX_RESPONSE_BYTES (64 * 1024)

/**
 * RosterIntakeResult:
 * @outcome: what the attempt means for delivery
 * @status: the HTTP status, or 0 when no answer came
 * @tracking_id: (nullable): the HIE's tracking id (accepted)
 * @received_at: (nullable): when the HIE stored it (accepted)
 * @errors_json: (nullable): the HIE's field errors, as a JSON array of
 *   {"field", "message"} objects, checked and rebuilt (returned)
 * @message: what happened, in words, as plain text (never markup)
 * @retry_after: the delay the HIE asked for, µs, or -1
 */
typedef struct
{
  RosterOutcome  outcome;
  guint          status;
  char          *tracking_id;
  char          *received_at;
  char          *errors_json;
  char          *message;
  gint64         retry_after;
} RosterIntakeResult;

void roster_intake_result_free (RosterIntakeResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterIntakeResult, roster_intake_result_free)

/**
 * RosterIntakeStatus:
 * @status: "received", "in_review", "completed" or "rejected"
 * @note: (nullable): the HIE's note, plain text
 */
typedef struct
{
  char *status;
  char *note;
} RosterIntakeStatus;

void                roster_intake_status_free  (RosterIntakeStatus  *status);
RosterIntakeStatus *roster_intake_parse_status (guint                status,
                                                GBytes              *body,
                                                GError             **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterIntakeStatus, roster_intake_status_free)

#define ROSTER_TYPE_INTAKE_CLIENT (roster_intake_client_get_type ())

G_DECLARE_FINAL_TYPE (RosterIntakeClient, roster_intake_client, ROSTER, INTAKE_CLIENT, GObject)

RosterIntakeClient *roster_intake_client_new           (const char          *endpoint,
                                                        GError             **error);
const char         *roster_intake_client_get_endpoint  (RosterIntakeClient  *self);
void                roster_intake_client_set_token     (RosterIntakeClient  *self,
                                                        const char          *token);
void                roster_intake_client_set_timeout   (RosterIntakeClient  *self,
                                                        guint                seconds);
void                roster_intake_client_set_ca_file   (RosterIntakeClient  *self,
                                                        const char          *ca_file);
void                roster_intake_client_submit_async  (RosterIntakeClient  *self,
                                                        GBytes              *payload,
                                                        const char          *idempotency_key,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
RosterIntakeResult *roster_intake_client_submit_finish (RosterIntakeClient  *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void                roster_intake_client_get_status_async  (RosterIntakeClient  *self,
                                                            const char          *tracking_id,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
RosterIntakeStatus *roster_intake_client_get_status_finish (RosterIntakeClient  *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
RosterIntakeResult *roster_intake_parse_response       (guint                status,
                                                        const char          *retry_after,
                                                        GBytes              *body);

G_END_DECLS
