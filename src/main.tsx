/** Mounts the app on the page's #root, connected to the database worker. */
import { render } from 'solid-js/web';
import { App } from './app/App';
import { DbContext } from './app/context';
import { createDbClient } from './data/client';
import { requestPersistentStorage } from './pwa/storage';
import './styles.css';

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
