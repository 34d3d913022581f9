/* roster-rules.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-request.h"

G_BEGIN_DECLS

/**
 * RosterIssue:
 * @path: where the problem is: a field id, a section id, or a list cell
 *   such as `group.provider_list[0].npi`
 * @field_id: the field (or section) id part of @path
 * @row: the list row, or -1
 * @column: (nullable): "name" or "npi" for a list cell, else %NULL
 * @message: a translated sentence a practice administrator can act on;
 *   it never contains the answer itself
 */
struct _RosterIssue
{
  char       *path;
  char       *field_id;
  int         row;
  const char *column;
  char       *message;
};

#define ROSTER_TYPE_ISSUE (roster_issue_get_type ())

GType        roster_issue_get_type (void) G_GNUC_CONST;
RosterIssue *roster_issue_new      (const char        *field_id,
                                    int                row,
                                    const char        *column,
                                    const char        *message);
RosterIssue *roster_issue_copy     (const RosterIssue *issue);
void         roster_issue_free     (RosterIssue       *issue);
GPtrArray   *roster_issue_list_new (void);
RosterIssue *roster_issue_new_from_path (const RosterForm  *form,
                                         const char        *path,
                                         const char        *message);
GPtrArray   *roster_issues_from_server (const RosterForm  *form,
                                        const char        *errors_json);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterIssue, roster_issue_free)

typedef struct _RosterVisibility RosterVisibility;

RosterVisibility *roster_rules_get_visibility       (RosterRequest          *request);
void              roster_visibility_free            (RosterVisibility       *visibility);
gboolean          roster_visibility_section_visible (const RosterVisibility *visibility,
                                                     const char             *section_id);
gboolean          roster_visibility_field_visible   (const RosterVisibility *visibility,
                                                     const char             *field_id);
gboolean          roster_visibility_equal           (const RosterVisibility *a,
                                                     const RosterVisibility *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterVisibility, roster_visibility_free)

/**
 * RosterSectionState:
 * @ROSTER_SECTION_NOT_STARTED: nothing answered yet, nothing reported yet
 * @ROSTER_SECTION_IN_PROGRESS: answered in part; its problems are not
 *   shown until the administrator has checked the section
 * @ROSTER_SECTION_COMPLETE: nothing wrong or missing
 * @ROSTER_SECTION_HAS_PROBLEMS: checked, and something is wrong or missing
 */
typedef enum
{
  ROSTER_SECTION_NOT_STARTED,
  ROSTER_SECTION_IN_PROGRESS,
  ROSTER_SECTION_COMPLETE,
  ROSTER_SECTION_HAS_PROBLEMS,
} RosterSectionState;

const RosterSection *roster_rules_get_issue_section (const RosterForm       *form,
                                                     const RosterIssue      *issue);
RosterSectionState roster_rules_get_section_state (RosterRequest          *request,
                                                   const RosterSection    *section,
                                                   GPtrArray              *issues,
                                                   gboolean                checked);

gboolean          roster_rules_field_required       (RosterRequest          *request,
                                                     const RosterVisibility *visibility,
                                                     const char             *field_id);
GPtrArray        *roster_rules_check                (RosterRequest          *request,
                                                     const GDate            *today);
void              roster_rules_get_today            (GDate                  *today);
void              roster_rules_get_today_in         (GTimeZone              *zone,
                                                     GDate                  *today);

G_END_DECLS
