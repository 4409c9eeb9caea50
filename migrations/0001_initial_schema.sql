-- The schema of database-design.md ("Enhanced Database Schema Design"), as written:
-- every table, column, default, CHECK, UNIQUE, FOREIGN KEY and index, with its names.
-- Fixes for the places where that spec contradicts itself come in later migrations.

CREATE TABLE sessions (
    session_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT,
    session_type TEXT DEFAULT 'project',
    mode_file TEXT,
    status TEXT DEFAULT 'active',
    project_root_path TEXT,
    markdown_file_path TEXT,
    priority_level INTEGER DEFAULT 3,
    total_tasks INTEGER DEFAULT 0,
    completed_tasks INTEGER DEFAULT 0,
    progress_percentage REAL DEFAULT 0.0,
    estimated_completion_date TIMESTAMP,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    activated_at TIMESTAMP,
    last_activity_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    completed_at TIMESTAMP,
    archived_at TIMESTAMP,
    CHECK (priority_level BETWEEN 1 AND 5),
    CHECK (progress_percentage BETWEEN 0.0 AND 100.0)
);

CREATE TABLE active_session (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    session_id TEXT NOT NULL,
    activated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    context_data JSON,
    FOREIGN KEY (session_id) REFERENCES sessions (session_id) ON DELETE CASCADE
);

CREATE TABLE tasks (
    task_id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    parent_task_id TEXT,
    root_task_id TEXT,
    task_group TEXT,
    level INTEGER DEFAULT 0,
    hierarchy_path TEXT,
    position_in_group INTEGER DEFAULT 0,
    title TEXT NOT NULL,
    description TEXT,
    specialist_type TEXT,
    complexity_level TEXT DEFAULT 'moderate',
    status TEXT DEFAULT 'pending',
    progress_percentage REAL DEFAULT 0.0,
    estimated_effort INTEGER,
    actual_effort INTEGER,
    depends_on JSON,
    blocks JSON,
    related_tasks JSON,
    markdown_section TEXT,
    file_operations_count INTEGER DEFAULT 0,
    verification_status TEXT DEFAULT 'pending',
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    started_at TIMESTAMP,
    completed_at TIMESTAMP,
    last_updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (session_id) REFERENCES sessions (session_id) ON DELETE CASCADE,
    FOREIGN KEY (parent_task_id) REFERENCES tasks (task_id) ON DELETE CASCADE,
    FOREIGN KEY (root_task_id) REFERENCES tasks (task_id) ON DELETE CASCADE,
    CHECK (level >= 0),
    CHECK (progress_percentage BETWEEN 0.0 AND 100.0),
    CHECK (estimated_effort >= 0),
    CHECK (actual_effort >= 0)
);

CREATE TABLE task_groups (
    group_id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    group_name TEXT NOT NULL,
    description TEXT,
    parent_group_id TEXT,
    group_level INTEGER DEFAULT 0,
    position_in_session INTEGER DEFAULT 0,
    specialist_focus TEXT,
    estimated_effort INTEGER DEFAULT 0,
    priority_level INTEGER DEFAULT 3,
    total_tasks INTEGER DEFAULT 0,
    completed_tasks INTEGER DEFAULT 0,
    progress_percentage REAL DEFAULT 0.0,
    markdown_section TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (session_id) REFERENCES sessions (session_id) ON DELETE CASCADE,
    FOREIGN KEY (parent_group_id) REFERENCES task_groups (group_id) ON DELETE CASCADE,
    CHECK (group_level >= 0),
    CHECK (priority_level BETWEEN 1 AND 5),
    CHECK (progress_percentage BETWEEN 0.0 AND 100.0),
    UNIQUE (session_id, group_name)
);

CREATE TABLE session_modes (
    mode_id TEXT PRIMARY KEY,
    mode_name TEXT NOT NULL,
    yaml_file_path TEXT NOT NULL,
    yaml_content_hash TEXT,
    description TEXT,
    specialist_roles JSON,
    default_complexity TEXT DEFAULT 'moderate',
    auto_task_routing BOOLEAN DEFAULT FALSE,
    is_valid BOOLEAN DEFAULT TRUE,
    last_validated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    validation_errors JSON,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (yaml_file_path)
);

CREATE TABLE session_mode_bindings (
    session_id TEXT NOT NULL,
    mode_id TEXT NOT NULL,
    bound_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    binding_context JSON,
    PRIMARY KEY (session_id, mode_id),
    FOREIGN KEY (session_id) REFERENCES sessions (session_id) ON DELETE CASCADE,
    FOREIGN KEY (mode_id) REFERENCES session_modes (mode_id) ON DELETE CASCADE
);

CREATE TABLE markdown_sync_state (
    sync_id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    markdown_file_path TEXT NOT NULL,
    last_db_to_md_sync TIMESTAMP,
    last_md_to_db_sync TIMESTAMP,
    sync_status TEXT DEFAULT 'synchronized',
    db_content_hash TEXT,
    md_content_hash TEXT,
    last_conflict_resolution TIMESTAMP,
    file_monitor_active BOOLEAN DEFAULT TRUE,
    last_file_modification TIMESTAMP,
    FOREIGN KEY (session_id) REFERENCES sessions (session_id) ON DELETE CASCADE,
    UNIQUE (session_id, markdown_file_path)
);

CREATE INDEX idx_sessions_status ON sessions (status);
CREATE INDEX idx_sessions_priority ON sessions (priority_level);
CREATE INDEX idx_sessions_activity ON sessions (last_activity_at);

CREATE INDEX idx_tasks_session ON tasks (session_id);
CREATE INDEX idx_tasks_hierarchy ON tasks (session_id, hierarchy_path);
CREATE INDEX idx_tasks_status ON tasks (session_id, status);
CREATE INDEX idx_tasks_group ON tasks (session_id, task_group);
CREATE INDEX idx_tasks_parent ON tasks (parent_task_id);

CREATE INDEX idx_task_groups_session ON task_groups (session_id);
CREATE INDEX idx_task_groups_parent ON task_groups (parent_group_id);

CREATE INDEX idx_markdown_sync_session ON markdown_sync_state (session_id);
CREATE INDEX idx_markdown_sync_status ON markdown_sync_state (sync_status);
