/* roster-npi-record.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-npi-record"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "roster-json-check.h"
#include "roster-npi-record.h"
#include "roster-validate.h"

/*
 * The NPI Registry's answer about one NPI, and what Roster makes of it.
 * Everything here is pure: the parser reads untrusted bytes (checked for
 * size, depth and shape before json-glib sees them, and fuzzed), and the
 * checks turn a record and what the administrator typed into warnings.
 * Warnings never block anything; the rules' problems do.
 *
 * The cache keeps records in the registry's own 2.1 shape, trimmed to
 * the members read here, so the same parser reads both.
 */

G_DEFINE_QUARK (roster-npi-record-error-quark, roster_npi_record_error)

/* A registered name part longer than this is not a name. */
#define NAME_MAX_CHARS 128

void
roster_npi_record_free (RosterNpiRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->npi);
  g_free (record->first_name);
  g_free (record->middle_name);
  g_free (record->last_name);
  g_free (record->credential);
  g_free (record->organization_name);
  g_free (record);
}

/**
 * roster_npi_record_copy:
 *
 * Returns: (transfer full): a copy of @record
 */
RosterNpiRecord *
roster_npi_record_copy (const RosterNpiRecord *record)
{
  RosterNpiRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = g_new0 (RosterNpiRecord, 1);
  copy->npi = g_strdup (record->npi);
  copy->kind = record->kind;
  copy->active = record->active;
  copy->first_name = g_strdup (record->first_name);
  copy->middle_name = g_strdup (record->middle_name);
  copy->last_name = g_strdup (record->last_name);
  copy->credential = g_strdup (record->credential);
  copy->organization_name = g_strdup (record->organization_name);
  copy->fetched_at = record->fetched_at;

  return copy;
}

/* Parsing ---------------------------------------------------------------- */

static gboolean
set_malformed (GError     **error,
               const char  *what)
{
  g_set_error (error, ROSTER_NPI_RECORD_ERROR, ROSTER_NPI_RECORD_ERROR_MALFORMED,
               "The NPI Registry’s answer is not one Roster can read: %s", what);
  return FALSE;
}

static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

/* A string member: %NULL when absent, JSON null, empty or "--" (the
 * registry's "nothing here"); FALSE when it is there with another type
 * or is not a plausible name. */
static gboolean
read_name (JsonObject  *object,
           const char  *member,
           char       **out)
{
  JsonNode *node = get_member (object, member);
  const char *text;
  g_autofree char *trimmed = NULL;

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  text = json_node_get_string (node);
  if (g_utf8_strlen (text, -1) > NAME_MAX_CHARS)
    return FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        return FALSE;
    }

  trimmed = roster_text_normalize (text);
  if (trimmed[0] != '\0' && !g_str_equal (trimmed, "--"))
    *out = g_steal_pointer (&trimmed);

  return TRUE;
}

/* "number" is a string in the 2.1 answers, a number in some older ones. */
static char *
read_number (JsonObject *object)
{
  JsonNode *node = get_member (object, "number");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));

  if (json_node_get_value_type (node) == G_TYPE_INT64 && json_node_get_int (node) > 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  return NULL;
}

static gboolean
read_result (JsonObject       *result,
             RosterNpiRecord  *record,
             GError          **error)
{
  JsonNode *node;
  JsonObject *basic;
  const char *type;
  g_autofree char *status = NULL;
  g_autofree char *deactivated = NULL;
  g_autofree char *reactivated = NULL;

  node = get_member (result, "enumeration_type");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return set_malformed (error, "no enumeration type");

  type = json_node_get_string (node);
  if (g_str_equal (type, "NPI-1"))
    record->kind = ROSTER_NPI_KIND_PERSON;
  else if (g_str_equal (type, "NPI-2"))
    record->kind = ROSTER_NPI_KIND_ORGANIZATION;
  else
    return set_malformed (error, "an unknown enumeration type");

  node = get_member (result, "basic");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return set_malformed (error, "no “basic” object");
  basic = json_node_get_object (node);

  if (!read_name (basic, "status", &status) ||
      !read_name (basic, "deactivation_date", &deactivated) ||
      !read_name (basic, "reactivation_date", &reactivated))
    return set_malformed (error, "a status that is not text");

  /* "A" is active; the registry has used "D" for deactivated, and lists
   * a deactivation date without a later reactivation. */
  record->active = (status == NULL || g_str_equal (status, "A")) &&
                   (deactivated == NULL || reactivated != NULL);

  if (record->kind == ROSTER_NPI_KIND_PERSON)
    {
      if (!read_name (basic, "first_name", &record->first_name) ||
          !read_name (basic, "middle_name", &record->middle_name) ||
          !read_name (basic, "last_name", &record->last_name) ||
          !read_name (basic, "credential", &record->credential))
        return set_malformed (error, "a name that is not plain text");
    }
  else
    {
      if (!read_name (basic, "organization_name", &record->organization_name))
        return set_malformed (error, "a name that is not plain text");
      if (record->organization_name == NULL &&
          !read_name (basic, "name", &record->organization_name))
        return set_malformed (error, "a name that is not plain text");
    }

  return TRUE;
}

/**
 * roster_npi_record_parse:
 * @npi: the NPI that was asked about (ten digits)
 * @body: (array length=length): the registry's answer, untrusted
 * @length: its size in bytes
 * @error: return location for a #RosterNpiRecordError
 *
 * Reads an NPI Registry `version=2.1` answer to `number=@npi`. No result
 * means the registry does not know the NPI (%ROSTER_NPI_KIND_UNKNOWN);
 * results that are all about other numbers are an error, as is the
 * registry's own `Errors` list. The record's @fetched_at is left 0.
 *
 * Returns: (transfer full) (nullable): the record, or %NULL with @error set
 */
RosterNpiRecord *
roster_npi_record_parse (const char  *npi,
                         const char  *body,
                         gsize        length,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(RosterNpiRecord) record = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonNode *results;
  JsonArray *array;

  g_return_val_if_fail (npi != NULL, NULL);
  g_return_val_if_fail (body != NULL || length == 0, NULL);

  if (!roster_json_check (body, length, ROSTER_NPI_RECORD_MAX_BYTES, ROSTER_NPI_RECORD_MAX_DEPTH, &local_error))
    {
      set_malformed (error, local_error->message);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, body, length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      set_malformed (error, "not a JSON object");
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));

  if (get_member (root, "Errors") != NULL)
    {
      g_set_error_literal (error, ROSTER_NPI_RECORD_ERROR, ROSTER_NPI_RECORD_ERROR_REFUSED,
                           "The NPI Registry refused the question");
      return NULL;
    }

  results = get_member (root, "results");
  if (results == NULL || !JSON_NODE_HOLDS_ARRAY (results))
    {
      set_malformed (error, "no “results” list");
      return NULL;
    }
  array = json_node_get_array (results);

  record = g_new0 (RosterNpiRecord, 1);
  record->npi = g_strdup (npi);
  record->kind = ROSTER_NPI_KIND_UNKNOWN;
  record->active = FALSE;

  if (json_array_get_length (array) == 0)
    return g_steal_pointer (&record);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *number = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          set_malformed (error, "a result that is not an object");
          return NULL;
        }

      number = read_number (json_node_get_object (node));
      if (g_strcmp0 (number, npi) != 0)
        continue;

      if (!read_result (json_node_get_object (node), record, error))
        return NULL;

      return g_steal_pointer (&record);
    }

  set_malformed (error, "no result about the NPI asked for");
  return NULL;
}

static void
add_name_member (JsonBuilder *builder,
                 const char  *member,
                 const char  *value)
{
  if (value == NULL)
    return;

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

/**
 * roster_npi_record_serialize:
 *
 * Writes @record in the registry's own shape, trimmed to what
 * roster_npi_record_parse() reads, for the cache.
 *
 * Returns: (transfer full): JSON text
 */
char *
roster_npi_record_serialize (const RosterNpiRecord *record)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (record != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "result_count");
  json_builder_add_int_value (builder, record->kind == ROSTER_NPI_KIND_UNKNOWN ? 0 : 1);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  if (record->kind != ROSTER_NPI_KIND_UNKNOWN)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "number");
      json_builder_add_string_value (builder, record->npi);
      json_builder_set_member_name (builder, "enumeration_type");
      json_builder_add_string_value (builder, record->kind == ROSTER_NPI_KIND_PERSON ? "NPI-1" : "NPI-2");
      json_builder_set_member_name (builder, "basic");
      json_builder_begin_object (builder);
      add_name_member (builder, "first_name", record->first_name);
      add_name_member (builder, "middle_name", record->middle_name);
      add_name_member (builder, "last_name", record->last_name);
      add_name_member (builder, "credential", record->credential);
      add_name_member (builder, "organization_name", record->organization_name);
      add_name_member (builder, "status", record->active ? "A" : "D");
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);

  return roster_json_generate (root, NULL);
}

/**
 * roster_npi_record_is_stale:
 * @now: µs since the epoch
 *
 * Returns: whether @record is older than %ROSTER_NPI_RECORD_MAX_AGE (or
 *   from the future, after a clock change) and should be fetched again
 */
gboolean
roster_npi_record_is_stale (const RosterNpiRecord *record,
                            gint64                 now)
{
  g_return_val_if_fail (record != NULL, TRUE);

  return record->fetched_at > now || now - record->fetched_at > ROSTER_NPI_RECORD_MAX_AGE;
}

/* Showing ----------------------------------------------------------------- */

/**
 * roster_npi_record_dup_name:
 *
 * Returns: (transfer full) (nullable): the registered name as the registry
 *   writes it ("JANE Q DOE, M.D." or "ACME CLINIC"), or %NULL for an NPI
 *   the registry does not know
 */
char *
roster_npi_record_dup_name (const RosterNpiRecord *record)
{
  GString *name;

  g_return_val_if_fail (record != NULL, NULL);

  if (record->kind == ROSTER_NPI_KIND_UNKNOWN)
    return NULL;

  if (record->kind == ROSTER_NPI_KIND_ORGANIZATION)
    return g_strdup (record->organization_name != NULL ? record->organization_name : "?");

  name = g_string_new (NULL);
  for (guint i = 0; i < 3; i++)
    {
      const char *part = i == 0 ? record->first_name : i == 1 ? record->middle_name : record->last_name;

      if (part == NULL)
        continue;
      if (name->len > 0)
        g_string_append_c (name, ' ');
      g_string_append (name, part);
    }
  if (record->credential != NULL)
    g_string_append_printf (name, ", %s", record->credential);
  if (name->len == 0)
    g_string_append_c (name, '?');

  return g_string_free (name, FALSE);
}

/**
 * roster_npi_record_describe:
 *
 * Returns: (transfer full): one line for beside the NPI: the registered
 *   name, the enumeration type and the status, or that the registry does
 *   not know the NPI
 */
char *
roster_npi_record_describe (const RosterNpiRecord *record)
{
  g_autofree char *name = NULL;
  const char *type;
  const char *status;

  g_return_val_if_fail (record != NULL, NULL);

  if (record->kind == ROSTER_NPI_KIND_UNKNOWN)
    return g_strdup (_("Not in the NPI Registry"));

  name = roster_npi_record_dup_name (record);
  type = record->kind == ROSTER_NPI_KIND_PERSON ? _("person, NPI-1") : _("organization, NPI-2");
  status = record->active ? _("active") : _("deactivated");

  /* TRANSLATORS: the name an NPI is registered to, its enumeration type
   * and its status, e.g. "JANE DOE, MD · person, NPI-1 · active" */
  return g_strdup_printf (_("%s · %s · %s"), name, type, status);
}

/* Names ------------------------------------------------------------------- */

/* Titles, suffixes and the credentials that follow a provider's name:
 * none of them tells two people apart. */
static const char * const optional_words[] = {
  "dr", "doctor", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "rev",
  "jr", "sr", "ii", "iii", "iv",
  "md", "do", "dds", "dmd", "dpm", "dc", "od", "pharmd", "phd", "psyd", "dnp",
  "np", "aprn", "fnp", "anp", "cnp", "pa", "pac", "rn", "lpn", "bsn", "msn",
  "cnm", "crna", "lcsw", "mph", "mba", "facp", "facs", "facc", "faap", "rph",
  NULL
};

/* Words an organization's name may have or lack. */
static const char * const organization_words[] = {
  "the", "inc", "llc", "pllc", "pc", "pa", "corp", "corporation", "co", "company", "ltd", "lp", "llp",
  NULL
};

/* Splits @text into lowercase ASCII words: accents are dropped ("José" is
 * "jose"), dots and apostrophes vanish ("M.D." is "md", "O’Brien" is
 * "obrien"), and any other punctuation separates words. */
static GPtrArray *
name_words (const char *text)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *ascii = NULL;
  g_autoptr(GString) word = g_string_new (NULL);

  if (text == NULL)
    return g_steal_pointer (&words);

  ascii = g_str_to_ascii (text, "C");

  for (const char *p = ascii; ; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          g_string_append_c (word, g_ascii_tolower (*p));
          continue;
        }

      if (*p == '.' || *p == '\'' || *p == '`')
        continue;

      if (word->len > 0)
        {
          g_ptr_array_add (words, g_strdup (word->str));
          g_string_truncate (word, 0);
        }

      if (*p == '\0')
        break;
    }

  return g_steal_pointer (&words);
}

static gboolean
words_contain (GPtrArray  *words,
               const char *word)
{
  for (guint i = 0; i < words->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (words, i), word))
        return TRUE;
    }

  return FALSE;
}

static void
add_words (GPtrArray  *words,
           const char *text)
{
  g_autoptr(GPtrArray) more = name_words (text);

  for (guint i = 0; i < more->len; i++)
    g_ptr_array_add (words, g_strdup (g_ptr_array_index (more, i)));
}

static gboolean
person_name_matches (GPtrArray             *typed,
                     const RosterNpiRecord *record)
{
  g_autoptr(GPtrArray) required = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) optional = g_ptr_array_new_with_free_func (g_free);

  add_words (required, record->first_name);
  add_words (required, record->last_name);
  add_words (optional, record->middle_name);
  add_words (optional, record->credential);

  /* The registry gave no name to compare with. */
  if (required->len == 0)
    return TRUE;

  for (guint i = 0; i < required->len; i++)
    {
      if (!words_contain (typed, g_ptr_array_index (required, i)))
        return FALSE;
    }

  for (guint i = 0; i < typed->len; i++)
    {
      const char *word = g_ptr_array_index (typed, i);
      gboolean initial_of_middle = FALSE;

      if (words_contain (required, word) || words_contain (optional, word) ||
          g_strv_contains (optional_words, word))
        continue;

      /* "Jane Q. Doe" for JANE QUINN DOE. */
      for (guint j = 0; j < optional->len && strlen (word) == 1; j++)
        initial_of_middle |= ((const char *) g_ptr_array_index (optional, j))[0] == word[0];

      if (!initial_of_middle)
        return FALSE;
    }

  return TRUE;
}

static void
remove_words (GPtrArray          *words,
              const char * const *unwanted)
{
  for (guint i = words->len; i > 0; i--)
    {
      if (g_strv_contains (unwanted, g_ptr_array_index (words, i - 1)))
        g_ptr_array_remove_index (words, i - 1);
    }
}

static gboolean
organization_name_matches (GPtrArray             *typed,
                           const RosterNpiRecord *record)
{
  g_autoptr(GPtrArray) registered = name_words (record->organization_name);

  remove_words (typed, organization_words);
  remove_words (registered, organization_words);

  if (registered->len == 0)
    return TRUE;

  if (typed->len != registered->len)
    return FALSE;

  for (guint i = 0; i < typed->len; i++)
    {
      if (!g_str_equal (g_ptr_array_index (typed, i), g_ptr_array_index (registered, i)))
        return FALSE;
    }

  return TRUE;
}

/**
 * roster_npi_name_matches:
 * @typed: a name as the administrator typed it
 * @record: what the registry says about the NPI typed beside it
 *
 * Compares @typed with the registered name, ignoring case, accents and
 * punctuation. For a person, the first and last names must be there and
 * nothing else but the middle name (or its initial), the credential, a
 * title such as "Dr." or a suffix such as "Jr."; the order does not
 * matter ("Doe, Jane"). For an organization, the words must be the same
 * but for "Inc.", "LLC", "The" and the like. A name with no letters
 * Roster can compare (another script) is taken as matching.
 *
 * Returns: whether @typed names the NPI's registered holder
 */
gboolean
roster_npi_name_matches (const char            *typed,
                         const RosterNpiRecord *record)
{
  g_autoptr(GPtrArray) words = NULL;

  g_return_val_if_fail (record != NULL, FALSE);

  if (record->kind == ROSTER_NPI_KIND_UNKNOWN)
    return FALSE;

  words = name_words (typed);
  if (words->len == 0)
    return TRUE;

  if (record->kind == ROSTER_NPI_KIND_ORGANIZATION)
    return organization_name_matches (words, record);

  return person_name_matches (words, record);
}

/**
 * roster_npi_record_check:
 * @record: the registry's answer about an NPI
 * @expected_name: (nullable): the name typed beside the NPI, if any
 * @person_expected: whether the NPI should belong to a person
 *
 * Returns: (transfer full) (element-type utf8): the warnings about the
 *   NPI, translated, each a sentence that says what to check; none when
 *   the registry's answer agrees with the form. They never quote what
 *   was typed.
 */
GPtrArray *
roster_npi_record_check (const RosterNpiRecord *record,
                         const char            *expected_name,
                         gboolean               person_expected)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *name = NULL;

  g_return_val_if_fail (record != NULL, NULL);

  if (record->kind == ROSTER_NPI_KIND_UNKNOWN)
    {
      g_ptr_array_add (warnings, g_strdup (_("The NPI Registry has no provider with this NPI. Check the number.")));
      return g_steal_pointer (&warnings);
    }

  name = roster_npi_record_dup_name (record);

  if (!record->active)
    g_ptr_array_add (warnings, g_strdup_printf (_("This NPI, registered to %s, is deactivated. Ask for the provider’s current NPI."),
                                                name));

  if (person_expected && record->kind == ROSTER_NPI_KIND_ORGANIZATION)
    g_ptr_array_add (warnings, g_strdup_printf (_("This NPI is registered to an organization, %s (NPI-2), not to a person. Enter the provider’s own NPI."),
                                                name));
  else if (expected_name != NULL && !roster_npi_name_matches (expected_name, record))
    g_ptr_array_add (warnings, g_strdup_printf (_("This NPI is registered to %s, not to the name given here. Check the name and the number."),
                                                name));

  return g_steal_pointer (&warnings);
}

/* The form ---------------------------------------------------------------- */

/**
 * roster_npi_field_expects_person:
 * @field: an NPI field or a provider list
 *
 * Every NPI the forms ask for so far is a person's: the user's own, and
 * the providers whose alerts and results a delegate receives.
 *
 * Returns: whether an organization's NPI (NPI-2) deserves a warning
 */
gboolean
roster_npi_field_expects_person (const RosterField *field)
{
  g_return_val_if_fail (field != NULL, TRUE);

  return TRUE;
}

/**
 * roster_npi_expected_name:
 * @request: the request
 * @field: a plain NPI field (%ROSTER_FIELD_NPI)
 *
 * The name a plain NPI field's holder should have: for the field with
 * %ROSTER_ROLE_PERSON_NPI, the request's person (the fields with the
 * person's name roles); for any other, nobody the form names.
 *
 * Returns: (transfer full) (nullable): the name to compare with, or %NULL
 */
char *
roster_npi_expected_name (RosterRequest     *request,
                          const RosterField *field)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (ROSTER_IS_REQUEST (request), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (field->role != ROSTER_ROLE_PERSON_NPI)
    return NULL;

  name = roster_request_dup_person_name (request);

  return name[0] != '\0' ? g_steal_pointer (&name) : NULL;
}

static const char *
valid_npi (const char *text,
           char      **normalized)
{
  *normalized = roster_text_normalize (text);

  return roster_validate_npi (*normalized, NULL) ? *normalized : NULL;
}

typedef void (*NpiVisitFunc) (RosterRequest     *request,
                              const RosterField *field,
                              int                row,
                              const char        *npi,
                              const char        *name,
                              gpointer           user_data);

/* Calls @func for every valid NPI in a visible field of @request, in
 * form order. */
static void
visit_npis (RosterRequest *request,
            NpiVisitFunc   func,
            gpointer       user_data)
{
  const RosterForm *form = roster_request_get_form (request);
  g_autoptr(RosterVisibility) visibility = roster_rules_get_visibility (request);
  guint n_fields = roster_form_get_n_fields (form);

  for (guint i = 0; i < n_fields; i++)
    {
      const RosterField *field = roster_form_get_field (form, i);
      g_autofree char *normalized = NULL;

      if ((field->type != ROSTER_FIELD_NPI && field->type != ROSTER_FIELD_PROVIDER_LIST) ||
          !roster_visibility_field_visible (visibility, field->id))
        continue;

      if (field->type == ROSTER_FIELD_NPI)
        {
          const char *npi = valid_npi (roster_request_get_text (request, field->id), &normalized);

          if (npi != NULL)
            func (request, field, -1, npi, NULL, user_data);
          continue;
        }

      for (guint row = 0; row < roster_request_get_n_rows (request, field->id); row++)
        {
          const RosterProvider *provider = roster_request_get_row (request, field->id, row);
          g_autofree char *row_npi = NULL;
          const char *npi = valid_npi (provider->npi, &row_npi);

          if (npi != NULL)
            func (request, field, row, npi, provider->name, user_data);
        }
    }
}

static void
collect_cb (RosterRequest     *request,
            const RosterField *field,
            int                row,
            const char        *npi,
            const char        *name,
            gpointer           user_data)
{
  GPtrArray *npis = user_data;

  if (!g_ptr_array_find_with_equal_func (npis, npi, g_str_equal, NULL))
    g_ptr_array_add (npis, g_strdup (npi));
}

/**
 * roster_npi_collect:
 * @request: a request
 *
 * Returns: (transfer full) (element-type utf8): every valid NPI in the
 *   request's visible NPI fields and provider rows, once each, in form
 *   order: the NPIs worth asking the registry about
 */
GPtrArray *
roster_npi_collect (RosterRequest *request)
{
  GPtrArray *npis = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (ROSTER_IS_REQUEST (request), npis);

  visit_npis (request, collect_cb, npis);

  return npis;
}

/* What the registry says of a request's NPIs: the line beside each
 * (when @lines is set) and the warnings (when @warnings is). */
typedef struct
{
  GPtrArray           *lines;
  GPtrArray           *warnings;
  RosterNpiLookupFunc  lookup;
  gpointer             user_data;
} CheckData;

static void
check_cb (RosterRequest     *request,
          const RosterField *field,
          int                row,
          const char        *npi,
          const char        *name,
          gpointer           user_data)
{
  CheckData *data = user_data;
  const RosterNpiRecord *record = data->lookup (npi, data->user_data);
  const char *column = row < 0 ? NULL : "npi";
  g_autofree char *expected = NULL;
  g_autoptr(GPtrArray) warnings = NULL;

  if (data->lines != NULL)
    {
      g_autofree char *line = record != NULL ? roster_npi_record_describe (record) : g_strdup (_("Not checked yet"));

      g_ptr_array_add (data->lines, roster_issue_new (field->id, row, column, line));
    }

  if (record == NULL || data->warnings == NULL)
    return;

  if (row < 0)
    expected = roster_npi_expected_name (request, field);
  else if ((expected = roster_text_normalize (name))[0] == '\0')
    g_clear_pointer (&expected, g_free);

  warnings = roster_npi_record_check (record, expected, roster_npi_field_expects_person (field));
  for (guint i = 0; i < warnings->len; i++)
    g_ptr_array_add (data->warnings, roster_issue_new (field->id, row, column, g_ptr_array_index (warnings, i)));
}

/**
 * roster_npi_check_request:
 * @request: a request
 * @lookup: (scope call): what is known about an NPI
 * @user_data: data for @lookup
 *
 * The registry's warnings about @request: for every valid NPI in a
 * visible field whose record @lookup knows, what roster_npi_record_check()
 * says, as an issue on that field (or on the row's NPI cell). NPIs that
 * were not checked give nothing.
 *
 * Returns: (transfer full) (element-type RosterIssue): the warnings
 */
GPtrArray *
roster_npi_check_request (RosterRequest       *request,
                          RosterNpiLookupFunc  lookup,
                          gpointer             user_data)
{
  CheckData data = { NULL, roster_issue_list_new (), lookup, user_data };

  g_return_val_if_fail (ROSTER_IS_REQUEST (request), data.warnings);
  g_return_val_if_fail (lookup != NULL, data.warnings);

  visit_npis (request, check_cb, &data);

  return data.warnings;
}

/**
 * roster_npi_describe_request:
 * @request: a request
 * @lookup: (scope call): what is known about an NPI
 * @user_data: data for @lookup
 *
 * The line to show beside every valid NPI in a visible field of
 * @request: what roster_npi_record_describe() says of its record, or
 * "Not checked yet". Each line is a #RosterIssue placed like the
 * warnings of roster_npi_check_request(), though it is only information.
 *
 * Returns: (transfer full) (element-type RosterIssue): the lines
 */
GPtrArray *
roster_npi_describe_request (RosterRequest       *request,
                             RosterNpiLookupFunc  lookup,
                             gpointer             user_data)
{
  CheckData data = { roster_issue_list_new (), NULL, lookup, user_data };

  g_return_val_if_fail (ROSTER_IS_REQUEST (request), data.lines);
  g_return_val_if_fail (lookup != NULL, data.lines);

  visit_npis (request, check_cb, &data);

  return data.lines;
}
