// Takes docs/console.png: the console at 1280×800 with the seeded broadcasts and a curated feed.
// npm run screenshot (after building the solution).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, openPage } from './harness/browser.mjs';
import { feature, signIn } from './harness/console.mjs';
import { repositoryRoot } from './harness/services.mjs';
import { seed, startWorld } from './harness/world.mjs';

const world = await startWorld();
const browser = await launchBrowser();
try {
  await seed(world);
  const programs = {};
  for (const anchor of ['ada', 'ben', 'dev', 'eli', 'gus']) programs[anchor] = (await world.programsOf(anchor))[0];
  const { page, close } = await openPage(browser, `${world.catalogUrl}/console/`,
    { allowedOrigins: world.allowedOrigins, timezoneId: 'Europe/Berlin' });
  await signIn(page);
  await page.locator('summary', { hasText: 'New feed' }).click();
  await page.getByLabel('Title', { exact: true }).fill('Weekend highlights');
  await page.getByRole('button', { name: 'Create feed' }).click();
  await page.locator('#feed-title', { hasText: 'Weekend highlights' }).waitFor();
  await feature(page, programs.ada.id, 'weekend-highlights', 'Opening night, full set');
  await feature(page, programs.dev.id, 'weekend-highlights', 'Guest appearance at 0:32');
  await feature(page, programs.gus.id, 'weekend-highlights', '');
  await page.locator(`.programs [data-program-id="${programs.eli.id}"]`).getByRole('button', { name: 'Hide' }).click();
  await page.getByLabel('Reason').fill('Music rights claimed');
  await page.getByRole('button', { name: 'Hide program' }).click();
  await page.locator(`.programs [data-program-id="${programs.eli.id}"] .badge`, { hasText: 'Hidden' }).waitFor();
  await page.locator('.new-feed-panel').evaluate(d => d.removeAttribute('open'));
  await page.locator('#status').evaluate(s => (s.textContent = ''));
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  await page.waitForFunction(() => [...document.images].every(i => i.complete));
  mkdirSync(join(repositoryRoot, 'docs'), { recursive: true });
  await page.screenshot({ path: join(repositoryRoot, 'docs', 'console.png') });
  await close();
} finally {
  await browser.close();
  await world.stop();
}
