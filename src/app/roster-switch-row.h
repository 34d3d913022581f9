/* roster-switch-row.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-field-widget.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_SWITCH_ROW (roster_switch_row_get_type ())

G_DECLARE_FINAL_TYPE (RosterSwitchRow, roster_switch_row, ROSTER, SWITCH_ROW, AdwActionRow)

GtkWidget *roster_switch_row_new       (RosterRequest     *request,
                                        const RosterField *field);
GtkSwitch *roster_switch_row_get_switch (RosterSwitchRow  *self);

G_END_DECLS
