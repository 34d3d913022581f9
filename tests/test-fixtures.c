/* test-fixtures.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include <gio/gio.h>

#include "test-fixtures.h"

/* A complete, valid request that adds alerts by patient list: the
 * smallest "modify" with nothing wrong, to change one thing at a time. */
RosterRequest *
test_new_modify_request (void)
{
  RosterRequest *request = roster_request_new (roster_form_get_account_change ());

  roster_request_set_text (request, "action", "modify");
  roster_request_set_text (request, "user.first_name", "Ana");
  roster_request_set_text (request, "user.last_name", "Díaz");
  roster_request_set_text (request, "user.email", "ana.diaz@upstate.example.org");
  roster_request_set_text (request, "user.organization", "Upstate University Hospital");
  roster_request_set_boolean (request, "submitter.is_user", TRUE);
  roster_request_set_text (request, "services.alerts", "add");
  roster_request_set_text (request, "alerts.basis", "patient_list");
  roster_request_set_text (request, "alerts.delivery", "myalerts_app");
  roster_request_set_text (request, "alerts.lists_submitted", "yes");
  roster_request_set_boolean (request, "attestation.authorized", TRUE);

  return request;
}

RosterRequest *
test_new_terminate_request (const GDate *today)
{
  RosterRequest *request = roster_request_new (roster_form_get_account_change ());
  char date[16];

  g_date_strftime (date, sizeof date, "%Y-%m-%d", today);

  roster_request_set_text (request, "action", "terminate");
  roster_request_set_text (request, "user.first_name", "Ana");
  roster_request_set_text (request, "user.last_name", "Díaz");
  roster_request_set_text (request, "user.email", "ana.diaz@upstate.example.org");
  roster_request_set_text (request, "user.organization", "Upstate University Hospital");
  roster_request_set_boolean (request, "submitter.is_user", FALSE);
  roster_request_set_text (request, "submitter.name", "Pat Lee");
  roster_request_set_text (request, "submitter.email", "pat.lee@upstate.example.org");
  roster_request_set_text (request, "termination.effective_date", date);
  roster_request_set_text (request, "termination.reason", "left_organization");
  roster_request_set_boolean (request, "attestation.authorized", TRUE);

  return request;
}

/* A complete, valid new-user request: a provider who starts on @today,
 * with secure messaging and provider-based alerts for herself. */
RosterRequest *
test_new_new_user_request (const GDate *today)
{
  RosterRequest *request = roster_request_new (roster_form_get_new_user ());
  char date[16];

  g_date_strftime (date, sizeof date, "%Y-%m-%d", today);

  roster_request_set_text (request, "user.first_name", "Grace");
  roster_request_set_text (request, "user.last_name", "Okafor");
  roster_request_set_text (request, "user.email", "grace.okafor@familycare.example.org");
  roster_request_set_text (request, "user.organization", "Family Care Medical Group");
  roster_request_set_text (request, "user.title", "Family physician");
  roster_request_set_text (request, "user.role", "provider");
  roster_request_set_text (request, "user.npi", "1234567893");
  roster_request_set_text (request, "user.start_date", date);
  roster_request_set_text (request, "user.supervisor_name", "Dr. Lee Park");
  roster_request_set_boolean (request, "submitter.is_user", FALSE);
  roster_request_set_text (request, "submitter.name", "Pat Lee");
  roster_request_set_text (request, "submitter.email", "pat.lee@familycare.example.org");
  roster_request_set_boolean (request, "services.secure_messaging", TRUE);
  roster_request_set_boolean (request, "services.alerts", TRUE);
  roster_request_set_text (request, "alerts.basis", "provider_npi");
  roster_request_set_boolean (request, "alerts.user_is_provider", TRUE);
  roster_request_set_text (request, "alerts.delivery", "direct_mail");
  roster_request_set_boolean (request, "training.completed", TRUE);
  roster_request_set_boolean (request, "training.acceptable_use", TRUE);
  roster_request_set_boolean (request, "attestation.authorized", TRUE);

  return request;
}

void
test_get_fixed_today (GDate *today)
{
  g_date_clear (today, 1);
  g_date_set_dmy (today, 25, G_DATE_NOVEMBER, 2026);
}

/* "YYYY-MM-DD", @days after (or before, when negative) @today. */
char *
test_format_day (const GDate *today,
                 int          days)
{
  GDate day = *today;
  char text[16];

  if (days >= 0)
    g_date_add_days (&day, days);
  else
    g_date_subtract_days (&day, -days);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &day);

  return g_strdup (text);
}

/* "a, b[0].npi, c": the issues' paths in order, for one-line asserts. */
char *
test_issue_paths (GPtrArray *issues)
{
  GString *paths = g_string_new (NULL);

  for (guint i = 0; i < issues->len; i++)
    {
      const RosterIssue *issue = g_ptr_array_index (issues, i);

      if (i > 0)
        g_string_append (paths, ", ");
      g_string_append (paths, issue->path);
    }

  return g_string_free (paths, FALSE);
}

/* The arguments of a sampling program, `PROGRAM FORM-ID COUNT`: the
 * form, or NULL (after saying why) when they are not that. */
const RosterForm *
test_parse_form_count_args (int    argc,
                            char  *argv[],
                            guint *count)
{
  const RosterForm *form;

  if (argc != 3)
    {
      g_printerr ("usage: %s FORM-ID COUNT\n", argv[0]);
      return NULL;
    }

  if (!(form = roster_form_lookup (argv[1])))
    {
      g_printerr ("%s: no form “%s” in Roster's tables\n", argv[0], argv[1]);
      return NULL;
    }

  *count = (guint) strtoul (argv[2], NULL, 10);

  return form;
}

/* A private gnome-keyring-daemon (secrets only, its login keyring
 * unlocked) on the session bus of the test, as in a user's session.
 * Returns FALSE when gnome-keyring-daemon is not installed. */
gboolean
test_start_keyring (void)
{
  const char *argv[] = { "gnome-keyring-daemon", "--unlock", "--components=secrets", NULL };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) daemon = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GBytes) password = g_bytes_new_static ("pw", 2);
  g_autofree char *program = g_find_program_in_path ("gnome-keyring-daemon");
  gint64 deadline;

  if (program == NULL)
    return FALSE;

  /* It daemonizes: the first process prints its environment and exits. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  daemon = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate (daemon, password, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (daemon));

  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GVariant) reply = NULL;
      gboolean owned = FALSE;

      reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "NameHasOwner",
                                           g_variant_new ("(s)", "org.freedesktop.secrets"),
                                           G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
      if (reply != NULL)
        g_variant_get (reply, "(b)", &owned);
      if (owned)
        return TRUE;
      g_usleep (50000);
    }
  g_error ("gnome-keyring-daemon did not claim org.freedesktop.secrets");
  return FALSE;
}
