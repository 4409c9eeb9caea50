/**
 * The '/' shortcut: focuses a search box from anywhere, unless the user is typing in a field
 * or a modal dialog is open. Several boxes can be on the page at once (the header's and the
 * Search view's); the one that appeared last wins, so the Search view's box takes the key
 * while that view is shown. One document listener serves them all.
 */
const inputs: HTMLInputElement[] = [];

/** Input types that take no typed text: '/' there still means "search". */
const nonTextInputs = new Set([
  'button',
  'checkbox',
  'color',
  'file',
  'image',
  'radio',
  'range',
  'reset',
  'submit',
]);

/** Whether a key pressed on `target` is text the user is typing. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !nonTextInputs.has(target.type);
}

function onKeyDown(event: KeyboardEvent) {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.defaultPrevented || isTypingTarget(event.target)) return;
  const input = inputs.at(-1);
  if (!input) return;
  // Everything outside an open modal dialog is inert: leave the key to the dialog.
  const modal = document.querySelector('dialog[open]:modal');
  if (modal && !modal.contains(input)) return;
  event.preventDefault();
  input.focus();
  input.select();
}

/** Makes '/' focus `input`; returns the function that undoes it. */
export function registerSearchShortcut(input: HTMLInputElement): () => void {
  inputs.push(input);
  if (inputs.length === 1) document.addEventListener('keydown', onKeyDown);
  return () => {
    const at = inputs.indexOf(input);
    if (at >= 0) inputs.splice(at, 1);
    if (inputs.length === 0) document.removeEventListener('keydown', onKeyDown);
  };
}
