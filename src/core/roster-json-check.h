/* roster-json-check.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ROSTER_JSON_CHECK_ERROR (roster_json_check_error_quark ())

typedef enum
{
  ROSTER_JSON_CHECK_ERROR_EMPTY,
  ROSTER_JSON_CHECK_ERROR_TOO_LARGE,
  ROSTER_JSON_CHECK_ERROR_ENCODING,
  ROSTER_JSON_CHECK_ERROR_TOO_DEEP,
  ROSTER_JSON_CHECK_ERROR_SYNTAX,
  ROSTER_JSON_CHECK_ERROR_DUPLICATE_KEY,
  ROSTER_JSON_CHECK_ERROR_NUMBER_RANGE,
} RosterJsonCheckError;

GQuark   roster_json_check_error_quark (void);
gboolean roster_json_check             (const char  *data,
                                        gsize        length,
                                        gsize        max_length,
                                        guint        max_depth,
                                        GError     **error);
char    *roster_json_generate          (JsonNode    *root,
                                        gsize       *length);

G_END_DECLS
