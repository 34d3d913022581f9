/* test-schema.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The intake contract is written twice for integrators, as a JSON Schema
 * (data/account-request.schema.json) and as prose with examples
 * (data/intake-api.md), and once as code, in the form table and the
 * payload codec. These tests keep the two documents true to the code: a
 * field added, renamed or given a new limit in the table fails here until
 * the documents say so too.
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "roster-form.h"
#include "roster-payload.h"
#include "roster-validate.h"

#define NPI_PATTERN  "^[12][0-9]{9}$"
#define DATE_PATTERN "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

/* Each form's schema, published beside the other. */
typedef struct
{
  const char *form_id;
  const char *file;
  const char *schema_id;
} FormSchema;

static const FormSchema form_schemas[] = {
  { "hec.account-change", "account-request.schema.json", "https://hieroster.github.io/schemas/account-request-v1.json" },
  { "hec.new-user", "new-user-request.schema.json", "https://hieroster.github.io/schemas/new-user-request-v1.json" },
};

static JsonParser *
load_json_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("%s: %s", path, error->message);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return g_steal_pointer (&parser);
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    g_error ("the schema has no object “%s” where one is expected", member);

  return json_node_get_object (node);
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gint64
get_int (JsonObject *object,
         const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);

  return json_node_get_int (node);
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
        return TRUE;
    }

  return FALSE;
}

static JsonObject *
get_answers (JsonObject *root)
{
  return get_object (get_object (root, "properties"), "answers");
}

/* Where a field's schema lives: "a.b" is the property "b" of the object
 * property "a" of answers, the payload's nesting rule. */
static JsonObject *
lookup_field_schema (JsonObject *answers,
                     const char *field_id)
{
  JsonObject *properties = get_object (answers, "properties");
  const char *dot = strchr (field_id, '.');
  g_autofree char *group = NULL;

  if (dot == NULL)
    return json_object_has_member (properties, field_id) ? get_object (properties, field_id) : NULL;

  group = g_strndup (field_id, dot - field_id);
  if (!json_object_has_member (properties, group))
    return NULL;

  properties = get_object (get_object (properties, group), "properties");

  return json_object_has_member (properties, dot + 1) ? get_object (properties, dot + 1) : NULL;
}

static JsonObject *
resolve_reference (JsonObject *root,
                   JsonObject *schema)
{
  const char *reference = get_string (schema, "$ref");

  if (reference == NULL)
    return schema;

  g_assert_true (g_str_has_prefix (reference, "#/$defs/"));

  return get_object (get_object (root, "$defs"), reference + strlen ("#/$defs/"));
}

static gboolean
is_group_name (const RosterForm *form,
               const char       *name)
{
  gsize length = strlen (name);

  for (guint i = 0; i < roster_form_get_n_fields (form); i++)
    {
      const char *id = roster_form_get_field (form, i)->id;

      if (strncmp (id, name, length) == 0 && id[length] == '.')
        return TRUE;
    }

  return FALSE;
}

static void
test_schema_envelope (gconstpointer data)
{
  const FormSchema *form_schema = data;
  g_autoptr(JsonParser) parser = load_json_file (form_schema->file);
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  const RosterForm *form = roster_form_lookup (form_schema->form_id);
  JsonObject *properties = get_object (root, "properties");
  JsonArray *required;

  g_assert_cmpstr (get_string (root, "$schema"), ==, "https://json-schema.org/draft/2020-12/schema");
  g_assert_cmpstr (get_string (root, "$id"), ==, form_schema->schema_id);
  g_assert_nonnull (strstr (get_string (root, "description"), "intake-api.md"));

  g_assert_cmpstr (get_string (get_object (properties, "form"), "const"), ==, form->id);
  g_assert_cmpint (get_int (get_object (properties, "form_version"), "const"), ==, form->version);
  g_assert_cmpstr (get_string (get_object (properties, "form_version"), "type"), ==, "integer");
  g_assert_cmpuint (json_object_get_size (properties), ==, 3);

  required = json_object_get_array_member (root, "required");
  g_assert_true (array_has_string (required, "form"));
  g_assert_true (array_has_string (required, "form_version"));
  g_assert_true (array_has_string (required, "answers"));
}

static void
check_provider_row (JsonObject *root,
                    JsonObject *items)
{
  JsonObject *row = resolve_reference (root, items);
  JsonObject *properties = get_object (row, "properties");
  JsonObject *name = get_object (properties, "name");
  JsonObject *npi = get_object (properties, "npi");
  JsonArray *required = json_object_get_array_member (row, "required");

  g_assert_cmpstr (get_string (row, "type"), ==, "object");
  g_assert_cmpuint (json_object_get_size (properties), ==, 2);
  g_assert_cmpuint (json_array_get_length (required), ==, 2);
  g_assert_true (array_has_string (required, "name"));
  g_assert_true (array_has_string (required, "npi"));

  g_assert_cmpstr (get_string (name, "type"), ==, "string");
  g_assert_cmpint (get_int (name, "maxLength"), ==, ROSTER_TEXT_DEFAULT_MAX_LENGTH);
  g_assert_cmpstr (get_string (npi, "type"), ==, "string");
  g_assert_cmpstr (get_string (npi, "pattern"), ==, NPI_PATTERN);
}

static void
check_field_schema (JsonObject        *root,
                    const RosterField *field,
                    JsonObject        *schema)
{
  const char *description = get_string (schema, "description");
  const char *type = get_string (schema, "type");

  /* The description is the form's own wording, so integrators read what
   * the practice administrator was asked. */
  g_assert_nonnull (description);
  g_assert_true (g_str_has_prefix (description, field->label));
  if (field->help != NULL)
    g_assert_nonnull (strstr (description, field->help));

  switch (field->type)
    {
    case ROSTER_FIELD_BOOLEAN:
      g_assert_cmpstr (type, ==, "boolean");
      if ((field->flags & ROSTER_FIELD_MUST_BE_TRUE) != 0)
        g_assert_true (json_object_get_boolean_member (schema, "const"));
      else
        g_assert_false (json_object_has_member (schema, "const"));
      break;

    case ROSTER_FIELD_PROVIDER_LIST:
      g_assert_cmpstr (type, ==, "array");
      g_assert_cmpint (get_int (schema, "maxItems"), ==, roster_field_get_max_rows (field));
      check_provider_row (root, get_object (schema, "items"));
      break;

    case ROSTER_FIELD_CHOICE:
      {
        JsonArray *values = json_object_get_array_member (schema, "enum");
        guint n_options = 0;

        g_assert_cmpstr (type, ==, "string");
        g_assert_nonnull (values);

        for (const RosterOption *option = field->options; option->id != NULL; option++, n_options++)
          {
            g_assert_cmpuint (n_options, <, json_array_get_length (values));
            g_assert_cmpstr (json_array_get_string_element (values, n_options), ==, option->id);
          }
        g_assert_cmpuint (json_array_get_length (values), ==, n_options);

        g_assert_cmpstr (get_string (schema, "default"), ==, field->default_id);
      }
      break;

    case ROSTER_FIELD_NPI:
      g_assert_cmpstr (type, ==, "string");
      /* The pattern fixes the length the reader allows. */
      g_assert_cmpstr (get_string (schema, "pattern"), ==, NPI_PATTERN);
      g_assert_cmpuint (roster_field_get_max_length (field), ==, ROSTER_NPI_LENGTH);
      break;

    case ROSTER_FIELD_DATE:
      g_assert_cmpstr (type, ==, "string");
      g_assert_cmpstr (get_string (schema, "pattern"), ==, DATE_PATTERN);
      g_assert_cmpstr (get_string (schema, "format"), ==, "date");
      break;

    case ROSTER_FIELD_EMAIL:
    case ROSTER_FIELD_DIRECT_ADDRESS:
      g_assert_cmpstr (get_string (schema, "format"), ==, "email");
      G_GNUC_FALLTHROUGH;

    case ROSTER_FIELD_TEXT:
    case ROSTER_FIELD_PHONE:
    default:
      g_assert_cmpstr (type, ==, "string");
      g_assert_cmpint (get_int (schema, "maxLength"), ==, roster_field_get_max_length (field));
      if (field->min_length > 0)
        g_assert_cmpint (get_int (schema, "minLength"), ==, field->min_length);
      else
        g_assert_false (json_object_has_member (schema, "minLength"));
      break;
    }
}

static void
test_schema_fields (gconstpointer data)
{
  const FormSchema *form_schema = data;
  g_autoptr(JsonParser) parser = load_json_file (form_schema->file);
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  JsonObject *answers = get_answers (root);
  const RosterForm *form = roster_form_lookup (form_schema->form_id);

  for (guint i = 0; i < roster_form_get_n_fields (form); i++)
    {
      const RosterField *field = roster_form_get_field (form, i);
      JsonObject *schema = lookup_field_schema (answers, field->id);

      g_test_message ("field %s", field->id);

      if (schema == NULL)
        g_error ("the schema has no property for the field “%s”", field->id);

      check_field_schema (root, field, schema);
    }
}

/* Walks the schema under answers (including every conditional branch)
 * and checks that each property it names and each name it requires is a
 * field of the form, or at the answers level a group of fields. @group is
 * NULL at the answers level. */
static void
check_names (const RosterForm *form,
             JsonNode         *node,
             const char       *group)
{
  static const char * const single[] = { "if", "then", "else", "not" };
  static const char * const lists[] = { "allOf", "anyOf", "oneOf" };
  JsonObject *schema;

  /* true and false are schemas too, and name nothing. */
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;

  schema = json_node_get_object (node);

  g_assert_false (json_object_has_member (schema, "patternProperties"));
  g_assert_false (json_object_has_member (schema, "dependentSchemas"));
  g_assert_false (json_object_has_member (schema, "dependentRequired"));

  if (json_object_has_member (schema, "properties"))
    {
      JsonObject *properties = get_object (schema, "properties");
      g_autoptr(GList) names = json_object_get_members (properties);

      for (const GList *l = names; l != NULL; l = l->next)
        {
          const char *name = l->data;
          g_autofree char *field_id = group ? g_strconcat (group, ".", name, NULL) : g_strdup (name);

          if (group == NULL && is_group_name (form, name))
            {
              check_names (form, json_object_get_member (properties, name), name);
              continue;
            }

          if (roster_form_lookup_field (form, field_id) == NULL)
            g_error ("the schema describes “%s”, which is not a field of the form", field_id);
        }
    }

  if (json_object_has_member (schema, "required"))
    {
      JsonArray *required = json_object_get_array_member (schema, "required");

      for (guint i = 0; i < json_array_get_length (required); i++)
        {
          const char *name = json_array_get_string_element (required, i);
          g_autofree char *field_id = group ? g_strconcat (group, ".", name, NULL) : g_strdup (name);

          if (!(group == NULL && is_group_name (form, name)) &&
              roster_form_lookup_field (form, field_id) == NULL)
            g_error ("the schema requires “%s”, which is not a field of the form", field_id);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (single); i++)
    {
      if (json_object_has_member (schema, single[i]))
        check_names (form, json_object_get_member (schema, single[i]), group);
    }

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      JsonArray *branches;

      if (!json_object_has_member (schema, lists[i]))
        continue;

      branches = json_object_get_array_member (schema, lists[i]);
      for (guint b = 0; b < json_array_get_length (branches); b++)
        check_names (form, json_array_get_element (branches, b), group);
    }
}

static void
test_schema_no_extra_fields (gconstpointer data)
{
  const FormSchema *form_schema = data;
  g_autoptr(JsonParser) parser = load_json_file (form_schema->file);
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  JsonNode *answers = json_object_get_member (get_object (root, "properties"), "answers");
  const RosterForm *form = roster_form_lookup (form_schema->form_id);
  JsonObject *properties = get_object (json_node_get_object (answers), "properties");
  guint n_named = 0;

  check_names (form, answers, NULL);

  /* And no fewer: every group and top-level field of the form is there. */
  for (guint i = 0; i < roster_form_get_n_fields (form); i++)
    {
      const char *id = roster_form_get_field (form, i)->id;
      const char *dot = strchr (id, '.');
      g_autofree char *name = dot ? g_strndup (id, dot - id) : g_strdup (id);

      g_assert_true (json_object_has_member (properties, name));
    }

  for (guint i = 0; i < roster_form_get_n_fields (form); i++)
    {
      if (lookup_field_schema (json_node_get_object (answers), roster_form_get_field (form, i)->id))
        n_named++;
    }
  g_assert_cmpuint (n_named, ==, roster_form_get_n_fields (form));
}

/* Every object the schema defines is closed, so an unknown key fails the
 * schema just as it fails the reader. Conditional branches define no
 * object of their own (they have no "type") and must stay open: in
 * JSON Schema, additionalProperties only sees its own subschema's
 * properties. */
static void
check_closed_objects (JsonNode *node,
                      guint    *n_objects)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        check_closed_objects (json_array_get_element (array, i), n_objects);
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      if (g_strcmp0 (get_string (object, "type"), "object") == 0)
        {
          JsonNode *additional = json_object_get_member (object, "additionalProperties");

          g_assert_nonnull (additional);
          g_assert_true (JSON_NODE_HOLDS_VALUE (additional));
          g_assert_false (json_node_get_boolean (additional));
          (*n_objects)++;
        }
      else
        {
          g_assert_false (json_object_has_member (object, "additionalProperties"));
        }

      for (const GList *l = members; l != NULL; l = l->next)
        check_closed_objects (json_object_get_member (object, l->data), n_objects);
    }
}

static void
test_schema_closed_objects (gconstpointer data)
{
  const FormSchema *form_schema = data;
  g_autoptr(JsonParser) parser = load_json_file (form_schema->file);
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const RosterForm *form = roster_form_lookup (form_schema->form_id);
  guint n_objects = 0;

  check_closed_objects (json_parser_get_root (parser), &n_objects);

  for (guint i = 0; i < roster_form_get_n_fields (form); i++)
    {
      const char *id = roster_form_get_field (form, i)->id;
      const char *dot = strchr (id, '.');

      if (dot != NULL)
        g_hash_table_add (groups, g_strndup (id, dot - id));
    }

  /* The envelope, answers, one object per group and the provider row. */
  g_assert_cmpuint (n_objects, ==, 3 + g_hash_table_size (groups));
}

/* The fenced ```json blocks of a Markdown file, in order. */
static GPtrArray *
extract_json_blocks (const char *markdown)
{
  g_auto(GStrv) lines = g_strsplit (markdown, "\n", -1);
  GPtrArray *blocks = g_ptr_array_new_with_free_func (g_free);
  GString *block = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (block == NULL)
        {
          if (g_str_equal (g_strchomp (lines[i]), "```json"))
            block = g_string_new (NULL);
          continue;
        }

      if (g_str_has_prefix (line, "```"))
        {
          if (block->len > 0 && block->str[block->len - 1] == '\n')
            g_string_truncate (block, block->len - 1);
          g_ptr_array_add (blocks, g_string_free (g_steal_pointer (&block), FALSE));
          continue;
        }

      g_string_append (block, line);
      g_string_append_c (block, '\n');
    }

  g_assert_null (block);

  return blocks;
}

/* The reference date for an example's date rules: its own first date
 * (the effective date, the start date), so an example stays valid
 * however old the document gets. */
static void
get_example_today (RosterRequest *request,
                   GDate         *today)
{
  const RosterForm *form = roster_request_get_form (request);

  for (guint i = 0; i < roster_form_get_n_fields (form); i++)
    {
      const RosterField *field = roster_form_get_field (form, i);
      const char *date;

      if (field->type != ROSTER_FIELD_DATE || !(date = roster_request_get_text (request, field->id)))
        continue;

      g_assert_true (roster_parse_date (date, today, NULL));
      return;
    }

  roster_rules_get_today (today);
}

/* Checks one example payload and records what it shows in @actions:
 * its action, and "delegation" when it fills both provider lists. */
static void
check_example_payload (const char *text,
                       GHashTable *actions)
{
  g_autoptr(GBytes) payload = g_bytes_new (text, strlen (text));
  g_autoptr(RosterRequest) request = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GError) error = NULL;
  GDate today;

  request = roster_payload_read (payload, &problems, &error);
  g_assert_no_error (error);
  g_assert_nonnull (request);
  g_assert_cmpuint (problems->len, ==, 0);

  get_example_today (request, &today);

  issues = roster_payload_check (payload, &today, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < issues->len; i++)
    {
      const RosterIssue *issue = g_ptr_array_index (issues, i);

      g_test_message ("%s: %s", issue->path, issue->message);
    }
  g_assert_cmpuint (issues->len, ==, 0);

  /* The example is exactly what Roster writes: compact, in form order,
   * trimmed, only the fields that apply. */
  written = roster_payload_write (request);
  if (!g_bytes_equal (written, payload))
    g_error ("the example is not what Roster writes for it:\n%s\n%.*s", text,
             (int) g_bytes_get_size (written), (const char *) g_bytes_get_data (written, NULL));

  /* What it shows: its kind ("modify", "terminate"), or its form when the
   * form has no kind. */
  g_hash_table_add (actions, g_strdup (roster_request_get_kind (request) != NULL
                                         ? roster_request_get_kind (request)->id
                                         : roster_request_get_form (request)->id));

  if (roster_request_get_n_rows (request, "delegation.alerts") > 0 &&
      roster_request_get_n_rows (request, "delegation.results") > 0)
    g_hash_table_add (actions, g_strdup ("delegation"));
}

/* An error path as the reader writes it: a field id, a section id or an
 * envelope member, then for a list an optional "[row]" and ".name" or
 * ".npi". */
static void
check_error_path (const char *path)
{
  const char *bracket = strchr (path, '[');
  g_autofree char *id = bracket ? g_strndup (path, bracket - path) : g_strdup (path);
  const RosterField *field = NULL;
  const RosterForm *form = NULL;
  guint64 row;
  char *end;

  for (const RosterForm * const *f = roster_form_get_all (); *f != NULL && field == NULL; f++)
    {
      form = *f;
      if (!(field = roster_form_lookup_field (form, id)) && roster_form_lookup_section (form, id) != NULL)
        break;
    }

  g_test_message ("error path %s", path);

  if (bracket == NULL)
    {
      g_assert_true (field != NULL ||
                     roster_form_lookup_section (form, id) != NULL ||
                     g_str_equal (id, "form") || g_str_equal (id, "form_version"));
      return;
    }

  g_assert_nonnull (field);
  g_assert_cmpint (field->type, ==, ROSTER_FIELD_PROVIDER_LIST);

  row = g_ascii_strtoull (bracket + 1, &end, 10);
  g_assert_true (end != bracket + 1 && end[0] == ']');
  g_assert_cmpuint (row, <, roster_field_get_max_rows (field));
  g_assert_true (end[1] == '\0' || g_str_equal (end + 1, ".name") || g_str_equal (end + 1, ".npi"));
}

static void
check_error_example (JsonArray *errors)
{
  g_assert_cmpuint (json_array_get_length (errors), >, 0);

  for (guint i = 0; i < json_array_get_length (errors); i++)
    {
      JsonObject *error = json_array_get_object_element (errors, i);

      g_assert_nonnull (error);
      g_assert_cmpuint (json_object_get_size (error), ==, 2);
      g_assert_nonnull (get_string (error, "message"));
      g_assert_nonnull (get_string (error, "field"));
      check_error_path (get_string (error, "field"));
    }
}

/* Every form the engine serves has its schema. */
static void
test_schema_every_form (void)
{
  guint n_forms = 0;

  for (const RosterForm * const *form = roster_form_get_all (); *form != NULL; form++, n_forms++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (form_schemas); i++)
        found |= g_str_equal (form_schemas[i].form_id, (*form)->id);
      if (!found)
        g_error ("the form %s has no JSON Schema in data/", (*form)->id);
    }

  g_assert_cmpuint (n_forms, ==, G_N_ELEMENTS (form_schemas));
}

static void
test_api_examples (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "intake-api.md", NULL);
  g_autoptr(GHashTable) actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) payloads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) indented = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *markdown = NULL;

  if (!g_file_get_contents (path, &markdown, NULL, &error))
    g_error ("%s: %s", path, error->message);

  blocks = extract_json_blocks (markdown);
  g_assert_cmpuint (blocks->len, >, 0);

  for (guint i = 0; i < blocks->len; i++)
    {
      const char *text = g_ptr_array_index (blocks, i);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonGenerator) generator = NULL;
      g_autofree char *start = g_strdelimit (g_strndup (text, 60), "\n", ' ');
      JsonNode *root;

      g_test_message ("example %u: %s", i, start);

      /* Every JSON example in the document, payload or not, is JSON. */
      json_parser_load_from_data (parser, text, -1, &error);
      g_assert_no_error (error);

      if (g_str_has_prefix (text, "{\"form\""))
        {
          check_example_payload (text, actions);
          g_hash_table_add (payloads, g_strdup (text));
          continue;
        }

      root = json_parser_get_root (parser);
      if (!JSON_NODE_HOLDS_OBJECT (root))
        continue;

      /* Error paths name fields of a form, here of any form. */
      if (json_object_has_member (json_node_get_object (root), "errors"))
        check_error_example (json_object_get_array_member (json_node_get_object (root), "errors"));

      /* A payload indented for reading must be one of the payloads as
       * sent, reformatted, never a version of its own. */
      if (json_object_has_member (json_node_get_object (root), "form"))
        {
          generator = json_generator_new ();
          json_generator_set_root (generator, root);
          g_ptr_array_add (indented, json_generator_to_data (generator, NULL));
        }
    }

  for (guint i = 0; i < indented->len; i++)
    {
      const char *compact = g_ptr_array_index (indented, i);

      if (!g_hash_table_contains (payloads, compact))
        g_error ("this indented payload is not one of the compact examples:\n%s", compact);
    }

  g_assert_cmpuint (g_hash_table_size (payloads), >=, 3);
  g_assert_true (g_hash_table_contains (actions, "modify"));
  g_assert_true (g_hash_table_contains (actions, "terminate"));
  g_assert_true (g_hash_table_contains (actions, "delegation"));
  g_assert_true (g_hash_table_contains (actions, "hec.new-user"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (form_schemas); i++)
    {
      static const struct {
        const char    *name;
        GTestDataFunc  func;
      } checks[] = {
        { "envelope", test_schema_envelope },
        { "fields", test_schema_fields },
        { "no-extra-fields", test_schema_no_extra_fields },
        { "closed-objects", test_schema_closed_objects },
      };

      for (guint c = 0; c < G_N_ELEMENTS (checks); c++)
        {
          g_autofree char *path = g_strdup_printf ("/schema/%s/%s", form_schemas[i].form_id, checks[c].name);

          g_test_add_data_func (path, &form_schemas[i], checks[c].func);
        }
    }
  g_test_add_func ("/schema/every-form", test_schema_every_form);
  g_test_add_func ("/intake-api/examples", test_api_examples);

  return g_test_run ();
}
