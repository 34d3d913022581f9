/* slow-fsync-vfs.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void  slow_fsync_vfs_install   (guint delay_ms);
guint slow_fsync_vfs_get_syncs (void);
void  slow_fsync_vfs_set_failing (gboolean fail);

G_END_DECLS
