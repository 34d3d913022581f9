/* roster-pdf-document.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _RosterPdfDocument RosterPdfDocument;

RosterPdfDocument *roster_pdf_document_new      (void);
void               roster_pdf_document_free     (RosterPdfDocument  *document);
void               roster_pdf_document_add      (RosterPdfDocument  *document,
                                                 gboolean            heading,
                                                 const char         *format,
                                                 ...) G_GNUC_PRINTF (3, 4);
char              *roster_pdf_document_dup_text (RosterPdfDocument  *document);
gboolean           roster_pdf_document_export   (RosterPdfDocument  *document,
                                                 const char         *path,
                                                 GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterPdfDocument, roster_pdf_document_free)

G_END_DECLS
