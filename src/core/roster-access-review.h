/* roster-access-review.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-people.h"

G_BEGIN_DECLS

/**
 * RosterReviewDecision:
 * @ROSTER_REVIEW_UNDECIDED: not answered yet
 * @ROSTER_REVIEW_KEEP: the person still needs their access
 * @ROSTER_REVIEW_END: their access is to end
 */
typedef enum
{
  ROSTER_REVIEW_UNDECIDED,
  ROSTER_REVIEW_KEEP,
  ROSTER_REVIEW_END,
} RosterReviewDecision;

/**
 * RosterReviewEntry:
 *
 * One person of a review, as they stood when it began: what the
 * attestation says of them even after their services change.
 */
typedef struct
{
  char                 *email;
  char                 *name;
  char                 *npi;           /* nullable */
  char                 *organization;  /* nullable */
  char                 *services;      /* roster_person_describe_services() */
  RosterReviewDecision  decision;
} RosterReviewEntry;

/**
 * RosterAccessReview:
 * @id: its id in the store, set by roster_access_review_finish()
 * @finished_at: when it was finished, µs since the epoch; 0 while open
 * @reviewer: who attests it (Preferences' submitter name)
 * @entries: (element-type RosterReviewEntry): everyone who had access
 *   when it began, in the People page's order
 */
struct _RosterAccessReview
{
  char      *id;
  gint64     finished_at;
  char      *reviewer;
  GPtrArray *entries;
};

#define ROSTER_ACCESS_REVIEW_DEFAULT_DAYS 90

RosterAccessReview *roster_access_review_new          (GPtrArray                *people);
RosterAccessReview *roster_access_review_copy         (const RosterAccessReview *review);
void                roster_access_review_free         (RosterAccessReview       *review);
RosterReviewEntry  *roster_access_review_lookup       (RosterAccessReview       *review,
                                                       const char               *email);
guint               roster_access_review_count        (const RosterAccessReview *review,
                                                       RosterReviewDecision      decision);
char               *roster_access_review_check        (const RosterAccessReview *review);
gboolean            roster_access_review_finish       (RosterAccessReview       *review,
                                                       const char               *reviewer,
                                                       gint64                    now,
                                                       GError                  **error);
GPtrArray          *roster_access_review_get_ending   (const RosterAccessReview *review,
                                                       GPtrArray                *people);
GBytes             *roster_access_review_to_csv       (const RosterAccessReview *review);
char               *roster_access_review_format_day   (gint64                    finished_at);
char               *roster_access_review_dup_day      (const RosterAccessReview *review);
char               *roster_access_review_file_name    (const RosterAccessReview *review,
                                                       const char               *extension);
const char         *roster_review_decision_to_string  (RosterReviewDecision      decision);
RosterReviewDecision roster_review_decision_from_string (const char             *text);
const char         *roster_review_decision_get_label  (RosterReviewDecision      decision);

gboolean            roster_access_review_has_anyone   (GPtrArray                *people);
gboolean            roster_access_review_is_due       (gint64                    last_finished_at,
                                                       guint                     interval_days,
                                                       GPtrArray                *people,
                                                       gint64                    now);

void                roster_review_entry_free          (RosterReviewEntry        *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterAccessReview, roster_access_review_free)

G_END_DECLS
