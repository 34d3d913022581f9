/* roster-application.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_APPLICATION (roster_application_get_type ())

G_DECLARE_FINAL_TYPE (RosterApplication, roster_application, ROSTER, APPLICATION, AdwApplication)

void               roster_application_init_i18n              (void);
RosterApplication *roster_application_new                    (void);
GSettings         *roster_application_get_settings           (RosterApplication *self);
char              *roster_application_dup_endpoint           (RosterApplication *self);
char              *roster_application_dup_npi_registry_url   (RosterApplication *self);
const char        *roster_application_get_endpoint_override  (RosterApplication *self);
void               roster_application_set_endpoint_override  (RosterApplication *self,
                                                              const char        *endpoint);

G_END_DECLS
