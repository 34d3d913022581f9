/* roster-draft.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-draft"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "roster-draft.h"
#include "roster-json-check.h"

/*
 * The draft format, version 1:
 *
 *   {"form":"hec.account-change","form_version":1,
 *    "answers":{"group.text_field":"Ana ","group.boolean_field":false,
 *               "group.provider_list":[{"name":"Dr. A","npi":"12"}]}}
 *
 * Keys are field ids, flat; values exactly as typed (not trimmed, maybe
 * half-finished), hidden answers included. A draft is read back from disk,
 * which may have been damaged or edited: it is checked before parsing,
 * and an answer of the wrong type is skipped rather than trusted, so one
 * bad answer never costs the rest of the draft.
 */

G_DEFINE_QUARK (roster-draft-error-quark, roster_draft_error)

/**
 * roster_draft_write:
 * @request: a request
 *
 * Returns: (transfer full): every answer of @request, hidden ones too
 */
GBytes *
roster_draft_write (RosterRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const RosterForm *form;
  char *json;
  gsize length;

  g_return_val_if_fail (ROSTER_IS_REQUEST (request), NULL);

  form = roster_request_get_form (request);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "form");
  json_builder_add_string_value (builder, form->id);
  json_builder_set_member_name (builder, "form_version");
  json_builder_add_int_value (builder, form->version);
  json_builder_set_member_name (builder, "answers");
  json_builder_begin_object (builder);

  for (guint i = 0; i < roster_form_get_n_fields (form); i++)
    {
      const RosterField *field = roster_form_get_field (form, i);

      if (!roster_request_has_answer (request, field->id))
        continue;

      json_builder_set_member_name (builder, field->id);

      switch (field->type)
        {
        case ROSTER_FIELD_BOOLEAN:
          json_builder_add_boolean_value (builder, roster_request_get_boolean (request, field->id));
          break;

        case ROSTER_FIELD_PROVIDER_LIST:
          json_builder_begin_array (builder);
          for (guint row = 0; row < roster_request_get_n_rows (request, field->id); row++)
            {
              const RosterProvider *provider = roster_request_get_row (request, field->id, row);

              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "name");
              json_builder_add_string_value (builder, provider->name);
              json_builder_set_member_name (builder, "npi");
              json_builder_add_string_value (builder, provider->npi);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
          break;

        case ROSTER_FIELD_TEXT:
        case ROSTER_FIELD_EMAIL:
        case ROSTER_FIELD_DIRECT_ADDRESS:
        case ROSTER_FIELD_PHONE:
        case ROSTER_FIELD_NPI:
        case ROSTER_FIELD_DATE:
        case ROSTER_FIELD_CHOICE:
        default:
          json_builder_add_string_value (builder, roster_request_get_text (request, field->id));
          break;
        }
    }

  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = roster_json_generate (root, &length);

  return g_bytes_new_take (json, length);
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* Returns FALSE when the answer had the wrong shape and was skipped. */
static gboolean
read_answer (RosterRequest     *request,
             const RosterField *field,
             JsonNode          *node)
{
  switch (field->type)
    {
    case ROSTER_FIELD_BOOLEAN:
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return FALSE;
      roster_request_set_boolean (request, field->id, json_node_get_boolean (node));
      return TRUE;

    case ROSTER_FIELD_PROVIDER_LIST:
      {
        JsonArray *rows;
        gboolean all_read = TRUE;

        if (!JSON_NODE_HOLDS_ARRAY (node))
          return FALSE;

        rows = json_node_get_array (node);
        for (guint i = 0; i < json_array_get_length (rows) && i < 10 * roster_field_get_max_rows (field); i++)
          {
            JsonNode *element = json_array_get_element (rows, i);
            JsonObject *row;
            JsonNode *name, *npi;

            if (!JSON_NODE_HOLDS_OBJECT (element))
              {
                all_read = FALSE;
                continue;
              }

            row = json_node_get_object (element);
            name = json_object_get_member (row, "name");
            npi = json_object_get_member (row, "npi");
            if (name == NULL || npi == NULL || !node_is_string (name) || !node_is_string (npi))
              {
                all_read = FALSE;
                continue;
              }

            roster_request_insert_row (request, field->id, -1,
                                       json_node_get_string (name), json_node_get_string (npi));
          }

        return all_read;
      }

    case ROSTER_FIELD_TEXT:
    case ROSTER_FIELD_EMAIL:
    case ROSTER_FIELD_DIRECT_ADDRESS:
    case ROSTER_FIELD_PHONE:
    case ROSTER_FIELD_NPI:
    case ROSTER_FIELD_DATE:
    case ROSTER_FIELD_CHOICE:
    default:
      if (!node_is_string (node))
        return FALSE;
      roster_request_set_text (request, field->id, json_node_get_string (node));
      return TRUE;
    }
}

/**
 * roster_draft_read:
 * @draft: bytes read back from the store
 * @n_skipped: (out) (optional): how many answers were unreadable and left out
 *
 * Returns: (transfer full) (nullable): the request, or %NULL with @error
 *   set when the draft is not a draft at all
 */
RosterRequest *
roster_draft_read (GBytes     *draft,
                   guint      *n_skipped,
                   GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(RosterRequest) request = NULL;
  g_autoptr(GError) local_error = NULL;
  const RosterForm *form;
  JsonObject *root, *answers;
  JsonNode *answers_node;
  g_autoptr(GList) members = NULL;
  const char *data;
  gsize length;
  guint skipped = 0;

  g_return_val_if_fail (draft != NULL, NULL);

  data = g_bytes_get_data (draft, &length);

  if (!roster_json_check (data, length, ROSTER_DRAFT_MAX_BYTES, ROSTER_DRAFT_MAX_DEPTH, &local_error))
    {
      g_set_error (error, ROSTER_DRAFT_ERROR, ROSTER_DRAFT_ERROR_CORRUPT,
                   _("The saved draft is damaged: %s"), local_error->message);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, ROSTER_DRAFT_ERROR, ROSTER_DRAFT_ERROR_CORRUPT,
                           _("The saved draft is damaged: it is not a draft."));
      return NULL;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (root, "form") || !node_is_string (json_object_get_member (root, "form")) ||
      !(form = roster_form_lookup (json_object_get_string_member (root, "form"))))
    {
      g_set_error_literal (error, ROSTER_DRAFT_ERROR, ROSTER_DRAFT_ERROR_UNKNOWN_FORM,
                           _("The saved draft is for a form this version of Roster does not know."));
      return NULL;
    }

  answers_node = json_object_get_member (root, "answers");
  if (answers_node == NULL || !JSON_NODE_HOLDS_OBJECT (answers_node))
    {
      g_set_error_literal (error, ROSTER_DRAFT_ERROR, ROSTER_DRAFT_ERROR_CORRUPT,
                           _("The saved draft is damaged: it has no answers."));
      return NULL;
    }

  request = roster_request_new (form);
  answers = json_node_get_object (answers_node);
  members = json_object_get_members (answers);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const RosterField *field = roster_form_lookup_field (form, l->data);

      if (field == NULL || !read_answer (request, field, json_object_get_member (answers, l->data)))
        skipped++;
    }

  if (n_skipped != NULL)
    *n_skipped = skipped;

  return g_steal_pointer (&request);
}
