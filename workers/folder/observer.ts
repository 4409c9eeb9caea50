/**
 * The browser's FileSystemObserver (where there is one): calls `onChange` when anything under
 * a folder changes. Null when the browser has no observer or refuses this folder; callers
 * poll instead (and poll anyway, since observers may miss changes).
 */
interface ObserverInstance {
  observe(handle: FileSystemHandle, options: { recursive: boolean }): Promise<void>;
  disconnect(): void;
}
type ObserverClass = new (callback: (records: unknown[]) => void) => ObserverInstance;

export function observeFolder(
  folder: FileSystemDirectoryHandle,
  onChange: () => void,
): { disconnect(): void } | null {
  const Observer = (globalThis as { FileSystemObserver?: ObserverClass }).FileSystemObserver;
  if (!Observer) return null;
  try {
    const instance = new Observer(onChange);
    void instance.observe(folder, { recursive: true }).catch(() => undefined);
    return instance;
  } catch {
    return null;
  }
}
