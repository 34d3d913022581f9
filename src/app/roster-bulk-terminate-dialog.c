/* roster-bulk-terminate-dialog.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-bulk-terminate-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-bulk-terminate-dialog.h"
#include "roster-rules.h"
#include "roster-section-page.h"
#include "roster-switch-row.h"

/*
 * Ending several people's access at once: the people, named; the
 * answers their terminations share, asked once with the form's own
 * widgets (the section that holds the last day of access, and the
 * attestation); and one button that makes one termination per person.
 * Nothing is queued here: #RosterBulkTerminateDialog::confirmed hands the
 * checked requests to the caller, which queues them together.
 */

#define MAX_PROBLEMS_SHOWN 6
/* Beyond this many names, the list ends with how many more: a practice
 * that closes may have thousands of people. */
#define MAX_PEOPLE_SHOWN 100

struct _RosterBulkTerminateDialog
{
  AdwWindow          parent_instance;

  GPtrArray         *people;   /* RosterPersonObject * */
  RosterRequest     *shared;
  RosterSectionPage *page;
  GtkLabel          *problems_label;
  GtkWidget         *confirm_button;
  GDate              today;
};

G_DEFINE_FINAL_TYPE (RosterBulkTerminateDialog, roster_bulk_terminate_dialog, ADW_TYPE_WINDOW)

enum {
  CONFIRMED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
shared_changed_cb (RosterBulkTerminateDialog *self)
{
  g_autoptr(RosterVisibility) visibility = roster_rules_get_visibility (self->shared);
  g_autoptr(GPtrArray) issues = roster_rules_check (self->shared, &self->today);
  g_autoptr(GHashTable) revealed = g_hash_table_new (g_str_hash, g_str_equal);

  roster_section_page_apply_visibility (self->page, visibility);
  /* Only what was answered is judged while the dialog is filled in. */
  for (const RosterField *field = roster_section_page_get_section (self->page)->fields; field->id != NULL; field++)
    {
      if (roster_request_has_answer (self->shared, field->id))
        g_hash_table_add (revealed, (gpointer) field->id);
    }
  roster_section_page_show_issues (self->page, issues, revealed);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), FALSE);
}

/* The names, in a group of their own above the questions. */
static void
add_people_group (RosterBulkTerminateDialog *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *title = NULL;
  GtkWidget *list = gtk_list_box_new ();

  title = g_strdup_printf (ngettext ("Access Ends for %u Person", "Access Ends for %u People", self->people->len),
                           self->people->len);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("One termination request is sent for each of them."));

  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  for (guint i = 0; i < self->people->len && i < MAX_PEOPLE_SHOWN; i++)
    {
      RosterPersonObject *person = g_ptr_array_index (self->people, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), roster_person_object_get_name (person));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), roster_person_object_get_person (person)->email);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }

  if (self->people->len > MAX_PEOPLE_SHOWN)
    {
      guint more = self->people->len - MAX_PEOPLE_SHOWN;
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *text = g_strdup_printf (ngettext ("and %u more person", "and %u more people", more), more);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);

  /* Above the section's own groups. */
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), ADW_PREFERENCES_GROUP (group));
  gtk_widget_insert_after (group, gtk_widget_get_parent (group), NULL);
}

static void
add_attestation (RosterBulkTerminateDialog *self)
{
  const RosterField *field = roster_form_get_role_field (roster_request_get_form (self->shared),
                                                         ROSTER_ROLE_ATTESTATION);
  GtkWidget *group;

  if (field == NULL)
    return;

  group = adw_preferences_group_new ();
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), roster_switch_row_new (self->shared, field));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), ADW_PREFERENCES_GROUP (group));
}

static void
cancel_clicked_cb (RosterBulkTerminateDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
confirm_clicked_cb (RosterBulkTerminateDialog *self)
{
  roster_bulk_terminate_dialog_confirm (self);
}

static void
roster_bulk_terminate_dialog_dispose (GObject *object)
{
  RosterBulkTerminateDialog *self = ROSTER_BULK_TERMINATE_DIALOG (object);

  g_clear_pointer (&self->people, g_ptr_array_unref);
  g_clear_object (&self->shared);

  G_OBJECT_CLASS (roster_bulk_terminate_dialog_parent_class)->dispose (object);
}

static void
roster_bulk_terminate_dialog_class_init (RosterBulkTerminateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_bulk_terminate_dialog_dispose;

  /**
   * RosterBulkTerminateDialog::confirmed:
   * @requests: (element-type RosterRequest): one checked termination per
   *   person, to be queued together
   */
  signals[CONFIRMED] =
    g_signal_new ("confirmed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
roster_bulk_terminate_dialog_init (RosterBulkTerminateDialog *self)
{
  roster_rules_get_today (&self->today);
}

/* The section of the form that holds the last day of access. */
static const RosterSection *
find_end_section (const RosterForm *form)
{
  const RosterField *end_date = roster_form_get_role_field (form, ROSTER_ROLE_ACCESS_END_DATE);

  return end_date != NULL ? roster_form_get_field_section (form, end_date) : NULL;
}

/**
 * roster_bulk_terminate_dialog_new:
 * @people: (element-type RosterPersonObject): whose access ends
 * @shared: the answers the terminations share
 *   (roster_people_new_termination_template()), which the dialog asks
 */
GtkWidget *
roster_bulk_terminate_dialog_new (GPtrArray     *people,
                                  RosterRequest *shared)
{
  RosterBulkTerminateDialog *self;
  const RosterSection *section;
  GtkWidget *box;
  GtkWidget *header;
  GtkWidget *cancel;
  g_autofree char *confirm_label = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (people != NULL && people->len > 0, NULL);
  g_return_val_if_fail (ROSTER_IS_REQUEST (shared), NULL);

  section = find_end_section (roster_request_get_form (shared));
  g_return_val_if_fail (section != NULL, NULL);

  title = g_strdup_printf (ngettext ("End Access for %u Person", "End Access for %u People", people->len), people->len);
  self = g_object_new (ROSTER_TYPE_BULK_TERMINATE_DIALOG,
                       "modal", TRUE,
                       "title", title,
                       "default-width", 560,
                       "default-height", 680,
                       NULL);
  self->people = g_ptr_array_ref (people);
  self->shared = g_object_ref (shared);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (title, NULL));

  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_object (cancel, "clicked", G_CALLBACK (cancel_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);

  confirm_label = g_strdup_printf (ngettext ("_End Access for %u", "_End Access for %u", people->len), people->len);
  self->confirm_button = gtk_button_new_with_mnemonic (confirm_label);
  gtk_widget_add_css_class (self->confirm_button, "destructive-action");
  g_signal_connect_object (self->confirm_button, "clicked", G_CALLBACK (confirm_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->confirm_button);
  gtk_box_append (GTK_BOX (box), header);

  self->page = ROSTER_SECTION_PAGE (roster_section_page_new (shared, section));
  gtk_widget_set_vexpand (GTK_WIDGET (self->page), TRUE);
  add_people_group (self);
  add_attestation (self);

  self->problems_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->problems_label, TRUE);
  gtk_label_set_xalign (self->problems_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->problems_label), "error");
  gtk_widget_set_margin_start (GTK_WIDGET (self->problems_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->problems_label), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->problems_label), 12);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), FALSE);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->page));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->problems_label));
  adw_window_set_content (ADW_WINDOW (self), box);

  g_signal_connect_object (shared, "changed", G_CALLBACK (shared_changed_cb), self, G_CONNECT_SWAPPED);
  roster_section_page_sync (self->page);
  shared_changed_cb (self);

  return GTK_WIDGET (self);
}

RosterRequest *
roster_bulk_terminate_dialog_get_shared (RosterBulkTerminateDialog *self)
{
  g_return_val_if_fail (ROSTER_IS_BULK_TERMINATE_DIALOG (self), NULL);

  return self->shared;
}

void
roster_bulk_terminate_dialog_set_today (RosterBulkTerminateDialog *self,
                                        const GDate               *today)
{
  g_return_if_fail (ROSTER_IS_BULK_TERMINATE_DIALOG (self));
  g_return_if_fail (today != NULL);

  self->today = *today;
  shared_changed_cb (self);
}

/**
 * roster_bulk_terminate_dialog_confirm:
 *
 * What the confirm button does: makes and checks one termination per
 * person; emits #RosterBulkTerminateDialog::confirmed and closes when all
 * can be sent, else shows the problems, naming the people.
 *
 * Returns: %TRUE when confirmed
 */
gboolean
roster_bulk_terminate_dialog_confirm (RosterBulkTerminateDialog *self)
{
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (ROSTER_IS_BULK_TERMINATE_DIALOG (self), FALSE);

  people = g_ptr_array_sized_new (self->people->len);
  for (guint i = 0; i < self->people->len; i++)
    g_ptr_array_add (people, (gpointer) roster_person_object_get_person (g_ptr_array_index (self->people, i)));

  requests = roster_people_new_terminations (people, self->shared, &self->today, &problems);
  if (requests != NULL)
    {
      g_signal_emit (self, signals[CONFIRMED], 0, requests);
      gtk_window_destroy (GTK_WINDOW (self));
      return TRUE;
    }

  /* Everyone's request shares the answers: show all problems once the
   * administrator asked to send, and a few of the lines. */
  issues = roster_rules_check (self->shared, &self->today);
  roster_section_page_show_issues (self->page, issues, NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < problems->len && i < MAX_PROBLEMS_SHOWN; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "\n" : "", (const char *) g_ptr_array_index (problems, i));
  if (problems->len > MAX_PROBLEMS_SHOWN)
    {
      guint more = problems->len - MAX_PROBLEMS_SHOWN;

      g_string_append_c (text, '\n');
      g_string_append_printf (text, ngettext ("and %u more problem", "and %u more problems", more), more);
    }
  gtk_label_set_text (self->problems_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), TRUE);

  return FALSE;
}

/**
 * roster_bulk_terminate_dialog_get_problems:
 *
 * Returns: the problems shown, one a line, or "" when none
 */
const char *
roster_bulk_terminate_dialog_get_problems (RosterBulkTerminateDialog *self)
{
  g_return_val_if_fail (ROSTER_IS_BULK_TERMINATE_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->problems_label)) ? gtk_label_get_text (self->problems_label) : "";
}
