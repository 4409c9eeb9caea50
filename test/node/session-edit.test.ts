import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newId } from '../../core/ids';
import {
  EditError,
  addTask,
  appendNote,
  findTask,
  newSessionDoc,
  readyTasks,
  updateTask,
} from '../../core/session-md/edit';
import { checkSessionText } from '../../core/session-md/check';
import { diffLines } from '../../core/session-md/line-diff';
import { mergeSessionTexts } from '../../core/session-md/merge-files';
import { parseSessionMarkdown } from '../../core/session-md/parse';
import { renderSessionMarkdown } from '../../core/session-md/render';
import { rewriteSessionText } from '../../core/session-md/rewrite';
import { largeDoc, sampleDoc } from './sync-fixtures';

const lf = { lineEnding: '\n', bom: false } as const;
const sample = () => renderSessionMarkdown(sampleDoc());

/** Lines of `b` that are not at the same place in `a` (a and b have the same length). */
const changedLines = (a: string, b: string): string[] => {
  const hunks = diffLines(a.split('\n'), b.split('\n')) ?? [];
  return hunks.flatMap((h) => b.split('\n').slice(h.bStart, h.bEnd));
};

describe('ids', () => {
  it('are random, in the worker format, and never repeat', () => {
    const ids = new Set(Array.from({ length: 5000 }, () => newId('task')));
    expect(ids.size).toBe(5000);
    for (const id of ids) expect(id).toMatch(/^task_[a-km-z2-9]{10}$/);
  });
});

describe('edit operations', () => {
  it('add a task at the end of a group or under a parent, with its fields', () => {
    const doc = sampleDoc();
    const { doc: next, task } = addTask(doc, {
      title: 'Index the tables',
      group: 'Database',
      estimated_effort: 2,
      specialist_type: '@backend',
      depends_on: ['task_schema'],
    });
    expect(task).toMatchObject({
      task_group: 'group_db',
      parent_task_id: null,
      position_in_group: 1,
      specialist_type: 'backend',
      depends_on: ['task_schema'],
    });
    expect(doc.tasks).toHaveLength(6);
    const sub = addTask(next, { title: 'Fuzz it', parent: 'task_pars' }).task;
    expect(sub).toMatchObject({ parent_task_id: 'task_parser', task_group: 'group_backend' });
    expect(sub.position_in_group).toBe(1);
  });

  it('refuse what the app refuses, with a message', () => {
    const doc = sampleDoc();
    expect(() => updateTask(doc, 'task_nope', { status: 'completed' })).toThrow(EditError);
    expect(() => updateTask(doc, 'task_', { status: 'completed' })).toThrow(/names 6 tasks/);
    expect(() => updateTask(doc, 'task_parser', { title: '  ' })).toThrow(/title/);
    expect(() => updateTask(doc, 'task_parser', { depends_on: ['task_tests'] })).toThrow(
      /cycle: task_parser → task_tests → task_parser/,
    );
    expect(() => addTask(doc, { title: 'x', group: 'Nowhere' })).toThrow(/No group/);
    expect(() => newSessionDoc(' ', new Date())).toThrow(/name/);
  });

  it('ready tasks: open, prerequisites completed, in file order', () => {
    let doc = sampleDoc();
    doc = updateTask(doc, 'task_render', { depends_on: ['task_parser'] });
    expect(readyTasks(doc).map((t) => t.task_id)).toEqual([
      'task_loose',
      'task_parser',
      'task_schema',
      'task_readme',
    ]);
    doc = updateTask(doc, 'task_parser', { status: 'completed' });
    expect(readyTasks(doc).map((t) => t.task_id)).toContain('task_render');
  });

  it('a note is appended to the description', () => {
    const doc = appendNote(sampleDoc(), 'task_parser', 'Found a bug.');
    expect(findTask(doc, 'task_parser').description).toBe(
      'Line based.\nNever throws.\n\nFound a bug.',
    );
  });
});

describe('rewriting a file after an edit', () => {
  it('changes only the touched task line and the progress in the app layout', () => {
    const text = sample();
    const parsed = parseSessionMarkdown(text);
    const next = rewriteSessionText(
      text,
      parsed.doc,
      updateTask(parsed.doc, 'task_readme', { status: 'completed' }),
      parsed.format,
    );
    expect(changedLines(text, next)).toEqual([
      '- **Progress:** 2/6 tasks completed (33%)',
      '- [x] Write the format doc <!-- id:task_readme -->',
    ]);
  });

  it('keeps a hand layout, unknown text, CRLF and BOM everywhere else', () => {
    const body = [
      '# Hand made',
      '',
      '- **Id:** session_hand',
      '- **Status:** active',
      '- **Priority:** 3 (medium)',
      '- **Progress:** 0/3 tasks completed (0%)',
      '- **Effort:** 0h estimated · 0h actual',
      '',
      '## Tasks',
      '',
      '* [ ] First   <!-- id:task_a -->',
      '',
      '* [ ] Second <!-- id:task_b -->',
      '    * [ ] Deep child <!-- id:task_c -->',
      'A paragraph glued to the list.',
      '',
      '| a | table |',
      '|---|---|',
      '',
      '## Change log',
    ].join('\r\n');
    const text = `\uFEFF${body}\r\n`;
    const parsed = parseSessionMarkdown(text);
    const next = rewriteSessionText(
      text,
      parsed.doc,
      updateTask(parsed.doc, 'task_b', { status: 'completed' }),
      parsed.format,
    );
    expect(next.startsWith('\uFEFF')).toBe(true);
    const before = text.split('\r\n');
    const after = next.split('\r\n');
    expect(after).toHaveLength(before.length);
    const changed = after.flatMap((line, i) => (line === before[i] ? [] : [line]));
    expect(changed).toEqual([
      '- **Progress:** 1/3 tasks completed (33%)',
      '* [x] Second <!-- id:task_b -->',
    ]);
    expect(next.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('reads back as the edited doc for random edits of a 1,000-task file', () => {
    const text = renderSessionMarkdown(largeDoc(1000));
    const parsed = parseSessionMarkdown(text);
    fc.assert(
      fc.property(fc.nat(999), fc.constantFrom('completed', 'blocked', 'pending'), (i, status) => {
        const id = parsed.doc.tasks[i]!.task_id;
        const edited = updateTask(parsed.doc, id, { status, title: `Renamed ${i}` });
        const next = rewriteSessionText(text, parsed.doc, edited, lf);
        expect(renderSessionMarkdown(parseSessionMarkdown(next).doc)).toBe(
          renderSessionMarkdown(edited),
        );
      }),
      { numRuns: 20 },
    );
  });
});

describe('merging three texts', () => {
  it('merges different tasks of one group and keeps both sides', () => {
    const base = sample();
    const doc = parseSessionMarkdown(base).doc;
    const ours = renderSessionMarkdown(updateTask(doc, 'task_parser', { status: 'completed' }));
    const theirs = renderSessionMarkdown(
      addTask(updateTask(doc, 'task_render', { title: 'Write the renderer again' }), {
        title: 'Added on a branch',
        group: 'group_backend',
      }).doc,
    );
    const merged = mergeSessionTexts(base, ours, theirs);
    expect(merged.kind).toBe('clean');
    if (merged.kind !== 'clean') return;
    const result = parseSessionMarkdown(merged.text).doc;
    expect(findTask(result, 'task_parser').status).toBe('completed');
    expect(findTask(result, 'task_render').title).toBe('Write the renderer again');
    expect(result.tasks.some((t) => t.title === 'Added on a branch')).toBe(true);
  });

  it('puts markers around only the conflicting task line', () => {
    const base = sample();
    const doc = parseSessionMarkdown(base).doc;
    const ours = renderSessionMarkdown(updateTask(doc, 'task_parser', { title: 'Ours' }));
    const theirs = renderSessionMarkdown(
      updateTask(updateTask(doc, 'task_parser', { title: 'Theirs' }), 'task_readme', {
        status: 'completed',
      }),
    );
    const merged = mergeSessionTexts(base, ours, theirs, { ours: 'HEAD', theirs: 'branch' });
    expect(merged.kind).toBe('conflict');
    const lines = merged.kind === 'conflict' ? merged.text.split('\n') : [];
    const start = lines.indexOf('<<<<<<< HEAD');
    expect(lines.slice(start, start + 5)).toEqual([
      '<<<<<<< HEAD',
      '- [ ] Ours `in progress` `@backend` `est:2h` `actual:1.5h` `due:2026-12-10` <!-- id:task_parser -->',
      '=======',
      '- [ ] Theirs `in progress` `@backend` `est:2h` `actual:1.5h` `due:2026-12-10` <!-- id:task_parser -->',
      '>>>>>>> branch',
    ]);
    expect(lines.filter((l) => l.startsWith('<<<<<<<'))).toHaveLength(1);
    expect(lines).toContain('- [x] Write the format doc <!-- id:task_readme -->');
    expect(checkSessionText(merged.kind === 'conflict' ? merged.text : '')[0]?.type).toBe(
      'GitConflict',
    );
  });

  it('matches tasks written without ids by their title', () => {
    const base = `${sample()}\n- [ ] No id yet\n`;
    const ours = base.replace('- [ ] Triage inbox', '- [x] Triage inbox');
    const theirs = base.replace('- [ ] No id yet', '- [x] No id yet');
    const merged = mergeSessionTexts(base, ours, theirs);
    expect(merged.kind).toBe('clean');
    const text = merged.kind === 'clean' ? merged.text : '';
    expect(text.match(/No id yet/g)).toHaveLength(1);
    expect(text).toContain('- [x] No id yet');
    expect(text).toContain('- [x] Triage inbox');
  });
});

describe('check', () => {
  it('reports unknown prerequisites, cycles, bad tags and duplicates with their lines', () => {
    const text = [
      '# S',
      '',
      '## Tasks',
      '',
      '- [ ] A `depends:task_b` <!-- id:task_a -->',
      '- [ ] B `depends:task_a` <!-- id:task_b -->',
      '- [ ] C `depends:task_zz` <!-- id:task_c -->',
      '- [ ] D `est:soon` <!-- id:task_d -->',
      '- [ ] E <!-- id:task_d -->',
      '',
    ].join('\n');
    const errors = checkSessionText(text).filter((p) => p.severity === 'error');
    expect(errors.map((p) => [p.line, p.type])).toEqual([
      [5, 'DependencyCycle'],
      [7, 'UnknownDependency'],
      [8, 'InvalidField'],
      [9, 'DuplicateId'],
    ]);
  });
});
