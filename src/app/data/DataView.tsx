/**
 * The Data view: everything about getting data in and out and keeping it healthy. Exports and
 * archiving of the selected session, JSON import, whole-database backup and restore, cleanup,
 * and storage. Each section shows its own refusals next to its own buttons.
 */
import type { ViewProps } from '../views';
import { useDb } from '../context';
import { BackupSection } from './BackupSection';
import { CleanupSection } from './CleanupSection';
import { ExportSection } from './ExportSection';
import { ImportJsonSection } from './ImportJsonSection';
import { StorageSection } from './StorageSection';
import './data.css';

export function DataView(props: ViewProps) {
  const db = useDb();

  // After a restore the selected session may no longer exist: show the restored data's
  // active session, or its first one.
  async function selectAfterRestore() {
    const active = await db.api.getActiveSession();
    if (active.ok && active.value) {
      props.onSelectSession(active.value.session_id);
      return;
    }
    const listed = await db.api.listSessions({});
    const first = listed.ok ? listed.value[0] : undefined;
    if (first) props.onSelectSession(first.session_id);
  }

  return (
    <section class="data-view" aria-labelledby="data-view-title">
      <h2 id="data-view-title">Data</h2>
      <div class="data-grid">
        <ExportSection sessionId={props.sessionId} />
        <ImportJsonSection onSelectSession={props.onSelectSession} onNavigate={props.onNavigate} />
        <BackupSection onRestored={() => void selectAfterRestore()} />
        <CleanupSection />
        <StorageSection />
      </div>
    </section>
  );
}
