/* roster-types.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _RosterCondition RosterCondition;
typedef struct _RosterField     RosterField;
typedef struct _RosterForm      RosterForm;
typedef struct _RosterIssue     RosterIssue;
typedef struct _RosterOption    RosterOption;
typedef struct _RosterProvider  RosterProvider;
typedef struct _RosterRule      RosterRule;
typedef struct _RosterSection   RosterSection;

typedef struct _RosterRequest   RosterRequest;

/**
 * RosterFieldType:
 *
 * The kind of answer a field holds. Each type has one widget in the
 * editor, one validator in the rules and one JSON shape in the payload.
 */
typedef enum
{
  ROSTER_FIELD_TEXT,
  ROSTER_FIELD_EMAIL,
  ROSTER_FIELD_DIRECT_ADDRESS,
  ROSTER_FIELD_PHONE,
  ROSTER_FIELD_NPI,
  ROSTER_FIELD_DATE,
  ROSTER_FIELD_CHOICE,
  ROSTER_FIELD_BOOLEAN,
  ROSTER_FIELD_PROVIDER_LIST,
} RosterFieldType;

/**
 * RosterFieldFlags:
 * @ROSTER_FIELD_REQUIRED: an answer is needed whenever the field is visible
 *   (and, if the field has a `required_when` condition, that holds)
 * @ROSTER_FIELD_MUST_BE_TRUE: a boolean that must be switched on
 * @ROSTER_FIELD_MULTILINE: text that may contain newlines and tabs
 */
typedef enum
{
  ROSTER_FIELD_FLAGS_NONE   = 0,
  ROSTER_FIELD_REQUIRED     = 1 << 0,
  ROSTER_FIELD_MUST_BE_TRUE = 1 << 1,
  ROSTER_FIELD_MULTILINE    = 1 << 2,
} RosterFieldFlags;

G_END_DECLS
