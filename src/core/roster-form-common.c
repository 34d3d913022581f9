/* roster-form-common.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The parts of the form tables that the HIE's forms share word for word
 * (see roster-form-common.h). Help sentences are the seed page's own
 * wording. Field ids are stable API.
 */

#define G_LOG_DOMAIN "roster-form"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "roster-form-common.h"

const RosterOption roster_alert_basis_options[] = {
  { "patient_list", N_("Patient lists"),
    N_("Alerts for the patients on lists your organization submits.") },
  { "provider_npi", N_("Provider Based (NPI)"),
    N_("Alerts for the patients of one or more providers, named by NPI.") },
  { "organization", N_("Whole organization"),
    N_("Alerts for the patients of the whole organization.") },
  { NULL }
};

const RosterOption roster_alert_delivery_options[] = {
  { "direct_mail", N_("Secure Direct Mail") },
  { "myalerts_app", N_("myAlerts application") },
  { NULL }
};

const RosterOption roster_yes_no_options[] = {
  { "yes", N_("Yes") },
  { "no", N_("No") },
  { NULL }
};

const RosterOption roster_record_access_options[] = {
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

const RosterField roster_submitter_fields[] = {
  { .id = "submitter.is_user", .type = ROSTER_FIELD_BOOLEAN,
    .label = N_("I am the user named above"),
    .help = N_("Turn this off when you are filling in the form for someone else."),
    .flags = ROSTER_FIELD_REQUIRED,
    .role = ROSTER_ROLE_SUBMITTER_IS_PERSON },
  { .id = "submitter.name", .type = ROSTER_FIELD_TEXT,
    .label = N_("Your name"),
    .help = N_("Enter your name, if not user."),
    .flags = ROSTER_FIELD_REQUIRED, .min_length = 1,
    .visible_when = ROSTER_WHEN_FALSE ("submitter.is_user"),
    .role = ROSTER_ROLE_SUBMITTER_NAME },
  { .id = "submitter.email", .type = ROSTER_FIELD_EMAIL,
    .label = N_("Your email"),
    .help = N_("Enter your email address, if not user."),
    .flags = ROSTER_FIELD_REQUIRED,
    .visible_when = ROSTER_WHEN_FALSE ("submitter.is_user"),
    .role = ROSTER_ROLE_SUBMITTER_EMAIL },
  { NULL }
};

const RosterField roster_delegation_fields[] = {
  { .id = "delegation.alerts", .type = ROSTER_FIELD_PROVIDER_LIST,
    .label = N_("Providers whose alerts this user receives"),
    .help = N_("Add provider names and NPIs.") },
  { .id = "delegation.results", .type = ROSTER_FIELD_PROVIDER_LIST,
    .label = N_("Providers whose results this user receives"),
    .help = N_("Add provider names and NPIs.") },
  { NULL }
};

const RosterField roster_record_access_fields[] = {
  { .id = "record_access.level", .type = ROSTER_FIELD_CHOICE,
    .label = N_("Access level"),
    .flags = ROSTER_FIELD_REQUIRED,
    .options = roster_record_access_options,
    .detail_of = ROSTER_SERVICE_PATIENT_RECORD },
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

const RosterField roster_attestation_fields[] = {
  { .id = "comments", .type = ROSTER_FIELD_TEXT,
    .label = N_("Comments"),
    .help = N_("Optional. Anything else the HIE should know about this request."),
    .flags = ROSTER_FIELD_MULTILINE, .max_length = 2000 },
  { .id = "attestation.authorized", .type = ROSTER_FIELD_BOOLEAN,
    .label = N_("I am an authorized employee of a participating organization"),
    .help = N_("If you are NOT an authorized employee of a participating organization, DO NOT submit this form."),
    .flags = ROSTER_FIELD_REQUIRED | ROSTER_FIELD_MUST_BE_TRUE,
    .role = ROSTER_ROLE_ATTESTATION },
  { NULL }
};
