/* roster-request-editor.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-npi-registry.h"
#include "roster-rules.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_REQUEST_EDITOR (roster_request_editor_get_type ())

G_DECLARE_FINAL_TYPE (RosterRequestEditor, roster_request_editor, ROSTER, REQUEST_EDITOR, AdwBin)

GtkWidget     *roster_request_editor_new                (RosterRequest       *request,
                                                         const char          *initial_step);
RosterRequest *roster_request_editor_get_request        (RosterRequestEditor *self);
void           roster_request_editor_set_today          (RosterRequestEditor *self,
                                                         const GDate         *today);
GPtrArray     *roster_request_editor_get_issues         (RosterRequestEditor *self);
const char    *roster_request_editor_get_current        (RosterRequestEditor *self);
void           roster_request_editor_show_section       (RosterRequestEditor *self,
                                                         const char          *section_id);
void           roster_request_editor_next               (RosterRequestEditor *self);
void           roster_request_editor_previous           (RosterRequestEditor *self);
void           roster_request_editor_focus_issue        (RosterRequestEditor *self,
                                                         const RosterIssue   *issue);
GtkWidget     *roster_request_editor_get_section_page   (RosterRequestEditor *self,
                                                         const char          *section_id);
GtkWidget     *roster_request_editor_get_section_row    (RosterRequestEditor *self,
                                                         const char          *section_id);
GtkWidget     *roster_request_editor_get_review_page    (RosterRequestEditor *self);
GtkWidget     *roster_request_editor_get_next_button    (RosterRequestEditor *self);
GtkWidget     *roster_request_editor_get_back_button    (RosterRequestEditor *self);
void           roster_request_editor_set_server_issues  (RosterRequestEditor *self,
                                                         GPtrArray           *issues);
void           roster_request_editor_set_save_state     (RosterRequestEditor *self,
                                                         const char          *text,
                                                         gboolean             is_error);
const char    *roster_request_editor_get_save_state     (RosterRequestEditor *self);
void           roster_request_editor_set_npi_registry   (RosterRequestEditor *self,
                                                         RosterNpiRegistry   *registry);
GPtrArray     *roster_request_editor_get_npi_warnings   (RosterRequestEditor *self);

G_END_DECLS
