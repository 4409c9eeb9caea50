/** The search API: full-text search over sessions, tasks, groups and notes. */
import { type SearchHit, type SearchOptions, searchAll } from '../domain/search';
import type { ApiContext, MethodList, Reply } from './context';

export interface SearchApi {
  /**
   * Full-text search (FTS5) over session names and descriptions, task titles and
   * descriptions, group names and session notes; ranked, with the match marked in
   * `snippet` segments. Any text is a valid query (search syntax is never interpreted).
   */
  search(query: string, options: SearchOptions): Reply<SearchHit[]>;
}

export const searchMethods = { search: true } satisfies MethodList<SearchApi>;

export function searchApi({ db }: ApiContext): SearchApi {
  return { search: (query, options) => searchAll(db, query, options) };
}
