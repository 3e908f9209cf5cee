// An editor's work in the console against the real services: find a program, watch it, curate a feed, hide and
// restore, each result checked over REST as the app's consumers see it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openPage } from './harness/browser.mjs';
import { card, feature, feedItem, feedOrder, filterByAnchor, signIn } from './harness/console.mjs';
import { eventually } from './harness/eventually.mjs';
import { editors, seed, startWorld } from './harness/world.mjs';

let world;
let browser;
const programs = {};

before(async () => {
  world = await startWorld();
  browser = await launchBrowser();
  for (const anchor of await seed(world)) programs[anchor] = (await world.programsOf(anchor))[0];
});

after(async () => {
  await browser?.close();
  await world?.stop();
});

/** Signs alice in on a fresh page, runs the work, and fails on any JavaScript error or failed request meanwhile. */
async function asEditor(options, work) {
  const { page, problems, close } = await openPage(browser, `${world.catalogUrl}/console/`, { allowedOrigins: world.allowedOrigins, ...options });
  try {
    await signIn(page);
    await work(page);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
}

async function restOrder(feedId) {
  const { body } = await world.get(`/v1/feeds/${feedId}`);
  return body.items.map(item => item.programId);
}

async function restOrderBecomes(feedId, expected) {
  await eventually(async () => JSON.stringify(await restOrder(feedId)) === JSON.stringify(expected),
    { what: `feed ${feedId} in order ${expected}` }).catch(async error => {
    throw new Error(`${error.message}; it is ${await restOrder(feedId)}`);
  });
}

test('finds a program by anchor, in the editor\'s time zone, and plays its MP4 in the page', async () => {
  await asEditor({ timezoneId: 'Asia/Tokyo' }, async page => {
    const ada = programs.ada;
    await filterByAnchor(page, 'ada');
    await eventually(async () => (await page.locator('.programs [data-program-id]').count()) === 1, { what: 'only ada listed' });
    const shown = card(page, ada.id);
    const expected = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' }).format(new Date(ada.startedAt));
    assert.equal(await shown.locator('time').innerText(), expected);
    assert.match(await shown.innerText(), /40:00/, 'duration');
    assert.match(await shown.innerText(), /MP4/);
    assert.equal(await shown.locator('.cover img').getAttribute('src'), ada.coverUrl);

    await shown.getByRole('button', { name: 'Watch' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const video = dialog.locator('video');
    const playing = await eventually(() => video.evaluate(v => v.currentTime > 0.5 && v.readyState >= 2 && !v.paused && { src: v.currentSrc, width: v.videoWidth }),
      { what: 'the video plays', timeout: 20000 });
    assert.equal(playing.src, ada.renditions[0].files[0].url);
    assert.equal(playing.width, 320, 'frames were decoded');
    assert.equal(await dialog.locator('.files li').count(), ada.renditions[0].files.length);
    assert.equal(await dialog.locator('.timeline .segment').count(), ada.renditions[0].files.length);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });
});

test('plays HLS with the bundled hls.js and FLV with the bundled mpegts.js', async () => {
  await asEditor({}, async page => {
    const requested = [];
    page.on('request', request => requested.push(request.url()));
    for (const [anchor, format, library] of [['ben', 'HLS', /\/console\/chunks\/hls-\w+\.js$/], ['dev', 'FLV', /\/console\/chunks\/mpegts-\w+\.js$/]]) {
      await filterByAnchor(page, anchor);
      await card(page, programs[anchor].id).getByRole('button', { name: 'Watch' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: new RegExp(`^${format} ·`) }).click();
      await eventually(() => dialog.locator('video').evaluate(v => v.currentSrc.startsWith('blob:') && v.currentTime > 0.5 && v.readyState >= 2 && !v.paused),
        { what: `${anchor}'s ${format} plays through Media Source Extensions`, timeout: 20000 });
      assert.ok(requested.some(url => library.test(url)), `${format}'s player library came from the catalog`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    }
  });
});

test('filters by a date range in the editor\'s time zone', async () => {
  await asEditor({ timezoneId: 'America/New_York' }, async page => {
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' });
    const gus = programs.gus;
    const gusDay = day.format(new Date(gus.startedAt));
    const sameDay = Object.values(programs).filter(p => day.format(new Date(p.startedAt)) === gusDay).map(p => p.id);
    await page.getByLabel('From', { exact: true }).fill(gusDay);
    await page.getByLabel('To', { exact: true }).fill(gusDay);
    await page.getByRole('button', { name: 'Filter' }).click();
    await eventually(async () => {
      const shown = await page.locator('.programs [data-program-id]').evaluateAll(cards => cards.map(c => c.getAttribute('data-program-id')));
      return shown.length > 0 && shown.sort().join() === sameDay.sort().join();
    }, { what: `the programs of ${gusDay} in New York` });

    await page.getByRole('button', { name: 'Clear' }).click();
    const newest = Object.values(programs).sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
    await eventually(async () => (await page.locator('.programs [data-program-id]').first().getAttribute('data-program-id')) === newest.id,
      { what: 'every day again, newest first' });
  });
});

test('pages through many programs with Older and Newer', async () => {
  const base = Date.now() - 3 * 24 * 3600_000;
  for (let i = 0; i < 14; i++) await world.tencent.recording('pat', { start: new Date(base + i * 20 * 60_000), seconds: 300, url: world.media.clipUrl });
  const all = [...(await world.programsOf('pat', 14))].map(p => p.id);
  await asEditor({}, async page => {
    await filterByAnchor(page, 'pat');
    const shown = () => page.locator('.programs [data-program-id]').evaluateAll(cards => cards.map(c => c.getAttribute('data-program-id')));
    await eventually(async () => (await shown()).join() === all.slice(0, 12).join(), { what: 'the first page, newest first' });
    assert.equal(await page.getByRole('button', { name: 'Newer' }).isDisabled(), true);
    await page.getByRole('button', { name: 'Older' }).click();
    await eventually(async () => (await shown()).join() === all.slice(12).join(), { what: 'the second page' });
    assert.equal(await page.getByRole('button', { name: 'Older' }).isDisabled(), true);
    await page.getByRole('button', { name: 'Newer' }).click();
    await eventually(async () => (await shown()).join() === all.slice(0, 12).join(), { what: 'the first page again' });
  });
});

test('shows the gaps of an interrupted broadcast on its timeline', async () => {
  await asEditor({}, async page => {
    const ben = programs.ben;
    assert.equal(ben.gaps.length, 1, 'the seeded broadcast has one gap');
    await filterByAnchor(page, 'ben');
    await card(page, ben.id).getByRole('button', { name: 'Watch' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('.gaps li').first().waitFor();
    assert.equal(await dialog.locator('.gaps li').count(), 1);
    assert.equal(await dialog.locator('.timeline .row').count(), ben.renditions.length);
  });
});

test('features programs into a new feed with a note, reorders them by buttons, keyboard and drag, and removes one', async () => {
  await asEditor({}, async page => {
    await page.locator('summary', { hasText: 'New feed' }).click();
    await page.getByLabel('Title', { exact: true }).fill('Weekend picks');
    assert.equal(await page.getByLabel('Id', { exact: true }).inputValue(), 'weekend-picks');
    await page.getByRole('button', { name: 'Create feed' }).click();
    await page.locator('#feed-title', { hasText: 'Weekend picks' }).waitFor();
    await eventually(async () => (await world.get('/v1/feeds/weekend-picks')).body?.title === 'Weekend picks', { what: 'the feed over REST' });

    const [ada, ben, cleo] = [programs.ada.id, programs.ben.id, programs.cleo.id];
    await feature(page, ada, 'weekend-picks', 'A great opening');
    await feature(page, ben, 'weekend-picks', 'Back after the break');
    await feature(page, cleo, 'weekend-picks', 'Short and sweet');
    await restOrderBecomes('weekend-picks', [ada, ben, cleo]);
    const { body } = await world.get('/v1/feeds/weekend-picks');
    assert.equal(body.items[0].note, 'A great opening');
    assert.equal(body.items[0].featuredBy, 'alice');
    assert.deepEqual(await feedOrder(page), [ada, ben, cleo]);

    await feedItem(page, cleo).getByRole('button', { name: 'Move up' }).click();
    await restOrderBecomes('weekend-picks', [ada, cleo, ben]);
    await eventually(async () => (await feedOrder(page)).join() === [ada, cleo, ben].join(), { what: 'the page shows the move' });

    await feedItem(page, ada).getByRole('button', { name: 'Move down' }).focus();
    await page.keyboard.press('Enter');
    await restOrderBecomes('weekend-picks', [cleo, ada, ben]);
    await eventually(async () => (await feedOrder(page)).join() === [cleo, ada, ben].join(), { what: 'the page shows the keyboard move' });
    assert.equal(await page.evaluate(() => document.activeElement?.closest('[data-program-id]')?.getAttribute('data-program-id')), ada,
      'the focus stays with the moved item');

    await feedItem(page, ben).dragTo(feedItem(page, cleo), { targetPosition: { x: 40, y: 5 } });
    await restOrderBecomes('weekend-picks', [ben, cleo, ada]);

    await feedItem(page, cleo).getByRole('button', { name: 'Remove' }).click();
    await restOrderBecomes('weekend-picks', [ben, ada]);
    await eventually(async () => (await feedOrder(page)).join() === [ben, ada].join(), { what: 'the page shows the removal' });

    await page.locator('summary', { hasText: 'History' }).click();
    const history = page.locator('.history li');
    await eventually(async () => (await history.count()) === 8, { what: 'eight changes in the history' });
    assert.match(await history.first().innerText(), /^alice removed cleo/);
    assert.match(await history.last().innerText(), /^alice created the feed “Weekend picks”/);
  });
});

test('a change another editor made meanwhile is shown, and the stale edit is refused, not applied', async () => {
  const bob = { Authorization: `Bearer ${editors.bob}`, 'Content-Type': 'application/json' };
  const put = (path, body, headers = {}) => fetch(`${world.catalogUrl}${path}`, { method: 'PUT', headers: { ...bob, ...headers }, body: JSON.stringify(body) });
  assert.equal((await put('/v1/feeds/tonight', { title: 'Tonight' })).status, 201);
  await put(`/v1/feeds/tonight/items/${programs.dev.id}`, {});
  await put(`/v1/feeds/tonight/items/${programs.eli.id}`, {});
  await restOrderBecomes('tonight', [programs.dev.id, programs.eli.id]);

  await asEditor({}, async page => {
    await page.getByRole('button', { name: /^Tonight/ }).click();
    await eventually(async () => (await feedOrder(page)).length === 2, { what: 'the feed shown' });

    const version = (await world.get('/v1/feeds/tonight')).body.version;
    const bobs = await fetch(`${world.catalogUrl}/v1/feeds/tonight/items/${programs.eli.id}`,
      { method: 'DELETE', headers: { ...bob, 'If-Match': `"${version}"` } });
    assert.equal(bobs.status, 204);

    await feedItem(page, programs.eli.id).getByRole('button', { name: 'Move up' }).click();
    await page.getByRole('alert').filter({ hasText: 'Someone else changed' }).waitFor();
    await eventually(async () => (await feedOrder(page)).join() === programs.dev.id, { what: 'the page shows bob\'s change' });
    await restOrderBecomes('tonight', [programs.dev.id]);
    const history = (await world.get('/v1/feeds/tonight/history')).body.changes;
    assert.ok(history.every(change => change.editor === 'bob'), 'alice changed nothing');
  });
});

test('hides a program with a reason and restores it; API consumers stop and start seeing it', async () => {
  await asEditor({}, async page => {
    const fay = programs.fay.id;
    await filterByAnchor(page, 'fay');
    await card(page, fay).getByRole('button', { name: 'Hide' }).click();
    await page.getByLabel('Reason').fill('Copyright claim on the music');
    await page.getByRole('button', { name: 'Hide program' }).click();
    await card(page, fay).locator('.badge', { hasText: 'Hidden' }).waitFor();
    await card(page, fay).getByRole('button', { name: 'Restore' }).waitFor();

    await eventually(async () => (await world.get(`/v1/programs/${fay}`)).status === 404, { what: 'hidden from consumers' });
    assert.deepEqual((await world.get('/v1/anchors/fay/programs')).body.items, []);
    const seen = (await world.get(`/v1/programs/${fay}`, 'bob')).body;
    assert.equal(seen.hidden.reason, 'Copyright claim on the music');
    assert.equal(seen.hidden.editor, 'alice');

    await card(page, fay).getByRole('button', { name: 'Restore' }).click();
    await card(page, fay).getByRole('button', { name: 'Hide' }).waitFor();
    assert.equal(await card(page, fay).locator('.badge', { hasText: 'Hidden' }).count(), 0);
    await eventually(async () => (await world.get(`/v1/programs/${fay}`)).status === 200, { what: 'visible to consumers again' });
    assert.equal((await world.get('/v1/anchors/fay/programs')).body.items.length, 1);
  });
});

test('a new program appears in the list without a reload', async () => {
  await asEditor({}, async page => {
    await card(page, programs.ada.id).waitFor();
    await world.tencent.recording('hana', { start: new Date(Date.now() - 10 * 60_000), seconds: 300, url: world.media.clipUrl });
    const [hana] = await world.programsOf('hana');
    await card(page, hana.id).waitFor({ timeout: 15000 });
  });
});

test('on a phone\'s width the programs and feeds fit without scrolling sideways', async () => {
  await asEditor({ viewport: { width: 390, height: 844 } }, async page => {
    await card(page, programs.ada.id).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'no horizontal scrolling');
    const box = await card(page, programs.ada.id).getByRole('button', { name: 'Hide' }).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, 'the actions are on screen');
  });
});
