// Watch: a program in a dialog, playing one rendition's files in order, with its timeline and gaps.
import { Program, ProgramFile, Rendition } from './api';
import { badges, formats } from './card';
import { closeButton, closeOnDone, modal } from './dialogs';
import { h, replace } from './dom';
import { formatBytes, formatDateTime, formatDuration, formatTime } from './format';
import { attach, Playback } from './player';
import { timeline } from './timeline';

const preferred = ['mp4', 'hls', 'flv'];

export function watch(program: Program, opener: HTMLElement): void {
  const video = h('video', { controls: true, playsinline: true, preload: 'metadata', class: 'video' });
  const note = h('p', { class: 'player-note', role: 'status' });
  const files = h('ol', { class: 'files', 'aria-label': 'Files in order' });
  const formatButtons = h('div', { class: 'formats', role: 'group', 'aria-label': 'Format' });
  let playback: Playback | null = null;
  let current: { rendition: Rendition; file: ProgramFile } | null = null;

  const play = async (rendition: Rendition, file: ProgramFile) => {
    playback?.destroy();
    playback = null;
    current = { rendition, file };
    showRendition(rendition);
    note.textContent = `Playing ${rendition.format.toUpperCase()} file ${file.index + 1} of ${rendition.files.length}.`;
    try {
      playback = await attach(video, rendition.format, file.url, message => (note.textContent = message));
      await video.play().catch(() => (note.textContent = 'Press play to start.'));
    } catch (error) {
      note.textContent = error instanceof Error ? error.message : 'This file cannot be played here.';
    }
  };

  const showRendition = (rendition: Rendition) => {
    for (const button of formatButtons.querySelectorAll('button')) button.setAttribute('aria-pressed', String(button.dataset.format === rendition.format));
    replace(files, rendition.files.map(file => {
      const playing = current?.rendition === rendition && current.file === file;
      const button = h('button', { type: 'button', class: 'file', 'aria-current': playing ? 'true' : null },
        h('span', { class: 'index' }, `${file.index + 1}`),
        h('span', {}, `${formatTime(file.startedAt)}–${formatTime(file.endedAt)}`),
        h('span', { class: 'muted' }, formatDuration((Date.parse(file.endedAt) - Date.parse(file.startedAt)) / 1000)),
        h('span', { class: 'muted' }, file.sizeBytes > 0 ? formatBytes(file.sizeBytes) : ''));
      button.setAttribute('aria-label', `Play file ${file.index + 1}, ${formatTime(file.startedAt)} to ${formatTime(file.endedAt)}`);
      button.addEventListener('click', () => void play(rendition, file));
      return h('li', {}, button);
    }));
    for (const segment of dialog.querySelectorAll<HTMLElement>('.segment')) {
      segment.classList.toggle('playing', segment.dataset.format === current?.rendition.format && Number(segment.dataset.fileIndex) === current?.file.index);
    }
  };

  // The files of a rendition play one after the other, as one broadcast.
  video.addEventListener('ended', () => {
    if (!current) return;
    const next = current.rendition.files[current.file.index + 1];
    if (next) void play(current.rendition, next);
  });

  for (const rendition of program.renditions) {
    const button = h('button', { type: 'button', 'data-format': rendition.format, 'aria-pressed': 'false' },
      `${rendition.format.toUpperCase()} · ${rendition.files.length} file${rendition.files.length === 1 ? '' : 's'}`);
    button.addEventListener('click', () => rendition.files[0] && void play(rendition, rendition.files[0]));
    formatButtons.append(button);
  }

  const titleId = 'watch-title';
  const dialog: HTMLDialogElement = modal(titleId, 'watch',
    h('header', {},
      h('div', {},
        h('h2', { id: titleId }, `${program.anchorId} · ${formatDateTime(program.startedAt)}`),
        h('p', { class: 'meta' }, `${formatDuration(program.durationSeconds)} · ${formats(program)} · ${program.streamId}`),
        badges(program)),
      closeButton(() => dialog)),
    h('div', { class: 'stage' },
      h('div', { class: 'player' }, video, note),
      h('div', { class: 'side' }, formatButtons, files)),
    timeline(program, (rendition, file) => void play(rendition, file)));
  closeOnDone(dialog, opener, () => playback?.destroy());
  dialog.showModal();

  const first = [...program.renditions].sort((a, b) => rank(a.format) - rank(b.format))[0];
  if (first?.files[0]) void play(first, first.files[0]);
  else note.textContent = 'This program has no files yet.';
}

function rank(format: string): number {
  const index = preferred.indexOf(format.toLowerCase());
  return index < 0 ? preferred.length : index;
}
