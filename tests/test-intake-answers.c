/* test-intake-answers.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What Roster makes of the intake endpoint's answers, with no network:
 * roster_intake_parse_response() for submissions and
 * roster_intake_parse_status() for status lookups (both fuzzed too, in
 * fuzz-intake-response).
 */

#include "config.h"

#include <string.h>

#include "roster-intake-client.h"

static GBytes *
text (const char *body)
{
  return g_bytes_new_static (body, strlen (body));
}

static void
test_status_states (void)
{
  static const char * const states[] = { "received", "in_review", "completed", "rejected" };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"tracking_id\":\"R7F3K2M9XQ\","
                                               "\"received_at\":\"2026-03-13T14:05:09Z\","
                                               "\"status\":\"%s\"}", states[i]);
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      g_autoptr(RosterIntakeStatus) answer = NULL;
      g_autoptr(GError) error = NULL;

      answer = roster_intake_parse_status (200, bytes, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (answer->status, ==, states[i]);
      g_assert_null (answer->note);
    }
}

/* The note is kept as the HIE wrote it: plain text, markup and all. */
static void
test_status_note (void)
{
  g_autoptr(GBytes) body = text ("{\"status\":\"rejected\",\"note\":\"Dr. <b>Raman</b> is not a participating provider.\"}");
  g_autoptr(RosterIntakeStatus) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = roster_intake_parse_status (200, body, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (answer->status, ==, "rejected");
  g_assert_cmpstr (answer->note, ==, "Dr. <b>Raman</b> is not a participating provider.");
}

static void
test_status_refused (void)
{
  static const struct
  {
    guint       status;
    const char *body;
  } cases[] = {
    { 200, "{\"status\":\"archived\"}" },
    { 200, "{\"status\":7}" },
    { 200, "{\"state\":\"received\"}" },
    { 200, "[\"received\"]" },
    { 200, "{\"status\":\"received\",\"status\":\"rejected\"}" },
    { 200, "{\"status\":\"received\"" },
    { 200, "<html>received</html>" },
    { 200, "" },
    { 404, "{\"error\":\"not_found\",\"message\":\"There is nothing here for this token.\"}" },
    { 500, "{\"status\":\"received\"}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = text (cases[i].body);
      g_autoptr(RosterIntakeStatus) answer = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%u %s", cases[i].status, cases[i].body);
      answer = roster_intake_parse_status (cases[i].status, body, &error);
      g_assert_null (answer);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
    }

  /* No body at all (one too long to be an answer is not kept). */
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (roster_intake_parse_status (200, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  }
}

static void
test_response_outcomes (void)
{
  g_autoptr(GBytes) created = text ("{\"tracking_id\":\"R7F3K2M9XQ\",\"received_at\":\"2026-03-13T14:05:09Z\",\"status\":\"received\"}");
  g_autoptr(GBytes) busy = text ("{\"error\":\"too_many_requests\",\"message\":\"Too many requests.\"}");
  g_autoptr(RosterIntakeResult) accepted = roster_intake_parse_response (201, NULL, created);
  g_autoptr(RosterIntakeResult) retry = roster_intake_parse_response (429, "7", busy);

  g_assert_cmpint (accepted->outcome, ==, ROSTER_OUTCOME_ACCEPTED);
  g_assert_cmpstr (accepted->tracking_id, ==, "R7F3K2M9XQ");
  g_assert_cmpint (accepted->retry_after, ==, -1);

  g_assert_cmpint (retry->outcome, ==, ROSTER_OUTCOME_RETRY);
  g_assert_cmpint (retry->retry_after, ==, 7 * G_USEC_PER_SEC);
  g_assert_null (retry->tracking_id);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/intake-answers/status-states", test_status_states);
  g_test_add_func ("/intake-answers/status-note", test_status_note);
  g_test_add_func ("/intake-answers/status-refused", test_status_refused);
  g_test_add_func ("/intake-answers/response-outcomes", test_response_outcomes);

  return g_test_run ();
}
