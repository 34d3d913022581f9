/* roster-rate-limiter.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_RATE_LIMITER (roster_rate_limiter_get_type ())

G_DECLARE_FINAL_TYPE (RosterRateLimiter, roster_rate_limiter, ROSTER, RATE_LIMITER, GObject)

RosterRateLimiter *roster_rate_limiter_new         (double             rate_per_second,
                                                    guint              burst);
gboolean           roster_rate_limiter_try_acquire (RosterRateLimiter *self,
                                                    const char        *key,
                                                    gint64             now_usec,
                                                    guint             *retry_after_seconds);
void               roster_rate_limiter_forget_idle (RosterRateLimiter *self,
                                                    gint64             now_usec);
guint              roster_rate_limiter_get_n_keys  (RosterRateLimiter *self);

G_END_DECLS
