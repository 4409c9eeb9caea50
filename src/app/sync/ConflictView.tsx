/**
 * A session's conflicts between the app and its session.md: both values side by side, a
 * choice per conflict, and "keep app" / "keep file" for all of them. A file with git
 * conflict markers or one that cannot be read can only be resolved by keeping the app's
 * version (or by fixing the file). Every value is rendered as text, never as HTML.
 */
import { For, Match, Show, Switch, createMemo, createSignal } from 'solid-js';
import type { AppError, ConflictView as Conflicts, MergeConflict } from '../../../workers/api';
import { useDb } from '../context';
import { createLiveQuery } from '../../data/live';
import { ErrorMessage } from '../ErrorMessage';
import { notifyFolderChanged, whileSyncing } from './folder-state';

type Side = 'ours' | 'theirs';
type KeyedConflict = Conflicts['conflicts'][number];
type FieldValue = Extract<MergeConflict, { kind: 'field' }>['ours'];

const valueText = (value: FieldValue): string => {
  if (value === null || value === '') return '(empty)';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return value.length ? value.join(', ') : '(none)';
};

/** Fields whose values are enum words (`in_progress`, `very_complex`). */
const wordFields = new Set(['status', 'complexity_level', 'verification_status']);

export function ConflictView(props: { sessionId: string; sessionName: string }) {
  const db = useDb();
  const { api } = db;
  const id = () => props.sessionId;
  const view = createLiveQuery(db, id, (sid) => api.getConflicts(sid), [
    'markdown_sync_state',
    'tasks',
    'task_groups',
    'sessions',
  ]);
  // Names for ids in the app, so a conflict says which task or group it is about.
  const withNames = () => (view.data()?.reason === 'conflicts' ? id() : null);
  const tasks = createLiveQuery(db, withNames, (sid) => api.listTasks(sid), ['tasks']);
  const groups = createLiveQuery(db, withNames, (sid) => api.listGroups(sid), ['task_groups']);
  const names = createMemo(() => {
    const byId = new Map<string, string>();
    for (const t of tasks.data() ?? []) byId.set(t.task_id, t.title);
    for (const g of groups.data() ?? []) byId.set(g.group_id, g.group_name);
    return byId;
  });
  const nameOf = (itemId: string) => names().get(itemId) ?? itemId;

  const [choices, setChoices] = createSignal<Record<string, Side>>({});
  const [error, setError] = createSignal<AppError>();
  const [working, setWorking] = createSignal(false);
  const conflicts = () => view.data()?.conflicts ?? [];
  const conflictByKey = createMemo(() => new Map(conflicts().map((c) => [c.key, c])));
  // Keys (not objects), so a re-read keeps each conflict's DOM and focus.
  const conflictKeys = createMemo(() => conflicts().map((c) => c.key), [], {
    equals: (a, b) => a.length === b.length && a.every((k, i) => k === b[i]),
  });
  const unchosen = () => conflicts().filter((c) => !choices()[c.key]).length;

  const resolve = async (resolution: Side | Record<string, Side>) => {
    const sessionId = id();
    setWorking(true);
    const result = await whileSyncing(() => api.resolveConflicts(sessionId, resolution));
    setWorking(false);
    setError(result.ok ? undefined : result.error);
    if (result.ok) setChoices({});
    notifyFolderChanged();
    view.refetch();
  };

  const describe = (c: KeyedConflict): string => {
    const label = c.entity === 'task' ? 'Task' : c.entity === 'group' ? 'Group' : 'Session';
    if (c.kind === 'field') {
      const field = c.field.replaceAll('_', ' ');
      return c.entity === 'session' ? `Session ${field}` : `${label} “${nameOf(c.id)}”: ${field}`;
    }
    if (c.kind === 'delete')
      return `${label} “${nameOf(c.id)}”: deleted on one side, edited on the other`;
    return `Order of ${c.entity === 'task' ? 'tasks' : 'groups'} changed on both sides`;
  };

  const sideText = (c: KeyedConflict, side: Side): string => {
    if (c.kind === 'field') {
      const text = valueText(c[side]);
      // Enum values read better as words, as the file writes them (`in progress`).
      return wordFields.has(c.field) ? text.replaceAll('_', ' ') : text;
    }
    if (c.kind === 'delete') {
      if (c.deletedBy === side) return '(deleted)';
      return 'title' in c.edited ? c.edited.title : c.edited.group_name;
    }
    return c[side].map((itemId, i) => `${i + 1}. ${nameOf(itemId)}`).join('\n');
  };

  return (
    <section class="conflict-view" aria-label={`Conflicts in ${props.sessionName}`}>
      <h4>{props.sessionName}</h4>
      <ErrorMessage error={view.error()} />
      <Show when={view.data()}>
        {(v) => (
          <Switch>
            <Match when={v().reason === 'none'}>
              <p class="muted">No conflicts left: {v().message}</p>
            </Match>
            <Match when={v().reason === 'git-markers' || v().reason === 'unreadable'}>
              <p>{v().message}</p>
              <p class="muted small">
                The app cannot merge this file. Fix it in your editor and click “Sync now”, or
                replace it with the app’s version (the current file is kept as a backup first).
              </p>
              <div class="actions">
                <button type="button" disabled={working()} onClick={() => void resolve('ours')}>
                  Keep the app's version
                </button>
              </div>
            </Match>
            <Match when={v().reason === 'conflicts'}>
              <p>{v().message}</p>
              <ol class="conflict-list">
                <For each={conflictKeys()}>
                  {(key) => (
                    <Show when={conflictByKey().get(key)}>
                      {(c) => (
                        <li>
                          <fieldset class="conflict">
                            <legend>{describe(c())}</legend>
                            <div class="conflict-sides">
                              <For each={['ours', 'theirs'] as const}>
                                {(side) => {
                                  const valueId = `value-${props.sessionId}-${key}-${side}`;
                                  return (
                                    <div class="conflict-side" data-side={side}>
                                      <span class="conflict-side-title">
                                        {side === 'ours' ? 'In the app' : 'In session.md'}
                                      </span>
                                      <pre class="conflict-value" id={valueId}>
                                        {sideText(c(), side)}
                                      </pre>
                                      <label class="conflict-choice">
                                        <input
                                          type="radio"
                                          name={`choice-${props.sessionId}-${key}`}
                                          value={side}
                                          aria-describedby={valueId}
                                          checked={choices()[key] === side}
                                          onChange={() =>
                                            setChoices((all) => ({ ...all, [key]: side }))
                                          }
                                        />{' '}
                                        {side === 'ours'
                                          ? "Use the app's value"
                                          : "Use the file's value"}
                                      </label>
                                    </div>
                                  );
                                }}
                              </For>
                            </div>
                          </fieldset>
                        </li>
                      )}
                    </Show>
                  )}
                </For>
              </ol>
              <div class="actions">
                <button type="button" disabled={working()} onClick={() => void resolve('ours')}>
                  Keep app
                </button>
                <button type="button" disabled={working()} onClick={() => void resolve('theirs')}>
                  Keep file
                </button>
                <button
                  type="button"
                  disabled={working() || unchosen() > 0}
                  onClick={() => void resolve(choices())}
                >
                  Apply choices
                </button>
                <Show when={unchosen() > 0}>
                  <span class="muted small">
                    Choose a side for each conflict to apply choices ({unchosen()} left).
                  </span>
                </Show>
              </div>
            </Match>
          </Switch>
        )}
      </Show>
      <ErrorMessage error={error()} onDismiss={() => setError(undefined)} />
    </section>
  );
}
