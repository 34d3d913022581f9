/* fuzz-payload.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "roster-json-check.h"
#include "roster-payload.h"

#include "fuzz-common.h"

/*
 * The payload reader: what `--validate` and `--queue` read from a file
 * and what the intake server reads from a request body, all through
 * roster_payload_check(). roster_json_check(), the gate in front of
 * json-glib, also runs alone with a depth limit far above the payload's,
 * so its own stack of open containers is exercised too.
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
  g_autoptr(GBytes) payload = g_bytes_new_static (data, size);
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) check_error = NULL;
  GDate today;

  roster_fuzz_get_today (&today);

  issues = roster_payload_check (payload, &today, &error);
  roster_fuzz_check ((issues == NULL) != (error == NULL));
  if (error != NULL)
    roster_fuzz_check (error->domain == ROSTER_PAYLOAD_ERROR && g_utf8_validate (error->message, -1, NULL));

  for (guint i = 0; issues != NULL && i < issues->len; i++)
    {
      const RosterIssue *issue = g_ptr_array_index (issues, i);

      /* The issues go back to the sender as JSON and to people as text. */
      roster_fuzz_check (issue->path != NULL && g_utf8_validate (issue->path, -1, NULL));
      roster_fuzz_check (issue->message != NULL && g_utf8_validate (issue->message, -1, NULL));
    }

  if (!roster_json_check ((const char *) data, size, G_MAXSIZE, 4096, &check_error))
    roster_fuzz_check (check_error != NULL && check_error->domain == ROSTER_JSON_CHECK_ERROR);

  return 0;
}
