/**
 * Shared pieces of the reliability tests in Node: how many cases to run (scaled up by
 * `npm run soak`), a fingerprint of the database's content, and hostile text fragments.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../../workers/db/sqlite';

/** `RELIABILITY_SCALE` multiplies every case count (npm run soak sets it). */
export const scale = Math.max(1, Number(process.env.RELIABILITY_SCALE ?? '1') || 1);
export const runs = (base: number) => Math.round(base * scale);

/** A hash of every row of every table (FTS shadow tables included): equal means untouched. */
export async function fingerprint(db: Db, tables?: string[]): Promise<string> {
  const names =
    tables ??
    (
      await db.all<{ name: string }>(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
    ).map((row) => row.name);
  const hash = createHash('sha256');
  for (const name of names) {
    hash.update(`\n#${name}\n`);
    const rows = await db.all(`SELECT * FROM "${name.replaceAll('"', '""')}"`);
    const lines = rows.map((row) =>
      JSON.stringify(row, (_k, v: unknown) =>
        v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v,
      ),
    );
    for (const line of lines.sort()) hash.update(line);
  }
  return hash.digest('hex');
}

/** Text that has broken parsers, renderers and HTML before. */
export const hostileFragments = [
  '',
  ' ',
  '\t',
  '\0',
  '\u0000\u0001\u001f',
  '\uFEFF',
  '\u202E',
  '\uD800',
  '\uDFFF',
  '\r',
  '\r\n',
  '\n\n\n',
  '- [ ] ',
  '- [x] ',
  '- [X] ',
  '- [-] ',
  '- [ ]',
  '* [ ] star item',
  '1. [ ] numbered',
  '  - [ ] nested',
  '        - [ ] deep',
  '#',
  '# Title',
  '## Tasks',
  '## Overview',
  '## Notes',
  '## Change log',
  '### Group',
  '#### Sub group',
  '####### too deep',
  '- **Id:** session_other',
  '- **Status:** archived',
  '- **Status:** nonsense',
  '- **Priority:** 99',
  '- **Mode:** ../../etc/passwd',
  '<!-- id:task_x -->',
  '<!-- id:../../x -->',
  '<!-- id:task_victim -->',
  '<!-- id:group_victim -->',
  '<!-- id:~new-1 -->',
  '<!---->',
  '<!--',
  '-->',
  '`in progress`',
  '`done`',
  '`@qa`',
  '`est:1e308h`',
  '`est:-5h`',
  '`actual:NaNh`',
  '`depends:task_victim`',
  '`depends:task_a,task_a`',
  '`related:task_victim`',
  '`complexity:galactic`',
  '``',
  '`',
  '```',
  '~~~',
  '```js',
  '> quote',
  '>',
  '<<<<<<< HEAD',
  '=======',
  '>>>>>>> theirs',
  '|||||||',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[link](javascript:alert(1))',
  '![img](http://evil.example/x.png)',
  '\\',
  '../../..',
  'a'.repeat(300),
  'é🎉中文',
  '"\'`${}',
];
