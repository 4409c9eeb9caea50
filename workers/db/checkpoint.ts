/**
 * When the write-ahead log is copied into the database file. It happens when the connection
 * has been quiet for a moment, not by whichever commit happens to fill the log (SQLite's
 * automatic checkpoint at 1,000 pages stays as a backstop): no edit waits for a checkpoint.
 * Only once a few dozen writes have gathered, though: the first commit after a checkpoint
 * starts the log over and syncs its header as well, and a person ticking a task every few
 * seconds would pay that second fsync on every tick.
 */
import type { Db } from './sqlite';

/** Quiet time after the last write before the write-ahead log is checkpointed… */
const checkpointAfterMs = 250;
/** …once this many writes are in it (an edit writes 3 to 8 pages: 40 stay far below 1,000). */
const checkpointAfterWrites = 40;

/**
 * Returns `wrote`, to be called after each committing call; the checkpoint itself runs
 * through `queue`, so it never interleaves with other work on the connection.
 */
export function checkpointWhenQuiet(
  db: Db,
  queue: <T>(job: () => Promise<T>) => Promise<T>,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writes = 0;
  return () => {
    clearTimeout(timer);
    if (++writes < checkpointAfterWrites) return;
    timer = setTimeout(
      () =>
        void queue(async () => {
          await db.exec('PRAGMA wal_checkpoint(PASSIVE)');
          writes = 0;
        }).catch(() => undefined),
      checkpointAfterMs,
    );
  };
}
