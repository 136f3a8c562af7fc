// The dashboard: polls one overview of the emulator each second, streams the journal, drives the control API.
import { api } from './api.js';
import { createConsoles } from './consoles.js';
import { clockDateTime, setText } from './dom.js';
import { createFaults } from './faults.js';
import { createJournal } from './journal.js';
import { learnLabels } from './labels.js';
import { createProviders } from './providers.js';

const POLL_MS = 1000;
const RETRY_MS = 2000;
const TICK_MS = 250;

/** The emulator clock as last read, moved on locally between reads unless frozen. */
const clock = { at: 0, readAt: 0, frozen: true, known: false };
const emulatorNow = () => (clock.frozen ? clock.at : clock.at + (performance.now() - clock.readAt));

// --- Unreachable banner and notices ---
const banner = document.getElementById('banner');
const notice = document.getElementById('notice');
/** What is failing, by source (`poll`, `journal`): the banner shows while anything is. */
const problems = new Map();

function setProblem(source, message) {
  if (message) problems.set(source, message);
  else problems.delete(source);
  const [first] = problems.values();
  document.body.classList.toggle('offline', first !== undefined);
  if (first === undefined) {
    banner.hidden = true;
    return;
  }
  setText(
    banner,
    `The emulator at ${location.origin} is unreachable: ${first}. Retrying every ${RETRY_MS / 1000} s; ` +
      'what this page shows may be out of date.',
  );
  banner.hidden = false;
}

function notify(message, kind = 'info') {
  notice.className = `notice ${kind}`;
  setText(notice, message);
}

/**
 * Runs a control-API action from a button, reports its outcome, and reads the overview again at once.
 * Resolves with the refusal's message, or `undefined` when it was done.
 */
async function act(what, action) {
  let failure;
  try {
    await action();
    notify(`${what}: done`);
  } catch (error) {
    failure = error.message;
    notify(`${what}: ${failure}`, 'error');
  }
  poll();
  return failure;
}

const context = { act, api, notify, setProblem };
const journal = createJournal(context);
const consoles = createConsoles({ ...context, reveal: journal.reveal });
const providers = createProviders(context);
const faults = createFaults({ ...context, operations: journal.operations });

// --- Clock controls ---
const clockNow = document.getElementById('clock-now');
const clockState = document.getElementById('clock-state');
for (const button of document.querySelectorAll('[data-advance]')) {
  button.addEventListener('click', () =>
    act(`Advance ${button.dataset.advance}`, () =>
      api('clock/advance', { method: 'POST', body: { by: button.dataset.advance } }),
    ),
  );
}
document
  .getElementById('clock-freeze')
  .addEventListener('click', () => act('Freeze', () => api('clock/freeze', { method: 'POST' })));
document
  .getElementById('clock-resume')
  .addEventListener('click', () => act('Resume', () => api('clock/resume', { method: 'POST' })));
document.getElementById('reset').addEventListener('click', () => {
  if (!window.confirm('Reset the emulator to its scenario? Tokens, changes and fault rules are lost.'))
    return;
  act('Reset', () => api('reset', { method: 'POST' }));
});

function tick() {
  if (clock.known) {
    const now = emulatorNow();
    setText(clockNow, clockDateTime(now));
    clockNow.dateTime = new Date(now).toISOString();
    clockNow.dataset.state = clock.frozen ? 'frozen' : 'running';
    // Unreachable, the clock shown is a guess from the last reading.
    const state = problems.has('poll') ? 'unknown' : clock.frozen ? 'frozen' : 'running';
    setText(clockState, state);
    clockState.dataset.state = state;
    consoles.tick(now);
  }
}

// --- Polling ---
let timer;
let polling = false;
let again = false;

async function poll() {
  clearTimeout(timer);
  if (polling) {
    again = true;
    return;
  }
  polling = true;
  try {
    const overview = await api('live/overview');
    Object.assign(clock, {
      at: overview.clock.now,
      readAt: performance.now(),
      frozen: overview.clock.frozen,
    });
    clock.known = true;
    setProblem('poll', undefined);
    learnLabels(overview.providers);
    providers.render(overview);
    consoles.render(overview, providers.names);
    faults.render(overview);
    tick();
  } catch (error) {
    setProblem('poll', error.message);
  } finally {
    polling = false;
    if (again) {
      again = false;
      poll();
    } else {
      timer = setTimeout(poll, problems.has('poll') ? RETRY_MS : POLL_MS);
    }
  }
}

setInterval(tick, TICK_MS);
// The catalogue names the providers, so the journal's rows carry their labels from the first one on.
faults.load().finally(() => journal.connect());
poll();
