/**
 * The app's views, in navigation order. A session view shows the selected session; a global
 * view stands alone. Each entry names its keyboard shortcut (Alt + key) for the help dialog.
 */
import { type Component, Show } from 'solid-js';
import { SessionView } from './tasks/SessionView';

export interface ViewProps {
  /** The selected session, when there is one. */
  sessionId: string | undefined;
  /** Shows another session (e.g. one just imported or found by search). */
  onSelectSession: (sessionId: string) => void;
  /** Switches to another view by id. */
  onNavigate: (viewId: string) => void;
}

export interface ViewEntry {
  id: string;
  label: string;
  scope: 'session' | 'global';
  /** Alt + this key opens the view. */
  key: string;
  component: Component<ViewProps>;
}

export const views: ViewEntry[] = [
  {
    id: 'tasks',
    label: 'Tasks',
    scope: 'session',
    key: '1',
    component: (props) => (
      <Show when={props.sessionId}>{(id) => <SessionView sessionId={id()} />}</Show>
    ),
  },
];
