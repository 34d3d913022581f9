/* roster-questionnaire.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "roster-request.h"

G_BEGIN_DECLS

/* Where the published Questionnaires and their code systems live: the
 * same host as the payload’s JSON Schemas in data/. */
#define ROSTER_FHIR_BASE_URL "https://hieroster.github.io/fhir"

/* The linkIds of a provider list's columns are "<list id>.<column>". */
#define ROSTER_QUESTIONNAIRE_NAME_COLUMN "name"
#define ROSTER_QUESTIONNAIRE_NPI_COLUMN  "npi"

char     *roster_questionnaire_get_url      (const RosterForm  *form);
char     *roster_questionnaire_get_system   (const RosterForm  *form,
                                             const RosterField *field);
JsonNode *roster_questionnaire_new          (const RosterForm  *form);
JsonNode *roster_questionnaire_response_new (RosterRequest     *request);

G_END_DECLS
