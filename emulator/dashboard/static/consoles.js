// Console tokens (with their countdown on the emulator clock) and the live viewers with screen thumbnails.
import { segment } from './api.js';
import { clockTime, countdown, h, setText, shortId, syncList } from './dom.js';
import { label } from './labels.js';

const THUMBNAIL_MS = 1000;
/** Tokens kept on the page after the emulator stopped listing them (swept after expiry, or revoked). */
const MAX_TOKENS = 100;

/** `expired`, `used` (a one-time token that opened a console) or `live`. */
function tokenState(token, now) {
  if (token.expiresAt !== null && now >= token.expiresAt) return 'expired';
  if (token.oneTime && token.usedAt !== undefined) return 'used';
  if (token.gone) return 'revoked';
  return 'live';
}

function usedText(token) {
  if (token.usedAt !== undefined) return `used ${clockTime(token.usedAt)}`;
  return token.oneTime ? 'unused' : 'reusable';
}

export function createConsoles({ act, api, reveal }) {
  const tokensBody = document.querySelector('#tokens tbody');
  const tokensEmpty = document.getElementById('tokens-empty');
  const viewerList = document.getElementById('viewers');
  const viewersEmpty = document.getElementById('viewers-empty');
  /** Every token seen, by token: the emulator forgets expired ones a while after they expire. */
  const tokens = new Map();
  let names = new Map();

  const resourceName = (provider, id) => names.get(`${provider}/${id}`) ?? shortId(id, 12);
  const opens = (token, now) => token.open !== undefined && tokenState(token, now) === 'live';

  function tokenRow(token) {
    const cell = (label, className, ...content) =>
      h('td', { class: className, dataset: { label } }, ...content);
    return h(
      'tr',
      { dataset: { token: token.token, provider: token.provider } },
      cell('Provider', 'provider', label(token.provider)),
      cell(
        'Resource',
        'resource',
        h('div', {}, h('span', { class: 'name' }), h('code', { class: 'id', title: token.resourceId })),
      ),
      cell('Token', 'token', h('code', { title: token.token }, shortId(token.token))),
      cell('Issued', 'issued', clockTime(token.issuedAt)),
      cell('Expires in', 'expires'),
      cell('Used', 'used'),
      cell('Request', 'request'),
      cell('Actions', 'actions'),
    );
  }

  function updateTokenRow(row, token) {
    setText(row.querySelector('.resource .name'), resourceName(token.provider, token.resourceId));
    setText(row.querySelector('.resource .id'), shortId(token.resourceId, 12));
    setText(row.querySelector('.used'), usedText(token));
    const request = row.querySelector('.request');
    const seq = token.issuedBy === undefined ? '' : String(token.issuedBy);
    if (request.dataset.seq === seq && request.childNodes.length > 0) return;
    request.dataset.seq = seq;
    if (seq === '') request.replaceChildren('—');
    else {
      request.replaceChildren(
        h(
          'button',
          { type: 'button', class: 'link', onclick: () => reveal(token.issuedBy) },
          `#${seq}`,
          h('span', { class: 'sr-only' }, ': show the request that issued this token'),
        ),
      );
    }
  }

  /** The countdown and what can be done with a token change with the clock, not only with each poll. */
  function tickTokenRow(row, token, now) {
    const state = tokenState(token, now);
    row.dataset.state = state;
    let expires = 'expired';
    if (token.expiresAt === null) expires = 'with its session';
    else if (state !== 'expired') expires = countdown(token.expiresAt - now);
    setText(row.querySelector('.expires'), expires);
    const actions = row.querySelector('.actions');
    const shown = opens(token, now) ? 'open' : state;
    if (actions.dataset.shown === shown) return;
    actions.dataset.shown = shown;
    actions.replaceChildren(
      shown === 'open'
        ? h(
            'a',
            { class: 'button', href: token.open, target: '_blank', rel: 'noopener' },
            'Open console',
            h('span', { class: 'sr-only' }, ` of ${resourceName(token.provider, token.resourceId)}`),
          )
        : h('span', { class: 'muted' }, state === 'live' ? 'no page to open' : '—'),
    );
  }

  let now = 0;

  function renderTokens() {
    const list = [...tokens.values()].sort((a, b) => b.issuedAt - a.issuedAt);
    syncList(
      tokensBody,
      list,
      (t) => `${t.provider}/${t.token}`,
      tokenRow,
      (row, t) => {
        updateTokenRow(row, t);
        tickTokenRow(row, t, now);
      },
    );
    tokensEmpty.hidden = list.length > 0;
  }

  // --- Viewers ---

  function viewerCard(viewer) {
    const name = viewer.name;
    const img = h('img', {
      class: 'thumbnail',
      alt: `Screen of ${name}`,
      width: 320,
      height: 240,
    });
    const screenUrl = `live/screens/${segment(viewer.provider)}/${segment(viewer.resourceId)}.png`;
    return h(
      'li',
      { class: 'card', dataset: { resource: viewer.resourceId, provider: viewer.provider } },
      h('a', { href: `${screenUrl}?width=4096`, target: '_blank', rel: 'noopener', class: 'screen' }, img),
      h('h3', {}, name, ' ', h('span', { class: 'badge' }, label(viewer.provider))),
      h('p', { class: 'meta' }),
      h('p', { class: 'card-actions' }),
    );
  }

  function updateViewerCard(card, viewer) {
    setText(
      card.querySelector('.meta'),
      `${viewer.viewers} ${viewer.viewers === 1 ? 'viewer' : 'viewers'} · ${viewer.width}×${viewer.height} · ` +
        `opened ${clockTime(viewer.openedAt)} · last input ${clockTime(viewer.lastInteractionAt)}`,
    );
    const actions = card.querySelector('.card-actions');
    const token = [...tokens.values()].find(
      (t) => t.provider === viewer.provider && t.resourceId === viewer.resourceId && opens(t, now),
    );
    const key = token ? token.token : '';
    if (actions.dataset.token === key && actions.childElementCount > 0) return;
    actions.dataset.token = key;
    actions.replaceChildren(
      token
        ? h('a', { class: 'button', href: token.open, target: '_blank', rel: 'noopener' }, 'Open console')
        : h('span', { class: 'muted' }, 'No unused token for another viewer'),
      h(
        'button',
        {
          type: 'button',
          class: 'quiet',
          onclick: () =>
            act(`Disconnect ${viewer.name}`, () =>
              api(`live/consoles/${segment(viewer.provider)}/${segment(viewer.resourceId)}`, {
                method: 'DELETE',
              }),
            ),
        },
        'Disconnect',
      ),
    );
  }

  /** Refreshes a card's thumbnail every second while the card is on the page; the last picture stays on errors. */
  function watchThumbnail(card, viewer) {
    if (card.dataset.watching) return;
    card.dataset.watching = 'yes';
    const img = card.querySelector('img');
    const url = `live/screens/${segment(viewer.provider)}/${segment(viewer.resourceId)}.png`;
    let shown;
    const load = async () => {
      if (!card.isConnected) {
        if (shown) URL.revokeObjectURL(shown);
        return;
      }
      try {
        const response = await fetch(url, { cache: 'no-store' });
        if (response.ok) {
          const next = URL.createObjectURL(await response.blob());
          img.src = next;
          if (shown) URL.revokeObjectURL(shown);
          shown = next;
          img.dataset.loaded = String(Number(img.dataset.loaded ?? 0) + 1);
        }
      } catch {
        // The banner reports an unreachable emulator.
      }
      setTimeout(load, THUMBNAIL_MS);
    };
    load();
  }

  function renderViewers(viewers) {
    syncList(
      viewerList,
      viewers,
      (v) => `${v.provider}/${v.resourceId}`,
      viewerCard,
      (card, viewer) => {
        updateViewerCard(card, viewer);
        watchThumbnail(card, viewer);
      },
    );
    viewersEmpty.hidden = viewers.length > 0;
  }

  return {
    render(overview, resourceNames) {
      names = resourceNames;
      now = overview.clock.now;
      const listed = new Set();
      for (const token of overview.tokens) {
        listed.add(token.token);
        tokens.set(token.token, token);
      }
      for (const [key, token] of tokens) {
        if (!listed.has(key) && !token.gone) tokens.set(key, { ...token, gone: true });
      }
      const oldest = [...tokens.values()].sort((a, b) => b.issuedAt - a.issuedAt).slice(MAX_TOKENS);
      for (const token of oldest) tokens.delete(token.token);
      renderTokens();
      renderViewers(overview.viewers);
    },
    tick(at) {
      now = at;
      for (const row of tokensBody.children) {
        const token = tokens.get(row.dataset.token);
        if (token) tickTokenRow(row, token, now);
      }
    },
  };
}
