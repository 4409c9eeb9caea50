/**
 * Modes from the project folder, through the real worker: role files placed in
 * `.task_orchestrator/roles/` appear as modes, an edit changes the hash and the roles, and a
 * deleted file makes a bound session fall back to the default mode with a message.
 */
import { describe, expect, it } from 'vitest';
import {
  freshDbName,
  freshProjectFolder,
  openClient,
  readText,
  unwrap,
  waitFor,
  writeText,
} from './support';

const roleFile = (roles: string[]) =>
  roles
    .map(
      (name) => `${name}:
  role_definition: "You are the ${name}."
  expertise:
    - "Planning"
  approach:
    - "Work in small steps"
  output_format: "A short list"
`,
    )
    .join('\n');

describe('modes from the project folder', () => {
  it('reads role files, follows edits, and falls back when a bound file is deleted', async () => {
    const { api } = openClient(freshDbName());
    const folder = await freshProjectFolder();
    await writeText(folder, '.task_orchestrator/roles/team.yaml', roleFile(['planner', 'builder']));
    await writeText(
      folder,
      '.task_orchestrator/roles/broken.yml',
      'planner:\n  role_definition: [unclosed\n',
    );
    const session = unwrap(await api.createSession({ name: 'Mode user' }));
    unwrap(await api.openFolder(folder));

    const modes = unwrap(await api.listModes());
    const team = modes.find((m) => m.yaml_file_path === 'roles/team.yaml')!;
    expect(team).toMatchObject({ status: 'valid', mode_name: 'team' });
    expect(team.specialist_roles.specialists).toEqual(['planner', 'builder']);
    const broken = modes.find((m) => m.yaml_file_path === 'roles/broken.yml')!;
    expect(broken.status).toBe('invalid');
    expect(broken.validation_errors[0]).toMatchObject({ severity: 'error', line: 3 });
    // The folder had a role file, so no default_roles.yaml was written into it.
    expect(modes.some((m) => m.yaml_file_path === 'roles/default_roles.yaml')).toBe(false);

    unwrap(await api.bindSessionMode(session.session_id, team.mode_id));
    expect(unwrap(await api.specialistRoles(session.session_id))).toEqual(['planner', 'builder']);

    // An edit: new hash, new roles.
    await writeText(
      folder,
      '.task_orchestrator/roles/team.yaml',
      roleFile(['planner', 'builder', 'reviewer']),
    );
    unwrap(await api.checkFolder());
    const edited = await waitFor(
      async () => unwrap(await api.listModes()).find((m) => m.mode_id === team.mode_id)!,
      (m) => m.yaml_content_hash !== team.yaml_content_hash,
      'the new hash',
    );
    expect(edited.specialist_roles.specialists).toEqual(['planner', 'builder', 'reviewer']);

    // Deleted: the session falls back to the built-in default and says so.
    const roles = await (
      await folder.getDirectoryHandle('.task_orchestrator')
    ).getDirectoryHandle('roles');
    await roles.removeEntry('team.yaml');
    unwrap(await api.checkFolder());
    const effective = await waitFor(
      async () => unwrap(await api.effectiveMode(session.session_id)),
      (e) => e.fallback !== null,
      'the fallback',
    );
    expect(effective.fallback).toMatchObject({ reason: 'missing' });
    expect(effective.fallback!.message).toMatch(
      /roles\/team\.yaml is missing; using the built-in default mode/,
    );
    expect(effective.mode.status).toBe('builtin');
  });
});

describe('one folder, two browsers', () => {
  it('ends with the same sessions in both', async () => {
    const folder = await freshProjectFolder();
    const first = openClient(freshDbName());
    const second = openClient(freshDbName());
    const a = unwrap(await first.api.createSession({ name: 'From the first' }));
    unwrap(await first.api.createTask({ session_id: a.session_id, title: 'Shared task' }));
    unwrap(await first.api.openFolder(folder));
    const b = unwrap(await second.api.createSession({ name: 'From the second' }));
    unwrap(await second.api.openFolder(folder)); // brings in the first's session, writes its own
    unwrap(await first.api.checkFolder()); // brings in the second's session

    const names = async (client: typeof first) =>
      unwrap(await client.api.listSessions({ includeArchived: true }))
        .map((s) => s.name)
        .sort();
    await waitFor(
      () => names(first),
      (n) => n.length === 2,
      'both sessions in the first',
    );
    expect(await names(first)).toEqual(['From the first', 'From the second']);
    expect(await names(second)).toEqual(['From the first', 'From the second']);
    const titles = unwrap(await second.api.listTasks(a.session_id)).map((t) => t.title);
    expect(titles).toEqual(['Shared task']);
    expect(unwrap(await first.api.getSession(b.session_id)).name).toBe('From the second');
    // The two copies settle: the shared file stops changing (no rewrite ping-pong).
    const path = `.task_orchestrator/sessions/${a.session_id}/session.md`;
    await new Promise((r) => setTimeout(r, 2500));
    const settled = await readText(folder, path);
    await new Promise((r) => setTimeout(r, 2500));
    expect(await readText(folder, path)).toBe(settled);
  });
});
