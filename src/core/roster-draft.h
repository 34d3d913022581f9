/* roster-draft.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-request.h"

G_BEGIN_DECLS

/* A draft holds every answer, hidden ones included, as typed. It is not
 * the intake payload: it is what the store keeps between edits. */
#define ROSTER_DRAFT_MAX_BYTES (4 * 1024 * 1024)
#define ROSTER_DRAFT_MAX_DEPTH 8

#define ROSTER_DRAFT_ERROR (roster_draft_error_quark ())

typedef enum
{
  ROSTER_DRAFT_ERROR_CORRUPT,
  ROSTER_DRAFT_ERROR_UNKNOWN_FORM,
} RosterDraftError;

GQuark         roster_draft_error_quark (void);
GBytes        *roster_draft_write       (RosterRequest  *request);
RosterRequest *roster_draft_read        (GBytes         *draft,
                                         guint          *n_skipped,
                                         GError        **error);

G_END_DECLS
