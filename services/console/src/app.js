// @ts-check
import { h, replace } from './dom.js';
import { clearNotices } from './notices.js';
import { HOME } from './nav.js';
import { clearSession, currentSession } from './session.js';
import { renderSignIn } from './screens/sign-in.js';
import { renderDetalhe } from './screens/detalhe.js';
import { renderFormasPagamento } from './screens/formas-pagamento.js';
import { renderNotasFiscais } from './screens/notas-fiscais.js';
import { renderStatus } from './screens/status.js';
import { renderProdutos, renderFaturamento } from './screens/produtos.js';
import { renderVendas, renderVenda } from './screens/vendas.js';
import { renderOperacoes } from './screens/operacoes.js';
import { renderImportar } from './screens/importar.js';
import { renderConferir, renderConferencia } from './screens/conferir.js';

/**
 * The console: a hash router over the screens. Each route renders into <main>, then the screen's
 * heading takes the focus (screen readers announce the new screen; keyboard users start there).
 */

/** @typedef {import('./session.js').Session} Session */
/** @typedef {(main: HTMLElement, session: Session, params: string[]) => Promise<void>} Screen */

/** @type {[RegExp, Screen, string][]} pattern, screen, menu entry it belongs to */
const ROUTES = [
  [/^#\/configuracoes\/vhsys\/detalhe$/, renderDetalhe, 'vhsys'],
  [/^#\/configuracoes\/vhsys\/formas-de-pagamento$/, renderFormasPagamento, 'vhsys'],
  [/^#\/configuracoes\/vhsys\/notas-fiscais$/, renderNotasFiscais, 'vhsys'],
  [/^#\/configuracoes\/vhsys\/status$/, renderStatus, 'vhsys'],
  [/^#\/produtos$/, renderProdutos, 'produtos'],
  [/^#\/produtos\/([^/]+)\/faturamento$/, renderFaturamento, 'produtos'],
  [/^#\/vendas$/, renderVendas, 'vendas'],
  [/^#\/vendas\/([^/]+)$/, renderVenda, 'vendas'],
  [/^#\/importar-vendas$/, renderImportar, 'importar'],
  [/^#\/conferir-vhsys$/, renderConferir, 'conferir'],
  [/^#\/conferir-vhsys\/([^/]+)$/, renderConferencia, 'conferir'],
  [/^#\/operacoes$/, renderOperacoes, 'operacoes'],
];


async function route() {
  const main = /** @type {HTMLElement} */ (document.getElementById('conteudo'));
  const session = currentSession();
  clearNotices();
  if (!session) {
    renderChrome(null, '');
    await renderSignIn(main);
    return focusHeading(main);
  }
  const hash = location.hash || HOME;
  for (const [pattern, screen, entry] of ROUTES) {
    const match = pattern.exec(hash);
    if (!match) continue;
    if (entry === 'operacoes' && !session.operator) break;
    renderChrome(session, entry);
    replace(main, h('p', { class: 'loading' }, 'Carregando…'));
    await screen(main, session, match.slice(1).map((p) => decodeURIComponent(p)));
    return focusHeading(main);
  }
  location.replace(HOME);
}

/** @param {HTMLElement} main */
function focusHeading(main) {
  const heading = /** @type {HTMLElement | null} */ (main.querySelector('h1'));
  if (heading) {
    heading.tabIndex = -1;
    heading.focus();
    document.title = `${heading.textContent} · Guru · Integração Vhsys`;
  }
}

/**
 * The menu and the session bar.
 * @param {Session | null} session
 * @param {string} active
 */
function renderChrome(session, active) {
  const menu = /** @type {HTMLElement} */ (document.getElementById('menu'));
  const bar = /** @type {HTMLElement} */ (document.getElementById('session-bar'));
  if (!session) {
    replace(menu);
    replace(bar);
    return;
  }
  /** @param {string} entry @param {string} href @param {string} text */
  const link = (entry, href, text) => h('li', {}, h('a', { href, 'aria-current': entry === active ? 'page' : false }, text));
  replace(menu,
    h('p', { class: 'menu-group', id: 'menu-config' }, 'Configurações › Integrações'),
    h('ul', { 'aria-labelledby': 'menu-config' },
      link('vhsys', HOME, 'Vhsys'),
      link('produtos', '#/produtos', 'Produtos › Faturamento'),
    ),
    h('p', { class: 'menu-group', id: 'menu-vendas' }, 'Acompanhamento'),
    h('ul', { 'aria-labelledby': 'menu-vendas' },
      link('vendas', '#/vendas', 'Vendas'),
      link('importar', '#/importar-vendas', 'Importar vendas anteriores'),
      link('conferir', '#/conferir-vhsys', 'Conferir com o Vhsys'),
      session.operator ? link('operacoes', '#/operacoes', 'Operações') : null,
    ),
  );
  replace(bar,
    h('span', { class: 'session-account' }, 'Conta: ', h('strong', {}, session.accountId)),
    session.principal ? h('span', { class: 'session-principal' }, ` · ${session.principal}`) : null,
    h('button', { type: 'button', class: 'secondary', onclick: signOut }, 'Sair'),
  );
}

function signOut() {
  clearSession();
  location.hash = '';
  void route();
}

window.addEventListener('hashchange', () => void route());
void route();
