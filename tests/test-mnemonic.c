/* test-mnemonic.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "roster-mnemonic.h"

static void
assert_stripped (const char *label,
                 const char *expected)
{
  g_autofree char *text = roster_mnemonic_strip (label);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_strip (void)
{
  assert_stripped ("_Submit Request", "Submit Request");
  assert_stripped ("Everyone _At…", "Everyone At…");
  assert_stripped ("No mnemonic", "No mnemonic");
  /* "__" is a plain underscore; a trailing one stays. */
  assert_stripped ("snake__case _Name", "snake_case Name");
  assert_stripped ("trailing_", "trailing_");
  assert_stripped ("", "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mnemonic/strip", test_strip);

  return g_test_run ();
}
