/* test-autosave.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>

#include "roster-autosave.h"
#include "roster-draft.h"
#include "roster-store-private.h"
#include "test-fixtures.h"

static char *
make_store_dir (void)
{
  g_autofree char *top = test_make_scratch_dir ("roster-autosave-XXXXXX");

  return g_build_filename (top, "hie-roster", NULL);
}

static void
spin (guint milliseconds)
{
  gint64 until = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < until)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static void
count_cb (RosterAutosave *autosave,
          guint          *count)
{
  (*count)++;
}

/* A burst of edits is one write, a delay after the last one. */
static void
test_autosave_debounces (void)
{
  g_autofree char *dir = make_store_dir ();
  g_autoptr(RosterStore) store = roster_store_open (dir, NULL);
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(RosterRequest) loaded = NULL;
  g_autoptr(RosterAutosave) autosave = NULL;
  g_autofree char *id = roster_store_create_draft (store, request, NULL);
  g_autofree char *step = NULL;
  guint saves = 0;

  autosave = roster_autosave_new (store, id, request);
  roster_autosave_set_delay (autosave, 100);
  g_signal_connect (autosave, "saved", G_CALLBACK (count_cb), &saves);

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("Ana %u", i);
      roster_request_set_text (request, "user.first_name", name);
      spin (20);
    }
  roster_autosave_set_step (autosave, "user");
  g_assert_true (roster_autosave_get_dirty (autosave));
  g_assert_cmpuint (saves, ==, 0);

  spin (250);
  g_assert_cmpuint (saves, ==, 1);
  g_assert_false (roster_autosave_get_dirty (autosave));

  loaded = roster_store_load_draft (store, id, &step, NULL, NULL);
  g_assert_cmpstr (roster_request_get_text (loaded, "user.first_name"), ==, "Ana 9");
  g_assert_cmpstr (step, ==, "user");

  /* Nothing new: nothing written. */
  g_assert_true (roster_autosave_save_now (autosave, NULL));
  g_assert_cmpuint (saves, ==, 1);
}

/* A failed save is visible, keeps the draft dirty, and the last good
 * save stays on disk; the next edit tries again. */
static void
test_autosave_failure (void)
{
  g_autofree char *dir = make_store_dir ();
  g_autoptr(RosterStore) store = roster_store_open (dir, NULL);
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(RosterRequest) loaded = NULL;
  g_autoptr(RosterAutosave) autosave = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = roster_store_create_draft (store, request, NULL);

  autosave = roster_autosave_new (store, id, request);
  roster_autosave_set_delay (autosave, 50);

  g_assert_true (_roster_store_exec (store, "PRAGMA query_only = 1", NULL));
  roster_request_set_text (request, "user.first_name", "Lost?");
  spin (150);

  g_assert_true (roster_autosave_get_dirty (autosave));
  g_assert_nonnull (roster_autosave_get_error (autosave));
  g_assert_error (roster_autosave_get_error (autosave), ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_READ_ONLY);
  loaded = roster_store_load_draft (store, id, NULL, NULL, NULL);
  g_assert_cmpstr (roster_request_get_text (loaded, "user.first_name"), ==, "Ana");

  g_assert_true (_roster_store_exec (store, "PRAGMA query_only = 0", NULL));
  roster_request_set_text (request, "user.first_name", "Not lost");
  spin (150);
  g_assert_false (roster_autosave_get_dirty (autosave));
  g_assert_null (roster_autosave_get_error (autosave));
  g_clear_object (&loaded);
  loaded = roster_store_load_draft (store, id, NULL, NULL, NULL);
  g_assert_cmpstr (roster_request_get_text (loaded, "user.first_name"), ==, "Not lost");
}

/* kill -9 a second after the last edit: the edit is on disk. */
static void
test_autosave_survives_kill (void)
{
  if (g_test_subprocess ())
    {
      /* A new process: the parent's store and draft come by environment. */
      g_autoptr(RosterStore) store = roster_store_open (g_getenv ("TEST_STORE_DIR"), NULL);
      const char *id = g_getenv ("TEST_DRAFT_ID");
      g_autoptr(RosterRequest) request = roster_store_load_draft (store, id, NULL, NULL, NULL);
      g_autoptr(RosterAutosave) autosave = roster_autosave_new (store, id, request);

      roster_autosave_set_delay (autosave, 1000);
      roster_request_set_text (request, "user.last_name", "Díaz-Moreno");
      roster_request_insert_row (request, "delegation.alerts", -1, "Dr. Maria Chen", TEST_NPI_A);
      roster_autosave_set_step (autosave, "delegation");
      spin (1300);
      raise (SIGKILL);
      return;
    }

  {
    g_autoptr(RosterStore) store = NULL;
    g_autoptr(RosterRequest) request = test_new_modify_request ();
    g_autoptr(RosterRequest) loaded = NULL;
    g_autofree char *step = NULL;
    g_autofree char *dir = make_store_dir ();
    g_autofree char *id = NULL;

    store = roster_store_open (dir, NULL);
    id = roster_store_create_draft (store, request, NULL);
    g_clear_object (&store);
    g_setenv ("TEST_STORE_DIR", dir, TRUE);
    g_setenv ("TEST_DRAFT_ID", id, TRUE);

    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed ();

    store = roster_store_open (dir, NULL);
    loaded = roster_store_load_draft (store, id, &step, NULL, NULL);
    g_assert_cmpstr (roster_request_get_text (loaded, "user.last_name"), ==, "Díaz-Moreno");
    g_assert_cmpuint (roster_request_get_n_rows (loaded, "delegation.alerts"), ==, 1);
    g_assert_cmpstr (step, ==, "delegation");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/autosave/debounces", test_autosave_debounces);
  g_test_add_func ("/autosave/failure", test_autosave_failure);
  g_test_add_func ("/autosave/survives-kill", test_autosave_survives_kill);

  return g_test_run ();
}
