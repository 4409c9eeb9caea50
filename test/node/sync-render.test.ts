/** Rendering session docs to session.md: layout, determinism, encoding, speed. */
import { describe, expect, it } from 'vitest';
import { renderSessionMarkdown } from '../../core/session-md/render';
import { parseSessionMarkdown } from '../../core/session-md/parse';
import { sessionDocFromRows } from '../../core/session-md/session-doc';
import { doc, group, largeDoc, sampleDoc, sessionDocCanonical, task } from './sync-fixtures';

const expectedSample = `# Ship the sync codec

- **Id:** session_ab12cd34
- **Status:** active
- **Priority:** 2 (high)
- **Mode:** default_roles.yaml
- **Progress:** 1/6 tasks completed (17%)
- **Effort:** 2h estimated · 1.5h actual

## Overview

Render, parse and merge session.md.

## Tasks

- [ ] Triage inbox <!-- id:task_loose -->

### Backend \`@backend\` <!-- id:group_backend -->

- [ ] Write the parser \`in progress\` \`@backend\` \`est:2h\` \`actual:1.5h\` \`due:2026-12-10\` <!-- id:task_parser -->
  > Line based.
  > Never throws.
  - [x] Parser tests \`depends:task_parser\` <!-- id:task_tests -->
- [ ] Write the renderer \`complexity:complex\` \`related:task_parser\` <!-- id:task_render -->

#### Database <!-- id:group_db -->

> Schema and queries.
>
> Keep migrations forward only.

- [ ] Schema \`blocked\` <!-- id:task_schema -->

### Docs <!-- id:group_docs -->

- [ ] Write the format doc <!-- id:task_readme -->

## Notes

Remember: ids are stable.

- a plain list in the notes

## Change log

- 2026-11-25 17:00 — session created
`;

describe('renderSessionMarkdown', () => {
  it('writes the documented layout', () => {
    expect(renderSessionMarkdown(sessionDocCanonical(sampleDoc()))).toBe(expectedSample);
  });

  it('is deterministic: row order and sparse database positions do not matter', () => {
    const d = sampleDoc();
    const shuffled = {
      ...d,
      groups: [...d.groups].reverse(),
      tasks: [...d.tasks]
        .reverse()
        .map((t) => ({ ...t, position_in_group: t.position_in_group * 10 + 5 })),
    };
    const a = renderSessionMarkdown(sessionDocFromRows(d));
    const b = renderSessionMarkdown(sessionDocFromRows(shuffled));
    expect(b).toBe(a);
    expect(a).toBe(expectedSample);
  });

  it('keeps CRLF line endings and a BOM when asked', () => {
    const text = renderSessionMarkdown(sampleDoc(), { lineEnding: '\r\n', bom: true });
    expect(text.startsWith('\uFEFF# Ship')).toBe(true);
    expect(text.split('\r\n').join('\n')).toBe('\uFEFF' + expectedSample);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('leaves temporary ids out, so the next parse gives the task a new one', () => {
    const text = renderSessionMarkdown(doc({ tasks: [task('~new-task-7', { title: 'Fresh' })] }));
    expect(text).toContain('\n- [ ] Fresh\n');
    expect(text).not.toContain('~new-');
  });

  it('guards titles that end like a tag or an id comment, and keeps them exact', () => {
    const titles = [
      'Rename `est:2h`',
      'Mention <!-- id:task_x -->',
      '`blocked`',
      'Ends with <!---->',
    ];
    const d = doc({
      tasks: titles.map((title, i) => task(`t${i}`, { title, position_in_group: i })),
    });
    const text = renderSessionMarkdown(d);
    expect(text).toContain('- [ ] Rename `est:2h` <!----> <!-- id:t0 -->');
    const parsed = parseSessionMarkdown(text);
    expect(parsed.doc.tasks.map((t) => t.title)).toEqual(titles);
    expect(parsed.doc.tasks.map((t) => t.estimated_effort)).toEqual([null, null, null, null]);
  });

  it('writes a specialist with a backtick in a longer code span', () => {
    const text = renderSessionMarkdown(doc({ tasks: [task('t1', { specialist_type: 'a`b' })] }));
    expect(text).toContain('- [ ] Task t1 `` @a`b `` <!-- id:t1 -->');
    expect(parseSessionMarkdown(text).doc.tasks[0]?.specialist_type).toBe('a`b');
  });

  it('nests groups by heading level and names the parent once headings run out', () => {
    const groups = Array.from({ length: 6 }, (_, i) =>
      group(`g${i}`, { group_name: `Level ${i}`, parent_group_id: i === 0 ? null : `g${i - 1}` }),
    );
    const text = renderSessionMarkdown(doc({ groups }));
    expect(text).toContain('\n### Level 0 <!-- id:g0 -->\n');
    expect(text).toContain('\n###### Level 3 <!-- id:g3 -->\n');
    expect(text).toContain('\n###### Level 4 `parent:g3` <!-- id:g4 -->\n');
    expect(text).toContain('\n###### Level 5 `parent:g4` <!-- id:g5 -->\n');
    expect(parseSessionMarkdown(text).doc.groups).toEqual(groups);
  });

  it('renders rows with broken links once each, without looping', () => {
    const d = doc({
      groups: [group('ga', { parent_group_id: 'gb' }), group('gb', { parent_group_id: 'ga' })],
      tasks: [
        task('t1', { parent_task_id: 't2' }),
        task('t2', { parent_task_id: 't1' }),
        task('t3', { parent_task_id: 'missing' }),
        task('t4', { task_group: 'no_such_group' }),
      ],
    });
    const text = renderSessionMarkdown(d);
    for (const id of ['ga', 'gb', 't1', 't2', 't3', 't4']) {
      expect(text.split(`<!-- id:${id} -->`).length).toBe(2);
    }
  });

  it('puts text kept from the file back after its task, group or section', () => {
    const d = doc({
      groups: [group('g1')],
      tasks: [
        task('t1', { task_group: 'g1' }),
        task('t2', { task_group: 'g1', position_in_group: 1 }),
      ],
      extras: [
        { anchor: 'section:preamble', lines: ['<!-- generated -->'] },
        { anchor: 'group:g1', lines: ['**Deadline**: Friday'] },
        { anchor: 'task:t1', lines: ['  - a plain sub-bullet'] },
        { anchor: 'task:t2', lines: ['A paragraph after the list.'] },
        { anchor: 'task:gone', lines: ['Orphaned text'] },
      ],
    });
    const text = renderSessionMarkdown(d);
    expect(text.startsWith('<!-- generated -->\n\n# Ship')).toBe(true);
    expect(text).toContain(
      '### Group g1 <!-- id:g1 -->\n\n**Deadline**: Friday\n\n- [ ] Task t1 <!-- id:t1 -->\n  - a plain sub-bullet\n- [ ] Task t2 <!-- id:t2 -->\n\nA paragraph after the list.\n\nOrphaned text\n\n## Notes',
    );
  });

  it('shows status only when the checkbox does not say it, and defaults not at all', () => {
    const statuses = ['pending', 'completed', 'in_progress', 'blocked', 'cancelled'] as const;
    const d = doc({
      tasks: statuses.map((status, i) => task(`t${i}`, { status, position_in_group: i })),
    });
    const lines = renderSessionMarkdown(d)
      .split('\n')
      .filter((l) => l.includes('<!-- id:t'));
    expect(lines).toEqual([
      '- [ ] Task t0 <!-- id:t0 -->',
      '- [x] Task t1 <!-- id:t1 -->',
      '- [ ] Task t2 `in progress` <!-- id:t2 -->',
      '- [ ] Task t3 `blocked` <!-- id:t3 -->',
      '- [ ] Task t4 `cancelled` <!-- id:t4 -->',
    ]);
  });

  it('omits the Mode line when the session has no mode', () => {
    const d = doc();
    d.session.mode_file = null;
    expect(renderSessionMarkdown(d)).not.toContain('**Mode:**');
  });

  it('renders 10,000 tasks (time logged; npm run bench measures it)', () => {
    const big = largeDoc(10_000);
    renderSessionMarkdown(big); // warm up the JIT
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      renderSessionMarkdown(big);
      times.push(performance.now() - start);
    }
    const median = times.sort((a, b) => a - b)[2]!;
    console.log(`render 10,000 tasks: median ${median.toFixed(1)} ms`);
    expect(renderSessionMarkdown(big)).toBe(renderSessionMarkdown(big));
  });
});
