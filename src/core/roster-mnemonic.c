/* roster-mnemonic.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "roster-mnemonic.h"

/*
 * A label with a mnemonic ("Save _Receipt…") as a person reads it: what a
 * screen reader must say for a control that GTK 4.8 names by the raw
 * label, and what a test looks for. Here, not in the app, because the
 * AT-SPI test is a client in its own process without GTK.
 */

/**
 * roster_mnemonic_strip:
 * @label: a label that uses GTK's mnemonic underscores
 *
 * "Everyone _At…" → "Everyone At…"; "__" stands for one underscore.
 *
 * Returns: (transfer full): @label without its mnemonic marks
 */
char *
roster_mnemonic_strip (const char *label)
{
  GString *text;

  g_return_val_if_fail (label != NULL, NULL);

  text = g_string_new (NULL);
  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_' && p[1] != '\0')
        p++;
      g_string_append_c (text, *p);
    }

  return g_string_free (text, FALSE);
}
