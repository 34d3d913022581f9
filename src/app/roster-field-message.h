/* roster-field-message.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ROSTER_TYPE_FIELD_MESSAGE (roster_field_message_get_type ())

G_DECLARE_FINAL_TYPE (RosterFieldMessage, roster_field_message, ROSTER, FIELD_MESSAGE, AdwPreferencesRow)

GtkWidget  *roster_field_message_new        (const char         *about);
void        roster_field_message_set_about  (RosterFieldMessage *self,
                                             const char         *about);
void        roster_field_message_set_issues (RosterFieldMessage *self,
                                             GPtrArray          *issues);
void        roster_field_message_set_npi_note (RosterFieldMessage *self,
                                               GPtrArray          *lines,
                                               GPtrArray          *warnings);
const char *roster_field_message_get_text   (RosterFieldMessage *self);

G_END_DECLS
