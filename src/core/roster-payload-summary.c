/* roster-payload-summary.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-payload-summary"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "roster-form.h"
#include "roster-json-check.h"
#include "roster-payload.h"
#include "roster-payload-summary.h"

/*
 * A payload in plain words, in form order: what the administrator reviews
 * before sending and what a receipt shows afterwards. It reads the
 * payload itself, not the request, so the words match the bytes sent.
 */

void
roster_answer_line_free (RosterAnswerLine *line)
{
  if (line == NULL)
    return;

  g_free (line->section_title);
  g_free (line->label);
  g_free (line->value);
  g_free (line);
}

/**
 * roster_describe_date:
 * @iso_date: a date as `YYYY-MM-DD`
 *
 * Returns: (transfer full): the date in words, such as "Tuesday, December
 *   1, 2026", or a copy of @iso_date when it is not a date
 */
char *
roster_describe_date (const char *iso_date)
{
  g_autoptr(GDateTime) date = NULL;
  int year, month, day;

  if (iso_date == NULL || sscanf (iso_date, "%4d-%2d-%2d", &year, &month, &day) != 3 ||
      !(date = g_date_time_new_utc (year, month, day, 0, 0, 0)))
    return g_strdup (iso_date);

  /* Translators: a date in words; see g_date_time_format() for the codes. */
  return g_date_time_format (date, C_("review date", "%A, %B %-d, %Y"));
}

static char *
describe_value (const RosterField *field,
                JsonNode          *node)
{
  const RosterOption *option;

  switch (field->type)
    {
    case ROSTER_FIELD_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));

    case ROSTER_FIELD_CHOICE:
      option = roster_field_lookup_option (field, json_node_get_string (node));
      return g_strdup (option != NULL ? _(option->label) : json_node_get_string (node));

    case ROSTER_FIELD_DATE:
      return roster_describe_date (json_node_get_string (node));

    case ROSTER_FIELD_TEXT:
    case ROSTER_FIELD_EMAIL:
    case ROSTER_FIELD_DIRECT_ADDRESS:
    case ROSTER_FIELD_PHONE:
    case ROSTER_FIELD_NPI:
    case ROSTER_FIELD_PROVIDER_LIST:
    default:
      return g_strdup (json_node_get_string (node));
    }
}

/* Finds field_id's value in "answers", by the nesting rule. */
static JsonNode *
lookup_answer (JsonObject *answers,
               const char *field_id)
{
  const char *dot = strchr (field_id, '.');
  g_autofree char *group = NULL;
  JsonNode *group_node;

  if (dot == NULL)
    return json_object_get_member (answers, field_id);

  group = g_strndup (field_id, dot - field_id);
  group_node = json_object_get_member (answers, group);
  if (group_node == NULL || !JSON_NODE_HOLDS_OBJECT (group_node))
    return NULL;

  return json_object_get_member (json_node_get_object (group_node), dot + 1);
}

static void
add_line (GPtrArray           *lines,
          const RosterSection *section,
          const char          *label,
          const char          *value)
{
  RosterAnswerLine *line = g_new0 (RosterAnswerLine, 1);

  line->section_title = g_strdup (_(section->title));
  line->label = g_strdup (label);
  line->value = g_strdup (value);
  g_ptr_array_add (lines, line);
}

/**
 * roster_payload_summarize:
 * @payload: a payload, from the codec or the store
 *
 * Returns: (transfer full) (element-type RosterAnswerLine): one line per
 *   answer (one per provider for lists), in form order; empty when
 *   @payload is not a payload Roster can read
 */
GPtrArray *
roster_payload_summarize (GBytes *payload)
{
  g_autoptr(RosterRequest) request = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_answer_line_free);
  const RosterForm *form;
  JsonObject *answers;

  g_return_val_if_fail (payload != NULL, lines);

  /* The strict reader vouches for the shape before we walk it. */
  if (!(request = roster_payload_read (payload, NULL, NULL)) ||
      !json_parser_load_from_data (parser, g_bytes_get_data (payload, NULL), g_bytes_get_size (payload), NULL))
    return lines;

  form = roster_request_get_form (request);
  answers = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "answers");

  for (const RosterSection *section = form->sections; section->id != NULL; section++)
    {
      for (const RosterField *field = section->fields; field->id != NULL; field++)
        {
          JsonNode *node = lookup_answer (answers, field->id);

          if (node == NULL)
            continue;

          if (field->type == ROSTER_FIELD_PROVIDER_LIST)
            {
              JsonArray *providers;

              if (!JSON_NODE_HOLDS_ARRAY (node))
                continue;

              providers = json_node_get_array (node);
              for (guint i = 0; i < json_array_get_length (providers); i++)
                {
                  JsonObject *provider = json_array_get_object_element (providers, i);
                  g_autofree char *label = NULL;
                  g_autofree char *value = NULL;

                  if (provider == NULL)
                    continue;

                  label = g_strdup_printf ("%s — %s", _(field->label),
                                           json_object_get_string_member_with_default (provider, "name", ""));
                  value = g_strdup_printf (_("NPI %s"),
                                           json_object_get_string_member_with_default (provider, "npi", ""));
                  add_line (lines, section, label, value);
                }
              continue;
            }

          {
            g_autofree char *value = describe_value (field, node);
            add_line (lines, section, _(field->label), value);
          }
        }
    }

  return lines;
}
