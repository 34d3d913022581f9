/* test-request-head.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The gate's head check: where a head ends, and which heads never reach
 * libsoup (those libsoup 3.2.3 leaks memory on, and those that could be
 * read two ways).
 */

#include "config.h"

#include <string.h>

#include "roster-request-head.h"

static RosterRequestHeadProblem
check (const char *head)
{
  gsize end = roster_request_head_find_end (head, strlen (head));

  g_assert_cmpuint (end, ==, strlen (head));

  return roster_request_head_check (head, end);
}

static void
test_find_end (void)
{
  const char *crlf = "GET / HTTP/1.1\r\nHost: a\r\n\r\n{\"body\": 1}";
  const char *lf = "GET / HTTP/1.1\nHost: a\n\nrest";

  g_assert_cmpuint (roster_request_head_find_end (crlf, strlen (crlf)), ==, strlen (crlf) - strlen ("{\"body\": 1}"));
  g_assert_cmpuint (roster_request_head_find_end (lf, strlen (lf)), ==, strlen (lf) - strlen ("rest"));

  /* Not ended yet: more must be read. */
  g_assert_cmpuint (roster_request_head_find_end ("GET / HTTP/1.1\r\nHost: a\r\n", 25), ==, 0);
  g_assert_cmpuint (roster_request_head_find_end ("GET / HTTP/1.1\r\nHost: a\r\n\r", 26), ==, 0);
  g_assert_cmpuint (roster_request_head_find_end ("", 0), ==, 0);

  /* An empty first line ends it at once (and the check refuses it). */
  g_assert_cmpuint (roster_request_head_find_end ("\r\nGET /", 7), ==, 2);
}

static void
test_accepted (void)
{
  g_assert_cmpint (check ("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1:8089\r\n\r\n"), ==, ROSTER_REQUEST_HEAD_OK);
  g_assert_cmpint (check ("POST /v1/account-requests HTTP/1.1\r\n"
                          "Host: intake.example.org\r\n"
                          "Content-Type: application/json; charset=utf-8\r\n"
                          "Content-Length: 427\r\n"
                          "\r\n"), ==, ROSTER_REQUEST_HEAD_OK);
  g_assert_cmpint (check ("POST /v1/account-requests HTTP/1.1\r\n"
                          "transfer-encoding:   Chunked \r\n"
                          "\r\n"), ==, ROSTER_REQUEST_HEAD_OK);
  /* No Host at all is libsoup's to answer (HTTP/1.0 may do without). */
  g_assert_cmpint (check ("GET /v1/health HTTP/1.0\n\n"), ==, ROSTER_REQUEST_HEAD_OK);
  /* A line without a colon is not a header; libsoup drops it. */
  g_assert_cmpint (check ("GET / HTTP/1.1\r\nHost: a\r\nnot a header\r\n\r\n"), ==, ROSTER_REQUEST_HEAD_OK);
}

/* The heads that libsoup 3.2.3 leaks the request path on (an unknown
 * Transfer-Encoding, a Content-Length that is not a number), and a Host
 * with "/", which the contract refuses too. */
static void
test_leaking_heads_refused (void)
{
  g_assert_cmpint (check ("GET /v1/AAAAAAAA HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n"),
                   ==, ROSTER_REQUEST_HEAD_UNSUPPORTED_ENCODING);
  g_assert_cmpint (check ("GET /v1/AAAAAAAA HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n"),
                   ==, ROSTER_REQUEST_HEAD_UNSUPPORTED_ENCODING);
  g_assert_cmpint (check ("GET /v1/AAAAAAAA HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"),
                   ==, ROSTER_REQUEST_HEAD_UNSUPPORTED_ENCODING);
  g_assert_cmpint (check ("GET /v1/AAAAAAAA HTTP/1.1\r\nHost: a\r\nContent-Length: 12a\r\n\r\n"),
                   ==, ROSTER_REQUEST_HEAD_MALFORMED);
  g_assert_cmpint (check ("GET /v1/AAAAAAAA HTTP/1.1\r\nHost: a/b\r\n\r\n"),
                   ==, ROSTER_REQUEST_HEAD_MALFORMED);
}

/* Heads that could be read two ways. */
static void
test_ambiguous_heads_refused (void)
{
  static const struct
  {
    const char               *head;
    RosterRequestHeadProblem  problem;
  } cases[] = {
    { "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", ROSTER_REQUEST_HEAD_MALFORMED },
    { "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", ROSTER_REQUEST_HEAD_MALFORMED },
    { "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n", ROSTER_REQUEST_HEAD_MALFORMED },
    { "POST / HTTP/1.1\r\nContent-Length: +1\r\n\r\n", ROSTER_REQUEST_HEAD_MALFORMED },
    { "POST / HTTP/1.1\r\nContent-Length: \r\n\r\n", ROSTER_REQUEST_HEAD_MALFORMED },
    { "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", ROSTER_REQUEST_HEAD_MALFORMED },
    { "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", ROSTER_REQUEST_HEAD_BAD_FRAMING },
    { "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", ROSTER_REQUEST_HEAD_BAD_FRAMING },
    { "POST / HTTP/1.1\r\nTransfer-Encoding : gzip\r\n\r\n", ROSTER_REQUEST_HEAD_UNSUPPORTED_ENCODING },
    { "GET / HTTP/1.1\r\nHost: a\r\nX-Folded: a\r\n b\r\n\r\n", ROSTER_REQUEST_HEAD_MALFORMED },
    { "GET / HTTP/1.1\r\nHost: a\rTransfer-Encoding: gzip\r\n\r\n", ROSTER_REQUEST_HEAD_MALFORMED },
    { "\r\n", ROSTER_REQUEST_HEAD_MALFORMED },
  };
  const char *unended;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].head);
      g_assert_cmpint (check (cases[i].head), ==, cases[i].problem);
    }

  /* A head the client never ended is checked as far as it goes. */
  unended = "GET / HTTP/1.1\r\nHost: a\r\nHost: b";
  g_assert_cmpint (roster_request_head_check (unended, strlen (unended)), ==, ROSTER_REQUEST_HEAD_MALFORMED);
  unended = "GET / HTTP/1.1\r\nTransfer-Encoding: x";
  g_assert_cmpint (roster_request_head_check (unended, strlen (unended)), ==, ROSTER_REQUEST_HEAD_UNSUPPORTED_ENCODING);

  /* A NUL byte anywhere. */
  g_assert_cmpint (roster_request_head_check ("GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n", 29),
                   ==, ROSTER_REQUEST_HEAD_MALFORMED);
}

/* Where a kept-alive connection's next request starts. */
static void
test_body_length (void)
{
  guint64 length = 1;

  g_assert_true (roster_request_head_get_body_length ("GET / HTTP/1.1\r\nHost: a\r\n\r\n", 27, &length));
  g_assert_cmpuint (length, ==, 0);

  {
    const char *head = "POST http://a:80/ HTTP/1.1\r\nHost: a:80\r\ncontent-length :  427 \r\n\r\n";

    g_assert_cmpint (roster_request_head_check (head, strlen (head)), ==, ROSTER_REQUEST_HEAD_OK);
    g_assert_true (roster_request_head_get_body_length (head, strlen (head), &length));
    g_assert_cmpuint (length, ==, 427);
  }
  {
    const char *head = "POST / HTTP/1.1\nContent-Length: 9999999999999999999\n\n";

    g_assert_true (roster_request_head_get_body_length (head, strlen (head), &length));
    g_assert_cmpuint (length, ==, G_GUINT64_CONSTANT (9999999999999999999));
  }

  /* Only reading a chunked body tells where it ends. */
  g_assert_false (roster_request_head_get_body_length ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
                                                       47, &length));

  /* Nothing past the head counts. */
  {
    const char *head = "POST / HTTP/1.1\r\n\r\nContent-Length: 5\r\n\r\n";

    g_assert_true (roster_request_head_get_body_length (head, roster_request_head_find_end (head, strlen (head)),
                                                        &length));
    g_assert_cmpuint (length, ==, 0);
    g_assert_true (roster_request_head_get_body_length (head, strlen (head), &length));
    g_assert_cmpuint (length, ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/request-head/find-end", test_find_end);
  g_test_add_func ("/request-head/accepted", test_accepted);
  g_test_add_func ("/request-head/leaking-heads-refused", test_leaking_heads_refused);
  g_test_add_func ("/request-head/ambiguous-heads-refused", test_ambiguous_heads_refused);
  g_test_add_func ("/request-head/body-length", test_body_length);

  return g_test_run ();
}
