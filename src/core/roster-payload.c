/* roster-payload.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-payload"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "roster-json-check.h"
#include "roster-payload.h"
#include "roster-validate.h"

/*
 * A request ⇄ the intake JSON:
 *
 *   {"form":"hec.account-change","form_version":1,"answers":{…}}
 *
 * In "answers" a field id "a.b" is the key "b" inside the object "a".
 * Only visible fields are written, in form order, so the same request
 * always gives the same bytes: the outbox stores and hashes those bytes
 * and every retry sends them unchanged.
 *
 * Reading is strict, because the bytes come from files and from the
 * network: size, encoding, nesting and duplicate keys are checked before
 * json-glib sees them (json-glib 1.6 overflows its stack on deep nesting),
 * then every key and type is checked against the form.
 */

G_DEFINE_QUARK (roster-payload-error-quark, roster_payload_error)

static gboolean
is_text_type (RosterFieldType type)
{
  return type != ROSTER_FIELD_BOOLEAN && type != ROSTER_FIELD_PROVIDER_LIST;
}

/* Splits "group.key" into the group "group" and the key "key"; a field
 * without a dot lives directly in "answers". */
static const char *
field_key (const char *field_id,
           char      **group)
{
  const char *dot = strchr (field_id, '.');

  if (dot == NULL)
    {
      *group = NULL;
      return field_id;
    }

  *group = g_strndup (field_id, dot - field_id);
  return dot + 1;
}

/* Writing --------------------------------------------------------------- */

static JsonNode *
provider_list_to_node (RosterRequest *request,
                       const char    *field_id)
{
  JsonArray *array = json_array_new ();
  guint n_rows = roster_request_get_n_rows (request, field_id);
  JsonNode *node;

  for (guint row = 0; row < n_rows; row++)
    {
      const RosterProvider *provider = roster_request_get_row (request, field_id, row);
      g_autofree char *name = roster_text_normalize (provider->name);
      g_autofree char *npi = roster_text_normalize (provider->npi);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "name", name);
      json_object_set_string_member (object, "npi", npi);
      json_array_add_object_element (array, object);
    }

  node = json_node_init_array (json_node_alloc (), array);
  json_array_unref (array);  /* the node holds its own reference */

  return node;
}

/* Returns the JSON value of a visible field, or NULL when it has none. */
static JsonNode *
field_to_node (const RosterField *field,
               RosterRequest     *request)
{
  g_autofree char *text = NULL;
  JsonNode *node;

  switch (field->type)
    {
    case ROSTER_FIELD_BOOLEAN:
      return json_node_init_boolean (json_node_alloc (),
                                     roster_request_get_boolean (request, field->id));

    case ROSTER_FIELD_PROVIDER_LIST:
      if (roster_request_get_n_rows (request, field->id) == 0)
        return NULL;
      return provider_list_to_node (request, field->id);

    case ROSTER_FIELD_TEXT:
    case ROSTER_FIELD_EMAIL:
    case ROSTER_FIELD_DIRECT_ADDRESS:
    case ROSTER_FIELD_PHONE:
    case ROSTER_FIELD_NPI:
    case ROSTER_FIELD_DATE:
    case ROSTER_FIELD_CHOICE:
    default:
      text = roster_text_normalize (roster_request_get_text (request, field->id));
      if (text[0] == '\0')
        return NULL;
      node = json_node_alloc ();
      json_node_init_string (node, text);
      return node;
    }
}

/**
 * roster_payload_write:
 * @request: a request
 *
 * Serializes the visible answers of @request, trimmed, in form order. The
 * output is compact UTF-8 JSON and deterministic: the same answers give
 * the same bytes.
 *
 * Returns: (transfer full): the payload
 */
GBytes *
roster_payload_write (RosterRequest *request)
{
  g_autoptr(RosterVisibility) visibility = NULL;
  g_autoptr(JsonNode) root = NULL;
  const RosterForm *form;
  JsonObject *envelope;
  JsonObject *answers;
  char *json;
  gsize length;

  g_return_val_if_fail (ROSTER_IS_REQUEST (request), NULL);

  form = roster_request_get_form (request);
  visibility = roster_rules_get_visibility (request);

  envelope = json_object_new ();
  json_object_set_string_member (envelope, "form", form->id);
  json_object_set_int_member (envelope, "form_version", form->version);
  answers = json_object_new ();

  for (guint i = 0; i < roster_form_get_n_fields (form); i++)
    {
      const RosterField *field = roster_form_get_field (form, i);
      g_autofree char *group = NULL;
      const char *key;
      JsonObject *parent = answers;
      JsonNode *node;

      if (!roster_visibility_field_visible (visibility, field->id))
        continue;

      if (!(node = field_to_node (field, request)))
        continue;

      key = field_key (field->id, &group);
      if (group != NULL)
        {
          if (!json_object_has_member (answers, group))
            json_object_set_object_member (answers, group, json_object_new ());
          parent = json_object_get_object_member (answers, group);
        }

      json_object_set_member (parent, key, node);
    }

  json_object_set_object_member (envelope, "answers", answers);

  root = json_node_init_object (json_node_alloc (), envelope);
  json_object_unref (envelope);

  json = roster_json_generate (root, &length);

  return g_bytes_new_take (json, length);
}

/* Reading --------------------------------------------------------------- */

typedef struct
{
  const RosterForm *form;
  RosterRequest    *request;
  GPtrArray        *problems;
  GHashTable       *present;   /* field ids found in the payload */
} ReadContext;

static void
add_problem (ReadContext *context,
             const char  *path,
             const char  *message)
{
  g_ptr_array_add (context->problems, roster_issue_new (path, -1, NULL, message));
}

static void
add_row_problem (ReadContext *context,
                 const char  *field_id,
                 int          row,
                 const char  *column,
                 const char  *message)
{
  g_ptr_array_add (context->problems, roster_issue_new (field_id, row, column, message));
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_boolean (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

/* The reader's own length limit, counted like the rules count it, so an
 * over-long string is refused before it reaches the store. */
static gboolean
string_fits (const char *text,
             guint       max_length)
{
  g_autofree char *trimmed = roster_text_normalize (text);

  return g_utf8_strlen (trimmed, -1) <= (glong) max_length;
}

static void
report_too_long (ReadContext *context,
                 const char  *field_id,
                 int          row,
                 const char  *column,
                 guint        max_length)
{
  g_autofree char *message =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                  "This answer is too long: use at most %u character.",
                                  "This answer is too long: use at most %u characters.",
                                  max_length),
                     max_length);

  add_row_problem (context, field_id, row, column, message);
}

static void
read_provider_list (ReadContext       *context,
                    const RosterField *field,
                    JsonNode          *node)
{
  JsonArray *array;
  guint n_rows;
  guint max_rows = roster_field_get_max_rows (field);

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      add_problem (context, field->id,
                   _("Expected a list of providers, each with a “name” and an “npi”."));
      return;
    }

  array = json_node_get_array (node);
  n_rows = json_array_get_length (array);

  if (n_rows > max_rows)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "This list can hold at most %u provider.",
                                      "This list can hold at most %u providers.",
                                      max_rows),
                         max_rows);
      add_problem (context, field->id, message);
      return;
    }

  for (guint row = 0; row < n_rows; row++)
    {
      JsonNode *element = json_array_get_element (array, row);
      const char *cell[2] = { NULL, NULL };
      static const char * const columns[2] = { "name", "npi" };
      static const guint column_max[2] = { ROSTER_TEXT_DEFAULT_MAX_LENGTH, ROSTER_NPI_LENGTH };
      JsonObject *object;
      gboolean row_ok = TRUE;
      g_autoptr(GList) members = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          add_row_problem (context, field->id, row, NULL,
                           _("Expected a provider with a “name” and an “npi”."));
          continue;
        }

      object = json_node_get_object (element);
      members = json_object_get_members (object);

      for (const GList *l = members; l != NULL; l = l->next)
        {
          if (!g_str_equal (l->data, "name") && !g_str_equal (l->data, "npi"))
            {
              g_autofree char *path = g_strdup_printf ("%s[%u].%s", field->id, row, (const char *) l->data);
              add_problem (context, path, _("This is not part of a provider; remove it."));
              row_ok = FALSE;
            }
        }

      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          JsonNode *value = json_object_get_member (object, columns[c]);

          if (value == NULL)
            {
              add_row_problem (context, field->id, row, columns[c],
                               c == 0 ? _("Enter the provider’s name.")
                                      : _("Enter the provider’s 10-digit NPI."));
              row_ok = FALSE;
            }
          else if (!node_is_string (value))
            {
              add_row_problem (context, field->id, row, columns[c],
                               _("Expected text (a JSON string)."));
              row_ok = FALSE;
            }
          else if (!string_fits (json_node_get_string (value), column_max[c]))
            {
              report_too_long (context, field->id, row, columns[c], column_max[c]);
              row_ok = FALSE;
            }
          else
            cell[c] = json_node_get_string (value);
        }

      /* Keep the row's position even when a cell is refused, so the rules'
       * row numbers match the payload's. */
      roster_request_insert_row (context->request, field->id, -1,
                                 row_ok ? cell[0] : (cell[0] ? cell[0] : ""),
                                 row_ok ? cell[1] : (cell[1] ? cell[1] : ""));
    }
}

static void
read_field (ReadContext       *context,
            const RosterField *field,
            JsonNode          *node)
{
  g_hash_table_add (context->present, (gpointer) field->id);

  switch (field->type)
    {
    case ROSTER_FIELD_BOOLEAN:
      if (!node_is_boolean (node))
        add_problem (context, field->id, _("Expected true or false."));
      else
        roster_request_set_boolean (context->request, field->id, json_node_get_boolean (node));
      return;

    case ROSTER_FIELD_PROVIDER_LIST:
      read_provider_list (context, field, node);
      return;

    case ROSTER_FIELD_TEXT:
    case ROSTER_FIELD_EMAIL:
    case ROSTER_FIELD_DIRECT_ADDRESS:
    case ROSTER_FIELD_PHONE:
    case ROSTER_FIELD_NPI:
    case ROSTER_FIELD_DATE:
    case ROSTER_FIELD_CHOICE:
    default:
      break;
    }

  g_assert (is_text_type (field->type));

  if (!node_is_string (node))
    {
      add_problem (context, field->id,
                   field->type == ROSTER_FIELD_CHOICE
                     ? _("Expected one of the choices, as text (a JSON string).")
                     : _("Expected text (a JSON string)."));
      return;
    }

  if (field->type == ROSTER_FIELD_CHOICE &&
      roster_field_lookup_option (field, json_node_get_string (node)) == NULL)
    {
      g_autoptr(GString) choices = g_string_new (NULL);

      for (const RosterOption *option = field->options; option->id != NULL; option++)
        g_string_append_printf (choices, "%s%s", choices->len ? ", " : "", option->id);

      {
        g_autofree char *message =
          g_strdup_printf (_("This is not one of the choices: %s."), choices->str);
        add_problem (context, field->id, message);
      }
      return;
    }

  if (!string_fits (json_node_get_string (node), roster_field_get_max_length (field)))
    {
      report_too_long (context, field->id, -1, NULL, roster_field_get_max_length (field));
      return;
    }

  roster_request_set_text (context->request, field->id, json_node_get_string (node));
}

static void
read_member (ReadContext *context,
             const char  *group,
             const char  *key,
             JsonNode    *node)
{
  g_autofree char *field_id = group ? g_strconcat (group, ".", key, NULL) : g_strdup (key);
  const RosterField *field = NULL;

  /* "group.key" is spelled {"group": {"key": …}}; a dotted
   * key is not another way to say it. */
  if (strchr (key, '.') == NULL)
    field = roster_form_lookup_field (context->form, field_id);

  if (field == NULL)
    {
      add_problem (context, field_id, _("This is not a field of the form; remove it or check its spelling."));
      return;
    }

  read_field (context, field, node);
}

static gboolean
is_group (const RosterForm *form,
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
read_answers (ReadContext *context,
              JsonObject  *answers)
{
  g_autoptr(GList) members = json_object_get_members (answers);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (answers, name);

      if (!is_group (context->form, name))
        {
          read_member (context, NULL, name, node);
          continue;
        }

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          add_problem (context, name, _("Expected an object holding this section’s answers."));
          continue;
        }

      {
        JsonObject *group = json_node_get_object (node);
        g_autoptr(GList) keys = json_object_get_members (group);

        /* Roster writes a section's object only when it holds an answer;
         * an empty one is not the canonical form. */
        if (keys == NULL)
          add_problem (context, name, _("This section has no answers; leave it out."));

        for (const GList *k = keys; k != NULL; k = k->next)
          read_member (context, name, k->data, json_object_get_member (group, k->data));
      }
    }
}

/* A field that is present but does not apply (e.g. "termination" in a
 * "modify" request) is refused: the sender and Roster disagree about the
 * request, and the HIE must not act on answers nobody saw. */
static void
report_hidden_answers (ReadContext *context)
{
  g_autoptr(RosterVisibility) visibility = roster_rules_get_visibility (context->request);

  for (guint i = 0; i < roster_form_get_n_fields (context->form); i++)
    {
      const RosterField *field = roster_form_get_field (context->form, i);

      if (g_hash_table_contains (context->present, field->id) &&
          !roster_visibility_field_visible (visibility, field->id))
        add_problem (context, field->id,
                     _("This answer does not apply to this request with its other answers; remove it."));
    }
}

static const RosterForm *
read_envelope (JsonObject  *envelope,
               GPtrArray   *problems,
               GError     **error)
{
  JsonNode *form_node = json_object_get_member (envelope, "form");
  JsonNode *version_node = json_object_get_member (envelope, "form_version");
  JsonNode *answers_node = json_object_get_member (envelope, "answers");
  g_autoptr(GList) members = json_object_get_members (envelope);
  const RosterForm *form;

  if (form_node == NULL || !node_is_string (form_node))
    {
      g_set_error_literal (error, ROSTER_PAYLOAD_ERROR, ROSTER_PAYLOAD_ERROR_UNKNOWN_FORM,
                           _("The payload does not say which form it answers: it needs a “form” member with the form’s id as text."));
      return NULL;
    }

  if (!(form = roster_form_lookup (json_node_get_string (form_node))))
    {
      g_set_error_literal (error, ROSTER_PAYLOAD_ERROR, ROSTER_PAYLOAD_ERROR_UNKNOWN_FORM,
                           _("The payload answers a form Roster does not know; check its “form” member."));
      return NULL;
    }

  /* json-glib reads an out-of-range integer as -1 and a fraction as a
   * double; only the exact integer type counts. */
  if (version_node == NULL ||
      !JSON_NODE_HOLDS_VALUE (version_node) ||
      json_node_get_value_type (version_node) != G_TYPE_INT64 ||
      json_node_get_int (version_node) != form->version)
    {
      g_set_error (error, ROSTER_PAYLOAD_ERROR, ROSTER_PAYLOAD_ERROR_UNSUPPORTED_VERSION,
                   _("The payload is for a version of the form Roster does not know; “form_version” must be %u."),
                   form->version);
      return NULL;
    }

  if (answers_node == NULL || !JSON_NODE_HOLDS_OBJECT (answers_node))
    {
      g_set_error_literal (error, ROSTER_PAYLOAD_ERROR, ROSTER_PAYLOAD_ERROR_MALFORMED,
                           _("The payload has no answers: it needs an “answers” member holding an object."));
      return NULL;
    }

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (!g_str_equal (name, "form") && !g_str_equal (name, "form_version") && !g_str_equal (name, "answers"))
        g_ptr_array_add (problems,
                         roster_issue_new (name, -1, NULL,
                                           _("This is not part of the payload; remove it.")));
    }

  return form;
}

/**
 * roster_payload_read:
 * @payload: untrusted bytes
 * @problems: (out) (optional) (element-type RosterIssue): where to put the
 *   problems of shape found in the answers (unknown fields, wrong types,
 *   refused values, answers that do not apply)
 * @error: the reason the payload cannot be read at all
 *
 * Reads a payload strictly. Each answer that fits the form goes into the
 * returned request; each one that does not becomes one problem. A request
 * with problems must not be queued or stored as received. The answers'
 * values are not checked here: run roster_rules_check() on the result.
 *
 * Returns: (transfer full) (nullable): the request, or %NULL with @error
 *   set when @payload is too large, malformed, or for an unknown form or
 *   version
 */
RosterRequest *
roster_payload_read (GBytes     *payload,
                     GPtrArray **problems,
                     GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GHashTable) present = NULL;
  g_autoptr(RosterRequest) request = NULL;
  g_autoptr(GError) local_error = NULL;
  ReadContext context;
  const RosterForm *form;
  JsonNode *root;
  const char *data;
  gsize length;

  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (payload, &length);

  if (!roster_json_check (data, length, ROSTER_PAYLOAD_MAX_BYTES, ROSTER_PAYLOAD_MAX_DEPTH, &local_error))
    {
      g_set_error (error, ROSTER_PAYLOAD_ERROR,
                   g_error_matches (local_error, ROSTER_JSON_CHECK_ERROR, ROSTER_JSON_CHECK_ERROR_TOO_LARGE)
                     ? ROSTER_PAYLOAD_ERROR_TOO_LARGE : ROSTER_PAYLOAD_ERROR_MALFORMED,
                   "%s", local_error->message);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, ROSTER_PAYLOAD_ERROR, ROSTER_PAYLOAD_ERROR_MALFORMED,
                   _("The payload is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, ROSTER_PAYLOAD_ERROR, ROSTER_PAYLOAD_ERROR_MALFORMED,
                           _("The payload must be a JSON object with “form”, “form_version” and “answers”."));
      return NULL;
    }

  found = roster_issue_list_new ();
  if (!(form = read_envelope (json_node_get_object (root), found, error)))
    return NULL;

  request = roster_request_new (form);
  present = g_hash_table_new (g_str_hash, g_str_equal);

  context.form = form;
  context.request = request;
  context.problems = found;
  context.present = present;

  read_answers (&context, json_object_get_object_member (json_node_get_object (root), "answers"));
  report_hidden_answers (&context);

  if (problems != NULL)
    *problems = g_steal_pointer (&found);

  return g_steal_pointer (&request);
}

/**
 * roster_payload_load_file:
 * @file: a payload file
 *
 * Reads at most %ROSTER_PAYLOAD_MAX_BYTES + 1 bytes, so a huge or endless
 * file (a device, a pipe) is refused without reading it whole.
 *
 * Returns: (transfer full): the bytes, or %NULL with @error set
 */
GBytes *
roster_payload_load_file (GFile   *file,
                          GError **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *buffer = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_parse_name (file);

  if (!(stream = g_file_read (file, NULL, &local_error)))
    {
      /* GIO's message already names the file and the reason. */
      g_set_error_literal (error, ROSTER_PAYLOAD_ERROR, ROSTER_PAYLOAD_ERROR_UNREADABLE,
                           local_error->message);
      return NULL;
    }

  buffer = g_malloc (ROSTER_PAYLOAD_MAX_BYTES + 1);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, ROSTER_PAYLOAD_MAX_BYTES + 1,
                                &length, NULL, &local_error))
    {
      g_set_error_literal (error, ROSTER_PAYLOAD_ERROR, ROSTER_PAYLOAD_ERROR_UNREADABLE,
                           local_error->message);
      return NULL;
    }

  if (length > ROSTER_PAYLOAD_MAX_BYTES)
    {
      g_autofree char *limit = g_format_size_full (ROSTER_PAYLOAD_MAX_BYTES, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, ROSTER_PAYLOAD_ERROR, ROSTER_PAYLOAD_ERROR_TOO_LARGE,
                   _("“%s” is larger than the %s a request can be."), name, limit);
      return NULL;
    }

  return g_bytes_new_take (g_realloc (g_steal_pointer (&buffer), MAX (length, 1)), length);
}

/**
 * roster_payload_check:
 * @payload: untrusted bytes
 * @today: (nullable): the reference date for date rules
 *
 * Everything wrong with a payload, as `--validate` and the intake server
 * report it: the problems of shape first, then the rules' issues on the
 * answers that were read (skipping a field already reported, so one
 * problem gives one message).
 *
 * Returns: (transfer full) (element-type RosterIssue): the issues, empty
 *   when the payload can be sent; %NULL with @error set when it cannot be
 *   read at all
 */
GPtrArray *
roster_payload_check (GBytes       *payload,
                      const GDate  *today,
                      GError      **error)
{
  g_autoptr(RosterRequest) request = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GHashTable) reported = NULL;

  g_return_val_if_fail (payload != NULL, NULL);

  if (!(request = roster_payload_read (payload, &problems, error)))
    return NULL;

  reported = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < problems->len; i++)
    {
      const RosterIssue *problem = g_ptr_array_index (problems, i);
      g_hash_table_add (reported, problem->path);
    }

  issues = roster_rules_check (request, today);
  for (guint i = 0; i < issues->len; i++)
    {
      RosterIssue *issue = g_ptr_array_index (issues, i);

      if (!g_hash_table_contains (reported, issue->path) &&
          !g_hash_table_contains (reported, issue->field_id))
        g_ptr_array_add (problems, roster_issue_copy (issue));
    }

  return g_steal_pointer (&problems);
}
