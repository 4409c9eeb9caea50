/**
 * The main thread's part of the File System Access API: the folder picker and the
 * permission prompt. Both need a user gesture (a click), which a worker never has, so they
 * live here; everything else about the folder (reading, writing, watching) is the worker's.
 */
import type { AppError } from '../../workers/api';

/** What the picker and permission methods look like (not yet in TypeScript's DOM types). */
interface PickerWindow {
  showDirectoryPicker(options: { mode: 'readwrite' }): Promise<FileSystemDirectoryHandle>;
}
type PermissionHandle = FileSystemDirectoryHandle & {
  requestPermission?: (descriptor: { mode: 'readwrite' }) => Promise<PermissionState>;
};

/** Whether this browser can open a folder on disk (Chromium-based browsers can). */
export function canPickFolders(): boolean {
  return 'showDirectoryPicker' in window;
}

export type PickOutcome =
  | { kind: 'picked'; handle: FileSystemDirectoryHandle }
  | { kind: 'cancelled' }
  | { kind: 'failed'; error: AppError };

const folderError = (
  reason: 'PermissionDenied' | 'Failed',
  message: string,
): { kind: 'failed'; error: AppError } => ({
  kind: 'failed',
  error: { type: 'Folder', reason, message },
});

/** Asks the user for a folder with read-write access. Closing the picker is not an error. */
export async function pickFolder(): Promise<PickOutcome> {
  if (!canPickFolders())
    return folderError('Failed', 'This browser cannot open folders on your disk.');
  try {
    const picker = window as unknown as PickerWindow;
    return { kind: 'picked', handle: await picker.showDirectoryPicker({ mode: 'readwrite' }) };
  } catch (error) {
    const name = error instanceof DOMException ? error.name : '';
    if (name === 'AbortError') return { kind: 'cancelled' };
    if (name === 'NotAllowedError' || name === 'SecurityError')
      return folderError(
        'PermissionDenied',
        'The browser did not allow access to that folder. Pick another folder, or allow access when asked.',
      );
    return folderError(
      'Failed',
      `The folder could not be opened: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * Asks the user to grant read-write access to a remembered folder again. Must run inside a
 * click handler: browsers only show the prompt in response to a user gesture.
 */
export async function requestWritePermission(
  handle: FileSystemDirectoryHandle,
): Promise<{ granted: true } | { granted: false; error: AppError }> {
  const withPermission = handle as PermissionHandle;
  // Handles without a permission API (OPFS) are always writable.
  if (!withPermission.requestPermission) return { granted: true };
  try {
    const state = await withPermission.requestPermission({ mode: 'readwrite' });
    if (state === 'granted') return { granted: true };
    return {
      granted: false,
      error: {
        type: 'Folder',
        reason: 'PermissionDenied',
        message: `Permission to “${handle.name}” was denied. The app keeps working on its own database; click “Reconnect folder” to try again.`,
      },
    };
  } catch (error) {
    return {
      granted: false,
      error: {
        type: 'Folder',
        reason: 'Failed',
        message: `Could not ask for permission: ${error instanceof Error ? error.message : String(error)}`,
      },
    };
  }
}
