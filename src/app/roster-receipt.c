/* roster-receipt.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-receipt"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "roster-payload-summary.h"
#include "roster-receipt.h"

/*
 * A PDF receipt of a sent request: the HIE's tracking number and status,
 * then every answer that was sent, in plain words. It names a person, so
 * the file is created private (0600) before anything is written to it.
 */

typedef struct
{
  char     *text;
  gboolean  heading;
  double    height;   /* laid out, in points */
} Block;

typedef struct
{
  GPtrArray *blocks;  /* Block * */
  GArray    *page_starts;  /* guint: index of each page's first block */
} Receipt;

static void
block_free (Block *block)
{
  g_free (block->text);
  g_free (block);
}

static void
add_block (Receipt    *receipt,
           gboolean    heading,
           const char *format,
           ...) G_GNUC_PRINTF (3, 4);

static void
add_block (Receipt    *receipt,
           gboolean    heading,
           const char *format,
           ...)
{
  Block *block = g_new0 (Block, 1);
  va_list args;

  va_start (args, format);
  block->text = g_strdup_vprintf (format, args);
  va_end (args);
  block->heading = heading;
  g_ptr_array_add (receipt->blocks, block);
}

/* Plain text, never markup: answers and the HIE's notes are not ours. */
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
                Receipt           *receipt)
{
  double page_height = gtk_print_context_get_height (context);
  double used = 0;
  guint start = 0;

  g_array_set_size (receipt->page_starts, 0);
  g_array_append_val (receipt->page_starts, start);

  for (guint i = 0; i < receipt->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (receipt->blocks, i);
      g_autoptr(PangoLayout) layout = layout_block (context, block);
      int height;

      pango_layout_get_size (layout, NULL, &height);
      block->height = pango_units_to_double (height) + (block->heading ? 2 * BLOCK_GAP : BLOCK_GAP);

      if (used > 0 && used + block->height > page_height)
        {
          g_array_append_val (receipt->page_starts, i);
          used = 0;
        }
      used += block->height;
    }

  gtk_print_operation_set_n_pages (operation, receipt->page_starts->len);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              Receipt           *receipt)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  guint first = g_array_index (receipt->page_starts, guint, page);
  guint last = (guint) page + 1 < receipt->page_starts->len
    ? g_array_index (receipt->page_starts, guint, page + 1) : receipt->blocks->len;
  double y = 0;

  cairo_set_source_rgb (cr, 0, 0, 0);

  for (guint i = first; i < last; i++)
    {
      Block *block = g_ptr_array_index (receipt->blocks, i);
      g_autoptr(PangoLayout) layout = layout_block (context, block);

      if (block->heading && i != first)
        y += BLOCK_GAP;
      cairo_move_to (cr, 0, y);
      pango_cairo_show_layout (cr, layout);
      y += block->height - (block->heading && i != first ? BLOCK_GAP : 0);
    }
}

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
static GPtrArray *
build_blocks (const RosterStoreEntry *entry,
              GBytes                 *payload,
              GPtrArray              *npi_checks)
{
  Receipt receipt = { g_ptr_array_new_with_free_func ((GDestroyNotify) block_free), NULL };
  g_autoptr(GPtrArray) lines = NULL;
  const char *section = NULL;
  const RosterForm *form;

  form = entry->form != NULL ? roster_form_lookup (entry->form) : NULL;
  /* Translators: %s is the form's title, such as "New User Request". */
  add_block (&receipt, TRUE, _("Receipt: %s"), form != NULL ? _(form->title) : entry->form);
  add_block (&receipt, FALSE, _("Tracking number: %s"), entry->tracking_id ? entry->tracking_id : "—");
  add_block (&receipt, FALSE, _("Status at the HIE: %s"), describe_status (entry->hie_status));
  if (entry->hie_note != NULL)
    add_block (&receipt, FALSE, _("Note from the HIE: %s"), entry->hie_note);
  add_block (&receipt, FALSE, _("Received by the HIE: %s"), entry->received_at ? entry->received_at : "—");

  lines = roster_payload_summarize (payload);
  for (guint i = 0; i < lines->len; i++)
    {
      const RosterAnswerLine *line = g_ptr_array_index (lines, i);

      if (g_strcmp0 (section, line->section_title) != 0)
        {
          add_block (&receipt, TRUE, "%s", line->section_title);
          section = line->section_title;
        }
      add_block (&receipt, FALSE, "%s: %s", line->label, line->value);
    }

  if (npi_checks != NULL && npi_checks->len > 0)
    {
      add_block (&receipt, TRUE, "%s", _("NPIs Checked with the NPI Registry"));
      for (guint i = 0; i < npi_checks->len; i++)
        add_block (&receipt, FALSE, "%s", (const char *) g_ptr_array_index (npi_checks, i));
    }

  return receipt.blocks;
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
  g_autoptr(GPtrArray) blocks = NULL;
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (entry != NULL, NULL);
  g_return_val_if_fail (payload != NULL, NULL);

  blocks = build_blocks (entry, payload, npi_checks);
  for (guint i = 0; i < blocks->len; i++)
    g_string_append_printf (text, "%s\n", ((Block *) g_ptr_array_index (blocks, i))->text);

  return g_string_free (text, FALSE);
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
  g_autoptr(GtkPrintOperation) operation = NULL;
  Receipt receipt;
  GtkPrintOperationResult result;
  int fd;

  g_return_val_if_fail (entry != NULL, FALSE);
  g_return_val_if_fail (payload != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* Private before the first byte: the printing code keeps the mode of
   * an existing file. */
  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0 || fchmod (fd, 0600) != 0)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write the receipt “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);

  receipt.blocks = build_blocks (entry, payload, npi_checks);
  receipt.page_starts = g_array_new (FALSE, FALSE, sizeof (guint));

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_export_filename (operation, path);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), &receipt);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), &receipt);

  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error);

  g_ptr_array_unref (receipt.blocks);
  g_array_unref (receipt.page_starts);

  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}
