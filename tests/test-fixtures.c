/* test-fixtures.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include <glib/gstdio.h>

#include "test-fixtures.h"

/* A complete, valid request that adds alerts by patient list: the
 * smallest "modify" with nothing wrong, to change one thing at a time. */
RosterRequest *
test_new_modify_request (void)
{
  RosterRequest *request = roster_request_new (roster_form_get_account_change ());

  roster_request_set_text (request, "action", "modify");
  roster_request_set_text (request, "user.first_name", "Ana");
  roster_request_set_text (request, "user.last_name", "Díaz");
  roster_request_set_text (request, "user.email", "ana.diaz@upstate.example.org");
  roster_request_set_text (request, "user.organization", "Upstate University Hospital");
  roster_request_set_boolean (request, "submitter.is_user", TRUE);
  roster_request_set_text (request, "services.alerts", "add");
  roster_request_set_text (request, "alerts.basis", "patient_list");
  roster_request_set_text (request, "alerts.delivery", "myalerts_app");
  roster_request_set_text (request, "alerts.lists_submitted", "yes");
  roster_request_set_boolean (request, "attestation.authorized", TRUE);

  return request;
}

RosterRequest *
test_new_terminate_request (const GDate *today)
{
  RosterRequest *request = roster_request_new (roster_form_get_account_change ());
  char date[16];

  g_date_strftime (date, sizeof date, "%Y-%m-%d", today);

  roster_request_set_text (request, "action", "terminate");
  roster_request_set_text (request, "user.first_name", "Ana");
  roster_request_set_text (request, "user.last_name", "Díaz");
  roster_request_set_text (request, "user.email", "ana.diaz@upstate.example.org");
  roster_request_set_text (request, "user.organization", "Upstate University Hospital");
  roster_request_set_boolean (request, "submitter.is_user", FALSE);
  roster_request_set_text (request, "submitter.name", "Pat Lee");
  roster_request_set_text (request, "submitter.email", "pat.lee@upstate.example.org");
  roster_request_set_text (request, "termination.effective_date", date);
  roster_request_set_text (request, "termination.reason", "left_organization");
  roster_request_set_boolean (request, "attestation.authorized", TRUE);

  return request;
}

void
test_get_fixed_today (GDate *today)
{
  g_date_clear (today, 1);
  g_date_set_dmy (today, 25, G_DATE_NOVEMBER, 2026);
}

/* "a, b[0].npi, c": the issues' paths in order, for one-line asserts. */
char *
test_issue_paths (GPtrArray *issues)
{
  GString *paths = g_string_new (NULL);

  for (guint i = 0; i < issues->len; i++)
    {
      const RosterIssue *issue = g_ptr_array_index (issues, i);

      if (i > 0)
        g_string_append (paths, ", ");
      g_string_append (paths, issue->path);
    }

  return g_string_free (paths, FALSE);
}

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
