/* roster-people.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-request.h"
#include "roster-store.h"

G_BEGIN_DECLS

/**
 * RosterPeopleRecord:
 * @id: the request's id in the store
 * @request: its answers (what was sent, for a request that left the drafts)
 * @state: where it is
 * @hie_status: (nullable): the HIE's status of a sent request
 * @changed_at: when it last changed, µs since the epoch: the order in
 *   which requests take effect
 *
 * One request, as the derivation of the practice's people reads it.
 */
typedef struct
{
  const char         *id;
  RosterRequest      *request;
  RosterRequestState  state;
  const char         *hie_status;
  gint64              changed_at;
} RosterPeopleRecord;

typedef enum
{
  ROSTER_ACCOUNT_UNKNOWN,  /* no request about them has been completed */
  ROSTER_ACCOUNT_ACTIVE,   /* a completed new-user or change request */
  ROSTER_ACCOUNT_ENDED,    /* their last completed request ended access */
} RosterAccountState;

/**
 * RosterPerson:
 *
 * A staff member at the practice as Roster knows them from its requests,
 * keyed by work email (compared case-insensitively). Services are as the
 * HIE confirmed them (completed requests); @pending says a change is on
 * its way (queued, being sent, or at the HIE and not yet completed or
 * rejected).
 */
typedef struct
{
  char               *email;
  char               *first_name;
  char               *last_name;
  char               *npi;           /* nullable */
  char               *organization;
  char               *title;         /* nullable: their job title, when a request said */
  gboolean            imported;      /* known from an imported user list, not yet from a completed request */
  RosterAccountState  account;
  gboolean            services[ROSTER_N_SERVICES];
  char               *details[ROSTER_N_SERVICES]; /* the option id of a service's detail field, or NULL */
  gint64              confirmed_at;  /* when the last completed request changed, or 0 */
  gboolean            pending;
  GPtrArray          *request_ids;   /* (element-type utf8): their requests, oldest first */
} RosterPerson;

void          roster_person_free   (RosterPerson             *person);
RosterPerson *roster_person_copy   (const RosterPerson       *person);
char         *roster_person_dup_name          (const RosterPerson *person);
char         *roster_person_describe_services (const RosterPerson *person);
GPtrArray  *roster_people_derive           (const RosterPeopleRecord *records,
                                           guint                     n_records);
GPtrArray  *roster_people_derive_with_imported (const RosterPeopleRecord *records,
                                                guint                     n_records,
                                                GPtrArray                *imported);
GPtrArray  *roster_people_load             (RosterStore              *store,
                                           GError                  **error);
const char *roster_service_to_string       (RosterService             service);
const char *roster_account_state_to_string (RosterAccountState        account);
const char *roster_service_get_label       (RosterService             service);
const char *roster_service_get_detail_label (RosterService            service,
                                            const char               *detail);

/**
 * RosterPersonAction:
 * @ROSTER_PERSON_ACTION_NEW_ACCOUNT: ask for an account for the person
 * @ROSTER_PERSON_ACTION_CHANGE: change the person's services
 * @ROSTER_PERSON_ACTION_TERMINATE: end the person's access
 *
 * What a request started from a person's page does.
 */
typedef enum
{
  ROSTER_PERSON_ACTION_NEW_ACCOUNT,
  ROSTER_PERSON_ACTION_CHANGE,
  ROSTER_PERSON_ACTION_TERMINATE,
} RosterPersonAction;

const RosterForm *roster_person_action_get_form (RosterPersonAction  action);
void              roster_person_fill_request    (const RosterPerson *person,
                                                 RosterPersonAction  action,
                                                 RosterRequest      *request);
const char       *roster_person_get_role_text   (const RosterPerson *person,
                                                 RosterFieldRole     role);

void              roster_people_new_termination_template (RosterRequest *request);
GPtrArray        *roster_people_new_terminations         (GPtrArray     *people,
                                                          RosterRequest *shared,
                                                          const GDate   *today,
                                                          GPtrArray    **problems);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RosterPerson, roster_person_free)

G_END_DECLS
