/**
 * Full-text search over sessions, groups, tasks and session notes (the FTS5 index of
 * migrations/0005). Owns turning what a person typed into a safe FTS5 query, the scopes
 * (active session / all open sessions / archived), ranking, and highlighted snippets as plain
 * text segments (never HTML).
 */
import type { Db, SqlValue } from '../db/sqlite';
import { type AppError, type Result, err, ok } from '../result';

export const searchKinds = ['session', 'group', 'task', 'notes'] as const;
export type SearchKind = (typeof searchKinds)[number];

export const searchScopes = ['active', 'all', 'archived'] as const;
export type SearchScope = (typeof searchScopes)[number];

export interface SearchOptions {
  /** 'active': the active session; 'all': every session not archived; 'archived': only those. */
  scope: SearchScope;
  /** Narrows the scope to one session. */
  sessionId?: string;
  /** Most hits to return (default 50, at most 500). */
  limit?: number;
}

/** A piece of a snippet; `match` pieces are what the query matched. Render as text. */
export interface SnippetSegment {
  text: string;
  match: boolean;
}

export interface SearchHit {
  kind: SearchKind;
  /** The session, group or task id; for notes, the session id. */
  id: string;
  session_id: string;
  session_name: string;
  /** The name or title of the hit ('Notes' for session notes). */
  title: string;
  snippet: SnippetSegment[];
}

/** Only this much of the typed text is read, and at most this many words. */
const maxQueryChars = 1000;
const maxQueryTerms = 16;
const defaultLimit = 50;
const maxLimit = 500;
const snippetTokens = 12;
// Unicode noncharacters, reserved for exactly this kind of internal marker: the tokenizer
// never indexes them and ordinary text does not contain them.
const matchStart = '\uFDD0';
const matchEnd = '\uFDD1';

/**
 * The FTS5 query for what a person typed, or null when it holds nothing searchable. Every
 * word becomes a quoted string (a `"` inside is doubled), so FTS5 operators, column filters,
 * parentheses and stray quotes are only ever text; the words must all occur (AND). The last
 * word also matches as a prefix, for search-as-you-type, unless the text ends in a space.
 */
export function ftsQueryFromText(text: string): string | null {
  const head = text.slice(0, maxQueryChars);
  // Control characters and lone surrogates are not text anyone searches for, and a NUL could
  // end the query string early inside SQLite.
  const cleaned = head.replace(/[\p{Cc}\p{Cs}]/gu, ' ');
  const words = cleaned
    .split(/\s+/u)
    // A word without a letter or digit tokenizes to nothing; FTS5 would then match no row at all.
    .filter((word) => /[\p{L}\p{N}\p{Co}]/u.test(word))
    .slice(0, maxQueryTerms);
  if (words.length === 0) return null;
  const prefixLast = !/\s$/u.test(cleaned);
  return words
    .map((word, i) => {
      const quoted = `"${word.replaceAll('"', '""')}"`;
      return prefixLast && i === words.length - 1 ? `${quoted}*` : quoted;
    })
    .join(' ');
}

/** Splits FTS5 snippet text marked with our markers into plain segments. */
export function segmentsFromSnippet(snippet: string): SnippetSegment[] {
  const segments: SnippetSegment[] = [];
  let match = false;
  let text = '';
  for (const char of snippet) {
    if (char === matchStart || char === matchEnd) {
      if (text !== '') segments.push({ text, match });
      text = '';
      match = char === matchStart;
    } else {
      text += char;
    }
  }
  if (text !== '') segments.push({ text, match });
  return segments;
}

interface HitRow {
  kind: SearchKind;
  id: string;
  session_id: string;
  session_name: string;
  title: string;
  snippet: string | null;
}

/** Fixed SQL fragments per scope; the only values in the query are bound parameters. */
const scopeFilters: Readonly<Record<SearchScope, string>> = {
  active: 'd.session_id = (SELECT session_id FROM active_session WHERE id = 1)',
  all: "s.status <> 'archived'",
  archived: "s.status = 'archived'",
};

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return defaultLimit;
  return Math.max(1, Math.min(maxLimit, Math.floor(limit)));
}

/**
 * Searches names, titles, descriptions and notes. Hits come best first (BM25, a title hit
 * weighing four times a body hit), then most recently changed. Any text is a valid query:
 * it never fails because of what was typed; text with nothing searchable gives no hits.
 */
export async function searchAll(
  db: Db,
  query: string,
  options: SearchOptions,
): Promise<Result<SearchHit[], AppError>> {
  if (!(searchScopes as readonly string[]).includes(options.scope)) {
    return err({
      type: 'Validation',
      field: 'scope',
      message: `Search scope must be one of ${searchScopes.join(', ')}.`,
    });
  }
  const match = typeof query === 'string' ? ftsQueryFromText(query) : null;
  if (match === null) return ok([]);
  const params: SqlValue[] = [match];
  let where = `search_index MATCH ?1 AND ${scopeFilters[options.scope]}`;
  if (options.sessionId !== undefined) {
    params.push(options.sessionId);
    where += ` AND d.session_id = ?${params.length}`;
  }
  params.push(clampLimit(options.limit));
  // First the hits shown, ranked, without snippets: a word in 200,000 documents must not
  // cost 200,000 snippets. Recency breaks ties in rank: each kind's own "last changed"
  // column (LEFT JOINs: correlated subqueries in ORDER BY cost a third more).
  const ranked = await db.all<{ doc_id: number }>(
    `SELECT d.doc_id
     FROM search_index
     JOIN search_documents d ON d.doc_id = search_index.rowid
     JOIN sessions s ON s.session_id = d.session_id
     LEFT JOIN tasks t ON d.kind = 'task' AND t.task_id = d.ref_id
     LEFT JOIN task_groups g ON d.kind = 'group' AND g.group_id = d.ref_id
     LEFT JOIN session_notes n ON d.kind = 'notes' AND n.session_id = d.ref_id
     WHERE ${where}
     ORDER BY search_index.rank,
       coalesce(t.last_updated_at, g.updated_at, n.updated_at, s.last_activity_at) DESC,
       d.doc_id
     LIMIT ?${params.length}`,
    params,
  );
  if (ranked.length === 0) return ok([]);
  // Then the snippets of those hits only.
  const order = ranked.map((row) => row.doc_id);
  const found = await db.all<HitRow & { doc_id: number }>(
    `SELECT d.doc_id, d.kind, d.ref_id AS id, d.session_id, s.name AS session_name,
       CASE d.kind WHEN 'notes' THEN 'Notes' ELSE d.title END AS title,
       snippet(search_index, -1, ?2, ?3, '…', ?4) AS snippet
     FROM search_index
     JOIN search_documents d ON d.doc_id = search_index.rowid
     JOIN sessions s ON s.session_id = d.session_id
     WHERE search_index MATCH ?1 AND search_index.rowid IN (SELECT value FROM json_each(?5))`,
    [match, matchStart, matchEnd, snippetTokens, JSON.stringify(order)],
  );
  const byId = new Map(found.map((row) => [row.doc_id, row]));
  const rows = order.flatMap((docId) => byId.get(docId) ?? []);
  return ok(
    rows.map((row) => ({
      kind: row.kind,
      id: row.id,
      session_id: row.session_id,
      session_name: row.session_name,
      title: row.title,
      snippet: segmentsFromSnippet(row.snippet ?? ''),
    })),
  );
}
