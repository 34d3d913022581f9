/* test-field-ids.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The form tables are the single source of truth: what the app needs to
 * know about a form's fields it asks the table (roles, types, rules), so
 * a new form is a table and nothing else. This test reads every source
 * file under src/ and fails when one of them names a field id of any form
 * and is not a form table (src/core/roster-form-*.c, and
 * roster-form-common.h for what the forms share).
 *
 * A field id counts as named when it appears as a string literal ("user.email",
 * "changed::user.email", "comments") or, for ids with a dot, anywhere as a
 * word, comments included: a comment that explains code by a field id is
 * code that knows the field.
 */

#include "config.h"

#include <string.h>

#include "roster-form.h"

static gboolean
is_table (const char *basename)
{
  return g_str_has_prefix (basename, "roster-form-") &&
         (g_str_has_suffix (basename, ".c") || g_str_has_suffix (basename, ".h"));
}

static gboolean
is_source (const char *basename)
{
  return g_str_has_suffix (basename, ".c") || g_str_has_suffix (basename, ".h") ||
         g_str_has_suffix (basename, ".ui") || g_str_has_suffix (basename, ".xml") ||
         g_str_has_suffix (basename, ".in") || g_str_has_suffix (basename, ".css");
}

static void
collect_sources (const char *directory,
                 GPtrArray  *paths)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  if (!(dir = g_dir_open (directory, 0, &error)))
    g_error ("%s: %s", directory, error->message);

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (directory, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_sources (path, paths);
      else if (is_source (name) && !is_table (name))
        g_ptr_array_add (paths, g_steal_pointer (&path));
    }
}

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '.';
}

/* Whether @text names @id: quoted (after a quote or a "::" detail), or
 * for a dotted id as a whole word. */
static gboolean
names_field (const char *text,
             const char *id)
{
  gsize length = strlen (id);
  gboolean dotted = strchr (id, '.') != NULL;

  for (const char *hit = strstr (text, id); hit != NULL; hit = strstr (hit + 1, id))
    {
      char before = hit == text ? '\0' : hit[-1];
      char after = hit[length];

      /* An XML attribute value (<attribute name="action">) is markup. */
      if (after == '"' && (before == ':' ||
                           (before == '"' && !(hit - text >= 2 && hit[-2] == '='))))
        return TRUE;

      /* "delegation.alerts[1].npi" names delegation.alerts too. */
      if (dotted && !is_word_char (before) && (!is_word_char (after) || after == '.') &&
          !(after == '.' && is_word_char (hit[length + 1])))
        return TRUE;
    }

  return FALSE;
}

static void
test_no_field_ids_outside_tables (void)
{
  g_autofree char *src = g_test_build_filename (G_TEST_DIST, "..", "src", NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) found = g_string_new (NULL);
  guint n_ids = 0;

  collect_sources (src, paths);
  g_assert_cmpuint (paths->len, >, 50);

  for (guint p = 0; p < paths->len; p++)
    {
      const char *path = g_ptr_array_index (paths, p);
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_file_get_contents (path, &text, NULL, &error))
        g_error ("%s: %s", path, error->message);

      for (const RosterForm * const *form = roster_form_get_all (); *form != NULL; form++)
        {
          for (guint i = 0; i < roster_form_get_n_fields (*form); i++)
            {
              const char *id = roster_form_get_field (*form, i)->id;

              if (p == 0)
                n_ids++;
              if (names_field (text, id))
                g_string_append_printf (found, "%s names the field “%s” of %s\n", path, id, (*form)->id);
            }
        }
    }

  g_assert_cmpuint (n_ids, >, 50);
  if (found->len > 0)
    g_error ("field ids outside the form tables — ask the table for a role instead:\n%s", found->str);
}

/* The check itself finds what it must, and only that. */
static void
test_names_field (void)
{
  g_assert_true (names_field ("get_text (request, \"user.email\")", "user.email"));
  g_assert_true (names_field ("\"changed::user.email\"", "user.email"));
  g_assert_true (names_field ("/* reads user.email first */", "user.email"));
  g_assert_true (names_field ("like delegation.alerts[0].npi", "delegation.alerts"));
  g_assert_true (names_field ("(\"comments\")", "comments"));
  g_assert_false (names_field ("the comments say", "comments"));
  g_assert_false (names_field ("<attribute name=\"action\">", "action"));
  g_assert_false (names_field ("\"submitter.email_hint\"", "submitter.email"));
  g_assert_false (names_field ("self->user.email_count", "user.email"));
  g_assert_false (names_field ("xuser.email", "user.email"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/field-ids/check", test_names_field);
  g_test_add_func ("/field-ids/none-outside-tables", test_no_field_ids_outside_tables);

  return g_test_run ();
}
