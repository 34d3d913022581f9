/* fuzz-retry-after.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "roster-outbox.h"

#include "fuzz-common.h"

/*
 * The Retry-After header parser: delay-seconds or an HTTP date (any RFC 9110 form), from
 * an untrusted server. The input is the header value (a NUL ends it).
 */

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  roster_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *value = g_strndup ((const char *) data, size);
  gint64 delay = G_MININT64;

  if (roster_parse_retry_after (value, ROSTER_FUZZ_NOW, &delay))
    roster_fuzz_check (delay >= 0);
  else
    roster_fuzz_check (delay == G_MININT64);

  return 0;
}
