/** Mounts the app on the page's #root, connected to the database worker. */
// The shared styles come first: each view's own CSS, imported by the view, follows them.
import './styles/tokens.css';
import './styles/base.css';
import './styles/controls.css';
import { render } from 'solid-js/web';
import { App } from './app/App';
import { DbContext } from './app/context';
import { createDbClient } from './data/client';
import { requestPersistentStorage } from './pwa/storage';

const client = createDbClient();
void requestPersistentStorage();
const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
render(
  () => (
    <DbContext.Provider value={client}>
      <App />
    </DbContext.Provider>
  ),
  root,
);
