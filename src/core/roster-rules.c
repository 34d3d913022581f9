/* roster-rules.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-rules"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "roster-json-check.h"
#include "roster-rules.h"
#include "roster-validate.h"

/*
 * The rules are pure functions of a request (and, for dates, of today's
 * date, which the caller passes in). The editor, the payload codec, the
 * command line and the intake server all call them, so client and server
 * can never disagree about what is visible or wrong.
 */

struct _RosterVisibility
{
  const RosterForm *form;
  guint             n_sections;
  guint             n_fields;
  gboolean         *sections;  /* in table order */
  gboolean         *fields;    /* in form order */
};

G_DEFINE_BOXED_TYPE (RosterIssue, roster_issue, roster_issue_copy, roster_issue_free)

RosterIssue *
roster_issue_new (const char *field_id,
                  int         row,
                  const char *column,
                  const char *message)
{
  RosterIssue *issue;

  g_return_val_if_fail (field_id != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail (column == NULL || g_str_equal (column, "name") || g_str_equal (column, "npi"), NULL);

  issue = g_new0 (RosterIssue, 1);
  issue->field_id = g_strdup (field_id);
  issue->row = row;
  issue->column = column == NULL ? NULL : g_str_equal (column, "name") ? "name" : "npi";
  issue->message = g_strdup (message);

  if (row < 0)
    issue->path = g_strdup (field_id);
  else if (column == NULL)
    issue->path = g_strdup_printf ("%s[%d]", field_id, row);
  else
    issue->path = g_strdup_printf ("%s[%d].%s", field_id, row, column);

  return issue;
}

RosterIssue *
roster_issue_copy (const RosterIssue *issue)
{
  g_return_val_if_fail (issue != NULL, NULL);

  return roster_issue_new (issue->field_id, issue->row, issue->column, issue->message);
}

void
roster_issue_free (RosterIssue *issue)
{
  if (issue == NULL)
    return;

  g_free (issue->path);
  g_free (issue->field_id);
  g_free (issue->message);
  g_free (issue);
}

/**
 * roster_issue_list_new:
 *
 * Returns: (transfer full) (element-type RosterIssue): an empty array
 *   that frees its issues
 */
GPtrArray *
roster_issue_list_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) roster_issue_free);
}

/**
 * roster_issue_new_from_path:
 * @form: the form the path is in
 * @path: an error path such as "group.field", a section id or
 *   "group.provider_list[2].npi", untrusted
 * @message: the message, shown as plain text
 *
 * Returns: (transfer full) (nullable): the issue, or %NULL when @path is
 *   not a field, a section or a list cell of @form
 */
RosterIssue *
roster_issue_new_from_path (const RosterForm *form,
                            const char       *path,
                            const char       *message)
{
  g_autofree char *field_id = NULL;
  const RosterField *field;
  const char *bracket;
  const char *column = NULL;
  guint64 row = 0;

  g_return_val_if_fail (form != NULL, NULL);

  if (path == NULL || message == NULL)
    return NULL;

  if (!(bracket = strchr (path, '[')))
    {
      if (roster_form_lookup_field (form, path) == NULL && roster_form_lookup_section (form, path) == NULL)
        return NULL;
      return roster_issue_new (path, -1, NULL, message);
    }

  field_id = g_strndup (path, bracket - path);
  field = roster_form_lookup_field (form, field_id);
  if (field == NULL || field->type != ROSTER_FIELD_PROVIDER_LIST)
    return NULL;

  {
    char *end = NULL;

    if (!g_ascii_isdigit (bracket[1]))
      return NULL;
    row = g_ascii_strtoull (bracket + 1, &end, 10);
    if (end == NULL || *end != ']' || row >= roster_field_get_max_rows (field))
      return NULL;

    if (end[1] == '\0')
      column = NULL;
    else if (g_str_equal (end + 1, ".name"))
      column = "name";
    else if (g_str_equal (end + 1, ".npi"))
      column = "npi";
    else
      return NULL;
  }

  return roster_issue_new (field_id, (int) row, column, message);
}

/**
 * roster_issues_from_server:
 * @errors_json: (nullable): the HIE's `errors` array, as stored
 *
 * The HIE's field errors as issues, for the editor to show on the fields.
 * Entries whose path is not in @form are left out.
 *
 * Returns: (transfer full) (element-type RosterIssue): the issues
 */
GPtrArray *
roster_issues_from_server (const RosterForm *form,
                           const char       *errors_json)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  GPtrArray *issues = roster_issue_list_new ();
  JsonArray *errors;

  g_return_val_if_fail (form != NULL, issues);

  if (errors_json == NULL ||
      !roster_json_check (errors_json, strlen (errors_json), 256 * 1024, 4, NULL) ||
      !json_parser_load_from_data (parser, errors_json, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return issues;

  errors = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (errors); i++)
    {
      JsonNode *element = json_array_get_element (errors, i);
      JsonObject *object;
      RosterIssue *issue;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;

      object = json_node_get_object (element);
      if (!json_object_has_member (object, "field") || !json_object_has_member (object, "message"))
        continue;

      issue = roster_issue_new_from_path (form,
                                          json_node_get_string (json_object_get_member (object, "field")),
                                          json_node_get_string (json_object_get_member (object, "message")));
      if (issue != NULL)
        g_ptr_array_add (issues, issue);
    }

  return issues;
}

static void
add_issue (GPtrArray  *issues,
           const char *field_id,
           int         row,
           const char *column,
           const char *message)
{
  g_ptr_array_add (issues, roster_issue_new (field_id, row, column, message));
}

/* Visibility ------------------------------------------------------------ */

static gboolean
field_is_visible (const RosterVisibility *visibility,
                  const char             *field_id)
{
  int index = roster_form_field_index (visibility->form, field_id);

  g_assert (index >= 0);

  return visibility->fields[index];
}

static gboolean
value_in (const char         *value,
          const char * const *values)
{
  return value != NULL && g_strv_contains (values, value);
}

/*
 * Evaluates @condition against the answers, reading a hidden field as
 * unanswered. @visibility must already hold the fields @condition reads;
 * the form tables guarantee that by referring only to earlier fields
 * (test-form checks it).
 */
static gboolean
condition_holds (const RosterCondition  *condition,
                 RosterRequest          *request,
                 const RosterVisibility *visibility)
{
  const char *value = NULL;
  gboolean visible = FALSE;

  if (condition->field_id != NULL)
    {
      const RosterField *field = roster_form_lookup_field (visibility->form, condition->field_id);

      g_assert (field != NULL);

      visible = field_is_visible (visibility, field->id);
      if (visible && field->type != ROSTER_FIELD_BOOLEAN && field->type != ROSTER_FIELD_PROVIDER_LIST)
        value = roster_request_get_text (request, field->id);
    }

  switch (condition->kind)
    {
    case ROSTER_CONDITION_EQUALS:
      return value_in (value, condition->values);

    case ROSTER_CONDITION_NOT_EQUALS:
      return value != NULL && !value_in (value, condition->values);

    case ROSTER_CONDITION_IS_TRUE:
      return visible && roster_request_get_boolean (request, condition->field_id);

    case ROSTER_CONDITION_IS_FALSE:
      return visible && !roster_request_get_boolean (request, condition->field_id);

    case ROSTER_CONDITION_NOT:
      return !condition_holds (condition->operands[0], request, visibility);

    case ROSTER_CONDITION_ALL:
      for (guint i = 0; condition->operands[i] != NULL; i++)
        {
          if (!condition_holds (condition->operands[i], request, visibility))
            return FALSE;
        }
      return TRUE;

    case ROSTER_CONDITION_ANY:
      for (guint i = 0; condition->operands[i] != NULL; i++)
        {
          if (condition_holds (condition->operands[i], request, visibility))
            return TRUE;
        }
      return FALSE;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
condition_holds_or_absent (const RosterCondition  *condition,
                           RosterRequest          *request,
                           const RosterVisibility *visibility)
{
  return condition == NULL || condition_holds (condition, request, visibility);
}

/**
 * roster_rules_get_visibility:
 * @request: a request
 *
 * Works out which sections and fields of the request's form apply to its
 * current answers, in one pass in form order.
 *
 * Returns: (transfer full): the visibility; free with
 *   roster_visibility_free()
 */
RosterVisibility *
roster_rules_get_visibility (RosterRequest *request)
{
  RosterVisibility *visibility;
  const RosterForm *form;
  guint field_index = 0;
  guint section_index = 0;

  g_return_val_if_fail (ROSTER_IS_REQUEST (request), NULL);

  form = roster_request_get_form (request);

  visibility = g_new0 (RosterVisibility, 1);
  visibility->form = form;
  visibility->n_fields = roster_form_get_n_fields (form);
  for (const RosterSection *section = form->sections; section->id != NULL; section++)
    visibility->n_sections++;
  visibility->sections = g_new0 (gboolean, visibility->n_sections);
  visibility->fields = g_new0 (gboolean, visibility->n_fields);

  for (const RosterSection *section = form->sections; section->id != NULL; section++, section_index++)
    {
      gboolean section_visible = condition_holds_or_absent (section->visible_when, request, visibility);

      visibility->sections[section_index] = section_visible;

      for (const RosterField *field = section->fields; field->id != NULL; field++, field_index++)
        visibility->fields[field_index] =
          section_visible && condition_holds_or_absent (field->visible_when, request, visibility);
    }

  return visibility;
}

void
roster_visibility_free (RosterVisibility *visibility)
{
  if (visibility == NULL)
    return;

  g_free (visibility->sections);
  g_free (visibility->fields);
  g_free (visibility);
}

gboolean
roster_visibility_section_visible (const RosterVisibility *visibility,
                                   const char             *section_id)
{
  guint index = 0;

  g_return_val_if_fail (visibility != NULL, FALSE);
  g_return_val_if_fail (section_id != NULL, FALSE);

  for (const RosterSection *section = visibility->form->sections; section->id != NULL; section++, index++)
    {
      if (g_str_equal (section->id, section_id))
        return visibility->sections[index];
    }

  g_return_val_if_reached (FALSE);
}

gboolean
roster_visibility_field_visible (const RosterVisibility *visibility,
                                 const char             *field_id)
{
  int index;

  g_return_val_if_fail (visibility != NULL, FALSE);
  g_return_val_if_fail (field_id != NULL, FALSE);

  index = roster_form_field_index (visibility->form, field_id);
  g_return_val_if_fail (index >= 0, FALSE);

  return visibility->fields[index];
}

/**
 * roster_visibility_equal:
 *
 * Whether two visibilities show the same sections and fields, so the
 * editor can skip relayout when an answer changed nothing visible.
 */
gboolean
roster_visibility_equal (const RosterVisibility *a,
                         const RosterVisibility *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->form == b->form &&
         memcmp (a->sections, b->sections, a->n_sections * sizeof (gboolean)) == 0 &&
         memcmp (a->fields, b->fields, a->n_fields * sizeof (gboolean)) == 0;
}

/* Issues ---------------------------------------------------------------- */

static gboolean
field_required (const RosterField      *field,
                RosterRequest          *request,
                const RosterVisibility *visibility)
{
  /* A hidden field is never required. */
  if (!field_is_visible (visibility, field->id))
    return FALSE;

  return (field->flags & ROSTER_FIELD_REQUIRED) != 0 &&
         condition_holds_or_absent (field->required_when, request, visibility);
}

/**
 * roster_rules_field_required:
 *
 * Whether @field_id needs an answer with the request's current answers;
 * the editor marks such rows as required.
 */
gboolean
roster_rules_field_required (RosterRequest          *request,
                             const RosterVisibility *visibility,
                             const char             *field_id)
{
  const RosterField *field;

  g_return_val_if_fail (ROSTER_IS_REQUEST (request), FALSE);
  g_return_val_if_fail (visibility != NULL, FALSE);

  field = roster_form_lookup_field (roster_request_get_form (request), field_id);
  g_return_val_if_fail (field != NULL, FALSE);

  return field_required (field, request, visibility);
}

/* Checks one typed value; @text is never empty here. */
static gboolean
validate_value (const RosterField  *field,
                const char         *text,
                const GDate        *today,
                GError            **error)
{
  switch (field->type)
    {
    case ROSTER_FIELD_TEXT:
      return roster_validate_text (text, field->min_length, roster_field_get_max_length (field),
                                   (field->flags & ROSTER_FIELD_MULTILINE) != 0, error);

    case ROSTER_FIELD_EMAIL:
      return roster_validate_email (text, error);

    case ROSTER_FIELD_DIRECT_ADDRESS:
      return roster_validate_direct_address (text, error);

    case ROSTER_FIELD_PHONE:
      return roster_validate_phone (text, error);

    case ROSTER_FIELD_NPI:
      return roster_validate_npi (text, error);

    case ROSTER_FIELD_DATE:
      return roster_validate_date (text, today,
                                   field->min_days == ROSTER_NO_DAY_LIMIT ? G_MININT : field->min_days,
                                   field->max_days == ROSTER_NO_DAY_LIMIT ? G_MAXINT : field->max_days,
                                   error);

    case ROSTER_FIELD_CHOICE:
      if (roster_field_lookup_option (field, text) == NULL)
        {
          g_set_error (error, ROSTER_VALIDATION_ERROR, ROSTER_VALIDATION_ERROR_FORMAT,
                       _("This is not one of the choices for “%s”."), _(field->label));
          return FALSE;
        }
      return TRUE;

    case ROSTER_FIELD_BOOLEAN:
    case ROSTER_FIELD_PROVIDER_LIST:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text != '\0'; text++)
    {
      if (!g_ascii_isspace (*text))
        return FALSE;
    }

  return TRUE;
}

static void
check_provider_list (const RosterField *field,
                     RosterRequest     *request,
                     GPtrArray         *issues)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_rows = roster_request_get_n_rows (request, field->id);
  guint max_rows = roster_field_get_max_rows (field);

  if (n_rows > max_rows)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "This list can hold at most %u provider; remove the extra rows.",
                                      "This list can hold at most %u providers; remove the extra rows.",
                                      max_rows),
                         max_rows);
      add_issue (issues, field->id, -1, NULL, message);
    }

  for (guint row = 0; row < n_rows; row++)
    {
      const RosterProvider *provider = roster_request_get_row (request, field->id, row);
      g_autoptr(GError) error = NULL;

      if (is_blank (provider->name))
        add_issue (issues, field->id, row, "name", _("Enter the provider’s name."));
      else if (!roster_validate_text (provider->name, 1, ROSTER_TEXT_DEFAULT_MAX_LENGTH, FALSE, &error))
        add_issue (issues, field->id, row, "name", error->message);

      g_clear_error (&error);

      if (is_blank (provider->npi))
        add_issue (issues, field->id, row, "npi", _("Enter the provider’s 10-digit NPI."));
      else if (!roster_validate_npi (provider->npi, &error))
        add_issue (issues, field->id, row, "npi", error->message);
      else
        {
          g_autofree char *npi = roster_text_normalize (provider->npi);
          gpointer first_row;

          if (g_hash_table_lookup_extended (seen, npi, NULL, &first_row))
            {
              g_autofree char *message =
                g_strdup_printf (_("This NPI is already in row %u of this list."),
                                 GPOINTER_TO_UINT (first_row) + 1);
              add_issue (issues, field->id, row, "npi", message);
            }
          else
            g_hash_table_insert (seen, g_steal_pointer (&npi), GUINT_TO_POINTER (row));
        }
    }
}

static void
check_field (const RosterField      *field,
             RosterRequest          *request,
             const RosterVisibility *visibility,
             const GDate            *today,
             GPtrArray              *issues)
{
  const char *label = _(field->label);
  g_autoptr(GError) error = NULL;
  const char *text;

  switch (field->type)
    {
    case ROSTER_FIELD_BOOLEAN:
      if ((field->flags & ROSTER_FIELD_MUST_BE_TRUE) != 0 &&
          !roster_request_get_boolean (request, field->id))
        {
          g_autofree char *message = g_strdup_printf (_("Confirm “%s” to continue."), label);
          add_issue (issues, field->id, -1, NULL, message);
        }
      return;

    case ROSTER_FIELD_PROVIDER_LIST:
      check_provider_list (field, request, issues);
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

  text = roster_request_get_text (request, field->id);

  if (is_blank (text))
    {
      if (field_required (field, request, visibility))
        {
          g_autofree char *message = field->type == ROSTER_FIELD_CHOICE
            ? g_strdup_printf (_("Choose an answer for “%s”."), label)
            : g_strdup_printf (_("“%s” is required — please fill it in."), label);
          add_issue (issues, field->id, -1, NULL, message);
        }
      return;
    }

  if (!validate_value (field, text, today, &error))
    add_issue (issues, field->id, -1, NULL, error->message);
}

static guint
count_rows (RosterRequest      *request,
            const char * const *field_ids)
{
  guint n_rows = 0;

  for (guint i = 0; field_ids[i] != NULL; i++)
    n_rows += roster_request_get_n_rows (request, field_ids[i]);

  return n_rows;
}

static gboolean
any_differs (RosterRequest      *request,
             const char * const *field_ids,
             const char         *value)
{
  for (guint i = 0; field_ids[i] != NULL; i++)
    {
      if (g_strcmp0 (roster_request_get_text (request, field_ids[i]), value) != 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
any_true (RosterRequest      *request,
          const char * const *field_ids)
{
  for (guint i = 0; field_ids[i] != NULL; i++)
    {
      if (roster_request_get_boolean (request, field_ids[i]))
        return TRUE;
    }

  return FALSE;
}

static void
check_section_rules (const RosterSection    *section,
                     RosterRequest          *request,
                     const RosterVisibility *visibility,
                     GPtrArray              *issues)
{
  if (section->rules == NULL)
    return;

  for (const RosterRule *rule = section->rules; rule->field_ids != NULL; rule++)
    {
      gboolean satisfied;

      if (!condition_holds_or_absent (rule->applies_when, request, visibility))
        continue;

      switch (rule->kind)
        {
        case ROSTER_RULE_ANY_DIFFERS:
          satisfied = any_differs (request, rule->field_ids, rule->value);
          break;

        case ROSTER_RULE_MIN_ROWS:
          satisfied = count_rows (request, rule->field_ids) >= rule->min_rows;
          break;

        case ROSTER_RULE_ANY_TRUE:
          satisfied = any_true (request, rule->field_ids);
          break;

        default:
          g_assert_not_reached ();
        }

      if (!satisfied)
        add_issue (issues, rule->report_on, -1, NULL, _(rule->message));
    }
}

/**
 * roster_rules_check:
 * @request: a request
 * @today: (nullable): the date date rules count from; %NULL skips them
 *
 * Lists everything wrong with the request, in form order: required
 * answers that are missing, values that are malformed, and rules that
 * span several fields. Hidden fields are never required and never
 * reported.
 *
 * Returns: (transfer full) (element-type RosterIssue): the issues; empty
 *   when the request can be sent
 */
GPtrArray *
roster_rules_check (RosterRequest *request,
                    const GDate   *today)
{
  g_autoptr(RosterVisibility) visibility = NULL;
  GPtrArray *issues;
  const RosterForm *form;
  guint section_index = 0;

  g_return_val_if_fail (ROSTER_IS_REQUEST (request), NULL);

  form = roster_request_get_form (request);
  visibility = roster_rules_get_visibility (request);
  issues = roster_issue_list_new ();

  for (const RosterSection *section = form->sections; section->id != NULL; section++, section_index++)
    {
      if (!visibility->sections[section_index])
        continue;

      for (const RosterField *field = section->fields; field->id != NULL; field++)
        {
          if (field_is_visible (visibility, field->id))
            check_field (field, request, visibility, today, issues);
        }

      check_section_rules (section, request, visibility, issues);
    }

  return issues;
}

/**
 * roster_rules_get_issue_section:
 *
 * Returns: (nullable): the section @issue is in: its field's section, or
 *   the section it names
 */
const RosterSection *
roster_rules_get_issue_section (const RosterForm  *form,
                                const RosterIssue *issue)
{
  const RosterField *field;

  g_return_val_if_fail (form != NULL, NULL);
  g_return_val_if_fail (issue != NULL, NULL);

  if ((field = roster_form_lookup_field (form, issue->field_id)))
    return roster_form_get_field_section (form, field);

  return roster_form_lookup_section (form, issue->field_id);
}

/**
 * roster_rules_get_section_state:
 * @request: a request
 * @section: one of its form's sections
 * @issues: (element-type RosterIssue): the request's issues, from
 *   roster_rules_check()
 * @checked: whether the administrator has checked the section (pressed
 *   Next on it, or reached Review), so its problems may be shown
 *
 * What the editor's sidebar shows for a section.
 */
RosterSectionState
roster_rules_get_section_state (RosterRequest       *request,
                                const RosterSection *section,
                                GPtrArray           *issues,
                                gboolean             checked)
{
  const RosterForm *form;
  gboolean has_issue = FALSE;
  gboolean has_answer = FALSE;

  g_return_val_if_fail (ROSTER_IS_REQUEST (request), ROSTER_SECTION_NOT_STARTED);
  g_return_val_if_fail (section != NULL, ROSTER_SECTION_NOT_STARTED);
  g_return_val_if_fail (issues != NULL, ROSTER_SECTION_NOT_STARTED);

  form = roster_request_get_form (request);

  for (guint i = 0; i < issues->len && !has_issue; i++)
    has_issue = roster_rules_get_issue_section (form, g_ptr_array_index (issues, i)) == section;

  if (!has_issue)
    return ROSTER_SECTION_COMPLETE;

  if (checked)
    return ROSTER_SECTION_HAS_PROBLEMS;

  for (const RosterField *field = section->fields; field->id != NULL && !has_answer; field++)
    has_answer = roster_request_has_answer (request, field->id);

  return has_answer ? ROSTER_SECTION_IN_PROGRESS : ROSTER_SECTION_NOT_STARTED;
}

/**
 * roster_rules_get_today:
 * @today: (out caller-allocates): the date to fill
 *
 * Today's date in local time, the reference for the form's date rules.
 */
void
roster_rules_get_today (GDate *today)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();

  roster_rules_get_today_in (local, today);
}

/**
 * roster_rules_get_today_in:
 * @zone: the time zone whose date it is
 * @today: (out caller-allocates): the date to fill
 *
 * Today's date in @zone: for a caller that keeps the local zone, since
 * reading it can mean reading a file each time.
 */
void
roster_rules_get_today_in (GTimeZone *zone,
                           GDate     *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);

  g_date_clear (today, 1);
  g_date_set_dmy (today,
                  g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now),
                  g_date_time_get_year (now));
}
