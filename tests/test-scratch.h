/* test-scratch.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void  test_remove_tree      (const char *path);
char *test_make_scratch_dir (const char *name_template);

G_END_DECLS
