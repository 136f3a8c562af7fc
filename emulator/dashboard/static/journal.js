// The request journal: a live table over server-sent events, filters, and rows that expand to the exchange.
import { clockTime, h, setText } from './dom.js';
import { label } from './labels.js';

/** Entries kept on the page, and rows shown (newest first). */
const MAX_ENTRIES = 1000;
const MAX_ROWS = 300;

function statusClass(status) {
  if (status === 0) return 'broken';
  if (status >= 500) return 'server-error';
  if (status >= 400) return 'client-error';
  return 'ok';
}

/** A body as sent, or pretty-printed when it is JSON. */
function prettyBody(message) {
  if (message.body === '')
    return message.truncated ? '(body not kept: larger than 8 KiB or streamed)' : '(no body)';
  if (!message.truncated) {
    try {
      return JSON.stringify(JSON.parse(message.body), null, 2);
    } catch {
      // not JSON: as it came
    }
  }
  return message.truncated ? `${message.body}\n… (first 8 KiB)` : message.body;
}

/** `ok` or `violation`: whether the request followed its operation's contract. */
function verdictLabel(entry) {
  return entry.verdict.ok ? 'ok' : 'violation';
}

/** One violation as a line: where, then how. */
function violationText(violation) {
  return violation.path ? `${violation.path}: ${violation.message}` : violation.message;
}

/** The verdict cell: ✓, or ✗ with the first violation that names a field of the request (else the first). */
function verdictCell(verdict) {
  if (verdict.ok) return h('span', { class: 'verdict-ok', title: 'followed the contract' }, '✓');
  const shown = verdict.violations.find((v) => v.path) ?? verdict.violations[0];
  return h(
    'span',
    { class: 'verdict-violation', title: verdict.violations.map(violationText).join('\n') },
    `✗ ${shown ? violationText(shown) : ''}`,
  );
}

function headerLines(headers) {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

export function createJournal({ api, notify, setProblem }) {
  const table = document.getElementById('journal');
  const body = table.querySelector('tbody');
  const empty = document.getElementById('journal-empty');
  const live = document.getElementById('journal-live');
  const form = document.getElementById('journal-filters');
  const operations = document.getElementById('journal-operations');
  const providerSelect = form.elements.provider;
  const verdictSelect = form.elements.verdict;
  const entries = [];
  const expanded = new Set();
  let lastSeq = 0;
  const seen = { providers: new Set(), operations: new Set(), verdicts: new Set() };

  function filters() {
    return {
      provider: providerSelect.value,
      operation: form.elements.operation.value.trim(),
      status: form.elements.status.value,
      verdict: verdictSelect.value,
    };
  }

  function matches(entry, f) {
    if (f.provider && entry.provider !== f.provider) return false;
    if (f.operation && !entry.operation.toLowerCase().includes(f.operation.toLowerCase())) return false;
    if (f.status) {
      const cls = /^(\d)xx$/.exec(f.status);
      if (cls ? Math.floor(entry.status / 100) !== Number(cls[1]) : entry.status !== Number(f.status))
        return false;
    }
    if (f.verdict && verdictLabel(entry) !== f.verdict) return false;
    return true;
  }

  function rowsFor(entry) {
    const detailId = `exchange-${entry.seq}`;
    const toggle = h(
      'button',
      {
        type: 'button',
        class: 'disclose',
        'aria-expanded': 'false',
        'aria-controls': detailId,
        onclick: () => (expanded.has(entry.seq) ? collapse(entry.seq) : expand(entry.seq)),
      },
      h('span', { 'aria-hidden': 'true' }, '▸'),
      h('span', { class: 'sr-only' }, `Request ${entry.seq}: request and response`),
    );
    const cell = (label, className, ...content) =>
      h('td', { class: className, dataset: { label } }, ...content);
    const row = h(
      'tr',
      { class: 'entry', dataset: { seq: entry.seq, status: entry.status, provider: entry.provider } },
      cell('Details', 'toggle', toggle),
      cell('#', 'seq', String(entry.seq)),
      cell('Time', 'time', clockTime(entry.time)),
      cell('Provider', 'provider', label(entry.provider)),
      cell('Operation', 'operation', entry.operation),
      cell('Request', 'path', h('span', { class: 'method' }, entry.method), ' ', h('code', {}, entry.path)),
      cell('Credential', 'credential', entry.credential ?? '—'),
      cell(
        'Status',
        `status ${statusClass(entry.status)}`,
        entry.status === 0 ? 'broken' : String(entry.status),
      ),
      cell('Code', 'code', entry.code ?? '—'),
      cell('Verdict', 'verdict', verdictCell(entry.verdict)),
      cell('ms', 'latency', entry.latencyMs.toFixed(1)),
    );
    const detail = h(
      'tr',
      { class: 'exchange', id: detailId, hidden: true },
      h('td', { colspan: 11 }, h('div', { class: 'exchange-body' })),
    );
    return [row, detail];
  }

  async function expand(seq) {
    const row = body.querySelector(`tr.entry[data-seq="${seq}"]`);
    if (!row) return;
    expanded.add(seq);
    const detail = row.nextElementSibling;
    row.querySelector('.disclose').setAttribute('aria-expanded', 'true');
    row.classList.add('open');
    detail.hidden = false;
    const holder = detail.querySelector('.exchange-body');
    holder.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
    try {
      const { entry, exchange } = await api(`live/journal/${seq}`);
      holder.replaceChildren(...exchangeView(entry, exchange));
    } catch (error) {
      holder.replaceChildren(h('p', { class: 'error' }, `Could not load the exchange: ${error.message}`));
    }
  }

  function collapse(seq) {
    expanded.delete(seq);
    const row = body.querySelector(`tr.entry[data-seq="${seq}"]`);
    if (!row) return;
    row.querySelector('.disclose').setAttribute('aria-expanded', 'false');
    row.classList.remove('open');
    row.nextElementSibling.hidden = true;
  }

  function exchangeView(entry, exchange) {
    if (!exchange) {
      return [
        h(
          'p',
          { class: 'muted' },
          'Not kept: the emulator keeps requests and answers while a dashboard is open (journalBodies), ' +
            'and none was when this one came in.',
        ),
      ];
    }
    const { request, response } = exchange;
    const part = (title, message, firstLine) =>
      h(
        'section',
        { class: 'message' },
        h('h4', {}, title),
        h('pre', { class: 'head' }, `${firstLine}\n${headerLines(message.headers)}`),
        h('pre', { class: 'payload' }, prettyBody(message)),
      );
    return [
      part('Request', request, `${request.method} ${request.url}`),
      response
        ? part('Response', response, `HTTP ${response.status}${entry.code ? ` (${entry.code})` : ''}`)
        : h('section', { class: 'message' }, h('h4', {}, 'Response'), h('p', {}, `No answer: ${entry.code}`)),
    ];
  }

  function addOption(select, value, label) {
    select.append(h('option', { value }, label));
  }

  /** Providers, operations and verdicts met so far, for the filters' choices. */
  function learn(entry) {
    if (!seen.providers.has(entry.provider)) {
      seen.providers.add(entry.provider);
      addOption(providerSelect, entry.provider, label(entry.provider));
    }
    if (!seen.operations.has(entry.operation)) {
      seen.operations.add(entry.operation);
      operations.append(h('option', { value: entry.operation }));
    }
    const verdict = verdictLabel(entry);
    if (!seen.verdicts.has(verdict)) {
      seen.verdicts.add(verdict);
      addOption(verdictSelect, verdict, verdict);
    }
  }

  function trim() {
    while (body.children.length > MAX_ROWS * 2) {
      const last = body.lastElementChild;
      expanded.delete(Number(last.previousElementSibling?.dataset.seq));
      last.previousElementSibling?.remove();
      last.remove();
    }
  }

  function renderAll() {
    const f = filters();
    const shown = [];
    for (let i = entries.length - 1; i >= 0 && shown.length < MAX_ROWS; i--) {
      if (matches(entries[i], f)) shown.push(entries[i]);
    }
    body.replaceChildren(...shown.flatMap(rowsFor));
    for (const seq of [...expanded]) {
      expanded.delete(seq);
      if (shown.some((e) => e.seq === seq)) expand(seq);
    }
    empty.hidden = shown.length > 0;
    setText(empty, entries.length === 0 ? 'No requests yet.' : 'No request matches these filters.');
  }

  function add(entry) {
    // A stream opened again after one the browser gave up on starts after the last entry seen.
    if (entry.seq <= lastSeq) return;
    lastSeq = entry.seq;
    entries.push(entry);
    if (entries.length > MAX_ENTRIES) entries.splice(0, entries.length - MAX_ENTRIES);
    learn(entry);
    if (!matches(entry, filters())) return;
    body.prepend(...rowsFor(entry));
    trim();
    empty.hidden = true;
  }

  /** Opens the journal's server-sent events; the browser reconnects on its own and resumes after the last id. */
  function connect() {
    const source = new EventSource(lastSeq > 0 ? `live/journal?since=${lastSeq}` : 'live/journal');
    source.addEventListener('open', () => {
      setProblem('journal', undefined);
      setText(live, 'live');
      live.dataset.state = 'live';
    });
    source.addEventListener('entry', (event) => add(JSON.parse(event.data)));
    source.addEventListener('error', () => {
      setProblem('journal', 'the journal stream was cut');
      setText(live, 'reconnecting…');
      live.dataset.state = 'down';
      // The browser retries a dropped stream itself, but gives up on an answer that is not a stream.
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 2000);
    });
  }

  form.addEventListener('input', renderAll);
  form.addEventListener('submit', (event) => event.preventDefault());
  document.getElementById('journal-clear').addEventListener('click', async () => {
    try {
      await api('journal', { method: 'DELETE' });
      entries.length = 0;
      expanded.clear();
      renderAll();
    } catch (error) {
      notify(`Clear journal: ${error.message}`, 'error');
    }
  });

  return {
    connect,
    /** Shows one request: clears filters that hide it, expands it and moves the focus to it. */
    async reveal(seq) {
      if (!body.querySelector(`tr.entry[data-seq="${seq}"]`)) {
        form.reset();
        renderAll();
      }
      const row = body.querySelector(`tr.entry[data-seq="${seq}"]`);
      if (!row) return;
      if (!expanded.has(seq)) await expand(seq);
      row.scrollIntoView({ block: 'center' });
      row.querySelector('.disclose').focus();
    },
    /** Operations seen for a provider (suggestions for fault rules). */
    operations(provider) {
      return [...new Set(entries.filter((e) => e.provider === provider).map((e) => e.operation))].sort();
    },
  };
}
