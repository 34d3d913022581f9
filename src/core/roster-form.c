/* roster-form.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-form"

#include "config.h"

#include "roster-form.h"
#include "roster-validate.h"

/*
 * The tables are walked in order by the rules, but looked up by id by
 * everything else (the request model, the codec, the editor). Each form
 * gets a flat index built once, on first use, and kept for the life of
 * the process: forms are static data.
 */
typedef struct
{
  GPtrArray  *fields;    /* const RosterField *, in form order */
  GPtrArray  *sections;  /* const RosterSection *, parallel to fields */
  GHashTable *by_id;     /* field id → index + 1 */
  const RosterField *roles[ROSTER_N_ROLES];
} RosterFormIndex;

/* Every form Roster serves, in the order it offers them. */
static const RosterForm *(*form_getters[]) (void) = {
  roster_form_get_new_user,
  roster_form_get_account_change,
};

G_LOCK_DEFINE_STATIC (form_indexes);
static GHashTable *form_indexes;

static RosterFormIndex *
build_index (const RosterForm *form)
{
  RosterFormIndex *index = g_new0 (RosterFormIndex, 1);

  index->fields = g_ptr_array_new ();
  index->sections = g_ptr_array_new ();
  index->by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (const RosterSection *section = form->sections; section->id != NULL; section++)
    {
      for (const RosterField *field = section->fields; field->id != NULL; field++)
        {
          g_assert (!g_hash_table_contains (index->by_id, field->id));
          g_ptr_array_add (index->fields, (gpointer) field);
          g_ptr_array_add (index->sections, (gpointer) section);
          g_hash_table_insert (index->by_id, (gpointer) field->id,
                               GUINT_TO_POINTER (index->fields->len));

          if (field->role != ROSTER_ROLE_NONE)
            {
              g_assert (field->role < ROSTER_N_ROLES);
              g_assert (index->roles[field->role] == NULL);
              index->roles[field->role] = field;
            }
        }
    }

  return index;
}

static const RosterFormIndex *
get_index (const RosterForm *form)
{
  RosterFormIndex *index;

  G_LOCK (form_indexes);

  if (form_indexes == NULL)
    form_indexes = g_hash_table_new (NULL, NULL);

  index = g_hash_table_lookup (form_indexes, form);
  if (index == NULL)
    {
      index = build_index (form);
      g_hash_table_insert (form_indexes, (gpointer) form, index);
    }

  G_UNLOCK (form_indexes);

  return index;
}

/**
 * roster_form_lookup:
 * @form_id: a form id such as "hec.account-change"
 *
 * Returns: (nullable): the form with that id, or %NULL if Roster does not
 *   know it
 */
const RosterForm *
roster_form_lookup (const char *form_id)
{
  g_return_val_if_fail (form_id != NULL, NULL);

  for (const RosterForm * const *form = roster_form_get_all (); *form != NULL; form++)
    {
      if (g_str_equal ((*form)->id, form_id))
        return *form;
    }

  return NULL;
}

/**
 * roster_form_get_all:
 *
 * Returns: (transfer none) (array zero-terminated=1): every form Roster
 *   serves, in the order the app offers them
 */
const RosterForm * const *
roster_form_get_all (void)
{
  static const RosterForm *forms[G_N_ELEMENTS (form_getters) + 1];
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < G_N_ELEMENTS (form_getters); i++)
        forms[i] = form_getters[i] ();
      g_once_init_leave (&initialized, 1);
    }

  return forms;
}

/**
 * roster_form_get_role_field:
 * @role: a role other than %ROSTER_ROLE_NONE
 *
 * Returns: (nullable): the field of @form that declares @role, or %NULL
 *   when the form has none
 */
const RosterField *
roster_form_get_role_field (const RosterForm *form,
                            RosterFieldRole   role)
{
  g_return_val_if_fail (form != NULL, NULL);
  g_return_val_if_fail (role > ROSTER_ROLE_NONE && role < ROSTER_N_ROLES, NULL);

  return get_index (form)->roles[role];
}

guint
roster_form_get_n_fields (const RosterForm *form)
{
  g_return_val_if_fail (form != NULL, 0);

  return get_index (form)->fields->len;
}

/**
 * roster_form_get_field:
 * @form: a form
 * @index: a field index, in form order
 *
 * Fields are numbered across sections in the order they are asked, which
 * is also the order in which the rules evaluate them.
 */
const RosterField *
roster_form_get_field (const RosterForm *form,
                       guint             index)
{
  const RosterFormIndex *form_index;

  g_return_val_if_fail (form != NULL, NULL);

  form_index = get_index (form);
  g_return_val_if_fail (index < form_index->fields->len, NULL);

  return g_ptr_array_index (form_index->fields, index);
}

/**
 * roster_form_field_index:
 *
 * Returns: the field's position in form order, or -1 if @field_id is not
 *   a field of @form
 */
int
roster_form_field_index (const RosterForm *form,
                         const char       *field_id)
{
  g_return_val_if_fail (form != NULL, -1);
  g_return_val_if_fail (field_id != NULL, -1);

  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (get_index (form)->by_id, field_id)) - 1;
}

const RosterField *
roster_form_lookup_field (const RosterForm *form,
                          const char       *field_id)
{
  int index = roster_form_field_index (form, field_id);

  return index < 0 ? NULL : roster_form_get_field (form, index);
}

const RosterSection *
roster_form_lookup_section (const RosterForm *form,
                            const char       *section_id)
{
  g_return_val_if_fail (form != NULL, NULL);
  g_return_val_if_fail (section_id != NULL, NULL);

  for (const RosterSection *section = form->sections; section->id != NULL; section++)
    {
      if (g_str_equal (section->id, section_id))
        return section;
    }

  return NULL;
}

const RosterSection *
roster_form_get_field_section (const RosterForm  *form,
                               const RosterField *field)
{
  const RosterFormIndex *form_index;
  int index;

  g_return_val_if_fail (form != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);

  form_index = get_index (form);
  index = roster_form_field_index (form, field->id);
  g_return_val_if_fail (index >= 0, NULL);

  return g_ptr_array_index (form_index->sections, index);
}

/**
 * roster_field_lookup_option:
 *
 * Returns: (nullable): the option of a choice field with the id
 *   @option_id, or %NULL if there is none
 */
const RosterOption *
roster_field_lookup_option (const RosterField *field,
                            const char        *option_id)
{
  g_return_val_if_fail (field != NULL, NULL);

  if (field->options == NULL || option_id == NULL)
    return NULL;

  for (const RosterOption *option = field->options; option->id != NULL; option++)
    {
      if (g_str_equal (option->id, option_id))
        return option;
    }

  return NULL;
}

guint
roster_field_get_max_length (const RosterField *field)
{
  g_return_val_if_fail (field != NULL, 0);

  switch (field->type)
    {
    case ROSTER_FIELD_EMAIL:
    case ROSTER_FIELD_DIRECT_ADDRESS:
      return ROSTER_ADDRESS_MAX_LENGTH;

    case ROSTER_FIELD_NPI:
      return ROSTER_NPI_LENGTH;

    case ROSTER_FIELD_TEXT:
    case ROSTER_FIELD_PHONE:
    case ROSTER_FIELD_DATE:
    case ROSTER_FIELD_CHOICE:
    case ROSTER_FIELD_BOOLEAN:
    case ROSTER_FIELD_PROVIDER_LIST:
    default:
      return field->max_length != 0 ? field->max_length : ROSTER_TEXT_DEFAULT_MAX_LENGTH;
    }
}

guint
roster_field_get_max_rows (const RosterField *field)
{
  g_return_val_if_fail (field != NULL, 0);

  return field->max_rows != 0 ? field->max_rows : ROSTER_PROVIDER_LIST_MAX_ROWS;
}
