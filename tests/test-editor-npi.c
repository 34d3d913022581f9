/* test-editor-npi.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The NPI Registry in the editor, against the registry stand-in over
 * real HTTP: what each provider row and the user's NPI say, the warning
 * style, Review's warnings (which never block Next), the offline → online
 * transition, and the Preferences switch.
 */

#include "config.h"

#include <string.h>

#include "npi-registry-stand-in.h"
#include "roster-application.h"
#include "roster-choice-group.h"
#include "roster-combo-row.h"
#include "roster-provider-list.h"
#include "roster-provider-row.h"
#include "roster-review-page.h"
#include "roster-section-page.h"
#include "roster-switch-row.h"
#include "roster-window.h"

#include "test-fixtures.h"
#include "test-gui-fixtures.h"

static RosterApplication *app;

typedef struct
{
  StandIn             *stand_in;
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

/* Runs the main loop until @done holds or five seconds pass. */
#define WAIT_UNTIL(done)                                                   \
  G_STMT_START {                                                           \
    gint64 deadline_ = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;       \
    while (!(done) && g_get_monotonic_time () < deadline_)                 \
      g_main_context_iteration (NULL, TRUE);                               \
    pump ();                                                               \
    g_assert_true (done);                                                  \
  } G_STMT_END

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *answers = g_test_build_filename (G_TEST_DIST, "npi-registry", NULL);
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;

  fixture->stand_in = stand_in_new (answers, 0, &error);
  g_assert_no_error (error);
  url = stand_in_dup_url (fixture->stand_in);
  g_setenv ("HIE_ROSTER_NPI_REGISTRY", url, TRUE);

  fixture->window = roster_window_new (app);
  g_assert_nonnull (roster_window_get_npi_registry (fixture->window));
  /* Quick, so the tests need not wait a minute for a retry. */
  roster_npi_registry_set_timings (roster_window_get_npi_registry (fixture->window), 50, 2, 1);

  fixture->editor = test_open_new_request (fixture->window);
  fixture->request = roster_request_editor_get_request (fixture->editor);

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
  stand_in_free (fixture->stand_in);
  g_setenv ("HIE_ROSTER_NPI_REGISTRY", "http://127.0.0.1:9/", TRUE);
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

/* A request that could be sent, with an empty delegation list for
 * alerts on the providers' NPIs. */
static void
fill_request (Fixture *fixture)
{
  type (fixture, "user.first_name", "Ana");
  type (fixture, "user.last_name", "Díaz");
  type (fixture, "user.email", "ana.diaz@upstate.example.org");
  type (fixture, "user.organization", "Upstate University Hospital");
  flip (fixture, "submitter.is_user");
  flip (fixture, "attestation.authorized");
  choose (fixture, "action", "modify");
  choose (fixture, "services.alerts", "add");
  choose (fixture, "alerts.basis", "provider_npi");
  choose (fixture, "alerts.delivery", "myalerts_app");
  roster_request_editor_show_section (fixture->editor, "delegation");
  pump ();
}

static RosterProviderRow *
add_provider (Fixture    *fixture,
              const char *name,
              const char *npi)
{
  RosterProviderList *list = ROSTER_PROVIDER_LIST (field_widget (fixture, "delegation.alerts"));
  guint position = roster_request_get_n_rows (fixture->request, "delegation.alerts");
  RosterProviderRow *row;

  gtk_widget_activate_action (GTK_WIDGET (list), "provider-list.add", NULL);
  pump ();
  row = roster_provider_list_get_row (list, position);
  gtk_editable_set_text (GTK_EDITABLE (roster_provider_row_get_cell (row, "name")), name);
  gtk_editable_set_text (GTK_EDITABLE (roster_provider_row_get_cell (row, "npi")), npi);
  pump ();

  return row;
}

static const char *
note_of (RosterProviderRow *row)
{
  const char *note = roster_provider_row_get_npi_note (row);

  return note != NULL ? note : "";
}

static gboolean
note_has (RosterProviderRow *row,
          const char        *text)
{
  return strstr (note_of (row), text) != NULL;
}

/* Each row says whom its NPI is registered to; a row whose NPI is not the
 * named provider's is in the warning style, says why, and so does the NPI
 * entry's accessible description. Nothing is an error. */
static void
test_rows (Fixture       *fixture,
           gconstpointer  data)
{
  RosterProviderRow *jane;
  RosterProviderRow *clinic;
  GtkWidget *label;

  fill_request (fixture);
  jane = add_provider (fixture, "Dr. Jane Doe", STAND_IN_NPI_PERSON);
  clinic = add_provider (fixture, "Jane Doe", STAND_IN_NPI_ORGANIZATION);

  /* Asked, not answered yet: the row says so, as soon as the NPI is valid. */
  g_assert_true (note_has (jane, "Not checked yet") || note_has (jane, "JANE QUINN DOE"));

  WAIT_UNTIL (note_has (jane, "JANE QUINN DOE") && note_has (clinic, "FAMILY CARE"));
  g_assert_cmpstr (note_of (jane), ==, "JANE QUINN DOE, M.D. · person, NPI-1 · active");
  g_assert_true (note_has (clinic, "organization, NPI-2"));
  g_assert_true (note_has (clinic, "registered to an organization"));

  label = gtk_widget_get_last_child (gtk_widget_get_first_child (GTK_WIDGET (clinic)));
  g_assert_true (GTK_IS_LABEL (label));
  g_assert_true (gtk_widget_get_mapped (label));
  g_assert_true (gtk_widget_has_css_class (label, "warning"));
  label = gtk_widget_get_last_child (gtk_widget_get_first_child (GTK_WIDGET (jane)));
  g_assert_false (gtk_widget_has_css_class (label, "warning"));

  g_assert_false (gtk_widget_has_css_class (roster_provider_row_get_cell (clinic, "npi"), "error"));
  gtk_test_accessible_assert_property (roster_provider_row_get_cell (clinic, "npi"),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, note_of (clinic));

  /* Only the numbers were asked about, once each. */
  g_assert_cmpuint (stand_in_count_requests (fixture->stand_in, STAND_IN_NPI_PERSON), ==, 1);
  g_assert_cmpuint (stand_in_count_requests (fixture->stand_in, STAND_IN_NPI_ORGANIZATION), ==, 1);

  /* Fixing the name clears the warning at once: no new question. */
  gtk_editable_set_text (GTK_EDITABLE (roster_provider_row_get_cell (clinic, "npi")), STAND_IN_NPI_PERSON);
  pump ();
  g_assert_cmpstr (note_of (clinic), ==, "JANE QUINN DOE, M.D. · person, NPI-1 · active");
  g_assert_cmpuint (stand_in_count_requests (fixture->stand_in, STAND_IN_NPI_PERSON), ==, 1);
}

/* Review lists the registry's warnings apart from the problems, each
 * going to its row, and the request can still be sent. */
static void
test_review (Fixture       *fixture,
             gconstpointer  data)
{
  RosterReviewPage *review;
  GPtrArray *warnings;

  fill_request (fixture);
  add_provider (fixture, "Robert Smith", STAND_IN_NPI_DEACTIVATED);
  add_provider (fixture, "Lee Park", STAND_IN_NPI_UNKNOWN);
  WAIT_UNTIL (roster_request_editor_get_npi_warnings (fixture->editor)->len == 2);

  roster_request_editor_show_section (fixture->editor, "review");
  pump ();
  review = ROSTER_REVIEW_PAGE (roster_request_editor_get_review_page (fixture->editor));
  g_assert_cmpuint (roster_review_page_get_problem_rows (review)->len, ==, 0);
  warnings = roster_review_page_get_warning_rows (review);
  g_assert_cmpuint (warnings->len, ==, 2);
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (warnings, 0)), ==,
                   "Providers whose alerts this user receives, provider 1");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (g_ptr_array_index (warnings, 0)), "deactivated"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (g_ptr_array_index (warnings, 1)), "has no provider"));
  g_assert_true (gtk_widget_get_mapped (g_ptr_array_index (warnings, 1)));
  g_assert_true (gtk_widget_is_sensitive (roster_request_editor_get_next_button (fixture->editor)));

  /* A warning goes to the NPI it is about. */
  g_signal_emit_by_name (g_ptr_array_index (warnings, 1), "activated");
  pump ();
  g_assert_cmpstr (roster_request_editor_get_current (fixture->editor), ==, "delegation");
  {
    RosterProviderList *list = ROSTER_PROVIDER_LIST (field_widget (fixture, "delegation.alerts"));
    GtkWidget *npi = roster_provider_row_get_cell (roster_provider_list_get_row (list, 1), "npi");
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));

    /* The entry's text has the focus. */
    g_assert_true (focus == npi || gtk_widget_is_ancestor (focus, npi));
  }
}

/* Offline, the row says "Not checked yet" and nothing is in the way;
 * when the registry is back, the answer comes without a keystroke. */
static void
test_offline_then_online (Fixture       *fixture,
                          gconstpointer  data)
{
  RosterNpiRegistry *registry = roster_window_get_npi_registry (fixture->window);
  RosterProviderRow *row;
  g_autoptr(GError) error = NULL;

  stand_in_stop (fixture->stand_in);
  fill_request (fixture);
  row = add_provider (fixture, "José O’Brien-Núñez", STAND_IN_NPI_ACCENTED);

  /* The question fails (the connection is refused)… */
  {
    guint wake_id = g_timeout_add (20, wake_cb, NULL);

    WAIT_UNTIL (!roster_npi_registry_get_busy (registry));
    g_source_remove (wake_id);
  }
  g_assert_cmpstr (note_of (row), ==, "Not checked yet");
  g_assert_cmpuint (roster_request_editor_get_issues (fixture->editor)->len, ==, 0);
  g_assert_cmpuint (roster_request_editor_get_npi_warnings (fixture->editor)->len, ==, 0);

  /* …and is asked again once the registry listens. */
  g_assert_true (stand_in_listen (fixture->stand_in, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (note_has (row, "NÚÑEZ"));
  g_assert_cmpuint (roster_request_editor_get_npi_warnings (fixture->editor)->len, ==, 0);
}

/* The user's own NPI, checked against the user's name: a row under it
 * says whom it belongs to. */
static void
test_user_npi (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *page;

  fill_request (fixture);
  roster_request_editor_show_section (fixture->editor, "user");
  type (fixture, "user.npi", STAND_IN_NPI_PERSON);
  page = roster_request_editor_get_section_page (fixture->editor, "user");

  WAIT_UNTIL (strstr (roster_section_page_get_npi_note (ROSTER_SECTION_PAGE (page), "user.npi"), "JANE") != NULL);
  g_assert_nonnull (strstr (roster_section_page_get_npi_note (ROSTER_SECTION_PAGE (page), "user.npi"),
                            "not to the name given here"));

  /* The user's name is the registered one: no warning. */
  type (fixture, "user.first_name", "Jane");
  type (fixture, "user.last_name", "Doe");
  g_assert_cmpstr (roster_section_page_get_npi_note (ROSTER_SECTION_PAGE (page), "user.npi"), ==,
                   "JANE QUINN DOE, M.D. · person, NPI-1 · active");
}

/* Turned off in Preferences: no line, no warning, no question. */
static void
test_switched_off (Fixture       *fixture,
                   gconstpointer  data)
{
  GSettings *settings = roster_application_get_settings (app);
  RosterProviderRow *row;

  g_settings_set_boolean (settings, "npi-registry-enabled", FALSE);
  roster_window_refresh_delivery (fixture->window);
  g_assert_null (roster_window_get_npi_registry (fixture->window));

  fill_request (fixture);
  row = add_provider (fixture, "Jane Doe", STAND_IN_NPI_ORGANIZATION);
  g_assert_cmpstr (note_of (row), ==, "");

  g_usleep (200 * 1000);
  pump ();
  g_assert_cmpuint (stand_in_get_requests (fixture->stand_in)->len, ==, 0);
  g_settings_reset (settings, "npi-registry-enabled");

  /* Back on: the open request is looked up. */
  roster_window_refresh_delivery (fixture->window);
  roster_npi_registry_set_timings (roster_window_get_npi_registry (fixture->window), 50, 2, 1);
  gtk_editable_set_text (GTK_EDITABLE (roster_provider_row_get_cell (row, "name")), "Family Care");
  WAIT_UNTIL (note_has (row, "FAMILY CARE"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  test_use_scratch_data_dir ();
  g_setenv ("GTK_A11Y", "test", TRUE);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/editor-npi/skipped", test_skip_without_display);
      return g_test_run ();
    }

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = roster_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/editor-npi/rows", test_rows);
  ADD ("/editor-npi/review", test_review);
  ADD ("/editor-npi/offline-then-online", test_offline_then_online);
  ADD ("/editor-npi/user-npi", test_user_npi);
  ADD ("/editor-npi/switched-off", test_switched_off);
#undef ADD

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
