/* roster-intake-command-line.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-intake-command-line"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#include "roster-intake-command-line.h"
#include "roster-intake-server.h"
#include "roster-intake-store.h"
#include "roster-rate-limiter.h"

/*
 * hie-roster-intake COMMAND [OPTIONS…]
 *
 *   serve                     run the intake endpoint
 *   token add|list|revoke     issue and withdraw API tokens
 *   list, show, set-status    the HIE's side: read requests, move them on
 *
 *   migrate                   create or upgrade the database's schema
 *
 * Every command takes --db: a file (SQLite) or a postgresql:// URI; the
 * default is $HIE_ROSTER_INTAKE_DB, else the user's data folder, the same
 * database `build-aux/dev run` uses.
 */

#define DEFAULT_LISTEN     "127.0.0.1:8089"
#define DEFAULT_RATE       5.0
#define DEFAULT_BURST      20

/* --db, else HIE_ROSTER_INTAKE_DB, else the user's data folder. */
static char *
default_database (void)
{
  const char *address = g_getenv ("HIE_ROSTER_INTAKE_DB");

  if (address != NULL && address[0] != '\0')
    return g_strdup (address);

  return g_build_filename (g_get_user_data_dir (), "hie-roster-intake", "intake.db", NULL);
}

static void
print_usage (void)
{
  g_printerr ("%s",
              _("Usage:\n"
                "  hie-roster-intake serve [--db FILE|URI] [--listen ADDRESS:PORT] [--tls-cert FILE --tls-key FILE]\n"
                "                          [--rate-limit PER-SECOND] [--rate-burst N] [--time-limit SECONDS]\n"
                "  hie-roster-intake token add [--db FILE|URI] [--replace] ORGANIZATION\n"
                "  hie-roster-intake token list [--db FILE|URI]\n"
                "  hie-roster-intake token revoke [--db FILE|URI] ID\n"
                "  hie-roster-intake list [--db FILE|URI]\n"
                "  hie-roster-intake show [--db FILE|URI] TRACKING_ID\n"
                "  hie-roster-intake set-status [--db FILE|URI] TRACKING_ID in_review|completed|rejected [--note TEXT]\n"
                "  hie-roster-intake migrate [--db FILE|URI]\n"
                "\n"
                "Run “hie-roster-intake COMMAND --help” for a command’s options.\n"));
}

/* Parses the options of one command. Returns FALSE (having printed why)
 * when the command line is wrong. */
static gboolean
parse_options (const char    *command,
               const char    *parameters,
               GOptionEntry  *entries,
               int           *argc,
               char        ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = g_strdup_printf ("hie-roster-intake %s", command);

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }

  return TRUE;
}

static RosterIntakeStore *
open_store (const char *path)
{
  g_autofree char *fallback = NULL;
  g_autoptr(GError) error = NULL;
  RosterIntakeStore *store;

  if (path == NULL)
    path = fallback = default_database ();

  if (!(store = roster_intake_store_open (path, &error)))
    g_printerr ("%s\n", error->message);

  return store;
}

/* serve ----------------------------------------------------------------- */

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/* "127.0.0.1:8089", "[::1]:8089", "localhost:0". */
static GInetSocketAddress *
parse_listen_address (const char  *text,
                      GError     **error)
{
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) address = NULL;
  const char *colon = strrchr (text, ':');
  guint64 port;
  char *end = NULL;

  if (colon == NULL || colon == text || colon[1] == '\0')
    goto invalid;

  port = g_ascii_strtoull (colon + 1, &end, 10);
  if (*end != '\0' || port > 65535)
    goto invalid;

  if (text[0] == '[' && colon[-1] == ']')
    host = g_strndup (text + 1, colon - text - 2);
  else
    host = g_strndup (text, colon - text);

  if (g_str_equal (host, "localhost"))
    address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    address = g_inet_address_new_from_string (host);

  if (address == NULL)
    goto invalid;

  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (address, port));

invalid:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not an address to listen on: give an IP address and a port, such as 127.0.0.1:8089."),
               text);
  return NULL;
}

static int
command_serve (int    argc,
               char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *uri = NULL;
  double rate = DEFAULT_RATE;
  int burst = DEFAULT_BURST;
  int time_limit = ROSTER_INTAKE_SERVER_DEFAULT_TIME_LIMIT;
  int commit_delay = 0;
  int answer_delay = 0;
  int failing_batch = 0;
  g_autoptr(RosterIntakeStore) store = NULL;
  g_autoptr(RosterRateLimiter) rate_limiter = NULL;
  g_autoptr(RosterIntakeServer) server = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  guint sigterm_id;
  guint sigint_id;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database: a file (created if missing) or a postgresql:// URI"), N_("FILE|URI") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, N_("Where to listen (default 127.0.0.1:8089; port 0 picks one)"), N_("ADDRESS:PORT") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, N_("Serve HTTPS with this PEM certificate"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, N_("The certificate’s PEM private key"), N_("FILE") },
    { "rate-limit", 0, 0, G_OPTION_ARG_DOUBLE, &rate, N_("Requests a second per token (0: no limit; default 5)"), N_("PER-SECOND") },
    { "rate-burst", 0, 0, G_OPTION_ARG_INT, &burst, N_("Requests a token may send at once (default 20)"), N_("N") },
    { "time-limit", 0, 0, G_OPTION_ARG_INT, &time_limit, N_("Most seconds one request may take, idle time included (default 30)"), N_("SECONDS") },
    /* Fault injection for the tests: makes a commit slow enough to race. */
    { "test-commit-delay-ms", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &commit_delay, NULL, NULL },
    /* And one that leaves time to kill the server between commit and answer. */
    { "test-answer-delay-ms", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &answer_delay, NULL, NULL },
    /* And one that fails the commit of the Nth batch (1: the first). */
    { "test-fail-batch", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &failing_batch, NULL, NULL },
    { NULL }
  };

  if (!parse_options ("serve", "", entries, &argc, &argv))
    return ROSTER_INTAKE_EXIT_USAGE;

  if (argc > 1 || burst < 1 || time_limit < 0 || rate < 0 ||
      commit_delay < 0 || answer_delay < 0 || failing_batch < 0)
    {
      print_usage ();
      return ROSTER_INTAKE_EXIT_USAGE;
    }

  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      g_printerr ("%s\n", _("HTTPS needs both --tls-cert and --tls-key."));
      return ROSTER_INTAKE_EXIT_USAGE;
    }

  if (!(address = parse_listen_address (listen ? listen : DEFAULT_LISTEN, &error)))
    {
      g_printerr ("%s\n", error->message);
      return ROSTER_INTAKE_EXIT_USAGE;
    }

  /* Tokens and the practices' data cross this connection: plain HTTP
   * only where it never leaves the machine. */
  if (tls_cert == NULL &&
      !g_inet_address_get_is_loopback (g_inet_socket_address_get_address (address)))
    {
      g_autofree char *host = g_inet_address_to_string (g_inet_socket_address_get_address (address));

      g_printerr (_("Refusing to serve plain HTTP on %s, which is not a loopback address: "
                    "tokens and requests would cross the network unencrypted. "
                    "Give --tls-cert and --tls-key, or listen on 127.0.0.1.\n"),
                  host);
      return ROSTER_INTAKE_EXIT_USAGE;
    }

  if (tls_cert != NULL &&
      !(certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error)))
    {
      g_printerr (_("Cannot load the TLS certificate: %s\n"), error->message);
      return ROSTER_INTAKE_EXIT_FAILED;
    }

  if (!(store = open_store (db_path)))
    return ROSTER_INTAKE_EXIT_FAILED;
  roster_intake_store_set_commit_delay (store, commit_delay);
  roster_intake_store_set_answer_delay (store, answer_delay);
  roster_intake_store_set_failing_batch (store, failing_batch);

  rate_limiter = roster_rate_limiter_new (rate, burst);
  server = roster_intake_server_new (store, rate_limiter);
  roster_intake_server_set_time_limit (server, time_limit);

  /* Before announcing it: a SIGTERM right after the line must still stop
   * the server cleanly. */
  loop = g_main_loop_new (NULL, FALSE);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);

  if (!roster_intake_server_listen (server, address, certificate, &error))
    {
      g_printerr (_("Cannot listen: %s\n"), error->message);
      return ROSTER_INTAKE_EXIT_FAILED;
    }

  /* One line on standard output, which scripts and tests wait for (and
   * read the port from when it was picked). */
  uri = roster_intake_server_get_uri (server);
  g_print (_("Listening on %s\n"), uri);
  fflush (stdout);

  g_main_loop_run (loop);

  g_source_remove (sigterm_id);
  g_source_remove (sigint_id);

  roster_intake_server_stop (server);
  g_printerr ("%s\n", _("Stopped."));

  return ROSTER_INTAKE_EXIT_OK;
}

/* migrate --------------------------------------------------------------- */

static int
command_migrate (int    argc,
                 char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *fallback = NULL;
  g_autoptr(RosterIntakeStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int old_version = 0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database: a file or a postgresql:// URI"), N_("FILE|URI") },
    { NULL }
  };

  if (!parse_options ("migrate", "", entries, &argc, &argv))
    return ROSTER_INTAKE_EXIT_USAGE;

  if (argc > 1)
    {
      print_usage ();
      return ROSTER_INTAKE_EXIT_USAGE;
    }

  if (!(store = roster_intake_store_migrate (db_path ? db_path : (fallback = default_database ()),
                                             &old_version, &error)))
    {
      g_printerr ("%s\n", error->message);
      return ROSTER_INTAKE_EXIT_FAILED;
    }

  if (old_version == ROSTER_INTAKE_STORE_SCHEMA_VERSION)
    g_print (_("The schema is up to date (version %d).\n"), ROSTER_INTAKE_STORE_SCHEMA_VERSION);
  else if (old_version == 0)
    g_print (_("Created the schema (version %d).\n"), ROSTER_INTAKE_STORE_SCHEMA_VERSION);
  else
    g_print (_("Upgraded the schema from version %d to %d.\n"), old_version, ROSTER_INTAKE_STORE_SCHEMA_VERSION);

  return ROSTER_INTAKE_EXIT_OK;
}

/* token ----------------------------------------------------------------- */

static int
command_token_add (int    argc,
                   char **argv)
{
  g_autofree char *db_path = NULL;
  gboolean replace = FALSE;
  g_autoptr(RosterIntakeStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *id_text = NULL;
  gint64 id = 0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database: a file or a postgresql:// URI"), N_("FILE|URI") },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace, N_("Revoke the organization’s other tokens"), NULL },
    { NULL }
  };

  if (!parse_options ("token add", N_("ORGANIZATION"), entries, &argc, &argv))
    return ROSTER_INTAKE_EXIT_USAGE;

  if (argc != 2)
    {
      print_usage ();
      return ROSTER_INTAKE_EXIT_USAGE;
    }

  if (!(store = open_store (db_path)))
    return ROSTER_INTAKE_EXIT_FAILED;

  if (!(token = roster_intake_store_add_token (store, argv[1], replace, &id, &error)))
    {
      g_printerr ("%s\n", error->message);
      return error->code == ROSTER_INTAKE_STORE_ERROR_INVALID ? ROSTER_INTAKE_EXIT_USAGE : ROSTER_INTAKE_EXIT_FAILED;
    }

  /* The token alone on standard output, so a script can capture it; it is
   * shown this once and never stored. */
  g_print ("%s\n", token);
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_printerr (_("Token %s issued. Keep it now: it cannot be shown again.\n"), id_text);

  return ROSTER_INTAKE_EXIT_OK;
}

static int
command_token_list (int    argc,
                    char **argv)
{
  g_autofree char *db_path = NULL;
  g_autoptr(RosterIntakeStore) store = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database: a file or a postgresql:// URI"), N_("FILE|URI") },
    { NULL }
  };

  if (!parse_options ("token list", "", entries, &argc, &argv))
    return ROSTER_INTAKE_EXIT_USAGE;

  if (argc != 1)
    {
      print_usage ();
      return ROSTER_INTAKE_EXIT_USAGE;
    }

  if (!(store = open_store (db_path)))
    return ROSTER_INTAKE_EXIT_FAILED;

  if (!(tokens = roster_intake_store_list_tokens (store, &error)))
    {
      g_printerr ("%s\n", error->message);
      return ROSTER_INTAKE_EXIT_FAILED;
    }

  /* Tab-separated: id, state, issued, organization (last: it may have
   * spaces). */
  for (guint i = 0; i < tokens->len; i++)
    {
      const RosterIntakeToken *token = g_ptr_array_index (tokens, i);

      g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\n",
               token->id,
               token->revoked_at ? "revoked" : "active",
               token->created_at,
               token->organization);
    }

  return ROSTER_INTAKE_EXIT_OK;
}

static int
command_token_revoke (int    argc,
                      char **argv)
{
  g_autofree char *db_path = NULL;
  g_autoptr(RosterIntakeStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint64 id;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database: a file or a postgresql:// URI"), N_("FILE|URI") },
    { NULL }
  };

  if (!parse_options ("token revoke", N_("ID"), entries, &argc, &argv))
    return ROSTER_INTAKE_EXIT_USAGE;

  if (argc != 2 || !g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXINT64, &id, NULL))
    {
      print_usage ();
      return ROSTER_INTAKE_EXIT_USAGE;
    }

  if (!(store = open_store (db_path)))
    return ROSTER_INTAKE_EXIT_FAILED;

  if (!roster_intake_store_revoke_token (store, (gint64)id, &error))
    {
      g_printerr ("%s\n", error->message);
      return ROSTER_INTAKE_EXIT_FAILED;
    }

  return ROSTER_INTAKE_EXIT_OK;
}

static int
command_token (int    argc,
               char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "add"))
    return command_token_add (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return command_token_list (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "revoke"))
    return command_token_revoke (argc - 1, argv + 1);

  print_usage ();
  return ROSTER_INTAKE_EXIT_USAGE;
}

/* Requests -------------------------------------------------------------- */

static int
command_list (int    argc,
              char **argv)
{
  g_autofree char *db_path = NULL;
  g_autoptr(RosterIntakeStore) store = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database: a file or a postgresql:// URI"), N_("FILE|URI") },
    { NULL }
  };

  if (!parse_options ("list", "", entries, &argc, &argv))
    return ROSTER_INTAKE_EXIT_USAGE;

  if (argc != 1)
    {
      print_usage ();
      return ROSTER_INTAKE_EXIT_USAGE;
    }

  if (!(store = open_store (db_path)))
    return ROSTER_INTAKE_EXIT_FAILED;

  if (!(records = roster_intake_store_list_requests (store, &error)))
    {
      g_printerr ("%s\n", error->message);
      return ROSTER_INTAKE_EXIT_FAILED;
    }

  /* Tab-separated: tracking id, received, status, organization. */
  for (guint i = 0; i < records->len; i++)
    {
      const RosterIntakeRecord *record = g_ptr_array_index (records, i);

      g_print ("%s\t%s\t%s\t%s\n",
               record->tracking_id,
               record->received_at,
               record->status,
               record->organization);
    }

  return ROSTER_INTAKE_EXIT_OK;
}

static int
command_show (int    argc,
              char **argv)
{
  g_autofree char *db_path = NULL;
  g_autoptr(RosterIntakeStore) store = NULL;
  g_autoptr(RosterIntakeRecord) record = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *body;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database: a file or a postgresql:// URI"), N_("FILE|URI") },
    { NULL }
  };

  if (!parse_options ("show", N_("TRACKING_ID"), entries, &argc, &argv))
    return ROSTER_INTAKE_EXIT_USAGE;

  if (argc != 2)
    {
      print_usage ();
      return ROSTER_INTAKE_EXIT_USAGE;
    }

  if (!(store = open_store (db_path)))
    return ROSTER_INTAKE_EXIT_FAILED;

  if (!(record = roster_intake_store_get_request (store, argv[1], 0, &error)) ||
      !(history = roster_intake_store_get_history (store, argv[1], &error)))
    {
      g_printerr ("%s\n", error->message);
      return ROSTER_INTAKE_EXIT_FAILED;
    }

  g_print (_("Tracking id:      %s\n"), record->tracking_id);
  g_print (_("Organization:     %s\n"), record->organization);
  g_print (_("Received:         %s\n"), record->received_at);
  g_print (_("Status:           %s\n"), record->status);
  if (record->note != NULL)
    g_print (_("Note:             %s\n"), record->note);
  g_print (_("Idempotency key:  %s\n"), record->idempotency_key);
  g_print (_("Body SHA-256:     %s\n"), record->body_sha256);
  g_print ("%s\n", _("History:"));
  for (guint i = 0; i < history->len; i++)
    {
      const RosterIntakeStatusChange *change = g_ptr_array_index (history, i);

      g_print ("  %s  %s%s%s\n", change->changed_at, change->status,
               change->note ? " — " : "", change->note ? change->note : "");
    }
  g_print ("%s\n", _("Payload:"));
  body = g_bytes_get_data (record->body, &length);
  fwrite (body, 1, length, stdout);
  g_print ("\n");

  return ROSTER_INTAKE_EXIT_OK;
}

static int
command_set_status (int    argc,
                    char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *note = NULL;
  g_autoptr(RosterIntakeStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database: a file or a postgresql:// URI"), N_("FILE|URI") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A message to the practice (required with “rejected”)"), N_("TEXT") },
    { NULL }
  };

  if (!parse_options ("set-status", N_("TRACKING_ID STATUS"), entries, &argc, &argv))
    return ROSTER_INTAKE_EXIT_USAGE;

  if (argc != 3)
    {
      print_usage ();
      return ROSTER_INTAKE_EXIT_USAGE;
    }

  if (!(store = open_store (db_path)))
    return ROSTER_INTAKE_EXIT_FAILED;

  if (!roster_intake_store_set_status (store, argv[1], argv[2], note, &error))
    {
      g_printerr ("%s\n", error->message);
      return ROSTER_INTAKE_EXIT_FAILED;
    }

  return ROSTER_INTAKE_EXIT_OK;
}

/**
 * roster_intake_command_line_run:
 * @argc: the number of arguments
 * @argv: the arguments, the program's name first
 *
 * Runs one `hie-roster-intake` command.
 *
 * Returns: the process's exit status, a #RosterIntakeExit
 */
int
roster_intake_command_line_run (int    argc,
                                char **argv)
{
  const char *command;

  g_return_val_if_fail (argc >= 1, ROSTER_INTAKE_EXIT_USAGE);

  command = argc >= 2 ? argv[1] : NULL;

  if (command == NULL || g_str_equal (command, "--help") || g_str_equal (command, "-h") ||
      g_str_equal (command, "help"))
    {
      print_usage ();
      return command == NULL ? ROSTER_INTAKE_EXIT_USAGE : ROSTER_INTAKE_EXIT_OK;
    }

  if (g_str_equal (command, "--version"))
    {
      g_print ("hie-roster-intake %s\n", PACKAGE_VERSION);
      return ROSTER_INTAKE_EXIT_OK;
    }

  if (g_str_equal (command, "serve"))
    return command_serve (argc - 1, argv + 1);
  if (g_str_equal (command, "token"))
    return command_token (argc - 1, argv + 1);
  if (g_str_equal (command, "list"))
    return command_list (argc - 1, argv + 1);
  if (g_str_equal (command, "show"))
    return command_show (argc - 1, argv + 1);
  if (g_str_equal (command, "set-status"))
    return command_set_status (argc - 1, argv + 1);
  if (g_str_equal (command, "migrate"))
    return command_migrate (argc - 1, argv + 1);

  g_printerr (_("Unknown command “%s”.\n"), command);
  print_usage ();
  return ROSTER_INTAKE_EXIT_USAGE;
}
