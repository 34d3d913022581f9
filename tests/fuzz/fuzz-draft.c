/* fuzz-draft.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "roster-draft.h"

#include "fuzz-common.h"

/*
 * The draft loader, on rows read back from the database (which may have
 * been damaged or edited). A draft that loads must also survive a save
 * and a load unchanged: otherwise the next autosave loses work.
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
  g_autoptr(GBytes) draft = g_bytes_new_static (data, size);
  g_autoptr(RosterRequest) request = NULL;
  g_autoptr(RosterRequest) reread = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GBytes) saved_again = NULL;
  g_autoptr(GError) error = NULL;
  guint n_skipped = G_MAXUINT;

  request = roster_draft_read (draft, &n_skipped, &error);
  roster_fuzz_check ((request == NULL) != (error == NULL));
  if (request == NULL)
    {
      roster_fuzz_check (error->domain == ROSTER_DRAFT_ERROR && g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  roster_fuzz_check (n_skipped != G_MAXUINT);

  saved = roster_draft_write (request);
  n_skipped = G_MAXUINT;
  reread = roster_draft_read (saved, &n_skipped, &error);
  roster_fuzz_check (reread != NULL);
  roster_fuzz_check (n_skipped == 0);

  saved_again = roster_draft_write (reread);
  roster_fuzz_check (g_bytes_equal (saved, saved_again));

  return 0;
}
