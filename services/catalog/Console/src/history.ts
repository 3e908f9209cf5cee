// A feed's curation trail: who did what, when, read from the feed's own stream.
import { api, FeedChange } from './api';
import { h, replace } from './dom';
import { formatDateTime } from './format';
import { cached } from './programs';

export function historyPanel(feedId: () => string | null): { element: HTMLDetailsElement; refresh(): Promise<void> } {
  const list = h('ol', { class: 'history', reversed: true });
  const element = h('details', { class: 'history-panel' }, h('summary', {}, 'History'), list);
  const refresh = async () => {
    const id = feedId();
    if (!element.open || !id) return;
    try {
      const history = await api.history(id);
      replace(list, [...history.changes].reverse().map(change =>
        h('li', {},
          h('span', { class: 'editor' }, change.editor || 'someone'),
          ' ', describe(change), ' ',
          h('time', { datetime: change.at, class: 'muted' }, formatDateTime(change.at)))));
    } catch {
      replace(list, h('li', {}, 'The history could not be read.'));
    }
  };
  element.addEventListener('toggle', () => void refresh());
  return { element, refresh };
}

function describe(change: FeedChange): string {
  const program = change.programId ? programLabel(change.programId) : '';
  const note = change.note ? ` with the note “${change.note}”` : '';
  switch (change.type) {
    case 'feed-created': return `created the feed “${change.title}”`;
    case 'feed-retitled': return `renamed it “${change.title}”`;
    case 'program-featured': return `featured ${program} at position ${change.position}${note}`;
    case 'program-moved': return `moved ${program} to position ${change.position}`;
    case 'program-unfeatured': return `removed ${program}`;
    default: return change.type;
  }
}

function programLabel(id: string): string {
  const program = cached(id);
  return program ? `${program.anchorId}'s program of ${formatDateTime(program.startedAt)}` : `program ${id.slice(0, 8)}`;
}
