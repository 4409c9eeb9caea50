/**
 * Bytes to text for mode files: the size limit and strict UTF-8 decoding, done before any
 * YAML parsing so that oversized or binary files never reach the parser.
 */
import type { ModeIssue } from './validate';

/** Files above this size are refused before decoding or parsing (1 MiB). */
export const maxModeFileBytes = 1024 * 1024;

/**
 * Checks the size, then decodes strict UTF-8 (a leading BOM is dropped). Returns the text, or
 * the issue that stops validation, with the position of the first bad byte when there is one.
 */
export function decodeModeBytes(bytes: Uint8Array, fileName: string): string | ModeIssue {
  if (!(bytes instanceof Uint8Array)) return { message: `'${fileName}' could not be read` };
  if (bytes.length > maxModeFileBytes)
    return {
      message: `'${fileName}' is too large (${bytes.length} bytes; the limit is ${maxModeFileBytes})`,
    };
  if (bytes.length === 0) return { message: `'${fileName}' is empty` };
  const utf16 =
    (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (utf16) return { message: `'${fileName}' looks like UTF-16 text; save it as UTF-8` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { message: `'${fileName}' is not valid UTF-8 text`, ...invalidUtf8Position(bytes) };
  }
  return text.trim() === '' ? { message: `'${fileName}' is empty` } : text;
}

/**
 * Where the first invalid UTF-8 byte is. A streaming decode tolerates a truncated sequence at
 * the end but not a bad byte, so the longest prefix that decodes marks the spot.
 */
function invalidUtf8Position(bytes: Uint8Array): { line: number; column: number } {
  const decodes = (length: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (decodes(mid)) good = mid;
    else bad = mid;
  }
  // Streaming again, so a lead byte cut off by the prefix is not counted as a character.
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, good), { stream: true });
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
}
