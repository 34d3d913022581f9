/* roster-command-line.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-command-line"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "roster-command-line.h"
#include "roster-delivery.h"
#include "roster-npi-registry.h"
#include "roster-payload.h"
#include "roster-csv.h"
#include "roster-people.h"
#include "roster-people-import.h"
#include "roster-questionnaire.h"
#include "roster-secret.h"
#include "roster-store.h"

/* Reads and checks a payload file; prints problems like --validate, on
 * standard error when @issues_to_stderr (standard output is for a
 * command's result). Returns the request even when it has problems (with
 * *status saying so), so its NPIs can still be looked up; NULL when
 * unreadable. */
static RosterRequest *
read_checked_payload (const char *path,
                      gboolean    issues_to_stderr,
                      int        *status)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display_name = g_filename_display_name (path);
  GDate today;

  file = g_str_equal (path, "-") ? g_file_new_for_path ("/dev/stdin") : g_file_new_for_commandline_arg (path);

  if (!(payload = roster_payload_load_file (file, &error)))
    {
      g_printerr ("%s\n", error->message);
      *status = ROSTER_EXIT_UNREADABLE;
      return NULL;
    }

  roster_rules_get_today (&today);

  if (!(issues = roster_payload_check (payload, &today, &error)))
    {
      g_printerr (_("%s: cannot be read: %s\n"), display_name, error->message);
      *status = ROSTER_EXIT_UNREADABLE;
      return NULL;
    }

  for (guint i = 0; i < issues->len; i++)
    {
      const RosterIssue *issue = g_ptr_array_index (issues, i);

      if (issues_to_stderr)
        g_printerr ("%s: %s\n", issue->path, issue->message);
      else
        g_print ("%s: %s\n", issue->path, issue->message);
    }

  *status = issues->len > 0 ? ROSTER_EXIT_HAS_ISSUES : ROSTER_EXIT_OK;
  return roster_payload_read (payload, NULL, NULL);
}

/* How long the command line waits for the NPI Registry, all NPIs
 * together; each question has the client's own shorter deadline. */
#define REGISTRY_WAIT_MS 10000

/* Prints the NPI Registry's findings about @request as
 * `FIELD: warning: MESSAGE`, after the problems. They never change the
 * exit status; a registry that does not answer is only mentioned on
 * standard error. @store (may be NULL) caches the answers. */
static void
print_registry_warnings (RosterRequest *request,
                         const char    *registry_url,
                         RosterStore   *store)
{
  g_autoptr(RosterNpiRegistry) registry = NULL;
  g_autoptr(GPtrArray) npis = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  guint n_unchecked = 0;

  if (registry_url == NULL || request == NULL)
    return;

  npis = roster_npi_collect (request);
  if (npis->len == 0)
    return;

  if (!(registry = roster_npi_registry_new (registry_url, store, &error)))
    {
      g_printerr (_("hie-roster: the NPI Registry’s address (npi-registry): %s\n"), error->message);
      return;
    }

  /* No one types here: no debounce, and no retry within this run. */
  roster_npi_registry_set_timings (registry, 0, 5, 3600);
  roster_npi_registry_request_all (registry, request);
  roster_npi_registry_wait (registry, REGISTRY_WAIT_MS);

  warnings = roster_npi_registry_check_request (registry, request);
  for (guint i = 0; i < warnings->len; i++)
    {
      const RosterIssue *warning = g_ptr_array_index (warnings, i);

      /* "warning" stays in English whatever the language: scripts look
       * for it, as they do for a compiler's. */
      g_print ("%s: warning: %s\n", warning->path, warning->message);
    }

  for (guint i = 0; i < npis->len; i++)
    n_unchecked += roster_npi_registry_lookup (registry, g_ptr_array_index (npis, i)) == NULL;
  if (n_unchecked > 0)
    g_printerr (ngettext ("The NPI Registry did not answer: %u NPI was not checked.\n",
                          "The NPI Registry did not answer: %u NPIs were not checked.\n",
                          n_unchecked),
                n_unchecked);
}

/* The store, when Roster has one already, for its cache of the NPI
 * Registry's answers; --validate never makes one. */
static RosterStore *
open_existing_store (void)
{
  g_autofree char *directory = roster_store_get_default_dir ();

  if (!g_file_test (directory, G_FILE_TEST_IS_DIR))
    return NULL;

  return roster_store_open (directory, NULL);
}

/**
 * roster_command_line_validate:
 * @path: a payload file, or "-" for standard input
 *
 * `hie-roster --validate FILE`: prints each issue of the payload as
 * `field: message` on standard output. Needs no display.
 *
 * Returns: %ROSTER_EXIT_OK when the payload could be sent as it is,
 *   %ROSTER_EXIT_HAS_ISSUES when it has issues, %ROSTER_EXIT_UNREADABLE
 *   (with the reason on standard error) when it cannot be read or parsed
 */
int
roster_command_line_validate (const char *path,
                              const char *npi_registry)
{
  g_autoptr(RosterRequest) request = NULL;
  g_autoptr(RosterStore) store = NULL;
  int status;

  g_return_val_if_fail (path != NULL, ROSTER_EXIT_UNREADABLE);

  request = read_checked_payload (path, FALSE, &status);
  if (request != NULL && npi_registry != NULL)
    {
      store = open_existing_store ();
      print_registry_warnings (request, npi_registry, store);
    }

  return status;
}

/* Tells a running Roster, if there is one on this session bus, that the
 * outbox changed: it lists the change and delivers (app.refresh). The
 * command line itself needs no session: without a bus, nothing to tell. */
static void
notify_running_instance (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *path = NULL;
  gboolean running = FALSE;

  if (!(bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL)))
    return;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", APPLICATION_ID), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, 1000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &running);
  if (!running)
    return;

  path = g_strdup_printf ("/%s", APPLICATION_ID);
  g_strdelimit (path, ".", '/');
  g_clear_pointer (&reply, g_variant_unref);
  reply = g_dbus_connection_call_sync (bus, APPLICATION_ID, path, "org.gtk.Actions", "Activate",
                                       g_variant_new ("(sava{sv})", "refresh", NULL, NULL), NULL,
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START, 2000, NULL, NULL);
}

static RosterStore *
open_store (void)
{
  g_autofree char *directory = roster_store_get_default_dir ();
  g_autoptr(GError) error = NULL;
  RosterStore *store;

  if (!(store = roster_store_open (directory, &error)))
    {
      g_printerr ("%s\n", error->message);
      return NULL;
    }

  if (roster_store_get_moved_aside (store) != NULL)
    g_printerr (_("Roster’s database was damaged and was moved to “%s”; Roster started a new one.\n"),
                roster_store_get_moved_aside (store));

  return store;
}

/**
 * roster_command_line_queue:
 * @path: a payload file, or "-" for standard input
 *
 * `hie-roster --queue FILE`: checks the payload as --validate does and,
 * when it has no problems, puts it in the outbox. Prints the request's id.
 * The queued bytes are the codec's own, the same the app would send.
 */
int
roster_command_line_queue (const char *path,
                           const char *npi_registry)
{
  g_autoptr(RosterRequest) request = NULL;
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  int status;

  g_return_val_if_fail (path != NULL, ROSTER_EXIT_UNREADABLE);

  if (!(request = read_checked_payload (path, FALSE, &status)))
    return status;

  if (status != ROSTER_EXIT_OK)
    {
      print_registry_warnings (request, npi_registry, NULL);
      return status;
    }

  if (!(store = open_store ()))
    return ROSTER_EXIT_UNREADABLE;

  print_registry_warnings (request, npi_registry, store);

  payload = roster_payload_write (request);

  if (!(id = roster_store_create_draft (store, request, &error)) ||
      !roster_store_queue (store, id, payload, &error))
    {
      g_printerr ("%s\n", error->message);
      return ROSTER_EXIT_UNREADABLE;
    }

  g_print ("%s\n", id);
  notify_running_instance ();

  return ROSTER_EXIT_OK;
}

typedef struct
{
  GAsyncResult *result;
} Waiter;

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
}

static GAsyncResult *
wait_for (Waiter *waiter)
{
  while (waiter->result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return waiter->result;
}

/* HIE_ROSTER_TOKEN for scripts, otherwise the Secret Service. */
static char *
lookup_token (const char  *endpoint,
              GError     **error)
{
  const char *from_environment = roster_secret_get_environment_token ();
  g_autoptr(GAsyncResult) result = NULL;
  Waiter waiter = { NULL };

  if (from_environment != NULL)
    return g_strdup (from_environment);

  roster_secret_lookup_token_async (endpoint, NULL, store_result_cb, &waiter);
  result = wait_for (&waiter);

  return roster_secret_lookup_token_finish (result, error);
}

static gboolean
is_waiting (RosterRequestState state)
{
  return state == ROSTER_REQUEST_STATE_QUEUED || state == ROSTER_REQUEST_STATE_SENDING ||
         state == ROSTER_REQUEST_STATE_ATTENTION || state == ROSTER_REQUEST_STATE_RETURNED;
}

/**
 * roster_command_line_send:
 * @endpoint: (nullable): the intake endpoint
 *
 * `hie-roster --send`: delivers what is due in the outbox and prints one
 * line per request attempted.
 *
 * Returns: %ROSTER_EXIT_OK when nothing waits any more,
 *   %ROSTER_EXIT_HAS_ISSUES when some request still waits or needs the
 *   administrator, %ROSTER_EXIT_UNREADABLE when nothing could be tried
 */
int
roster_command_line_send (const char *endpoint)
{
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(RosterIntakeClient) client = NULL;
  g_autoptr(RosterDelivery) delivery = NULL;
  g_autoptr(RosterFlushReport) report = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  Waiter waiter = { NULL };
  guint waiting = 0;

  if (endpoint == NULL || endpoint[0] == '\0')
    {
      g_printerr (_("No intake endpoint is set. Set it in Preferences, or pass --endpoint URL.\n"));
      return ROSTER_EXIT_UNREADABLE;
    }

  if (!(client = roster_intake_client_new (endpoint, &error)))
    {
      g_printerr ("%s\n", error->message);
      return ROSTER_EXIT_UNREADABLE;
    }

  if (!(token = lookup_token (endpoint, &error)))
    {
      g_printerr (_("No API token for %s: %s\n"), endpoint,
                  error ? error->message : _("store one in Preferences, or set HIE_ROSTER_TOKEN"));
      return ROSTER_EXIT_UNREADABLE;
    }
  roster_intake_client_set_token (client, token);
  roster_intake_client_set_ca_file (client, g_getenv ("HIE_ROSTER_CA_FILE"));

  if (!(store = open_store ()))
    return ROSTER_EXIT_UNREADABLE;

  delivery = roster_delivery_new (store, client);

  /* From the command line, the administrator acting is running --send
   * again with a token: a paused queue is tried once more. */
  if (roster_delivery_get_paused (delivery) != NULL && !roster_delivery_resume (delivery, &error))
    {
      g_printerr ("%s\n", error->message);
      return ROSTER_EXIT_UNREADABLE;
    }

  /* Another Roster delivering right now holds the lock: wait for it
   * (a minute at most), then deliver what is left. */
  for (guint tries = 0; ; tries++)
    {
      g_clear_object (&result);
      waiter.result = NULL;
      roster_delivery_flush_async (delivery, NULL, store_result_cb, &waiter);
      result = wait_for (&waiter);

      if ((report = roster_delivery_flush_finish (delivery, result, &error)))
        break;

      if (!g_error_matches (error, ROSTER_DELIVERY_ERROR, ROSTER_DELIVERY_ERROR_BUSY) || tries >= 60)
        {
          g_printerr ("%s\n", error->message);
          return ROSTER_EXIT_UNREADABLE;
        }

      g_clear_error (&error);
      g_usleep (G_USEC_PER_SEC);
    }

  notify_running_instance ();

  for (guint i = 0; i < report->lines->len; i++)
    g_print ("%s\n", (const char *) report->lines->pdata[i]);

  if (report->paused != NULL)
    g_printerr ("%s\n", report->paused);

  if (!(entries = roster_store_list (store, NULL, &error)))
    {
      g_printerr ("%s\n", error->message);
      return ROSTER_EXIT_UNREADABLE;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const RosterStoreEntry *entry = g_ptr_array_index (entries, i);

      if (is_waiting (entry->state))
        waiting++;
    }

  return waiting == 0 ? ROSTER_EXIT_OK : ROSTER_EXIT_HAS_ISSUES;
}

/**
 * roster_command_line_list:
 *
 * `hie-roster --list`: one line per request, tab-separated: id, state,
 * form, action (or "-" when the form asks none), last change (UTC), tracking id, and what it waits for. No
 * names or emails: script output ends up in logs.
 */
int
roster_command_line_list (void)
{
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  if (!(store = open_store ()))
    return ROSTER_EXIT_UNREADABLE;

  if (!(entries = roster_store_list (store, NULL, &error)))
    {
      g_printerr ("%s\n", error->message);
      return ROSTER_EXIT_UNREADABLE;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const RosterStoreEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GDateTime) updated = g_date_time_new_from_unix_utc (entry->updated_at / G_USEC_PER_SEC);
      g_autofree char *when = g_date_time_format_iso8601 (updated);

      g_print ("%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
               entry->id,
               roster_request_state_to_string (entry->state),
               entry->form,
               entry->action ? entry->action : "-",
               when,
               entry->tracking_id ? entry->tracking_id : "-",
               entry->last_error ? entry->last_error : "");
    }

  return ROSTER_EXIT_OK;
}

/* Pretty JSON on standard output, as UTF-8 whatever the locale: g_print()
 * would convert it to the locale's charset. */
static void
print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  gsize length;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &length);
  fwrite (text, 1, length, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

/* FHIR ------------------------------------------------------------------ */

/**
 * roster_command_line_export_questionnaire:
 * @form_id: a form id
 *
 * `hie-roster --export-questionnaire FORM_ID`: prints the form as a FHIR
 * R4 Questionnaire. Needs no display: the build runs it to make the
 * installed Questionnaires.
 *
 * Returns: %ROSTER_EXIT_OK, or %ROSTER_EXIT_UNREADABLE for a form id
 *   Roster does not know (the known ones go to standard error)
 */
int
roster_command_line_export_questionnaire (const char *form_id)
{
  const RosterForm *form;
  g_autoptr(JsonNode) questionnaire = NULL;

  g_return_val_if_fail (form_id != NULL, ROSTER_EXIT_UNREADABLE);

  if (!(form = roster_form_lookup (form_id)))
    {
      const RosterForm * const *forms = roster_form_get_all ();
      g_autoptr(GString) known = g_string_new (NULL);

      for (guint i = 0; forms[i] != NULL; i++)
        g_string_append_printf (known, "%s%s", i > 0 ? ", " : "", forms[i]->id);

      g_printerr (_("--export-questionnaire: “%s” is not a form Roster knows; the forms are %s.\n"),
                  form_id, known->str);
      return ROSTER_EXIT_UNREADABLE;
    }

  questionnaire = roster_questionnaire_new (form);
  print_json (questionnaire);

  return ROSTER_EXIT_OK;
}

/**
 * roster_command_line_export_response:
 * @path: a payload file, or "-" for standard input
 *
 * `hie-roster --export-response FILE`: checks the payload as --validate
 * does and, when it has no problems, prints it as a FHIR R4
 * QuestionnaireResponse to its form's Questionnaire. The problems, if
 * any, go to standard error, so standard output is only ever the
 * resource.
 *
 * Returns: the status --validate would return
 */
int
roster_command_line_export_response (const char *path)
{
  g_autoptr(RosterRequest) request = NULL;
  g_autoptr(JsonNode) response = NULL;
  int status;

  g_return_val_if_fail (path != NULL, ROSTER_EXIT_UNREADABLE);

  /* Only a payload that could be sent is a completed response. */
  if (!(request = read_checked_payload (path, TRUE, &status)) || status != ROSTER_EXIT_OK)
    return status;

  response = roster_questionnaire_response_new (request);
  print_json (response);

  return ROSTER_EXIT_OK;
}

/* People ---------------------------------------------------------------- */

static char *
format_confirmed_at (gint64 confirmed_at)
{
  g_autoptr(GDateTime) when = NULL;

  if (confirmed_at == 0)
    return NULL;

  when = g_date_time_new_from_unix_utc (confirmed_at / G_USEC_PER_SEC);

  return g_date_time_format_iso8601 (when);
}

static void
print_people_csv (GPtrArray *people)
{
  g_autoptr(GString) line = g_string_new (NULL);

  g_string_append (line, "email,first_name,last_name,npi,organization,account");
  for (RosterService s = ROSTER_SERVICE_NONE + 1; s < ROSTER_N_SERVICES; s++)
    g_string_append_printf (line, ",%s", roster_service_to_string (s));
  g_string_append (line, ",alert_basis,record_access_level,pending,last_confirmed\r\n");

  for (guint p = 0; p < people->len; p++)
    {
      const RosterPerson *person = g_ptr_array_index (people, p);
      g_autofree char *confirmed = format_confirmed_at (person->confirmed_at);

      roster_csv_append_cell (line, person->email, FALSE);
      roster_csv_append_cell (line, person->first_name, FALSE);
      roster_csv_append_cell (line, person->last_name, FALSE);
      roster_csv_append_cell (line, person->npi, FALSE);
      roster_csv_append_cell (line, person->organization, FALSE);
      roster_csv_append_cell (line, roster_account_state_to_string (person->account), FALSE);
      for (RosterService s = ROSTER_SERVICE_NONE + 1; s < ROSTER_N_SERVICES; s++)
        roster_csv_append_cell (line, person->services[s] ? "yes" : "no", FALSE);
      roster_csv_append_cell (line, person->details[ROSTER_SERVICE_ALERTS], FALSE);
      roster_csv_append_cell (line, person->details[ROSTER_SERVICE_PATIENT_RECORD], FALSE);
      roster_csv_append_cell (line, person->pending ? "yes" : "no", FALSE);
      roster_csv_append_cell (line, confirmed, TRUE);
    }

  g_print ("%s", line->str);
}

static void
print_people_json (GPtrArray *people)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint p = 0; p < people->len; p++)
    {
      const RosterPerson *person = g_ptr_array_index (people, p);
      g_autofree char *confirmed = format_confirmed_at (person->confirmed_at);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, person->email);
      json_builder_set_member_name (builder, "first_name");
      json_builder_add_string_value (builder, person->first_name);
      json_builder_set_member_name (builder, "last_name");
      json_builder_add_string_value (builder, person->last_name);
      json_builder_set_member_name (builder, "npi");
      json_builder_add_string_value (builder, person->npi);
      json_builder_set_member_name (builder, "organization");
      json_builder_add_string_value (builder, person->organization);
      json_builder_set_member_name (builder, "account");
      json_builder_add_string_value (builder, roster_account_state_to_string (person->account));
      json_builder_set_member_name (builder, "services");
      json_builder_begin_object (builder);
      for (RosterService s = ROSTER_SERVICE_NONE + 1; s < ROSTER_N_SERVICES; s++)
        {
          json_builder_set_member_name (builder, roster_service_to_string (s));
          if (person->services[s] && person->details[s] != NULL)
            json_builder_add_string_value (builder, person->details[s]);
          else
            json_builder_add_boolean_value (builder, person->services[s]);
        }
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "pending");
      json_builder_add_boolean_value (builder, person->pending);
      json_builder_set_member_name (builder, "last_confirmed");
      json_builder_add_string_value (builder, confirmed);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  print_json (root);
}

/**
 * roster_command_line_people:
 * @format: (nullable): "csv" (the default) or "json"
 *
 * `hie-roster --people`: the practice's people as Roster knows them from
 * its requests. Unlike every other command this prints names, emails and
 * NPIs — they are its content — so it is meant for a file, not a log.
 */
int
roster_command_line_people (const char *format)
{
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GError) error = NULL;

  if (format == NULL)
    format = "csv";

  if (!g_str_equal (format, "csv") && !g_str_equal (format, "json"))
    {
      g_printerr (_("--format: “%s” is not a format Roster writes; use csv or json.\n"), format);
      return ROSTER_EXIT_UNREADABLE;
    }

  if (!(store = open_store ()))
    return ROSTER_EXIT_UNREADABLE;

  if (!(people = roster_people_load (store, &error)))
    {
      g_printerr ("%s\n", error->message);
      return ROSTER_EXIT_UNREADABLE;
    }

  if (g_str_equal (format, "json"))
    print_people_json (people);
  else
    print_people_csv (people);

  return ROSTER_EXIT_OK;
}

/**
 * roster_command_line_import_people:
 * @path: a CSV file of the practice's users, or "-" for standard input
 * @dry_run: only say what the import would do
 *
 * `hie-roster --import-people FILE.csv [--dry-run]`: prints each row's
 * problems as `row N: column: message`, then what the import does; the
 * people are kept only when no row has a problem. No name or email is
 * printed.
 *
 * Returns: the exit statuses of --validate: %ROSTER_EXIT_OK,
 *   %ROSTER_EXIT_HAS_ISSUES (nothing imported), %ROSTER_EXIT_UNREADABLE
 */
int
roster_command_line_import_people (const char *path,
                                   gboolean    dry_run)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(GPtrArray) known = NULL;
  g_autoptr(RosterImportPlan) plan = NULL;
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display_name = g_filename_display_name (path);
  guint n_unchanged;

  g_return_val_if_fail (path != NULL, ROSTER_EXIT_UNREADABLE);

  if (!(store = open_store ()))
    return ROSTER_EXIT_UNREADABLE;

  file = g_str_equal (path, "-") ? g_file_new_for_path ("/dev/stdin") : g_file_new_for_commandline_arg (path);
  if (!(known = roster_people_load (store, &error)) ||
      !(plan = roster_import_plan_load (file, known, &error)))
    {
      g_printerr (_("%s: cannot be read: %s\n"), display_name, error->message);
      return ROSTER_EXIT_UNREADABLE;
    }

  for (guint i = 0; i < plan->rows->len; i++)
    {
      const RosterImportRow *row = g_ptr_array_index (plan->rows, i);

      for (guint j = 0; j < row->problems->len; j++)
        /* TRANSLATORS: a row of the imported file and what is wrong in it */
        g_print (_("row %u: %s\n"), row->line, (const char *) g_ptr_array_index (row->problems, j));
    }

  if (plan->n_problems > 0)
    {
      g_printerr (ngettext ("%u problem: nothing was imported.\n", "%u problems: nothing was imported.\n",
                            plan->n_problems),
                  plan->n_problems);
      return ROSTER_EXIT_HAS_ISSUES;
    }

  people = roster_import_plan_get_people (plan);
  if (!dry_run && !roster_store_put_imported_people (store, people, &error))
    {
      g_printerr ("%s\n", error->message);
      return ROSTER_EXIT_UNREADABLE;
    }

  n_unchanged = plan->rows->len - plan->n_create - plan->n_update;
  g_print (dry_run ? _("Would import: %u new, %u updated, %u unchanged.\n")
                   : _("Imported: %u new, %u updated, %u unchanged.\n"),
           plan->n_create, plan->n_update, n_unchanged);
  if (!dry_run)
    notify_running_instance ();

  return ROSTER_EXIT_OK;
}
