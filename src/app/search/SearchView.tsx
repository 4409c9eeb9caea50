/**
 * The Search view: the search box with its results shown in full, for when the header's
 * drop-down is not enough. Opening a hit shows its session's tasks with the hit focused.
 */
import type { ViewProps } from '../views';
import { SearchBox } from './SearchBox';
import { openSearchHit } from './open-hit';

export function SearchView(props: ViewProps) {
  return (
    <section class="search-view" aria-labelledby="search-view-title">
      <h2 id="search-view-title">Search</h2>
      <p class="muted">
        Session names and descriptions, groups, task titles and descriptions, and session notes.
        Every word you type must occur; the last one also matches as the start of a word. Press{' '}
        <kbd>/</kbd> anywhere to search, <kbd>↑</kbd> <kbd>↓</kbd> to choose and <kbd>Enter</kbd> to
        open.
      </p>
      <SearchBox variant="inline" autofocus onOpen={(hit) => openSearchHit(hit, props)} />
    </section>
  );
}
