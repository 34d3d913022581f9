/* roster-people-view.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-people-view"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-people-view.h"

/*
 * The People page: one row per person Roster knows from its requests,
 * with what they have as the HIE confirmed it, a badge when a change is
 * on its way, and the day of the last confirmed change.
 *
 * A GtkListView over a filtered GListStore, so 5,000 people cost the
 * rows on screen, not 5,000 widgets: search (name, email, NPI) and the
 * filter only change the filter model. The people are read from the
 * store when the page is first shown and again after each reload while
 * it is shown; reloading a page nobody looks at only marks it stale.
 */

struct _RosterPeopleView
{
  AdwBin              parent_instance;

  RosterStore        *store;
  GListStore         *people;       /* RosterPersonObject */
  GtkCustomFilter    *filter;
  GtkFilterListModel *shown;
  char               *search;       /* casefolded, or NULL */
  RosterPeopleFilter  filter_kind;
  gboolean            stale;

  /* Template widgets */
  GtkLabel           *count_label;
  GtkDropDown        *filter_dropdown;
  GtkStack           *content_stack;
  GtkListView        *list_view;
  AdwStatusPage      *empty_page;
};

G_DEFINE_FINAL_TYPE (RosterPeopleView, roster_people_view, ADW_TYPE_BIN)

enum {
  PERSON_ACTIVATED,
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

static void
activate_cb (RosterPeopleView *self,
             guint             position)
{
  g_autoptr(RosterPersonObject) item = g_list_model_get_item (G_LIST_MODEL (self->shown), position);

  if (item != NULL)
    g_signal_emit (self, signals[PERSON_ACTIVATED], 0, roster_person_object_get_person (item)->email);
}

/* Rows ------------------------------------------------------------------- */

typedef struct
{
  GtkLabel *name;
  GtkLabel *subtitle;
  GtkLabel *services;
  GtkLabel *pending;
  GtkLabel *confirmed;
} RowLabels;

static GtkLabel *
add_label (GtkBox     *box,
           const char *style)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  gtk_box_append (box, label);

  return GTK_LABEL (label);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  RowLabels *labels = g_new0 (RowLabels, 1);

  gtk_widget_set_margin_top (row, 8);
  gtk_widget_set_margin_bottom (row, 8);
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (side, GTK_ALIGN_CENTER);

  labels->name = add_label (GTK_BOX (text), "heading");
  labels->subtitle = add_label (GTK_BOX (text), "dim-label");
  labels->services = add_label (GTK_BOX (text), "caption");
  labels->pending = add_label (GTK_BOX (side), "accent");
  labels->confirmed = add_label (GTK_BOX (side), "dim-label");
  gtk_label_set_text (labels->pending, _("Change pending"));
  gtk_widget_add_css_class (GTK_WIDGET (labels->pending), "caption-heading");
  gtk_widget_add_css_class (GTK_WIDGET (labels->confirmed), "caption");
  gtk_widget_set_halign (GTK_WIDGET (labels->pending), GTK_ALIGN_END);
  gtk_widget_set_halign (GTK_WIDGET (labels->confirmed), GTK_ALIGN_END);

  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row), side);
  g_object_set_data_full (G_OBJECT (row), "roster-labels", labels, g_free);
  gtk_list_item_set_child (list_item, row);
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

  gtk_label_set_text (labels->name, roster_person_object_get_name (item));
  gtk_label_set_text (labels->subtitle, subtitle->str);

  if (person->account == ROSTER_ACCOUNT_ENDED)
    gtk_label_set_text (labels->services, _("Access ended"));
  else if (person->account == ROSTER_ACCOUNT_UNKNOWN)
    gtk_label_set_text (labels->services, _("No HIE account confirmed yet"));
  else
    gtk_label_set_text (labels->services, services[0] != '\0' ? services : _("An account, no services"));

  gtk_widget_set_visible (GTK_WIDGET (labels->pending), person->pending);
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
  update_count (self);
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
  g_clear_object (&self->shown);
  g_clear_object (&self->people);
  g_clear_pointer (&self->search, g_free);

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

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hieroster/Roster/roster-people-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterPeopleView, count_label);
  gtk_widget_class_bind_template_child (widget_class, RosterPeopleView, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RosterPeopleView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, RosterPeopleView, list_view);
  gtk_widget_class_bind_template_child (widget_class, RosterPeopleView, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
}

static void
roster_people_view_init (RosterPeopleView *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->people = g_list_store_new (ROSTER_TYPE_PERSON_OBJECT);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->shown = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->people)), GTK_FILTER (self->filter));
  self->stale = TRUE;

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->shown)))));

  g_signal_connect_object (self, "map", G_CALLBACK (map_cb), self, G_CONNECT_SWAPPED);
  update_count (self);
}

GtkWidget *
roster_people_view_new (RosterStore *store)
{
  RosterPeopleView *self;

  g_return_val_if_fail (ROSTER_IS_STORE (store), NULL);

  self = g_object_new (ROSTER_TYPE_PEOPLE_VIEW, NULL);
  self->store = g_object_ref (store);

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
