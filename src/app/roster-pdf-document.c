/* roster-pdf-document.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-pdf-document"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "roster-pdf-document.h"

/*
 * The PDFs Roster writes (a request's receipt, an access review's
 * attestation): headings and paragraphs of plain text, never markup —
 * answers, names and the HIE's notes are not ours — laid out on pages
 * by GtkPrintOperation. They name people, so the file is created private
 * (0600) before anything is written to it.
 */

typedef struct
{
  char     *text;
  gboolean  heading;
  double    height;   /* laid out, in points */
} Block;

struct _RosterPdfDocument
{
  GPtrArray *blocks;       /* Block * */
  GArray    *page_starts;  /* guint: index of each page's first block */
};

static void
block_free (Block *block)
{
  g_free (block->text);
  g_free (block);
}

RosterPdfDocument *
roster_pdf_document_new (void)
{
  RosterPdfDocument *document = g_new0 (RosterPdfDocument, 1);

  document->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  document->page_starts = g_array_new (FALSE, FALSE, sizeof (guint));

  return document;
}

void
roster_pdf_document_free (RosterPdfDocument *document)
{
  if (document == NULL)
    return;

  g_ptr_array_unref (document->blocks);
  g_array_unref (document->page_starts);
  g_free (document);
}

/**
 * roster_pdf_document_add:
 * @heading: whether the block is a heading
 *
 * Adds a paragraph (or a heading) of plain text.
 */
void
roster_pdf_document_add (RosterPdfDocument *document,
                         gboolean           heading,
                         const char        *format,
                         ...)
{
  Block *block = g_new0 (Block, 1);
  va_list args;

  va_start (args, format);
  block->text = g_strdup_vprintf (format, args);
  va_end (args);
  block->heading = heading;
  g_ptr_array_add (document->blocks, block);
}

/**
 * roster_pdf_document_dup_text:
 *
 * Returns: (transfer full): the document's text, one block a line, as
 *   roster_pdf_document_export() lays it out
 */
char *
roster_pdf_document_dup_text (RosterPdfDocument *document)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < document->blocks->len; i++)
    g_string_append_printf (text, "%s\n", ((Block *) g_ptr_array_index (document->blocks, i))->text);

  return g_string_free (text, FALSE);
}

static PangoLayout *
layout_block (GtkPrintContext *context,
              const Block     *block)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (block->heading ? "Sans Bold 12" : "Sans 10");

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, pango_units_from_double (gtk_print_context_get_width (context)));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, block->text, -1);

  return layout;
}

#define BLOCK_GAP 6.0

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                RosterPdfDocument *document)
{
  double page_height = gtk_print_context_get_height (context);
  double used = 0;
  guint start = 0;

  g_array_set_size (document->page_starts, 0);
  g_array_append_val (document->page_starts, start);

  for (guint i = 0; i < document->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (document->blocks, i);
      g_autoptr(PangoLayout) layout = layout_block (context, block);
      int height;

      pango_layout_get_size (layout, NULL, &height);
      block->height = pango_units_to_double (height) + (block->heading ? 2 * BLOCK_GAP : BLOCK_GAP);

      if (used > 0 && used + block->height > page_height)
        {
          g_array_append_val (document->page_starts, i);
          used = 0;
        }
      used += block->height;
    }

  gtk_print_operation_set_n_pages (operation, document->page_starts->len);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              RosterPdfDocument *document)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  guint first = g_array_index (document->page_starts, guint, page);
  guint last = (guint) page + 1 < document->page_starts->len
    ? g_array_index (document->page_starts, guint, page + 1) : document->blocks->len;
  double y = 0;

  cairo_set_source_rgb (cr, 0, 0, 0);

  for (guint i = first; i < last; i++)
    {
      Block *block = g_ptr_array_index (document->blocks, i);
      g_autoptr(PangoLayout) layout = layout_block (context, block);

      if (block->heading && i != first)
        y += BLOCK_GAP;
      cairo_move_to (cr, 0, y);
      pango_cairo_show_layout (cr, layout);
      y += block->height - (block->heading && i != first ? BLOCK_GAP : 0);
    }
}

/**
 * roster_pdf_document_export:
 * @path: where to write the PDF
 *
 * Writes the document as a PDF, private (0600) to its owner.
 *
 * Returns: %TRUE when it was written
 */
gboolean
roster_pdf_document_export (RosterPdfDocument  *document,
                            const char         *path,
                            GError            **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  GtkPrintOperationResult result;
  int fd;

  g_return_val_if_fail (document != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* Private before the first byte: the printing code keeps the mode of
   * an existing file. */
  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0 || fchmod (fd, 0600) != 0)
    {
      int saved_errno = errno;
      g_autofree char *name = g_filename_display_name (path);

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write “%s”: %s"), name, g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_export_filename (operation, path);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), document);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), document);

  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error);

  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}
