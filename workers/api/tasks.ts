/** The tasks API: tasks, their tree rows, dependencies and progress. */
import type { Task } from '../../core/model';
import { ok } from '../result';
import * as tasks from '../domain/tasks';
import type { NewTask, TaskPatch, TaskTarget } from '../domain/tasks';
import * as bulk from '../domain/task-bulk';
import type { BulkTaskPatch } from '../domain/task-bulk';
import * as dependencies from '../domain/dependencies';
import { type SessionProgress, sessionProgress } from '../domain/progress';
import { type DueCounts, dueCounts } from '../domain/due-dates';
import { treeRowsByIdJson, treeRowsJson } from '../domain/tree-rows';
import type { ApiContext, MethodList, Reply } from './context';

export interface TasksApi {
  listTasks(sessionId: string): Reply<Task[]>;
  /** Every task of a session as compact rows (a JSON array of TreeRow), for the tree view. */
  treeRows(sessionId: string): Reply<string>;
  /** The given tasks as compact rows (missing ids are left out). */
  treeRowsById(taskIds: string[]): Reply<string>;
  getTask(taskId: string): Reply<Task>;
  /** A task and its descendants, in path order. */
  subtree(taskId: string): Reply<Task[]>;
  createTask(input: NewTask): Reply<Task>;
  /** Edits fields; a status change sets `started_at`/`completed_at`. */
  updateTask(taskId: string, patch: TaskPatch): Reply<Task>;
  /** Moves a task with its subtree to another parent, group or position. */
  moveTask(taskId: string, target: TaskTarget): Reply<Task>;
  deleteTask(taskId: string): Reply<null>;
  /**
   * Moves several tasks (each with its subtree) to one place, in the order given, in one
   * transaction: when one is refused, none moves. A task inside another one given goes with it.
   */
  moveTasks(taskIds: string[], target: TaskTarget): Reply<Task[]>;
  /** Deletes several tasks with their subtasks in one transaction (all or none). */
  deleteTasks(taskIds: string[]): Reply<{ deleted: number }>;
  /** Sets the same fields (e.g. the status) on several tasks in one transaction. */
  updateTasks(taskIds: string[], patch: BulkTaskPatch): Reply<Task[]>;
  /** Sets prerequisites exactly; a cycle is refused with the cycle named. */
  setDependencies(taskId: string, prerequisiteIds: string[]): Reply<Task>;
  addDependency(taskId: string, prerequisiteId: string): Reply<Task>;
  removeDependency(taskId: string, prerequisiteId: string): Reply<Task>;
  setRelated(taskId: string, relatedIds: string[]): Reply<Task>;
  /** Open tasks whose prerequisites are all completed. */
  readyTasks(sessionId: string): Reply<Task[]>;
  sessionProgress(sessionId: string): Reply<SessionProgress>;
  /** Open tasks overdue, due today and due within a week of `today` (the reader's YYYY-MM-DD). */
  dueCounts(sessionId: string, today: string): Reply<DueCounts>;
}

export const tasksMethods = {
  listTasks: true,
  treeRows: true,
  treeRowsById: true,
  getTask: true,
  subtree: true,
  createTask: true,
  updateTask: true,
  moveTask: true,
  deleteTask: true,
  moveTasks: true,
  deleteTasks: true,
  updateTasks: true,
  setDependencies: true,
  addDependency: true,
  removeDependency: true,
  setRelated: true,
  readyTasks: true,
  sessionProgress: true,
  dueCounts: true,
} satisfies MethodList<TasksApi>;

export function tasksApi({ db }: ApiContext): TasksApi {
  return {
    listTasks: async (sessionId) => ok(await tasks.listTasks(db, sessionId)),
    getTask: (id) => tasks.getTask(db, id),
    treeRows: async (sessionId) => ok(await treeRowsJson(db, sessionId)),
    treeRowsById: async (ids) => ok(await treeRowsByIdJson(db, ids)),
    subtree: (id) => tasks.subtree(db, id),
    createTask: (input) => tasks.createTask(db, input),
    updateTask: (id, patch) => tasks.updateTask(db, id, patch),
    moveTask: (id, target) => tasks.moveTask(db, id, target),
    deleteTask: (id) => tasks.deleteTask(db, id),
    moveTasks: (ids, target) => bulk.moveTasks(db, ids, target),
    deleteTasks: (ids) => bulk.deleteTasks(db, ids),
    updateTasks: (ids, patch) => bulk.updateTasks(db, ids, patch),
    setDependencies: (id, ids) => dependencies.setDependencies(db, id, ids),
    addDependency: (id, prerequisite) => dependencies.addDependency(db, id, prerequisite),
    removeDependency: (id, prerequisite) => dependencies.removeDependency(db, id, prerequisite),
    setRelated: (id, ids) => dependencies.setRelated(db, id, ids),
    readyTasks: async (sessionId) => ok(await dependencies.readyTasks(db, sessionId)),
    sessionProgress: (sessionId) => sessionProgress(db, sessionId),
    dueCounts: (sessionId, today) => dueCounts(db, sessionId, today),
  };
}
