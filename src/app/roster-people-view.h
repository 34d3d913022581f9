/* roster-people-view.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-access-review.h"
#include "roster-person-object.h"
#include "roster-store.h"

G_BEGIN_DECLS

/**
 * RosterPeopleFilter:
 * @ROSTER_PEOPLE_FILTER_EVERYONE: everyone Roster knows
 * @ROSTER_PEOPLE_FILTER_HAS_ACCESS: people whose account the HIE confirmed
 * @ROSTER_PEOPLE_FILTER_PENDING: people with a change on its way
 * @ROSTER_PEOPLE_FILTER_NO_ACCOUNT: people with no confirmed account
 *
 * The People page's filters, in the order the drop-down lists them.
 */
typedef enum
{
  ROSTER_PEOPLE_FILTER_EVERYONE,
  ROSTER_PEOPLE_FILTER_HAS_ACCESS,
  ROSTER_PEOPLE_FILTER_PENDING,
  ROSTER_PEOPLE_FILTER_NO_ACCOUNT,
} RosterPeopleFilter;

#define ROSTER_TYPE_PEOPLE_VIEW (roster_people_view_get_type ())

G_DECLARE_FINAL_TYPE (RosterPeopleView, roster_people_view, ROSTER, PEOPLE_VIEW, AdwBin)

GtkWidget          *roster_people_view_new        (RosterStore        *store,
                                                   GSettings          *settings);
void                roster_people_view_reload     (RosterPeopleView   *self);
void                roster_people_view_set_search (RosterPeopleView   *self,
                                                   const char         *search);
void                roster_people_view_set_filter (RosterPeopleView   *self,
                                                   RosterPeopleFilter  filter);
GListModel         *roster_people_view_get_shown  (RosterPeopleView   *self);
RosterPersonObject *roster_people_view_lookup     (RosterPeopleView   *self,
                                                   const char         *email);

void                roster_people_view_set_selection_mode (RosterPeopleView *self,
                                                           gboolean          selecting);
void                roster_people_view_select     (RosterPeopleView   *self,
                                                   const char         *email);
GPtrArray          *roster_people_view_get_selected (RosterPeopleView *self);

GtkWidget          *roster_people_view_import_file (RosterPeopleView *self,
                                                    GFile            *file);

gboolean            roster_people_view_is_review_due     (RosterPeopleView         *self);
GtkWidget          *roster_people_view_start_review      (RosterPeopleView         *self);
GtkWidget          *roster_people_view_show_past_reviews (RosterPeopleView         *self);
gboolean            roster_people_view_export_review     (RosterPeopleView         *self,
                                                          const RosterAccessReview *review,
                                                          GFile                    *folder,
                                                          GError                  **error);
GFile              *roster_people_view_get_attestation_folder (void);

G_END_DECLS
