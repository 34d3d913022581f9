/* roster-payload-summary.h
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * RosterAnswerLine:
 * @section_title: the section, translated
 * @label: the question, translated (for a provider, "List — Name")
 * @value: the answer in plain words: an option's label, "Yes"/"No", a
 *   date in words, "NPI 1234567893"
 *
 * One line of what a payload says, for Review and for receipts.
 */
typedef struct
{
  char *section_title;
  char *label;
  char *value;
} RosterAnswerLine;

void       roster_answer_line_free       (RosterAnswerLine *line);
char      *roster_describe_date          (const char       *iso_date);
GPtrArray *roster_payload_summarize      (GBytes           *payload);

G_END_DECLS
