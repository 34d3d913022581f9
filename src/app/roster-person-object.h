/* roster-person-object.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "roster-people.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_PERSON_OBJECT (roster_person_object_get_type ())

G_DECLARE_FINAL_TYPE (RosterPersonObject, roster_person_object, ROSTER, PERSON_OBJECT, GObject)

RosterPersonObject *roster_person_object_new          (RosterPerson       *person);
const RosterPerson *roster_person_object_get_person   (RosterPersonObject *self);
const char         *roster_person_object_get_name     (RosterPersonObject *self);
const char         *roster_person_object_get_services (RosterPersonObject *self);
gboolean            roster_person_object_matches      (RosterPersonObject *self,
                                                       const char         *folded_search);

G_END_DECLS
