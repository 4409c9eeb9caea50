/** Parsing hand-edited session.md files: edits, malformed input, conflicts, encodings. */
import { describe, expect, it } from 'vitest';
import { parseSessionMarkdown } from '../../core/session-md/parse';
import { renderSessionMarkdown } from '../../core/session-md/render';
import { isTempId, replaceTempIds } from '../../core/session-md/session-doc';
import type { TaskDoc } from '../../core/session-md/session-doc';
import { largeDoc, sampleDoc, sessionDocCanonical } from './sync-fixtures';

const base = sessionDocCanonical(sampleDoc());
const rendered = renderSessionMarkdown(base);
/** The rendered sample with one edit applied to its text. */
const edit = (from: string, to: string): string => {
  expect(rendered).toContain(from);
  return rendered.replace(from, to);
};
const parse = (text: string) => parseSessionMarkdown(text, { fallback: base });
const taskOf = (tasks: readonly TaskDoc[], id: string): TaskDoc => {
  const found = tasks.find((t) => t.task_id === id);
  expect(found, id).toBeDefined();
  return found!;
};

describe('parseSessionMarkdown: hand edits', () => {
  it('reads a ticked box ([x] or [X]) as completed and an unticked one as pending', () => {
    const ticked = parse(edit('- [ ] Write the format doc', '- [X] Write the format doc'));
    expect(taskOf(ticked.doc.tasks, 'task_readme').status).toBe('completed');
    const unticked = parse(edit('  - [x] Parser tests', '  - [ ] Parser tests'));
    expect(taskOf(unticked.doc.tasks, 'task_tests').status).toBe('pending');
    // Ticking a blocked task completes it; the stale tag does not win.
    const blocked = parse(edit('- [ ] Schema `blocked`', '- [x] Schema `blocked`'));
    expect(taskOf(blocked.doc.tasks, 'task_schema').status).toBe('completed');
  });

  it('reads edited titles and fields, and status words in several spellings', () => {
    const text = edit(
      '- [ ] Write the parser `in progress` `@backend` `est:2h` `actual:1.5h`',
      '- [ ] Write the line parser `status:Blocked` `@qa` `est:3 hours` `spent:2.25` `complexity:very complex` `after:task_x, task_y`',
    );
    const t = taskOf(parse(text).doc.tasks, 'task_parser');
    expect(t).toMatchObject({
      title: 'Write the line parser',
      status: 'blocked',
      specialist_type: 'qa',
      estimated_effort: 3,
      actual_effort: 2.25,
      complexity_level: 'very_complex',
      depends_on: ['task_x', 'task_y'],
    });
    const inProgress = parse(edit('- [ ] Schema `blocked`', '- [ ] Schema `In-Progress`'));
    expect(taskOf(inProgress.doc.tasks, 'task_schema').status).toBe('in_progress');
  });

  it('returns added plain lines as new tasks with temporary ids, nested by indentation', () => {
    const text = edit(
      '- [ ] Write the format doc <!-- id:task_readme -->',
      '- [ ] Write the format doc <!-- id:task_readme -->\n  * [ ] new child\n+ [x] new sibling\n    - [ ] new grandchild',
    );
    const result = parse(text);
    expect(result.problems).toEqual([]);
    expect(result.newTaskIds).toHaveLength(3);
    const [child, sibling, grandchild] = result.newTaskIds.map((id) =>
      taskOf(result.doc.tasks, id),
    );
    expect(child).toMatchObject({
      title: 'new child',
      parent_task_id: 'task_readme',
      task_group: 'group_docs',
    });
    expect(sibling).toMatchObject({
      title: 'new sibling',
      status: 'completed',
      parent_task_id: null,
      position_in_group: 1,
    });
    expect(grandchild).toMatchObject({ title: 'new grandchild', parent_task_id: sibling!.task_id });
    // The caller assigns ids; the next render writes them into the file.
    let n = 0;
    const withIds = replaceTempIds(result.doc, () => `task_new${n++}`);
    const again = renderSessionMarkdown(withIds);
    expect(again).toContain('  - [ ] new child <!-- id:task_new0 -->');
    expect(again).toContain('\n  - [ ] new grandchild <!-- id:task_new2 -->');
    expect(withIds.tasks.some((t) => isTempId(t.task_id))).toBe(false);
  });

  it('reads nesting, un-nesting, moves between groups and reordering', () => {
    const text = rendered
      .replace('  - [x] Parser tests', '- [x] Parser tests') // un-nest
      .replace('- [ ] Write the renderer', '  - [ ] Write the renderer') // nest under the tests
      .replace('- [ ] Triage inbox <!-- id:task_loose -->\n', '') // move to Docs, first
      .replace(
        '### Docs <!-- id:group_docs -->\n\n',
        '### Docs <!-- id:group_docs -->\n\n- [ ] Triage inbox <!-- id:task_loose -->\n',
      );
    const { doc, problems } = parse(text);
    expect(problems).toEqual([]);
    expect(taskOf(doc.tasks, 'task_tests')).toMatchObject({
      parent_task_id: null,
      task_group: 'group_backend',
      position_in_group: 1,
    });
    expect(taskOf(doc.tasks, 'task_render')).toMatchObject({
      parent_task_id: 'task_tests',
      position_in_group: 0,
    });
    expect(taskOf(doc.tasks, 'task_loose')).toMatchObject({
      task_group: 'group_docs',
      position_in_group: 0,
    });
    expect(taskOf(doc.tasks, 'task_readme').position_in_group).toBe(1);
  });

  it('reads deleted lines as deleted tasks and deleted headings as moved tasks', () => {
    const { doc } = parse(edit('- [ ] Write the format doc <!-- id:task_readme -->\n', ''));
    expect(doc.tasks.map((t) => t.task_id)).not.toContain('task_readme');
    expect(doc.tasks).toHaveLength(5);
    const noHeading = parse(edit('### Docs <!-- id:group_docs -->\n\n', ''));
    expect(noHeading.doc.groups.map((g) => g.group_id)).not.toContain('group_docs');
    expect(taskOf(noHeading.doc.tasks, 'task_readme').task_group).toBe('group_db');
  });

  it('reads edited overview, notes, group fields, descriptions and header fields', () => {
    const text = rendered
      .replace('Render, parse and merge session.md.', 'A new overview.\n\nWith two paragraphs.')
      .replace('Remember: ids are stable.', 'Remember: ids are stable!')
      .replace('### Backend `@backend`', '### Server side `@platform`')
      .replace('  > Never throws.', '  > Never throws, ever.')
      .replace('- **Status:** active', '- **Status:** paused')
      .replace('- **Priority:** 2 (high)', '- **Priority:** urgent')
      .replace('- **Mode:** default_roles.yaml', '- **Mode:** `roles/web.yaml`')
      .replace('# Ship the sync codec', '# Ship it');
    const { doc, problems } = parse(text);
    expect(problems).toEqual([]);
    expect(doc.session).toEqual({
      session_id: 'session_ab12cd34',
      name: 'Ship it',
      status: 'paused',
      priority_level: 1,
      mode_file: 'roles/web.yaml',
      description: 'A new overview.\n\nWith two paragraphs.',
    });
    expect(doc.notes).toBe('Remember: ids are stable!\n\n- a plain list in the notes');
    expect(doc.groups.find((g) => g.group_id === 'group_backend')).toMatchObject({
      group_name: 'Server side',
      specialist_focus: 'platform',
    });
    expect(taskOf(doc.tasks, 'task_parser').description).toBe('Line based.\nNever throws, ever.');
  });

  it('adds a heading without an id as a new group, and a task appended after the change log', () => {
    const text = `${rendered}\n### Later\n\n- [ ] follow up\n`;
    const appended = parse(`${rendered}- [ ] appended by an agent\n`);
    expect(appended.newTaskIds).toHaveLength(1);
    expect(taskOf(appended.doc.tasks, appended.newTaskIds[0]!)).toMatchObject({
      task_group: null,
      position_in_group: 1,
    });
    expect(appended.doc.changeLog).toEqual(base.changeLog);
    const result = parse(text);
    expect(result.newGroupIds).toHaveLength(0); // after "## Change log" a heading is text
    const inTasks = parse(rendered.replace('## Notes', '### Later\n\n- [ ] follow up\n\n## Notes'));
    expect(inTasks.newGroupIds).toHaveLength(1);
    expect(taskOf(inTasks.doc.tasks, inTasks.newTaskIds[0]!).task_group).toBe(
      inTasks.newGroupIds[0],
    );
  });

  it('reads a minimal file an agent might write from scratch', () => {
    const { doc, problems } = parseSessionMarkdown(
      '# Plan\n\n- [ ] one\n  - [x] two\n\n## Backend\n\n- [ ] three\n',
    );
    expect(doc.session.name).toBe('Plan');
    expect(doc.tasks.map((t) => [t.title, t.status, t.parent_task_id != null])).toEqual([
      ['one', 'pending', false],
      ['two', 'completed', true],
      ['three', 'pending', false],
    ]);
    expect(doc.groups.map((g) => g.group_name)).toEqual(['Backend']);
    expect(problems.every((p) => p.severity === 'warning')).toBe(true);
  });
});

describe('parseSessionMarkdown: text it does not understand', () => {
  it('keeps unknown lines verbatim and in place through parse → render', () => {
    const text = rendered
      .replace('# Ship', '---\nfront: matter\n---\n\n# Ship')
      .replace(
        '### Backend `@backend` <!-- id:group_backend -->\n',
        '### Backend `@backend` <!-- id:group_backend -->\n\n**Status**: NOT STARTED  \n**Deadline**: 2025-08-16\n',
      )
      .replace(
        '  - [x] Parser tests `depends:task_parser` <!-- id:task_tests -->\n',
        '  - [x] Parser tests `depends:task_parser` <!-- id:task_tests -->\n    - a plain bullet\n    | a | table |\n',
      )
      .replace('## Notes', '```md\n- [ ] not a task\n### Not a group\n```\n\n## Notes');
    const result = parse(text);
    expect(result.problems).toEqual([]);
    expect(result.doc.tasks).toHaveLength(6);
    expect(renderSessionMarkdown(result.doc)).toBe(text);
  });

  it('keeps plan-style documents (emoji, bold status lines, tables) line for line', () => {
    const plan = [
      '# Vespera Transition - Master Tracking Checklist',
      '',
      '**Last Updated**: 2025-08-13  ',
      '',
      '## Overall Progress: 5% Complete',
      '',
      '### Priority 1: CI/CD Pipeline Fixes ⚠️ URGENT',
      '**Status**: NOT STARTED  ',
      '',
      '- [ ] Analyze CI/CD logs for failure patterns',
      '- [x] Reproduce failures locally',
      '',
      '| Tool | State |',
      '|------|-------|',
      '| lint | ✅ |',
      '',
      '#### Phase 1: Archive & Inventory',
      '* [ ] Create complete documentation inventory',
      '  * [ ] Archive all existing docs',
    ].join('\n');
    const result = parseSessionMarkdown(plan);
    expect(result.doc.tasks.map((t) => t.title)).toEqual([
      'Analyze CI/CD logs for failure patterns',
      'Reproduce failures locally',
      'Create complete documentation inventory',
      'Archive all existing docs',
    ]);
    const out = renderSessionMarkdown(result.doc);
    for (const line of plan.split('\n')) {
      const item = /^\s*[-*] \[.\] (.*)$/.exec(line);
      const heading = /^#{2,6} (.*)$/.exec(line);
      // Every line survives: verbatim, or as a task title or group name.
      expect(out).toContain(item?.[1] ?? heading?.[1] ?? line);
    }
    expect(renderSessionMarkdown(parseSessionMarkdown(out).doc)).toBe(out);
  });
});

describe('parseSessionMarkdown: malformed files', () => {
  it('reports git conflict markers as a conflict, never as data', () => {
    const text = edit(
      '- [ ] Write the format doc <!-- id:task_readme -->\n',
      '<<<<<<< HEAD\n- [ ] Write the format doc <!-- id:task_readme -->\n=======\n- [x] Write the format doc <!-- id:task_readme -->\n- [ ] theirs only\n>>>>>>> feature\n',
    );
    const result = parse(text);
    expect(result.hasConflict).toBe(true);
    const conflictLine = text.split('\n').indexOf('<<<<<<< HEAD') + 1;
    expect(result.problems).toContainEqual(
      expect.objectContaining({ type: 'GitConflict', severity: 'error', line: conflictLine }),
    );
    const titles = result.doc.tasks.map((t) => t.title);
    expect(titles).not.toContain('theirs only');
    expect(taskOf(result.doc.tasks, 'task_readme').status).toBe('pending');
    expect(JSON.stringify(result.doc)).not.toMatch(/<<<<<<<|>>>>>>>|=======/);
  });

  it('reports duplicate ids and keeps the later line as a new task', () => {
    const text = edit(
      '- [ ] Write the format doc <!-- id:task_readme -->',
      '- [ ] Write the format doc <!-- id:task_readme -->\n- [ ] A copy <!-- id:task_readme -->',
    );
    const result = parse(text);
    const line = text.split('\n').indexOf('- [ ] A copy <!-- id:task_readme -->') + 1;
    expect(result.problems).toEqual([
      expect.objectContaining({ type: 'DuplicateId', line, id: 'task_readme' }),
    ]);
    expect(result.newTaskIds).toHaveLength(1);
    expect(taskOf(result.doc.tasks, result.newTaskIds[0]!).title).toBe('A copy');
    expect(taskOf(result.doc.tasks, 'task_readme').title).toBe('Write the format doc');
  });

  it('reports unknown ids but keeps the task', () => {
    const result = parse(edit('<!-- id:task_readme -->', '<!-- id:task_zzz -->'));
    expect(result.problems).toEqual([
      expect.objectContaining({ type: 'UnknownId', id: 'task_zzz' }),
    ]);
    expect(taskOf(result.doc.tasks, 'task_zzz').title).toBe('Write the format doc');
  });

  it('keeps broken task items: as a task when they carry an id, else as text', () => {
    const text = edit(
      '- [ ] Write the format doc <!-- id:task_readme -->',
      '- [] Write the format doc <!-- id:task_readme -->\n-[x] half a task\n- Schema? <!-- id:task_schema_copy -->',
    );
    const result = parse(text);
    expect(result.problems.map((p) => p.type)).toEqual([
      'MalformedTaskItem',
      'MalformedTaskItem',
      'MalformedTaskItem',
      'UnknownId',
    ]);
    expect(taskOf(result.doc.tasks, 'task_readme')).toMatchObject({
      title: 'Write the format doc',
      status: 'pending',
    });
    expect(result.doc.extras).toContainEqual({
      anchor: 'task:task_readme',
      lines: ['-[x] half a task'],
    });
    expect(renderSessionMarkdown(result.doc)).toContain('-[x] half a task');
  });

  it('reports an unreadable field and keeps its text in the title', () => {
    const result = parse(edit('`est:2h`', '`est:soon`'));
    expect(result.problems).toEqual([expect.objectContaining({ type: 'InvalidField' })]);
    const t = taskOf(result.doc.tasks, 'task_parser');
    expect(t.title).toContain('`est:soon`');
    expect(t.estimated_effort).toBeNull();
  });

  it('reads due and scheduled dates, and reports a date that is not a day', () => {
    const dated = parse(edit('`due:2026-12-10`', '`scheduled:2026-11-30` `Due: 2027-01-04`'));
    expect(dated.problems).toEqual([]);
    expect(taskOf(dated.doc.tasks, 'task_parser')).toMatchObject({
      title: 'Write the parser',
      due_date: '2027-01-04',
      scheduled_date: '2026-11-30',
    });
    const undated = parse(edit(' `due:2026-12-10`', ''));
    expect(taskOf(undated.doc.tasks, 'task_parser').due_date).toBeNull();
    const bad = parse(edit('`due:2026-12-10`', '`due:2026-02-30`'));
    expect(bad.problems).toEqual([
      expect.objectContaining({
        type: 'InvalidField',
        message: 'Cannot read `due:2026-02-30`; it is kept as part of the title.',
      }),
    ]);
    expect(taskOf(bad.doc.tasks, 'task_parser')).toMatchObject({ due_date: null });
    expect(taskOf(bad.doc.tasks, 'task_parser').title).toContain('`due:2026-02-30`');
  });

  it('keeps header fields from the fallback when they are missing or unreadable', () => {
    const result = parse(
      edit('- **Status:** active', '- **Status:** sleeping').replace(
        '- **Priority:** 2 (high)\n',
        '',
      ),
    );
    expect(result.doc.session.status).toBe('active');
    expect(result.doc.session.priority_level).toBe(2);
    expect(result.problems.map((p) => p.type).sort()).toEqual(['InvalidField', 'MissingField']);
  });

  it('handles huge lines and reports them', () => {
    const title = 'x`<!--'.repeat(200_000);
    const text = edit('Write the format doc', title);
    const result = parse(text);
    expect(result.problems).toEqual([expect.objectContaining({ type: 'LongLine' })]);
    expect(taskOf(result.doc.tasks, 'task_readme').title).toBe(title);
    expect(renderSessionMarkdown(result.doc)).toBe(text);
  });

  it('ignores a code fence that never closes instead of hiding the tasks below it', () => {
    const result = parse(edit('## Tasks\n', '## Tasks\n\n```\n'));
    expect(result.problems).toEqual([expect.objectContaining({ type: 'UnclosedCodeFence' })]);
    expect(result.doc.tasks).toHaveLength(6);
  });

  it('never throws, whatever the input', () => {
    for (const input of [
      '',
      '\uFEFF',
      '\r\n\r\n',
      '-',
      '- [',
      '#',
      '> ',
      '```',
      '<<<<<<<',
      '\u0000\uFFFF',
      'a'.repeat(100),
    ]) {
      const result = parseSessionMarkdown(input);
      expect(result.problems.some((p) => p.type === 'ParserFailure')).toBe(false);
      expect(() => renderSessionMarkdown(result.doc)).not.toThrow();
    }
  });
});

describe('parseSessionMarkdown: encodings and size', () => {
  it('detects CRLF and a BOM and reports them for the re-render', () => {
    const text = '\uFEFF' + rendered.replace(/\n/g, '\r\n');
    const result = parseSessionMarkdown(text);
    expect(result.format).toEqual({ lineEnding: '\r\n', bom: true });
    expect(result.doc.session.name).toBe('Ship the sync codec');
    expect(result.doc.tasks.every((t) => !t.title.includes('\r'))).toBe(true);
    expect(renderSessionMarkdown(result.doc, result.format)).toBe(text);
    expect(parseSessionMarkdown(rendered).format).toEqual({ lineEnding: '\n', bom: false });
  });

  it('parses a 10,000-task file completely in well under 200 ms', () => {
    const big = largeDoc(10_000);
    const text = renderSessionMarkdown(big);
    parseSessionMarkdown(text); // warm up the JIT
    const times: number[] = [];
    let result = parseSessionMarkdown(text);
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      result = parseSessionMarkdown(text);
      times.push(performance.now() - start);
    }
    const median = times.sort((a, b) => a - b)[2]!;
    console.log(`parse 10,000 tasks: median ${median.toFixed(1)} ms`);
    expect(result.problems).toEqual([]);
    expect(result.doc.tasks).toHaveLength(10_000);
    expect(renderSessionMarkdown(result.doc)).toBe(text);
  });
});
