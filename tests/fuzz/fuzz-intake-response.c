/* fuzz-intake-response.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "roster-intake-client.h"
#include "roster-json-check.h"

#include "fuzz-common.h"

/*
 * What the app makes of an answer from the intake endpoint (201 and 422
 * bodies, error bodies, Retry-After), through roster_intake_parse_response(),
 * and of the same body as the answer to a status lookup, through
 * roster_intake_parse_status().
 *
 * Input layout:
 *   bytes 0–1  the HTTP status, big-endian, modulo 600
 *   byte  2    bit 7 set: no Retry-After header; bits 0–6: its length N
 *   N bytes    the Retry-After value (a NUL in it ends it, as in a header)
 *   the rest   the body
 * A shorter input is all body, with status 201 and no header.
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
  g_autoptr(RosterIntakeResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *retry_after = NULL;
  g_autoptr(RosterIntakeStatus) status_answer = NULL;
  g_autoptr(GError) status_error = NULL;
  const char * const states[] = { "received", "in_review", "completed", "rejected", NULL };
  guint status = 201;

  if (size >= 3)
    {
      gsize length = MIN ((gsize) (data[2] & 0x7f), size - 3);

      status = ((guint) data[0] << 8 | data[1]) % 600;
      if (!(data[2] & 0x80))
        retry_after = g_strndup ((const char *) data + 3, length);
      data += 3 + length;
      size -= 3 + length;
    }

  body = g_bytes_new_static (data, size);
  result = roster_intake_parse_response (status, retry_after, body);

  /* The same bytes as the answer to a status lookup; a 201 stands for
   * the 200 that such an answer has. */
  status_answer = roster_intake_parse_status (status == 201 ? 200 : status, body, &status_error);
  roster_fuzz_check ((status_answer == NULL) != (status_error == NULL));
  if (status_answer != NULL)
    {
      roster_fuzz_check (g_strv_contains (states, status_answer->status));
      /* Shown to the administrator as plain text. */
      roster_fuzz_check (status_answer->note == NULL || g_utf8_validate (status_answer->note, -1, NULL));
    }

  roster_fuzz_check (result != NULL);
  roster_fuzz_check (result->status == status);
  /* Shown to the administrator as plain text. */
  roster_fuzz_check (result->message != NULL && g_utf8_validate (result->message, -1, NULL));
  roster_fuzz_check (result->retry_after >= -1);
  roster_fuzz_check (result->outcome != ROSTER_OUTCOME_ACCEPTED || result->tracking_id != NULL);
  roster_fuzz_check (result->outcome == ROSTER_OUTCOME_RETRY || result->retry_after == -1);

  /* The field errors are stored, and read back by
   * roster_issues_from_server() through the same strict gate:
   * they must be the rebuilt array, valid JSON, never the HIE's bytes. */
  if (result->errors_json != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      roster_fuzz_check (result->outcome == ROSTER_OUTCOME_RETURNED);
      roster_fuzz_check (roster_json_check (result->errors_json, strlen (result->errors_json),
                                            256 * 1024, 4, NULL));
      roster_fuzz_check (json_parser_load_from_data (parser, result->errors_json, -1, NULL));
      roster_fuzz_check (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
    }

  return 0;
}
