/* roster-bulk-terminate-dialog.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-person-object.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_BULK_TERMINATE_DIALOG (roster_bulk_terminate_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RosterBulkTerminateDialog, roster_bulk_terminate_dialog, ROSTER, BULK_TERMINATE_DIALOG, AdwWindow)

GtkWidget     *roster_bulk_terminate_dialog_new         (GPtrArray                 *people,
                                                         RosterRequest             *shared);
RosterRequest *roster_bulk_terminate_dialog_get_shared  (RosterBulkTerminateDialog *self);
void           roster_bulk_terminate_dialog_set_today   (RosterBulkTerminateDialog *self,
                                                         const GDate               *today);
gboolean       roster_bulk_terminate_dialog_confirm     (RosterBulkTerminateDialog *self);
const char    *roster_bulk_terminate_dialog_get_problems (RosterBulkTerminateDialog *self);

G_END_DECLS
