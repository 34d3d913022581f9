/* bench-editor.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * meson test --benchmark --suite gui
 *
 * 1. Exec to first painted frame, and peak RSS at that frame, of Roster's
 *    main window reopening the request that was open when it last stopped
 *    (on its User Information step, ten provider rows), next to a minimal
 *    AdwApplicationWindow measured in the same run; medians of 10 runs
 *    each, alternating, both with the cairo renderer.
 * 1b. The same two starts as a user's session has them: the
 *    accessibility bus on (GTK_A11Y unset, at-spi-bus-launcher activated
 *    on the session bus) and a Secret Service running (a private
 *    gnome-keyring-daemon), when gnome-keyring-daemon is installed.
 * 2. The Delegation step with 500 providers shown in a new window, to
 *    its first frame, next to the same step with 3 providers; medians of
 *    10 each, alternating, after one of each unmeasured.
 * 3. The time to apply one answer change that toggles a panel (the
 *    delegation section) with a 500-row provider list filled: the
 *    synchronous handling of the change, and change-to-painted-frame.
 *
 * It prints figures; it asserts nothing about them.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "roster-application.h"
#include "roster-request-editor.h"
#include "roster-section-page.h"
#include "roster-window.h"

#include "bench-stats.h"
#include "test-fixtures.h"
#include "test-gui-fixtures.h"

#define RUNS 10
#define TOGGLES 20

static gint64 spawn_time;

static long
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      !(line = strstr (status, "VmHWM:")))
    return -1;

  return strtol (line + strlen ("VmHWM:"), NULL, 10);
}

static void
first_frame_cb (GdkFrameClock *clock,
                GApplication  *app)
{
  gint64 now = g_get_monotonic_time ();

  g_print ("%" G_GINT64_FORMAT " %ld\n", now - spawn_time, peak_rss_kib ());
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, app);
  g_application_quit (app);
}

static void
watch_first_frame (GtkWidget    *window,
                   GApplication *app)
{
  gtk_widget_realize (window);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (first_frame_cb), app);
}

static void
minimal_activate_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));

  gtk_window_set_default_size (GTK_WINDOW (window), 960, 720);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), adw_header_bar_new ());
  watch_first_frame (window, app);
  gtk_window_present (GTK_WINDOW (window));
}

/* The unmeasured first start: a request open on its User Information
 * step, with ten provider rows, saved at once, and left open so that the
 * next start reopens it. */
static void
prepare_activate_cb (GApplication *app)
{
  RosterWindow *window = roster_window_new (ROSTER_APPLICATION (app));
  RosterMainView *view = roster_window_get_main_view (window);
  RosterRequestEditor *editor = test_open_new_request (window);
  RosterRequest *request = roster_request_editor_get_request (editor);
  g_autoptr(GError) error = NULL;

  roster_request_set_text (request, "action", "modify");
  roster_request_set_text (request, "user.first_name", "Ana");
  roster_request_set_text (request, "user.last_name", "Díaz");
  roster_request_set_text (request, "services.alerts", "add");
  roster_request_set_text (request, "alerts.basis", "provider_npi");
  for (guint i = 0; i < RUNS; i++)
    roster_request_insert_row (request, "delegation.alerts", -1, "Dr. Maria Chen", TEST_NPI_A);
  roster_section_page_sync (ROSTER_SECTION_PAGE (roster_request_editor_get_section_page (editor, "user")));
  roster_request_editor_show_section (editor, "user");

  if (!roster_autosave_save_now (roster_main_view_get_autosave (view), &error))
    g_error ("Could not save the draft: %s", error->message);

  watch_first_frame (GTK_WIDGET (window), app);
  gtk_window_present (GTK_WINDOW (window));
}

/* A measured start: Roster reopens the draft that was open, as after a
 * restart or a crash. */
static void
roster_activate_cb (GApplication *app)
{
  RosterWindow *window = roster_window_new (ROSTER_APPLICATION (app));

  if (roster_main_view_get_editor (roster_window_get_main_view (window)) == NULL)
    g_error ("Roster did not reopen the draft");

  watch_first_frame (GTK_WIDGET (window), app);
  gtk_window_present (GTK_WINDOW (window));
}

/* Child: one measured start, printed as "MICROSECONDS PEAK_RSS_KIB". */
static int
run_first_frame (const char *kind)
{
  g_autoptr(GApplication) app = NULL;

  spawn_time = g_ascii_strtoll (g_getenv ("ROSTER_BENCH_SPAWN_TIME"), NULL, 10);

  if (g_str_equal (kind, "minimal"))
    {
      app = G_APPLICATION (adw_application_new ("io.github.hieroster.Roster.BenchMinimal", G_APPLICATION_NON_UNIQUE));
      g_signal_connect (app, "activate", G_CALLBACK (minimal_activate_cb), NULL);
    }
  else
    {
      app = G_APPLICATION (roster_application_new ());
      g_application_set_flags (app, G_APPLICATION_NON_UNIQUE);
      g_signal_connect (app, "activate",
                        g_str_equal (kind, "prepare") ? G_CALLBACK (prepare_activate_cb)
                                                      : G_CALLBACK (roster_activate_cb),
                        NULL);
    }

  return g_application_run (app, 0, NULL);
}

static void
measure_start (const char *self_path,
               const char *kind,
               gboolean    users_session,
               gint64     *time_us,
               gint64     *rss_kib)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *now = NULL;

  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", "cairo", TRUE);
  if (users_session)
    {
      g_subprocess_launcher_unsetenv (launcher, "GTK_A11Y");
      g_subprocess_launcher_unsetenv (launcher, "NO_AT_BRIDGE");
    }
  now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_monotonic_time ());
  g_subprocess_launcher_setenv (launcher, "ROSTER_BENCH_SPAWN_TIME", now, TRUE);

  process = g_subprocess_launcher_spawn (launcher, &error, self_path, "--first-frame", kind, NULL);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error))
    g_error ("Could not run %s: %s", kind, error->message);

  if (sscanf (out, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, time_us, rss_kib) != 2)
    g_error ("%s printed no measurement", kind);
}

/* A new request's window whose provider list has @n_rows rows. */
static RosterWindow *
new_delegation_window (RosterApplication    *app,
                       guint                 n_rows,
                       RosterRequestEditor **editor)
{
  RosterWindow *window = roster_window_new (app);
  RosterRequest *request;

  *editor = test_open_new_request (window);
  request = roster_request_editor_get_request (*editor);
  roster_request_set_text (request, "action", "modify");
  roster_request_set_text (request, "services.alerts", "add");
  roster_request_set_text (request, "alerts.basis", "provider_npi");
  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *nine = g_strdup_printf ("1%08u", i);
      g_autofree char *npi = g_strdup_printf ("%s%c", nine, roster_npi_check_digit (nine));

      roster_request_insert_row (request, "delegation.alerts", -1, "Dr. Maria Chen", npi);
    }
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 720);

  return window;
}

/* The Delegation step shown in a new window, to its first frame. */
static gint64
delegation_first_frame (RosterApplication *app,
                        guint              n_rows)
{
  RosterRequestEditor *editor;
  RosterWindow *window = new_delegation_window (app, n_rows, &editor);
  gint64 started = g_get_monotonic_time ();
  gint64 elapsed;

  roster_request_editor_show_section (editor, "delegation");
  gtk_window_present (GTK_WINDOW (window));
  test_wait_for_frame (GTK_WIDGET (window));
  elapsed = g_get_monotonic_time () - started;
  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);

  return elapsed;
}

#define FEW_ROWS 3

static void
measure_toggle (void)
{
  g_autoptr(RosterApplication) app = roster_application_new ();
  RosterRequestEditor *editor;
  RosterRequest *request;
  RosterWindow *window;
  gint64 handle[TOGGLES], frame[TOGGLES];
  gint64 few[RUNS], many[RUNS];
  gint64 started, few_t, many_t;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  /* One of each unmeasured, then alternating: the same window and step
   * with a few rows is the baseline. */
  delegation_first_frame (app, FEW_ROWS);
  delegation_first_frame (app, ROSTER_PROVIDER_LIST_MAX_ROWS);
  for (guint i = 0; i < RUNS; i++)
    {
      few[i] = delegation_first_frame (app, FEW_ROWS);
      many[i] = delegation_first_frame (app, ROSTER_PROVIDER_LIST_MAX_ROWS);
    }
  few_t = bench_median (few, RUNS);
  many_t = bench_median (many, RUNS);
  g_print ("the Delegation step in a new window, to its first frame (median of %d, alternating):\n"
           "  %u providers (baseline):  %6.1f ms\n"
           "  %u providers:           %6.1f ms  (target: within 100 ms)\n"
           "  ratio:                    %6.2fx\n",
           RUNS, FEW_ROWS, few_t / 1000.0, ROSTER_PROVIDER_LIST_MAX_ROWS, many_t / 1000.0,
           (double) many_t / few_t);

  window = new_delegation_window (app, ROSTER_PROVIDER_LIST_MAX_ROWS, &editor);
  request = roster_request_editor_get_request (editor);
  roster_request_editor_show_section (editor, "delegation");
  gtk_window_present (GTK_WINDOW (window));
  test_wait_for_frame (GTK_WIDGET (window));

  /* Each toggle hides or shows the delegation panel. */
  roster_request_editor_show_section (editor, "alerts");
  test_wait_for_frame (GTK_WIDGET (window));

  for (guint i = 0; i < TOGGLES; i++)
    {
      started = g_get_monotonic_time ();
      roster_request_set_boolean (request, "alerts.user_is_provider", i % 2 == 0);
      handle[i] = g_get_monotonic_time () - started;
      test_wait_for_frame (GTK_WIDGET (window));
      frame[i] = g_get_monotonic_time () - started;
    }

  g_print ("answer change toggling the delegation panel, 500 rows filled (median of %d):\n"
           "  handled by the editor:  %.2f ms (worst %.2f ms)\n"
           "  change to painted frame: %.2f ms (worst %.2f ms)\n",
           TOGGLES,
           bench_median (handle, TOGGLES) / 1000.0, bench_worst (handle, TOGGLES) / 1000.0,
           bench_median (frame, TOGGLES) / 1000.0, bench_worst (frame, TOGGLES) / 1000.0);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gint64 minimal_time[RUNS], minimal_rss[RUNS], roster_time[RUNS], roster_rss[RUNS];
  gint64 minimal_t, roster_t, minimal_m, roster_m;

  /* A measured start uses the store its parent made. */
  if (argc == 3 && g_str_equal (argv[1], "--first-frame"))
    return run_first_frame (argv[2]);

  test_use_scratch_data_dir ();

  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  if (!gtk_init_check ())
    {
      g_print ("No display: nothing measured\n");
      return 77;
    }
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* One start that is not measured makes the store and leaves a draft
   * open, as a day's work does: the measured starts open that store and
   * reopen the draft, as every later start does. */
  measure_start (argv[0], "prepare", FALSE, &roster_time[0], &roster_rss[0]);

  for (guint i = 0; i < RUNS; i++)
    {
      measure_start (argv[0], "minimal", FALSE, &minimal_time[i], &minimal_rss[i]);
      measure_start (argv[0], "roster", FALSE, &roster_time[i], &roster_rss[i]);
    }

  minimal_t = bench_median (minimal_time, RUNS);
  roster_t = bench_median (roster_time, RUNS);
  minimal_m = bench_median (minimal_rss, RUNS);
  roster_m = bench_median (roster_rss, RUNS);

  g_print ("exec to first painted frame (median of %d, cairo renderer):\n"
           "  minimal AdwApplicationWindow: %6.1f ms  %6.1f MiB peak RSS\n"
           "  Roster, draft reopened:       %6.1f ms  %6.1f MiB peak RSS\n"
           "  ratio:                        %6.2fx    %6.2fx  (target: time within 1.3×)\n",
           RUNS,
           minimal_t / 1000.0, minimal_m / 1024.0,
           roster_t / 1000.0, roster_m / 1024.0,
           (double) roster_t / minimal_t, (double) roster_m / minimal_m);

  if (test_start_keyring ())
    {
      for (guint i = 0; i < RUNS; i++)
        {
          measure_start (argv[0], "minimal", TRUE, &minimal_time[i], &minimal_rss[i]);
          measure_start (argv[0], "roster", TRUE, &roster_time[i], &roster_rss[i]);
        }
      minimal_t = bench_median (minimal_time, RUNS);
      roster_t = bench_median (roster_time, RUNS);

      g_print ("the same, as a user's session has it (accessibility bus on, Secret Service running):\n"
               "  minimal AdwApplicationWindow: %6.1f ms\n"
               "  Roster, draft reopened:       %6.1f ms\n"
               "  ratio:                        %6.2fx  (target: within 1.3×)\n",
               minimal_t / 1000.0, roster_t / 1000.0, (double) roster_t / minimal_t);
    }
  else
    g_print ("no gnome-keyring-daemon: the start-up of a user's session is not measured\n");

  measure_toggle ();

  return 0;
}
