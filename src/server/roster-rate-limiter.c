/* roster-rate-limiter.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-rate-limiter"

#include "config.h"

#include "roster-rate-limiter.h"

/*
 * A token bucket per key (the intake server uses one per API token).
 * Each bucket holds up to `burst` tokens and refills at `rate` tokens a
 * second; a request takes one. The clock is a parameter, never read
 * here, so the tests can drive time by hand and the arithmetic stays
 * pure.
 */

typedef struct
{
  double tokens;
  gint64 updated_usec;
} Bucket;

struct _RosterRateLimiter
{
  GObject     parent_instance;

  double      rate;
  double      burst;
  GHashTable *buckets;
};

G_DEFINE_FINAL_TYPE (RosterRateLimiter, roster_rate_limiter, G_TYPE_OBJECT)

static void
roster_rate_limiter_finalize (GObject *object)
{
  RosterRateLimiter *self = (RosterRateLimiter *)object;

  g_clear_pointer (&self->buckets, g_hash_table_unref);

  G_OBJECT_CLASS (roster_rate_limiter_parent_class)->finalize (object);
}

static void
roster_rate_limiter_class_init (RosterRateLimiterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = roster_rate_limiter_finalize;
}

static void
roster_rate_limiter_init (RosterRateLimiter *self)
{
  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Brings @bucket's token count up to @now_usec. A clock that goes
 * backwards (it should not: callers pass a monotonic time) adds nothing. */
static void
bucket_refill (RosterRateLimiter *self,
               Bucket            *bucket,
               gint64             now_usec)
{
  if (now_usec > bucket->updated_usec)
    {
      double elapsed = (now_usec - bucket->updated_usec) / (double)G_USEC_PER_SEC;

      bucket->tokens = MIN (self->burst, bucket->tokens + elapsed * self->rate);
      bucket->updated_usec = now_usec;
    }
}

/**
 * roster_rate_limiter_new:
 * @rate_per_second: tokens added to each bucket a second; 0 or less turns
 *   the limiter off
 * @burst: how many requests a key may make at once after a quiet spell
 *
 * Returns: (transfer full): a new limiter with no buckets yet
 */
RosterRateLimiter *
roster_rate_limiter_new (double rate_per_second,
                         guint  burst)
{
  RosterRateLimiter *self = g_object_new (ROSTER_TYPE_RATE_LIMITER, NULL);

  self->rate = rate_per_second;
  self->burst = MAX (1, burst);

  return self;
}

/**
 * roster_rate_limiter_try_acquire:
 * @self: a #RosterRateLimiter
 * @key: whose bucket (an API token's id)
 * @now_usec: the current time on a monotonic clock, in microseconds
 * @retry_after_seconds: (out) (optional): when refused, how many whole
 *   seconds until a token is available (at least 1)
 *
 * Takes one token from @key's bucket.
 *
 * Returns: %TRUE if the request may go ahead, %FALSE if @key is over its rate
 */
gboolean
roster_rate_limiter_try_acquire (RosterRateLimiter *self,
                                 const char        *key,
                                 gint64             now_usec,
                                 guint             *retry_after_seconds)
{
  Bucket *bucket;

  g_return_val_if_fail (ROSTER_IS_RATE_LIMITER (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (retry_after_seconds != NULL)
    *retry_after_seconds = 0;

  if (self->rate <= 0)
    return TRUE;

  if (!(bucket = g_hash_table_lookup (self->buckets, key)))
    {
      bucket = g_new0 (Bucket, 1);
      bucket->tokens = self->burst;
      bucket->updated_usec = now_usec;
      g_hash_table_insert (self->buckets, g_strdup (key), bucket);
    }

  bucket_refill (self, bucket, now_usec);

  if (bucket->tokens >= 1.0)
    {
      bucket->tokens -= 1.0;
      return TRUE;
    }

  if (retry_after_seconds != NULL)
    {
      /* Round up: a client that waits exactly this long finds a token. */
      double wait = (1.0 - bucket->tokens) / self->rate;
      guint seconds = (guint)MIN (wait, 86400.0);

      if (seconds < wait)
        seconds++;
      *retry_after_seconds = MAX (1, seconds);
    }

  return FALSE;
}

/**
 * roster_rate_limiter_forget_idle:
 * @self: a #RosterRateLimiter
 * @now_usec: the current time, on the clock given to
 *   roster_rate_limiter_try_acquire()
 *
 * Drops the buckets that have refilled completely: they behave exactly
 * like a new bucket, so forgetting them changes no answer and keeps the
 * table as small as the set of keys that are busy right now.
 */
void
roster_rate_limiter_forget_idle (RosterRateLimiter *self,
                                 gint64             now_usec)
{
  GHashTableIter iter;
  Bucket *bucket;

  g_return_if_fail (ROSTER_IS_RATE_LIMITER (self));

  g_hash_table_iter_init (&iter, self->buckets);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&bucket))
    {
      bucket_refill (self, bucket, now_usec);
      if (bucket->tokens >= self->burst)
        g_hash_table_iter_remove (&iter);
    }
}

/**
 * roster_rate_limiter_get_n_keys:
 * @self: a #RosterRateLimiter
 *
 * Returns: how many buckets the limiter holds
 */
guint
roster_rate_limiter_get_n_keys (RosterRateLimiter *self)
{
  g_return_val_if_fail (ROSTER_IS_RATE_LIMITER (self), 0);

  return g_hash_table_size (self->buckets);
}
