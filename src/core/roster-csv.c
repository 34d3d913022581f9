/* roster-csv.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-csv"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "roster-csv.h"

/*
 * CSV as spreadsheets and HIE portals export it (RFC 4180, leniently
 * where exporters differ): a header row, cells separated by commas or by
 * semicolons (what a spreadsheet in a comma-decimal locale writes; the
 * header row decides), quoted cells holding separators, doubled quotes
 * and line breaks, CRLF or LF line ends, UTF-8 with or without a BOM.
 *
 * The bytes are untrusted: sizes are capped, the text must be UTF-8, and
 * a quote left open is an error naming the line it opened on. One pass,
 * no recursion.
 */

G_DEFINE_QUARK (roster-csv-error-quark, roster_csv_error)

/* The separator of the first line, outside quotes: semicolons when they
 * outnumber commas. */
static char
detect_separator (const char *data,
                  gsize       length)
{
  gboolean quoted = FALSE;
  guint commas = 0;
  guint semicolons = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '"')
        quoted = !quoted;
      else if (!quoted && (c == '\n' || c == '\r'))
        break;
      else if (!quoted && c == ',')
        commas++;
      else if (!quoted && c == ';')
        semicolons++;
    }

  return semicolons > commas ? ';' : ',';
}

static void
row_free (gpointer data)
{
  g_ptr_array_unref (data);
}

/**
 * roster_csv_parse:
 * @data: the file's bytes
 *
 * Returns: (transfer full) (element-type GPtrArray): the rows, each a
 *   #GPtrArray of cells (UTF-8 strings), blank lines left out; %NULL with
 *   @error set when the file is too large, not UTF-8, or a quote is left
 *   open
 */
GPtrArray *
roster_csv_parse (const char  *data,
                  gsize        length,
                  GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);
  g_autoptr(GPtrArray) row = NULL;
  g_autoptr(GString) cell = g_string_new (NULL);
  gboolean quoted = FALSE;
  gboolean cell_was_quoted = FALSE;
  guint line = 1;
  guint quote_line = 0;
  char separator;
  gsize i = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > ROSTER_CSV_MAX_BYTES)
    {
      g_set_error (error, ROSTER_CSV_ERROR, ROSTER_CSV_ERROR_TOO_LARGE,
                   _("The file is larger than %u MiB."), ROSTER_CSV_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;

  if (!g_utf8_validate_len (data + i, length - i, NULL) || memchr (data, '\0', length) != NULL)
    {
      g_set_error_literal (error, ROSTER_CSV_ERROR, ROSTER_CSV_ERROR_ENCODING,
                           _("The file is not UTF-8 text. Export it again as “CSV UTF-8”."));
      return NULL;
    }

  separator = detect_separator (data + i, length - i);
  row = g_ptr_array_new_with_free_func (g_free);

  for (; i <= length; i++)
    {
      gboolean at_end = i == length;
      char c = at_end ? '\n' : data[i];

      if (quoted && !at_end)
        {
          if (c == '"' && i + 1 < length && data[i + 1] == '"')
            {
              g_string_append_c (cell, '"');
              i++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            {
              if (c == '\n')
                line++;
              g_string_append_c (cell, c);
            }
        }
      else if (quoted)
        {
          g_set_error (error, ROSTER_CSV_ERROR, ROSTER_CSV_ERROR_MALFORMED,
                       _("Line %u: a quoted cell is never closed."), quote_line);
          return NULL;
        }
      else if (c == '"' && cell->len == 0 && !cell_was_quoted)
        {
          quoted = TRUE;
          cell_was_quoted = TRUE;
          quote_line = line;
        }
      else if (c == separator || c == '\n' || c == '\r')
        {
          /* CRLF is one line end. */
          if (c == '\r' && i + 1 < length && data[i + 1] == '\n')
            i++;

          if (row->len >= ROSTER_CSV_MAX_COLUMNS)
            {
              g_set_error (error, ROSTER_CSV_ERROR, ROSTER_CSV_ERROR_MALFORMED,
                           _("Line %u has more than %u columns."), line, ROSTER_CSV_MAX_COLUMNS);
              return NULL;
            }
          g_ptr_array_add (row, g_strdup (cell->str));
          g_string_truncate (cell, 0);
          cell_was_quoted = FALSE;

          if (c != separator)
            {
              /* A blank line is no row. */
              if (row->len > 1 || ((const char *) g_ptr_array_index (row, 0))[0] != '\0')
                {
                  g_ptr_array_add (rows, g_steal_pointer (&row));
                  row = g_ptr_array_new_with_free_func (g_free);
                }
              else
                g_ptr_array_set_size (row, 0);
              line++;
            }
        }
      else
        g_string_append_c (cell, c);

      if (cell->len > ROSTER_CSV_MAX_CELL)
        {
          g_set_error (error, ROSTER_CSV_ERROR, ROSTER_CSV_ERROR_MALFORMED,
                       _("Line %u has a cell longer than %u characters."), line, ROSTER_CSV_MAX_CELL);
          return NULL;
        }
    }

  return g_steal_pointer (&rows);
}

/**
 * roster_csv_append_cell:
 * @line: the line being written
 * @text: (nullable): the cell
 * @last: whether the cell ends the line
 *
 * Appends one cell, quoted as RFC 4180 says when it holds a separator, a
 * quote or a line break, then a comma or, after the last, CRLF. A cell a
 * spreadsheet would read as a formula (=, +, -, @) gets a leading
 * apostrophe, so an imported name cannot run as one.
 */
void
roster_csv_append_cell (GString    *line,
                        const char *text,
                        gboolean    last)
{
  if (text == NULL)
    text = "";

  if (strpbrk (text, ",\"\r\n") != NULL)
    {
      /* The apostrophe goes inside the quotes: before them, the cell
       * would not be RFC 4180 any more. */
      g_string_append_c (line, '"');
      if (text[0] != '\0' && strchr ("=+-@", text[0]) != NULL)
        g_string_append_c (line, '\'');
      for (const char *c = text; *c != '\0'; c++)
        {
          if (*c == '"')
            g_string_append_c (line, '"');
          g_string_append_c (line, *c);
        }
      g_string_append_c (line, '"');
    }
  else
    {
      if (text[0] != '\0' && strchr ("=+-@", text[0]) != NULL)
        g_string_append_c (line, '\'');
      g_string_append (line, text);
    }

  g_string_append (line, last ? "\r\n" : ",");
}
