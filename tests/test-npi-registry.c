/* test-npi-registry.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "npi-registry-stand-in.h"
#include "roster-npi-registry.h"
#include "roster-store-private.h"
#include "test-fixtures.h"

/* The NPI Registry check: the answer parser on recorded and hostile
 * answers, the name comparison, the warnings, and the client against the
 * registry stand-in over real HTTP on loopback. */

static char *
answer_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "npi-registry", name, NULL);
}

static RosterNpiRecord *
parse_recorded (const char *npi)
{
  g_autofree char *file = g_strdup_printf ("%s.json", npi);
  g_autofree char *path = answer_path (file);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  RosterNpiRecord *record;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  record = roster_npi_record_parse (npi, contents, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);

  return record;
}

static void
test_parse_recorded (void)
{
  g_autoptr(RosterNpiRecord) person = parse_recorded (STAND_IN_NPI_PERSON);
  g_autoptr(RosterNpiRecord) accented = parse_recorded (STAND_IN_NPI_ACCENTED);
  g_autoptr(RosterNpiRecord) organization = parse_recorded (STAND_IN_NPI_ORGANIZATION);
  g_autoptr(RosterNpiRecord) deactivated = parse_recorded (STAND_IN_NPI_DEACTIVATED);
  g_autoptr(RosterNpiRecord) unknown = parse_recorded (STAND_IN_NPI_UNKNOWN);
  g_autofree char *line = NULL;

  g_assert_cmpint (person->kind, ==, ROSTER_NPI_KIND_PERSON);
  g_assert_true (person->active);
  g_assert_cmpstr (person->first_name, ==, "JANE");
  g_assert_cmpstr (person->middle_name, ==, "QUINN");
  g_assert_cmpstr (person->last_name, ==, "DOE");
  g_assert_cmpstr (person->credential, ==, "M.D.");
  line = roster_npi_record_describe (person);
  g_assert_cmpstr (line, ==, "JANE QUINN DOE, M.D. · person, NPI-1 · active");

  g_assert_cmpstr (accented->first_name, ==, "JOSÉ");
  g_assert_null (accented->middle_name);

  g_assert_cmpint (organization->kind, ==, ROSTER_NPI_KIND_ORGANIZATION);
  g_assert_cmpstr (organization->organization_name, ==, "FAMILY CARE MEDICAL GROUP, P.C.");
  g_assert_null (organization->first_name);

  g_assert_cmpint (deactivated->kind, ==, ROSTER_NPI_KIND_PERSON);
  g_assert_false (deactivated->active);

  g_assert_cmpint (unknown->kind, ==, ROSTER_NPI_KIND_UNKNOWN);
  g_clear_pointer (&line, g_free);
  line = roster_npi_record_describe (unknown);
  g_assert_cmpstr (line, ==, "Not in the NPI Registry");
}

static void
test_parse_hostile (void)
{
  static const struct {
    const char *body;
    RosterNpiRecordError code;
  } cases[] = {
    { "", ROSTER_NPI_RECORD_ERROR_MALFORMED },
    { "<html>Service Unavailable</html>", ROSTER_NPI_RECORD_ERROR_MALFORMED },
    { "[]", ROSTER_NPI_RECORD_ERROR_MALFORMED },
    { "{}", ROSTER_NPI_RECORD_ERROR_MALFORMED },
    { "{\"results\":{}}", ROSTER_NPI_RECORD_ERROR_MALFORMED },
    { "{\"results\":[1]}", ROSTER_NPI_RECORD_ERROR_MALFORMED },
    /* An answer about another number. */
    { "{\"results\":[{\"number\":\"1245319599\",\"enumeration_type\":\"NPI-1\",\"basic\":{}}]}", ROSTER_NPI_RECORD_ERROR_MALFORMED },
    { "{\"results\":[{\"number\":\"1234567893\",\"enumeration_type\":\"NPI-3\",\"basic\":{}}]}", ROSTER_NPI_RECORD_ERROR_MALFORMED },
    { "{\"results\":[{\"number\":\"1234567893\",\"enumeration_type\":\"NPI-1\"}]}", ROSTER_NPI_RECORD_ERROR_MALFORMED },
    { "{\"results\":[{\"number\":\"1234567893\",\"enumeration_type\":\"NPI-1\",\"basic\":{\"first_name\":7}}]}", ROSTER_NPI_RECORD_ERROR_MALFORMED },
    { "{\"results\":[{\"number\":\"1234567893\",\"enumeration_type\":\"NPI-1\",\"basic\":{\"last_name\":\"DOE\\u0007\"}}]}", ROSTER_NPI_RECORD_ERROR_MALFORMED },
    { "{\"results\":[],\"results\":[]}", ROSTER_NPI_RECORD_ERROR_MALFORMED },
    { "{\"Errors\":[{\"description\":\"x\",\"field\":\"number\",\"number\":\"04\"}]}", ROSTER_NPI_RECORD_ERROR_REFUSED },
  };
  g_autofree char *deep = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *errors_path = answer_path ("errors.json");
  g_autofree char *errors = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RosterNpiRecord) record = roster_npi_record_parse ("1234567893", cases[i].body, strlen (cases[i].body), &error);

      g_assert_null (record);
      g_assert_error (error, ROSTER_NPI_RECORD_ERROR, (int) cases[i].code);
      g_clear_error (&error);
    }

  /* json-glib 1.6 would overflow its stack on these. */
  deep = g_malloc (200001);
  memset (deep, '[', 100000);
  memset (deep + 100000, ']', 100000);
  deep[200000] = '\0';
  g_assert_null (roster_npi_record_parse ("1234567893", deep, 200000, &error));
  g_assert_error (error, ROSTER_NPI_RECORD_ERROR, ROSTER_NPI_RECORD_ERROR_MALFORMED);
  g_clear_error (&error);

  huge = g_strnfill (ROSTER_NPI_RECORD_MAX_BYTES + 1, ' ');
  g_assert_null (roster_npi_record_parse ("1234567893", huge, ROSTER_NPI_RECORD_MAX_BYTES + 1, &error));
  g_assert_error (error, ROSTER_NPI_RECORD_ERROR, ROSTER_NPI_RECORD_ERROR_MALFORMED);
  g_clear_error (&error);

  g_assert_true (g_file_get_contents (errors_path, &errors, &length, NULL));
  g_assert_null (roster_npi_record_parse ("1234567893", errors, length, &error));
  g_assert_error (error, ROSTER_NPI_RECORD_ERROR, ROSTER_NPI_RECORD_ERROR_REFUSED);
}

static void
test_serialize_round_trip (void)
{
  const char *npis[] = { STAND_IN_NPI_PERSON, STAND_IN_NPI_ORGANIZATION, STAND_IN_NPI_DEACTIVATED, STAND_IN_NPI_UNKNOWN };

  for (guint i = 0; i < G_N_ELEMENTS (npis); i++)
    {
      g_autoptr(RosterNpiRecord) record = parse_recorded (npis[i]);
      g_autofree char *text = roster_npi_record_serialize (record);
      g_autoptr(RosterNpiRecord) again = roster_npi_record_parse (npis[i], text, strlen (text), NULL);
      g_autofree char *line = roster_npi_record_describe (record);
      g_autofree char *line_again = NULL;

      g_assert_nonnull (again);
      line_again = roster_npi_record_describe (again);
      g_assert_cmpint (again->kind, ==, record->kind);
      g_assert_cmpint (again->active, ==, record->active);
      g_assert_cmpstr (line_again, ==, line);
    }
}

static void
test_names (void)
{
  g_autoptr(RosterNpiRecord) jane = parse_recorded (STAND_IN_NPI_PERSON);
  g_autoptr(RosterNpiRecord) jose = parse_recorded (STAND_IN_NPI_ACCENTED);
  g_autoptr(RosterNpiRecord) clinic = parse_recorded (STAND_IN_NPI_ORGANIZATION);
  static const struct {
    const char *typed;
    gboolean    jane, jose, clinic;
  } cases[] = {
    { "Jane Doe",                     TRUE,  FALSE, FALSE },
    { "JANE DOE",                     TRUE,  FALSE, FALSE },
    { "jane quinn doe",               TRUE,  FALSE, FALSE },
    { "Jane Q. Doe",                  TRUE,  FALSE, FALSE },
    { "Dr. Jane Doe",                 TRUE,  FALSE, FALSE },
    { "Doe, Jane",                    TRUE,  FALSE, FALSE },
    { "Jane Doe, MD",                 TRUE,  FALSE, FALSE },
    { "Dr Jane Q Doe M.D.",           TRUE,  FALSE, FALSE },
    { "  Jane   Doe  ",               TRUE,  FALSE, FALSE },
    { "Jane Doe Jr.",                 TRUE,  FALSE, FALSE },
    { "Jose O'Brien-Nunez",           FALSE, TRUE,  FALSE },
    { "José O’Brien Núñez",           FALSE, TRUE,  FALSE },
    { "JOSE OBRIEN NUNEZ, NP",        FALSE, TRUE,  FALSE },
    { "Family Care Medical Group",    FALSE, FALSE, TRUE  },
    { "Family Care Medical Group PC", FALSE, FALSE, TRUE  },
    { "The Family Care Medical Group, P.C.", FALSE, FALSE, TRUE },
    /* Must not match: another person, a missing part, extra words. */
    { "John Doe",                     FALSE, FALSE, FALSE },
    { "Jane Smith",                   FALSE, FALSE, FALSE },
    { "Doe",                          FALSE, FALSE, FALSE },
    { "Jane",                         FALSE, FALSE, FALSE },
    { "Jane R. Doe",                  FALSE, FALSE, FALSE },
    { "Jane Doe-Smith",               FALSE, FALSE, FALSE },
    { "Jose Nunez",                   FALSE, FALSE, FALSE },
    { "Family Care",                  FALSE, FALSE, FALSE },
    { "Family Care Medical Group of Utica", FALSE, FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].typed);
      g_assert_cmpint (roster_npi_name_matches (cases[i].typed, jane), ==, cases[i].jane);
      g_assert_cmpint (roster_npi_name_matches (cases[i].typed, jose), ==, cases[i].jose);
      g_assert_cmpint (roster_npi_name_matches (cases[i].typed, clinic), ==, cases[i].clinic);
    }
}

static void
assert_warnings (GPtrArray  *warnings,
                 const char *expected)
{
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; i < warnings->len; i++)
    g_string_append_printf (joined, "%s%s", i > 0 ? "\n" : "", (const char *) g_ptr_array_index (warnings, i));

  g_assert_cmpstr (joined->str, ==, expected);
}

static void
test_check (void)
{
  g_autoptr(RosterNpiRecord) jane = parse_recorded (STAND_IN_NPI_PERSON);
  g_autoptr(RosterNpiRecord) clinic = parse_recorded (STAND_IN_NPI_ORGANIZATION);
  g_autoptr(RosterNpiRecord) smith = parse_recorded (STAND_IN_NPI_DEACTIVATED);
  g_autoptr(RosterNpiRecord) unknown = parse_recorded (STAND_IN_NPI_UNKNOWN);
  g_autoptr(GPtrArray) warnings = NULL;

  warnings = roster_npi_record_check (jane, "Dr. Jane Doe", TRUE);
  assert_warnings (warnings, "");
  g_clear_pointer (&warnings, g_ptr_array_unref);

  warnings = roster_npi_record_check (jane, NULL, TRUE);
  assert_warnings (warnings, "");
  g_clear_pointer (&warnings, g_ptr_array_unref);

  warnings = roster_npi_record_check (jane, "Robert Smith", TRUE);
  assert_warnings (warnings, "This NPI is registered to JANE QUINN DOE, M.D., not to the name given here. Check the name and the number.");
  g_clear_pointer (&warnings, g_ptr_array_unref);

  warnings = roster_npi_record_check (clinic, "Jane Doe", TRUE);
  assert_warnings (warnings, "This NPI is registered to an organization, FAMILY CARE MEDICAL GROUP, P.C. (NPI-2), not to a person. Enter the provider’s own NPI.");
  g_clear_pointer (&warnings, g_ptr_array_unref);

  warnings = roster_npi_record_check (clinic, "Family Care Medical Group", FALSE);
  assert_warnings (warnings, "");
  g_clear_pointer (&warnings, g_ptr_array_unref);

  warnings = roster_npi_record_check (smith, "Robert Smith", TRUE);
  assert_warnings (warnings, "This NPI, registered to ROBERT SMITH, D.O., is deactivated. Ask for the provider’s current NPI.");
  g_clear_pointer (&warnings, g_ptr_array_unref);

  warnings = roster_npi_record_check (unknown, "Jane Doe", TRUE);
  assert_warnings (warnings, "The NPI Registry has no provider with this NPI. Check the number.");
}

static GHashTable *
recorded_table (void)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) roster_npi_record_free);

  g_hash_table_insert (table, (gpointer) STAND_IN_NPI_PERSON, parse_recorded (STAND_IN_NPI_PERSON));
  g_hash_table_insert (table, (gpointer) STAND_IN_NPI_ORGANIZATION, parse_recorded (STAND_IN_NPI_ORGANIZATION));
  g_hash_table_insert (table, (gpointer) STAND_IN_NPI_UNKNOWN, parse_recorded (STAND_IN_NPI_UNKNOWN));

  return table;
}

static const RosterNpiRecord *
table_lookup_cb (const char *npi,
                 gpointer    user_data)
{
  return g_hash_table_lookup (user_data, npi);
}

/* A request whose delegation asks for provider rows. */
static RosterRequest *
new_delegation_request (void)
{
  RosterRequest *request = test_new_modify_request ();

  roster_request_set_text (request, "alerts.basis", "provider_npi");
  roster_request_set_boolean (request, "alerts.user_is_provider", FALSE);

  return request;
}

static void
test_check_request (void)
{
  g_autoptr(RosterRequest) request = new_delegation_request ();
  g_autoptr(GHashTable) table = recorded_table ();
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) npis = NULL;
  g_autofree char *paths = NULL;
  g_autofree char *joined = NULL;

  roster_request_insert_row (request, "delegation.alerts", -1, "Jane Doe, MD", " " STAND_IN_NPI_PERSON " ");
  roster_request_insert_row (request, "delegation.alerts", -1, "Jane Doe", STAND_IN_NPI_ORGANIZATION);
  roster_request_insert_row (request, "delegation.alerts", -1, "Robert Smith", STAND_IN_NPI_PERSON);
  roster_request_insert_row (request, "delegation.alerts", -1, "", STAND_IN_NPI_UNKNOWN);
  roster_request_insert_row (request, "delegation.alerts", -1, "Half typed", "12345");
  /* Not checked yet: no warning. */
  roster_request_insert_row (request, "delegation.alerts", -1, "Someone", STAND_IN_NPI_ACCENTED);
  roster_request_set_text (request, "user.npi", STAND_IN_NPI_ORGANIZATION);

  npis = roster_npi_collect (request);
  g_assert_cmpuint (npis->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (npis, 0), ==, STAND_IN_NPI_ORGANIZATION);
  g_assert_cmpstr (g_ptr_array_index (npis, 1), ==, STAND_IN_NPI_PERSON);

  issues = roster_npi_check_request (request, table_lookup_cb, table);
  paths = test_issue_paths (issues);
  g_assert_cmpstr (paths, ==, "user.npi, delegation.alerts[1].npi, delegation.alerts[2].npi, delegation.alerts[3].npi");

  /* A hidden field is not checked: with the user as the provider, the
   * delegation rows are hidden. */
  roster_request_set_boolean (request, "alerts.user_is_provider", TRUE);
  g_clear_pointer (&issues, g_ptr_array_unref);
  issues = roster_npi_check_request (request, table_lookup_cb, table);
  joined = test_issue_paths (issues);
  g_assert_cmpstr (joined, ==, "user.npi");
}

/* The user's own NPI is compared with the request's person, whom the form
 * names by role. */
static void
test_check_user_npi (void)
{
  g_autoptr(GHashTable) table = recorded_table ();
  g_autoptr(RosterRequest) request = roster_request_new (roster_form_get_new_user ());
  g_autoptr(GPtrArray) matching = NULL;
  g_autoptr(GPtrArray) other = NULL;
  g_autofree char *paths = NULL;

  roster_request_set_text (request, "user.role", "provider");
  roster_request_set_text (request, "user.npi", STAND_IN_NPI_PERSON);
  roster_request_set_text (request, "user.first_name", "Jane");
  roster_request_set_text (request, "user.last_name", "Doe");
  matching = roster_npi_check_request (request, table_lookup_cb, table);
  g_assert_cmpuint (matching->len, ==, 0);

  roster_request_set_text (request, "user.last_name", "Smith");
  other = roster_npi_check_request (request, table_lookup_cb, table);
  paths = test_issue_paths (other);
  g_assert_cmpstr (paths, ==, "user.npi");
}

/* The client, over HTTP ---------------------------------------------------- */

typedef struct
{
  char              *dir;
  StandIn           *stand_in;
  RosterStore       *store;
  RosterNpiRegistry *registry;
  GPtrArray         *changed;
} Fixture;

static void
changed_cb (RosterNpiRegistry *registry,
            const char        *npi,
            Fixture           *fixture)
{
  g_ptr_array_add (fixture->changed, g_strdup (npi));
}

static RosterNpiRegistry *
new_registry (Fixture *fixture)
{
  g_autofree char *url = stand_in_dup_url (fixture->stand_in);
  g_autoptr(GError) error = NULL;
  RosterNpiRegistry *registry = roster_npi_registry_new (url, fixture->store, &error);

  g_assert_no_error (error);
  roster_npi_registry_set_timings (registry, 10, 1, 1);
  g_signal_connect (registry, "record-changed", G_CALLBACK (changed_cb), fixture);

  return registry;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *answers = g_test_build_filename (G_TEST_DIST, "npi-registry", NULL);
  g_autoptr(GError) error = NULL;

  fixture->dir = test_make_scratch_dir ("roster-npi-XXXXXX");
  fixture->stand_in = stand_in_new (answers, 0, &error);
  g_assert_no_error (error);
  fixture->store = roster_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  fixture->changed = g_ptr_array_new_with_free_func (g_free);
  fixture->registry = new_registry (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->registry);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->stand_in, stand_in_free);
  g_ptr_array_unref (fixture->changed);
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static gboolean
deadline_cb (gpointer user_data)
{
  g_assert_not_reached ();
  return G_SOURCE_REMOVE;
}

/* Spins the main loop until the registry is idle (10 s at most). */
static void
wait_idle (RosterNpiRegistry *registry)
{
  guint deadline = g_timeout_add_seconds (10, deadline_cb, NULL);

  while (roster_npi_registry_get_busy (registry))
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (deadline);
}

static void
test_registry_fetch (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RosterNpiRegistry) second = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *line = NULL;
  const RosterNpiRecord *record;
  GPtrArray *requests;
  gint64 before = g_get_real_time ();

  g_assert_null (roster_npi_registry_lookup (fixture->registry, STAND_IN_NPI_PERSON));
  line = roster_npi_registry_describe_npi (fixture->registry, STAND_IN_NPI_PERSON);
  g_assert_cmpstr (line, ==, "Not checked yet");
  g_clear_pointer (&line, g_free);
  g_assert_null (roster_npi_registry_describe_npi (fixture->registry, "1234567890"));

  /* Typed fast: asked once. Invalid NPIs are never asked. */
  for (guint i = 0; i < 5; i++)
    roster_npi_registry_request (fixture->registry, STAND_IN_NPI_PERSON);
  roster_npi_registry_request (fixture->registry, "123456789");
  roster_npi_registry_request (fixture->registry, "1234567890");
  g_assert_true (roster_npi_registry_get_busy (fixture->registry));
  wait_idle (fixture->registry);

  g_assert_cmpuint (fixture->changed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->changed, 0), ==, STAND_IN_NPI_PERSON);
  record = roster_npi_registry_lookup (fixture->registry, STAND_IN_NPI_PERSON);
  g_assert_nonnull (record);
  g_assert_cmpstr (record->last_name, ==, "DOE");
  g_assert_cmpint (record->fetched_at, >=, before);
  line = roster_npi_registry_describe_npi (fixture->registry, STAND_IN_NPI_PERSON);
  g_assert_cmpstr (line, ==, "JANE QUINN DOE, M.D. · person, NPI-1 · active");

  /* Only the NPI went out: no token, cookie or anything from the form. */
  requests = stand_in_get_requests (fixture->stand_in);
  g_assert_cmpuint (requests->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (requests, 0), "version=2.1&number=" STAND_IN_NPI_PERSON " "));
  g_assert_null (strstr (g_ptr_array_index (requests, 0), "Authorization"));
  g_assert_null (strstr (g_ptr_array_index (requests, 0), "Cookie"));
  g_assert_null (strstr (g_ptr_array_index (requests, 0), "Referer"));

  /* Kept in the store: a later run asks nothing. */
  second = new_registry (fixture);
  record = roster_npi_registry_lookup (second, STAND_IN_NPI_PERSON);
  g_assert_nonnull (record);
  g_assert_cmpstr (record->first_name, ==, "JANE");
  roster_npi_registry_request (second, STAND_IN_NPI_PERSON);
  g_assert_false (roster_npi_registry_get_busy (second));
  g_assert_cmpuint (stand_in_count_requests (fixture->stand_in, STAND_IN_NPI_PERSON), ==, 1);

  /* "No such NPI" is an answer too, and is kept. */
  roster_npi_registry_request (fixture->registry, STAND_IN_NPI_UNKNOWN);
  wait_idle (fixture->registry);
  record = roster_npi_registry_lookup (fixture->registry, STAND_IN_NPI_UNKNOWN);
  g_assert_nonnull (record);
  g_assert_cmpint (record->kind, ==, ROSTER_NPI_KIND_UNKNOWN);
  expected = roster_store_get_npi_answer (fixture->store, STAND_IN_NPI_UNKNOWN, 0, NULL);
  g_assert_cmpstr (expected, ==, "{\"result_count\":0,\"results\":[]}");
}

static void
test_registry_failures (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *npis[] = { STAND_IN_NPI_SLOW, STAND_IN_NPI_SERVER_ERROR, STAND_IN_NPI_GARBAGE,
                         STAND_IN_NPI_HUGE, STAND_IN_NPI_DEEP };
  gint64 start = g_get_monotonic_time ();

  roster_npi_registry_set_timings (fixture->registry, 10, 1, 3600);
  for (guint i = 0; i < G_N_ELEMENTS (npis); i++)
    roster_npi_registry_request (fixture->registry, npis[i]);
  wait_idle (fixture->registry);

  /* The slow one was given up after its deadline, not 30 s. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_TIME_SPAN_SECOND);
  g_assert_cmpuint (fixture->changed->len, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (npis); i++)
    {
      g_autofree char *line = roster_npi_registry_describe_npi (fixture->registry, npis[i]);

      g_assert_null (roster_npi_registry_lookup (fixture->registry, npis[i]));
      g_assert_cmpstr (line, ==, "Not checked yet");
      g_assert_null (roster_store_get_npi_answer (fixture->store, npis[i], 0, NULL));
      g_assert_cmpuint (stand_in_count_requests (fixture->stand_in, npis[i]), ==, 1);
    }

  /* A failed NPI is not asked again on every keystroke... */
  roster_npi_registry_request (fixture->registry, STAND_IN_NPI_SERVER_ERROR);
  g_assert_false (roster_npi_registry_get_busy (fixture->registry));

  /* ...but when the network comes back (or the retry delay passes). */
  roster_npi_registry_retry_now (fixture->registry);
  wait_idle (fixture->registry);
  g_assert_cmpuint (stand_in_count_requests (fixture->stand_in, STAND_IN_NPI_SERVER_ERROR), ==, 2);
}

static void
test_registry_offline (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  stand_in_stop (fixture->stand_in);
  roster_npi_registry_request (fixture->registry, STAND_IN_NPI_PERSON);
  wait_idle (fixture->registry);
  line = roster_npi_registry_describe_npi (fixture->registry, STAND_IN_NPI_PERSON);
  g_assert_cmpstr (line, ==, "Not checked yet");

  /* Back online: the retry (1 s here) asks again by itself. */
  g_assert_true (stand_in_listen (fixture->stand_in, &error));
  g_assert_no_error (error);
  while (fixture->changed->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_clear_pointer (&line, g_free);
  line = roster_npi_registry_describe_npi (fixture->registry, STAND_IN_NPI_PERSON);
  g_assert_cmpstr (line, ==, "JANE QUINN DOE, M.D. · person, NPI-1 · active");
}

static void
test_registry_stale (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RosterNpiRecord) jane = parse_recorded (STAND_IN_NPI_PERSON);
  g_autoptr(RosterNpiRecord) clinic = parse_recorded (STAND_IN_NPI_ORGANIZATION);
  g_autofree char *jane_answer = roster_npi_record_serialize (jane);
  g_autofree char *clinic_answer = roster_npi_record_serialize (clinic);
  gint64 now = g_get_real_time ();
  gint64 fetched_at = 0;
  g_autofree char *old = NULL;

  /* One answer 29 days old, one 31 days old: only the second is asked. */
  g_assert_true (roster_store_put_npi_answer (fixture->store, STAND_IN_NPI_PERSON, jane_answer,
                                              now - 29 * G_TIME_SPAN_DAY, NULL));
  g_assert_true (roster_store_put_npi_answer (fixture->store, STAND_IN_NPI_ORGANIZATION, clinic_answer,
                                              now - 31 * G_TIME_SPAN_DAY, NULL));

  roster_npi_registry_request (fixture->registry, STAND_IN_NPI_PERSON);
  roster_npi_registry_request (fixture->registry, STAND_IN_NPI_ORGANIZATION);
  /* The old answer is shown while the new one comes. */
  g_assert_nonnull (roster_npi_registry_lookup (fixture->registry, STAND_IN_NPI_ORGANIZATION));
  wait_idle (fixture->registry);

  g_assert_cmpuint (stand_in_count_requests (fixture->stand_in, STAND_IN_NPI_PERSON), ==, 0);
  g_assert_cmpuint (stand_in_count_requests (fixture->stand_in, STAND_IN_NPI_ORGANIZATION), ==, 1);
  g_assert_cmpint (roster_npi_registry_lookup (fixture->registry, STAND_IN_NPI_ORGANIZATION)->fetched_at, >=, now);

  /* The older answer stays, for receipts of requests queued before. */
  old = roster_store_get_npi_answer (fixture->store, STAND_IN_NPI_ORGANIZATION, now - G_TIME_SPAN_DAY, &fetched_at);
  g_assert_cmpstr (old, ==, clinic_answer);
  g_assert_cmpint (fetched_at, ==, now - 31 * G_TIME_SPAN_DAY);
  g_assert_null (roster_store_get_npi_answer (fixture->store, STAND_IN_NPI_ORGANIZATION, now - 40 * G_TIME_SPAN_DAY, NULL));
}

/* A receipt says what the registry had answered when the request was
 * queued: an answer fetched later does not count. */
static void
test_registry_receipt_lines (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(RosterRequest) request = new_delegation_request ();
  g_autoptr(RosterNpiRecord) jane = parse_recorded (STAND_IN_NPI_PERSON);
  g_autofree char *jane_answer = roster_npi_record_serialize (jane);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GDateTime) day = g_date_time_new_local (2026, 11, 20, 9, 30, 0);
  gint64 fetched_at = g_date_time_to_unix (day) * G_USEC_PER_SEC;
  g_autofree char *expected = NULL;

  roster_request_insert_row (request, "delegation.alerts", -1, "Jane Doe", STAND_IN_NPI_PERSON);
  roster_request_insert_row (request, "delegation.alerts", -1, "Lee Park", STAND_IN_NPI_UNKNOWN);
  g_assert_true (roster_store_put_npi_answer (fixture->store, STAND_IN_NPI_PERSON, jane_answer, fetched_at, NULL));

  before = roster_npi_registry_describe_checks (fixture->store, request, fetched_at - 1);
  g_assert_cmpuint (before->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (before, 0), ==, STAND_IN_NPI_PERSON ": not checked with the NPI Registry");
  g_assert_cmpstr (g_ptr_array_index (before, 1), ==, STAND_IN_NPI_UNKNOWN ": not checked with the NPI Registry");

  after = roster_npi_registry_describe_checks (fixture->store, request, fetched_at + G_USEC_PER_SEC);
  expected = g_date_time_format (day, STAND_IN_NPI_PERSON ": JANE QUINN DOE, M.D. · person, NPI-1 · active (checked on %x)");
  g_assert_cmpstr (g_ptr_array_index (after, 0), ==, expected);
  g_assert_cmpstr (g_ptr_array_index (after, 1), ==, STAND_IN_NPI_UNKNOWN ": not checked with the NPI Registry");
}

static void
test_registry_damaged_cache (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* The cache is on disk: a damaged answer there is asked again. */
  g_assert_true (_roster_store_exec (fixture->store,
                                     "INSERT INTO npi_registry (npi, fetched_at, answer) VALUES ('" STAND_IN_NPI_PERSON "', 1, '[[[')",
                                     &error));
  g_assert_no_error (error);
  g_assert_null (roster_npi_registry_lookup (fixture->registry, STAND_IN_NPI_PERSON));
  roster_npi_registry_request (fixture->registry, STAND_IN_NPI_PERSON);
  wait_idle (fixture->registry);
  g_assert_nonnull (roster_npi_registry_lookup (fixture->registry, STAND_IN_NPI_PERSON));
}

static void
test_registry_url (void)
{
  const char *refused[] = { "http://npiregistry.example.org/api/", "ftp://127.0.0.1/", "", "not a url",
                            "https://user:pw@npiregistry.example.org/" };
  const char *accepted[] = { ROSTER_NPI_REGISTRY_DEFAULT_URL, "http://127.0.0.1:8090/api/", "http://localhost/api/?x=1" };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RosterNpiRegistry) registry = roster_npi_registry_new (refused[i], NULL, &error);

      g_assert_null (registry);
      g_assert_nonnull (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RosterNpiRegistry) registry = roster_npi_registry_new (accepted[i], NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (roster_npi_registry_get_url (registry), ==, accepted[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/npi/parse/recorded", test_parse_recorded);
  g_test_add_func ("/npi/parse/hostile", test_parse_hostile);
  g_test_add_func ("/npi/parse/round-trip", test_serialize_round_trip);
  g_test_add_func ("/npi/names", test_names);
  g_test_add_func ("/npi/check", test_check);
  g_test_add_func ("/npi/check-request", test_check_request);
  g_test_add_func ("/npi/check-user-npi", test_check_user_npi);
  g_test_add_func ("/npi/registry/url", test_registry_url);
  g_test_add ("/npi/registry/fetch", Fixture, NULL, fixture_set_up, test_registry_fetch, fixture_tear_down);
  g_test_add ("/npi/registry/failures", Fixture, NULL, fixture_set_up, test_registry_failures, fixture_tear_down);
  g_test_add ("/npi/registry/offline", Fixture, NULL, fixture_set_up, test_registry_offline, fixture_tear_down);
  g_test_add ("/npi/registry/stale", Fixture, NULL, fixture_set_up, test_registry_stale, fixture_tear_down);
  g_test_add ("/npi/registry/receipt-lines", Fixture, NULL, fixture_set_up, test_registry_receipt_lines, fixture_tear_down);
  g_test_add ("/npi/registry/damaged-cache", Fixture, NULL, fixture_set_up, test_registry_damaged_cache, fixture_tear_down);

  return g_test_run ();
}
