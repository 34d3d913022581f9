/* roster-access-review-dialog.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "roster-access-review.h"
#include "roster-store.h"

G_BEGIN_DECLS

#define ROSTER_TYPE_ACCESS_REVIEW_DIALOG (roster_access_review_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RosterAccessReviewDialog, roster_access_review_dialog, ROSTER, ACCESS_REVIEW_DIALOG, AdwWindow)

GtkWidget  *roster_access_review_dialog_new           (RosterStore              *store,
                                                       GPtrArray                *people,
                                                       const char               *reviewer);
void        roster_access_review_dialog_set_decision  (RosterAccessReviewDialog *self,
                                                       const char               *email,
                                                       RosterReviewDecision      decision);
void        roster_access_review_dialog_set_reviewer  (RosterAccessReviewDialog *self,
                                                       const char               *reviewer);
gboolean    roster_access_review_dialog_finish        (RosterAccessReviewDialog *self);
const char *roster_access_review_dialog_get_problem   (RosterAccessReviewDialog *self);
GtkWidget  *roster_access_review_dialog_get_finish_button (RosterAccessReviewDialog *self);

typedef void (*RosterReviewExportFunc) (GObject                  *owner,
                                        const RosterAccessReview *review);

GtkWidget  *roster_access_review_history_new          (GPtrArray                *reviews,
                                                       RosterReviewExportFunc    export_func,
                                                       GObject                  *owner);

G_END_DECLS
