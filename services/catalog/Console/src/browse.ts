// Browse: the newest programs across anchors, filtered by anchor and dates, paged with the API's cursors.
// The first page is read again every few seconds, so new programs appear without a reload.
import { api, ApiError, Program } from './api';
import { programCard, ProgramActions } from './card';
import { announce, h, replace } from './dom';
import { startOfLocalDay } from './format';
import { onProgramChanged, remember } from './programs';

const PAGE_SIZE = 12;
const POLL_MS = 5000;

export class Browse {
  readonly element: HTMLElement;
  private readonly list = h('ol', { class: 'programs', 'aria-label': 'Programs' });
  private readonly message = h('p', { class: 'empty', role: 'status' });
  private readonly newer = h('button', { type: 'button' }, 'Newer');
  private readonly older = h('button', { type: 'button' }, 'Older');
  private readonly pageLabel = h('span', { class: 'page-label' });
  private readonly anchor = h('input', { id: 'filter-anchor', name: 'anchor', type: 'search', list: 'anchor-ids', autocomplete: 'off', spellcheck: 'false' });
  private readonly anchors = h('datalist', { id: 'anchor-ids' });
  private readonly from = h('input', { id: 'filter-from', name: 'from', type: 'date' });
  private readonly to = h('input', { id: 'filter-to', name: 'to', type: 'date' });
  private cursors: (string | null)[] = [null];
  private page = 0;
  private shown: Program[] = [];
  private timer: number | undefined;
  private suggestTimer: number | undefined;

  constructor(private readonly actions: ProgramActions) {
    const filters = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter programs' },
      h('div', { class: 'field' }, h('label', { for: 'filter-anchor' }, 'Anchor'), this.anchor, this.anchors),
      h('div', { class: 'field' }, h('label', { for: 'filter-from' }, 'From'), this.from),
      h('div', { class: 'field' }, h('label', { for: 'filter-to' }, 'To'), this.to),
      h('div', { class: 'buttons' },
        h('button', { type: 'submit', class: 'primary' }, 'Filter'),
        h('button', { type: 'reset' }, 'Clear')));
    filters.addEventListener('submit', event => {
      event.preventDefault();
      void this.reset();
    });
    filters.addEventListener('reset', () => setTimeout(() => void this.reset()));
    this.anchor.addEventListener('input', () => this.suggestAnchors());
    this.newer.addEventListener('click', () => void this.go(this.page - 1));
    this.older.addEventListener('click', () => void this.go(this.page + 1));
    onProgramChanged(program => this.update(program));

    this.element = h('section', { class: 'browse', 'aria-labelledby': 'browse-title' },
      h('h2', { id: 'browse-title' }, 'Programs'),
      filters,
      this.message,
      this.list,
      h('nav', { class: 'pager', 'aria-label': 'Pages' }, this.newer, this.pageLabel, this.older));
  }

  async start(): Promise<void> {
    await this.reset();
    this.timer = window.setInterval(() => void this.poll(), POLL_MS);
  }

  stop(): void {
    window.clearInterval(this.timer);
  }

  private filter() {
    return {
      anchor: this.anchor.value.trim() || undefined,
      from: this.from.value ? startOfLocalDay(this.from.value) : undefined,
      to: this.to.value ? startOfLocalDay(this.to.value, 1) : undefined,
      limit: PAGE_SIZE,
    };
  }

  private async reset(): Promise<void> {
    this.cursors = [null];
    await this.go(0);
  }

  private async go(page: number): Promise<void> {
    try {
      const answer = await api.programs({ ...this.filter(), cursor: this.cursors[page] });
      this.page = page;
      this.cursors[page + 1] = answer.nextCursor;
      this.cursors.length = page + 2;
      this.render(answer.items.map(remember), new Set());
    } catch (error) {
      this.message.textContent = error instanceof ApiError ? error.message : 'The catalog could not be reached.';
    }
  }

  /** Reads the first page again; programs not shown before are added at the top and announced. */
  private async poll(): Promise<void> {
    if (this.page !== 0 || document.hidden) return;
    try {
      const answer = await api.programs(this.filter());
      const before = new Set(this.shown.map(p => p.id));
      const fresh = answer.items.filter(p => !before.has(p.id));
      const changed = answer.items.some((p, i) => JSON.stringify(p) !== JSON.stringify(this.shown[i]));
      if (!changed) return;
      this.cursors[1] = answer.nextCursor;
      this.render(answer.items.map(remember), new Set(fresh.map(p => p.id)));
      if (fresh.length > 0) announce(`${fresh.length} new program${fresh.length === 1 ? '' : 's'}.`);
    } catch {
      // The next poll tries again; a lasting outage shows on the next action the editor takes.
    }
  }

  private render(programs: Program[], fresh: Set<string>): void {
    const focus = rememberFocus(this.list);
    this.shown = programs;
    replace(this.list, programs.map(p => programCard(p, this.actions, fresh.has(p.id))));
    this.message.textContent = programs.length === 0
      ? (this.anchor.value || this.from.value || this.to.value ? 'No programs match these filters.' : 'No programs yet. They appear here as recordings arrive.')
      : '';
    this.newer.disabled = this.page === 0;
    this.older.disabled = !this.cursors[this.page + 1];
    this.pageLabel.textContent = `Page ${this.page + 1}`;
    focus();
  }

  private update(program: Program): void {
    const index = this.shown.findIndex(p => p.id === program.id);
    if (index < 0) return;
    this.shown[index] = program;
    this.render(this.shown, new Set());
  }

  private suggestAnchors(): void {
    window.clearTimeout(this.suggestTimer);
    this.suggestTimer = window.setTimeout(async () => {
      try {
        const answer = await api.anchors(this.anchor.value.trim());
        replace(this.anchors, answer.map(a => h('option', { value: a.anchorId })));
      } catch {
        // Suggestions are a convenience; typing the whole id works without them.
      }
    }, 250);
  }
}

/** Keeps the keyboard focus on the same button of the same program when a list is drawn again. */
export function rememberFocus(container: HTMLElement): () => void {
  const active = document.activeElement;
  if (!(active instanceof HTMLElement) || !container.contains(active)) return () => {};
  const id = active.closest('[data-program-id]')?.getAttribute('data-program-id');
  const label = active.textContent;
  return () => {
    const item = id ? container.querySelector(`[data-program-id="${CSS.escape(id)}"]`) : null;
    const buttons = item ? [...item.querySelectorAll<HTMLButtonElement>('button')] : [];
    const twin = label === 'Hide' ? 'Restore' : label === 'Restore' ? 'Hide' : label;
    (buttons.find(b => (b.textContent === label || b.textContent === twin) && !b.disabled) ?? buttons.find(b => !b.disabled))?.focus();
  };
}
