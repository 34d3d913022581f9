/* roster-endpoint.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-endpoint"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "roster-endpoint.h"

/*
 * The one rule for the intake endpoint's address, shared by the
 * preferences, the command line and the environment: requests name people
 * and travel with a bearer token, so they go over TLS. Plain http:// is
 * accepted only when it cannot leave this computer, which is what the
 * reference intake server uses in development and tests.
 */

G_DEFINE_QUARK (roster-endpoint-error-quark, roster_endpoint_error)

/**
 * roster_endpoint_is_loopback:
 * @host: a host name or address, as #GUri gives it (IPv6 without brackets)
 *
 * Returns: %TRUE if @host is `localhost`, an address in 127.0.0.0/8, or ::1
 */
gboolean
roster_endpoint_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL || host[0] == '\0')
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  /* Only a literal address counts: "127.0.0.1.example.org" is a name. */
  address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * roster_endpoint_check:
 * @url: the address an administrator typed, or one from the command line
 * @error: return location for a #RosterEndpointError
 *
 * Checks that @url can be used as the intake endpoint: an absolute
 * `https://` address with a host, or an `http://` address whose host is
 * this computer (`localhost`, 127.0.0.0/8 or ::1). Addresses that carry a
 * user name or password are refused: the token is kept in the keyring, not
 * in a setting.
 *
 * Returns: %TRUE if @url is acceptable
 */
gboolean
roster_endpoint_check (const char  *url,
                       GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (url == NULL || url[0] == '\0')
    {
      g_set_error_literal (error, ROSTER_ENDPOINT_ERROR, ROSTER_ENDPOINT_ERROR_EMPTY,
                           _("Enter the address of your HIE’s intake endpoint, such as https://intake.example.org."));
      return FALSE;
    }

  for (const char *p = url; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
        {
          g_set_error_literal (error, ROSTER_ENDPOINT_ERROR, ROSTER_ENDPOINT_ERROR_INVALID,
                               _("The address can’t contain spaces."));
          return FALSE;
        }
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error_literal (error, ROSTER_ENDPOINT_ERROR, ROSTER_ENDPOINT_ERROR_INVALID,
                           _("This is not a web address. It should look like https://intake.example.org."));
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);

  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error_literal (error, ROSTER_ENDPOINT_ERROR, ROSTER_ENDPOINT_ERROR_CREDENTIALS,
                           _("Leave the user name and password out of the address. Enter the API token below instead."));
      return FALSE;
    }

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      if (roster_endpoint_is_loopback (host))
        return TRUE;

      g_set_error_literal (error, ROSTER_ENDPOINT_ERROR, ROSTER_ENDPOINT_ERROR_INSECURE,
                           _("Use an https:// address. Plain http:// would send requests and the token unencrypted, so it is only allowed to this computer (localhost, 127.0.0.1 or ::1)."));
      return FALSE;
    }

  g_set_error_literal (error, ROSTER_ENDPOINT_ERROR, ROSTER_ENDPOINT_ERROR_SCHEME,
                       _("The address must start with https://."));
  return FALSE;
}

/**
 * roster_endpoint_normalize:
 * @url: an address that passed roster_endpoint_check()
 *
 * The one spelling of an endpoint, under which its token is kept and
 * with which requests are built: scheme and host in lower case, no
 * default port, no "/" at the end. "HTTPS://Intake.Example.org:443/" and
 * "https://intake.example.org" are the same endpoint, so an address
 * typed one way in Preferences and another way after `--endpoint` finds
 * the same token.
 *
 * Returns: (transfer full) (nullable): the normalized address, or %NULL if
 *   @url does not pass roster_endpoint_check()
 */
char *
roster_endpoint_normalize (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  g_autoptr(GString) path = NULL;
  g_autoptr(GUri) normalized = NULL;
  int port;

  if (!roster_endpoint_check (url, NULL))
    return NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  port = g_uri_get_port (uri);
  if ((g_str_equal (scheme, "https") && port == 443) || (g_str_equal (scheme, "http") && port == 80))
    port = -1;

  path = g_string_new (g_uri_get_path (uri));
  while (path->len > 0 && path->str[path->len - 1] == '/')
    g_string_truncate (path, path->len - 1);

  normalized = g_uri_build (G_URI_FLAGS_NONE, scheme, NULL, host, port, path->str,
                            g_uri_get_query (uri), g_uri_get_fragment (uri));

  return g_uri_to_string (normalized);
}
