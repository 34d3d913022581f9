/* roster-combo-row.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-field-widget.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_COMBO_ROW (roster_combo_row_get_type ())

G_DECLARE_FINAL_TYPE (RosterComboRow, roster_combo_row, ROSTER, COMBO_ROW, AdwComboRow)

GtkWidget *roster_combo_row_new (RosterRequest     *request,
                                 const RosterField *field);

G_END_DECLS
