-- Progress counters that can never be stale: the task and completed-task counts of sessions
-- and groups are kept by triggers on tasks, so every writer (the app, sync, cleanup, a
-- cascade) keeps them right. Group counters cover the tasks whose task_group is that group.
-- Also: at most one session is 'active' (the active_session singleton names it).

CREATE TRIGGER tasks_counters_insert AFTER INSERT ON tasks
BEGIN
  UPDATE sessions
  SET total_tasks = total_tasks + 1,
      completed_tasks = completed_tasks + (NEW.status = 'completed'),
      progress_percentage = round(100.0 * (completed_tasks + (NEW.status = 'completed')) / (total_tasks + 1), 2)
  WHERE session_id = NEW.session_id;
  UPDATE task_groups
  SET total_tasks = total_tasks + 1,
      completed_tasks = completed_tasks + (NEW.status = 'completed'),
      progress_percentage = round(100.0 * (completed_tasks + (NEW.status = 'completed')) / (total_tasks + 1), 2)
  WHERE group_id = NEW.task_group;
END;

CREATE TRIGGER tasks_counters_delete AFTER DELETE ON tasks
BEGIN
  UPDATE sessions
  SET total_tasks = total_tasks - 1,
      completed_tasks = completed_tasks - (OLD.status = 'completed'),
      progress_percentage = CASE WHEN total_tasks - 1 <= 0 THEN 0.0
        ELSE round(100.0 * (completed_tasks - (OLD.status = 'completed')) / (total_tasks - 1), 2) END
  WHERE session_id = OLD.session_id;
  UPDATE task_groups
  SET total_tasks = total_tasks - 1,
      completed_tasks = completed_tasks - (OLD.status = 'completed'),
      progress_percentage = CASE WHEN total_tasks - 1 <= 0 THEN 0.0
        ELSE round(100.0 * (completed_tasks - (OLD.status = 'completed')) / (total_tasks - 1), 2) END
  WHERE group_id = OLD.task_group;
END;

-- A change of status, group or session counts as leaving the old place and entering the new.
CREATE TRIGGER tasks_counters_update AFTER UPDATE OF status, task_group, session_id ON tasks
WHEN OLD.status IS NOT NEW.status
  OR OLD.task_group IS NOT NEW.task_group
  OR OLD.session_id IS NOT NEW.session_id
BEGIN
  UPDATE sessions
  SET total_tasks = total_tasks - 1,
      completed_tasks = completed_tasks - (OLD.status = 'completed'),
      progress_percentage = CASE WHEN total_tasks - 1 <= 0 THEN 0.0
        ELSE round(100.0 * (completed_tasks - (OLD.status = 'completed')) / (total_tasks - 1), 2) END
  WHERE session_id = OLD.session_id;
  UPDATE task_groups
  SET total_tasks = total_tasks - 1,
      completed_tasks = completed_tasks - (OLD.status = 'completed'),
      progress_percentage = CASE WHEN total_tasks - 1 <= 0 THEN 0.0
        ELSE round(100.0 * (completed_tasks - (OLD.status = 'completed')) / (total_tasks - 1), 2) END
  WHERE group_id = OLD.task_group;
  UPDATE sessions
  SET total_tasks = total_tasks + 1,
      completed_tasks = completed_tasks + (NEW.status = 'completed'),
      progress_percentage = round(100.0 * (completed_tasks + (NEW.status = 'completed')) / (total_tasks + 1), 2)
  WHERE session_id = NEW.session_id;
  UPDATE task_groups
  SET total_tasks = total_tasks + 1,
      completed_tasks = completed_tasks + (NEW.status = 'completed'),
      progress_percentage = round(100.0 * (completed_tasks + (NEW.status = 'completed')) / (total_tasks + 1), 2)
  WHERE group_id = NEW.task_group;
END;

-- Bring counters an older version left behind in line before the triggers take over.
UPDATE sessions
SET total_tasks = (SELECT count(*) FROM tasks t WHERE t.session_id = sessions.session_id),
    completed_tasks = (SELECT count(*) FROM tasks t
                       WHERE t.session_id = sessions.session_id AND t.status = 'completed');
UPDATE sessions
SET progress_percentage = CASE WHEN total_tasks = 0 THEN 0.0
                          ELSE round(100.0 * completed_tasks / total_tasks, 2) END;
UPDATE task_groups
SET total_tasks = (SELECT count(*) FROM tasks t WHERE t.task_group = task_groups.group_id),
    completed_tasks = (SELECT count(*) FROM tasks t
                       WHERE t.task_group = task_groups.group_id AND t.status = 'completed');
UPDATE task_groups
SET progress_percentage = CASE WHEN total_tasks = 0 THEN 0.0
                          ELSE round(100.0 * completed_tasks / total_tasks, 2) END;

-- Exactly one active session: an older database with several keeps the one active_session
-- names (else the most recently active) and pauses the others.
UPDATE sessions
SET status = 'paused'
WHERE status = 'active'
  AND session_id IS NOT coalesce(
    (SELECT session_id FROM active_session WHERE id = 1),
    (SELECT session_id FROM sessions WHERE status = 'active'
     ORDER BY last_activity_at DESC, rowid DESC LIMIT 1));

CREATE UNIQUE INDEX idx_sessions_single_active ON sessions (status) WHERE status = 'active';
