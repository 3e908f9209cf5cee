// A feed's items in editorial order: buttons to move and remove (for keyboard users), and drag to reorder.
import { FeedItem, Program } from './api';
import { badges, cover } from './card';
import { h, replace } from './dom';
import { formatDateTime, formatDuration } from './format';
import { load } from './programs';
import { rememberFocus } from './browse';

export interface ItemActions {
  move(programId: string, position: number): Promise<boolean>;
  remove(programId: string): Promise<boolean>;
}

export function feedItems(actions: ItemActions) {
  const list = h('ol', { id: 'feed-items', class: 'feed-items', 'aria-label': 'Items in order' });
  const empty = h('p', { class: 'hint' });
  let dragged: string | null = null;

  const targetPosition = (event: DragEvent): number => {
    const rows = [...list.querySelectorAll<HTMLElement>('li[data-program-id]')];
    const index = rows.findIndex(row => {
      const box = row.getBoundingClientRect();
      return event.clientY < box.top + box.height / 2;
    });
    return index < 0 ? rows.length : index;
  };
  const clearMarks = () => list.querySelectorAll('.drop-before, .drop-after').forEach(row => row.classList.remove('drop-before', 'drop-after'));

  list.addEventListener('dragover', event => {
    if (!dragged) return;
    event.preventDefault();
    clearMarks();
    const rows = list.querySelectorAll('li[data-program-id]');
    const index = targetPosition(event);
    if (index < rows.length) rows[index].classList.add('drop-before');
    else rows[rows.length - 1]?.classList.add('drop-after');
  });
  list.addEventListener('dragleave', event => {
    if (!list.contains(event.relatedTarget as Node)) clearMarks();
  });
  list.addEventListener('drop', event => {
    event.preventDefault();
    clearMarks();
    if (!dragged) return;
    const rows = [...list.querySelectorAll<HTMLElement>('li[data-program-id]')];
    const from = rows.findIndex(row => row.dataset.programId === dragged);
    let to = targetPosition(event);
    // Dropping below itself counts the dragged row out.
    if (to > from) to -= 1;
    const id = dragged;
    dragged = null;
    if (from >= 0 && to !== from) void actions.move(id, to + 1);
  });

  const row = (item: FeedItem, program: Program | null, position: number, count: number): HTMLLIElement => {
    const titleId = `feed-item-${item.programId}`;
    const button = (text: string, disabled: boolean, run: () => void) =>
      h('button', { type: 'button', 'aria-describedby': titleId, disabled, onclick: run }, text);
    const li = h('li', { 'data-program-id': item.programId, draggable: 'true', class: program?.hidden ? 'is-hidden' : null },
      h('span', { class: 'grip', 'aria-hidden': 'true', title: 'Drag to reorder' }, '⋮⋮'),
      h('span', { class: 'position' }, String(position)),
      program ? cover(program, 'small') : h('div', { class: 'cover small' }),
      h('div', { class: 'info' },
        h('p', { id: titleId, class: 'title' },
          program ? `${program.anchorId} · ${formatDateTime(program.startedAt)}` : `Program ${item.programId.slice(0, 8)} (not found)`),
        program ? h('p', { class: 'muted' }, `${formatDuration(program.durationSeconds)} · featured by ${item.featuredBy}`) : null,
        item.note ? h('p', { class: 'note' }, item.note) : null,
        program ? badges(program) : null),
      h('div', { class: 'actions' },
        button('Move up', position === 1, () => void actions.move(item.programId, position - 1)),
        button('Move down', position === count, () => void actions.move(item.programId, position + 1)),
        button('Remove', false, () => void actions.remove(item.programId))));
    li.addEventListener('dragstart', event => {
      dragged = item.programId;
      event.dataTransfer?.setData('text/plain', item.programId);
      if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
      li.classList.add('dragging');
    });
    li.addEventListener('dragend', () => {
      li.classList.remove('dragging');
      clearMarks();
    });
    return li;
  };

  return {
    element: h('div', { class: 'feed-items-panel' }, empty, list),
    async draw(items: FeedItem[]): Promise<void> {
      const programs = await Promise.all(items.map(item => load(item.programId).catch(() => null)));
      const focus = rememberFocus(list);
      replace(list, items.map((item, i) => row(item, programs[i], i + 1, items.length)));
      empty.textContent = items.length === 0 ? 'No programs yet: use Feature on a program to add it here.' : '';
      focus();
    },
  };
}
