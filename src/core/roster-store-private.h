/* roster-store-private.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-store.h"

G_BEGIN_DECLS

/* For tests: run raw SQL on the store's connection (e.g. to simulate a
 * full disk with PRAGMA max_page_count). */
gboolean _roster_store_exec (RosterStore  *self,
                             const char   *sql,
                             GError      **error);

G_END_DECLS
