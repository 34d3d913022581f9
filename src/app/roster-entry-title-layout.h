/* roster-entry-title-layout.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_ENTRY_TITLE_LAYOUT (roster_entry_title_layout_get_type ())

G_DECLARE_FINAL_TYPE (RosterEntryTitleLayout, roster_entry_title_layout, ROSTER, ENTRY_TITLE_LAYOUT, GtkLayoutManager)

void roster_entry_title_layout_apply (AdwEntryRow *row);

G_END_DECLS
