// Where Firefox is: FIREFOX_PATH, or Debian's firefox-esr, or a firefox on the usual paths.
import { existsSync } from 'node:fs';

const candidates = ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/usr/local/bin/firefox'];

/** The Firefox executable to test with, or null when there is none. */
export function findFirefox() {
  const wanted = process.env.FIREFOX_PATH;
  if (wanted) return existsSync(wanted) ? wanted : null;
  return candidates.find((path) => existsSync(path)) ?? null;
}
