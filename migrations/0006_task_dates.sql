-- Due and scheduled dates of tasks: calendar dates written YYYY-MM-DD (no time, no zone: a
-- date means the same day wherever the plan is opened), or NULL when the task has none.
-- Added after the seed's columns so its names and order stay as database-design.md has
-- them. As in 0002, SQLite cannot add a CHECK that an ALTER TABLE would verify, so the value
-- rule is a trigger pair; `date(x) IS x` also refuses days that do not exist (2026-02-30).

ALTER TABLE tasks ADD COLUMN due_date TEXT;
ALTER TABLE tasks ADD COLUMN scheduled_date TEXT;

CREATE TRIGGER tasks_dates_insert BEFORE INSERT ON tasks
WHEN (NEW.due_date IS NOT NULL AND (
        NEW.due_date NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
        OR date(NEW.due_date) IS NOT NEW.due_date))
  OR (NEW.scheduled_date IS NOT NULL AND (
        NEW.scheduled_date NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
        OR date(NEW.scheduled_date) IS NOT NEW.scheduled_date))
BEGIN
  SELECT RAISE(ABORT, 'tasks.due_date and tasks.scheduled_date must be dates written YYYY-MM-DD');
END;

CREATE TRIGGER tasks_dates_update BEFORE UPDATE OF due_date, scheduled_date ON tasks
WHEN (NEW.due_date IS NOT NULL AND (
        NEW.due_date NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
        OR date(NEW.due_date) IS NOT NEW.due_date))
  OR (NEW.scheduled_date IS NOT NULL AND (
        NEW.scheduled_date NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
        OR date(NEW.scheduled_date) IS NOT NEW.scheduled_date))
BEGIN
  SELECT RAISE(ABORT, 'tasks.due_date and tasks.scheduled_date must be dates written YYYY-MM-DD');
END;

-- "What is due / overdue in this session" (dashboard, tree sort): an index range per session.
CREATE INDEX idx_tasks_session_due ON tasks (session_id, due_date) WHERE due_date IS NOT NULL;
