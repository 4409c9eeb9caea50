/**
 * Cleanup: a dry run that lists orphans and inconsistencies with what fixing would do, then
 * one action that fixes them all (in one transaction) and says what was fixed and what is left.
 */
import { For, Show, createSignal } from 'solid-js';
import type { AppError, CleanupProblem, CleanupReport } from '../../../workers/api';
import { useDb } from '../context';
import { ErrorMessage } from '../ErrorMessage';
import { settle } from './settle';

function ProblemTable(props: { problems: readonly CleanupProblem[]; caption: string }) {
  return (
    <div class="table-scroll">
      <table class="problem-table">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Problem</th>
            <th scope="col">Row</th>
            <th scope="col">What is wrong</th>
            <th scope="col">Fix</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.problems}>
            {(problem) => (
              <tr>
                <td>
                  <code>{problem.kind}</code>
                </td>
                <td>
                  <code>{problem.table}</code> <code class="muted">{problem.id}</code>
                </td>
                <td>{problem.message}</td>
                <td>{problem.fix}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

const problemCount = (n: number) => (n === 1 ? '1 problem' : `${n} problems`);

export function CleanupSection() {
  const db = useDb();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<AppError>();
  const [problems, setProblems] = createSignal<CleanupProblem[]>();
  const [report, setReport] = createSignal<CleanupReport>();

  async function check() {
    setBusy(true);
    setError(undefined);
    setReport(undefined);
    const result = await settle(db.api.findProblems());
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setProblems(result.value);
  }

  async function fix() {
    setBusy(true);
    setError(undefined);
    const result = await settle(db.api.fixProblems());
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setProblems(undefined);
    setReport(result.value);
  }

  return (
    <section class="data-section" aria-labelledby="data-cleanup-title">
      <h3 id="data-cleanup-title">Cleanup</h3>
      <p class="muted">
        Looks for orphaned rows, wrong hierarchy fields, one-sided dependencies, stale counters and
        a search index out of step. Checking changes nothing; fixing keeps what people wrote
        wherever it can.
      </p>
      <div class="data-actions">
        <button type="button" class="secondary" disabled={busy()} onClick={() => void check()}>
          Check for problems
        </button>
        <Show when={(problems()?.length ?? 0) > 0}>
          <button type="button" disabled={busy()} onClick={() => void fix()}>
            Fix {problemCount(problems()?.length ?? 0)}
          </button>
        </Show>
      </div>
      <ErrorMessage error={error()} onDismiss={() => setError(undefined)} />
      <div role="status" class="data-report">
        <Show when={problems()}>
          {(list) => (
            <Show when={list().length > 0} fallback={<p class="data-ok">No problems found.</p>}>
              <p>Found {problemCount(list().length)}:</p>
              <ProblemTable problems={list()} caption="Problems found" />
            </Show>
          )}
        </Show>
        <Show when={report()}>
          {(done) => (
            <>
              <p class="data-ok">
                Fixed {problemCount(done().fixed.length)}.
                {done().remaining.length === 0 ? ' Nothing remains.' : ''}
              </p>
              <Show when={done().fixed.length > 0}>
                <details>
                  <summary>What was fixed</summary>
                  <ProblemTable problems={done().fixed} caption="Problems fixed" />
                </details>
              </Show>
              <Show when={done().remaining.length > 0}>
                <p class="warning-text">
                  {problemCount(done().remaining.length)} remain after fixing:
                </p>
                <ProblemTable problems={done().remaining} caption="Problems that remain" />
              </Show>
            </>
          )}
        </Show>
      </div>
    </section>
  );
}
