/* roster-attestation.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "roster-access-review.h"

G_BEGIN_DECLS

char     *roster_attestation_dup_text (const RosterAccessReview  *review);
gboolean  roster_attestation_save     (const RosterAccessReview  *review,
                                       GFile                     *folder,
                                       GFile                    **pdf,
                                       GFile                    **csv,
                                       GError                   **error);

G_END_DECLS
