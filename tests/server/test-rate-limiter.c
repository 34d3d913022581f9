/* test-rate-limiter.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The token bucket, with the clock driven by hand.
 */

#include "config.h"

#include "roster-rate-limiter.h"

#define SECOND ((gint64)G_USEC_PER_SEC)

static void
test_burst_then_refill (void)
{
  g_autoptr(RosterRateLimiter) limiter = roster_rate_limiter_new (2.0, 3);
  gint64 now = 1000 * SECOND;
  guint retry_after = 99;

  for (guint i = 0; i < 3; i++)
    g_assert_true (roster_rate_limiter_try_acquire (limiter, "a", now, &retry_after));
  g_assert_cmpuint (retry_after, ==, 0);

  g_assert_false (roster_rate_limiter_try_acquire (limiter, "a", now, &retry_after));
  g_assert_cmpuint (retry_after, ==, 1);

  /* Half a second at 2 a second is one token. */
  g_assert_true (roster_rate_limiter_try_acquire (limiter, "a", now + SECOND / 2, NULL));
  g_assert_false (roster_rate_limiter_try_acquire (limiter, "a", now + SECOND / 2, NULL));

  /* A long pause refills to the burst, never past it. */
  now += 3600 * SECOND;
  for (guint i = 0; i < 3; i++)
    g_assert_true (roster_rate_limiter_try_acquire (limiter, "a", now, NULL));
  g_assert_false (roster_rate_limiter_try_acquire (limiter, "a", now, NULL));
}

static void
test_retry_after_rounds_up (void)
{
  g_autoptr(RosterRateLimiter) limiter = roster_rate_limiter_new (0.25, 1);
  guint retry_after = 0;

  g_assert_true (roster_rate_limiter_try_acquire (limiter, "a", 0, NULL));
  g_assert_false (roster_rate_limiter_try_acquire (limiter, "a", 0, &retry_after));
  g_assert_cmpuint (retry_after, ==, 4);

  g_assert_false (roster_rate_limiter_try_acquire (limiter, "a", 3 * SECOND + 1, &retry_after));
  g_assert_cmpuint (retry_after, ==, 1);

  /* Waiting what it said is enough. */
  g_assert_true (roster_rate_limiter_try_acquire (limiter, "a", 4 * SECOND, NULL));
}

static void
test_keys_are_independent (void)
{
  g_autoptr(RosterRateLimiter) limiter = roster_rate_limiter_new (1.0, 1);

  g_assert_true (roster_rate_limiter_try_acquire (limiter, "a", 0, NULL));
  g_assert_false (roster_rate_limiter_try_acquire (limiter, "a", 0, NULL));
  g_assert_true (roster_rate_limiter_try_acquire (limiter, "b", 0, NULL));
  g_assert_cmpuint (roster_rate_limiter_get_n_keys (limiter), ==, 2);
}

static void
test_clock_going_backwards (void)
{
  g_autoptr(RosterRateLimiter) limiter = roster_rate_limiter_new (1.0, 1);

  g_assert_true (roster_rate_limiter_try_acquire (limiter, "a", 10 * SECOND, NULL));
  g_assert_false (roster_rate_limiter_try_acquire (limiter, "a", 5 * SECOND, NULL));
  g_assert_true (roster_rate_limiter_try_acquire (limiter, "a", 11 * SECOND, NULL));
}

static void
test_forget_idle (void)
{
  g_autoptr(RosterRateLimiter) limiter = roster_rate_limiter_new (1.0, 2);

  g_assert_true (roster_rate_limiter_try_acquire (limiter, "a", 0, NULL));
  g_assert_true (roster_rate_limiter_try_acquire (limiter, "b", 0, NULL));
  g_assert_true (roster_rate_limiter_try_acquire (limiter, "b", 0, NULL));

  /* After 1 s "a" is full again and can go; "b" is not. */
  roster_rate_limiter_forget_idle (limiter, 1 * SECOND);
  g_assert_cmpuint (roster_rate_limiter_get_n_keys (limiter), ==, 1);

  roster_rate_limiter_forget_idle (limiter, 2 * SECOND);
  g_assert_cmpuint (roster_rate_limiter_get_n_keys (limiter), ==, 0);

  /* Forgetting changed no answer: "b" has its full burst. */
  g_assert_true (roster_rate_limiter_try_acquire (limiter, "b", 2 * SECOND, NULL));
  g_assert_true (roster_rate_limiter_try_acquire (limiter, "b", 2 * SECOND, NULL));
  g_assert_false (roster_rate_limiter_try_acquire (limiter, "b", 2 * SECOND, NULL));
}

static void
test_off (void)
{
  g_autoptr(RosterRateLimiter) limiter = roster_rate_limiter_new (0, 1);

  for (guint i = 0; i < 1000; i++)
    g_assert_true (roster_rate_limiter_try_acquire (limiter, "a", 0, NULL));
  g_assert_cmpuint (roster_rate_limiter_get_n_keys (limiter), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rate-limiter/burst-then-refill", test_burst_then_refill);
  g_test_add_func ("/rate-limiter/retry-after-rounds-up", test_retry_after_rounds_up);
  g_test_add_func ("/rate-limiter/keys-are-independent", test_keys_are_independent);
  g_test_add_func ("/rate-limiter/clock-going-backwards", test_clock_going_backwards);
  g_test_add_func ("/rate-limiter/forget-idle", test_forget_idle);
  g_test_add_func ("/rate-limiter/off", test_off);

  return g_test_run ();
}
