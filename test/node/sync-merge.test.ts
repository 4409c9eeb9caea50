/** Three-way merge of session docs: the matrix of edits on each side, and resolutions. */
import { describe, expect, it } from 'vitest';
import { applyResolution, conflictKey, mergeSessionDocs } from '../../core/session-md/merge';
import type { MergeConflict } from '../../core/session-md/merge';
import { parseSessionMarkdown } from '../../core/session-md/parse';
import { renderSessionMarkdown } from '../../core/session-md/render';
import type { GroupDoc, SessionDoc, TaskDoc } from '../../core/session-md/session-doc';
import { byId, largeDoc, sampleDoc, sessionDocCanonical, task } from './sync-fixtures';

const base = sessionDocCanonical(sampleDoc());
const clone = (): SessionDoc => structuredClone(base);
const taskIn = (d: SessionDoc, id: string): TaskDoc => d.tasks.find((t) => t.task_id === id)!;
const groupIn = (d: SessionDoc, id: string): GroupDoc => d.groups.find((g) => g.group_id === id)!;

/** Two different values for each task field, both unlike the base's. */
const taskFieldValues: Array<[keyof TaskDoc, unknown, unknown]> = [
  ['title', 'Ours title', 'Theirs title'],
  ['status', 'completed', 'cancelled'],
  ['specialist_type', 'qa', 'frontend'],
  ['estimated_effort', 5, 8],
  ['actual_effort', 0.5, 9],
  ['due_date', '2026-12-24', '2027-01-04'],
  ['scheduled_date', '2026-11-30', '2026-12-01'],
  ['complexity_level', 'trivial', 'very_complex'],
  ['description', 'Ours text', 'Theirs text'],
];
const groupFieldValues: Array<[keyof GroupDoc, unknown, unknown]> = [
  ['group_name', 'Ours name', 'Theirs name'],
  ['description', 'Ours text', 'Theirs text'],
  ['specialist_focus', 'ops', 'design'],
];

describe('mergeSessionDocs: one field, each side', () => {
  describe.each(taskFieldValues)('task field %s', (field, oursValue, theirsValue) => {
    const withTask = (value: unknown): SessionDoc => {
      const d = clone();
      Object.assign(taskIn(d, 'task_parser'), { [field]: value });
      return d;
    };
    it('takes a change made only in the database', () => {
      const { merged, conflicts } = mergeSessionDocs(base, withTask(oursValue), clone());
      expect(conflicts).toEqual([]);
      expect(taskIn(merged, 'task_parser')[field]).toEqual(oursValue);
    });
    it('takes a change made only in the file', () => {
      const { merged, conflicts } = mergeSessionDocs(base, clone(), withTask(theirsValue));
      expect(conflicts).toEqual([]);
      expect(taskIn(merged, 'task_parser')[field]).toEqual(theirsValue);
    });
    it('takes the same change made on both sides without a conflict', () => {
      const { merged, conflicts } = mergeSessionDocs(
        base,
        withTask(oursValue),
        withTask(oursValue),
      );
      expect(conflicts).toEqual([]);
      expect(taskIn(merged, 'task_parser')[field]).toEqual(oursValue);
    });
    it('reports different changes as a conflict and keeps ours', () => {
      const { merged, conflicts } = mergeSessionDocs(
        base,
        withTask(oursValue),
        withTask(theirsValue),
      );
      expect(conflicts).toEqual([
        {
          kind: 'field',
          entity: 'task',
          id: 'task_parser',
          field,
          base: taskIn(base, 'task_parser')[field],
          ours: oursValue,
          theirs: theirsValue,
        },
      ]);
      expect(taskIn(merged, 'task_parser')[field]).toEqual(oursValue);
      const resolved = applyResolution(merged, conflicts[0]!, 'theirs');
      expect(taskIn(resolved, 'task_parser')[field]).toEqual(theirsValue);
      expect(applyResolution(merged, conflicts[0]!, 'ours')).toEqual(merged);
    });
    it('merges changes to this field on different tasks silently', () => {
      const ours = withTask(oursValue);
      const theirs = clone();
      Object.assign(taskIn(theirs, 'task_render'), { [field]: theirsValue });
      const { merged, conflicts } = mergeSessionDocs(base, ours, theirs);
      expect(conflicts).toEqual([]);
      expect(taskIn(merged, 'task_parser')[field]).toEqual(oursValue);
      expect(taskIn(merged, 'task_render')[field]).toEqual(theirsValue);
    });
  });

  describe.each(groupFieldValues)('group field %s', (field, oursValue, theirsValue) => {
    const withGroup = (value: unknown): SessionDoc => {
      const d = clone();
      Object.assign(groupIn(d, 'group_db'), { [field]: value });
      return d;
    };
    it('takes one-sided changes and conflicts on different ones', () => {
      expect(
        groupIn(mergeSessionDocs(base, withGroup(oursValue), clone()).merged, 'group_db')[field],
      ).toEqual(oursValue);
      expect(
        groupIn(mergeSessionDocs(base, clone(), withGroup(theirsValue)).merged, 'group_db')[field],
      ).toEqual(theirsValue);
      expect(mergeSessionDocs(base, withGroup(oursValue), withGroup(oursValue)).conflicts).toEqual(
        [],
      );
      const { merged, conflicts } = mergeSessionDocs(
        base,
        withGroup(oursValue),
        withGroup(theirsValue),
      );
      expect(conflicts).toEqual([
        expect.objectContaining({ kind: 'field', entity: 'group', id: 'group_db', field }),
      ]);
      expect(groupIn(merged, 'group_db')[field]).toEqual(oursValue);
      expect(groupIn(applyResolution(merged, conflicts[0]!, 'theirs'), 'group_db')[field]).toEqual(
        theirsValue,
      );
    });
  });

  describe.each([
    ['name', 'Ours name', 'Theirs name'],
    ['status', 'paused', 'completed'],
    ['priority_level', 1, 5],
    ['mode_file', 'ours.yaml', null],
    ['description', 'Ours overview', 'Theirs overview'],
  ] as const)('session field %s', (field, oursValue, theirsValue) => {
    it('takes one-sided changes and conflicts on different ones', () => {
      const withSession = (value: unknown): SessionDoc => {
        const d = clone();
        Object.assign(d.session, { [field]: value });
        return d;
      };
      expect(mergeSessionDocs(base, withSession(oursValue), clone()).merged.session[field]).toEqual(
        oursValue,
      );
      expect(
        mergeSessionDocs(base, clone(), withSession(theirsValue)).merged.session[field],
      ).toEqual(theirsValue);
      const { merged, conflicts } = mergeSessionDocs(
        base,
        withSession(oursValue),
        withSession(theirsValue),
      );
      expect(conflicts).toEqual([
        expect.objectContaining({ kind: 'field', entity: 'session', field }),
      ]);
      expect(merged.session[field]).toEqual(oursValue);
      expect(applyResolution(merged, conflicts[0]!, 'theirs').session[field]).toEqual(theirsValue);
    });
  });

  it('merges notes like a field: conflict only when both changed differently', () => {
    const ours = clone();
    ours.notes = 'ours notes';
    const theirs = clone();
    theirs.notes = 'theirs notes';
    expect(mergeSessionDocs(base, ours, clone()).merged.notes).toBe('ours notes');
    expect(mergeSessionDocs(base, clone(), theirs).merged.notes).toBe('theirs notes');
    expect(mergeSessionDocs(base, ours, structuredClone(ours)).conflicts).toEqual([]);
    const { merged, conflicts } = mergeSessionDocs(base, ours, theirs);
    expect(conflicts).toEqual([expect.objectContaining({ entity: 'session', field: 'notes' })]);
    expect(applyResolution(merged, conflicts[0]!, 'theirs').notes).toBe('theirs notes');
  });

  it('merges dependency lists as sets, without conflicts', () => {
    const ours = clone();
    taskIn(ours, 'task_tests').depends_on = ['task_parser', 'task_render'];
    const theirs = clone();
    taskIn(theirs, 'task_tests').depends_on = ['task_schema'];
    const { merged, conflicts } = mergeSessionDocs(base, ours, theirs);
    expect(conflicts).toEqual([]);
    expect(taskIn(merged, 'task_tests').depends_on).toEqual(['task_render', 'task_schema']);
  });
});

describe('mergeSessionDocs: adds, deletes and moves', () => {
  it('keeps adds from both sides', () => {
    const ours = clone();
    ours.tasks.push(task('task_db_new', { task_group: 'group_docs', position_in_group: 1 }));
    const theirs = clone();
    theirs.tasks.push(
      task('~new-task-40', {
        title: 'from the file',
        task_group: 'group_docs',
        position_in_group: 1,
      }),
    );
    const { merged, conflicts } = mergeSessionDocs(base, ours, theirs);
    expect(conflicts).toEqual([]);
    const docsTasks = merged.tasks
      .filter((t) => t.task_group === 'group_docs')
      .sort((a, b) => a.position_in_group - b.position_in_group);
    // Both were added after task_readme; the file's add goes right after it.
    expect(docsTasks.map((t) => t.task_id)).toEqual(['task_readme', '~new-task-40', 'task_db_new']);
  });

  it.each(['ours', 'theirs'] as const)(
    'takes a delete made in %s when the other side left the task alone',
    (side) => {
      const deleted = clone();
      deleted.tasks = deleted.tasks.filter((t) => t.task_id !== 'task_readme');
      const [ours, theirs] = side === 'ours' ? [deleted, clone()] : [clone(), deleted];
      const { merged, conflicts } = mergeSessionDocs(base, ours, theirs);
      expect(conflicts).toEqual([]);
      expect(merged.tasks.map((t) => t.task_id)).not.toContain('task_readme');
    },
  );

  it.each(['ours', 'theirs'] as const)(
    'reports delete in %s against an edit on the other side',
    (deletedBy) => {
      const deleted = clone();
      deleted.tasks = deleted.tasks.filter((t) => t.task_id !== 'task_readme');
      const edited = clone();
      taskIn(edited, 'task_readme').status = 'completed';
      const [ours, theirs] = deletedBy === 'ours' ? [deleted, edited] : [edited, deleted];
      const { merged, conflicts } = mergeSessionDocs(base, ours, theirs);
      expect(conflicts).toEqual([
        expect.objectContaining({
          kind: 'delete',
          entity: 'task',
          id: 'task_readme',
          deletedBy,
          edited: taskIn(edited, 'task_readme'),
        }),
      ]);
      const keptInMerged = merged.tasks.some((t) => t.task_id === 'task_readme');
      expect(keptInMerged).toBe(deletedBy === 'theirs'); // merged follows ours
      const delResolved = applyResolution(merged, conflicts[0]!, deletedBy);
      expect(delResolved.tasks.some((t) => t.task_id === 'task_readme')).toBe(false);
      const keepResolved = applyResolution(
        merged,
        conflicts[0]!,
        deletedBy === 'ours' ? 'theirs' : 'ours',
      );
      expect(taskIn(keepResolved, 'task_readme').status).toBe('completed');
    },
  );

  it('deletes a task deleted on both sides, silently', () => {
    const a = clone();
    a.tasks = a.tasks.filter((t) => t.task_id !== 'task_loose');
    const { merged, conflicts } = mergeSessionDocs(base, a, structuredClone(a));
    expect(conflicts).toEqual([]);
    expect(merged.tasks).toHaveLength(base.tasks.length - 1);
  });

  it('brings back a parent deleted on one side when the other side added a child under it', () => {
    const ours = clone();
    ours.tasks = ours.tasks.filter((t) => t.task_id !== 'task_readme');
    const theirs = clone();
    theirs.tasks.push(
      task('~new-task-9', { parent_task_id: 'task_readme', task_group: 'group_docs' }),
    );
    const { merged, conflicts } = mergeSessionDocs(base, ours, theirs);
    expect(conflicts).toEqual([
      expect.objectContaining({ kind: 'delete', id: 'task_readme', deletedBy: 'ours' }),
    ]);
    expect(taskIn(merged, '~new-task-9').parent_task_id).toBe('task_readme');
    expect(taskIn(merged, 'task_readme')).toBeDefined();
  });

  it.each(['ours', 'theirs'] as const)('takes a move (group, parent, order) made in %s', (side) => {
    const moved = clone();
    Object.assign(taskIn(moved, 'task_loose'), { task_group: 'group_db', position_in_group: 0 });
    taskIn(moved, 'task_schema').position_in_group = 1;
    Object.assign(taskIn(moved, 'task_render'), {
      parent_task_id: 'task_parser',
      position_in_group: 1,
    });
    const [ours, theirs] = side === 'ours' ? [moved, clone()] : [clone(), moved];
    const { merged, conflicts } = mergeSessionDocs(base, ours, theirs);
    expect(conflicts).toEqual([]);
    expect(byId(merged)).toEqual(byId(moved));
  });

  it('merges moves of different tasks on each side', () => {
    const ours = clone();
    Object.assign(taskIn(ours, 'task_loose'), { task_group: 'group_docs', position_in_group: 1 });
    const theirs = clone();
    Object.assign(taskIn(theirs, 'task_render'), {
      task_group: 'group_docs',
      position_in_group: 0,
    });
    taskIn(theirs, 'task_readme').position_in_group = 1;
    const { merged, conflicts } = mergeSessionDocs(base, ours, theirs);
    expect(conflicts).toEqual([]);
    const docs = merged.tasks.filter(
      (t) => t.task_group === 'group_docs' && t.parent_task_id == null,
    );
    expect(
      docs.sort((a, b) => a.position_in_group - b.position_in_group).map((t) => t.task_id),
    ).toEqual(['task_render', 'task_readme', 'task_loose']);
  });

  it('reports a task moved to different places on each side', () => {
    const ours = clone();
    taskIn(ours, 'task_loose').task_group = 'group_docs';
    const theirs = clone();
    Object.assign(taskIn(theirs, 'task_loose'), {
      parent_task_id: 'task_parser',
      task_group: 'group_backend',
      position_in_group: 1,
    });
    const { merged, conflicts } = mergeSessionDocs(base, ours, theirs);
    expect(conflicts).toEqual([
      expect.objectContaining({
        kind: 'field',
        field: 'placement',
        ours: 'group:group_docs',
        theirs: 'task:task_parser',
      }),
    ]);
    expect(taskIn(merged, 'task_loose').task_group).toBe('group_docs');
    const resolved = applyResolution(merged, conflicts[0]!, 'theirs');
    expect(taskIn(resolved, 'task_loose')).toMatchObject({
      parent_task_id: 'task_parser',
      task_group: 'group_backend',
    });
  });

  it('reports competing reorders of the same list, and resolves to either order', () => {
    const threeTasks = clone();
    threeTasks.tasks.push(
      task('t_a', { position_in_group: 1 }),
      task('t_b', { position_in_group: 2 }),
    );
    const order = (d: SessionDoc) =>
      d.tasks
        .filter((t) => t.task_group == null)
        .sort((a, b) => a.position_in_group - b.position_in_group)
        .map((t) => t.task_id);
    const reorder = (ids: string[]): SessionDoc => {
      const d = structuredClone(threeTasks);
      ids.forEach((id, i) => (taskIn(d, id).position_in_group = i));
      return d;
    };
    const ours = reorder(['t_b', 'task_loose', 't_a']);
    const theirs = reorder(['t_a', 't_b', 'task_loose']);
    const { merged, conflicts } = mergeSessionDocs(threeTasks, ours, theirs);
    expect(conflicts).toEqual([expect.objectContaining({ kind: 'order', container: 'group:' })]);
    expect(order(merged)).toEqual(['t_b', 'task_loose', 't_a']);
    expect(order(applyResolution(merged, conflicts[0]!, 'theirs'))).toEqual([
      't_a',
      't_b',
      'task_loose',
    ]);
    // The same reorder on both sides is no conflict.
    expect(mergeSessionDocs(threeTasks, ours, structuredClone(ours)).conflicts).toEqual([]);
  });

  it('keeps text from the file and merges the change log as a list', () => {
    const ours = clone();
    ours.changeLog.push('db entry');
    const theirs = clone();
    theirs.changeLog = ['file entry'];
    theirs.extras = [{ anchor: 'task:task_loose', lines: ['  kept note'] }];
    const { merged } = mergeSessionDocs(base, ours, theirs);
    expect(merged.changeLog).toEqual(['db entry', 'file entry']);
    expect(merged.extras).toEqual(theirs.extras);
  });
});

describe('mergeSessionDocs: with real files', () => {
  it('merges a hand-edited file with database changes end to end', () => {
    const baseText = renderSessionMarkdown(base);
    const fileText = baseText
      .replace('- [ ] Write the format doc', '- [x] Write the format doc')
      .replace('## Notes', '- [ ] added in the editor\n\n## Notes');
    const ours = clone();
    taskIn(ours, 'task_schema').status = 'in_progress';
    const theirs = parseSessionMarkdown(fileText, { fallback: base });
    const { merged, conflicts } = mergeSessionDocs(base, ours, theirs.doc);
    expect(conflicts).toEqual([]);
    const out = renderSessionMarkdown(merged);
    expect(out).toContain('- [x] Write the format doc <!-- id:task_readme -->');
    expect(out).toContain('- [ ] Schema `in progress` <!-- id:task_schema -->');
    expect(out).toContain(
      '- [ ] Write the format doc <!-- id:task_readme -->'.replace('[ ]', '[x]'),
    );
    expect(out).toContain('\n- [ ] added in the editor\n');
  });

  it('gives every conflict a distinct key', () => {
    const ours = clone();
    const theirs = clone();
    taskIn(ours, 'task_parser').title = 'a';
    taskIn(theirs, 'task_parser').title = 'b';
    taskIn(ours, 'task_parser').status = 'blocked';
    taskIn(theirs, 'task_parser').status = 'completed';
    const { conflicts } = mergeSessionDocs(base, ours, theirs);
    const keys = conflicts.map((c: MergeConflict) => conflictKey(c));
    expect(new Set(keys).size).toBe(2);
  });

  it('merges 10,000-task docs with 100 edits on each side quickly', () => {
    const big = largeDoc(10_000);
    const ours = structuredClone(big);
    const theirs = structuredClone(big);
    for (let i = 0; i < 100; i++) {
      ours.tasks[i * 37]!.title = `ours ${i}`;
      theirs.tasks[i * 41 + 1]!.status = 'completed';
    }
    mergeSessionDocs(big, ours, theirs); // warm up the JIT
    const start = performance.now();
    const { merged, conflicts } = mergeSessionDocs(big, ours, theirs);
    const elapsed = performance.now() - start;
    console.log(`merge 10,000 tasks: ${elapsed.toFixed(1)} ms`);
    expect(conflicts).toEqual([]);
    expect(merged.tasks[37]!.title).toBe('ours 1');
    expect(merged.tasks[42]!.status).toBe('completed');
  });
});
