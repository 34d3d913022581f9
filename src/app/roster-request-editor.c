/* roster-request-editor.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-request-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-request-editor.h"
#include "roster-dialog-parts.h"
#include "roster-npi-registry.h"
#include "roster-payload-summary.h"
#include "roster-review-page.h"
#include "roster-section-page.h"
#include "roster-section-row.h"
#include "roster-validate.h"

/*
 * The step-by-step editor of one request: a sidebar of the visible
 * sections (folded away on narrow windows), one section at a time with
 * Back and Next, and a final Review step.
 *
 * After every change of the request the editor asks the rules what is
 * visible and what is wrong, and hands the answers to its pages and rows.
 * Problems are shown only where the administrator has been: a field they
 * left, a section they pressed Next on, everything once they reach Review.
 *
 * With an NPI Registry, each change also asks it about the request's
 * NPIs; what it says (a line per NPI, and warnings that never block
 * submission) is shown as soon as it is known, here and in Review.
 */

#define REVIEW_ID "review"

struct _RosterRequestEditor
{
  AdwBin             parent_instance;

  RosterRequest     *request;
  char              *initial_step;
  GDate              today;
  RosterVisibility  *visibility;
  GPtrArray         *issues;
  GPtrArray         *server_issues; /* the HIE's, until their field changes */
  RosterNpiRegistry *npi_registry;  /* NULL when NPI lookups are off */
  GPtrArray         *npi_lines;     /* RosterIssue: the registry's line per NPI */
  GPtrArray         *npi_warnings;  /* RosterIssue: its warnings */
  GHashTable        *revealed;   /* field and section ids whose problems show */
  GHashTable        *checked;    /* section ids the administrator checked */
  GHashTable        *pages;      /* section id → RosterSectionPage */
  GHashTable        *rows;       /* section id or REVIEW_ID → RosterSectionRow */
  RosterReviewPage  *review_page;
  gboolean           selecting_row;

#if ADW_CHECK_VERSION (1, 4, 0)
  AdwNavigationSplitView *split_view;
#else
  AdwLeaflet        *leaflet;
#endif

  /* Template widgets */
  GtkWidget         *sidebar;
  GtkWidget         *content;
  AdwHeaderBar      *sidebar_header;
  AdwHeaderBar      *content_header;
  GtkWidget         *steps_button;
  GtkListBox        *section_list;
  AdwWindowTitle    *content_title;
  GtkMenuButton     *menu_button;
  GMenuModel        *primary_menu;
  GtkStack          *stack;
  GtkButton         *back_button;
  GtkButton         *next_button;
  GtkLabel          *save_label;
  GtkLabel          *form_title_label;
  gulong             after_paint_id;
};

G_DEFINE_FINAL_TYPE (RosterRequestEditor, roster_request_editor, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REQUEST,
  PROP_INITIAL_STEP,
  N_PROPS
};

enum {
  SUBMIT,
  STEP_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const RosterForm *
get_form (RosterRequestEditor *self)
{
  return roster_request_get_form (self->request);
}

/* The ids of the steps the administrator walks, in order. */
static GPtrArray *
get_steps (RosterRequestEditor *self)
{
  GPtrArray *steps = g_ptr_array_new ();

  for (const RosterSection *section = get_form (self)->sections; section->id != NULL; section++)
    {
      if (roster_visibility_section_visible (self->visibility, section->id))
        g_ptr_array_add (steps, (gpointer) section->id);
    }
  g_ptr_array_add (steps, (gpointer) REVIEW_ID);

  return steps;
}

/* -1 for an id that is not a step, or for %NULL (no step is shown yet
 * while the editor is built). */
static int
step_index (GPtrArray  *steps,
            const char *id)
{
  for (guint i = 0; i < steps->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (steps, i), id) == 0)
        return i;
    }

  return -1;
}

static gboolean
is_review (RosterRequestEditor *self)
{
  return g_strcmp0 (roster_request_editor_get_current (self), REVIEW_ID) == 0;
}

static RosterSectionPage *
get_current_page (RosterRequestEditor *self)
{
  const char *current = roster_request_editor_get_current (self);

  return current != NULL ? g_hash_table_lookup (self->pages, current) : NULL;
}

/* Whether the window is too narrow for both panes, so only one shows. */
static gboolean
is_folded (RosterRequestEditor *self)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  return adw_navigation_split_view_get_collapsed (self->split_view);
#else
  return adw_leaflet_get_folded (self->leaflet);
#endif
}

/* Folded, shows the step (@content) or the list of steps; unfolded,
 * both show anyway. */
static void
show_pane (RosterRequestEditor *self,
           gboolean             content)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  adw_navigation_split_view_set_show_content (self->split_view, content);
#else
  adw_leaflet_set_visible_child (self->leaflet, content ? self->content : self->sidebar);
#endif
}

static void
update_buttons (RosterRequestEditor *self)
{
  g_autoptr(GPtrArray) steps = get_steps (self);
  const char *current = roster_request_editor_get_current (self);
  int index = step_index (steps, current);
  const char *label;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.previous", index > 0);

  if (is_review (self))
    {
      /* Submitting puts the request in the outbox: nothing is lost if the
       * HIE can't be reached right now. */
      label = _("_Submit Request");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.next", self->issues->len == 0);
    }
  else
    {
      label = index == (int) steps->len - 2 ? _("_Review") : _("_Next");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.next", TRUE);
    }

  gtk_button_set_label (self->next_button, label);
}

static void
update_sidebar (RosterRequestEditor *self)
{
  GHashTableIter iter;
  gpointer key, value;
  RosterSectionState review_state;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const RosterSection *section;

      if (g_str_equal (key, REVIEW_ID))
        continue;

      section = roster_form_lookup_section (get_form (self), key);
      gtk_widget_set_visible (value, roster_visibility_section_visible (self->visibility, key));
      roster_section_row_set_state (value,
                                    roster_rules_get_section_state (self->request, section, self->issues,
                                                                    g_hash_table_contains (self->checked, key)));
    }

  if (self->issues->len == 0)
    review_state = ROSTER_SECTION_COMPLETE;
  else if (g_hash_table_contains (self->checked, REVIEW_ID))
    review_state = ROSTER_SECTION_HAS_PROBLEMS;
  else
    review_state = ROSTER_SECTION_NOT_STARTED;

  roster_section_row_set_state (g_hash_table_lookup (self->rows, REVIEW_ID), review_state);
}

static void
show_current_issues (RosterRequestEditor *self)
{
  RosterSectionPage *page = get_current_page (self);

  if (page != NULL)
    {
      roster_section_page_show_issues (page, self->issues, self->revealed);
      roster_section_page_show_npi_notes (page, self->npi_lines, self->npi_warnings);
    }
  else if (is_review (self))
    roster_review_page_update (self->review_page, self->request, self->issues, self->npi_warnings);
}

/* What the NPI Registry says now about the request's NPIs; asks it about
 * the NPIs it has not answered for. */
static void
update_npi_notes (RosterRequestEditor *self)
{
  g_clear_pointer (&self->npi_lines, g_ptr_array_unref);
  g_clear_pointer (&self->npi_warnings, g_ptr_array_unref);

  if (self->npi_registry == NULL)
    {
      self->npi_lines = roster_issue_list_new ();
      self->npi_warnings = roster_issue_list_new ();
      return;
    }

  roster_npi_registry_request_all (self->npi_registry, self->request);
  self->npi_lines = roster_npi_registry_describe_request (self->npi_registry, self->request);
  self->npi_warnings = roster_npi_registry_check_request (self->npi_registry, self->request);
}

/* An answer came: show it, wherever the administrator is. */
static void
npi_record_changed_cb (RosterRequestEditor *self,
                       const char          *npi)
{
  update_npi_notes (self);
  show_current_issues (self);
}

/* Asks the rules again and applies their answers. */
static void
refresh (RosterRequestEditor *self)
{
  g_autoptr(RosterVisibility) visibility = roster_rules_get_visibility (self->request);

  if (self->visibility == NULL || !roster_visibility_equal (visibility, self->visibility))
    {
      GHashTableIter iter;
      gpointer page;

      g_clear_pointer (&self->visibility, roster_visibility_free);
      self->visibility = g_steal_pointer (&visibility);

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, NULL, &page))
        roster_section_page_apply_visibility (page, self->visibility);
    }

  g_clear_pointer (&self->issues, g_ptr_array_unref);
  self->issues = roster_rules_check (self->request, &self->today);

  /* The HIE's own findings count like Roster's, so Review lists them and
   * the request can't be submitted again until each field is revisited. */
  for (guint i = 0; self->server_issues != NULL && i < self->server_issues->len; i++)
    g_ptr_array_add (self->issues, roster_issue_copy (g_ptr_array_index (self->server_issues, i)));

  update_npi_notes (self);
  show_current_issues (self);
  update_sidebar (self);
  update_buttons (self);
}

static void
request_changed_cb (RosterRequestEditor *self,
                    const char          *field_id,
                    RosterRequest       *request)
{
  g_autoptr(GPtrArray) steps = NULL;

  /* An answer changed since the HIE saw it: the HIE's remark about it
   * no longer applies; Roster's own rules judge it now. */
  for (guint i = self->server_issues ? self->server_issues->len : 0; i > 0; i--)
    {
      const RosterIssue *issue = g_ptr_array_index (self->server_issues, i - 1);

      if (g_str_equal (issue->field_id, field_id))
        g_ptr_array_remove_index (self->server_issues, i - 1);
    }

  refresh (self);

  /* The step being edited can't disappear from under the administrator's
   * hands (every section depends only on earlier ones), but a draft
   * loaded over it can; fall back to the first step. */
  steps = get_steps (self);
  if (step_index (steps, roster_request_editor_get_current (self)) < 0)
    roster_request_editor_show_section (self, g_ptr_array_index (steps, 0));
}

static void
field_touched_cb (RosterRequestEditor *self,
                  const char          *field_id,
                  RosterSectionPage   *page)
{
  if (g_hash_table_contains (self->revealed, field_id))
    return;

  g_hash_table_add (self->revealed, (gpointer) g_intern_string (field_id));
  roster_section_page_show_issues (page, self->issues, self->revealed);
  update_sidebar (self);
}

/* Next on a section: the administrator has checked it, show everything. */
static void
check_section (RosterRequestEditor *self,
               const char          *section_id)
{
  const RosterSection *section = roster_form_lookup_section (get_form (self), section_id);

  g_hash_table_add (self->checked, (gpointer) section->id);
  g_hash_table_add (self->revealed, (gpointer) section->id);
  for (const RosterField *field = section->fields; field->id != NULL; field++)
    g_hash_table_add (self->revealed, (gpointer) field->id);
}

static void
review_issue_activated_cb (RosterRequestEditor *self,
                           const RosterIssue   *issue)
{
  roster_request_editor_focus_issue (self, issue);
}

static void
section_row_activated_cb (RosterRequestEditor *self,
                          GtkListBoxRow       *row)
{
  if (self->selecting_row)
    return;

  roster_request_editor_show_section (self, g_object_get_data (G_OBJECT (row), "roster-step"));
  show_pane (self, TRUE);
}

/* GTK 4.8's list box selects each row that Tab or an arrow key moves the
 * focus to. The sidebar's selection is the step on screen (what a
 * screen reader says is the current item, and what Tab into the list
 * lands on), which only activating a row changes: put it back. */
static void
section_row_selected_cb (RosterRequestEditor *self,
                         GtkListBoxRow       *row)
{
  const char *current;
  GtkListBoxRow *current_row;

  /* (Disposing, the list box unselects the rows it drops.) */
  if (self->selecting_row || self->rows == NULL || is_folded (self) ||
      (current = roster_request_editor_get_current (self)) == NULL)
    return;

  current_row = g_hash_table_lookup (self->rows, current);
  if (row == current_row || current_row == NULL)
    return;

  self->selecting_row = TRUE;
  gtk_list_box_select_row (self->section_list, current_row);
  self->selecting_row = FALSE;
}

static void
show_steps_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RosterRequestEditor *self = ROSTER_REQUEST_EDITOR (widget);

  show_pane (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->section_list));
}

static void
folded_changed_cb (RosterRequestEditor *self)
{
  /* A folded sidebar is a list to pick from, not a highlight of where
   * the administrator is. */
  gtk_list_box_set_selection_mode (self->section_list,
                                   is_folded (self) ? GTK_SELECTION_NONE : GTK_SELECTION_SINGLE);
  if (!is_folded (self))
    {
      const char *current = roster_request_editor_get_current (self);

      if (current != NULL)
        gtk_list_box_select_row (self->section_list, g_hash_table_lookup (self->rows, current));
    }
}

#if ADW_CHECK_VERSION (1, 4, 0)
/* The split view folds at the width where the leaflet of libadwaita < 1.4
 * did: the sidebar's 240 px, the separator and the content's 360 px. Its
 * header bars hide the title buttons that are not at the window's edges
 * by themselves; the content's automatic back button is left out for the
 * steps button, which says what it does and has a shortcut.
 *
 * Only compiled here (check-newer-headers), never run: Debian 12 has
 * libadwaita 1.2, and the GUI tests run the leaflet. */
static GtkWidget *
build_panes (RosterRequestEditor *self)
{
  AdwNavigationPage *sidebar_page = adw_navigation_page_new (self->sidebar, _("Steps"));
  AdwNavigationPage *content_page = adw_navigation_page_new (self->content, "");
  AdwBreakpoint *narrow = adw_breakpoint_new (adw_breakpoint_condition_parse ("max-width: 600sp"));
  GtkWidget *bin = adw_breakpoint_bin_new ();

  self->split_view = ADW_NAVIGATION_SPLIT_VIEW (adw_navigation_split_view_new ());
  adw_navigation_split_view_set_min_sidebar_width (self->split_view, 240);
  adw_navigation_split_view_set_sidebar (self->split_view, sidebar_page);
  adw_navigation_split_view_set_content (self->split_view, content_page);
  g_object_bind_property (self->content_title, "title", content_page, "title", G_BINDING_SYNC_CREATE);
  adw_header_bar_set_show_back_button (self->content_header, FALSE);
  g_object_bind_property (self->split_view, "collapsed", self->steps_button, "visible", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->split_view, "notify::collapsed", G_CALLBACK (folded_changed_cb),
                           self, G_CONNECT_SWAPPED);

  adw_breakpoint_add_setters (narrow, G_OBJECT (self->split_view), "collapsed", TRUE, NULL);
  adw_breakpoint_bin_add_breakpoint (ADW_BREAKPOINT_BIN (bin), narrow);
  /* A bin with breakpoints has no minimum size of its own: the folded
   * leaflet's, as measured on libadwaita 1.2 (360 × 148 px, the steps
   * scroll). */
  gtk_widget_set_size_request (bin, 360, 150);
  adw_breakpoint_bin_set_child (ADW_BREAKPOINT_BIN (bin), GTK_WIDGET (self->split_view));

  return bin;
}
#else
static GtkWidget *
build_panes (RosterRequestEditor *self)
{
  GtkWidget *separator = gtk_separator_new (GTK_ORIENTATION_VERTICAL);

  self->leaflet = ADW_LEAFLET (adw_leaflet_new ());
  adw_leaflet_set_can_navigate_back (self->leaflet, TRUE);
  adw_leaflet_set_can_unfold (self->leaflet, TRUE);
  adw_leaflet_append (self->leaflet, self->sidebar);
  adw_leaflet_page_set_navigatable (adw_leaflet_append (self->leaflet, separator), FALSE);
  adw_leaflet_append (self->leaflet, self->content);

  g_object_bind_property (self->leaflet, "folded", self->sidebar_header, "show-end-title-buttons",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->leaflet, "folded", self->content_header, "show-start-title-buttons",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->leaflet, "folded", self->steps_button, "visible", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (folded_changed_cb),
                           self, G_CONNECT_SWAPPED);

  return GTK_WIDGET (self->leaflet);
}
#endif

/* The primary menu's popover is made when it is first opened (F10
 * included), like the fields' popovers: made with the editor, it was a
 * popover and a row per item built for every request opened. */
static void
create_primary_menu (GtkMenuButton *button,
                     gpointer       user_data)
{
  RosterRequestEditor *self = user_data;

  if (gtk_menu_button_get_popover (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
confirm_termination_response_cb (GtkWidget           *dialog,
                                 const char          *response,
                                 RosterRequestEditor *self)
{
  if (g_str_equal (response, "terminate"))
    g_signal_emit (self, signals[SUBMIT], 0);
}

static char *
describe_user (RosterRequest *request)
{
  g_autofree char *first = roster_text_normalize (roster_request_get_role_text (request, ROSTER_ROLE_PERSON_FIRST_NAME));
  g_autofree char *last = roster_text_normalize (roster_request_get_role_text (request, ROSTER_ROLE_PERSON_LAST_NAME));

  /* Translators: a person's first and last name. */
  return g_strdup_printf (C_("person name", "%s %s"), first, last);
}

/* Ending someone's access can't be taken back from here: ask first, with
 * the person and the day named. */
static void
confirm_termination (RosterRequestEditor *self)
{
  g_autofree char *name = describe_user (self->request);
  g_autofree char *date = roster_describe_date (roster_request_get_role_text (self->request,
                                                                               ROSTER_ROLE_ACCESS_END_DATE));
  g_autofree char *heading = g_strdup_printf (_("Terminate Access for %s?"), name);
  g_autofree char *body = g_strdup_printf (_("%s will lose access to HealtheConnections on %s. "
                                             "The HIE acts on this request as soon as it receives it."),
                                           name, date);
  const RosterDialogResponse responses[] = {
    { "cancel", _("_Cancel"), ADW_RESPONSE_DEFAULT },
    { "terminate", _("_Terminate Access"), ADW_RESPONSE_DESTRUCTIVE },
    { NULL }
  };
  GtkWidget *dialog;

  dialog = roster_dialog_alert_new (GTK_WIDGET (self), heading, body, NULL, responses, "cancel", "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_termination_response_cb), self, 0);
  roster_dialog_alert_present (dialog, GTK_WIDGET (self));
}

static void
submit (RosterRequestEditor *self)
{
  if (self->issues->len > 0)
    return;

  if (roster_request_ends_access (self->request))
    confirm_termination (self);
  else
    g_signal_emit (self, signals[SUBMIT], 0);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RosterRequestEditor *self = ROSTER_REQUEST_EDITOR (widget);

  if (is_review (self))
    submit (self);
  else
    roster_request_editor_next (self);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  roster_request_editor_previous (ROSTER_REQUEST_EDITOR (widget));
}

/* Pages are built when first shown: a request opens on one step, and
 * building all of them (two provider lists among them) would double the
 * time to the first frame. */
static RosterSectionPage *
ensure_page (RosterRequestEditor *self,
             const char          *section_id)
{
  const RosterSection *section;
  GtkWidget *page;

  if ((page = g_hash_table_lookup (self->pages, section_id)))
    return ROSTER_SECTION_PAGE (page);

  section = roster_form_lookup_section (get_form (self), section_id);
  g_return_val_if_fail (section != NULL, NULL);

  page = roster_section_page_new (self->request, section);
  g_signal_connect_object (page, "field-touched", G_CALLBACK (field_touched_cb), self, G_CONNECT_SWAPPED);
  roster_section_page_apply_visibility (ROSTER_SECTION_PAGE (page), self->visibility);
  gtk_stack_add_named (self->stack, page, section->id);
  g_hash_table_insert (self->pages, (gpointer) section->id, page);

  return ROSTER_SECTION_PAGE (page);
}

/* Review too: it writes the payload and a row per answer each time it is
 * shown, which no other step needs. */
static RosterReviewPage *
ensure_review_page (RosterRequestEditor *self)
{
  if (self->review_page != NULL)
    return self->review_page;

  self->review_page = ROSTER_REVIEW_PAGE (roster_review_page_new ());
  g_signal_connect_object (self->review_page, "issue-activated",
                           G_CALLBACK (review_issue_activated_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->review_page), REVIEW_ID);

  return self->review_page;
}

/* Where a restored draft was left, else the first step. Opening straight
 * there builds that step's page and no other. */
static const char *
get_initial_step (RosterRequestEditor *self)
{
  const char *step = self->initial_step;

  if (g_strcmp0 (step, REVIEW_ID) == 0 ||
      (step != NULL && roster_form_lookup_section (get_form (self), step) != NULL))
    return step;

  return get_form (self)->sections[0].id;
}

static void
build (RosterRequestEditor *self)
{
  GtkWidget *review_row;

  for (const RosterSection *section = get_form (self)->sections; section->id != NULL; section++)
    {
      GtkWidget *row = roster_section_row_new (_(section->title));

      g_object_set_data (G_OBJECT (row), "roster-step", (gpointer) section->id);
      gtk_list_box_append (self->section_list, row);
      g_hash_table_insert (self->rows, (gpointer) section->id, row);
    }

  review_row = roster_section_row_new (_("Review"));
  g_object_set_data (G_OBJECT (review_row), "roster-step", (gpointer) REVIEW_ID);
  gtk_list_box_append (self->section_list, review_row);
  g_hash_table_insert (self->rows, (gpointer) REVIEW_ID, review_row);

  g_signal_connect_object (self->request, "changed", G_CALLBACK (request_changed_cb), self, G_CONNECT_SWAPPED);

  refresh (self);
  roster_request_editor_show_section (self, get_initial_step (self));

  /* Folded, the editor opens on the step itself, not on the list. */
  show_pane (self, TRUE);
}

static void
roster_request_editor_constructed (GObject *object)
{
  RosterRequestEditor *self = (RosterRequestEditor *)object;

  G_OBJECT_CLASS (roster_request_editor_parent_class)->constructed (object);

  build (self);
}

static void
roster_request_editor_dispose (GObject *object)
{
  RosterRequestEditor *self = (RosterRequestEditor *)object;

  g_clear_object (&self->request);
  g_clear_pointer (&self->initial_step, g_free);
  g_clear_pointer (&self->visibility, roster_visibility_free);
  g_clear_pointer (&self->issues, g_ptr_array_unref);
  g_clear_pointer (&self->server_issues, g_ptr_array_unref);
  g_clear_object (&self->npi_registry);
  g_clear_pointer (&self->npi_lines, g_ptr_array_unref);
  g_clear_pointer (&self->npi_warnings, g_ptr_array_unref);
  g_clear_pointer (&self->revealed, g_hash_table_unref);
  g_clear_pointer (&self->checked, g_hash_table_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);

  G_OBJECT_CLASS (roster_request_editor_parent_class)->dispose (object);
}

static void
roster_request_editor_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RosterRequestEditor *self = ROSTER_REQUEST_EDITOR (object);

  switch (prop_id)
    {
    case PROP_REQUEST:
      g_value_set_object (value, self->request);
      break;

    case PROP_INITIAL_STEP:
      g_value_set_string (value, self->initial_step);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
roster_request_editor_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RosterRequestEditor *self = ROSTER_REQUEST_EDITOR (object);

  switch (prop_id)
    {
    case PROP_REQUEST:
      self->request = g_value_dup_object (value);
      break;

    case PROP_INITIAL_STEP:
      self->initial_step = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The header bar's title ---------------------------------------------------
 *
 * On a narrow window, with large text above all, the header bar has room
 * for a few letters of the title ("Modif…"), the form's name. The step's
 * name under it may be cut too: it is the page's heading, whole. The
 * form's name is shown whole under the header bar whenever the header
 * cuts it, checked after each frame is painted: once the layout is done,
 * so that showing it is measured in the next frame, not during this one
 * (the label under the header bar does not change the header's width). */

/* The title label of libadwaita's AdwWindowTitle: the first label in its
 * box; NULL where it is built otherwise. */
static GtkLabel *
window_title_label (AdwWindowTitle *title)
{
  GtkWidget *box = gtk_widget_get_first_child (GTK_WIDGET (title));
  GtkWidget *label = box != NULL ? gtk_widget_get_first_child (box) : NULL;

  return GTK_IS_LABEL (label) ? GTK_LABEL (label) : NULL;
}

static void
show_whole_title_cb (RosterRequestEditor *self)
{
  GtkLabel *title = window_title_label (self->content_title);
  gboolean cut = title != NULL && pango_layout_is_ellipsized (gtk_label_get_layout (title));

  if (cut != gtk_widget_get_visible (GTK_WIDGET (self->form_title_label)))
    gtk_widget_set_visible (GTK_WIDGET (self->form_title_label), cut);
}

static void
roster_request_editor_map (GtkWidget *widget)
{
  RosterRequestEditor *self = ROSTER_REQUEST_EDITOR (widget);

  GTK_WIDGET_CLASS (roster_request_editor_parent_class)->map (widget);

  self->after_paint_id = g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                                                  G_CALLBACK (show_whole_title_cb), self, G_CONNECT_SWAPPED);
}

static void
roster_request_editor_unmap (GtkWidget *widget)
{
  RosterRequestEditor *self = ROSTER_REQUEST_EDITOR (widget);

  g_clear_signal_handler (&self->after_paint_id, gtk_widget_get_frame_clock (widget));

  GTK_WIDGET_CLASS (roster_request_editor_parent_class)->unmap (widget);
}

static void
roster_request_editor_class_init (RosterRequestEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = roster_request_editor_constructed;
  object_class->dispose = roster_request_editor_dispose;
  object_class->get_property = roster_request_editor_get_property;
  object_class->set_property = roster_request_editor_set_property;
  widget_class->map = roster_request_editor_map;
  widget_class->unmap = roster_request_editor_unmap;

  properties[PROP_REQUEST] =
    g_param_spec_object ("request", NULL, NULL,
                         ROSTER_TYPE_REQUEST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * RosterRequestEditor:initial-step:
   *
   * The section id, or "review", that the editor opens on; the first
   * step when unset or unknown.
   */
  properties[PROP_INITIAL_STEP] =
    g_param_spec_string ("initial-step", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RosterRequestEditor::submit:
   *
   * The administrator asked to send a request that has no problems (and,
   * for a termination, confirmed it).
   */
  signals[SUBMIT] =
    g_signal_new ("submit",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * RosterRequestEditor::step-changed:
   * @step: the section id now shown, or "review"
   */
  signals[STEP_CHANGED] =
    g_signal_new ("step-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hieroster/Roster/roster-request-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterRequestEditor, save_label);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestEditor, form_title_label);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestEditor, sidebar);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestEditor, content);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestEditor, sidebar_header);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestEditor, content_header);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestEditor, steps_button);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestEditor, section_list);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestEditor, content_title);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestEditor, menu_button);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestEditor, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestEditor, back_button);
  gtk_widget_class_bind_template_child (widget_class, RosterRequestEditor, next_button);
  gtk_widget_class_bind_template_callback (widget_class, section_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, section_row_selected_cb);

  gtk_widget_class_install_action (widget_class, "editor.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "editor.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "editor.show-steps", NULL, show_steps_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "editor.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "editor.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "editor.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "editor.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "editor.show-steps", NULL);
}

static void
roster_request_editor_init (RosterRequestEditor *self)
{
  GtkLabel *title;

  self->revealed = g_hash_table_new (g_str_hash, g_str_equal);
  self->checked = g_hash_table_new (g_str_hash, g_str_equal);
  self->pages = g_hash_table_new (g_str_hash, g_str_equal);
  self->rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->npi_lines = roster_issue_list_new ();
  self->npi_warnings = roster_issue_list_new ();
  roster_rules_get_today (&self->today);

  gtk_widget_init_template (GTK_WIDGET (self));
  adw_bin_set_child (ADW_BIN (self), build_panes (self));
  /* Five letters at least, as libadwaita's template asks, and "Saving…"
   * beside them made the header 362 px wide with large text; the title
   * may shrink to its "…", as the form's name is then shown whole. */
  if ((title = window_title_label (self->content_title)) != NULL)
    gtk_label_set_width_chars (title, -1);

  gtk_menu_button_set_create_popup_func (self->menu_button, create_primary_menu, self, NULL);
}

/**
 * roster_request_editor_new:
 * @request: the request to edit
 * @initial_step: (nullable): the section id, or "review", to open on
 *
 * Returns: (transfer floating): an editor showing @initial_step, or the
 *   first step
 */
GtkWidget *
roster_request_editor_new (RosterRequest *request,
                           const char    *initial_step)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST (request), NULL);

  return g_object_new (ROSTER_TYPE_REQUEST_EDITOR,
                       "request", request,
                       "initial-step", initial_step,
                       NULL);
}

RosterRequest *
roster_request_editor_get_request (RosterRequestEditor *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_EDITOR (self), NULL);

  return self->request;
}

/**
 * roster_request_editor_set_today:
 *
 * Sets the date the date rules count from; tests pin it.
 */
void
roster_request_editor_set_today (RosterRequestEditor *self,
                                 const GDate         *today)
{
  g_return_if_fail (ROSTER_IS_REQUEST_EDITOR (self));
  g_return_if_fail (today != NULL && g_date_valid (today));

  self->today = *today;
  refresh (self);
}

/**
 * roster_request_editor_get_issues:
 *
 * Returns: (transfer none) (element-type RosterIssue): the request's
 *   issues, as the rules reported them after the last change
 */
GPtrArray *
roster_request_editor_get_issues (RosterRequestEditor *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_EDITOR (self), NULL);

  return self->issues;
}

/**
 * roster_request_editor_get_current:
 *
 * Returns: (nullable): the id of the section shown, or "review"
 */
const char *
roster_request_editor_get_current (RosterRequestEditor *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_EDITOR (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * roster_request_editor_show_section:
 * @section_id: a visible section's id, or "review"
 */
void
roster_request_editor_show_section (RosterRequestEditor *self,
                                    const char          *section_id)
{
  const RosterSection *section;
  GtkWidget *row;

  g_return_if_fail (ROSTER_IS_REQUEST_EDITOR (self));
  g_return_if_fail (section_id != NULL);

  if (g_str_equal (section_id, REVIEW_ID))
    {
      /* Reaching Review is checking everything. */
      for (section = get_form (self)->sections; section->id != NULL; section++)
        check_section (self, section->id);
      g_hash_table_add (self->checked, (gpointer) REVIEW_ID);
      ensure_review_page (self);
      adw_window_title_set_subtitle (self->content_title, _("Review"));
    }
  else
    {
      section = roster_form_lookup_section (get_form (self), section_id);
      g_return_if_fail (section != NULL);
      ensure_page (self, section_id);
      adw_window_title_set_subtitle (self->content_title, _(section->title));
    }

  adw_window_title_set_title (self->content_title, _(get_form (self)->title));
  gtk_label_set_text (self->form_title_label, _(get_form (self)->title));
  gtk_stack_set_visible_child_name (self->stack, section_id);

  row = g_hash_table_lookup (self->rows, section_id);
  self->selecting_row = TRUE;
  if (!is_folded (self))
    gtk_list_box_select_row (self->section_list, GTK_LIST_BOX_ROW (row));
  self->selecting_row = FALSE;

  show_current_issues (self);
  update_sidebar (self);
  update_buttons (self);

  g_signal_emit (self, signals[STEP_CHANGED], 0, section_id);
}

/* Review takes the focus on Submit Request; while problems hold that
 * back (the button is off), on the first problem's link, which says what
 * to put right. Left where it was, the focus would stay on the previous
 * step's page, now hidden, and a screen reader would say nothing useful. */
static void
focus_review (RosterRequestEditor *self)
{
  GPtrArray *problems = roster_review_page_get_problem_rows (self->review_page);

  if (gtk_widget_is_sensitive (GTK_WIDGET (self->next_button)))
    gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
  else if (problems->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (problems, 0));
  else
    gtk_widget_child_focus (GTK_WIDGET (self->review_page), GTK_DIR_TAB_FORWARD);
}

/**
 * roster_request_editor_next:
 *
 * Marks the current section checked, showing its problems, and moves on
 * to the next visible step, problems or not.
 */
void
roster_request_editor_next (RosterRequestEditor *self)
{
  g_autoptr(GPtrArray) steps = NULL;
  const char *current;
  int index;

  g_return_if_fail (ROSTER_IS_REQUEST_EDITOR (self));

  current = roster_request_editor_get_current (self);
  if (g_str_equal (current, REVIEW_ID))
    return;

  check_section (self, current);
  roster_section_page_show_issues (get_current_page (self), self->issues, self->revealed);

  steps = get_steps (self);
  index = step_index (steps, current);
  roster_request_editor_show_section (self, g_ptr_array_index (steps, index + 1));

  if (get_current_page (self) != NULL)
    roster_section_page_focus_first (get_current_page (self));
  else
    focus_review (self);
}

void
roster_request_editor_previous (RosterRequestEditor *self)
{
  g_autoptr(GPtrArray) steps = NULL;
  int index;

  g_return_if_fail (ROSTER_IS_REQUEST_EDITOR (self));

  steps = get_steps (self);
  index = step_index (steps, roster_request_editor_get_current (self));
  if (index <= 0)
    return;

  roster_request_editor_show_section (self, g_ptr_array_index (steps, index - 1));
  roster_section_page_focus_first (get_current_page (self));
}

/**
 * roster_request_editor_focus_issue:
 *
 * Jumps to the field @issue is about, from a link on the Review step.
 */
void
roster_request_editor_focus_issue (RosterRequestEditor *self,
                                   const RosterIssue   *issue)
{
  const RosterSection *section;

  g_return_if_fail (ROSTER_IS_REQUEST_EDITOR (self));
  g_return_if_fail (issue != NULL);

  section = roster_rules_get_issue_section (get_form (self), issue);
  g_return_if_fail (section != NULL);

  roster_request_editor_show_section (self, section->id);
  roster_section_page_focus_issue (get_current_page (self), issue);
}

/**
 * roster_request_editor_get_section_page:
 *
 * Returns: (transfer none): the page of @section_id, built if it was not
 */
GtkWidget *
roster_request_editor_get_section_page (RosterRequestEditor *self,
                                        const char          *section_id)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_EDITOR (self), NULL);

  return GTK_WIDGET (ensure_page (self, section_id));
}

GtkWidget *
roster_request_editor_get_section_row (RosterRequestEditor *self,
                                       const char          *section_id)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_EDITOR (self), NULL);

  return g_hash_table_lookup (self->rows, section_id);
}

/**
 * roster_request_editor_get_review_page:
 *
 * Returns: (transfer none): the Review page, built if it was not
 */
GtkWidget *
roster_request_editor_get_review_page (RosterRequestEditor *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_EDITOR (self), NULL);

  return GTK_WIDGET (ensure_review_page (self));
}

GtkWidget *
roster_request_editor_get_next_button (RosterRequestEditor *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_EDITOR (self), NULL);

  return GTK_WIDGET (self->next_button);
}

GtkWidget *
roster_request_editor_get_back_button (RosterRequestEditor *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_EDITOR (self), NULL);

  return GTK_WIDGET (self->back_button);
}

/**
 * roster_request_editor_set_server_issues:
 * @issues: (element-type RosterIssue): what the HIE found wrong, from
 *   roster_issues_from_server()
 *
 * Shows the HIE's messages on their fields, at once, until each field is
 * changed.
 */
void
roster_request_editor_set_server_issues (RosterRequestEditor *self,
                                         GPtrArray           *issues)
{
  g_return_if_fail (ROSTER_IS_REQUEST_EDITOR (self));
  g_return_if_fail (issues != NULL);

  g_clear_pointer (&self->server_issues, g_ptr_array_unref);
  self->server_issues = roster_issue_list_new ();

  for (guint i = 0; i < issues->len; i++)
    {
      const RosterIssue *issue = g_ptr_array_index (issues, i);
      const RosterSection *section = roster_rules_get_issue_section (get_form (self), issue);

      g_ptr_array_add (self->server_issues, roster_issue_copy (issue));
      g_hash_table_add (self->revealed, (gpointer) g_intern_string (issue->field_id));
      if (section != NULL)
        g_hash_table_add (self->checked, (gpointer) section->id);
    }

  refresh (self);
}

/**
 * roster_request_editor_set_save_state:
 * @text: (nullable): "Saved", "Not saved: …", or %NULL to show nothing
 * @is_error: whether @text reports a failure
 *
 * Shows, in the header, whether the draft is safe on disk.
 */
void
roster_request_editor_set_save_state (RosterRequestEditor *self,
                                      const char          *text,
                                      gboolean             is_error)
{
  g_return_if_fail (ROSTER_IS_REQUEST_EDITOR (self));

  gtk_label_set_text (self->save_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->save_label), text != NULL);
  if (is_error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->save_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->save_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->save_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->save_label), "dim-label");
    }
}

const char *
roster_request_editor_get_save_state (RosterRequestEditor *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_EDITOR (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->save_label)) ? gtk_label_get_text (self->save_label) : NULL;
}

/**
 * roster_request_editor_set_npi_registry:
 * @registry: (nullable): where to look up the request's NPIs, or %NULL
 *   for nowhere
 */
void
roster_request_editor_set_npi_registry (RosterRequestEditor *self,
                                        RosterNpiRegistry   *registry)
{
  g_return_if_fail (ROSTER_IS_REQUEST_EDITOR (self));
  g_return_if_fail (registry == NULL || ROSTER_IS_NPI_REGISTRY (registry));

  if (registry == self->npi_registry)
    return;

  if (self->npi_registry != NULL)
    g_signal_handlers_disconnect_by_func (self->npi_registry, npi_record_changed_cb, self);
  g_set_object (&self->npi_registry, registry);

  if (registry != NULL)
    g_signal_connect_object (registry, "record-changed", G_CALLBACK (npi_record_changed_cb),
                             self, G_CONNECT_SWAPPED);
  update_npi_notes (self);
  show_current_issues (self);
}

/**
 * roster_request_editor_get_npi_warnings:
 *
 * Returns: (transfer none) (element-type RosterIssue): the NPI Registry's
 *   warnings about the request, as shown
 */
GPtrArray *
roster_request_editor_get_npi_warnings (RosterRequestEditor *self)
{
  g_return_val_if_fail (ROSTER_IS_REQUEST_EDITOR (self), NULL);

  return self->npi_warnings;
}
