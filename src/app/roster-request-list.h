/* roster-request-list.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-store.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_REQUEST_LIST (roster_request_list_get_type ())

G_DECLARE_FINAL_TYPE (RosterRequestList, roster_request_list, ROSTER, REQUEST_LIST, AdwBin)

GtkWidget *roster_request_list_new          (RosterStore       *store);
void       roster_request_list_reload       (RosterRequestList *self);
void       roster_request_list_set_search   (RosterRequestList *self,
                                             const char        *search);
GtkWidget *roster_request_list_get_row      (RosterRequestList *self,
                                             const char        *id);
guint      roster_request_list_get_n_rows   (RosterRequestList *self,
                                             const char        *group);
char      *roster_request_list_describe_state (const RosterStoreEntry *entry);
char      *roster_request_list_describe_when  (gint64                  updated_at);

G_END_DECLS
