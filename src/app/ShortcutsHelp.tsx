/**
 * The keyboard shortcuts, in one dialog: opened with "?" (when not typing) or the header
 * button. The same list is in the README.
 */
import { For, onCleanup, onMount } from 'solid-js';
import { views } from './views';
import { treeShortcuts } from './tasks/tree/keymap';

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

export function ShortcutsHelp() {
  let dialog: HTMLDialogElement | undefined;
  const onKey = (event: KeyboardEvent) => {
    if (event.key === '?' && !isTyping(event.target) && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      dialog?.showModal();
    }
  };
  onMount(() => document.addEventListener('keydown', onKey));
  onCleanup(() => document.removeEventListener('keydown', onKey));

  return (
    <>
      <button type="button" class="link" aria-keyshortcuts="?" onClick={() => dialog?.showModal()}>
        Keyboard shortcuts
      </button>
      <dialog ref={(el) => (dialog = el)} class="shortcuts" aria-labelledby="shortcuts-title">
        <header class="shortcuts-header">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <form method="dialog">
            <button type="submit">Close</button>
          </form>
        </header>
        <div class="shortcuts-columns">
          <section>
            <h3>Anywhere</h3>
            <dl>
              <dt>/</dt>
              <dd>Search</dd>
              <dt>?</dt>
              <dd>This list</dd>
              <For each={views}>
                {(view) => (
                  <>
                    <dt>Alt+{view.key}</dt>
                    <dd>{view.label}</dd>
                  </>
                )}
              </For>
            </dl>
          </section>
          <section>
            <h3>In the task tree</h3>
            <dl>
              <For each={treeShortcuts}>
                {([keys, action]) => (
                  <>
                    <dt>{keys}</dt>
                    <dd>{action}</dd>
                  </>
                )}
              </For>
            </dl>
          </section>
        </div>
      </dialog>
    </>
  );
}
