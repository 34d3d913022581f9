/* test-outbox.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "roster-outbox.h"

#define SECOND G_USEC_PER_SEC

static void
test_outbox_outcomes (void)
{
  g_assert_cmpint (roster_outcome_for_status (201), ==, ROSTER_OUTCOME_ACCEPTED);
  g_assert_cmpint (roster_outcome_for_status (200), ==, ROSTER_OUTCOME_ACCEPTED);
  g_assert_cmpint (roster_outcome_for_status (422), ==, ROSTER_OUTCOME_RETURNED);
  g_assert_cmpint (roster_outcome_for_status (400), ==, ROSTER_OUTCOME_RETURNED);
  g_assert_cmpint (roster_outcome_for_status (401), ==, ROSTER_OUTCOME_PAUSE);
  g_assert_cmpint (roster_outcome_for_status (403), ==, ROSTER_OUTCOME_PAUSE);
  for (guint status = 500; status <= 504; status++)
    g_assert_cmpint (roster_outcome_for_status (status), ==, ROSTER_OUTCOME_RETRY);
  g_assert_cmpint (roster_outcome_for_status (408), ==, ROSTER_OUTCOME_RETRY);
  g_assert_cmpint (roster_outcome_for_status (409), ==, ROSTER_OUTCOME_RETRY);
  g_assert_cmpint (roster_outcome_for_status (429), ==, ROSTER_OUTCOME_RETRY);
  g_assert_cmpint (roster_outcome_for_status (301), ==, ROSTER_OUTCOME_REFUSED);
  g_assert_cmpint (roster_outcome_for_status (302), ==, ROSTER_OUTCOME_REFUSED);
  g_assert_cmpint (roster_outcome_for_status (307), ==, ROSTER_OUTCOME_REFUSED);
  g_assert_cmpint (roster_outcome_for_status (404), ==, ROSTER_OUTCOME_REFUSED);
  g_assert_cmpint (roster_outcome_for_status (413), ==, ROSTER_OUTCOME_REFUSED);
  g_assert_cmpint (roster_outcome_for_status (0), ==, ROSTER_OUTCOME_REFUSED);
}

static void
test_outbox_backoff (void)
{
  const RosterRetryPolicy *policy = roster_retry_policy_get_default ();
  gint64 now = 1000 * SECOND;
  gint64 previous_max = 0;

  for (guint attempts = 1; attempts < 40; attempts++)
    {
      gint64 low = roster_outbox_next_attempt_at (policy, attempts, now, -1, 0) - now;
      gint64 high = roster_outbox_next_attempt_at (policy, attempts, now, -1, G_MAXUINT32) - now;

      g_assert_cmpint (low, >, 0);
      g_assert_cmpint (low, <=, high);
      g_assert_cmpint (high, <=, policy->max_delay);
      g_assert_cmpint (high, >=, previous_max);
      g_assert_cmpint (low * 2, >=, high - 1);
      previous_max = high;
    }

  g_assert_cmpint (roster_outbox_next_attempt_at (policy, 1, now, -1, G_MAXUINT32) - now, ==, policy->first_delay);
  g_assert_cmpint (roster_outbox_next_attempt_at (policy, 2, now, -1, G_MAXUINT32) - now, ==, 2 * policy->first_delay);
  g_assert_cmpint (previous_max, ==, policy->max_delay);
}

static void
test_outbox_retry_after_honoured (void)
{
  const RosterRetryPolicy *policy = roster_retry_policy_get_default ();
  gint64 now = 1000 * SECOND;

  /* Never sooner than asked… */
  g_assert_cmpint (roster_outbox_next_attempt_at (policy, 1, now, 120 * SECOND, 0), ==, now + 120 * SECOND);
  /* …never later than the policy allows… */
  g_assert_cmpint (roster_outbox_next_attempt_at (policy, 1, now, G_GINT64_CONSTANT (10000000) * SECOND, 0),
                   ==, now + policy->max_retry_after);
  /* …and a tiny one does not undercut the backoff. */
  g_assert_cmpint (roster_outbox_next_attempt_at (policy, 3, now, 0, G_MAXUINT32), ==, now + 4 * policy->first_delay);
}

static void
test_outbox_horizon (void)
{
  const RosterRetryPolicy *policy = roster_retry_policy_get_default ();

  g_assert_false (roster_outbox_past_horizon (policy, 0, policy->horizon));
  g_assert_true (roster_outbox_past_horizon (policy, 0, policy->horizon + 1));
}

static void
test_outbox_parse_retry_after (void)
{
  gint64 now = G_GINT64_CONSTANT (784111777) * SECOND; /* Sun, 06 Nov 1994 08:49:37 GMT */
  gint64 delay = -1;

  g_assert_true (roster_parse_retry_after ("120", now, &delay));
  g_assert_cmpint (delay, ==, 120 * SECOND);
  g_assert_true (roster_parse_retry_after (" 0 ", now, &delay));
  g_assert_cmpint (delay, ==, 0);
  g_assert_true (roster_parse_retry_after ("Sun, 06 Nov 1994 08:50:37 GMT", now, &delay));
  g_assert_cmpint (delay, ==, 60 * SECOND);
  /* A date in the past means "now". */
  g_assert_true (roster_parse_retry_after ("Sun, 06 Nov 1994 08:40:37 GMT", now, &delay));
  g_assert_cmpint (delay, ==, 0);

  /* RFC 9110 §5.6.7: the two obsolete forms are accepted too. */
  delay = -1;
  g_assert_true (roster_parse_retry_after ("Sunday, 06-Nov-94 08:51:37 GMT", now, &delay));
  g_assert_cmpint (delay, ==, 120 * SECOND);
  delay = -1;
  g_assert_true (roster_parse_retry_after ("Sun Nov  6 08:52:37 1994", now, &delay));
  g_assert_cmpint (delay, ==, 180 * SECOND);
  delay = -1;
  g_assert_true (roster_parse_retry_after ("Sunday, 06-Nov-94 08:40:37 GMT", now, &delay));
  g_assert_cmpint (delay, ==, 0);

  /* A date a year away, in any form, is still clamped by the policy. */
  for (guint i = 0; i < 3; i++)
    {
      const char *far[] = {
        "Mon, 06 Nov 1995 08:49:37 GMT",
        "Monday, 06-Nov-95 08:49:37 GMT",
        "Mon Nov  6 08:49:37 1995",
      };
      const RosterRetryPolicy *policy = roster_retry_policy_get_default ();

      g_assert_true (roster_parse_retry_after (far[i], now, &delay));
      g_assert_cmpint (delay, ==, G_GINT64_CONSTANT (365) * 24 * 60 * 60 * SECOND);
      g_assert_cmpint (roster_outbox_next_attempt_at (policy, 1, now, delay, 0), ==, now + policy->max_retry_after);
    }

  g_assert_false (roster_parse_retry_after (NULL, now, &delay));
  g_assert_false (roster_parse_retry_after ("", now, &delay));
  g_assert_false (roster_parse_retry_after ("-5", now, &delay));
  g_assert_false (roster_parse_retry_after ("5s", now, &delay));
  g_assert_false (roster_parse_retry_after ("1.5", now, &delay));
  g_assert_false (roster_parse_retry_after ("99999999999999999999999", now, &delay));
  g_assert_false (roster_parse_retry_after ("soon", now, &delay));
  g_assert_false (roster_parse_retry_after ("Sun, 31 Feb 1994 08:49:37 GMT", now, &delay));
  g_assert_false (roster_parse_retry_after ("Sun, 06 Nov 1994 08:49:37 PST", now, &delay));
  g_assert_false (roster_parse_retry_after ("Sun, 06 Nov 1994 08:49:37 +0100", now, &delay));
  g_assert_false (roster_parse_retry_after ("Sunday, 06-Nov-94 25:49:37 GMT", now, &delay));
  g_assert_false (roster_parse_retry_after ("Sun Nov 31 08:49:37 1994", now, &delay));
  g_assert_false (roster_parse_retry_after ("１２０", now, &delay));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/outbox/outcomes", test_outbox_outcomes);
  g_test_add_func ("/outbox/backoff", test_outbox_backoff);
  g_test_add_func ("/outbox/retry-after-honoured", test_outbox_retry_after_honoured);
  g_test_add_func ("/outbox/horizon", test_outbox_horizon);
  g_test_add_func ("/outbox/parse-retry-after", test_outbox_parse_retry_after);

  return g_test_run ();
}
