/**
 * Shared helpers for browser tests: a database of the test's own (a named worker), an OPFS
 * directory standing in for the folder the user picks, and polling for eventual results.
 */
import { onTestFinished } from 'vitest';
import type { JSX } from 'solid-js';
import { render } from 'solid-js/web';
import type { Result } from '../../workers/api';
import { type DbClient, createDbClient } from '../../src/data/client';
import { DbContext } from '../../src/app/context';

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.type}: ${result.error.message}`);
  return result.value;
}

async function removeWithRetry(name: string) {
  const root = await navigator.storage.getDirectory();
  for (let i = 0; i < 50; i++) {
    try {
      await root.removeEntry(name, { recursive: true });
      return;
    } catch (error) {
      if (error instanceof DOMException && error.name === 'NotFoundError') return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** A fresh database name; its OPFS files are removed after the test. */
export function freshDbName(): string {
  const name = `test-${crypto.randomUUID()}`;
  onTestFinished(() => removeWithRetry(name));
  return name;
}

/** A client on `name` that is closed after the test. */
export function openClient(name: string): DbClient {
  const client = createDbClient(name);
  onTestFinished(() => client.close());
  return client;
}

/** Renders `view` on `client`'s database in an element of its own, removed after the test. */
export function mount(client: DbClient, view: () => JSX.Element, style = ''): HTMLElement {
  const host = document.createElement('div');
  host.style.cssText = style;
  document.body.append(host);
  const dispose = render(
    () => <DbContext.Provider value={client}>{view()}</DbContext.Provider>,
    host,
  );
  onTestFinished(() => {
    dispose();
    host.remove();
  });
  return host;
}

/** An empty OPFS directory standing in for the user's project folder. */
export async function freshProjectFolder(): Promise<FileSystemDirectoryHandle> {
  const name = `project-${crypto.randomUUID()}`;
  const root = await navigator.storage.getDirectory();
  onTestFinished(() => removeWithRetry(name));
  return root.getDirectoryHandle(name, { create: true });
}

export async function waitFor<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  ms = 8000,
): Promise<T> {
  const until = Date.now() + ms;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > until)
      throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  return last;
}

/**
 * A file's bytes; null when it is missing or cannot be read just now (it changed while being
 * read: callers poll with waitFor).
 */
export async function readBytes(
  dir: FileSystemDirectoryHandle,
  path: string,
): Promise<Uint8Array | null> {
  const parts = path.split('/');
  try {
    let current = dir;
    for (const part of parts.slice(0, -1)) current = await current.getDirectoryHandle(part);
    const file = await (await current.getFileHandle(parts.at(-1)!)).getFile();
    return new Uint8Array(await file.arrayBuffer());
  } catch {
    return null;
  }
}

/** A file's text, a leading BOM dropped (as `File.text()` does); null as for readBytes. */
export async function readText(
  dir: FileSystemDirectoryHandle,
  path: string,
): Promise<string | null> {
  const bytes = await readBytes(dir, path);
  return bytes && new TextDecoder().decode(bytes);
}

/** Writes a file (its text, or exact bytes), creating folders on the way. */
export async function writeText(
  dir: FileSystemDirectoryHandle,
  path: string,
  text: string | Uint8Array<ArrayBuffer>,
): Promise<void> {
  const parts = path.split('/');
  let current = dir;
  for (const part of parts.slice(0, -1))
    current = await current.getDirectoryHandle(part, { create: true });
  const writable = await (
    await current.getFileHandle(parts.at(-1)!, { create: true })
  ).createWritable();
  await writable.write(text);
  await writable.close();
}

export async function listNames(dir: FileSystemDirectoryHandle, path: string): Promise<string[]> {
  let current = dir;
  for (const part of path.split('/')) current = await current.getDirectoryHandle(part);
  const names: string[] = [];
  for await (const name of current.keys()) names.push(name);
  return names.sort();
}
