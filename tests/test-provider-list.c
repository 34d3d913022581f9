/* test-provider-list.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The provider list editor in a real window, driven the way an
 * administrator drives it: buttons, shortcuts, typing; and checked the way
 * they would see it: which row has focus, what is mapped, what is red.
 */

#include "config.h"

#include <adwaita.h>

#include "roster-form.h"
#include "roster-provider-list.h"
#include "roster-request.h"
#include "roster-rules.h"
#include "test-gui-fixtures.h"

#define FIELD_ID "delegation.alerts"

typedef struct
{
  RosterRequest      *request;
  const RosterField  *field;
  GtkWindow          *window;
  RosterProviderList *list;
  guint               n_touched;
} Fixture;

static void
spin_until (gboolean (*done) (gpointer),
            gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
flag_set (gpointer flag)
{
  return *(gboolean *) flag;
}

/* Lets pending layout and idle work run, without waiting on anything. */
static void
spin_briefly (void)
{
  gint64 deadline = g_get_monotonic_time () + 50 * 1000;

  while (g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *done)
{
  *done = TRUE;
}

/* Waits for the next frame to be painted, so a figure includes layout
 * and drawing, not just the widget tree changes. */
static void
wait_for_paint (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean done = FALSE;
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &done);
  gtk_widget_queue_draw (widget);
  spin_until (flag_set, &done);
  g_signal_handler_disconnect (clock, handler);
  g_assert_true (done);
}

static void
clicked_cb (GtkButton *button,
            gboolean  *clicked)
{
  *clicked = TRUE;
}

/* Presses @button as Space or Enter would. GTK 4 shows the button pressed
 * for a moment and emits ::clicked only after that, so wait for it. */
static void
press_button (GtkWidget *widget)
{
  /* Remove destroys its own button. */
  g_autoptr(GtkWidget) button = g_object_ref (widget);
  gboolean clicked = FALSE;
  gulong handler;

  g_assert_true (gtk_widget_is_sensitive (button));
  handler = g_signal_connect (button, "clicked", G_CALLBACK (clicked_cb), &clicked);
  g_assert_true (gtk_widget_activate (button));
  spin_until (flag_set, &clicked);
  g_signal_handler_disconnect (button, handler);
  g_assert_true (clicked);
}

static GtkWidget *
find_button_with_action (GtkWidget  *widget,
                         const char *action_name)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_with_action (child, action_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_label_with_text (GtkWidget  *widget,
                      const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_with_text (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_list_view (GtkWidget *widget)
{
  if (GTK_IS_GRID_VIEW (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list_view (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
get_focus (Fixture *fixture)
{
  return gtk_root_get_focus (GTK_ROOT (fixture->window));
}

static gboolean
has_focus_within (Fixture   *fixture,
                  GtkWidget *widget)
{
  GtkWidget *focus = get_focus (fixture);

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static RosterProviderRow *
get_row (Fixture *fixture,
         guint    position)
{
  RosterProviderRow *row = roster_provider_list_get_row (fixture->list, position);

  g_assert_nonnull (row);
  return row;
}

static GtkWidget *
get_cell (Fixture    *fixture,
          guint       position,
          const char *cell)
{
  return roster_provider_row_get_cell (get_row (fixture, position), cell);
}

static GtkWidget *
get_add_button (Fixture *fixture)
{
  GtkWidget *button = find_button_with_action (GTK_WIDGET (fixture->list), "provider-list.add");

  g_assert_nonnull (button);
  return button;
}

/* The request's rows and the widgets agree, in order, and each widget
 * knows its position. */
static void
assert_rows_match (Fixture *fixture)
{
  guint n_rows = roster_request_get_n_rows (fixture->request, FIELD_ID);

  for (guint i = 0; i < n_rows; i++)
    {
      const RosterProvider *provider = roster_request_get_row (fixture->request, FIELD_ID, i);
      RosterProviderRow *row = get_row (fixture, i);

      g_assert_cmpstr (roster_provider_row_get_name (row), ==, provider->name);
      g_assert_cmpstr (roster_provider_row_get_npi (row), ==, provider->npi);
      g_assert_cmpuint (roster_provider_row_get_position (row), ==, i);
      /* Shown in that place: right after the row before it (each row
       * sits in an item widget of the list view's). */
      if (i > 0)
        g_assert_true (gtk_widget_get_next_sibling (gtk_widget_get_parent (GTK_WIDGET (get_row (fixture, i - 1)))) ==
                       gtk_widget_get_parent (GTK_WIDGET (row)));
    }
  g_assert_null (roster_provider_list_get_row (fixture->list, n_rows));
}

static void
assert_order (Fixture    *fixture,
              const char *names)
{
  g_auto(GStrv) expected = g_strsplit (names, ",", -1);
  guint n_rows = roster_request_get_n_rows (fixture->request, FIELD_ID);

  g_assert_cmpuint (n_rows, ==, g_strv_length (expected));
  for (guint i = 0; i < n_rows; i++)
    g_assert_cmpstr (roster_request_get_row (fixture->request, FIELD_ID, i)->name, ==, expected[i]);
  assert_rows_match (fixture);
}

static void
touched_cb (RosterFieldWidget *widget,
            Fixture           *fixture)
{
  fixture->n_touched++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *names = data;
  GtkWidget *scrolled;

  fixture->request = roster_request_new (roster_form_get_account_change ());
  fixture->field = roster_form_lookup_field (roster_form_get_account_change (), FIELD_ID);
  g_assert_nonnull (fixture->field);

  if (names != NULL)
    {
      g_auto(GStrv) split = g_strsplit (names, ",", -1);

      for (guint i = 0; split[i] != NULL; i++)
        {
          g_autofree char *npi = g_strdup_printf ("%010u", i);
          roster_request_insert_row (fixture->request, FIELD_ID, -1, split[i], npi);
        }
    }

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 700, 500);
  fixture->list = ROSTER_PROVIDER_LIST (roster_provider_list_new (fixture->request, fixture->field));
  g_signal_connect (fixture->list, "touched", G_CALLBACK (touched_cb), fixture);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (fixture->list));
  gtk_window_set_child (fixture->window, scrolled);
  gtk_window_present (fixture->window);
  test_wait_until_mapped (GTK_WIDGET (fixture->list));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  spin_briefly ();
  g_clear_object (&fixture->request);
}

static void
test_empty_then_add (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *placeholder = find_label_with_text (GTK_WIDGET (fixture->list), "No providers yet");
  GtkWidget *add_button = get_add_button (fixture);
  GtkWidget *title = find_label_with_text (GTK_WIDGET (fixture->list), fixture->field->label);
  RosterProviderRow *first;

  g_assert_nonnull (title);
  g_assert_true (gtk_widget_get_mapped (title));
  g_assert_true (gtk_widget_get_mapped (placeholder));
  g_assert_true (gtk_widget_get_mapped (add_button));
  g_assert_true (gtk_button_get_use_underline (GTK_BUTTON (add_button)) ||
                 find_label_with_text (add_button, "Add Provider") != NULL);

  /* A screen reader tells this list's Add button from the other list's,
   * and hears the list's help. */
  {
    g_autofree char *add_name = g_strdup_printf ("Add Provider to “%s”", fixture->field->label);
    GtkWidget *list_box = find_list_view (GTK_WIDGET (fixture->list));

    gtk_test_accessible_assert_property (add_button, GTK_ACCESSIBLE_PROPERTY_LABEL, add_name);
    gtk_test_accessible_assert_property (GTK_WIDGET (fixture->list), GTK_ACCESSIBLE_PROPERTY_LABEL, fixture->field->label);
    g_assert_nonnull (list_box);
    gtk_test_accessible_assert_property (list_box, GTK_ACCESSIBLE_PROPERTY_LABEL, fixture->field->label);
    if (fixture->field->help != NULL)
      gtk_test_accessible_assert_property (list_box, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, fixture->field->help);
  }

  press_button (add_button);
  spin_briefly ();

  g_assert_cmpuint (roster_request_get_n_rows (fixture->request, FIELD_ID), ==, 1);
  first = get_row (fixture, 0);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (first)));
  g_assert_false (gtk_widget_get_mapped (placeholder));
  g_assert_true (has_focus_within (fixture, get_cell (fixture, 0, "name")));
  assert_rows_match (fixture);

  /* A single row can be neither moved up nor down. */
  g_assert_false (gtk_widget_is_sensitive (get_cell (fixture, 0, "move-up")));
  g_assert_false (gtk_widget_is_sensitive (get_cell (fixture, 0, "move-down")));
  g_assert_true (gtk_widget_is_sensitive (get_cell (fixture, 0, "remove")));

  /* The second row goes after the first, and takes focus. */
  press_button (add_button);
  g_assert_cmpuint (roster_request_get_n_rows (fixture->request, FIELD_ID), ==, 2);
  g_assert_true (get_row (fixture, 0) == first);
  g_assert_true (has_focus_within (fixture, get_cell (fixture, 1, "name")));
  g_assert_true (gtk_widget_is_sensitive (get_cell (fixture, 0, "move-down")));
  g_assert_true (gtk_widget_is_sensitive (get_cell (fixture, 1, "move-up")));
  assert_rows_match (fixture);
}

static void
test_typing_writes_rows (Fixture       *fixture,
                         gconstpointer  data)
{
  RosterProviderRow *row = get_row (fixture, 1);
  GtkWidget *name = get_cell (fixture, 1, "name");
  GtkWidget *npi = get_cell (fixture, 1, "npi");
  const RosterProvider *provider;

  gtk_widget_grab_focus (name);
  gtk_editable_set_text (GTK_EDITABLE (name), "Dr. Jane Smith");
  gtk_editable_set_position (GTK_EDITABLE (name), 4);
  gtk_editable_set_text (GTK_EDITABLE (npi), "1234567893");

  provider = roster_request_get_row (fixture->request, FIELD_ID, 1);
  g_assert_cmpstr (provider->name, ==, "Dr. Jane Smith");
  g_assert_cmpstr (provider->npi, ==, "1234567893");

  /* The row being typed in is the same widget, with focus and cursor
   * where they were. */
  g_assert_true (get_row (fixture, 1) == row);
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (name)), ==, 4);
  assert_order (fixture, "A,Dr. Jane Smith,C");
}

static void
test_move_with_buttons (Fixture       *fixture,
                        gconstpointer  data)
{
  RosterProviderRow *c = get_row (fixture, 2);
  GtkWidget *move_up = get_cell (fixture, 2, "move-up");
  guint n_touched = fixture->n_touched;

  g_assert_false (gtk_widget_is_sensitive (get_cell (fixture, 0, "move-up")));
  g_assert_false (gtk_widget_is_sensitive (get_cell (fixture, 2, "move-down")));

  gtk_widget_grab_focus (move_up);
  press_button (move_up);
  spin_briefly ();

  assert_order (fixture, "A,C,B");
  g_assert_true (get_row (fixture, 1) == c);
  g_assert_true (has_focus_within (fixture, move_up));
  g_assert_cmpuint (fixture->n_touched, ==, n_touched + 1);
  g_assert_true (gtk_widget_is_sensitive (get_cell (fixture, 2, "move-up")));
  g_assert_false (gtk_widget_is_sensitive (get_cell (fixture, 2, "move-down")));

  press_button (move_up);
  spin_briefly ();

  assert_order (fixture, "C,A,B");
  g_assert_true (get_row (fixture, 0) == c);
  /* At the top, Move Up no longer applies: focus went to Move Down
   * rather than being lost. */
  g_assert_false (gtk_widget_is_sensitive (move_up));
  g_assert_true (has_focus_within (fixture, get_cell (fixture, 0, "move-down")));

  press_button (get_cell (fixture, 0, "move-down"));
  assert_order (fixture, "A,C,B");
  g_assert_true (get_row (fixture, 1) == c);
  g_assert_true (has_focus_within (fixture, get_cell (fixture, 1, "move-down")));
}

/* Activates @accelerator the way the row's shortcut controller would
 * when the key is pressed inside it. */
static void
press_shortcut (GtkWidget  *row,
                const char *accelerator)
{
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accelerator);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (row);
  gboolean activated = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !activated; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      /* Capture phase: the entries must not get Alt+Up first. */
      g_assert_cmpint (gtk_event_controller_get_propagation_phase (controller), ==, GTK_PHASE_CAPTURE);

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            {
              activated = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                        GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                                        row, NULL);
              break;
            }
        }
    }

  g_assert_true (activated);
}

static void
test_move_with_keyboard (Fixture       *fixture,
                         gconstpointer  data)
{
  RosterProviderRow *a = get_row (fixture, 0);
  GtkWidget *npi = get_cell (fixture, 0, "npi");

  gtk_widget_grab_focus (npi);
  gtk_editable_set_position (GTK_EDITABLE (npi), 3);

  press_shortcut (GTK_WIDGET (a), "<Alt>Down");
  spin_briefly ();
  assert_order (fixture, "B,A,C");
  g_assert_true (get_row (fixture, 1) == a);
  g_assert_true (has_focus_within (fixture, npi));
  /* Still typing where they were: nothing got selected, the cursor did
   * not move. */
  g_assert_false (gtk_editable_get_selection_bounds (GTK_EDITABLE (npi), NULL, NULL));
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (npi)), ==, 3);

  press_shortcut (GTK_WIDGET (a), "<Alt>Down");
  assert_order (fixture, "B,C,A");
  g_assert_true (has_focus_within (fixture, npi));

  press_shortcut (GTK_WIDGET (a), "<Alt>Up");
  press_shortcut (GTK_WIDGET (a), "<Alt>Up");
  assert_order (fixture, "A,B,C");
  g_assert_true (get_row (fixture, 0) == a);
  g_assert_true (has_focus_within (fixture, npi));

  /* At the top, Alt+Up does nothing (the action is disabled). */
  gtk_widget_activate_action (GTK_WIDGET (a), "provider-row.move-up", NULL);
  assert_order (fixture, "A,B,C");
}

static void
test_remove_moves_focus (Fixture       *fixture,
                         gconstpointer  data)
{
  RosterProviderRow *c = get_row (fixture, 2);
  guint n_touched = fixture->n_touched;

  gtk_widget_grab_focus (get_cell (fixture, 1, "remove"));
  press_button (get_cell (fixture, 1, "remove"));
  spin_briefly ();
  assert_order (fixture, "A,C");
  g_assert_true (get_row (fixture, 1) == c);
  g_assert_true (has_focus_within (fixture, get_cell (fixture, 1, "name")));
  g_assert_cmpuint (fixture->n_touched, ==, n_touched + 1);

  /* Removing the last row: focus goes to the one before. */
  press_button (get_cell (fixture, 1, "remove"));
  assert_order (fixture, "A");
  g_assert_true (has_focus_within (fixture, get_cell (fixture, 0, "name")));

  /* Removing the only row: focus goes to Add. */
  press_button (get_cell (fixture, 0, "remove"));
  spin_briefly ();
  g_assert_cmpuint (roster_request_get_n_rows (fixture->request, FIELD_ID), ==, 0);
  g_assert_true (has_focus_within (fixture, get_add_button (fixture)));
  g_assert_true (gtk_widget_get_mapped (find_label_with_text (GTK_WIDGET (fixture->list),
                                                              "No providers yet")));
}

static void
test_external_changes (Fixture       *fixture,
                       gconstpointer  data)
{
  RosterProviderRow *a = get_row (fixture, 0);
  RosterProviderRow *b = get_row (fixture, 1);
  RosterProviderRow *c = get_row (fixture, 2);
  RosterProviderRow *z;

  roster_request_insert_row (fixture->request, FIELD_ID, 1, "Z", "1234567893");
  spin_briefly ();
  assert_order (fixture, "A,Z,B,C");
  z = get_row (fixture, 1);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (z)));
  g_assert_true (get_row (fixture, 0) == a && get_row (fixture, 2) == b && get_row (fixture, 3) == c);
  g_assert_true (gtk_widget_is_sensitive (get_cell (fixture, 2, "move-down")));

  /* A move from elsewhere (an undo) moves the widget, not the texts. */
  roster_request_move_row (fixture->request, FIELD_ID, 3, 0);
  assert_order (fixture, "C,A,Z,B");
  g_assert_true (get_row (fixture, 0) == c && get_row (fixture, 1) == a &&
                 get_row (fixture, 2) == z && get_row (fixture, 3) == b);

  roster_request_move_row (fixture->request, FIELD_ID, 1, 2);
  assert_order (fixture, "C,Z,A,B");
  g_assert_true (get_row (fixture, 1) == z && get_row (fixture, 2) == a);

  roster_request_set_row (fixture->request, FIELD_ID, 2, "A2", "");
  assert_order (fixture, "C,Z,A2,B");
  g_assert_true (get_row (fixture, 2) == a);

  roster_request_remove_row (fixture->request, FIELD_ID, 0);
  assert_order (fixture, "Z,A2,B");
  g_assert_false (gtk_widget_is_sensitive (get_cell (fixture, 0, "move-up")));

  roster_request_clear_answer (fixture->request, FIELD_ID);
  spin_briefly ();
  g_assert_null (roster_provider_list_get_row (fixture->list, 0));
  g_assert_true (gtk_widget_get_mapped (find_label_with_text (GTK_WIDGET (fixture->list),
                                                              "No providers yet")));
}

static void
test_sync (Fixture       *fixture,
           gconstpointer  data)
{
  RosterProviderRow *a = get_row (fixture, 0);

  /* sync with nothing changed keeps every widget (it runs right after
   * construction too). */
  roster_field_widget_sync (ROSTER_FIELD_WIDGET (fixture->list));
  g_assert_true (get_row (fixture, 0) == a);
  assert_order (fixture, "A,B,C");

  g_signal_handlers_block_matched (fixture->request, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, fixture->list);
  roster_request_remove_row (fixture->request, FIELD_ID, 2);
  roster_request_set_row (fixture->request, FIELD_ID, 0, "A1", "");
  g_signal_handlers_unblock_matched (fixture->request, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, fixture->list);

  roster_field_widget_sync (ROSTER_FIELD_WIDGET (fixture->list));
  assert_order (fixture, "A1,B");
  g_assert_false (gtk_widget_is_sensitive (get_cell (fixture, 1, "move-down")));
}

static GPtrArray *
make_issues (void)
{
  GPtrArray *issues = roster_issue_list_new ();

  g_ptr_array_add (issues, roster_issue_new (FIELD_ID, 1, "npi",
                                             "This NPI’s last digit doesn’t match — check the number."));
  g_ptr_array_add (issues, roster_issue_new (FIELD_ID, -1, NULL,
                                             "This NPI appears twice in the list."));
  return issues;
}

static void
test_issues (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) issues = make_issues ();
  g_autoptr(GPtrArray) none = roster_issue_list_new ();
  RosterIssue *cell_issue = g_ptr_array_index (issues, 0);
  RosterIssue *list_issue = g_ptr_array_index (issues, 1);
  GtkWidget *npi = get_cell (fixture, 1, "npi");
  GtkWidget *cell_message;
  GtkWidget *list_message;

  roster_field_widget_show_issues (ROSTER_FIELD_WIDGET (fixture->list), issues);
  spin_briefly ();

  g_assert_true (gtk_widget_has_css_class (npi, "error"));
  g_assert_false (gtk_widget_has_css_class (get_cell (fixture, 1, "name"), "error"));
  g_assert_false (gtk_widget_has_css_class (get_cell (fixture, 0, "npi"), "error"));

  cell_message = find_label_with_text (GTK_WIDGET (get_row (fixture, 1)), cell_issue->message);
  g_assert_nonnull (cell_message);
  g_assert_true (gtk_widget_get_mapped (cell_message));
  g_assert_true (gtk_widget_has_css_class (cell_message, "error"));
  gtk_test_accessible_assert_property (npi, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, cell_issue->message);
  gtk_test_accessible_assert_state (npi, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);

  list_message = find_label_with_text (GTK_WIDGET (fixture->list), list_issue->message);
  g_assert_nonnull (list_message);
  g_assert_true (gtk_widget_get_mapped (list_message));
  g_assert_true (gtk_widget_has_css_class (list_message, "error"));

  /* Focus jumps to the cell, for Review's links. */
  g_assert_true (roster_field_widget_focus_issue (ROSTER_FIELD_WIDGET (fixture->list), cell_issue));
  g_assert_true (has_focus_within (fixture, npi));
  g_assert_true (roster_field_widget_focus_issue (ROSTER_FIELD_WIDGET (fixture->list), list_issue));
  g_assert_true (has_focus_within (fixture, get_cell (fixture, 0, "name")));

  roster_field_widget_show_issues (ROSTER_FIELD_WIDGET (fixture->list), none);
  spin_briefly ();
  g_assert_false (gtk_widget_has_css_class (npi, "error"));
  g_assert_false (gtk_widget_get_mapped (cell_message));
  g_assert_false (gtk_widget_get_mapped (list_message));
  gtk_test_accessible_assert_state (npi, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_FALSE);
}

static void
test_focus_leaving_row_touches (Fixture       *fixture,
                                gconstpointer  data)
{
  guint n_touched;

  gtk_widget_grab_focus (get_cell (fixture, 0, "name"));
  n_touched = fixture->n_touched;

  /* Within a row: not done with it yet. */
  gtk_widget_grab_focus (get_cell (fixture, 0, "npi"));
  g_assert_cmpuint (fixture->n_touched, ==, n_touched);

  gtk_widget_grab_focus (get_cell (fixture, 1, "name"));
  g_assert_cmpuint (fixture->n_touched, ==, n_touched + 1);
}

static void
test_tab_order (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const order[] = { "name", "npi", "move-down", "remove" };

  /* Row 0's Move Up is insensitive, so Tab skips it. */
  gtk_widget_grab_focus (get_cell (fixture, 0, "name"));
  for (guint i = 1; i < G_N_ELEMENTS (order); i++)
    {
      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
      g_assert_true (has_focus_within (fixture, get_cell (fixture, 0, order[i])));
    }

  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
  g_assert_true (has_focus_within (fixture, get_cell (fixture, 1, "name")));
}

static void
test_accessible_labels (Fixture       *fixture,
                        gconstpointer  data)
{
  RosterProviderRow *c = get_row (fixture, 2);
  GtkWidget *name = get_cell (fixture, 2, "name");
  GtkWidget *npi = get_cell (fixture, 2, "npi");

  gtk_test_accessible_assert_property (name, GTK_ACCESSIBLE_PROPERTY_LABEL, "Provider 3 name");
  gtk_test_accessible_assert_property (npi, GTK_ACCESSIBLE_PROPERTY_LABEL, "Provider 3 NPI");
  gtk_test_accessible_assert_property (get_cell (fixture, 2, "move-up"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Move provider 3 up");
  gtk_test_accessible_assert_property (get_cell (fixture, 2, "move-down"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Move provider 3 down");
  gtk_test_accessible_assert_property (get_cell (fixture, 2, "remove"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Remove provider 3");
  gtk_test_accessible_assert_role (name, GTK_ACCESSIBLE_ROLE_TEXT_BOX);

  gtk_widget_activate_action (GTK_WIDGET (c), "provider-row.move-up", NULL);
  g_assert_true (get_row (fixture, 1) == c);
  gtk_test_accessible_assert_property (name, GTK_ACCESSIBLE_PROPERTY_LABEL, "Provider 2 name");
  gtk_test_accessible_assert_property (npi, GTK_ACCESSIBLE_PROPERTY_LABEL, "Provider 2 NPI");
  gtk_test_accessible_assert_property (get_cell (fixture, 2, "name"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Provider 3 name");

  /* The row itself says where it is among how many, as they change. */
  {
    guint n_rows = roster_request_get_n_rows (fixture->request, FIELD_ID);
    g_autofree char *second = g_strdup_printf ("Provider 2 of %u", n_rows);
    g_autofree char *second_after = g_strdup_printf ("Provider 2 of %u", n_rows - 1);

    g_assert_cmpuint (n_rows, >=, 3);
    gtk_test_accessible_assert_property (c, GTK_ACCESSIBLE_PROPERTY_LABEL, second);
    gtk_widget_activate_action (GTK_WIDGET (get_row (fixture, n_rows - 1)), "provider-row.remove", NULL);
    spin_briefly ();
    g_assert_cmpuint (roster_request_get_n_rows (fixture->request, FIELD_ID), ==, n_rows - 1);
    gtk_test_accessible_assert_property (c, GTK_ACCESSIBLE_PROPERTY_LABEL, second_after);
  }
}

static char *
make_names (guint n_rows)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < n_rows; i++)
    g_string_append_printf (names, "%sP%u", i > 0 ? "," : "", i);

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static guint
count_row_widgets (Fixture *fixture)
{
  GtkWidget *list_view = find_list_view (GTK_WIDGET (fixture->list));
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list_view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (ROSTER_IS_PROVIDER_ROW (gtk_widget_get_first_child (child)))
      n++;

  return n;
}

/* A long list has widgets only for the rows on screen (and a few around
 * them), and a change touches only the rows it changes: the others keep
 * their widgets, which are neither rebuilt nor refilled. */
static void
test_500_rows_are_updated_one_at_a_time (Fixture       *fixture,
                                         gconstpointer  data)
{
  guint n_widgets = count_row_widgets (fixture);
  RosterProviderRow *p2 = get_row (fixture, 2);
  RosterProviderRow *p3 = get_row (fixture, 3);
  RosterProviderRow *row;

  g_assert_cmpuint (n_widgets, >, 3);
  g_assert_cmpuint (n_widgets, <, 100);
  g_assert_false (gtk_widget_is_sensitive (get_add_button (fixture)));

  roster_request_remove_row (fixture->request, FIELD_ID, 1);
  g_assert_true (gtk_widget_is_sensitive (get_add_button (fixture)));
  g_assert_true (get_row (fixture, 1) == p2);
  g_assert_true (get_row (fixture, 2) == p3);
  g_assert_cmpstr (roster_provider_row_get_name (p2), ==, "P2");
  g_assert_cmpuint (roster_provider_row_get_position (p2), ==, 1);
  gtk_test_accessible_assert_property (p2, GTK_ACCESSIBLE_PROPERTY_LABEL, "Provider 2 of 499");

  /* Far down the list: the list scrolls there, and the row is right. */
  roster_request_insert_row (fixture->request, FIELD_ID, 250, "New", "");
  row = get_row (fixture, 250);
  g_assert_cmpstr (roster_provider_row_get_name (row), ==, "New");
  g_assert_cmpstr (roster_provider_row_get_name (get_row (fixture, 251)), ==, "P251");
  gtk_test_accessible_assert_property (get_cell (fixture, 251, "name"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Provider 252 name");

  row = get_row (fixture, 10);
  g_assert_cmpstr (roster_provider_row_get_name (row), ==, "P11");
  roster_request_move_row (fixture->request, FIELD_ID, 10, 400);
  g_assert_cmpstr (roster_provider_row_get_name (get_row (fixture, 400)), ==, "P11");
  g_assert_cmpstr (roster_provider_row_get_name (get_row (fixture, 10)), ==, "P12");

  /* Every row, walked from top to bottom, shows its own provider, and
   * the widgets are still only a screenful. */
  assert_rows_match (fixture);
  g_assert_cmpuint (count_row_widgets (fixture), <, 100);
}

static void
test_500_rows_timing (void)
{
  g_autoptr(RosterRequest) request = roster_request_new (roster_form_get_account_change ());
  const RosterField *field = roster_form_lookup_field (roster_form_get_account_change (), FIELD_ID);
  GtkWidget *window;
  GtkWidget *scrolled;
  GtkWidget *list;
  gint64 start, constructed, mapped, painted_at, inserted, repainted;

  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *name = g_strdup_printf ("Provider %u", i);
      roster_request_insert_row (request, FIELD_ID, -1, name, "1234567893");
    }

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 700, 500);
  scrolled = gtk_scrolled_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), scrolled);

  start = g_get_monotonic_time ();
  list = roster_provider_list_new (request, field);
  constructed = g_get_monotonic_time ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_window_present (GTK_WINDOW (window));
  test_wait_until_mapped (list);
  mapped = g_get_monotonic_time ();
  wait_for_paint (window);
  painted_at = g_get_monotonic_time ();

  roster_request_insert_row (request, FIELD_ID, 0, "First", "");
  inserted = g_get_monotonic_time ();
  wait_for_paint (window);
  repainted = g_get_monotonic_time ();

  g_test_message ("500 rows: construct %.1f ms, construct+map %.1f ms, to first paint %.1f ms",
                  (constructed - start) / 1000.0, (mapped - start) / 1000.0,
                  (painted_at - start) / 1000.0);
  g_test_message ("insert one row at the top of 500: apply %.1f ms, to next paint %.1f ms",
                  (inserted - painted_at) / 1000.0, (repainted - painted_at) / 1000.0);

  wait_for_paint (window);
  start = g_get_monotonic_time ();
  gtk_editable_set_text (GTK_EDITABLE (roster_provider_row_get_cell (roster_provider_list_get_row (ROSTER_PROVIDER_LIST (list), 1), "name")),
                         "Typed");
  inserted = g_get_monotonic_time ();
  wait_for_paint (window);
  repainted = g_get_monotonic_time ();
  g_test_message ("typing in a row of 500: apply %.1f ms, to next paint %.1f ms",
                  (inserted - start) / 1000.0, (repainted - start) / 1000.0);

  start = g_get_monotonic_time ();
  roster_request_set_row (request, FIELD_ID, 250, "Changed", "");
  inserted = g_get_monotonic_time ();
  roster_request_move_row (request, FIELD_ID, 0, 499);
  repainted = g_get_monotonic_time ();
  g_test_message ("one external edit %.2f ms, one move of the whole range %.2f ms",
                  (inserted - start) / 1000.0, (repainted - inserted) / 1000.0);

  gtk_window_destroy (GTK_WINDOW (window));
  spin_briefly ();
}

int
main (int   argc,
      char *argv[])
{
  static const struct {
    const char *path;
    const char *rows;
    void (*func) (Fixture *, gconstpointer);
  } tests[] = {
    { "/provider-list/empty-then-add", NULL, test_empty_then_add },
    { "/provider-list/typing-writes-rows", "A,B,C", test_typing_writes_rows },
    { "/provider-list/move-with-buttons", "A,B,C", test_move_with_buttons },
    { "/provider-list/move-with-keyboard", "A,B,C", test_move_with_keyboard },
    { "/provider-list/remove-moves-focus", "A,B,C", test_remove_moves_focus },
    { "/provider-list/external-changes", "A,B,C", test_external_changes },
    { "/provider-list/sync", "A,B,C", test_sync },
    { "/provider-list/issues", "A,B,C", test_issues },
    { "/provider-list/focus-leaving-row-touches", "A,B,C", test_focus_leaving_row_touches },
    { "/provider-list/tab-order", "A,B,C", test_tab_order },
    { "/provider-list/accessible-labels", "A,B,C", test_accessible_labels },
    { "/provider-list/500-rows-one-at-a-time", NULL, test_500_rows_are_updated_one_at_a_time },
  };
  g_autofree char *five_hundred = make_names (500);
  gboolean have_display;

  g_test_init (&argc, &argv, NULL);

  /* The suite runs with GTK_A11Y=none, which leaves widgets without an
   * accessible context, and gtk_test_accessible_*() then fails. GTK's own
   * "test" backend keeps the accessible properties in memory, with no
   * AT-SPI bus involved. */
  g_setenv ("GTK_A11Y", "test", TRUE);

  have_display = gtk_init_check ();
  if (have_display)
    {
      adw_init ();
      g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
    }

  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    {
      const char *rows = tests[i].rows;

      if (g_str_has_prefix (tests[i].path, "/provider-list/500"))
        rows = five_hundred;

      if (have_display)
        g_test_add_vtable (tests[i].path, sizeof (Fixture), rows,
                           (GTestFixtureFunc) fixture_set_up,
                           (GTestFixtureFunc) tests[i].func,
                           (GTestFixtureFunc) fixture_tear_down);
      else
        g_test_add_func (tests[i].path, test_skip_without_display);
    }

  g_test_add_func ("/provider-list/500-rows-timing",
                   have_display ? test_500_rows_timing : test_skip_without_display);

  return g_test_run ();
}
