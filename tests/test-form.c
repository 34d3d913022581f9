/* test-form.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "roster-form.h"

/* FORM.md, in order. Field ids are stable API: this list changes only
 * with a new form version. */
static const char * const form_md_field_ids[] = {
  "action",
  "user.first_name", "user.last_name", "user.email", "user.phone", "user.username",
  "user.organization", "user.npi",
  "submitter.is_user", "submitter.name", "submitter.email",
  "services.secure_messaging", "services.image_exchange", "services.soarian_username",
  "services.alerts", "services.patient_record", "services.delegation",
  "alerts.basis", "alerts.user_is_provider", "alerts.delivery", "alerts.direct_address",
  "alerts.lists_submitted",
  "delegation.alerts", "delegation.results",
  "record_access.level", "record_access.research_study", "record_access.level2_consent",
  "record_access.entity_attested",
  "termination.effective_date", "termination.reason", "termination.note",
  "comments", "attestation.authorized",
  NULL
};

static void
test_form_fields_match_form_md (void)
{
  const RosterForm *form = roster_form_get_account_change ();

  g_assert_cmpuint (roster_form_get_n_fields (form), ==, g_strv_length ((char **) form_md_field_ids));

  for (guint i = 0; form_md_field_ids[i] != NULL; i++)
    {
      g_assert_cmpstr (roster_form_get_field (form, i)->id, ==, form_md_field_ids[i]);
      g_assert_cmpint (roster_form_field_index (form, form_md_field_ids[i]), ==, i);
      g_assert_nonnull (roster_form_lookup_field (form, form_md_field_ids[i]));
    }

  g_assert_null (roster_form_lookup_field (form, "user.middle_name"));
  g_assert_cmpint (roster_form_field_index (form, "user"), ==, -1);
}

static void
test_form_lookup (void)
{
  const RosterForm *form = roster_form_lookup ("hec.account-change");

  g_assert_true (form == roster_form_get_account_change ());
  g_assert_cmpuint (form->version, ==, 1);
  g_assert_true (roster_form_lookup ("hec.new-user") == roster_form_get_new_user ());
  g_assert_null (roster_form_lookup ("hec.ordering-privileges"));
  g_assert_null (roster_form_lookup (""));

  g_assert_nonnull (roster_form_lookup_section (form, "delegation"));
  g_assert_null (roster_form_lookup_section (form, "nonsense"));
  g_assert_true (roster_form_get_field_section (form, roster_form_lookup_field (form, "alerts.basis")) ==
                 roster_form_lookup_section (form, "alerts"));
}

/* A field id has at most one dot, and the fields of one JSON group are
 * asked one after another: the payload nests "a.b" as {"a": {"b": …}}. */
static void
test_form_field_ids_nest (gconstpointer data)
{
  const RosterForm *form = data;
  g_autoptr(GHashTable) closed_groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *current_group = NULL;

  for (guint i = 0; i < roster_form_get_n_fields (form); i++)
    {
      const char *id = roster_form_get_field (form, i)->id;
      const char *dot = strchr (id, '.');
      g_autofree char *group = dot ? g_strndup (id, dot - id) : NULL;

      g_assert_true (dot == NULL || strchr (dot + 1, '.') == NULL);
      g_assert_null (strpbrk (id, "[]\"\\ "));

      if (g_strcmp0 (group, current_group) != 0)
        {
          if (current_group != NULL)
            g_hash_table_add (closed_groups, g_steal_pointer (&current_group));
          if (group != NULL)
            g_assert_false (g_hash_table_contains (closed_groups, group));
          current_group = g_strdup (group);
        }
    }
}

static void
assert_condition_reads_earlier (const RosterForm      *form,
                                const RosterCondition *condition,
                                int                    before_index)
{
  if (condition == NULL)
    return;

  if (condition->field_id != NULL)
    {
      int index = roster_form_field_index (form, condition->field_id);
      const RosterField *field = roster_form_lookup_field (form, condition->field_id);

      g_assert_cmpint (index, >=, 0);
      if (index >= before_index)
        g_error ("A condition reads %s, which is not asked before it", condition->field_id);

      if (condition->values != NULL)
        {
          g_assert_true (field->type == ROSTER_FIELD_CHOICE);
          for (guint i = 0; condition->values[i] != NULL; i++)
            g_assert_nonnull (roster_field_lookup_option (field, condition->values[i]));
        }

      if (condition->kind == ROSTER_CONDITION_IS_TRUE || condition->kind == ROSTER_CONDITION_IS_FALSE)
        g_assert_true (field->type == ROSTER_FIELD_BOOLEAN);
    }

  if (condition->operands != NULL)
    {
      for (guint i = 0; condition->operands[i] != NULL; i++)
        assert_condition_reads_earlier (form, condition->operands[i], before_index);
    }
}

/* Visibility is computed in one pass in form order, which is only right
 * if every condition reads fields asked before the thing it controls. */
static void
test_form_conditions_read_earlier_fields (gconstpointer data)
{
  const RosterForm *form = data;

  for (const RosterSection *section = form->sections; section->id != NULL; section++)
    {
      int first = roster_form_field_index (form, section->fields[0].id);
      int after_last = first;

      assert_condition_reads_earlier (form, section->visible_when, first);

      for (const RosterField *field = section->fields; field->id != NULL; field++)
        {
          int index = roster_form_field_index (form, field->id);

          assert_condition_reads_earlier (form, field->visible_when, index);
          assert_condition_reads_earlier (form, field->required_when, index + 1);
          after_last = index + 1;
        }

      if (section->rules == NULL)
        continue;

      for (const RosterRule *rule = section->rules; rule->field_ids != NULL; rule++)
        {
          assert_condition_reads_earlier (form, rule->applies_when, after_last);
          g_assert_nonnull (rule->message);
          g_assert_true (roster_form_lookup_field (form, rule->report_on) != NULL ||
                         g_str_equal (rule->report_on, section->id));

          for (guint i = 0; rule->field_ids[i] != NULL; i++)
            {
              const RosterField *field = roster_form_lookup_field (form, rule->field_ids[i]);

              g_assert_nonnull (field);
              g_assert_true (roster_form_get_field_section (form, field) == section);
              if (rule->kind == ROSTER_RULE_ANY_TRUE)
                g_assert_true (field->type == ROSTER_FIELD_BOOLEAN);
            }
        }
    }
}

static void
test_form_fields_are_well_formed (gconstpointer data)
{
  const RosterForm *form = data;
  g_autoptr(GHashTable) section_ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (const RosterSection *section = form->sections; section->id != NULL; section++)
    {
      g_assert_true (g_hash_table_add (section_ids, (gpointer) section->id));
      g_assert_nonnull (section->title);
      g_assert_nonnull (section->fields[0].id);
    }

  for (guint i = 0; i < roster_form_get_n_fields (form); i++)
    {
      const RosterField *field = roster_form_get_field (form, i);

      g_test_message ("field %s", field->id);
      g_assert_nonnull (field->label);
      g_assert_cmpstr (field->label, !=, "");
      g_assert_true (field->help == NULL || field->help[0] != '\0');

      if (field->type == ROSTER_FIELD_CHOICE)
        {
          g_assert_nonnull (field->options);
          g_assert_nonnull (field->options[0].id);
          g_assert_nonnull (field->options[1].id);
          g_assert_true (field->default_id == NULL ||
                         roster_field_lookup_option (field, field->default_id) != NULL);
          for (const RosterOption *option = field->options; option->id != NULL; option++)
            g_assert_nonnull (option->label);
        }
      else
        {
          g_assert_null (field->options);
          g_assert_null (field->default_id);
        }

      if (field->flags & ROSTER_FIELD_MUST_BE_TRUE)
        g_assert_true (field->type == ROSTER_FIELD_BOOLEAN);
      if (field->flags & ROSTER_FIELD_MULTILINE)
        g_assert_true (field->type == ROSTER_FIELD_TEXT);
      if (field->required_when != NULL)
        g_assert_true (field->flags & ROSTER_FIELD_REQUIRED);

      g_assert_cmpuint (field->min_length, <=, roster_field_get_max_length (field));
    }
}

/* FORM-NEW-USER.md's fields, in form order. */
static const char * const new_user_field_ids[] = {
  "user.first_name", "user.last_name", "user.email", "user.phone", "user.organization",
  "user.title", "user.role", "user.npi", "user.start_date", "user.supervisor_name",
  "submitter.is_user", "submitter.name", "submitter.email",
  "services.secure_messaging", "services.image_exchange", "services.soarian_username",
  "services.alerts", "services.patient_record", "services.delegation",
  "alerts.basis", "alerts.user_is_provider", "alerts.delivery", "alerts.direct_address",
  "alerts.lists_submitted",
  "delegation.alerts", "delegation.results",
  "record_access.level", "record_access.research_study", "record_access.level2_consent",
  "record_access.entity_attested",
  "training.completed", "training.acceptable_use",
  "comments", "attestation.authorized",
  NULL
};

static void
test_form_new_user_fields (void)
{
  const RosterForm *form = roster_form_get_new_user ();
  const RosterField *npi = roster_form_lookup_field (form, "user.npi");

  g_assert_cmpstr (form->id, ==, "hec.new-user");
  g_assert_cmpuint (form->version, ==, 1);
  g_assert_cmpuint (roster_form_get_n_fields (form), ==, g_strv_length ((char **) new_user_field_ids));
  for (guint i = 0; new_user_field_ids[i] != NULL; i++)
    g_assert_cmpstr (roster_form_get_field (form, i)->id, ==, new_user_field_ids[i]);

  g_assert_nonnull (npi->visible_when);
  g_assert_true (npi->flags & ROSTER_FIELD_REQUIRED);
  g_assert_cmpint (roster_form_lookup_field (form, "user.start_date")->min_days, ==, -30);
  g_assert_cmpuint (roster_form_lookup_field (form, "user.title")->min_length, ==, 2);
  g_assert_cmpuint (roster_form_lookup_field (form, "user.supervisor_name")->max_length, ==, 64);
  g_assert_true (roster_form_lookup_field (form, "training.completed")->flags & ROSTER_FIELD_MUST_BE_TRUE);
  g_assert_true (roster_form_lookup_field (form, "training.acceptable_use")->flags & ROSTER_FIELD_MUST_BE_TRUE);
  g_assert_cmpint (roster_form_lookup_field (form, "services.alerts")->type, ==, ROSTER_FIELD_BOOLEAN);
}

/* What each role means for its field's type. */
static gboolean
role_fits_type (RosterFieldRole role,
                RosterFieldType type)
{
  switch (role)
    {
    case ROSTER_ROLE_PERSON_FIRST_NAME:
    case ROSTER_ROLE_PERSON_LAST_NAME:
    case ROSTER_ROLE_PERSON_TITLE:
    case ROSTER_ROLE_ORGANIZATION:
    case ROSTER_ROLE_SUBMITTER_NAME:
      return type == ROSTER_FIELD_TEXT;
    case ROSTER_ROLE_PERSON_EMAIL:
    case ROSTER_ROLE_SUBMITTER_EMAIL:
      return type == ROSTER_FIELD_EMAIL;
    case ROSTER_ROLE_PERSON_NPI:
      return type == ROSTER_FIELD_NPI;
    case ROSTER_ROLE_REQUEST_KIND:
      return type == ROSTER_FIELD_CHOICE;
    case ROSTER_ROLE_ACCESS_END_DATE:
      return type == ROSTER_FIELD_DATE;
    case ROSTER_ROLE_SUBMITTER_IS_PERSON:
    case ROSTER_ROLE_ATTESTATION:
      return type == ROSTER_FIELD_BOOLEAN;
    case ROSTER_ROLE_NONE:
    case ROSTER_N_ROLES:
    default:
      return FALSE;
    }
}

/* Every form says whose request it is and what Preferences pre-fill, with
 * roles on fields of the right type; a kind that ends access comes with
 * the day it ends. */
static void
test_form_roles (gconstpointer data)
{
  const RosterForm *form = data;
  gboolean ends_access = FALSE;
  const RosterField *kind;

  g_assert_nonnull (form->short_title);
  g_assert_nonnull (form->summary);

  for (RosterFieldRole role = ROSTER_ROLE_NONE + 1; role < ROSTER_N_ROLES; role++)
    {
      const RosterField *field = roster_form_get_role_field (form, role);

      if (field != NULL)
        g_assert_true (role_fits_type (role, field->type));
    }

  g_assert_nonnull (roster_form_get_role_field (form, ROSTER_ROLE_PERSON_FIRST_NAME));
  g_assert_nonnull (roster_form_get_role_field (form, ROSTER_ROLE_PERSON_LAST_NAME));
  g_assert_nonnull (roster_form_get_role_field (form, ROSTER_ROLE_PERSON_EMAIL));
  g_assert_nonnull (roster_form_get_role_field (form, ROSTER_ROLE_ORGANIZATION));
  g_assert_nonnull (roster_form_get_role_field (form, ROSTER_ROLE_SUBMITTER_NAME));
  g_assert_nonnull (roster_form_get_role_field (form, ROSTER_ROLE_SUBMITTER_EMAIL));

  if ((kind = roster_form_get_role_field (form, ROSTER_ROLE_REQUEST_KIND)))
    {
      for (const RosterOption *option = kind->options; option->id != NULL; option++)
        ends_access |= option->ends_access;
    }
  g_assert_cmpint (ends_access, ==, roster_form_get_role_field (form, ROSTER_ROLE_ACCESS_END_DATE) != NULL);

  for (const RosterSection *section = form->sections; section->id != NULL; section++)
    {
      if (section->related_form == NULL)
        continue;
      g_assert_nonnull (roster_form_lookup (section->related_form));
      g_assert_nonnull (section->related_label);
    }
}

/* A field id means the same in every form that asks it: a person's data
 * carries over from one form to another by role. */
static void
test_form_shared_ids_agree (void)
{
  const RosterForm * const *forms = roster_form_get_all ();
  guint n_shared = 0;

  g_assert_nonnull (forms[0]);
  g_assert_nonnull (forms[1]);

  for (guint a = 0; forms[a] != NULL; a++)
    for (guint b = a + 1; forms[b] != NULL; b++)
      {
        g_assert_cmpstr (forms[a]->id, !=, forms[b]->id);

        for (guint i = 0; i < roster_form_get_n_fields (forms[a]); i++)
          {
            const RosterField *field = roster_form_get_field (forms[a], i);
            const RosterField *other = roster_form_lookup_field (forms[b], field->id);

            if (other == NULL)
              continue;

            g_test_message ("field %s", field->id);
            g_assert_cmpint (field->role, ==, other->role);
            n_shared++;
          }
      }

  g_assert_cmpuint (n_shared, >, 20);
}

/* The limits FORM.md sets. */
static void
test_form_limits (void)
{
  const RosterForm *form = roster_form_get_account_change ();

  g_assert_cmpuint (roster_form_lookup_field (form, "user.first_name")->max_length, ==, 64);
  g_assert_cmpuint (roster_form_lookup_field (form, "user.organization")->min_length, ==, 2);
  g_assert_cmpuint (roster_form_lookup_field (form, "user.organization")->max_length, ==, 128);
  g_assert_cmpuint (roster_field_get_max_length (roster_form_lookup_field (form, "user.username")), ==, 256);
  g_assert_cmpuint (roster_field_get_max_length (roster_form_lookup_field (form, "termination.note")), ==, 1000);
  g_assert_cmpuint (roster_field_get_max_length (roster_form_lookup_field (form, "comments")), ==, 2000);
  g_assert_cmpuint (roster_field_get_max_length (roster_form_lookup_field (form, "user.email")), ==, 254);
  g_assert_cmpuint (roster_field_get_max_rows (roster_form_lookup_field (form, "delegation.alerts")), ==, 500);
  g_assert_cmpint (roster_form_lookup_field (form, "termination.effective_date")->min_days, ==, -30);
  g_assert_cmpstr (roster_form_lookup_field (form, "services.delegation")->default_id, ==, "none");
  g_assert_null (roster_form_lookup_field (form, "action")->default_id);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/form/fields-match-form-md", test_form_fields_match_form_md);
  g_test_add_func ("/form/lookup", test_form_lookup);
  g_test_add_func ("/form/new-user-fields", test_form_new_user_fields);
  g_test_add_func ("/form/shared-ids-agree", test_form_shared_ids_agree);
  g_test_add_func ("/form/limits", test_form_limits);

  for (const RosterForm * const *form = roster_form_get_all (); *form != NULL; form++)
    {
      static const struct {
        const char     *name;
        GTestDataFunc   func;
      } per_form[] = {
        { "field-ids-nest", test_form_field_ids_nest },
        { "conditions-read-earlier-fields", test_form_conditions_read_earlier_fields },
        { "fields-are-well-formed", test_form_fields_are_well_formed },
        { "roles", test_form_roles },
      };

      for (guint i = 0; i < G_N_ELEMENTS (per_form); i++)
        {
          g_autofree char *path = g_strdup_printf ("/form/%s/%s", (*form)->id, per_form[i].name);

          g_test_add_data_func (path, *form, per_form[i].func);
        }
    }

  return g_test_run ();
}
