/**
 * The app's views, in navigation order. A session view shows the selected session; a global
 * view stands alone. Each entry names its keyboard shortcut (Alt + key) for the help dialog.
 */
import { type Component, Show } from 'solid-js';
import { SessionView } from './tasks/SessionView';
import { MarkdownPreview } from './preview/MarkdownPreview';
import { ImportView } from './import/ImportView';
import { FolderView } from './sync/FolderView';
import { Dashboard } from './dashboard/Dashboard';
import { ModesView } from './modes/ModesView';
import { useTaskEditor } from './tasks/task-editor-host';
import { SearchView } from './search/SearchView';
import { DataView } from './data/DataView';

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
    component: (props) => {
      const openEditor = useTaskEditor();
      return (
        <Show when={props.sessionId}>
          {(id) => <SessionView sessionId={id()} onEdit={openEditor} />}
        </Show>
      );
    },
  },
  {
    id: 'dashboard',
    label: 'Dashboard',
    scope: 'session',
    key: '2',
    component: (props) => (
      <Show when={props.sessionId}>{(id) => <Dashboard sessionId={id()} />}</Show>
    ),
  },
  {
    id: 'modes',
    label: 'Modes',
    scope: 'global',
    key: '3',
    component: (props) => <ModesView sessionId={props.sessionId} />,
  },
  {
    id: 'markdown',
    label: 'Markdown',
    scope: 'session',
    key: '7',
    component: (props) => (
      <Show when={props.sessionId}>{(id) => <MarkdownPreview sessionId={id()} />}</Show>
    ),
  },
  {
    id: 'import',
    label: 'Import plan',
    scope: 'global',
    key: '8',
    component: (props) => <ImportView {...props} />,
  },
  {
    id: 'folder',
    label: 'Project folder',
    scope: 'global',
    key: '9',
    component: () => <FolderView />,
  },
  {
    id: 'search',
    label: 'Search',
    scope: 'global',
    key: '5',
    component: (props) => <SearchView {...props} />,
  },
  {
    id: 'data',
    label: 'Data',
    scope: 'global',
    key: '6',
    component: (props) => <DataView {...props} />,
  },
];
