/* roster-section-page.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-field-widget.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_SECTION_PAGE (roster_section_page_get_type ())

G_DECLARE_FINAL_TYPE (RosterSectionPage, roster_section_page, ROSTER, SECTION_PAGE, AdwPreferencesPage)

GtkWidget           *roster_section_page_new                (RosterRequest          *request,
                                                             const RosterSection    *section);
const RosterSection *roster_section_page_get_section        (RosterSectionPage      *self);
GtkWidget           *roster_section_page_get_field_widget   (RosterSectionPage      *self,
                                                             const char             *field_id);
GtkWidget           *roster_section_page_get_field_message  (RosterSectionPage      *self,
                                                             const char             *field_id);
const char          *roster_section_page_get_section_message (RosterSectionPage     *self);
void                 roster_section_page_sync               (RosterSectionPage      *self);
void                 roster_section_page_apply_visibility   (RosterSectionPage      *self,
                                                             const RosterVisibility *visibility);
void                 roster_section_page_show_issues        (RosterSectionPage      *self,
                                                             GPtrArray              *issues,
                                                             GHashTable             *revealed);
gboolean             roster_section_page_focus_issue        (RosterSectionPage      *self,
                                                             const RosterIssue      *issue);
gboolean             roster_section_page_focus_first        (RosterSectionPage      *self);

void               roster_section_page_show_npi_notes (RosterSectionPage *self,
                                                       GPtrArray         *lines,
                                                       GPtrArray         *warnings);
const char        *roster_section_page_get_npi_note   (RosterSectionPage *self,
                                                       const char        *field_id);

G_END_DECLS
