-- The fixes listed under "Schema notes" in PRODUCT.md, where database-design.md contradicts
-- itself. SQLite cannot add a CHECK to an existing table, so the value rules are triggers
-- (they fire on every INSERT and UPDATE, like a CHECK would). Rows an older version wrote
-- are first brought in line without losing their content.

-- 1. "Prevent duplicate session names", case-insensitively. Older duplicates keep their
--    text and get their id appended so the index can be built.
UPDATE sessions
SET name = name || ' (' || session_id || ')'
WHERE rowid NOT IN (SELECT min(rowid) FROM sessions GROUP BY name COLLATE NOCASE);

CREATE UNIQUE INDEX idx_sessions_name_nocase ON sessions (name COLLATE NOCASE);

-- 2. The full set of lifecycle states is the only set of allowed session statuses.
--    An unknown older value becomes 'error', the state the lifecycle recovers from.
UPDATE sessions
SET status = 'error'
WHERE status IS NULL
   OR status NOT IN ('creating', 'active', 'paused', 'completed', 'archived', 'cancelled', 'error');

CREATE TRIGGER sessions_status_insert BEFORE INSERT ON sessions
WHEN NEW.status IS NULL
  OR NEW.status NOT IN ('creating', 'active', 'paused', 'completed', 'archived', 'cancelled', 'error')
BEGIN
  SELECT RAISE(ABORT, 'sessions.status must be one of creating, active, paused, completed, archived, cancelled, error');
END;

CREATE TRIGGER sessions_status_update BEFORE UPDATE OF status ON sessions
WHEN NEW.status IS NULL
  OR NEW.status NOT IN ('creating', 'active', 'paused', 'completed', 'archived', 'cancelled', 'error')
BEGIN
  SELECT RAISE(ABORT, 'sessions.status must be one of creating, active, paused, completed, archived, cancelled, error');
END;

-- Task and sync statuses get the same guard, with the values the app uses.
UPDATE tasks
SET status = 'pending'
WHERE status IS NULL OR status NOT IN ('pending', 'in_progress', 'blocked', 'completed', 'cancelled');

CREATE TRIGGER tasks_status_insert BEFORE INSERT ON tasks
WHEN NEW.status IS NULL
  OR NEW.status NOT IN ('pending', 'in_progress', 'blocked', 'completed', 'cancelled')
BEGIN
  SELECT RAISE(ABORT, 'tasks.status must be one of pending, in_progress, blocked, completed, cancelled');
END;

CREATE TRIGGER tasks_status_update BEFORE UPDATE OF status ON tasks
WHEN NEW.status IS NULL
  OR NEW.status NOT IN ('pending', 'in_progress', 'blocked', 'completed', 'cancelled')
BEGIN
  SELECT RAISE(ABORT, 'tasks.status must be one of pending, in_progress, blocked, completed, cancelled');
END;

UPDATE markdown_sync_state
SET sync_status = 'conflict'
WHERE sync_status IS NULL
   OR sync_status NOT IN ('synchronized', 'db_newer', 'md_newer', 'conflict');

CREATE TRIGGER markdown_sync_status_insert BEFORE INSERT ON markdown_sync_state
WHEN NEW.sync_status IS NULL
  OR NEW.sync_status NOT IN ('synchronized', 'db_newer', 'md_newer', 'conflict')
BEGIN
  SELECT RAISE(ABORT, 'markdown_sync_state.sync_status must be one of synchronized, db_newer, md_newer, conflict');
END;

CREATE TRIGGER markdown_sync_status_update BEFORE UPDATE OF sync_status ON markdown_sync_state
WHEN NEW.sync_status IS NULL
  OR NEW.sync_status NOT IN ('synchronized', 'db_newer', 'md_newer', 'conflict')
BEGIN
  SELECT RAISE(ABORT, 'markdown_sync_state.sync_status must be one of synchronized, db_newer, md_newer, conflict');
END;

-- 3. JSON columns hold valid JSON only. Older invalid text is kept, quoted as a JSON string.
UPDATE tasks SET depends_on = json_quote(depends_on)
WHERE depends_on IS NOT NULL AND NOT json_valid(depends_on);
UPDATE tasks SET blocks = json_quote(blocks)
WHERE blocks IS NOT NULL AND NOT json_valid(blocks);
UPDATE tasks SET related_tasks = json_quote(related_tasks)
WHERE related_tasks IS NOT NULL AND NOT json_valid(related_tasks);
UPDATE active_session SET context_data = json_quote(context_data)
WHERE context_data IS NOT NULL AND NOT json_valid(context_data);
UPDATE session_modes SET specialist_roles = json_quote(specialist_roles)
WHERE specialist_roles IS NOT NULL AND NOT json_valid(specialist_roles);
UPDATE session_modes SET validation_errors = json_quote(validation_errors)
WHERE validation_errors IS NOT NULL AND NOT json_valid(validation_errors);
UPDATE session_mode_bindings SET binding_context = json_quote(binding_context)
WHERE binding_context IS NOT NULL AND NOT json_valid(binding_context);

CREATE TRIGGER tasks_json_insert BEFORE INSERT ON tasks
WHEN (NEW.depends_on IS NOT NULL AND NOT json_valid(NEW.depends_on))
  OR (NEW.blocks IS NOT NULL AND NOT json_valid(NEW.blocks))
  OR (NEW.related_tasks IS NOT NULL AND NOT json_valid(NEW.related_tasks))
BEGIN
  SELECT RAISE(ABORT, 'tasks.depends_on, blocks and related_tasks must hold valid JSON');
END;

CREATE TRIGGER tasks_json_update BEFORE UPDATE OF depends_on, blocks, related_tasks ON tasks
WHEN (NEW.depends_on IS NOT NULL AND NOT json_valid(NEW.depends_on))
  OR (NEW.blocks IS NOT NULL AND NOT json_valid(NEW.blocks))
  OR (NEW.related_tasks IS NOT NULL AND NOT json_valid(NEW.related_tasks))
BEGIN
  SELECT RAISE(ABORT, 'tasks.depends_on, blocks and related_tasks must hold valid JSON');
END;

CREATE TRIGGER active_session_json_insert BEFORE INSERT ON active_session
WHEN NEW.context_data IS NOT NULL AND NOT json_valid(NEW.context_data)
BEGIN
  SELECT RAISE(ABORT, 'active_session.context_data must hold valid JSON');
END;

CREATE TRIGGER active_session_json_update BEFORE UPDATE OF context_data ON active_session
WHEN NEW.context_data IS NOT NULL AND NOT json_valid(NEW.context_data)
BEGIN
  SELECT RAISE(ABORT, 'active_session.context_data must hold valid JSON');
END;

CREATE TRIGGER session_modes_json_insert BEFORE INSERT ON session_modes
WHEN (NEW.specialist_roles IS NOT NULL AND NOT json_valid(NEW.specialist_roles))
  OR (NEW.validation_errors IS NOT NULL AND NOT json_valid(NEW.validation_errors))
BEGIN
  SELECT RAISE(ABORT, 'session_modes.specialist_roles and validation_errors must hold valid JSON');
END;

CREATE TRIGGER session_modes_json_update BEFORE UPDATE OF specialist_roles, validation_errors ON session_modes
WHEN (NEW.specialist_roles IS NOT NULL AND NOT json_valid(NEW.specialist_roles))
  OR (NEW.validation_errors IS NOT NULL AND NOT json_valid(NEW.validation_errors))
BEGIN
  SELECT RAISE(ABORT, 'session_modes.specialist_roles and validation_errors must hold valid JSON');
END;

CREATE TRIGGER session_mode_bindings_json_insert BEFORE INSERT ON session_mode_bindings
WHEN NEW.binding_context IS NOT NULL AND NOT json_valid(NEW.binding_context)
BEGIN
  SELECT RAISE(ABORT, 'session_mode_bindings.binding_context must hold valid JSON');
END;

CREATE TRIGGER session_mode_bindings_json_update BEFORE UPDATE OF binding_context ON session_mode_bindings
WHEN NEW.binding_context IS NOT NULL AND NOT json_valid(NEW.binding_context)
BEGIN
  SELECT RAISE(ABORT, 'session_mode_bindings.binding_context must hold valid JSON');
END;
