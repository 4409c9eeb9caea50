/**
 * The lifecycle actions a session's state allows (lifecycle.ts), as buttons. Moves that cannot
 * be taken back (complete, cancel) ask first. A refusal is shown under the buttons.
 */
import { For, Show, createSignal } from 'solid-js';
import type { AppError, Session, SessionStatus } from '../../../workers/api';
import { useDb } from '../context';
import { ErrorMessage } from '../ErrorMessage';
import { allowedTransitions, isOneWay, transitionLabel } from './lifecycle';
import './sessions.css';

export function LifecycleActions(props: { session: Session }) {
  const { api } = useDb();
  const [error, setError] = createSignal<AppError>();
  const [confirming, setConfirming] = createSignal<SessionStatus>();
  const [busy, setBusy] = createSignal(false);
  const from = () => props.session.status;

  const move = async (to: SessionStatus) => {
    setConfirming(undefined);
    setBusy(true);
    const result = await api.transitionSession(props.session.session_id, to);
    setBusy(false);
    setError(result.ok ? undefined : result.error);
  };

  return (
    <div class="lifecycle">
      <div class="lifecycle-actions" role="group" aria-label="Session lifecycle">
        <For each={allowedTransitions(from())}>
          {(to) => (
            <button
              type="button"
              class={isOneWay(to) ? 'secondary danger' : 'secondary'}
              disabled={busy()}
              aria-expanded={isOneWay(to) ? confirming() === to : undefined}
              onClick={() => (isOneWay(to) ? setConfirming(to) : void move(to))}
            >
              {transitionLabel(from(), to)}
            </button>
          )}
        </For>
      </div>
      <Show when={confirming()}>
        {(to) => (
          <div class="confirm" role="alertdialog" aria-labelledby="lifecycle-confirm-text">
            <p id="lifecycle-confirm-text">
              {to() === 'completed' ? 'Complete' : 'Cancel'} “{props.session.name}”? It can then
              only be archived, not made active again.
            </p>
            <button
              type="button"
              class="danger"
              ref={(el) => queueMicrotask(() => el.focus())}
              onClick={() => void move(to())}
            >
              Yes, {transitionLabel(from(), to()).toLowerCase()}
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(undefined)}>
              Keep it {from()}
            </button>
          </div>
        )}
      </Show>
      <ErrorMessage error={error()} onDismiss={() => setError(undefined)} />
    </div>
  );
}
