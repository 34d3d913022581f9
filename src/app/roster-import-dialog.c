/* roster-import-dialog.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-dialog-parts.h"
#include "roster-import-dialog.h"

/*
 * The preview of an imported user list: what Roster reads from each
 * column, each row's problems in words, and who would be added or
 * updated. Nothing is written until the administrator presses Import, and
 * Import stays off while a row has a problem: the file is fixed and
 * imported again, so a half-imported list never exists.
 */

/* A list of 10,000 rows would take seconds to build as widgets and tells
 * no more than its first lines and a count. */
#define MAX_ROWS_SHOWN 200

struct _RosterImportDialog
{
  AdwWindow         parent_instance;

  RosterStore      *store;
  RosterImportPlan *plan;
  GtkWidget        *import_button;
  GtkLabel         *error_label;
};

G_DEFINE_FINAL_TYPE (RosterImportDialog, roster_import_dialog, ADW_TYPE_WINDOW)

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint
count_unchanged (const RosterImportPlan *plan)
{
  return plan->rows->len - plan->n_create - plan->n_update;
}

static char *
describe_plan (const RosterImportPlan *plan)
{
  if (plan->n_problems > 0)
    return g_strdup_printf (ngettext ("%u problem. Nothing has been imported: correct the file and import it again.",
                                      "%u problems. Nothing has been imported: correct the file and import it again.",
                                      plan->n_problems),
                            plan->n_problems);

  /* TRANSLATORS: what importing the file would do, before it is done */
  return g_strdup_printf (_("%u new, %u updated, %u unchanged. Nothing is saved until you import."),
                          plan->n_create, plan->n_update, count_unchanged (plan));
}

static GtkWidget *
add_row (GtkWidget  *group,
         const char *title,
         const char *subtitle,
         const char *suffix,
         const char *suffix_style)
{
  GtkWidget *row = adw_action_row_new ();

  /* Every text here comes from the file: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (suffix != NULL)
    {
      GtkWidget *label = gtk_label_new (suffix);

      if (suffix_style != NULL)
        gtk_widget_add_css_class (label, suffix_style);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  return row;
}

static void
add_more_row (GtkWidget *group,
              guint      more)
{
  g_autofree char *text = NULL;

  if (more == 0)
    return;

  text = g_strdup_printf (ngettext ("and %u more row", "and %u more rows", more), more);
  add_row (group, text, NULL, NULL, NULL);
}

static void
add_columns_group (RosterImportDialog *self,
                   GtkWidget          *page)
{
  GtkWidget *group = roster_dialog_add_group (page, _("Columns"),
                                _("What Roster reads from each column of the file’s first row."));

  for (guint i = 0; i < self->plan->headers->len; i++)
    {
      const char *header = g_ptr_array_index (self->plan->headers, i);
      gboolean ignored = g_array_index (self->plan->columns, RosterImportColumn, i) == ROSTER_IMPORT_COLUMN_IGNORED;
      g_autofree char *untitled = NULL;

      if (header[0] == '\0')
        /* TRANSLATORS: a column of the file whose first cell is empty */
        header = untitled = g_strdup_printf (_("Column %u"), i + 1);

      add_row (group, header, NULL, roster_import_column_describe (self->plan, i), ignored ? "dim-label" : NULL);
    }
}

static char *
describe_person (const RosterPerson *person)
{
  g_autofree char *name = roster_person_dup_name (person);

  if (name[0] != '\0')
    return g_steal_pointer (&name);

  return g_strdup (_("No name or email"));
}

static void
add_problems_group (RosterImportDialog *self,
                    GtkWidget          *page)
{
  GtkWidget *group;
  guint shown = 0;
  guint with_problems = 0;

  if (self->plan->n_problems == 0)
    return;

  group = roster_dialog_add_group (page, _("Rows with Problems"), NULL);
  for (guint i = 0; i < self->plan->rows->len; i++)
    {
      const RosterImportRow *row = g_ptr_array_index (self->plan->rows, i);
      g_autofree char *who = NULL;
      g_autofree char *title = NULL;
      g_autofree char *problems = NULL;

      if (row->problems->len == 0)
        continue;

      with_problems++;
      if (shown == MAX_ROWS_SHOWN)
        continue;

      who = describe_person (row->person);
      /* TRANSLATORS: a row of the imported file, and who it is about */
      title = g_strdup_printf (_("Row %u · %s"), row->line, who);
      g_ptr_array_add (row->problems, NULL);
      problems = g_strjoinv ("\n", (char **) row->problems->pdata);
      g_ptr_array_remove_index (row->problems, row->problems->len - 1);
      add_row (group, title, problems, NULL, NULL);
      shown++;
    }
  add_more_row (group, with_problems - shown);
}

static void
add_changes_group (RosterImportDialog *self,
                   GtkWidget          *page)
{
  GtkWidget *group;
  guint n_changes = self->plan->n_create + self->plan->n_update;
  guint shown = 0;

  if (self->plan->n_problems > 0 || n_changes == 0)
    return;

  group = roster_dialog_add_group (page, _("What Changes"), NULL);
  for (guint i = 0; i < self->plan->rows->len && shown < MAX_ROWS_SHOWN; i++)
    {
      const RosterImportRow *row = g_ptr_array_index (self->plan->rows, i);
      g_autofree char *who = NULL;

      if (row->action == ROSTER_IMPORT_UNCHANGED)
        continue;

      who = describe_person (row->person);
      add_row (group, who, row->person->email,
               row->action == ROSTER_IMPORT_CREATE ? _("New") : _("Updated"),
               row->action == ROSTER_IMPORT_CREATE ? "success" : "accent");
      shown++;
    }
  add_more_row (group, n_changes - shown);
}

/**
 * roster_import_dialog_confirm:
 *
 * What the Import button does: stores the people of the file as
 * imported, emits #RosterImportDialog::imported and closes; shows the
 * store's error instead when it cannot.
 *
 * Returns: %TRUE when imported
 */
gboolean
roster_import_dialog_confirm (RosterImportDialog *self)
{
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  g_return_val_if_fail (ROSTER_IS_IMPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (gtk_widget_get_sensitive (self->import_button), FALSE);

  people = roster_import_plan_get_people (self->plan);
  if (!roster_store_put_imported_people (self->store, people, &error))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return FALSE;
    }

  summary = g_strdup_printf (_("Imported: %u new, %u updated"), self->plan->n_create, self->plan->n_update);
  g_signal_emit (self, signals[IMPORTED], 0, summary);
  gtk_window_destroy (GTK_WINDOW (self));

  return TRUE;
}

static void
import_clicked_cb (RosterImportDialog *self)
{
  roster_import_dialog_confirm (self);
}

static void
roster_import_dialog_finalize (GObject *object)
{
  RosterImportDialog *self = ROSTER_IMPORT_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->plan, roster_import_plan_free);

  G_OBJECT_CLASS (roster_import_dialog_parent_class)->finalize (object);
}

static void
roster_import_dialog_class_init (RosterImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = roster_import_dialog_finalize;

  /**
   * RosterImportDialog::imported:
   * @summary: what was imported, in words
   */
  signals[IMPORTED] =
    g_signal_new ("imported",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
roster_import_dialog_init (RosterImportDialog *self)
{
}

/**
 * roster_import_dialog_new:
 * @store: where the people are kept
 * @file_name: the file's name, as the administrator knows it
 * @plan: (transfer full): the file's import, planned
 */
GtkWidget *
roster_import_dialog_new (RosterStore      *store,
                          const char       *file_name,
                          RosterImportPlan *plan)
{
  RosterImportDialog *self;
  GtkWidget *box;
  GtkWidget *header;
  GtkWidget *page;
  GtkWidget *summary;
  g_autofree char *description = NULL;
  g_autofree char *import_label = NULL;
  guint n_changes;

  g_return_val_if_fail (ROSTER_IS_STORE (store), NULL);
  g_return_val_if_fail (file_name != NULL, NULL);
  g_return_val_if_fail (plan != NULL, NULL);

  self = g_object_new (ROSTER_TYPE_IMPORT_DIALOG,
                       "modal", TRUE,
                       "title", _("Import User List"),
                       "default-width", 560,
                       "default-height", 680,
                       NULL);
  self->store = g_object_ref (store);
  self->plan = plan;
  n_changes = plan->n_create + plan->n_update;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = roster_dialog_header_new (_("Import User List"), file_name, _("_Cancel"));

  import_label = g_strdup_printf (ngettext ("_Import %u Person", "_Import %u People", n_changes), n_changes);
  self->import_button = gtk_button_new_with_mnemonic (import_label);
  gtk_widget_add_css_class (self->import_button, "suggested-action");
  gtk_widget_set_sensitive (self->import_button, plan->n_problems == 0 && n_changes > 0);
  g_signal_connect_object (self->import_button, "clicked", G_CALLBACK (import_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->import_button);
  gtk_box_append (GTK_BOX (box), header);

  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  description = describe_plan (plan);
  summary = roster_dialog_add_group (page, NULL, NULL);
  {
    GtkWidget *label = gtk_label_new (description);

    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_widget_add_css_class (label, plan->n_problems > 0 ? "error" : "dim-label");
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (summary), label);
    /* A screen reader hears what the import would do with the dialog. */
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  }
  add_problems_group (self, page);
  add_changes_group (self, page);
  add_columns_group (self, page);
  gtk_box_append (GTK_BOX (box), page);

  self->error_label = roster_dialog_message_label ("error");
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));
  adw_window_set_content (ADW_WINDOW (self), box);

  return GTK_WIDGET (self);
}

/**
 * roster_import_dialog_get_import_button:
 *
 * Returns: (transfer none): the Import button, off while a row has a
 *   problem or nothing would change
 */
GtkWidget *
roster_import_dialog_get_import_button (RosterImportDialog *self)
{
  g_return_val_if_fail (ROSTER_IS_IMPORT_DIALOG (self), NULL);

  return self->import_button;
}
