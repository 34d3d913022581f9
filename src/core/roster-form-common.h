/* roster-form-common.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/*
 * What the HIE's forms ask in the same words: options, whole sections and
 * single fields that keep their id, type, help and role from one form to
 * the next (FORM-NEW-USER.md: "where a field means the same as in FORM.md
 * it keeps the same id, type and help"), so a person's data and a
 * practice's defaults carry over between forms. Part of the form tables:
 * only roster-form-*.c include it.
 */

#include "roster-form.h"

G_BEGIN_DECLS

extern const RosterOption roster_alert_basis_options[];
extern const RosterOption roster_alert_delivery_options[];
extern const RosterOption roster_yes_no_options[];
extern const RosterOption roster_record_access_options[];

extern const RosterField roster_submitter_fields[];
extern const RosterField roster_delegation_fields[];
extern const RosterField roster_record_access_fields[];
extern const RosterField roster_attestation_fields[];

/* FORM.md's NPI rule: provider-based alerting for someone who is not the
 * provider. A hidden field reads as unanswered, so this is false whenever
 * the Alerts section is hidden. */
#define ROSTER_WHEN_NPI_RULE \
  ROSTER_WHEN_ALL (ROSTER_WHEN_EQUALS ("alerts.basis", "provider_npi"), \
                   ROSTER_WHEN_FALSE ("alerts.user_is_provider"))

#define ROSTER_FIELD_USER_FIRST_NAME \
  { .id = "user.first_name", .type = ROSTER_FIELD_TEXT, \
  .label = N_("First name"), \
  .flags = ROSTER_FIELD_REQUIRED, .min_length = 1, .max_length = 64, \
  .role = ROSTER_ROLE_PERSON_FIRST_NAME }

#define ROSTER_FIELD_USER_LAST_NAME \
  { .id = "user.last_name", .type = ROSTER_FIELD_TEXT, \
  .label = N_("Last name"), \
  .flags = ROSTER_FIELD_REQUIRED, .min_length = 1, .max_length = 64, \
  .role = ROSTER_ROLE_PERSON_LAST_NAME }

#define ROSTER_FIELD_USER_EMAIL \
  { .id = "user.email", .type = ROSTER_FIELD_EMAIL, \
  .label = N_("Work email"), \
  .help = N_("The user’s work email address."), \
  .flags = ROSTER_FIELD_REQUIRED, \
  .role = ROSTER_ROLE_PERSON_EMAIL }

#define ROSTER_FIELD_USER_PHONE \
  { .id = "user.phone", .type = ROSTER_FIELD_PHONE, \
  .label = N_("Work phone"), \
  .help = N_("Optional. A US phone number where the HIE can reach the user.") }

#define ROSTER_FIELD_USER_ORGANIZATION \
  { .id = "user.organization", .type = ROSTER_FIELD_TEXT, \
  .label = N_("Organization"), \
  .help = N_("Enter the legal business name of the organization that the user is employed at (i.e. Upstate University Hospital, Family Care Medical Group, Guthrie, Optum Medical Care)."), \
  .flags = ROSTER_FIELD_REQUIRED, .min_length = 2, .max_length = 128, \
  .role = ROSTER_ROLE_ORGANIZATION }

#define ROSTER_FIELD_ALERTS_BASIS \
  { .id = "alerts.basis", .type = ROSTER_FIELD_CHOICE, \
  .label = N_("Alerts are based on"), \
  .flags = ROSTER_FIELD_REQUIRED, \
  .options = roster_alert_basis_options, \
  .detail_of = ROSTER_SERVICE_ALERTS }

#define ROSTER_FIELD_ALERTS_USER_IS_PROVIDER \
  { .id = "alerts.user_is_provider", .type = ROSTER_FIELD_BOOLEAN, \
  .label = N_("The user is the provider"), \
  .help = N_("If you are requesting Provider Based (NPI) alerting, but are NOT the provider, please ensure that you add the provider(s) that you need alerting for in the DELEGATION section below."), \
  .flags = ROSTER_FIELD_REQUIRED, \
  .visible_when = ROSTER_WHEN_EQUALS ("alerts.basis", "provider_npi") }

#define ROSTER_FIELD_ALERTS_DELIVERY \
  { .id = "alerts.delivery", .type = ROSTER_FIELD_CHOICE, \
  .label = N_("Deliver alerts by"), \
  .help = N_("Receive alerts through secure Direct Mail or in our myAlerts application."), \
  .flags = ROSTER_FIELD_REQUIRED, \
  .options = roster_alert_delivery_options }

#define ROSTER_FIELD_ALERTS_LISTS_SUBMITTED \
  { .id = "alerts.lists_submitted", .type = ROSTER_FIELD_CHOICE, \
  .label = N_("Lists have been submitted"), \
  .help = N_("Whether your organization has already sent the HIE the patient lists for these alerts."), \
  .flags = ROSTER_FIELD_REQUIRED, \
  .options = roster_yes_no_options, \
  .visible_when = ROSTER_WHEN_EQUALS ("alerts.basis", "patient_list") }

/* Required unless the request also asks for a new Direct Mail address:
 * @required says when, in the form's own words. */
#define ROSTER_FIELD_ALERTS_DIRECT_ADDRESS(required) \
  { .id = "alerts.direct_address", .type = ROSTER_FIELD_DIRECT_ADDRESS, \
  .label = N_("Direct address for alerts"), \
  .help = N_("Enter Direct Mail Address for Alerting. If you are also requesting a new Direct Mail address, leave blank and alerts will be configured to your new Direct Mail Address."), \
  .flags = ROSTER_FIELD_REQUIRED, \
  .visible_when = ROSTER_WHEN_EQUALS ("alerts.delivery", "direct_mail"), \
  .required_when = required }

/* FORM.md's rule under the NPI rule: the providers must be named. */
#define ROSTER_RULE_NPI_DELEGATES \
  { ROSTER_RULE_MIN_ROWS, \
  .field_ids = (const char * const[]) { "delegation.alerts", NULL }, \
  .min_rows = 1, \
  .applies_when = ROSTER_WHEN_NPI_RULE, \
  .report_on = "delegation.alerts", \
  .message = N_("Add at least one provider whose alerts this user receives: the user is not the provider.") }

G_END_DECLS
