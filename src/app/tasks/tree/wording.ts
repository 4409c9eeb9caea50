/** How the tree says counts and asks before deleting: pure, so Node tests read the sentences. */

/** "1 task", "2 tasks". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

const listed = 5;

/**
 * The question before deleting tasks: names them (the first few), and their subtasks only
 * when they have any.
 */
export function deleteQuestion(titles: readonly string[], subtasks: number): string {
  const quoted = titles.slice(0, listed).map((t) => `“${t}”`);
  if (titles.length > listed) quoted.push(`${titles.length - listed} more`);
  const what =
    titles.length === 1 ? quoted[0] : `${plural(titles.length, 'task')}: ${quoted.join(', ')}`;
  if (subtasks === 0) return `Delete ${what}?`;
  const whose = titles.length === 1 ? 'its' : 'their';
  return `Delete ${what}${titles.length === 1 ? '' : ','} and ${whose} ${plural(subtasks, 'subtask')}?`;
}
