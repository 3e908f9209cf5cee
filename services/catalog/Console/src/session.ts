// Signing in and out. The key goes to POST /v1/session once; the catalog answers with an HttpOnly cookie and a
// CSRF token that lives only in this page's memory.
import { api, ApiError, Session } from './api';
import { byId, h, replace } from './dom';

export function showSignIn(main: HTMLElement, onSignedIn: (session: Session) => void, notice = ''): void {
  replace(byId('who'));
  const key = h('input', { id: 'editor-key', name: 'key', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true });
  const message = h('p', { class: 'error', id: 'sign-in-error', role: 'alert' }, notice);
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { class: 'sign-in card', 'aria-labelledby': 'sign-in-title' },
    h('h2', { id: 'sign-in-title' }, 'Sign in'),
    h('p', { class: 'hint' }, 'Use the editor key your administrator gave you. The key is checked once; the page then keeps a session, never the key.'),
    h('label', { for: 'editor-key' }, 'Editor key'),
    key,
    message,
    button);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    button.disabled = true;
    message.textContent = '';
    try {
      const session = await api.signIn(key.value);
      key.value = '';
      onSignedIn(session);
    } catch (error) {
      message.textContent = signInMessage(error);
      key.select();
    } finally {
      button.disabled = false;
    }
  });
  replace(main, form);
  key.focus();
}

function signInMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return error.problem.detail || 'That editor key is not valid. Check it and try again.';
    if (error.status === 429) {
      const wait = error.retryAfter ? ` Try again in ${error.retryAfter} seconds.` : ' Wait a little and try again.';
      return (error.problem.detail || 'Too many wrong keys.') + wait;
    }
    if (error.status === 400) return error.problem.detail || 'Enter your editor key.';
  }
  return 'The catalog could not be reached. Try again in a moment.';
}

export function showWho(session: Session, onSignOut: () => void): void {
  const button = h('button', { type: 'button', onclick: onSignOut }, 'Sign out');
  replace(byId('who'), h('span', { class: 'name' }, h('span', { class: 'visually-hidden' }, 'Signed in as '), session.name), button);
}
