/**
 * The SHA-256 of a file's bytes: how sync notices that session.md changed since it last wrote
 * it, and what the mode list shows and compares for mode files (PRODUCT.md, "Modes"). Web
 * Crypto only, so it runs in browsers, workers and Node 20 alike.
 */

/** SHA-256 of the bytes as 64 lowercase hex digits. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // Copy into a plain ArrayBuffer-backed view: digest() does not accept shared buffers.
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(bytes));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
