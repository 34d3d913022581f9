/* bench-stats.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gint64 bench_worst      (const gint64 *values,
                         guint         n);
gint64 bench_median     (gint64       *values,
                         guint         n);
gint64 bench_percentile (gint64       *values,
                         guint         n,
                         double        p);
void   bench_sort_double (double      *values,
                          guint        n);

G_END_DECLS
