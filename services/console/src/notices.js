// @ts-check
import { h } from './dom.js';

/**
 * The notices in the top right corner (the seed: "um aviso no canto superior direito"):
 * confirmations in a polite live region, refusals in an assertive one. Each stays until closed or
 * replaced, so nobody has to read fast.
 * @param {string} text
 * @param {'ok' | 'erro'} [kind]
 */
export function notify(text, kind = 'ok') {
  const region = document.getElementById(kind === 'ok' ? 'avisos' : 'alertas');
  if (!region) return;
  region.replaceChildren();
  const notice = h('div', { class: `notice notice-${kind}`, 'data-kind': kind },
    h('p', {}, text),
    h('button', { type: 'button', class: 'notice-close', 'aria-label': 'Fechar aviso', onclick: () => notice.remove() }, '×'),
  );
  region.append(notice);
}

export function clearNotices() {
  document.getElementById('avisos')?.replaceChildren();
  document.getElementById('alertas')?.replaceChildren();
}
