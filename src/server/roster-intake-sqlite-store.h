/* roster-intake-sqlite-store.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-intake-store.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_INTAKE_SQLITE_STORE (roster_intake_sqlite_store_get_type ())

G_DECLARE_FINAL_TYPE (RosterIntakeSqliteStore, roster_intake_sqlite_store, ROSTER, INTAKE_SQLITE_STORE, RosterIntakeStore)

RosterIntakeStore *_roster_intake_sqlite_store_open (const char  *path,
                                                     gboolean     migrating,
                                                     int          target_version,
                                                     int         *old_version,
                                                     GError     **error);

G_END_DECLS
