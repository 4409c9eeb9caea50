/** Dashboard due counts: overdue, due today, due within the week; closed tasks never count. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../workers/db/sqlite';
import { createSession } from '../../workers/domain/sessions';
import { createTask } from '../../workers/domain/tasks';
import { dueCounts } from '../../workers/domain/due-dates';
import { openMigratedDb } from './support/memory-db';
import { failure, unwrap } from './support/unwrap';

let db: Db;
let sid: string;
beforeEach(async () => {
  db = await openMigratedDb();
  sid = unwrap(await createSession(db, { name: 'Plan' })).session_id;
});

const add = async (
  due_date: string | null,
  status: 'pending' | 'completed' | 'cancelled' | 'blocked' = 'pending',
) => unwrap(await createTask(db, { session_id: sid, title: `T ${due_date}`, due_date, status }));

describe('dueCounts', () => {
  it('counts open tasks overdue, due today and due within seven days', async () => {
    await add('2026-12-01'); // overdue
    await add('2026-12-09', 'blocked'); // overdue, still open
    await add('2026-12-09', 'completed'); // done: never overdue
    await add('2026-12-08', 'cancelled');
    await add('2026-12-10'); // today
    await add('2026-12-16'); // six days ahead: this week
    await add('2026-12-17'); // seven days ahead: next week
    await add(null);
    const other = unwrap(await createSession(db, { name: 'Other', activate: false })).session_id;
    await createTask(db, { session_id: other, title: 'Elsewhere', due_date: '2026-11-01' });

    expect(unwrap(await dueCounts(db, sid, '2026-12-10'))).toEqual({
      overdue: 2,
      due_today: 1,
      due_this_week: 2,
      next_due: '2026-12-10',
    });
    // The year turns: the week ahead crosses into January.
    expect(unwrap(await dueCounts(db, sid, '2026-12-31'))).toMatchObject({
      overdue: 5,
      due_this_week: 0,
      next_due: null,
    });
  });

  it('refuses a day that is not a date and a session that does not exist', async () => {
    expect(failure(await dueCounts(db, sid, 'today'))).toMatchObject({ field: 'today' });
    expect(failure(await dueCounts(db, 'session_nope', '2026-12-10'))).toMatchObject({
      type: 'NotFound',
    });
  });
});
