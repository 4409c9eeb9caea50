/**
 * A labelled form field, stacked: the label above its control, then any notes, then the
 * worker's refusal (with a dismiss button) when the last save was refused.
 */
import type { JSX } from 'solid-js';
import type { AppError } from '../../workers/api';
import { ErrorMessage } from './ErrorMessage';

export function Field(props: {
  /** The id of the control the label names. */
  for: string;
  label: JSX.Element;
  error?: AppError | undefined;
  onDismiss?: () => void;
  /** The control, then any notes or extra controls shown under it. */
  children: JSX.Element;
}) {
  return (
    <div class="field">
      <label for={props.for}>{props.label}</label>
      {props.children}
      <ErrorMessage error={props.error} onDismiss={props.onDismiss} />
    </div>
  );
}
