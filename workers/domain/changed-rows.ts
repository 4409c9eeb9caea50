/**
 * The rows a change notice carries: the changed sessions, groups and tasks (as tree rows) as
 * they are after the commit, when few changed, so views update without reading again.
 */
import type { Session, TaskGroup } from '../../core/model';
import type { Db } from '../db/sqlite';
import { type TreeRow, treeRowsByRowid } from './tree-rows';

export interface ChangedRows {
  sessions?: Session[];
  task_groups?: TaskGroup[];
  tasks?: TreeRow[];
}

/** The tables whose changed rows can travel with a notice. */
export const tablesWithRows = ['sessions', 'task_groups', 'tasks'] as const;

/** At most this many changed rows of a table travel with a notice. */
const rowsInNotice = 50;

/**
 * The rows with these rowids, by table. A table is left out when too many of its rows changed
 * or one of them was deleted (a deleted row cannot travel): the views read again.
 */
export async function changedRows(
  db: Db,
  rowids: ReadonlyMap<string, ReadonlySet<number>>,
): Promise<ChangedRows> {
  const rows: ChangedRows = {};
  const taskIds = rowids.get('tasks');
  if (taskIds && taskIds.size <= rowsInNotice) {
    const found = await treeRowsByRowid(db, [...taskIds]);
    if (found.length === taskIds.size) rows.tasks = found;
  }
  for (const table of ['sessions', 'task_groups'] as const) {
    const ids = rowids.get(table);
    if (!ids || ids.size > rowsInNotice) continue;
    const found = await db.all<never>(
      `SELECT * FROM ${table} WHERE rowid IN (SELECT value FROM json_each(?))`,
      [JSON.stringify([...ids])],
    );
    if (found.length === ids.size) rows[table] = found;
  }
  return rows;
}
