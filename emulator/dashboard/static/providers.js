// Per provider: its resources with their status (and a control to change it) and its credentials.
import { segment } from './api.js';
import { h, setText, syncList } from './dom.js';

function slug(text) {
  return text.replace(/[^A-Za-z0-9_-]/g, '-');
}

export function createProviders({ act, api }) {
  const container = document.getElementById('providers');
  /** `provider/id` → resource name, for the other panels. */
  const names = new Map();

  function section(provider) {
    const id = `provider-${provider.name}`;
    return h(
      'section',
      {
        class: 'panel provider-panel',
        'aria-labelledby': `${id}-heading`,
        dataset: { provider: provider.name },
      },
      h('h2', { id: `${id}-heading` }, provider.title),
      h(
        'div',
        { class: 'part' },
        h('h3', {}, 'Resources'),
        h(
          'table',
          { class: 'stack resources' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['Resource', 'Status', 'Details'].map((label) => h('th', { scope: 'col' }, label)),
              h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')),
            ),
          ),
          h('tbody'),
        ),
      ),
      h(
        'div',
        { class: 'part' },
        h('h3', {}, 'Credentials'),
        h(
          'table',
          { class: 'stack credentials' },
          h(
            'thead',
            {},
            h('tr', {}, ...['Kind', 'Value', 'Details'].map((label) => h('th', { scope: 'col' }, label))),
          ),
          h('tbody'),
        ),
      ),
    );
  }

  function resourceRow(provider) {
    return (resource) => {
      const { fields, control } = resource;
      const cell = (label, className, ...content) =>
        h('td', { class: className, dataset: { label } }, ...content);
      const actions = cell('Actions', 'actions');
      const rowId = slug(`${provider}-${fields.id}`);
      if (control && control.statuses.length > 0) {
        const select = h(
          'select',
          { id: `status-${rowId}` },
          ...control.statuses.map((status) => h('option', { value: status }, status)),
        );
        actions.append(
          h('label', { class: 'sr-only', for: select.id }, `New status of ${fields.name}`),
          select,
          h(
            'button',
            {
              type: 'button',
              onclick: () =>
                act(`${fields.name} → ${select.value}`, () =>
                  api(`state/${segment(provider)}/${segment(control.collection)}/${segment(fields.id)}`, {
                    method: 'PATCH',
                    body: { status: select.value },
                  }),
                ),
            },
            'Set status',
            h('span', { class: 'sr-only' }, ` of ${fields.name}`),
          ),
        );
      } else if (control) {
        actions.append(
          h(
            'button',
            {
              type: 'button',
              class: 'quiet',
              onclick: () => {
                if (!window.confirm(`Delete ${fields.id}? Its consoles close and its tokens stop working.`))
                  return;
                act(`Delete ${fields.id}`, () =>
                  api(`state/${segment(provider)}/${segment(control.collection)}/${segment(fields.id)}`, {
                    method: 'DELETE',
                  }),
                );
              },
            },
            'Delete',
            h('span', { class: 'sr-only' }, ` ${fields.id}`),
          ),
        );
      }
      return h(
        'tr',
        { dataset: { resource: fields.id } },
        cell('Resource', 'resource', h('div', {}, h('span', { class: 'name' }), h('code', { class: 'id' }))),
        cell('Status', 'status'),
        cell('Details', 'details'),
        actions,
      );
    };
  }

  function updateResource(row, { fields, control }) {
    setText(row.querySelector('.resource .name'), fields.name ?? '');
    setText(row.querySelector('.resource .id'), fields.id ?? '');
    setText(row.querySelector('.status'), fields.status ?? '—');
    row.dataset.status = control?.status ?? '';
    setText(row.querySelector('.details'), fields.owner ?? fields.detail ?? '');
    const select = row.querySelector('select');
    // Follow the emulator's status unless someone is choosing a new one.
    if (select && control.status !== select.dataset.server) {
      if (select.value === select.dataset.server || !select.dataset.server) select.value = control.status;
      select.dataset.server = control.status;
    }
  }

  function updateCredential(row, credential) {
    const [kind, value, details] = row.children;
    setText(kind, credential.kind ?? '');
    setText(value.firstChild, credential.id ?? '');
    setText(details, credential.detail ?? '');
  }

  const credentialRow = () =>
    h(
      'tr',
      {},
      h('td', { dataset: { label: 'Kind' } }),
      h('td', { dataset: { label: 'Value' } }, h('code')),
      h('td', { dataset: { label: 'Details' } }),
    );

  return {
    names,
    render(overview) {
      names.clear();
      syncList(
        container,
        overview.providers,
        (p) => p.name,
        section,
        (element, provider) => {
          for (const { fields } of provider.resources) {
            if (fields.id !== undefined && fields.name !== undefined)
              names.set(`${provider.name}/${fields.id}`, fields.name);
          }
          syncList(
            element.querySelector('.resources tbody'),
            provider.resources,
            (r) => r.fields.id ?? r.fields.name,
            resourceRow(provider.name),
            updateResource,
          );
          syncList(
            element.querySelector('.credentials tbody'),
            provider.credentials,
            (c) => `${c.kind}/${c.id}`,
            credentialRow,
            updateCredential,
          );
        },
      );
    },
  };
}
