/**
 * People's words for the rules the schema enforces. SQLite names the index or the columns of
 * a failed UNIQUE constraint; the ones a person can run into get a sentence of their own,
 * anything else keeps SQLite's text (which names the rule).
 */
export function constraintMessage(raw: string): string {
  if (/UNIQUE constraint failed: sessions\.name|idx_sessions_name_nocase/.test(raw)) {
    return 'A session with that name already exists (names are compared without case).';
  }
  if (/UNIQUE constraint failed: task_groups\.session_id, task_groups\.group_name/.test(raw)) {
    return 'This session already has a group with that name.';
  }
  if (/idx_sessions_single_active|UNIQUE constraint failed: sessions\.status/.test(raw)) {
    return 'Only one session can be active at a time.';
  }
  return raw.replace(/^sqlite3_\w+:\s*/, '');
}
