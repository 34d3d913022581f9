/* roster-folding-box.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_FOLDING_BOX (roster_folding_box_get_type ())

G_DECLARE_FINAL_TYPE (RosterFoldingBox, roster_folding_box, ROSTER, FOLDING_BOX, GtkWidget)

GtkWidget *roster_folding_box_new    (int               spacing);
void       roster_folding_box_append (RosterFoldingBox *self,
                                      GtkWidget        *child);

G_END_DECLS
