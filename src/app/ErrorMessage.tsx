/** A worker's refusal, shown next to the control the user acted on. */
import { Show } from 'solid-js';
import type { AppError } from '../../workers/api';

export function ErrorMessage(props: {
  error: AppError | undefined;
  onDismiss?: (() => void) | undefined;
}) {
  return (
    <Show when={props.error}>
      {(error) => (
        <p class="error" role="alert">
          <span>{error().message}</span>
          <Show when={props.onDismiss}>
            <button
              type="button"
              class="link"
              aria-label="Dismiss message"
              onClick={() => props.onDismiss?.()}
            >
              ×
            </button>
          </Show>
        </p>
      )}
    </Show>
  );
}
