/* fuzz-people-import.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "roster-csv.h"
#include "roster-people-import.h"

#include "fuzz-common.h"

/*
 * An imported user list (untrusted: any file the administrator picks)
 * through the CSV reader and the import plan: columns mapped, each row
 * read and judged, the plan's people listed. Every row the plan keeps
 * must have an email.
 *
 * Input layout: the whole input is the file. The seeds are user lists as
 * portals and spreadsheets write them.
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
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(RosterImportPlan) plan = NULL;
  g_autoptr(GPtrArray) people = NULL;

  rows = roster_csv_parse ((const char *) data, size, NULL);
  plan = roster_import_plan_new ((const char *) data, size, NULL, NULL);
  g_assert ((rows == NULL) <= (plan == NULL));
  if (plan == NULL)
    return 0;

  for (guint i = 0; i < plan->headers->len; i++)
    g_assert (roster_import_column_describe (plan, i) != NULL);

  people = roster_import_plan_get_people (plan);
  for (guint i = 0; i < people->len; i++)
    g_assert (((RosterPerson *) g_ptr_array_index (people, i))->email != NULL);

  return 0;
}
