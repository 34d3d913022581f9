/* roster-person-object.c
 *
 * Copyright 2026 The Roster authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "roster-person-object"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "roster-person-object.h"

/*
 * A person as an item of a GListModel, for the People page's list view.
 * What rows show and what search reads is worked out once, when the
 * object is made, so that binding a row or filtering 5,000 people costs
 * no more than reading a few strings.
 */

struct _RosterPersonObject
{
  GObject       parent_instance;

  RosterPerson *person;
  char         *name;         /* "First Last", or the email when unnamed */
  char         *services;     /* "Secure Messaging · Alerts (Provider Based (NPI))" */
  char         *search_text;  /* casefolded name, email and NPI */
};

G_DEFINE_FINAL_TYPE (RosterPersonObject, roster_person_object, G_TYPE_OBJECT)

static void
roster_person_object_finalize (GObject *object)
{
  RosterPersonObject *self = ROSTER_PERSON_OBJECT (object);

  g_clear_pointer (&self->person, roster_person_free);
  g_free (self->name);
  g_free (self->services);
  g_free (self->search_text);

  G_OBJECT_CLASS (roster_person_object_parent_class)->finalize (object);
}

static void
roster_person_object_class_init (RosterPersonObjectClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = roster_person_object_finalize;
}

static void
roster_person_object_init (RosterPersonObject *self)
{
}

/**
 * roster_person_object_new:
 * @person: (transfer full): a person of roster_people_load()
 */
RosterPersonObject *
roster_person_object_new (RosterPerson *person)
{
  RosterPersonObject *self;
  g_autofree char *searched = NULL;

  g_return_val_if_fail (person != NULL, NULL);

  self = g_object_new (ROSTER_TYPE_PERSON_OBJECT, NULL);
  self->person = person;

  self->name = roster_person_dup_name (person);
  self->services = roster_person_describe_services (person);

  searched = g_strdup_printf ("%s\n%s\n%s", self->name, person->email, person->npi ? person->npi : "");
  self->search_text = g_utf8_casefold (searched, -1);

  return self;
}

const RosterPerson *
roster_person_object_get_person (RosterPersonObject *self)
{
  g_return_val_if_fail (ROSTER_IS_PERSON_OBJECT (self), NULL);

  return self->person;
}

/**
 * roster_person_object_get_name:
 *
 * Returns: the person's name, or their email when no request named them
 */
const char *
roster_person_object_get_name (RosterPersonObject *self)
{
  g_return_val_if_fail (ROSTER_IS_PERSON_OBJECT (self), NULL);

  return self->name;
}

/**
 * roster_person_object_get_services:
 *
 * Returns: the confirmed services, with their details, " · " between
 *   them; "" when none
 */
const char *
roster_person_object_get_services (RosterPersonObject *self)
{
  g_return_val_if_fail (ROSTER_IS_PERSON_OBJECT (self), NULL);

  return self->services;
}

/**
 * roster_person_object_matches:
 * @folded_search: what was typed, casefolded (g_utf8_casefold())
 *
 * Returns: whether the name, the email or the NPI contains @folded_search
 */
gboolean
roster_person_object_matches (RosterPersonObject *self,
                              const char         *folded_search)
{
  g_return_val_if_fail (ROSTER_IS_PERSON_OBJECT (self), FALSE);

  return folded_search == NULL || folded_search[0] == '\0' || strstr (self->search_text, folded_search) != NULL;
}
