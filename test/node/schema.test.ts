/**
 * The schema guard. (1) When database-design.md is beside the repo, its own SQL is run in a
 * scratch database and every table, column (type, default, NOT NULL, key), foreign key (with
 * ON DELETE), CHECK, UNIQUE and index is compared with the migrated schema. (2) Always: the
 * migrated schema matches test/node/schema-snapshot.json; if you changed the schema on
 * purpose (a new migration), refresh it with UPDATE_SCHEMA_SNAPSHOT=1 and review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../workers/db/sqlite';
import { openMemoryDb, openMigratedDb } from './support/memory-db';

const specPath = new URL('../../../shared/spec/database-design.md', import.meta.url);
const snapshotPath = new URL('./schema-snapshot.json', import.meta.url);

/**
 * Columns later migrations append to the seed's tables, with their SQL as stored (ALTER TABLE
 * … ADD COLUMN puts them after the seed's last column, before its constraints).
 */
const appendedColumns: Record<string, { name: string; sql: string }[]> = {
  tasks: [
    { name: 'due_date', sql: 'due_date TEXT' },
    { name: 'scheduled_date', sql: 'scheduled_date TEXT' },
  ],
};

/** A migrated table's shape without the appended columns: the seed's table as it was. */
function withoutAppended(table: string, shape: Awaited<ReturnType<typeof describeTable>>) {
  const appended = appendedColumns[table] ?? [];
  const names = new Set(appended.map((c) => c.name));
  const suffix = appended.map((c) => `,${c.sql}`).join('');
  expect(shape.sql, `${table} has its appended columns`).toContain(suffix);
  return {
    ...shape,
    columns: shape.columns.filter((c) => !names.has((c as { name: string }).name)),
    sql: shape.sql.replace(suffix, ''),
  };
}

/** Table shapes as SQLite reports them, comparable across databases. */
async function describeTable(db: Db, table: string) {
  const sql = (await db.get<{ sql: string }>(
    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
    [table],
  ))!.sql;
  return {
    columns: await db.all(
      `SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid`,
      [table],
    ),
    foreignKeys: await db.all(
      `SELECT "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq`,
      [table],
    ),
    // CHECK and UNIQUE live in the table's SQL: compare it without comments and spacing.
    sql: sql
      .replace(/--[^\n]*/g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([(),])\s*/g, '$1')
      .trim(),
    indexes: await db.all(
      `SELECT il.name, il."unique", il.origin, il.partial,
         (SELECT group_concat(name, ',') FROM pragma_index_info(il.name)) AS columns
       FROM pragma_index_list(?) il ORDER BY il.name`,
      [table],
    ),
  };
}

async function describeSchema(db: Db) {
  const tables = await db.all<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  const triggers = await db.all<{ name: string; tbl_name: string }>(
    "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
  );
  const shape: Record<string, unknown> = {};
  for (const { name } of tables) shape[name] = await describeTable(db, name);
  return { tables: shape, triggers };
}

describe('schema', () => {
  it.runIf(existsSync(specPath))('holds every element of database-design.md', async () => {
    const spec = readFileSync(specPath, 'utf8');
    const statements = [...spec.matchAll(/CREATE (?:TABLE|INDEX)[\s\S]*?;/g)].map((m) => m[0]);
    expect(statements.filter((s) => s.startsWith('CREATE TABLE'))).toHaveLength(7);
    expect(statements.filter((s) => s.startsWith('CREATE INDEX'))).toHaveLength(12);
    const reference = await openMemoryDb();
    for (const statement of statements) await reference.exec(statement);
    const ours = await openMigratedDb();
    const tables = await reference.all<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table'",
    );
    for (const { name } of tables) {
      const expected = await describeTable(reference, name);
      const actual = withoutAppended(name, await describeTable(ours, name));
      expect(actual.columns, `${name} columns`).toEqual(expected.columns);
      expect(actual.foreignKeys, `${name} foreign keys`).toEqual(expected.foreignKeys);
      expect(actual.sql, `${name} CHECK/UNIQUE`).toEqual(expected.sql);
      // Later migrations may add indexes; every index of the spec must be there as written.
      for (const index of expected.indexes)
        expect(actual.indexes, `${name} indexes`).toContainEqual(index);
    }
  });

  it('matches the checked-in snapshot', async () => {
    const actual = await describeSchema(await openMigratedDb());
    if (process.env.UPDATE_SCHEMA_SNAPSHOT || !existsSync(snapshotPath)) {
      writeFileSync(snapshotPath, `${JSON.stringify(actual, null, 2)}\n`);
    }
    const expected: unknown = JSON.parse(readFileSync(snapshotPath, 'utf8'));
    expect(
      actual,
      'The schema changed: if a new migration meant it, refresh schema-snapshot.json',
    ).toEqual(expected);
  });
});
