/**
 * The search box: search-as-you-type over sessions, groups, tasks and notes, with a scope
 * switch and ranked results whose matched words are marked. It follows the ARIA combobox
 * pattern: focus stays in the input while the arrow keys move through the options and Enter
 * opens one. '/' focuses it from anywhere unless the user is typing somewhere else.
 */
import {
  For,
  Show,
  createEffect,
  createSignal,
  createUniqueId,
  on,
  onCleanup,
  onMount,
} from 'solid-js';
import type { AppError, SearchHit, SearchScope, SnippetSegment } from '../../../workers/api';
import { useDb } from '../context';
import { ErrorMessage } from '../ErrorMessage';
import { registerSearchShortcut } from './shortcut';
import './search.css';

export interface SearchBoxProps {
  /** Called when the user opens a hit (Enter or a click). */
  onOpen: (hit: SearchHit) => void;
  /**
   * 'popup' (the default, for the header): results drop down while the box is in use.
   * 'inline' (for the Search view): results are always shown below it.
   */
  variant?: 'popup' | 'inline';
  /** Focuses the input when the box appears. */
  autofocus?: boolean;
}

/** Typing pauses this long before a search runs. */
const debounceMs = 150;
const resultLimit = 50;
/** A change to any of these can change the results, so an open search re-runs. */
const searchedTables = [
  'sessions',
  'active_session',
  'task_groups',
  'tasks',
  'session_notes',
  'search_documents',
];

const scopeLabels: Readonly<Record<SearchScope, string>> = {
  active: 'Active session',
  all: 'All sessions',
  archived: 'Archived',
};
const kindLabels: Readonly<Record<SearchHit['kind'], string>> = {
  session: 'Session',
  group: 'Group',
  task: 'Task',
  notes: 'Notes',
};

/** Snippet text with the matched pieces in `<mark>`; every piece is a text node, never HTML. */
function Segments(props: { segments: readonly SnippetSegment[] }) {
  return (
    <For each={props.segments}>
      {(segment) => (segment.match ? <mark>{segment.text}</mark> : segment.text)}
    </For>
  );
}

/** When the match is in the title itself, the title carries the marks and no snippet repeats it. */
const snippetIsTitle = (hit: SearchHit) =>
  hit.snippet.map((segment) => segment.text).join('') === hit.title;

export function SearchBox(props: SearchBoxProps) {
  const db = useDb();
  const baseId = `search-${createUniqueId()}`;
  const listId = `${baseId}-results`;
  const optionId = (index: number) => `${baseId}-option-${index}`;
  const [query, setQuery] = createSignal('');
  const [scope, setScope] = createSignal<SearchScope>('all');
  const [hits, setHits] = createSignal<SearchHit[]>([]);
  /** The query the shown hits answer (null: nothing searched yet). */
  const [answered, setAnswered] = createSignal<string | null>(null);
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal<AppError>();
  const [activeIndex, setActiveIndex] = createSignal(-1);
  const [open, setOpen] = createSignal(false);
  let input: HTMLInputElement | undefined;
  let timer: number | undefined;
  let generation = 0;

  const hasQuery = () => query().trim() !== '';
  const showResults = () => hasQuery() && (props.variant === 'inline' || open());
  const listShown = () => showResults() && hits().length > 0;

  async function run() {
    const text = query();
    const mine = ++generation;
    const result = await db.api.search(text, { scope: scope(), limit: resultLimit });
    // A newer keystroke or scope change has already asked again: this reply is stale.
    if (mine !== generation) return;
    setPending(false);
    if (!result.ok) {
      setError(result.error);
      setHits([]);
      setActiveIndex(-1);
      return;
    }
    setError(undefined);
    setHits(result.value);
    setAnswered(text);
    // The first hit is selected, so Enter opens the best match (APG "automatic selection").
    setActiveIndex(result.value.length > 0 ? 0 : -1);
  }

  /** Runs the search after a pause; `quiet` re-runs (after a change notice) show no spinner. */
  function schedule(quiet = false) {
    window.clearTimeout(timer);
    if (!hasQuery()) {
      generation++;
      setPending(false);
      setHits([]);
      setAnswered(null);
      setError(undefined);
      setActiveIndex(-1);
      return;
    }
    if (!quiet) setPending(true);
    timer = window.setTimeout(() => void run(), debounceMs);
  }

  createEffect(on([query, scope], () => schedule(), { defer: true }));
  // A change notice is an event: the query is read when one arrives, untracked on purpose.
  const unsubscribe = db.onChange(
    // eslint-disable-next-line solid/reactivity
    (notice) => {
      if (hasQuery() && notice.tables.some((table) => searchedTables.includes(table))) {
        schedule(true);
      }
    },
  );
  onCleanup(() => {
    window.clearTimeout(timer);
    unsubscribe();
  });

  onMount(() => {
    if (!input) return;
    onCleanup(registerSearchShortcut(input));
    if (props.autofocus) input.focus();
  });

  // Keep the selected option in view as the arrow keys move through a long list.
  createEffect(() => {
    const index = activeIndex();
    if (index >= 0 && listShown()) {
      document.getElementById(optionId(index))?.scrollIntoView({ block: 'nearest' });
    }
  });

  function openHit(hit: SearchHit) {
    setOpen(false);
    props.onOpen(hit);
  }

  function onKeyDown(event: KeyboardEvent) {
    const count = hits().length;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        setOpen(true);
        if (count > 0) setActiveIndex((i) => Math.min(count - 1, i + 1));
        break;
      case 'ArrowUp':
        event.preventDefault();
        setOpen(true);
        if (count > 0) setActiveIndex((i) => Math.max(0, i - 1));
        break;
      case 'Enter': {
        const hit = listShown() ? hits()[Math.max(0, activeIndex())] : undefined;
        if (hit) {
          event.preventDefault();
          openHit(hit);
        }
        break;
      }
      case 'Escape':
        // First Escape closes the list; the next one clears the text.
        if (props.variant !== 'inline' && open() && hasQuery()) setOpen(false);
        else setQuery('');
        event.preventDefault();
        break;
      default:
        break;
    }
  }

  const status = () => {
    if (!hasQuery()) return '';
    if (pending() && answered() === null) return 'Searching…';
    if (error()) return '';
    const count = hits().length;
    if (count === 0) return pending() ? 'Searching…' : 'No matches';
    if (count >= resultLimit) return `The first ${count} results`;
    return count === 1 ? '1 result' : `${count} results`;
  };

  return (
    <div
      class={`search-box search-${props.variant ?? 'popup'}`}
      role="search"
      onFocusOut={(event) => {
        const next = event.relatedTarget;
        if (!(next instanceof Node) || !event.currentTarget.contains(next)) setOpen(false);
      }}
    >
      <div class="search-controls">
        <label class="visually-hidden" for={`${baseId}-input`}>
          Search sessions, tasks and notes
        </label>
        <input
          id={`${baseId}-input`}
          ref={(el) => (input = el)}
          type="text"
          class="search-input"
          role="combobox"
          autocomplete="off"
          spellcheck={false}
          enterkeyhint="search"
          placeholder="Search…  (press /)"
          aria-keyshortcuts="/"
          aria-autocomplete="list"
          aria-expanded={listShown()}
          aria-controls={listId}
          aria-activedescendant={
            listShown() && activeIndex() >= 0 ? optionId(activeIndex()) : undefined
          }
          value={query()}
          onInput={(e) => {
            setQuery(e.currentTarget.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onKeyDown={onKeyDown}
        />
        <label class="visually-hidden" for={`${baseId}-scope`}>
          Search in
        </label>
        <select
          id={`${baseId}-scope`}
          class="search-scope"
          value={scope()}
          onChange={(e) => setScope(e.currentTarget.value as SearchScope)}
        >
          <For each={Object.keys(scopeLabels) as SearchScope[]}>
            {(key) => <option value={key}>{scopeLabels[key]}</option>}
          </For>
        </select>
      </div>
      <div class="search-results" hidden={!showResults()}>
        <p class="search-status muted small" role="status">
          {showResults() ? status() : ''}
        </p>
        <ErrorMessage error={showResults() ? error() : undefined} />
        <ul
          id={listId}
          role="listbox"
          aria-label="Search results"
          class="search-list"
          hidden={!listShown()}
          // Clicking an option must not move focus out of the input (combobox pattern).
          onMouseDown={(e) => e.preventDefault()}
        >
          <For each={hits()}>
            {(hit, index) => (
              <li
                id={optionId(index())}
                role="option"
                class="search-hit"
                aria-selected={index() === activeIndex()}
                onClick={() => openHit(hit)}
                onMouseMove={() => setActiveIndex(index())}
              >
                <span class={`search-kind kind-${hit.kind}`}>{kindLabels[hit.kind]}</span>
                <span class="search-title">
                  <Show when={snippetIsTitle(hit)} fallback={hit.title}>
                    <Segments segments={hit.snippet} />
                  </Show>
                </span>
                <Show when={hit.kind !== 'session'}>
                  <span class="search-session muted small">in {hit.session_name}</span>
                </Show>
                <Show when={hit.snippet.length > 0 && !snippetIsTitle(hit)}>
                  <span class="search-snippet small">
                    <Segments segments={hit.snippet} />
                  </span>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </div>
    </div>
  );
}
