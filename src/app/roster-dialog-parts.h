/* roster-dialog-parts.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkWidget *roster_dialog_header_new    (const char *title,
                                        const char *subtitle,
                                        const char *cancel_label);
GtkWidget *roster_dialog_add_group     (GtkWidget  *page,
                                        const char *title,
                                        const char *description);
GtkLabel  *roster_dialog_message_label (const char *style_class);

G_END_DECLS
