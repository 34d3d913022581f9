/* roster-people-import.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-people-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "roster-csv.h"
#include "roster-people-import.h"
#include "roster-validate.h"

/*
 * The practice's current user list, as an HIE portal or a spreadsheet
 * exports it, read into a plan: which column holds what (by its header,
 * in any order), each row's person and problems in words, and whether
 * the row would create someone or update someone Roster knows. Nothing
 * here writes: the caller stores the plan's people once the
 * administrator confirms, and only a plan without problems.
 */

/* Header cells, lowercased with everything but letters and digits
 * dropped, and what they mean. */
static const struct {
  const char         *header;
  RosterImportColumn  column;
} known_headers[] = {
  { "email", ROSTER_IMPORT_COLUMN_EMAIL },
  { "emailaddress", ROSTER_IMPORT_COLUMN_EMAIL },
  { "workemail", ROSTER_IMPORT_COLUMN_EMAIL },
  { "firstname", ROSTER_IMPORT_COLUMN_FIRST_NAME },
  { "givenname", ROSTER_IMPORT_COLUMN_FIRST_NAME },
  { "first", ROSTER_IMPORT_COLUMN_FIRST_NAME },
  { "lastname", ROSTER_IMPORT_COLUMN_LAST_NAME },
  { "surname", ROSTER_IMPORT_COLUMN_LAST_NAME },
  { "familyname", ROSTER_IMPORT_COLUMN_LAST_NAME },
  { "last", ROSTER_IMPORT_COLUMN_LAST_NAME },
  { "name", ROSTER_IMPORT_COLUMN_FULL_NAME },
  { "fullname", ROSTER_IMPORT_COLUMN_FULL_NAME },
  { "displayname", ROSTER_IMPORT_COLUMN_FULL_NAME },
  { "npi", ROSTER_IMPORT_COLUMN_NPI },
  { "npinumber", ROSTER_IMPORT_COLUMN_NPI },
  { "organization", ROSTER_IMPORT_COLUMN_ORGANIZATION },
  { "organisation", ROSTER_IMPORT_COLUMN_ORGANIZATION },
  { "organizationname", ROSTER_IMPORT_COLUMN_ORGANIZATION },
  { "practice", ROSTER_IMPORT_COLUMN_ORGANIZATION },
  { "title", ROSTER_IMPORT_COLUMN_TITLE },
  { "jobtitle", ROSTER_IMPORT_COLUMN_TITLE },
};

static const char * const yes_words[] = { "yes", "y", "true", "1", "x", "active", "on", "si", NULL };
static const char * const no_words[] = { "no", "n", "false", "0", "inactive", "off", "", NULL };

static char *
normalize_header (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");
  GString *key = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (key, g_ascii_tolower (*p));
    }

  return g_string_free (key, FALSE);
}

/* What the header @text names, and for a service column which one. */
static RosterImportColumn
map_header (const char    *text,
            RosterService *service)
{
  g_autofree char *key = normalize_header (text);

  *service = ROSTER_SERVICE_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (known_headers); i++)
    {
      if (g_str_equal (key, known_headers[i].header))
        return known_headers[i].column;
    }

  for (guint s = ROSTER_SERVICE_NONE + 1; s < ROSTER_N_SERVICES; s++)
    {
      g_autofree char *name = normalize_header (roster_service_to_string (s));
      g_autofree char *label = normalize_header (roster_service_get_label (s));

      if (g_str_equal (key, name) || g_str_equal (key, label))
        {
          *service = s;
          return ROSTER_IMPORT_COLUMN_SERVICE;
        }
    }

  return ROSTER_IMPORT_COLUMN_IGNORED;
}

static const char *
column_label (RosterImportColumn column,
              RosterService      service)
{
  switch (column)
    {
    case ROSTER_IMPORT_COLUMN_EMAIL:
      return _("Email");
    case ROSTER_IMPORT_COLUMN_FIRST_NAME:
      return _("First name");
    case ROSTER_IMPORT_COLUMN_LAST_NAME:
      return _("Last name");
    case ROSTER_IMPORT_COLUMN_FULL_NAME:
      return _("Name");
    case ROSTER_IMPORT_COLUMN_NPI:
      return _("NPI");
    case ROSTER_IMPORT_COLUMN_ORGANIZATION:
      return _("Organization");
    case ROSTER_IMPORT_COLUMN_TITLE:
      return _("Job title");
    case ROSTER_IMPORT_COLUMN_SERVICE:
      return roster_service_get_label (service);
    case ROSTER_IMPORT_COLUMN_IGNORED:
    default:
      return _("Not imported");
    }
}

/**
 * roster_import_column_describe:
 * @column: a header cell's index
 *
 * Returns: what Roster reads from the column, in words ("Email", "Not
 *   imported")
 */
const char *
roster_import_column_describe (const RosterImportPlan *plan,
                               guint                   column)
{
  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (column < plan->columns->len, NULL);

  return column_label (g_array_index (plan->columns, RosterImportColumn, column),
                       g_array_index (plan->column_services, RosterService, column));
}

static gboolean
word_in (const char         *value,
         const char * const *words)
{
  g_autofree char *key = normalize_header (value);

  return g_strv_contains (words, key);
}

static void
import_row_free (RosterImportRow *row)
{
  roster_person_free (row->person);
  g_ptr_array_unref (row->problems);
  g_free (row);
}

/**
 * roster_import_plan_load:
 * @file: a CSV file of the practice's users
 * @known: (nullable) (element-type RosterPerson): the people Roster knows
 * @error: a file that cannot be read, is too large or is not CSV
 *
 * Reads @file, refusing one larger than %ROSTER_CSV_MAX_BYTES before
 * reading it, and plans its import as roster_import_plan_new() does.
 *
 * Returns: (transfer full) (nullable): the plan
 */
RosterImportPlan *
roster_import_plan_load (GFile      *file,
                         GPtrArray  *known,
                         GError    **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* A pipe says nothing of its size: the reader's own limit holds then. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR &&
      g_file_info_get_size (info) > ROSTER_CSV_MAX_BYTES)
    {
      g_set_error (error, ROSTER_CSV_ERROR, ROSTER_CSV_ERROR_TOO_LARGE,
                   _("The file is larger than %u MiB."), ROSTER_CSV_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  if (!(bytes = g_file_load_bytes (file, NULL, NULL, error)))
    return NULL;

  return roster_import_plan_new (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), known, error);
}

void
roster_import_plan_free (RosterImportPlan *plan)
{
  if (plan == NULL)
    return;

  g_array_unref (plan->columns);
  g_array_unref (plan->column_services);
  g_ptr_array_unref (plan->headers);
  g_ptr_array_unref (plan->rows);
  g_free (plan);
}

static void
add_problem (RosterImportRow *row,
             const char      *column,
             const char      *message)
{
  /* TRANSLATORS: a column of the imported file, and what is wrong in it */
  g_ptr_array_add (row->problems, g_strdup_printf (_("%s: %s"), column, message));
}

/* Replaces *@field with @value, normalized, or NULL when blank. */
static void
set_text (char       **field,
          const char  *value)
{
  g_autofree char *normalized = roster_text_normalize (value);

  g_free (*field);
  *field = normalized[0] != '\0' ? g_steal_pointer (&normalized) : NULL;
}

/* "Jane Q. Doe": the last word is the last name. */
static void
split_full_name (RosterPerson *person,
                 const char   *value)
{
  g_autofree char *normalized = roster_text_normalize (value);
  char *space = strrchr (normalized, ' ');

  if (space == NULL)
    {
      set_text (&person->last_name, normalized);
      return;
    }

  *space = '\0';
  set_text (&person->first_name, normalized);
  set_text (&person->last_name, space + 1);
}

static void
read_cell (RosterImportPlan *plan,
           RosterImportRow  *row,
           guint             column,
           const char       *value)
{
  RosterPerson *person = row->person;
  RosterService service = g_array_index (plan->column_services, RosterService, column);
  RosterImportColumn kind = g_array_index (plan->columns, RosterImportColumn, column);
  const char *label = column_label (kind, service);
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = roster_text_normalize (value);

  switch (kind)
    {
    case ROSTER_IMPORT_COLUMN_EMAIL:
      if (normalized[0] == '\0')
        add_problem (row, label, _("Empty. Every person needs their work email."));
      else if (!roster_validate_email (normalized, &error))
        add_problem (row, label, error->message);
      else
        set_text (&person->email, normalized);
      break;

    case ROSTER_IMPORT_COLUMN_FIRST_NAME:
      set_text (&person->first_name, normalized);
      break;

    case ROSTER_IMPORT_COLUMN_LAST_NAME:
      set_text (&person->last_name, normalized);
      break;

    case ROSTER_IMPORT_COLUMN_FULL_NAME:
      split_full_name (person, normalized);
      break;

    case ROSTER_IMPORT_COLUMN_NPI:
      if (normalized[0] != '\0' && !roster_validate_npi (normalized, &error))
        add_problem (row, label, error->message);
      else
        set_text (&person->npi, normalized);
      break;

    case ROSTER_IMPORT_COLUMN_ORGANIZATION:
      set_text (&person->organization, normalized);
      break;

    case ROSTER_IMPORT_COLUMN_TITLE:
      set_text (&person->title, normalized);
      break;

    case ROSTER_IMPORT_COLUMN_SERVICE:
      if (word_in (normalized, yes_words))
        person->services[service] = TRUE;
      else if (!word_in (normalized, no_words))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is neither yes nor no."), normalized);

          add_problem (row, label, message);
        }
      break;

    case ROSTER_IMPORT_COLUMN_IGNORED:
    default:
      break;
    }
}

static gboolean
same_text (const char *a,
           const char *b)
{
  return g_strcmp0 (a, b) == 0 || (a == NULL && b[0] == '\0') || (b == NULL && a[0] == '\0');
}

/* Whether the row says anything Roster does not know of @known. */
static gboolean
differs (const RosterPerson *row,
         const RosterPerson *known)
{
  if (!same_text (row->first_name, known->first_name) || !same_text (row->last_name, known->last_name) ||
      (row->npi != NULL && !same_text (row->npi, known->npi)) ||
      (row->organization != NULL && !same_text (row->organization, known->organization)) ||
      (row->title != NULL && !same_text (row->title, known->title)) ||
      known->account != ROSTER_ACCOUNT_ACTIVE)
    return TRUE;

  for (guint s = ROSTER_SERVICE_NONE + 1; s < ROSTER_N_SERVICES; s++)
    {
      if (!row->services[s] != !known->services[s])
        return TRUE;
    }

  return FALSE;
}

static gboolean
map_columns (RosterImportPlan  *plan,
             GPtrArray         *header,
             GError           **error)
{
  gboolean seen[ROSTER_IMPORT_COLUMN_SERVICE + 1] = { FALSE };
  gboolean seen_service[ROSTER_N_SERVICES] = { FALSE };

  for (guint i = 0; i < header->len; i++)
    {
      RosterService service;
      RosterImportColumn column = map_header (g_ptr_array_index (header, i), &service);
      gboolean *slot = column == ROSTER_IMPORT_COLUMN_SERVICE ? &seen_service[service] : &seen[column];

      if (column != ROSTER_IMPORT_COLUMN_IGNORED && *slot)
        {
          g_set_error (error, ROSTER_CSV_ERROR, ROSTER_CSV_ERROR_MALFORMED,
                       _("Two columns hold %s. Keep one of them."), column_label (column, service));
          return FALSE;
        }
      *slot = TRUE;

      g_array_append_val (plan->columns, column);
      g_array_append_val (plan->column_services, service);
      g_ptr_array_add (plan->headers, g_strdup (g_ptr_array_index (header, i)));
    }

  if (!seen[ROSTER_IMPORT_COLUMN_EMAIL])
    {
      g_set_error_literal (error, ROSTER_CSV_ERROR, ROSTER_CSV_ERROR_MALFORMED,
                           _("No column holds the email. The first row must name the columns, one of them “Email”."));
      return FALSE;
    }

  if (!seen[ROSTER_IMPORT_COLUMN_LAST_NAME] && !seen[ROSTER_IMPORT_COLUMN_FULL_NAME])
    {
      g_set_error_literal (error, ROSTER_CSV_ERROR, ROSTER_CSV_ERROR_MALFORMED,
                           _("No column holds the names. The first row must name them: “First name” and “Last name”, or “Name”."));
      return FALSE;
    }

  return TRUE;
}

/**
 * roster_import_plan_new:
 * @data: the file's bytes (untrusted)
 * @known: (element-type RosterPerson) (nullable): the people Roster knows
 *
 * Returns: (transfer full): the plan, or %NULL with @error set when the
 *   file cannot be read as a user list at all
 */
RosterImportPlan *
roster_import_plan_new (const char  *data,
                        gsize        length,
                        GPtrArray   *known,
                        GError     **error)
{
  g_autoptr(RosterImportPlan) plan = g_new0 (RosterImportPlan, 1);
  g_autoptr(GPtrArray) table = NULL;
  g_autoptr(GHashTable) known_by_email = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) lines_by_email = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint line = 1;

  plan->columns = g_array_new (FALSE, FALSE, sizeof (RosterImportColumn));
  plan->column_services = g_array_new (FALSE, FALSE, sizeof (RosterService));
  plan->headers = g_ptr_array_new_with_free_func (g_free);
  plan->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) import_row_free);

  if (!(table = roster_csv_parse (data, length, error)))
    return NULL;

  if (table->len == 0)
    {
      g_set_error_literal (error, ROSTER_CSV_ERROR, ROSTER_CSV_ERROR_MALFORMED,
                           _("The file is empty."));
      return NULL;
    }

  if (!map_columns (plan, g_ptr_array_index (table, 0), error))
    return NULL;

  for (guint i = 0; known != NULL && i < known->len; i++)
    {
      RosterPerson *person = g_ptr_array_index (known, i);

      g_hash_table_insert (known_by_email, g_ascii_strdown (person->email, -1), person);
    }

  for (guint r = 1; r < table->len; r++)
    {
      GPtrArray *cells = g_ptr_array_index (table, r);
      RosterImportRow *row = g_new0 (RosterImportRow, 1);
      const RosterPerson *existing;
      g_autofree char *key = NULL;

      /* Rows are numbered as a spreadsheet numbers them: the header is 1. */
      row->line = ++line;
      row->person = g_new0 (RosterPerson, 1);
      row->person->request_ids = g_ptr_array_new_with_free_func (g_free);
      row->person->account = ROSTER_ACCOUNT_ACTIVE;
      row->person->imported = TRUE;
      row->problems = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (plan->rows, row);

      for (guint c = 0; c < plan->columns->len; c++)
        read_cell (plan, row, c, c < cells->len ? g_ptr_array_index (cells, c) : "");

      if (cells->len > plan->columns->len)
        add_problem (row, _("Row"), _("More cells than the first row has columns."));
      if (row->person->last_name == NULL && row->person->first_name == NULL)
        add_problem (row, _("Name"), _("Empty. Every person needs a name."));

      if (row->person->email != NULL)
        {
          gpointer first_line;

          key = g_ascii_strdown (row->person->email, -1);
          if (g_hash_table_lookup_extended (lines_by_email, key, NULL, &first_line))
            {
              g_autofree char *message = g_strdup_printf (_("The same person is on row %u."), GPOINTER_TO_UINT (first_line));

              add_problem (row, _("Email"), message);
            }
          else
            g_hash_table_insert (lines_by_email, g_strdup (key), GUINT_TO_POINTER (row->line));
        }

      existing = key != NULL ? g_hash_table_lookup (known_by_email, key) : NULL;
      if (existing == NULL)
        row->action = ROSTER_IMPORT_CREATE;
      else
        row->action = differs (row->person, existing) ? ROSTER_IMPORT_UPDATE : ROSTER_IMPORT_UNCHANGED;

      plan->n_problems += row->problems->len;
      if (row->problems->len == 0)
        {
          plan->n_create += row->action == ROSTER_IMPORT_CREATE;
          plan->n_update += row->action == ROSTER_IMPORT_UPDATE;
        }
    }

  return g_steal_pointer (&plan);
}

/**
 * roster_import_plan_get_people:
 *
 * Returns: (transfer container) (element-type RosterPerson): the people
 *   the plan creates or updates (borrowed from the plan)
 */
GPtrArray *
roster_import_plan_get_people (const RosterImportPlan *plan)
{
  GPtrArray *people = g_ptr_array_new ();

  g_return_val_if_fail (plan != NULL, people);

  for (guint i = 0; i < plan->rows->len; i++)
    {
      const RosterImportRow *row = g_ptr_array_index (plan->rows, i);

      if (row->problems->len == 0 && row->action != ROSTER_IMPORT_UNCHANGED)
        g_ptr_array_add (people, row->person);
    }

  return people;
}
