/* roster-review-page.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-review-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "roster-icon.h"
#include "roster-payload-summary.h"
#include "roster-payload.h"
#include "roster-review-page.h"

/*
 * The last step: the problems left, each a link to its field, then what
 * will be sent, grouped by section, in plain words. The answers are read
 * back from the payload the codec writes, not from the request, so what
 * the administrator reviews is byte for byte what goes out.
 */

struct _RosterReviewPage
{
  AdwPreferencesPage   parent_instance;

  GPtrArray           *answer_groups;  /* AdwPreferencesGroup *, rebuilt on update */
  GPtrArray           *problem_rows;   /* AdwActionRow * */
  GPtrArray           *warning_rows;   /* AdwActionRow *: the NPI Registry's */
  GPtrArray           *answer_rows;    /* AdwActionRow * */

  /* Template widgets */
  AdwPreferencesGroup *status_group;
  AdwPreferencesGroup *problems_group;
  AdwPreferencesGroup *warnings_group;
};

G_DEFINE_FINAL_TYPE (RosterReviewPage, roster_review_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  ISSUE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
create_answer_row (const char *title,
                   const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  /* Answers are the administrator's own text: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");

  return row;
}

static void
add_answer_row (RosterReviewPage *self,
                GtkWidget        *group,
                GtkWidget        *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_ptr_array_add (self->answer_rows, row);
}

static void
clear_answers (RosterReviewPage *self)
{
  for (guint i = 0; i < self->answer_groups->len; i++)
    adw_preferences_page_remove (ADW_PREFERENCES_PAGE (self), g_ptr_array_index (self->answer_groups, i));
  g_ptr_array_set_size (self->answer_groups, 0);
  g_ptr_array_set_size (self->answer_rows, 0);

  for (guint i = 0; i < self->problem_rows->len; i++)
    adw_preferences_group_remove (self->problems_group, g_ptr_array_index (self->problem_rows, i));
  g_ptr_array_set_size (self->problem_rows, 0);

  for (guint i = 0; i < self->warning_rows->len; i++)
    adw_preferences_group_remove (self->warnings_group, g_ptr_array_index (self->warning_rows, i));
  g_ptr_array_set_size (self->warning_rows, 0);
}

static void
problem_activated_cb (AdwActionRow     *row,
                      RosterReviewPage *self)
{
  const RosterIssue *issue = g_object_get_data (G_OBJECT (row), "roster-issue");

  g_signal_emit (self, signals[ISSUE_ACTIVATED], 0, issue);
}

/* One row per issue in @group, each going to its answer; problems and
 * the registry's warnings look alike but for the heading above them. */
static void
show_issues (RosterReviewPage    *self,
             const RosterForm    *form,
             GPtrArray           *issues,
             AdwPreferencesGroup *group,
             GPtrArray           *rows)
{
  for (guint i = 0; i < issues->len; i++)
    {
      const RosterIssue *issue = g_ptr_array_index (issues, i);
      const RosterField *field = roster_form_lookup_field (form, issue->field_id);
      const RosterSection *section = roster_rules_get_issue_section (form, issue);
      /* A link to the answer, as a screen reader says it: it goes
       * somewhere, it changes nothing. */
      GtkWidget *row = g_object_new (ADW_TYPE_ACTION_ROW, "accessible-role", GTK_ACCESSIBLE_ROLE_LINK, NULL);
      g_autofree char *title = NULL;

      if (field != NULL && issue->row >= 0)
        title = g_strdup_printf (_("%s, provider %d"), _(field->label), issue->row + 1);
      else
        title = g_strdup (field != NULL ? _(field->label) : _(section->title));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), issue->message);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), roster_icon_new_decorative ("dialog-warning-symbolic"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), roster_icon_new_decorative ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "roster-issue", roster_issue_copy (issue),
                              (GDestroyNotify) roster_issue_free);
      g_signal_connect_object (row, "activated", G_CALLBACK (problem_activated_cb), self, 0);

      adw_preferences_group_add (group, row);
      g_ptr_array_add (rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (group), issues->len > 0);
}

static void
show_answers (RosterReviewPage *self,
              GBytes           *payload)
{
  g_autoptr(GPtrArray) lines = roster_payload_summarize (payload);
  GtkWidget *group = NULL;
  const char *group_title = NULL;

  for (guint i = 0; i < lines->len; i++)
    {
      const RosterAnswerLine *line = g_ptr_array_index (lines, i);

      if (group == NULL || g_strcmp0 (group_title, line->section_title) != 0)
        {
          group = adw_preferences_group_new ();
          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), line->section_title);
          adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), ADW_PREFERENCES_GROUP (group));
          g_ptr_array_add (self->answer_groups, group);
          group_title = line->section_title;
        }

      add_answer_row (self, group, create_answer_row (line->label, line->value));
    }
}

static void
roster_review_page_dispose (GObject *object)
{
  RosterReviewPage *self = (RosterReviewPage *)object;

  g_clear_pointer (&self->answer_groups, g_ptr_array_unref);
  g_clear_pointer (&self->answer_rows, g_ptr_array_unref);
  g_clear_pointer (&self->problem_rows, g_ptr_array_unref);
  g_clear_pointer (&self->warning_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (roster_review_page_parent_class)->dispose (object);
}

static void
roster_review_page_class_init (RosterReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_review_page_dispose;

  /**
   * RosterReviewPage::issue-activated:
   * @issue: the problem the administrator wants to fix
   */
  signals[ISSUE_ACTIVATED] =
    g_signal_new ("issue-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ROSTER_TYPE_ISSUE | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hieroster/Roster/roster-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterReviewPage, status_group);
  gtk_widget_class_bind_template_child (widget_class, RosterReviewPage, problems_group);
  gtk_widget_class_bind_template_child (widget_class, RosterReviewPage, warnings_group);
}

static void
roster_review_page_init (RosterReviewPage *self)
{
  self->answer_groups = g_ptr_array_new ();
  self->answer_rows = g_ptr_array_new ();
  self->problem_rows = g_ptr_array_new ();
  self->warning_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
roster_review_page_new (void)
{
  return g_object_new (ROSTER_TYPE_REVIEW_PAGE, NULL);
}

/**
 * roster_review_page_update:
 * @request: the request under review
 * @issues: (element-type RosterIssue): its issues, from roster_rules_check()
 *
 * Rebuilds the page: the problems, then the payload in plain words.
 */
/**
 * roster_review_page_update:
 * @issues: (element-type RosterIssue): the problems that block sending
 * @warnings: (element-type RosterIssue): the NPI Registry's warnings,
 *   which do not
 */
void
roster_review_page_update (RosterReviewPage *self,
                           RosterRequest    *request,
                           GPtrArray        *issues,
                           GPtrArray        *warnings)
{
  g_autoptr(GBytes) payload = NULL;
  const RosterForm *form;

  g_return_if_fail (ROSTER_IS_REVIEW_PAGE (self));
  g_return_if_fail (ROSTER_IS_REQUEST (request));
  g_return_if_fail (issues != NULL);
  g_return_if_fail (warnings != NULL);

  form = roster_request_get_form (request);
  clear_answers (self);

  if (issues->len == 0 && warnings->len > 0)
    {
      g_autofree char *text =
        g_strdup_printf (ngettext ("Nothing stops the request from being sent, but the NPI Registry has %u warning to look at first. Below it is exactly what will be sent to the HIE.",
                                   "Nothing stops the request from being sent, but the NPI Registry has %u warnings to look at first. Below them is exactly what will be sent to the HIE.",
                                   warnings->len),
                         warnings->len);
      adw_preferences_group_set_description (self->status_group, text);
    }
  else if (issues->len == 0)
    adw_preferences_group_set_description (self->status_group,
                                           _("Everything is in order. This is exactly what will be sent to the HIE."));
  else
    {
      g_autofree char *text =
        g_strdup_printf (ngettext ("%u problem needs fixing before the request can be sent. Below it is what would be sent.",
                                   "%u problems need fixing before the request can be sent. Below them is what would be sent.",
                                   issues->len),
                         issues->len);
      adw_preferences_group_set_description (self->status_group, text);
    }

  show_issues (self, form, issues, self->problems_group, self->problem_rows);
  show_issues (self, form, warnings, self->warnings_group, self->warning_rows);

  payload = roster_payload_write (request);
  show_answers (self, payload);
}

/**
 * roster_review_page_get_problem_rows:
 *
 * Returns: (transfer none) (element-type AdwActionRow): the problem rows,
 *   in order
 */
GPtrArray *
roster_review_page_get_problem_rows (RosterReviewPage *self)
{
  g_return_val_if_fail (ROSTER_IS_REVIEW_PAGE (self), NULL);

  return self->problem_rows;
}

/**
 * roster_review_page_get_answer_rows:
 *
 * Returns: (transfer none) (element-type AdwActionRow): one row per sent
 *   answer (one per provider for lists), in payload order
 */
GPtrArray *
roster_review_page_get_warning_rows (RosterReviewPage *self)
{
  g_return_val_if_fail (ROSTER_IS_REVIEW_PAGE (self), NULL);

  return self->warning_rows;
}

GPtrArray *
roster_review_page_get_answer_rows (RosterReviewPage *self)
{
  g_return_val_if_fail (ROSTER_IS_REVIEW_PAGE (self), NULL);

  return self->answer_rows;
}
