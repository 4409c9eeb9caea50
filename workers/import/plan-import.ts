/**
 * Turns a plan (core/import: any markdown checklist, Kiro, Spec Kit, Obsidian Tasks,
 * todo.txt, Backlog.md, Task Master) into a new session: groups nested as the sections were,
 * tasks and subtasks with their status, effort, specialist, complexity, dates and
 * dependencies;
 * prose where it stood (the intro as the overview, a section's prose as its group's
 * description, a task's detail lines as its description) and the rest as the session's
 * notes. The original files are never touched.
 */
import type { Db } from '../db/sqlite';
import type { AppError, Result } from '../result';
import type { Session } from '../../core/model';
import {
  createSession,
  getActiveSession,
  getSession,
  sessionNameTaken,
  transitionSession,
} from '../domain/sessions';
import { createGroup } from '../domain/groups';
import { bulkCreateTasks } from '../domain/bulk-tasks';
import { newId } from '../domain/ids';
import type { Plan } from '../../core/import/import-plan';

/** A plan date (`YYYY-MM-DD`) as a stored timestamp: midnight UTC. */
const timestampOf = (date: string | undefined): string | null =>
  date === undefined ? null : `${date}T00:00:00.000Z`;

/** A name not yet taken (names are unique without case): "Plan", "Plan (2)", … */
async function freeName(db: Db, name: string): Promise<string> {
  const base = name.trim().slice(0, 190) || 'Imported plan';
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base} (${n})`;
    if (!(await sessionNameTaken(db, candidate))) return candidate;
  }
}

/** Creates a session from a plan, in one transaction; it does not become the active one. */
export async function importPlan(
  db: Db,
  plan: Plan,
  sourceName: string,
): Promise<Result<Session, AppError>> {
  return db.transaction(async () => {
    const created = await createSession(db, {
      name: await freeName(db, plan.name),
      description: [plan.overview.trim(), `Imported from ${sourceName}.`]
        .filter(Boolean)
        .join('\n\n'),
      activate: false,
    });
    if (!created.ok) return created;
    const sessionId = created.value.session_id;
    const groupIds = new Map<string, string>();
    // Group names are unique per session; a repeated heading gets a number.
    const used = new Set<string>();
    const uniqueName = (name: string) => {
      let candidate = name.trim().slice(0, 190) || 'Untitled';
      for (let n = 2; used.has(candidate); n++) candidate = `${name.trim().slice(0, 190)} (${n})`;
      used.add(candidate);
      return candidate;
    };
    for (const group of [...plan.groups].sort(
      (a, b) => a.level - b.level || a.position - b.position,
    )) {
      const made = await createGroup(db, {
        session_id: sessionId,
        group_name: uniqueName(group.name),
        parent_group_id: group.parentKey ? (groupIds.get(group.parentKey) ?? null) : null,
        description: group.description ?? (group.status ? `Status: ${group.status}` : null),
      });
      if (!made.ok) return made;
      groupIds.set(group.key, made.value.group_id);
    }
    const taskIds = new Map(plan.tasks.map((t) => [t.key, newId('task')]));
    const ordered = [...plan.tasks].sort((a, b) => a.level - b.level || a.line - b.line);
    const inserted = await bulkCreateTasks(
      db,
      sessionId,
      ordered.map((task) => ({
        task_id: taskIds.get(task.key)!,
        title: task.title,
        parent_task_id: task.parentKey ? taskIds.get(task.parentKey)! : null,
        task_group: groupIds.get(task.groupKey) ?? null,
        status: task.status,
        estimated_effort:
          task.estimatedEffortHours === undefined
            ? null
            : Math.max(1, Math.round(task.estimatedEffortHours)),
        actual_effort:
          task.actualEffortHours === undefined ? null : Math.round(task.actualEffortHours),
        description: task.description ?? null,
        due_date: task.dueDate ?? null,
        scheduled_date: task.scheduledDate ?? null,
        depends_on: (task.dependsOn ?? []).map((key) => taskIds.get(key)!),
        related_tasks: (task.related ?? []).map((key) => taskIds.get(key)!),
        specialist_type: task.specialist ?? null,
        ...(task.complexity ? { complexity_level: task.complexity } : {}),
        completed_at: timestampOf(task.completedAt),
      })),
    );
    if (!inserted.ok) return inserted;
    if (plan.notes.trim() !== '') {
      await db.run('INSERT INTO session_notes (session_id, content, updated_at) VALUES (?, ?, ?)', [
        sessionId,
        plan.notes,
        new Date().toISOString(),
      ]);
    }
    // Ready to work on: it becomes the active session unless another one is.
    if (!(await getActiveSession(db))) {
      const activated = await transitionSession(db, sessionId, 'active');
      if (!activated.ok) return activated;
    }
    return getSession(db, sessionId);
  });
}
