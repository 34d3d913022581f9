/* test-people.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The practice's people as Roster derives them from its requests: a table
 * of request histories and the roster each must give.
 */

#include "config.h"

#include <string.h>

#include "roster-people.h"
#include "test-fixtures.h"
#include "test-scratch.h"

/* One request of a history: which request, changed how, where it is. */
typedef struct
{
  const char         *request;  /* a key of make_request() */
  const char         *changes;  /* "field=value;…" on top of it, or NULL */
  RosterRequestState  state;
  const char         *hie_status;
} Step;

typedef struct
{
  const char *name;
  Step        steps[6];
  const char *expected;  /* describe_people() of the result */
} History;

#define SENT ROSTER_REQUEST_STATE_SENT
#define QUEUED ROSTER_REQUEST_STATE_QUEUED
#define DRAFT ROSTER_REQUEST_STATE_DRAFT

static RosterRequest *
make_request (const char *key,
              const char *changes)
{
  RosterRequest *request;
  GDate today;

  test_get_fixed_today (&today);

  if (g_str_equal (key, "new-user"))
    request = test_new_new_user_request (&today);
  else if (g_str_equal (key, "modify"))
    request = test_new_modify_request ();
  else if (g_str_equal (key, "terminate"))
    request = test_new_terminate_request (&today);
  else
    g_assert_not_reached ();

  if (changes != NULL)
    {
      g_auto(GStrv) pairs = g_strsplit (changes, ";", -1);

      for (guint i = 0; pairs[i] != NULL; i++)
        {
          g_auto(GStrv) pair = g_strsplit (pairs[i], "=", 2);
          const RosterField *field = roster_form_lookup_field (roster_request_get_form (request), pair[0]);

          g_assert_nonnull (field);
          if (field->type == ROSTER_FIELD_BOOLEAN)
            roster_request_set_boolean (request, pair[0], g_str_equal (pair[1], "true"));
          else
            roster_request_set_text (request, pair[0], pair[1]);
        }
    }

  return request;
}

static const char * const service_names[ROSTER_N_SERVICES] = {
  [ROSTER_SERVICE_SECURE_MESSAGING] = "messaging",
  [ROSTER_SERVICE_IMAGE_EXCHANGE] = "images",
  [ROSTER_SERVICE_ALERTS] = "alerts",
  [ROSTER_SERVICE_PATIENT_RECORD] = "record",
  [ROSTER_SERVICE_DELEGATION] = "delegation",
};

/* "email: account; services (detail); pending" per person, " | " between. */
static char *
describe_people (GPtrArray *people)
{
  static const char * const accounts[] = { "unknown", "active", "ended" };
  GString *text = g_string_new (NULL);

  for (guint p = 0; p < people->len; p++)
    {
      const RosterPerson *person = g_ptr_array_index (people, p);

      if (p > 0)
        g_string_append (text, " | ");
      g_string_append_printf (text, "%s %s <%s>: %s;", person->first_name, person->last_name,
                              person->email, accounts[person->account]);
      for (guint s = ROSTER_SERVICE_NONE + 1; s < ROSTER_N_SERVICES; s++)
        {
          if (!person->services[s])
            continue;
          g_string_append_printf (text, " %s", service_names[s]);
          if (person->details[s] != NULL)
            g_string_append_printf (text, "(%s)", person->details[s]);
        }
      if (person->pending)
        g_string_append (text, "; pending");
      g_string_append_printf (text, "; %u requests", person->request_ids->len);
    }

  return g_string_free (text, FALSE);
}

static const History histories[] = {
  { "nothing yet", { { NULL } }, "" },
  { "a draft is not a person",
    { { "new-user", NULL, DRAFT, NULL }, { NULL } }, "" },
  { "a new user on the way",
    { { "new-user", NULL, QUEUED, NULL }, { NULL } },
    "Grace Okafor <grace.okafor@familycare.example.org>: unknown;; pending; 1 requests" },
  { "a new user at the HIE, not yet done",
    { { "new-user", NULL, SENT, "in_review" }, { NULL } },
    "Grace Okafor <grace.okafor@familycare.example.org>: unknown;; pending; 1 requests" },
  { "a new user completed",
    { { "new-user", NULL, SENT, "completed" }, { NULL } },
    "Grace Okafor <grace.okafor@familycare.example.org>: active; messaging alerts(provider_npi); 1 requests" },
  { "a new user rejected",
    { { "new-user", NULL, SENT, "rejected" }, { NULL } },
    "Grace Okafor <grace.okafor@familycare.example.org>: unknown;; 1 requests" },
  { "then a change: secure messaging removed, record access added",
    { { "new-user", NULL, SENT, "completed" },
      { "modify", "user.first_name=Grace;user.last_name=Okafor;user.email=Grace.Okafor@FamilyCare.example.org;"
                  "services.alerts=none;services.secure_messaging=remove;services.patient_record=add;"
                  "record_access.level=clinical", SENT, "completed" },
      { NULL } },
    "Grace Okafor <Grace.Okafor@FamilyCare.example.org>: active; alerts(provider_npi) record(clinical); 2 requests" },
  { "a change of access level, then one in the outbox",
    { { "modify", "services.patient_record=add;record_access.level=clinical", SENT, "completed" },
      { "modify", "services.alerts=none;services.patient_record=change;record_access.level=non_clinical", SENT, "completed" },
      { "modify", "services.alerts=remove", QUEUED, NULL },
      { NULL } },
    "Ana Díaz <ana.diaz@upstate.example.org>: active; alerts(patient_list) record(non_clinical); pending; 3 requests" },
  { "a rejected change changes nothing",
    { { "modify", NULL, SENT, "completed" },
      { "modify", "services.alerts=remove", SENT, "rejected" },
      { NULL } },
    "Ana Díaz <ana.diaz@upstate.example.org>: active; alerts(patient_list); 2 requests" },
  { "terminated: no HIE account, whatever they had",
    { { "modify", "services.secure_messaging=add", SENT, "completed" },
      { "terminate", NULL, SENT, "completed" },
      { NULL } },
    "Ana Díaz <ana.diaz@upstate.example.org>: ended;; 2 requests" },
  { "terminated then asked for again",
    { { "terminate", NULL, SENT, "completed" },
      { "new-user", "user.email=ana.diaz@upstate.example.org;user.first_name=Ana;user.last_name=Díaz;"
                    "services.alerts=false", SENT, "completed" },
      { NULL } },
    "Ana Díaz <ana.diaz@upstate.example.org>: active; messaging; 2 requests" },
  { "an answer that does not apply is not applied",
    { { "modify", "action=terminate", SENT, "received" },
      { "terminate", "action=modify;services.image_exchange=add;services.soarian_username=adiaz", SENT, "completed" },
      { NULL } },
    "Ana Díaz <ana.diaz@upstate.example.org>: active; images; pending; 2 requests" },
  { "two people, by last name",
    { { "modify", NULL, SENT, "completed" },
      { "new-user", NULL, SENT, "completed" },
      { NULL } },
    "Ana Díaz <ana.diaz@upstate.example.org>: active; alerts(patient_list); 1 requests | "
    "Grace Okafor <grace.okafor@familycare.example.org>: active; messaging alerts(provider_npi); 1 requests" },
};

static void
test_people_histories (void)
{
  for (guint h = 0; h < G_N_ELEMENTS (histories); h++)
    {
      const History *history = &histories[h];
      g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GArray) records = g_array_new (FALSE, TRUE, sizeof (RosterPeopleRecord));
      g_autoptr(GPtrArray) people = NULL;
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *described = NULL;

      g_test_message ("history: %s", history->name);

      /* Given newest first: the derivation orders them itself. */
      for (int i = G_N_ELEMENTS (history->steps) - 1; i >= 0; i--)
        {
          const Step *step = &history->steps[i];
          RosterPeopleRecord record = { 0 };

          if (step->request == NULL)
            continue;

          g_ptr_array_add (requests, make_request (step->request, step->changes));
          g_ptr_array_add (ids, g_strdup_printf ("request-%d", i));
          record.id = g_ptr_array_index (ids, ids->len - 1);
          record.request = g_ptr_array_index (requests, requests->len - 1);
          record.state = step->state;
          record.hie_status = step->hie_status;
          record.changed_at = (i + 1) * G_USEC_PER_SEC;
          g_array_append_val (records, record);
        }

      people = roster_people_derive ((RosterPeopleRecord *) records->data, records->len);
      described = describe_people (people);
      g_assert_cmpstr (described, ==, history->expected);
    }
}

/* History comes oldest first, and the confirmed date is the last
 * completed request's. */
static void
test_people_history_order (void)
{
  g_autoptr(RosterRequest) first = make_request ("modify", NULL);
  g_autoptr(RosterRequest) second = make_request ("modify", "services.alerts=remove");
  g_autoptr(RosterRequest) third = make_request ("modify", "services.alerts=add");
  RosterPeopleRecord records[] = {
    { "c", third, ROSTER_REQUEST_STATE_SENT, "received", 30 },
    { "a", first, ROSTER_REQUEST_STATE_SENT, "completed", 10 },
    { "b", second, ROSTER_REQUEST_STATE_SENT, "completed", 20 },
  };
  g_autoptr(GPtrArray) people = roster_people_derive (records, G_N_ELEMENTS (records));
  const RosterPerson *person;

  g_assert_cmpuint (people->len, ==, 1);
  person = g_ptr_array_index (people, 0);
  g_assert_cmpstr (g_ptr_array_index (person->request_ids, 0), ==, "a");
  g_assert_cmpstr (g_ptr_array_index (person->request_ids, 2), ==, "c");
  g_assert_cmpint (person->confirmed_at, ==, 20);
  g_assert_false (person->services[ROSTER_SERVICE_ALERTS]);
  g_assert_null (person->details[ROSTER_SERVICE_ALERTS]);
  g_assert_true (person->pending);
  g_assert_cmpstr (person->organization, ==, "Upstate University Hospital");
}

/* Every service of the tables is declared by a field of every form, so
 * a person's services read the same from either. */
static void
test_people_forms_declare_services (void)
{
  for (const RosterForm * const *form = roster_form_get_all (); *form != NULL; form++)
    {
      guint declared[ROSTER_N_SERVICES] = { 0 };

      for (guint i = 0; i < roster_form_get_n_fields (*form); i++)
        {
          const RosterField *field = roster_form_get_field (*form, i);

          if (field->service == ROSTER_SERVICE_NONE)
            continue;
          g_assert_true (field->type == ROSTER_FIELD_BOOLEAN || field->type == ROSTER_FIELD_CHOICE);
          declared[field->service]++;
        }

      for (guint s = ROSTER_SERVICE_NONE + 1; s < ROSTER_N_SERVICES; s++)
        g_assert_cmpuint (declared[s], ==, 1);
    }
}

/* A request started from a person says who they are and what it does,
 * in the form that does it; a change starts from their services' details
 * as they stand. */
static void
test_people_fill_request (void)
{
  g_autoptr(RosterRequest) new_user = make_request ("new-user",
                                                    "user.role=provider;user.npi=" TEST_NPI_A ";"
                                                    "services.patient_record=true;record_access.level=clinical");
  RosterPeopleRecord record = { "r1", new_user, SENT, "completed", 1000 };
  g_autoptr(GPtrArray) people = roster_people_derive (&record, 1);
  const RosterPerson *person = g_ptr_array_index (people, 0);
  const RosterForm *change_form = roster_person_action_get_form (ROSTER_PERSON_ACTION_CHANGE);
  const RosterForm *terminate_form = roster_person_action_get_form (ROSTER_PERSON_ACTION_TERMINATE);
  const RosterForm *new_form = roster_person_action_get_form (ROSTER_PERSON_ACTION_NEW_ACCOUNT);
  g_autoptr(RosterRequest) change = NULL;
  g_autoptr(RosterRequest) terminate = NULL;
  g_autoptr(RosterRequest) again = NULL;

  g_assert_nonnull (person->title);
  g_assert_true (change_form == roster_form_get_account_change ());
  g_assert_true (terminate_form == roster_form_get_account_change ());
  g_assert_true (new_form == roster_form_get_new_user ());

  change = roster_request_new (change_form);
  roster_person_fill_request (person, ROSTER_PERSON_ACTION_CHANGE, change);
  g_assert_cmpstr (roster_request_get_role_text (change, ROSTER_ROLE_PERSON_EMAIL), ==, person->email);
  g_assert_cmpstr (roster_request_get_role_text (change, ROSTER_ROLE_PERSON_FIRST_NAME), ==, person->first_name);
  g_assert_cmpstr (roster_request_get_role_text (change, ROSTER_ROLE_PERSON_NPI), ==, TEST_NPI_A);
  g_assert_cmpstr (roster_request_get_role_text (change, ROSTER_ROLE_ORGANIZATION), ==, person->organization);
  g_assert_false (roster_request_ends_access (change));
  g_assert_true (roster_request_has_answer (change, roster_form_get_role_field (change_form, ROSTER_ROLE_REQUEST_KIND)->id));
  /* The access level as it stands, ready if the administrator changes it. */
  g_assert_cmpstr (person->details[ROSTER_SERVICE_PATIENT_RECORD], ==, "clinical");
  for (guint i = 0; i < roster_form_get_n_fields (change_form); i++)
    {
      const RosterField *field = roster_form_get_field (change_form, i);

      if (field->detail_of == ROSTER_SERVICE_PATIENT_RECORD)
        g_assert_cmpstr (roster_request_get_text (change, field->id), ==, "clinical");
    }

  terminate = roster_request_new (terminate_form);
  roster_person_fill_request (person, ROSTER_PERSON_ACTION_TERMINATE, terminate);
  g_assert_true (roster_request_ends_access (terminate));
  g_assert_cmpstr (roster_request_get_role_text (terminate, ROSTER_ROLE_PERSON_LAST_NAME), ==, person->last_name);

  again = roster_request_new (new_form);
  roster_person_fill_request (person, ROSTER_PERSON_ACTION_NEW_ACCOUNT, again);
  g_assert_cmpstr (roster_request_get_role_text (again, ROSTER_ROLE_PERSON_TITLE), ==, person->title);
  g_assert_cmpstr (roster_request_get_role_text (again, ROSTER_ROLE_PERSON_EMAIL), ==, person->email);
}

/* Several people's access ended at once: one termination each, from one
 * set of shared answers, each checked; queued together, and withdrawn
 * together while none has been tried. */
static void
test_people_bulk_terminations (void)
{
  g_autofree char *scratch = test_make_scratch_dir ("roster-people-bulk-XXXXXX");
  g_autoptr(RosterStore) store = roster_store_open (scratch, NULL);
  RosterPeopleRecord records[3] = {
    { "r1", make_request ("new-user", NULL), SENT, "completed", 1000 },
    { "r2", make_request ("modify", NULL), SENT, "completed", 2000 },
    { "r3", make_request ("modify", "user.email=lee.park@upstate.example.org;user.first_name=Lee;user.last_name=Park"),
      SENT, "completed", 3000 },
  };
  g_autoptr(GPtrArray) people = roster_people_derive (records, G_N_ELEMENTS (records));
  g_autoptr(RosterRequest) shared = roster_request_new (roster_person_action_get_form (ROSTER_PERSON_ACTION_TERMINATE));
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  GDate today;

  test_get_fixed_today (&today);
  date = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&today), g_date_get_month (&today), g_date_get_day (&today));
  g_assert_cmpuint (people->len, ==, 3);

  roster_people_new_termination_template (shared);
  roster_request_set_role_text (shared, ROSTER_ROLE_SUBMITTER_NAME, "Pat Lee");
  roster_request_set_role_text (shared, ROSTER_ROLE_SUBMITTER_EMAIL, "pat.lee@upstate.example.org");
  roster_request_set_role_text (shared, ROSTER_ROLE_ACCESS_END_DATE, date);
  roster_request_set_boolean (shared, roster_form_get_role_field (roster_request_get_form (shared), ROSTER_ROLE_ATTESTATION)->id, TRUE);

  /* No reason yet: each person's request says so. */
  requests = roster_people_new_terminations (people, shared, &today, &problems);
  g_assert_null (requests);
  g_assert_cmpuint (problems->len, ==, 3);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, 0), "Ana Díaz — Reason: "));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, 2), "Lee Park — Reason: "));
  g_clear_pointer (&problems, g_ptr_array_unref);

  roster_request_set_text (shared, "termination.reason", "left_organization");
  requests = roster_people_new_terminations (people, shared, &today, &problems);
  g_assert_nonnull (requests);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (requests->len, ==, 3);
  for (guint i = 0; i < requests->len; i++)
    {
      RosterRequest *request = g_ptr_array_index (requests, i);
      const RosterPerson *person = g_ptr_array_index (people, i);

      g_assert_true (roster_request_ends_access (request));
      g_assert_cmpstr (roster_request_get_role_text (request, ROSTER_ROLE_PERSON_EMAIL), ==, person->email);
      g_assert_cmpstr (roster_request_get_role_text (request, ROSTER_ROLE_SUBMITTER_NAME), ==, "Pat Lee");
    }

  /* Queued in one transaction, all in the outbox… */
  ids = roster_store_queue_new (store, requests, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 3);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(RosterStoreEntry) entry = roster_store_get_entry (store, g_ptr_array_index (ids, i), NULL);

      g_assert_cmpint (entry->state, ==, ROSTER_REQUEST_STATE_QUEUED);
    }

  /* …and, once one is being sent, too late to take back: none is. */
  g_assert_true (roster_store_begin_attempt (store, g_ptr_array_index (ids, 2), NULL));
  g_assert_false (roster_store_withdraw_untried (store, ids, &error));
  g_assert_error (error, ROSTER_STORE_ERROR, ROSTER_STORE_ERROR_WRONG_STATE);
  g_clear_error (&error);
  {
    g_autoptr(RosterStoreEntry) entry = roster_store_get_entry (store, g_ptr_array_index (ids, 0), NULL);

    g_assert_cmpint (entry->state, ==, ROSTER_REQUEST_STATE_QUEUED);
  }

  /* Before any try, Undo takes them all back. */
  g_ptr_array_set_size (ids, 2);
  g_assert_true (roster_store_withdraw_untried (store, ids, &error));
  g_assert_no_error (error);
  {
    g_autoptr(RosterStoreEntry) entry = roster_store_get_entry (store, g_ptr_array_index (ids, 1), NULL);

    g_assert_cmpint (entry->state, ==, ROSTER_REQUEST_STATE_DELETED);
  }

  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    g_object_unref (records[i].request);
  test_remove_tree (scratch);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/people/histories", test_people_histories);
  g_test_add_func ("/people/history-order", test_people_history_order);
  g_test_add_func ("/people/forms-declare-services", test_people_forms_declare_services);
  g_test_add_func ("/people/fill-request", test_people_fill_request);
  g_test_add_func ("/people/bulk-terminations", test_people_bulk_terminations);

  return g_test_run ();
}
