/* test-gui-fixtures.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-fixtures.h"
#include "test-gui-fixtures.h"

/* Drafts go to a scratch store, never to the user's. Call before the
 * first window opens. */
void
test_use_scratch_data_dir (void)
{
  g_autofree char *scratch = test_make_scratch_dir ("roster-gui-XXXXXX");

  g_setenv ("HIE_ROSTER_DATA_DIR", scratch, TRUE);
}

/* Registered in place of the tests when gtk_init_check() fails. */
void
test_skip_without_display (void)
{
  g_test_skip ("No display to open windows on");
}

/* A new request in the window's editor, as "New Request" makes one. */
RosterRequestEditor *
test_open_new_request (RosterWindow *window)
{
  RosterMainView *view = roster_window_get_main_view (window);

  roster_main_view_start_request (view, roster_form_get_account_change ());
  return roster_main_view_get_editor (view);
}

/* The row of a boxed list with that title, anywhere under @widget. */
AdwActionRow *
test_find_action_row (GtkWidget  *widget,
                 const char *title)
{
  if (ADW_IS_ACTION_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return ADW_ACTION_ROW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      AdwActionRow *found = test_find_action_row (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The "which request?" dialog + and Ctrl+N open, while it is shown. */
GtkWidget *
test_find_chooser (RosterWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return GTK_WIDGET (toplevel);
    }

  return NULL;
}

/* Fills @editor's request with @filled's answers, through the model, as
 * typing them would. */
void
test_copy_answers (RosterRequest *filled,
                   RosterRequest *request)
{
  const RosterForm *form = roster_request_get_form (filled);

  for (guint i = 0; i < roster_form_get_n_fields (form); i++)
    {
      const RosterField *field = roster_form_get_field (form, i);

      if (!roster_request_has_answer (filled, field->id))
        continue;

      if (field->type == ROSTER_FIELD_BOOLEAN)
        roster_request_set_boolean (request, field->id, roster_request_get_boolean (filled, field->id));
      else if (field->type == ROSTER_FIELD_PROVIDER_LIST)
        for (guint r = 0; r < roster_request_get_n_rows (filled, field->id); r++)
          {
            const RosterProvider *row = roster_request_get_row (filled, field->id, r);
            roster_request_insert_row (request, field->id, -1, row->name, row->npi);
          }
      else
        roster_request_set_text (request, field->id, roster_request_get_text (filled, field->id));
    }
}

void
test_wait_until_mapped (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  g_assert_true (gtk_widget_get_mapped (widget));
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* Waits (at most 10 s) for @widget's window to paint its next frame, so
 * that a figure includes layout and drawing. */
void
test_wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_widget_realize (widget);
  clock = gtk_widget_get_frame_clock (widget);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  while (!painted && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_signal_handler_disconnect (clock, handler);
}

/* The first open window of @type, or NULL. */
GtkWindow *
test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return GTK_WINDOW (window);
    }

  return NULL;
}
