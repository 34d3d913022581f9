/* test-command-line.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `hie-roster --validate FILE`, run as a script would run it: the real
 * program, with no display and no session bus.
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include <json-glib/json-glib.h>

#include "npi-registry-stand-in.h"
#include "roster-payload.h"
#include "roster-store.h"
#include "test-fixtures.h"
#include "test-scratch.h"

#define VALID_PAYLOAD \
  "{\"form\":\"hec.account-change\",\"form_version\":1,\"answers\":{" \
  "\"action\":\"modify\"," \
  "\"user\":{\"first_name\":\"Ana\",\"last_name\":\"Díaz\",\"email\":\"ana.diaz@upstate.example.org\"," \
  "\"organization\":\"Upstate University Hospital\"}," \
  "\"submitter\":{\"is_user\":true}," \
  "\"services\":{\"alerts\":\"add\"}," \
  "\"alerts\":{\"basis\":\"provider_npi\",\"user_is_provider\":false,\"delivery\":\"myalerts_app\"}," \
  "\"delegation\":{\"alerts\":[{\"name\":\"Dr. Smith\",\"npi\":\"1234567893\"}]}," \
  "\"attestation\":{\"authorized\":true}}}"

typedef struct
{
  char *dir;
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("roster-cli-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *content,
            gssize      length)
{
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, content, length, NULL));

  return path;
}

static void
result_clear (Result *result)
{
  g_free (result->out);
  g_free (result->err);
}

static Result run_roster (const char * const *args,
                          const char         *data_dir,
                          const char         *stdin_text);
static Result run_roster_with_registry (const char * const *args,
                                        const char         *data_dir,
                                        const char         *registry_url);

static Result
run_validate (const char *path,
              const char *stdin_text)
{
  const char * const args[] = { "--validate", path, NULL };

  return run_roster (args, NULL, stdin_text);
}

static void
communicated_cb (GObject      *object,
                 GAsyncResult *async_result,
                 gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (async_result);
}

/* Runs hie-roster with @args, as a script would: no session, no display;
 * @data_dir (if any) as its data folder; NPIs looked up at @registry_url,
 * or (NULL) not at all. This process's main loop runs meanwhile, so a
 * registry stand-in in it can answer. */
static Result
run_roster_full (const char * const *args,
                 const char         *data_dir,
                 const char         *stdin_text,
                 const char         *registry_url)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *program = g_getenv ("HIE_ROSTER");
  Result result = { 0 };

  g_assert_nonnull (program);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        (stdin_text ? G_SUBPROCESS_FLAGS_STDIN_PIPE : 0));
  /* Scripts and servers run it without any session. */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");

  if (data_dir != NULL)
    g_subprocess_launcher_setenv (launcher, "HIE_ROSTER_DATA_DIR", data_dir, TRUE);
  if (registry_url != NULL)
    g_subprocess_launcher_setenv (launcher, "HIE_ROSTER_NPI_REGISTRY", registry_url, TRUE);

  {
    g_autoptr(GPtrArray) argv = g_ptr_array_new ();

    g_ptr_array_add (argv, (gpointer) program);
    if (registry_url == NULL)
      g_ptr_array_add (argv, (gpointer) "--no-registry");
    for (guint i = 0; args[i] != NULL; i++)
      g_ptr_array_add (argv, (gpointer) args[i]);
    g_ptr_array_add (argv, NULL);
    process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  }
  g_assert_no_error (error);

  {
    g_autoptr(GAsyncResult) communicated = NULL;

    g_subprocess_communicate_utf8_async (process, stdin_text, NULL, communicated_cb, &communicated);
    while (communicated == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_subprocess_communicate_utf8_finish (process, communicated, &result.out, &result.err, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result.status = g_subprocess_get_exit_status (process);

  return result;
}

static Result
run_roster (const char * const *args,
            const char         *data_dir,
            const char         *stdin_text)
{
  return run_roster_full (args, data_dir, stdin_text, NULL);
}

static Result
run_roster_with_registry (const char * const *args,
                          const char         *data_dir,
                          const char         *registry_url)
{
  return run_roster_full (args, data_dir, NULL, registry_url);
}

static void
test_validate_valid (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "valid.json", VALID_PAYLOAD, -1);
  Result result = run_validate (path, NULL);

  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_cmpstr (result.err, ==, "");
  result_clear (&result);
}

static void
test_validate_issues (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *payload = g_strdup (VALID_PAYLOAD);
  g_autofree char *path = NULL;
  Result result;

  /* A wrong check digit, and an unknown field. */
  memcpy (strstr (payload, "1234567893"), "1234567890", 10);
  memcpy (strstr (payload, "\"first_name\""), "\"first_nane\"", 12);
  path = write_file (fixture, "invalid.json", payload, -1);

  result = run_validate (path, NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.out, ==,
                   "user.first_nane: This is not a field of the form; remove it or check its spelling.\n"
                   "user.first_name: “First name” is required — please fill it in.\n"
                   "delegation.alerts[0].npi: This NPI’s last digit doesn’t match — check the number.\n");
  g_assert_cmpstr (result.err, ==, "");
  result_clear (&result);
}

static void
test_validate_unreadable (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.json", NULL);
  g_autofree char *deep_text = g_strnfill (100000, '[');
  g_autofree char *deep = write_file (fixture, "deep.json", deep_text, -1);
  g_autofree char *garbage = write_file (fixture, "garbage.json", "{\"form\": oops}", -1);
  g_autofree char *other_form = write_file (fixture, "other.json",
                                            "{\"form\":\"hec.ordering-privileges\",\"form_version\":1,\"answers\":{}}", -1);
  Result result;

  result = run_validate (missing, NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_nonnull (strstr (result.err, "missing.json"));
  result_clear (&result);

  result = run_validate (deep, NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_nonnull (strstr (result.err, "deep.json: cannot be read: Line 1, column 17: "));
  result_clear (&result);

  result = run_validate (garbage, NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "garbage.json: cannot be read: Line 1, column 10"));
  result_clear (&result);

  result = run_validate (other_form, NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "form"));
  result_clear (&result);

  result = run_validate (fixture->dir, NULL);
  g_assert_cmpint (result.status, ==, 2);
  result_clear (&result);
}

static void
test_validate_stdin (Fixture       *fixture,
                     gconstpointer  data)
{
  Result result = run_validate ("-", VALID_PAYLOAD);

  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, "");
  result_clear (&result);

  result = run_validate ("-", "{\"form\":\"hec.account-change\",\"form_version\":1,\"answers\":{\"action\":\"modify\"}}");
  g_assert_cmpint (result.status, ==, 1);
  g_assert_true (g_str_has_prefix (result.out, "user.first_name: "));
  g_assert_nonnull (strstr (result.out, "\nservices: Choose at least one service to add, change or remove.\n"));
  result_clear (&result);
}

/* --people prints the practice's people from the store: CSV for a
 * spreadsheet (quoted where needed, formulas defused), JSON for scripts. */
static void
test_people (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *data_dir = g_build_filename (fixture->dir, "data", NULL);
  g_autoptr(RosterStore) store = roster_store_open (data_dir, NULL);
  g_autoptr(RosterRequest) change = test_new_modify_request ();
  g_autoptr(RosterRequest) new_user = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char * const csv_args[] = { "--people", NULL };
  const char * const json_args[] = { "--people", "--format", "json", NULL };
  const char * const bad_args[] = { "--people", "--format", "xml", NULL };
  JsonArray *people;
  Result result;
  GDate today;

  test_get_fixed_today (&today);
  new_user = test_new_new_user_request (&today);
  roster_request_set_text (new_user, "user.organization", "Family Care, \"West\"");
  roster_request_set_text (change, "user.last_name", "=Díaz");

  for (guint i = 0; i < 2; i++)
    {
      RosterRequest *request = i == 0 ? change : new_user;
      g_autoptr(GBytes) payload = roster_payload_write (request);
      g_autofree char *id = roster_store_create_draft (store, request, NULL);

      g_assert_true (roster_store_queue (store, id, payload, NULL));
      g_assert_true (roster_store_begin_attempt (store, id, NULL));
      g_assert_true (roster_store_record_sent (store, id, "HEC-7K3M9Q2XWD4PA7K3", "2026-11-25T10:00:00Z", NULL));
      if (i == 1)
        g_assert_true (roster_store_record_status (store, id, "completed", NULL, NULL));
    }
  /* A draft is nobody yet. */
  {
    g_autoptr(RosterRequest) draft = roster_request_new (roster_form_get_new_user ());
    g_autofree char *id = NULL;

    roster_request_set_text (draft, "user.email", "someone@upstate.example.org");
    id = roster_store_create_draft (store, draft, NULL);
  }

  result = run_roster (csv_args, data_dir, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_str_has_prefix (result.out,
                                   "email,first_name,last_name,npi,organization,account,secure_messaging,"
                                   "image_exchange,alerts,patient_record,delegation,alert_basis,"
                                   "record_access_level,pending,last_confirmed\r\n"));
  g_assert_nonnull (strstr (result.out,
                            "ana.diaz@upstate.example.org,Ana,'=Díaz,,Upstate University Hospital,unknown,"
                            "no,no,no,no,no,,,yes,\r\n"));
  g_assert_nonnull (strstr (result.out,
                            "grace.okafor@familycare.example.org,Grace,Okafor,1234567893,\"Family Care, \"\"West\"\"\","
                            "active,yes,no,yes,no,no,provider_npi,,no,"));
  g_assert_null (strstr (result.out, "someone@"));
  result_clear (&result);

  result = run_roster (json_args, data_dir, NULL);
  g_assert_cmpint (result.status, ==, 0);
  json_parser_load_from_data (parser, result.out, -1, &error);
  g_assert_no_error (error);
  people = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (people), ==, 2);
  {
    JsonObject *grace = json_array_get_object_element (people, 1);
    JsonObject *services = json_object_get_object_member (grace, "services");

    g_assert_cmpstr (json_object_get_string_member (grace, "account"), ==, "active");
    g_assert_cmpstr (json_object_get_string_member (services, "alerts"), ==, "provider_npi");
    g_assert_true (json_object_get_boolean_member (services, "secure_messaging"));
    g_assert_false (json_object_get_boolean_member (services, "image_exchange"));
  }
  result_clear (&result);

  result = run_roster (bad_args, data_dir, NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "--format"));
  result_clear (&result);
}

/* Four delegates: a name that is not the NPI's, an organization's NPI, a
 * deactivated one, and one the registry does not know. */
#define REGISTRY_PAYLOAD \
  "{\"form\":\"hec.account-change\",\"form_version\":1,\"answers\":{" \
  "\"action\":\"modify\"," \
  "\"user\":{\"first_name\":\"Ana\",\"last_name\":\"Díaz\",\"email\":\"ana.diaz@upstate.example.org\"," \
  "\"organization\":\"Upstate University Hospital\"}," \
  "\"submitter\":{\"is_user\":true}," \
  "\"services\":{\"alerts\":\"add\"}," \
  "\"alerts\":{\"basis\":\"provider_npi\",\"user_is_provider\":false,\"delivery\":\"myalerts_app\"}," \
  "\"delegation\":{\"alerts\":[" \
  "{\"name\":\"Dr. Smith\",\"npi\":\"" STAND_IN_NPI_PERSON "\"}," \
  "{\"name\":\"Family Care\",\"npi\":\"" STAND_IN_NPI_ORGANIZATION "\"}," \
  "{\"name\":\"Robert Smith\",\"npi\":\"" STAND_IN_NPI_DEACTIVATED "\"}," \
  "{\"name\":\"Lee Park\",\"npi\":\"" STAND_IN_NPI_UNKNOWN "\"}]}," \
  "\"attestation\":{\"authorized\":true}}}"

static StandIn *
start_stand_in (void)
{
  g_autofree char *answers = g_test_build_filename (G_TEST_DIST, "npi-registry", NULL);
  g_autoptr(GError) error = NULL;
  StandIn *stand_in = stand_in_new (answers, 0, &error);

  g_assert_no_error (error);

  return stand_in;
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; (p = strchr (p, '\n')) != NULL; p++)
    n++;

  return n;
}

/* --validate prints the registry's findings after the problems, as
 * warnings that leave the exit status alone; with a store, a second run
 * asks the registry nothing; --no-registry asks nothing at all. */
static void
test_validate_registry (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(StandIn) stand_in = start_stand_in ();
  g_autofree char *url = stand_in_dup_url (stand_in);
  g_autofree char *path = write_file (fixture, "registry.json", REGISTRY_PAYLOAD, -1);
  g_autofree char *data_dir = g_build_filename (fixture->dir, "data", NULL);
  g_autoptr(RosterStore) store = roster_store_open (data_dir, NULL);
  const char * const args[] = { "--validate", path, NULL };
  const char * const no_registry_args[] = { "--no-registry", "--validate", path, NULL };
  Result result;

  result = run_roster_with_registry (args, data_dir, url);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_cmpuint (count_lines (result.out), ==, 4);
  g_assert_nonnull (strstr (result.out, "delegation.alerts[0].npi: warning: This NPI is registered to JANE QUINN DOE"));
  g_assert_nonnull (strstr (result.out, "delegation.alerts[1].npi: warning: This NPI is registered to an organization"));
  g_assert_nonnull (strstr (result.out, "delegation.alerts[2].npi: warning: This NPI, registered to ROBERT SMITH"));
  g_assert_nonnull (strstr (result.out, "delegation.alerts[3].npi: warning: The NPI Registry has no provider"));
  /* Only NPIs leave the computer. */
  g_assert_null (strstr (result.out, "Díaz"));
  g_assert_cmpuint (stand_in_count_requests (stand_in, STAND_IN_NPI_PERSON), ==, 1);
  result_clear (&result);

  /* The answers were kept in the store: the same findings, no questions. */
  result = run_roster_with_registry (args, data_dir, url);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpuint (count_lines (result.out), ==, 4);
  g_assert_cmpuint (stand_in_count_requests (stand_in, STAND_IN_NPI_PERSON), ==, 1);
  result_clear (&result);

  result = run_roster_with_registry (no_registry_args, NULL, url);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_cmpstr (result.err, ==, "");
  g_assert_cmpuint (stand_in_get_requests (stand_in)->len, ==, 4);
  result_clear (&result);

  /* --queue says the same, and queues all the same: warnings block nothing. */
  result = run_roster_with_registry ((const char * const[]) { "--queue", path, NULL }, data_dir, url);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpuint (count_lines (result.out), ==, 5);
  g_assert_nonnull (strstr (result.out, "delegation.alerts[1].npi: warning: "));
  result_clear (&result);
  {
    g_autoptr(GPtrArray) entries = roster_store_list (store, NULL, NULL);

    g_assert_cmpuint (entries->len, ==, 1);
  }
}

/* Warnings come after the problems and do not hide them. */
static void
test_validate_registry_after_problems (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(StandIn) stand_in = start_stand_in ();
  g_autofree char *url = stand_in_dup_url (stand_in);
  g_autofree char *payload = g_strdup (REGISTRY_PAYLOAD);
  g_autofree char *path = NULL;
  g_auto(GStrv) lines = NULL;
  Result result;

  /* No email: a problem. */
  memcpy (strstr (payload, "ana.diaz@"), "ana.diaz ", 9);
  path = write_file (fixture, "problem.json", payload, -1);

  result = run_roster_with_registry ((const char * const[]) { "--validate", path, NULL }, NULL, url);
  g_assert_cmpint (result.status, ==, 1);
  lines = g_strsplit (result.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 6);
  g_assert_true (g_str_has_prefix (lines[0], "user.email: "));
  g_assert_null (strstr (lines[0], "warning"));
  for (guint i = 1; i < 5; i++)
    g_assert_nonnull (strstr (lines[i], ": warning: "));
  result_clear (&result);
}

/* A registry that does not answer blocks nothing: the exit status is the
 * payload's, and standard error says what was not checked. A registry
 * address that may not be used is refused, naming the variable. */
static void
test_validate_registry_unreachable (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(StandIn) stand_in = start_stand_in ();
  g_autofree char *url = stand_in_dup_url (stand_in);
  g_autofree char *path = write_file (fixture, "registry.json", REGISTRY_PAYLOAD, -1);
  const char * const args[] = { "--validate", path, NULL };
  Result result;

  stand_in_stop (stand_in);
  result = run_roster_with_registry (args, NULL, url);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_nonnull (strstr (result.err, "The NPI Registry did not answer: 4 NPIs were not checked."));
  result_clear (&result);

  result = run_roster_with_registry (args, NULL, "http://registry.example.org/api/");
  g_assert_cmpint (result.status, ==, 2);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_nonnull (strstr (result.err, "HIE_ROSTER_NPI_REGISTRY"));
  result_clear (&result);
}

/* Parses @text as a JSON object and returns its @member string. */
static char *
dup_string_member (const char *text,
                   const char *member)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), member));
}

static void
test_export_questionnaire (Fixture       *fixture,
                           gconstpointer  data)
{
  const RosterForm * const *forms = roster_form_get_all ();
  const char * const unknown_args[] = { "--export-questionnaire", "hec.ordering-privileges", NULL };
  Result result;

  for (guint i = 0; forms[i] != NULL; i++)
    {
      const char * const args[] = { "--export-questionnaire", forms[i]->id, NULL };
      g_autofree char *resource_type = NULL;
      g_autofree char *id = NULL;

      result = run_roster (args, NULL, NULL);
      g_assert_cmpint (result.status, ==, 0);
      g_assert_cmpstr (result.err, ==, "");
      resource_type = dup_string_member (result.out, "resourceType");
      id = dup_string_member (result.out, "id");
      g_assert_cmpstr (resource_type, ==, "Questionnaire");
      g_assert_cmpstr (id, ==, forms[i]->id);
      result_clear (&result);
    }

  /* An unknown form names the known ones. */
  result = run_roster (unknown_args, NULL, NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_nonnull (strstr (result.err, "hec.ordering-privileges"));
  for (guint i = 0; forms[i] != NULL; i++)
    g_assert_nonnull (strstr (result.err, forms[i]->id));
  result_clear (&result);
}

static void
test_export_response (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *valid = write_file (fixture, "valid.json", VALID_PAYLOAD, -1);
  g_autofree char *payload = g_strdup (VALID_PAYLOAD);
  g_autofree char *invalid = NULL;
  g_autofree char *garbage = write_file (fixture, "garbage.json", "{\"form\": oops}", -1);
  g_autofree char *resource_type = NULL;
  g_autofree char *questionnaire = NULL;
  const char * const valid_args[] = { "--export-response", valid, NULL };
  const char * const garbage_args[] = { "--export-response", garbage, NULL };
  Result result;

  result = run_roster (valid_args, NULL, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");
  resource_type = dup_string_member (result.out, "resourceType");
  questionnaire = dup_string_member (result.out, "questionnaire");
  g_assert_cmpstr (resource_type, ==, "QuestionnaireResponse");
  g_assert_true (g_str_has_suffix (questionnaire, "/Questionnaire/hec.account-change|1"));
  /* The answers are there; a hidden field's are not. */
  g_assert_nonnull (strstr (result.out, "\"1234567893\""));
  g_assert_null (strstr (result.out, "\"termination"));
  result_clear (&result);

  /* Issues go to standard error: standard output is only ever the resource. */
  memcpy (strstr (payload, "1234567893"), "1234567890", 10);
  invalid = write_file (fixture, "invalid.json", payload, -1);
  {
    const char * const invalid_args[] = { "--export-response", invalid, NULL };

    result = run_roster (invalid_args, NULL, NULL);
  }
  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_cmpstr (result.err, ==, "delegation.alerts[0].npi: This NPI’s last digit doesn’t match — check the number.\n");
  result_clear (&result);

  /* A file that is not a payload is named, as --validate names it. */
  result = run_roster (garbage_args, NULL, NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_nonnull (strstr (result.err, "garbage.json: cannot be read: "));
  result_clear (&result);
}

/* --import-people: problems row by row and nothing kept; --dry-run says
 * what it would do and keeps nothing; then the people are kept, and
 * --people lists them. No name or email is printed but by --people. */
static void
test_import_people (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *data_dir = g_build_filename (fixture->dir, "data", NULL);
  g_autofree char *good = write_file (fixture, "users.csv",
                                      "\xEF\xBB\xBF" "Last Name;First Name;Email;Secure Messaging\r\n"
                                      "Okafor;Grace;grace.okafor@familycare.example.org;yes\r\n"
                                      "\"Lee; Jr.\";Pat;pat.lee@familycare.example.org;no\r\n", -1);
  g_autofree char *bad = write_file (fixture, "bad.csv",
                                     "Name,Email,Alerts\nGrace Okafor,grace.okafor@familycare,maybe\n", -1);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.csv", NULL);
  Result result;

  result = run_roster ((const char * const[]) { "--import-people", bad, NULL }, data_dir, NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.out, "row 2: Email: "));
  g_assert_nonnull (strstr (result.out, "row 2: Alerts: “maybe” is neither yes nor no.\n"));
  g_assert_nonnull (strstr (result.err, "nothing was imported"));
  g_assert_null (strstr (result.out, "grace"));
  result_clear (&result);

  result = run_roster ((const char * const[]) { "--import-people", good, "--dry-run", NULL }, data_dir, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, "Would import: 2 new, 0 updated, 0 unchanged.\n");
  result_clear (&result);

  result = run_roster ((const char * const[]) { "--people", NULL }, data_dir, NULL);
  g_assert_null (strstr (result.out, "grace.okafor"));
  result_clear (&result);

  result = run_roster ((const char * const[]) { "--import-people", good, NULL }, data_dir, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, "Imported: 2 new, 0 updated, 0 unchanged.\n");
  result_clear (&result);

  result = run_roster ((const char * const[]) { "--people", NULL }, data_dir, NULL);
  g_assert_nonnull (strstr (result.out, "grace.okafor@familycare.example.org,Grace,Okafor,"));
  g_assert_nonnull (strstr (result.out, "pat.lee@familycare.example.org,Pat,Lee; Jr.,"));
  result_clear (&result);

  /* Again: nothing new. */
  result = run_roster ((const char * const[]) { "--import-people", good, NULL }, data_dir, NULL);
  g_assert_cmpstr (result.out, ==, "Imported: 0 new, 0 updated, 2 unchanged.\n");
  result_clear (&result);

  result = run_roster ((const char * const[]) { "--import-people", missing, NULL }, data_dir, NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "missing.csv: cannot be read: "));
  result_clear (&result);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/command-line/people", Fixture, NULL,
              fixture_set_up, test_people, fixture_tear_down);
  g_test_add ("/command-line/validate/valid", Fixture, NULL,
              fixture_set_up, test_validate_valid, fixture_tear_down);
  g_test_add ("/command-line/validate/issues", Fixture, NULL,
              fixture_set_up, test_validate_issues, fixture_tear_down);
  g_test_add ("/command-line/validate/unreadable", Fixture, NULL,
              fixture_set_up, test_validate_unreadable, fixture_tear_down);
  g_test_add ("/command-line/import-people", Fixture, NULL,
              fixture_set_up, test_import_people, fixture_tear_down);
  g_test_add ("/command-line/validate/stdin", Fixture, NULL,
              fixture_set_up, test_validate_stdin, fixture_tear_down);
  g_test_add ("/command-line/validate/registry", Fixture, NULL,
              fixture_set_up, test_validate_registry, fixture_tear_down);
  g_test_add ("/command-line/validate/registry-after-problems", Fixture, NULL,
              fixture_set_up, test_validate_registry_after_problems, fixture_tear_down);
  g_test_add ("/command-line/validate/registry-unreachable", Fixture, NULL,
              fixture_set_up, test_validate_registry_unreachable, fixture_tear_down);
  g_test_add ("/command-line/export-questionnaire", Fixture, NULL,
              fixture_set_up, test_export_questionnaire, fixture_tear_down);
  g_test_add ("/command-line/export-response", Fixture, NULL,
              fixture_set_up, test_export_response, fixture_tear_down);

  return g_test_run ();
}
