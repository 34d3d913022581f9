/* roster-payload.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "roster-rules.h"

G_BEGIN_DECLS

/* The intake payload, version 1: data/intake-api.md and
 * data/account-request.schema.json describe it for integrators. */
#define ROSTER_PAYLOAD_MAX_BYTES (256 * 1024)
#define ROSTER_PAYLOAD_MAX_DEPTH 16

#define ROSTER_PAYLOAD_ERROR (roster_payload_error_quark ())

/**
 * RosterPayloadError:
 * @ROSTER_PAYLOAD_ERROR_TOO_LARGE: over %ROSTER_PAYLOAD_MAX_BYTES
 * @ROSTER_PAYLOAD_ERROR_MALFORMED: not one strict JSON object of the
 *   payload's outer shape (bad encoding, syntax, nesting, duplicate keys)
 * @ROSTER_PAYLOAD_ERROR_UNKNOWN_FORM: a form id Roster does not know
 * @ROSTER_PAYLOAD_ERROR_UNSUPPORTED_VERSION: a form version Roster does not know
 * @ROSTER_PAYLOAD_ERROR_UNREADABLE: the file could not be read
 */
typedef enum
{
  ROSTER_PAYLOAD_ERROR_TOO_LARGE,
  ROSTER_PAYLOAD_ERROR_MALFORMED,
  ROSTER_PAYLOAD_ERROR_UNKNOWN_FORM,
  ROSTER_PAYLOAD_ERROR_UNSUPPORTED_VERSION,
  ROSTER_PAYLOAD_ERROR_UNREADABLE,
} RosterPayloadError;

GQuark         roster_payload_error_quark (void);
GBytes        *roster_payload_write       (RosterRequest  *request);
RosterRequest *roster_payload_read        (GBytes         *payload,
                                           GPtrArray     **problems,
                                           GError        **error);
GBytes        *roster_payload_load_file   (GFile          *file,
                                           GError        **error);
GPtrArray     *roster_payload_check       (GBytes         *payload,
                                           const GDate    *today,
                                           GError        **error);

G_END_DECLS
