-- What two-way sync with session.md needs beyond database-design.md's tables:
-- the session's free-form notes (kept verbatim from the file), the last synchronized text
-- (the base of the three-way merge), backups of file contents before a sync changes them,
-- and the short change log shown at the end of session.md.

CREATE TABLE session_notes (
    session_id TEXT PRIMARY KEY,
    content TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (session_id) REFERENCES sessions (session_id) ON DELETE CASCADE
);

CREATE TABLE markdown_sync_base (
    sync_id TEXT PRIMARY KEY,
    base_text TEXT NOT NULL,
    saved_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (sync_id) REFERENCES markdown_sync_state (sync_id) ON DELETE CASCADE
);

CREATE TABLE markdown_backups (
    backup_id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    markdown_file_path TEXT NOT NULL,
    content TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (session_id) REFERENCES sessions (session_id) ON DELETE CASCADE
);

CREATE INDEX idx_markdown_backups_session ON markdown_backups (session_id, created_at);

CREATE TABLE session_change_log (
    entry_id INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    message TEXT NOT NULL,
    FOREIGN KEY (session_id) REFERENCES sessions (session_id) ON DELETE CASCADE
);

CREATE INDEX idx_session_change_log_session ON session_change_log (session_id, changed_at);
