/* screenshot-editor.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saves the PNG screenshots the README and the AppStream metainfo show:
 *
 *   xvfb-run -a meson compile -C build screenshots
 *
 * writes data/screenshots/<file> for each entry of `shots` below. NPIs are
 * looked up in the registry stand-in (tests/npi-registry), only for the
 * shots that say so. Run it
 * under a display (build-aux/dev test provides Xvfb).
 *
 * What Flathub's guidelines ask, and how it is met here:
 * - the window as GNOME draws it, rounded corners and shadow included, on
 *   a transparent background: the window is rendered offscreen with its
 *   "csd" style even where the X server has no compositor (Xvfb), where
 *   GTK would fall back to square "solid-csd" corners;
 * - the default window controls, close only (GNOME's decoration layout);
 * - at most 1000×700 pixels, shadow included;
 * - the main view first: the list of a sample practice's drafts, outbox and
 *   sent requests, all loaded from a scratch store as Roster keeps them;
 * - a settled save state: each draft is opened from the store and saved
 *   before the shot, which fails rather than show "Saving…".
 *
 * Both tables are data: a shot of another form is one more sample request
 * (its form's id and answers by field id) and one more shot naming it.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "npi-registry-stand-in.h"
#include "roster-access-review-dialog.h"
#include "roster-application.h"
#include "roster-autosave.h"
#include "roster-main-view.h"
#include "roster-payload.h"
#include "roster-preferences-page.h"
#include "roster-row-text.h"
#include "roster-store-private.h"
#include "roster-window.h"

#include "test-fixtures.h"
#include "test-gui-fixtures.h"

/* Room around the window for its shadow; Adwaita's reaches about 30 px. */
#define SHADOW_MARGIN 40
#define MAX_SHOT_WIDTH 1000
#define MAX_SHOT_HEIGHT 700

typedef enum
{
  SAMPLE_DRAFT,
  SAMPLE_RETRYING,   /* in the outbox, the HIE was busy: next try later */
  SAMPLE_COMPLETED,  /* sent, and carried out by the HIE */
} SampleState;

/* One answer as text: a choice's option id, "true" or "false", a date as
 * days from today ("+6"), a provider row as "Name|NPI" (one per row). */
typedef struct
{
  const char *field_id;
  const char *value;
} SampleAnswer;

#define MAX_SAMPLE_ANSWERS 24

typedef struct
{
  const char   *key;          /* what a shot names it by */
  const char   *form_id;
  SampleState   state;
  const char   *step;         /* the step a draft was left on, or NULL */
  const char   *tracking_id;  /* sent: the HIE's */
  int           minutes_ago;  /* when it was last changed (or received) */
  SampleAnswer  answers[MAX_SAMPLE_ANSWERS];
} SampleRequest;

typedef enum
{
  PEOPLE_NO_DIALOG,
  PEOPLE_END_ACCESS,  /* ending everyone's access at once */
  PEOPLE_REVIEW,      /* an access review, half answered */
  PEOPLE_IMPORT,      /* the preview of an imported user list */
} PeopleDialog;

typedef struct
{
  const char *file;
  const char *open;          /* a sample's key, or NULL for the list */
  const char *step;          /* the step shown, or NULL for the draft's own */
  const char *checked_step;  /* a step left with Next, so its problems show */
  int         width;         /* the window's, shadow excluded */
  int         height;
  gboolean    npi_registry;  /* NPIs looked up, their answers shown */
  const char *person;        /* "" for the People page, an email for a person's */
  PeopleDialog people_dialog; /* a dialog over the People page */
  double      text_scale;    /* the desktop's large text factor; 0: 1 */
  gboolean    high_contrast; /* the desktop's high contrast style */
  gboolean    preferences;   /* the Preferences dialog, at the shot's size */
} Shot;

/* A sample practice: Upstate Family Medicine's requests, oldest first
 * (the list shows the newest first). */
#define UPSTATE "Upstate Family Medicine"

static const SampleRequest samples[] = {
  {
    "sent-modify", "hec.account-change", SAMPLE_COMPLETED, NULL, "HEC-7M2Q9XK4R8T1VZ3N", 9 * 24 * 60, {
      { "action", "modify" },
      { "user.first_name", "Priya" }, { "user.last_name", "Raman" },
      { "user.email", "praman@upstatefm.example.org" }, { "user.organization", UPSTATE },
      { "submitter.is_user", "true" },
      { "services.alerts", "add" },
      { "alerts.basis", "patient_list" }, { "alerts.delivery", "myalerts_app" }, { "alerts.lists_submitted", "yes" },
      { "attestation.authorized", "true" },
    },
  },
  {
    "sent-terminate", "hec.account-change", SAMPLE_COMPLETED, NULL, "HEC-3D8W5N1JX6K2QP7B", 2 * 24 * 60, {
      { "action", "terminate" },
      { "user.first_name", "Samuel" }, { "user.last_name", "Okafor" },
      { "user.email", "sokafor@upstatefm.example.org" }, { "user.organization", UPSTATE },
      { "submitter.is_user", "false" },
      { "submitter.name", "Dana Whitfield" }, { "submitter.email", "dwhitfield@upstatefm.example.org" },
      { "termination.effective_date", "+0" }, { "termination.reason", "left_organization" },
      { "attestation.authorized", "true" },
    },
  },
  {
    "outbox-alerts", "hec.account-change", SAMPLE_RETRYING, NULL, NULL, 35, {
      { "action", "modify" },
      { "user.first_name", "María" }, { "user.last_name", "López" },
      { "user.email", "mlopez@upstatefm.example.org" }, { "user.organization", UPSTATE },
      { "submitter.is_user", "true" },
      { "services.alerts", "add" },
      { "alerts.basis", "patient_list" }, { "alerts.delivery", "myalerts_app" }, { "alerts.lists_submitted", "yes" },
      { "attestation.authorized", "true" },
    },
  },
  {
    /* Left unfinished: a mistyped email domain and NPI, no attestation. */
    "incomplete", "hec.account-change", SAMPLE_DRAFT, "review", NULL, 24 * 60 + 90, {
      { "action", "modify" },
      { "user.first_name", "Keisha" }, { "user.last_name", "Morgan" },
      { "user.email", "kmorgan@upstatefm" }, { "user.organization", UPSTATE },
      { "submitter.is_user", "true" },
      { "services.alerts", "add" },
      { "alerts.basis", "provider_npi" }, { "alerts.delivery", "myalerts_app" },
      { "delegation.alerts", "Dr. James Okafor|1245319590" },
    },
  },
  {
    "terminate", "hec.account-change", SAMPLE_DRAFT, "termination", NULL, 70, {
      { "action", "terminate" },
      { "user.first_name", "Robert" }, { "user.last_name", "Chen" },
      { "user.email", "rchen@upstatefm.example.org" }, { "user.organization", UPSTATE },
      { "submitter.is_user", "false" },
      { "submitter.name", "Dana Whitfield" }, { "submitter.email", "dwhitfield@upstatefm.example.org" },
      { "termination.effective_date", "+6" }, { "termination.reason", "other" },
      { "termination.note", "Contract ended; badge returned." },
    },
  },
  {
    "sent-new-user", "hec.new-user", SAMPLE_COMPLETED, NULL, "HEC-9P4T2K7QX1M8RW5D", 4 * 24 * 60, {
      { "user.first_name", "Tomás" }, { "user.last_name", "Herrera" },
      { "user.email", "therrera@upstatefm.example.org" }, { "user.organization", UPSTATE },
      { "user.title", "Front desk lead" }, { "user.role", "front_office" },
      { "user.start_date", "-3" }, { "user.supervisor_name", "Dana Whitfield" },
      { "submitter.is_user", "false" },
      { "submitter.name", "Dana Whitfield" }, { "submitter.email", "dwhitfield@upstatefm.example.org" },
      { "services.secure_messaging", "true" },
      { "training.completed", "true" }, { "training.acceptable_use", "true" },
      { "attestation.authorized", "true" },
    },
  },
  {
    /* A provider starting next week, half-way through. */
    "new-user", "hec.new-user", SAMPLE_DRAFT, "services", NULL, 5, {
      { "user.first_name", "Grace" }, { "user.last_name", "Okafor" },
      { "user.email", "gokafor@upstatefm.example.org" }, { "user.phone", "(315) 555-0187" },
      { "user.organization", UPSTATE },
      { "user.title", "Family physician" }, { "user.role", "provider" }, { "user.npi", TEST_NPI_A },
      { "user.start_date", "+7" }, { "user.supervisor_name", "Dr. Maria Chen" },
      { "submitter.is_user", "false" },
      { "submitter.name", "Dana Whitfield" }, { "submitter.email", "dwhitfield@upstatefm.example.org" },
      { "services.secure_messaging", "true" }, { "services.alerts", "true" },
      { "services.patient_record", "true" },
      { "alerts.basis", "provider_npi" }, { "alerts.user_is_provider", "true" },
      { "alerts.delivery", "direct_mail" },
      { "record_access.level", "clinical" },
    },
  },
  {
    /* The second provider's NPI is mistyped, the third is an
     * organization's: the shot shows both caught, one by its check digit,
     * the other by the NPI Registry. */
    "delegation", "hec.account-change", SAMPLE_DRAFT, "delegation", NULL, 12, {
      { "action", "modify" },
      { "user.first_name", "Ana" }, { "user.last_name", "Díaz" },
      { "user.email", "ana.diaz@upstatefm.example.org" }, { "user.organization", UPSTATE },
      { "submitter.is_user", "true" },
      { "services.alerts", "add" }, { "services.delegation", "add" },
      { "alerts.basis", "provider_npi" }, { "alerts.delivery", "direct_mail" },
      { "alerts.direct_address", "ana.diaz@direct.upstatefm.example.org" },
      { "delegation.alerts", "Dr. Jane Doe|" STAND_IN_NPI_PERSON },
      { "delegation.alerts", "Dr. James Okafor|1245319590" },
      { "delegation.alerts", "Dr. Robert Hale|" STAND_IN_NPI_ORGANIZATION },
    },
  },
};

/* The shots, the metainfo's default first ---------------------------------- */

static const Shot shots[] = {
  { "main-list.png", NULL, NULL, NULL, 920, 620 },
  { "editor-delegation.png", "delegation", "delegation", "delegation", 920, 620, TRUE },
  { "people.png", NULL, NULL, NULL, 920, 620, FALSE, "" },
  { "person.png", NULL, NULL, NULL, 920, 620, FALSE, "praman@upstatefm.example.org" },
  { "people-end-access.png", NULL, NULL, NULL, 920, 620, FALSE, "", PEOPLE_END_ACCESS },
  { "access-review.png", NULL, NULL, NULL, 920, 620, FALSE, "", PEOPLE_REVIEW },
  { "people-import.png", NULL, NULL, NULL, 920, 620, FALSE, "", PEOPLE_IMPORT },
  { "editor-terminate.png", "terminate", "termination", NULL, 920, 620 },
  { "editor-review.png", "incomplete", "review", NULL, 920, 620 },
  { "editor-narrow.png", "incomplete", "user", "user", 400, 620 },
  { "new-user-user.png", "new-user", "user", NULL, 920, 620 },
  { "new-user-services.png", "new-user", "services", NULL, 920, 620 },
  { "new-user-training.png", "new-user", "training", NULL, 920, 620 },
  /* Large text (text-scaling-factor 2) and high contrast, on a phone's
   * width too: nothing clipped, every word readable. */
  { "large-text-narrow.png", "incomplete", "user", "user", 360, 620, .text_scale = 2.0 },
  { "large-text-termination-narrow.png", "terminate", "termination", NULL, 360, 620, .text_scale = 2.0 },
  { "large-text-list-narrow.png", NULL, NULL, NULL, 360, 620, .text_scale = 2.0 },
  { "large-text-people-narrow.png", NULL, NULL, NULL, 360, 620, FALSE, "", .text_scale = 2.0 },
  { "large-text-details-narrow.png", "sent-modify", NULL, NULL, 360, 620, .text_scale = 2.0 },
  { "large-text-preferences-narrow.png", NULL, NULL, NULL, 360, 620, .text_scale = 2.0, .preferences = TRUE },
  { "high-contrast-narrow.png", "incomplete", "user", "user", 360, 620, .high_contrast = TRUE },
  { "high-contrast-details-narrow.png", "sent-modify", NULL, NULL, 360, 620, .high_contrast = TRUE },
  { "high-contrast-preferences-narrow.png", NULL, NULL, NULL, 360, 620, .high_contrast = TRUE, .preferences = TRUE },
  { "high-contrast-delegation.png", "delegation", "delegation", "delegation", 920, 620, TRUE, .high_contrast = TRUE },
};

/* A user list as a practice's spreadsheet exports it: two new people,
 * one the requests know already, and a column Roster does not read. */
static const char import_sample[] =
  "Full Name,Work Email,NPI,Secure Messaging,Image Exchange,Notes\n"
  "Dana Whitfield,dwhitfield@upstatefm.example.org,,yes,no,Front desk\n"
  "Dr. Luis Ortega,lortega@upstatefm.example.org," TEST_NPI_B ",yes,yes,\"Cardiology,\nTuesdays\"\n"
  "Priya Raman,praman@upstatefm.example.org,,yes,yes,\n";

static GtkWidget *
open_people_dialog (RosterMainView *view,
                    PeopleDialog    which)
{
  RosterPeopleView *people = roster_main_view_get_people (view);
  g_autoptr(GPtrArray) selected = NULL;

  switch (which)
    {
    case PEOPLE_END_ACCESS:
      roster_people_view_set_filter (people, ROSTER_PEOPLE_FILTER_HAS_ACCESS);
      roster_people_view_set_selection_mode (people, TRUE);
      gtk_widget_activate_action (GTK_WIDGET (people), "people.select-all", NULL);
      selected = roster_people_view_get_selected (people);
      return roster_main_view_end_access (view, selected);

    case PEOPLE_REVIEW:
      {
        GtkWidget *dialog = roster_people_view_start_review (people);

        if (!ROSTER_IS_ACCESS_REVIEW_DIALOG (dialog))
          g_error ("access-review.png: nobody to review");
        roster_access_review_dialog_set_reviewer (ROSTER_ACCESS_REVIEW_DIALOG (dialog), "Marcus Bell");
        roster_access_review_dialog_set_decision (ROSTER_ACCESS_REVIEW_DIALOG (dialog),
                                                  "praman@upstatefm.example.org", ROSTER_REVIEW_KEEP);
        return dialog;
      }

    case PEOPLE_IMPORT:
      {
        g_autofree char *path = g_build_filename (g_get_tmp_dir (), "roster-screenshot-users.csv", NULL);
        g_autoptr(GFile) file = g_file_new_for_path (path);
        GtkWidget *dialog;

        if (!g_file_set_contents (path, import_sample, -1, NULL))
          g_error ("people-import.png: %s cannot be written", path);
        dialog = roster_people_view_import_file (people, file);
        g_unlink (path);
        return dialog;
      }

    case PEOPLE_NO_DIALOG:
    default:
      g_assert_not_reached ();
    }
}

static void
check (gboolean  ok,
       GError   *error,
       const char *what)
{
  if (!ok)
    g_error ("%s: %s", what, error != NULL ? error->message : "failed");
}

/* The sample's answers, through the form table's field types. */
static RosterRequest *
new_sample_request (const SampleRequest *sample,
                    const GDate         *today)
{
  const RosterForm *form = roster_form_lookup (sample->form_id);
  g_autoptr(RosterRequest) request = NULL;

  if (form == NULL)
    g_error ("sample “%s”: no form “%s”", sample->key, sample->form_id);
  request = roster_request_new (form);

  for (const SampleAnswer *answer = sample->answers; answer->field_id != NULL; answer++)
    {
      const RosterField *field = roster_form_lookup_field (form, answer->field_id);

      if (field == NULL)
        g_error ("sample “%s”: form “%s” has no field “%s”", sample->key, form->id, answer->field_id);

      switch (field->type)
        {
        case ROSTER_FIELD_BOOLEAN:
          roster_request_set_boolean (request, field->id, g_str_equal (answer->value, "true"));
          break;

        case ROSTER_FIELD_PROVIDER_LIST:
          {
            g_auto(GStrv) parts = g_strsplit (answer->value, "|", 2);

            g_assert (g_strv_length (parts) == 2);
            roster_request_insert_row (request, field->id, -1, parts[0], parts[1]);
          }
          break;

        case ROSTER_FIELD_DATE:
          {
            g_autofree char *day = test_format_day (today, atoi (answer->value));
            roster_request_set_text (request, field->id, day);
          }
          break;

        case ROSTER_FIELD_TEXT:
        case ROSTER_FIELD_EMAIL:
        case ROSTER_FIELD_DIRECT_ADDRESS:
        case ROSTER_FIELD_PHONE:
        case ROSTER_FIELD_NPI:
        case ROSTER_FIELD_CHOICE:
        default:
          roster_request_set_text (request, field->id, answer->value);
          break;
        }
    }

  return g_steal_pointer (&request);
}

/* Dates a request as if it had last changed that long ago. */
static void
set_age (RosterStore *store,
         const char  *id,
         int          minutes_ago)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql =
    g_strdup_printf ("UPDATE requests SET updated_at = %" G_GINT64_FORMAT " WHERE id = '%s'",
                     g_get_real_time () - (gint64) minutes_ago * 60 * G_USEC_PER_SEC, id);

  g_assert (strspn (id, "0123456789abcdef-") == strlen (id));
  check (_roster_store_exec (store, sql, &error), error, id);
}

/* Writes every sample into the store the window will open, the way Roster
 * itself leaves them; returns sample key → store id. */
static GHashTable *
write_samples (const GDate *today)
{
  g_autofree char *dir = roster_store_get_default_dir ();
  g_autoptr(RosterStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  store = roster_store_open (dir, &error);
  check (store != NULL, error, dir);

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      const SampleRequest *sample = &samples[i];
      g_autoptr(RosterRequest) request = new_sample_request (sample, today);
      g_autoptr(GBytes) payload = NULL;
      g_autoptr(GPtrArray) issues = NULL;
      char *id;

      id = roster_store_create_draft (store, request, &error);
      check (id != NULL, error, sample->key);
      g_hash_table_insert (ids, (gpointer) sample->key, id);

      if (sample->state == SAMPLE_DRAFT)
        {
          check (roster_store_save_draft (store, id, request, sample->step, &error), error, sample->key);
          set_age (store, id, sample->minutes_ago);
          continue;
        }

      /* Only a valid request leaves Drafts. */
      issues = roster_rules_check (request, today);
      if (issues->len > 0)
        {
          g_autofree char *paths = test_issue_paths (issues);
          g_error ("sample “%s” is not valid: %s", sample->key, paths);
        }

      payload = roster_payload_write (request);
      check (roster_store_queue (store, id, payload, &error), error, sample->key);
      check (roster_store_begin_attempt (store, id, &error), error, sample->key);

      if (sample->state == SAMPLE_RETRYING)
        {
          gint64 next = g_get_real_time () + 25 * 60 * G_USEC_PER_SEC;

          check (roster_store_record_retry (store, id, next, "503 Service Unavailable", &error), error, sample->key);
        }
      else
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          g_autoptr(GDateTime) received = g_date_time_add_minutes (now, -sample->minutes_ago);
          g_autofree char *received_at = g_date_time_format (received, "%Y-%m-%dT%H:%M:%SZ");

          check (roster_store_record_sent (store, id, sample->tracking_id, received_at, &error), error, sample->key);
          check (roster_store_record_status (store, id, "completed", NULL, &error), error, sample->key);
        }
      set_age (store, id, sample->minutes_ago);
    }

  return ids;
}

static void
pump_until_painted (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  GdkFrameClock *clock;
  gint64 frame;

  test_wait_until_mapped (widget);

  /* Let the layout settle, then wait for one more frame to be painted. */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);

  clock = gtk_widget_get_frame_clock (widget);
  frame = gdk_frame_clock_get_frame_counter (clock);
  gtk_widget_queue_draw (widget);

  while (gdk_frame_clock_get_frame_counter (clock) <= frame + 1 && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

/* The shadow GNOME draws around a focused window, read from libadwaita's
 * own stylesheet ("window.csd { box-shadow: …; border-radius: …; }"):
 * GtkWidgetPaintable clips a widget to its bounds, so the shadow GTK
 * would draw outside them is drawn here. */
static void
append_window_shadow (GtkSnapshot *snapshot,
                      int          width,
                      int          height)
{
  g_autoptr(GBytes) css = g_resources_lookup_data ("/org/gnome/Adwaita/styles/base.css", 0, NULL);
  g_autoptr(GRegex) rule = g_regex_new ("(?m)^window\\.csd \\{ box-shadow: ([^;]*);.*border-radius: ([0-9.]+)px;", 0, 0, NULL);
  g_autoptr(GRegex) shadow = g_regex_new ("(-?[0-9.]+)(?:px)? (-?[0-9.]+)(?:px)? ([0-9.]+)(?:px)? (-?[0-9.]+)(?:px)? "
                                          "(transparent|rgba\\([^)]*\\))", 0, 0, NULL);
  g_autoptr(GMatchInfo) found = NULL;
  g_autoptr(GMatchInfo) each = NULL;
  g_autofree char *shadows = NULL;
  g_autofree char *radius_text = NULL;
  GskRoundedRect outline;
  float radius;

  if (css == NULL ||
      !g_regex_match (rule, g_bytes_get_data (css, NULL), 0, &found))
    g_error ("libadwaita's stylesheet has no window.csd rule with a box-shadow");

  shadows = g_match_info_fetch (found, 1);
  radius_text = g_match_info_fetch (found, 2);
  radius = g_ascii_strtod (radius_text, NULL);
  gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (0, 0, width, height), radius);

  for (g_regex_match (shadow, shadows, 0, &each); g_match_info_matches (each); g_match_info_next (each, NULL))
    {
      g_autofree char *color_text = g_match_info_fetch (each, 5);
      float values[4];
      GdkRGBA color;

      for (guint i = 0; i < 4; i++)
        {
          g_autofree char *value = g_match_info_fetch (each, i + 1);
          values[i] = g_ascii_strtod (value, NULL);
        }

      /* GDK 4.8 does not read "transparent"; it draws nothing anyway. */
      if (strcmp (color_text, "transparent") == 0)
        continue;
      if (!gdk_rgba_parse (&color, color_text))
        g_error ("libadwaita's window shadow has a colour GDK cannot read: %s", color_text);

      gtk_snapshot_append_outset_shadow (snapshot, &outline, &color, values[0], values[1], values[3], values[2]);
    }
}

/* The window with its rounded corners and shadow, on transparency. */
static void
save_png (GtkWidget  *window,
          const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  append_window_shadow (snapshot, width, height);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (-SHADOW_MARGIN, -SHADOW_MARGIN,
                                                              width + 2 * SHADOW_MARGIN,
                                                              height + 2 * SHADOW_MARGIN));

  if (gdk_texture_get_width (texture) > MAX_SHOT_WIDTH || gdk_texture_get_height (texture) > MAX_SHOT_HEIGHT)
    g_error ("%s would be %d×%d, over Flathub's %d×%d", path,
             gdk_texture_get_width (texture), gdk_texture_get_height (texture), MAX_SHOT_WIDTH, MAX_SHOT_HEIGHT);

  if (!gdk_texture_save_to_png (texture, path))
    g_error ("Could not write %s", path);

  g_print ("%s (%d×%d)\n", path, gdk_texture_get_width (texture), gdk_texture_get_height (texture));
}

/* GTK draws square "solid-csd" corners without a compositor; the shots
 * are rendered offscreen with alpha, so they get GNOME's own look. */
static void
use_composited_style (GtkWidget *window)
{
  gtk_widget_remove_css_class (window, "solid-csd");
  gtk_widget_add_css_class (window, "csd");
}

static void
wait_until_saved (RosterMainView *view,
                  const char     *file)
{
  RosterAutosave *autosave = roster_main_view_get_autosave (view);
  RosterRequestEditor *editor = roster_main_view_get_editor (view);
  g_autoptr(GError) error = NULL;
  const char *saved = g_dgettext (GETTEXT_PACKAGE, "Saved");

  check (roster_autosave_save_now (autosave, &error), error, file);

  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);

  if (roster_autosave_get_dirty (autosave) ||
      g_strcmp0 (roster_request_editor_get_save_state (editor), saved) != 0)
    g_error ("%s: the editor says “%s”, not “%s”", file,
             roster_request_editor_get_save_state (editor), saved);
}

/* Until every NPI of the open request is answered. */
static void
wait_for_registry (RosterWindow *window,
                   const char   *file)
{
  RosterNpiRegistry *registry = roster_window_get_npi_registry (window);
  RosterRequest *request = roster_request_editor_get_request (roster_main_view_get_editor (roster_window_get_main_view (window)));
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GPtrArray) npis = roster_npi_collect (request);
      guint n_known = 0;

      for (guint i = 0; i < npis->len; i++)
        n_known += roster_npi_registry_lookup (registry, g_ptr_array_index (npis, i)) != NULL;
      if (n_known == npis->len)
        break;
      if (g_get_monotonic_time () > deadline)
        g_error ("%s: the registry stand-in did not answer", file);
      g_main_context_iteration (NULL, TRUE);
    }
  pump_until_painted (GTK_WIDGET (window));
}

static GSettings *a11y_interface;

static gboolean
is_draft (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    if (g_str_equal (samples[i].key, key))
      return samples[i].state == SAMPLE_DRAFT;

  g_error ("no sample “%s”", key);
}

/* Whether @widget, or anything in it, lies outside @window's width: what
 * a container does with a child that needs more than it was given
 * (GtkStack centres it and cuts both sides, as the People page at 360 px
 * with large text was); a header bar reaches a pixel past each side by
 * design. Labels cut short with an ellipsis are counted. */
static gboolean
find_clipped (GtkWidget *widget,
              GtkWidget *window,
              const char *file,
              guint      *n_ellipsized)
{
  graphene_rect_t bounds;
  gboolean clipped = FALSE;

  /* An overlay scroll bar's parts stand out of it by design. */
  if (!gtk_widget_get_mapped (widget) || GTK_IS_SCROLLBAR (widget))
    return FALSE;

  if (gtk_widget_compute_bounds (widget, window, &bounds) &&
      gtk_widget_get_width (widget) > 0 &&
      (bounds.origin.x < -2 || bounds.origin.x + bounds.size.width > gtk_widget_get_width (window) + 2))
    {
      g_printerr ("%s: a %s lies outside the window (x %.0f, width %.0f, window %d)\n", file,
                  G_OBJECT_TYPE_NAME (widget), bounds.origin.x, bounds.size.width, gtk_widget_get_width (window));
      return TRUE;
    }
  if (GTK_IS_LABEL (widget) && pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
    {
      g_print ("%s: “%s” ends in an ellipsis\n", file, gtk_label_get_text (GTK_LABEL (widget)));
      (*n_ellipsized)++;
    }
  if (ROSTER_IS_ROW_TEXT (widget) && roster_row_text_is_ellipsized (ROSTER_ROW_TEXT (widget)))
    {
      g_print ("%s: “%s” ends in an ellipsis\n", file, roster_row_text_get_text (ROSTER_ROW_TEXT (widget)));
      (*n_ellipsized)++;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL && !clipped;
       child = gtk_widget_get_next_sibling (child))
    clipped = find_clipped (child, window, file, n_ellipsized);

  return clipped;
}

static void
shoot (RosterApplication *app,
       GHashTable        *ids,
       const Shot        *shot,
       const GDate       *today,
       const char        *dir)
{
  g_autofree char *path = g_build_filename (dir, shot->file, NULL);
  RosterWindow *window;
  RosterMainView *view;
  GtkWidget *dialog = NULL;

  g_settings_set_boolean (roster_application_get_settings (app), "npi-registry-enabled", shot->npi_registry);
  /* What GNOME's Accessibility settings set: Xft/DPI through XSETTINGS
   * for large text, the a11y interface key that libadwaita follows. */
  g_object_set (gtk_settings_get_default (),
                "gtk-xft-dpi", (int) (96 * 1024 * (shot->text_scale > 0 ? shot->text_scale : 1.0)),
                NULL);
  g_settings_set_boolean (a11y_interface, "high-contrast", shot->high_contrast);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  window = roster_window_new (app);
  view = roster_window_get_main_view (window);

  gtk_window_set_default_size (GTK_WINDOW (window), shot->width, shot->height);
  gtk_widget_realize (GTK_WIDGET (window));
  use_composited_style (GTK_WIDGET (window));

  if (shot->open != NULL)
    {
      const char *id = g_hash_table_lookup (ids, shot->open);
      RosterRequestEditor *editor;

      if (id == NULL)
        g_error ("%s: no sample “%s”", shot->file, shot->open);

      roster_main_view_open_request (view, id);
      editor = roster_main_view_get_editor (view);
      /* A request that left Drafts opens in its details. */
      if (editor == NULL && is_draft (shot->open))
        g_error ("%s: sample “%s” did not open in the editor", shot->file, shot->open);
      if (editor != NULL)
        {
          roster_request_editor_set_today (editor, today);

          if (shot->checked_step != NULL)
            {
              roster_request_editor_show_section (editor, shot->checked_step);
              roster_request_editor_next (editor);
            }
          if (shot->step != NULL)
            roster_request_editor_show_section (editor, shot->step);
        }
    }
  else if (shot->preferences)
    {
      dialog = roster_preferences_page_present (roster_preferences_page_new (app),
                                                GTK_WIDGET (window));
      gtk_window_set_default_size (GTK_WINDOW (dialog), shot->width, shot->height);
      gtk_widget_realize (dialog);
      use_composited_style (dialog);
    }
  else if (shot->person != NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (view), "main.show-people", NULL);
      if (shot->people_dialog != PEOPLE_NO_DIALOG)
        {
          dialog = open_people_dialog (view, shot->people_dialog);
          gtk_window_set_default_size (GTK_WINDOW (dialog), 640, 600);
          gtk_widget_realize (dialog);
          use_composited_style (dialog);
        }
      else if (shot->person[0] != '\0')
        {
          roster_main_view_open_person (view, shot->person);
          if (roster_main_view_get_person_page (view) == NULL)
            g_error ("%s: no person “%s”", shot->file, shot->person);
        }
    }
  else
    roster_main_view_show_list (view);

  gtk_window_present (GTK_WINDOW (window));
  pump_until_painted (GTK_WIDGET (window));
  if (shot->npi_registry)
    wait_for_registry (window, shot->file);
  if (shot->open != NULL && is_draft (shot->open))
    {
      wait_until_saved (view, shot->file);
      pump_until_painted (GTK_WIDGET (window));
    }
  {
    GtkWidget *shown = dialog != NULL ? dialog : GTK_WIDGET (window);
    guint n_ellipsized = 0;  /* said, not fatal: a window title may be cut */

    if (dialog != NULL)
      pump_until_painted (dialog);
    if (find_clipped (shown, shown, shot->file, &n_ellipsized))
      g_error ("%s: something is cut off at the window's edge", shot->file);
  }
  if (dialog != NULL)
    {
      save_png (dialog, path);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  else
    save_png (GTK_WIDGET (window), path);

  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RosterApplication) app = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(StandIn) stand_in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *registry_url = NULL;
  GDate today;

  if (argc < 3)
    {
      g_printerr ("usage: %s OUTPUT-FOLDER NPI-REGISTRY-ANSWERS-FOLDER [SHOT-FILE…]\n", argv[0]);
      return 2;
    }

  if (!(stand_in = stand_in_new (argv[2], 0, &error)))
    {
      g_printerr ("The NPI Registry stand-in could not start: %s\n", error->message);
      return 1;
    }
  registry_url = stand_in_dup_url (stand_in);
  g_setenv ("HIE_ROSTER_NPI_REGISTRY", registry_url, TRUE);

  test_use_scratch_data_dir ();
  /* Nothing in the outbox is due, and nothing is sent: the endpoint and
   * token only keep the "set the endpoint" banner out of the list. */
  g_setenv ("HIE_ROSTER_TOKEN", "screenshot-token-never-sent", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  /* High contrast from GSettings, which a shot switches, not a portal. */
  g_setenv ("ADW_DISABLE_PORTAL", "1", TRUE);

  /* A shot during which GTK warns is wrong, even when it looks right: a
   * child allocated a height of -1 is drawn in the frame before. */
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  if (!gtk_init_check ())
    {
      g_printerr ("screenshot-editor needs a display (try xvfb-run -a)\n");
      return 1;
    }
  g_object_set (gtk_settings_get_default (),
                "gtk-enable-animations", FALSE,
                "gtk-decoration-layout", ":close",
                NULL);

  a11y_interface = g_settings_new ("org.gnome.desktop.a11y.interface");

  test_get_fixed_today (&today);
  ids = write_samples (&today);

  app = roster_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  roster_application_set_endpoint_override (app, "https://intake.hie.example.org");

  /* Every shot, or only those named after the folders. */
  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    if (argc == 3 || g_strv_contains ((const char * const *) argv + 3, shots[i].file))
      shoot (app, ids, &shots[i], &today, argv[1]);

  return 0;
}
