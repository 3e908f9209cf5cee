// Hide a program with a reason, or restore it. Hidden programs stay in the console with their badge.
import { api, ApiError, Program } from './api';
import { closeButton, programDialog } from './dialogs';
import { announce, h } from './dom';
import { refresh } from './programs';

export function hideDialog(program: Program, opener: HTMLElement): void {
  const reason = h('textarea', { id: 'hide-reason', name: 'reason', rows: 3, required: true, maxlength: 500 });
  const error = h('p', { class: 'alert', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'danger' }, 'Hide program');
  const form = h('form', {},
    h('p', { class: 'hint' }, 'A hidden program disappears from anchor histories and feeds for the app; it stays here, marked, and can be restored.'),
    h('div', { class: 'field' }, h('label', { for: 'hide-reason' }, 'Reason'), reason),
    error,
    h('div', { class: 'buttons' }, submit, closeButton(() => dialog, 'Cancel')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    submit.disabled = true;
    try {
      await api.hide(program.id, reason.value.trim());
      dialog.close();
      await refresh(program.id);
      announce('The program is hidden.');
    } catch (caught) {
      error.textContent = caught instanceof ApiError ? caught.message : 'The catalog could not be reached; the program was not hidden.';
    } finally {
      submit.disabled = false;
    }
  });
  const dialog = programDialog('hide', 'Hide a program', program, form, opener, reason);
}

export async function restore(program: Program): Promise<void> {
  try {
    await api.restore(program.id);
    await refresh(program.id);
    announce('The program is restored.');
  } catch (caught) {
    announce(caught instanceof ApiError ? caught.message : 'The catalog could not be reached; the program was not restored.');
  }
}
