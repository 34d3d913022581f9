/* roster-entry-row.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-field-widget.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_ENTRY_ROW (roster_entry_row_get_type ())

G_DECLARE_FINAL_TYPE (RosterEntryRow, roster_entry_row, ROSTER, ENTRY_ROW, AdwEntryRow)

GtkWidget *roster_entry_row_new (RosterRequest     *request,
                                 const RosterField *field);

G_END_DECLS
