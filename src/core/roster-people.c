/* roster-people.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The practice's people, derived from its requests and nothing else:
 *
 * - a person is known by the work email of their requests (the field with
 *   %ROSTER_ROLE_PERSON_EMAIL), case-insensitively; drafts do not count
 *   (a half-typed email is not a person yet);
 * - their name, NPI and organization are the latest request's;
 * - a completed request changes what they have, in the order the requests
 *   took effect: one that ends access (its kind's option says so) ends
 *   every service; any other makes the account active and applies each
 *   service field's effect (an option's #RosterServiceEffect, or a boolean
 *   that is on), with the service's detail (alert basis, access level);
 * - a rejected request changes nothing; one that is queued, being sent
 *   or at the HIE without an outcome is a pending change.
 *
 * Only answers that apply count, as the HIE reads them: hidden fields are
 * never sent. Pure: no store, no display, so it is tested as a table.
 */

#define G_LOG_DOMAIN "roster-people"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "roster-draft.h"
#include "roster-payload.h"
#include "roster-people.h"
#include "roster-rules.h"
#include "roster-validate.h"

void
roster_person_free (RosterPerson *person)
{
  if (person == NULL)
    return;

  g_free (person->email);
  g_free (person->first_name);
  g_free (person->last_name);
  g_free (person->npi);
  g_free (person->organization);
  g_free (person->title);
  for (guint i = 0; i < ROSTER_N_SERVICES; i++)
    g_free (person->details[i]);
  g_clear_pointer (&person->request_ids, g_ptr_array_unref);
  g_free (person);
}

/**
 * roster_person_copy:
 *
 * Returns: (transfer full): a copy of @person
 */
RosterPerson *
roster_person_copy (const RosterPerson *person)
{
  RosterPerson *copy;

  g_return_val_if_fail (person != NULL, NULL);

  copy = g_memdup2 (person, sizeof *person);
  copy->email = g_strdup (person->email);
  copy->first_name = g_strdup (person->first_name);
  copy->last_name = g_strdup (person->last_name);
  copy->npi = g_strdup (person->npi);
  copy->organization = g_strdup (person->organization);
  copy->title = g_strdup (person->title);
  for (guint i = 0; i < ROSTER_N_SERVICES; i++)
    copy->details[i] = g_strdup (person->details[i]);
  copy->request_ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; person->request_ids != NULL && i < person->request_ids->len; i++)
    g_ptr_array_add (copy->request_ids, g_strdup (g_ptr_array_index (person->request_ids, i)));

  return copy;
}

static gboolean
is_pending (const RosterPeopleRecord *record)
{
  switch (record->state)
    {
    case ROSTER_REQUEST_STATE_QUEUED:
    case ROSTER_REQUEST_STATE_SENDING:
    case ROSTER_REQUEST_STATE_ATTENTION:
      return TRUE;

    case ROSTER_REQUEST_STATE_SENT:
      return g_strcmp0 (record->hie_status, "completed") != 0 &&
             g_strcmp0 (record->hie_status, "rejected") != 0;

    case ROSTER_REQUEST_STATE_DRAFT:
    case ROSTER_REQUEST_STATE_RETURNED:
    case ROSTER_REQUEST_STATE_DELETED:
    default:
      return FALSE;
    }
}

static gboolean
counts (const RosterPeopleRecord *record)
{
  return record->state == ROSTER_REQUEST_STATE_SENT || is_pending (record);
}

/* Replaces *@text with @value when the request says something. */
static void
take_text (char        **text,
           const char   *value)
{
  g_autofree char *normalized = roster_text_normalize (value);

  if (normalized[0] != '\0')
    {
      g_free (*text);
      *text = g_steal_pointer (&normalized);
    }
}

static RosterServiceEffect
field_effect (RosterRequest     *request,
              const RosterField *field)
{
  const RosterOption *option;

  if (field->type == ROSTER_FIELD_BOOLEAN)
    return roster_request_get_boolean (request, field->id) ? ROSTER_EFFECT_GRANT : ROSTER_EFFECT_KEEP;

  option = roster_field_lookup_option (field, roster_request_get_text (request, field->id));

  return option != NULL ? option->effect : ROSTER_EFFECT_KEEP;
}

static void
end_access (RosterPerson *person)
{
  person->account = ROSTER_ACCOUNT_ENDED;
  for (guint s = 0; s < ROSTER_N_SERVICES; s++)
    {
      person->services[s] = FALSE;
      g_clear_pointer (&person->details[s], g_free);
    }
}

/* What a completed request did to the person's account. */
static void
apply_completed (RosterPerson             *person,
                 const RosterPeopleRecord *record)
{
  g_autoptr(RosterVisibility) visibility = NULL;
  const RosterForm *form = roster_request_get_form (record->request);

  person->confirmed_at = record->changed_at;
  person->imported = FALSE;

  if (roster_request_ends_access (record->request))
    {
      end_access (person);
      return;
    }

  person->account = ROSTER_ACCOUNT_ACTIVE;
  visibility = roster_rules_get_visibility (record->request);

  for (guint i = 0; i < roster_form_get_n_fields (form); i++)
    {
      const RosterField *field = roster_form_get_field (form, i);

      if (!roster_visibility_field_visible (visibility, field->id))
        continue;

      if (field->service != ROSTER_SERVICE_NONE)
        {
          switch (field_effect (record->request, field))
            {
            case ROSTER_EFFECT_GRANT:
            case ROSTER_EFFECT_CHANGE:
              person->services[field->service] = TRUE;
              break;

            case ROSTER_EFFECT_REVOKE:
              person->services[field->service] = FALSE;
              g_clear_pointer (&person->details[field->service], g_free);
              break;

            case ROSTER_EFFECT_KEEP:
            default:
              break;
            }
        }

      if (field->detail_of != ROSTER_SERVICE_NONE &&
          roster_request_has_answer (record->request, field->id))
        take_text (&person->details[field->detail_of], roster_request_get_text (record->request, field->id));
    }
}

static int
compare_records (gconstpointer a,
                 gconstpointer b)
{
  const RosterPeopleRecord *first = *(const RosterPeopleRecord **) a;
  const RosterPeopleRecord *second = *(const RosterPeopleRecord **) b;

  return (first->changed_at > second->changed_at) - (first->changed_at < second->changed_at);
}

typedef struct
{
  char         *key;     /* collation key of the casefolded last name */
  RosterPerson *person;
} SortEntry;

static int
compare_sort_entries (gconstpointer a,
                      gconstpointer b)
{
  const SortEntry *first = a;
  const SortEntry *second = b;
  int order = strcmp (first->key, second->key);

  return order != 0 ? order : g_ascii_strcasecmp (first->person->email, second->person->email);
}

/* By last name as the locale sorts it, then by email. Each name's
 * collation key is made once, not in every comparison: with 5,000
 * people that is 5,000 keys instead of some 120,000. */
static void
sort_people (GPtrArray *people)
{
  g_autoptr(GArray) entries = g_array_sized_new (FALSE, FALSE, sizeof (SortEntry), people->len);

  for (guint i = 0; i < people->len; i++)
    {
      RosterPerson *person = g_ptr_array_index (people, i);
      g_autofree char *folded = g_utf8_casefold (person->last_name ? person->last_name : "", -1);
      SortEntry entry = { g_utf8_collate_key (folded, -1), person };

      g_array_append_val (entries, entry);
    }

  g_array_sort (entries, compare_sort_entries);

  for (guint i = 0; i < entries->len; i++)
    {
      SortEntry *entry = &g_array_index (entries, SortEntry, i);

      people->pdata[i] = entry->person;
      g_free (entry->key);
    }
}

/**
 * roster_people_derive:
 * @records: (array length=n_records): the store's requests, in any order
 *
 * Returns: (transfer full) (element-type RosterPerson): the practice's
 *   people, by last name
 */
GPtrArray *
roster_people_derive (const RosterPeopleRecord *records,
                      guint                     n_records)
{
  return roster_people_derive_with_imported (records, n_records, NULL);
}

/**
 * roster_people_derive_with_imported:
 * @records: (array length=n_records): the store's requests, in any order
 * @imported: (element-type RosterPerson) (nullable): people from an
 *   imported user list: what Roster knows of them before their requests
 *
 * As roster_people_derive(), starting from @imported: a completed
 * request about an imported person confirms what they have from then on.
 *
 * Returns: (transfer full) (element-type RosterPerson): the practice's
 *   people, by last name
 */
GPtrArray *
roster_people_derive_with_imported (const RosterPeopleRecord *records,
                                    guint                     n_records,
                                    GPtrArray                *imported)
{
  g_autoptr(GHashTable) by_email = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) ordered = g_ptr_array_sized_new (n_records);
  GPtrArray *people = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_person_free);

  g_return_val_if_fail (records != NULL || n_records == 0, people);

  for (guint i = 0; imported != NULL && i < imported->len; i++)
    {
      RosterPerson *person = roster_person_copy (g_ptr_array_index (imported, i));

      /* The store keeps one row per email, whatever its case. */
      g_hash_table_insert (by_email, g_ascii_strdown (person->email, -1), person);
      g_ptr_array_add (people, person);
    }

  for (guint i = 0; i < n_records; i++)
    {
      if (counts (&records[i]))
        g_ptr_array_add (ordered, (gpointer) &records[i]);
    }

  /* Stable, so requests of the same instant keep the caller's order. */
  g_ptr_array_sort (ordered, compare_records);

  for (guint i = 0; i < ordered->len; i++)
    {
      const RosterPeopleRecord *record = g_ptr_array_index (ordered, i);
      RosterRequest *request = record->request;
      g_autofree char *email = roster_text_normalize (roster_request_get_role_text (request, ROSTER_ROLE_PERSON_EMAIL));
      g_autofree char *key = NULL;
      RosterPerson *person;

      if (email[0] == '\0')
        continue;

      key = g_ascii_strdown (email, -1);
      if (!(person = g_hash_table_lookup (by_email, key)))
        {
          person = g_new0 (RosterPerson, 1);
          person->request_ids = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (by_email, g_strdup (key), person);
          g_ptr_array_add (people, person);
        }

      take_text (&person->email, email);
      take_text (&person->first_name, roster_request_get_role_text (request, ROSTER_ROLE_PERSON_FIRST_NAME));
      take_text (&person->last_name, roster_request_get_role_text (request, ROSTER_ROLE_PERSON_LAST_NAME));
      take_text (&person->npi, roster_request_get_role_text (request, ROSTER_ROLE_PERSON_NPI));
      take_text (&person->organization, roster_request_get_role_text (request, ROSTER_ROLE_ORGANIZATION));
      take_text (&person->title, roster_request_get_role_text (request, ROSTER_ROLE_PERSON_TITLE));
      g_ptr_array_add (person->request_ids, g_strdup (record->id));

      if (is_pending (record))
        person->pending = TRUE;
      else if (g_strcmp0 (record->hie_status, "completed") == 0)
        apply_completed (person, record);
    }

  sort_people (people);

  return people;
}

static const char * const service_names[ROSTER_N_SERVICES] = {
  [ROSTER_SERVICE_NONE] = NULL,
  [ROSTER_SERVICE_SECURE_MESSAGING] = "secure_messaging",
  [ROSTER_SERVICE_IMAGE_EXCHANGE] = "image_exchange",
  [ROSTER_SERVICE_ALERTS] = "alerts",
  [ROSTER_SERVICE_PATIENT_RECORD] = "patient_record",
  [ROSTER_SERVICE_DELEGATION] = "delegation",
};

/**
 * roster_service_to_string:
 *
 * Returns: (nullable): the service's stable name for scripts, such as
 *   "secure_messaging"; %NULL for %ROSTER_SERVICE_NONE
 */
const char *
roster_service_to_string (RosterService service)
{
  g_return_val_if_fail (service < ROSTER_N_SERVICES, NULL);

  return service_names[service];
}

/**
 * roster_service_get_label:
 *
 * Returns: the service's name as the People page shows it, translated
 */
const char *
roster_service_get_label (RosterService service)
{
  static const char * const labels[ROSTER_N_SERVICES] = {
    [ROSTER_SERVICE_NONE] = NULL,
    [ROSTER_SERVICE_SECURE_MESSAGING] = N_("Secure Messaging"),
    [ROSTER_SERVICE_IMAGE_EXCHANGE] = N_("Image Exchange"),
    [ROSTER_SERVICE_ALERTS] = N_("Alerts"),
    [ROSTER_SERVICE_PATIENT_RECORD] = N_("Patient Record Access"),
    [ROSTER_SERVICE_DELEGATION] = N_("Delegation"),
  };

  g_return_val_if_fail (service > ROSTER_SERVICE_NONE && service < ROSTER_N_SERVICES, NULL);

  return _(labels[service]);
}

/**
 * roster_service_get_detail_label:
 * @detail: a detail's option id, as #RosterPerson.details holds it
 *
 * Returns: (nullable): the label of the option @detail of a field that
 *   details @service, in whichever form declares it, translated; %NULL
 *   when no form knows it
 */
const char *
roster_service_get_detail_label (RosterService  service,
                                 const char    *detail)
{
  const RosterForm * const *forms = roster_form_get_all ();

  g_return_val_if_fail (service > ROSTER_SERVICE_NONE && service < ROSTER_N_SERVICES, NULL);

  if (detail == NULL)
    return NULL;

  for (guint f = 0; forms[f] != NULL; f++)
    {
      for (guint i = 0; i < roster_form_get_n_fields (forms[f]); i++)
        {
          const RosterField *field = roster_form_get_field (forms[f], i);
          const RosterOption *option;

          if (field->detail_of == service && (option = roster_field_lookup_option (field, detail)) != NULL)
            return _(option->label);
        }
    }

  return NULL;
}

/**
 * roster_person_dup_name:
 *
 * Returns: (transfer full): "First Last", or the email when no request
 *   or import named them
 */
char *
roster_person_dup_name (const RosterPerson *person)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (person != NULL, NULL);

  name = g_strstrip (g_strdup_printf ("%s %s",
                                      person->first_name != NULL ? person->first_name : "",
                                      person->last_name != NULL ? person->last_name : ""));
  if (name[0] != '\0' || person->email == NULL)
    return g_steal_pointer (&name);

  return g_strdup (person->email);
}

/**
 * roster_person_describe_services:
 *
 * Returns: (transfer full): the person's services with their details,
 *   translated, " · " between them, such as "Secure Messaging · Alerts
 *   (Provider Based (NPI))"; "" when they have none
 */
char *
roster_person_describe_services (const RosterPerson *person)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (person != NULL, NULL);

  for (guint s = ROSTER_SERVICE_NONE + 1; s < ROSTER_N_SERVICES; s++)
    {
      const char *detail;

      if (!person->services[s])
        continue;

      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, roster_service_get_label (s));
      if ((detail = roster_service_get_detail_label (s, person->details[s])) != NULL)
        g_string_append_printf (text, " (%s)", detail);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * roster_account_state_to_string:
 *
 * Returns: "unknown", "active" or "ended"
 */
const char *
roster_account_state_to_string (RosterAccountState account)
{
  static const char * const names[] = { "unknown", "active", "ended" };

  g_return_val_if_fail (account < G_N_ELEMENTS (names), NULL);

  return names[account];
}

/**
 * roster_people_load:
 *
 * The practice's people, from every request in @store that left the
 * drafts: what was sent is read back from its frozen payload.
 *
 * Returns: (transfer full) (element-type RosterPerson): the people, by
 *   last name, or %NULL with @error set
 */
GPtrArray *
roster_people_load (RosterStore  *store,
                    GError      **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) imported = NULL;
  g_autoptr(GHashTable) payloads = NULL;
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) records = g_array_new (FALSE, TRUE, sizeof (RosterPeopleRecord));

  g_return_val_if_fail (ROSTER_IS_STORE (store), NULL);

  if (!(entries = roster_store_list (store, NULL, error)) ||
      !(payloads = roster_store_list_payloads (store, error)) ||
      !(imported = roster_store_list_imported_people (store, error)))
    return NULL;

  for (guint i = 0; i < entries->len; i++)
    {
      const RosterStoreEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GPtrArray) problems = NULL;
      RosterPeopleRecord record = { 0 };
      RosterRequest *request;
      GBytes *payload;

      if (entry->state == ROSTER_REQUEST_STATE_DRAFT ||
          entry->state == ROSTER_REQUEST_STATE_RETURNED ||
          entry->state == ROSTER_REQUEST_STATE_DELETED)
        continue;

      if (!(payload = g_hash_table_lookup (payloads, entry->id)))
        continue;

      /* Our own frozen bytes: a payload a newer Roster wrote in a form
       * this one does not know is left out, not an error. */
      if (!(request = roster_payload_read (payload, &problems, NULL)))
        continue;

      g_ptr_array_add (requests, request);
      record.id = entry->id;
      record.request = request;
      record.state = entry->state;
      record.hie_status = entry->hie_status;
      record.changed_at = entry->updated_at;
      g_array_append_val (records, record);
    }

  return roster_people_derive_with_imported ((RosterPeopleRecord *) records->data, records->len, imported);
}

/* Starting a request from what Roster knows of a person ------------------ */

/* Whether @form's request-kind field has an option that ends access (or,
 * with @ends_access FALSE, one that does not); sets *@option to it. */
static gboolean
find_kind_option (const RosterForm    *form,
                  gboolean             ends_access,
                  const RosterOption **option)
{
  const RosterField *kind = roster_form_get_role_field (form, ROSTER_ROLE_REQUEST_KIND);

  *option = NULL;
  if (kind == NULL)
    return FALSE;

  for (const RosterOption *o = kind->options; o->id != NULL; o++)
    {
      if (!o->ends_access == !ends_access)
        {
          *option = o;
          return TRUE;
        }
    }

  return FALSE;
}

/* The form for @action and, for a change or a termination, the option of
 * its request-kind field that says so. A new account is asked for with a
 * form that has no request kind: every request of it starts an account. */
static const RosterForm *
find_action_form (RosterPersonAction   action,
                  const RosterOption **kind_option)
{
  const RosterForm * const *forms = roster_form_get_all ();

  *kind_option = NULL;

  for (guint i = 0; forms[i] != NULL; i++)
    {
      const RosterForm *form = forms[i];

      switch (action)
        {
        case ROSTER_PERSON_ACTION_NEW_ACCOUNT:
          if (roster_form_get_role_field (form, ROSTER_ROLE_REQUEST_KIND) == NULL)
            return form;
          break;

        case ROSTER_PERSON_ACTION_CHANGE:
        case ROSTER_PERSON_ACTION_TERMINATE:
          if (find_kind_option (form, action == ROSTER_PERSON_ACTION_TERMINATE, kind_option))
            return form;
          break;

        default:
          g_return_val_if_reached (NULL);
        }
    }

  return NULL;
}

/**
 * roster_person_action_get_form:
 *
 * Returns: (nullable): the form a request that does @action is made
 *   with, or %NULL when no form does it
 */
const RosterForm *
roster_person_action_get_form (RosterPersonAction action)
{
  const RosterOption *kind_option;

  return find_action_form (action, &kind_option);
}

/**
 * roster_person_fill_request:
 * @person: a person
 * @action: what the request is to do
 * @request: a request of roster_person_action_get_form()'s form
 *
 * Answers what Roster knows: who the person is (name, email, NPI, job
 * title, organization), what the request does (its kind), and for a
 * change the services' details as they stand (the alert basis, the
 * access level), so the administrator says only what changes.
 */
void
roster_person_fill_request (const RosterPerson *person,
                            RosterPersonAction  action,
                            RosterRequest      *request)
{
  static const RosterFieldRole identity_roles[] = {
    ROSTER_ROLE_PERSON_FIRST_NAME, ROSTER_ROLE_PERSON_LAST_NAME, ROSTER_ROLE_PERSON_EMAIL,
    ROSTER_ROLE_PERSON_NPI, ROSTER_ROLE_PERSON_TITLE, ROSTER_ROLE_ORGANIZATION,
  };
  const RosterOption *kind_option;
  const RosterForm *form;

  g_return_if_fail (person != NULL);
  g_return_if_fail (ROSTER_IS_REQUEST (request));

  form = find_action_form (action, &kind_option);
  g_return_if_fail (form == roster_request_get_form (request));

  for (guint i = 0; i < G_N_ELEMENTS (identity_roles); i++)
    {
      const char *text = roster_person_get_role_text (person, identity_roles[i]);

      if (text != NULL && text[0] != '\0')
        roster_request_set_role_text (request, identity_roles[i], text);
    }

  if (kind_option != NULL)
    roster_request_set_role_text (request, ROSTER_ROLE_REQUEST_KIND, kind_option->id);

  if (action != ROSTER_PERSON_ACTION_CHANGE)
    return;

  for (guint i = 0; i < roster_form_get_n_fields (form); i++)
    {
      const RosterField *field = roster_form_get_field (form, i);
      const char *detail = field->detail_of != ROSTER_SERVICE_NONE ? person->details[field->detail_of] : NULL;

      if (detail != NULL && roster_field_lookup_option (field, detail) != NULL)
        roster_request_set_text (request, field->id, detail);
    }
}

/**
 * roster_person_get_role_text:
 * @role: one of the person's roles (name, email, NPI, job title) or
 *   %ROSTER_ROLE_ORGANIZATION
 *
 * Returns: (nullable): what the person's requests said for @role
 */
const char *
roster_person_get_role_text (const RosterPerson *person,
                             RosterFieldRole     role)
{
  g_return_val_if_fail (person != NULL, NULL);

  switch (role)
    {
    case ROSTER_ROLE_PERSON_FIRST_NAME:
      return person->first_name;
    case ROSTER_ROLE_PERSON_LAST_NAME:
      return person->last_name;
    case ROSTER_ROLE_PERSON_EMAIL:
      return person->email;
    case ROSTER_ROLE_PERSON_NPI:
      return person->npi;
    case ROSTER_ROLE_PERSON_TITLE:
      return person->title;
    case ROSTER_ROLE_ORGANIZATION:
      return person->organization;
    case ROSTER_ROLE_NONE:
    case ROSTER_ROLE_SUBMITTER_NAME:
    case ROSTER_ROLE_SUBMITTER_EMAIL:
    case ROSTER_ROLE_REQUEST_KIND:
    case ROSTER_ROLE_ACCESS_END_DATE:
    case ROSTER_ROLE_SUBMITTER_IS_PERSON:
    case ROSTER_ROLE_ATTESTATION:
    case ROSTER_N_ROLES:
    default:
      return NULL;
    }
}

/* Ending several people's access at once --------------------------------- */

/**
 * roster_people_new_termination_template:
 * @request: a new request of the form that ends access
 *   (roster_person_action_get_form()), pre-filled with what Preferences
 *   hold
 *
 * Makes @request the answers several terminations share: it ends
 * access, and its submitter is not the person it is about. What is left
 * to answer is the section holding the last day of access (the day, the
 * reason) and the attestation; roster_people_new_terminations() adds
 * each person.
 */
void
roster_people_new_termination_template (RosterRequest *request)
{
  const RosterOption *kind_option;
  const RosterField *submitter_is_person;
  const RosterForm *form = find_action_form (ROSTER_PERSON_ACTION_TERMINATE, &kind_option);

  g_return_if_fail (ROSTER_IS_REQUEST (request));
  g_return_if_fail (form == roster_request_get_form (request));

  roster_request_set_role_text (request, ROSTER_ROLE_REQUEST_KIND, kind_option->id);
  if ((submitter_is_person = roster_form_get_role_field (form, ROSTER_ROLE_SUBMITTER_IS_PERSON)) != NULL)
    roster_request_set_boolean (request, submitter_is_person->id, FALSE);
}

static RosterRequest *
copy_request (RosterRequest *request)
{
  g_autoptr(GBytes) draft = roster_draft_write (request);

  return roster_draft_read (draft, NULL, NULL);
}

/**
 * roster_people_new_terminations:
 * @people: (element-type RosterPerson): whose access ends
 * @shared: the answers every termination shares
 *   (roster_people_new_termination_template())
 * @today: (nullable): the reference date for date rules
 * @problems: (out) (element-type utf8) (transfer full): what stops the
 *   requests, one line per problem, naming the person: empty when none
 *
 * One termination per person, each checked by the rules as any request
 * is.
 *
 * Returns: (transfer full) (element-type RosterRequest) (nullable): the
 *   requests, in the order of @people, or %NULL when one has a problem
 */
GPtrArray *
roster_people_new_terminations (GPtrArray     *people,
                                RosterRequest *shared,
                                const GDate   *today,
                                GPtrArray    **problems)
{
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  const RosterForm *form;

  g_return_val_if_fail (people != NULL, NULL);
  g_return_val_if_fail (ROSTER_IS_REQUEST (shared), NULL);
  g_return_val_if_fail (problems != NULL, NULL);

  form = roster_request_get_form (shared);

  for (guint i = 0; i < people->len; i++)
    {
      const RosterPerson *person = g_ptr_array_index (people, i);
      g_autoptr(RosterRequest) request = copy_request (shared);
      g_autoptr(GPtrArray) issues = NULL;
      g_autofree char *name = NULL;

      roster_person_fill_request (person, ROSTER_PERSON_ACTION_TERMINATE, request);
      issues = roster_rules_check (request, today);
      name = roster_request_dup_person_name (request);

      for (guint j = 0; j < issues->len; j++)
        {
          const RosterIssue *issue = g_ptr_array_index (issues, j);
          const RosterField *field = roster_form_lookup_field (form, issue->field_id);

          /* TRANSLATORS: a person, the question, and what is wrong with
           * the answer, e.g. "Sam Lee — Reason: Choose one." */
          g_ptr_array_add (lines, g_strdup_printf (_("%s — %s: %s"), name[0] != '\0' ? name : person->email,
                                                   field != NULL ? _(field->label) : issue->field_id,
                                                   issue->message));
        }

      g_ptr_array_add (requests, g_steal_pointer (&request));
    }

  *problems = g_steal_pointer (&lines);

  return (*problems)->len == 0 ? g_steal_pointer (&requests) : NULL;
}
