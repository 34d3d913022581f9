/* test-payload.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "roster-payload.h"
#include "roster-payload-summary.h"
#include "test-fixtures.h"

#define MODIFY_PAYLOAD \
  "{\"form\":\"hec.account-change\",\"form_version\":1,\"answers\":{" \
  "\"action\":\"modify\"," \
  "\"user\":{\"first_name\":\"Ana\",\"last_name\":\"Díaz\",\"email\":\"ana.diaz@upstate.example.org\"," \
  "\"organization\":\"Upstate University Hospital\"}," \
  "\"submitter\":{\"is_user\":true}," \
  "\"services\":{\"secure_messaging\":\"none\",\"image_exchange\":\"none\",\"alerts\":\"add\"," \
  "\"patient_record\":\"none\",\"delegation\":\"none\"}," \
  "\"alerts\":{\"basis\":\"patient_list\",\"delivery\":\"myalerts_app\",\"lists_submitted\":\"yes\"}," \
  "\"attestation\":{\"authorized\":true}}}"

static GBytes *
bytes_from_string (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static char *
payload_string (RosterRequest *request)
{
  g_autoptr(GBytes) bytes = roster_payload_write (request);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* Wraps @answers (the inside of "answers") in a valid envelope. */
static GBytes *
payload_with_answers (const char *answers)
{
  g_autofree char *text =
    g_strdup_printf ("{\"form\":\"hec.account-change\",\"form_version\":1,\"answers\":{%s}}", answers);

  return bytes_from_string (text);
}

static void
test_payload_exact_bytes (void)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autofree char *text = payload_string (request);

  g_assert_cmpstr (text, ==, MODIFY_PAYLOAD);
}

/* The same answers give the same bytes, whatever order they were given in. */
static void
test_payload_deterministic (void)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(RosterRequest) reordered = roster_request_new (roster_form_get_account_change ());
  g_autoptr(RosterRequest) copy = roster_request_copy (request);
  g_autofree char *first = payload_string (request);
  g_autofree char *second = payload_string (request);
  g_autofree char *from_copy = payload_string (copy);
  g_autofree char *from_reordered = NULL;

  roster_request_set_boolean (reordered, "attestation.authorized", TRUE);
  roster_request_set_text (reordered, "alerts.lists_submitted", "yes");
  roster_request_set_text (reordered, "alerts.delivery", "myalerts_app");
  roster_request_set_text (reordered, "alerts.basis", "patient_list");
  roster_request_set_text (reordered, "services.alerts", "add");
  roster_request_set_boolean (reordered, "submitter.is_user", TRUE);
  roster_request_set_text (reordered, "user.organization", "Upstate University Hospital");
  roster_request_set_text (reordered, "user.email", "ana.diaz@upstate.example.org");
  roster_request_set_text (reordered, "user.last_name", "Díaz");
  roster_request_set_text (reordered, "user.first_name", "Ana");
  roster_request_set_text (reordered, "action", "modify");
  from_reordered = payload_string (reordered);

  g_assert_cmpstr (first, ==, second);
  g_assert_cmpstr (first, ==, from_copy);
  g_assert_cmpstr (first, ==, from_reordered);
}

static void
assert_round_trip (RosterRequest *request)
{
  g_autoptr(GBytes) written = roster_payload_write (request);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterRequest) read = roster_payload_read (written, &problems, &error);
  g_autoptr(GBytes) rewritten = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (read);
  g_assert_cmpuint (problems->len, ==, 0);

  rewritten = roster_payload_write (read);
  g_assert_true (g_bytes_equal (written, rewritten));
}

static void
test_payload_round_trip (void)
{
  g_autoptr(RosterRequest) modify = test_new_modify_request ();
  g_autoptr(RosterRequest) terminate = NULL;
  GDate today;

  test_get_fixed_today (&today);
  terminate = test_new_terminate_request (&today);

  assert_round_trip (modify);
  assert_round_trip (terminate);

  /* Every kind of answer at once: lists, research, Direct address, notes
   * with newlines, non-ASCII and JSON-special characters. */
  roster_request_set_text (modify, "alerts.basis", "provider_npi");
  roster_request_set_text (modify, "alerts.delivery", "direct_mail");
  roster_request_set_text (modify, "alerts.direct_address", "ana@direct.upstate.example.org");
  roster_request_insert_row (modify, "delegation.alerts", -1, "Dr. “Quote\" \\ Smith", TEST_NPI_A);
  roster_request_insert_row (modify, "delegation.alerts", -1, "Dra. Núñez", TEST_NPI_B);
  roster_request_set_text (modify, "services.delegation", "add");
  roster_request_insert_row (modify, "delegation.results", -1, "Dr. Chen", TEST_NPI_C);
  roster_request_set_text (modify, "services.patient_record", "add");
  roster_request_set_text (modify, "record_access.level", "research");
  roster_request_set_text (modify, "record_access.research_study", "Study\t42");
  roster_request_set_boolean (modify, "record_access.level2_consent", TRUE);
  roster_request_set_text (modify, "comments", "Line one\nLine two — ✓");
  roster_request_set_text (modify, "user.phone", "+1 (315) 555-0123");
  assert_round_trip (modify);
}

/* Hidden answers stay in the draft but never go out. */
static void
test_payload_hidden_answers_absent (void)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autofree char *text = NULL;

  roster_request_set_text (request, "termination.effective_date", "2026-11-20");
  roster_request_set_text (request, "termination.reason", "other");
  roster_request_set_text (request, "services.soarian_username", "hidden-username");
  roster_request_insert_row (request, "delegation.alerts", -1, "Dr. Hidden", TEST_NPI_A);
  roster_request_set_text (request, "submitter.name", "Hidden Submitter");
  roster_request_set_text (request, "record_access.level", "clinical");

  text = payload_string (request);
  g_assert_cmpstr (text, ==, MODIFY_PAYLOAD);
  g_assert_null (strstr (text, "termination"));
  g_assert_null (strstr (text, "Hidden"));
  g_assert_null (strstr (text, "hidden-username"));
}

static void
test_payload_trims_text (void)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autofree char *text = NULL;

  roster_request_set_text (request, "user.first_name", "  Ana\t");
  roster_request_set_text (request, "user.username", "   ");
  text = payload_string (request);

  g_assert_cmpstr (text, ==, MODIFY_PAYLOAD);
}

static void
assert_read_error (const char *data,
                   gsize       length,
                   int         code)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, length);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterRequest) request = roster_payload_read (bytes, &problems, &error);

  g_assert_null (request);
  g_assert_null (problems);
  g_assert_error (error, ROSTER_PAYLOAD_ERROR, code);
  g_assert_cmpstr (error->message, !=, "");
  g_test_message ("%s", error->message);
}

#define assert_read_error_str(text, code) assert_read_error ((text), strlen (text), (code))

static void
test_payload_unreadable (void)
{
  g_autofree char *deep = g_strnfill (100000, '[');
  g_autofree char *deep_objects = NULL;
  g_autofree char *huge = NULL;
  GString *builder;

  assert_read_error_str ("", ROSTER_PAYLOAD_ERROR_MALFORMED);
  assert_read_error_str ("   \n", ROSTER_PAYLOAD_ERROR_MALFORMED);
  assert_read_error_str ("null", ROSTER_PAYLOAD_ERROR_MALFORMED);
  assert_read_error_str ("[]", ROSTER_PAYLOAD_ERROR_MALFORMED);
  assert_read_error_str ("\"text\"", ROSTER_PAYLOAD_ERROR_MALFORMED);
  assert_read_error_str (deep, ROSTER_PAYLOAD_ERROR_MALFORMED);
  assert_read_error_str ("{\"form\":", ROSTER_PAYLOAD_ERROR_MALFORMED);
  assert_read_error_str ("\xef\xbb\xbf" MODIFY_PAYLOAD, ROSTER_PAYLOAD_ERROR_MALFORMED);
  assert_read_error_str ("{\"form\":\"hec.account-change\xff\"}", ROSTER_PAYLOAD_ERROR_MALFORMED);
  assert_read_error ("{\"form\":\"a\0b\"}", 14, ROSTER_PAYLOAD_ERROR_MALFORMED);
  assert_read_error_str ("{\"form\":\"hec.account-change\",\"form\":\"hec.account-change\"}",
                         ROSTER_PAYLOAD_ERROR_MALFORMED);
  assert_read_error_str ("/* note */" MODIFY_PAYLOAD, ROSTER_PAYLOAD_ERROR_MALFORMED);
  assert_read_error_str ("{\"form\":\"hec.account-change\",\"form_version\":99999999999999999999,\"answers\":{}}",
                         ROSTER_PAYLOAD_ERROR_MALFORMED);

  /* Deep, but small enough to pass the size limit and reach the depth check. */
  builder = g_string_new (NULL);
  for (guint i = 0; i < 50000; i++)
    g_string_append (builder, "{\"a\":");
  deep_objects = g_string_free (builder, FALSE);
  assert_read_error_str (deep_objects, ROSTER_PAYLOAD_ERROR_MALFORMED);

  /* Within the size limit, json-glib would parse this; the limit is ours. */
  huge = g_strnfill (ROSTER_PAYLOAD_MAX_BYTES + 1, ' ');
  huge[0] = '{';
  huge[ROSTER_PAYLOAD_MAX_BYTES] = '}';
  assert_read_error_str (huge, ROSTER_PAYLOAD_ERROR_TOO_LARGE);

  assert_read_error_str ("{}", ROSTER_PAYLOAD_ERROR_UNKNOWN_FORM);
  assert_read_error_str ("{\"form\":7,\"form_version\":1,\"answers\":{}}", ROSTER_PAYLOAD_ERROR_UNKNOWN_FORM);
  assert_read_error_str ("{\"form\":\"hec.ordering-privileges\",\"form_version\":1,\"answers\":{}}",
                         ROSTER_PAYLOAD_ERROR_UNKNOWN_FORM);
  assert_read_error_str ("{\"form\":\"hec.account-change\",\"answers\":{}}",
                         ROSTER_PAYLOAD_ERROR_UNSUPPORTED_VERSION);
  assert_read_error_str ("{\"form\":\"hec.account-change\",\"form_version\":2,\"answers\":{}}",
                         ROSTER_PAYLOAD_ERROR_UNSUPPORTED_VERSION);
  assert_read_error_str ("{\"form\":\"hec.account-change\",\"form_version\":\"1\",\"answers\":{}}",
                         ROSTER_PAYLOAD_ERROR_UNSUPPORTED_VERSION);
  assert_read_error_str ("{\"form\":\"hec.account-change\",\"form_version\":1.0,\"answers\":{}}",
                         ROSTER_PAYLOAD_ERROR_UNSUPPORTED_VERSION);
  assert_read_error_str ("{\"form\":\"hec.account-change\",\"form_version\":-1,\"answers\":{}}",
                         ROSTER_PAYLOAD_ERROR_UNSUPPORTED_VERSION);
  assert_read_error_str ("{\"form\":\"hec.account-change\",\"form_version\":1}",
                         ROSTER_PAYLOAD_ERROR_MALFORMED);
  assert_read_error_str ("{\"form\":\"hec.account-change\",\"form_version\":1,\"answers\":[]}",
                         ROSTER_PAYLOAD_ERROR_MALFORMED);
}

/* Reads @answers and checks the problems' paths, in order. */
static void
assert_problems (const char *answers,
                 const char *expected_paths)
{
  g_autoptr(GBytes) bytes = payload_with_answers (answers);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RosterRequest) request = roster_payload_read (bytes, &problems, &error);
  g_autofree char *paths = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (request);
  paths = test_issue_paths (problems);
  g_assert_cmpstr (paths, ==, expected_paths);

  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s: %s", ((RosterIssue *) problems->pdata[i])->path,
                    ((RosterIssue *) problems->pdata[i])->message);
}

static void
test_payload_problems (void)
{
  g_autofree char *long_name = g_strnfill (65, 'x');
  g_autofree char *long_answers = g_strdup_printf ("\"user\":{\"first_name\":\"%s\",\"last_name\":\"  %s  \"}",
                                                   long_name, long_name + 1);
  GString *many_rows = g_string_new ("\"action\":\"modify\",\"services\":{\"delegation\":\"add\"},"
                                     "\"delegation\":{\"results\":[");

  assert_problems ("", "");
  assert_problems ("\"user\":{\"middle_name\":\"Q\"}", "user.middle_name");
  assert_problems ("\"bogus\":{\"a\":1}", "bogus");
  assert_problems ("\"user.first_name\":\"Ana\"", "user.first_name");
  assert_problems ("\"user\":\"Ana\"", "user");
  assert_problems ("\"action\":\"modify\",\"termination\":{}", "termination");
  assert_problems ("\"user\":{\"first_name\":5,\"email\":null,\"phone\":[]}",
                   "user.first_name, user.email, user.phone");
  assert_problems ("\"submitter\":{\"is_user\":\"yes\"}", "submitter.is_user");
  assert_problems ("\"action\":\"delete\"", "action");
  assert_problems ("\"action\":true", "action");
  /* Too long once trimmed; trailing spaces don't count. */
  assert_problems (long_answers, "user.first_name");
  assert_problems ("\"action\":\"modify\",\"services\":{\"alerts\":\"add\"},\"alerts\":{\"basis\":\"provider_npi\"},"
                   "\"delegation\":{\"alerts\":{\"name\":\"Dr. A\",\"npi\":\"1234567893\"}}",
                   "delegation.alerts");
  assert_problems ("\"action\":\"modify\",\"services\":{\"alerts\":\"add\"},\"alerts\":{\"basis\":\"provider_npi\"},"
                   "\"delegation\":{\"alerts\":[{\"name\":\"Dr. A\"},{\"npi\":1234567893,\"name\":\"B\"},"
                   "{\"name\":\"C\",\"npi\":\"1234567893\",\"dea\":\"X\"},7]}",
                   "delegation.alerts[0].npi, delegation.alerts[1].npi, delegation.alerts[2].dea, delegation.alerts[3]");
  /* Answers that do not apply to this request are refused. */
  assert_problems ("\"action\":\"modify\",\"termination\":{\"reason\":\"other\"}", "termination.reason");
  assert_problems ("\"action\":\"terminate\",\"services\":{\"alerts\":\"add\"}", "services.alerts");
  assert_problems ("\"submitter\":{\"is_user\":true,\"name\":\"Pat\"}", "submitter.name");

  for (guint i = 0; i < 501; i++)
    g_string_append_printf (many_rows, "%s{\"name\":\"Dr\",\"npi\":\"1234567893\"}", i ? "," : "");
  g_string_append (many_rows, "]}");
  assert_problems (many_rows->str, "delegation.results");
  g_string_free (many_rows, TRUE);

  /* Unknown members of the envelope. */
  {
    g_autoptr(GBytes) bytes = bytes_from_string ("{\"form\":\"hec.account-change\",\"form_version\":1,"
                                                 "\"answers\":{},\"priority\":\"high\"}");
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(RosterRequest) request = roster_payload_read (bytes, &problems, NULL);
    g_autofree char *paths = test_issue_paths (problems);

    g_assert_nonnull (request);
    g_assert_cmpstr (paths, ==, "priority");
  }
}

/* What --validate and the server report: problems of shape, then the
 * rules' issues, one message per field. */
static void
test_payload_check (void)
{
  g_autoptr(GBytes) valid = bytes_from_string (MODIFY_PAYLOAD);
  g_autoptr(GBytes) invalid = payload_with_answers ("\"action\":\"modify\",\"user\":{\"first_name\":42},"
                                                    "\"services\":{\"alerts\":\"add\"},"
                                                    "\"alerts\":{\"basis\":\"provider_npi\",\"user_is_provider\":false},"
                                                    "\"delegation\":{\"alerts\":[{\"name\":\"Dr. Smith\",\"npi\":\"1234567890\"}]}");
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *paths = NULL;
  GDate today;

  test_get_fixed_today (&today);

  issues = roster_payload_check (valid, &today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (issues->len, ==, 0);
  g_clear_pointer (&issues, g_ptr_array_unref);

  issues = roster_payload_check (invalid, &today, &error);
  g_assert_no_error (error);
  paths = test_issue_paths (issues);
  g_assert_cmpstr (paths, ==,
                   "user.first_name, user.last_name, user.email, user.organization, "
                   "submitter.name, submitter.email, alerts.delivery, delegation.alerts[0].npi, "
                   "attestation.authorized");
  g_assert_cmpstr (((RosterIssue *) issues->pdata[0])->message, ==, "Expected text (a JSON string).");
  g_clear_pointer (&issues, g_ptr_array_unref);

  {
    g_autoptr(GBytes) deep = bytes_from_string ("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[");

    issues = roster_payload_check (deep, &today, &error);
    g_assert_null (issues);
    g_assert_error (error, ROSTER_PAYLOAD_ERROR, ROSTER_PAYLOAD_ERROR_MALFORMED);
  }
}

static void
test_payload_load_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("roster-test-XXXXXX", NULL);
  g_autofree char *small = g_build_filename (dir, "small.json", NULL);
  g_autofree char *large = g_build_filename (dir, "large.json", NULL);
  g_autofree char *content = g_strnfill (ROSTER_PAYLOAD_MAX_BYTES + 10, ' ');
  g_autoptr(GFile) small_file = g_file_new_for_path (small);
  g_autoptr(GFile) large_file = g_file_new_for_path (large);
  g_autoptr(GFile) missing_file = g_file_new_build_filename (dir, "missing.json", NULL);
  g_autoptr(GFile) endless = g_file_new_for_path ("/dev/zero");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (small, MODIFY_PAYLOAD, -1, NULL));
  g_assert_true (g_file_set_contents (large, content, -1, NULL));

  bytes = roster_payload_load_file (small_file, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   MODIFY_PAYLOAD, strlen (MODIFY_PAYLOAD));

  g_assert_null (roster_payload_load_file (large_file, &error));
  g_assert_error (error, ROSTER_PAYLOAD_ERROR, ROSTER_PAYLOAD_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "large.json"));
  g_clear_error (&error);

  g_assert_null (roster_payload_load_file (endless, &error));
  g_assert_error (error, ROSTER_PAYLOAD_ERROR, ROSTER_PAYLOAD_ERROR_TOO_LARGE);
  g_clear_error (&error);

  g_assert_null (roster_payload_load_file (missing_file, &error));
  g_assert_error (error, ROSTER_PAYLOAD_ERROR, ROSTER_PAYLOAD_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (error->message, "missing.json"));

  g_unlink (small);
  g_unlink (large);
  g_rmdir (dir);
}

/* The plain words of Review and receipts follow the payload, in order. */
static void
test_payload_summary (void)
{
  g_autoptr(RosterRequest) request = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) nothing = NULL;
  g_autoptr(GBytes) garbage = g_bytes_new_static ("[[[", 3);
  GDate today;

  test_get_fixed_today (&today);
  request = test_new_terminate_request (&today);
  roster_request_set_text (request, "termination.effective_date", "2026-12-01");
  payload = roster_payload_write (request);
  lines = roster_payload_summarize (payload);

  g_assert_cmpuint (lines->len, ==, 11);
  {
    const RosterAnswerLine *action = lines->pdata[0];
    const RosterAnswerLine *is_user = lines->pdata[5];
    const RosterAnswerLine *date = lines->pdata[8];
    const RosterAnswerLine *reason = lines->pdata[9];

    g_assert_cmpstr (action->section_title, ==, "Request");
    g_assert_cmpstr (action->label, ==, "What should change?");
    g_assert_cmpstr (action->value, ==, "Terminate access");
    g_assert_cmpstr (is_user->value, ==, "No");
    g_assert_cmpstr (date->value, ==, "Tuesday, December 1, 2026");
    g_assert_cmpstr (reason->value, ==, "Left the organization");
  }

  g_clear_object (&request);
  g_clear_pointer (&payload, g_bytes_unref);
  g_clear_pointer (&lines, g_ptr_array_unref);
  request = test_new_modify_request ();
  roster_request_set_text (request, "alerts.basis", "provider_npi");
  roster_request_insert_row (request, "delegation.alerts", -1, "Dr. Maria Chen", TEST_NPI_A);
  payload = roster_payload_write (request);
  lines = roster_payload_summarize (payload);
  {
    const RosterAnswerLine *last_but_one = lines->pdata[lines->len - 2];

    g_assert_cmpstr (last_but_one->section_title, ==, "Delegation");
    g_assert_cmpstr (last_but_one->label, ==, "Providers whose alerts this user receives — Dr. Maria Chen");
    g_assert_cmpstr (last_but_one->value, ==, "NPI " TEST_NPI_A);
  }

  nothing = roster_payload_summarize (garbage);
  g_assert_cmpuint (nothing->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/payload/exact-bytes", test_payload_exact_bytes);
  g_test_add_func ("/payload/deterministic", test_payload_deterministic);
  g_test_add_func ("/payload/round-trip", test_payload_round_trip);
  g_test_add_func ("/payload/hidden-answers-absent", test_payload_hidden_answers_absent);
  g_test_add_func ("/payload/trims-text", test_payload_trims_text);
  g_test_add_func ("/payload/unreadable", test_payload_unreadable);
  g_test_add_func ("/payload/problems", test_payload_problems);
  g_test_add_func ("/payload/check", test_payload_check);
  g_test_add_func ("/payload/load-file", test_payload_load_file);
  g_test_add_func ("/payload/summary", test_payload_summary);

  return g_test_run ();
}
