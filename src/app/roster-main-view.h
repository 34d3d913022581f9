/* roster-main-view.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-autosave.h"
#include "roster-npi-registry.h"
#include "roster-people-view.h"
#include "roster-person-page.h"
#include "roster-request-editor.h"
#include "roster-request-list.h"
#include "roster-store.h"

#include "roster-form.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_MAIN_VIEW (roster_main_view_get_type ())

G_DECLARE_FINAL_TYPE (RosterMainView, roster_main_view, ROSTER, MAIN_VIEW, AdwBin)

GtkWidget           *roster_main_view_new              (RosterStore    *store,
                                                        GSettings      *settings);
void                 roster_main_view_set_endpoint     (RosterMainView *self,
                                                        const char     *endpoint);
void                 roster_main_view_set_npi_registry (RosterMainView    *self,
                                                        RosterNpiRegistry *registry);
void                 roster_main_view_restore          (RosterMainView *self);
void                 roster_main_view_choose_request   (RosterMainView *self);
void                 roster_main_view_start_request    (RosterMainView   *self,
                                                        const RosterForm *form);
void                 roster_main_view_switch_form      (RosterMainView   *self,
                                                        const RosterForm *form);
void                 roster_main_view_open_request     (RosterMainView *self,
                                                        const char     *id);
void                 roster_main_view_show_list        (RosterMainView *self);
void                 roster_main_view_open_person      (RosterMainView *self,
                                                        const char     *email);
GtkWidget           *roster_main_view_end_access       (RosterMainView *self,
                                                        GPtrArray      *people);
void                 roster_main_view_start_request_for (RosterMainView     *self,
                                                         const RosterPerson *person,
                                                         RosterPersonAction  action);
void                 roster_main_view_flush            (RosterMainView *self);
void                 roster_main_view_refresh          (RosterMainView *self);
gboolean             roster_main_view_close            (RosterMainView *self);
RosterRequestList   *roster_main_view_get_list         (RosterMainView *self);
RosterRequestEditor *roster_main_view_get_editor       (RosterMainView *self);
RosterPeopleView    *roster_main_view_get_people       (RosterMainView *self);
RosterPersonPage    *roster_main_view_get_person_page  (RosterMainView *self);
RosterAutosave      *roster_main_view_get_autosave     (RosterMainView *self);
const char          *roster_main_view_get_banner       (RosterMainView *self);
GtkWidget           *roster_main_view_get_menu_slot    (RosterMainView *self);

G_END_DECLS
