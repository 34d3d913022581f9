/* test-endpoint.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The intake endpoint rule: https:// anywhere, http:// only to this computer.
 */

#include <string.h>

#include <glib.h>

#include "roster-endpoint.h"

static void
assert_accepted (const char *url)
{
  g_autoptr(GError) error = NULL;

  if (!roster_endpoint_check (url, &error))
    g_error ("“%s” was refused: %s", url, error->message);
}

static void
assert_refused (const char          *url,
                RosterEndpointError  code)
{
  g_autoptr(GError) error = NULL;

  if (roster_endpoint_check (url, &error))
    g_error ("“%s” was accepted", url != NULL ? url : "(null)");
  g_assert_error (error, ROSTER_ENDPOINT_ERROR, (int) code);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_endpoint_https (void)
{
  assert_accepted ("https://intake.example.org");
  assert_accepted ("https://intake.example.org/");
  assert_accepted ("https://intake.example.org:8443/hie/v1");
  assert_accepted ("HTTPS://Intake.Example.org/");
  assert_accepted ("https://192.0.2.10/");
  assert_accepted ("https://[2001:db8::1]:8443/");
  assert_accepted ("https://localhost:8443/");
}

static void
test_endpoint_http_loopback (void)
{
  assert_accepted ("http://localhost:8080");
  assert_accepted ("http://LOCALHOST/");
  assert_accepted ("http://127.0.0.1:8080/");
  assert_accepted ("http://127.1.2.3/");
  assert_accepted ("http://127.255.255.254:1/");
  assert_accepted ("http://[::1]:8080/");
}

static void
test_endpoint_http_elsewhere (void)
{
  g_autoptr(GError) error = NULL;

  assert_refused ("http://intake.example.org/", ROSTER_ENDPOINT_ERROR_INSECURE);
  assert_refused ("http://192.0.2.10/", ROSTER_ENDPOINT_ERROR_INSECURE);
  assert_refused ("http://128.0.0.1/", ROSTER_ENDPOINT_ERROR_INSECURE);
  assert_refused ("http://0.0.0.0:8080/", ROSTER_ENDPOINT_ERROR_INSECURE);
  assert_refused ("http://[::2]/", ROSTER_ENDPOINT_ERROR_INSECURE);
  assert_refused ("http://[::ffff:192.0.2.1]/", ROSTER_ENDPOINT_ERROR_INSECURE);
  /* A name that merely starts like a loopback address is a name. */
  assert_refused ("http://127.0.0.1.example.org/", ROSTER_ENDPOINT_ERROR_INSECURE);
  assert_refused ("http://localhost.example.org/", ROSTER_ENDPOINT_ERROR_INSECURE);

  /* The reason names the fix and the exception. */
  g_assert_false (roster_endpoint_check ("http://intake.example.org/", &error));
  g_assert_nonnull (strstr (error->message, "https://"));
  g_assert_nonnull (strstr (error->message, "localhost"));
}

static void
test_endpoint_malformed (void)
{
  assert_refused (NULL, ROSTER_ENDPOINT_ERROR_EMPTY);
  assert_refused ("", ROSTER_ENDPOINT_ERROR_EMPTY);
  assert_refused ("intake.example.org", ROSTER_ENDPOINT_ERROR_INVALID);
  assert_refused ("/v1/account-requests", ROSTER_ENDPOINT_ERROR_INVALID);
  assert_refused ("https://", ROSTER_ENDPOINT_ERROR_INVALID);
  assert_refused ("https:///path", ROSTER_ENDPOINT_ERROR_INVALID);
  assert_refused ("https://intake.example.org/ x", ROSTER_ENDPOINT_ERROR_INVALID);
  assert_refused (" https://intake.example.org", ROSTER_ENDPOINT_ERROR_INVALID);
  assert_refused ("https://intake.example.org\n", ROSTER_ENDPOINT_ERROR_INVALID);
  assert_refused ("https://exa mple.org", ROSTER_ENDPOINT_ERROR_INVALID);
  assert_refused ("ftp://intake.example.org/", ROSTER_ENDPOINT_ERROR_SCHEME);
  assert_refused ("file:///etc/passwd", ROSTER_ENDPOINT_ERROR_INVALID);
  assert_refused ("mailto:intake@example.org", ROSTER_ENDPOINT_ERROR_INVALID);
}

static void
test_endpoint_credentials (void)
{
  assert_refused ("https://admin:secret@intake.example.org/", ROSTER_ENDPOINT_ERROR_CREDENTIALS);
  assert_refused ("https://token@intake.example.org/", ROSTER_ENDPOINT_ERROR_CREDENTIALS);
  assert_refused ("http://user@localhost/", ROSTER_ENDPOINT_ERROR_CREDENTIALS);
}

static void
test_endpoint_is_loopback (void)
{
  g_assert_true (roster_endpoint_is_loopback ("localhost"));
  g_assert_true (roster_endpoint_is_loopback ("127.0.0.1"));
  g_assert_true (roster_endpoint_is_loopback ("::1"));
  g_assert_false (roster_endpoint_is_loopback (""));
  g_assert_false (roster_endpoint_is_loopback (NULL));
  g_assert_false (roster_endpoint_is_loopback ("[::1]"));
  g_assert_false (roster_endpoint_is_loopback ("10.0.0.1"));
}

/* One spelling per endpoint: the token is keyed by it. */
static void
test_endpoint_normalize (void)
{
  static const struct
  {
    const char *typed;
    const char *normalized;
  } cases[] = {
    { "https://intake.example.org", "https://intake.example.org" },
    { "https://intake.example.org/", "https://intake.example.org" },
    { "HTTPS://Intake.Example.ORG:443/", "https://intake.example.org" },
    { "https://intake.example.org:8443/hie/", "https://intake.example.org:8443/hie" },
    { "https://intake.example.org/HIE//", "https://intake.example.org/HIE" },
    { "http://127.0.0.1:8089/", "http://127.0.0.1:8089" },
    { "http://localhost:80", "http://localhost" },
    { "http://[::1]:8089/", "http://[::1]:8089" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normalized = roster_endpoint_normalize (cases[i].typed);

      g_assert_cmpstr (normalized, ==, cases[i].normalized);
    }

  g_assert_null (roster_endpoint_normalize ("http://intake.example.org"));
  g_assert_null (roster_endpoint_normalize ("https://user:pw@intake.example.org"));
  g_assert_null (roster_endpoint_normalize (""));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/endpoint/https", test_endpoint_https);
  g_test_add_func ("/endpoint/http-loopback", test_endpoint_http_loopback);
  g_test_add_func ("/endpoint/http-elsewhere", test_endpoint_http_elsewhere);
  g_test_add_func ("/endpoint/malformed", test_endpoint_malformed);
  g_test_add_func ("/endpoint/credentials", test_endpoint_credentials);
  g_test_add_func ("/endpoint/is-loopback", test_endpoint_is_loopback);
  g_test_add_func ("/endpoint/normalize", test_endpoint_normalize);

  return g_test_run ();
}
