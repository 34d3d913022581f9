/* roster-form-new-user.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The HIE's "New User Request" form, as specified in FORM-NEW-USER.md: the
 * account-change form's services asked as "which to give", plus what the
 * HIE needs to create an account. A field that means the same as in the
 * account-change form keeps its id, type, help and role there, so a
 * person's data and a practice's defaults carry over between the forms.
 * Field ids are stable API; never rename one, add a form version instead.
 */

#define G_LOG_DOMAIN "roster-form"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "roster-form-common.h"

static const RosterOption user_role_options[] = {
  { "provider", N_("Provider"),
    N_("A physician, nurse practitioner or other clinician with an NPI.") },
  { "nurse", N_("Nurse") },
  { "care_coordinator", N_("Care coordinator") },
  { "front_office", N_("Front office") },
  { "administrator", N_("Administrator") },
  { "other", N_("Other role") },
  { NULL }
};

static const RosterField user_fields[] = {
  ROSTER_FIELD_USER_FIRST_NAME,
  ROSTER_FIELD_USER_LAST_NAME,
  ROSTER_FIELD_USER_EMAIL,
  ROSTER_FIELD_USER_PHONE,
  ROSTER_FIELD_USER_ORGANIZATION,
  { .id = "user.title", .type = ROSTER_FIELD_TEXT,
    .label = N_("Job title"),
    .help = N_("The user’s job title at the practice, for example “Care coordinator”."),
    .flags = ROSTER_FIELD_REQUIRED, .min_length = 2, .max_length = 64,
    .role = ROSTER_ROLE_PERSON_TITLE },
  { .id = "user.role", .type = ROSTER_FIELD_CHOICE,
    .label = N_("Role"),
    .help = N_("What the user does at the practice. Providers also give their NPI."),
    .flags = ROSTER_FIELD_REQUIRED,
    .options = user_role_options },
  { .id = "user.npi", .type = ROSTER_FIELD_NPI,
    .label = N_("User’s NPI"),
    .help = N_("The provider’s own National Provider Identifier: 10 digits."),
    .flags = ROSTER_FIELD_REQUIRED,
    .visible_when = ROSTER_WHEN_EQUALS ("user.role", "provider"),
    .role = ROSTER_ROLE_PERSON_NPI },
  { .id = "user.start_date", .type = ROSTER_FIELD_DATE,
    .label = N_("Start date"),
    .help = N_("The day the user starts work at the practice. It can’t be more than 30 days in the past."),
    .flags = ROSTER_FIELD_REQUIRED,
    .min_days = -30, .max_days = ROSTER_NO_DAY_LIMIT },
  { .id = "user.supervisor_name", .type = ROSTER_FIELD_TEXT,
    .label = N_("Supervisor"),
    .help = N_("The person at the practice who vouches for this user."),
    .flags = ROSTER_FIELD_REQUIRED, .min_length = 2, .max_length = 64 },
  { NULL }
};

static const RosterField services_fields[] = {
  { .id = "services.secure_messaging", .type = ROSTER_FIELD_BOOLEAN,
    .label = N_("Secure Messaging (Direct Mail)"),
    .help = N_("Secure, HIPAA-compliant communication for fast and easy care coordination. The intuitive system allows for live chat, sending and receiving attachments, and contains a national provider directory to connect you to referral partners."),
    .service = ROSTER_SERVICE_SECURE_MESSAGING },
  { .id = "services.image_exchange", .type = ROSTER_FIELD_BOOLEAN,
    .label = N_("Image Exchange"),
    .help = N_("View diagnostic-quality images easily and efficiently for comparative studies directly in the provider portal or have them delivered into your own PACS through Transfer-to-PACS."),
    .service = ROSTER_SERVICE_IMAGE_EXCHANGE },
  { .id = "services.soarian_username", .type = ROSTER_FIELD_TEXT,
    .label = N_("Soarian SSO username"),
    .help = N_("Enter your Soarian SSO username."),
    .flags = ROSTER_FIELD_REQUIRED, .min_length = 1,
    .visible_when = ROSTER_WHEN_TRUE ("services.image_exchange") },
  { .id = "services.alerts", .type = ROSTER_FIELD_BOOLEAN,
    .label = N_("Alerts"),
    .help = N_("Receive clinical notifications customized to your preferences in-region and throughout New York State. Filter and subscribe to alerts by patient, hospital, or consent, and receive through secure Direct Mail or in our myAlerts application."),
    .service = ROSTER_SERVICE_ALERTS },
  { .id = "services.patient_record", .type = ROSTER_FIELD_BOOLEAN,
    .label = N_("Patient Record Access"),
    .help = N_("Consolidated patient information from hundreds of data sources creates a comprehensive clinical record. Medications, allergies, medical history, labs and more. Clinical access is required to access patient records."),
    .service = ROSTER_SERVICE_PATIENT_RECORD },
  { .id = "services.delegation", .type = ROSTER_FIELD_BOOLEAN,
    .label = N_("Delegation"),
    .help = N_("HealtheConnections can allow “delegates” or alternate recipients to receive alerts or results on behalf of another provider or the organization."),
    .service = ROSTER_SERVICE_DELEGATION },
  { NULL }
};

static const RosterRule services_rules[] = {
  { ROSTER_RULE_ANY_TRUE,
    .field_ids = (const char * const[]) { "services.secure_messaging", "services.image_exchange",
                                          "services.alerts", "services.patient_record",
                                          "services.delegation", NULL },
    .report_on = "services",
    .message = N_("Choose at least one service for the new user.") },
  { 0 }
};

static const RosterField alerts_fields[] = {
  ROSTER_FIELD_ALERTS_BASIS,
  ROSTER_FIELD_ALERTS_USER_IS_PROVIDER,
  ROSTER_FIELD_ALERTS_DELIVERY,
  ROSTER_FIELD_ALERTS_DIRECT_ADDRESS (ROSTER_WHEN_NOT (ROSTER_WHEN_TRUE ("services.secure_messaging"))),
  ROSTER_FIELD_ALERTS_LISTS_SUBMITTED,
  { NULL }
};

static const RosterRule delegation_rules[] = {
  ROSTER_RULE_NPI_DELEGATES,
  { ROSTER_RULE_MIN_ROWS,
    .field_ids = (const char * const[]) { "delegation.alerts", "delegation.results", NULL },
    .min_rows = 1,
    .applies_when = ROSTER_WHEN_TRUE ("services.delegation"),
    .report_on = "delegation",
    .message = N_("Add at least one provider, for alerts or for results, whose delegate this user becomes.") },
  { 0 }
};

static const RosterField training_fields[] = {
  { .id = "training.completed", .type = ROSTER_FIELD_BOOLEAN,
    .label = N_("Privacy and security training completed"),
    .help = N_("The user has completed the HIE’s privacy and security training."),
    .flags = ROSTER_FIELD_REQUIRED | ROSTER_FIELD_MUST_BE_TRUE },
  { .id = "training.acceptable_use", .type = ROSTER_FIELD_BOOLEAN,
    .label = N_("Acceptable use policy accepted"),
    .help = N_("The user has read and agrees to the HIE’s acceptable use policy."),
    .flags = ROSTER_FIELD_REQUIRED | ROSTER_FIELD_MUST_BE_TRUE },
  { NULL }
};

static const RosterSection new_user_sections[] = {
  { "user", N_("User Information"),
    N_("The person who needs a new HealtheConnections account."),
    NULL, user_fields },
  { "submitter", N_("Submitter Information, If Not User"),
    NULL,
    NULL, roster_submitter_fields },
  { "services", N_("Services"),
    N_("Choose the services the new user needs. You can add more later with a change request."),
    NULL, services_fields, services_rules },
  { "alerts", N_("Alerts"),
    N_("Receive clinical notifications customized to your preferences in-region and throughout New York State. Filter and subscribe to alerts by patient, hospital, or consent, and receive through secure Direct Mail or in our myAlerts application."),
    ROSTER_WHEN_TRUE ("services.alerts"),
    alerts_fields },
  { "delegation", N_("Delegation"),
    N_("HealtheConnections can allow “delegates” or alternate recipients to receive alerts or results on behalf of another provider or the organization."),
    ROSTER_WHEN_ANY (ROSTER_WHEN_NPI_RULE, ROSTER_WHEN_TRUE ("services.delegation")),
    roster_delegation_fields, delegation_rules },
  { "record_access", N_("Patient Record Access"),
    N_("Consolidated patient information from hundreds of data sources creates a comprehensive clinical record. Medications, allergies, medical history, labs and more. Clinical access is required to access patient records."),
    ROSTER_WHEN_TRUE ("services.patient_record"),
    roster_record_access_fields },
  { "training", N_("Training and Acceptable Use"),
    N_("The HIE gives access only to users who have been trained and have accepted its rules."),
    NULL, training_fields },
  { "attestation", N_("Comments and Attestation"),
    NULL,
    NULL, roster_attestation_fields },
  { NULL }
};

static const RosterForm new_user_form = {
  .id = "hec.new-user",
  .version = 1,
  .title = N_("New User Request"),
  .short_title = N_("New user"),
  .summary = N_("Ask for an account for someone who starts at the practice, with the services they need."),
  .sections = new_user_sections,
};

const RosterForm *
roster_form_get_new_user (void)
{
  return &new_user_form;
}
