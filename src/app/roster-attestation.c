/* roster-attestation.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-attestation"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-attestation.h"
#include "roster-pdf-document.h"

/*
 * The attestation of a finished access review, as the practice keeps it
 * for an audit: a PDF to read and sign off, and a CSV of the same
 * decisions for a spreadsheet. Both name people, so both are private
 * (0600) to the administrator.
 */

static void
add_people (RosterPdfDocument        *document,
            const RosterAccessReview *review,
            RosterReviewDecision      decision,
            const char               *heading)
{
  if (roster_access_review_count (review, decision) == 0)
    return;

  roster_pdf_document_add (document, TRUE, "%s", heading);
  for (guint i = 0; i < review->entries->len; i++)
    {
      const RosterReviewEntry *entry = g_ptr_array_index (review->entries, i);
      g_autoptr(GString) line = NULL;

      if (entry->decision != decision)
        continue;

      line = g_string_new (entry->name);
      g_string_append_printf (line, " — %s", entry->email);
      if (entry->npi != NULL && entry->npi[0] != '\0')
        /* TRANSLATORS: after a person's name and email in an attestation */
        g_string_append_printf (line, _(" · NPI %s"), entry->npi);
      if (entry->organization != NULL && entry->organization[0] != '\0')
        g_string_append_printf (line, " · %s", entry->organization);
      g_string_append_printf (line, "\n%s", entry->services[0] != '\0' ? entry->services : _("An account, no services"));
      roster_pdf_document_add (document, FALSE, "%s", line->str);
    }
}

static RosterPdfDocument *
build_document (const RosterAccessReview *review)
{
  RosterPdfDocument *document = roster_pdf_document_new ();
  g_autofree char *day = roster_access_review_dup_day (review);
  guint kept = roster_access_review_count (review, ROSTER_REVIEW_KEEP);
  guint ended = roster_access_review_count (review, ROSTER_REVIEW_END);

  roster_pdf_document_add (document, TRUE, "%s", _("HIE Access Review"));
  roster_pdf_document_add (document, FALSE, _("Finished: %s"), day);
  roster_pdf_document_add (document, FALSE, _("Reviewer: %s"), review->reviewer);
  roster_pdf_document_add (document, FALSE,
                           ngettext ("%u person reviewed: %u still needs access, access ends for %u.",
                                     "%u people reviewed: %u still need access, access ends for %u.",
                                     review->entries->len),
                           review->entries->len, kept, ended);

  add_people (document, review, ROSTER_REVIEW_KEEP, _("Still Need Access"));
  add_people (document, review, ROSTER_REVIEW_END, _("Access to End"));

  roster_pdf_document_add (document, TRUE, "%s", _("Attestation"));
  /* TRANSLATORS: %1$s is the reviewer's name, %2$s the day of the review */
  roster_pdf_document_add (document, FALSE,
                           _("I, %1$s, reviewed on %2$s the HIE access of everyone listed above. Those marked as still "
                             "needing access need it for their work at the practice; the access of those listed under "
                             "“Access to End” is to be ended, with a termination request to the HIE for each."),
                           review->reviewer, day);
  roster_pdf_document_add (document, FALSE, "%s", _("Signature: ______________________________"));

  return document;
}

/**
 * roster_attestation_dup_text:
 * @review: a finished review
 *
 * Returns: (transfer full): the PDF's text, a block a line
 */
char *
roster_attestation_dup_text (const RosterAccessReview *review)
{
  g_autoptr(RosterPdfDocument) document = NULL;

  g_return_val_if_fail (review != NULL && review->finished_at != 0, NULL);

  document = build_document (review);

  return roster_pdf_document_dup_text (document);
}

/**
 * roster_attestation_save:
 * @review: a finished review
 * @folder: a local folder
 * @pdf: (out) (optional): the PDF written
 * @csv: (out) (optional): the CSV written
 *
 * Writes "access-review-DAY.pdf" and "access-review-DAY.csv" in @folder,
 * replacing those of an earlier export of the same day.
 */
gboolean
roster_attestation_save (const RosterAccessReview  *review,
                         GFile                     *folder,
                         GFile                    **pdf,
                         GFile                    **csv,
                         GError                   **error)
{
  g_autoptr(RosterPdfDocument) document = NULL;
  g_autoptr(GBytes) csv_bytes = NULL;
  g_autofree char *pdf_name = NULL;
  g_autofree char *csv_name = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *csv_path = NULL;
  g_autoptr(GFile) pdf_file = NULL;
  g_autoptr(GFile) csv_file = NULL;

  g_return_val_if_fail (review != NULL && review->finished_at != 0, FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);

  if (!g_file_is_native (folder))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Choose a folder on this computer for the attestation."));
      return FALSE;
    }

  pdf_name = roster_access_review_file_name (review, "pdf");
  csv_name = roster_access_review_file_name (review, "csv");
  pdf_file = g_file_get_child (folder, pdf_name);
  csv_file = g_file_get_child (folder, csv_name);

  document = build_document (review);
  pdf_path = g_file_get_path (pdf_file);
  if (!roster_pdf_document_export (document, pdf_path, error))
    return FALSE;

  /* Private from its first byte, written whole or not at all. */
  csv_bytes = roster_access_review_to_csv (review);
  csv_path = g_file_get_path (csv_file);
  if (!g_file_set_contents_full (csv_path, g_bytes_get_data (csv_bytes, NULL), g_bytes_get_size (csv_bytes),
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0600, error))
    return FALSE;

  if (pdf != NULL)
    *pdf = g_steal_pointer (&pdf_file);
  if (csv != NULL)
    *csv = g_steal_pointer (&csv_file);

  return TRUE;
}
