/* roster-form-account-change.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The HIE's "Modify or terminate a user account" form, as specified field
 * by field in FORM.md. Help sentences are the seed page's own wording;
 * labels were lost from the seed and are ours. Field ids are stable API:
 * they are the JSON keys sent to the intake endpoint and the keys of
 * drafts on disk. Never rename one; add a new form version instead.
 */

#define G_LOG_DOMAIN "roster-form"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "roster-form-common.h"

static const RosterOption action_options[] = {
  { "modify", N_("Change services"),
    N_("Add, change or remove services, alerts, delegation or patient record access for an existing user.") },
  { "terminate", N_("Terminate access"),
    N_("End this user’s HealtheConnections account."),
    .ends_access = TRUE },
  { NULL }
};

static const RosterOption add_remove_options[] = {
  { "none", N_("No change") },
  { "add", N_("Add"), .effect = ROSTER_EFFECT_GRANT },
  { "remove", N_("Remove"), .effect = ROSTER_EFFECT_REVOKE },
  { NULL }
};

static const RosterOption add_change_remove_options[] = {
  { "none", N_("No change") },
  { "add", N_("Add"), .effect = ROSTER_EFFECT_GRANT },
  { "change", N_("Change"), .effect = ROSTER_EFFECT_CHANGE },
  { "remove", N_("Remove"), .effect = ROSTER_EFFECT_REVOKE },
  { NULL }
};

static const RosterOption termination_reason_options[] = {
  { "left_organization", N_("Left the organization") },
  { "role_change", N_("Changed roles") },
  { "no_longer_needed", N_("No longer needs access") },
  { "security_concern", N_("Security concern") },
  { "other", N_("Other reason") },
  { NULL }
};

/* Shared sub-conditions, named after the FORM.md rule they express. */
#define IS_MODIFY        ROSTER_WHEN_EQUALS ("action", "modify")
#define DELEGATION_CHOSEN ROSTER_WHEN_NOT_EQUALS ("services.delegation", "none")

static const RosterField request_fields[] = {
  { .id = "action", .type = ROSTER_FIELD_CHOICE,
    .label = N_("What should change?"),
    .flags = ROSTER_FIELD_REQUIRED,
    .options = action_options,
    .role = ROSTER_ROLE_REQUEST_KIND },
  { NULL }
};

static const RosterField user_fields[] = {
  ROSTER_FIELD_USER_FIRST_NAME,
  ROSTER_FIELD_USER_LAST_NAME,
  ROSTER_FIELD_USER_EMAIL,
  ROSTER_FIELD_USER_PHONE,
  { .id = "user.username", .type = ROSTER_FIELD_TEXT,
    .label = N_("HealtheConnections username"),
    .help = N_("Optional. The user’s existing username, if you know it.") },
  ROSTER_FIELD_USER_ORGANIZATION,
  { .id = "user.npi", .type = ROSTER_FIELD_NPI,
    .label = N_("User’s NPI"),
    .help = N_("Optional. The user’s own National Provider Identifier, when the user is a provider."),
    .role = ROSTER_ROLE_PERSON_NPI },
  { NULL }
};

static const RosterField services_fields[] = {
  { .id = "services.secure_messaging", .type = ROSTER_FIELD_CHOICE,
    .label = N_("Secure Messaging (Direct Mail)"),
    .help = N_("Secure, HIPAA-compliant communication for fast and easy care coordination. The intuitive system allows for live chat, sending and receiving attachments, and contains a national provider directory to connect you to referral partners."),
    .options = add_remove_options, .default_id = "none",
    .service = ROSTER_SERVICE_SECURE_MESSAGING },
  { .id = "services.image_exchange", .type = ROSTER_FIELD_CHOICE,
    .label = N_("Image Exchange"),
    .help = N_("View diagnostic-quality images easily and efficiently for comparative studies directly in the provider portal or have them delivered into your own PACS through Transfer-to-PACS."),
    .options = add_remove_options, .default_id = "none",
    .service = ROSTER_SERVICE_IMAGE_EXCHANGE },
  { .id = "services.soarian_username", .type = ROSTER_FIELD_TEXT,
    .label = N_("Soarian SSO username"),
    .help = N_("Enter your Soarian SSO username."),
    .flags = ROSTER_FIELD_REQUIRED, .min_length = 1,
    .visible_when = ROSTER_WHEN_EQUALS ("services.image_exchange", "add") },
  { .id = "services.alerts", .type = ROSTER_FIELD_CHOICE,
    .label = N_("Alerts"),
    .help = N_("Receive clinical notifications customized to your preferences in-region and throughout New York State. Filter and subscribe to alerts by patient, hospital, or consent, and receive through secure Direct Mail or in our myAlerts application."),
    .options = add_change_remove_options, .default_id = "none",
    .service = ROSTER_SERVICE_ALERTS },
  { .id = "services.patient_record", .type = ROSTER_FIELD_CHOICE,
    .label = N_("Patient Record Access"),
    .help = N_("Consolidated patient information from hundreds of data sources creates a comprehensive clinical record. Medications, allergies, medical history, labs and more. Clinical access is required to access patient records."),
    .options = add_change_remove_options, .default_id = "none",
    .service = ROSTER_SERVICE_PATIENT_RECORD },
  { .id = "services.delegation", .type = ROSTER_FIELD_CHOICE,
    .label = N_("Delegation"),
    .help = N_("HealtheConnections can allow “delegates” or alternate recipients to receive alerts or results on behalf of another provider or the organization."),
    .options = add_change_remove_options, .default_id = "none",
    .service = ROSTER_SERVICE_DELEGATION },
  { NULL }
};

static const RosterRule services_rules[] = {
  { ROSTER_RULE_ANY_DIFFERS,
    .field_ids = (const char * const[]) { "services.secure_messaging", "services.image_exchange",
                                          "services.alerts", "services.patient_record",
                                          "services.delegation", NULL },
    .value = "none",
    .report_on = "services",
    .message = N_("Choose at least one service to add, change or remove.") },
  { 0 }
};

static const RosterField alerts_fields[] = {
  ROSTER_FIELD_ALERTS_BASIS,
  ROSTER_FIELD_ALERTS_USER_IS_PROVIDER,
  ROSTER_FIELD_ALERTS_DELIVERY,
  ROSTER_FIELD_ALERTS_DIRECT_ADDRESS (ROSTER_WHEN_NOT (ROSTER_WHEN_EQUALS ("services.secure_messaging", "add"))),
  ROSTER_FIELD_ALERTS_LISTS_SUBMITTED,
  { NULL }
};

static const RosterRule delegation_rules[] = {
  ROSTER_RULE_NPI_DELEGATES,
  { ROSTER_RULE_MIN_ROWS,
    .field_ids = (const char * const[]) { "delegation.alerts", "delegation.results", NULL },
    .min_rows = 1,
    .applies_when = DELEGATION_CHOSEN,
    .report_on = "delegation",
    .message = N_("Add at least one provider, for alerts or for results, whose delegation changes.") },
  { 0 }
};

static const RosterField termination_fields[] = {
  { .id = "termination.effective_date", .type = ROSTER_FIELD_DATE,
    .label = N_("Last day of access"),
    .help = N_("The date the user’s access ends. It can’t be more than 30 days in the past."),
    .flags = ROSTER_FIELD_REQUIRED,
    .min_days = -30, .max_days = ROSTER_NO_DAY_LIMIT,
    .role = ROSTER_ROLE_ACCESS_END_DATE },
  { .id = "termination.reason", .type = ROSTER_FIELD_CHOICE,
    .label = N_("Reason"),
    .flags = ROSTER_FIELD_REQUIRED,
    .options = termination_reason_options },
  { .id = "termination.note", .type = ROSTER_FIELD_TEXT,
    .label = N_("Details"),
    .help = N_("Explain the reason. Needed when the reason is “Other reason”."),
    .flags = ROSTER_FIELD_REQUIRED | ROSTER_FIELD_MULTILINE, .max_length = 1000,
    .required_when = ROSTER_WHEN_EQUALS ("termination.reason", "other") },
  { NULL }
};

static const RosterSection account_change_sections[] = {
  { "request", N_("Request"),
    N_("This form is only for existing HealtheConnections users. For someone who does not have a user account with HealtheConnections yet, start a New User Request instead."),
    NULL, request_fields,
    .related_form = "hec.new-user",
    .related_label = N_("Start a New User Request") },
  { "user", N_("User Information"),
    N_("The person whose HealtheConnections account changes."),
    NULL, user_fields },
  { "submitter", N_("Submitter Information, If Not User"),
    NULL,
    NULL, roster_submitter_fields },
  { "services", N_("Services"),
    N_("Choose what changes for each service. Services left at “No change” stay as they are."),
    IS_MODIFY, services_fields, services_rules },
  { "alerts", N_("Alerts"),
    N_("Receive clinical notifications customized to your preferences in-region and throughout New York State. Filter and subscribe to alerts by patient, hospital, or consent, and receive through secure Direct Mail or in our myAlerts application."),
    ROSTER_WHEN_ALL (IS_MODIFY, ROSTER_WHEN_EQUALS ("services.alerts", "add", "change")),
    alerts_fields },
  { "delegation", N_("Delegation"),
    N_("HealtheConnections can allow “delegates” or alternate recipients to receive alerts or results on behalf of another provider or the organization."),
    ROSTER_WHEN_ALL (IS_MODIFY, ROSTER_WHEN_ANY (ROSTER_WHEN_NPI_RULE, DELEGATION_CHOSEN)),
    roster_delegation_fields, delegation_rules },
  { "record_access", N_("Patient Record Access"),
    N_("Consolidated patient information from hundreds of data sources creates a comprehensive clinical record. Medications, allergies, medical history, labs and more. Clinical access is required to access patient records."),
    ROSTER_WHEN_ALL (IS_MODIFY, ROSTER_WHEN_EQUALS ("services.patient_record", "add", "change")),
    roster_record_access_fields },
  { "termination", N_("Terminate Access"),
    N_("End the user’s access to HealtheConnections."),
    ROSTER_WHEN_EQUALS ("action", "terminate"),
    termination_fields },
  { "attestation", N_("Comments and Attestation"),
    NULL,
    NULL, roster_attestation_fields },
  { NULL }
};

static const RosterForm account_change_form = {
  .id = "hec.account-change",
  .version = 1,
  .title = N_("Modify or Terminate a User Account"),
  .short_title = N_("Change or terminate a user"),
  .summary = N_("Add or remove services, alerts, delegation or record access for someone who has an account, or end their access."),
  .sections = account_change_sections,
};

const RosterForm *
roster_form_get_account_change (void)
{
  return &account_change_form;
}
