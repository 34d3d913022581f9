/* questionnaire-cases.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Writes answer sets for check-questionnaire.cjs, one JSON object a line:
 *
 *   questionnaire-cases FORM-ID COUNT
 *
 *   {"response": <the QuestionnaireResponse>,
 *    "visible": {"<section or field id>": true|false, …},
 *    "required": {"<visible field id>": true|false, …}}
 *
 * "visible" and "required" are what Roster's own rules say; the script
 * works both out again from the exported Questionnaire with a FHIRPath
 * engine and compares. Every field of the table gets a random answer,
 * hidden or not (a hidden field's answer must not count), every choice
 * and boolean is drawn at random, and a choice or text is sometimes left
 * unanswered, so every branch of every condition comes up. Validity does
 * not matter here. The seed is fixed, so a failure can be replayed.
 */

#include "config.h"

#include <stdio.h>

#include "roster-json-check.h"
#include "roster-questionnaire.h"

#include "test-fixtures.h"

static const char *
sample_text (const RosterField *field)
{
  switch (field->type)
    {
    case ROSTER_FIELD_EMAIL:
      return "ana.diaz@upstate.example.org";

    case ROSTER_FIELD_DIRECT_ADDRESS:
      return "ana.diaz@direct.upstate.example.org";

    case ROSTER_FIELD_PHONE:
      return "(315) 555-0142";

    case ROSTER_FIELD_NPI:
      return TEST_NPI_A;

    case ROSTER_FIELD_DATE:
      return "2026-03-02";

    case ROSTER_FIELD_TEXT:
    case ROSTER_FIELD_CHOICE:
    case ROSTER_FIELD_BOOLEAN:
    case ROSTER_FIELD_PROVIDER_LIST:
    default:
      return "  Zoë Ångström  ";
    }
}

static void
fill_field (RosterRequest     *request,
            const RosterField *field,
            GRand             *rand)
{
  switch (field->type)
    {
    case ROSTER_FIELD_CHOICE:
      {
        guint n_options = 0;

        while (field->options[n_options].id != NULL)
          n_options++;
        /* One time in six unanswered (or left at its default). */
        if (g_rand_int_range (rand, 0, 6) > 0)
          roster_request_set_text (request, field->id,
                                   field->options[g_rand_int_range (rand, 0, n_options)].id);
      }
      break;

    case ROSTER_FIELD_BOOLEAN:
      roster_request_set_boolean (request, field->id, g_rand_boolean (rand));
      break;

    case ROSTER_FIELD_PROVIDER_LIST:
      for (guint r = 0, n_rows = g_rand_int_range (rand, 0, 3); r < n_rows; r++)
        roster_request_insert_row (request, field->id, -1, "Dr. Smith", r == 0 ? TEST_NPI_B : TEST_NPI_C);
      break;

    case ROSTER_FIELD_TEXT:
    case ROSTER_FIELD_EMAIL:
    case ROSTER_FIELD_DIRECT_ADDRESS:
    case ROSTER_FIELD_PHONE:
    case ROSTER_FIELD_NPI:
    case ROSTER_FIELD_DATE:
    default:
      if (g_rand_int_range (rand, 0, 3) > 0)
        roster_request_set_text (request, field->id, sample_text (field));
      break;
    }
}

static JsonNode *
new_case (RosterRequest *request)
{
  const RosterForm *form = roster_request_get_form (request);
  g_autoptr(RosterVisibility) visibility = roster_rules_get_visibility (request);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "response");
  json_builder_add_value (builder, roster_questionnaire_response_new (request));

  json_builder_set_member_name (builder, "visible");
  json_builder_begin_object (builder);
  for (const RosterSection *section = form->sections; section->id != NULL; section++)
    {
      json_builder_set_member_name (builder, section->id);
      json_builder_add_boolean_value (builder, roster_visibility_section_visible (visibility, section->id));
      for (const RosterField *field = section->fields; field->id != NULL; field++)
        {
          json_builder_set_member_name (builder, field->id);
          json_builder_add_boolean_value (builder, roster_visibility_field_visible (visibility, field->id));
        }
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "required");
  json_builder_begin_object (builder);
  for (guint i = 0; i < roster_form_get_n_fields (form); i++)
    {
      const RosterField *field = roster_form_get_field (form, i);

      if (!roster_visibility_field_visible (visibility, field->id))
        continue;
      json_builder_set_member_name (builder, field->id);
      json_builder_add_boolean_value (builder, roster_rules_field_required (request, visibility, field->id));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261207);
  const RosterForm *form;
  guint count;

  if (!(form = test_parse_form_count_args (argc, argv, &count)))
    return 2;

  for (guint i = 0; i < count; i++)
    {
      g_autoptr(RosterRequest) request = roster_request_new (form);
      g_autoptr(JsonNode) line = NULL;
      g_autofree char *json = NULL;
      gsize length;

      for (guint f = 0; f < roster_form_get_n_fields (form); f++)
        fill_field (request, roster_form_get_field (form, f), rand);

      line = new_case (request);
      json = roster_json_generate (line, &length);
      /* The bytes as they are: g_print() would convert them to the locale's charset. */
      fwrite (json, 1, length, stdout);
      fputc ('\n', stdout);
    }

  return 0;
}
