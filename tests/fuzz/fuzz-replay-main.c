/* fuzz-replay-main.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "fuzz-common.h"

/*
 * main() for a fuzz target without libFuzzer: runs LLVMFuzzerTestOneInput
 * once over every file of the corpus directories (or files) named on the
 * command line, in name order. This is how the corpus, and every crash
 * kept in it as a regression input, runs in CI with gcc, with or without
 * AddressSanitizer. A crash aborts the process; the last "running" line
 * names the input.
 *
 *   fuzz-payload-replay tests/fuzz/corpus/fuzz-payload
 */

static gboolean verbose;

/* Each input goes into a buffer of its exact size, as libFuzzer does, so
 * that AddressSanitizer sees a read one byte past the end. */
static gboolean
replay_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree uint8_t *exact = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }

  /* g_malloc (0) returns NULL; libFuzzer never passes NULL. */
  exact = g_malloc (MAX (length, 1));
  memcpy (exact, contents, length);

  if (verbose)
    g_printerr ("running %s (%" G_GSIZE_FORMAT " bytes)\n", path, length);

  LLVMFuzzerTestOneInput (exact, length);

  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static gboolean
replay_directory (const char *path,
                  guint      *n_inputs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (!(dir = g_dir_open (path, 0, &error)))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));

  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);

      if (g_file_test (file, G_FILE_TEST_IS_DIR))
        continue;

      if (!replay_file (file))
        return FALSE;
      (*n_inputs)++;
    }

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  guint total = 0;
  int first = 1;

  if (argc > 1 && g_str_equal (argv[1], "-v"))
    {
      verbose = TRUE;
      first = 2;
    }

  if (first >= argc)
    {
      g_printerr ("usage: %s [-v] CORPUS_DIR_OR_FILE…\n", argv[0]);
      return EXIT_FAILURE;
    }

  LLVMFuzzerInitialize (&argc, &argv);

  for (int i = first; i < argc; i++)
    {
      guint n_inputs = 0;

      if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          if (!replay_directory (argv[i], &n_inputs))
            return EXIT_FAILURE;

          /* An empty or mistyped corpus must not pass as a clean run. */
          if (n_inputs == 0)
            {
              g_printerr ("%s: no inputs\n", argv[i]);
              return EXIT_FAILURE;
            }
        }
      else
        {
          if (!replay_file (argv[i]))
            return EXIT_FAILURE;
          n_inputs = 1;
        }

      g_print ("%s: %u inputs replayed\n", argv[i], n_inputs);
      total += n_inputs;
    }

  g_print ("%u inputs, no crash\n", total);

  return EXIT_SUCCESS;
}
