// Feature: choose a feed and write a note, then add the program to that feed.
import { Program } from './api';
import { closeButton, programDialog } from './dialogs';
import { h } from './dom';
import { Feeds } from './feeds';

export function featureDialog(feeds: Feeds, program: Program, opener: HTMLElement): void {
  const select = h('select', { id: 'feature-feed', name: 'feed', required: true },
    feeds.summaries.map(feed => h('option', { value: feed.id, selected: feed.id === feeds.selectedId }, feed.title)));
  const note = h('textarea', { id: 'feature-note', name: 'note', rows: 3, maxlength: 2000 });
  const error = h('p', { class: 'alert', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary', disabled: feeds.summaries.length === 0 }, 'Add to feed');
  const form = h('form', { method: 'dialog' },
    h('div', { class: 'field' }, h('label', { for: 'feature-feed' }, 'Feed'), select),
    feeds.summaries.length === 0 ? h('p', { class: 'hint' }, 'There is no feed yet: create one under Replay feeds first.') : null,
    h('div', { class: 'field' }, h('label', { for: 'feature-note' }, 'Note'), note),
    error,
    h('div', { class: 'buttons' }, submit, closeButton(() => dialog, 'Cancel')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    submit.disabled = true;
    const added = await feeds.feature(select.value, program.id, note.value.trim());
    submit.disabled = false;
    if (added) dialog.close();
    else error.textContent = 'The program was not added: see the message beside the feed.';
  });
  const dialog = programDialog('feature', 'Feature a program', program, form, opener, select);
}
