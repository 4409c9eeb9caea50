/**
 * The app's views, in navigation order. A session view shows the selected session; a global
 * view stands alone. Alt + a view's place (1…9) opens it; the help dialog lists them.
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
  /** Alt + this key opens the view: its place in the navigation, 1 to 9. */
  key: string;
  component: Component<ViewProps>;
}

const entries: Omit<ViewEntry, 'key'>[] = [
  {
    id: 'tasks',
    label: 'Tasks',
    scope: 'session',
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
    component: (props) => (
      <Show when={props.sessionId}>{(id) => <Dashboard sessionId={id()} />}</Show>
    ),
  },
  {
    id: 'modes',
    label: 'Modes',
    scope: 'global',
    component: (props) => <ModesView sessionId={props.sessionId} />,
  },
  {
    id: 'markdown',
    label: 'Markdown',
    scope: 'session',
    component: (props) => (
      <Show when={props.sessionId}>{(id) => <MarkdownPreview sessionId={id()} />}</Show>
    ),
  },
  {
    id: 'import',
    label: 'Import plan',
    scope: 'global',
    component: (props) => <ImportView {...props} />,
  },
  {
    id: 'folder',
    label: 'Project folder',
    scope: 'global',
    component: () => <FolderView />,
  },
  {
    id: 'search',
    label: 'Search',
    scope: 'global',
    component: (props) => <SearchView {...props} />,
  },
  {
    id: 'data',
    label: 'Data',
    scope: 'global',
    component: (props) => <DataView {...props} />,
  },
];

/** Alt+1…9 follow the navigation's order, so the shortcut is where the eye finds the tab. */
export const views: ViewEntry[] = entries.map((entry, index) => ({
  ...entry,
  key: String(index + 1),
}));
