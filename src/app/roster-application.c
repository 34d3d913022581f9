/* roster-application.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-application"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-application.h"
#include "roster-command-line.h"
#include "roster-window.h"

struct _RosterApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (RosterApplication, roster_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_entries[] = {
  { "validate", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Check a request payload file and print each problem as “field: message”"), N_("FILE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the program’s version"), NULL },
  { NULL }
};

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
  g_autofree char *validate_path = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("hie-roster %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "validate", "^ay", &validate_path))
    return roster_command_line_validate (validate_path);

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
roster_application_class_init (RosterApplicationClass *klass)
{
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  application_class->handle_local_options = roster_application_handle_local_options;
  application_class->activate = roster_application_activate;
}

static void
roster_application_init (RosterApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Ask your health information exchange to change or end a user’s account."));
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
