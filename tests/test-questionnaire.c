/* test-questionnaire.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shape of the FHIR export, table by table. What the enableWhen and
 * expressions mean is checked against a FHIRPath engine by
 * check-questionnaire.cjs.
 */

#include "config.h"

#include "roster-questionnaire.h"
#include "test-fixtures.h"

#define SDC_ENABLE_WHEN_EXPRESSION "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"

/* linkId → its item, counting repeats in @counts. */
static void
collect_items (JsonObject *node,
               GHashTable *items,
               GHashTable *counts)
{
  JsonArray *children;

  if (!json_object_has_member (node, "item"))
    return;

  children = json_object_get_array_member (node, "item");
  g_assert_cmpuint (json_array_get_length (children), >, 0);

  for (guint i = 0; i < json_array_get_length (children); i++)
    {
      JsonObject *item = json_array_get_object_element (children, i);
      const char *link_id = json_object_get_string_member (item, "linkId");

      g_assert_nonnull (link_id);
      g_hash_table_insert (items, (gpointer) link_id, item);
      g_hash_table_insert (counts, (gpointer) link_id,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, link_id)) + 1));
      collect_items (item, items, counts);
    }
}

static gboolean
has_extension (JsonObject *item,
               const char *url)
{
  JsonArray *extensions;

  if (!json_object_has_member (item, "extension"))
    return FALSE;

  extensions = json_object_get_array_member (item, "extension");
  for (guint i = 0; i < json_array_get_length (extensions); i++)
    {
      if (g_str_equal (json_object_get_string_member (json_array_get_object_element (extensions, i), "url"), url))
        return TRUE;
    }

  return FALSE;
}

static void
check_field_item (const RosterForm  *form,
                  const RosterField *field,
                  JsonObject        *item,
                  GHashTable        *items)
{
  gboolean required = (field->flags & ROSTER_FIELD_REQUIRED) != 0;

  g_assert_cmpstr (json_object_get_string_member (item, "text"), ==, field->label);

  /* Always required: `required`; required when: a cqf-expression on it. */
  g_assert_cmpint (json_object_get_boolean_member_with_default (item, "required", FALSE), ==,
                   required && field->required_when == NULL);
  g_assert_cmpint (json_object_has_member (item, "_required"), ==, required && field->required_when != NULL);

  g_assert_cmpint (json_object_has_member (item, "enableWhen") ||
                   has_extension (item, SDC_ENABLE_WHEN_EXPRESSION), ==, field->visible_when != NULL);
  g_assert_false (json_object_has_member (item, "enableWhen") &&
                  has_extension (item, SDC_ENABLE_WHEN_EXPRESSION));

  if (field->help != NULL)
    {
      g_autofree char *help_id = g_strconcat (field->id, "#help", NULL);
      JsonObject *help = g_hash_table_lookup (items, help_id);

      g_assert_nonnull (help);
      g_assert_cmpstr (json_object_get_string_member (help, "type"), ==, "display");
      g_assert_cmpstr (json_object_get_string_member (help, "text"), ==, field->help);
      g_assert_true (has_extension (help, "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"));
    }

  switch (field->type)
    {
    case ROSTER_FIELD_CHOICE:
      {
        JsonArray *options = json_object_get_array_member (item, "answerOption");
        g_autofree char *system = roster_questionnaire_get_system (form, field);
        guint n = 0;

        g_assert_cmpstr (json_object_get_string_member (item, "type"), ==, "choice");
        for (const RosterOption *option = field->options; option->id != NULL; option++, n++)
          {
            JsonObject *answer_option = json_array_get_object_element (options, n);
            JsonObject *coding = json_object_get_object_member (answer_option, "valueCoding");

            g_assert_cmpstr (json_object_get_string_member (coding, "code"), ==, option->id);
            g_assert_cmpstr (json_object_get_string_member (coding, "system"), ==, system);
            g_assert_cmpstr (json_object_get_string_member (coding, "display"), ==, option->label);
            g_assert_cmpint (json_object_get_boolean_member_with_default (answer_option, "initialSelected", FALSE), ==,
                             g_strcmp0 (option->id, field->default_id) == 0);
          }
        g_assert_cmpuint (json_array_get_length (options), ==, n);
        g_assert_false (json_object_has_member (item, "maxLength"));
      }
      break;

    case ROSTER_FIELD_PROVIDER_LIST:
      {
        g_autofree char *name_id = g_strconcat (field->id, ".", ROSTER_QUESTIONNAIRE_NAME_COLUMN, NULL);
        g_autofree char *npi_id = g_strconcat (field->id, ".", ROSTER_QUESTIONNAIRE_NPI_COLUMN, NULL);
        JsonObject *npi = g_hash_table_lookup (items, npi_id);

        g_assert_cmpstr (json_object_get_string_member (item, "type"), ==, "group");
        g_assert_true (json_object_get_boolean_member (item, "repeats"));
        g_assert_nonnull (g_hash_table_lookup (items, name_id));
        g_assert_nonnull (npi);
        g_assert_cmpint (json_object_get_int_member (npi, "maxLength"), ==, ROSTER_NPI_LENGTH);
      }
      break;

    case ROSTER_FIELD_BOOLEAN:
      g_assert_cmpstr (json_object_get_string_member (item, "type"), ==, "boolean");
      break;

    case ROSTER_FIELD_DATE:
      g_assert_cmpstr (json_object_get_string_member (item, "type"), ==, "date");
      break;

    case ROSTER_FIELD_TEXT:
    case ROSTER_FIELD_EMAIL:
    case ROSTER_FIELD_DIRECT_ADDRESS:
    case ROSTER_FIELD_PHONE:
    case ROSTER_FIELD_NPI:
    default:
      g_assert_cmpstr (json_object_get_string_member (item, "type"), ==,
                       (field->flags & ROSTER_FIELD_MULTILINE) ? "text" : "string");
      g_assert_cmpint (json_object_get_int_member (item, "maxLength"), ==, roster_field_get_max_length (field));
      g_assert_false (json_object_get_boolean_member_with_default (item, "repeats", FALSE));
      break;
    }
}

static void
test_questionnaire_shape (gconstpointer data)
{
  const RosterForm *form = data;
  g_autoptr(JsonNode) root = roster_questionnaire_new (form);
  g_autoptr(GHashTable) items = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *url = roster_questionnaire_get_url (form);
  g_autofree char *version = g_strdup_printf ("%u", form->version);
  JsonObject *questionnaire = json_node_get_object (root);
  GHashTableIter iter;
  gpointer count;

  g_assert_cmpstr (json_object_get_string_member (questionnaire, "resourceType"), ==, "Questionnaire");
  g_assert_cmpstr (json_object_get_string_member (questionnaire, "url"), ==, url);
  g_assert_cmpstr (json_object_get_string_member (questionnaire, "version"), ==, version);
  g_assert_cmpstr (json_object_get_string_member (questionnaire, "status"), ==, "active");
  /* English, untranslated: a published artefact. */
  g_assert_cmpstr (json_object_get_string_member (questionnaire, "title"), ==, form->title);

  collect_items (questionnaire, items, counts);

  /* que-2: every linkId once. */
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, NULL, &count))
    g_assert_cmpuint (GPOINTER_TO_UINT (count), ==, 1);

  for (const RosterSection *section = form->sections; section->id != NULL; section++)
    {
      JsonObject *group = g_hash_table_lookup (items, section->id);

      g_assert_nonnull (group);
      g_assert_cmpstr (json_object_get_string_member (group, "type"), ==, "group");
      g_assert_cmpstr (json_object_get_string_member (group, "text"), ==, section->title);

      for (const RosterField *field = section->fields; field->id != NULL; field++)
        {
          JsonObject *item = g_hash_table_lookup (items, field->id);

          if (item == NULL)
            g_error ("%s: no item for field %s", form->id, field->id);
          check_field_item (form, field, item, items);
        }
    }
}

/* Only visible fields are answered, as only they are in the payload. */
static void
test_response_answers_visible_fields (void)
{
  g_autoptr(RosterRequest) request = test_new_modify_request ();
  g_autoptr(RosterVisibility) visibility = roster_rules_get_visibility (request);
  g_autoptr(JsonNode) root = roster_questionnaire_response_new (request);
  g_autoptr(GHashTable) items = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *url = roster_questionnaire_get_url (roster_request_get_form (request));
  g_autofree char *canonical = g_strdup_printf ("%s|%u", url, roster_request_get_form (request)->version);
  const RosterForm *form = roster_request_get_form (request);
  JsonObject *response = json_node_get_object (root);

  g_assert_cmpstr (json_object_get_string_member (response, "resourceType"), ==, "QuestionnaireResponse");
  g_assert_cmpstr (json_object_get_string_member (response, "questionnaire"), ==, canonical);
  g_assert_cmpstr (json_object_get_string_member (response, "status"), ==, "completed");

  collect_items (response, items, counts);

  for (guint i = 0; i < roster_form_get_n_fields (form); i++)
    {
      const RosterField *field = roster_form_get_field (form, i);

      if (!roster_visibility_field_visible (visibility, field->id))
        g_assert_false (g_hash_table_contains (items, field->id));
      else if (field->type == ROSTER_FIELD_BOOLEAN)
        g_assert_true (g_hash_table_contains (items, field->id));
    }

  /* A request with something missing is in progress. */
  roster_request_set_text (request, roster_form_get_role_field (form, ROSTER_ROLE_PERSON_EMAIL)->id, "");
  g_clear_pointer (&root, json_node_unref);
  root = roster_questionnaire_response_new (request);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "status"), ==, "in-progress");
}

int
main (int   argc,
      char *argv[])
{
  const RosterForm * const *forms = roster_form_get_all ();

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; forms[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/questionnaire/shape/%s", forms[i]->id);

      g_test_add_data_func (path, forms[i], test_questionnaire_shape);
    }
  g_test_add_func ("/questionnaire/response/visible-fields", test_response_answers_visible_fields);

  return g_test_run ();
}
