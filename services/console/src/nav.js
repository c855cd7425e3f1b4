// @ts-check
/** Navigation between screens (hash routes); app.js renders on every hashchange. */

export const HOME = '#/configuracoes/vhsys/detalhe';

/** @param {string} hash goes there, or renders the current screen again when already there */
export function go(hash) {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}
