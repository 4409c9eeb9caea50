/**
 * The selected session as its session.md would be written now: rendered (safely, see
 * render-markdown.ts) or as source text. Re-reads whenever the session's data changes.
 */
import { Show, createEffect, createMemo, createSignal, on } from 'solid-js';
import { useDb } from '../context';
import { createLiveQuery } from '../../data/live';
import { ErrorMessage } from '../ErrorMessage';
import { markdownToSafeHtml } from './render-markdown';
import './preview.css';

export function MarkdownPreview(props: { sessionId: string }) {
  const db = useDb();
  const markdown = createLiveQuery(
    db,
    () => props.sessionId,
    (sid) => db.api.sessionMarkdown(sid),
    ['tasks', 'task_groups', 'sessions', 'session_notes', 'session_change_log'],
  );
  const [showSource, setShowSource] = createSignal(false);
  const html = createMemo(() => {
    const text = markdown.data();
    return text === undefined ? '' : markdownToSafeHtml(text);
  });

  return (
    <section class="markdown-preview" aria-labelledby="markdown-preview-title">
      <header class="view-header">
        <h2 id="markdown-preview-title">session.md</h2>
        <button
          type="button"
          class="secondary"
          aria-pressed={showSource()}
          onClick={() => setShowSource((v) => !v)}
        >
          Source
        </button>
      </header>
      <ErrorMessage error={markdown.error()} />
      <Show when={markdown.data() !== undefined}>
        <Show
          when={showSource()}
          fallback={
            // The only innerHTML in the app: micromark's output, which escapes raw HTML
            // and drops script URLs (render-markdown.ts; tested in test/node).
            // eslint-disable-next-line solid/no-innerhtml
            <div class="markdown-body" innerHTML={html()} ref={(el) => labelCheckboxes(el, html)} />
          }
        >
          <pre class="markdown-source" aria-label="session.md source">
            {markdown.data()}
          </pre>
        </Show>
      </Show>
    </section>
  );
}

/**
 * GitHub-style task items render as bare checkboxes: give each the text of its item as a
 * label, so assistive technology can say what is (or is not) done.
 */
function labelCheckboxes(container: HTMLElement, html: () => string) {
  createEffect(
    on(html, () =>
      queueMicrotask(() => {
        for (const box of container.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) {
          const text = box.closest('li')?.textContent?.trim() ?? '';
          box.setAttribute('aria-label', `${box.checked ? 'Done' : 'Not done'}: ${text}`);
        }
      }),
    ),
  );
}
