/* roster-preferences-page.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-application.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_PREFERENCES_PAGE (roster_preferences_page_get_type ())

G_DECLARE_FINAL_TYPE (RosterPreferencesPage, roster_preferences_page, ROSTER, PREFERENCES_PAGE, AdwPreferencesPage)

RosterPreferencesPage *roster_preferences_page_new     (RosterApplication     *application);
GtkWidget             *roster_preferences_page_present (RosterPreferencesPage *self,
                                                        GtkWidget             *parent);

G_END_DECLS
