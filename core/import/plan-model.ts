/**
 * The preview of a session that every plan importer produces (markdown checklists, Kiro and
 * Spec Kit `tasks.md`, Obsidian Tasks, todo.txt, Backlog.md folders, Task Master's
 * `tasks.json`), and the errors they return instead of throwing.
 */
import type { ComplexityLevel, TaskStatus } from '../model';

/** The formats an import recognises; `markdown` is any GitHub task-list file. */
export const planFormats = [
  'markdown',
  'kiro',
  'spec-kit',
  'obsidian-tasks',
  'todo-txt',
  'backlog-md',
  'task-master',
] as const;
export type PlanFormat = (typeof planFormats)[number];

/** How the preview names each format. */
export const planFormatNames: Readonly<Record<PlanFormat, string>> = {
  markdown: 'Markdown task list',
  kiro: 'Kiro tasks.md',
  'spec-kit': 'GitHub Spec Kit tasks.md',
  'obsidian-tasks': 'Obsidian Tasks',
  'todo-txt': 'todo.txt',
  'backlog-md': 'Backlog.md tasks',
  'task-master': 'Task Master tasks.json',
};

export type PlanErrorType = 'NoTaskList' | 'TooLarge' | 'ParseFailed';

/** Why a file could not become a plan; `message` is written for the user. */
export interface PlanError {
  type: PlanErrorType;
  message: string;
}

/** A group to create. `level` is 0 for a top-level group; `position` orders siblings from 0. */
export interface PlanGroup {
  key: string;
  name: string;
  level: number;
  parentKey: string | null;
  position: number;
  status?: string;
  /** The section's own prose, verbatim (it becomes the group's description). */
  description?: string;
}

/** A calendar date as the formats write it: `YYYY-MM-DD`. */
export type PlanDate = string;

/**
 * A task to create. `level` is 0 for a top-level task; `position` orders siblings from 0
 * (same parent task, or same group for top-level tasks); `line` is the 1-based source line
 * (for files of a folder, the position of the file and task in reading order).
 */
export interface PlanTask {
  key: string;
  /** The title to create: the text as written, less the conventions read into fields. */
  title: string;
  /** The item's text as written in the source. */
  text: string;
  done: boolean;
  status: TaskStatus;
  groupKey: string;
  parentKey: string | null;
  level: number;
  position: number;
  line: number;
  /** A backticked id like `task_12` or `T-12` in the title. */
  externalId?: string;
  /** The format's own reference (Kiro's `2.1`, Spec Kit's `T012`, Obsidian's 🆔 …). */
  ref?: string;
  /** Keys of the plan's tasks this one waits for. */
  dependsOn?: string[];
  /** Keys of related plan tasks. */
  related?: string[];
  estimatedEffortHours?: number;
  actualEffortHours?: number;
  specialist?: string;
  complexity?: ComplexityLevel;
  /** 1 highest … 5 lowest, as the formats rank them (tasks have no priority field). */
  priority?: number;
  dueDate?: PlanDate;
  scheduledDate?: PlanDate;
  completedAt?: PlanDate;
  /** Text that has no field, verbatim: detail lines, unmapped markers, the format's extras. */
  description?: string;
  /** The checkbox as written when it is neither `[ ]` nor `[x]` (e.g. `[-]`). */
  checkbox?: string;
}

/** One convention the import read, e.g. `[-]` → "in progress", and how often. */
export interface PlanConvention {
  found: string;
  became: string;
  count: number;
}

/** The preview of a session; `counts.maxDepth` is the number of task levels (1 = flat). */
export interface Plan {
  format: PlanFormat;
  /** The format as the preview names it, e.g. "Kiro tasks.md". */
  formatName: string;
  name: string;
  /** The text before the first section, verbatim (the session's overview). */
  overview: string;
  groups: PlanGroup[];
  tasks: PlanTask[];
  /** What belongs to no task, group or overview (e.g. YAML front matter), verbatim. */
  notes: string;
  conventions: PlanConvention[];
  counts: { groups: number; tasks: number; done: number; maxDepth: number };
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; error: PlanError };

/** Inputs larger than this (UTF-8 bytes, all files together) are refused with `TooLarge`. */
export const maxPlanBytes = 20 * 1024 * 1024;

/** The name of the group that collects tasks outside any section. */
export const ungroupedName = 'Ungrouped';
