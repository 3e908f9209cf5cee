// One program as the console shows it: cover, anchor, start time, duration, formats, badges and its actions.
import { Program } from './api';
import { h } from './dom';
import { formatDateTime, formatDuration } from './format';

export interface ProgramActions {
  watch(program: Program, opener: HTMLElement): void;
  feature(program: Program, opener: HTMLElement): void;
  hide(program: Program, opener: HTMLElement): void;
  restore(program: Program, opener: HTMLElement): void;
}

export function badges(program: Program): HTMLElement {
  const list = h('ul', { class: 'badges', 'aria-label': 'Badges' });
  const add = (text: string, kind: string, title: string) => list.append(h('li', { class: `badge ${kind}`, title }, text));
  if (program.hidden) add('Hidden', 'hidden', `Hidden by ${program.hidden.editor}: ${program.hidden.reason}`);
  if (program.flags.short) add('Short', 'short', 'Shorter than the catalog\'s short-program threshold');
  if (program.flags.inconsistentTimes) add('Inconsistent times', 'inconsistent', 'The recorder\'s times disagreed for at least one file');
  if (program.flags.merged) add('Merged', 'merged', 'This program absorbed another one');
  return list;
}

export function formats(program: Program): string {
  return program.renditions.map(r => r.format.toUpperCase()).join(' · ') || 'no files';
}

export function cover(program: Program, size: 'large' | 'small'): HTMLElement {
  const frame = h('div', { class: `cover ${size}`, 'aria-hidden': 'true' });
  if (program.coverUrl) {
    const image = h('img', { src: program.coverUrl, alt: '', loading: 'lazy', decoding: 'async', referrerpolicy: 'no-referrer' });
    image.addEventListener('error', () => image.remove());
    frame.append(image);
  }
  frame.append(h('span', { class: 'duration' }, formatDuration(program.durationSeconds)));
  return frame;
}

export function programCard(program: Program, actions: ProgramActions, isNew = false): HTMLLIElement {
  const titleId = `program-${program.id}-title`;
  const watch = h('button', { type: 'button', class: 'watch-button', 'aria-describedby': titleId }, 'Watch');
  const feature = h('button', { type: 'button', 'aria-describedby': titleId }, 'Feature');
  const moderate = program.hidden
    ? h('button', { type: 'button', class: 'restore', 'aria-describedby': titleId }, 'Restore')
    : h('button', { type: 'button', class: 'danger', 'aria-describedby': titleId }, 'Hide');
  watch.addEventListener('click', () => actions.watch(program, watch));
  feature.addEventListener('click', () => actions.feature(program, feature));
  moderate.addEventListener('click', () => program.hidden ? actions.restore(program, moderate) : actions.hide(program, moderate));
  const image = cover(program, 'large');
  image.addEventListener('click', () => actions.watch(program, watch));

  return h('li', { class: `program${program.hidden ? ' is-hidden' : ''}${isNew ? ' is-new' : ''}`, 'data-program-id': program.id },
    image,
    h('div', { class: 'info' },
      h('h3', { id: titleId }, h('span', { class: 'anchor' }, program.anchorId),
        h('span', { class: 'visually-hidden' }, ', '),
        h('time', { datetime: program.startedAt }, formatDateTime(program.startedAt))),
      h('p', { class: 'meta' },
        h('span', {}, h('span', { class: 'visually-hidden' }, 'Duration '), formatDuration(program.durationSeconds)),
        h('span', {}, formats(program)),
        h('span', { class: 'stream', title: 'Stream id' }, program.streamId)),
      badges(program),
      program.hidden ? h('p', { class: 'hidden-note' }, `Hidden by ${program.hidden.editor}, ${formatDateTime(program.hidden.at)}: ${program.hidden.reason}`) : null),
    h('div', { class: 'actions' }, watch, feature, moderate));
}
