/* test-translation.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The editor in Spanish. meson runs this with LANGUAGE=es, LC_ALL=C.UTF-8
 * (always installed, and gettext honours LANGUAGE under it) and
 * ROSTER_LOCALEDIR pointing at the catalogs compiled in the build folder.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "roster-application.h"
#include "roster-window.h"
#include "test-gui-fixtures.h"

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static void
collect_labels (GtkWidget  *widget,
                GPtrArray  *texts)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

static gboolean
has_text (GPtrArray  *texts,
          const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (texts->pdata[i], text) == 0)
      return TRUE;

  return FALSE;
}

static void
test_editor_in_spanish (void)
{
  g_autoptr(RosterApplication) app = roster_application_new ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gint64 deadline;
  RosterWindow *window;

  /* The catalog itself, before any widget. */
  g_assert_cmpstr (_("Request"), ==, "Solicitud");

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  window = roster_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!widget_is_mapped (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));

  /* The list's own words, then a new request's editor. */
  collect_labels (GTK_WIDGET (window), texts);
  g_assert_true (has_text (texts, "Todavía no hay solicitudes") || has_text (texts, "Borradores"));
  g_ptr_array_set_size (texts, 0);

  roster_main_view_start_request (roster_window_get_main_view (window), roster_form_get_account_change ());
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline &&
         !gtk_widget_get_mapped (GTK_WIDGET (roster_main_view_get_editor (roster_window_get_main_view (window)))))
    g_main_context_iteration (NULL, FALSE);

  collect_labels (GTK_WIDGET (window), texts);

  /* Step titles from the form definition (src/core), the editor's own
   * template strings, and the form's field labels. */
  g_assert_true (has_text (texts, "Solicitud"));
  g_assert_true (has_text (texts, "Información del usuario"));
  g_assert_true (has_text (texts, "Pasos"));
  g_assert_true (has_text (texts, "Siguiente"));
  g_assert_true (has_text (texts, "¿Qué debe cambiar?"));
  g_assert_false (has_text (texts, "Next"));
  g_assert_false (has_text (texts, "User Information"));
  g_assert_true (has_text (texts, "Empezar una solicitud de usuario nuevo"));
  g_ptr_array_set_size (texts, 0);

  /* The New User Request, from its own table, in Spanish too. */
  roster_main_view_start_request (roster_window_get_main_view (window), roster_form_get_new_user ());
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline &&
         !gtk_widget_get_mapped (GTK_WIDGET (roster_main_view_get_editor (roster_window_get_main_view (window)))))
    g_main_context_iteration (NULL, FALSE);

  collect_labels (GTK_WIDGET (window), texts);
  g_assert_true (has_text (texts, "Información del usuario"));
  g_assert_true (has_text (texts, "Formación y uso aceptable"));
  g_assert_true (has_text (texts, "Puesto"));
  g_assert_false (has_text (texts, "Job title"));
  /* Regression: the fields both forms share are declared in a header
   * (roster-form-common.h), which the catalog once left out. */
  g_assert_true (has_text (texts, "Teléfono del trabajo"));
  g_assert_false (has_text (texts, "Work phone"));
  g_assert_false (has_text (texts, "Training and Acceptable Use"));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  roster_application_init_i18n ();
  g_test_init (&argc, &argv, NULL);

  test_use_scratch_data_dir ();

  if (!gtk_init_check ())
    {
      g_test_add_func ("/translation/skipped", test_skip_without_display);
      return g_test_run ();
    }

  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/translation/editor-in-spanish", test_editor_in_spanish);

  return g_test_run ();
}
