/* roster-request-details.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-store.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_REQUEST_DETAILS (roster_request_details_get_type ())

G_DECLARE_FINAL_TYPE (RosterRequestDetails, roster_request_details, ROSTER, REQUEST_DETAILS, AdwBin)

GtkWidget  *roster_request_details_new    (RosterStore          *store,
                                           const char           *id);
const char *roster_request_details_get_id (RosterRequestDetails *self);
void        roster_request_details_reload (RosterRequestDetails *self);

G_END_DECLS
