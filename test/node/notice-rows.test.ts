/** Live queries patched from the rows a change notice carries, or told to read again. */
import { describe, expect, it } from 'vitest';
import type { ChangeNotice, Session, TaskGroup } from '../../workers/api';
import {
  patchActiveSession,
  patchGroups,
  patchSession,
  patchSessionList,
} from '../../src/data/notice-rows';

const session = (id: string, extra: Partial<Session> = {}): Session =>
  ({
    session_id: id,
    name: id,
    status: 'paused',
    priority_level: 3,
    last_activity_at: '2026-01-01T00:00:00.000Z',
    completed_tasks: 0,
    ...extra,
  }) as Session;
const group = (id: string, extra: Partial<TaskGroup> = {}): TaskGroup =>
  ({
    group_id: id,
    session_id: 's1',
    parent_group_id: null,
    position_in_session: 0,
    completed_tasks: 0,
    ...extra,
  }) as TaskGroup;
const notice = (tables: string[], rows?: ChangeNotice['rows']): ChangeNotice => ({
  tables,
  ids: [],
  ...(rows ? { rows } : {}),
});

describe('patching live queries from notice rows', () => {
  it('updates a session from its row, keeps it when only others changed, reads again otherwise', () => {
    const s1 = session('s1');
    const updated = session('s1', { completed_tasks: 3 });
    expect(patchSession(notice(['tasks', 'sessions'], { sessions: [updated] }), s1)).toBe(updated);
    expect(patchSession(notice(['tasks', 'sessions'], { sessions: [session('s2')] }), s1)).toBe(s1);
    expect(patchSession(notice(['tasks', 'sessions']), s1)).toBeUndefined(); // no rows
    expect(
      patchSession(notice(['sessions', 'active_session'], { sessions: [updated] }), s1),
    ).toBeUndefined();
  });

  it('keeps the active session only while it stays active', () => {
    const active = session('s1', { status: 'active' });
    expect(
      patchActiveSession(
        notice(['sessions'], {
          sessions: [session('s1', { status: 'active', completed_tasks: 1 })],
        }),
        active,
      ),
    ).toMatchObject({ completed_tasks: 1 });
    expect(
      patchActiveSession(
        notice(['sessions'], { sessions: [session('s1', { status: 'paused' })] }),
        active,
      ),
    ).toBeUndefined();
    expect(patchActiveSession(notice(['sessions'], { sessions: [] }), null)).toBeUndefined();
  });

  it('re-sorts the session list and reads again when a status changes', () => {
    const list = [
      session('a', { last_activity_at: '2026-01-02' }),
      session('b', { last_activity_at: '2026-01-01' }),
    ];
    const touched = session('b', { last_activity_at: '2026-01-03' });
    expect(
      patchSessionList(notice(['sessions'], { sessions: [touched] }), list)!.map(
        (s) => s.session_id,
      ),
    ).toEqual(['b', 'a']);
    expect(
      patchSessionList(
        notice(['sessions'], { sessions: [session('b', { status: 'active' })] }),
        list,
      ),
    ).toBeUndefined();
    expect(
      patchSessionList(notice(['sessions'], { sessions: [session('new')] }), list),
    ).toBeUndefined();
  });

  it('updates group counters in place and reads again when a group moves or appears', () => {
    const groups = [group('g1'), group('g2', { position_in_session: 1 })];
    const ticked = group('g2', { position_in_session: 1, completed_tasks: 1 });
    expect(patchGroups(notice(['task_groups'], { task_groups: [ticked] }), groups)).toEqual([
      groups[0],
      ticked,
    ]);
    expect(
      patchGroups(
        notice(['task_groups'], { task_groups: [group('g2', { position_in_session: 0 })] }),
        groups,
      ),
    ).toBeUndefined();
    expect(
      patchGroups(notice(['task_groups'], { task_groups: [group('g3')] }), groups),
    ).toBeUndefined();
    expect(patchGroups(notice(['tasks']), groups)).toBe(groups);
  });
});
