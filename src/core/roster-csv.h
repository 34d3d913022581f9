/* roster-csv.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ROSTER_CSV_MAX_BYTES   (32 * 1024 * 1024)
#define ROSTER_CSV_MAX_COLUMNS 256
#define ROSTER_CSV_MAX_CELL    8192

#define ROSTER_CSV_ERROR (roster_csv_error_quark ())

typedef enum
{
  ROSTER_CSV_ERROR_TOO_LARGE,
  ROSTER_CSV_ERROR_ENCODING,
  ROSTER_CSV_ERROR_MALFORMED,
} RosterCsvError;

GQuark     roster_csv_error_quark (void);
GPtrArray *roster_csv_parse       (const char  *data,
                                   gsize        length,
                                   GError     **error);
void       roster_csv_append_cell (GString     *line,
                                   const char  *text,
                                   gboolean     last);

G_END_DECLS
