/**
 * The task editor: a modal dialog (native `<dialog>`: focus stays inside, Escape closes, focus
 * goes back to the control that opened it) with every editable field of a task. Each field is
 * saved when it changes (on blur or Enter for text); a refusal from the worker is shown under
 * that field and the field shows the database's value again.
 */
import { For, Show, createEffect, createMemo, createSignal, onCleanup } from 'solid-js';
import type { AppError, Task, TaskPatch } from '../../../workers/api';
import { useDb } from '../context';
import { createLiveQuery } from '../../data/live';
import { ErrorMessage } from '../ErrorMessage';
import { Field } from '../Field';
import {
  complexityLabels,
  formatTime,
  options,
  taskStatusLabels,
  verificationLabels,
} from './task-fields';
import { TaskLinks } from './TaskLinks';
import { isOverdue } from '../../../core/dates';
import { today } from '../today';
import { ChangedElsewhere, createDrafts } from './drafts';
import './editor.css';

type FieldName =
  | 'title'
  | 'description'
  | 'status'
  | 'complexity_level'
  | 'specialist_type'
  | 'progress_percentage'
  | 'estimated_effort'
  | 'actual_effort'
  | 'due_date'
  | 'scheduled_date'
  | 'verification_status';

type TextField = 'title' | 'description';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const fieldNames: Record<FieldName, string> = {
  title: 'title',
  description: 'description',
  status: 'status',
  complexity_level: 'complexity',
  specialist_type: 'specialist type',
  progress_percentage: 'progress',
  estimated_effort: 'estimated effort',
  actual_effort: 'actual effort',
  due_date: 'due date',
  scheduled_date: 'scheduled date',
  verification_status: 'verification',
};

/** The specialist select's "Other…" entry (a leading space: no role name of a mode file has one). */
const otherSpecialist = ' other';
const modeTables = ['session_modes', 'session_mode_bindings', 'sessions'];
const numberText = (value: number | null) => (value === null ? '' : String(value));

export function TaskEditor(props: { taskId: string; onClose: () => void }) {
  const db = useDb();
  const { api } = db;
  const task = createLiveQuery(
    db,
    () => props.taskId,
    (id) => api.getTask(id),
    ['tasks'],
  );
  const sessionId = () => task.data()?.session_id;
  const sessionTasks = createLiveQuery(db, sessionId, (id) => api.listTasks(id), ['tasks']);
  const groups = createLiveQuery(db, sessionId, (id) => api.listGroups(id), ['task_groups']);
  const roles = createLiveQuery(db, sessionId, (id) => api.specialistRoles(id), modeTables);
  const mode = createLiveQuery(db, sessionId, (id) => api.effectiveMode(id), modeTables);

  const [errors, setErrors] = createSignal<Partial<Record<FieldName, AppError>>>({});
  const [saved, setSaved] = createSignal('');
  const [customSpecialist, setCustomSpecialist] = createSignal(false);
  const errorOf = (field: FieldName) => errors()[field];
  const setError = (field: FieldName, error: AppError | undefined) =>
    setErrors((all) => ({ ...all, [field]: error }));

  // The dialog opens once the task is read; focus returns to the opener when it goes away.
  // The opener may have been re-rendered meanwhile, so it is also looked up again by id.
  const [dialog, setDialog] = createSignal<HTMLDialogElement>();
  let disposed = false;
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const openerId = opener?.id;
  createEffect(() => {
    const element = dialog();
    if ((task.data() || task.error()) && element && !element.open) element.showModal();
  });
  onCleanup(() => {
    disposed = true;
    const element = dialog();
    if (element?.open) element.close();
    const target = opener?.isConnected
      ? opener
      : openerId
        ? document.getElementById(openerId)
        : null;
    target?.focus();
  });

  const titleOf = (id: string | null) =>
    id === null ? '—' : (sessionTasks.data()?.find((t) => t.task_id === id)?.title ?? id);
  const groupName = (id: string | null) =>
    id === null ? 'Ungrouped' : (groups.data()?.find((g) => g.group_id === id)?.group_name ?? id);
  const specialistChoices = createMemo(() => {
    const list = [...(roles.data() ?? [])];
    const current = task.data()?.specialist_type;
    if (current && !list.includes(current)) list.push(current);
    return list;
  });

  /** Saves one field; on refusal shows why and puts the database's value back in the control. */
  const save = async (
    field: FieldName,
    patch: TaskPatch,
    control: Control,
    shown: (t: Task) => string,
  ): Promise<boolean> => {
    setSaved('');
    const result = await api.updateTask(props.taskId, patch);
    if (result.ok) {
      setError(field, undefined);
      setSaved(`Saved ${fieldNames[field]}.`);
      return true;
    }
    setError(field, result.error);
    const current = task.data();
    if (current) control.value = shown(current);
    task.refetch();
    return false;
  };

  // The text fields keep what the user types apart from the stored value (see drafts.tsx).
  const drafts = createDrafts<TextField>((field) => task.data()?.[field] ?? '');
  const textControl = (field: TextField) =>
    document.getElementById(`task-editor-${field}`) as HTMLInputElement | HTMLTextAreaElement;

  const commitText = (field: TextField, text: string) => {
    const current = task.data();
    if (!current) return;
    const value = field === 'title' ? text : text.trim() === '' ? null : text;
    if (value === current[field]) return drafts.drop(field);
    drafts.input(field, value ?? '');
    drafts.sent(field);
    void save(field, { [field]: value }, textControl(field), (t) => t[field] ?? '').then(
      (ok) => ok || drafts.drop(field),
    );
  };

  /** A text field was left or Enter pressed: saved, unless it waits for the user's choice. */
  const saveText = (field: TextField, control: HTMLInputElement | HTMLTextAreaElement) => {
    if (!drafts.conflicted(field)) commitText(field, control.value);
  };

  const saveNumber = (
    field: 'progress_percentage' | 'estimated_effort' | 'actual_effort',
    control: HTMLInputElement,
  ) => {
    const current = task.data();
    if (!current) return;
    const shown = (t: Task) => numberText(t[field]);
    if (control.validity.badInput) {
      setError(field, { type: 'Validation', field, message: 'Enter a number.' });
      control.value = shown(current);
      return;
    }
    const raw = control.value.trim();
    const value = raw === '' ? null : Number(raw);
    if (value === current[field]) return;
    const patch: TaskPatch =
      field === 'progress_percentage'
        ? { progress_percentage: value ?? Number.NaN } // the worker refuses an empty progress
        : { [field]: value };
    void save(field, patch, control, shown);
  };

  /** A date input: '' clears the date; a half-typed date is refused here, before the worker. */
  const saveDate = (field: 'due_date' | 'scheduled_date', control: HTMLInputElement) => {
    const current = task.data();
    if (!current) return;
    if (control.validity.badInput) {
      setError(field, { type: 'Validation', field, message: 'Enter a whole date, or clear it.' });
      control.value = current[field] ?? '';
      return;
    }
    const value = control.value === '' ? null : control.value;
    if (value === current[field]) return;
    void save(field, { [field]: value }, control, (t) => t[field] ?? '');
  };

  const onSpecialistSelect = (control: HTMLSelectElement) => {
    if (control.value === otherSpecialist) {
      setCustomSpecialist(true);
      queueMicrotask(() => document.getElementById('task-editor-specialist-other')?.focus());
      return;
    }
    setCustomSpecialist(false);
    void save(
      'specialist_type',
      { specialist_type: control.value === '' ? null : control.value },
      control,
      (t) => t.specialist_type ?? '',
    );
  };

  const onCustomSpecialist = async (control: HTMLInputElement) => {
    const value = control.value.trim();
    const ok = await save(
      'specialist_type',
      { specialist_type: value === '' ? null : value },
      control,
      (t) => t.specialist_type ?? '',
    );
    if (ok) setCustomSpecialist(false);
  };

  return (
    <dialog
      ref={setDialog}
      class="task-editor"
      aria-labelledby="task-editor-heading"
      onClose={() => {
        if (!disposed) props.onClose();
      }}
    >
      <header class="dialog-header">
        <h2 id="task-editor-heading">Edit task</h2>
        <p class="dialog-status" role="status">
          {saved()}
        </p>
        <button type="button" class="secondary" onClick={() => dialog()?.close()}>
          Close
        </button>
      </header>
      <ErrorMessage error={task.error()} />
      <Show when={task.data()}>
        {(t) => (
          <div class="editor-body">
            <div class="editor-fields">
              <Field
                for="task-editor-title"
                label="Title"
                error={errorOf('title')}
                onDismiss={() => setError('title', undefined)}
              >
                <input
                  id="task-editor-title"
                  autofocus
                  value={drafts.shown('title')}
                  onInput={(e) => drafts.input('title', e.currentTarget.value)}
                  onChange={(e) => saveText('title', e.currentTarget)}
                />
                <Show when={drafts.conflicted('title')}>
                  <ChangedElsewhere
                    theirs={t().title}
                    onKeepMine={() => commitText('title', drafts.keepMine('title'))}
                    onTakeTheirs={() => drafts.drop('title')}
                  />
                </Show>
              </Field>
              <Field
                for="task-editor-description"
                label="Description"
                error={errorOf('description')}
                onDismiss={() => setError('description', undefined)}
              >
                <textarea
                  id="task-editor-description"
                  rows={4}
                  value={drafts.shown('description')}
                  onInput={(e) => drafts.input('description', e.currentTarget.value)}
                  onChange={(e) => saveText('description', e.currentTarget)}
                />
                <Show when={drafts.conflicted('description')}>
                  <ChangedElsewhere
                    theirs={t().description ?? ''}
                    onKeepMine={() => commitText('description', drafts.keepMine('description'))}
                    onTakeTheirs={() => drafts.drop('description')}
                  />
                </Show>
              </Field>
              <div class="field-row">
                <Field
                  for="task-editor-status"
                  label="Status"
                  error={errorOf('status')}
                  onDismiss={() => setError('status', undefined)}
                >
                  <select
                    id="task-editor-status"
                    aria-describedby="task-editor-status-times"
                    onChange={(e) =>
                      void save(
                        'status',
                        { status: e.currentTarget.value as Task['status'] },
                        e.currentTarget,
                        (x) => x.status,
                      )
                    }
                  >
                    <For each={options(taskStatusLabels)}>
                      {([value, label]) => (
                        <option value={value} selected={t().status === value}>
                          {label}
                        </option>
                      )}
                    </For>
                  </select>
                  <p id="task-editor-status-times" class="muted small">
                    Started {formatTime(t().started_at)} · Completed {formatTime(t().completed_at)}
                  </p>
                </Field>
                <Field
                  for="task-editor-complexity"
                  label="Complexity"
                  error={errorOf('complexity_level')}
                  onDismiss={() => setError('complexity_level', undefined)}
                >
                  <select
                    id="task-editor-complexity"
                    onChange={(e) =>
                      void save(
                        'complexity_level',
                        { complexity_level: e.currentTarget.value as Task['complexity_level'] },
                        e.currentTarget,
                        (x) => x.complexity_level,
                      )
                    }
                  >
                    <For each={options(complexityLabels)}>
                      {([value, label]) => (
                        <option value={value} selected={t().complexity_level === value}>
                          {label}
                        </option>
                      )}
                    </For>
                  </select>
                </Field>
              </div>
              <Field
                for="task-editor-specialist"
                label="Specialist type"
                error={errorOf('specialist_type') ?? roles.error() ?? mode.error()}
                onDismiss={() => setError('specialist_type', undefined)}
              >
                <select
                  id="task-editor-specialist"
                  aria-describedby="task-editor-mode-note"
                  onChange={(e) => onSpecialistSelect(e.currentTarget)}
                >
                  <option value="" selected={!customSpecialist() && !t().specialist_type}>
                    None
                  </option>
                  <For each={specialistChoices()}>
                    {(role) => (
                      <option
                        value={role}
                        selected={!customSpecialist() && t().specialist_type === role}
                      >
                        {role}
                      </option>
                    )}
                  </For>
                  <option value={otherSpecialist} selected={customSpecialist()}>
                    Other…
                  </option>
                </select>
                <Show when={customSpecialist()}>
                  <label for="task-editor-specialist-other">Other specialist type</label>
                  <input
                    id="task-editor-specialist-other"
                    placeholder="e.g. security auditor"
                    onChange={(e) => void onCustomSpecialist(e.currentTarget)}
                  />
                </Show>
                <p id="task-editor-mode-note" class="muted small">
                  <Show
                    when={mode.data()?.fallback}
                    fallback={<>Roles of the mode “{mode.data()?.mode.mode_name}”.</>}
                  >
                    {(fallback) => <span class="warning-text">{fallback().message}</span>}
                  </Show>
                </p>
              </Field>
              <div class="field-row">
                <Field
                  for="task-editor-progress"
                  label="Progress (%)"
                  error={errorOf('progress_percentage')}
                  onDismiss={() => setError('progress_percentage', undefined)}
                >
                  <input
                    id="task-editor-progress"
                    type="number"
                    min="0"
                    max="100"
                    step="1"
                    value={t().progress_percentage}
                    onChange={(e) => saveNumber('progress_percentage', e.currentTarget)}
                  />
                </Field>
                <Field
                  for="task-editor-estimated"
                  label="Estimated effort (hours)"
                  error={errorOf('estimated_effort')}
                  onDismiss={() => setError('estimated_effort', undefined)}
                >
                  <input
                    id="task-editor-estimated"
                    type="number"
                    min="0"
                    step="any"
                    value={numberText(t().estimated_effort)}
                    onChange={(e) => saveNumber('estimated_effort', e.currentTarget)}
                  />
                </Field>
                <Field
                  for="task-editor-actual"
                  label="Actual effort (hours)"
                  error={errorOf('actual_effort')}
                  onDismiss={() => setError('actual_effort', undefined)}
                >
                  <input
                    id="task-editor-actual"
                    type="number"
                    min="0"
                    step="any"
                    value={numberText(t().actual_effort)}
                    onChange={(e) => saveNumber('actual_effort', e.currentTarget)}
                  />
                </Field>
              </div>
              <div class="field-row">
                <Field
                  for="task-editor-scheduled"
                  label="Scheduled"
                  error={errorOf('scheduled_date')}
                  onDismiss={() => setError('scheduled_date', undefined)}
                >
                  <input
                    id="task-editor-scheduled"
                    type="date"
                    value={t().scheduled_date ?? ''}
                    onChange={(e) => saveDate('scheduled_date', e.currentTarget)}
                  />
                </Field>
                <Field
                  for="task-editor-due"
                  label="Due"
                  error={errorOf('due_date')}
                  onDismiss={() => setError('due_date', undefined)}
                >
                  <input
                    id="task-editor-due"
                    type="date"
                    aria-describedby="task-editor-due-note"
                    value={t().due_date ?? ''}
                    onChange={(e) => saveDate('due_date', e.currentTarget)}
                  />
                  <Show when={isOverdue(t().due_date, t().status, today())}>
                    <p id="task-editor-due-note" class="small overdue-text">
                      Overdue
                    </p>
                  </Show>
                </Field>
              </div>
              <Field
                for="task-editor-verification"
                label="Verification"
                error={errorOf('verification_status')}
                onDismiss={() => setError('verification_status', undefined)}
              >
                <select
                  id="task-editor-verification"
                  onChange={(e) =>
                    void save(
                      'verification_status',
                      {
                        verification_status: e.currentTarget.value as Task['verification_status'],
                      },
                      e.currentTarget,
                      (x) => x.verification_status,
                    )
                  }
                >
                  <For each={options(verificationLabels)}>
                    {([value, label]) => (
                      <option value={value} selected={t().verification_status === value}>
                        {label}
                      </option>
                    )}
                  </For>
                </select>
              </Field>
              <details class="task-info">
                <summary>Details</summary>
                <dl class="info-list">
                  <dt>Task id</dt>
                  <dd>
                    <code>{t().task_id}</code>
                  </dd>
                  <dt>Session id</dt>
                  <dd>
                    <code>{t().session_id}</code>
                  </dd>
                  <dt>Group</dt>
                  <dd>{groupName(t().task_group)}</dd>
                  <dt>Parent</dt>
                  <dd>{titleOf(t().parent_task_id)}</dd>
                  <dt>Root</dt>
                  <dd>{titleOf(t().root_task_id)}</dd>
                  <dt>Level</dt>
                  <dd>{t().level}</dd>
                  <dt>Created</dt>
                  <dd>{formatTime(t().created_at)}</dd>
                  <dt>Updated</dt>
                  <dd>{formatTime(t().last_updated_at)}</dd>
                </dl>
              </details>
            </div>
            <TaskLinks task={t()} sessionTasks={sessionTasks.data() ?? []} />
          </div>
        )}
      </Show>
    </dialog>
  );
}
