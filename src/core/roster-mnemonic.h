/* roster-mnemonic.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *roster_mnemonic_strip (const char *label);

G_END_DECLS
