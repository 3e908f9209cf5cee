// The console as a page: served by the catalog at /console/, everything it loads comes from the catalog, and it
// is usable on a phone's width and with the keyboard; signing in and out.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openPage } from './harness/browser.mjs';
import { signIn } from './harness/console.mjs';
import { editors, startWorld } from './harness/world.mjs';

let world;
let browser;

before(async () => {
  world = await startWorld();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await world?.stop();
});

test('the catalog serves the console at /console/ with its own scripts and styles only', async () => {
  const redirect = await fetch(`${world.catalogUrl}/console`, { redirect: 'manual' });
  assert.equal(redirect.status, 301);
  assert.match(redirect.headers.get('location'), /\/console\/$/);

  const index = await fetch(`${world.catalogUrl}/console/`);
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-type'), /text\/html/);
  assert.match(index.headers.get('content-security-policy'), /script-src 'self'/);
  const html = await index.text();
  for (const asset of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
    assert.doesNotMatch(asset[1], /^(https?:)?\/\//, `${asset[1]} must be served by the catalog`);
    const response = await fetch(new URL(asset[1], `${world.catalogUrl}/console/`));
    assert.equal(response.status, 200, asset[1]);
  }

  const { page, problems, close } = await openPage(browser, `${world.catalogUrl}/console/`, { allowedOrigins: world.allowedOrigins });
  try {
    await page.getByLabel('Editor key').waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.equal(await page.title(), "Editors' console · Recording catalog");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('on a phone\'s width the sign-in fits without scrolling sideways and works from the keyboard', async () => {
  const { page, problems, close } = await openPage(browser, `${world.catalogUrl}/console/`,
    { allowedOrigins: world.allowedOrigins, viewport: { width: 390, height: 844 } });
  try {
    const key = page.getByLabel('Editor key');
    await key.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'editor-key', 'the key field has the focus');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'no horizontal scrolling');
    const box = await page.getByRole('button', { name: 'Sign in' }).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, 'the button is on screen');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('an editor signs in with a key, is told clearly when a key is wrong, keeps the session on reload and signs out', async () => {
  const { page, context, problems, close } = await openPage(browser, `${world.catalogUrl}/console/`, { allowedOrigins: world.allowedOrigins });
  try {
    await page.getByLabel('Editor key').fill('not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.locator('#sign-in-error');
    await alert.filter({ hasText: /key/i }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0);

    await signIn(page, 'alice');
    assert.match(await page.locator('#who').innerText(), /alice/);
    const [cookie] = (await context.cookies()).filter(c => c.name === 'catalog_session');
    assert.ok(cookie, 'a session cookie');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    assert.ok(!stored.includes(editors.alice), 'the key is not kept in the browser');

    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Editor key').waitFor();
    const session = await page.evaluate(() => fetch('/v1/session').then(r => r.status));
    assert.equal(session, 401, 'the session ended on the server too');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
