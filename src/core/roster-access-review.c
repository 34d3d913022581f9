/* roster-access-review.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-access-review"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "roster-access-review.h"
#include "roster-csv.h"

/*
 * An access review: every so often (90 days unless Preferences says
 * otherwise) the administrator goes through everyone who has HIE access
 * and says, for each, whether they still need it — HIPAA's periodic
 * review of access authorizations. A review takes a snapshot of the
 * people when it begins, so what it attests is what was reviewed; it is
 * finished only when every person has an answer and a reviewer is named.
 * Ending someone's access is a termination request like any other,
 * queued by the bulk termination that follows the review.
 */

static const char * const decision_names[] = {
  [ROSTER_REVIEW_UNDECIDED] = "undecided",
  [ROSTER_REVIEW_KEEP] = "keep",
  [ROSTER_REVIEW_END] = "end",
};

void
roster_review_entry_free (RosterReviewEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->email);
  g_free (entry->name);
  g_free (entry->npi);
  g_free (entry->organization);
  g_free (entry->services);
  g_free (entry);
}

void
roster_access_review_free (RosterAccessReview *review)
{
  if (review == NULL)
    return;

  g_free (review->id);
  g_free (review->reviewer);
  g_clear_pointer (&review->entries, g_ptr_array_unref);
  g_free (review);
}

static gboolean
has_access (const RosterPerson *person)
{
  return person->account == ROSTER_ACCOUNT_ACTIVE;
}

/**
 * roster_access_review_new:
 * @people: (element-type RosterPerson): the practice's people
 *
 * Begins a review of everyone in @people who has HIE access, in their
 * order, none decided yet.
 *
 * Returns: (transfer full): the review
 */
RosterAccessReview *
roster_access_review_new (GPtrArray *people)
{
  RosterAccessReview *review = g_new0 (RosterAccessReview, 1);

  g_return_val_if_fail (people != NULL, NULL);

  review->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_review_entry_free);
  for (guint i = 0; i < people->len; i++)
    {
      const RosterPerson *person = g_ptr_array_index (people, i);
      RosterReviewEntry *entry;

      if (!has_access (person))
        continue;

      entry = g_new0 (RosterReviewEntry, 1);
      entry->email = g_strdup (person->email);
      entry->name = roster_person_dup_name (person);
      entry->npi = g_strdup (person->npi);
      entry->organization = g_strdup (person->organization);
      entry->services = roster_person_describe_services (person);
      g_ptr_array_add (review->entries, entry);
    }

  return review;
}

/**
 * roster_access_review_copy:
 *
 * Returns: (transfer full): a copy of @review
 */
RosterAccessReview *
roster_access_review_copy (const RosterAccessReview *review)
{
  RosterAccessReview *copy = g_new0 (RosterAccessReview, 1);

  g_return_val_if_fail (review != NULL, NULL);

  copy->id = g_strdup (review->id);
  copy->finished_at = review->finished_at;
  copy->reviewer = g_strdup (review->reviewer);
  copy->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_review_entry_free);
  for (guint i = 0; i < review->entries->len; i++)
    {
      const RosterReviewEntry *entry = g_ptr_array_index (review->entries, i);
      RosterReviewEntry *entry_copy = g_new0 (RosterReviewEntry, 1);

      entry_copy->email = g_strdup (entry->email);
      entry_copy->name = g_strdup (entry->name);
      entry_copy->npi = g_strdup (entry->npi);
      entry_copy->organization = g_strdup (entry->organization);
      entry_copy->services = g_strdup (entry->services);
      entry_copy->decision = entry->decision;
      g_ptr_array_add (copy->entries, entry_copy);
    }

  return copy;
}

/**
 * roster_access_review_lookup:
 * @email: a person's work email, in any case
 *
 * Returns: (transfer none) (nullable): their entry in @review
 */
RosterReviewEntry *
roster_access_review_lookup (RosterAccessReview *review,
                             const char         *email)
{
  g_return_val_if_fail (review != NULL, NULL);
  g_return_val_if_fail (email != NULL, NULL);

  for (guint i = 0; i < review->entries->len; i++)
    {
      RosterReviewEntry *entry = g_ptr_array_index (review->entries, i);

      if (g_ascii_strcasecmp (entry->email, email) == 0)
        return entry;
    }

  return NULL;
}

guint
roster_access_review_count (const RosterAccessReview *review,
                            RosterReviewDecision      decision)
{
  guint n = 0;

  g_return_val_if_fail (review != NULL, 0);

  for (guint i = 0; i < review->entries->len; i++)
    {
      const RosterReviewEntry *entry = g_ptr_array_index (review->entries, i);

      n += entry->decision == decision;
    }

  return n;
}

/**
 * roster_access_review_check:
 *
 * Returns: (transfer full) (nullable): what keeps @review from being
 *   finished, in words, or %NULL when it can be
 */
char *
roster_access_review_check (const RosterAccessReview *review)
{
  guint undecided;

  g_return_val_if_fail (review != NULL, NULL);

  if ((undecided = roster_access_review_count (review, ROSTER_REVIEW_UNDECIDED)) > 0)
    return g_strdup_printf (ngettext ("%u person has no answer yet: say whether they still need access.",
                                      "%u people have no answer yet: say whether each still needs access.",
                                      undecided),
                            undecided);

  return NULL;
}

/**
 * roster_access_review_finish:
 * @reviewer: who attests the review
 * @now: when, µs since the epoch
 *
 * Ends @review as of @now, attested by @reviewer, and gives it an id;
 * refused while a person has no answer or no reviewer is named.
 */
gboolean
roster_access_review_finish (RosterAccessReview  *review,
                             const char          *reviewer,
                             gint64               now,
                             GError             **error)
{
  g_autofree char *problem = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (review != NULL, FALSE);
  g_return_val_if_fail (review->finished_at == 0, FALSE);

  if ((problem = roster_access_review_check (review)) != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, problem);
      return FALSE;
    }

  name = g_strstrip (g_strdup (reviewer != NULL ? reviewer : ""));
  if (name[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Reviewer: Enter your name; it is on the attestation."));
      return FALSE;
    }

  review->reviewer = g_steal_pointer (&name);
  review->finished_at = now;
  review->id = g_uuid_string_random ();

  return TRUE;
}

/**
 * roster_access_review_get_ending:
 * @people: (element-type RosterPerson): the practice's people
 *
 * Returns: (transfer container) (element-type RosterPerson): the people
 *   of @people whose access @review ends, owned by @people
 */
GPtrArray *
roster_access_review_get_ending (const RosterAccessReview *review,
                                 GPtrArray                *people)
{
  GPtrArray *ending = g_ptr_array_new ();

  g_return_val_if_fail (review != NULL, NULL);
  g_return_val_if_fail (people != NULL, NULL);

  for (guint i = 0; i < people->len; i++)
    {
      RosterPerson *person = g_ptr_array_index (people, i);
      const RosterReviewEntry *entry = roster_access_review_lookup ((RosterAccessReview *) review, person->email);

      if (entry != NULL && entry->decision == ROSTER_REVIEW_END)
        g_ptr_array_add (ending, person);
    }

  return ending;
}

/**
 * roster_access_review_format_day:
 * @finished_at: when a review was finished, µs since the epoch
 *
 * Returns: (transfer full): that local day, as YYYY-MM-DD
 */
char *
roster_access_review_format_day (gint64 finished_at)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (finished_at / G_USEC_PER_SEC);

  return g_date_time_format (time, "%Y-%m-%d");
}

/**
 * roster_access_review_dup_day:
 *
 * Returns: (transfer full): the local day a finished review was
 *   finished, as YYYY-MM-DD
 */
char *
roster_access_review_dup_day (const RosterAccessReview *review)
{
  g_return_val_if_fail (review != NULL && review->finished_at != 0, NULL);

  return roster_access_review_format_day (review->finished_at);
}

/**
 * roster_access_review_to_csv:
 *
 * The attestation of a finished review as CSV (RFC 4180, UTF-8, CRLF):
 * a header, then one line per person with the review's date and
 * reviewer, who they are, their services as reviewed and the decision.
 *
 * Returns: (transfer full): the file's bytes
 */
GBytes *
roster_access_review_to_csv (const RosterAccessReview *review)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *day = NULL;
  const char * const header[] = {
    /* TRANSLATORS: the columns of an access review's attestation (CSV) */
    N_("Review Date"), N_("Reviewer"), N_("Name"), N_("Email"), N_("NPI"),
    N_("Organization"), N_("Services"), N_("Decision"),
  };

  g_return_val_if_fail (review != NULL, NULL);
  g_return_val_if_fail (review->finished_at != 0, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    roster_csv_append_cell (text, _(header[i]), i + 1 == G_N_ELEMENTS (header));

  day = roster_access_review_dup_day (review);
  for (guint i = 0; i < review->entries->len; i++)
    {
      const RosterReviewEntry *entry = g_ptr_array_index (review->entries, i);

      roster_csv_append_cell (text, day, FALSE);
      roster_csv_append_cell (text, review->reviewer, FALSE);
      roster_csv_append_cell (text, entry->name, FALSE);
      roster_csv_append_cell (text, entry->email, FALSE);
      roster_csv_append_cell (text, entry->npi, FALSE);
      roster_csv_append_cell (text, entry->organization, FALSE);
      roster_csv_append_cell (text, entry->services, FALSE);
      roster_csv_append_cell (text, roster_review_decision_get_label (entry->decision), TRUE);
    }

  return g_string_free_to_bytes (g_steal_pointer (&text));
}

/**
 * roster_access_review_file_name:
 * @extension: "pdf" or "csv"
 *
 * Returns: (transfer full): the attestation's file name, such as
 *   "access-review-2026-12-07.pdf"
 */
char *
roster_access_review_file_name (const RosterAccessReview *review,
                                const char               *extension)
{
  g_autofree char *day = NULL;

  g_return_val_if_fail (review != NULL, NULL);
  g_return_val_if_fail (review->finished_at != 0, NULL);

  day = roster_access_review_dup_day (review);

  return g_strdup_printf ("access-review-%s.%s", day, extension);
}

/**
 * roster_access_review_has_anyone:
 * @people: (element-type RosterPerson): the practice's people
 *
 * Returns: whether anyone in @people has access, and so would be in a
 *   review
 */
gboolean
roster_access_review_has_anyone (GPtrArray *people)
{
  g_return_val_if_fail (people != NULL, FALSE);

  for (guint i = 0; i < people->len; i++)
    {
      if (has_access (g_ptr_array_index (people, i)))
        return TRUE;
    }

  return FALSE;
}

/**
 * roster_access_review_is_due:
 * @last_finished_at: when the last review was finished, µs since the
 *   epoch, or 0 when there has been none
 * @interval_days: how often a review is due
 * @people: (element-type RosterPerson): the practice's people
 * @now: µs since the epoch
 *
 * A review is due when someone has access and either none has been done
 * or the last was @interval_days days ago or more.
 */
gboolean
roster_access_review_is_due (gint64     last_finished_at,
                             guint      interval_days,
                             GPtrArray *people,
                             gint64     now)
{
  g_return_val_if_fail (people != NULL, FALSE);
  g_return_val_if_fail (interval_days > 0, FALSE);

  if (!roster_access_review_has_anyone (people))
    return FALSE;

  return last_finished_at == 0 || now - last_finished_at >= (gint64) interval_days * G_TIME_SPAN_DAY;
}

const char *
roster_review_decision_to_string (RosterReviewDecision decision)
{
  g_return_val_if_fail (decision < G_N_ELEMENTS (decision_names), NULL);

  return decision_names[decision];
}

/**
 * roster_review_decision_from_string:
 *
 * Returns: the decision named @text; %ROSTER_REVIEW_UNDECIDED for any
 *   other text
 */
RosterReviewDecision
roster_review_decision_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (decision_names); i++)
    {
      if (g_strcmp0 (text, decision_names[i]) == 0)
        return i;
    }

  return ROSTER_REVIEW_UNDECIDED;
}

/**
 * roster_review_decision_get_label:
 *
 * Returns: the decision in words, translated
 */
const char *
roster_review_decision_get_label (RosterReviewDecision decision)
{
  static const char * const labels[] = {
    [ROSTER_REVIEW_UNDECIDED] = N_("No answer"),
    [ROSTER_REVIEW_KEEP] = N_("Still needs access"),
    [ROSTER_REVIEW_END] = N_("End access"),
  };

  g_return_val_if_fail (decision < G_N_ELEMENTS (labels), NULL);

  return _(labels[decision]);
}
