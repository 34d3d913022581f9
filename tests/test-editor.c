/* test-editor.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The request editor in a real window, driven the way a person drives
 * it: choosing an option, flipping a switch, typing into a row, pressing
 * Next. The asserts are what a person would see.
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "roster-application.h"
#include "roster-choice-group.h"
#include "roster-combo-row.h"
#include "roster-entry-row.h"
#include "roster-field-message.h"
#include "roster-payload.h"
#include "roster-provider-list.h"
#include "roster-provider-row.h"
#include "roster-review-page.h"
#include "roster-section-page.h"
#include "roster-section-row.h"
#include "roster-switch-row.h"
#include "roster-window.h"

#include "test-fixtures.h"
#include "test-gui-fixtures.h"

static RosterApplication *app;

typedef struct
{
  RosterWindow        *window;
  RosterRequestEditor *editor;
  RosterRequest       *request;
} Fixture;

static void
pump (void)
{
  for (guint i = 0; i < 30; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GDate today;

  fixture->window = roster_window_new (app);
  fixture->editor = test_open_new_request (fixture->window);
  fixture->request = roster_request_editor_get_request (fixture->editor);

  test_get_fixed_today (&today);
  roster_request_editor_set_today (fixture->editor, &today);

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 760);
  gtk_window_present (GTK_WINDOW (fixture->window));
  test_wait_until_mapped (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  pump ();
}

static GtkWidget *
field_widget (Fixture    *fixture,
              const char *field_id)
{
  const RosterForm *form = roster_request_get_form (fixture->request);
  const RosterField *field = roster_form_lookup_field (form, field_id);
  const RosterSection *section = roster_form_get_field_section (form, field);
  GtkWidget *page = roster_request_editor_get_section_page (fixture->editor, section->id);

  return roster_section_page_get_field_widget (ROSTER_SECTION_PAGE (page), field_id);
}

static gboolean
section_row_mapped (Fixture    *fixture,
                    const char *section_id)
{
  pump ();
  return gtk_widget_get_mapped (roster_request_editor_get_section_row (fixture->editor, section_id));
}

/* Picks an option the way a person does: the radio button, or the combo. */
static void
choose (Fixture    *fixture,
        const char *field_id,
        const char *option_id)
{
  GtkWidget *widget = field_widget (fixture, field_id);

  if (ROSTER_IS_CHOICE_GROUP (widget))
    gtk_widget_activate (GTK_WIDGET (roster_choice_group_get_button (ROSTER_CHOICE_GROUP (widget), option_id)));
  else
    {
      const RosterField *field = roster_field_widget_get_field (ROSTER_FIELD_WIDGET (widget));
      guint position = field->default_id == NULL ? 1 : 0;

      for (const RosterOption *option = field->options; !g_str_equal (option->id, option_id); option++)
        position++;
      adw_combo_row_set_selected (ADW_COMBO_ROW (widget), position);
    }
  pump ();
}

static void
flip (Fixture    *fixture,
      const char *field_id)
{
  gtk_widget_activate (GTK_WIDGET (roster_switch_row_get_switch (ROSTER_SWITCH_ROW (field_widget (fixture, field_id)))));
  pump ();
}

static void
type (Fixture    *fixture,
      const char *field_id,
      const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (field_widget (fixture, field_id)), text);
  pump ();
}

static void
fill_user (Fixture *fixture)
{
  type (fixture, "user.first_name", "Ana");
  type (fixture, "user.last_name", "Díaz");
  type (fixture, "user.email", "ana.diaz@upstate.example.org");
  type (fixture, "user.organization", "Upstate University Hospital");
  flip (fixture, "submitter.is_user");
  flip (fixture, "attestation.authorized");
}

static RosterProviderRow *
add_provider (Fixture    *fixture,
              const char *field_id,
              const char *name,
              const char *npi)
{
  RosterProviderList *list = ROSTER_PROVIDER_LIST (field_widget (fixture, field_id));
  guint position = roster_request_get_n_rows (fixture->request, field_id);
  RosterProviderRow *row;

  gtk_widget_activate_action (GTK_WIDGET (list), "provider-list.add", NULL);
  pump ();
  row = roster_provider_list_get_row (list, position);
  gtk_editable_set_text (GTK_EDITABLE (roster_provider_row_get_cell (row, "name")), name);
  gtk_editable_set_text (GTK_EDITABLE (roster_provider_row_get_cell (row, "npi")), npi);
  pump ();

  return row;
}

/* Choosing provider_npi with "The user is the provider" off maps the
 * delegation panel; turning it on unmaps it; the typed rows survive. */
static void
test_editor_delegation_panel (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkWidget *delegation_page;
  RosterProviderRow *row;

  choose (fixture, "action", "modify");
  choose (fixture, "services.alerts", "add");
  g_assert_true (section_row_mapped (fixture, "alerts"));
  g_assert_false (section_row_mapped (fixture, "delegation"));

  choose (fixture, "alerts.basis", "provider_npi");
  g_assert_true (section_row_mapped (fixture, "delegation"));

  roster_request_editor_show_section (fixture->editor, "delegation");
  delegation_page = roster_request_editor_get_section_page (fixture->editor, "delegation");
  test_wait_until_mapped (delegation_page);
  row = add_provider (fixture, "delegation.alerts", "Dr. Maria Chen", TEST_NPI_A);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));

  roster_request_editor_show_section (fixture->editor, "alerts");
  flip (fixture, "alerts.user_is_provider");
  g_assert_false (section_row_mapped (fixture, "delegation"));
  g_assert_false (gtk_widget_get_mapped (delegation_page));

  flip (fixture, "alerts.user_is_provider");
  g_assert_true (section_row_mapped (fixture, "delegation"));
  roster_request_editor_show_section (fixture->editor, "delegation");
  pump ();
  row = roster_provider_list_get_row (ROSTER_PROVIDER_LIST (field_widget (fixture, "delegation.alerts")), 0);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (roster_provider_row_get_cell (row, "name"))), ==,
                   "Dr. Maria Chen");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (roster_provider_row_get_cell (row, "npi"))), ==,
                   TEST_NPI_A);
}

static GtkWidget *
find_button_for_action (GtkWidget  *widget,
                        const char *action_name)
{
  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_for_action (child, action_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
focus_is_in (Fixture   *fixture,
             GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
press_tab (Fixture          *fixture,
           GtkDirectionType  direction)
{
  gtk_widget_child_focus (GTK_WIDGET (fixture->window), direction);
  pump ();
}

/* The keyboard order of a provider list is the order on screen: Tab from
 * Add Provider goes to the first row and Shift+Tab from below it to the
 * last row's last button, whichever row had the focus before (GTK's own
 * list view would go back to that one). Tab through the steps sidebar
 * moves the focus, not the step it shows as current. */
static void
test_editor_provider_list_tab_order (Fixture       *fixture,
                                     gconstpointer  data)
{
  RosterProviderList *alerts;
  RosterProviderRow *first, *last;
  GtkWidget *add_alerts, *add_results, *delegation_row;

  choose (fixture, "action", "modify");
  choose (fixture, "services.alerts", "add");
  choose (fixture, "alerts.basis", "provider_npi");
  roster_request_editor_show_section (fixture->editor, "delegation");
  test_wait_until_mapped (roster_request_editor_get_section_page (fixture->editor, "delegation"));
  first = add_provider (fixture, "delegation.alerts", "Dr. Maria Chen", TEST_NPI_A);
  add_provider (fixture, "delegation.alerts", "Dr. James Okafor", TEST_NPI_B);
  last = add_provider (fixture, "delegation.alerts", "Dr. Ana Silva", TEST_NPI_C);
  alerts = ROSTER_PROVIDER_LIST (field_widget (fixture, "delegation.alerts"));
  add_alerts = find_button_for_action (GTK_WIDGET (alerts), "provider-list.add");
  add_results = find_button_for_action (field_widget (fixture, "delegation.results"), "provider-list.add");
  g_assert_nonnull (add_alerts);
  g_assert_nonnull (add_results);

  /* The focus was last in row 3. */
  gtk_widget_grab_focus (roster_provider_row_get_cell (last, "npi"));
  gtk_widget_grab_focus (add_alerts);
  press_tab (fixture, GTK_DIR_TAB_FORWARD);
  g_assert_true (focus_is_in (fixture, roster_provider_row_get_cell (first, "name")));

  /* The focus was last in row 1. */
  gtk_widget_grab_focus (add_results);
  press_tab (fixture, GTK_DIR_TAB_BACKWARD);
  g_assert_true (focus_is_in (fixture, roster_provider_row_get_cell (last, "remove")));

  /* Two steps down the sidebar by Tab: Delegation stays the current step. */
  delegation_row = roster_request_editor_get_section_row (fixture->editor, "delegation");
  gtk_widget_grab_focus (delegation_row);
  press_tab (fixture, GTK_DIR_TAB_FORWARD);
  press_tab (fixture, GTK_DIR_TAB_FORWARD);
  g_assert_false (gtk_widget_has_focus (delegation_row));
  g_assert_true (gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (delegation_row)));
  g_assert_cmpstr (roster_request_editor_get_current (fixture->editor), ==, "delegation");
}

/* The Direct address, the Soarian username and the research fields come
 * and go with the answers they depend on, keeping what was typed. */
static void
test_editor_conditional_rows (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkWidget *soarian;

  choose (fixture, "action", "modify");
  choose (fixture, "services.image_exchange", "add");
  roster_request_editor_show_section (fixture->editor, "services");
  soarian = field_widget (fixture, "services.soarian_username");
  test_wait_until_mapped (soarian);
  type (fixture, "services.soarian_username", "adiaz");

  choose (fixture, "services.image_exchange", "remove");
  g_assert_false (gtk_widget_get_mapped (soarian));
  choose (fixture, "services.image_exchange", "add");
  g_assert_true (gtk_widget_get_mapped (soarian));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (soarian)), ==, "adiaz");

  choose (fixture, "services.alerts", "add");
  choose (fixture, "services.patient_record", "add");
  roster_request_editor_show_section (fixture->editor, "alerts");
  choose (fixture, "alerts.delivery", "direct_mail");
  g_assert_true (gtk_widget_get_mapped (field_widget (fixture, "alerts.direct_address")));
  choose (fixture, "alerts.delivery", "myalerts_app");
  g_assert_false (gtk_widget_get_mapped (field_widget (fixture, "alerts.direct_address")));

  roster_request_editor_show_section (fixture->editor, "record_access");
  choose (fixture, "record_access.level", "research");
  g_assert_true (gtk_widget_get_mapped (field_widget (fixture, "record_access.research_study")));
  g_assert_true (gtk_widget_get_mapped (field_widget (fixture, "record_access.level2_consent")));
  g_assert_false (gtk_widget_get_mapped (field_widget (fixture, "record_access.entity_attested")));
  choose (fixture, "record_access.level", "public_health");
  g_assert_false (gtk_widget_get_mapped (field_widget (fixture, "record_access.research_study")));
  g_assert_true (gtk_widget_get_mapped (field_widget (fixture, "record_access.entity_attested")));
}

/* terminate replaces the service sections with the termination section. */
static void
test_editor_terminate_replaces_services (Fixture       *fixture,
                                         gconstpointer  data)
{
  choose (fixture, "action", "modify");
  choose (fixture, "services.alerts", "add");
  g_assert_true (section_row_mapped (fixture, "services"));
  g_assert_true (section_row_mapped (fixture, "alerts"));
  g_assert_false (section_row_mapped (fixture, "termination"));

  choose (fixture, "action", "terminate");
  g_assert_false (section_row_mapped (fixture, "services"));
  g_assert_false (section_row_mapped (fixture, "alerts"));
  g_assert_true (section_row_mapped (fixture, "termination"));

  choose (fixture, "action", "modify");
  g_assert_true (section_row_mapped (fixture, "services"));
  g_assert_true (section_row_mapped (fixture, "alerts"));
  g_assert_false (section_row_mapped (fixture, "termination"));
  g_assert_cmpstr (roster_request_get_text (fixture->request, "services.alerts"), ==, "add");
}

static void
assert_review_matches_issues (Fixture *fixture)
{
  RosterReviewPage *review = ROSTER_REVIEW_PAGE (roster_request_editor_get_review_page (fixture->editor));
  GPtrArray *rows = roster_review_page_get_problem_rows (review);
  g_autoptr(GPtrArray) issues = NULL;
  GDate today;

  test_get_fixed_today (&today);
  issues = roster_rules_check (fixture->request, &today);

  g_assert_cmpuint (rows->len, ==, issues->len);
  for (guint i = 0; i < issues->len; i++)
    {
      const RosterIssue *issue = g_ptr_array_index (issues, i);

      g_assert_cmpstr (adw_action_row_get_subtitle (g_ptr_array_index (rows, i)), ==, issue->message);
      g_assert_true (gtk_widget_get_mapped (g_ptr_array_index (rows, i)));
    }
}

/* A bad NPI in a delegation row shows its message; fixing it clears it;
 * Review's list matches the core's issues exactly. */
static void
test_editor_bad_npi (Fixture       *fixture,
                     gconstpointer  data)
{
  RosterProviderRow *row;
  GtkWidget *npi;

  fill_user (fixture);
  choose (fixture, "action", "modify");
  choose (fixture, "services.delegation", "add");
  roster_request_editor_show_section (fixture->editor, "delegation");
  row = add_provider (fixture, "delegation.results", "Dr. James Okafor", "1245319590");
  npi = roster_provider_row_get_cell (row, "npi");

  /* Not shown while the administrator is still typing… */
  g_assert_false (gtk_widget_has_css_class (npi, "error"));

  /* …but once they press Next. */
  roster_request_editor_next (fixture->editor);
  roster_request_editor_show_section (fixture->editor, "delegation");
  pump ();
  g_assert_true (gtk_widget_has_css_class (npi, "error"));
  g_assert_true (roster_provider_row_has_issues (row));
  g_assert_cmpint (roster_section_row_get_state (ROSTER_SECTION_ROW (roster_request_editor_get_section_row (fixture->editor, "delegation"))),
                   ==, ROSTER_SECTION_HAS_PROBLEMS);

  roster_request_editor_show_section (fixture->editor, "review");
  pump ();
  assert_review_matches_issues (fixture);

  roster_request_editor_show_section (fixture->editor, "delegation");
  gtk_editable_set_text (GTK_EDITABLE (npi), "1245319599");
  pump ();
  g_assert_false (gtk_widget_has_css_class (npi, "error"));
  g_assert_false (roster_provider_row_has_issues (row));
  g_assert_cmpint (roster_section_row_get_state (ROSTER_SECTION_ROW (roster_request_editor_get_section_row (fixture->editor, "delegation"))),
                   ==, ROSTER_SECTION_COMPLETE);

  roster_request_editor_show_section (fixture->editor, "review");
  pump ();
  assert_review_matches_issues (fixture);
  g_assert_cmpuint (roster_request_editor_get_issues (fixture->editor)->len, ==, 0);
}

/* A problem under a typed row appears when the field is left, in the
 * core's words, and goes as soon as it is fixed. */
static void
test_editor_field_message (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *page = roster_request_editor_get_section_page (fixture->editor, "user");
  GtkWidget *email = field_widget (fixture, "user.email");
  GtkWidget *message = roster_section_page_get_field_message (ROSTER_SECTION_PAGE (page), "user.email");

  roster_request_editor_show_section (fixture->editor, "user");
  test_wait_until_mapped (email);

  type (fixture, "user.email", "ana.diaz@upstate");
  g_assert_false (gtk_widget_get_mapped (message));

  roster_field_widget_touched (ROSTER_FIELD_WIDGET (email));
  pump ();
  g_assert_true (gtk_widget_get_mapped (message));
  g_assert_true (gtk_widget_has_css_class (email, "error"));
  g_assert_cmpstr (roster_field_message_get_text (ROSTER_FIELD_MESSAGE (message)), ==,
                   "The part after @ must be a domain like example.org.");

  type (fixture, "user.email", "ana.diaz@upstate.example.org");
  g_assert_false (gtk_widget_get_mapped (message));
  g_assert_false (gtk_widget_has_css_class (email, "error"));
}

/* Review shows what the codec would send, in plain words. */
static void
test_editor_review_matches_payload (Fixture       *fixture,
                                    gconstpointer  data)
{
  RosterReviewPage *review = ROSTER_REVIEW_PAGE (roster_request_editor_get_review_page (fixture->editor));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) payload = NULL;
  const RosterForm *form = roster_request_get_form (fixture->request);
  GPtrArray *rows;
  JsonObject *answers;
  guint index = 0;

  fill_user (fixture);
  choose (fixture, "action", "modify");
  choose (fixture, "services.alerts", "add");
  choose (fixture, "alerts.basis", "provider_npi");
  choose (fixture, "alerts.delivery", "direct_mail");
  type (fixture, "alerts.direct_address", "ana.diaz@direct.upstate.example.org");
  roster_request_editor_show_section (fixture->editor, "delegation");
  add_provider (fixture, "delegation.alerts", "Dr. Maria Chen", TEST_NPI_A);
  add_provider (fixture, "delegation.alerts", "Dr. Priya Raman", TEST_NPI_C);

  roster_request_editor_show_section (fixture->editor, "review");
  pump ();
  g_assert_cmpuint (roster_request_editor_get_issues (fixture->editor)->len, ==, 0);

  payload = roster_payload_write (fixture->request);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (payload, NULL), g_bytes_get_size (payload), NULL));
  answers = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "answers");
  rows = roster_review_page_get_answer_rows (review);

  /* One row per answer in the payload, in order, with the option's label
   * rather than its id. */
  for (guint i = 0; i < roster_form_get_n_fields (form); i++)
    {
      const RosterField *field = roster_form_get_field (form, i);
      g_auto(GStrv) parts = g_strsplit (field->id, ".", 2);
      JsonNode *node;

      if (parts[1] == NULL)
        node = json_object_get_member (answers, parts[0]);
      else if (json_object_has_member (answers, parts[0]))
        node = json_object_get_member (json_object_get_object_member (answers, parts[0]), parts[1]);
      else
        node = NULL;

      if (node == NULL)
        continue;

      if (field->type == ROSTER_FIELD_PROVIDER_LIST)
        {
          JsonArray *array = json_node_get_array (node);

          for (guint r = 0; r < json_array_get_length (array); r++, index++)
            {
              JsonObject *provider = json_array_get_object_element (array, r);
              g_autofree char *npi = g_strdup_printf ("NPI %s", json_object_get_string_member (provider, "npi"));

              g_assert_cmpuint (index, <, rows->len);
              g_assert_nonnull (strstr (adw_preferences_row_get_title (g_ptr_array_index (rows, index)),
                                        json_object_get_string_member (provider, "name")));
              g_assert_cmpstr (adw_action_row_get_subtitle (g_ptr_array_index (rows, index)), ==, npi);
            }
          continue;
        }

      g_assert_cmpuint (index, <, rows->len);
      g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, index)), ==, field->label);
      if (field->type == ROSTER_FIELD_CHOICE)
        g_assert_cmpstr (adw_action_row_get_subtitle (g_ptr_array_index (rows, index)), ==,
                         roster_field_lookup_option (field, json_node_get_string (node))->label);
      else if (field->type == ROSTER_FIELD_BOOLEAN)
        g_assert_cmpstr (adw_action_row_get_subtitle (g_ptr_array_index (rows, index)), ==,
                         json_node_get_boolean (node) ? "Yes" : "No");
      else
        g_assert_cmpstr (adw_action_row_get_subtitle (g_ptr_array_index (rows, index)), ==,
                         json_node_get_string (node));
      index++;
    }

  g_assert_cmpuint (index, ==, rows->len);
}

/* A Review link jumps to its field and focuses it. */
static void
test_editor_review_link (Fixture       *fixture,
                         gconstpointer  data)
{
  RosterReviewPage *review = ROSTER_REVIEW_PAGE (roster_request_editor_get_review_page (fixture->editor));
  GtkWidget *first_problem;

  roster_request_editor_show_section (fixture->editor, "review");
  pump ();

  first_problem = g_ptr_array_index (roster_review_page_get_problem_rows (review), 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first_problem)), ==, "What should change?");
  g_signal_emit_by_name (first_problem, "activated");
  pump ();

  g_assert_cmpstr (roster_request_editor_get_current (fixture->editor), ==, "request");
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (roster_choice_group_get_button (ROSTER_CHOICE_GROUP (field_widget (fixture, "action")), "modify"))));
}

/* Next from the last step to Review puts the focus on Review: on the
 * first problem's link while problems hold Submit Request back, never
 * left on the hidden page of the step before. */
static void
test_editor_review_takes_focus (Fixture       *fixture,
                                gconstpointer  data)
{
  RosterReviewPage *review = ROSTER_REVIEW_PAGE (roster_request_editor_get_review_page (fixture->editor));
  GtkWidget *first_problem;

  roster_request_editor_show_section (fixture->editor, "attestation");
  pump ();
  gtk_widget_grab_focus (field_widget (fixture, "attestation.authorized"));
  roster_request_editor_next (fixture->editor);
  pump ();

  g_assert_cmpstr (roster_request_editor_get_current (fixture->editor), ==, "review");
  first_problem = g_ptr_array_index (roster_review_page_get_problem_rows (review), 0);
  g_assert_true (gtk_widget_has_focus (first_problem));
}

/* A button activated from the keyboard shows itself pressed for a moment
 * before it clicks. */
static void
wait_until_current (Fixture    *fixture,
                    const char *step)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (g_strcmp0 (roster_request_editor_get_current (fixture->editor), step) != 0 &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  pump ();
}

static GtkWidget *
focused_field (Fixture *fixture)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));

  for (; focus != NULL; focus = gtk_widget_get_parent (focus))
    {
      if (ROSTER_IS_FIELD_WIDGET (focus))
        return focus;
    }

  return NULL;
}

/* Tab, at most @max_presses times from the focus, visits the fields
 * @expected in that order, each once. */
static void
assert_tab_order (Fixture            *fixture,
                  const char * const *expected,
                  guint               n_expected,
                  guint               max_presses)
{
  g_autoptr(GPtrArray) visited = g_ptr_array_new ();

  for (guint i = 0; i < max_presses && visited->len < n_expected; i++)
    {
      GtkWidget *field = focused_field (fixture);

      if (field != NULL && (visited->len == 0 || g_ptr_array_index (visited, visited->len - 1) != field))
        g_ptr_array_add (visited, field);

      gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD);
      pump ();
    }

  g_assert_cmpuint (visited->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpstr (roster_field_widget_get_field (ROSTER_FIELD_WIDGET (g_ptr_array_index (visited, i)))->id, ==, expected[i]);
}

static gboolean
activate_shortcut (GtkWidget  *widget,
                   const char *accelerator)
{
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accelerator);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }

  return FALSE;
}

/* The keyboard path: Tab walks a section's fields in order, and the
 * step shortcuts move between sections. */
static void
test_editor_keyboard (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char * const expected[] = {
    "user.first_name", "user.last_name", "user.email", "user.phone", "user.username",
    "user.organization", "user.npi",
  };
  GtkWidget *page;

  roster_request_editor_show_section (fixture->editor, "user");
  page = roster_request_editor_get_section_page (fixture->editor, "user");
  test_wait_until_mapped (page);
  g_assert_true (roster_section_page_focus_first (ROSTER_SECTION_PAGE (page)));

  assert_tab_order (fixture, expected, G_N_ELEMENTS (expected), 60);

  g_assert_true (activate_shortcut (GTK_WIDGET (fixture->editor), "<Alt>Right"));
  pump ();
  g_assert_cmpstr (roster_request_editor_get_current (fixture->editor), ==, "submitter");
  g_assert_true (activate_shortcut (GTK_WIDGET (fixture->editor), "<Control>Page_Down"));
  pump ();
  g_assert_cmpstr (roster_request_editor_get_current (fixture->editor), ==, "attestation");
  g_assert_true (activate_shortcut (GTK_WIDGET (fixture->editor), "<Alt>Left"));
  pump ();
  g_assert_cmpstr (roster_request_editor_get_current (fixture->editor), ==, "submitter");
  g_assert_true (activate_shortcut (GTK_WIDGET (fixture->editor), "<Control>Page_Up"));
  pump ();
  g_assert_cmpstr (roster_request_editor_get_current (fixture->editor), ==, "user");

  /* Next and Back have mnemonics, and Next focuses the new section. */
  g_assert_true (gtk_button_get_use_underline (GTK_BUTTON (roster_request_editor_get_next_button (fixture->editor))));
  g_assert_true (gtk_widget_mnemonic_activate (roster_request_editor_get_next_button (fixture->editor), FALSE));
  wait_until_current (fixture, "submitter");
  g_assert_cmpstr (roster_request_editor_get_current (fixture->editor), ==, "submitter");
  g_assert_cmpstr (roster_field_widget_get_field (ROSTER_FIELD_WIDGET (focused_field (fixture)))->id, ==, "submitter.is_user");
}

static void
submitted_cb (RosterRequestEditor *editor,
              gboolean            *submitted)
{
  *submitted = TRUE;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (const GList *l = toplevels; l != NULL; l = l->next)
    {
      if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
        return l->data;
    }

  return NULL;
}

/* Terminating asks first, naming the person and the day, destructively. */
/* Tab from the first field of Terminate Access visits every field of it,
 * Reason included (found skipped through AT-SPI's synthesized keys; not
 * reproduced with GTK's own focus chain, which this checks). */
static void
test_editor_keyboard_termination (Fixture       *fixture,
                                  gconstpointer  data)
{
  static const char * const expected[] = {
    "termination.effective_date", "termination.reason", "termination.note",
  };
  GtkWidget *page;

  choose (fixture, "action", "terminate");
  roster_request_editor_show_section (fixture->editor, "termination");
  page = roster_request_editor_get_section_page (fixture->editor, "termination");
  test_wait_until_mapped (page);
  g_assert_true (roster_section_page_focus_first (ROSTER_SECTION_PAGE (page)));

  assert_tab_order (fixture, expected, G_N_ELEMENTS (expected), 40);

  /* Shift+Tab from Reason goes back into the day's row (its last button),
   * not out of the page: the day's message row between them passes focus
   * on (a regression: it went to the header bar). */
  gtk_widget_child_focus (field_widget (fixture, "termination.reason"), GTK_DIR_TAB_FORWARD);
  pump ();
  g_assert_true (focused_field (fixture) == field_widget (fixture, "termination.reason"));
  gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_BACKWARD);
  pump ();
  g_assert_true (focused_field (fixture) == field_widget (fixture, "termination.effective_date"));
}

static void
test_editor_terminate_confirmation (Fixture       *fixture,
                                    gconstpointer  data)
{
  AdwMessageDialog *dialog;
  gboolean submitted = FALSE;

  g_signal_connect (fixture->editor, "submit", G_CALLBACK (submitted_cb), &submitted);

  fill_user (fixture);
  choose (fixture, "action", "terminate");
  type (fixture, "termination.effective_date", "2026-12-01");
  choose (fixture, "termination.reason", "left_organization");

  roster_request_editor_show_section (fixture->editor, "review");
  pump ();
  g_assert_cmpuint (roster_request_editor_get_issues (fixture->editor)->len, ==, 0);

  gtk_widget_activate (roster_request_editor_get_next_button (fixture->editor));
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while ((dialog = find_message_dialog ()) == NULL && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }

  g_assert_nonnull (dialog);
  g_assert_false (submitted);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Terminate Access for Ana Díaz?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Tuesday, December 1, 2026"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "terminate"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");

  adw_message_dialog_response (dialog, "terminate");
  pump ();
  g_assert_true (submitted);
}

/* Help is the rows' accessible description, with "Required." said in words. */
/* Every image under @widget is either left out of the accessible tree
 * (it decorates) or named (it says something); returns how many were
 * looked at. */
static guint
assert_no_unnamed_images (GtkWidget *widget)
{
  guint n = 0;

  /* What is not on screen is not read. */
  if (!gtk_widget_get_mapped (widget))
    return 0;

  if (GTK_IS_IMAGE (widget))
    {
      if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) != GTK_ACCESSIBLE_ROLE_PRESENTATION &&
          !gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
        g_error ("An unnamed image (%s) in %s", gtk_image_get_icon_name (GTK_IMAGE (widget)),
                 G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)));
      n++;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += assert_no_unnamed_images (child);

  return n;
}

static void
test_editor_accessible_descriptions (Fixture       *fixture,
                                     gconstpointer  data)
{
  gtk_test_accessible_assert_property (field_widget (fixture, "user.organization"),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Enter the legal business name of the organization that the user is "
                                       "employed at (i.e. Upstate University Hospital, Family Care Medical "
                                       "Group, Guthrie, Optum Medical Care). Required.");
  gtk_test_accessible_assert_property (field_widget (fixture, "user.first_name"),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "Required.");

  /* The steps: each named by its title, its state as its description
   * (they were ten unnamed rows). */
  {
    GtkWidget *row = roster_request_editor_get_section_row (fixture->editor, "user");

    gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, "User Information");
    gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "Not started");
    row = roster_request_editor_get_section_row (fixture->editor, "review");
    gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, "Review");
  }

  /* A choice among options with help: radio buttons, in a group named
   * by the question. */
  {
    const RosterForm *form = roster_request_get_form (fixture->request);
    guint n_groups = 0;

    for (guint i = 0; i < roster_form_get_n_fields (form); i++)
      {
        const RosterField *field = roster_form_get_field (form, i);
        const RosterSection *section = roster_form_get_field_section (form, field);
        GtkWidget *page = roster_request_editor_get_section_page (fixture->editor, section->id);
        GtkWidget *widget = page != NULL ? roster_section_page_get_field_widget (ROSTER_SECTION_PAGE (page), field->id) : NULL;

        if (widget == NULL || !ROSTER_IS_CHOICE_GROUP (widget))
          continue;

        n_groups++;
        gtk_test_accessible_assert_role (widget, GTK_ACCESSIBLE_ROLE_RADIO_GROUP);
        gtk_test_accessible_assert_property (widget, GTK_ACCESSIBLE_PROPERTY_LABEL, field->label);
        for (const RosterOption *option = field->options; option->id != NULL; option++)
          gtk_test_accessible_assert_role (GTK_WIDGET (roster_choice_group_get_button (ROSTER_CHOICE_GROUP (widget), option->id)),
                                           GTK_ACCESSIBLE_ROLE_RADIO);
      }
    g_assert_cmpuint (n_groups, >, 0);
  }

  /* Review with problems listed: its icons decorate. */
  roster_request_editor_show_section (fixture->editor, "review");
  pump ();
  g_assert_cmpuint (assert_no_unnamed_images (roster_request_editor_get_review_page (fixture->editor)), >, 0);
  assert_no_unnamed_images (GTK_WIDGET (fixture->window));

  /* A field showing a problem is invalid, and stops being so once the
   * problem is gone. */
  {
    GtkWidget *npi = field_widget (fixture, "user.npi");

    roster_request_editor_show_section (fixture->editor, "user");
    gtk_editable_set_text (GTK_EDITABLE (npi), "1234567890");
    roster_request_editor_next (fixture->editor);
    roster_request_editor_show_section (fixture->editor, "user");
    pump ();
    g_assert_true (gtk_widget_has_css_class (npi, "error"));
    gtk_test_accessible_assert_state (npi, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
    gtk_editable_set_text (GTK_EDITABLE (npi), "1234567893");
    pump ();
    g_assert_false (gtk_widget_has_css_class (npi, "error"));
    gtk_test_accessible_assert_state (npi, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_FALSE);
  }
}

/* The HIE's field errors show on their fields at once, count in Review,
 * and go when the field is changed. */
static void
test_editor_server_issues (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) issues = NULL;
  GtkWidget *page = roster_request_editor_get_section_page (fixture->editor, "user");
  GtkWidget *email = field_widget (fixture, "user.email");
  GtkWidget *message = roster_section_page_get_field_message (ROSTER_SECTION_PAGE (page), "user.email");
  RosterReviewPage *review = ROSTER_REVIEW_PAGE (roster_request_editor_get_review_page (fixture->editor));
  GPtrArray *rows;

  fill_user (fixture);
  choose (fixture, "action", "modify");
  choose (fixture, "services.secure_messaging", "remove");
  g_assert_cmpuint (roster_request_editor_get_issues (fixture->editor)->len, ==, 0);

  issues = roster_issues_from_server (roster_request_get_form (fixture->request),
                                      "[{\"field\":\"user.email\",\"message\":\"The HIE has no user with this email <b>address</b>.\"}]");
  roster_request_editor_set_server_issues (fixture->editor, issues);
  roster_request_editor_show_section (fixture->editor, "user");
  pump ();

  g_assert_true (gtk_widget_get_mapped (message));
  g_assert_cmpstr (roster_field_message_get_text (ROSTER_FIELD_MESSAGE (message)), ==,
                   "The HIE has no user with this email <b>address</b>.");
  g_assert_true (gtk_widget_has_css_class (email, "error"));

  roster_request_editor_show_section (fixture->editor, "review");
  pump ();
  rows = roster_review_page_get_problem_rows (review);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_false (gtk_widget_is_sensitive (roster_request_editor_get_next_button (fixture->editor)));

  roster_request_editor_show_section (fixture->editor, "user");
  type (fixture, "user.email", "ana.diaz@family-care.example.org");
  g_assert_false (gtk_widget_get_mapped (message));
  g_assert_cmpuint (roster_request_editor_get_issues (fixture->editor)->len, ==, 0);
}

/* On a narrow window the steps fold away behind a button, and picking a
 * step shows it. */
static void
test_editor_narrow (void)
{
  RosterWindow *window = roster_window_new (app);
  RosterRequestEditor *editor = test_open_new_request (window);
  GtkWidget *user_row = roster_request_editor_get_section_row (editor, "user");
  GtkWidget *page;

  gtk_window_set_default_size (GTK_WINDOW (window), 400, 700);
  gtk_window_present (GTK_WINDOW (window));
  test_wait_until_mapped (GTK_WIDGET (window));
  pump ();

  page = roster_request_editor_get_section_page (editor, "request");
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_false (gtk_widget_get_mapped (user_row));

  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.show-steps", NULL);
  pump ();
  g_assert_true (gtk_widget_get_mapped (user_row));

  g_signal_emit_by_name (gtk_widget_get_parent (user_row), "row-activated", user_row);
  pump ();
  g_assert_cmpstr (roster_request_editor_get_current (editor), ==, "user");
  g_assert_true (gtk_widget_get_mapped (roster_request_editor_get_section_page (editor, "user")));
  g_assert_false (gtk_widget_get_mapped (user_row));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* @step on screen, the focus on its first field. */
static void
show_step_focused (Fixture    *fixture,
                   const char *step)
{
  GtkWidget *page;

  roster_request_editor_show_section (fixture->editor, step);
  page = roster_request_editor_get_section_page (fixture->editor, step);
  test_wait_until_mapped (page);
  roster_section_page_focus_first (ROSTER_SECTION_PAGE (page));
}

static void
test_editor_focus_visible (Fixture       *fixture,
                           gconstpointer  data)
{
  show_step_focused (fixture, "request");
  test_assert_focus_visible_round (GTK_WINDOW (fixture->window), "Request");

  choose (fixture, "action", "modify");
  choose (fixture, "services.alerts", "add");
  choose (fixture, "alerts.basis", "provider_npi");
  show_step_focused (fixture, "user");
  test_assert_focus_visible_round (GTK_WINDOW (fixture->window), "User Information");

  roster_request_editor_show_section (fixture->editor, "delegation");
  test_wait_until_mapped (roster_request_editor_get_section_page (fixture->editor, "delegation"));
  add_provider (fixture, "delegation.alerts", "Dr. Maria Chen", TEST_NPI_A);
  add_provider (fixture, "delegation.alerts", "Dr. James Okafor", TEST_NPI_B);
  roster_section_page_focus_first (ROSTER_SECTION_PAGE (roster_request_editor_get_section_page (fixture->editor, "delegation")));
  test_assert_focus_visible_round (GTK_WINDOW (fixture->window), "Delegation");

  roster_request_editor_show_section (fixture->editor, "review");
  pump ();
  gtk_widget_grab_focus (g_ptr_array_index (roster_review_page_get_problem_rows (ROSTER_REVIEW_PAGE (roster_request_editor_get_review_page (fixture->editor))), 0));
  test_assert_focus_visible_round (GTK_WINDOW (fixture->window), "Review");
}

static guint
count_ellipsized_labels (GtkWidget *widget)
{
  guint count = 0;

  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
    {
      g_test_message ("“%s” ends in an ellipsis", gtk_label_get_text (GTK_LABEL (widget)));
      count++;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count += count_ellipsized_labels (child);

  return count;
}

/* With large text at 360 px, a text field's long question wraps, empty
 * or filled, instead of ending in "…" (libadwaita 1.2's entry row would
 * cut "Last day of access" and "Direct address for alerts"), and so does
 * a choice's answer ("Deliver alerts by  Secure Direct M…"). */
static void
test_editor_long_titles_wrap (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  RosterWindow *window = roster_window_new (app);
  RosterRequestEditor *editor = test_open_new_request (window);
  RosterRequest *request = roster_request_editor_get_request (editor);
  /* Each field, and the answers that bring it on screen. */
  const char * const cases[][7] = {
    { "termination.effective_date", "action", "terminate", NULL },
    { "alerts.direct_address", "action", "modify", "services.alerts", "add", "alerts.delivery", "direct_mail" },
    { "alerts.delivery", NULL },
  };
  int dpi;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  g_object_set (settings, "gtk-xft-dpi", 2 * 96 * 1024, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 700);
  gtk_window_present (GTK_WINDOW (window));
  test_wait_until_mapped (GTK_WIDGET (window));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const RosterForm *form = roster_request_get_form (request);
      const RosterSection *section = roster_form_get_field_section (form, roster_form_lookup_field (form, cases[i][0]));
      GtkWidget *page, *row;

      for (guint j = 1; j + 1 < G_N_ELEMENTS (cases[i]) && cases[i][j] != NULL; j += 2)
        roster_request_set_text (request, cases[i][j], cases[i][j + 1]);
      pump ();
      roster_request_editor_show_section (editor, section->id);
      page = roster_request_editor_get_section_page (editor, section->id);
      row = roster_section_page_get_field_widget (ROSTER_SECTION_PAGE (page), cases[i][0]);
      test_wait_until_mapped (row);
      /* Empty, then filled; a choice's answer as well. */
      g_assert_cmpuint (count_ellipsized_labels (row), ==, 0);
      if (GTK_IS_EDITABLE (row))
        {
          gtk_editable_set_text (GTK_EDITABLE (row), "2026-12-01");
          pump ();
          g_assert_cmpuint (count_ellipsized_labels (row), ==, 0);
        }
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  test_use_scratch_data_dir ();

  /* The accessible tree is part of what these tests check: GTK's test
   * backend keeps it without talking to AT-SPI. */
  g_setenv ("GTK_A11Y", "test", TRUE);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/editor/skipped", test_skip_without_display);
      return g_test_run ();
    }

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = roster_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/editor/delegation-panel", test_editor_delegation_panel);
  ADD ("/editor/provider-list-tab-order", test_editor_provider_list_tab_order);
  ADD ("/editor/conditional-rows", test_editor_conditional_rows);
  ADD ("/editor/terminate-replaces-services", test_editor_terminate_replaces_services);
  ADD ("/editor/bad-npi", test_editor_bad_npi);
  ADD ("/editor/field-message", test_editor_field_message);
  ADD ("/editor/review-matches-payload", test_editor_review_matches_payload);
  ADD ("/editor/review-link", test_editor_review_link);
  ADD ("/editor/review-takes-focus", test_editor_review_takes_focus);
  ADD ("/editor/focus-visible", test_editor_focus_visible);
  ADD ("/editor/keyboard", test_editor_keyboard);
  ADD ("/editor/keyboard-termination", test_editor_keyboard_termination);
  ADD ("/editor/terminate-confirmation", test_editor_terminate_confirmation);
  ADD ("/editor/accessible-descriptions", test_editor_accessible_descriptions);
  ADD ("/editor/server-issues", test_editor_server_issues);
#undef ADD
  g_test_add_func ("/editor/narrow", test_editor_narrow);
  g_test_add_func ("/editor/long-titles-wrap", test_editor_long_titles_wrap);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
