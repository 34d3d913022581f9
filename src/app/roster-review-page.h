/* roster-review-page.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-rules.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_REVIEW_PAGE (roster_review_page_get_type ())

G_DECLARE_FINAL_TYPE (RosterReviewPage, roster_review_page, ROSTER, REVIEW_PAGE, AdwPreferencesPage)

GtkWidget *roster_review_page_new              (void);
void       roster_review_page_update           (RosterReviewPage *self,
                                                RosterRequest    *request,
                                                GPtrArray        *issues,
                                                GPtrArray        *warnings);
GPtrArray *roster_review_page_get_problem_rows (RosterReviewPage *self);
GPtrArray *roster_review_page_get_warning_rows (RosterReviewPage *self);
GPtrArray *roster_review_page_get_answer_rows  (RosterReviewPage *self);

G_END_DECLS
