/* test-gui-fixtures.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "roster-field-widget.h"

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

/* The window as painted now, as 32-bit pixels (caller frees). */
static guchar *
paint_window (GtkWidget *window,
              int       *width,
              int       *height)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  guchar *pixels;

  test_wait_for_frame (window);
  paintable = gtk_widget_paintable_new (window);
  *width = gtk_widget_get_width (window);
  *height = gtk_widget_get_height (window);
  gdk_paintable_snapshot (paintable, snapshot, *width, *height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  pixels = g_malloc ((gsize) *width * *height * 4);
  gdk_texture_download (texture, pixels, (gsize) *width * 4);
  return pixels;
}

/* Whether any pixel of @area, widened by @margin, differs. */
static gboolean
differs_within (const guchar          *a,
                const guchar          *b,
                int                    width,
                int                    height,
                const graphene_rect_t *area,
                int                    margin)
{
  int x0 = MAX (0, (int) area->origin.x - margin);
  int y0 = MAX (0, (int) area->origin.y - margin);
  int x1 = MIN (width, (int) (area->origin.x + area->size.width) + margin);
  int y1 = MIN (height, (int) (area->origin.y + area->size.height) + margin);

  for (int y = y0; y < y1; y++)
    if (x1 > x0 && memcmp (a + ((gsize) y * width + x0) * 4, b + ((gsize) y * width + x0) * 4, (gsize) (x1 - x0) * 4) != 0)
      return TRUE;

  return FALSE;
}

static char *
describe_widget (GtkWidget *widget)
{
  GtkWidget *field = widget;

  while (field != NULL && !ROSTER_IS_FIELD_WIDGET (field))
    field = gtk_widget_get_parent (field);

  return g_strdup_printf ("%s%s%s", G_OBJECT_TYPE_NAME (widget),
                          field != NULL ? " in the field " : "",
                          field != NULL ? roster_field_widget_get_field (ROSTER_FIELD_WIDGET (field))->id : "");
}

/**
 * test_assert_focus_visible_round:
 *
 * Visible focus (WCAG 2.4.7): from the focus, Tab round the window; at
 * each stop, the control looks different with the focus than without it
 * (its focus ring, or a text field's cursor and outline), and Tab comes
 * back round to where it started. Animations and the cursor's blinking
 * are off meanwhile, so each picture is the state itself.
 */
void
test_assert_focus_visible_round (GtkWindow  *toplevel,
                                 const char *where)
{
  GtkSettings *settings = gtk_settings_get_default ();
  GtkWidget *window = GTK_WIDGET (toplevel);
  GtkWidget *start = gtk_root_get_focus (GTK_ROOT (window));
  GtkWidget *focus = start;
  gboolean animations, blink;
  guint stops = 0;

  g_assert_nonnull (start);
  g_object_get (settings, "gtk-enable-animations", &animations, "gtk-cursor-blink", &blink, NULL);
  g_object_set (settings, "gtk-enable-animations", FALSE, "gtk-cursor-blink", FALSE, NULL);
  gtk_window_set_focus_visible (GTK_WINDOW (window), TRUE);
  do
    {
      g_autofree guchar *focused = NULL;
      g_autofree guchar *unfocused = NULL;
      graphene_rect_t bounds;
      int width, height;

      focused = paint_window (window, &width, &height);
      g_assert_true (gtk_widget_compute_bounds (focus, window, &bounds));
      gtk_window_set_focus (GTK_WINDOW (window), NULL);
      unfocused = paint_window (window, &width, &height);
      if (!differs_within (focused, unfocused, width, height, &bounds, 4))
        {
          g_autofree char *what = describe_widget (focus);

          g_test_fail_printf ("%s: the focus on a %s (stop %u, at %.0f,%.0f) does not show",
                              where, what, stops + 1, bounds.origin.x, bounds.origin.y);
        }

      gtk_widget_grab_focus (focus);
      gtk_window_set_focus_visible (GTK_WINDOW (window), TRUE);
      gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD);
      for (guint i = 0; i < 30; i++)
        g_main_context_iteration (NULL, FALSE);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_nonnull (focus);
      g_assert_true (gtk_widget_get_mapped (focus));
    }
  while (focus != start && ++stops < 120);

  g_assert_true (focus == start);
  g_test_message ("%s: %u stops, each focus visible", where, stops + 1);
  g_object_set (settings, "gtk-enable-animations", animations, "gtk-cursor-blink", blink, NULL);
}
