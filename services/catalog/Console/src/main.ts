// The editors' console: sign in, then browse programs beside the replay feeds.
import { api, onSessionEnded, Session } from './api';
import { Browse } from './browse';
import { byId, h, replace } from './dom';
import { featureDialog } from './feature';
import { Feeds } from './feeds';
import { timeZone } from './format';
import { hideDialog, restore } from './moderation';
import { forgetListeners, onProgramChanged } from './programs';
import { showSignIn, showWho } from './session';
import { watch } from './watch';

const main = byId('main');
let browse: Browse | null = null;

function signedOut(notice = ''): void {
  browse?.stop();
  browse = null;
  forgetListeners();
  document.querySelectorAll('dialog').forEach(dialog => dialog.remove());
  showSignIn(main, signedIn, notice);
}

function signedIn(session: Session): void {
  showWho(session, async () => {
    await api.signOut().catch(() => undefined);
    signedOut('You are signed out.');
  });
  const feeds = new Feeds();
  browse = new Browse({
    watch,
    feature: (program, opener) => featureDialog(feeds, program, opener),
    hide: hideDialog,
    restore: program => void restore(program),
  });
  onProgramChanged(program => feeds.redrawIfShowing(program.id));
  replace(main, h('div', { class: 'workspace' }, browse.element, feeds.element));
  void browse.start();
  void feeds.start();
  byId('main').focus();
}

async function start(): Promise<void> {
  byId('zone').textContent = `Times in ${timeZone}`;
  onSessionEnded(() => signedOut('Your session has ended. Sign in again to continue.'));
  try {
    const session = await api.session();
    if (session) signedIn(session);
    else signedOut();
  } catch {
    signedOut('The catalog could not be reached. Reload the page to try again.');
  }
}

void start();
