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

#include "roster-form.h"

static const RosterOption action_options[] = {
  { "modify", N_("Change services"),
    N_("Add, change or remove services, alerts, delegation or patient record access for an existing user.") },
  { "terminate", N_("Terminate access"),
    N_("End this user’s HealtheConnections account.") },
  { NULL }
};

static const RosterOption add_remove_options[] = {
  { "none", N_("No change") },
  { "add", N_("Add") },
  { "remove", N_("Remove") },
  { NULL }
};

static const RosterOption add_change_remove_options[] = {
  { "none", N_("No change") },
  { "add", N_("Add") },
  { "change", N_("Change") },
  { "remove", N_("Remove") },
  { NULL }
};

static const RosterOption alert_basis_options[] = {
  { "patient_list", N_("Patient lists"),
    N_("Alerts for the patients on lists your organization submits.") },
  { "provider_npi", N_("Provider Based (NPI)"),
    N_("Alerts for the patients of one or more providers, named by NPI.") },
  { "organization", N_("Whole organization"),
    N_("Alerts for the patients of the whole organization.") },
  { NULL }
};

static const RosterOption alert_delivery_options[] = {
  { "direct_mail", N_("Secure Direct Mail") },
  { "myalerts_app", N_("myAlerts application") },
  { NULL }
};

static const RosterOption yes_no_options[] = {
  { "yes", N_("Yes") },
  { "no", N_("No") },
  { NULL }
};

static const RosterOption record_access_options[] = {
  { "clinical", N_("Clinical"),
    N_("Consolidated patient information from hundreds of data sources creates a comprehensive clinical record. Medications, allergies, medical history, labs and more. Clinical access is required to access patient records.") },
  { "non_clinical", N_("Non-Clinical"),
    N_("Non-Clinical Access is patient demographics only. This will allow a user to return a search result for a patient and enter consent only.") },
  { "public_health", N_("Public Health"),
    N_("Public Health access is available to users at Public Health entities only and allows them to bypass consent for Public Health.") },
  { "organ_procurement", N_("Organ Procurement"),
    N_("Organ Procurement access is available to specific Organ Procurement organizations only.") },
  { "medical_examiner", N_("Medical Examiner"),
    N_("Medical Examiner access is available to Medical Examiner’s only.") },
  { "research", N_("Research"),
    N_("Research is available for research studies and requires use of a Level 2 consent.") },
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
#define NPI_RULE         ROSTER_WHEN_ALL (ROSTER_WHEN_EQUALS ("alerts.basis", "provider_npi"), \
                                          ROSTER_WHEN_FALSE ("alerts.user_is_provider"))
#define DELEGATION_CHOSEN ROSTER_WHEN_NOT_EQUALS ("services.delegation", "none")

static const RosterField request_fields[] = {
  { .id = "action", .type = ROSTER_FIELD_CHOICE,
    .label = N_("What should change?"),
    .flags = ROSTER_FIELD_REQUIRED,
    .options = action_options },
  { NULL }
};

static const RosterField user_fields[] = {
  { .id = "user.first_name", .type = ROSTER_FIELD_TEXT,
    .label = N_("First name"),
    .flags = ROSTER_FIELD_REQUIRED, .min_length = 1, .max_length = 64 },
  { .id = "user.last_name", .type = ROSTER_FIELD_TEXT,
    .label = N_("Last name"),
    .flags = ROSTER_FIELD_REQUIRED, .min_length = 1, .max_length = 64 },
  { .id = "user.email", .type = ROSTER_FIELD_EMAIL,
    .label = N_("Work email"),
    .help = N_("The user’s work email address."),
    .flags = ROSTER_FIELD_REQUIRED },
  { .id = "user.phone", .type = ROSTER_FIELD_PHONE,
    .label = N_("Work phone"),
    .help = N_("Optional. A US phone number where the HIE can reach the user.") },
  { .id = "user.username", .type = ROSTER_FIELD_TEXT,
    .label = N_("HealtheConnections username"),
    .help = N_("Optional. The user’s existing username, if you know it.") },
  { .id = "user.organization", .type = ROSTER_FIELD_TEXT,
    .label = N_("Organization"),
    .help = N_("Enter the legal business name of the organization that the user is employed at (i.e. Upstate University Hospital, Family Care Medical Group, Guthrie, Optum Medical Care)."),
    .flags = ROSTER_FIELD_REQUIRED, .min_length = 2, .max_length = 128 },
  { .id = "user.npi", .type = ROSTER_FIELD_NPI,
    .label = N_("User’s NPI"),
    .help = N_("Optional. The user’s own National Provider Identifier, when the user is a provider.") },
  { NULL }
};

static const RosterField submitter_fields[] = {
  { .id = "submitter.is_user", .type = ROSTER_FIELD_BOOLEAN,
    .label = N_("I am the user named above"),
    .help = N_("Turn this off when you are filling in the form for someone else."),
    .flags = ROSTER_FIELD_REQUIRED },
  { .id = "submitter.name", .type = ROSTER_FIELD_TEXT,
    .label = N_("Your name"),
    .help = N_("Enter your name, if not user."),
    .flags = ROSTER_FIELD_REQUIRED, .min_length = 1,
    .visible_when = ROSTER_WHEN_FALSE ("submitter.is_user") },
  { .id = "submitter.email", .type = ROSTER_FIELD_EMAIL,
    .label = N_("Your email"),
    .help = N_("Enter your email address, if not user."),
    .flags = ROSTER_FIELD_REQUIRED,
    .visible_when = ROSTER_WHEN_FALSE ("submitter.is_user") },
  { NULL }
};

static const RosterField services_fields[] = {
  { .id = "services.secure_messaging", .type = ROSTER_FIELD_CHOICE,
    .label = N_("Secure Messaging (Direct Mail)"),
    .help = N_("Secure, HIPAA-compliant communication for fast and easy care coordination. The intuitive system allows for live chat, sending and receiving attachments, and contains a national provider directory to connect you to referral partners."),
    .options = add_remove_options, .default_id = "none" },
  { .id = "services.image_exchange", .type = ROSTER_FIELD_CHOICE,
    .label = N_("Image Exchange"),
    .help = N_("View diagnostic-quality images easily and efficiently for comparative studies directly in the provider portal or have them delivered into your own PACS through Transfer-to-PACS."),
    .options = add_remove_options, .default_id = "none" },
  { .id = "services.soarian_username", .type = ROSTER_FIELD_TEXT,
    .label = N_("Soarian SSO username"),
    .help = N_("Enter your Soarian SSO username."),
    .flags = ROSTER_FIELD_REQUIRED, .min_length = 1,
    .visible_when = ROSTER_WHEN_EQUALS ("services.image_exchange", "add") },
  { .id = "services.alerts", .type = ROSTER_FIELD_CHOICE,
    .label = N_("Alerts"),
    .help = N_("Receive clinical notifications customized to your preferences in-region and throughout New York State. Filter and subscribe to alerts by patient, hospital, or consent, and receive through secure Direct Mail or in our myAlerts application."),
    .options = add_change_remove_options, .default_id = "none" },
  { .id = "services.patient_record", .type = ROSTER_FIELD_CHOICE,
    .label = N_("Patient Record Access"),
    .help = N_("Consolidated patient information from hundreds of data sources creates a comprehensive clinical record. Medications, allergies, medical history, labs and more. Clinical access is required to access patient records."),
    .options = add_change_remove_options, .default_id = "none" },
  { .id = "services.delegation", .type = ROSTER_FIELD_CHOICE,
    .label = N_("Delegation"),
    .help = N_("HealtheConnections can allow “delegates” or alternate recipients to receive alerts or results on behalf of another provider or the organization."),
    .options = add_change_remove_options, .default_id = "none" },
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
  { .id = "alerts.basis", .type = ROSTER_FIELD_CHOICE,
    .label = N_("Alerts are based on"),
    .flags = ROSTER_FIELD_REQUIRED,
    .options = alert_basis_options },
  { .id = "alerts.user_is_provider", .type = ROSTER_FIELD_BOOLEAN,
    .label = N_("The user is the provider"),
    .help = N_("If you are requesting Provider Based (NPI) alerting, but are NOT the provider, please ensure that you add the provider(s) that you need alerting for in the DELEGATION section below."),
    .flags = ROSTER_FIELD_REQUIRED,
    .visible_when = ROSTER_WHEN_EQUALS ("alerts.basis", "provider_npi") },
  { .id = "alerts.delivery", .type = ROSTER_FIELD_CHOICE,
    .label = N_("Deliver alerts by"),
    .help = N_("Receive alerts through secure Direct Mail or in our myAlerts application."),
    .flags = ROSTER_FIELD_REQUIRED,
    .options = alert_delivery_options },
  { .id = "alerts.direct_address", .type = ROSTER_FIELD_DIRECT_ADDRESS,
    .label = N_("Direct address for alerts"),
    .help = N_("Enter Direct Mail Address for Alerting. If you are also requesting a new Direct Mail address, leave blank and alerts will be configured to your new Direct Mail Address."),
    .flags = ROSTER_FIELD_REQUIRED,
    .visible_when = ROSTER_WHEN_EQUALS ("alerts.delivery", "direct_mail"),
    .required_when = ROSTER_WHEN_NOT (ROSTER_WHEN_EQUALS ("services.secure_messaging", "add")) },
  { .id = "alerts.lists_submitted", .type = ROSTER_FIELD_CHOICE,
    .label = N_("Lists have been submitted"),
    .help = N_("Whether your organization has already sent the HIE the patient lists for these alerts."),
    .flags = ROSTER_FIELD_REQUIRED,
    .options = yes_no_options,
    .visible_when = ROSTER_WHEN_EQUALS ("alerts.basis", "patient_list") },
  { NULL }
};

static const RosterField delegation_fields[] = {
  { .id = "delegation.alerts", .type = ROSTER_FIELD_PROVIDER_LIST,
    .label = N_("Providers whose alerts this user receives"),
    .help = N_("Add provider names and NPIs.") },
  { .id = "delegation.results", .type = ROSTER_FIELD_PROVIDER_LIST,
    .label = N_("Providers whose results this user receives"),
    .help = N_("Add provider names and NPIs.") },
  { NULL }
};

static const RosterRule delegation_rules[] = {
  { ROSTER_RULE_MIN_ROWS,
    .field_ids = (const char * const[]) { "delegation.alerts", NULL },
    .min_rows = 1,
    .applies_when = NPI_RULE,
    .report_on = "delegation.alerts",
    .message = N_("Add at least one provider whose alerts this user receives: the user is not the provider.") },
  { ROSTER_RULE_MIN_ROWS,
    .field_ids = (const char * const[]) { "delegation.alerts", "delegation.results", NULL },
    .min_rows = 1,
    .applies_when = DELEGATION_CHOSEN,
    .report_on = "delegation",
    .message = N_("Add at least one provider, for alerts or for results, whose delegation changes.") },
  { 0 }
};

static const RosterField record_access_fields[] = {
  { .id = "record_access.level", .type = ROSTER_FIELD_CHOICE,
    .label = N_("Access level"),
    .flags = ROSTER_FIELD_REQUIRED,
    .options = record_access_options },
  { .id = "record_access.research_study", .type = ROSTER_FIELD_TEXT,
    .label = N_("Research study"),
    .help = N_("The name of the research study this access is for."),
    .flags = ROSTER_FIELD_REQUIRED, .min_length = 1,
    .visible_when = ROSTER_WHEN_EQUALS ("record_access.level", "research") },
  { .id = "record_access.level2_consent", .type = ROSTER_FIELD_BOOLEAN,
    .label = N_("The study uses a Level 2 consent"),
    .help = N_("Research is available for research studies and requires use of a Level 2 consent."),
    .flags = ROSTER_FIELD_REQUIRED | ROSTER_FIELD_MUST_BE_TRUE,
    .visible_when = ROSTER_WHEN_EQUALS ("record_access.level", "research") },
  { .id = "record_access.entity_attested", .type = ROSTER_FIELD_BOOLEAN,
    .label = N_("The user works at an entity eligible for this access level"),
    .help = N_("Public Health, Organ Procurement and Medical Examiner access is only for users at those entities."),
    .flags = ROSTER_FIELD_REQUIRED | ROSTER_FIELD_MUST_BE_TRUE,
    .visible_when = ROSTER_WHEN_EQUALS ("record_access.level",
                                        "public_health", "organ_procurement", "medical_examiner") },
  { NULL }
};

static const RosterField termination_fields[] = {
  { .id = "termination.effective_date", .type = ROSTER_FIELD_DATE,
    .label = N_("Last day of access"),
    .help = N_("The date the user’s access ends. It can’t be more than 30 days in the past."),
    .flags = ROSTER_FIELD_REQUIRED,
    .min_days = -30, .max_days = ROSTER_NO_DAY_LIMIT },
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

static const RosterField attestation_fields[] = {
  { .id = "comments", .type = ROSTER_FIELD_TEXT,
    .label = N_("Comments"),
    .help = N_("Optional. Anything else the HIE should know about this request."),
    .flags = ROSTER_FIELD_MULTILINE, .max_length = 2000 },
  { .id = "attestation.authorized", .type = ROSTER_FIELD_BOOLEAN,
    .label = N_("I am an authorized employee of a participating organization"),
    .help = N_("If you are NOT an authorized employee of a participating organization, DO NOT submit this form."),
    .flags = ROSTER_FIELD_REQUIRED | ROSTER_FIELD_MUST_BE_TRUE },
  { NULL }
};

static const RosterSection account_change_sections[] = {
  { "request", N_("Request"),
    N_("This form is only for existing HealtheConnections users. If an individual does not already have a user account with HealtheConnections, they can request one by filling out the New User Request Form."),
    NULL, request_fields },
  { "user", N_("User Information"),
    N_("The person whose HealtheConnections account changes."),
    NULL, user_fields },
  { "submitter", N_("Submitter Information, If Not User"),
    NULL,
    NULL, submitter_fields },
  { "services", N_("Services"),
    N_("Choose what changes for each service. Services left at “No change” stay as they are."),
    IS_MODIFY, services_fields, services_rules },
  { "alerts", N_("Alerts"),
    N_("Receive clinical notifications customized to your preferences in-region and throughout New York State. Filter and subscribe to alerts by patient, hospital, or consent, and receive through secure Direct Mail or in our myAlerts application."),
    ROSTER_WHEN_ALL (IS_MODIFY, ROSTER_WHEN_EQUALS ("services.alerts", "add", "change")),
    alerts_fields },
  { "delegation", N_("Delegation"),
    N_("HealtheConnections can allow “delegates” or alternate recipients to receive alerts or results on behalf of another provider or the organization."),
    ROSTER_WHEN_ALL (IS_MODIFY, ROSTER_WHEN_ANY (NPI_RULE, DELEGATION_CHOSEN)),
    delegation_fields, delegation_rules },
  { "record_access", N_("Patient Record Access"),
    N_("Consolidated patient information from hundreds of data sources creates a comprehensive clinical record. Medications, allergies, medical history, labs and more. Clinical access is required to access patient records."),
    ROSTER_WHEN_ALL (IS_MODIFY, ROSTER_WHEN_EQUALS ("services.patient_record", "add", "change")),
    record_access_fields },
  { "termination", N_("Terminate Access"),
    N_("End the user’s access to HealtheConnections."),
    ROSTER_WHEN_EQUALS ("action", "terminate"),
    termination_fields },
  { "attestation", N_("Comments and Attestation"),
    NULL,
    NULL, attestation_fields },
  { NULL }
};

static const RosterForm account_change_form = {
  .id = "hec.account-change",
  .version = 1,
  .title = N_("Modify or Terminate a User Account"),
  .sections = account_change_sections,
};

const RosterForm *
roster_form_get_account_change (void)
{
  return &account_change_form;
}
