// A simple timeline of the broadcast: one row per format with its files, and the gaps where nothing was recorded.
import { Program, ProgramFile, Rendition } from './api';
import { h } from './dom';
import { formatDuration, formatTime } from './format';

export function timeline(program: Program, onPick: (rendition: Rendition, file: ProgramFile) => void): HTMLElement {
  const start = Date.parse(program.startedAt);
  const span = Math.max(1, Date.parse(program.endedAt) - start);
  const left = (iso: string) => `${(((Date.parse(iso) - start) / span) * 100).toFixed(3)}%`;
  const width = (from: string, to: string) => `${Math.max(0.4, ((Date.parse(to) - Date.parse(from)) / span) * 100).toFixed(3)}%`;
  const place = (element: HTMLElement, from: string, to: string) => {
    element.style.left = left(from);
    element.style.width = width(from, to);
    return element;
  };

  const rows = program.renditions.map(rendition =>
    h('div', { class: 'row' },
      h('span', { class: 'label' }, rendition.format.toUpperCase()),
      h('div', { class: 'lane' },
        rendition.files.map(file => {
          const segment = place(h('div', {
            class: 'segment',
            'data-file-index': file.index,
            'data-format': rendition.format,
            title: `${rendition.format.toUpperCase()} file ${file.index + 1}: ${formatTime(file.startedAt)}–${formatTime(file.endedAt)}`,
          }), file.startedAt, file.endedAt);
          segment.addEventListener('click', () => onPick(rendition, file));
          return segment;
        }),
        program.gaps.map(gap => place(h('div', { class: 'gap-mark' }), gap.startedAt, gap.endedAt)))));

  const gaps = program.gaps.length === 0
    ? h('p', { class: 'hint' }, 'No gaps: the recording covers the whole broadcast.')
    : h('ul', { class: 'gaps', 'aria-label': 'Gaps' }, program.gaps.map(gap =>
      h('li', {}, `Gap ${formatTime(gap.startedAt)}–${formatTime(gap.endedAt)} (${formatDuration((Date.parse(gap.endedAt) - Date.parse(gap.startedAt)) / 1000)})`)));

  return h('figure', { class: 'timeline' },
    h('figcaption', {}, 'Timeline'),
    h('div', { class: 'rows', 'aria-hidden': 'true' }, rows),
    h('div', { class: 'axis', 'aria-hidden': 'true' }, h('span', {}, formatTime(program.startedAt)), h('span', {}, formatTime(program.endedAt))),
    gaps);
}
