/* fuzz-validators.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "roster-validate.h"

#include "fuzz-common.h"

/*
 * The field validators, on text as typed or pasted.
 *
 * Input layout: byte 0 picks the validator (modulo 6); the text or date
 * validator then reads three parameter bytes; the rest is the text (a NUL
 * ends it, as in a C string).
 *
 *   0 NPI   1 email   2 Direct address   3 phone
 *   4 date: bytes 1–2 the window in days (signed, ×8, 0x80 = no limit),
 *           byte 3 bit 0: no "today"
 *   5 text: byte 1 min length, byte 2 max length (0 = default),
 *           byte 3 bit 0: multiline
 */

enum
{
  VALIDATE_NPI,
  VALIDATE_EMAIL,
  VALIDATE_DIRECT_ADDRESS,
  VALIDATE_PHONE,
  VALIDATE_DATE,
  VALIDATE_TEXT,
  N_VALIDATORS
};

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  roster_fuzz_init ();
  return 0;
}

static int
day_limit (uint8_t byte,
           int     no_limit)
{
  if (byte == 0x80)
    return no_limit;

  return (int) (int8_t) byte * 8;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  uint8_t parameters[3] = { 0, 0, 0 };
  gboolean valid = FALSE;
  guint which;

  if (size == 0)
    return 0;

  which = data[0] % N_VALIDATORS;
  data++;
  size--;

  if (which == VALIDATE_DATE || which == VALIDATE_TEXT)
    {
      if (size < G_N_ELEMENTS (parameters))
        return 0;
      memcpy (parameters, data, G_N_ELEMENTS (parameters));
      data += G_N_ELEMENTS (parameters);
      size -= G_N_ELEMENTS (parameters);
    }

  text = g_strndup ((const char *) data, size);

  switch (which)
    {
    case VALIDATE_NPI:
      valid = roster_validate_npi (text, &error);
      break;

    case VALIDATE_EMAIL:
      valid = roster_validate_email (text, &error);
      break;

    case VALIDATE_DIRECT_ADDRESS:
      valid = roster_validate_direct_address (text, &error);
      break;

    case VALIDATE_PHONE:
      valid = roster_validate_phone (text, &error);
      break;

    case VALIDATE_DATE:
      {
        int min_days = day_limit (parameters[0], G_MININT);
        int max_days = day_limit (parameters[1], G_MAXINT);
        GDate today;

        roster_fuzz_get_today (&today);
        /* Only two finite limits can be out of order. */
        if (min_days > max_days)
          {
            int swap = min_days;

            min_days = max_days;
            max_days = swap;
          }
        valid = roster_validate_date (text, (parameters[2] & 1) ? NULL : &today,
                                      min_days, max_days, &error);
      }
      break;

    case VALIDATE_TEXT:
      {
        guint max_length = parameters[1];
        guint min_length = MIN ((guint) parameters[0],
                                max_length != 0 ? max_length : ROSTER_TEXT_DEFAULT_MAX_LENGTH);

        valid = roster_validate_text (text, min_length, max_length, parameters[2] & 1, &error);
        g_free (roster_text_normalize (text));
      }
      break;

    default:
      g_assert_not_reached ();
    }

  /* The messages are shown and logged: they must be readable text. */
  roster_fuzz_check (valid == (error == NULL));
  if (error != NULL)
    roster_fuzz_check (error->domain == ROSTER_VALIDATION_ERROR &&
                       g_utf8_validate (error->message, -1, NULL));

  return 0;
}
