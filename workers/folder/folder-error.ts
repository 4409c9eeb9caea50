/** The one exception the folder adapter throws: a folder operation that failed, with a message for people. */

export type FolderErrorType =
  'PermissionDenied' | 'NotFound' | 'QuotaExceeded' | 'Unsafe' | 'Failed';

export class FolderError extends Error {
  readonly type: FolderErrorType;
  constructor(type: FolderErrorType, message: string) {
    super(message);
    this.name = 'FolderError';
    this.type = type;
  }
}
