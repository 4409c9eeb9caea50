/**
 * Mode file validation: the real role files of the original tool, our own fixtures (valid and
 * broken), hostile input (huge, alias bombs, bad bytes, custom tags) and fuzzing. The rule
 * under test throughout: validateModeFile returns a verdict and never throws.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { defaultModeFileName, defaultModeYaml } from '../../workers/modes/default-mode';
import { sha256Hex } from '../../workers/folder/content-hash';
import {
  formatModeIssue,
  maxDescriptionLength,
  maxModeFileBytes,
  validateModeFile,
} from '../../workers/modes/validate';
import type { ModeIssue, ModeValidation } from '../../workers/modes/validate';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const ownFixtures = join(repoRoot, 'test/fixtures/roles');
// Shared fixtures sit next to the repo in the workspace, not in a user's clone.
const sharedFixtures = join(repoRoot, '../shared/fixtures/roles');

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const validateText = (text: string, fileName = 'test.yaml'): ModeValidation =>
  validateModeFile(encode(text), fileName);
const validateFixture = (name: string): ModeValidation =>
  validateModeFile(readFileSync(join(ownFixtures, name)), name);

/** Errors as comparable rows; `message` only checked with a pattern. */
function findIssue(issues: ModeIssue[], pattern: RegExp): ModeIssue {
  const found = issues.find((issue) => pattern.test(issue.message));
  expect(found, `no issue matching ${String(pattern)} in ${JSON.stringify(issues)}`).toBeDefined();
  return found as ModeIssue;
}

/**
 * Reads a role file without a YAML parser: top-level `name:` lines are roles, indented
 * `name:` lines right under `specialist_roles:` are specialists. Enough for the plain
 * layout of the real files, and independent of the code under test.
 */
function plainOutline(text: string): { roles: string[]; specialists: string[] } {
  const roles: string[] = [];
  const specialists: string[] = [];
  let inSpecialists = false;
  for (const line of text.split(/\r?\n/)) {
    const top = /^([A-Za-z_][\w-]*):\s*$/.exec(line);
    if (top?.[1]) {
      roles.push(top[1]);
      specialists.push(top[1]);
      inSpecialists = false;
      continue;
    }
    if (/^ {2}specialist_roles:\s*$/.test(line)) {
      inSpecialists = true;
      continue;
    }
    const nested = /^ {4}([A-Za-z_][\w-]*):/.exec(line);
    if (inSpecialists && nested?.[1]) specialists.push(nested[1]);
    else if (/^ {2}\S/.test(line)) inSpecialists = false;
  }
  return { roles, specialists: [...new Set(specialists)] };
}

/** Every invariant a verdict keeps, whatever the input. */
function expectWellFormed(result: ModeValidation): void {
  expect(typeof result.isValid).toBe('boolean');
  expect(typeof result.description).toBe('string');
  expect(result.description.length).toBeLessThanOrEqual(maxDescriptionLength);
  expect(result.description).not.toMatch(/\n/);
  expect(result.isValid).toBe(result.errors.length === 0 && result.roles.length > 0);
  expect(new Set(result.specialistRoles).size).toBe(result.specialistRoles.length);
  for (const role of result.roles) expect(result.specialistRoles).toContain(role.name);
  for (const issue of [...result.errors, ...result.warnings]) {
    expect(typeof issue.message).toBe('string');
    if (issue.line !== undefined) expect(issue.line).toBeGreaterThanOrEqual(1);
    if (issue.column !== undefined) expect(issue.column).toBeGreaterThanOrEqual(1);
  }
  // Plain data only: it must survive structured cloning across the worker boundary.
  expect(structuredClone(result)).toEqual(result);
}

describe.runIf(existsSync(sharedFixtures))('the original tool’s role files', () => {
  const files = existsSync(sharedFixtures)
    ? readdirSync(sharedFixtures).filter((name) => /\.ya?ml$/.test(name))
    : [];

  it('are all present', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
    expect(files).toContain('default_roles.yaml');
  });

  it.each(files)('%s is valid, with the roles a plain reading finds', (name) => {
    const bytes = readFileSync(join(sharedFixtures, name));
    const outline = plainOutline(bytes.toString('utf8'));
    const result = validateModeFile(bytes, name);
    expectWellFormed(result);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.isValid).toBe(true);
    expect(result.roles.map((role) => role.name)).toEqual(outline.roles);
    expect(result.specialistRoles).toEqual(outline.specialists);
    for (const role of result.roles) {
      expect(role.role_definition).not.toBe('');
      expect(role.expertise.length).toBeGreaterThan(0);
      expect(role.approach.length).toBeGreaterThan(0);
      expect(role.output_format).not.toBe('');
    }
    const firstComment = /^#\s*(.+)$/m.exec(bytes.toString('utf8'))?.[1]?.trim() ?? '';
    expect(result.description.startsWith(firstComment)).toBe(true);
  });

  it('default_roles.yaml offers specialists that are not roles themselves', () => {
    const result = validateModeFile(
      readFileSync(join(sharedFixtures, 'default_roles.yaml')),
      'default_roles.yaml',
    );
    const roleNames = new Set(result.roles.map((role) => role.name));
    const extra = result.specialistRoles.filter((name) => !roleNames.has(name));
    expect(extra.length).toBeGreaterThan(0);
    expect(result.roles.some((role) => role.specialist_roles !== undefined)).toBe(true);
  });

  it('share no sentence with the built-in default mode', () => {
    const ours = defaultModeYaml.toLowerCase();
    for (const name of files) {
      const quoted = readFileSync(join(sharedFixtures, name), 'utf8').match(/"[^"]{25,}"/g) ?? [];
      for (const sentence of quoted) expect(ours).not.toContain(sentence.toLowerCase());
    }
  });
});

describe('the built-in default mode', () => {
  const result = validateText(defaultModeYaml, defaultModeFileName);

  it('validates with no errors and no warnings', () => {
    expect(defaultModeFileName).toBe('default_roles.yaml');
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.isValid).toBe(true);
    expectWellFormed(result);
  });

  it('has the usual roles, and each specialist it names is also a role', () => {
    const names = result.roles.map((role) => role.name);
    for (const name of ['architect', 'implementer', 'debugger', 'documenter', 'reviewer']) {
      expect(names).toContain(name);
    }
    for (const name of ['tester', 'researcher']) expect(names).toContain(name);
    const withSpecialists = result.roles.filter((role) => role.specialist_roles);
    expect(withSpecialists).toHaveLength(1);
    expect([...result.specialistRoles].sort()).toEqual([...names].sort());
    expect(result.description).toMatch(/^Built-in roles for Session Orchestrator\. /);
  });
});

describe('our own fixtures', () => {
  it('a small valid file: roles, specialists in file order, description from comments', () => {
    const result = validateFixture('small_roles.yaml');
    expectWellFormed(result);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.roles).toEqual([
      {
        name: 'planner',
        role_definition: 'You decide what gets planted where, and when',
        expertise: ['Bed layout', 'Planting calendars'],
        approach: ['Check the frost dates first'],
        output_format: 'A planting schedule',
        specialist_roles: {
          waterer: 'Keeps the soil moist',
          planner: 'Listed again on purpose: must not appear twice',
          pruner: 'Cuts back what grows too far',
        },
      },
      {
        name: 'waterer',
        role_definition: 'You keep every bed watered',
        expertise: ['Drip irrigation'],
        approach: ['Water early in the morning'],
        output_format: 'A watering rota',
      },
    ]);
    expect(result.specialistRoles).toEqual(['planner', 'waterer', 'pruner']);
    expect(result.description).toBe(
      'Garden planning roles. A tiny mode used by the validator tests',
    );
  });

  it('wrong types name the role and the key, with positions', () => {
    const result = validateFixture('wrong_types.yaml');
    expectWellFormed(result);
    expect(result.isValid).toBe(false);
    expect(result.roles).toEqual([]);
    expect(findIssue(result.errors, /'role_definition' must be a string/)).toEqual({
      message: "Role 'architect': 'role_definition' must be a string, not a number",
      role: 'architect',
      key: 'role_definition',
      line: 2,
      column: 3,
    });
    expect(findIssue(result.errors, /'expertise'/).message).toBe(
      "Role 'architect': 'expertise' must be a list of strings, not a string",
    );
    expect(findIssue(result.errors, /'approach'/)).toMatchObject({
      message: "Role 'architect': 'approach' must be a list of strings (item 2 is a number)",
      key: 'approach',
      line: 6,
      column: 7,
    });
    expect(findIssue(result.errors, /'output_format'/).message).toMatch(/not a list$/);
    expect(findIssue(result.errors, /'specialist_roles'/).message).toMatch(/not a list$/);
    expect(findIssue(result.errors, /Role 'builder'/)).toMatchObject({
      message: "Role 'builder' must be a mapping of keys, not a string",
      role: 'builder',
      line: 12,
      column: 1,
    });
  });

  it('missing keys are errors; the complete role is still returned', () => {
    const result = validateFixture('missing_keys.yaml');
    expectWellFormed(result);
    expect(result.isValid).toBe(false);
    expect(result.errors).toEqual([
      {
        message: "Role 'incomplete': missing 'expertise'",
        role: 'incomplete',
        key: 'expertise',
        line: 7,
        column: 1,
      },
      {
        message: "Role 'incomplete': missing 'output_format'",
        role: 'incomplete',
        key: 'output_format',
        line: 7,
        column: 1,
      },
    ]);
    expect(result.roles.map((role) => role.name)).toEqual(['complete']);
    expect(result.specialistRoles).toEqual(['complete']);
    // No leading comment: the first role's definition describes the mode.
    expect(result.description).toBe('Has everything');
  });

  it('a top-level list is not a mode', () => {
    const result = validateFixture('top_level_list.yaml');
    expectWellFormed(result);
    expect(result.errors).toEqual([
      {
        message: 'A mode file must be a mapping of role names to roles, not a list',
        line: 1,
        column: 1,
      },
    ]);
  });

  it('custom tags such as !!js/function are errors, never evaluated', () => {
    const result = validateFixture('custom_tags.yaml');
    expectWellFormed(result);
    expect(result.isValid).toBe(false);
    expect(findIssue(result.errors, /js\/function/)).toMatchObject({ line: 2, column: 20 });
    expect(findIssue(result.errors, /!python\/object/)).toMatchObject({ line: 5, column: 18 });
  });

  it('unknown keys are kept and reported as warnings', () => {
    const result = validateFixture('unknown_keys.yaml');
    expectWellFormed(result);
    expect(result.isValid).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      {
        message: "Role 'writer': unknown key 'temperature' (kept, but not used)",
        role: 'writer',
        key: 'temperature',
        line: 6,
        column: 3,
      },
      {
        message: "Role 'writer': unknown key 'notes' (kept, but not used)",
        role: 'writer',
        key: 'notes',
        line: 7,
        column: 3,
      },
    ]);
    expect(result.roles[0]?.unknown_keys).toEqual({
      temperature: 0.2,
      notes: ['kept for another tool'],
    });
  });

  it('duplicate keys are errors with their position', () => {
    const result = validateFixture('duplicate_keys.yaml');
    expectWellFormed(result);
    expect(result.isValid).toBe(false);
    expect(findIssue(result.errors, /unique/)).toMatchObject({ line: 3, column: 3 });
  });

  it('an alias bomb is refused (the alias count is bounded)', () => {
    const result = validateFixture('alias_bomb.yaml');
    expectWellFormed(result);
    expect(result.isValid).toBe(false);
    expect(result.roles).toEqual([]);
    findIssue(result.errors, /alias/i);
  });

  it('a file with only comments has no roles', () => {
    const result = validateFixture('comments_only.yaml');
    expect(result.errors).toEqual([{ message: "'comments_only.yaml' contains no roles" }]);
    expect(result.description).toBe('Nothing here but a comment');
  });
});

describe('hostile and malformed input', () => {
  // Kept inline rather than as fixture files: prettier cannot parse broken YAML.
  it('reports a syntax error with its line and column', () => {
    const result = validateText('writer:\n  expertise: [a, b\n  approach: c\n');
    expectWellFormed(result);
    expect(result.isValid).toBe(false);
    expect(result.roles).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ line: 3, column: 3 });
    expect(formatModeIssue(result.errors[0] as ModeIssue)).toMatch(/^line 3, column 3: /);
  });

  it('reports an unterminated quote and tab indentation', () => {
    expect(validateText('a:\n  role_definition: "open\n').errors[0]).toMatchObject({ line: 3 });
    expect(validateText('a:\n\trole_definition: x\n').errors[0]).toMatchObject({
      line: 2,
      column: 1,
    });
  });

  it('refuses an empty or blank file', () => {
    for (const text of ['', '  \n\n\t\n']) {
      const result = validateText(text, 'empty.yaml');
      expectWellFormed(result);
      expect(result.errors).toEqual([{ message: "'empty.yaml' is empty" }]);
      expect(result.description).toBe('');
    }
  });

  it('refuses a 5 MB file before parsing it', () => {
    const bytes = new Uint8Array(5 * 1024 * 1024).fill(0x61);
    const result = validateModeFile(bytes, 'huge.yaml');
    expect(result.errors).toEqual([
      { message: `'huge.yaml' is too large (5242880 bytes; the limit is ${maxModeFileBytes})` },
    ]);
  });

  it('reports bytes that are not UTF-8, with where the first bad one is', () => {
    const bytes = new Uint8Array([...encode('a:\n  b: caf'), 0xe9, ...encode(' au lait\n')]);
    expect(validateModeFile(bytes, 'latin1.yaml').errors).toEqual([
      { message: "'latin1.yaml' is not valid UTF-8 text", line: 2, column: 9 },
    ]);
    const leading = validateModeFile(new Uint8Array([0xc3, 0x28, 0x0a]), 'bad.yaml');
    expect(leading.errors[0]).toMatchObject({ line: 1, column: 1 });
    const utf16 = validateModeFile(new Uint8Array([0xff, 0xfe, 0x61, 0x00]), 'wide.yaml');
    expect(utf16.errors[0]?.message).toMatch(/UTF-16/);
  });

  it('tolerates a byte order mark and CRLF line endings', () => {
    const text = readFileSync(join(ownFixtures, 'small_roles.yaml'), 'utf8');
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encode(text.replace(/\n/g, '\r\n'))]);
    const result = validateModeFile(bytes, 'small_roles.yaml');
    expect(result.errors).toEqual([]);
    expect(result.roles).toEqual(validateFixture('small_roles.yaml').roles);
  });

  it('reports duplicate roles, several documents and non-string role names', () => {
    const role = '\n  role_definition: x\n  expertise: [a]\n  approach: [b]\n  output_format: c\n';
    expect(findIssue(validateText(`a:${role}a:${role}`).errors, /unique/)).toMatchObject({
      line: 6,
    });
    findIssue(validateText(`a:${role}---\nb:${role}`).errors, /multiple documents/);
    const numeric = validateText(`42:${role}`);
    expect(numeric.errors[0]?.message).toBe('Role names must be non-empty strings, not a number');
  });

  it('follows a few honest aliases, and reports one without an anchor', () => {
    const role = '  role_definition: x\n  approach: [b]\n  output_format: c\n';
    const shared = validateText(
      `a:\n  expertise: &e [one, two]\n${role}b:\n  expertise: *e\n${role}`,
    );
    expect(shared.errors).toEqual([]);
    expect(shared.roles[1]?.expertise).toEqual(['one', 'two']);
    const dangling = validateText(`a:\n  expertise: *nowhere\n${role}`);
    expect(dangling.isValid).toBe(false);
    findIssue(dangling.errors, /nowhere/);
  });

  it('drops a role with a non-string key', () => {
    const result = validateText(
      'a:\n  role_definition: x\n  expertise: [a]\n  approach: [b]\n  output_format: c\n  7: seven\n',
    );
    expect(result.roles).toEqual([]);
    expect(result.errors).toEqual([
      { message: "Role 'a': keys must be strings", role: 'a', line: 6, column: 3 },
    ]);
  });

  it('keeps __proto__ as plain data', () => {
    const result = validateText(
      'a:\n  role_definition: x\n  expertise: [a]\n  approach: [b]\n  output_format: c\n' +
        '  specialist_roles:\n    __proto__: "sneaky"\n',
    );
    expect(result.isValid).toBe(true);
    expect(result.specialistRoles).toEqual(['a', '__proto__']);
    expect(Object.getPrototypeOf(result.roles[0]?.specialist_roles)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['sneaky']).toBeUndefined();
  });

  it('bounds the description and keeps it on one line', () => {
    const long = `# ${'word '.repeat(100)}\n# second\r\nx:\n  role_definition: y\n  expertise: []\n  approach: []\n  output_format: z\n`;
    const result = validateText(long);
    expect(result.description.length).toBe(maxDescriptionLength);
    expect(result.description.endsWith('…')).toBe(true);
    expect(result.warnings.map((w) => w.key)).toEqual(['expertise', 'approach']);
  });

  it('warns about a file name that is not .yaml or .yml', () => {
    const result = validateText(defaultModeYaml, 'roles.txt');
    expect(result.isValid).toBe(true);
    expect(result.warnings).toEqual([{ message: "'roles.txt' does not end in .yaml or .yml" }]);
  });
});

describe('never throws', () => {
  const fragments = [
    'a:',
    'role_definition:',
    'expertise:',
    'specialist_roles:',
    '- ',
    '  ',
    '\n',
    '\t',
    '"',
    "'",
    '[',
    ']',
    '{',
    '}',
    ',',
    '&x ',
    '*x',
    '!!js/function ',
    '!t ',
    '? ',
    '#',
    '---',
    '...',
    '%YAML 1.2',
    '<<: *x',
    '|',
    '>',
    'null',
    '42',
    'true',
    'é',
    '\u0000',
    '\uFEFF',
  ];

  it('on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        expectWellFormed(validateModeFile(bytes, 'fuzz.yaml'));
      }),
      { numRuns: 300 },
    );
  });

  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (text) => {
        expectWellFormed(validateText(text));
      }),
      { numRuns: 300 },
    );
  });

  it('on YAML-shaped noise', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 80 }), (parts) => {
        expectWellFormed(validateText(parts.join('')));
      }),
      { numRuns: 500 },
    );
  });

  it('and reads back any well-formed mode it is given', () => {
    const text = fc.string({ maxLength: 40 });
    const role = fc.record({
      role_definition: text,
      expertise: fc.array(text, { minLength: 1, maxLength: 4 }),
      approach: fc.array(text, { minLength: 1, maxLength: 4 }),
      output_format: text,
    });
    const names = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 20 }), {
      minLength: 1,
      maxLength: 5,
    });
    fc.assert(
      fc.property(
        names.filter((list) => list.every((name) => name.trim() !== '')),
        fc.array(role, { minLength: 5, maxLength: 5 }),
        (roleNames, bodies) => {
          const entries = roleNames.map((name, i) => [name, bodies[i]] as const);
          const result = validateText(stringify(new Map(entries)));
          expect(result.errors).toEqual([]);
          expect(result.roles).toEqual(entries.map(([name, body]) => ({ name, ...body })));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('sha256Hex', () => {
  it('matches the published test vectors', async () => {
    expect(await sha256Hex(new Uint8Array())).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(await sha256Hex(encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('hashes a view, not its whole underlying buffer', async () => {
    const buffer = encode('xxabcxx');
    expect(await sha256Hex(buffer.subarray(2, 5))).toBe(await sha256Hex(encode('abc')));
  });
});
