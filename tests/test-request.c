/* test-request.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "roster-request.h"

typedef struct
{
  GPtrArray *changed;  /* field ids, in emission order */
  guint      position, removed, added;
} Recorder;

static void
changed_cb (RosterRequest *request,
            const char    *field_id,
            Recorder      *recorder)
{
  g_ptr_array_add (recorder->changed, g_strdup (field_id));
}

static void
rows_changed_cb (RosterRequest *request,
                 const char    *field_id,
                 guint          position,
                 guint          removed,
                 guint          added,
                 Recorder      *recorder)
{
  recorder->position = position;
  recorder->removed = removed;
  recorder->added = added;
}

static RosterRequest *
new_recorded_request (Recorder *recorder)
{
  RosterRequest *request = roster_request_new (roster_form_get_account_change ());

  recorder->changed = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (request, "changed", G_CALLBACK (changed_cb), recorder);
  g_signal_connect (request, "rows-changed", G_CALLBACK (rows_changed_cb), recorder);

  return request;
}

static void
test_request_text_answers (void)
{
  Recorder recorder = { 0 };
  g_autoptr(RosterRequest) request = new_recorded_request (&recorder);

  g_assert_null (roster_request_get_text (request, "user.first_name"));
  g_assert_false (roster_request_has_answer (request, "user.first_name"));

  roster_request_set_text (request, "user.first_name", "  Ana ");
  g_assert_cmpstr (roster_request_get_text (request, "user.first_name"), ==, "  Ana ");
  g_assert_true (roster_request_has_answer (request, "user.first_name"));
  g_assert_cmpuint (recorder.changed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (recorder.changed, 0), ==, "user.first_name");

  /* The same value again is not a change. */
  roster_request_set_text (request, "user.first_name", "  Ana ");
  g_assert_cmpuint (recorder.changed->len, ==, 1);

  /* "" clears. */
  roster_request_set_text (request, "user.first_name", "");
  g_assert_null (roster_request_get_text (request, "user.first_name"));
  g_assert_false (roster_request_has_answer (request, "user.first_name"));
  g_assert_cmpuint (recorder.changed->len, ==, 2);

  g_ptr_array_unref (recorder.changed);
}

static void
test_request_choice_defaults (void)
{
  g_autoptr(RosterRequest) request = roster_request_new (roster_form_get_account_change ());

  g_assert_cmpstr (roster_request_get_text (request, "services.alerts"), ==, "none");
  g_assert_false (roster_request_has_answer (request, "services.alerts"));
  g_assert_null (roster_request_get_text (request, "action"));

  roster_request_set_text (request, "services.alerts", "add");
  g_assert_cmpstr (roster_request_get_text (request, "services.alerts"), ==, "add");
  roster_request_clear_answer (request, "services.alerts");
  g_assert_cmpstr (roster_request_get_text (request, "services.alerts"), ==, "none");
}

static void
test_request_boolean_answers (void)
{
  Recorder recorder = { 0 };
  g_autoptr(RosterRequest) request = new_recorded_request (&recorder);

  g_assert_false (roster_request_get_boolean (request, "submitter.is_user"));
  roster_request_set_boolean (request, "submitter.is_user", TRUE);
  g_assert_true (roster_request_get_boolean (request, "submitter.is_user"));
  roster_request_set_boolean (request, "submitter.is_user", 42);
  g_assert_cmpuint (recorder.changed->len, ==, 1);
  roster_request_set_boolean (request, "submitter.is_user", FALSE);
  g_assert_false (roster_request_get_boolean (request, "submitter.is_user"));
  g_assert_cmpuint (recorder.changed->len, ==, 2);

  g_ptr_array_unref (recorder.changed);
}

static void
test_request_rows (void)
{
  Recorder recorder = { 0 };
  g_autoptr(RosterRequest) request = new_recorded_request (&recorder);
  const char *list = "delegation.alerts";

  g_assert_cmpuint (roster_request_get_n_rows (request, list), ==, 0);

  roster_request_insert_row (request, list, -1, "Dr. A", "1");
  roster_request_insert_row (request, list, -1, "Dr. B", "2");
  roster_request_insert_row (request, list, 0, "Dr. C", "3");
  g_assert_cmpuint (recorder.position, ==, 0);
  g_assert_cmpuint (recorder.added, ==, 1);
  g_assert_cmpuint (roster_request_get_n_rows (request, list), ==, 3);
  g_assert_cmpstr (roster_request_get_row (request, list, 0)->name, ==, "Dr. C");
  g_assert_cmpstr (roster_request_get_row (request, list, 2)->npi, ==, "2");

  roster_request_move_row (request, list, 0, 2);
  g_assert_cmpstr (roster_request_get_row (request, list, 0)->name, ==, "Dr. A");
  g_assert_cmpstr (roster_request_get_row (request, list, 1)->name, ==, "Dr. B");
  g_assert_cmpstr (roster_request_get_row (request, list, 2)->name, ==, "Dr. C");
  g_assert_cmpuint (recorder.position, ==, 0);
  g_assert_cmpuint (recorder.removed, ==, 3);

  roster_request_set_row (request, list, 1, "Dr. B2", "22");
  g_assert_cmpstr (roster_request_get_row (request, list, 1)->name, ==, "Dr. B2");
  g_assert_cmpstr (roster_request_get_row (request, list, 1)->npi, ==, "22");

  roster_request_remove_row (request, list, 1);
  g_assert_cmpuint (roster_request_get_n_rows (request, list), ==, 2);
  g_assert_cmpuint (recorder.position, ==, 1);
  g_assert_cmpuint (recorder.removed, ==, 1);
  g_assert_cmpuint (recorder.added, ==, 0);

  /* Each of the six edits was one "changed", on the list's id. */
  g_assert_cmpuint (recorder.changed->len, ==, 6);
  for (guint i = 0; i < recorder.changed->len; i++)
    g_assert_cmpstr (g_ptr_array_index (recorder.changed, i), ==, list);

  /* Other lists are independent. */
  g_assert_cmpuint (roster_request_get_n_rows (request, "delegation.results"), ==, 0);

  g_ptr_array_unref (recorder.changed);
}

static void
test_request_changed_detail (void)
{
  Recorder recorder = { 0 };
  g_autoptr(RosterRequest) request = roster_request_new (roster_form_get_account_change ());

  recorder.changed = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (request, "changed::alerts.basis", G_CALLBACK (changed_cb), &recorder);

  roster_request_set_text (request, "user.first_name", "Ana");
  roster_request_set_text (request, "alerts.basis", "provider_npi");
  g_assert_cmpuint (recorder.changed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (recorder.changed, 0), ==, "alerts.basis");

  g_ptr_array_unref (recorder.changed);
}

/* Switching to "terminate" hides the services, but their answers stay in
 * the request: switching back shows them again. */
static void
test_request_keeps_hidden_answers (void)
{
  g_autoptr(RosterRequest) request = roster_request_new (roster_form_get_account_change ());

  roster_request_set_text (request, "action", "modify");
  roster_request_set_text (request, "services.alerts", "add");
  roster_request_insert_row (request, "delegation.alerts", -1, "Dr. A", "1234567893");
  roster_request_set_text (request, "action", "terminate");
  roster_request_set_text (request, "termination.reason", "other");
  roster_request_set_text (request, "action", "modify");

  g_assert_cmpstr (roster_request_get_text (request, "services.alerts"), ==, "add");
  g_assert_cmpuint (roster_request_get_n_rows (request, "delegation.alerts"), ==, 1);
  g_assert_cmpstr (roster_request_get_text (request, "termination.reason"), ==, "other");
}

static void
test_request_copy (void)
{
  g_autoptr(RosterRequest) request = roster_request_new (roster_form_get_account_change ());
  g_autoptr(RosterRequest) copy = NULL;

  roster_request_set_text (request, "user.first_name", "Ana");
  roster_request_set_boolean (request, "attestation.authorized", TRUE);
  roster_request_insert_row (request, "delegation.results", -1, "Dr. A", "1234567893");

  copy = roster_request_copy (request);
  roster_request_set_text (request, "user.first_name", "Bea");
  roster_request_remove_row (request, "delegation.results", 0);

  g_assert_cmpstr (roster_request_get_text (copy, "user.first_name"), ==, "Ana");
  g_assert_true (roster_request_get_boolean (copy, "attestation.authorized"));
  g_assert_cmpuint (roster_request_get_n_rows (copy, "delegation.results"), ==, 1);
  g_assert_cmpstr (roster_request_get_row (copy, "delegation.results", 0)->npi, ==, "1234567893");
}

/* A wrong field id is a programming error, reported, not a crash. */
static void
test_request_unknown_field (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(RosterRequest) request = roster_request_new (roster_form_get_account_change ());
      roster_request_set_text (request, "user.middle_name", "X");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*has no field user.middle_name*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/request/text-answers", test_request_text_answers);
  g_test_add_func ("/request/choice-defaults", test_request_choice_defaults);
  g_test_add_func ("/request/boolean-answers", test_request_boolean_answers);
  g_test_add_func ("/request/rows", test_request_rows);
  g_test_add_func ("/request/changed-detail", test_request_changed_detail);
  g_test_add_func ("/request/keeps-hidden-answers", test_request_keeps_hidden_answers);
  g_test_add_func ("/request/copy", test_request_copy);
  g_test_add_func ("/request/unknown-field", test_request_unknown_field);

  return g_test_run ();
}
