/**
 * Asks the browser to keep the app's storage (the database lives in OPFS) instead of
 * evicting it under storage pressure. Chromium answers without a prompt, from how the site
 * is used; the Data view shows the answer and lets the user ask again.
 */
export async function requestPersistentStorage(): Promise<boolean> {
  if (!navigator.storage?.persist) return false;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist();
}
