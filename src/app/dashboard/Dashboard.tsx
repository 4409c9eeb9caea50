/**
 * The session dashboard: progress (by count and weighted by effort), progress of each group
 * with its nested groups rolled up, counts by status, effort, a completion forecast, the tasks
 * that are ready to start (each opens the task editor), the lifecycle actions the session's
 * state allows, and its name, description and priority.
 */
import { For, Show, createMemo } from 'solid-js';
import type { DueCounts, GroupProgress, SessionProgress, TaskGroup } from '../../../workers/api';
import { formatDayFull } from '../format-day';
import { today } from '../today';
import { useDb } from '../context';
import { createLiveQuery } from '../../data/live';
import { ErrorMessage } from '../ErrorMessage';
import { ProgressBar } from '../ProgressBar';
import { LifecycleActions } from '../sessions/LifecycleActions';
import { SessionFields } from '../sessions/SessionFields';
import { priorityLabels } from '../sessions/lifecycle';
import { useTaskEditor } from '../tasks/task-editor-host';
import { options, taskStatusLabels } from '../tasks/task-fields';
import { projectCompletion } from './projection';
import { ReadyList } from './ReadyList';
import './dashboard.css';

const hours = (n: number) => `${Math.round(n * 10) / 10} h`;
const dateText = (date: Date) =>
  date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

/** Groups depth-first (each parent followed by its nested groups), in sibling order. */
function depthFirst(groups: readonly TaskGroup[]): TaskGroup[] {
  const children = new Map<string | null, TaskGroup[]>();
  for (const group of groups) {
    const list = children.get(group.parent_group_id) ?? [];
    list.push(group);
    children.set(group.parent_group_id, list);
  }
  const known = new Set(groups.map((g) => g.group_id));
  const out: TaskGroup[] = [];
  const visit = (parent: string | null) => {
    const list = [...(children.get(parent) ?? [])];
    list.sort((a, b) => a.position_in_session - b.position_in_session);
    for (const group of list) {
      out.push(group);
      visit(group.group_id);
    }
  };
  visit(null);
  // Groups whose parent is not in the list (should not happen) still show, at the end.
  for (const group of groups) {
    if (group.parent_group_id !== null && !known.has(group.parent_group_id)) {
      out.push(group);
      visit(group.group_id);
    }
  }
  return out;
}

export function Dashboard(props: { sessionId: string }) {
  const db = useDb();
  const { api } = db;
  const id = () => props.sessionId;
  const session = createLiveQuery(db, id, (sid) => api.getSession(sid), ['sessions']);
  const progress = createLiveQuery(db, id, (sid) => api.sessionProgress(sid), [
    'tasks',
    'task_groups',
    'sessions',
  ]);
  const ready = createLiveQuery(db, id, (sid) => api.readyTasks(sid), ['tasks']);
  const due = createLiveQuery(
    db,
    () => [id(), today()] as const,
    ([sid, day]) => api.dueCounts(sid, day),
    ['tasks'],
  );
  const groups = createLiveQuery(db, id, (sid) => api.listGroups(sid), ['task_groups']);
  const openEditor = useTaskEditor();

  return (
    <Show when={session.data()} fallback={<ErrorMessage error={session.error()} />}>
      {(s) => (
        <section class="dashboard" aria-labelledby="dashboard-title">
          <header class="session-header">
            <h2 id="dashboard-title">{s().name}</h2>
            <span class={`badge status-${s().status}`}>{s().status}</span>
            <span class="muted small">
              Priority {s().priority_level} ({priorityLabels[s().priority_level] ?? '?'})
            </span>
          </header>
          <LifecycleActions session={s()} />
          <ErrorMessage error={progress.error()} />
          <Show when={progress.data()}>
            {(p) => (
              <div class="dashboard-grid">
                <OverallCard progress={p()} />
                <StatusCard progress={p()} />
                <EffortCard progress={p()} />
                <Show when={due.data()}>{(counts) => <DatesCard counts={counts()} />}</Show>
                <ForecastCard
                  progress={p()}
                  since={s().created_at}
                  target={s().estimated_completion_date}
                />
              </div>
            )}
          </Show>
          <section class="dashboard-section" aria-labelledby="dashboard-groups">
            <h3 id="dashboard-groups">Groups</h3>
            <Show
              when={(groups.data()?.length ?? 0) > 0}
              fallback={<p class="muted small">This session has no groups.</p>}
            >
              <GroupBars groups={groups.data() ?? []} progress={progress.data()?.groups ?? []} />
            </Show>
          </section>
          <section class="dashboard-section" aria-labelledby="dashboard-ready">
            <h3 id="dashboard-ready">
              Ready to start <span class="muted small">({ready.data()?.length ?? 0})</span>
            </h3>
            <ErrorMessage error={ready.error()} />
            <Show
              when={(ready.data()?.length ?? 0) > 0}
              fallback={<p class="muted small">No open task is waiting to start.</p>}
            >
              <ReadyList tasks={ready.data() ?? []} onOpen={openEditor} />
            </Show>
          </section>
          <SessionFields session={s()} />
        </section>
      )}
    </Show>
  );
}

function OverallCard(props: { progress: SessionProgress }) {
  const weighted = () => props.progress.weighted_percentage;
  return (
    <section class="card" aria-labelledby="card-progress">
      <h3 id="card-progress">Progress</h3>
      <ProgressBar
        label="Tasks done"
        completed={props.progress.completed}
        total={props.progress.total}
        percentage={props.progress.percentage}
      />
      <div class="progress">
        <div
          class="progress-track"
          role="progressbar"
          aria-label="Effort-weighted progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={weighted()}
        >
          <div class="progress-fill weighted" style={{ width: `${weighted()}%` }} />
        </div>
        <span class="progress-text">{Math.round(weighted())}% of effort</span>
      </div>
    </section>
  );
}

function StatusCard(props: { progress: SessionProgress }) {
  return (
    <section class="card" aria-labelledby="card-status">
      <h3 id="card-status">By status</h3>
      <dl class="count-list">
        <For each={options(taskStatusLabels)}>
          {([status, label]) => (
            <div class={`count status-${status}`}>
              <dt>{label}</dt>
              <dd>{props.progress.by_status[status]}</dd>
            </div>
          )}
        </For>
        <div class="count">
          <dt>Ready</dt>
          <dd>{props.progress.ready}</dd>
        </div>
      </dl>
    </section>
  );
}

function DatesCard(props: { counts: DueCounts }) {
  return (
    <section class="card" aria-labelledby="card-dates">
      <h3 id="card-dates">Due dates</h3>
      <dl class="count-list">
        <div class="count" classList={{ overdue: props.counts.overdue > 0 }}>
          <dt>Overdue</dt>
          <dd>{props.counts.overdue}</dd>
        </div>
        <div class="count">
          <dt>Due today</dt>
          <dd>{props.counts.due_today}</dd>
        </div>
        <div class="count">
          <dt>Due this week</dt>
          <dd>{props.counts.due_this_week}</dd>
        </div>
      </dl>
      <p class="muted small">
        <Show when={props.counts.next_due} fallback="No open task is due.">
          {(next) => <>Next due: {formatDayFull(next())}</>}
        </Show>
      </p>
    </section>
  );
}

function EffortCard(props: { progress: SessionProgress }) {
  const estimated = () => props.progress.estimated_effort;
  const actual = () => props.progress.actual_effort;
  return (
    <section class="card" aria-labelledby="card-effort">
      <h3 id="card-effort">Effort</h3>
      <dl class="info-list">
        <dt>Estimated</dt>
        <dd>{hours(estimated())}</dd>
        <dt>Actual</dt>
        <dd>{hours(actual())}</dd>
        <dt>Actual vs estimate</dt>
        <dd>
          <Show when={estimated() > 0} fallback={<span class="muted">no estimates yet</span>}>
            {Math.round((100 * actual()) / estimated())}%
          </Show>
        </dd>
      </dl>
    </section>
  );
}

function ForecastCard(props: { progress: SessionProgress; since: string; target: string | null }) {
  const projection = createMemo(() =>
    projectCompletion({
      since: props.since,
      now: new Date(),
      completed: props.progress.completed_since_created,
      remaining:
        props.progress.total - props.progress.completed - props.progress.by_status.cancelled,
    }),
  );
  return (
    <section class="card" aria-labelledby="card-forecast">
      <h3 id="card-forecast">Estimated completion</h3>
      <p class="forecast">
        {(() => {
          const p = projection();
          switch (p.kind) {
            case 'empty':
              return 'No tasks yet.';
            case 'done':
              return 'Every task is done.';
            case 'no-data':
              return 'Not enough data yet: no task has been completed since the session began.';
            case 'projected':
              return `About ${dateText(p.date)}: ${p.remaining} open ${
                p.remaining === 1 ? 'task' : 'tasks'
              } at ${Math.round(p.perDay * 10) / 10} done per day so far.`;
          }
        })()}
      </p>
      <Show when={props.target}>
        {(target) => (
          <p class="small">
            <span class="muted">Target date: </span>
            {dateText(new Date(target()))}
          </p>
        )}
      </Show>
    </section>
  );
}

function GroupBars(props: { groups: readonly TaskGroup[]; progress: readonly GroupProgress[] }) {
  const ordered = createMemo(() => depthFirst(props.groups));
  const byId = createMemo(() => new Map(props.progress.map((g) => [g.group_id, g])));
  const hasChildren = (id: string) => props.groups.some((g) => g.parent_group_id === id);
  return (
    <ul class="group-bars">
      <For each={ordered()}>
        {(group) => {
          const p = () => byId().get(group.group_id);
          return (
            <li style={{ 'padding-left': `${group.group_level * 1.25}rem` }}>
              <span class="group-name">{group.group_name}</span>
              <ProgressBar
                label={`Progress of group “${group.group_name}”`}
                completed={p()?.rollup_completed ?? group.completed_tasks}
                total={p()?.rollup_total ?? group.total_tasks}
                percentage={p()?.rollup_percentage ?? group.progress_percentage}
              />
              <Show when={hasChildren(group.group_id) && p()}>
                {(own) => (
                  <span class="muted small">
                    with nested groups; its own tasks: {own().completed} of {own().total}
                  </span>
                )}
              </Show>
            </li>
          );
        }}
      </For>
    </ul>
  );
}
