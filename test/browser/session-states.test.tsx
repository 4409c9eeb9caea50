/**
 * Views that must agree with the session's state: an archived session offers no way to add
 * and does not ask for one; a completed session (no new tasks, by the worker's rule) shows no
 * add-task form that would refuse. And the group editor shows the specialist focus a group
 * has, once the mode's roles have loaded.
 */
import { expect, it } from 'vitest';
import { SessionView } from '../../src/app/tasks/SessionView';
import { GroupEditor } from '../../src/app/tasks/GroupEditor';
import { freshDbName, mount, openClient, unwrap, waitFor } from './support';

it('says nothing about adding in an archived session, and offers no task form in a completed one', async () => {
  const client = openClient(freshDbName());
  const { api } = client;
  const archived = unwrap(await api.createSession({ name: 'Old plan' }));
  unwrap(await api.transitionSession(archived.session_id, 'paused'));
  unwrap(await api.transitionSession(archived.session_id, 'archived'));
  const host = mount(client, () => <SessionView sessionId={archived.session_id} />);
  await waitFor(
    async () => host.textContent ?? '',
    (text) => text.includes('archived and read-only') && text.includes('has no tasks'),
    'the archived view',
  );
  expect(host.textContent).not.toContain('Add the first one above');
  expect(host.querySelector('form')).toBeNull();

  const done = unwrap(await api.createSession({ name: 'Shipped plan' }));
  unwrap(await api.createTask({ session_id: done.session_id, title: 'Ship it' }));
  unwrap(await api.transitionSession(done.session_id, 'completed'));
  const view = mount(client, () => <SessionView sessionId={done.session_id} />);
  await waitFor(
    async () => view.textContent ?? '',
    (text) => text.includes('takes no new tasks') && text.includes('Ship it'),
    'the completed view',
  );
  expect(view.querySelector('#new-task-title')).toBeNull();
  // Groups may still be added (the worker allows it), so that form stays.
  expect(view.querySelector('#new-group-name')).not.toBeNull();
});

it('shows the group’s specialist focus in the group editor', async () => {
  const client = openClient(freshDbName());
  const { api } = client;
  const session = unwrap(await api.createSession({ name: 'Focus' }));
  const roles = unwrap(await api.specialistRoles(session.session_id));
  const role = roles[1]!;
  const created = unwrap(
    await api.createGroup({ session_id: session.session_id, group_name: 'Backend' }),
  );
  const group = unwrap(await api.updateGroup(created.group_id, { specialist_focus: role }));
  mount(client, () => <GroupEditor group={group} groups={[group]} onClose={() => {}} />);
  const select = await waitFor(
    async () => document.getElementById('group-focus') as HTMLSelectElement | null,
    (el) => (el?.options.length ?? 0) > roles.length,
    'the roles in the select',
  );
  expect(select!.value).toBe(role);
  expect(select!.selectedOptions[0]?.textContent).toBe(role);
});
