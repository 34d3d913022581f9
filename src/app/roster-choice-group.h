/* roster-choice-group.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-field-widget.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_CHOICE_GROUP (roster_choice_group_get_type ())

G_DECLARE_FINAL_TYPE (RosterChoiceGroup, roster_choice_group, ROSTER, CHOICE_GROUP, AdwPreferencesGroup)

GtkWidget      *roster_choice_group_new          (RosterRequest     *request,
                                                  const RosterField *field);
GtkCheckButton *roster_choice_group_get_button   (RosterChoiceGroup *self,
                                                  const char        *option_id);

G_END_DECLS
