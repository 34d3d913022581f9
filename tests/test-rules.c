/* test-rules.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every rule of FORM.md, in both directions.
 */

#include "config.h"

#include "test-fixtures.h"

static gboolean
section_visible (RosterRequest *request,
                 const char    *section_id)
{
  g_autoptr(RosterVisibility) visibility = roster_rules_get_visibility (request);

  return roster_visibility_section_visible (visibility, section_id);
}

static gboolean
field_visible (RosterRequest *request,
               const char    *field_id)
{
  g_autoptr(RosterVisibility) visibility = roster_rules_get_visibility (request);

  return roster_visibility_field_visible (visibility, field_id);
}

#define assert_issues(request, expected) \
  G_STMT_START { \
    GDate today_; \
    g_autoptr(GPtrArray) issues_ = NULL; \
    g_autofree char *paths_ = NULL; \
    test_get_fixed_today (&today_); \
    issues_ = roster_rules_check ((request), &today_); \
    paths_ = test_issue_paths (issues_); \
    g_assert_cmpstr (paths_, ==, (expected)); \
  } G_STMT_END

static const char *
issue_message (RosterRequest *request,
               const char    *path)
{
  static char message[512];
  g_autoptr(GPtrArray) issues = NULL;
  GDate today;

  test_get_fixed_today (&today);
  issues = roster_rules_check (request, &today);

  for (guint i = 0; i < issues->len; i++)
    {
      const RosterIssue *issue = g_ptr_array_index (issues, i);

      if (g_str_equal (issue->path, path))
        {
          g_strlcpy (message, issue->message, sizeof message);
          return message;
        }
    }

  return NULL;
}

static void
test_rules_fixtures_are_valid (void)
{
  g_autoptr(RosterRequest) modify = test_new_modify_request ();
  g_autoptr(RosterRequest) terminate = NULL;
  GDate today;

  test_get_fixed_today (&today);
  terminate = test_new_terminate_request (&today);

  assert_issues (modify, "");
  assert_issues (terminate, "");
}

static void
test_rules_empty_request (void)
{
  g_autoptr(RosterRequest) request = roster_request_new (roster_form_get_account_change ());

  g_assert_true (section_visible (request, "request"));
  g_assert_true (section_visible (request, "user"));
  g_assert_true (section_visible (request, "submitter"));
  g_assert_true (section_visible (request, "attestation"));
  g_assert_false (section_visible (request, "services"));
  g_assert_false (section_visible (request, "alerts"));
  g_assert_false (section_visible (request, "delegation"));
  g_assert_false (section_visible (request, "record_access"));
  g_assert_false (section_visible (request, "termination"));

  assert_issues (request,
                 "action, user.first_name, user.last_name, user.email, user.organization, "
                 "submitter.name, submitter.email, attestation.authorized");
  g_assert_cmpstr (issue_message (request, "action"), ==, "Choose an answer for “What should change?”.");
  g_assert_cmpstr (issue_message (request, "user.first_name"), ==, "“First name” is required — please fill it in.");
  g_assert_cmpstr (issue_message (request, "attestation.authorized"), ==,
                   "Confirm “I am an authorized employee of a participating organization” to continue.");
}

/* The termination section replaces the services when action = terminate. */
static void
test_rules_terminate_replaces_services (void)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  GDate today;

  test_get_fixed_today (&today);

  g_assert_true (section_visible (request, "services"));
  g_assert_true (section_visible (request, "alerts"));
  g_assert_false (section_visible (request, "termination"));

  roster_request_set_text (request, "action", "terminate");
  g_assert_false (section_visible (request, "services"));
  g_assert_false (section_visible (request, "alerts"));
  g_assert_false (section_visible (request, "delegation"));
  g_assert_false (section_visible (request, "record_access"));
  g_assert_true (section_visible (request, "termination"));
  g_assert_false (field_visible (request, "services.alerts"));
  g_assert_true (field_visible (request, "termination.reason"));
  assert_issues (request, "termination.effective_date, termination.reason");

  roster_request_set_text (request, "action", "modify");
  g_assert_true (section_visible (request, "services"));
  g_assert_false (section_visible (request, "termination"));
  assert_issues (request, "");
}

static void
test_rules_modify_needs_a_service (void)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();

  roster_request_set_text (request, "services.alerts", "none");
  assert_issues (request, "services");
  g_assert_cmpstr (issue_message (request, "services"), ==,
                   "Choose at least one service to add, change or remove.");

  /* Any one change satisfies it, "remove" included. */
  roster_request_set_text (request, "services.secure_messaging", "remove");
  assert_issues (request, "");
}

/* Delegation is visible exactly when alerts are added or changed with
 * basis provider_npi for a user who is not the provider, or a delegation
 * change is chosen. */
static void
test_rules_delegation_npi_rule (void)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();

  roster_request_set_text (request, "alerts.basis", "provider_npi");
  g_assert_true (field_visible (request, "alerts.user_is_provider"));
  g_assert_false (field_visible (request, "alerts.lists_submitted"));

  /* "The user is the provider" is off by default. */
  g_assert_true (section_visible (request, "delegation"));
  assert_issues (request, "delegation.alerts");

  roster_request_set_boolean (request, "alerts.user_is_provider", TRUE);
  g_assert_false (section_visible (request, "delegation"));
  assert_issues (request, "");

  roster_request_set_boolean (request, "alerts.user_is_provider", FALSE);
  g_assert_true (section_visible (request, "delegation"));

  roster_request_set_text (request, "services.alerts", "change");
  g_assert_true (section_visible (request, "delegation"));

  roster_request_set_text (request, "services.alerts", "remove");
  g_assert_false (section_visible (request, "alerts"));
  g_assert_false (section_visible (request, "delegation"));

  roster_request_set_text (request, "services.alerts", "add");
  roster_request_set_text (request, "alerts.basis", "organization");
  g_assert_false (section_visible (request, "delegation"));

  roster_request_set_text (request, "alerts.basis", "provider_npi");
  roster_request_set_text (request, "action", "terminate");
  g_assert_false (section_visible (request, "delegation"));
}

static void
test_rules_delegation_service (void)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();

  roster_request_set_text (request, "services.alerts", "none");
  roster_request_set_text (request, "services.delegation", "remove");
  g_assert_false (section_visible (request, "alerts"));
  g_assert_true (section_visible (request, "delegation"));
  assert_issues (request, "delegation");

  /* Either list satisfies the delegation service. */
  roster_request_insert_row (request, "delegation.results", -1, "Dr. Results", TEST_NPI_A);
  assert_issues (request, "");

  roster_request_set_text (request, "services.delegation", "none");
  g_assert_false (section_visible (request, "delegation"));
  assert_issues (request, "services");
}

static void
test_rules_delegation_rows (void)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  const char *list = "delegation.alerts";

  roster_request_set_text (request, "alerts.basis", "provider_npi");
  roster_request_insert_row (request, list, -1, "Dr. Smith", "1234567890");
  assert_issues (request, "delegation.alerts[0].npi");
  g_assert_cmpstr (issue_message (request, "delegation.alerts[0].npi"), ==,
                   "This NPI’s last digit doesn’t match — check the number.");

  roster_request_set_row (request, list, 0, "Dr. Smith", TEST_NPI_A);
  assert_issues (request, "");

  /* A duplicate NPI in one list, an empty row, and the same NPI in the
   * other list (which is fine). */
  roster_request_insert_row (request, list, -1, "Dr. Smith again", " " TEST_NPI_A " ");
  roster_request_insert_row (request, list, -1, "", "");
  roster_request_insert_row (request, "delegation.results", -1, "Dr. Smith", TEST_NPI_A);
  assert_issues (request, "delegation.alerts[1].npi, delegation.alerts[2].name, delegation.alerts[2].npi");
  g_assert_cmpstr (issue_message (request, "delegation.alerts[1].npi"), ==,
                   "This NPI is already in row 1 of this list.");

  roster_request_remove_row (request, list, 2);
  roster_request_remove_row (request, list, 1);
  assert_issues (request, "");
}

static void
test_rules_provider_list_limit (void)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();

  roster_request_set_text (request, "services.delegation", "add");

  for (guint i = 0; i < 501; i++)
    {
      g_autofree char *nine = g_strdup_printf ("1%08u", i);
      g_autofree char *npi = g_strdup_printf ("%s%c", nine, roster_npi_check_digit (nine));
      roster_request_insert_row (request, "delegation.results", -1, "Dr. Many", npi);
    }

  assert_issues (request, "delegation.results");

  roster_request_remove_row (request, "delegation.results", 0);
  assert_issues (request, "");
}

static void
test_rules_image_exchange (void)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();

  g_assert_false (field_visible (request, "services.soarian_username"));

  roster_request_set_text (request, "services.image_exchange", "add");
  g_assert_true (field_visible (request, "services.soarian_username"));
  assert_issues (request, "services.soarian_username");

  roster_request_set_text (request, "services.soarian_username", "adiaz");
  assert_issues (request, "");

  roster_request_set_text (request, "services.image_exchange", "remove");
  g_assert_false (field_visible (request, "services.soarian_username"));
}

static void
test_rules_alert_delivery (void)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();

  g_assert_false (field_visible (request, "alerts.direct_address"));

  roster_request_set_text (request, "alerts.delivery", "direct_mail");
  g_assert_true (field_visible (request, "alerts.direct_address"));
  assert_issues (request, "alerts.direct_address");

  /* Not required while a new Direct Mail address is being requested. */
  roster_request_set_text (request, "services.secure_messaging", "add");
  assert_issues (request, "");

  /* …but still checked when given. */
  roster_request_set_text (request, "alerts.direct_address", "not an address");
  assert_issues (request, "alerts.direct_address");

  roster_request_set_text (request, "alerts.direct_address", "ana.diaz@direct.upstate.example.org");
  roster_request_set_text (request, "services.secure_messaging", "none");
  assert_issues (request, "");
}

static void
test_rules_patient_lists (void)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();

  g_assert_true (field_visible (request, "alerts.lists_submitted"));
  roster_request_clear_answer (request, "alerts.lists_submitted");
  assert_issues (request, "alerts.lists_submitted");

  roster_request_set_text (request, "alerts.basis", "organization");
  g_assert_false (field_visible (request, "alerts.lists_submitted"));
  assert_issues (request, "");
}

static void
test_rules_record_access (void)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();

  g_assert_false (section_visible (request, "record_access"));

  roster_request_set_text (request, "services.patient_record", "add");
  g_assert_true (section_visible (request, "record_access"));
  assert_issues (request, "record_access.level");

  roster_request_set_text (request, "record_access.level", "clinical");
  g_assert_false (field_visible (request, "record_access.research_study"));
  g_assert_false (field_visible (request, "record_access.entity_attested"));
  assert_issues (request, "");

  roster_request_set_text (request, "record_access.level", "research");
  g_assert_true (field_visible (request, "record_access.research_study"));
  g_assert_true (field_visible (request, "record_access.level2_consent"));
  assert_issues (request, "record_access.research_study, record_access.level2_consent");
  roster_request_set_text (request, "record_access.research_study", "Readmissions after sepsis");
  roster_request_set_boolean (request, "record_access.level2_consent", TRUE);
  assert_issues (request, "");

  for (guint i = 0; i < 3; i++)
    {
      static const char * const levels[] = { "public_health", "organ_procurement", "medical_examiner" };

      roster_request_set_text (request, "record_access.level", levels[i]);
      g_assert_true (field_visible (request, "record_access.entity_attested"));
      g_assert_false (field_visible (request, "record_access.research_study"));
      assert_issues (request, "record_access.entity_attested");
    }

  roster_request_set_boolean (request, "record_access.entity_attested", TRUE);
  assert_issues (request, "");

  roster_request_set_text (request, "services.patient_record", "change");
  g_assert_true (section_visible (request, "record_access"));
  roster_request_set_text (request, "services.patient_record", "remove");
  g_assert_false (section_visible (request, "record_access"));
}

static void
test_rules_submitter (void)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();

  g_assert_false (field_visible (request, "submitter.name"));
  roster_request_set_boolean (request, "submitter.is_user", FALSE);
  g_assert_true (field_visible (request, "submitter.name"));
  g_assert_true (field_visible (request, "submitter.email"));
  assert_issues (request, "submitter.name, submitter.email");

  roster_request_set_text (request, "submitter.name", "Pat Lee");
  roster_request_set_text (request, "submitter.email", "pat.lee@");
  assert_issues (request, "submitter.email");
}

static void
test_rules_termination (void)
{
  g_autoptr(RosterRequest) request = NULL;
  GDate today;
  GDate date;
  char text[16];

  test_get_fixed_today (&today);
  request = test_new_terminate_request (&today);

  /* Not more than 30 days in the past; any day ahead. */
  date = today;
  g_date_subtract_days (&date, 30);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &date);
  roster_request_set_text (request, "termination.effective_date", text);
  assert_issues (request, "");

  g_date_subtract_days (&date, 1);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &date);
  roster_request_set_text (request, "termination.effective_date", text);
  assert_issues (request, "termination.effective_date");

  roster_request_set_text (request, "termination.effective_date", "2027-01-31");
  assert_issues (request, "");
  roster_request_set_text (request, "termination.effective_date", "2027-02-30");
  assert_issues (request, "termination.effective_date");
  roster_request_set_text (request, "termination.effective_date", "12/01/2026");
  assert_issues (request, "termination.effective_date");
  roster_request_set_text (request, "termination.effective_date", "2026-12-01");

  /* The note is needed only for "other". */
  roster_request_set_text (request, "termination.reason", "other");
  assert_issues (request, "termination.note");
  roster_request_set_text (request, "termination.note", "  \n ");
  assert_issues (request, "termination.note");
  roster_request_set_text (request, "termination.note", "Contract ended.\nReturn badge.");
  assert_issues (request, "");
  roster_request_set_text (request, "termination.reason", "role_change");
  roster_request_clear_answer (request, "termination.note");
  assert_issues (request, "");

  /* Without a reference date the range is not checked. */
  {
    g_autoptr(GPtrArray) issues = NULL;

    roster_request_set_text (request, "termination.effective_date", "2001-01-01");
    issues = roster_rules_check (request, NULL);
    g_assert_cmpuint (issues->len, ==, 0);
  }
}

/* A hidden field is never required and never reported, whatever it holds. */
static void
test_rules_hidden_never_reported (void)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();

  roster_request_set_text (request, "termination.effective_date", "garbage");
  roster_request_set_text (request, "termination.reason", "other");
  roster_request_set_text (request, "record_access.level", "research");
  roster_request_set_text (request, "services.soarian_username", "\x07");
  roster_request_insert_row (request, "delegation.alerts", -1, "", "bad");
  roster_request_set_boolean (request, "submitter.is_user", TRUE);
  roster_request_set_text (request, "submitter.email", "not an email");
  assert_issues (request, "");

  {
    g_autoptr(RosterVisibility) visibility = roster_rules_get_visibility (request);

    g_assert_false (roster_rules_field_required (request, visibility, "termination.reason"));
    g_assert_false (roster_rules_field_required (request, visibility, "submitter.email"));
    g_assert_true (roster_rules_field_required (request, visibility, "user.email"));
    g_assert_false (roster_rules_field_required (request, visibility, "user.phone"));
  }
}

static void
test_rules_values_checked (void)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autofree char *long_name = g_strnfill (65, 'a');

  roster_request_set_text (request, "user.first_name", long_name);
  roster_request_set_text (request, "user.organization", "U");
  roster_request_set_text (request, "user.email", "ana@@upstate.example.org");
  roster_request_set_text (request, "user.phone", "555-0123");
  roster_request_set_text (request, "user.npi", "１２３４５６７８９３");
  roster_request_set_text (request, "comments", "Line one\nLine two");
  assert_issues (request, "user.first_name, user.email, user.phone, user.organization, user.npi");

  roster_request_set_text (request, "user.first_name", "  Ana  ");
  roster_request_set_text (request, "user.organization", "UH");
  roster_request_set_text (request, "user.email", "ana@upstate.example.org");
  roster_request_set_text (request, "user.phone", "(315) 555-0123");
  roster_request_set_text (request, "user.npi", TEST_NPI_A);
  assert_issues (request, "");

  /* Only white space is no answer. */
  roster_request_set_text (request, "user.last_name", "   ");
  assert_issues (request, "user.last_name");
}

static void
test_rules_unknown_choice (void)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();

  roster_request_set_text (request, "alerts.delivery", "carrier_pigeon");
  assert_issues (request, "alerts.delivery");
}

static void
test_rules_visibility_equal (void)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(RosterVisibility) before = roster_rules_get_visibility (request);
  g_autoptr(RosterVisibility) same = NULL;
  g_autoptr(RosterVisibility) after = NULL;

  roster_request_set_text (request, "user.first_name", "Someone else");
  same = roster_rules_get_visibility (request);
  g_assert_true (roster_visibility_equal (before, same));

  roster_request_set_text (request, "alerts.basis", "provider_npi");
  after = roster_rules_get_visibility (request);
  g_assert_false (roster_visibility_equal (before, after));
}

static void
test_rules_issue_paths (void)
{
  g_autoptr(RosterIssue) cell = roster_issue_new ("delegation.alerts", 3, "npi", "m");
  g_autoptr(RosterIssue) row = roster_issue_new ("delegation.alerts", 0, NULL, "m");
  g_autoptr(RosterIssue) field = roster_issue_new ("user.email", -1, NULL, "m");
  g_autoptr(RosterIssue) copy = roster_issue_copy (cell);

  g_assert_cmpstr (cell->path, ==, "delegation.alerts[3].npi");
  g_assert_cmpstr (row->path, ==, "delegation.alerts[0]");
  g_assert_cmpstr (field->path, ==, "user.email");
  g_assert_cmpstr (copy->path, ==, cell->path);
  g_assert_cmpint (copy->row, ==, 3);
  g_assert_cmpstr (copy->column, ==, "npi");
}

static void
test_rules_server_issues (void)
{
  const RosterForm *form = roster_form_get_account_change ();
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autofree char *paths = NULL;

  issues = roster_issues_from_server (form,
                                      "[{\"field\":\"user.email\",\"message\":\"Unknown user <b>\"},"
                                      "{\"field\":\"delegation.alerts[2].npi\",\"message\":\"Not a provider\"},"
                                      "{\"field\":\"delegation.results[0]\",\"message\":\"Row\"},"
                                      "{\"field\":\"services\",\"message\":\"Section\"},"
                                      "{\"field\":\"user.middle\",\"message\":\"Unknown\"},"
                                      "{\"field\":\"delegation.alerts[x].npi\",\"message\":\"Bad\"},"
                                      "{\"field\":\"delegation.alerts[9999].npi\",\"message\":\"Bad\"},"
                                      "{\"field\":\"delegation.alerts[1].dea\",\"message\":\"Bad\"},"
                                      "{\"field\":\"user.email[0]\",\"message\":\"Bad\"},"
                                      "{\"field\":7,\"message\":\"Bad\"},3]");
  paths = test_issue_paths (issues);
  g_assert_cmpstr (paths, ==, "user.email, delegation.alerts[2].npi, delegation.results[0], services");
  g_assert_cmpstr (((RosterIssue *) issues->pdata[0])->message, ==, "Unknown user <b>");
  g_assert_cmpint (((RosterIssue *) issues->pdata[1])->row, ==, 2);
  g_assert_cmpstr (((RosterIssue *) issues->pdata[1])->column, ==, "npi");

  none = roster_issues_from_server (form, "[[[[[[[[[[[[[[[[[[[[[[");
  g_assert_cmpuint (none->len, ==, 0);
}

static RosterSectionState
state_of (RosterRequest *request,
          const char    *section_id,
          gboolean       checked)
{
  const RosterForm *form = roster_request_get_form (request);
  g_autoptr(GPtrArray) issues = roster_rules_check (request, NULL);

  return roster_rules_get_section_state (request, roster_form_lookup_section (form, section_id),
                                         issues, checked);
}

static void
test_rules_section_states (void)
{
  g_autoptr(RosterRequest) request = roster_request_new (roster_form_get_account_change ());

  g_assert_cmpint (state_of (request, "user", FALSE), ==, ROSTER_SECTION_NOT_STARTED);
  g_assert_cmpint (state_of (request, "user", TRUE), ==, ROSTER_SECTION_HAS_PROBLEMS);

  roster_request_set_text (request, "user.first_name", "Ana");
  g_assert_cmpint (state_of (request, "user", FALSE), ==, ROSTER_SECTION_IN_PROGRESS);
  g_assert_cmpint (state_of (request, "user", TRUE), ==, ROSTER_SECTION_HAS_PROBLEMS);

  roster_request_set_text (request, "user.last_name", "Díaz");
  roster_request_set_text (request, "user.email", "ana@upstate.example.org");
  roster_request_set_text (request, "user.organization", "Upstate University Hospital");
  g_assert_cmpint (state_of (request, "user", FALSE), ==, ROSTER_SECTION_COMPLETE);
  g_assert_cmpint (state_of (request, "user", TRUE), ==, ROSTER_SECTION_COMPLETE);

  /* A section-wide rule counts for its section. */
  roster_request_set_text (request, "action", "modify");
  g_assert_cmpint (state_of (request, "services", TRUE), ==, ROSTER_SECTION_HAS_PROBLEMS);
  roster_request_set_text (request, "services.secure_messaging", "add");
  g_assert_cmpint (state_of (request, "services", TRUE), ==, ROSTER_SECTION_COMPLETE);
}

/* The New User Request (FORM-NEW-USER.md): the same engine, its own
 * table. */
static void
test_rules_new_user (void)
{
  g_autoptr(RosterRequest) empty = roster_request_new (roster_form_get_new_user ());
  g_autoptr(RosterRequest) request = NULL;
  GDate today;
  GDate day;
  char date[16];

  test_get_fixed_today (&today);
  request = test_new_new_user_request (&today);
  assert_issues (request, "");

  /* Always asked: the person, training, attestation; a service is needed. */
  g_assert_true (section_visible (empty, "training"));
  g_assert_false (section_visible (empty, "alerts"));
  g_assert_false (section_visible (empty, "delegation"));
  g_assert_false (section_visible (empty, "record_access"));
  g_assert_false (field_visible (empty, "user.npi"));
  assert_issues (empty,
                 "user.first_name, user.last_name, user.email, user.organization, user.title, user.role, "
                 "user.start_date, user.supervisor_name, submitter.name, submitter.email, services, "
                 "training.completed, training.acceptable_use, attestation.authorized");
  g_assert_cmpstr (issue_message (empty, "services"), ==, "Choose at least one service for the new user.");

  /* A provider gives an NPI, checked like any other. */
  roster_request_set_text (empty, "user.role", "provider");
  g_assert_true (field_visible (empty, "user.npi"));
  roster_request_set_text (request, "user.npi", "1234567890");
  assert_issues (request, "user.npi");
  roster_request_set_text (request, "user.role", "nurse");
  assert_issues (request, "");
  roster_request_set_text (request, "user.role", "provider");
  roster_request_set_text (request, "user.npi", "1234567893");

  /* The start date may be up to 30 days back. */
  day = today;
  g_date_subtract_days (&day, 31);
  g_date_strftime (date, sizeof date, "%Y-%m-%d", &day);
  roster_request_set_text (request, "user.start_date", date);
  assert_issues (request, "user.start_date");
  g_date_add_days (&day, 1);
  g_date_strftime (date, sizeof date, "%Y-%m-%d", &day);
  roster_request_set_text (request, "user.start_date", date);
  assert_issues (request, "");

  /* Alerts by Direct Mail need an address unless secure messaging is
   * requested too. */
  g_assert_true (field_visible (request, "alerts.direct_address"));
  roster_request_set_boolean (request, "services.secure_messaging", FALSE);
  assert_issues (request, "alerts.direct_address");
  roster_request_set_text (request, "alerts.direct_address", "grace.okafor@direct.familycare.example.org");
  assert_issues (request, "");

  /* Provider-based alerts for someone who is not the provider, or
   * delegation asked for: the Delegation step, with at least one row. */
  g_assert_false (section_visible (request, "delegation"));
  roster_request_set_boolean (request, "alerts.user_is_provider", FALSE);
  g_assert_true (section_visible (request, "delegation"));
  assert_issues (request, "delegation.alerts");
  roster_request_insert_row (request, "delegation.alerts", -1, "Dr. Lee Park", "1245319599");
  assert_issues (request, "");
  roster_request_set_boolean (request, "alerts.user_is_provider", TRUE);
  roster_request_set_boolean (request, "services.delegation", TRUE);
  g_assert_true (section_visible (request, "delegation"));
  assert_issues (request, "");
  roster_request_remove_row (request, "delegation.alerts", 0);
  assert_issues (request, "delegation");

  /* Hidden when its service is not asked for, kept in the draft. */
  roster_request_set_boolean (request, "services.alerts", FALSE);
  g_assert_false (section_visible (request, "alerts"));
  g_assert_cmpstr (roster_request_get_text (request, "alerts.basis"), ==, "provider_npi");
  roster_request_set_boolean (request, "services.delegation", FALSE);
  assert_issues (request, "services");
  roster_request_set_boolean (request, "services.patient_record", TRUE);
  g_assert_true (section_visible (request, "record_access"));
  assert_issues (request, "record_access.level");
  roster_request_set_text (request, "record_access.level", "clinical");
  assert_issues (request, "");

  /* Training and the acceptable use policy must both be confirmed. */
  roster_request_set_boolean (request, "training.acceptable_use", FALSE);
  assert_issues (request, "training.acceptable_use");

  /* No kind to choose: nothing here ends anyone's access. */
  g_assert_null (roster_request_get_kind (request));
  g_assert_false (roster_request_ends_access (request));
}

/* The app reads a request's person and kind through the table's roles. */
static void
test_rules_roles (void)
{
  g_autoptr(RosterRequest) modify = test_new_modify_request ();
  g_autoptr(RosterRequest) new_user = NULL;
  g_autoptr(RosterRequest) terminate = NULL;
  g_autofree char *name = NULL;
  GDate today;

  test_get_fixed_today (&today);
  new_user = test_new_new_user_request (&today);
  terminate = test_new_terminate_request (&today);

  name = roster_request_dup_person_name (new_user);
  g_assert_cmpstr (name, ==, "Grace Okafor");
  g_assert_cmpstr (roster_request_get_role_text (new_user, ROSTER_ROLE_PERSON_NPI), ==, "1234567893");
  g_assert_cmpstr (roster_request_get_role_text (modify, ROSTER_ROLE_ORGANIZATION), ==, "Upstate University Hospital");
  g_assert_null (roster_request_get_role_text (new_user, ROSTER_ROLE_ACCESS_END_DATE));
  g_assert_false (roster_request_set_role_text (new_user, ROSTER_ROLE_ACCESS_END_DATE, "2026-12-01"));
  g_assert_true (roster_request_set_role_text (new_user, ROSTER_ROLE_ORGANIZATION, "  Guthrie "));
  g_assert_cmpstr (roster_request_get_role_text (new_user, ROSTER_ROLE_ORGANIZATION), ==, "  Guthrie ");

  g_assert_cmpstr (roster_request_get_kind (modify)->id, ==, "modify");
  g_assert_false (roster_request_ends_access (modify));
  g_assert_true (roster_request_ends_access (terminate));
  g_assert_cmpstr (roster_request_get_role_text (terminate, ROSTER_ROLE_ACCESS_END_DATE), ==, "2026-11-25");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rules/fixtures-are-valid", test_rules_fixtures_are_valid);
  g_test_add_func ("/rules/empty-request", test_rules_empty_request);
  g_test_add_func ("/rules/terminate-replaces-services", test_rules_terminate_replaces_services);
  g_test_add_func ("/rules/modify-needs-a-service", test_rules_modify_needs_a_service);
  g_test_add_func ("/rules/delegation/npi-rule", test_rules_delegation_npi_rule);
  g_test_add_func ("/rules/delegation/service", test_rules_delegation_service);
  g_test_add_func ("/rules/delegation/rows", test_rules_delegation_rows);
  g_test_add_func ("/rules/delegation/limit", test_rules_provider_list_limit);
  g_test_add_func ("/rules/image-exchange", test_rules_image_exchange);
  g_test_add_func ("/rules/alert-delivery", test_rules_alert_delivery);
  g_test_add_func ("/rules/patient-lists", test_rules_patient_lists);
  g_test_add_func ("/rules/record-access", test_rules_record_access);
  g_test_add_func ("/rules/submitter", test_rules_submitter);
  g_test_add_func ("/rules/termination", test_rules_termination);
  g_test_add_func ("/rules/hidden-never-reported", test_rules_hidden_never_reported);
  g_test_add_func ("/rules/values-checked", test_rules_values_checked);
  g_test_add_func ("/rules/unknown-choice", test_rules_unknown_choice);
  g_test_add_func ("/rules/visibility-equal", test_rules_visibility_equal);
  g_test_add_func ("/rules/issue-paths", test_rules_issue_paths);
  g_test_add_func ("/rules/section-states", test_rules_section_states);
  g_test_add_func ("/rules/server-issues", test_rules_server_issues);
  g_test_add_func ("/rules/new-user", test_rules_new_user);
  g_test_add_func ("/rules/roles", test_rules_roles);

  return g_test_run ();
}
