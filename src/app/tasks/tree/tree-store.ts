/**
 * The tree view's live copy of a session's tasks. It loads compact rows once, then on each
 * change notice takes the rows the notice carries, re-reads only the tasks the notice names
 * when that is enough (an edit of fields), and everything when the shape may have changed
 * (adds, moves, deletes, or changes made by a sync). Optimistic edits patch the copy at once
 * and roll back when refused.
 *
 * Each task's fields sit behind a signal of their own: an edit of one task re-runs only what
 * reads that task (its row), never a copy or a walk of all 10,000.
 */
import {
  type Accessor,
  type Signal,
  batch,
  createEffect,
  createSignal,
  on,
  onCleanup,
} from 'solid-js';
import type { AppError, TreeRow } from '../../../../workers/api';
import type { DbClient } from '../../../data/client';
import { type TaskNode, taskNodeFromRow } from './tree-model';

export interface TaskTreeStore {
  /**
   * The tree's shape (who is under whom, in which order): changes only when tasks are added,
   * moved or deleted, so an edit of a field never rebuilds the tree.
   */
  structure: Accessor<ReadonlyMap<string, TaskNode>>;
  /** A task's current fields (title, status, …); a reader re-runs when that task changes. */
  task(id: string): TaskNode | undefined;
  /** How many tasks the session has. */
  count: Accessor<number>;
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
  let nodes = new Map<string, TaskNode>();
  // Signals for the tasks something has read; a task nobody shows has none.
  let watched = new Map<string, Signal<TaskNode | undefined>>();
  const [structure, setStructure] = createSignal<ReadonlyMap<string, TaskNode>>(new Map());
  const [count, setCount] = createSignal(0);
  const [loaded, setLoaded] = createSignal(false);
  const [error, setError] = createSignal<AppError>();
  let generation = 0;

  // `task` is itself an accessor: its callers read it inside their own tracking scopes.
  /* eslint-disable solid/reactivity */
  const task = (id: string) => {
    const signal = watched.get(id);
    if (signal) return signal[0]();
    const [read, write] = createSignal(nodes.get(id), { equals: false });
    watched.set(id, [read, write]);
    return read();
  };
  /* eslint-enable solid/reactivity */

  /** Changed fields of known tasks (same shape): only their readers re-run. */
  const put = (rows: readonly TaskNode[]) =>
    batch(() => {
      for (const row of rows) {
        nodes.set(row.id, row);
        watched.get(row.id)?.[1](row);
      }
    });

  const replaceAll = (rows: readonly TaskNode[]) => {
    nodes = new Map(rows.map((t) => [t.id, t]));
    const before = watched;
    watched = new Map();
    batch(() => {
      for (const [id, [, set]] of before) {
        set(nodes.get(id));
        if (nodes.has(id)) watched.set(id, before.get(id)!);
      }
      setCount(nodes.size);
      setStructure(new Map(nodes));
    });
  };

  const reload = async () => {
    const mine = ++generation;
    const result = await client.api.treeRows(sessionId());
    if (mine !== generation) return;
    if (!result.ok) {
      setError(result.error);
      return;
    }
    batch(() => {
      setError(undefined);
      replaceAll(parseRows(result.value));
      setLoaded(true);
    });
  };

  const onlyFields = (rows: readonly TaskNode[]) =>
    rows.every((row) => {
      const known = nodes.get(row.id);
      return known !== undefined && sameShape(known, row);
    });

  /** Re-reads just `ids`; falls back to a full reload when the tree's shape changed. */
  const refresh = async (ids: string[]) => {
    const mine = ++generation;
    const result = await client.api.treeRowsById(ids);
    if (mine !== generation) return;
    if (!result.ok) return void reload();
    const rows = parseRows(result.value);
    if (rows.length !== ids.length || !onlyFields(rows)) return void reload();
    put(rows);
  };

  createEffect(
    on(sessionId, () => {
      batch(() => {
        setLoaded(false);
        replaceAll([]);
      });
      void reload();
    }),
  );
  onCleanup(
    client.onChange((notice) => {
      if (!notice.tables.includes('tasks')) return;
      // The changed rows came with the notice: when none of them moved, patch them in.
      const carried = notice.rows?.tasks?.map(taskNodeFromRow);
      if (carried && onlyFields(carried)) {
        generation++; // a read still on its way is older than this notice
        put(carried);
        return;
      }
      const known = notice.ids.filter((id) => nodes.has(id));
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
    task,
    count,
    loaded,
    error,
    patch(id, changes) {
      const initialNode = nodes.get(id);
      if (!initialNode) return () => undefined;
      put([{ ...initialNode, ...changes }]);
      const restore = pick(initialNode, Object.keys(changes) as (keyof TaskNode)[]);
      return () => {
        const now = nodes.get(id);
        if (now) put([{ ...now, ...restore }]);
      };
    },
  };
}

function pick(node: TaskNode, keys: readonly (keyof TaskNode)[]): Partial<TaskNode> {
  return Object.fromEntries(keys.map((key) => [key, node[key]])) as Partial<TaskNode>;
}
