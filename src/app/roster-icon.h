/* roster-icon.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWidget *roster_icon_new_decorative (const char *icon_name);
GtkWidget *roster_icon_new_named      (const char *icon_name,
                                       const char *name);

G_END_DECLS
