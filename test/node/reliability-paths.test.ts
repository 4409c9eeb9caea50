/**
 * Paths: no id or name — with `..`, `/`, `\`, NUL, very long or reserved — can make the app read
 * or write outside `.task_orchestrator/` (workers/folder/paths.ts, the folder adapter, the API
 * refusing such session ids, and folders with such names found in the project).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  appPathFromString,
  isSafeSegment,
  sessionFilePath,
  type AppPath,
} from '../../workers/folder/paths';
import { FolderError, readFile, writeFile } from '../../workers/folder/fs';
import { createSession } from '../../workers/domain/sessions';
import { createSyncEngine } from '../../workers/sync/engine';
import { openMigratedDb } from './support/memory-db';
import { failure, unwrap } from './support/unwrap';
import { createMemoryFolder } from './support/memory-folder';
import { runs } from './support/reliability';

const hostile = [
  '',
  '.',
  '..',
  '../x',
  '..\\x',
  'a/b',
  'a\\b',
  '/etc/passwd',
  'C:\\Windows',
  'a\0b',
  '\0',
  '.hidden',
  ' ',
  'a b',
  'x'.repeat(129),
  'x'.repeat(10_000),
  'con',
  'CON',
  'nul.txt',
  'com1',
  'LPT9.md',
  'aux',
  'prn.tar.gz',
  'é',
  'a:b',
  'a*b',
  'a?b',
  'a\nb',
  '%2e%2e',
  '\u202Eexe.md',
];

describe('path segments', () => {
  it('refuses every hostile name', () => {
    for (const name of hostile) {
      expect(isSafeSegment(name), JSON.stringify(name)).toBe(false);
      expect(sessionFilePath(name), JSON.stringify(name)).toBeNull();
    }
  });

  it('accepts only names that cannot leave their folder, for any string', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 140 }),
          fc.stringMatching(/^[A-Za-z0-9._\\/-]{0,140}$/),
          fc.constantFrom(...hostile),
        ),
        (name) => {
          if (!isSafeSegment(name)) {
            expect(sessionFilePath(name)).toBeNull();
            return;
          }
          expect(name.length).toBeLessThanOrEqual(128);
          expect(name).not.toMatch(/[/\\\0:]/);
          expect(name.startsWith('.')).toBe(false);
          expect(['con', 'prn', 'aux', 'nul']).not.toContain(name.split('.')[0]!.toLowerCase());
          expect(sessionFilePath(name)).toEqual(['sessions', name, 'session.md']);
        },
      ),
      { numRuns: runs(5000) },
    );
  });

  it('reads stored paths back only when every segment is safe and under a known folder', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...hostile, 'sessions', 'roles', 'ok.md')), {
          maxLength: 5,
        }),
        (segments) => {
          const path = appPathFromString(segments.join('/'));
          if (path === null) return;
          expect(['sessions', 'roles', 'tasks', 'archives', 'exports']).toContain(path[0]);
          expect(path.slice(1).every(isSafeSegment)).toBe(true);
        },
      ),
      { numRuns: runs(3000) },
    );
  });
});

describe('the folder adapter and the API', () => {
  it('refuses to write or read through an unsafe path, and writes nothing', async () => {
    const folder = createMemoryFolder();
    const app = await folder.handle.getDirectoryHandle('.task_orchestrator', { create: true });
    for (const name of hostile) {
      const path = ['sessions', name, 'session.md'] as unknown as AppPath;
      const written = await writeFile(app, path, 'x').catch((e: unknown) => e);
      expect(written, JSON.stringify(name)).toBeInstanceOf(FolderError);
      expect((written as FolderError).type).toBe('Unsafe');
      await expect(readFile(app, path)).rejects.toBeInstanceOf(FolderError);
      const file = ['sessions', 'ok', name] as unknown as AppPath;
      await expect(writeFile(app, file, 'x')).rejects.toBeInstanceOf(FolderError);
    }
    expect(folder.paths()).toEqual([]);
  });

  it('refuses such session ids, never syncs them, and ignores such folders in the project', async () => {
    const db = await openMigratedDb();
    // Ids with anything but letters, digits, `_` and `-` are refused outright; reserved device
    // names (con, aux, com1…) are valid ids but never become folder names (see below).
    const accepted: string[] = [];
    for (const id of hostile) {
      const created = await createSession(db, {
        name: `S ${accepted.length} ${id.length}`,
        session_id: id,
        activate: false,
      });
      if (created.ok) accepted.push(id);
      else expect(failure(created)).toMatchObject({ type: 'Validation', field: 'session_id' });
    }
    expect(accepted).toEqual(['con', 'CON', 'com1', 'aux']);
    const folder = createMemoryFolder();
    // Folders a cloned repository might hold, next to a real one.
    for (const name of ['con', 'x'.repeat(200), '.hidden', 'a b', 'nul.md'])
      folder.write(`.task_orchestrator/sessions/${name}/session.md`, '# Sneaky\n\n- [ ] t\n');
    folder.write('.task_orchestrator/sessions/session_real/session.md', '# Real\n\n- [ ] t\n');
    const engine = createSyncEngine(db, { background: (job) => job(), pollMs: 1e9 });
    const attached = unwrap(await engine.attach(folder.handle));
    engine.detach();
    expect(attached.imported).toEqual(['session_real']);
    for (const id of hostile) {
      const result = await engine.syncSession(id);
      expect(result.ok).toBe(false);
    }
    unwrap(await engine.attach(folder.handle));
    for (const id of hostile) {
      const result = await engine.syncSession(id);
      expect(result.ok || result.error).toMatchObject({ type: 'Validation' });
    }
    engine.detach();
    // Everything the app wrote is under .task_orchestrator/, in its own folders.
    const paths = folder.paths();
    expect(paths.every((p) => p.startsWith('.task_orchestrator/'))).toBe(true);
    expect(
      paths.filter(
        (p) => !/^\.task_orchestrator\/sessions\/(con|x{200}|\.hidden|a b|nul\.md)\//.test(p),
      ),
    ).toEqual([
      '.task_orchestrator/roles/default_roles.yaml',
      '.task_orchestrator/sessions/session_real/session.md',
    ]);
  });
});
