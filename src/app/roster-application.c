/* roster-application.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-application"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "roster-application.h"
#include "roster-accessible.h"
#include "roster-command-line.h"
#include "roster-endpoint.h"
#include "roster-preferences-page.h"
#include "roster-window.h"

/* Scripts and the development server set the endpoint for one run with
 * this variable; --endpoint wins over it. */
#define ENDPOINT_ENVIRONMENT_VARIABLE "HIE_ROSTER_ENDPOINT"

/* Scripts and tests point the NPI lookups at a mirror or a stand-in for
 * one run with this variable, instead of the npi-registry setting. */
#define NPI_REGISTRY_ENVIRONMENT_VARIABLE "HIE_ROSTER_NPI_REGISTRY"

struct _RosterApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *endpoint_override;
  gboolean        npi_registry_off;  /* --no-registry */
};

G_DEFINE_FINAL_TYPE (RosterApplication, roster_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_entries[] = {
  { "endpoint", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Send requests to this intake endpoint for this run, instead of the one in Preferences"), N_("URL") },
  { "validate", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Check a request payload file and print each problem as “field: message”"), N_("FILE") },
  { "queue", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Check a request payload file and put it in the outbox; prints the request’s id"), N_("FILE") },
  { "send", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Send what waits in the outbox; prints one line per request"), NULL },
  { "list", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("List the requests: id, state, form, action, last change, tracking number"), NULL },
  { "no-registry", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Do not look up NPIs in the NPI Registry during this run"), NULL },
  { "people", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the practice’s people and their services (names, emails and NPIs: redirect it to a file, not a log)"), NULL },
  { "format", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The format of --people: csv (the default) or json"), N_("FORMAT") },
  { "import-people", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Import the practice’s user list (CSV with a header row); prints each row’s problems"), N_("FILE") },
  { "dry-run", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --import-people: only say what the import would do"), NULL },
  { "export-questionnaire", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Print a form as a FHIR R4 Questionnaire (JSON)"), N_("FORM_ID") },
  { "export-response", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Check a request payload file and print it as a FHIR R4 QuestionnaireResponse (JSON)"), N_("FILE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the program’s version"), NULL },
  { NULL }
};

/**
 * roster_application_init_i18n:
 *
 * Sets the locale and binds the message catalog. Called by main() and by
 * the tests. `ROSTER_LOCALEDIR` replaces the installed catalog folder: it
 * is for tests that run the program uninstalled, not for users.
 */
void
roster_application_init_i18n (void)
{
  const char *localedir = g_getenv ("ROSTER_LOCALEDIR");

  if (localedir == NULL || localedir[0] == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* --no-registry, and HIE_ROSTER_NPI_REGISTRY checked before anything
 * runs: a bad address is an error, like a bad endpoint. */
static gboolean
read_npi_registry_options (RosterApplication *self,
                           GVariantDict      *options)
{
  const char *url = g_getenv (NPI_REGISTRY_ENVIRONMENT_VARIABLE);
  g_autoptr(GError) error = NULL;

  self->npi_registry_off = g_variant_dict_contains (options, "no-registry");

  if (url != NULL && url[0] != '\0' && !roster_endpoint_check (url, &error))
    {
      g_printerr ("hie-roster: %s: %s\n", NPI_REGISTRY_ENVIRONMENT_VARIABLE, error->message);
      return FALSE;
    }

  return TRUE;
}

/*
 * Command-line actions that need no display run here, before the
 * application registers and before GTK is initialized, so scripts and
 * servers can use them without a session. Returning -1 lets the
 * application start normally.
 */
static int
roster_application_handle_local_options (GApplication *application,
                                         GVariantDict *options)
{
  RosterApplication *self = ROSTER_APPLICATION (application);
  g_autofree char *validate_path = NULL;
  g_autofree char *queue_path = NULL;
  g_autofree char *import_path = NULL;
  g_autofree char *questionnaire_form = NULL;
  g_autofree char *response_path = NULL;
  g_autofree char *endpoint = NULL;
  const char *endpoint_source = "--endpoint";

  /* A bad endpoint is reported whatever else was asked, so a typo in a
   * script's variable never goes unnoticed. */
  if (!g_variant_dict_lookup (options, "endpoint", "s", &endpoint))
    {
      endpoint = g_strdup (g_getenv (ENDPOINT_ENVIRONMENT_VARIABLE));
      endpoint_source = ENDPOINT_ENVIRONMENT_VARIABLE;
    }

  if (endpoint != NULL && endpoint[0] != '\0')
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      if (!roster_endpoint_check (endpoint, &error))
        {
          g_printerr ("hie-roster: %s: %s\n", endpoint_source, error->message);
          return 2;
        }

      normalized = roster_endpoint_normalize (endpoint);
      roster_application_set_endpoint_override (self, normalized);
    }

  if (!read_npi_registry_options (self, options))
    return 2;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("hie-roster %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "validate", "^ay", &validate_path))
    {
      g_autofree char *registry = roster_application_dup_npi_registry_url (self);
      return roster_command_line_validate (validate_path, registry);
    }

  if (g_variant_dict_lookup (options, "export-questionnaire", "s", &questionnaire_form))
    return roster_command_line_export_questionnaire (questionnaire_form);

  if (g_variant_dict_lookup (options, "export-response", "^ay", &response_path))
    return roster_command_line_export_response (response_path);

  /* The outbox commands work on the store directly, beside a running
   * Roster if there is one: SQLite serializes the writes, and a lock file
   * keeps to one delivery at a time. */
  if (g_variant_dict_lookup (options, "queue", "^ay", &queue_path))
    {
      g_autofree char *registry = roster_application_dup_npi_registry_url (self);
      return roster_command_line_queue (queue_path, registry);
    }

  if (g_variant_dict_contains (options, "list"))
    return roster_command_line_list ();

  if (g_variant_dict_lookup (options, "import-people", "^ay", &import_path))
    return roster_command_line_import_people (import_path, g_variant_dict_contains (options, "dry-run"));

  if (g_variant_dict_contains (options, "people"))
    {
      g_autofree char *format = NULL;

      g_variant_dict_lookup (options, "format", "s", &format);
      return roster_command_line_people (format);
    }

  if (g_variant_dict_contains (options, "send"))
    {
      g_autofree char *send_endpoint = roster_application_dup_endpoint (self);
      return roster_command_line_send (send_endpoint);
    }

  return G_APPLICATION_CLASS (roster_application_parent_class)->handle_local_options (application, options);
}

static void
roster_application_activate (GApplication *application)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (window == NULL)
    window = GTK_WINDOW (roster_window_new (ROSTER_APPLICATION (application)));

  gtk_window_present (window);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  RosterApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *preferences;

  preferences = roster_preferences_page_present (roster_preferences_page_new (self), GTK_WIDGET (parent));
  if (ROSTER_IS_WINDOW (parent))
    {
      /* The endpoint or the token may have changed: deliver with the new
       * ones, and lift a pause the old ones caused. */
      g_signal_connect_object (preferences, "destroy", G_CALLBACK (roster_window_refresh_delivery),
                               parent, G_CONNECT_SWAPPED);
    }
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  RosterApplication *self = user_data;
  static const char *developers[] = { "The Roster authors", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  /* AdwAboutDialog from libadwaita 1.5 (AdwAboutWindow is deprecated in
   * 1.6); the same properties but the window's two. */
  about = g_object_new (
#if ADW_CHECK_VERSION (1, 5, 0)
                        ADW_TYPE_ABOUT_DIALOG,
#else
                        ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
#endif
                        "application-icon", APPLICATION_ID,
                        "application-name", _("Roster"),
                        "developer-name", _("The Roster authors"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/hieroster/roster",
                        "issue-url", "https://github.com/hieroster/roster/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", _("© 2026 The Roster authors"),
                        "developers", developers,
                        /* TRANSLATORS: your name and email, one translator a line */
                        "translator-credits", _("translator-credits"),
                        NULL);
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_about_dialog_set_comments (ADW_ABOUT_DIALOG (about),
                                 _("Ask your health information exchange for a new user’s account, or to change or end one."));
  adw_dialog_present (ADW_DIALOG (about), GTK_WIDGET (parent));
#else
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("Ask your health information exchange for a new user’s account, or to change or end one."));
  gtk_window_present (GTK_WINDOW (about));
#endif
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  RosterApplication *self = user_data;
  g_autolist(GtkWindow) windows = NULL;

  /* Close each window the way the user would, so it saves its state (and
   * may keep itself open); the application ends with its last window. */
  windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (self)),
                              (GCopyFunc) g_object_ref, NULL);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

/* The command line, after it changed the outbox beside a running Roster,
 * asks it (over D-Bus, org.gtk.Actions) to show the change and deliver. */
static void
refresh_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  RosterApplication *self = user_data;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (ROSTER_IS_WINDOW (l->data) && roster_window_get_main_view (l->data) != NULL)
        roster_main_view_refresh (roster_window_get_main_view (l->data));
    }
}

static const GActionEntry app_actions[] = {
  { "refresh", refresh_action },
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
};

static void
roster_application_startup (GApplication *application)
{
  GtkApplication *gtk_application = GTK_APPLICATION (application);

  G_APPLICATION_CLASS (roster_application_parent_class)->startup (application);

  roster_accessible_init ();

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions, G_N_ELEMENTS (app_actions), application);

  gtk_application_set_accels_for_action (gtk_application, "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (gtk_application, "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  /* Ctrl+? is what GtkApplication would set for a gtk/help-overlay.ui; the
   * window builds its shortcuts window itself, on first use. The plain ?
   * is bound in RosterWindow instead: application accelerators run before
   * the focused widget, and would swallow every question mark typed into
   * a field. */
  gtk_application_set_accels_for_action (gtk_application, "win.show-help-overlay",
                                         (const char *[]) { "<Control>question", NULL });
}

static void
roster_application_finalize (GObject *object)
{
  RosterApplication *self = ROSTER_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->endpoint_override, g_free);

  G_OBJECT_CLASS (roster_application_parent_class)->finalize (object);
}

static void
roster_application_class_init (RosterApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = roster_application_finalize;

  application_class->handle_local_options = roster_application_handle_local_options;
  application_class->startup = roster_application_startup;
  application_class->activate = roster_application_activate;
}

static void
roster_application_init (RosterApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Ask your health information exchange for a new user’s account, or to change or end one."));
  g_application_set_option_context_description (G_APPLICATION (self),
                                                _("The environment variable HIE_ROSTER_ENDPOINT sets the intake endpoint like --endpoint does; HIE_ROSTER_NPI_REGISTRY sets the NPI Registry’s address for one run."));
}

RosterApplication *
roster_application_new (void)
{
  return g_object_new (ROSTER_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/hieroster/Roster",
                       NULL);
}

/*
 * The schema is normally installed. Run from the build folder (as
 * `build-aux/dev run` does) it is not, so fall back to the copy that
 * data/meson.build compiles there, instead of aborting the way
 * g_settings_new() does. The default source stays the parent, so an
 * installed schema always wins.
 */
static GSettingsSchema *
lookup_settings_schema (void)
{
  GSettingsSchemaSource *installed = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchemaSource) build_source = NULL;
  GSettingsSchema *schema = NULL;

  if (installed != NULL)
    schema = g_settings_schema_source_lookup (installed, APPLICATION_ID, TRUE);
  if (schema != NULL)
    return schema;

  build_source = g_settings_schema_source_new_from_directory (BUILD_SCHEMA_DIR, installed, FALSE, NULL);
  if (build_source != NULL)
    schema = g_settings_schema_source_lookup (build_source, APPLICATION_ID, FALSE);
  if (schema == NULL)
    g_error ("The settings schema %s is not installed", APPLICATION_ID);

  return schema;
}

/**
 * roster_application_get_settings:
 *
 * Returns: (transfer none): Roster's settings
 */
GSettings *
roster_application_get_settings (RosterApplication *self)
{
  g_return_val_if_fail (ROSTER_IS_APPLICATION (self), NULL);

  if (self->settings == NULL)
    {
      g_autoptr(GSettingsSchema) schema = lookup_settings_schema ();

      self->settings = g_settings_new_full (schema, NULL, NULL);
    }

  return self->settings;
}

/**
 * roster_application_get_endpoint_override:
 *
 * Returns: (nullable): the endpoint given with --endpoint or
 *   `HIE_ROSTER_ENDPOINT` for this run, or %NULL
 */
const char *
roster_application_get_endpoint_override (RosterApplication *self)
{
  g_return_val_if_fail (ROSTER_IS_APPLICATION (self), NULL);

  return self->endpoint_override;
}

/**
 * roster_application_set_endpoint_override:
 * @endpoint: (nullable): an endpoint that passed roster_endpoint_check()
 *
 * Uses @endpoint for this run instead of the one in the settings.
 */
void
roster_application_set_endpoint_override (RosterApplication *self,
                                          const char        *endpoint)
{
  g_return_if_fail (ROSTER_IS_APPLICATION (self));
  g_return_if_fail (endpoint == NULL || roster_endpoint_check (endpoint, NULL));

  g_free (self->endpoint_override);
  self->endpoint_override = (endpoint != NULL && endpoint[0] != '\0') ? g_strdup (endpoint) : NULL;
}

/**
 * roster_application_dup_endpoint:
 *
 * The intake endpoint requests go to: the one given for this run, else
 * the one set in Preferences.
 *
 * Returns: (transfer full) (nullable): the endpoint, or %NULL if none is set
 */
char *
roster_application_dup_endpoint (RosterApplication *self)
{
  g_autofree char *endpoint = NULL;

  g_return_val_if_fail (ROSTER_IS_APPLICATION (self), NULL);

  if (self->endpoint_override != NULL)
    return g_strdup (self->endpoint_override);

  endpoint = g_settings_get_string (roster_application_get_settings (self), "endpoint");
  if (endpoint[0] == '\0')
    return NULL;

  return g_steal_pointer (&endpoint);
}

/**
 * roster_application_dup_npi_registry_url:
 *
 * Where NPIs are looked up: the address given for this run
 * (`HIE_ROSTER_NPI_REGISTRY`), else the npi-registry setting.
 *
 * Returns: (transfer full) (nullable): the NPI Registry's address, or
 *   %NULL when lookups are off (in Preferences, or with --no-registry)
 */
char *
roster_application_dup_npi_registry_url (RosterApplication *self)
{
  GSettings *settings;
  const char *override;

  g_return_val_if_fail (ROSTER_IS_APPLICATION (self), NULL);

  settings = roster_application_get_settings (self);
  if (self->npi_registry_off || !g_settings_get_boolean (settings, "npi-registry-enabled"))
    return NULL;

  /* Read each time, not only at start-up, so that whatever runs Roster
   * (tests included) never reaches the real registry by accident; an
   * address that may not be used turns the lookups off. */
  override = g_getenv (NPI_REGISTRY_ENVIRONMENT_VARIABLE);
  if (override != NULL && override[0] != '\0')
    return roster_endpoint_check (override, NULL) ? g_strdup (override) : NULL;

  return g_settings_get_string (settings, "npi-registry");
}
