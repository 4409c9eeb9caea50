/**
 * Conversions from database rows to the model's plain objects: JSON list columns become
 * string arrays (anything that is not a list of strings reads as an empty list).
 */
import type { Task } from '../../core/model';
import type { Row } from '../db/sqlite';

export function idListFromJson(text: unknown): string[] {
  if (typeof text !== 'string' || text === '') return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value)
      ? value.filter((item): item is string => typeof item === 'string')
      : [];
  } catch {
    return [];
  }
}

export function taskFromRow(row: Row): Task {
  return {
    ...(row as unknown as Task),
    depends_on: idListFromJson(row.depends_on),
    blocks: idListFromJson(row.blocks),
    related_tasks: idListFromJson(row.related_tasks),
  };
}
