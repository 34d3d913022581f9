/* roster-outbox.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * RosterOutcome:
 * @ROSTER_OUTCOME_ACCEPTED: the HIE stored it and gave a tracking id
 * @ROSTER_OUTCOME_RETRY: not delivered, try again later with the same
 *   key: a network error before the body went out, a timeout, 408, 429,
 *   5xx, or 409 (the same key still being processed)
 * @ROSTER_OUTCOME_UNKNOWN: the connection died after the body went out;
 *   the HIE may have it. Resolved by resending with the same key (the HIE
 *   answers a repeat with the original answer), never by guessing.
 * @ROSTER_OUTCOME_RETURNED: the HIE refused the answers (400 or 422 with
 *   field errors); the request goes back to the editor
 * @ROSTER_OUTCOME_PAUSE: nothing can be delivered until the administrator
 *   acts: 401/403 (the token), or a TLS failure (the endpoint's
 *   certificate); the whole queue waits
 * @ROSTER_OUTCOME_REFUSED: the HIE's answer makes retrying pointless (a
 *   redirect, 404, 413, 415, an answer that can't be understood); the
 *   request needs the administrator
 */
typedef enum
{
  ROSTER_OUTCOME_ACCEPTED,
  ROSTER_OUTCOME_RETRY,
  ROSTER_OUTCOME_UNKNOWN,
  ROSTER_OUTCOME_RETURNED,
  ROSTER_OUTCOME_PAUSE,
  ROSTER_OUTCOME_REFUSED,
} RosterOutcome;

/**
 * RosterRetryPolicy:
 * @first_delay: the delay after the first failed attempt, µs
 * @max_delay: the longest delay between attempts, µs
 * @max_retry_after: the longest `Retry-After` honoured, µs
 * @horizon: how long after queueing Roster keeps retrying before the
 *   request is shown as needing attention, µs
 */
typedef struct
{
  gint64 first_delay;
  gint64 max_delay;
  gint64 max_retry_after;
  gint64 horizon;
} RosterRetryPolicy;

const RosterRetryPolicy *roster_retry_policy_get_default (void);

RosterOutcome roster_outcome_for_status      (guint                    status);
gint64        roster_outbox_next_attempt_at  (const RosterRetryPolicy *policy,
                                              guint                    attempts,
                                              gint64                   now,
                                              gint64                   retry_after,
                                              guint32                  random);
gboolean      roster_outbox_past_horizon     (const RosterRetryPolicy *policy,
                                              gint64                   queued_at,
                                              gint64                   next_attempt_at);
gboolean      roster_parse_retry_after       (const char              *value,
                                              gint64                   now,
                                              gint64                  *delay);

G_END_DECLS
