/* roster-window.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-application.h"
#include "roster-main-view.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_WINDOW (roster_window_get_type ())

G_DECLARE_FINAL_TYPE (RosterWindow, roster_window, ROSTER, WINDOW, AdwApplicationWindow)

RosterWindow        *roster_window_new        (RosterApplication *application);
RosterMainView      *roster_window_get_main_view      (RosterWindow      *self);
RosterNpiRegistry   *roster_window_get_npi_registry   (RosterWindow      *self);
void                 roster_window_refresh_delivery   (RosterWindow      *self);

G_END_DECLS
