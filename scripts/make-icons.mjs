// Renders public/icons/icon.svg into the PNG icons the web manifest names (run by hand after
// changing the SVG: `node scripts/make-icons.mjs`). The maskable icon keeps the artwork inside
// the 80% safe zone on a full-bleed background.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright';
import { chromiumArgs, findChromium } from './chromium.mjs';

const svg = readFileSync('public/icons/icon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
const page = await browser.newPage();
const render = async (size, file, scale) => {
  await page.setViewportSize({ width: size, height: size });
  const inner = Math.round(size * scale);
  await page.setContent(
    `<body style="margin:0;background:#1f5f8b;display:grid;place-items:center;height:${size}px">` +
      `<div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', '<svg width="100%" height="100%" ')}</div></body>`,
  );
  await page.screenshot({ path: `public/icons/${file}`, omitBackground: scale === 1 });
};
await render(192, 'icon-192.png', 1);
await render(512, 'icon-512.png', 1);
await render(512, 'icon-maskable-512.png', 0.8);
await browser.close();
