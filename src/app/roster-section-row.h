/* roster-section-row.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "roster-rules.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_SECTION_ROW (roster_section_row_get_type ())

G_DECLARE_FINAL_TYPE (RosterSectionRow, roster_section_row, ROSTER, SECTION_ROW, GtkListBoxRow)

GtkWidget          *roster_section_row_new       (const char         *title);
void                roster_section_row_set_state (RosterSectionRow   *self,
                                                  RosterSectionState  state);
RosterSectionState  roster_section_row_get_state (RosterSectionRow   *self);

G_END_DECLS
