/* roster-provider-row.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_PROVIDER_ROW (roster_provider_row_get_type ())

G_DECLARE_FINAL_TYPE (RosterProviderRow, roster_provider_row, ROSTER, PROVIDER_ROW, GtkWidget)

GtkWidget  *roster_provider_row_new            (void);
const char *roster_provider_row_get_name       (RosterProviderRow *self);
const char *roster_provider_row_get_npi        (RosterProviderRow *self);
void        roster_provider_row_set_provider   (RosterProviderRow *self,
                                                const char        *name,
                                                const char        *npi);
guint       roster_provider_row_get_position   (RosterProviderRow *self);
void        roster_provider_row_set_position   (RosterProviderRow *self,
                                                guint              position,
                                                guint              n_rows);
void        roster_provider_row_show_issues    (RosterProviderRow *self,
                                                GPtrArray         *issues);
gboolean    roster_provider_row_has_issues     (RosterProviderRow *self);
void        roster_provider_row_show_npi_note  (RosterProviderRow *self,
                                                const char        *line,
                                                const char        *warnings);
const char *roster_provider_row_get_npi_note   (RosterProviderRow *self);
const char *roster_provider_row_get_focus_cell (RosterProviderRow *self);
gboolean    roster_provider_row_focus_cell     (RosterProviderRow *self,
                                                const char        *cell);
GtkWidget  *roster_provider_row_get_cell       (RosterProviderRow *self,
                                                const char        *cell);

G_END_DECLS
