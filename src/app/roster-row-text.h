/* roster-row-text.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_ROW_TEXT (roster_row_text_get_type ())

G_DECLARE_FINAL_TYPE (RosterRowText, roster_row_text, ROSTER, ROW_TEXT, GtkWidget)

GtkWidget  *roster_row_text_new           (guint          max_lines);
void        roster_row_text_set_text      (RosterRowText *self,
                                           const char    *text);
const char *roster_row_text_get_text      (RosterRowText *self);
gboolean    roster_row_text_is_ellipsized (RosterRowText *self);

G_END_DECLS
