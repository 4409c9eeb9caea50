/**
 * The tree view's live copy of a session's tasks. It loads compact rows once, then on each
 * change notice re-reads only the tasks the notice names when that is enough (an edit of
 * fields), and everything when the shape may have changed (adds, moves, deletes, or changes
 * made by a sync). Optimistic edits patch the copy at once and roll back when refused.
 */
import { type Accessor, createEffect, createSignal, on, onCleanup } from 'solid-js';
import type { AppError, TreeRow } from '../../../workers/api';
import type { DbClient } from '../../data/client';
import { type TaskNode, taskNodeFromRow } from './tree-model';

export interface TaskTreeStore {
  /**
   * The tree's shape (who is under whom, in which order): changes only when tasks are added,
   * moved or deleted, so an edit of a field never rebuilds the tree.
   */
  structure: Accessor<ReadonlyMap<string, TaskNode>>;
  /** Every task's current fields (title, status, …): changes with each edit. */
  tasks: Accessor<ReadonlyMap<string, TaskNode>>;
  loaded: Accessor<boolean>;
  error: Accessor<AppError | undefined>;
  /** Patches a task now; returns the function that undoes the patch. */
  patch(id: string, changes: Partial<TaskNode>): () => void;
}

const parseRows = (json: string): TaskNode[] =>
  (JSON.parse(json) as TreeRow[]).map(taskNodeFromRow);

const sameShape = (a: TaskNode, b: TaskNode) =>
  a.parentId === b.parentId && a.groupId === b.groupId && a.position === b.position;

export function createTaskTreeStore(client: DbClient, sessionId: Accessor<string>): TaskTreeStore {
  const [tasks, setTasks] = createSignal<ReadonlyMap<string, TaskNode>>(new Map());
  const [structure, setStructure] = createSignal<ReadonlyMap<string, TaskNode>>(new Map());
  const [loaded, setLoaded] = createSignal(false);
  const [error, setError] = createSignal<AppError>();
  let generation = 0;

  const reload = async () => {
    const mine = ++generation;
    const result = await client.api.treeRows(sessionId());
    if (mine !== generation) return;
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(undefined);
    const all = new Map(parseRows(result.value).map((t) => [t.id, t]));
    setTasks(all);
    setStructure(all);
    setLoaded(true);
  };

  /** Re-reads just `ids`; falls back to a full reload when the tree's shape changed. */
  const refresh = async (ids: string[]) => {
    const mine = ++generation;
    const result = await client.api.treeRowsById(ids);
    if (mine !== generation) return;
    if (!result.ok) return void reload();
    const rows = parseRows(result.value);
    const current = tasks();
    if (
      rows.length !== ids.length ||
      rows.some((row) => !current.has(row.id) || !sameShape(current.get(row.id)!, row))
    ) {
      return void reload();
    }
    const next = new Map(current);
    for (const row of rows) next.set(row.id, row);
    setTasks(next);
  };

  createEffect(
    on(sessionId, () => {
      setLoaded(false);
      setTasks(new Map());
      setStructure(new Map());
      void reload();
    }),
  );
  onCleanup(
    // A change-notice listener runs like an event handler, outside any tracking scope.
    // eslint-disable-next-line solid/reactivity
    client.onChange((notice) => {
      if (!notice.tables.includes('tasks')) return;
      // The changed rows came with the notice: when none of them moved, patch them in.
      const carried = notice.rows?.tasks?.map(taskNodeFromRow);
      const current = tasks();
      if (
        carried &&
        carried.every((row) => current.has(row.id) && sameShape(current.get(row.id)!, row))
      ) {
        generation++; // a read still on its way is older than this notice
        const next = new Map(current);
        for (const row of carried) next.set(row.id, row);
        setTasks(next);
        return;
      }
      const known = notice.ids.filter((id) => tasks().has(id));
      // An edit of known tasks names them all; anything else may have reshaped the tree.
      if (
        known.length > 0 &&
        known.length === notice.ids.filter((id) => id.startsWith('task_')).length
      ) {
        void refresh(known);
      } else {
        void reload();
      }
    }),
  );

  return {
    structure,
    tasks,
    loaded,
    error,
    patch(id, changes) {
      const initialNode = tasks().get(id);
      if (!initialNode) return () => undefined;
      setTasks(new Map(tasks()).set(id, { ...initialNode, ...changes }));
      const restore = pick(initialNode, Object.keys(changes) as (keyof TaskNode)[]);
      return () => {
        const now = tasks().get(id);
        if (now) setTasks(new Map(tasks()).set(id, { ...now, ...restore }));
      };
    },
  };
}

function pick(node: TaskNode, keys: readonly (keyof TaskNode)[]): Partial<TaskNode> {
  return Object.fromEntries(keys.map((key) => [key, node[key]])) as Partial<TaskNode>;
}
