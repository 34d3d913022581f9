/* roster-text-row.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-field-widget.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_TEXT_ROW (roster_text_row_get_type ())

G_DECLARE_FINAL_TYPE (RosterTextRow, roster_text_row, ROSTER, TEXT_ROW, AdwPreferencesRow)

GtkWidget   *roster_text_row_new        (RosterRequest     *request,
                                         const RosterField *field);
GtkTextView *roster_text_row_get_view   (RosterTextRow     *self);

G_END_DECLS
