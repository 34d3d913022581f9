/* roster-text-column.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_TEXT_COLUMN (roster_text_column_get_type ())

G_DECLARE_FINAL_TYPE (RosterTextColumn, roster_text_column, ROSTER, TEXT_COLUMN, GtkWidget)

GtkWidget *roster_text_column_new    (void);
void       roster_text_column_append (RosterTextColumn *self,
                                      GtkWidget        *child);

G_END_DECLS
