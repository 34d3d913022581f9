/* roster-people-view.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-people-view"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "roster-access-review-dialog.h"
#include "roster-attestation.h"
#include "roster-dialog-parts.h"
#include "roster-folding-box.h"
#include "roster-import-dialog.h"
#include "roster-people-view.h"

/*
 * The People page: one row per person Roster knows from its requests,
 * with what they have as the HIE confirmed it, a badge when a change is
 * on its way, and the day of the last confirmed change.
 *
 * A one-column GtkGridView over a filtered GListStore, so 5,000 people cost the
 * rows on screen, not 5,000 widgets: search (name, email, NPI) and the
 * filter only change the filter model. The people are read from the
 * store when the page is first shown and again after each reload while
 * it is shown; reloading a page nobody looks at only marks it stale.
 */

struct _RosterPeopleView
{
  AdwBin              parent_instance;

  RosterStore        *store;
  GSettings          *settings;     /* nullable */
  GListStore         *people;       /* RosterPersonObject */
  GtkCustomFilter    *filter;
  GtkFilterListModel *shown;
  char               *search;       /* casefolded, or NULL */
  RosterPeopleFilter  filter_kind;
  gboolean            stale;
  gboolean            selecting;
  GHashTable         *selected;     /* lowercase email → RosterPersonObject */
  GHashTable         *bound;        /* GtkListItem set: the rows on screen */

  /* Template widgets */
  GtkLabel           *count_label;
  GtkToggleButton    *select_button;
  GtkRevealer        *action_revealer;
  GtkMenuButton      *organization_button;
  GtkLabel           *selected_label;
  GtkDropDown        *filter_dropdown;
  GtkStack           *content_stack;
  GtkGridView        *list_view;
  AdwStatusPage      *empty_page;
  GtkRevealer        *review_banner;
  GtkLabel           *review_banner_label;
};

G_DEFINE_FINAL_TYPE (RosterPeopleView, roster_people_view, ADW_TYPE_BIN)

enum {
  PERSON_ACTIVATED,
  TERMINATE_REQUESTED,
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  RosterPeopleView *self = user_data;
  const RosterPerson *person = roster_person_object_get_person (item);
  gboolean kind_matches;

  switch (self->filter_kind)
    {
    case ROSTER_PEOPLE_FILTER_HAS_ACCESS:
      kind_matches = person->account == ROSTER_ACCOUNT_ACTIVE;
      break;

    case ROSTER_PEOPLE_FILTER_PENDING:
      kind_matches = person->pending;
      break;

    case ROSTER_PEOPLE_FILTER_NO_ACCOUNT:
      kind_matches = person->account != ROSTER_ACCOUNT_ACTIVE;
      break;

    case ROSTER_PEOPLE_FILTER_EVERYONE:
    default:
      kind_matches = TRUE;
      break;
    }

  return kind_matches && roster_person_object_matches (item, self->search);
}

static void
update_count (RosterPeopleView *self)
{
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->shown));
  guint n_people = g_list_model_get_n_items (G_LIST_MODEL (self->people));
  g_autofree char *text = NULL;

  if (n_shown == n_people)
    text = g_strdup_printf (ngettext ("%u person", "%u people", n_people), n_people);
  else
    /* TRANSLATORS: how many people the search and filter show, of how many */
    text = g_strdup_printf (ngettext ("%u of %u person", "%u of %u people", n_people), n_shown, n_people);
  gtk_label_set_text (self->count_label, text);

  if (n_shown > 0)
    gtk_stack_set_visible_child_name (self->content_stack, "list");
  else
    {
      if (n_people == 0)
        {
          adw_status_page_set_title (self->empty_page, _("No People Yet"));
          adw_status_page_set_description (self->empty_page,
                                           _("A person appears here once a request about them has been sent."));
        }
      else
        {
          adw_status_page_set_title (self->empty_page, _("No One Matches"));
          adw_status_page_set_description (self->empty_page, _("Try another name, email, NPI or filter."));
        }
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
    }
}

static void
refilter (RosterPeopleView *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

static void
filter_changed_cb (RosterPeopleView *self)
{
  self->filter_kind = gtk_drop_down_get_selected (self->filter_dropdown);
  refilter (self);
}

/* Selecting ------------------------------------------------------------- */

static char *
selection_key (RosterPersonObject *item)
{
  return g_ascii_strdown (roster_person_object_get_person (item)->email, -1);
}

static void
update_selection_actions (RosterPeopleView *self)
{
  guint n = g_hash_table_size (self->selected);
  g_autofree char *text = g_strdup_printf (ngettext ("%u selected", "%u selected", n), n);

  gtk_label_set_text (self->selected_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "people.terminate", n > 0);
}

static void show_check (RosterPeopleView *self,
                        GtkListItem      *list_item);
static void load       (RosterPeopleView *self);

/* The rows on screen show the selection mode and what is selected. */
static void
rebind_rows (RosterPeopleView *self)
{
  GHashTableIter iter;
  gpointer list_item;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &list_item, NULL))
    show_check (self, list_item);
}

static void
set_selected (RosterPeopleView   *self,
              RosterPersonObject *item,
              gboolean            selected)
{
  if (selected)
    g_hash_table_replace (self->selected, selection_key (item), g_object_ref (item));
  else
    {
      g_autofree char *key = selection_key (item);

      g_hash_table_remove (self->selected, key);
    }
  update_selection_actions (self);
}

static gboolean
is_selected (RosterPeopleView   *self,
             RosterPersonObject *item)
{
  g_autofree char *key = selection_key (item);

  return g_hash_table_contains (self->selected, key);
}

static void
selection_mode_cb (RosterPeopleView *self)
{
  self->selecting = gtk_toggle_button_get_active (self->select_button);
  if (!self->selecting)
    g_hash_table_remove_all (self->selected);
  gtk_revealer_set_reveal_child (self->action_revealer, self->selecting);
  update_selection_actions (self);
  rebind_rows (self);
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RosterPeopleView *self = ROSTER_PEOPLE_VIEW (widget);
  guint n = g_list_model_get_n_items (roster_people_view_get_shown (self));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RosterPersonObject) item = g_list_model_get_item (G_LIST_MODEL (self->shown), i);

      set_selected (self, item, TRUE);
    }
  rebind_rows (self);
}

/* Everyone with access at the organization: for a practice that closes
 * or leaves the HIE. */
static void
select_organization_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  RosterPeopleView *self = ROSTER_PEOPLE_VIEW (widget);
  const char *organization = g_variant_get_string (parameter, NULL);
  guint n;

  if (self->stale)
    load (self);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->people));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RosterPersonObject) item = g_list_model_get_item (G_LIST_MODEL (self->people), i);
      const RosterPerson *person = roster_person_object_get_person (item);

      if (person->account == ROSTER_ACCOUNT_ACTIVE && g_strcmp0 (person->organization, organization) == 0)
        set_selected (self, item, TRUE);
    }
  rebind_rows (self);
}

static void
terminate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RosterPeopleView *self = ROSTER_PEOPLE_VIEW (widget);
  g_autoptr(GPtrArray) people = roster_people_view_get_selected (self);

  if (people->len > 0)
    g_signal_emit (self, signals[TERMINATE_REQUESTED], 0, people);
}

/* The organizations of the people with access, for "Everyone At…". */
static void
update_organization_menu (RosterPeopleView *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->people));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RosterPersonObject) item = g_list_model_get_item (G_LIST_MODEL (self->people), i);
      const RosterPerson *person = roster_person_object_get_person (item);
      g_autoptr(GMenuItem) menu_item = NULL;

      if (person->account != ROSTER_ACCOUNT_ACTIVE || person->organization == NULL ||
          !g_hash_table_add (seen, person->organization))
        continue;

      menu_item = g_menu_item_new (person->organization, NULL);
      g_menu_item_set_action_and_target_value (menu_item, "people.select-organization",
                                               g_variant_new_string (person->organization));
      g_menu_append_item (menu, menu_item);
    }

  gtk_menu_button_set_menu_model (self->organization_button, G_MENU_MODEL (menu));
  gtk_widget_set_sensitive (GTK_WIDGET (self->organization_button), g_hash_table_size (seen) > 0);
}

static void
activate_cb (RosterPeopleView *self,
             guint             position)
{
  g_autoptr(RosterPersonObject) item = g_list_model_get_item (G_LIST_MODEL (self->shown), position);

  if (item == NULL)
    return;

  if (self->selecting)
    {
      set_selected (self, item, !is_selected (self, item));
      rebind_rows (self);
    }
  else
    g_signal_emit (self, signals[PERSON_ACTIVATED], 0, roster_person_object_get_person (item)->email);
}

/* A message over the window, with Close. */
static GtkWidget *
show_message (RosterPeopleView *self,
              const char       *heading,
              const char       *body)
{
  const RosterDialogResponse responses[] = { { "close", _("_Close"), ADW_RESPONSE_DEFAULT }, { NULL } };
  GtkWidget *dialog = roster_dialog_alert_new (GTK_WIDGET (self), heading, body, NULL, responses, NULL, NULL);

  roster_dialog_alert_present (dialog, GTK_WIDGET (self));

  return dialog;
}

/* (element-type RosterPerson): everyone on the page, owned by it */
static GPtrArray *
dup_people (RosterPeopleView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->people));
  GPtrArray *people = g_ptr_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RosterPersonObject) item = g_list_model_get_item (G_LIST_MODEL (self->people), i);

      g_ptr_array_add (people, (gpointer) roster_person_object_get_person (item));  /* the store holds it */
    }

  return people;
}

/* Import ----------------------------------------------------------------- */

static void
imported_cb (RosterPeopleView *self,
             const char       *summary)
{
  roster_people_view_reload (self);
  g_signal_emit (self, signals[TOAST], 0, summary);
}

static void
import_file_chosen_cb (GFile    *file,
                       gpointer  user_data)
{
  g_autoptr(RosterPeopleView) self = user_data;

  if (file != NULL)
    roster_people_view_import_file (self, file);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RosterPeopleView *self = ROSTER_PEOPLE_VIEW (widget);
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileFilter *filters[] = { csv, all, NULL };

  gtk_file_filter_set_name (csv, _("Spreadsheets as CSV"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  roster_dialog_choose_file (widget, ROSTER_DIALOG_FILE_OPEN, _("Import User List"), _("_Open"), NULL,
                             filters, import_file_chosen_cb, g_object_ref (self));
}

/**
 * roster_people_view_import_file:
 * @file: a CSV file of the practice's users
 *
 * Reads @file and shows what importing it would do; the people are kept
 * only when the administrator confirms. A file that cannot be read or is
 * not CSV is named in a message, and nothing changes.
 *
 * Returns: (transfer none): the preview, or the message
 */
GtkWidget *
roster_people_view_import_file (RosterPeopleView *self,
                                GFile            *file)
{
  g_autoptr(GPtrArray) known = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  GtkWindow *parent;
  RosterImportPlan *plan;
  GtkWidget *dialog;

  g_return_val_if_fail (ROSTER_IS_PEOPLE_VIEW (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (self->stale)
    load (self);

  known = dup_people (self);

  name = g_file_get_basename (file);
  parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  if (!(plan = roster_import_plan_load (file, known, &error)))
    {
      g_autofree char *heading = NULL;

      /* TRANSLATORS: %s is a file's name */
      heading = g_strdup_printf (_("“%s” Cannot Be Imported"), name);
      return show_message (self, heading, error->message);
    }

  dialog = roster_import_dialog_new (self->store, name, plan);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), parent);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (imported_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

/* Access reviews ------------------------------------------------------------ */

static guint
get_review_days (RosterPeopleView *self)
{
  return self->settings != NULL ? g_settings_get_uint (self->settings, "access-review-days")
                                : ROSTER_ACCESS_REVIEW_DEFAULT_DAYS;
}

static void
update_review_banner (RosterPeopleView *self)
{
  g_autoptr(GPtrArray) people = dup_people (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 last = 0;
  gboolean due;

  if (!roster_store_get_last_access_review (self->store, &last, &error))
    {
      g_warning ("Access reviews could not be read: %s", error->message);
      return;
    }

  due = roster_access_review_is_due (last, get_review_days (self), people, g_get_real_time ());
  if (last == 0)
    text = g_strdup (_("No access review has been recorded: confirm who still needs HIE access."));
  else
    {
      g_autofree char *day = roster_access_review_format_day (last);

      /* TRANSLATORS: %s is the day of the last access review */
      text = g_strdup_printf (_("An access review is due: the last was on %s."), day);
    }

  gtk_label_set_text (self->review_banner_label, text);
  gtk_revealer_set_reveal_child (self->review_banner, due);
}

/**
 * roster_people_view_is_review_due:
 *
 * Returns: whether the page says an access review is due
 */
gboolean
roster_people_view_is_review_due (RosterPeopleView *self)
{
  g_return_val_if_fail (ROSTER_IS_PEOPLE_VIEW (self), FALSE);

  return gtk_revealer_get_reveal_child (self->review_banner);
}

/**
 * roster_people_view_get_attestation_folder:
 *
 * Returns: (transfer full): where a finished review's attestation is
 *   saved: "HIE Access Reviews" in the Documents folder
 */
GFile *
roster_people_view_get_attestation_folder (void)
{
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  /* TRANSLATORS: a folder's name, in the user's Documents */
  return g_file_new_build_filename (documents != NULL ? documents : g_get_home_dir (), _("HIE Access Reviews"), NULL);
}

/**
 * roster_people_view_export_review:
 * @review: a finished review
 * @folder: where to save its attestation; made private (0700) when
 *   Roster creates it
 *
 * Saves @review's attestation as a PDF and a CSV in @folder and says so
 * in a toast.
 */
gboolean
roster_people_view_export_review (RosterPeopleView          *self,
                                  const RosterAccessReview  *review,
                                  GFile                     *folder,
                                  GError                   **error)
{
  g_autoptr(GFile) pdf = NULL;
  g_autofree char *path = NULL;
  g_autofree char *where = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (ROSTER_IS_PEOPLE_VIEW (self), FALSE);
  g_return_val_if_fail (review != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);

  path = g_file_get_path (folder);
  if (path != NULL && g_mkdir_with_parents (path, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *name = g_file_get_parse_name (folder);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), name, g_strerror (saved_errno));
      return FALSE;
    }

  if (!roster_attestation_save (review, folder, &pdf, NULL, error))
    return FALSE;

  where = g_file_get_parse_name (folder);
  /* TRANSLATORS: %s is a folder */
  message = g_strdup_printf (_("Attestation saved in %s, as a PDF and a CSV"), where);
  g_signal_emit (self, signals[TOAST], 0, message);

  return TRUE;
}

static void
review_finished_cb (RosterPeopleView *self,
                    const char       *id)
{
  g_autoptr(GPtrArray) reviews = NULL;
  g_autoptr(GPtrArray) ending = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GFile) folder = roster_people_view_get_attestation_folder ();
  g_autoptr(GError) error = NULL;
  const RosterAccessReview *review = NULL;

  update_review_banner (self);

  if (!(reviews = roster_store_list_access_reviews (self->store, &error)))
    {
      show_message (self, _("The Review Was Kept, but Cannot Be Read Back"), error->message);
      return;
    }
  for (guint i = 0; i < reviews->len && review == NULL; i++)
    {
      const RosterAccessReview *candidate = g_ptr_array_index (reviews, i);

      if (g_strcmp0 (candidate->id, id) == 0)
        review = candidate;
    }
  g_return_if_fail (review != NULL);

  if (!roster_people_view_export_review (self, review, folder, &error))
    /* The review is kept: Past Access Reviews exports it again. */
    show_message (self, _("The Attestation Could Not Be Saved"), error->message);

  for (guint i = 0; i < review->entries->len; i++)
    {
      const RosterReviewEntry *entry = g_ptr_array_index (review->entries, i);
      RosterPersonObject *item;

      if (entry->decision == ROSTER_REVIEW_END && (item = roster_people_view_lookup (self, entry->email)) != NULL)
        g_ptr_array_add (ending, g_object_ref (item));
    }
  if (ending->len > 0)
    g_signal_emit (self, signals[TERMINATE_REQUESTED], 0, ending);
}

/**
 * roster_people_view_start_review:
 *
 * Begins an access review of everyone with access, with the reviewer
 * from Preferences; once it is finished, its attestation is saved and
 * the terminations it decided are asked for.
 *
 * Returns: (transfer none): the review, or a message when nobody has
 *   access
 */
GtkWidget *
roster_people_view_start_review (RosterPeopleView *self)
{
  g_autoptr(GPtrArray) people = NULL;
  g_autofree char *reviewer = NULL;
  GtkWidget *dialog;

  g_return_val_if_fail (ROSTER_IS_PEOPLE_VIEW (self), NULL);

  if (self->stale)
    load (self);

  people = dup_people (self);
  if (!roster_access_review_has_anyone (people))
    return show_message (self, _("Nobody Has Access to Review"),
                         _("A review lists the people whose HIE account is active. Import the practice’s user list, or send a New User Request, first."));

  if (self->settings != NULL)
    reviewer = g_settings_get_string (self->settings, "submitter-name");
  dialog = roster_access_review_dialog_new (self->store, people, reviewer);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  g_signal_connect_object (dialog, "finished", G_CALLBACK (review_finished_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

static void
review_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  roster_people_view_start_review (ROSTER_PEOPLE_VIEW (widget));
}

typedef struct
{
  RosterPeopleView   *self;
  RosterAccessReview *review;  /* a copy: the history window may close first */
} ExportRequest;

static void
export_folder_chosen_cb (GFile    *folder,
                         gpointer  user_data)
{
  ExportRequest *request = user_data;
  g_autoptr(GError) error = NULL;

  if (folder != NULL &&
      !roster_people_view_export_review (request->self, request->review, folder, &error))
    show_message (request->self, _("The Attestation Could Not Be Saved"), error->message);

  g_object_unref (request->self);
  roster_access_review_free (request->review);
  g_free (request);
}

static void
export_review_cb (GObject                  *owner,
                  const RosterAccessReview *review)
{
  RosterPeopleView *self = ROSTER_PEOPLE_VIEW (owner);
  ExportRequest *request = g_new0 (ExportRequest, 1);

  request->self = g_object_ref (self);
  request->review = roster_access_review_copy (review);
  roster_dialog_choose_file (GTK_WIDGET (self), ROSTER_DIALOG_FILE_FOLDER, _("Save Attestation In"), _("_Save"),
                             NULL, NULL, export_folder_chosen_cb, request);
}

/**
 * roster_people_view_show_past_reviews:
 *
 * Returns: (transfer none): the window of finished reviews, each to
 *   export again
 */
GtkWidget *
roster_people_view_show_past_reviews (RosterPeopleView *self)
{
  g_autoptr(GPtrArray) reviews = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;

  g_return_val_if_fail (ROSTER_IS_PEOPLE_VIEW (self), NULL);

  if (!(reviews = roster_store_list_access_reviews (self->store, &error)))
    {
      show_message (self, _("Past Reviews Cannot Be Read"), error->message);
      return NULL;
    }

  window = roster_access_review_history_new (reviews, export_review_cb, G_OBJECT (self));
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (window));

  return window;
}

static void
past_reviews_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  roster_people_view_show_past_reviews (ROSTER_PEOPLE_VIEW (widget));
}

/* Rows ------------------------------------------------------------------- */

typedef struct
{
  GtkCheckButton *check;
  GtkLabel *name;
  GtkLabel *subtitle;
  GtkLabel *services;
  GtkLabel *pending;
  GtkLabel *imported;
  GtkLabel *confirmed;
} RowLabels;

static GtkLabel *
add_label (GtkBox     *box,
           const char *style)
{
  GtkWidget *label = gtk_label_new (NULL);
  PangoAttrList *attributes = pango_attr_list_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* Wrapped, not ellipsized: with large text on a phone's width an
   * ellipsized name ("Tomás …") can no longer be read. An email address
   * broken across lines gets no hyphen it does not have. */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (GTK_LABEL (label), attributes);
  pango_attr_list_unref (attributes);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  gtk_box_append (box, label);

  return GTK_LABEL (label);
}

static void
check_toggled_cb (GtkCheckButton *check,
                  GtkListItem    *list_item)
{
  RosterPeopleView *self = g_object_get_data (G_OBJECT (check), "roster-view");
  RosterPersonObject *item = gtk_list_item_get_item (list_item);

  if (item != NULL && gtk_check_button_get_active (check) != is_selected (self, item))
    set_selected (self, item, gtk_check_button_get_active (check));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  /* The badges go below the text when both do not fit side by side. */
  GtkWidget *content = roster_folding_box_new (12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  RowLabels *labels = g_new0 (RowLabels, 1);

  gtk_widget_set_margin_top (row, 8);
  gtk_widget_set_margin_bottom (row, 8);
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_hexpand (content, TRUE);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (side, GTK_ALIGN_CENTER);

  labels->check = GTK_CHECK_BUTTON (gtk_check_button_new ());
  gtk_widget_set_valign (GTK_WIDGET (labels->check), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (labels->check));
  labels->name = add_label (GTK_BOX (text), "heading");
  labels->subtitle = add_label (GTK_BOX (text), "dim-label");
  labels->services = add_label (GTK_BOX (text), "caption");
  labels->pending = add_label (GTK_BOX (side), "accent");
  labels->imported = add_label (GTK_BOX (side), "dim-label");
  labels->confirmed = add_label (GTK_BOX (side), "dim-label");
  gtk_label_set_text (labels->pending, _("Change pending"));
  gtk_widget_add_css_class (GTK_WIDGET (labels->pending), "caption-heading");
  /* TRANSLATORS: a badge: the person is known from an imported user list,
   * not yet from a request the HIE completed */
  gtk_label_set_text (labels->imported, _("Imported"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (labels->imported),
                               _("From an imported user list: no completed request has confirmed it yet"));
  gtk_widget_add_css_class (GTK_WIDGET (labels->imported), "caption-heading");
  gtk_widget_set_halign (GTK_WIDGET (labels->imported), GTK_ALIGN_END);
  gtk_widget_add_css_class (GTK_WIDGET (labels->confirmed), "caption");
  gtk_widget_set_halign (GTK_WIDGET (labels->pending), GTK_ALIGN_END);
  gtk_widget_set_halign (GTK_WIDGET (labels->confirmed), GTK_ALIGN_END);

  roster_folding_box_append (ROSTER_FOLDING_BOX (content), text);
  roster_folding_box_append (ROSTER_FOLDING_BOX (content), side);
  gtk_box_append (GTK_BOX (row), content);
  g_object_set_data_full (G_OBJECT (row), "roster-labels", labels, g_free);
  g_object_set_data (G_OBJECT (labels->check), "roster-view", user_data);
  g_signal_connect (labels->check, "toggled", G_CALLBACK (check_toggled_cb), list_item);
  gtk_list_item_set_child (list_item, row);
}

static void
show_check (RosterPeopleView *self,
            GtkListItem      *list_item)
{
  RowLabels *labels = g_object_get_data (G_OBJECT (gtk_list_item_get_child (list_item)), "roster-labels");
  RosterPersonObject *item = gtk_list_item_get_item (list_item);

  gtk_widget_set_visible (GTK_WIDGET (labels->check), self->selecting);
  /* The toggled handler sees the state already recorded: nothing to do. */
  gtk_check_button_set_active (labels->check, item != NULL && is_selected (self, item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  RosterPeopleView *self = user_data;

  /* The list view's rows may be unbound after our dispose. */
  if (self->bound != NULL)
    g_hash_table_remove (self->bound, list_item);
}

static char *
describe_confirmed (const RosterPerson *person)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *day = NULL;

  if (person->confirmed_at == 0)
    return NULL;

  when = g_date_time_new_from_unix_local (person->confirmed_at / G_USEC_PER_SEC);
  day = g_date_time_format (when, "%x");

  /* TRANSLATORS: the day the HIE last completed a request about the person */
  return g_strdup_printf (_("Confirmed %s"), day);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  RosterPeopleView *self = user_data;
  RosterPersonObject *item = gtk_list_item_get_item (list_item);
  const RosterPerson *person = roster_person_object_get_person (item);
  RowLabels *labels = g_object_get_data (G_OBJECT (gtk_list_item_get_child (list_item)), "roster-labels");
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *confirmed = describe_confirmed (person);
  const char *services = roster_person_object_get_services (item);

  if (person->title != NULL)
    g_string_append_printf (subtitle, "%s · ", person->title);
  g_string_append (subtitle, person->email);
  if (person->organization != NULL)
    g_string_append_printf (subtitle, " · %s", person->organization);

  g_hash_table_add (self->bound, list_item);
  show_check (self, list_item);
  {
    g_autofree char *label = g_strdup_printf (_("Select %s"), roster_person_object_get_name (item));

    gtk_accessible_update_property (GTK_ACCESSIBLE (labels->check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  }
  gtk_label_set_text (labels->name, roster_person_object_get_name (item));
  gtk_label_set_text (labels->subtitle, subtitle->str);

  if (person->account == ROSTER_ACCOUNT_ENDED)
    gtk_label_set_text (labels->services, _("Access ended"));
  else if (person->account == ROSTER_ACCOUNT_UNKNOWN)
    gtk_label_set_text (labels->services, _("No HIE account confirmed yet"));
  else
    gtk_label_set_text (labels->services, services[0] != '\0' ? services : _("An account, no services"));

  gtk_widget_set_visible (GTK_WIDGET (labels->pending), person->pending);
  gtk_widget_set_visible (GTK_WIDGET (labels->imported), person->imported);
  gtk_label_set_text (labels->confirmed, confirmed != NULL ? confirmed : "");
  gtk_widget_set_visible (GTK_WIDGET (labels->confirmed), confirmed != NULL);
}

/* Loading ---------------------------------------------------------------- */

static void
load (RosterPeopleView *self)
{
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;

  self->stale = FALSE;

  if (!(people = roster_people_load (self->store, &error)))
    {
      g_warning ("People could not be read: %s", error->message);
      return;
    }

  objects = g_ptr_array_new_full (people->len, g_object_unref);
  for (guint i = 0; i < people->len; i++)
    g_ptr_array_add (objects, roster_person_object_new (g_steal_pointer (&g_ptr_array_index (people, i))));

  g_list_store_splice (self->people, 0, g_list_model_get_n_items (G_LIST_MODEL (self->people)),
                       objects->pdata, objects->len);
  /* A reload follows a change of the store: what was selected may have
   * changed too. */
  g_hash_table_remove_all (self->selected);
  update_selection_actions (self);
  update_organization_menu (self);
  update_count (self);
  update_review_banner (self);
}

static void
map_cb (RosterPeopleView *self)
{
  if (self->stale)
    load (self);
}

static void
roster_people_view_dispose (GObject *object)
{
  RosterPeopleView *self = ROSTER_PEOPLE_VIEW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->shown);
  g_clear_object (&self->people);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->selected, g_hash_table_unref);
  g_clear_pointer (&self->bound, g_hash_table_unref);

  G_OBJECT_CLASS (roster_people_view_parent_class)->dispose (object);
}

static void
roster_people_view_class_init (RosterPeopleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_people_view_dispose;

  /**
   * RosterPeopleView::person-activated:
   * @email: the person's email, how Roster knows them
   */
  signals[PERSON_ACTIVATED] =
    g_signal_new ("person-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * RosterPeopleView::terminate-requested:
   * @people: (element-type RosterPersonObject): the people selected
   */
  signals[TERMINATE_REQUESTED] =
    g_signal_new ("terminate-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);

  /**
   * RosterPeopleView::toast:
   * @message: what an import or a review did, in words, for a toast
   */
  signals[TOAST] =
    g_signal_new ("toast",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (ROSTER_TYPE_FOLDING_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hieroster/Roster/roster-people-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterPeopleView, count_label);
  gtk_widget_class_bind_template_child (widget_class, RosterPeopleView, select_button);
  gtk_widget_class_bind_template_child (widget_class, RosterPeopleView, action_revealer);
  gtk_widget_class_bind_template_child (widget_class, RosterPeopleView, organization_button);
  gtk_widget_class_bind_template_child (widget_class, RosterPeopleView, selected_label);
  gtk_widget_class_bind_template_child (widget_class, RosterPeopleView, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RosterPeopleView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, RosterPeopleView, list_view);
  gtk_widget_class_bind_template_child (widget_class, RosterPeopleView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, RosterPeopleView, review_banner);
  gtk_widget_class_bind_template_child (widget_class, RosterPeopleView, review_banner_label);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_mode_cb);

  gtk_widget_class_install_action (widget_class, "people.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "people.select-organization", "s", select_organization_action);
  gtk_widget_class_install_action (widget_class, "people.terminate", NULL, terminate_action);
  gtk_widget_class_install_action (widget_class, "people.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "people.review", NULL, review_action);
  gtk_widget_class_install_action (widget_class, "people.past-reviews", NULL, past_reviews_action);
}

static void
roster_people_view_init (RosterPeopleView *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->selected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->bound = g_hash_table_new (NULL, NULL);
  self->people = g_list_store_new (ROSTER_TYPE_PERSON_OBJECT);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->shown = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->people)), GTK_FILTER (self->filter));
  self->stale = TRUE;

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_grid_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_grid_view_set_model (self->list_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->shown)))));

  g_signal_connect_object (self, "map", G_CALLBACK (map_cb), self, G_CONNECT_SWAPPED);
  update_count (self);
  update_selection_actions (self);
}

/**
 * roster_people_view_new:
 * @store: where the people come from
 * @settings: (nullable): the app's settings: the reviewer and how often
 *   an access review is due
 */
GtkWidget *
roster_people_view_new (RosterStore *store,
                        GSettings   *settings)
{
  RosterPeopleView *self;

  g_return_val_if_fail (ROSTER_IS_STORE (store), NULL);

  self = g_object_new (ROSTER_TYPE_PEOPLE_VIEW, NULL);
  self->store = g_object_ref (store);
  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      g_signal_connect_object (settings, "changed::access-review-days", G_CALLBACK (update_review_banner), self, G_CONNECT_SWAPPED);
    }

  return GTK_WIDGET (self);
}

/**
 * roster_people_view_reload:
 *
 * Reads the people from the store again: now if the page is shown, else
 * when it is next shown.
 */
void
roster_people_view_reload (RosterPeopleView *self)
{
  g_return_if_fail (ROSTER_IS_PEOPLE_VIEW (self));

  self->stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self);
}

/**
 * roster_people_view_set_search:
 * @search: (nullable): part of a name, an email or an NPI
 */
void
roster_people_view_set_search (RosterPeopleView *self,
                               const char       *search)
{
  g_autofree char *folded = NULL;

  g_return_if_fail (ROSTER_IS_PEOPLE_VIEW (self));

  if (search != NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (search));

      folded = trimmed[0] != '\0' ? g_utf8_casefold (trimmed, -1) : NULL;
    }

  if (g_strcmp0 (folded, self->search) == 0)
    return;

  g_free (self->search);
  self->search = g_steal_pointer (&folded);
  refilter (self);
}

void
roster_people_view_set_filter (RosterPeopleView   *self,
                               RosterPeopleFilter  filter)
{
  g_return_if_fail (ROSTER_IS_PEOPLE_VIEW (self));

  gtk_drop_down_set_selected (self->filter_dropdown, filter);
}

/**
 * roster_people_view_get_shown:
 *
 * Returns: (transfer none): the people the search and the filter show,
 *   as #RosterPersonObject
 */
GListModel *
roster_people_view_get_shown (RosterPeopleView *self)
{
  g_return_val_if_fail (ROSTER_IS_PEOPLE_VIEW (self), NULL);

  if (self->stale)
    load (self);

  return G_LIST_MODEL (self->shown);
}

/**
 * roster_people_view_lookup:
 * @email: a person's email, in any case
 *
 * Returns: (transfer none) (nullable): the person with @email
 */
RosterPersonObject *
roster_people_view_lookup (RosterPeopleView *self,
                           const char       *email)
{
  guint n;

  g_return_val_if_fail (ROSTER_IS_PEOPLE_VIEW (self), NULL);
  g_return_val_if_fail (email != NULL, NULL);

  if (self->stale)
    load (self);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->people));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RosterPersonObject) item = g_list_model_get_item (G_LIST_MODEL (self->people), i);

      if (g_ascii_strcasecmp (roster_person_object_get_person (item)->email, email) == 0)
        return item;  /* the store still holds it */
    }

  return NULL;
}

/**
 * roster_people_view_set_selection_mode:
 *
 * In selection mode each row has a check button, and activating a row
 * selects it instead of opening the person.
 */
void
roster_people_view_set_selection_mode (RosterPeopleView *self,
                                       gboolean          selecting)
{
  g_return_if_fail (ROSTER_IS_PEOPLE_VIEW (self));

  gtk_toggle_button_set_active (self->select_button, selecting);
}

/**
 * roster_people_view_select:
 * @email: a person's email, in any case
 */
void
roster_people_view_select (RosterPeopleView *self,
                           const char       *email)
{
  RosterPersonObject *item;

  g_return_if_fail (ROSTER_IS_PEOPLE_VIEW (self));

  if ((item = roster_people_view_lookup (self, email)) != NULL)
    {
      set_selected (self, item, TRUE);
      rebind_rows (self);
    }
}

/**
 * roster_people_view_get_selected:
 *
 * Returns: (transfer container) (element-type RosterPersonObject): the
 *   people selected, in the order of the list
 */
GPtrArray *
roster_people_view_get_selected (RosterPeopleView *self)
{
  GPtrArray *people;
  guint n;

  g_return_val_if_fail (ROSTER_IS_PEOPLE_VIEW (self), NULL);

  people = g_ptr_array_new_with_free_func (g_object_unref);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->people));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RosterPersonObject) item = g_list_model_get_item (G_LIST_MODEL (self->people), i);

      if (is_selected (self, item))
        g_ptr_array_add (people, g_steal_pointer (&item));
    }

  return people;
}
