/* screenshot-editor.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saves PNG screenshots of the request editor in the states the README
 * and the AppStream metainfo show:
 *
 *   meson compile -C build screenshots
 *
 * writes data/screenshots/editor-{delegation,terminate,review,narrow}.png.
 * Run it under a display (build-aux/dev test provides Xvfb; by hand:
 * xvfb-run -a meson compile -C build screenshots).
 */

#include "config.h"

#include "roster-application.h"
#include "roster-section-page.h"
#include "roster-window.h"

#include "test-fixtures.h"
#include "test-gui-fixtures.h"

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static void
wait_for_paint (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  gboolean painted = FALSE;
  GdkFrameClock *clock;
  gulong handler;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  /* Let the layout settle, then wait for one more frame to be painted. */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);

  clock = gtk_widget_get_frame_clock (widget);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);

  while (!painted && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }

  g_signal_handler_disconnect (clock, handler);
}

static void
save_png (GtkWidget  *widget,
          const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (!gdk_texture_save_to_png (texture, path))
    g_error ("Could not write %s", path);

  g_print ("%s\n", path);
}

static void
fill_delegation (RosterRequest *request)
{
  roster_request_set_text (request, "alerts.basis", "provider_npi");
  roster_request_set_text (request, "alerts.delivery", "direct_mail");
  roster_request_set_text (request, "alerts.direct_address", "ana.diaz@direct.upstate.example.org");
  roster_request_insert_row (request, "delegation.alerts", -1, "Dr. Maria Chen", TEST_NPI_A);
  roster_request_insert_row (request, "delegation.alerts", -1, "Dr. James Okafor", "1245319590");
  roster_request_insert_row (request, "delegation.alerts", -1, "Dr. Priya Raman", TEST_NPI_C);
}

typedef void (*FillFunc) (RosterRequest *request);

static void
shoot (RosterApplication *app,
       RosterRequest     *request,
       const char        *step,
       const char        *reveal_step,
       int                width,
       const char        *path)
{
  RosterWindow *window = roster_window_new (app);
  RosterRequestEditor *editor = test_open_new_request (window);
  RosterRequest *editor_request = roster_request_editor_get_request (editor);
  g_autoptr(GBytes) payload = NULL;
  GDate today;

  test_get_fixed_today (&today);
  roster_request_editor_set_today (editor, &today);

  /* Copy the answers in through the model, as a loaded draft would be. */
  for (guint i = 0; i < roster_form_get_n_fields (roster_request_get_form (request)); i++)
    {
      const RosterField *field = roster_form_get_field (roster_request_get_form (request), i);

      switch (field->type)
        {
        case ROSTER_FIELD_BOOLEAN:
          roster_request_set_boolean (editor_request, field->id, roster_request_get_boolean (request, field->id));
          break;

        case ROSTER_FIELD_PROVIDER_LIST:
          for (guint r = 0; r < roster_request_get_n_rows (request, field->id); r++)
            {
              const RosterProvider *row = roster_request_get_row (request, field->id, r);
              roster_request_insert_row (editor_request, field->id, -1, row->name, row->npi);
            }
          break;

        case ROSTER_FIELD_TEXT:
        case ROSTER_FIELD_EMAIL:
        case ROSTER_FIELD_DIRECT_ADDRESS:
        case ROSTER_FIELD_PHONE:
        case ROSTER_FIELD_NPI:
        case ROSTER_FIELD_DATE:
        case ROSTER_FIELD_CHOICE:
        default:
          if (roster_request_has_answer (request, field->id))
            roster_request_set_text (editor_request, field->id, roster_request_get_text (request, field->id));
          break;
        }
    }

  for (const RosterSection *section = roster_request_get_form (request)->sections; section->id != NULL; section++)
    {
      GtkWidget *page = roster_request_editor_get_section_page (editor, section->id);
      roster_section_page_sync (ROSTER_SECTION_PAGE (page));
    }

  if (reveal_step != NULL)
    {
      roster_request_editor_show_section (editor, reveal_step);
      roster_request_editor_next (editor);
    }
  roster_request_editor_show_section (editor, step);

  gtk_window_set_default_size (GTK_WINDOW (window), width, 760);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_paint (GTK_WIDGET (window));
  save_png (GTK_WIDGET (window), path);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RosterApplication) app = NULL;
  g_autoptr(RosterRequest) delegation = test_new_modify_request ();
  g_autoptr(RosterRequest) terminate = NULL;
  g_autoptr(RosterRequest) incomplete = roster_request_new (roster_form_get_account_change ());
  g_autofree char *dir = NULL;
  GDate today;

  test_use_scratch_data_dir ();

  if (argc != 2)
    {
      g_printerr ("usage: %s OUTPUT-FOLDER\n", argv[0]);
      return 2;
    }
  dir = g_strdup (argv[1]);

  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  if (!gtk_init_check ())
    {
      g_printerr ("screenshot-editor needs a display (try xvfb-run -a)\n");
      return 1;
    }
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = roster_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  fill_delegation (delegation);
  {
    g_autofree char *path = g_build_filename (dir, "editor-delegation.png", NULL);
    shoot (app, delegation, "delegation", "delegation", 1000, path);
  }

  test_get_fixed_today (&today);
  g_date_add_days (&today, 6);
  terminate = test_new_terminate_request (&today);
  roster_request_set_text (terminate, "termination.reason", "other");
  roster_request_set_text (terminate, "termination.note", "Contract ended; badge returned.");
  {
    g_autofree char *path = g_build_filename (dir, "editor-terminate.png", NULL);
    shoot (app, terminate, "termination", NULL, 1000, path);
  }

  roster_request_set_text (incomplete, "action", "modify");
  roster_request_set_text (incomplete, "user.first_name", "Ana");
  roster_request_set_text (incomplete, "user.last_name", "Díaz");
  roster_request_set_text (incomplete, "user.email", "ana.diaz@upstate");
  roster_request_set_text (incomplete, "user.organization", "Upstate University Hospital");
  roster_request_set_boolean (incomplete, "submitter.is_user", TRUE);
  roster_request_set_text (incomplete, "services.alerts", "add");
  roster_request_set_text (incomplete, "alerts.basis", "provider_npi");
  roster_request_set_text (incomplete, "alerts.delivery", "myalerts_app");
  roster_request_insert_row (incomplete, "delegation.alerts", -1, "Dr. James Okafor", "1245319590");
  {
    g_autofree char *path = g_build_filename (dir, "editor-review.png", NULL);
    shoot (app, incomplete, "review", NULL, 1000, path);
  }
  {
    g_autofree char *path = g_build_filename (dir, "editor-narrow.png", NULL);
    shoot (app, incomplete, "user", "user", 420, path);
  }

  return 0;
}
