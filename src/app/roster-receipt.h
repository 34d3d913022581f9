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
                                    GPtrArray               *npi_checks,
                                    const char              *path,
                                    GError                 **error);
char    *roster_receipt_dup_text   (const RosterStoreEntry  *entry,
                                    GBytes                  *payload,
                                    GPtrArray               *npi_checks);

G_END_DECLS
