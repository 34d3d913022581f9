/* roster-receipt.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-receipt"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-payload-summary.h"
#include "roster-pdf-document.h"
#include "roster-receipt.h"

/*
 * A PDF receipt of a sent request: the HIE's tracking number and status,
 * then every answer that was sent, in plain words. It names a person, so
 * the file is private (roster-pdf-document.c).
 */

static const char *
describe_status (const char *status)
{
  if (g_strcmp0 (status, "in_review") == 0)
    return _("In review");
  if (g_strcmp0 (status, "completed") == 0)
    return _("Completed");
  if (g_strcmp0 (status, "rejected") == 0)
    return _("Rejected");
  return _("Received");
}

/* The receipt's blocks: the HIE's answer, what was sent, and what the NPI
 * Registry said of its NPIs. */
static RosterPdfDocument *
build_document (const RosterStoreEntry *entry,
                GBytes                 *payload,
                GPtrArray              *npi_checks)
{
  RosterPdfDocument *receipt = roster_pdf_document_new ();
  g_autoptr(GPtrArray) lines = NULL;
  const char *section = NULL;
  const RosterForm *form;

  form = entry->form != NULL ? roster_form_lookup (entry->form) : NULL;
  /* Translators: %s is the form's title, such as "New User Request". */
  roster_pdf_document_add (receipt, TRUE, _("Receipt: %s"), form != NULL ? _(form->title) : entry->form);
  roster_pdf_document_add (receipt, FALSE, _("Tracking number: %s"), entry->tracking_id ? entry->tracking_id : "—");
  roster_pdf_document_add (receipt, FALSE, _("Status at the HIE: %s"), describe_status (entry->hie_status));
  if (entry->hie_note != NULL)
    roster_pdf_document_add (receipt, FALSE, _("Note from the HIE: %s"), entry->hie_note);
  roster_pdf_document_add (receipt, FALSE, _("Received by the HIE: %s"), entry->received_at ? entry->received_at : "—");

  lines = roster_payload_summarize (payload);
  for (guint i = 0; i < lines->len; i++)
    {
      const RosterAnswerLine *line = g_ptr_array_index (lines, i);

      if (g_strcmp0 (section, line->section_title) != 0)
        {
          roster_pdf_document_add (receipt, TRUE, "%s", line->section_title);
          section = line->section_title;
        }
      roster_pdf_document_add (receipt, FALSE, "%s: %s", line->label, line->value);
    }

  if (npi_checks != NULL && npi_checks->len > 0)
    {
      roster_pdf_document_add (receipt, TRUE, "%s", _("NPIs Checked with the NPI Registry"));
      for (guint i = 0; i < npi_checks->len; i++)
        roster_pdf_document_add (receipt, FALSE, "%s", (const char *) g_ptr_array_index (npi_checks, i));
    }

  return receipt;
}

/**
 * roster_receipt_dup_text:
 *
 * The receipt's text, one block a line, as roster_receipt_export_pdf()
 * lays it out.
 *
 * Returns: (transfer full): the text
 */
char *
roster_receipt_dup_text (const RosterStoreEntry *entry,
                         GBytes                 *payload,
                         GPtrArray              *npi_checks)
{
  g_autoptr(RosterPdfDocument) receipt = NULL;

  g_return_val_if_fail (entry != NULL, NULL);
  g_return_val_if_fail (payload != NULL, NULL);

  receipt = build_document (entry, payload, npi_checks);

  return roster_pdf_document_dup_text (receipt);
}

/**
 * roster_receipt_export_pdf:
 * @entry: the sent request, as listed by the store
 * @payload: the bytes that were sent
 * @npi_checks: (nullable) (element-type utf8): what the NPI Registry said
 *   of the request's NPIs when it was queued
 *   (roster_npi_registry_describe_checks())
 * @path: where to write the PDF
 *
 * Returns: %TRUE when the receipt was written
 */
gboolean
roster_receipt_export_pdf (const RosterStoreEntry  *entry,
                           GBytes                  *payload,
                           GPtrArray               *npi_checks,
                           const char              *path,
                           GError                 **error)
{
  g_autoptr(RosterPdfDocument) receipt = NULL;

  g_return_val_if_fail (entry != NULL, FALSE);
  g_return_val_if_fail (payload != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  receipt = build_document (entry, payload, npi_checks);

  return roster_pdf_document_export (receipt, path, error);
}
