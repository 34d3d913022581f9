/* roster-intake-pg-store.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-intake-store.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_INTAKE_PG_STORE (roster_intake_pg_store_get_type ())

G_DECLARE_FINAL_TYPE (RosterIntakePgStore, roster_intake_pg_store, ROSTER, INTAKE_PG_STORE, RosterIntakeStore)

RosterIntakeStore *_roster_intake_pg_store_open (const char  *uri,
                                                 gboolean     migrating,
                                                 int          target_version,
                                                 int         *old_version,
                                                 GError     **error);

G_END_DECLS
