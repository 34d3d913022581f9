/* bench-stats.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The figures the benchmarks print, from their samples in microseconds.
 * bench_median() and bench_percentile() sort the samples in place.
 */

#include "config.h"

#include <stdlib.h>

#include "bench-stats.h"

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

gint64
bench_worst (const gint64 *values,
             guint         n)
{
  gint64 worst = values[0];

  for (guint i = 1; i < n; i++)
    worst = MAX (worst, values[i]);

  return worst;
}

gint64
bench_median (gint64 *values,
              guint   n)
{
  qsort (values, n, sizeof *values, compare_gint64);

  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* @p in [0, 1]: the sample below which that share of them lie. */
gint64
bench_percentile (gint64 *values,
                  guint   n,
                  double  p)
{
  qsort (values, n, sizeof *values, compare_gint64);

  return values[MIN (n - 1, (guint) (p * n))];
}

/* Sorts @values, smallest first: the median of an odd @n is then
 * values[n / 2], the spread values[0] to values[n - 1]. */
void
bench_sort_double (double *values,
                   guint   n)
{
  qsort (values, n, sizeof *values, compare_double);
}
