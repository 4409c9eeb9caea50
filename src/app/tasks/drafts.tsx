/**
 * Text the user is typing in an editor field, kept apart from the stored value. While a field
 * is being edited a change from elsewhere (another tab, session.md) does not replace the text
 * under the cursor: the field offers "keep mine" or "take theirs", and does not save on its
 * own until the user has chosen.
 */
import { Show, createEffect } from 'solid-js';
import { createStore, produce } from 'solid-js/store';

interface Draft {
  /** The stored value the user started from (or chose to keep their text over). */
  base: string;
  text: string;
  /** Sent to the worker; the draft ends when the stored value arrives. */
  sent: boolean;
}

export interface Drafts<F extends string> {
  /** What the control shows: the user's text while there is a draft, else the stored value. */
  shown(field: F): string;
  /** The user typed into the field. */
  input(field: F, text: string): void;
  /** The stored value changed while the user edited: their text is not saved on its own. */
  conflicted(field: F): boolean;
  /** The draft's text was sent to be saved. */
  sent(field: F): void;
  /** Keep the user's text over the other change; returns it, to be saved. */
  keepMine(field: F): string;
  /** Drop the user's text for the stored value (also after a refused save). */
  drop(field: F): void;
}

/** `stored(field)` is the field's current stored value, as the control would show it. */
export function createDrafts<F extends string>(stored: (field: F) => string): Drafts<F> {
  const [drafts, setDrafts] = createStore<Partial<Record<F, Draft>>>({});
  const update = (field: F, change: (draft: Draft | undefined) => Draft | undefined) =>
    setDrafts(
      produce((all) => {
        const next = change(all[field]);
        if (next) all[field] = next;
        else delete all[field];
      }),
    );
  // A sent draft ends once the stored value is what was sent.
  createEffect(() => {
    for (const field of Object.keys(drafts) as F[]) {
      const draft = drafts[field];
      if (draft?.sent && stored(field) === draft.text) update(field, () => undefined);
    }
  });
  const conflicted = (field: F) => {
    const draft = drafts[field];
    const now = stored(field);
    return draft !== undefined && now !== draft.base && now !== draft.text;
  };
  return {
    shown: (field) => drafts[field]?.text ?? stored(field),
    input: (field, text) =>
      update(field, (draft) => ({ base: draft?.base ?? stored(field), text, sent: false })),
    conflicted,
    sent: (field) => update(field, (draft) => draft && { ...draft, sent: true }),
    keepMine: (field) => {
      const text = drafts[field]?.text ?? stored(field);
      update(field, (draft) => draft && { ...draft, base: stored(field) });
      return text;
    },
    drop: (field) => update(field, () => undefined),
  };
}

/** The offer shown under a field whose stored value changed while the user edited it. */
export function ChangedElsewhere(props: {
  theirs: string;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
}) {
  return (
    <div class="changed-elsewhere" role="alert">
      <p>
        Changed in another tab or in session.md
        <Show when={props.theirs !== ''} fallback=" (now empty)">
          {' '}
          to “<span class="theirs">{props.theirs}</span>”
        </Show>
        . Your text is not saved yet.
      </p>
      <div class="changed-elsewhere-actions">
        <button type="button" class="secondary" onClick={() => props.onKeepMine()}>
          Keep mine
        </button>
        <button type="button" class="secondary" onClick={() => props.onTakeTheirs()}>
          Take theirs
        </button>
      </div>
    </div>
  );
}
