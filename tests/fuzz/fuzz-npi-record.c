/* fuzz-npi-record.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "roster-npi-record.h"

#include "fuzz-common.h"

/*
 * What Roster makes of an answer from the NPI Registry (untrusted: any
 * server the setting names), through roster_npi_record_parse(), and then
 * everything the app does with a record: the line beside the NPI, the
 * warnings with a name to compare, and the cache's round trip.
 *
 * Input layout: the whole input is the body, asked about 1234567893.
 * The seeds are the recorded answers in tests/npi-registry/.
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
  g_autoptr(RosterNpiRecord) record = NULL;
  g_autoptr(RosterNpiRecord) again = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autofree char *line = NULL;
  g_autofree char *cached = NULL;
  g_autofree char *line_again = NULL;

  record = roster_npi_record_parse ("1234567893", (const char *) data, size, NULL);
  if (record == NULL)
    return 0;

  line = roster_npi_record_describe (record);
  warnings = roster_npi_record_check (record, "Dr. Jane Q. Doe, MD", TRUE);
  g_ptr_array_unref (roster_npi_record_check (record, NULL, FALSE));

  /* What the cache keeps reads back as the same record. */
  cached = roster_npi_record_serialize (record);
  again = roster_npi_record_parse ("1234567893", cached, strlen (cached), NULL);
  g_assert (again != NULL);
  line_again = roster_npi_record_describe (again);
  g_assert (g_str_equal (line, line_again));

  return 0;
}
