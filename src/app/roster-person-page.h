/* roster-person-page.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-person-object.h"
#include "roster-store.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_PERSON_PAGE (roster_person_page_get_type ())

G_DECLARE_FINAL_TYPE (RosterPersonPage, roster_person_page, ROSTER, PERSON_PAGE, AdwBin)

GtkWidget          *roster_person_page_new              (RosterStore        *store,
                                                         RosterPersonObject *person);
const RosterPerson *roster_person_page_get_person       (RosterPersonPage   *self);
GPtrArray          *roster_person_page_get_service_rows (RosterPersonPage   *self);
GPtrArray          *roster_person_page_get_request_rows (RosterPersonPage   *self);

G_END_DECLS
