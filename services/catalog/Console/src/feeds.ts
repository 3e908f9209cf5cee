// Curate: the replay feeds, one shown at a time with its items in editorial order. Every edit sends the
// feed's version as If-Match; when someone else changed the feed meanwhile the catalog refuses (412), and
// the page says so and shows the feed as it now is instead of overwriting it.
import { api, ApiError, FeedItem, FeedState, FeedSummary, versionOf } from './api';
import { announce, h, replace } from './dom';
import { feedItems } from './feedItems';
import { historyPanel } from './history';
import { remember } from './programs';

export interface Shown { id: string; title: string; version: number; items: FeedItem[] }

export class Feeds {
  readonly element: HTMLElement;
  summaries: FeedSummary[] = [];
  private shown: Shown | null = null;
  private readonly list = h('ul', { class: 'feed-list' });
  private readonly alert = h('p', { class: 'alert', role: 'alert' });
  private readonly detail = h('section', { class: 'feed', 'aria-labelledby': 'feed-title', hidden: true });
  private readonly heading = h('h3', { id: 'feed-title' });
  private readonly facts = h('p', { class: 'muted' });
  private readonly retitle = h('input', { id: 'feed-rename', name: 'title', required: true, maxlength: 200 });
  private readonly items = feedItems({
    move: (id, position) => this.edit(`Moved to position ${position}.`, version => api.feature(this.shown!.id, id, { position }, version)),
    remove: id => this.edit('Removed from the feed.', version => api.unfeature(this.shown!.id, id, version)),
  });
  private readonly history = historyPanel(() => this.shown?.id ?? null);
  private listeners: (() => void)[] = [];

  constructor() {
    const rename = h('form', { class: 'inline' },
      h('label', { for: 'feed-rename' }, 'Rename to'), this.retitle, h('button', { type: 'submit' }, 'Rename'));
    rename.addEventListener('submit', event => {
      event.preventDefault();
      void this.edit('Renamed.', version => api.putFeed(this.shown!.id, this.retitle.value, { 'If-Match': `"${version}"` }));
    });
    replace(this.detail, this.heading, this.facts, rename, this.items.element, this.history.element);
    this.element = h('aside', { class: 'feeds' },
      h('h2', { id: 'feeds-title' }, 'Replay feeds'),
      this.list,
      this.createForm(),
      this.alert,
      this.detail);
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  get selectedId(): string | null {
    return this.shown?.id ?? null;
  }

  /** Draws the items again when a program shown among them changed (hidden or restored). */
  redrawIfShowing(programId: string): void {
    if (this.shown?.items.some(item => item.programId === programId)) void this.items.draw(this.shown.items);
  }

  async start(): Promise<void> {
    await this.reloadList();
    if (this.summaries[0]) await this.select(this.summaries[0].id);
  }

  async reloadList(): Promise<void> {
    try {
      this.summaries = await api.feeds();
    } catch (error) {
      this.alert.textContent = error instanceof ApiError ? error.message : 'The feeds could not be read.';
    }
    this.drawList();
    this.listeners.forEach(listener => listener());
  }

  /** Shows a feed as the catalog has it now; after a conflict, waits until the read model has the newer version. */
  async select(id: string, newerThan = -1): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const page = await api.feed(id);
      const items: FeedItem[] = [];
      for (let next: typeof page | null = page; next; next = next.nextCursor ? await api.feed(id, next.nextCursor) : null) {
        for (const item of next.items) {
          if (item.program) remember(item.program);
          items.push({ programId: item.programId, note: item.note, featuredBy: item.featuredBy, featuredAt: item.featuredAt });
        }
      }
      if (page.version > newerThan || attempt >= 20) {
        await this.show({ id: page.id, title: page.title, version: page.version, items });
        return;
      }
      await new Promise(resolve => setTimeout(resolve, 150));
    }
  }

  /** Features a program into a feed with a note; the feed is then the one shown. */
  async feature(feedId: string, programId: string, note: string): Promise<boolean> {
    if (this.shown?.id !== feedId) await this.select(feedId);
    return this.edit('Added to the feed.', version => api.feature(feedId, programId, { note }, version));
  }

  private async show(state: Shown): Promise<void> {
    this.shown = state;
    this.heading.textContent = state.title;
    this.facts.textContent = `${state.id} · ${state.items.length} item${state.items.length === 1 ? '' : 's'} · version ${state.version}`;
    this.retitle.value = state.title;
    this.detail.hidden = false;
    await this.items.draw(state.items);
    const summary = this.summaries.find(s => s.id === state.id);
    if (summary) Object.assign(summary, { title: state.title, itemCount: state.items.length, version: state.version });
    else this.summaries.push({ id: state.id, title: state.title, itemCount: state.items.length, version: state.version });
    this.drawList();
    this.listeners.forEach(listener => listener());
    void this.history.refresh();
  }

  private async edit(done: string, change: (version: number) => Promise<{ body: FeedState | void; etag: string | null }>): Promise<boolean> {
    const before = this.shown;
    if (!before) return false;
    this.alert.textContent = '';
    try {
      const answer = await change(before.version);
      const state = answer.body;
      if (state) await this.show({ id: state.id, title: state.title, version: state.version, items: state.items });
      else await this.select(before.id, (versionOf(answer.etag) ?? before.version + 1) - 1);
      announce(done);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        await this.select(before.id, before.version);
        this.alert.textContent = `Someone else changed “${before.title}” meanwhile, so your change was not made. This is the feed as it is now; try again if it is still needed.`;
      } else {
        this.alert.textContent = error instanceof ApiError ? error.message : 'The catalog could not be reached; nothing was changed.';
      }
      return false;
    }
  }

  private drawList(): void {
    replace(this.list, this.summaries.map(feed => {
      const button = h('button', { type: 'button', class: 'feed-choice', 'aria-pressed': String(feed.id === this.shown?.id) },
        h('span', { class: 'title' }, feed.title), h('span', { class: 'count' }, `${feed.itemCount}`));
      button.setAttribute('aria-label', `${feed.title}, ${feed.itemCount} item${feed.itemCount === 1 ? '' : 's'}`);
      button.addEventListener('click', () => {
        this.alert.textContent = '';
        void this.select(feed.id);
      });
      return h('li', {}, button);
    }));
  }

  private createForm(): HTMLElement {
    const title = h('input', { id: 'new-feed-title', name: 'title', required: true, maxlength: 200 });
    const id = h('input', { id: 'new-feed-id', name: 'id', required: true, maxlength: 64, pattern: '[A-Za-z0-9_\\-]+', spellcheck: 'false' });
    let idEdited = false;
    id.addEventListener('input', () => (idEdited = id.value !== ''));
    title.addEventListener('input', () => {
      if (!idEdited) id.value = slug(title.value);
    });
    const form = h('form', { class: 'new-feed' },
      h('div', { class: 'field' }, h('label', { for: 'new-feed-title' }, 'Title'), title),
      h('div', { class: 'field' }, h('label', { for: 'new-feed-id' }, 'Id'), id),
      h('button', { type: 'submit' }, 'Create feed'));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      this.alert.textContent = '';
      if (this.summaries.some(s => s.id === id.value)) {
        this.alert.textContent = `There is already a feed with the id “${id.value}”.`;
        return;
      }
      try {
        const { body } = await api.putFeed(id.value, title.value);
        form.reset();
        idEdited = false;
        await this.show({ id: body.id, title: body.title, version: body.version, items: body.items });
        announce(`Feed “${body.title}” created.`);
      } catch (error) {
        this.alert.textContent = error instanceof ApiError ? error.message : 'The feed could not be created.';
      }
    });
    return h('details', { class: 'new-feed-panel' }, h('summary', {}, 'New feed'), form);
  }
}

function slug(title: string): string {
  return title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
}
