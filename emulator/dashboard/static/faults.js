// Fault rules: the active ones (with how often they fired) and a form to add one from a provider's catalogue.
import { segment } from './api.js';
import { h, setText, syncList } from './dom.js';
import { label, learnLabels } from './labels.js';

function matchText(rule) {
  const parts = [];
  if (rule.operation) parts.push(`operation ${rule.operation}`);
  if (rule.resource) parts.push(`resource ${rule.resource}`);
  if (rule.credential) parts.push(`credential ${rule.credential}`);
  return parts.length ? parts.join(', ') : 'every request';
}

function answerText(rule) {
  const parts = [];
  if (rule.error) parts.push(`error ${rule.error}`);
  if (rule.connection) parts.push(`connection ${rule.connection}`);
  if (rule.latency !== undefined) parts.push(`latency ${rule.latency}`);
  return parts.join(', ');
}

function boundText(rule) {
  if (rule.times !== undefined) return `${rule.times} ${rule.times === 1 ? 'time' : 'times'}`;
  if (rule.probability !== undefined) return `p = ${rule.probability} (seed ${rule.seed ?? 1})`;
  return 'always';
}

export function createFaults({ act, api, operations }) {
  const body = document.querySelector('#faults tbody');
  const empty = document.getElementById('faults-empty');
  const form = document.getElementById('fault-form');
  const error = document.getElementById('fault-error');
  const { provider, error: errorSelect } = form.elements;
  const operationList = document.getElementById('fault-operations');
  const resourceList = document.getElementById('fault-resources');
  let catalogue = new Map();
  let resources = new Map();

  function fillErrors() {
    const chosen = provider.value;
    errorSelect.replaceChildren(h('option', { value: '' }, 'none (latency or connection only)'));
    for (const entry of catalogue.get(chosen) ?? []) {
      errorSelect.append(
        h(
          'option',
          { value: entry.key },
          `${entry.key} — HTTP ${entry.status}${entry.code === entry.key ? '' : ` ${entry.code}`}`,
        ),
      );
    }
    operationList.replaceChildren(...operations(chosen).map((value) => h('option', { value })));
    resourceList.replaceChildren(...(resources.get(chosen) ?? []).map((value) => h('option', { value })));
  }

  provider.addEventListener('change', fillErrors);
  // Operations are learnt from the journal as requests arrive.
  form.elements.operation.addEventListener('focus', () => {
    operationList.replaceChildren(...operations(provider.value).map((value) => h('option', { value })));
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const rule = {};
    for (const [name, value] of new FormData(form)) {
      const text = String(value).trim();
      if (text !== '') rule[name] = name === 'times' ? Number(text) : text;
    }
    const failure = await act(`Add a fault rule for ${label(rule.provider)}`, () =>
      api('faults', { method: 'POST', body: rule }),
    );
    setText(error, failure ? `Not added: ${failure}` : '');
  });

  function row(rule) {
    const cell = (label, className) => h('td', { class: className, dataset: { label } });
    return h(
      'tr',
      {},
      cell('Rule', 'id'),
      cell('Provider', 'provider'),
      cell('Matches', 'match'),
      cell('Answer', 'answer'),
      cell('Bound', 'bound'),
      cell('Fired', 'fired'),
      h(
        'td',
        { class: 'actions', dataset: { label: 'Actions' } },
        h(
          'button',
          {
            type: 'button',
            class: 'quiet',
            onclick: () =>
              act(`Remove ${rule.name ?? rule.id}`, () =>
                api(`faults/${segment(rule.id)}`, { method: 'DELETE' }),
              ),
          },
          'Remove',
          h('span', { class: 'sr-only' }, ` ${rule.name ?? rule.id}`),
        ),
      ),
    );
  }

  function update(tr, rule) {
    setText(tr.querySelector('.id'), rule.name ? `${rule.name} (${rule.id})` : rule.id);
    setText(tr.querySelector('.provider'), label(rule.provider));
    setText(tr.querySelector('.match'), matchText(rule));
    setText(tr.querySelector('.answer'), answerText(rule));
    setText(tr.querySelector('.bound'), boundText(rule));
    setText(tr.querySelector('.fired'), String(rule.fired));
  }

  return {
    /** Reads the error catalogues once: they do not change while the emulator runs. */
    async load() {
      try {
        const { providers } = await api('live/catalogue');
        catalogue = new Map(providers.map((p) => [p.name, p.errors]));
        learnLabels(providers);
        provider.replaceChildren(...providers.map((p) => h('option', { value: p.name }, label(p.name))));
        fillErrors();
      } catch (failure) {
        setText(
          error,
          `The error catalogues could not be read (${failure.message}); reload the page to try again.`,
        );
      }
    },
    render(overview) {
      resources = new Map(
        overview.providers.map((p) => [p.name, p.resources.filter((r) => r.control).map((r) => r.fields.id)]),
      );
      syncList(body, overview.faults, (rule) => rule.id, row, update);
      empty.hidden = overview.faults.length > 0;
    },
  };
}
