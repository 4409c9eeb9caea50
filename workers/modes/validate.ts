/**
 * Validation of mode files: the YAML role configurations in `.task_orchestrator/roles/`
 * (PRODUCT.md, "Modes"). Pure: bytes in, a plain-data verdict out. No I/O, so node tests
 * and the worker call it alike. Parsing is defensive because the files come from disk and
 * may be anything: size is bounded, aliases are bounded, only the YAML 1.2 core schema is
 * understood, and nothing here ever throws.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Pair } from 'yaml';
import { decodeModeBytes } from './decode-text';
import { findDeepNesting, maxModeNesting } from './nesting';

export { maxModeFileBytes } from './decode-text';

/** One problem found in a mode file. `line` and `column` are 1-based. */
export interface ModeIssue {
  message: string;
  line?: number;
  column?: number;
  role?: string;
  key?: string;
}

/** A role as read from a mode file. Keys the format doesn't define land in `unknown_keys`. */
export interface ModeRole {
  name: string;
  role_definition: string;
  expertise: string[];
  approach: string[];
  output_format: string;
  specialist_roles?: Record<string, string>;
  unknown_keys?: Record<string, unknown>;
}

/** The verdict on one mode file; plain data, safe to post across the worker boundary. */
export interface ModeValidation {
  isValid: boolean;
  description: string;
  roles: ModeRole[];
  specialistRoles: string[];
  errors: ModeIssue[];
  warnings: ModeIssue[];
}

/** How many alias expansions a file may cause; far above any honest role file. */
export const maxModeAliasCount = 100;
/** Longest `description` returned, in characters. */
export const maxDescriptionLength = 200;

const requiredKeys = ['role_definition', 'expertise', 'approach', 'output_format'] as const;
const knownKeys: ReadonlySet<string> = new Set([...requiredKeys, 'specialist_roles']);

interface Ctx {
  doc: Document.Parsed;
  lines: LineCounter;
  errors: ModeIssue[];
  warnings: ModeIssue[];
}
/** A role's entries by key, aliases already followed. */
type Fields = Map<string, { keyNode: unknown; value: unknown }>;
/** Builds an issue about one key of the current role, at `offset` or at the role's name. */
type IssueAt = (key: string, message: string, offset?: number) => ModeIssue;

/**
 * Validates a mode file. Never throws: every problem, including unexpected ones, comes back in
 * `errors`. `isValid` is true only when there are no errors and at least one role. `roles` holds
 * the roles that passed, in file order, even when others failed. `specialistRoles` lists the
 * role names and their `specialist_roles` keys, de-duplicated, in file order.
 */
export function validateModeFile(bytes: Uint8Array, fileName: string): ModeValidation {
  const errors: ModeIssue[] = [];
  const warnings: ModeIssue[] = [];
  let roles: ModeRole[] = [];
  let text = '';
  try {
    const decoded = decodeModeBytes(bytes, fileName);
    if (typeof decoded !== 'string') errors.push(decoded);
    else {
      text = decoded;
      if (!/\.ya?ml$/i.test(fileName))
        warnings.push({ message: `'${fileName}' does not end in .yaml or .yml` });
      roles = parseRoles(text, fileName, errors, warnings);
    }
  } catch (error) {
    // A bug of ours, not the file's; still a verdict, never a throw.
    errors.push({ message: `Unexpected error while validating '${fileName}': ${String(error)}` });
  }
  return {
    isValid: errors.length === 0 && roles.length > 0,
    description: describeMode(text, roles),
    roles,
    specialistRoles: specialistRoleNames(roles),
    errors,
    warnings,
  };
}

/** Formats an issue for a person: `line 3, column 5: message`. */
export function formatModeIssue(issue: ModeIssue): string {
  if (issue.line === undefined) return issue.message;
  const column = issue.column === undefined ? '' : `, column ${issue.column}`;
  return `line ${issue.line}${column}: ${issue.message}`;
}

/** Parses the text and checks its shape; pushes issues, returns the roles that passed. */
function parseRoles(
  text: string,
  fileName: string,
  errors: ModeIssue[],
  warnings: ModeIssue[],
): ModeRole[] {
  const deep = findDeepNesting(text);
  if (deep) {
    errors.push({
      message: `'${fileName}' nests more than ${maxModeNesting} levels deep; a mode file is a few levels of roles and keys`,
      line: deep.line,
    });
    return [];
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    schema: 'core', // no language-specific tags such as !!js/function or !!binary
    version: '1.2',
    // The library's own check compares every key with every other (quadratic: a 200 KB file
    // of 20,000 keys took 9 s); duplicateKeys() below does the same job in linear time.
    uniqueKeys: false,
    strict: true,
    prettyErrors: false, // positions go in fields, not in the message
    lineCounter: lines,
  });
  const ctx: Ctx = { doc, lines, errors, warnings };
  for (const e of doc.errors) errors.push({ message: e.message, ...position(ctx, e.pos[0]) });
  for (const w of doc.warnings) {
    // The core schema keeps an unknown tag's value as a string; silently doing so would hide
    // a file written for another tool, so it is an error.
    const issue = { message: w.message, ...position(ctx, w.pos[0]) };
    if (w.code === 'TAG_RESOLVE_FAILED') errors.push(issue);
    else warnings.push(issue);
  }
  if (doc.errors.length > 0) return [];
  if (duplicateKeys(ctx)) return [];
  if (!aliasesAreBounded(ctx)) return [];

  const root = deref(ctx, doc.contents);
  if (root == null || (isScalar(root) && root.value == null)) {
    errors.push({ message: `'${fileName}' contains no roles` });
    return [];
  }
  if (!isMap(root)) {
    errors.push({
      message: `A mode file must be a mapping of role names to roles, not ${describe(ctx, root)}`,
      ...position(ctx, nodeOffset(root)),
    });
    return [];
  }
  const roles: ModeRole[] = [];
  for (const pair of root.items) {
    const role = readRole(ctx, pair);
    if (role) roles.push(role);
  }
  if (root.items.length === 0) errors.push({ message: `'${fileName}' contains no roles` });
  return roles;
}

/**
 * Reports every key that repeats an earlier key of the same mapping (as the library's
 * `uniqueKeys` would, with the same message), in linear time and without recursion.
 */
function duplicateKeys(ctx: Ctx): boolean {
  let found = false;
  const stack: unknown[] = [ctx.doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key: unknown = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) {
          found = true;
          ctx.errors.push({
            message: 'Map keys must be unique',
            ...position(ctx, nodeOffset(pair.key)),
          });
        }
        seen.add(key);
        stack.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return found;
}

/** Expands every alias once under the library's alias budget, so a "billion laughs" is refused. */
function aliasesAreBounded(ctx: Ctx): boolean {
  try {
    ctx.doc.toJS({ maxAliasCount: maxModeAliasCount, mapAsMap: true });
    return true;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    ctx.errors.push({
      message: /excessive alias/i.test(text)
        ? `Too many alias expansions (more than ${maxModeAliasCount}); refused as a possible "billion laughs" attack`
        : text,
    });
    return false;
  }
}

/** Checks one `name: { ... }` entry and returns the role, or undefined if it has errors. */
function readRole(ctx: Ctx, pair: Pair): ModeRole | undefined {
  const keyNode = deref(ctx, pair.key);
  const at = position(ctx, nodeOffset(pair.key));
  const name = stringValue(keyNode);
  if (name === undefined || name.trim() === '') {
    ctx.errors.push({
      message: `Role names must be non-empty strings, not ${describe(ctx, keyNode)}`,
      ...at,
    });
    return undefined;
  }
  const value = deref(ctx, pair.value);
  if (!isMap(value)) {
    ctx.errors.push({
      message: `Role '${name}' must be a mapping of keys, not ${describe(ctx, value)}`,
      role: name,
      ...at,
    });
    return undefined;
  }
  const errorCount = ctx.errors.length;
  const fields: Fields = new Map();
  for (const item of value.items) {
    const key = stringValue(deref(ctx, item.key));
    if (key === undefined) {
      ctx.errors.push({
        message: `Role '${name}': keys must be strings`,
        role: name,
        ...position(ctx, nodeOffset(item.key)),
      });
      continue;
    }
    fields.set(key, { keyNode: item.key, value: deref(ctx, item.value) });
  }
  const issue = (key: string, message: string, offset?: number): ModeIssue => ({
    message: `Role '${name}': ${message}`,
    role: name,
    key,
    ...(offset === undefined ? at : position(ctx, offset)),
  });
  for (const key of requiredKeys)
    if (!fields.has(key)) ctx.errors.push(issue(key, `missing '${key}'`));

  const read = {
    role_definition: readString(ctx, fields, 'role_definition', issue),
    expertise: readStringList(ctx, fields, 'expertise', issue),
    approach: readStringList(ctx, fields, 'approach', issue),
    output_format: readString(ctx, fields, 'output_format', issue),
  };
  const specialists = readSpecialists(ctx, fields, issue);
  const unknown = readUnknownKeys(ctx, fields, issue);
  if (ctx.errors.length > errorCount) return undefined;
  return {
    name,
    role_definition: read.role_definition ?? '',
    expertise: read.expertise ?? [],
    approach: read.approach ?? [],
    output_format: read.output_format ?? '',
    ...(specialists ? { specialist_roles: specialists } : {}),
    ...(unknown ? { unknown_keys: unknown } : {}),
  };
}

/** A required string field; an empty one is only a warning. */
function readString(ctx: Ctx, fields: Fields, key: string, issue: IssueAt): string | undefined {
  const field = fields.get(key);
  if (!field) return undefined;
  const value = stringValue(field.value);
  if (value === undefined) {
    ctx.errors.push(
      issue(
        key,
        `'${key}' must be a string, not ${describe(ctx, field.value)}`,
        nodeOffset(field.keyNode),
      ),
    );
  } else if (value.trim() === '') {
    ctx.warnings.push(issue(key, `'${key}' is empty`, nodeOffset(field.keyNode)));
  }
  return value;
}

/** A required list of strings; the first bad item is reported with its position. */
function readStringList(
  ctx: Ctx,
  fields: Fields,
  key: string,
  issue: IssueAt,
): string[] | undefined {
  const field = fields.get(key);
  if (!field) return undefined;
  const message = `'${key}' must be a list of strings`;
  if (!isSeq(field.value)) {
    ctx.errors.push(
      issue(key, `${message}, not ${describe(ctx, field.value)}`, nodeOffset(field.keyNode)),
    );
    return undefined;
  }
  const list: string[] = [];
  for (const [index, raw] of field.value.items.entries()) {
    const item = stringValue(deref(ctx, raw));
    if (item === undefined) {
      const found = describe(ctx, deref(ctx, raw));
      ctx.errors.push(issue(key, `${message} (item ${index + 1} is ${found})`, nodeOffset(raw)));
      return undefined;
    }
    list.push(item);
  }
  if (list.length === 0)
    ctx.warnings.push(issue(key, `'${key}' is an empty list`, nodeOffset(field.keyNode)));
  return list;
}

/** `specialist_roles`: a mapping of role name to a one-line purpose. */
function readSpecialists(
  ctx: Ctx,
  fields: Fields,
  issue: IssueAt,
): Record<string, string> | undefined {
  const field = fields.get('specialist_roles');
  if (!field) return undefined;
  const message = `'specialist_roles' must map role names to purpose strings`;
  if (!isMap(field.value)) {
    ctx.errors.push(
      issue(
        'specialist_roles',
        `${message}, not ${describe(ctx, field.value)}`,
        nodeOffset(field.keyNode),
      ),
    );
    return undefined;
  }
  const entries: Array<[string, string]> = [];
  for (const item of field.value.items) {
    const name = stringValue(deref(ctx, item.key));
    const purpose = stringValue(deref(ctx, item.value));
    if (name === undefined || name.trim() === '' || purpose === undefined) {
      const what =
        name === undefined
          ? 'a name is not a string'
          : `'${name}' has ${describe(ctx, deref(ctx, item.value))}`;
      ctx.errors.push(issue('specialist_roles', `${message} (${what})`, nodeOffset(item.key)));
      return undefined;
    }
    entries.push([name, purpose]);
  }
  // fromEntries defines own properties, so a key like `__proto__` stays plain data.
  return Object.fromEntries(entries);
}

/** Keys the format does not define: kept as plain data, each reported as a warning. */
function readUnknownKeys(
  ctx: Ctx,
  fields: Fields,
  issue: IssueAt,
): Record<string, unknown> | undefined {
  const entries: Array<[string, unknown]> = [];
  for (const [key, field] of fields) {
    if (knownKeys.has(key)) continue;
    ctx.warnings.push(
      issue(key, `unknown key '${key}' (kept, but not used)`, nodeOffset(field.keyNode)),
    );
    entries.push([key, toPlain(ctx, field.value)]);
  }
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** An unknown key's value as plain JS data (objects, arrays, scalars), aliases expanded. */
function toPlain(ctx: Ctx, node: unknown): unknown {
  if (!isScalar(node) && !isMap(node) && !isSeq(node)) return null;
  return node.toJS(ctx.doc, { maxAliasCount: maxModeAliasCount }) as unknown;
}

/** Follows an alias to its node; aliases were already checked to resolve within budget. */
function deref(ctx: Ctx, node: unknown): unknown {
  return isAlias(node) ? node.resolve(ctx.doc) : node;
}

/** The value of a string scalar; undefined for anything else (numbers are not coerced). */
function stringValue(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** A short phrase for error messages: "a list", "a number", "nothing". */
function describe(ctx: Ctx, node: unknown): string {
  const target = deref(ctx, node);
  if (isMap(target)) return 'a mapping';
  if (isSeq(target)) return 'a list';
  if (isScalar(target)) {
    const value: unknown = target.value;
    if (value == null) return 'nothing';
    if (typeof value === 'string') return 'a string';
    if (typeof value === 'number' || typeof value === 'bigint') return 'a number';
    if (typeof value === 'boolean') return 'a boolean';
  }
  return 'nothing';
}

/** Where a node starts in the text, if it came from the text. */
function nodeOffset(node: unknown): number | undefined {
  if (isScalar(node) || isMap(node) || isSeq(node) || isAlias(node)) return node.range?.[0];
  return undefined;
}

/** 1-based line and column of a text offset, ready to spread into an issue. */
function position(ctx: Ctx, offset: number | undefined): { line?: number; column?: number } {
  if (offset === undefined) return {};
  const { line, col } = ctx.lines.linePos(offset);
  return { line, column: col };
}

/** Role names then their specialists, first occurrence wins. */
function specialistRoleNames(roles: readonly ModeRole[]): string[] {
  const names = new Set<string>();
  for (const role of roles) {
    names.add(role.name);
    for (const name of Object.keys(role.specialist_roles ?? {})) names.add(name);
  }
  return [...names];
}

/**
 * The file's leading comment lines, or else the first role's definition, as one bounded line.
 * Decorative comment lines (`# =====`) are skipped.
 */
function describeMode(text: string, roles: readonly ModeRole[]): string {
  const comments: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (!trimmed.startsWith('#')) break;
    const body = trimmed.replace(/^#+/, '').trim();
    if (/[\p{L}\p{N}]/u.test(body)) comments.push(body);
  }
  // Comment lines are often title-like; a period between them keeps the joined line readable.
  const joined = comments.reduce(
    (all, line) => (all === '' ? line : `${all}${/[.!?:;,]$/.test(all) ? '' : '.'} ${line}`),
    '',
  );
  const source = joined !== '' ? joined : (roles[0]?.role_definition ?? '');
  const chars = [...source.replace(/[\s\p{Cc}]+/gu, ' ').trim()]; // code points, not halves
  if (chars.length <= maxDescriptionLength) return chars.join('');
  const head = chars.slice(0, maxDescriptionLength - 1).join('');
  return `${head.trimEnd()}…`;
}
