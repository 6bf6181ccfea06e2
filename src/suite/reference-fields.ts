import { compileCheck, findJudgeChecks } from '../checks/index.js';
import type { Check } from '../types/index.js';
import { didYouMean } from '../util/did-you-mean.js';
import { compileTemplate, lookup } from '../util/template.js';
import { isPlainObject, type PlainObject, type Validator } from '../yaml/validator.js';
import type { DocumentPath } from '../yaml/yaml-source.js';

/*
 * "A field the checks read as a reference", which no router may see:
 * - `expected`, always;
 * - a field that a grading `llm-judge` check's prompt names (the suite's checks or an item's) and the task
 *   prompt does not show: the judge's notes, a gold rationale;
 * - the fields the suite lists under `reference_fields:`, for what no template says (a custom check that reads
 *   `item.fields.citations`).
 * A field the task prompt shows is never one: every model sees it. `checks` is never shown either (it may hold
 * `value:` references). Paths are written as templates write them (`meta.gold`).
 */

/** The reference fields of a suite, `expected` first. */
export function referenceFieldsOf(promptFields: readonly string[], judgeFields: readonly string[], declared: readonly string[]): string[] {
  const judgeOnly = judgeFields.filter((field) => !shows(promptFields, field));
  return [...new Set(['expected', ...judgeOnly, ...declared])];
}

/** Whether a router is kept from `field` (a rule's `field:`, a name in a verifier's prompt): it is, or lies inside, a reference field. */
export function isReferenceField(field: string, referenceFields: readonly string[]): boolean {
  return ['expected', 'checks', ...referenceFields].some((hidden) => field === hidden || field.startsWith(`${hidden}.`));
}

/** The prompt renders all of `field` when it names it or an object holding it. */
function shows(promptFields: readonly string[], field: string): boolean {
  return promptFields.some((shown) => field === shown || field.startsWith(`${shown}.`));
}

/** `reference_fields:` as the suite writes it; a field the prompt shows, or `id` and `tags`, cannot be one. */
export function readDeclaredReferenceFields(root: PlainObject, validator: Validator, promptFields: readonly string[]): string[] {
  const declared = validator.stringList(root, 'reference_fields', []) ?? [];
  declared.forEach((field, index) => {
    const at = Array.isArray(root.reference_fields) ? ['reference_fields', index] : ['reference_fields'];
    if (field === 'id' || field === 'tags') {
      validator.report(at, `\`${field}\` is given to every router; it cannot be a reference field`);
    } else if (shows(promptFields, field) || promptFields.some((shown) => shown.startsWith(`${field}.`))) {
      validator.report(at, `the prompt shows "${field}" to every model, so no router can be kept from it; take it out of the prompt or of reference_fields`);
    }
  });
  return declared;
}

/**
 * Which declared reference fields no item has, seen one item at a time (a
 * dataset may be streamed): a misspelt one would hide nothing.
 */
export class DeclaredFieldsSeen {
  private readonly unseen: Set<string>;
  /** Field names of the items, for "did you mean"; a few hundred are plenty. */
  private readonly names = new Set<string>();

  constructor(declared: readonly string[]) {
    this.unseen = new Set(declared);
  }

  see(fields: Record<string, unknown>): void {
    if (this.unseen.size === 0) return;
    for (const key of Object.keys(fields)) if (this.names.size < 500) this.names.add(key);
    for (const field of this.unseen) if (lookup(fields, field) !== undefined) this.unseen.delete(field);
  }

  report(declared: readonly string[], root: PlainObject, validator: Validator): void {
    declared.forEach((field, index) => {
      if (!this.unseen.has(field)) return;
      const at = Array.isArray(root.reference_fields) ? ['reference_fields', index] : ['reference_fields'];
      validator.report(at, `no item has a field "${field}"${didYouMean(field, [...this.names])}; a misspelt reference field hides nothing`);
    });
  }
}

/** The item fields the prompts of these grading checks' judges name. */
export function judgeFieldsOf(checkLists: Iterable<readonly Check[]>): string[] {
  const fields = new Set<string>();
  for (const checks of checkLists) for (const judge of findJudgeChecks(checks)) for (const field of judge.judge!.fields) fields.add(field);
  return [...fields];
}

/**
 * Reports what in a configuration (as written, at `path`) would show a
 * router a reference field: a rule's `field:`, a verifier prompt that names
 * one. `note` says more of why a field is hidden (a stored run's reason).
 */
export function reportReferenceFieldUse(value: unknown, path: DocumentPath, referenceFields: readonly string[], validator: Validator,
  baseDir: string, note = ''): void {
  if (!isPlainObject(value)) return;
  const hidden = `what the checks read as a reference (${referenceFields.join(', ')})${note === '' ? '' : `; ${note}`}`;
  if (value.router === 'rules' && Array.isArray(value.rules)) {
    value.rules.forEach((rule, index) => {
      const field = isPlainObject(rule) && isPlainObject(rule.when) ? rule.when.field : undefined;
      if (typeof field !== 'string') return;
      const at = [...path, 'rules', index, 'when', 'field'];
      if (field === 'tags') validator.report(at, 'a rule matches tags with `tags: [...]`; `field:` reads the item\'s input fields');
      else if (isReferenceField(field, referenceFields)) validator.report(at, `a rule cannot read "${field}": no router sees ${hidden}`);
    });
  }
  if (value.router === 'cascade' && Array.isArray(value.accept)) {
    value.accept.forEach((spec, index) => {
      let check: Check;
      try {
        check = compileCheck(spec, { baseDir });
      } catch {
        return; // A check that does not compile is reported where the cascade is parsed.
      }
      for (const [at, placeholder] of promptsNamingReference(spec, [...path, 'accept', index])) {
        validator.report(at, `the verifier's prompt names {{${placeholder}}}, which a verifier never gets (it would read "(none given)"): a verifier is a router, it sees the task and the answer only; take {{${placeholder}}} out of its prompt`);
      }
      const named = judgeFieldsOf([[check]]).filter((field) => isReferenceField(field, referenceFields));
      if (named.length === 0) return;
      const at = isPlainObject(spec) && spec.prompt !== undefined ? [...path, 'accept', index, 'prompt'] : [...path, 'accept', index];
      validator.report(at, `the verifier's prompt names ${named.map((field) => `"${field}"`).join(', ')}, but a verifier is a router: it sees the task and the answer, never ${hidden}`);
    });
  }
}

/**
 * The prompts written in an accept check (inside `not` and `all`/`any` too) that name the judge's
 * `{{reference}}` placeholder, each with where it is and the name as written. A judge's own default
 * prompt is not looked at: only what the suite wrote can be taken out.
 */
function promptsNamingReference(spec: unknown, at: DocumentPath): Array<[DocumentPath, string]> {
  if (!isPlainObject(spec)) return [];
  if (spec.type === 'llm-judge') {
    if (typeof spec.prompt !== 'string') return [];
    const placeholder = compileTemplate(spec.prompt).fields.find((field) => field.split('.')[0] === 'reference');
    return placeholder === undefined ? [] : [[[...at, 'prompt'], placeholder]];
  }
  const inner: Array<[unknown, DocumentPath]> = [];
  if (spec.check !== undefined) inner.push([spec.check, [...at, 'check']]);
  if (Array.isArray(spec.checks)) spec.checks.forEach((check, index) => inner.push([check, [...at, 'checks', index]]));
  return inner.flatMap(([check, where]) => promptsNamingReference(check, where));
}
