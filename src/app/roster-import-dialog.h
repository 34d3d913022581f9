/* roster-import-dialog.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-people-import.h"
#include "roster-store.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_IMPORT_DIALOG (roster_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RosterImportDialog, roster_import_dialog, ROSTER, IMPORT_DIALOG, AdwWindow)

GtkWidget *roster_import_dialog_new               (RosterStore        *store,
                                                   const char         *file_name,
                                                   RosterImportPlan   *plan);
GtkWidget *roster_import_dialog_get_import_button (RosterImportDialog *self);
gboolean   roster_import_dialog_confirm           (RosterImportDialog *self);

G_END_DECLS
