/** Properties of the session.md codec: render and parse are inverse, stable and line-local. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSessionMarkdown } from '../../core/session-md/parse';
import { renderSessionMarkdown } from '../../core/session-md/render';
import type { SessionDoc, TaskDoc } from '../../core/session-md/session-doc';
import { complexityLevels, taskStatuses } from '../../core/model';
import { byId, docArb } from './sync-fixtures';

const runs = { numRuns: 200 };

/** Lines of `after` that differ from `before`, assuming equal line counts. */
const changedLines = (before: string, after: string): string[] => {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b.length).toBe(a.length);
  return b.filter((line, i) => line !== a[i]);
};

describe('session.md round trip (properties)', () => {
  it('render → parse gives back the same doc, with no problems', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const parsed = parseSessionMarkdown(renderSessionMarkdown(doc));
        expect(parsed.problems).toEqual([]);
        expect(byId(parsed.doc)).toEqual(byId(doc));
      }),
      runs,
    );
  });

  it('parse → render of a rendered file is byte-identical, in every line ending and BOM', () => {
    fc.assert(
      fc.property(
        docArb,
        fc.constantFrom('\n' as const, '\r\n' as const),
        fc.boolean(),
        (doc, lineEnding, bom) => {
          const text = renderSessionMarkdown(doc, { lineEnding, bom });
          const parsed = parseSessionMarkdown(text);
          expect(parsed.format).toEqual({ lineEnding, bom });
          expect(renderSessionMarkdown(parsed.doc, parsed.format)).toBe(text);
        },
      ),
      runs,
    );
  });

  it('changing one field of one task changes only that task line (and the header figures)', () => {
    const edits: Array<(t: TaskDoc) => Partial<TaskDoc>> = [
      (t) => ({ title: `${t.title} edited`.trim() }),
      (t) => ({
        status: taskStatuses[(taskStatuses.indexOf(t.status) + 1) % taskStatuses.length]!,
      }),
      (t) => ({ specialist_type: t.specialist_type === 'qa' ? null : 'qa' }),
      (t) => ({ estimated_effort: (t.estimated_effort ?? 0) + 1 }),
      (t) => ({ actual_effort: t.actual_effort == null ? 3 : null }),
      (t) => ({ due_date: t.due_date === '2027-01-31' ? null : '2027-01-31' }),
      (t) => ({ scheduled_date: t.scheduled_date == null ? '2026-02-28' : null }),
      (t) => ({
        complexity_level:
          complexityLevels[
            (complexityLevels.indexOf(t.complexity_level) + 1) % complexityLevels.length
          ]!,
      }),
      (t) => ({ depends_on: [...t.depends_on, 't_other'] }),
      (t) => ({ related_tasks: t.related_tasks.length > 0 ? [] : ['t_other'] }),
    ];
    fc.assert(
      fc.property(
        docArb.filter((d) => d.tasks.length > 0),
        fc.nat(),
        fc.nat({ max: edits.length - 1 }),
        (doc, pick, editIndex) => {
          const index = pick % doc.tasks.length;
          const target = doc.tasks[index]!;
          const edited: SessionDoc = structuredClone(doc);
          Object.assign(edited.tasks[index]!, edits[editIndex]!(target));
          const changed = changedLines(renderSessionMarkdown(doc), renderSessionMarkdown(edited));
          const others = changed.filter(
            (line) =>
              !line.endsWith(`<!-- id:${target.task_id} -->`) &&
              !line.startsWith('- **Progress:**') &&
              !line.startsWith('- **Effort:**'),
          );
          expect(others).toEqual([]);
          expect(changed.length).toBeGreaterThan(0);
        },
      ),
      runs,
    );
  });

  it('any text parses without throwing, and normalizes in one step (render∘parse is idempotent)', () => {
    const markdownish = fc
      .array(
        fc.oneof(
          fc.constantFrom(
            '# Title',
            '## Tasks',
            '## Notes',
            '## Overview',
            '## Change log',
            '### Group <!-- id:g1 -->',
            '#### Sub',
            '- [ ] task',
            '- [x] done <!-- id:t1 -->',
            '  - [ ] child <!-- id:t2 -->',
            '    * [X] grandchild',
            '+ [ ] plus',
            '- [] broken <!-- id:t3 -->',
            '- plain bullet',
            '  > quoted',
            '> quote',
            '```',
            '~~~',
            'text line',
            '- **Status:** paused',
            '- **Priority:** high',
            '',
            '',
            '<<<<<<< HEAD',
            '=======',
            '>>>>>>> branch',
            '\t- [ ] tabbed `est:2h` `@dev`',
            '- [ ] `blocked` <!---->',
            '## Tasks <!---->',
            '## Random heading',
            '# Another title',
            '###### Deep `parent:g1` <!-- id:g9 -->',
            '- [ ] dup <!-- id:t1 -->',
            '```js',
            '- Mode: x',
            '- **Mode:** `roles.yaml`',
            '1. [ ] ordered',
            '    > deep quote',
            '- <!----> [ ] entry',
          ),
          fc.string({ maxLength: 20 }),
        ),
        { maxLength: 30 },
      )
      .map((lines) => lines.join('\n'));
    fc.assert(
      fc.property(markdownish, (text) => {
        const first = parseSessionMarkdown(text);
        expect(first.problems.filter((p) => p.type === 'ParserFailure')).toEqual([]);
        const once = renderSessionMarkdown(first.doc, first.format);
        const twice = renderSessionMarkdown(parseSessionMarkdown(once).doc, first.format);
        expect(twice).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });
});
