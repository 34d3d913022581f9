/* roster-receipt.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "roster-store.h"

G_BEGIN_DECLS

gboolean roster_receipt_export_pdf (const RosterStoreEntry  *entry,
                                    GBytes                  *payload,
                                    const char              *path,
                                    GError                 **error);

G_END_DECLS
