/* roster-preferences-window.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-application.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_PREFERENCES_WINDOW (roster_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (RosterPreferencesWindow, roster_preferences_window, ROSTER, PREFERENCES_WINDOW, AdwPreferencesWindow)

RosterPreferencesWindow *roster_preferences_window_new (RosterApplication *application);

G_END_DECLS
