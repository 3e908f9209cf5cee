// Debian's Chromium driven by playwright-core (no downloaded browser). Every page records what must fail a test:
// uncaught exceptions, console errors, failed requests, server errors, and any request that leaves the catalog
// and the recordings' host (the console must load nothing from elsewhere).
import { chromium } from 'playwright-core';

const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args });
}

// Chromium logs every 4xx answer as a console error; those answers are checked by the tests themselves
// (a 401 before signing in, a 412 on a conflict), so only the other console errors count here.
const answerLog = /^Failed to load resource: the server responded with a status of (\d+)/;

export async function openPage(browser, url, { allowedOrigins, viewport = { width: 1280, height: 800 }, timezoneId = 'UTC' }) {
  const context = await browser.newContext({ viewport, timezoneId, locale: 'en-US', reducedMotion: 'reduce' });
  const page = await context.newPage();
  const problems = [];
  const allowed = new Set(allowedOrigins);
  page.on('pageerror', error => problems.push(`uncaught: ${error.message}`));
  page.on('console', message => {
    if (message.type() !== 'error') return;
    const answer = answerLog.exec(message.text());
    if (answer && Number(answer[1]) < 500 && Number(answer[1]) !== 404) return;
    problems.push(`console error: ${message.text()}`);
  });
  page.on('request', request => {
    const target = request.url();
    if (target.startsWith('data:') || target.startsWith('blob:')) return;
    if (!allowed.has(new URL(target).origin)) problems.push(`request outside the catalog: ${target}`);
  });
  page.on('requestfailed', request => {
    // Cancelled, not failed: a media element stops range requests it no longer needs, a reload stops pending reads.
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  page.on('response', response => {
    if (response.status() >= 500) problems.push(`server error: ${response.status()} ${response.url()}`);
  });
  await page.goto(url);
  return {
    page,
    context,
    problems,
    async close() {
      await context.close();
    },
  };
}
