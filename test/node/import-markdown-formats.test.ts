// The markdown plan formats other tools write (Kiro and Spec Kit tasks.md, Obsidian Tasks),
// session.md's own tags in an imported plan, checkbox states beyond [ ]/[x], and prose
// kept where it stood. Fixtures are ours, written in the shape of each tool's files.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planFromMarkdown, type Plan, type PlanTask } from '../../core/import/import-plan';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/formats/${name}`, import.meta.url), 'utf8');

function planOf(text: string, fileName = 'inline.md'): Plan {
  const result = planFromMarkdown(text, fileName);
  if (!result.ok) throw new Error(`${result.error.type}: ${result.error.message}`);
  return result.plan;
}

/** `level status title` per task, e.g. `1 in_progress 2.2 Store bookings…`. */
const outline = (plan: Plan): string[] =>
  plan.tasks.map((t) => `${'  '.repeat(t.level)}${t.status} ${t.title}`);

const byRef = (plan: Plan, ref: string): PlanTask => {
  const task = plan.tasks.find((t) => t.ref === ref);
  if (!task) throw new Error(`no task ${ref}`);
  return task;
};

const refsOf = (plan: Plan, keys: readonly string[] | undefined): string[] =>
  (keys ?? []).map((key) => plan.tasks.find((t) => t.key === key)?.ref ?? key);

const convention = (plan: Plan, found: string) => plan.conventions.find((c) => c.found === found);

describe('Kiro tasks.md', () => {
  const plan = planOf(fixture('kiro-tasks.md'), 'tasks.md');

  it('is recognised, with numbers kept as references and the hierarchy they give', () => {
    expect(plan.format).toBe('kiro');
    expect(outline(plan)).toEqual([
      'completed 1. Lay out the service skeleton and shared types',
      'in_progress 2. Build the booking model and its checks',
      '  completed 2.1 Write the booking record and its validation',
      '  in_progress 2.2 Store bookings with optimistic locking',
      '  pending 2.3 Unit tests for the booking checks',
      'pending 3. Expose the booking endpoints',
      '  pending 3.1 Add the create and cancel handlers',
      '  pending 3.2 Add the listing handler with paging',
      'pending 4. Wire up monitoring and the release checklist',
    ]);
    expect(plan.tasks.map((t) => t.ref)).toEqual([
      '1',
      '2',
      '2.1',
      '2.2',
      '2.3',
      '3',
      '3.1',
      '3.2',
      '4',
    ]);
    expect(plan.counts).toEqual({ groups: 1, tasks: 9, done: 2, maxDepth: 2 });
    expect(byRef(plan, '2.3').position).toBe(2);
  });

  it('keeps the detail bullets and _Requirements_ lines as the description', () => {
    expect(byRef(plan, '1').description).toBe(
      [
        '- Create folders for handlers, storage and the public API',
        '- Write the interfaces the layers talk through',
        '- _Requirements: 1.1, 1.3_',
      ].join('\n'),
    );
    expect(byRef(plan, '3.1').description).toBe(
      '- Return 409 when the slot was taken meanwhile\n- _Requirements: 3.1_',
    );
    expect(plan.overview).toBe('');
  });

  it('marks [ ]* optional and [-] in progress, and says so in the preview', () => {
    expect(byRef(plan, '2.3')).toMatchObject({ checkbox: '[ ]*', status: 'pending' });
    expect(byRef(plan, '2.3').description).toContain('Optional task (`[ ]*`).');
    expect(convention(plan, '[-]')).toEqual({ found: '[-]', became: 'in progress', count: 2 });
    expect(convention(plan, '[ ]*')?.count).toBe(1);
    expect(convention(plan, '2.1 after 2.')?.count).toBe(3);
  });
});

describe('GitHub Spec Kit tasks.md', () => {
  const plan = planOf(fixture('spec-kit-tasks.md'), 'tasks.md');

  it('is recognised: phases are groups, T001 ids the references', () => {
    expect(plan.format).toBe('spec-kit');
    expect(plan.name).toBe('Tasks: Shared Shopping List');
    const groups = plan.groups.map((g) => `${g.level} ${g.name}`);
    expect(groups).toEqual([
      '0 Format: `[ID] [P?] [Story] Description`',
      '0 Phase 1: Setup (Shared Infrastructure)',
      '0 Phase 2: Foundational (Blocking Prerequisites)',
      '0 Phase 3: User Story 1 - Add items to a list (Priority: P1) 🎯 MVP',
      '1 Tests for User Story 1',
      '1 Implementation for User Story 1',
      '0 Dependencies & Execution Order',
    ]);
    expect(plan.tasks.map((t) => t.ref)).toEqual(
      Array.from({ length: 10 }, (_, i) => `T${String(i + 1).padStart(3, '0')}`),
    );
    expect(plan.counts).toMatchObject({ tasks: 10, done: 2, maxDepth: 1 });
  });

  it('turns "depends on" and "after" into dependencies, keeping the text', () => {
    expect(refsOf(plan, byRef(plan, 'T004').dependsOn)).toEqual(['T001']);
    expect(refsOf(plan, byRef(plan, 'T008').dependsOn)).toEqual(['T004']);
    expect(refsOf(plan, byRef(plan, 'T009').dependsOn)).toEqual(['T008', 'T005']);
    expect(refsOf(plan, byRef(plan, 'T010').dependsOn)).toEqual(['T009']);
    expect(byRef(plan, 'T009').title).toBe(
      'T009 [US1] Implement the add-item service in src/services/items.py (depends on T008, T005)',
    );
    expect(byRef(plan, 'T001').dependsOn).toBeUndefined();
  });

  it('keeps [P], [US1] and the checkpoints, and the intro as the overview', () => {
    expect(byRef(plan, 'T006').title).toContain('[P] [US1]');
    expect(convention(plan, '[P]')?.count).toBe(5);
    expect(convention(plan, '[US1]')?.count).toBe(5);
    const phase2 = plan.groups.find((g) => g.name.startsWith('Phase 2'));
    expect(phase2?.description).toBe(
      '**Checkpoint**: Foundation ready - user stories can now start\n\n---',
    );
    expect(plan.overview).toContain('**Input**: Design documents');
    expect(plan.overview).toContain('**Organization**: Tasks are grouped');
  });
});

describe('Obsidian Tasks', () => {
  const plan = planOf(fixture('obsidian-tasks.md'), 'Garden notes.md');
  const task = (prefix: string): PlanTask => {
    const found = plan.tasks.find((t) => t.title.startsWith(prefix));
    if (!found) throw new Error(`no task ${prefix}`);
    return found;
  };

  it('is recognised; emoji fields leave the title and become fields', () => {
    expect(plan.format).toBe('obsidian-tasks');
    expect(plan.tasks.map((t) => t.title)).toEqual([
      'Repot the fig tree',
      'Buy a bigger pot',
      'Water the seedlings',
      'Sharpen the shears',
      'Move the fig outside',
      'Order the rare tulips',
      'Weed the front bed',
      'Ask about the allotment waitlist',
      'Clean the greenhouse',
      'Fix the gate latch',
      'Paint the shed #weekend',
      'Put the tools back',
    ]);
    expect(task('Repot')).toMatchObject({ ref: 'repot', priority: 2, dueDate: '2026-04-10' });
    expect(task('Buy a bigger')).toMatchObject({ priority: 3, scheduledDate: '2026-04-08' });
    expect(task('Sharpen')).toMatchObject({ status: 'completed', completedAt: '2026-04-03' });
    expect(task('Order the rare')).toMatchObject({ status: 'cancelled', checkbox: '[-]' });
    expect(task('Weed')).toMatchObject({ status: 'in_progress', checkbox: '[/]' });
    expect(plan.counts).toMatchObject({ tasks: 12, done: 2 });
  });

  it('turns ⛔ and [dependsOn:: …] into dependencies on 🆔 / [id:: …]', () => {
    expect(refsOf(plan, task('Move the fig').dependsOn)).toEqual(['repot', 'pot']);
    expect(refsOf(plan, task('Put the tools').dependsOn)).toEqual(['shed']);
    expect(task('Ask about').dependsOn).toBeUndefined();
    expect(task('Ask about').description).toBe('⛔ nobody (not found in this plan)');
  });

  it('keeps what has no field verbatim in the description', () => {
    expect(task('Water').description).toBe('🔁 every day 🛫 2026-04-01');
    expect(task('Repot').description).toBe('🆔 repot ⏫');
    expect(task('Order the rare').description).toBe('❌ 2026-04-04');
    expect(task('Move the fig').description).toBe('🔽');
  });

  it('reads Dataview fields the same way', () => {
    expect(task('Clean the greenhouse')).toMatchObject({ dueDate: '2026-04-12', priority: 2 });
    expect(task('Fix the gate')).toMatchObject({ status: 'completed', completedAt: '2026-04-05' });
    expect(task('Paint the shed')).toMatchObject({ ref: 'shed', scheduledDate: '2026-04-20' });
  });

  it('does not read emoji in ordinary titles as fields', () => {
    const plain = planOf('- [ ] ✅ Done list review\n- [ ] Ship it 🎉\n- [ ] Due 📅 soon\n');
    expect(plain.format).toBe('markdown');
    expect(plain.tasks.map((t) => [t.title, t.status])).toEqual([
      ['✅ Done list review', 'pending'],
      ['Ship it 🎉', 'pending'],
      ['Due 📅 soon', 'pending'],
    ]);
  });
});

describe('checkbox states beyond [ ] and [x]', () => {
  const plan = planOf('- [-] dash\n- [~] tilde\n- [/] slash\n- [?] question\n- [x] done\n');

  it('are never counted as done, and the box is kept in the description', () => {
    expect(plan.tasks.map((t) => [t.title, t.status, t.checkbox ?? null])).toEqual([
      ['dash', 'in_progress', '[-]'],
      ['tilde', 'in_progress', '[~]'],
      ['slash', 'in_progress', '[/]'],
      ['question', 'pending', '[?]'],
      ['done', 'completed', null],
    ]);
    expect(plan.counts.done).toBe(1);
    expect(plan.tasks[3]?.description).toBe('Checkbox: [?]');
  });

  it('are listed in the preview with what they became', () => {
    expect(plan.conventions).toEqual(
      expect.arrayContaining([
        { found: '[~]', became: 'in progress (the box is kept in the description)', count: 1 },
        { found: '[?]', became: 'open (the box is kept in the description)', count: 1 },
      ]),
    );
  });

  it('nest like any task item, with numbered and +/* bullets', () => {
    const nested = planOf('1. [-] a\n   + [~] b\n     * [?] c\n2) [/] d\n');
    expect(nested.tasks.map((t) => `${t.level} ${t.title}`)).toEqual(['0 a', '1 b', '2 c', '0 d']);
  });
});

describe('session.md tags in an imported plan (issue 16, item 7)', () => {
  const plan = planOf(
    [
      '## Design',
      '',
      '- [ ] Draw the data model `est:4h` `@architect` `complexity:complex`',
      '- [ ] Review it `blocked` `depends:design-1`',
      '- [ ] Write `config` loader',
      '- [x] Pick the stack `in progress` `actual:1.5h`',
    ].join('\n'),
  );

  it('reads them into fields, as session.md does, and leaves them out of the title', () => {
    expect(plan.tasks.map((t) => t.title)).toEqual([
      'Draw the data model',
      'Review it',
      'Write `config` loader',
      'Pick the stack',
    ]);
    expect(plan.tasks[0]).toMatchObject({
      estimatedEffortHours: 4,
      specialist: 'architect',
      complexity: 'complex',
    });
    expect(plan.tasks[1]?.status).toBe('blocked');
    // A ticked box stays done whatever a status tag says.
    expect(plan.tasks[3]).toMatchObject({ status: 'completed', actualEffortHours: 1.5 });
  });

  it('keeps a dependency on an id the plan does not have in the description', () => {
    expect(plan.tasks[1]?.dependsOn).toBeUndefined();
    expect(plan.tasks[1]?.description).toBe('`depends:design-1` (not found in this plan)');
  });
});

describe('prose stays where it stood (issue 16, item 7)', () => {
  const plan = planOf(
    [
      '# Launch',
      '',
      'Why we do this, in two lines.',
      'Second line of the intro.',
      '',
      '## Build',
      '',
      'The build section says how.',
      '',
      '- [ ] Compile',
      '  Run it twice.',
      '',
      '  - a detail of compiling',
      '- [ ] Package',
      '',
      'More about the build, after its tasks.',
      '',
      '## Ship',
      '',
      '- [ ] Upload',
    ].join('\n'),
  );

  it('puts the intro in the overview and each section’s prose with its group', () => {
    expect(plan.overview).toBe('Why we do this, in two lines.\nSecond line of the intro.');
    expect(plan.groups.map((g) => [g.name, g.description ?? null])).toEqual([
      ['Build', 'The build section says how.\n\nMore about the build, after its tasks.'],
      ['Ship', null],
    ]);
    expect(plan.notes).toBe('');
  });

  it("puts a task's own lines in its description", () => {
    expect(plan.tasks[0]?.title).toBe('Compile Run it twice.');
    expect(plan.tasks[0]?.description).toBe('- a detail of compiling');
  });
});

describe('200 KB inputs stay fast (the conventions are read in one pass)', () => {
  it('reads a nested Kiro plan, long Obsidian lines and long dependency lists', () => {
    const kiro: string[] = ['# Big'];
    for (let i = 1; i <= 1500; i++) {
      kiro.push(`- [${i % 3 === 0 ? '-' : ' '}] ${i}. Task ${i}`, `  - detail of ${i}`);
      kiro.push(`- [ ]* ${i}.1 Sub ${i} (depends on ${i}.1)`, `  - _Requirements: ${i}.1_`);
    }
    const fields = Array.from(
      { length: 8000 },
      (_, i) => `⏫ 📅 2026-01-${String((i % 28) + 1).padStart(2, '0')} 🆔 x${i}`,
    );
    const obsidian = `- [ ] One long line ${fields.join(' ')}\n- [ ] Next ⛔ ${fields.map((_, i) => `x${i}`).join(',')}\n`;
    const refs = Array.from({ length: 20000 }, (_, i) => `T${String(i).padStart(3, '0')}`);
    const specKit = `- [ ] T001 Start\n- [ ] T002 Wait (depends on ${refs.join(', ')})\n`;
    for (const text of [kiro.join('\n'), obsidian, specKit])
      expect(text.length).toBeGreaterThan(60_000);
    const started = Date.now();
    const big = planOf(kiro.join('\n'), 'tasks.md');
    expect(big.format).toBe('kiro');
    expect(big.counts).toMatchObject({ tasks: 3000, maxDepth: 2 });
    const long = planOf(obsidian);
    // Each 🆔 replaces the last: the one id left is the only task the ⛔ list finds.
    expect(long.tasks[1]?.dependsOn).toEqual([long.tasks[0]?.key]);
    expect(long.tasks[0]?.dueDate).toBe('2026-01-20'); // the last 📅 wins
    const deps = planOf(specKit);
    expect(deps.tasks[1]?.dependsOn).toEqual([deps.tasks[0]?.key]);
    // Generous: quadratic work on these sizes takes minutes.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('the preview names Obsidian emoji fields in words too', () => {
  it('lists each emoji with what it is', () => {
    const plan = planOf(fixture('obsidian-tasks.md'));
    expect(plan.conventions).toEqual(
      expect.arrayContaining([
        { found: '📅 (due)', became: 'the due date', count: 2 },
        { found: '⛔ (depends on)', became: 'dependencies', count: 2 },
        { found: '🔁 (repeats)', became: 'kept in the description', count: 1 },
      ]),
    );
  });
});
