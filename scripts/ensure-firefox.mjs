// Makes sure a Firefox exists for the Firefox end-to-end test (a browser without the File
// System Access API): installs Debian's firefox-esr as root when none is found, otherwise
// says exactly what to do.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findFirefox } from './firefox.mjs';

if (!findFirefox()) {
  if (process.env.FIREFOX_PATH) {
    console.error(`FIREFOX_PATH is set to ${process.env.FIREFOX_PATH}, but no file is there.`);
    process.exit(1);
  }
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('No Firefox found: installing Debian’s firefox-esr package…');
    execSync(
      'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq firefox-esr',
      { stdio: 'inherit', shell: '/bin/bash' },
    );
  }
  if (!findFirefox()) {
    console.error(
      'The Firefox test needs Firefox. Install it (Debian: `sudo apt-get install firefox-esr`) ' +
        'or set FIREFOX_PATH to a Firefox executable, then run `npm test` again.',
    );
    process.exit(1);
  }
}
