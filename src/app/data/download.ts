/**
 * Saving bytes the worker made (an export, a database backup) as a browser download: a Blob,
 * an object URL and a temporary `<a download>`, with the URL revoked once the browser has it.
 */

/** Starts a download of `bytes` named `fileName`. */
export function downloadBytes(bytes: Uint8Array, fileName: string, mimeType: string): void {
  // A copy backed by a plain ArrayBuffer: what Blob accepts (the original may be a view).
  const blob = new Blob([bytes.slice()], { type: mimeType });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The click starts the download asynchronously; revoking at once can cancel it in some
  // browsers, so the URL lives a little longer.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
