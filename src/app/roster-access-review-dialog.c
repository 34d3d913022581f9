/* roster-access-review-dialog.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-access-review-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-access-review-dialog.h"
#include "roster-dialog-parts.h"
#include "roster-entry-title-layout.h"

/*
 * An access review, person by person: everyone who has HIE access, each
 * with "Still needs access" and "End access" as one answer among two
 * (radio buttons), none chosen at first so that nobody is kept by
 * default. Finish stays off until every person has an answer and a
 * reviewer is named; it keeps the review in the store and emits
 * ::finished, and the People page saves the attestation and asks for
 * the terminations.
 *
 * The past reviews are a second, smaller window: a row per review, each
 * exporting its attestation again.
 */

typedef struct
{
  GtkCheckButton *keep;
  GtkCheckButton *end;
} DecisionButtons;

struct _RosterAccessReviewDialog
{
  AdwWindow           parent_instance;

  RosterStore        *store;
  RosterAccessReview *review;
  GHashTable         *buttons;   /* casefolded email → DecisionButtons */
  GtkWidget          *finish_button;
  AdwEntryRow        *reviewer_row;
  GtkLabel           *summary_label;
  GtkLabel           *error_label;
  char               *problem;   /* what keeps Finish off, or NULL */
};

G_DEFINE_FINAL_TYPE (RosterAccessReviewDialog, roster_access_review_dialog, ADW_TYPE_WINDOW)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dup_reviewer (RosterAccessReviewDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reviewer_row))));
}

static void
update_state (RosterAccessReviewDialog *self)
{
  g_autofree char *reviewer = dup_reviewer (self);
  g_autofree char *summary = NULL;
  guint ending = roster_access_review_count (self->review, ROSTER_REVIEW_END);

  g_clear_pointer (&self->problem, g_free);
  self->problem = roster_access_review_check (self->review);
  if (self->problem == NULL && reviewer[0] == '\0')
    self->problem = g_strdup (_("Reviewer: Enter your name; it is on the attestation."));

  if (self->problem != NULL)
    summary = g_strdup (self->problem);
  else if (ending > 0)
    summary = g_strdup_printf (ngettext ("Access ends for %u person: after Finish, you give the day and the reason.",
                                         "Access ends for %u people: after Finish, you give the day and the reason.",
                                         ending),
                               ending);
  else
    summary = g_strdup (_("Everyone still needs access. Finish to keep the review and save its attestation."));

  gtk_label_set_text (self->summary_label, summary);
  gtk_widget_set_sensitive (self->finish_button, self->problem == NULL);
}

static void
decision_toggled_cb (GtkCheckButton           *button,
                     RosterAccessReviewDialog *self)
{
  RosterReviewEntry *entry = g_object_get_data (G_OBJECT (button), "roster-entry");
  RosterReviewDecision decision = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "roster-decision"));

  if (!gtk_check_button_get_active (button))
    return;

  entry->decision = decision;
  update_state (self);
}

static GtkCheckButton *
add_decision_button (RosterAccessReviewDialog *self,
                     GtkBox                   *box,
                     GtkCheckButton           *group,
                     RosterReviewEntry        *entry,
                     RosterReviewDecision      decision,
                     const char               *accessible)
{
  /* One answer of two: a radio button. */
  GtkWidget *button = g_object_new (GTK_TYPE_CHECK_BUTTON,
                                    "label", roster_review_decision_get_label (decision),
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_RADIO,
                                    NULL);

  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (button), group);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data (G_OBJECT (button), "roster-entry", entry);
  g_object_set_data (G_OBJECT (button), "roster-decision", GUINT_TO_POINTER (decision));
  g_signal_connect_object (button, "toggled", G_CALLBACK (decision_toggled_cb), self, 0);
  gtk_box_append (box, button);

  return GTK_CHECK_BUTTON (button);
}

static GtkWidget *
new_entry_row (RosterAccessReviewDialog *self,
               RosterReviewEntry        *entry)
{
  GtkWidget *row = adw_action_row_new ();
  /* The person's two answers, a radio group named by the person. */
  GtkWidget *box = g_object_new (GTK_TYPE_BOX,
                                 "spacing", 12,
                                 "accessible-role", GTK_ACCESSIBLE_ROLE_RADIO_GROUP,
                                 NULL);
  DecisionButtons *buttons = g_new0 (DecisionButtons, 1);
  g_autofree char *subtitle = NULL;
  g_autofree char *keep_name = NULL;
  g_autofree char *end_name = NULL;

  /* Names and emails are not ours: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->name);
  subtitle = g_strdup_printf ("%s · %s", entry->email,
                              entry->services[0] != '\0' ? entry->services : _("An account, no services"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  /* TRANSLATORS: the accessible name of an answer of an access review; %s is a person's name */
  keep_name = g_strdup_printf (_("%s still needs access"), entry->name);
  /* TRANSLATORS: the accessible name of an answer of an access review; %s is a person's name */
  end_name = g_strdup_printf (_("End access for %s"), entry->name);
  buttons->keep = add_decision_button (self, GTK_BOX (box), NULL, entry, ROSTER_REVIEW_KEEP, keep_name);
  buttons->end = add_decision_button (self, GTK_BOX (box), buttons->keep, entry, ROSTER_REVIEW_END, end_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, entry->name, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);

  g_hash_table_insert (self->buttons, g_utf8_casefold (entry->email, -1), buttons);

  return row;
}

static void
keep_rest_cb (RosterAccessReviewDialog *self)
{
  for (guint i = 0; i < self->review->entries->len; i++)
    {
      const RosterReviewEntry *entry = g_ptr_array_index (self->review->entries, i);

      if (entry->decision == ROSTER_REVIEW_UNDECIDED)
        roster_access_review_dialog_set_decision (self, entry->email, ROSTER_REVIEW_KEEP);
    }
}

/**
 * roster_access_review_dialog_set_decision:
 * @email: a person in the review
 *
 * Answers for @email, as choosing one of their two answers does.
 */
void
roster_access_review_dialog_set_decision (RosterAccessReviewDialog *self,
                                          const char               *email,
                                          RosterReviewDecision      decision)
{
  g_autofree char *key = NULL;
  DecisionButtons *buttons;

  g_return_if_fail (ROSTER_IS_ACCESS_REVIEW_DIALOG (self));
  g_return_if_fail (email != NULL);
  g_return_if_fail (decision != ROSTER_REVIEW_UNDECIDED);

  key = g_utf8_casefold (email, -1);
  if ((buttons = g_hash_table_lookup (self->buttons, key)) == NULL)
    {
      g_critical ("%s: nobody with that email is in the review", G_STRFUNC);
      return;
    }

  gtk_check_button_set_active (decision == ROSTER_REVIEW_KEEP ? buttons->keep : buttons->end, TRUE);
}

void
roster_access_review_dialog_set_reviewer (RosterAccessReviewDialog *self,
                                          const char               *reviewer)
{
  g_return_if_fail (ROSTER_IS_ACCESS_REVIEW_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->reviewer_row), reviewer != NULL ? reviewer : "");
}

/**
 * roster_access_review_dialog_get_problem:
 *
 * Returns: (nullable): what keeps Finish off, in words
 */
const char *
roster_access_review_dialog_get_problem (RosterAccessReviewDialog *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCESS_REVIEW_DIALOG (self), NULL);

  return self->problem;
}

GtkWidget *
roster_access_review_dialog_get_finish_button (RosterAccessReviewDialog *self)
{
  g_return_val_if_fail (ROSTER_IS_ACCESS_REVIEW_DIALOG (self), NULL);

  return self->finish_button;
}

/**
 * roster_access_review_dialog_finish:
 *
 * What Finish does: ends the review as of now, keeps it in the store,
 * emits #RosterAccessReviewDialog::finished with its id and closes; with
 * a person unanswered, no reviewer or a store that fails, says why and
 * keeps the dialog open.
 *
 * Returns: %TRUE when the review was kept
 */
gboolean
roster_access_review_dialog_finish (RosterAccessReviewDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reviewer = NULL;

  g_return_val_if_fail (ROSTER_IS_ACCESS_REVIEW_DIALOG (self), FALSE);

  reviewer = dup_reviewer (self);
  if (!roster_access_review_finish (self->review, reviewer, g_get_real_time (), &error) ||
      !roster_store_put_access_review (self->store, self->review, &error))
    {
      /* A review the store refused can be finished again. */
      self->review->finished_at = 0;
      g_clear_pointer (&self->review->id, g_free);
      g_clear_pointer (&self->review->reviewer, g_free);
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return FALSE;
    }

  g_signal_emit (self, signals[FINISHED], 0, self->review->id);
  gtk_window_destroy (GTK_WINDOW (self));

  return TRUE;
}

static void
finish_clicked_cb (RosterAccessReviewDialog *self)
{
  roster_access_review_dialog_finish (self);
}

static void
roster_access_review_dialog_finalize (GObject *object)
{
  RosterAccessReviewDialog *self = ROSTER_ACCESS_REVIEW_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->review, roster_access_review_free);
  g_clear_pointer (&self->buttons, g_hash_table_unref);
  g_free (self->problem);

  G_OBJECT_CLASS (roster_access_review_dialog_parent_class)->finalize (object);
}

static void
roster_access_review_dialog_class_init (RosterAccessReviewDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = roster_access_review_dialog_finalize;

  /**
   * RosterAccessReviewDialog::finished:
   * @id: the finished review's id in the store
   */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
roster_access_review_dialog_init (RosterAccessReviewDialog *self)
{
  self->buttons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * roster_access_review_dialog_new:
 * @store: where the finished review is kept
 * @people: (element-type RosterPerson): the practice's people; everyone
 *   with access is reviewed
 * @reviewer: (nullable): the reviewer's name, from Preferences
 */
GtkWidget *
roster_access_review_dialog_new (RosterStore *store,
                                 GPtrArray   *people,
                                 const char  *reviewer)
{
  RosterAccessReviewDialog *self;
  GtkWidget *box, *header, *page, *group, *keep_rest;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (ROSTER_IS_STORE (store), NULL);
  g_return_val_if_fail (people != NULL, NULL);

  self = g_object_new (ROSTER_TYPE_ACCESS_REVIEW_DIALOG,
                       "modal", TRUE,
                       "title", _("Access Review"),
                       "default-width", 680,
                       "default-height", 720,
                       NULL);
  self->store = g_object_ref (store);
  self->review = roster_access_review_new (people);

  subtitle = g_strdup_printf (ngettext ("%u person with access", "%u people with access", self->review->entries->len),
                              self->review->entries->len);
  header = roster_dialog_header_new (_("Access Review"), subtitle, _("_Cancel"));
  self->finish_button = gtk_button_new_with_mnemonic (_("_Finish Review"));
  gtk_widget_add_css_class (self->finish_button, "suggested-action");
  g_signal_connect_object (self->finish_button, "clicked", G_CALLBACK (finish_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->finish_button);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), header);
  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);

  group = roster_dialog_add_group (page, NULL,
                     _("Say for each person whether they still need their HIE access for their work. The review is "
                       "kept with your name and saved as an attestation (PDF and CSV) for the practice’s records."));
  self->reviewer_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  roster_entry_title_layout_apply (self->reviewer_row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reviewer_row), _("Reviewer"));
  gtk_editable_set_text (GTK_EDITABLE (self->reviewer_row), reviewer != NULL ? reviewer : "");
  g_signal_connect_object (self->reviewer_row, "changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->reviewer_row));

  group = roster_dialog_add_group (page, _("People with Access"), NULL);
  keep_rest = gtk_button_new_with_mnemonic (_("Mark the _Rest as Still Needing Access"));
  gtk_widget_add_css_class (keep_rest, "flat");
  g_signal_connect_object (keep_rest, "clicked", G_CALLBACK (keep_rest_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), keep_rest);
  for (guint i = 0; i < self->review->entries->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               new_entry_row (self, g_ptr_array_index (self->review->entries, i)));
  gtk_box_append (GTK_BOX (box), page);

  /* What Finish waits for, always in view below the list. */
  self->summary_label = roster_dialog_message_label ("dim-label");
  self->error_label = roster_dialog_message_label ("error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  {
    GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

    gtk_widget_add_css_class (bar, "toolbar");
    gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->summary_label));
    gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->error_label));
    gtk_box_append (GTK_BOX (box), bar);
  }
  adw_window_set_content (ADW_WINDOW (self), box);

  update_state (self);

  return GTK_WIDGET (self);
}

/* Past reviews ------------------------------------------------------------ */

static void
export_clicked_cb (GtkButton *button,
                   GtkWidget *window)
{
  RosterReviewExportFunc func = g_object_get_data (G_OBJECT (window), "roster-export-func");
  GObject *owner = g_object_get_data (G_OBJECT (window), "roster-owner");

  func (owner, g_object_get_data (G_OBJECT (button), "roster-review"));
}

/**
 * roster_access_review_history_new:
 * @reviews: (element-type RosterAccessReview): the finished reviews, as
 *   roster_store_list_access_reviews() gives them
 * @export_func: what each review's Export button does
 * @owner: passed to @export_func; kept alive by the window
 *
 * Returns: (transfer floating): the window of past reviews; it keeps
 *   @reviews
 */
GtkWidget *
roster_access_review_history_new (GPtrArray              *reviews,
                                  RosterReviewExportFunc  export_func,
                                  GObject                *owner)
{
  GtkWidget *window, *box, *page, *group;
  GtkEventController *keys;

  g_return_val_if_fail (reviews != NULL, NULL);
  g_return_val_if_fail (export_func != NULL, NULL);
  g_return_val_if_fail (G_IS_OBJECT (owner), NULL);

  window = g_object_new (ADW_TYPE_WINDOW,
                         "modal", TRUE,
                         "title", _("Past Access Reviews"),
                         "default-width", 560,
                         "default-height", 520,
                         NULL);
  g_object_set_data_full (G_OBJECT (window), "roster-reviews", g_ptr_array_ref (reviews), (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (window), "roster-export-func", export_func);
  g_object_set_data_full (G_OBJECT (window), "roster-owner", g_object_ref (owner), g_object_unref);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), roster_dialog_header_new (_("Past Access Reviews"), NULL, _("_Close")));

  if (reviews->len == 0)
    {
      page = adw_status_page_new ();
      adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "document-open-recent-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (page), _("No Access Reviews Yet"));
      adw_status_page_set_description (ADW_STATUS_PAGE (page), _("A review appears here once it is finished."));
    }
  else
    {
      page = adw_preferences_page_new ();
      group = roster_dialog_add_group (page, NULL, _("Export a review to save its attestation again, as a PDF and a CSV."));
      for (guint i = 0; i < reviews->len; i++)
        {
          const RosterAccessReview *review = g_ptr_array_index (reviews, i);
          GtkWidget *row = adw_action_row_new ();
          GtkWidget *button = gtk_button_new_with_mnemonic (_("_Export…"));
          g_autofree char *day = roster_access_review_dup_day (review);
          g_autofree char *subtitle = NULL;
          g_autofree char *accessible = NULL;

          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), day);
          /* TRANSLATORS: a past access review: who attested it and what it decided */
          subtitle = g_strdup_printf (_("By %s · %u still need access, %u ended"),
                                      review->reviewer,
                                      roster_access_review_count (review, ROSTER_REVIEW_KEEP),
                                      roster_access_review_count (review, ROSTER_REVIEW_END));
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

          /* TRANSLATORS: %s is the day of an access review */
          accessible = g_strdup_printf (_("Export the attestation of %s"), day);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          g_object_set_data (G_OBJECT (button), "roster-review", (gpointer) review);
          g_signal_connect (button, "clicked", G_CALLBACK (export_clicked_cb), window);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        }
    }

  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);
  keys = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, keys);

  return window;
}
