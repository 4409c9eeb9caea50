/**
 * Modes in the database, against real wa-sqlite: the built-in default mode, syncing role files
 * (re-read only when the hash changes, missing files kept as missing), the mode list, binding a
 * session to a mode, and the fallback to the default mode when the bound one cannot be used.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../workers/db/sqlite';
import { createSession, transitionSession } from '../../workers/domain/sessions';
import { sha256Hex } from '../../workers/folder/content-hash';
import { validateModeFile } from '../../workers/modes/validate';
import type * as ValidateModule from '../../workers/modes/validate';
import { maxBindingContextBytes } from '../../workers/modes/binding-context';
import {
  type ModeFile,
  defaultMode,
  ensureDefaultMode,
  getMode,
  listModes,
  modeIdForPath,
  normalizeModePath,
  syncModeFiles,
} from '../../workers/modes/store';
import {
  bindSessionMode,
  effectiveMode,
  specialistRolesFor,
  unbindSessionMode,
} from '../../workers/modes/bindings';
import { defaultModeId, defaultModePath } from '../../workers/modes/records';
import { openMigratedDb } from './support/memory-db';
import { failure, unwrap } from './support/unwrap';

// Counts validations without changing them, so a test can prove a file was not re-read.
vi.mock('../../workers/modes/validate', async (importOriginal) => {
  const original = await importOriginal<typeof ValidateModule>();
  return { ...original, validateModeFile: vi.fn(original.validateModeFile) };
});

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const ownFixtures = join(repoRoot, 'test/fixtures/roles');
// Shared fixtures sit next to the repo in the workspace, not in a user's clone.
const sharedFixtures = join(repoRoot, '../shared/fixtures/roles');

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const roleFile = (path: string, text: string): ModeFile => ({ path, bytes: encode(text) });

/** Every `.yaml` file of a fixture folder, as the folder reader would hand them over. */
function readFixtureFiles(dir: string): ModeFile[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({
      path: `roles/${name}`,
      bytes: new Uint8Array(readFileSync(join(dir, name))),
    }));
}

const teamYaml = `# Team roles
lead:
  role_definition: 'You lead'
  expertise: ['planning']
  approach: ['plan first']
  output_format: 'a plan'
  specialist_roles:
    coder: 'Writes the code'
    lead: 'Named again: listed once'
`;
const teamYamlV2 = `# Team roles, second edition
lead:
  role_definition: 'You lead'
  expertise: ['planning']
  approach: ['plan first']
  output_format: 'a plan'
  specialist_roles:
    designer: 'Draws the screens'
qa:
  role_definition: 'You test'
  expertise: ['testing']
  approach: ['break it']
  output_format: 'a bug list'
`;
// The same syntax error the validator tests use: the flow list is never closed.
const brokenYaml = 'writer:\n  expertise: [a, b\n  approach: c\n';

let db: Db;
let clock: number;
beforeEach(async () => {
  db = await openMigratedDb();
  vi.mocked(validateModeFile).mockClear();
  // A clock that only moves when told, so "not re-validated" shows in the timestamps.
  clock = Date.parse('2026-01-01T00:00:00.000Z');
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(clock);
});
afterEach(() => {
  vi.useRealTimers();
});

function tick(ms = 60_000): void {
  clock += ms;
  vi.setSystemTime(clock);
}

async function newSession(name: string): Promise<string> {
  return unwrap(await createSession(db, { name, activate: false })).session_id;
}

async function modeByPath(path: string) {
  const mode = (await listModes(db)).find((item) => item.yaml_file_path === path);
  expect(mode, `no mode for ${path}`).toBeDefined();
  return mode as NonNullable<typeof mode>;
}

describe('the built-in default mode', () => {
  it('exists after ensureDefaultMode, validates, and is listed first', async () => {
    expect(unwrap(await ensureDefaultMode(db))).toEqual({ mode_id: defaultModeId, changed: true });
    const [first, ...rest] = await listModes(db);
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      mode_id: 'mode_default',
      mode_name: 'default',
      yaml_file_path: 'builtin:default_roles.yaml',
      status: 'builtin',
      is_valid: true,
      validation_errors: [],
      sessions: [],
    });
    expect(first?.yaml_content_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first?.specialist_roles.roles.map((role) => role.name)).toContain('orchestrator');
    expect(first?.specialist_roles.specialists).toEqual(
      expect.arrayContaining(['orchestrator', 'architect', 'implementer', 'tester']),
    );
  });

  it('is idempotent', async () => {
    unwrap(await ensureDefaultMode(db));
    const before = await getMode(db, defaultModeId);
    tick();
    expect(unwrap(await ensureDefaultMode(db)).changed).toBe(false);
    expect(await getMode(db, defaultModeId)).toEqual(before);
    const count = await db.get<{ n: number }>('SELECT count(*) AS n FROM session_modes');
    expect(count?.n).toBe(1);
  });

  it('is restored when its row was changed behind our back', async () => {
    unwrap(await ensureDefaultMode(db));
    await db.run("UPDATE session_modes SET yaml_content_hash = 'old', is_valid = 0");
    expect(unwrap(await ensureDefaultMode(db)).changed).toBe(true);
    expect(unwrap(await getMode(db, defaultModeId))).toMatchObject({ is_valid: true });
  });

  it('is there to fall back to even before it was written', async () => {
    const mode = await defaultMode(db);
    expect(mode).toMatchObject({ mode_id: defaultModeId, status: 'builtin', is_valid: true });
    const id = await newSession('No modes yet');
    const effective = unwrap(await effectiveMode(db, id));
    expect(effective.mode.mode_id).toBe(defaultModeId);
    expect(effective.fallback?.reason).toBe('unbound');
  });
});

describe.runIf(existsSync(sharedFixtures))('the role files of the original tool', () => {
  it('become valid modes with the right roles, ids and hashes', async () => {
    const files = readFixtureFiles(sharedFixtures);
    const report = unwrap(await syncModeFiles(db, files, { complete: true }));
    expect(report.added).toEqual(files.map((file) => file.path));
    expect(report).toMatchObject({ updated: [], unchanged: [], missing: [], invalid: [] });
    for (const file of files) {
      const mode = await modeByPath(file.path);
      expect(mode.status).toBe('valid');
      expect(mode.yaml_content_hash).toBe(await sha256Hex(file.bytes));
      expect(mode.mode_id).toBe(await modeIdForPath(file.path));
      expect(mode.validation_errors.filter((issue) => issue.severity === 'error')).toEqual([]);
    }
    const defaults = await modeByPath('roles/default_roles.yaml');
    expect(defaults.mode_name).toBe('default_roles');
    expect(defaults.specialist_roles.roles.map((role) => role.name)).toEqual([
      'task_orchestrator',
      'architect',
      'implementer',
      'debugger',
      'documenter',
      'reviewer',
      'researcher',
    ]);
    // `tester` is only named in task_orchestrator's specialist_roles, yet is offered.
    expect(defaults.specialist_roles.specialists).toContain('tester');
    expect(defaults.specialist_roles.specialist_purposes.tester).toBe('Testing and validation');
    const writing = await modeByPath('roles/creative_writing_roles.yaml');
    expect(writing.specialist_roles.specialists).toContain('narrative_architect');
  });
});

describe('syncing role files', () => {
  it('reads our own fixtures: valid ones with roles, broken ones invalid with positions', async () => {
    const files = readFixtureFiles(ownFixtures);
    const report = unwrap(await syncModeFiles(db, files, { complete: true }));
    expect(report.added).toHaveLength(files.length);
    const valid = ['roles/small_roles.yaml', 'roles/unknown_keys.yaml'];
    expect(report.invalid).toEqual(files.map((f) => f.path).filter((p) => !valid.includes(p)));

    const small = await modeByPath('roles/small_roles.yaml');
    expect(small).toMatchObject({ mode_name: 'small_roles', status: 'valid', is_valid: true });
    expect(small.description).toBe(
      'Garden planning roles. A tiny mode used by the validator tests',
    );
    expect(small.specialist_roles.specialists).toEqual(['planner', 'waterer', 'pruner']);
    expect(small.specialist_roles.specialist_purposes).toEqual({
      waterer: 'Keeps the soil moist',
      planner: 'Listed again on purpose: must not appear twice',
      pruner: 'Cuts back what grows too far',
    });
    expect(small.specialist_roles.roles[1]).toEqual({
      name: 'waterer',
      role_definition: 'You keep every bed watered',
      expertise: ['Drip irrigation'],
      approach: ['Water early in the morning'],
      output_format: 'A watering rota',
    });

    // Warnings are stored with the errors, marked as warnings; they do not make a mode invalid.
    const unknown = await modeByPath('roles/unknown_keys.yaml');
    expect(unknown.status).toBe('valid');
    expect(unknown.validation_errors.length).toBeGreaterThan(0);
    expect(unknown.validation_errors.every((issue) => issue.severity === 'warning')).toBe(true);
    expect(unknown.specialist_roles.roles[0]).not.toHaveProperty('unknown_keys');

    const missingKeys = await modeByPath('roles/missing_keys.yaml');
    expect(missingKeys).toMatchObject({ status: 'invalid', is_valid: false });
    expect(missingKeys.validation_errors).toEqual([
      {
        severity: 'error',
        message: "Role 'incomplete': missing 'expertise'",
        line: 7,
        column: 1,
        role: 'incomplete',
        key: 'expertise',
      },
      {
        severity: 'error',
        message: "Role 'incomplete': missing 'output_format'",
        line: 7,
        column: 1,
        role: 'incomplete',
        key: 'output_format',
      },
    ]);
  });

  it('stores JSON of the documented shapes in the columns', async () => {
    unwrap(await syncModeFiles(db, [roleFile('roles/team.yaml', teamYaml)], { complete: true }));
    const row = await db.get<{ specialist_roles: string; validation_errors: string }>(
      'SELECT specialist_roles, validation_errors FROM session_modes WHERE yaml_file_path = ?',
      ['roles/team.yaml'],
    );
    expect(JSON.parse(row?.specialist_roles ?? '')).toEqual({
      version: 1,
      roles: [
        {
          name: 'lead',
          role_definition: 'You lead',
          expertise: ['planning'],
          approach: ['plan first'],
          output_format: 'a plan',
          specialist_roles: { coder: 'Writes the code', lead: 'Named again: listed once' },
        },
      ],
      specialists: ['lead', 'coder'],
      specialist_purposes: { coder: 'Writes the code', lead: 'Named again: listed once' },
    });
    expect(JSON.parse(row?.validation_errors ?? '')).toEqual([]);
  });

  it('re-reads nothing when the bytes are the same', async () => {
    const files = readFixtureFiles(ownFixtures);
    unwrap(await syncModeFiles(db, files, { complete: true }));
    const before = await listModes(db);
    const validations = vi.mocked(validateModeFile).mock.calls.length;
    expect(validations).toBe(files.length);
    tick();
    const report = unwrap(await syncModeFiles(db, files, { complete: true }));
    expect(report).toMatchObject({ added: [], updated: [], missing: [] });
    expect(report.unchanged).toEqual(files.map((file) => file.path));
    expect(report.invalid.length).toBeGreaterThan(0); // still reported, without re-reading
    expect(vi.mocked(validateModeFile).mock.calls.length).toBe(validations);
    expect(await listModes(db)).toEqual(before); // last_validated_at and updated_at included
  });

  it('re-reads a file whose bytes changed: new hash, new roles', async () => {
    unwrap(await syncModeFiles(db, [roleFile('roles/team.yaml', teamYaml)], { complete: true }));
    const before = await modeByPath('roles/team.yaml');
    tick();
    const report = unwrap(
      await syncModeFiles(db, [roleFile('roles/team.yaml', teamYamlV2)], { complete: true }),
    );
    expect(report).toMatchObject({ added: [], updated: ['roles/team.yaml'], unchanged: [] });
    const after = await modeByPath('roles/team.yaml');
    expect(after.mode_id).toBe(before.mode_id);
    expect(after.yaml_content_hash).toBe(await sha256Hex(encode(teamYamlV2)));
    expect(after.yaml_content_hash).not.toBe(before.yaml_content_hash);
    expect(after.specialist_roles.specialists).toEqual(['lead', 'designer', 'qa']);
    expect(after.description).toBe('Team roles, second edition');
    expect(after.last_validated_at).not.toBe(before.last_validated_at);
    expect(after.created_at).toBe(before.created_at);
  });

  it('marks a broken file invalid with line numbers', async () => {
    const report = unwrap(
      await syncModeFiles(db, [roleFile('roles/broken.yml', brokenYaml)], { complete: true }),
    );
    expect(report).toMatchObject({ added: ['roles/broken.yml'], invalid: ['roles/broken.yml'] });
    const mode = await modeByPath('roles/broken.yml');
    expect(mode).toMatchObject({ mode_name: 'broken', status: 'invalid', is_valid: false });
    expect(mode.validation_errors[0]).toMatchObject({ severity: 'error', line: 3, column: 3 });
    expect(mode.specialist_roles.roles).toEqual([]);
  });

  it('keeps a removed file as missing, with its binding, when the listing is complete', async () => {
    const files = [roleFile('roles/team.yaml', teamYaml), roleFile('roles/other.yaml', teamYamlV2)];
    unwrap(await syncModeFiles(db, files, { complete: true }));
    const team = await modeByPath('roles/team.yaml');
    const id = await newSession('Bound to team');
    unwrap(await bindSessionMode(db, id, team.mode_id));

    // An incomplete listing (e.g. one file changed) leaves the others alone.
    const partial = unwrap(await syncModeFiles(db, [files[1] as ModeFile], { complete: false }));
    expect(partial).toMatchObject({ unchanged: ['roles/other.yaml'], missing: [] });
    expect((await modeByPath('roles/team.yaml')).status).toBe('valid');

    const report = unwrap(await syncModeFiles(db, [files[1] as ModeFile], { complete: true }));
    expect(report.missing).toEqual(['roles/team.yaml']);
    const missing = await modeByPath('roles/team.yaml');
    expect(missing).toMatchObject({
      mode_id: team.mode_id,
      status: 'missing',
      is_valid: false,
      yaml_content_hash: null,
      sessions: [{ session_id: id, name: 'Bound to team' }],
    });
    expect(missing.validation_errors).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: 'The file roles/team.yaml is missing from the project folder',
      }),
    ]);
    // The last known roles stay readable in the list.
    expect(missing.specialist_roles.specialists).toEqual(['lead', 'coder']);

    const effective = unwrap(await effectiveMode(db, id));
    expect(effective.bound?.mode_id).toBe(team.mode_id);
    expect(effective.mode.mode_id).toBe(defaultModeId);
    expect(effective.fallback).toEqual({
      reason: 'missing',
      message: 'The mode file roles/team.yaml is missing; using the built-in default mode.',
    });
    expect(unwrap(await specialistRolesFor(db, id))).toContain('orchestrator');

    // Already missing: not reported again.
    const again = unwrap(await syncModeFiles(db, [files[1] as ModeFile], { complete: true }));
    expect(again.missing).toEqual([]);

    // The file comes back: read again, and the session uses it once more.
    const back = unwrap(await syncModeFiles(db, files, { complete: true }));
    expect(back.updated).toEqual(['roles/team.yaml']);
    expect(unwrap(await effectiveMode(db, id))).toMatchObject({
      fallback: null,
      mode: { mode_id: team.mode_id, status: 'valid' },
    });
  });

  it('normalizes paths and refuses unsafe or duplicate ones', async () => {
    expect(normalizeModePath('./roles\\team.yaml')).toBe('roles/team.yaml');
    for (const bad of ['', '/etc/x.yaml', 'roles/../x.yaml', 'roles//x.yaml', 'builtin:x.yaml']) {
      expect(normalizeModePath(bad), bad).toBeUndefined();
      expect(
        failure(await syncModeFiles(db, [roleFile(bad, teamYaml)], { complete: true })),
      ).toMatchObject({ type: 'Validation', field: 'path' });
    }
    const twice = [roleFile('roles/a.yaml', teamYaml), roleFile('./roles/a.yaml', teamYaml)];
    expect(failure(await syncModeFiles(db, twice, { complete: true }))).toMatchObject({
      type: 'Validation',
      message: 'The file roles/a.yaml is listed twice.',
    });
    // Nothing was written by the refused calls.
    const count = await db.get<{ n: number }>('SELECT count(*) AS n FROM session_modes');
    expect(count?.n).toBe(0);
  });

  it('never marks the built-in default missing', async () => {
    unwrap(await syncModeFiles(db, [], { complete: true }));
    expect((await listModes(db)).map((mode) => mode.status)).toEqual(['builtin']);
  });
});

describe('binding a session to a mode', () => {
  async function syncTeam(): Promise<{ team: string; other: string }> {
    const files = [roleFile('roles/team.yaml', teamYaml), roleFile('roles/other.yaml', teamYamlV2)];
    unwrap(await syncModeFiles(db, files, { complete: true }));
    return {
      team: (await modeByPath('roles/team.yaml')).mode_id,
      other: (await modeByPath('roles/other.yaml')).mode_id,
    };
  }

  it('binds, and rebinding replaces the old binding', async () => {
    const { team, other } = await syncTeam();
    const id = await newSession('Rebind me');
    const bound = unwrap(await bindSessionMode(db, id, team, { reason: 'first' }));
    expect(bound).toMatchObject({
      mode: { mode_id: team },
      bound: { mode_id: team },
      binding: { mode_id: team, binding_context: { reason: 'first' } },
      fallback: null,
    });
    tick();
    unwrap(await bindSessionMode(db, id, other));
    const rows = await db.all('SELECT mode_id, binding_context FROM session_mode_bindings');
    expect(rows).toEqual([{ mode_id: other, binding_context: null }]);
    const session = await db.get<{ mode_file: string }>(
      'SELECT mode_file FROM sessions WHERE session_id = ?',
      [id],
    );
    expect(session?.mode_file).toBe('roles/other.yaml');
    expect((await modeByPath('roles/team.yaml')).sessions).toEqual([]);
    expect((await modeByPath('roles/other.yaml')).sessions).toEqual([
      { session_id: id, name: 'Rebind me' },
    ]);
  });

  it('binds to the built-in default mode and unbinds', async () => {
    const id = await newSession('Default');
    const bound = unwrap(await bindSessionMode(db, id, defaultModeId));
    expect(bound).toMatchObject({ bound: { mode_id: defaultModeId }, fallback: null });
    const row = await db.get<{ mode_file: string }>('SELECT mode_file FROM sessions');
    expect(row?.mode_file).toBe(defaultModePath);
    const unbound = unwrap(await unbindSessionMode(db, id));
    expect(unbound).toMatchObject({ bound: null, binding: null, fallback: { reason: 'unbound' } });
    expect(await db.all('SELECT * FROM session_mode_bindings')).toEqual([]);
  });

  it('refuses unknown sessions and modes, and archived sessions', async () => {
    const { team } = await syncTeam();
    expect(failure(await bindSessionMode(db, 'session_nope', team))).toMatchObject({
      type: 'NotFound',
      entity: 'session',
    });
    const id = await newSession('Archived');
    expect(failure(await bindSessionMode(db, id, 'mode_nope'))).toMatchObject({
      type: 'NotFound',
      entity: 'mode',
      id: 'mode_nope',
    });
    for (const step of ['active', 'completed', 'archived'] as const)
      unwrap(await transitionSession(db, id, step));
    expect(failure(await bindSessionMode(db, id, team))).toMatchObject({ type: 'ReadOnly' });
    expect(failure(await unbindSessionMode(db, id))).toMatchObject({ type: 'ReadOnly' });
    expect(failure(await effectiveMode(db, 'session_nope'))).toMatchObject({ type: 'NotFound' });
    expect(await db.all('SELECT * FROM session_mode_bindings')).toEqual([]);
  });

  it('accepts only plain JSON data of bounded size as binding_context', async () => {
    const { team } = await syncTeam();
    const id = await newSession('Context');
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const refused: Array<[unknown, RegExp]> = [
      [() => 1, /binding_context is a function/],
      [{ score: Number.NaN }, /binding_context\.score is NaN/],
      [{ list: [1, Infinity] }, /binding_context\.list\[1\] is Infinity/],
      [{ when: new Date() }, /binding_context\.when is not plain data \(a Date instance\)/],
      [{ gone: undefined }, /binding_context\.gone is undefined/],
      [{ big: 1n }, /binding_context\.big is a bigint/],
      [cyclic, /binding_context\.self refers back to itself/],
      [{ text: 'x'.repeat(maxBindingContextBytes) }, /too large/],
    ];
    for (const [context, message] of refused) {
      const error = failure(await bindSessionMode(db, id, team, context));
      expect(error).toMatchObject({ type: 'Validation', field: 'binding_context' });
      expect(error.message).toMatch(message);
    }
    expect(await db.all('SELECT * FROM session_mode_bindings')).toEqual([]);

    const context = { reason: 'chosen by hand', weights: [1, 2.5], nested: { ok: true, no: null } };
    const bound = unwrap(await bindSessionMode(db, id, team, context));
    expect(bound.binding?.binding_context).toEqual(context);
    const raw = await db.get<{ binding_context: string }>(
      'SELECT binding_context FROM session_mode_bindings',
    );
    expect(JSON.parse(raw?.binding_context ?? '')).toEqual(context);
  });
});

describe('the effective mode and its specialist roles', () => {
  it('offers the bound mode’s specialists, or the default’s when unbound', async () => {
    unwrap(await syncModeFiles(db, [roleFile('roles/team.yaml', teamYaml)], { complete: true }));
    const id = await newSession('Specialists');
    const defaults = (await defaultMode(db)).specialist_roles.specialists;
    expect(unwrap(await specialistRolesFor(db, id))).toEqual(defaults);
    expect(unwrap(await effectiveMode(db, id)).fallback).toEqual({
      reason: 'unbound',
      message: 'This session has no mode; using the built-in default mode.',
    });
    unwrap(await bindSessionMode(db, id, (await modeByPath('roles/team.yaml')).mode_id));
    expect(unwrap(await specialistRolesFor(db, id))).toEqual(['lead', 'coder']);
  });

  it('falls back when the bound file turns invalid, naming the first problem', async () => {
    unwrap(await syncModeFiles(db, [roleFile('roles/team.yaml', teamYaml)], { complete: true }));
    const id = await newSession('Invalid');
    unwrap(await bindSessionMode(db, id, (await modeByPath('roles/team.yaml')).mode_id));
    unwrap(await syncModeFiles(db, [roleFile('roles/team.yaml', brokenYaml)], { complete: true }));
    const effective = unwrap(await effectiveMode(db, id));
    expect(effective.bound?.status).toBe('invalid');
    expect(effective.mode.mode_id).toBe(defaultModeId);
    expect(effective.fallback?.reason).toBe('invalid');
    expect(effective.fallback?.message).toMatch(
      /^The mode file roles\/team\.yaml is invalid \(line 3, column 3: .+\); using the built-in default mode\.$/,
    );
    expect(unwrap(await specialistRolesFor(db, id))).toContain('orchestrator');
  });

  it('follows sessions.mode_file when there is no binding row', async () => {
    unwrap(await syncModeFiles(db, [roleFile('roles/team.yaml', teamYaml)], { complete: true }));
    const known = await newSession('Known file');
    const unknown = await newSession('Unknown file');
    await db.run("UPDATE sessions SET mode_file = 'roles/team.yaml' WHERE session_id = ?", [known]);
    await db.run("UPDATE sessions SET mode_file = 'roles/gone.yaml' WHERE session_id = ?", [
      unknown,
    ]);
    expect(unwrap(await effectiveMode(db, known))).toMatchObject({
      binding: null,
      fallback: null,
      mode: { yaml_file_path: 'roles/team.yaml' },
    });
    expect((await modeByPath('roles/team.yaml')).sessions).toEqual([
      { session_id: known, name: 'Known file' },
    ]);
    expect(unwrap(await effectiveMode(db, unknown))).toMatchObject({
      bound: null,
      fallback: {
        reason: 'missing',
        message: 'The mode file roles/gone.yaml is missing; using the built-in default mode.',
      },
    });
  });
});
