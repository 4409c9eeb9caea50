/**
 * What a tree row shows, in Chromium with the real worker: a group counts the tasks of its
 * nested groups, a parent task says how many of its subtasks are done (and follows a tick),
 * and the prerequisite badge is an SVG icon (the ⧗ character is an empty box in many fonts).
 */
import { describe, expect, it } from 'vitest';
import { SessionView } from '../../src/app/tasks/SessionView';
import { freshDbName, mount, openClient, unwrap, waitFor } from './support';

describe('tree rows', () => {
  it('shows group totals with subgroups, subtasks done, and a drawn prerequisite icon', async () => {
    const client = openClient(freshDbName());
    const sid = unwrap(await client.api.createSession({ name: 'Rows' })).session_id;
    const eng = unwrap(
      await client.api.createGroup({ session_id: sid, group_name: 'Engineering' }),
    );
    const api = unwrap(
      await client.api.createGroup({
        session_id: sid,
        group_name: 'API',
        parent_group_id: eng.group_id,
      }),
    );
    const add = async (title: string, extra: object = {}) =>
      unwrap(
        await client.api.createTask({ session_id: sid, title, task_group: api.group_id, ...extra }),
      ).task_id;
    const parent = await add('Endpoints');
    const first = await add('List', { parent_task_id: parent, status: 'completed' });
    await add('Create', { parent_task_id: parent });
    await add('Docs', { depends_on: [first] });

    const host = mount(client, () => <SessionView sessionId={sid} />);
    const info = (name: string) =>
      [...host.querySelectorAll('[role="treeitem"]')]
        .find((el) => el.querySelector('.task-title, strong')?.textContent === name)
        ?.querySelector('[id^="tree-info-"]');
    await waitFor(
      async () => info('Docs')?.textContent ?? '',
      (t) => t !== '',
      'the rows',
    );

    // Engineering has no tasks of its own: its count is its subgroup's (4 tasks, 1 done).
    expect(info('Engineering')?.textContent?.trim()).toBe('1/4');
    expect(info('API')?.textContent?.trim()).toBe('1/4');
    expect(info('Endpoints')?.textContent).toContain('1 of 2');
    expect(info('List')?.textContent).not.toContain(' of ');

    const badge = info('Docs')!.querySelector('.prerequisites')!;
    expect(badge.querySelector('svg')).not.toBeNull();
    expect(badge.textContent).not.toContain('⧗');
    expect(badge.textContent).toContain('1 prerequisite');

    const create = [...host.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].find(
      (box) => box.getAttribute('aria-label') === 'Done: Create',
    )!;
    create.click();
    await waitFor(
      async () => info('Endpoints')?.textContent ?? '',
      (t) => t.includes('2 of 2'),
      'the parent to count the tick',
    );
    await waitFor(
      async () => info('Engineering')?.textContent?.trim(),
      (t) => t === '2/4',
      'the group to count the tick',
    );
  });
});
