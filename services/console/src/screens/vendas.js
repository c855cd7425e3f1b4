// @ts-check
import { api, salesUrl } from '../api.js';
import { dateTime, field, h, reais, replace, select } from '../dom.js';
import { notify } from '../notices.js';
import { errorText } from './settings-screen.js';
import { faturamentoHash } from './produtos.js';

/** @typedef {import('../session.js').Session} Session */

/** What each outcome of a sale reads as. */
const OUTCOMES = {
  created: 'Criada na Vhsys',
  updated: 'Atualizada na Vhsys',
  unchanged: 'Sem mudança',
  ignored: 'Ignorada',
  needs_configuration: 'Aguardando configuração do produto',
  needs_manual_cancellation: 'Cancelar a nota manualmente',
  paused: 'Conta pausada',
  failed: 'Falhou',
};
/** @param {string | null | undefined} outcome */
const outcomeLabel = (outcome) => (outcome ? /** @type {Record<string, string>} */ (OUTCOMES)[outcome] ?? outcome : '—');

/** @param {string} id */
const saleHash = (id) => `#/vendas/${encodeURIComponent(id)}`;

/**
 * Vendas: the history of the account's sales, filterable, plus the two lists that need the
 * seller: sales whose NF-e must be cancelled by hand in Vhsys, and products waiting for their
 * Faturamento settings (their sales are parked).
 * @param {HTMLElement} main @param {Session} session
 */
export async function renderVendas(main, session) {
  const outcome = select('outcome', Object.entries(OUTCOMES).map(([value, label]) => ({ value, label })), null, { empty: 'Todos' });
  const from = h('input', { type: 'date', name: 'from' });
  const to = h('input', { type: 'date', name: 'to' });
  const tx = h('input', { type: 'text', name: 'guruTransactionId', maxlength: '64', autocomplete: 'off' });
  const doc = h('input', { type: 'text', name: 'buyerDocument', maxlength: '18', autocomplete: 'off', inputmode: 'numeric' });
  const list = h('div', { class: 'sales-list', 'aria-live': 'polite' });
  const filters = h('form', { class: 'card filters', novalidate: true, role: 'search', 'aria-label': 'Filtrar vendas' },
    h('h2', { class: 'card-title' }, 'Filtros'),
    h('div', { class: 'filter-grid' },
      field({ label: 'Resultado', path: 'outcome', control: outcome }),
      field({ label: 'De (data)', path: 'from', control: from }),
      field({ label: 'Até (data)', path: 'to', control: to }),
      field({ label: 'ID da transação no Guru', path: 'guruTransactionId', control: tx }),
      field({ label: 'CPF/CNPJ do comprador', path: 'buyerDocument', control: doc }),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Filtrar')),
  );
  /** @param {HTMLElement} el */
  const val = (el) => /** @type {HTMLInputElement} */ (el).value.trim();
  const query = () => {
    const q = new URLSearchParams();
    if (val(outcome)) q.set('outcome', val(outcome));
    // Dates are days in Brasília time (UTC−3, no daylight saving since 2019).
    if (val(from)) q.set('from', `${val(from)}T00:00:00-03:00`);
    if (val(to)) q.set('to', `${val(to)}T23:59:59.999-03:00`);
    if (val(tx)) q.set('guruTransactionId', val(tx));
    if (val(doc)) q.set('buyerDocument', val(doc).replace(/\D/g, ''));
    q.set('limit', '25');
    return q;
  };
  /** @param {string | null} cursor */
  const load = async (cursor) => {
    const q = query();
    if (cursor) q.set('cursor', cursor);
    try {
      const { body } = await api(salesUrl(session.accountId, `?${q}`));
      if (!cursor) replace(list);
      list.querySelector('.more')?.remove();
      if (body.items.length === 0 && !cursor) return void replace(list, h('p', {}, 'Nenhuma venda encontrada com estes filtros.'));
      let table = /** @type {HTMLElement | null} */ (list.querySelector('tbody'));
      if (!table) {
        table = h('tbody');
        list.append(h('table', {},
          h('caption', { class: 'visually-hidden' }, 'Vendas'),
          h('thead', {}, h('tr', {}, ['Transação', 'Comprador', 'Total', 'Resultado', 'NF-e', 'Atualizada'].map((t) => h('th', { scope: 'col' }, t)))),
          table,
        ));
      }
      for (const sale of body.items) table?.append(saleRow(sale));
      if (body.nextCursor) {
        list.append(h('div', { class: 'more' }, h('button', { type: 'button', class: 'secondary', onclick: () => void load(body.nextCursor) }, 'Carregar mais')));
      }
    } catch (error) {
      replace(list, h('p', { class: 'error-box' }, errorText(error)));
    }
  };
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(null);
  });

  const [manual, parked] = await Promise.all([
    api(salesUrl(session.accountId, '?outcome=needs_manual_cancellation&limit=50')).then((r) => r.body.items).catch((e) => e),
    api(salesUrl(session.accountId, '?outcome=needs_configuration&limit=100')).then((r) => r.body.items).catch((e) => e),
  ]);
  replace(main,
    h('h1', {}, 'Vendas'),
    h('section', { class: 'card', 'aria-labelledby': 'titulo-cancelar' },
      h('h2', { id: 'titulo-cancelar', class: 'card-title' }, 'Notas a cancelar manualmente na Vhsys'),
      manual instanceof Error ? h('p', { class: 'error-box' }, errorText(manual))
        : manual.length === 0 ? h('p', {}, 'Nenhuma venda pede o cancelamento manual de uma nota.')
          : h('ul', { class: 'plain-list' }, manual.map((/** @type {any} */ s) => h('li', {},
            h('a', { href: saleHash(s.guruTransactionId) }, `Venda ${s.guruTransactionId}`),
            ' · ', s.needsManualCancellation?.nfeChave ? ['NF-e ', h('span', { class: 'mono' }, s.needsManualCancellation.nfeChave)] : null,
            s.needsManualCancellation?.nfseNumero ? ` NFS-e nº ${s.needsManualCancellation.nfseNumero}` : null,
            ` · ${s.reason ?? ''}`))),
    ),
    h('section', { class: 'card', 'aria-labelledby': 'titulo-parados' },
      h('h2', { id: 'titulo-parados', class: 'card-title' }, 'Produtos aguardando configuração de Faturamento'),
      parked instanceof Error ? h('p', { class: 'error-box' }, errorText(parked))
        : parked.length === 0 ? h('p', {}, 'Nenhuma venda está parada por falta de configuração.')
          : h('ul', { class: 'plain-list' }, [...new Set(parked.flatMap((/** @type {any} */ s) => s.productCodes ?? []))].map((c) => h('li', {},
            h('a', { href: faturamentoHash(String(c)) }, `Configurar o Faturamento de ${c}`)))),
    ),
    filters,
    h('section', { class: 'card', 'aria-labelledby': 'titulo-historico' }, h('h2', { id: 'titulo-historico', class: 'card-title' }, 'Histórico'), list),
  );
  await load(null);
}

/** @param {any} sale */
function saleRow(sale) {
  const nfe = sale.vhsys?.nfe;
  return h('tr', { 'data-sale': sale.guruTransactionId },
    h('th', { scope: 'row' }, h('a', { href: saleHash(sale.guruTransactionId) }, sale.guruTransactionId)),
    h('td', {}, `${sale.buyerName ?? '—'} ${sale.buyerDocumentMasked ? `(${sale.buyerDocumentMasked})` : ''}`),
    h('td', { class: 'num' }, reais(sale.totalCents)),
    h('td', {}, h('span', { class: `badge badge-${sale.outcome}` }, outcomeLabel(sale.outcome)), sale.reason ? h('span', { class: 'reason' }, ` ${sale.reason}`) : null),
    h('td', {}, nfe?.chave ? h('span', { class: 'mono' }, nfe.chave) : '—'),
    h('td', {}, dateTime(sale.updatedAt)),
  );
}

/**
 * One sale: its state in Vhsys (order, NF-e with its DANFE, NFS-e), the last failure and its
 * reason, the timeline, and Reprocessar.
 * @param {HTMLElement} main @param {Session} session @param {string[]} params
 */
export async function renderVenda(main, session, [id]) {
  let sale;
  try {
    sale = (await api(salesUrl(session.accountId, `/${encodeURIComponent(id)}`))).body;
  } catch (error) {
    return void replace(main, h('h1', {}, `Venda ${id}`), h('p', { class: 'error-box' }, errorText(error)), h('p', {}, h('a', { href: '#/vendas' }, 'Voltar para Vendas')));
  }
  const nfe = sale.vhsys?.nfe;
  const nfse = sale.vhsys?.nfse;
  const reprocess = h('button', { type: 'button' }, 'Reprocessar');
  reprocess.addEventListener('click', async () => {
    if (reprocess.getAttribute('aria-busy') === 'true') return;
    reprocess.setAttribute('aria-busy', 'true');
    try {
      await api(salesUrl(session.accountId, `/${encodeURIComponent(id)}/reprocess`), { method: 'POST', body: {} });
      notify('Reprocessamento pedido. A linha do tempo mostra o resultado em instantes.');
      setTimeout(() => { if (location.hash === saleHash(id)) void refresh(); }, 1500);
    } catch (error) {
      notify(errorText(error), 'erro');
    } finally {
      reprocess.removeAttribute('aria-busy');
    }
  });
  const refresh = async () => {
    await renderVenda(main, session, [id]);
    /** @type {HTMLElement | null} */ (main.querySelector('button'))?.focus();
  };
  const refreshButton = h('button', { type: 'button', class: 'secondary', onclick: () => void refresh() }, 'Atualizar');
  /** @param {string} term @param {import('../dom.js').Child} value */
  const item = (term, value) => [h('dt', {}, term), h('dd', {}, value)];
  replace(main,
    h('nav', { class: 'breadcrumb', 'aria-label': 'Você está em' }, h('ol', {}, h('li', {}, h('a', { href: '#/vendas' }, 'Vendas')), h('li', { 'aria-current': 'page' }, id))),
    h('h1', {}, `Venda ${id}`),
    h('section', { class: 'card', 'aria-labelledby': 'titulo-resumo' },
      h('h2', { id: 'titulo-resumo', class: 'card-title' }, 'Resumo'),
      h('dl', { class: 'summary' },
        item('Resultado', h('span', { class: `badge badge-${sale.outcome}`, 'data-outcome': sale.outcome }, outcomeLabel(sale.outcome))),
        sale.reason ? item('Motivo', sale.reason) : null,
        sale.detail ? item('Detalhe', sale.detail) : null,
        sale.lastError ? item('Último erro', h('span', { class: 'error-text' }, sale.lastError)) : null,
        item('Status no Guru', sale.guruStatus ?? '—'),
        item('Comprador', `${sale.buyerName ?? '—'} ${sale.buyerDocumentMasked ? `(${sale.buyerDocumentMasked})` : ''}`),
        item('Total', reais(sale.totalCents)),
        item('Produtos', (sale.productCodes ?? []).join(', ') || '—'),
        item('Pedido na Vhsys', sale.vhsys?.idPedido ? `nº ${sale.vhsys.idPedido}` : '—'),
        item('NF-e', nfe ? [h('span', { class: 'mono', 'data-nfe-chave': nfe.chave ?? '' }, nfe.chave ?? '—'), nfe.emitted ? ' · emitida' : ' · não emitida',
          nfe.danfeUrl ? [' · ', h('a', { href: nfe.danfeUrl, target: '_blank', rel: 'noopener noreferrer' }, 'Abrir DANFE', h('span', { class: 'visually-hidden' }, ' (abre em outra aba)'))] : null] : '—'),
        item('NFS-e', nfse ? `nº ${nfse.numero ?? '—'}${nfse.emitted ? ' · emitida' : ' · não emitida'}` : '—'),
        sale.needsManualCancellation ? item('Cancelar manualmente na Vhsys', [
          sale.needsManualCancellation.nfeChave ? ['NF-e ', h('span', { class: 'mono' }, sale.needsManualCancellation.nfeChave)] : null,
          sale.needsManualCancellation.nfseNumero ? ` NFS-e nº ${sale.needsManualCancellation.nfseNumero}` : null,
        ]) : null,
        item('Tentativas', String(sale.attempts ?? 0)),
        item('Última tentativa', dateTime(sale.lastAttemptAt)),
        item('Venda', dateTime(sale.occurredAt)),
      ),
      sale.outcome === 'needs_configuration' ? (sale.productCodes ?? []).map((/** @type {string} */ c) => h('p', {}, h('a', { href: faturamentoHash(c) }, `Configurar o Faturamento de ${c}`))) : null,
      h('div', { class: 'actions' }, reprocess, refreshButton),
    ),
    h('section', { class: 'card', 'aria-labelledby': 'titulo-linha' },
      h('h2', { id: 'titulo-linha', class: 'card-title' }, 'Linha do tempo'),
      (sale.timeline ?? []).length === 0 ? h('p', {}, 'Sem eventos.') : h('ol', { class: 'timeline' }, sale.timeline.map((/** @type {any} */ e) => h('li', { 'data-kind': e.kind },
        h('p', { class: 'timeline-when' }, dateTime(e.at)),
        h('p', { class: 'timeline-title' }, e.title, e.outcome ? h('span', { class: `badge badge-${e.outcome}` }, outcomeLabel(e.outcome)) : null),
        e.detail ? h('p', { class: 'timeline-detail' }, e.detail) : null,
      ))),
    ),
  );
}
