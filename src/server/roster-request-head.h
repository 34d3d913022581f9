/* roster-request-head.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest request head (request line and headers) the server reads. */
#define ROSTER_REQUEST_HEAD_MAX_BYTES (64 * 1024)

/**
 * RosterRequestHeadProblem:
 * @ROSTER_REQUEST_HEAD_OK: nothing wrong
 * @ROSTER_REQUEST_HEAD_MALFORMED: a NUL byte, an empty first line, or a
 *   repeated or malformed Host or Content-Length header (400)
 * @ROSTER_REQUEST_HEAD_BAD_FRAMING: both Transfer-Encoding and
 *   Content-Length, or Transfer-Encoding twice (400)
 * @ROSTER_REQUEST_HEAD_UNSUPPORTED_ENCODING: a Transfer-Encoding other
 *   than "chunked" (501)
 *
 * What roster_request_head_check() found.
 */
typedef enum
{
  ROSTER_REQUEST_HEAD_OK,
  ROSTER_REQUEST_HEAD_MALFORMED,
  ROSTER_REQUEST_HEAD_BAD_FRAMING,
  ROSTER_REQUEST_HEAD_UNSUPPORTED_ENCODING,
} RosterRequestHeadProblem;

gsize                    roster_request_head_find_end (const char *data,
                                                       gsize       length);
RosterRequestHeadProblem roster_request_head_check    (const char *head,
                                                       gsize       length);
gboolean                 roster_request_head_get_body_length (const char *head,
                                                              gsize       length,
                                                              guint64    *body_length);

G_END_DECLS
