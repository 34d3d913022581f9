#!/usr/bin/env node
// SPDX-License-Identifier: GPL-3.0-or-later
//
// check-questionnaire.cjs HIE-ROSTER QUESTIONNAIRE-CASES SAMPLE-PAYLOADS COUNT FORM-ID...
//
// Keeps the FHIR export honest, with other people's FHIR code:
//
//   - `hie-roster --export-questionnaire FORM-ID` is a valid R4 resource
//     for the npm `fhir` package, and keeps R4's Questionnaire invariants
//     (evaluated with HL7's FHIRPath engine, `fhirpath`, R4 model);
//   - for COUNT answer sets per form (QUESTIONNAIRE-CASES writes them with
//     what Roster's rules say), the items that the exported enableWhen /
//     enableBehavior / SDC enableWhenExpression enable over the
//     QuestionnaireResponse are exactly the sections and fields Roster
//     shows, and `required` (or its cqf-expression) says exactly when
//     Roster requires a field; every condition comes out both ways;
//   - `hie-roster --export-response` on payloads Roster writes
//     (SAMPLE-PAYLOADS) gives valid R4 QuestionnaireResponses that answer
//     only enabled items.
//
// enableWhen is evaluated here as R4 defines it (Questionnaire.item.
// enableWhen, QuestionnaireItemOperator); an item is enabled only if its
// parent is. Exits 77 (skipped) without the npm packages: `npm ci --prefix
// tests` installs them from tests/package-lock.json.
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

let Fhir, fhirpath, r4Model;
try {
  ({ Fhir } = require('fhir'));
  fhirpath = require('fhirpath');
  r4Model = require('fhirpath/fhir-context/r4');
} catch (error) {
  console.log('SKIP: the npm packages fhir and fhirpath are not installed (npm ci --prefix tests)');
  process.exit(77);
}

const SDC_ENABLE_WHEN_EXPRESSION = 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression';
const CQF_EXPRESSION = 'http://hl7.org/fhir/StructureDefinition/cqf-expression';

const [roster, casesProgram, samplesProgram, countText, ...formIds] = process.argv.slice(2);
const count = Number(countText);
const fhir = new Fhir();
let failures = 0;

function fail(message) {
  failures++;
  if (failures <= 50)
    console.log('FAIL: ' + message);
}

function run(program, args) {
  return execFileSync(program, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

// Errors and warnings (an unexpected property is a warning) fail; "info"
// is the validator saying it has no copy of a value set.
function checkValid(resource, what) {
  const result = fhir.validate(resource);
  for (const message of result.messages.filter(m => m.severity !== 'information' && m.severity !== 'info'))
    fail(`${what}: ${message.location}: ${message.message}`);
}

// R4's invariants on Questionnaire.item (4.0.1), with que-12's count
// as corrected in later versions (more than one enableWhen).
const ITEM_INVARIANTS = {
  'que-1': "(type = 'group' implies item.empty().not()) and (type = 'display' implies item.empty())",
  'que-3': "type != 'display' or code.empty()",
  'que-5': "(type = 'choice' or type = 'open-choice' or type.empty()) or (answerValueSet.empty() and answerOption.empty())",
  'que-6': "type != 'display' or (required.empty() and repeats.empty())",
  'que-8': "(type != 'group' and type != 'display') or initial.empty()",
  'que-9': "type != 'display' or readOnly.empty()",
  'que-10': "(type in ('boolean' | 'decimal' | 'integer' | 'string' | 'text' | 'url' | 'open-choice')) or maxLength.empty()",
  'que-11': 'answerOption.empty() or initial.empty()',
  'que-12': 'enableWhen.count() > 1 implies enableBehavior.exists()',
  'que-13': 'repeats = true or initial.count() <= 1',
  'que-7': "enableWhen.all(operator = 'exists' implies (answer is boolean))",
};

function checkInvariants(questionnaire, what) {
  const distinct = fhirpath.evaluate(questionnaire, 'Questionnaire.descendants().linkId.isDistinct()', null, r4Model);
  if (distinct[0] !== true)
    fail(`${what}: que-2: linkIds are not unique`);
  for (const [key, expression] of Object.entries(ITEM_INVARIANTS)) {
    const broken = fhirpath.evaluate(questionnaire, `Questionnaire.repeat(item).where((${expression}).not()).linkId`, null, r4Model);
    for (const linkId of broken)
      fail(`${what}: ${key} does not hold on ${linkId}`);
  }
}

function itemsOf(node) {
  const items = [];
  for (const item of node.item || []) {
    items.push(item);
    items.push(...itemsOf(item));
    for (const answer of item.answer || [])
      items.push(...itemsOf(answer));
  }
  return items;
}

// The value[x] of an answer or the answer[x] of an enableWhen: [type, value].
function typedValue(object, prefix) {
  for (const [key, value] of Object.entries(object)) {
    if (key.startsWith(prefix) && key.length > prefix.length && key[prefix.length] === key[prefix.length].toUpperCase())
      return [key.slice(prefix.length), value];
  }
  return [null, undefined];
}

function sameValue(type, a, b) {
  if (type === 'Coding')
    return a.code === b.code && (a.system === undefined || b.system === undefined || a.system === b.system);
  return a === b;
}

// Questionnaire.item.enableWhen, as R4 defines each operator.
function enableWhenHolds(enableWhen, response) {
  const answers = itemsOf(response).filter(i => i.linkId === enableWhen.question).flatMap(i => i.answer || []);
  const [type, wanted] = typedValue(enableWhen, 'answer');
  const values = answers.map(a => typedValue(a, 'value')).filter(([t]) => t === type).map(([, v]) => v);

  switch (enableWhen.operator) {
    case 'exists':
      return (answers.length > 0) === wanted;
    case '=':
      return values.some(v => sameValue(type, v, wanted));
    case '!=':
      return !values.some(v => sameValue(type, v, wanted));
    case '>':
      return values.some(v => v > wanted);
    case '<':
      return values.some(v => v < wanted);
    case '>=':
      return values.some(v => v >= wanted);
    case '<=':
      return values.some(v => v <= wanted);
    default:
      throw new Error(`unknown enableWhen operator ${enableWhen.operator}`);
  }
}

function evaluateBoolean(expression, response, where) {
  const result = fhirpath.evaluate(response, expression, { resource: response, rootResource: response }, r4Model);
  if (result.length !== 1 || typeof result[0] !== 'boolean')
    throw new Error(`${where}: the expression gave ${JSON.stringify(result)}, not one boolean`);
  return result[0];
}

function extensionExpression(element, url) {
  const extension = ((element || {}).extension || []).find(e => e.url === url);
  return extension ? extension.valueExpression.expression : null;
}

// The item's own condition, ignoring its parent: null when it has none.
function ownCondition(item, response) {
  const expression = extensionExpression(item, SDC_ENABLE_WHEN_EXPRESSION);
  if (expression !== null) {
    if (item.enableWhen)
      throw new Error(`${item.linkId} has both enableWhen and enableWhenExpression`);
    return evaluateBoolean(expression, response, item.linkId);
  }
  if (!item.enableWhen)
    return null;
  const results = item.enableWhen.map(e => enableWhenHolds(e, response));
  return (item.enableBehavior || 'all') === 'any' ? results.some(Boolean) : results.every(Boolean);
}

// linkId -> { enabled, own, parentEnabled } over the whole Questionnaire.
function enablement(questionnaire, response) {
  const result = {};
  const walk = (items, parentEnabled) => {
    for (const item of items || []) {
      const own = ownCondition(item, response);
      const enabled = parentEnabled && own !== false;
      result[item.linkId] = { item, own, parentEnabled, enabled };
      walk(item.item, enabled);
    }
  };
  walk(questionnaire.item, true);
  return result;
}

function isRequired(item, response) {
  if (item.required === true)
    return true;
  const expression = extensionExpression(item._required, CQF_EXPRESSION);
  return expression !== null && evaluateBoolean(expression, response, item.linkId + ' required');
}

function checkForm(formId) {
  const questionnaire = JSON.parse(run(roster, ['--export-questionnaire', formId]));
  const canonical = `${questionnaire.url}|${questionnaire.version}`;
  checkValid(questionnaire, `${formId} Questionnaire`);
  checkInvariants(questionnaire, `${formId} Questionnaire`);

  // Every condition must come out true and false, each with its parent
  // enabled; every required expression too, on a visible field.
  const outcomes = {};
  const note = (key, value) => {
    outcomes[key] = outcomes[key] || new Set();
    outcomes[key].add(value);
  };

  const lines = run(casesProgram, [formId, String(count)]).split('\n').filter(l => l !== '');
  let agreed = 0;
  lines.forEach((line, index) => {
    const { response, visible, required } = JSON.parse(line);
    const where = `${formId} answer set ${index + 1}`;

    if (response.questionnaire !== canonical)
      fail(`${where}: the response answers ${response.questionnaire}, not ${canonical}`);
    // Validating each response costs more than the rest; every tenth
    // covers every shape many times over.
    if (index % 10 === 0)
      checkValid(response, `${where} QuestionnaireResponse`);

    let computed;
    try {
      computed = enablement(questionnaire, response);
    } catch (error) {
      fail(`${where}: ${error.message}`);
      return;
    }

    let same = true;
    for (const [linkId, shown] of Object.entries(visible)) {
      const state = computed[linkId];
      if (state === undefined) {
        fail(`${where}: ${linkId} is not an item of the Questionnaire`);
        same = false;
        continue;
      }
      if (state.enabled !== shown) {
        fail(`${where}: ${linkId} is ${state.enabled ? 'enabled' : 'disabled'} by the Questionnaire but ${shown ? 'visible' : 'hidden'} in Roster`);
        same = false;
      }
      if (state.own !== null && state.parentEnabled)
        note(`enableWhen of ${linkId}`, state.own);
    }

    for (const [linkId, needed] of Object.entries(required)) {
      const item = computed[linkId].item;
      const says = isRequired(item, response);
      if (says !== needed) {
        fail(`${where}: ${linkId} is ${says ? '' : 'not '}required by the Questionnaire but ${needed ? '' : 'not '}by Roster`);
        same = false;
      }
      if (item._required)
        note(`required of ${linkId}`, says);
    }

    // An answer to an item the Questionnaire disables would contradict it.
    for (const answered of itemsOf(response)) {
      if (!computed[answered.linkId] || !computed[answered.linkId].enabled) {
        fail(`${where}: the response answers ${answered.linkId}, which is not enabled`);
        same = false;
      }
    }

    if (same)
      agreed++;
  });

  const allItems = itemsOf(questionnaire);
  const conditional = allItems
    .filter(i => i.enableWhen || extensionExpression(i, SDC_ENABLE_WHEN_EXPRESSION) !== null)
    .map(i => `enableWhen of ${i.linkId}`)
    .concat(allItems.filter(i => i._required).map(i => `required of ${i.linkId}`));
  for (const key of conditional) {
    const seen = outcomes[key] || new Set();
    if (seen.size < 2)
      fail(`${formId}: the ${key} never came out ${seen.has(true) ? 'false' : 'true'} in ${lines.length} answer sets`);
  }

  // The command line's responses to payloads as Roster writes them.
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-fhir-'));
  let responses = 0;
  try {
    const payloads = run(samplesProgram, [formId, '20']).split('\n').filter(l => l !== '');
    payloads.forEach((payload, index) => {
      const file = path.join(directory, `payload-${index}.json`);
      fs.writeFileSync(file, payload);
      const response = JSON.parse(run(roster, ['--export-response', file]));
      const where = `${formId} sample payload ${index + 1}`;
      checkValid(response, `${where} QuestionnaireResponse`);
      if (response.questionnaire !== canonical || response.status !== 'completed')
        fail(`${where}: ${response.questionnaire} ${response.status}`);
      const computed = enablement(questionnaire, response);
      for (const answered of itemsOf(response)) {
        if (!computed[answered.linkId] || !computed[answered.linkId].enabled)
          fail(`${where}: the response answers ${answered.linkId}, which is not enabled`);
      }
      responses++;
    });
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }

  console.log(`${formId}: Questionnaire valid; ${agreed} of ${lines.length} answer sets agree with Roster on ` +
              `visibility and required (${conditional.length} conditions, each both ways); ` +
              `${responses} --export-response results valid`);
  if (lines.length !== count)
    fail(`${formId}: ${lines.length} answer sets, not ${count}`);
}

for (const formId of formIds)
  checkForm(formId);

process.exit(failures > 0 ? 1 : 0);
