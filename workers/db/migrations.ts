/**
 * The migration files, bundled at build time from `migrations/NNNN_name.sql` (Vite's glob
 * import; Vitest resolves it the same way in Node tests).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const files = import.meta.glob<string>('../../migrations/*.sql', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Parses file names into ordered migrations and insists on 1, 2, 3… with no gap. */
export function migrationsFromFiles(byPath: Record<string, string>): Migration[] {
  const migrations = Object.entries(byPath).map(([path, sql]) => {
    const match = /(\d{4})_([a-z0-9_]+)\.sql$/.exec(path);
    if (!match) throw new Error(`Migration file name must be NNNN_snake_name.sql: ${path}`);
    return { version: Number(match[1]), name: match[2] as string, sql };
  });
  migrations.sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migrations must be numbered 0001, 0002, … without gaps: ${migration.name}`);
    }
  });
  return migrations;
}

export const migrations: Migration[] = migrationsFromFiles(files);

/** The schema version this build of the app writes. */
export const latestVersion = migrations.length;
