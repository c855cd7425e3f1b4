// @ts-check
import { api, ApiError, importsUrl, loadEnumerations } from '../api.js';
import { clearFieldErrors, count, dateTime, field, h, periodText, reais, replace, replaceKeepingFocus, showFieldErrors, translateDetail, uid } from '../dom.js';
import { clearNotices, notify } from '../notices.js';
import { errorText, submitting } from './settings-screen.js';
import { periodFields } from './period.js';

/** @typedef {import('../session.js').Session} Session */

/** What each state of an import reads as (services/config-service/src/imports/import-progress.ts). */
const STATUSES = {
  queued: 'Na fila',
  running: 'Em andamento',
  cancelling: 'Cancelando…',
  cancelled: 'Cancelada',
  done: 'Concluída',
  failed: 'Falhou',
};
/** @param {string} status */
const statusLabel = (status) => /** @type {Record<string, string>} */ (STATUSES)[status] ?? status;
/** The states in which an import holds the account (and the screen follows it). */
const ACTIVE = ['queued', 'running', 'cancelling'];
/** How often the progress of a running import is read again. */
const REFRESH_MS = 1000;
const DETALHE = '#/configuracoes/vhsys/detalhe';

/**
 * Importar vendas anteriores: a period (days in Brasília) and optional filters (Guru product
 * codes, Guru statuses) → Pré-visualizar (counts from Guru, nothing produced) → Importar, then the
 * import's progress (done / total, rate, time left), read again every second while it runs, with
 * Cancelar. Below, the account's latest imports.
 * @param {HTMLElement} main @param {Session} session
 */
export async function renderImportar(main, session) {
  let lists, history;
  try {
    [lists, history] = await Promise.all([loadEnumerations(), api(importsUrl(session.accountId)).then((r) => /** @type {any[]} */ (r.body.items))]);
  } catch (error) {
    return void replace(main, h('h1', {}, 'Importar vendas anteriores'), h('p', { class: 'error-box' }, errorText(error)));
  }
  /** @type {Map<string, string>} Guru status → its label, for the filters as read back */
  const names = new Map(lists.guruStatuses.map((/** @type {{ value: string, label: string }} */ s) => [s.value, s.label]));
  const period = periodFields();
  const products = /** @type {HTMLInputElement} */ (h('input', { type: 'text', name: 'productIds', autocomplete: 'off', spellcheck: 'false' }));
  const statusBoxes = /** @type {HTMLInputElement[]} */ (lists.guruStatuses.map((/** @type {{ value: string }} */ s) => h('input', { type: 'checkbox', name: 'statuses', value: s.value })));
  // The first box carries the field's path: the service's error on `statuses[i]` marks it.
  statusBoxes[0].dataset.path = 'statuses';
  const statusesHint = uid('status-dica');
  const statusesError = uid('status-erro');
  for (const box of statusBoxes) box.setAttribute('aria-describedby', `${statusesHint} ${statusesError}`);
  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'titulo-periodo' },
    h('h2', { id: 'titulo-periodo', class: 'card-title' }, 'Período e filtros'),
    h('p', { class: 'hint' }, 'As vendas do período são lidas do Guru com o token de usuário da API do Guru (card API do Guru, aba Detalhe) ',
      'e passam pelo mesmo caminho das vendas novas: uma venda que já tem pedido na Vhsys não ganha um segundo.'),
    h('div', { class: 'filter-grid' }, period.fields),
    h('fieldset', {},
      h('legend', {}, 'Filtros (opcionais)'),
      field({ label: 'Produtos (códigos no Guru)', path: 'productIds', control: products, hint: 'Separe os códigos por vírgula. Em branco: todos os produtos.' }),
      h('fieldset', { class: 'field checkbox-group' },
        h('legend', {}, 'Status no Guru'),
        h('div', { class: 'checkbox-grid' }, statusBoxes.map((box, i) => {
          box.id = uid('status');
          return h('div', { class: 'checkbox' }, box, h('label', { for: box.id }, lists.guruStatuses[i].label));
        })),
        h('p', { class: 'hint', id: statusesHint }, 'Nenhum marcado: todos os status.'),
        h('p', { class: 'field-error', id: statusesError, 'data-error-for': 'statuses' }),
      ),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Pré-visualizar')),
  );
  /** Below the form: the preview, or why there is none. */
  const result = h('div', { class: 'import-result' });
  /** The import being followed (or the latest one). */
  const progress = h('div', { class: 'import-progress-area' });
  const historyArea = h('div');

  /** @returns {{ from: string, to: string, productIds?: string[], statuses?: string[] } | null} */
  const readBody = () => {
    clearFieldErrors(form);
    const read = period.read();
    const codes = [...new Set(products.value.split(/[\s,;]+/).filter(Boolean))];
    const statuses = statusBoxes.filter((b) => b.checked).map((b) => b.value);
    if (!read.period) {
      showFieldErrors(form, read.problems);
      return null;
    }
    return { ...read.period, ...(codes.length > 0 ? { productIds: codes } : {}), ...(statuses.length > 0 ? { statuses } : {}) };
  };

  /**
   * A refusal of a preview or a start, where the seller looks: a missing Guru token points to the
   * card that fixes it; field errors go next to their fields (`productIds[2]` → Produtos, naming the
   * code); an import already running is shown and followed.
   * @param {unknown} error @param {{ productIds?: string[], statuses?: string[] }} body
   */
  const showRefusal = async (error, body) => {
    notify(errorText(error), 'erro');
    if (!(error instanceof ApiError)) return;
    if (error.code === 'guru_token_not_set') {
      replace(result, h('div', { class: 'error-box', 'data-problem': 'guru_token_not_set' },
        h('p', {}, 'Para ler as vendas anteriores, o serviço precisa do token de usuário da API do Guru desta conta, e ele não foi informado (ou o Guru o recusou).'),
        h('p', {}, h('a', { href: DETALHE }, 'Informar o token no card API do Guru, na aba Detalhe')),
      ));
      return;
    }
    if (error.code === 'import_already_running') {
      try {
        const { body: list } = await api(importsUrl(session.accountId));
        const active = list.items.find((/** @type {any} */ i) => ACTIVE.includes(i.status));
        if (active) follow(active);
      } catch {
        // The notice already says an import runs; the card shows it at the next visit.
      }
      return;
    }
    if (error.details.length > 0) {
      const details = error.details.map((d) => {
        const item = /^(productIds|statuses)\[(\d+)\]$/.exec(d.path);
        if (!item) return d;
        const value = (item[1] === 'productIds' ? body.productIds : body.statuses)?.[Number(item[2])] ?? '';
        return { path: item[1], message: `${value}: ${translateDetail(d.message)}` };
      });
      const unclaimed = showFieldErrors(form, details);
      if (unclaimed.length > 0) notify(`${errorText(error)} ${unclaimed.map((d) => `${d.path}: ${translateDetail(d.message)}`).join(' ')}`, 'erro');
    }
  };

  // Any change to the form makes a shown preview stale: Importar imports only what was previewed.
  const dropPreview = () => { if (result.querySelector('[data-preview]')) replace(result); };
  form.addEventListener('input', dropPreview);
  form.addEventListener('change', dropPreview);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitting(form, async () => {
      const body = readBody();
      if (!body) return;
      replace(result, h('p', { class: 'loading' }, 'Lendo as vendas no Guru…'));
      try {
        const { body: preview } = await api(importsUrl(session.accountId, '/preview'), { method: 'POST', body });
        // A refusal of an earlier try no longer holds.
        clearNotices();
        replace(result, previewCard(preview, body, names, start));
        /** @type {HTMLElement | null} */ (result.querySelector('h2'))?.focus();
      } catch (error) {
        replace(result);
        await showRefusal(error, body);
      }
    });
  });

  /** @param {{ from: string, to: string, productIds?: string[], statuses?: string[] }} body @param {HTMLElement} button */
  async function start(body, button) {
    if (button.getAttribute('aria-busy') === 'true') return;
    button.setAttribute('aria-busy', 'true');
    try {
      const { body: started } = await api(importsUrl(session.accountId), { method: 'POST', body });
      const { body: view } = await api(importsUrl(session.accountId, `/${encodeURIComponent(started.importId)}`));
      replace(result);
      clearNotices();
      notify('Importação iniciada. O progresso aparece abaixo.');
      follow(view);
      /** @type {HTMLElement | null} */ (progress.querySelector('h2'))?.focus();
    } catch (error) {
      await showRefusal(error, body);
    } finally {
      button.removeAttribute('aria-busy');
    }
  }

  let following = 0;
  /**
   * Shows an import and, while it is active, reads it again every REFRESH_MS until it ends, the
   * screen is left, or another import is followed instead.
   * @param {any} view
   */
  function follow(view) {
    const mine = ++following;
    const show = (/** @type {any} */ v) => replaceKeepingFocus(progress, importCard(v, names, () => void cancel(v.importId)));
    show(view);
    /** @param {any} before */
    const poll = (before) => setTimeout(async () => {
      if (mine !== following || !progress.isConnected) return;
      let now = before;
      try {
        now = (await api(importsUrl(session.accountId, `/${encodeURIComponent(before.importId)}`))).body;
      } catch {
        // A failed read (network, restart) is tried again at the next tick; the card keeps the last state.
      }
      if (mine !== following || !progress.isConnected) return;
      show(now);
      if (ACTIVE.includes(now.status)) poll(now);
      else ended(now);
    }, REFRESH_MS);
    if (ACTIVE.includes(view.status)) poll(view);
  }

  /** @param {any} view */
  async function ended(view) {
    if (view.status === 'done') notify(`Importação concluída: ${count(view.done)} ${view.done === 1 ? 'venda lida' : 'vendas lidas'} do Guru e enviadas ao processamento. Acompanhe em Vendas.`);
    else if (view.status === 'cancelled') notify('Importação cancelada.');
    else if (view.status === 'failed') notify(`A importação falhou${view.lastError ? `: ${view.lastError}` : '.'}`, 'erro');
    await showHistory();
  }

  /** @param {string} importId */
  async function cancel(importId) {
    try {
      const { body: view } = await api(importsUrl(session.accountId, `/${encodeURIComponent(importId)}/cancel`), { method: 'POST', body: {} });
      clearNotices();
      notify(view.status === 'cancelled' ? 'Importação cancelada.' : 'Cancelamento pedido: a importação para depois da página que está lendo.');
      follow(view);
      if (!ACTIVE.includes(view.status)) await showHistory();
    } catch (error) {
      notify(errorText(error), 'erro');
    }
  }

  async function showHistory() {
    try {
      history = (await api(importsUrl(session.accountId))).body.items;
      replace(historyArea, historyTable(history, names));
    } catch (error) {
      replace(historyArea, h('p', { class: 'error-box' }, errorText(error)));
    }
  }

  replace(main,
    h('h1', {}, 'Importar vendas anteriores'),
    form,
    result,
    progress,
    h('section', { class: 'card', 'aria-labelledby': 'titulo-importacoes' },
      h('h2', { id: 'titulo-importacoes', class: 'card-title' }, 'Importações desta conta'),
      historyArea,
    ),
  );
  replace(historyArea, historyTable(history, names));
  if (history.length > 0) follow(history[0]);
}

/**
 * @param {any} preview the service's counts
 * @param {{ from: string, to: string, productIds?: string[], statuses?: string[] }} body what was previewed
 * @param {Map<string, string>} names Guru statuses' labels
 * @param {(body: any, button: HTMLElement) => Promise<void>} start
 */
function previewCard(preview, body, names, start) {
  const importButton = h('button', { type: 'button' }, 'Importar');
  importButton.addEventListener('click', () => void start(body, importButton));
  /** @param {string} key @param {string} term @param {string} value */
  const item = (key, term, value) => [h('dt', {}, term), h('dd', { 'data-count': key }, value)];
  return h('section', { class: 'card', 'aria-labelledby': 'titulo-previa', 'data-preview': '' },
    h('h2', { id: 'titulo-previa', class: 'card-title', tabindex: '-1' }, 'Pré-visualização'),
    h('p', { class: 'hint' }, `${periodText(body.from, body.to)} · ${filtersText(body.productIds ?? null, body.statuses ?? null, names)}. Nada foi importado ainda.`),
    h('dl', { class: 'summary' },
      item('sales', 'Vendas encontradas no Guru', count(preview.sales)),
      item('wouldCreateOrders', 'Pedidos que seriam criados na Vhsys', count(preview.wouldCreateOrders)),
      item('alreadyInHistory', 'Já no histórico (não geram outro pedido)', count(preview.alreadyInHistory)),
      item('wouldBeIgnored', 'Seriam ignoradas (integração inativa, ou status, tipo, moeda, país ou valor zero que a integração ignora)', count(preview.wouldBeIgnored)),
      item('needProductSettings', 'Aguardariam a configuração de Faturamento do produto', count(preview.needProductSettings)),
      preview.unreadable > 0 ? item('unreadable', 'Ilegíveis (não serão importadas)', count(preview.unreadable)) : null,
      item('totalCents', 'Valor total', reais(preview.totalCents)),
    ),
    preview.estimated ? h('p', { class: 'hint warning' }, `Estimativa: as contagens vêm das primeiras ${count(preview.sampledSales)} vendas lidas, proporcionais ao total.`) : null,
    preview.needProductSettings > 0 ? h('p', {}, h('a', { href: '#/produtos' }, 'Configurar o Faturamento dos produtos antes de importar')) : null,
    h('div', { class: 'actions' }, importButton),
  );
}

/** @param {string[] | null} productIds @param {string[] | null} statuses @param {Map<string, string>} names */
function filtersText(productIds, statuses, names) {
  return [
    productIds ? `produtos ${productIds.join(', ')}` : 'todos os produtos',
    statuses ? `status ${statuses.map((s) => names.get(s) ?? s).join(', ')}` : 'todos os status',
  ].join(' · ');
}

/**
 * One import: its state, a progress bar (done / total), rate, time left, Guru window, counters,
 * and Cancelar while it is active.
 * @param {any} view ImportProgressSchema @param {Map<string, string>} names @param {() => void} onCancel
 */
function importCard(view, names, onCancel) {
  const active = ACTIVE.includes(view.status);
  const countId = uid('importacao-contagem');
  const total = typeof view.total === 'number' ? view.total : null;
  const percent = total ? Math.floor((view.done * 100) / total) : null;
  /** @param {string} term @param {import('../dom.js').Child} value @param {string} [cls] */
  const item = (term, value, cls) => [h('dt', {}, term), h('dd', cls ? { class: cls } : {}, value)];
  return h('section', { class: 'card', 'aria-labelledby': 'titulo-importacao', 'data-import-id': view.importId, 'data-import-status': view.status },
    h('h2', { id: 'titulo-importacao', class: 'card-title', tabindex: '-1' }, active ? 'Importação em andamento' : 'Última importação'),
    h('p', { class: 'import-state' }, h('span', { class: `badge badge-import-${view.status}` }, statusLabel(view.status)), ` ${periodText(view.from, view.to)} · ${filtersText(view.productIds, view.statuses, names)}`),
    h('progress', total === null ? { 'aria-labelledby': countId } : { max: String(Math.max(total, 1)), value: String(total === 0 ? 0 : view.done), 'aria-labelledby': countId }),
    h('p', { id: countId, class: 'import-count' },
      total === null ? `${count(view.done)} vendas lidas (contando o total no Guru…)`
        : total === 0 ? 'Nenhuma venda no período com estes filtros.'
          : `${count(view.done)} de ${count(total)} vendas (${percent}%)`),
    h('dl', { class: 'summary' },
      active ? item('Ritmo', view.ratePerSecond === null ? 'calculando…' : `${new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 2 }).format(view.ratePerSecond)} vendas/s`, 'import-rate') : null,
      active ? item('Tempo restante', view.etaSeconds === null ? 'calculando…' : duration(view.etaSeconds), 'import-eta') : null,
      item('Janela do Guru', `${view.window.index} de ${view.window.count} (até 180 dias cada)`),
      item('Enviadas ao processamento', count(view.produced)),
      view.skipped > 0 ? item('Ilegíveis (ignoradas)', count(view.skipped)) : null,
      view.errors > 0 ? item('Falhas ao ler o Guru', count(view.errors)) : null,
      view.lastError ? item('Último erro', h('span', { class: 'error-text' }, view.lastError)) : null,
      item('Pedida por', view.requestedBy),
      item('Início', dateTime(view.startedAt ?? view.createdAt)),
      view.finishedAt ? item('Fim', dateTime(view.finishedAt)) : null,
    ),
    active && view.status !== 'cancelling'
      ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', 'data-focus-key': 'cancelar', onclick: onCancel }, 'Cancelar'))
      : null,
    view.status === 'done' ? h('p', {}, h('a', { href: '#/vendas' }, 'Ver as vendas importadas em Vendas')) : null,
  );
}

/** @param {number} seconds */
function duration(seconds) {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** @param {any[]} items @param {Map<string, string>} names */
function historyTable(items, names) {
  if (items.length === 0) return h('p', {}, 'Nenhuma importação nesta conta ainda.');
  return h('table', {},
    h('caption', { class: 'visually-hidden' }, 'Importações desta conta, da mais recente'),
    h('thead', {}, h('tr', {}, ['Período', 'Situação', 'Vendas', 'Filtros', 'Pedida por', 'Criada em'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, items.map((i) => h('tr', { 'data-import-id': i.importId },
      h('th', { scope: 'row' }, periodText(i.from, i.to)),
      h('td', {}, h('span', { class: `badge badge-import-${i.status}` }, statusLabel(i.status))),
      h('td', { class: 'num' }, i.total === null ? count(i.done) : `${count(i.done)} de ${count(i.total)}`),
      h('td', {}, filtersText(i.productIds, i.statuses, names)),
      h('td', {}, i.requestedBy),
      h('td', {}, dateTime(i.createdAt)),
    ))),
  );
}
