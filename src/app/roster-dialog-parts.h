/* roster-dialog-parts.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* One button of an alert; a list of them ends with an id of NULL. */
typedef struct
{
  const char            *id;
  const char            *label;       /* with a mnemonic */
  AdwResponseAppearance  appearance;
} RosterDialogResponse;

GtkWidget *roster_dialog_alert_new     (GtkWidget                  *parent,
                                        const char                 *heading,
                                        const char                 *body,
                                        GtkWidget                  *extra_child,
                                        const RosterDialogResponse *responses,
                                        const char                 *default_response,
                                        const char                 *close_response);
void       roster_dialog_alert_present (GtkWidget                  *alert,
                                        GtkWidget                  *parent);
void       roster_dialog_alert_close   (GtkWidget                  *alert);

/* What roster_dialog_choose_file() asks for. */
typedef enum
{
  ROSTER_DIALOG_FILE_OPEN,
  ROSTER_DIALOG_FILE_SAVE,
  ROSTER_DIALOG_FILE_FOLDER,
} RosterDialogFileMode;

/* @file is %NULL when nothing was chosen. */
typedef void (*RosterDialogFileFunc) (GFile    *file,
                                      gpointer  user_data);

void       roster_dialog_choose_file   (GtkWidget                  *parent,
                                        RosterDialogFileMode        mode,
                                        const char                 *title,
                                        const char                 *accept_label,
                                        const char                 *initial_name,
                                        GtkFileFilter * const      *filters,
                                        RosterDialogFileFunc        callback,
                                        gpointer                    user_data);

GtkWidget *roster_dialog_header_new    (const char *title,
                                        const char *subtitle,
                                        const char *cancel_label);
GtkWidget *roster_dialog_add_group     (GtkWidget  *page,
                                        const char *title,
                                        const char *description);
GtkLabel  *roster_dialog_message_label (const char *style_class);

G_END_DECLS
