/* roster-provider-list.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-field-widget.h"
#include "roster-provider-row.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_PROVIDER_LIST (roster_provider_list_get_type ())

G_DECLARE_FINAL_TYPE (RosterProviderList, roster_provider_list, ROSTER, PROVIDER_LIST, AdwPreferencesGroup)

GtkWidget         *roster_provider_list_new     (RosterRequest      *request,
                                                 const RosterField  *field);
RosterProviderRow *roster_provider_list_get_row (RosterProviderList *self,
                                                 guint               position);

G_END_DECLS
