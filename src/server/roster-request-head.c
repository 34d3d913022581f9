/* roster-request-head.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-request-head"

#include "config.h"

#include <string.h>

#include "roster-request-head.h"

/*
 * The server reads each connection's request head (request line and
 * headers) itself, checks it with roster_request_head_check(), and only
 * then hands the connection to libsoup.
 *
 * Why: libsoup 3.2.3 (Debian 12) leaks the request's path when it cannot
 * tell how the body is framed — a Transfer-Encoding it does not know, or
 * a Content-Length that is not a number: the server's parse_headers()
 * returns 501 or 400 without freeing it. Upstream fixed that in "Fix
 * memory leak in error path" (commit 450d43c4), first in 3.5.2 and in the
 * stable 3.6.0 (checked in libsoup's git; in that same 3.2.3 source the
 * Host-with-"/" return does free the path). Every such request cost the
 * server up to 64 KiB, for anyone who could connect. The check refuses
 * those heads, and more: it is stricter than HTTP requires wherever a
 * head could be read two ways (RFC 9112 §6.3, §11.2), so that what is
 * checked here is what libsoup parses:
 *   - no NUL byte, no CR other than before LF, no folded header line;
 *   - a Transfer-Encoding only alone and only "chunked";
 *   - at most one Content-Length, all digits, and not with
 *     Transfer-Encoding;
 *   - at most one Host, with no "/".
 * Names are matched without case and without the spaces around them, so
 * "transfer-encoding :" counts too.
 *
 * libsoup 3.6 no longer leaks on these heads, but the gate is deliberately
 * not behind SOUP_CHECK_VERSION (3, 6, 0): every rule above, its answers
 * (400 "malformed_request", 501 "unsupported_transfer_encoding", 431) and
 * its time limits are written in the intake contract (data/intake-api.md,
 * "Connections"), which libsoup, any version, does not give. It is policy
 * that also happens to stop the leak; no part of it is only a workaround.
 */

/**
 * roster_request_head_find_end:
 * @data: the bytes read so far from a connection
 * @length: their length
 *
 * Finds where the first request head ends: just past the first empty
 * line ("\n" or "\r\n"), the line that libsoup also stops at.
 *
 * Returns: the head's length, empty line included; 0 if it has not ended
 */
gsize
roster_request_head_find_end (const char *data,
                              gsize       length)
{
  gsize line_start = 0;

  for (;;)
    {
      const char *newline = memchr (data + line_start, '\n', length - line_start);
      gsize line_end;

      if (newline == NULL)
        return 0;

      line_end = newline - data;
      if (line_end == line_start ||
          (line_end == line_start + 1 && data[line_start] == '\r'))
        return line_end + 1;

      line_start = line_end + 1;
    }
}

static void
trim (const char **text,
      gsize       *length)
{
  while (*length > 0 && ((*text)[0] == ' ' || (*text)[0] == '\t'))
    {
      (*text)++;
      (*length)--;
    }
  while (*length > 0 && ((*text)[*length - 1] == ' ' || (*text)[*length - 1] == '\t'))
    (*length)--;
}

/* The line at *@line_start, without its "\n" or "\r\n"; moves
 * *@line_start past it. */
static gsize
next_line (const char  *head,
           gsize        length,
           gsize       *line_start,
           const char **line)
{
  const char *newline;
  gsize line_length;

  *line = head + *line_start;
  newline = memchr (*line, '\n', length - *line_start);
  line_length = newline ? (gsize) (newline - *line) : length - *line_start;
  *line_start += line_length + 1;

  if (line_length > 0 && (*line)[line_length - 1] == '\r')
    line_length--;

  return line_length;
}

/* A header line's name and value, without the spaces around them;
 * FALSE for a line with no colon. */
static gboolean
split_header (const char  *line,
              gsize        line_length,
              const char **name,
              gsize       *name_length,
              const char **value,
              gsize       *value_length)
{
  const char *colon = memchr (line, ':', line_length);

  if (colon == NULL)
    return FALSE;

  *name = line;
  *name_length = colon - line;
  *value = colon + 1;
  *value_length = line_length - *name_length - 1;
  trim (name, name_length);
  trim (value, value_length);

  return TRUE;
}

static gboolean
name_is (const char *name,
         gsize       length,
         const char *expected)
{
  return length == strlen (expected) && g_ascii_strncasecmp (name, expected, length) == 0;
}

static gboolean
is_content_length (const char *value,
                   gsize       length)
{
  /* 19 digits always fit in 64 bits. */
  if (length == 0 || length > 19)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (value[i]))
      return FALSE;

  return TRUE;
}

/**
 * roster_request_head_check:
 * @head: a request head, as delimited by roster_request_head_find_end(),
 *   or all that a client sent if it never ended the head
 * @length: its length
 *
 * Checks a request head before libsoup parses it; see the top of
 * roster-request-head.c for the rules and the reason.
 *
 * Returns: %ROSTER_REQUEST_HEAD_OK, or what is wrong
 */
RosterRequestHeadProblem
roster_request_head_check (const char *head,
                           gsize       length)
{
  guint transfer_encodings = 0;
  guint content_lengths = 0;
  guint hosts = 0;
  gboolean unsupported_encoding = FALSE;
  gsize line_start = 0;
  gboolean first_line = TRUE;

  if (memchr (head, '\0', length) != NULL)
    return ROSTER_REQUEST_HEAD_MALFORMED;

  while (line_start < length)
    {
      const char *line;
      gsize line_length = next_line (head, length, &line_start, &line);
      const char *name;
      const char *value;
      gsize name_length;
      gsize value_length;

      if (memchr (line, '\r', line_length) != NULL)
        return ROSTER_REQUEST_HEAD_MALFORMED;

      if (first_line)
        {
          if (line_length == 0)
            return ROSTER_REQUEST_HEAD_MALFORMED;
          first_line = FALSE;
          continue;
        }

      /* The empty line that ends the head. */
      if (line_length == 0)
        break;

      /* An obsolete folded line continues the header above it. */
      if (line[0] == ' ' || line[0] == '\t')
        return ROSTER_REQUEST_HEAD_MALFORMED;

      if (!split_header (line, line_length, &name, &name_length, &value, &value_length))
        continue;

      if (name_is (name, name_length, "Transfer-Encoding"))
        {
          transfer_encodings++;
          if (!(value_length == strlen ("chunked") && g_ascii_strncasecmp (value, "chunked", value_length) == 0))
            unsupported_encoding = TRUE;
        }
      else if (name_is (name, name_length, "Content-Length"))
        {
          content_lengths++;
          if (!is_content_length (value, value_length))
            return ROSTER_REQUEST_HEAD_MALFORMED;
        }
      else if (name_is (name, name_length, "Host"))
        {
          hosts++;
          if (memchr (value, '/', value_length) != NULL)
            return ROSTER_REQUEST_HEAD_MALFORMED;
        }
    }

  if (content_lengths > 1 || hosts > 1)
    return ROSTER_REQUEST_HEAD_MALFORMED;
  if (transfer_encodings > 1 || (transfer_encodings > 0 && content_lengths > 0))
    return ROSTER_REQUEST_HEAD_BAD_FRAMING;
  if (unsupported_encoding)
    return ROSTER_REQUEST_HEAD_UNSUPPORTED_ENCODING;

  return ROSTER_REQUEST_HEAD_OK;
}

/**
 * roster_request_head_get_body_length:
 * @head: a request head that passed roster_request_head_check()
 * @length: its length
 * @body_length: (out): the length of the body that follows it
 *
 * Where the request that @head starts ends, for a server that reads the
 * next request on the same connection: after a Content-Length's bytes,
 * or right after the head when it has neither Content-Length nor
 * Transfer-Encoding (a request without either has no body, RFC 9112
 * §6.3, as libsoup reads it too).
 *
 * Returns: %FALSE for a chunked body, whose end only its chunks tell
 */
gboolean
roster_request_head_get_body_length (const char *head,
                                     gsize       length,
                                     guint64    *body_length)
{
  gsize line_start = 0;

  *body_length = 0;

  while (line_start < length)
    {
      const char *line;
      gsize line_length = next_line (head, length, &line_start, &line);
      const char *name;
      const char *value;
      gsize name_length;
      gsize value_length;

      if (line_length == 0 && line != head)
        break;
      if (!split_header (line, line_length, &name, &name_length, &value, &value_length))
        continue;

      if (name_is (name, name_length, "Transfer-Encoding"))
        return FALSE;
      if (name_is (name, name_length, "Content-Length"))
        {
          /* Checked already: 1 to 19 digits. */
          if (!is_content_length (value, value_length))
            return FALSE;
          *body_length = 0;
          for (gsize i = 0; i < value_length; i++)
            *body_length = *body_length * 10 + (guint64) (value[i] - '0');
        }
    }

  return TRUE;
}
