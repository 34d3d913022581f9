/* roster-person-page.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-person-page"

#include "config.h"

#include <glib/gi18n.h>

#include "roster-icon.h"
#include "roster-person-page.h"
#include "roster-request-list.h"

/*
 * One person: their account and services as the HIE confirmed them,
 * their requests (each opening the request), and the requests to start
 * for them, pre-filled. Which requests can be started comes from the
 * forms (roster_person_action_get_form()), and a person with no account
 * is offered one instead of a change.
 */

struct _RosterPersonPage
{
  AdwBin               parent_instance;

  RosterStore         *store;
  RosterPersonObject  *person;
  GPtrArray           *service_rows;  /* AdwActionRow * */
  GPtrArray           *request_rows;  /* AdwActionRow * */

  /* Template widgets */
  AdwWindowTitle      *title;
  AdwPreferencesGroup *services_group;
  AdwPreferencesGroup *requests_group;
  GtkWidget           *new_account_button;
  GtkWidget           *change_button;
  GtkWidget           *terminate_button;
};

G_DEFINE_FINAL_TYPE (RosterPersonPage, roster_person_page, ADW_TYPE_BIN)

enum {
  REQUEST_ACTIVATED,
  START_REQUEST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
add_row (AdwPreferencesGroup *group,
         GPtrArray           *rows,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Names and the HIE's words are text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);

  return row;
}

static void
show_services (RosterPersonPage *self)
{
  const RosterPerson *person = roster_person_object_get_person (self->person);
  const char *account;

  switch (person->account)
    {
    case ROSTER_ACCOUNT_ACTIVE:
      account = person->pending ? _("Active — a change is on its way") : _("Active");
      break;

    case ROSTER_ACCOUNT_ENDED:
      account = person->pending ? _("Ended — a request is on its way") : _("Ended");
      break;

    case ROSTER_ACCOUNT_UNKNOWN:
    default:
      account = person->pending ? _("Not confirmed yet — a request is on its way") : _("Not confirmed yet");
      break;
    }
  add_row (self->services_group, self->service_rows, _("Account"), account);

  if (person->account != ROSTER_ACCOUNT_ACTIVE)
    return;

  for (guint s = ROSTER_SERVICE_NONE + 1; s < ROSTER_N_SERVICES; s++)
    {
      const char *detail = roster_service_get_detail_label (s, person->details[s]);
      g_autofree char *state = NULL;

      if (!person->services[s])
        state = g_strdup (_("No"));
      else if (detail != NULL)
        /* TRANSLATORS: a service the person has, and how, e.g. "Yes — Provider Based (NPI)" */
        state = g_strdup_printf (_("Yes — %s"), detail);
      else
        state = g_strdup (_("Yes"));

      add_row (self->services_group, self->service_rows, roster_service_get_label (s), state);
    }
}

static void
request_row_activated_cb (AdwActionRow     *row,
                          RosterPersonPage *self)
{
  g_signal_emit (self, signals[REQUEST_ACTIVATED], 0, g_object_get_data (G_OBJECT (row), "roster-id"));
}

/* Newest first, as the main list shows requests. */
static void
show_requests (RosterPersonPage *self)
{
  const RosterPerson *person = roster_person_object_get_person (self->person);

  for (guint i = person->request_ids->len; i > 0; i--)
    {
      const char *id = g_ptr_array_index (person->request_ids, i - 1);
      g_autoptr(RosterStoreEntry) entry = roster_store_get_entry (self->store, id, NULL);
      g_autofree char *state = NULL;
      g_autofree char *when = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (entry == NULL)
        continue;

      state = roster_request_list_describe_state (entry);
      when = roster_request_list_describe_when (entry->updated_at);
      subtitle = g_strdup_printf ("%s · %s", when, state);
      row = add_row (self->requests_group, self->request_rows, roster_store_entry_describe_kind (entry), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), roster_icon_new_decorative ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "roster-id", g_strdup (id), g_free);
      g_signal_connect_object (row, "activated", G_CALLBACK (request_row_activated_cb), self, 0);
    }
}

/* The requests that can be started: an account for someone without one,
 * a change for someone who has one, an end to access that exists or is
 * on its way. A form must exist for each. */
static void
update_actions (RosterPersonPage *self)
{
  const RosterPerson *person = roster_person_object_get_person (self->person);
  gboolean active = person->account == ROSTER_ACCOUNT_ACTIVE;

  gtk_widget_set_visible (self->new_account_button,
                          !active && roster_person_action_get_form (ROSTER_PERSON_ACTION_NEW_ACCOUNT) != NULL);
  gtk_widget_set_visible (self->change_button,
                          active && roster_person_action_get_form (ROSTER_PERSON_ACTION_CHANGE) != NULL);
  gtk_widget_set_visible (self->terminate_button,
                          person->account != ROSTER_ACCOUNT_ENDED &&
                          roster_person_action_get_form (ROSTER_PERSON_ACTION_TERMINATE) != NULL);
}

static void
request_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  static const struct {
    const char         *name;
    RosterPersonAction  action;
  } actions[] = {
    { "new-account", ROSTER_PERSON_ACTION_NEW_ACCOUNT },
    { "change", ROSTER_PERSON_ACTION_CHANGE },
    { "terminate", ROSTER_PERSON_ACTION_TERMINATE },
  };
  const char *name = g_variant_get_string (parameter, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      if (g_str_equal (actions[i].name, name))
        g_signal_emit (widget, signals[START_REQUEST], 0, actions[i].action);
    }
}

static void
roster_person_page_dispose (GObject *object)
{
  RosterPersonPage *self = ROSTER_PERSON_PAGE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->person);
  g_clear_pointer (&self->service_rows, g_ptr_array_unref);
  g_clear_pointer (&self->request_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (roster_person_page_parent_class)->dispose (object);
}

static void
roster_person_page_class_init (RosterPersonPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = roster_person_page_dispose;

  /**
   * RosterPersonPage::request-activated:
   * @id: the request to open
   */
  signals[REQUEST_ACTIVATED] =
    g_signal_new ("request-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * RosterPersonPage::start-request:
   * @action: a #RosterPersonAction: what the request is to do
   */
  signals[START_REQUEST] =
    g_signal_new ("start-request",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hieroster/Roster/roster-person-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RosterPersonPage, title);
  gtk_widget_class_bind_template_child (widget_class, RosterPersonPage, services_group);
  gtk_widget_class_bind_template_child (widget_class, RosterPersonPage, requests_group);
  gtk_widget_class_bind_template_child (widget_class, RosterPersonPage, new_account_button);
  gtk_widget_class_bind_template_child (widget_class, RosterPersonPage, change_button);
  gtk_widget_class_bind_template_child (widget_class, RosterPersonPage, terminate_button);

  gtk_widget_class_install_action (widget_class, "person.request", "s", request_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "main.show-people", NULL);
}

static void
roster_person_page_init (RosterPersonPage *self)
{
  self->service_rows = g_ptr_array_new ();
  self->request_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * roster_person_page_new:
 * @store: where the person's requests are
 * @person: the person
 */
GtkWidget *
roster_person_page_new (RosterStore        *store,
                        RosterPersonObject *person)
{
  RosterPersonPage *self;
  const RosterPerson *data;

  g_return_val_if_fail (ROSTER_IS_STORE (store), NULL);
  g_return_val_if_fail (ROSTER_IS_PERSON_OBJECT (person), NULL);

  self = g_object_new (ROSTER_TYPE_PERSON_PAGE, NULL);
  self->store = g_object_ref (store);
  self->person = g_object_ref (person);
  data = roster_person_object_get_person (person);

  adw_window_title_set_title (self->title, roster_person_object_get_name (person));
  adw_window_title_set_subtitle (self->title, data->email);
  show_services (self);
  show_requests (self);
  update_actions (self);

  return GTK_WIDGET (self);
}

const RosterPerson *
roster_person_page_get_person (RosterPersonPage *self)
{
  g_return_val_if_fail (ROSTER_IS_PERSON_PAGE (self), NULL);

  return roster_person_object_get_person (self->person);
}

/**
 * roster_person_page_get_service_rows:
 *
 * Returns: (transfer none) (element-type AdwActionRow): the account row,
 *   then one row per service
 */
GPtrArray *
roster_person_page_get_service_rows (RosterPersonPage *self)
{
  g_return_val_if_fail (ROSTER_IS_PERSON_PAGE (self), NULL);

  return self->service_rows;
}

/**
 * roster_person_page_get_request_rows:
 *
 * Returns: (transfer none) (element-type AdwActionRow): the person's
 *   requests, newest first
 */
GPtrArray *
roster_person_page_get_request_rows (RosterPersonPage *self)
{
  g_return_val_if_fail (ROSTER_IS_PERSON_PAGE (self), NULL);

  return self->request_rows;
}
