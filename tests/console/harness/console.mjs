// What a test does in the console as an editor would, by the names people and screen readers see.
import { editors } from './world.mjs';

export async function signIn(page, editor = 'alice') {
  await page.getByLabel('Editor key').fill(editors[editor]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** The card of a program in the browse list. */
export function card(page, programId) {
  return page.locator(`.programs [data-program-id="${programId}"]`);
}

/** The item of a program in the feed shown. */
export function feedItem(page, programId) {
  return page.locator(`#feed-items [data-program-id="${programId}"]`);
}

export async function filterByAnchor(page, anchor) {
  await page.getByLabel('Anchor').fill(anchor);
  await page.getByRole('button', { name: 'Filter' }).click();
}

export async function feedOrder(page) {
  return page.locator('#feed-items [data-program-id]').evaluateAll(items => items.map(item => item.getAttribute('data-program-id')));
}

export async function feature(page, programId, feedId, note) {
  await card(page, programId).getByRole('button', { name: 'Feature' }).click();
  await page.getByLabel('Feed').selectOption(feedId);
  await page.getByLabel('Note').fill(note);
  await page.getByRole('button', { name: 'Add to feed' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
}
