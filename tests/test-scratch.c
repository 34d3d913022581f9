/* test-scratch.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Scratch folders for tests: made under the temporary folder, removed
 * with everything in them. Needs only GLib, so every test program can
 * link it (through test-fixtures or intake-test-util).
 */

#include "config.h"

#include <stdlib.h>

#include <glib/gstdio.h>

#include "test-scratch.h"

/* Removes a scratch folder and everything in it (symbolic links are
 * removed, never followed). */
void
test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        test_remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

static GPtrArray *scratch_dirs;

static void
remove_scratch_dirs (void)
{
  for (guint i = 0; i < scratch_dirs->len; i++)
    test_remove_tree (g_ptr_array_index (scratch_dirs, i));
}

/**
 * test_make_scratch_dir:
 * @name_template: as for g_dir_make_tmp(), such as "roster-cli-XXXXXX"
 *
 * A new folder under the temporary folder, removed with everything in it
 * when the test program exits.
 *
 * Returns: (transfer full): its path
 */
char *
test_make_scratch_dir (const char *name_template)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp (name_template, &error);

  g_assert_no_error (error);

  if (scratch_dirs == NULL)
    {
      scratch_dirs = g_ptr_array_new_with_free_func (g_free);
      atexit (remove_scratch_dirs);
    }
  g_ptr_array_add (scratch_dirs, g_strdup (path));

  return path;
}
