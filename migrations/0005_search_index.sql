-- Full-text search over session names and descriptions, group names and descriptions, task
-- titles and descriptions, and session notes (FTS5).
--
-- Two parts, so that every write stays an indexed lookup:
--   search_documents  one ordinary row per searchable thing: its kind, its id, its session, and
--                     a copy of its text (title = the name or title, body = description/notes).
--                     UNIQUE (kind, ref_id) lets a trigger find "the document of task X" by
--                     index; FTS5 UNINDEXED columns would need a full scan of the index.
--   search_index      an external-content FTS5 table over search_documents (rowid = doc_id),
--                     so snippet() and highlight() read the text from there.
-- Triggers on the source tables keep search_documents in step (cascading deletes fire them too),
-- and triggers on search_documents keep search_index in step. No writer has to remember it.
--
-- Tokenizer: unicode61 with remove_diacritics 2, so "cafe" finds "Café" and case never matters.
-- Prefix indexes of 2 and 3 characters make search-as-you-type prefix queries cheap.

CREATE TABLE search_documents (
    doc_id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('session', 'group', 'task', 'notes')),
    ref_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    UNIQUE (kind, ref_id)
);

CREATE VIRTUAL TABLE search_index USING fts5 (
    title,
    body,
    content = 'search_documents',
    content_rowid = 'doc_id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

-- A hit in a title counts four times a hit in a body (kept in the index's own config, so
-- `ORDER BY rank` uses it).
INSERT INTO search_index (search_index, rank) VALUES ('rank', 'bm25(4.0, 1.0)');

-- What the documents should be, derived from the source tables. Used to fill the index here
-- and by cleanup to find documents that drifted.
CREATE VIEW search_sources (kind, ref_id, session_id, title, body) AS
    SELECT 'session', session_id, session_id, name, coalesce(description, '') FROM sessions
    UNION ALL
    SELECT 'group', group_id, session_id, group_name, coalesce(description, '') FROM task_groups
    UNION ALL
    SELECT 'task', task_id, session_id, title, coalesce(description, '') FROM tasks
    UNION ALL
    SELECT 'notes', session_id, session_id, '', coalesce(content, '') FROM session_notes;

-- search_documents → search_index (the external-content protocol: delete with the old text).
CREATE TRIGGER search_documents_insert AFTER INSERT ON search_documents
BEGIN
  INSERT INTO search_index (rowid, title, body) VALUES (NEW.doc_id, NEW.title, NEW.body);
END;

CREATE TRIGGER search_documents_delete AFTER DELETE ON search_documents
BEGIN
  INSERT INTO search_index (search_index, rowid, title, body)
  VALUES ('delete', OLD.doc_id, OLD.title, OLD.body);
END;

CREATE TRIGGER search_documents_update AFTER UPDATE OF title, body ON search_documents
WHEN OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body
BEGIN
  INSERT INTO search_index (search_index, rowid, title, body)
  VALUES ('delete', OLD.doc_id, OLD.title, OLD.body);
  INSERT INTO search_index (rowid, title, body) VALUES (NEW.doc_id, NEW.title, NEW.body);
END;

-- Source tables → search_documents. Updates upsert, so a missing document is recreated
-- rather than silently skipped.
CREATE TRIGGER search_sessions_insert AFTER INSERT ON sessions
BEGIN
  INSERT INTO search_documents (kind, ref_id, session_id, title, body)
  VALUES ('session', NEW.session_id, NEW.session_id, NEW.name, coalesce(NEW.description, ''))
  ON CONFLICT (kind, ref_id) DO UPDATE SET session_id = excluded.session_id,
    title = excluded.title, body = excluded.body;
END;

CREATE TRIGGER search_sessions_update AFTER UPDATE OF session_id, name, description ON sessions
WHEN OLD.session_id IS NOT NEW.session_id OR OLD.name IS NOT NEW.name
  OR OLD.description IS NOT NEW.description
BEGIN
  DELETE FROM search_documents WHERE kind = 'session' AND ref_id = OLD.session_id
    AND OLD.session_id IS NOT NEW.session_id;
  INSERT INTO search_documents (kind, ref_id, session_id, title, body)
  VALUES ('session', NEW.session_id, NEW.session_id, NEW.name, coalesce(NEW.description, ''))
  ON CONFLICT (kind, ref_id) DO UPDATE SET session_id = excluded.session_id,
    title = excluded.title, body = excluded.body;
END;

CREATE TRIGGER search_sessions_delete AFTER DELETE ON sessions
BEGIN
  DELETE FROM search_documents WHERE kind = 'session' AND ref_id = OLD.session_id;
END;

CREATE TRIGGER search_groups_insert AFTER INSERT ON task_groups
BEGIN
  INSERT INTO search_documents (kind, ref_id, session_id, title, body)
  VALUES ('group', NEW.group_id, NEW.session_id, NEW.group_name, coalesce(NEW.description, ''))
  ON CONFLICT (kind, ref_id) DO UPDATE SET session_id = excluded.session_id,
    title = excluded.title, body = excluded.body;
END;

CREATE TRIGGER search_groups_update AFTER UPDATE OF group_id, session_id, group_name, description
ON task_groups
WHEN OLD.group_id IS NOT NEW.group_id OR OLD.session_id IS NOT NEW.session_id
  OR OLD.group_name IS NOT NEW.group_name OR OLD.description IS NOT NEW.description
BEGIN
  DELETE FROM search_documents WHERE kind = 'group' AND ref_id = OLD.group_id
    AND OLD.group_id IS NOT NEW.group_id;
  INSERT INTO search_documents (kind, ref_id, session_id, title, body)
  VALUES ('group', NEW.group_id, NEW.session_id, NEW.group_name, coalesce(NEW.description, ''))
  ON CONFLICT (kind, ref_id) DO UPDATE SET session_id = excluded.session_id,
    title = excluded.title, body = excluded.body;
END;

CREATE TRIGGER search_groups_delete AFTER DELETE ON task_groups
BEGIN
  DELETE FROM search_documents WHERE kind = 'group' AND ref_id = OLD.group_id;
END;

CREATE TRIGGER search_tasks_insert AFTER INSERT ON tasks
BEGIN
  INSERT INTO search_documents (kind, ref_id, session_id, title, body)
  VALUES ('task', NEW.task_id, NEW.session_id, NEW.title, coalesce(NEW.description, ''))
  ON CONFLICT (kind, ref_id) DO UPDATE SET session_id = excluded.session_id,
    title = excluded.title, body = excluded.body;
END;

-- Only the columns that are indexed: a status change or a move (path, group, position) does
-- no search work at all.
CREATE TRIGGER search_tasks_update AFTER UPDATE OF task_id, session_id, title, description ON tasks
WHEN OLD.task_id IS NOT NEW.task_id OR OLD.session_id IS NOT NEW.session_id
  OR OLD.title IS NOT NEW.title OR OLD.description IS NOT NEW.description
BEGIN
  DELETE FROM search_documents WHERE kind = 'task' AND ref_id = OLD.task_id
    AND OLD.task_id IS NOT NEW.task_id;
  INSERT INTO search_documents (kind, ref_id, session_id, title, body)
  VALUES ('task', NEW.task_id, NEW.session_id, NEW.title, coalesce(NEW.description, ''))
  ON CONFLICT (kind, ref_id) DO UPDATE SET session_id = excluded.session_id,
    title = excluded.title, body = excluded.body;
END;

CREATE TRIGGER search_tasks_delete AFTER DELETE ON tasks
BEGIN
  DELETE FROM search_documents WHERE kind = 'task' AND ref_id = OLD.task_id;
END;

CREATE TRIGGER search_notes_insert AFTER INSERT ON session_notes
BEGIN
  INSERT INTO search_documents (kind, ref_id, session_id, title, body)
  VALUES ('notes', NEW.session_id, NEW.session_id, '', coalesce(NEW.content, ''))
  ON CONFLICT (kind, ref_id) DO UPDATE SET session_id = excluded.session_id,
    title = excluded.title, body = excluded.body;
END;

CREATE TRIGGER search_notes_update AFTER UPDATE OF session_id, content ON session_notes
WHEN OLD.session_id IS NOT NEW.session_id OR OLD.content IS NOT NEW.content
BEGIN
  DELETE FROM search_documents WHERE kind = 'notes' AND ref_id = OLD.session_id
    AND OLD.session_id IS NOT NEW.session_id;
  INSERT INTO search_documents (kind, ref_id, session_id, title, body)
  VALUES ('notes', NEW.session_id, NEW.session_id, '', coalesce(NEW.content, ''))
  ON CONFLICT (kind, ref_id) DO UPDATE SET session_id = excluded.session_id,
    title = excluded.title, body = excluded.body;
END;

CREATE TRIGGER search_notes_delete AFTER DELETE ON session_notes
BEGIN
  DELETE FROM search_documents WHERE kind = 'notes' AND ref_id = OLD.session_id;
END;

-- Index what an older version already wrote (the insert trigger above feeds search_index).
INSERT INTO search_documents (kind, ref_id, session_id, title, body)
SELECT kind, ref_id, session_id, title, body FROM search_sources WHERE true
ON CONFLICT (kind, ref_id) DO NOTHING;
