/* roster-form.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "roster-types.h"

G_BEGIN_DECLS

/*
 * A form is data, not code: static tables of sections and fields, each
 * field with its type, label, help, options, limits and rules. Conditions
 * are small expression trees over earlier fields' answers. Adding a form
 * means adding a new table (see roster-form-account-change.c) and listing
 * it in roster-form.c's form_getters; nothing else changes. What the app
 * needs to know about a form beyond its questions (whose request it is,
 * what Preferences pre-fill) the table says with field roles.
 *
 * Strings in the tables are marked with N_() and translated when shown.
 */

typedef enum
{
  ROSTER_CONDITION_EQUALS,      /* the field's answer is one of `values` */
  ROSTER_CONDITION_NOT_EQUALS,  /* the field has an answer, not in `values` */
  ROSTER_CONDITION_IS_TRUE,     /* the boolean field is on */
  ROSTER_CONDITION_IS_FALSE,    /* the boolean field is visible and off */
  ROSTER_CONDITION_NOT,         /* operands[0] does not hold */
  ROSTER_CONDITION_ALL,         /* every operand holds */
  ROSTER_CONDITION_ANY,         /* at least one operand holds */
} RosterConditionKind;

/**
 * RosterCondition:
 *
 * A rule over answers. A condition only reads fields that come earlier in
 * the form, and reads a hidden field as unanswered: "the alert basis is
 * provider_npi" is false whenever the Alerts section is hidden. That makes
 * visibility one pass over the form in order, with no cycles possible.
 */
struct _RosterCondition
{
  RosterConditionKind            kind;
  const char                    *field_id;
  const char * const            *values;    /* NULL-terminated */
  const RosterCondition * const *operands;  /* NULL-terminated */
};

#define ROSTER_WHEN_EQUALS(field, ...) \
  (&(const RosterCondition) { ROSTER_CONDITION_EQUALS, field, (const char * const[]) { __VA_ARGS__, NULL }, NULL })
#define ROSTER_WHEN_NOT_EQUALS(field, ...) \
  (&(const RosterCondition) { ROSTER_CONDITION_NOT_EQUALS, field, (const char * const[]) { __VA_ARGS__, NULL }, NULL })
#define ROSTER_WHEN_TRUE(field) \
  (&(const RosterCondition) { ROSTER_CONDITION_IS_TRUE, field, NULL, NULL })
#define ROSTER_WHEN_FALSE(field) \
  (&(const RosterCondition) { ROSTER_CONDITION_IS_FALSE, field, NULL, NULL })
#define ROSTER_WHEN_NOT(operand) \
  (&(const RosterCondition) { ROSTER_CONDITION_NOT, NULL, NULL, (const RosterCondition * const[]) { operand, NULL } })
#define ROSTER_WHEN_ALL(...) \
  (&(const RosterCondition) { ROSTER_CONDITION_ALL, NULL, NULL, (const RosterCondition * const[]) { __VA_ARGS__, NULL } })
#define ROSTER_WHEN_ANY(...) \
  (&(const RosterCondition) { ROSTER_CONDITION_ANY, NULL, NULL, (const RosterCondition * const[]) { __VA_ARGS__, NULL } })

/**
 * RosterService:
 *
 * The HIE services a person's account can have. A form's field that says
 * what happens to one declares it (#RosterField.service), and so does a
 * field that details it (#RosterField.detail_of), so Roster can tell from
 * a completed request what a person has, whichever form asked.
 */
typedef enum
{
  ROSTER_SERVICE_NONE = 0,
  ROSTER_SERVICE_SECURE_MESSAGING,
  ROSTER_SERVICE_IMAGE_EXCHANGE,
  ROSTER_SERVICE_ALERTS,
  ROSTER_SERVICE_PATIENT_RECORD,
  ROSTER_SERVICE_DELEGATION,
  ROSTER_N_SERVICES
} RosterService;

/* What an answer to a service field does to the service. A boolean
 * service field that is on grants it; off keeps it as it is. */
typedef enum
{
  ROSTER_EFFECT_KEEP = 0,
  ROSTER_EFFECT_GRANT,
  ROSTER_EFFECT_CHANGE,
  ROSTER_EFFECT_REVOKE,
} RosterServiceEffect;

struct _RosterOption
{
  const char          *id;
  const char          *label;       /* N_() */
  const char          *help;        /* N_(), may be NULL */
  gboolean             ends_access; /* of a ROSTER_ROLE_REQUEST_KIND field: the request ends the person's access */
  RosterServiceEffect  effect;      /* of a service field's option */
};

/**
 * RosterFieldRole:
 *
 * What a field means to the app beyond its own question. Code that needs
 * "the person's email" or "the practice's name" asks the form for the
 * field with that role (roster_form_get_role_field()) and never names a
 * field id: a new form declares its roles in its table and nothing else
 * changes. Each role is declared by at most one field of a form.
 */
typedef enum
{
  ROSTER_ROLE_NONE = 0,
  ROSTER_ROLE_PERSON_FIRST_NAME,  /* the person the request is about */
  ROSTER_ROLE_PERSON_LAST_NAME,
  ROSTER_ROLE_PERSON_EMAIL,       /* a person's identity at the practice, compared case-insensitively */
  ROSTER_ROLE_PERSON_NPI,
  ROSTER_ROLE_PERSON_TITLE,       /* TEXT: their job title */
  ROSTER_ROLE_ORGANIZATION,       /* pre-filled from Preferences */
  ROSTER_ROLE_SUBMITTER_NAME,     /* pre-filled from Preferences */
  ROSTER_ROLE_SUBMITTER_EMAIL,    /* pre-filled from Preferences */
  ROSTER_ROLE_REQUEST_KIND,       /* CHOICE: what the request does; lists show its option */
  ROSTER_ROLE_ACCESS_END_DATE,    /* DATE: the last day of access, when the kind ends access */
  ROSTER_ROLE_SUBMITTER_IS_PERSON,/* BOOLEAN: the submitter is the person the request is about */
  ROSTER_ROLE_ATTESTATION,        /* BOOLEAN: the submitter attests they may send it */
  ROSTER_N_ROLES
} RosterFieldRole;

/* Marks "no limit" for a date field's range. */
#define ROSTER_NO_DAY_LIMIT G_MININT

struct _RosterField
{
  const char             *id;           /* stable API: JSON path and draft key */
  RosterFieldType         type;
  const char             *label;        /* N_() */
  const char             *help;         /* N_(), the seed's sentence where it has one */
  RosterFieldFlags        flags;
  const RosterOption     *options;      /* CHOICE: terminated by an entry with id NULL */
  const char             *default_id;   /* CHOICE: the option chosen until one is picked */
  guint                   min_length;   /* TEXT: characters, after trimming */
  guint                   max_length;   /* TEXT: 0 means ROSTER_TEXT_DEFAULT_MAX_LENGTH */
  int                     min_days;     /* DATE: earliest day relative to today, or ROSTER_NO_DAY_LIMIT */
  int                     max_days;     /* DATE: latest day relative to today, or ROSTER_NO_DAY_LIMIT */
  guint                   max_rows;     /* PROVIDER_LIST: 0 means ROSTER_PROVIDER_LIST_MAX_ROWS */
  const RosterCondition  *visible_when; /* NULL: whenever the section is */
  const RosterCondition  *required_when;/* REQUIRED fields: NULL means always */
  RosterFieldRole         role;         /* ROSTER_ROLE_NONE for most fields */
  RosterService           service;      /* CHOICE or BOOLEAN: what happens to this service */
  RosterService           detail_of;    /* CHOICE: which kind of this service (an alert basis, an access level) */
};

typedef enum
{
  /* At least one of `field_ids` has an answer other than `value`. */
  ROSTER_RULE_ANY_DIFFERS,
  /* The lists `field_ids` hold at least `min_rows` rows between them. */
  ROSTER_RULE_MIN_ROWS,
  /* At least one of the boolean fields `field_ids` is on. */
  ROSTER_RULE_ANY_TRUE,
} RosterRuleKind;

/**
 * RosterRule:
 *
 * A rule that spans several fields of one section. It is checked only when
 * its section is visible and its `applies_when` condition (if any) holds,
 * and is reported on `report_on`, a field id or a section id.
 */
struct _RosterRule
{
  RosterRuleKind          kind;
  const char * const     *field_ids;   /* NULL-terminated */
  const char             *value;
  guint                   min_rows;
  const RosterCondition  *applies_when;
  const char             *report_on;
  const char             *message;     /* N_() */
};

struct _RosterSection
{
  const char             *id;
  const char             *title;       /* N_() */
  const char             *description; /* N_(), may be NULL */
  const RosterCondition  *visible_when;/* NULL: always */
  const RosterField      *fields;      /* terminated by an entry with id NULL */
  const RosterRule       *rules;       /* terminated by an entry with field_ids NULL; may be NULL */
  const char             *related_form;/* a form id the page offers to start instead; may be NULL */
  const char             *related_label;/* N_(): the offer, e.g. "Start a New User Request" */
};

struct _RosterForm
{
  const char             *id;          /* e.g. "hec.account-change" */
  guint                   version;
  const char             *title;       /* N_() */
  const char             *short_title; /* N_(): what starting it means, e.g. "New user" */
  const char             *summary;     /* N_(): one line on when to use it */
  const RosterSection    *sections;    /* terminated by an entry with id NULL */
};

#define ROSTER_PROVIDER_LIST_MAX_ROWS 500

const RosterForm    *roster_form_lookup            (const char          *form_id);
const RosterForm * const *roster_form_get_all     (void);
const RosterForm    *roster_form_get_account_change(void);
const RosterForm    *roster_form_get_new_user      (void);
const RosterField   *roster_form_get_role_field    (const RosterForm    *form,
                                                    RosterFieldRole      role);
guint                roster_form_get_n_fields      (const RosterForm    *form);
const RosterField   *roster_form_get_field         (const RosterForm    *form,
                                                    guint                index);
int                  roster_form_field_index       (const RosterForm    *form,
                                                    const char          *field_id);
const RosterField   *roster_form_lookup_field      (const RosterForm    *form,
                                                    const char          *field_id);
const RosterSection *roster_form_lookup_section    (const RosterForm    *form,
                                                    const char          *section_id);
const RosterSection *roster_form_get_field_section (const RosterForm    *form,
                                                    const RosterField   *field);
const RosterOption  *roster_field_lookup_option    (const RosterField   *field,
                                                    const char          *option_id);
guint                roster_field_get_max_length   (const RosterField   *field);
guint                roster_field_get_max_rows     (const RosterField   *field);

G_END_DECLS
