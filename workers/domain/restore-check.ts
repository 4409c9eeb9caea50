/**
 * The rows of a backup, checked as an import checks a session export before anything is
 * copied: every column of the exported tables by its rule (ids in the safe alphabet, statuses
 * in their lifecycle, numbers in range, text of bounded size — export-json-schema.ts), no
 * binary values anywhere, and parent chains of tasks and groups no deeper than the app
 * allows. Dangling links and loops are left to cleanup, which repairs them after the copy.
 */
import { maxNestingDepth } from '../../core/model';
import type { Db, Row } from '../db/sqlite';
import { type ExportTable, checkRow, exportTables } from './export-json-schema';

/** Rows are read a page at a time, so a big backup is never in memory whole. */
const pageSize = 2_000;

const quotedName = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function* pages(db: Db, table: string, columns: string[]): AsyncGenerator<Row[]> {
  const list = columns.map(quotedName).join(', ');
  let after = -Infinity;
  for (;;) {
    const rows = await db.all<Row & { _rowid: number }>(
      `SELECT rowid AS _rowid, ${list} FROM ${quotedName(table)} WHERE rowid > ? ORDER BY rowid LIMIT ${pageSize}`,
      [after === -Infinity ? Number.MIN_SAFE_INTEGER : after],
    );
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!._rowid;
    yield rows;
  }
}

async function columnsOf(db: Db, table: string): Promise<string[]> {
  return (await db.all<{ name: string }>('SELECT name FROM pragma_table_info(?)', [table])).map(
    (c) => c.name,
  );
}

/** The first column of `table` holding a binary value, or null. */
async function binaryColumn(db: Db, table: string): Promise<string | null> {
  for (const column of await columnsOf(db, table)) {
    const found = await db.get(
      `SELECT 1 FROM ${quotedName(table)} WHERE typeof(${quotedName(column)}) = 'blob' LIMIT 1`,
    );
    if (found) return column;
  }
  return null;
}

/**
 * Dependency lists are JSON (the database's own guard) but may name gone tasks or be of an
 * older shape: cleanup repairs them after the copy, as it does for any database.
 */
const repairedByCleanup = new Set(['depends_on', 'blocks', 'related_tasks']);

/** Checks every row of an exported table by the import's rules. */
async function checkTable(db: Db, table: ExportTable): Promise<string | null> {
  const spec: Record<string, unknown> = exportTables[table];
  const present = new Set(await columnsOf(db, table));
  const columns = Object.keys(spec).filter(
    (column) => present.has(column) && !repairedByCleanup.has(column),
  );
  let index = 0;
  for await (const rows of pages(db, table, columns)) {
    for (const raw of rows) {
      const row: Row = {};
      for (const column of columns) row[column] = raw[column] as Row[string];
      const checked = checkRow(table, `${table}[${index}]`, row);
      if (!checked.ok) return checked.message;
      index++;
    }
  }
  return null;
}

/** The first row whose parent chain is deeper than allowed (or null); loops are not counted. */
function tooDeep(parentOf: Map<string, string | null>): string | null {
  const depth = new Map<string, number>();
  for (const start of parentOf.keys()) {
    const chain: string[] = [];
    const onChain = new Set<string>();
    let id: string | null | undefined = start;
    let base = 0;
    while (id !== null && id !== undefined && parentOf.has(id)) {
      const known = depth.get(id);
      if (known !== undefined) {
        base = known + 1;
        break;
      }
      if (onChain.has(id)) break; // a loop: cleanup makes its members top-level
      onChain.add(id);
      chain.push(id);
      id = parentOf.get(id);
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const level = base + (chain.length - 1 - i);
      if (level >= maxNestingDepth) return chain[i]!;
      depth.set(chain[i]!, level);
    }
  }
  return null;
}

async function nestingProblem(db: Db): Promise<string | null> {
  const tasks = new Map<string, string | null>();
  for await (const rows of pages(db, 'tasks', ['task_id', 'parent_task_id'])) {
    for (const row of rows) tasks.set(row.task_id as string, row.parent_task_id as string | null);
  }
  const task = tooDeep(tasks);
  if (task) {
    return `Task "${task}" is nested more than ${maxNestingDepth} levels deep; the app allows ${maxNestingDepth}.`;
  }
  const groups = new Map<string, string | null>();
  for await (const rows of pages(db, 'task_groups', ['group_id', 'parent_group_id'])) {
    for (const row of rows)
      groups.set(row.group_id as string, row.parent_group_id as string | null);
  }
  const group = tooDeep(groups);
  return group
    ? `Group "${group}" is nested more than ${maxNestingDepth} levels deep; the app allows ${maxNestingDepth}.`
    : null;
}

/**
 * Checks the rows of a migrated backup (`db`, at the app's schema) before they are copied.
 * Returns null when they may be restored, else what is wrong, for people.
 */
export async function checkBackupRows(db: Db, tables: readonly string[]): Promise<string | null> {
  for (const table of tables) {
    const column = await binaryColumn(db, table);
    if (column) return `${table}.${column} holds binary data where the app keeps text or numbers.`;
  }
  for (const table of Object.keys(exportTables) as ExportTable[]) {
    if (!tables.includes(table)) continue;
    const problem = await checkTable(db, table);
    if (problem) return problem;
  }
  return nestingProblem(db);
}
