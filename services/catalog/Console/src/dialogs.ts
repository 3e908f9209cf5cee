// Modal dialogs built on <dialog>: the browser traps the focus and Escape closes them; closing gives the
// focus back to the button that opened them (or to the same button of a list drawn again meanwhile).
import { Program } from './api';
import { h } from './dom';
import { formatDateTime } from './format';

export function modal(labelledBy: string, className: string, ...content: HTMLElement[]): HTMLDialogElement {
  const dialog = h('dialog', { class: className, 'aria-labelledby': labelledBy }, ...content);
  document.body.append(dialog);
  return dialog;
}

export function closeOnDone(dialog: HTMLDialogElement, opener: HTMLElement, onClose: () => void = () => {}): void {
  const label = opener.textContent;
  const programId = opener.closest('[data-program-id]')?.getAttribute('data-program-id');
  dialog.addEventListener('close', () => {
    onClose();
    dialog.remove();
    if (opener.isConnected) return opener.focus();
    const again = programId ? document.querySelector(`.programs [data-program-id="${CSS.escape(programId)}"]`) : null;
    const buttons = again ? [...again.querySelectorAll<HTMLButtonElement>('button')] : [];
    (buttons.find(b => b.textContent === label) ?? buttons[0])?.focus();
  });
}

export function closeButton(dialog: () => HTMLDialogElement, text = 'Close'): HTMLButtonElement {
  return h('button', { type: 'button', class: 'close', onclick: () => dialog().close() }, text);
}

/** A small dialog about one program (a heading, the program's anchor and time, then a form), opened at once. */
export function programDialog(name: string, title: string, program: Program, form: HTMLElement, opener: HTMLElement, focus: HTMLElement): HTMLDialogElement {
  const dialog = modal(`${name}-title`, 'small-dialog',
    h('h2', { id: `${name}-title` }, title),
    h('p', { class: 'muted' }, `${program.anchorId} · ${formatDateTime(program.startedAt)}`),
    form);
  closeOnDone(dialog, opener);
  dialog.showModal();
  focus.focus();
  return dialog;
}
