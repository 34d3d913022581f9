/* roster-questionnaire.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-questionnaire"

#include "config.h"

#include <string.h>

#include "roster-questionnaire.h"
#include "roster-rules.h"
#include "roster-validate.h"

/*
 * A form table as an HL7 FHIR R4 Questionnaire, with the Structured Data
 * Capture (SDC) extensions where R4 has no element, so that an HIE can
 * render, review or import our forms with the tools it already has; and
 * a request as the matching QuestionnaireResponse.
 *
 *   section         → a "group" item, linkId = the section id
 *   its description → a "display" item at the top of the group
 *   field           → an item, linkId = the field id, type by field type
 *   help            → a "display" child with the itemControl "help": R4's
 *                     own way (the core questionnaire-itemControl
 *                     extension), which SDC renderers show as a help button
 *   choice          → "choice" (R4 has no "coding") with answerOption
 *                     codings whose code is the payload's option id
 *   provider list   → a repeating "group" of a name and an NPI
 *   visible_when    → enableWhen when R4 can say it (one comparison, any
 *                     of several, or all of single comparisons), else the
 *                     SDC enableWhenExpression in FHIRPath
 *   REQUIRED        → required: true; with a required_when condition, the
 *                     condition as a cqf-expression on `required` (SDC's
 *                     convention for an element whose value is computed)
 *
 * The export is generic over the tables: nothing here names a form or a
 * field. Texts are the tables' English, untranslated: a Questionnaire is
 * a published artefact, like the JSON Schemas, not something shown to the
 * person running Roster.
 *
 * Roster reads a hidden field as unanswered. FHIR says the same of a
 * disabled item ("the logic should proceed as though the item is not
 * valued"), and the response below leaves out the answers of hidden
 * fields, so the expressions can read answers as they are.
 */

#define SDC_ENABLE_WHEN_EXPRESSION "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
#define CQF_EXPRESSION             "http://hl7.org/fhir/StructureDefinition/cqf-expression"
#define ITEM_CONTROL               "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
#define ITEM_CONTROL_SYSTEM        "http://hl7.org/fhir/questionnaire-item-control"
#define MIN_LENGTH                 "http://hl7.org/fhir/StructureDefinition/minLength"

/**
 * roster_questionnaire_get_url:
 *
 * Returns: (transfer full): the canonical URL of @form's Questionnaire
 */
char *
roster_questionnaire_get_url (const RosterForm *form)
{
  g_return_val_if_fail (form != NULL, NULL);

  return g_strdup_printf ("%s/Questionnaire/%s", ROSTER_FHIR_BASE_URL, form->id);
}

/**
 * roster_questionnaire_get_system:
 *
 * Returns: (transfer full): the code system of a choice field's options,
 *   one per field of a form: an option id means something only there
 */
char *
roster_questionnaire_get_system (const RosterForm  *form,
                                 const RosterField *field)
{
  g_return_val_if_fail (form != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);

  return g_strdup_printf ("%s/CodeSystem/%s/%s", ROSTER_FHIR_BASE_URL, form->id, field->id);
}

static gboolean
is_string_type (RosterFieldType type)
{
  return type == ROSTER_FIELD_TEXT || type == ROSTER_FIELD_EMAIL ||
         type == ROSTER_FIELD_DIRECT_ADDRESS || type == ROSTER_FIELD_PHONE ||
         type == ROSTER_FIELD_NPI;
}

static const char *
item_type (const RosterField *field)
{
  switch (field->type)
    {
    case ROSTER_FIELD_TEXT:
      return (field->flags & ROSTER_FIELD_MULTILINE) ? "text" : "string";

    case ROSTER_FIELD_EMAIL:
    case ROSTER_FIELD_DIRECT_ADDRESS:
    case ROSTER_FIELD_PHONE:
    case ROSTER_FIELD_NPI:
      return "string";

    case ROSTER_FIELD_DATE:
      return "date";

    case ROSTER_FIELD_CHOICE:
      return "choice";

    case ROSTER_FIELD_BOOLEAN:
      return "boolean";

    case ROSTER_FIELD_PROVIDER_LIST:
      return "group";

    default:
      g_assert_not_reached ();
    }
}

static JsonArray *
ensure_array_member (JsonObject *object,
                     const char *name)
{
  if (!json_object_has_member (object, name))
    json_object_set_array_member (object, name, json_array_new ());

  return json_object_get_array_member (object, name);
}

static JsonObject *
new_coding (const RosterForm   *form,
            const RosterField  *field,
            const RosterOption *option)
{
  g_autofree char *system = roster_questionnaire_get_system (form, field);
  JsonObject *coding = json_object_new ();

  json_object_set_string_member (coding, "system", system);
  json_object_set_string_member (coding, "code", option->id);
  json_object_set_string_member (coding, "display", option->label);

  return coding;
}

/* Sets `<prefix>Coding`, `<prefix>Date` or `<prefix>String` on @object:
 * an enableWhen's answer ("answer") or a response's answer ("value"). */
static void
set_typed_value (JsonObject        *object,
                 const char        *prefix,
                 const RosterForm  *form,
                 const RosterField *field,
                 const char        *text)
{
  g_autofree char *name = NULL;

  switch (field->type)
    {
    case ROSTER_FIELD_CHOICE:
      {
        const RosterOption *option = roster_field_lookup_option (field, text);

        g_assert (option != NULL);
        name = g_strconcat (prefix, "Coding", NULL);
        json_object_set_object_member (object, name, new_coding (form, field, option));
      }
      return;

    case ROSTER_FIELD_DATE:
      name = g_strconcat (prefix, "Date", NULL);
      break;

    case ROSTER_FIELD_TEXT:
    case ROSTER_FIELD_EMAIL:
    case ROSTER_FIELD_DIRECT_ADDRESS:
    case ROSTER_FIELD_PHONE:
    case ROSTER_FIELD_NPI:
      name = g_strconcat (prefix, "String", NULL);
      break;

    case ROSTER_FIELD_BOOLEAN:
    case ROSTER_FIELD_PROVIDER_LIST:
    default:
      g_assert_not_reached ();
    }

  json_object_set_string_member (object, name, text);
}

/* Conditions ------------------------------------------------------------ */

static gboolean
is_comparison (const RosterCondition *condition)
{
  return condition->kind == ROSTER_CONDITION_EQUALS ||
         condition->kind == ROSTER_CONDITION_IS_TRUE ||
         condition->kind == ROSTER_CONDITION_IS_FALSE;
}

/* One enableWhen per value: EQUALS with one value, IS_TRUE, IS_FALSE. */
static gboolean
is_single_comparison (const RosterCondition *condition)
{
  return is_comparison (condition) &&
         (condition->kind != ROSTER_CONDITION_EQUALS || condition->values[1] == NULL);
}

/* Whether enableWhen says exactly what @condition says. R4's enableWhen
 * has a single enableBehavior and no negation; everything else is an
 * expression. IS_FALSE is "= false": a visible boolean always has an
 * answer, a hidden one none. */
static gboolean
fits_enable_when (const RosterCondition *condition)
{
  switch (condition->kind)
    {
    case ROSTER_CONDITION_EQUALS:
    case ROSTER_CONDITION_IS_TRUE:
    case ROSTER_CONDITION_IS_FALSE:
      return TRUE;

    case ROSTER_CONDITION_ANY:
    case ROSTER_CONDITION_ALL:
      for (guint i = 0; condition->operands[i] != NULL; i++)
        {
          const RosterCondition *operand = condition->operands[i];

          if (condition->kind == ROSTER_CONDITION_ANY ? !is_comparison (operand)
                                                      : !is_single_comparison (operand))
            return FALSE;
        }
      return TRUE;

    case ROSTER_CONDITION_NOT_EQUALS:
    case ROSTER_CONDITION_NOT:
    default:
      return FALSE;
    }
}

static void
add_comparison (JsonArray             *enable_when,
                const RosterForm      *form,
                const RosterCondition *comparison)
{
  const RosterField *field = roster_form_lookup_field (form, comparison->field_id);

  g_assert (field != NULL);

  if (comparison->kind != ROSTER_CONDITION_EQUALS)
    {
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "question", field->id);
      json_object_set_string_member (entry, "operator", "=");
      json_object_set_boolean_member (entry, "answerBoolean", comparison->kind == ROSTER_CONDITION_IS_TRUE);
      json_array_add_object_element (enable_when, entry);
      return;
    }

  for (guint i = 0; comparison->values[i] != NULL; i++)
    {
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "question", field->id);
      json_object_set_string_member (entry, "operator", "=");
      set_typed_value (entry, "answer", form, field, comparison->values[i]);
      json_array_add_object_element (enable_when, entry);
    }
}

static void
append_literal (GString    *expression,
                const char *text)
{
  g_string_append_c (expression, '\'');
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '\'' || *c == '\\')
        g_string_append_c (expression, '\\');
      g_string_append_c (expression, *c);
    }
  g_string_append_c (expression, '\'');
}

/* The answers to @field anywhere in the response (%resource). */
static void
append_answers (GString           *expression,
                const RosterField *field)
{
  g_string_append (expression, "%resource.repeat(item).where(linkId = ");
  append_literal (expression, field->id);
  g_string_append (expression, ").answer.value");
}

/* The answers to @field that are one of @values. */
static void
append_matching_answers (GString            *expression,
                         const RosterField  *field,
                         const char * const *values)
{
  append_answers (expression, field);
  g_string_append (expression, ".where(");
  for (guint i = 0; values[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (expression, " or ");
      g_string_append (expression, field->type == ROSTER_FIELD_CHOICE ? "code = " : "$this.toString() = ");
      append_literal (expression, values[i]);
    }
  g_string_append (expression, ")");
}

/* FHIRPath that is true exactly when @condition holds; every part is a
 * boolean (exists(), empty(), not()), never an empty collection. */
static void
append_condition (GString               *expression,
                  const RosterForm      *form,
                  const RosterCondition *condition)
{
  const RosterField *field = NULL;

  if (condition->field_id != NULL)
    {
      field = roster_form_lookup_field (form, condition->field_id);
      g_assert (field != NULL);
    }

  switch (condition->kind)
    {
    case ROSTER_CONDITION_EQUALS:
      append_matching_answers (expression, field, condition->values);
      g_string_append (expression, ".exists()");
      break;

    case ROSTER_CONDITION_NOT_EQUALS:
      g_string_append (expression, "(");
      append_answers (expression, field);
      g_string_append (expression, ".exists() and ");
      append_matching_answers (expression, field, condition->values);
      g_string_append (expression, ".empty())");
      break;

    case ROSTER_CONDITION_IS_TRUE:
    case ROSTER_CONDITION_IS_FALSE:
      append_answers (expression, field);
      g_string_append (expression, condition->kind == ROSTER_CONDITION_IS_TRUE
                                     ? ".where($this = true).exists()"
                                     : ".where($this = false).exists()");
      break;

    case ROSTER_CONDITION_NOT:
      g_string_append (expression, "(");
      append_condition (expression, form, condition->operands[0]);
      g_string_append (expression, ").not()");
      break;

    case ROSTER_CONDITION_ALL:
    case ROSTER_CONDITION_ANY:
      g_string_append (expression, "(");
      for (guint i = 0; condition->operands[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append (expression, condition->kind == ROSTER_CONDITION_ALL ? " and " : " or ");
          append_condition (expression, form, condition->operands[i]);
        }
      g_string_append (expression, ")");
      break;

    default:
      g_assert_not_reached ();
    }
}

static JsonObject *
new_expression (const RosterForm      *form,
                const RosterCondition *condition)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonObject *expression = json_object_new ();

  append_condition (text, form, condition);
  json_object_set_string_member (expression, "language", "text/fhirpath");
  json_object_set_string_member (expression, "expression", text->str);

  return expression;
}

static void
add_extension (JsonObject *object,
               const char *url,
               const char *value_name,
               JsonNode   *value)
{
  JsonObject *extension = json_object_new ();

  json_object_set_string_member (extension, "url", url);
  json_object_set_member (extension, value_name, value);
  json_array_add_object_element (ensure_array_member (object, "extension"), extension);
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), object);

  json_object_unref (object);  /* the node holds its own reference */

  return node;
}

/* @item is enabled when @condition holds (and its parent is enabled). */
static void
set_enabled_when (JsonObject            *item,
                  const RosterForm      *form,
                  const RosterCondition *condition)
{
  JsonArray *enable_when;

  if (condition == NULL)
    return;

  if (!fits_enable_when (condition))
    {
      add_extension (item, SDC_ENABLE_WHEN_EXPRESSION, "valueExpression",
                     object_node (new_expression (form, condition)));
      return;
    }

  enable_when = ensure_array_member (item, "enableWhen");
  if (is_comparison (condition))
    add_comparison (enable_when, form, condition);
  else
    for (guint i = 0; condition->operands[i] != NULL; i++)
      add_comparison (enable_when, form, condition->operands[i]);

  /* que-12: more than one enableWhen needs an enableBehavior. */
  if (json_array_get_length (enable_when) > 1)
    json_object_set_string_member (item, "enableBehavior",
                                   condition->kind == ROSTER_CONDITION_ALL ? "all" : "any");
}

/* Items ----------------------------------------------------------------- */

static JsonObject *
new_item (const char *link_id,
          const char *type,
          const char *text)
{
  JsonObject *item = json_object_new ();

  json_object_set_string_member (item, "linkId", link_id);
  json_object_set_string_member (item, "text", text);
  json_object_set_string_member (item, "type", type);

  return item;
}

/* A display item: @suffix keeps its linkId apart from every field id,
 * which never holds a '#'. */
static JsonObject *
new_display_item (const char *owner_id,
                  const char *suffix,
                  const char *text)
{
  g_autofree char *link_id = g_strconcat (owner_id, "#", suffix, NULL);

  return new_item (link_id, "display", text);
}

static void
add_help (JsonObject *item,
          const char *owner_id,
          const char *help)
{
  JsonObject *display = new_display_item (owner_id, "help", help);
  JsonObject *concept = json_object_new ();
  JsonArray *codings = json_array_new ();
  JsonObject *coding = json_object_new ();

  json_object_set_string_member (coding, "system", ITEM_CONTROL_SYSTEM);
  json_object_set_string_member (coding, "code", "help");
  json_object_set_string_member (coding, "display", "Help-Button");
  json_array_add_object_element (codings, coding);
  json_object_set_array_member (concept, "coding", codings);
  json_object_set_string_member (concept, "text", "Help-Button");
  add_extension (display, ITEM_CONTROL, "valueCodeableConcept", object_node (concept));

  json_array_add_object_element (ensure_array_member (item, "item"), display);
}

static void
set_lengths (JsonObject *item,
             guint       min_length,
             guint       max_length)
{
  json_object_set_int_member (item, "maxLength", max_length);
  if (min_length > 0)
    add_extension (item, MIN_LENGTH, "valueInteger",
                   json_node_init_int (json_node_alloc (), min_length));
}

/* A provider list's column, always required in a row. */
static JsonObject *
new_column_item (const RosterField *list,
                 const char        *column,
                 const char        *text,
                 guint              min_length,
                 guint              max_length)
{
  g_autofree char *link_id = g_strconcat (list->id, ".", column, NULL);
  JsonObject *item = new_item (link_id, "string", text);

  json_object_set_boolean_member (item, "required", TRUE);
  set_lengths (item, min_length, max_length);

  return item;
}

static void
set_required (JsonObject        *item,
              const RosterForm  *form,
              const RosterField *field)
{
  JsonObject *extended;

  if ((field->flags & ROSTER_FIELD_REQUIRED) == 0)
    return;

  if (field->required_when == NULL)
    {
      json_object_set_boolean_member (item, "required", TRUE);
      return;
    }

  /* R4 has no element for "required when"; SDC computes an element's
   * value with a cqf-expression on it, here on `_required`. */
  extended = json_object_new ();
  add_extension (extended, CQF_EXPRESSION, "valueExpression",
                 object_node (new_expression (form, field->required_when)));
  json_object_set_object_member (item, "_required", extended);
}

static JsonObject *
field_to_item (const RosterForm  *form,
               const RosterField *field)
{
  JsonObject *item = new_item (field->id, item_type (field), field->label);

  set_enabled_when (item, form, field->visible_when);
  set_required (item, form, field);

  if (is_string_type (field->type))
    set_lengths (item, field->min_length, roster_field_get_max_length (field));

  if (field->type == ROSTER_FIELD_CHOICE)
    {
      JsonArray *options = ensure_array_member (item, "answerOption");

      for (const RosterOption *option = field->options; option->id != NULL; option++)
        {
          JsonObject *answer_option = json_object_new ();

          json_object_set_object_member (answer_option, "valueCoding", new_coding (form, field, option));
          if (g_strcmp0 (option->id, field->default_id) == 0)
            json_object_set_boolean_member (answer_option, "initialSelected", TRUE);
          json_array_add_object_element (options, answer_option);
        }
    }

  if (field->help != NULL)
    add_help (item, field->id, field->help);

  if (field->type == ROSTER_FIELD_PROVIDER_LIST)
    {
      JsonArray *columns = ensure_array_member (item, "item");

      json_object_set_boolean_member (item, "repeats", TRUE);
      json_array_add_object_element (columns, new_column_item (field, ROSTER_QUESTIONNAIRE_NAME_COLUMN, "Provider name",
                                                    1, ROSTER_TEXT_DEFAULT_MAX_LENGTH));
      json_array_add_object_element (columns, new_column_item (field, ROSTER_QUESTIONNAIRE_NPI_COLUMN, "NPI",
                                                    ROSTER_NPI_LENGTH, ROSTER_NPI_LENGTH));
    }

  return item;
}

static JsonObject *
section_to_item (const RosterForm    *form,
                 const RosterSection *section)
{
  JsonObject *group = new_item (section->id, "group", section->title);
  JsonArray *items;

  set_enabled_when (group, form, section->visible_when);

  items = ensure_array_member (group, "item");
  if (section->description != NULL)
    json_array_add_object_element (items, new_display_item (section->id, "description", section->description));

  for (const RosterField *field = section->fields; field->id != NULL; field++)
    json_array_add_object_element (items, field_to_item (form, field));

  return group;
}

/**
 * roster_questionnaire_new:
 * @form: a form
 *
 * @form as a FHIR R4 Questionnaire (see the top of this file for the
 * mapping). The same table always gives the same JSON.
 *
 * Returns: (transfer full): the Questionnaire resource
 */
JsonNode *
roster_questionnaire_new (const RosterForm *form)
{
  g_autofree char *version = NULL;
  g_autofree char *url = NULL;
  JsonObject *questionnaire;
  JsonArray *items;

  g_return_val_if_fail (form != NULL, NULL);

  version = g_strdup_printf ("%u", form->version);
  url = roster_questionnaire_get_url (form);

  questionnaire = json_object_new ();
  json_object_set_string_member (questionnaire, "resourceType", "Questionnaire");
  json_object_set_string_member (questionnaire, "id", form->id);
  json_object_set_string_member (questionnaire, "url", url);
  json_object_set_string_member (questionnaire, "version", version);
  json_object_set_string_member (questionnaire, "title", form->title);
  json_object_set_string_member (questionnaire, "status", "active");
  json_object_set_string_member (questionnaire, "description", form->summary);

  items = ensure_array_member (questionnaire, "item");
  for (const RosterSection *section = form->sections; section->id != NULL; section++)
    json_array_add_object_element (items, section_to_item (form, section));

  return object_node (questionnaire);
}

/* Responses ------------------------------------------------------------- */

static JsonObject *
new_answered_item (const char *link_id,
                   JsonObject *answer)
{
  JsonObject *item = json_object_new ();
  JsonArray *answers = json_array_new ();

  json_object_set_string_member (item, "linkId", link_id);
  json_array_add_object_element (answers, answer);
  json_object_set_array_member (item, "answer", answers);

  return item;
}

/* A column's cell, or nothing for a blank one (FHIR has no empty string). */
static void
add_cell (JsonArray         *cells,
          const RosterField *list,
          const char        *column,
          const char        *text)
{
  g_autofree char *link_id = g_strconcat (list->id, ".", column, NULL);
  g_autofree char *normalized = roster_text_normalize (text);
  JsonObject *answer;

  if (normalized[0] == '\0')
    return;

  answer = json_object_new ();
  json_object_set_string_member (answer, "valueString", normalized);
  json_array_add_object_element (cells, new_answered_item (link_id, answer));
}

/* A repeating group repeats as items with the same linkId, one a row. */
static void
add_rows (JsonArray         *items,
          RosterRequest     *request,
          const RosterField *field)
{
  for (guint row = 0; row < roster_request_get_n_rows (request, field->id); row++)
    {
      const RosterProvider *provider = roster_request_get_row (request, field->id, row);
      JsonArray *cells = json_array_new ();
      JsonObject *item;

      add_cell (cells, field, ROSTER_QUESTIONNAIRE_NAME_COLUMN, provider->name);
      add_cell (cells, field, ROSTER_QUESTIONNAIRE_NPI_COLUMN, provider->npi);
      if (json_array_get_length (cells) == 0)
        {
          json_array_unref (cells);
          continue;
        }

      item = json_object_new ();
      json_object_set_string_member (item, "linkId", field->id);
      json_object_set_array_member (item, "item", cells);
      json_array_add_object_element (items, item);
    }
}

static void
add_answer (JsonArray         *items,
            RosterRequest     *request,
            const RosterField *field)
{
  const RosterForm *form = roster_request_get_form (request);
  g_autofree char *text = NULL;
  JsonObject *answer;

  switch (field->type)
    {
    case ROSTER_FIELD_PROVIDER_LIST:
      add_rows (items, request, field);
      return;

    case ROSTER_FIELD_BOOLEAN:
      answer = json_object_new ();
      json_object_set_boolean_member (answer, "valueBoolean", roster_request_get_boolean (request, field->id));
      break;

    case ROSTER_FIELD_TEXT:
    case ROSTER_FIELD_EMAIL:
    case ROSTER_FIELD_DIRECT_ADDRESS:
    case ROSTER_FIELD_PHONE:
    case ROSTER_FIELD_NPI:
    case ROSTER_FIELD_DATE:
    case ROSTER_FIELD_CHOICE:
    default:
      /* Trimmed as in the payload. */
      text = roster_text_normalize (roster_request_get_text (request, field->id));
      if (text[0] == '\0')
        return;
      answer = json_object_new ();
      set_typed_value (answer, "value", form, field, text);
      break;
    }

  json_array_add_object_element (items, new_answered_item (field->id, answer));
}

/**
 * roster_questionnaire_response_new:
 * @request: a request
 *
 * @request's answers as a QuestionnaireResponse to its form's
 * Questionnaire. Only visible sections and fields are in it, as only
 * visible fields are in the payload: that is what makes the
 * Questionnaire's enableWhen read a hidden field as unanswered, as
 * Roster's rules do. Its status is "completed" when the rules find
 * nothing wrong (dates aside: they need today), else "in-progress".
 *
 * Returns: (transfer full): the QuestionnaireResponse resource
 */
JsonNode *
roster_questionnaire_response_new (RosterRequest *request)
{
  g_autoptr(RosterVisibility) visibility = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autofree char *url = NULL;
  g_autofree char *canonical = NULL;
  const RosterForm *form;
  JsonObject *response;
  JsonArray *groups;

  g_return_val_if_fail (ROSTER_IS_REQUEST (request), NULL);

  form = roster_request_get_form (request);
  visibility = roster_rules_get_visibility (request);
  issues = roster_rules_check (request, NULL);
  url = roster_questionnaire_get_url (form);
  canonical = g_strdup_printf ("%s|%u", url, form->version);

  response = json_object_new ();
  json_object_set_string_member (response, "resourceType", "QuestionnaireResponse");
  json_object_set_string_member (response, "questionnaire", canonical);
  json_object_set_string_member (response, "status", issues->len == 0 ? "completed" : "in-progress");

  groups = json_array_new ();
  for (const RosterSection *section = form->sections; section->id != NULL; section++)
    {
      JsonArray *items;
      JsonObject *group;

      if (!roster_visibility_section_visible (visibility, section->id))
        continue;

      items = json_array_new ();
      for (const RosterField *field = section->fields; field->id != NULL; field++)
        {
          if (roster_visibility_field_visible (visibility, field->id))
            add_answer (items, request, field);
        }

      /* FHIR has no empty arrays: a section with no answer is left out. */
      if (json_array_get_length (items) == 0)
        {
          json_array_unref (items);
          continue;
        }

      group = json_object_new ();
      json_object_set_string_member (group, "linkId", section->id);
      json_object_set_array_member (group, "item", items);
      json_array_add_object_element (groups, group);
    }

  if (json_array_get_length (groups) > 0)
    json_object_set_array_member (response, "item", groups);
  else
    json_array_unref (groups);

  return object_node (response);
}
