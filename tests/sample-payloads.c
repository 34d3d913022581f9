/* sample-payloads.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Writes a sample of the payloads Roster sends, one per line, for
 * check-schema.py to validate against the published JSON Schema:
 *
 *   sample-payloads FORM-ID COUNT
 *
 * The requests are filled from the form table alone (every field type,
 * every option, lists of zero to three rows, optional fields left empty
 * at random, text with white space to trim), so a field or option added
 * to a table is sampled without a change here. Only requests the rules
 * find complete and valid are written: those are the payloads the schema
 * promises to accept. The seed is fixed, so a failure can be replayed.
 */

#include "config.h"

#include <stdio.h>

#include "roster-payload.h"

#include "test-fixtures.h"

static const char * const sample_texts[] = {
  "Ana", "Díaz", "Upstate University Hospital", "  Samuel Okafor, MD  ",
  "María José", "O'Brien-Nakamura", "Family Care Medical Group", "mlopez",
  "Contract ended; badge returned.", "Zoë Ångström",
};

static const char * const sample_emails[] = {
  "ana.diaz@upstate.example.org", "dwhitfield@familycare.example.org", "m.o'brien+hie@clinic.example.com",
};

static const char * const sample_direct_addresses[] = {
  "ana.diaz@direct.upstate.example.org", "mlopez@direct.familycare.example.org",
};

static const char * const sample_phones[] = {
  "(315) 555-0142", "315-555-0199", "+1 315 555 0100",
};

static const char * const sample_npis[] = {
  TEST_NPI_A, TEST_NPI_B, TEST_NPI_C, "1144778853", "1987654328",
};

static const char *
pick (GRand             *rand,
      const char * const *values,
      guint               n_values)
{
  return values[g_rand_int_range (rand, 0, n_values)];
}

#define PICK(rand, values) pick (rand, values, G_N_ELEMENTS (values))

static void
fill_text (RosterRequest     *request,
           const RosterField *field,
           GRand             *rand)
{
  guint max_length = roster_field_get_max_length (field);
  g_autoptr(GString) text = g_string_new (PICK (rand, sample_texts));

  while (g_utf8_strlen (text->str, -1) < (glong) field->min_length + 2)
    g_string_append (text, " and more");

  if (g_utf8_strlen (text->str, -1) > (glong) max_length)
    {
      g_autofree char *cut = g_utf8_substring (text->str, 0, max_length);
      g_string_assign (text, cut);
    }

  roster_request_set_text (request, field->id, text->str);
}

static void
fill_date (RosterRequest     *request,
           const RosterField *field,
           const GDate       *today,
           GRand             *rand)
{
  int min_days = field->min_days != ROSTER_NO_DAY_LIMIT ? field->min_days : -3650;
  int max_days = field->max_days != ROSTER_NO_DAY_LIMIT ? field->max_days : 3650;
  int offset = min_days <= max_days ? g_rand_int_range (rand, min_days, max_days + 1) : 0;
  g_autofree char *day = test_format_day (today, offset);

  roster_request_set_text (request, field->id, day);
}

static void
fill_field (RosterRequest     *request,
            const RosterField *field,
            const GDate       *today,
            GRand             *rand)
{
  switch (field->type)
    {
    case ROSTER_FIELD_TEXT:
      fill_text (request, field, rand);
      break;

    case ROSTER_FIELD_EMAIL:
      roster_request_set_text (request, field->id, PICK (rand, sample_emails));
      break;

    case ROSTER_FIELD_DIRECT_ADDRESS:
      roster_request_set_text (request, field->id, PICK (rand, sample_direct_addresses));
      break;

    case ROSTER_FIELD_PHONE:
      roster_request_set_text (request, field->id, PICK (rand, sample_phones));
      break;

    case ROSTER_FIELD_NPI:
      roster_request_set_text (request, field->id, PICK (rand, sample_npis));
      break;

    case ROSTER_FIELD_DATE:
      fill_date (request, field, today, rand);
      break;

    case ROSTER_FIELD_CHOICE:
      {
        guint n_options = 0;

        while (field->options[n_options].id != NULL)
          n_options++;
        roster_request_set_text (request, field->id,
                                 field->options[g_rand_int_range (rand, 0, n_options)].id);
      }
      break;

    case ROSTER_FIELD_BOOLEAN:
      /* A must-be-true switch is mostly on, so most samples pass the rules. */
      roster_request_set_boolean (request, field->id,
                                  (field->flags & ROSTER_FIELD_MUST_BE_TRUE) ? g_rand_int_range (rand, 0, 10) > 0
                                                                              : g_rand_boolean (rand));
      break;

    case ROSTER_FIELD_PROVIDER_LIST:
      {
        guint n_rows = g_rand_int_range (rand, 0, 4);
        guint first = g_rand_int_range (rand, 0, G_N_ELEMENTS (sample_npis));

        /* Distinct NPIs: a repeated one is an error the rules report. */
        for (guint r = 0; r < n_rows; r++)
          roster_request_insert_row (request, field->id, -1,
                                     PICK (rand, sample_texts),
                                     sample_npis[(first + r) % G_N_ELEMENTS (sample_npis)]);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Answers every visible field once, in table order, until answering
 * reveals no new field. Optional fields are left empty one time in four. */
static RosterRequest *
new_sample_request (const RosterForm *form,
                    const GDate      *today,
                    GRand            *rand)
{
  g_autoptr(RosterRequest) request = roster_request_new (form);
  g_autoptr(GHashTable) considered = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean changed = TRUE;

  while (changed)
    {
      g_autoptr(RosterVisibility) visibility = roster_rules_get_visibility (request);

      changed = FALSE;
      for (guint i = 0; i < roster_form_get_n_fields (form); i++)
        {
          const RosterField *field = roster_form_get_field (form, i);

          if (g_hash_table_contains (considered, field->id) ||
              !roster_visibility_field_visible (visibility, field->id))
            continue;

          g_hash_table_add (considered, (gpointer) field->id);
          changed = TRUE;

          if (!(field->flags & ROSTER_FIELD_REQUIRED) && g_rand_int_range (rand, 0, 4) == 0)
            continue;

          fill_field (request, field, today, rand);
        }
    }

  return g_steal_pointer (&request);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261206);
  const RosterForm *form;
  guint wanted, written = 0, tried = 0;
  GDate today;

  if (!(form = test_parse_form_count_args (argc, argv, &wanted)))
    return 2;

  test_get_fixed_today (&today);

  /* Most random requests pass the rules; give up at fifty tries each. */
  while (written < wanted && tried < 50 * wanted)
    {
      g_autoptr(RosterRequest) request = new_sample_request (form, &today, rand);
      g_autoptr(GPtrArray) issues = roster_rules_check (request, &today);
      g_autoptr(GBytes) payload = NULL;

      tried++;
      if (issues->len > 0)
        continue;

      payload = roster_payload_write (request);
      /* The bytes as sent: g_print() would convert them to the locale's charset. */
      fwrite (g_bytes_get_data (payload, NULL), 1, g_bytes_get_size (payload), stdout);
      fputc ('\n', stdout);
      written++;
    }

  g_printerr ("%s: %u valid requests of %u tried\n", form->id, written, tried);

  return written == wanted ? 0 : 1;
}
