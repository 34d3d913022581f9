/* roster-outbox.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-outbox"

#include "config.h"

#include <libsoup/soup.h>

#include "roster-outbox.h"

/*
 * The delivery policy, as pure functions of their arguments: the clock
 * and the randomness are passed in, so tests pin them. What each HTTP
 * answer means is decided here and only here.
 */

static const RosterRetryPolicy default_policy = {
  .first_delay = 5 * G_USEC_PER_SEC,
  .max_delay = G_GINT64_CONSTANT (30) * 60 * G_USEC_PER_SEC,
  .max_retry_after = G_GINT64_CONSTANT (60) * 60 * G_USEC_PER_SEC,
  .horizon = G_GINT64_CONSTANT (3) * 24 * 60 * 60 * G_USEC_PER_SEC,
};

/**
 * roster_retry_policy_get_default:
 *
 * Retries start 5 s after a failure, double up to 30 minutes apart, honour
 * a `Retry-After` of up to an hour, and stop after three days, when the
 * request is shown as needing attention.
 */
const RosterRetryPolicy *
roster_retry_policy_get_default (void)
{
  return &default_policy;
}

/**
 * roster_outcome_for_status:
 * @status: an HTTP status code the intake endpoint answered with
 *
 * What an answer means for delivery, before its body is read.
 */
RosterOutcome
roster_outcome_for_status (guint status)
{
  switch (status)
    {
    case 200:
    case 201:
      return ROSTER_OUTCOME_ACCEPTED;

    case 400:
    case 422:
      return ROSTER_OUTCOME_RETURNED;

    case 401:
    case 403:
      return ROSTER_OUTCOME_PAUSE;

    /* 409: the first attempt with this key is still being processed. */
    case 408:
    case 409:
    case 425:
    case 429:
      return ROSTER_OUTCOME_RETRY;

    default:
      if (status >= 500 && status <= 599)
        return ROSTER_OUTCOME_RETRY;

      /* Redirects (never followed: libsoup would turn the POST into a
       * GET), and any other answer: a person must look. */
      return ROSTER_OUTCOME_REFUSED;
    }
}

/**
 * roster_outbox_next_attempt_at:
 * @policy: the retry policy
 * @attempts: how many attempts were made so far (at least 1)
 * @now: µs since the epoch
 * @retry_after: the delay the HIE asked for with `Retry-After`, µs, or -1
 * @random: 32 random bits, for the jitter
 *
 * Exponential backoff with "equal jitter" (between half and all of the
 * doubled delay), so many offline clients coming back at once do not
 * arrive together; a `Retry-After` is honoured (clamped to the policy's
 * maximum) and is never undercut.
 *
 * Returns: when to attempt next, µs since the epoch
 */
gint64
roster_outbox_next_attempt_at (const RosterRetryPolicy *policy,
                               guint                    attempts,
                               gint64                   now,
                               gint64                   retry_after,
                               guint32                  random)
{
  gint64 delay = policy->first_delay;
  gint64 jittered;

  g_return_val_if_fail (policy != NULL, now);

  for (guint i = 1; i < attempts && delay < policy->max_delay; i++)
    delay *= 2;
  delay = MIN (delay, policy->max_delay);

  jittered = delay / 2 + (gint64) ((delay / 2) * (random / (double) G_MAXUINT32));

  if (retry_after >= 0)
    jittered = MAX (jittered, MIN (retry_after, policy->max_retry_after));

  return now + jittered;
}

/**
 * roster_outbox_past_horizon:
 *
 * Whether an attempt at @next_attempt_at would be past the time Roster
 * keeps retrying a request queued at @queued_at.
 */
gboolean
roster_outbox_past_horizon (const RosterRetryPolicy *policy,
                            gint64                   queued_at,
                            gint64                   next_attempt_at)
{
  g_return_val_if_fail (policy != NULL, TRUE);

  return next_attempt_at - queued_at > policy->horizon;
}

/* RFC 9110 §5.6.7: a recipient accepts all three date forms, IMF-fixdate
 * ("Sun, 06 Nov 1994 08:49:37 GMT"), RFC 850 ("Sunday, 06-Nov-94
 * 08:49:37 GMT") and asctime ("Sun Nov  6 08:49:37 1994"); libsoup reads
 * them all. HTTP dates are always in GMT: libsoup also takes numeric and
 * named zones, which are refused here. */
static gboolean
parse_http_date (const char *value,
                 gint64     *time)
{
  g_autoptr(GDateTime) date = soup_date_time_new_from_http_string (value);

  if (date == NULL || g_date_time_get_utc_offset (date) != 0)
    return FALSE;

  *time = g_date_time_to_unix (date) * G_USEC_PER_SEC;
  return TRUE;
}

/**
 * roster_parse_retry_after:
 * @value: a `Retry-After` header value, untrusted
 * @now: µs since the epoch, for dates
 * @delay: (out): the delay asked for, µs, never negative
 *
 * Reads delay-seconds ("120") or an HTTP date. Anything else (negative
 * numbers, garbage, absurd lengths) is refused, and the caller falls back
 * to its own backoff.
 *
 * Returns: %TRUE when @value was understood
 */
gboolean
roster_parse_retry_after (const char *value,
                          gint64      now,
                          gint64     *delay)
{
  gint64 time;

  g_return_val_if_fail (delay != NULL, FALSE);

  if (value == NULL)
    return FALSE;

  while (*value == ' ' || *value == '\t')
    value++;

  if (g_ascii_isdigit (*value))
    {
      guint64 seconds = 0;
      const char *p = value;

      /* Ten digits is over 300 years: more is garbage, and would overflow. */
      for (; g_ascii_isdigit (*p); p++)
        {
          if (p - value >= 10)
            return FALSE;
          seconds = seconds * 10 + (guint64) (*p - '0');
        }

      while (*p == ' ' || *p == '\t')
        p++;
      if (*p != '\0')
        return FALSE;

      *delay = (gint64) seconds * G_USEC_PER_SEC;
      return TRUE;
    }

  if (!parse_http_date (value, &time))
    return FALSE;

  *delay = MAX (0, time - now);
  return TRUE;
}
