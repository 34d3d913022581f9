/* roster-section-page.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-section-page"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-choice-group.h"
#include "roster-combo-row.h"
#include "roster-entry-row.h"
#include "roster-field-message.h"
#include "roster-icon.h"
#include "roster-provider-list.h"
#include "roster-section-page.h"
#include "roster-switch-row.h"
#include "roster-text-row.h"

/*
 * One section of the form, as a page of grouped rows built from the form
 * definition. Fields that are one row share a boxed list, each followed by
 * its (usually hidden) message row; fields that are a group of their own
 * (radio-style choices, provider lists) stand alone. The page never
 * decides anything: the editor hands it the rules' visibility and issues
 * and it applies them.
 */

typedef struct
{
  const RosterField  *field;
  GtkWidget          *widget;   /* a RosterFieldWidget */
  RosterFieldMessage *message;  /* NULL when the widget shows its own */
  RosterFieldMessage *npi_note; /* the NPI Registry's line under an NPI row, or NULL */
  GtkWidget          *group;    /* the shared group a row is in, or NULL */
} FieldSlot;

struct _RosterSectionPage
{
  AdwPreferencesPage   parent_instance;

  RosterRequest       *request;
  const RosterSection *section;
  GArray              *slots;   /* FieldSlot, in form order */

  /* Template widgets */
  AdwPreferencesGroup *header_group;
  AdwPreferencesGroup *section_message_group;
  RosterFieldMessage  *section_message;
};

G_DEFINE_FINAL_TYPE (RosterSectionPage, roster_section_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  FIELD_TOUCHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Radio-style rows when the options need their help sentence. */
static gboolean
choice_needs_radio_rows (const RosterField *field)
{
  for (const RosterOption *option = field->options; option->id != NULL; option++)
    {
      if (option->help != NULL)
        return TRUE;
    }

  return FALSE;
}

static GtkWidget *
create_field_widget (RosterRequest     *request,
                     const RosterField *field)
{
  switch (field->type)
    {
    case ROSTER_FIELD_CHOICE:
      return choice_needs_radio_rows (field) ? roster_choice_group_new (request, field)
                                             : roster_combo_row_new (request, field);

    case ROSTER_FIELD_BOOLEAN:
      return roster_switch_row_new (request, field);

    case ROSTER_FIELD_PROVIDER_LIST:
      return roster_provider_list_new (request, field);

    case ROSTER_FIELD_TEXT:
      if ((field->flags & ROSTER_FIELD_MULTILINE) != 0)
        return roster_text_row_new (request, field);
      return roster_entry_row_new (request, field);

    case ROSTER_FIELD_EMAIL:
    case ROSTER_FIELD_DIRECT_ADDRESS:
    case ROSTER_FIELD_PHONE:
    case ROSTER_FIELD_NPI:
    case ROSTER_FIELD_DATE:
    default:
      return roster_entry_row_new (request, field);
    }
}

static FieldSlot *
lookup_slot (RosterSectionPage *self,
             const char        *field_id)
{
  for (guint i = 0; i < self->slots->len; i++)
    {
      FieldSlot *slot = &g_array_index (self->slots, FieldSlot, i);

      if (g_str_equal (slot->field->id, field_id))
        return slot;
    }

  return NULL;
}

static void
field_touched_cb (RosterSectionPage *self,
                  RosterFieldWidget *widget)
{
  g_signal_emit (self, signals[FIELD_TOUCHED], 0, roster_field_widget_get_field (widget)->id);
}

static void
build_fields (RosterSectionPage *self)
{
  GtkWidget *shared_group = NULL;

  for (const RosterField *field = self->section->fields; field->id != NULL; field++)
    {
      FieldSlot slot = { field, create_field_widget (self->request, field), NULL, NULL, NULL };

      g_signal_connect_object (slot.widget, "touched", G_CALLBACK (field_touched_cb), self, G_CONNECT_SWAPPED);

      if (roster_field_widget_is_group (ROSTER_FIELD_WIDGET (slot.widget)))
        {
          adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), ADW_PREFERENCES_GROUP (slot.widget));
          shared_group = NULL;
        }
      else
        {
          if (shared_group == NULL)
            {
              shared_group = adw_preferences_group_new ();
              adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), ADW_PREFERENCES_GROUP (shared_group));
            }

          slot.group = shared_group;
          slot.message = ROSTER_FIELD_MESSAGE (roster_field_message_new (_(field->label)));
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (shared_group), slot.widget);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (shared_group), GTK_WIDGET (slot.message));

          if (field->type == ROSTER_FIELD_NPI)
            {
              slot.npi_note = ROSTER_FIELD_MESSAGE (roster_field_message_new (_(field->label)));
              adw_preferences_group_add (ADW_PREFERENCES_GROUP (shared_group), GTK_WIDGET (slot.npi_note));
            }
        }

      g_array_append_val (self->slots, slot);
    }
}

static void
roster_section_page_dispose (GObject *object)
{
  RosterSectionPage *self = (RosterSectionPage *)object;

  g_clear_object (&self->request);
  g_clear_pointer (&self->slots, g_array_unref);

  G_OBJECT_CLASS (roster_section_page_parent_class)->dispose (object);
}

static void
roster_section_page_class_init (RosterSectionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_section_page_dispose;

  /**
   * RosterSectionPage::field-touched:
   * @field_id: the field the administrator is done with
   */
  signals[FIELD_TOUCHED] =
    g_signal_new ("field-touched",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  g_type_ensure (ROSTER_TYPE_FIELD_MESSAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hieroster/Roster/roster-section-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterSectionPage, header_group);
  gtk_widget_class_bind_template_child (widget_class, RosterSectionPage, section_message_group);
  gtk_widget_class_bind_template_child (widget_class, RosterSectionPage, section_message);
}

static void
roster_section_page_init (RosterSectionPage *self)
{
  self->slots = g_array_new (FALSE, TRUE, sizeof (FieldSlot));

  gtk_widget_init_template (GTK_WIDGET (self));
}

/* A section that says "this is the wrong form for some people" offers the
 * right one, carrying over the person (main.start-request). */
static void
add_related_form (RosterSectionPage   *self,
                  const RosterSection *section)
{
  const RosterForm *form = roster_form_lookup (section->related_form);
  GtkWidget *row;

  g_return_if_fail (form != NULL);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(section->related_label));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(form->summary));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), roster_icon_new_decorative ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", form->id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "main.start-request");
  gtk_widget_set_name (row, "related-form");
  adw_preferences_group_add (self->header_group, row);
}

/**
 * roster_section_page_new:
 * @request: the request to edit
 * @section: the section of its form this page shows
 *
 * Returns: (transfer floating): the page
 */
GtkWidget *
roster_section_page_new (RosterRequest       *request,
                         const RosterSection *section)
{
  RosterSectionPage *self;

  g_return_val_if_fail (ROSTER_IS_REQUEST (request), NULL);
  g_return_val_if_fail (section != NULL, NULL);

  self = g_object_new (ROSTER_TYPE_SECTION_PAGE,
                       "title", _(section->title),
                       NULL);
  self->request = g_object_ref (request);
  self->section = section;

  adw_preferences_group_set_title (self->header_group, _(section->title));
  roster_field_message_set_about (self->section_message, _(section->title));
  if (section->description != NULL)
    adw_preferences_group_set_description (self->header_group, _(section->description));
  if (section->related_form != NULL)
    add_related_form (self, section);

  build_fields (self);

  return GTK_WIDGET (self);
}

const RosterSection *
roster_section_page_get_section (RosterSectionPage *self)
{
  g_return_val_if_fail (ROSTER_IS_SECTION_PAGE (self), NULL);

  return self->section;
}

/**
 * roster_section_page_get_field_widget:
 *
 * Returns: (transfer none) (nullable): the #RosterFieldWidget of @field_id
 */
GtkWidget *
roster_section_page_get_field_widget (RosterSectionPage *self,
                                      const char        *field_id)
{
  FieldSlot *slot;

  g_return_val_if_fail (ROSTER_IS_SECTION_PAGE (self), NULL);

  slot = lookup_slot (self, field_id);

  return slot != NULL ? slot->widget : NULL;
}

/**
 * roster_section_page_get_field_message:
 *
 * Returns: (transfer none) (nullable): the message row under @field_id's
 *   row, or %NULL for a field that shows its own messages
 */
GtkWidget *
roster_section_page_get_field_message (RosterSectionPage *self,
                                       const char        *field_id)
{
  FieldSlot *slot;

  g_return_val_if_fail (ROSTER_IS_SECTION_PAGE (self), NULL);

  slot = lookup_slot (self, field_id);

  return slot != NULL && slot->message != NULL ? GTK_WIDGET (slot->message) : NULL;
}

/**
 * roster_section_page_get_section_message:
 *
 * Returns: the problem shown for the section as a whole, or ""
 */
const char *
roster_section_page_get_section_message (RosterSectionPage *self)
{
  g_return_val_if_fail (ROSTER_IS_SECTION_PAGE (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->section_message_group))
    ? roster_field_message_get_text (self->section_message) : "";
}

/**
 * roster_section_page_sync:
 *
 * Shows the request's answers in every widget, after the answers changed
 * other than through this page.
 */
void
roster_section_page_sync (RosterSectionPage *self)
{
  g_return_if_fail (ROSTER_IS_SECTION_PAGE (self));

  for (guint i = 0; i < self->slots->len; i++)
    roster_field_widget_sync (ROSTER_FIELD_WIDGET (g_array_index (self->slots, FieldSlot, i).widget));
}

void
roster_section_page_apply_visibility (RosterSectionPage      *self,
                                      const RosterVisibility *visibility)
{
  g_autoptr(GHashTable) shown_groups = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) all_groups = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer group;

  g_return_if_fail (ROSTER_IS_SECTION_PAGE (self));
  g_return_if_fail (visibility != NULL);

  for (guint i = 0; i < self->slots->len; i++)
    {
      FieldSlot *slot = &g_array_index (self->slots, FieldSlot, i);
      gboolean visible = roster_visibility_field_visible (visibility, slot->field->id);

      gtk_widget_set_visible (slot->widget, visible);

      /* A hidden field's message goes with it; it comes back with the
       * next show_issues(). */
      if (slot->message != NULL && !visible)
        gtk_widget_set_visible (GTK_WIDGET (slot->message), FALSE);
      if (slot->npi_note != NULL && !visible)
        gtk_widget_set_visible (GTK_WIDGET (slot->npi_note), FALSE);

      if (slot->group != NULL)
        {
          g_hash_table_add (all_groups, slot->group);
          if (visible)
            g_hash_table_add (shown_groups, slot->group);
        }
    }

  /* A shared group whose rows are all hidden would show an empty card. */
  g_hash_table_iter_init (&iter, all_groups);
  while (g_hash_table_iter_next (&iter, &group, NULL))
    gtk_widget_set_visible (group, g_hash_table_contains (shown_groups, group));
}

static gboolean
is_revealed (GHashTable        *revealed,
             const RosterIssue *issue)
{
  return revealed == NULL || g_hash_table_contains (revealed, issue->field_id);
}

/**
 * roster_section_page_show_issues:
 * @issues: (element-type RosterIssue): all the request's issues
 * @revealed: (nullable) (element-type utf8): the field and section ids
 *   whose problems may be shown, or %NULL for all
 *
 * Shows each revealed issue of this section on its field, and clears the
 * others: a problem that was fixed disappears as soon as it is fixed.
 */
void
roster_section_page_show_issues (RosterSectionPage *self,
                                 GPtrArray         *issues,
                                 GHashTable        *revealed)
{
  g_autoptr(GPtrArray) section_issues = g_ptr_array_new ();

  g_return_if_fail (ROSTER_IS_SECTION_PAGE (self));
  g_return_if_fail (issues != NULL);

  for (guint i = 0; i < issues->len; i++)
    {
      const RosterIssue *issue = g_ptr_array_index (issues, i);

      if (g_str_equal (issue->field_id, self->section->id) && is_revealed (revealed, issue))
        g_ptr_array_add (section_issues, (gpointer) issue);
    }
  roster_field_message_set_issues (self->section_message, section_issues);
  gtk_widget_set_visible (GTK_WIDGET (self->section_message_group), section_issues->len > 0);

  for (guint s = 0; s < self->slots->len; s++)
    {
      FieldSlot *slot = &g_array_index (self->slots, FieldSlot, s);
      g_autoptr(GPtrArray) field_issues = g_ptr_array_new ();

      for (guint i = 0; i < issues->len; i++)
        {
          const RosterIssue *issue = g_ptr_array_index (issues, i);

          if (g_str_equal (issue->field_id, slot->field->id) && is_revealed (revealed, issue))
            g_ptr_array_add (field_issues, (gpointer) issue);
        }

      roster_field_widget_show_issues (ROSTER_FIELD_WIDGET (slot->widget), field_issues);
      if (slot->message != NULL)
        roster_field_message_set_issues (slot->message,
                                         gtk_widget_get_visible (slot->widget) ? field_issues : NULL);
    }
}

/* The issues of @issues on @field_id, borrowed. */
static GPtrArray *
filter_field (GPtrArray  *issues,
              const char *field_id)
{
  GPtrArray *field_issues = g_ptr_array_new ();

  for (guint i = 0; i < issues->len; i++)
    {
      RosterIssue *issue = g_ptr_array_index (issues, i);

      if (g_str_equal (issue->field_id, field_id))
        g_ptr_array_add (field_issues, issue);
    }

  return field_issues;
}

/**
 * roster_section_page_show_npi_notes:
 * @lines: (element-type RosterIssue): the NPI Registry's line for each
 *   NPI of the request (roster_npi_registry_describe_request())
 * @warnings: (element-type RosterIssue): its warnings
 *
 * Shows what the registry says beside each NPI of this section: in a
 * provider list's rows, or in a row under an NPI field.
 */
void
roster_section_page_show_npi_notes (RosterSectionPage *self,
                                    GPtrArray         *lines,
                                    GPtrArray         *warnings)
{
  g_return_if_fail (ROSTER_IS_SECTION_PAGE (self));
  g_return_if_fail (lines != NULL && warnings != NULL);

  for (guint s = 0; s < self->slots->len; s++)
    {
      FieldSlot *slot = &g_array_index (self->slots, FieldSlot, s);
      g_autoptr(GPtrArray) field_lines = NULL;
      g_autoptr(GPtrArray) field_warnings = NULL;

      if (slot->field->type != ROSTER_FIELD_NPI && slot->field->type != ROSTER_FIELD_PROVIDER_LIST)
        continue;

      field_lines = filter_field (lines, slot->field->id);
      field_warnings = filter_field (warnings, slot->field->id);

      if (!roster_field_widget_show_npi_notes (ROSTER_FIELD_WIDGET (slot->widget), field_lines, field_warnings) &&
          slot->npi_note != NULL)
        {
          roster_field_message_set_npi_note (slot->npi_note, field_lines, field_warnings);
          if (!gtk_widget_get_visible (slot->widget))
            gtk_widget_set_visible (GTK_WIDGET (slot->npi_note), FALSE);
        }
    }
}

/**
 * roster_section_page_get_npi_note:
 *
 * Returns: the NPI Registry's line under @field_id's row as shown, or ""
 */
const char *
roster_section_page_get_npi_note (RosterSectionPage *self,
                                  const char        *field_id)
{
  g_return_val_if_fail (ROSTER_IS_SECTION_PAGE (self), NULL);

  for (guint s = 0; s < self->slots->len; s++)
    {
      FieldSlot *slot = &g_array_index (self->slots, FieldSlot, s);

      if (g_str_equal (slot->field->id, field_id) && slot->npi_note != NULL &&
          gtk_widget_get_visible (GTK_WIDGET (slot->npi_note)))
        return roster_field_message_get_text (slot->npi_note);
    }

  return "";
}

static void
scroll_to (RosterSectionPage *self,
           GtkWidget         *widget)
{
  /* AdwPreferencesPage 1.2 has no scroll-to API: move its adjustment so
   * the widget is in view, then let focus do the rest. */
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_point_t point;

  if (scrolled == NULL ||
      !gtk_widget_compute_point (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                 &GRAPHENE_POINT_INIT (0, 0), &point))
    return;

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                            MAX (0, point.y - 48));
}

/**
 * roster_section_page_focus_issue:
 *
 * Brings @issue's field into view and focuses it, for the Review links.
 */
gboolean
roster_section_page_focus_issue (RosterSectionPage *self,
                                 const RosterIssue *issue)
{
  FieldSlot *slot;

  g_return_val_if_fail (ROSTER_IS_SECTION_PAGE (self), FALSE);
  g_return_val_if_fail (issue != NULL, FALSE);

  if (!(slot = lookup_slot (self, issue->field_id)))
    return roster_section_page_focus_first (self);

  scroll_to (self, slot->widget);

  return roster_field_widget_focus_issue (ROSTER_FIELD_WIDGET (slot->widget), issue);
}

/**
 * roster_section_page_focus_first:
 *
 * Focuses the first visible field, where the keyboard path of a section
 * starts.
 */
gboolean
roster_section_page_focus_first (RosterSectionPage *self)
{
  g_return_val_if_fail (ROSTER_IS_SECTION_PAGE (self), FALSE);

  for (guint i = 0; i < self->slots->len; i++)
    {
      FieldSlot *slot = &g_array_index (self->slots, FieldSlot, i);

      if (gtk_widget_get_visible (slot->widget))
        {
          static const RosterIssue nowhere = { NULL };
          RosterIssue issue = nowhere;

          issue.field_id = (char *) slot->field->id;
          issue.row = -1;
          scroll_to (self, slot->widget);
          return roster_field_widget_focus_issue (ROSTER_FIELD_WIDGET (slot->widget), &issue);
        }
    }

  return FALSE;
}
