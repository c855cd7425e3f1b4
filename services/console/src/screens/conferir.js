// @ts-check
import { api, auditsUrl } from '../api.js';
import { count, dateTime, h, periodText, reais, replace, replaceKeepingFocus, showFieldErrors, clearFieldErrors } from '../dom.js';
import { clearNotices, notify } from '../notices.js';
import { errorText, showSaveError, submitting } from './settings-screen.js';
import { periodFields } from './period.js';

/** @typedef {import('../session.js').Session} Session */
/** @typedef {import('../dom.js').Child} Child */

const LIST = '#/conferir-vhsys';
/** @param {string} id */
const auditHash = (id) => `${LIST}/${encodeURIComponent(id)}`;
/** How often a running audit, or a finding waiting for the dispatcher, is read again. */
const REFRESH_MS = 1000;

/** The states of an audit run (services/config-service/src/audits/audits-view.ts). */
const AUDIT_STATUSES = { requested: 'Pedida', running: 'Em andamento', done: 'Concluída', failed: 'Falhou' };
/** @param {string} s */
const auditStatus = (s) => /** @type {Record<string, string>} */ (AUDIT_STATUSES)[s] ?? s;
/** @param {any} audit */
const auditActive = (audit) => audit.status === 'requested' || audit.status === 'running';

/**
 * Each kind of finding (libs/contracts AUDIT_FINDING_KINDS): its title and what it means.
 * @type {Record<string, [string, string]>}
 */
const KINDS = {
  pedido_missing: ['Pedido não existe na Vhsys', 'O pedido que a integração criou para esta venda não foi encontrado na Vhsys.'],
  pedido_in_lixeira: ['Pedido na lixeira da Vhsys', 'O pedido desta venda foi para a lixeira na Vhsys.'],
  total_differs: ['Total do pedido diferente', 'O total do pedido na Vhsys não é o da venda.'],
  items_differ: ['Itens do pedido diferentes', 'Os produtos ou as quantidades do pedido na Vhsys não são os da venda.'],
  status_differs: ['Status do pedido diferente', 'O status (ou a situação) do pedido na Vhsys não é o que a aba Status pede para esta venda.'],
  invoice_missing: ['NF-e não encontrada', 'A venda deveria ter uma NF-e, e ela não está na Vhsys (ou está na lixeira).'],
  invoice_not_emitted: ['NF-e não emitida', 'A NF-e da venda existe na Vhsys, mas não foi emitida.'],
  invoice_unknown_to_ledger: ['NF-e emitida fora da integração', 'Há uma NF-e emitida para este pedido que a integração não conhece.'],
  unknown_marked_pedido: ['Pedido do Guru desconhecido', 'Um pedido da Vhsys tem a marca de uma venda do Guru, mas não é o pedido que a integração tem para ela (um duplicado?).'],
};
/** @param {string} kind @returns {[string, string]} */
const kindText = (kind) => KINDS[kind] ?? [kind, ''];

/** Where a finding stands (AUDIT_FINDING_RESOLUTIONS). */
const RESOLUTIONS = { open: 'Aberta', repairing: 'Reparando…', repaired: 'Reparada', repair_failed: 'Falha no reparo', accepted: 'Aceita' };
/** @param {string} r */
const resolutionText = (r) => /** @type {Record<string, string>} */ (RESOLUTIONS)[r] ?? r;

/** @param {unknown} v */
const yesNo = (v) => (v === true ? 'Sim' : v === false ? 'Não' : '—');
/** An id of a Vhsys record (not the number Vhsys shows on screen: the audit has only the id). @param {unknown} v */
const vhsysId = (v) => (v === null || v === undefined ? 'nenhum' : `id ${v}`);
/**
 * The fields of a finding's expected / found, in the order shown, with their labels and how their
 * values read (money in centavos, items as `<produto Vhsys>x<quantidade>`).
 * @type {[string, string, (v: any) => Child][]}
 */
const FIELDS = [
  ['idPed', 'Pedido (id na Vhsys)', vhsysId],
  ['lixeira', 'Na lixeira', yesNo],
  ['totalCents', 'Total', (v) => reais(v)],
  ['items', 'Itens (produto Vhsys × quantidade)', (v) => (Array.isArray(v) ? (v.length === 0 ? 'nenhum' : v.map((k) => String(k).replace('x', ' × ')).join('; ')) : String(v))],
  ['status', 'Status', (v) => String(v ?? '—')],
  ['situacao', 'Situação (id na Vhsys)', vhsysId],
  ['invoice', 'Nota', (v) => (v === 'nfe' ? 'NF-e' : v === 'nfse' ? 'NFS-e' : String(v))],
  ['idVenda', 'NF-e (id na Vhsys)', vhsysId],
  ['emitted', 'Emitida', yesNo],
  ['marker', 'Marca do Guru', (v) => h('span', { class: 'mono' }, String(v))],
];

/**
 * Conferir com o Vhsys: a period → the dispatcher compares the sales the integration handled in
 * it with what the Vhsys account holds (it only reads Vhsys). Below, the account's audits with
 * their state, read again while one runs; each opens its findings.
 * @param {HTMLElement} main @param {Session} session
 */
export async function renderConferir(main, session) {
  const period = periodFields();
  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'titulo-nova-conferencia' },
    h('h2', { id: 'titulo-nova-conferencia', class: 'card-title' }, 'Nova conferência'),
    h('p', { class: 'hint' }, 'Compara as vendas do período que a integração levou à Vhsys com o que a sua conta Vhsys tem hoje: ',
      'pedido, total, itens, status e NF-e. A conferência só lê a Vhsys: nada muda até você pedir Reparar em uma diferença.'),
    h('div', { class: 'filter-grid' }, period.fields),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Iniciar conferência')),
  );
  const list = h('div');
  let generation = 0;
  const load = async () => {
    const mine = ++generation;
    try {
      const { body } = await api(auditsUrl(session.accountId, '?limit=20'));
      if (mine !== generation || !list.isConnected) return;
      replaceKeepingFocus(list, auditsTable(body.items));
      if (body.items.some(auditActive)) setTimeout(() => { if (mine === generation && list.isConnected) void load(); }, REFRESH_MS);
    } catch (error) {
      if (list.isConnected) replace(list, h('p', { class: 'error-box' }, errorText(error)));
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitting(form, async () => {
      clearFieldErrors(form);
      const read = period.read();
      if (!read.period) return void showFieldErrors(form, read.problems);
      try {
        await api(auditsUrl(session.accountId), { method: 'POST', body: read.period });
        clearNotices();
        notify('Conferência pedida. Ela aparece na lista abaixo; abra-a para ver as diferenças quando terminar.');
        // Not awaited: the form is free again at once (the list follows the audit on its own).
        void load();
      } catch (error) {
        await showSaveError(form, error, load);
      }
    });
  });
  replace(main,
    h('h1', {}, 'Conferir com o Vhsys'),
    form,
    h('section', { class: 'card', 'aria-labelledby': 'titulo-conferencias' },
      h('h2', { id: 'titulo-conferencias', class: 'card-title' }, 'Conferências desta conta'),
      list,
    ),
  );
  await load();
}

/** @param {any[]} items AuditSummarySchema[] */
function auditsTable(items) {
  if (items.length === 0) return h('p', {}, 'Nenhuma conferência nesta conta ainda.');
  return h('table', {},
    h('caption', { class: 'visually-hidden' }, 'Conferências desta conta, da mais recente'),
    h('thead', {}, h('tr', {}, ['Período', 'Situação', 'Vendas conferidas', 'Diferenças', 'Pedida por', 'Pedida em'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, items.map((a) => h('tr', { 'data-audit-id': a.auditId, 'data-audit-status': a.status },
      h('th', { scope: 'row' }, h('a', { href: auditHash(a.auditId), 'data-focus-key': a.auditId }, periodText(a.from, a.to))),
      h('td', {}, h('span', { class: `badge badge-audit-${a.status}` }, auditStatus(a.status)), a.error ? h('span', { class: 'reason' }, ` ${a.error}`) : null),
      h('td', { class: 'num' }, auditActive(a) ? '…' : count(a.counts.salesChecked)),
      h('td', { class: 'num' }, auditActive(a) ? '…' : count(a.counts.findings)),
      h('td', {}, a.requestedBy),
      h('td', {}, dateTime(a.requestedAt)),
    ))),
  );
}

/**
 * One audit: its state and counts, then its findings per sale, each with what differs (expected by
 * the integration, found in Vhsys), where it stands, and Reparar / Aceitar while it is open. Read
 * again while the audit runs or a finding waits for the dispatcher.
 * @param {HTMLElement} main @param {Session} session @param {string[]} params
 */
export async function renderConferencia(main, session, [auditId]) {
  const url = auditsUrl(session.accountId, `/${encodeURIComponent(auditId)}`);
  let audit;
  try {
    audit = (await api(url)).body;
  } catch (error) {
    return void replace(main, h('h1', {}, 'Conferência'), h('p', { class: 'error-box' }, errorText(error)), h('p', {}, h('a', { href: LIST }, 'Voltar para Conferir com o Vhsys')));
  }
  const summary = h('div');
  const findings = h('div');
  let generation = 0;
  /** @param {any} a */
  const show = (a) => {
    replace(summary, auditSummary(a));
    replaceKeepingFocus(findings, findingsList(a, act));
  };
  /** Reads the audit again; keeps doing so while something is still moving. */
  const refresh = async () => {
    const mine = ++generation;
    try {
      const { body } = await api(url);
      if (mine !== generation || !findings.isConnected) return;
      show(body);
      if (moving(body)) setTimeout(() => { if (mine === generation && findings.isConnected) void refresh(); }, REFRESH_MS);
    } catch (error) {
      if (findings.isConnected) notify(errorText(error), 'erro');
    }
  };
  /** @param {any} finding @param {'repair' | 'accept'} kind */
  async function act(finding, kind) {
    try {
      await api(auditsUrl(session.accountId, `/${encodeURIComponent(auditId)}/findings/${encodeURIComponent(finding.findingId)}/${kind}`), { method: 'POST' });
      clearNotices();
      notify(kind === 'repair' ? 'Reparo pedido. O resultado aparece nesta diferença em instantes.' : 'Aceite pedido. A diferença fica registrada como aceita em instantes.');
    } catch (error) {
      notify(errorText(error), 'erro');
    }
    // The buttons go away with the request: the keyboard stays on the finding.
    /** @type {HTMLElement | null} */ (findings.querySelector(`[data-focus-key="${CSS.escape(finding.findingId)}"]`))?.focus();
    await refresh();
  }
  replace(main,
    h('nav', { class: 'breadcrumb', 'aria-label': 'Você está em' }, h('ol', {},
      h('li', {}, h('a', { href: LIST }, 'Conferir com o Vhsys')),
      h('li', { 'aria-current': 'page' }, periodText(audit.from, audit.to)))),
    h('h1', {}, `Conferência de ${periodText(audit.from, audit.to)}`),
    h('section', { class: 'card', 'aria-labelledby': 'titulo-conferencia-resumo' },
      h('h2', { id: 'titulo-conferencia-resumo', class: 'card-title' }, 'Resumo'),
      summary,
    ),
    h('section', { class: 'card', 'aria-labelledby': 'titulo-diferencas' },
      h('h2', { id: 'titulo-diferencas', class: 'card-title' }, 'Diferenças'),
      h('p', { class: 'hint' }, 'Reparar leva a venda de novo ao que a integração espera: um pedido na lixeira não é restaurado (um novo é criado), ',
        'e uma nota já emitida nunca é emitida de novo. Aceitar registra a diferença como aceita e não muda nada na Vhsys.'),
      findings,
    ),
  );
  show(audit);
  if (moving(audit)) setTimeout(() => { if (generation === 0 && findings.isConnected) void refresh(); }, REFRESH_MS);
}

/** Whether the audit runs, or a finding waits for the dispatcher (a request sent, or a repair running). @param {any} audit */
function moving(audit) {
  return auditActive(audit) || audit.findings.some((/** @type {any} */ f) => f.pendingRequest !== null || f.resolution === 'repairing');
}

/** @param {any} a AuditDetailSchema */
function auditSummary(a) {
  /** @param {string} term @param {Child} value */
  const item = (term, value) => [h('dt', {}, term), h('dd', {}, value)];
  return h('dl', { class: 'summary', 'data-audit-status': a.status },
    item('Situação', h('span', { class: `badge badge-audit-${a.status}` }, auditStatus(a.status))),
    a.error ? item('Erro', h('span', { class: 'error-text' }, a.error)) : null,
    item('Período', periodText(a.from, a.to)),
    item('Vendas conferidas', count(a.counts.salesChecked)),
    a.counts.salesSkipped > 0 ? item('Vendas não conferidas (ainda sem pedido concluído na Vhsys)', count(a.counts.salesSkipped)) : null,
    item('Pedidos lidos da Vhsys', count(a.counts.pedidosListed)),
    item('Diferenças', count(a.counts.findings)),
    item('Pedida por', a.requestedBy),
    item('Pedida em', dateTime(a.requestedAt)),
    a.finishedAt ? item('Terminada em', dateTime(a.finishedAt)) : null,
  );
}

/**
 * The findings grouped per sale (a pedido no sale knows is grouped on its own).
 * @param {any} audit @param {(finding: any, kind: 'repair' | 'accept') => Promise<void>} act
 */
function findingsList(audit, act) {
  if (auditActive(audit)) return h('p', { class: 'loading' }, 'A conferência está em andamento…');
  if (audit.status === 'failed') return h('p', { class: 'error-box' }, 'A conferência falhou antes de terminar; inicie outra.');
  if (audit.findings.length === 0) return h('p', {}, 'Nenhuma diferença: a Vhsys tem o que a integração espera para as vendas do período.');
  /** @type {Map<string | null, any[]>} */
  const bySale = new Map();
  for (const f of audit.findings) bySale.set(f.guruTransactionId, [...(bySale.get(f.guruTransactionId) ?? []), f]);
  return [
    audit.findingsTotal > audit.findings.length ? h('p', { class: 'hint warning' }, `Mostrando ${count(audit.findings.length)} de ${count(audit.findingsTotal)} diferenças.`) : null,
    [...bySale].map(([sale, items]) => h('section', { class: 'finding-sale', 'data-sale': sale ?? '' },
      h('h3', {}, sale === null ? 'Pedidos sem venda no histórico' : ['Venda ', h('a', { href: `#/vendas/${encodeURIComponent(sale)}` }, sale)]),
      items.map((f) => findingItem(f, act)),
    )),
  ];
}

/** @param {any} f AuditFindingSchema @param {(finding: any, kind: 'repair' | 'accept') => Promise<void>} act */
function findingItem(f, act) {
  const [title, meaning] = kindText(f.kind);
  const open = f.resolution === 'open' && f.pendingRequest === null;
  const where = f.guruTransactionId ? `da venda ${f.guruTransactionId}` : `do pedido id ${f.idPed}`;
  return h('article', { class: 'finding', 'data-finding-id': f.findingId, 'data-kind': f.kind, 'data-resolution': f.resolution },
    h('h4', { tabindex: '-1', 'data-focus-key': f.findingId }, title, f.idPed !== null ? h('span', { class: 'reason' }, ` · pedido id ${f.idPed}`) : null),
    meaning ? h('p', { class: 'hint' }, meaning) : null,
    differences(f),
    h('p', { class: 'finding-state' },
      h('span', { class: `badge badge-finding-${f.resolution}`, 'data-resolution-label': '' }, resolutionText(f.resolution)),
      f.pendingRequest ? h('span', { class: 'reason' }, f.pendingRequest === 'repair' ? ' Reparo pedido, aguardando a resposta…' : ' Aceite pedido, aguardando a resposta…') : null,
      f.resolvedBy ? h('span', { class: 'reason' }, ` por ${f.resolvedBy}, ${dateTime(f.resolvedAt)}`) : null,
    ),
    // The dispatcher's own account of the repair (or of where the sale is), as it wrote it.
    f.note ? h('p', { class: 'finding-note' }, h('span', { class: 'reason' }, 'Registro do processamento: '), f.note) : null,
    f.refusal ? h('p', { class: 'error-text' }, `Recusado: ${f.refusal}`) : null,
    open ? h('div', { class: 'actions' },
      f.repairable ? h('button', { type: 'button', 'aria-label': `Reparar: ${title} ${where}`, onclick: () => void act(f, 'repair') }, 'Reparar') : null,
      h('button', { type: 'button', class: 'secondary', 'aria-label': `Aceitar: ${title} ${where}`, onclick: () => void act(f, 'accept') }, 'Aceitar'),
    ) : null,
    open && !f.repairable ? h('p', { class: 'hint' }, 'Esta diferença não é reparada automaticamente: corrija-a na Vhsys, ou aceite-a.') : null,
  );
}

/** What differs: each field, as the integration expects it and as Vhsys has it. @param {any} f */
function differences(f) {
  const expected = f.expected ?? {};
  const found = f.found;
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(found ?? {})])];
  const known = FIELDS.filter(([key]) => keys.includes(key));
  const other = keys.filter((k) => !FIELDS.some(([key]) => key === k));
  /** @type {[string, string, (v: any) => Child][]} */
  const rows = [...known, ...other.map((k) => /** @type {[string, string, (v: any) => Child]} */ ([k, k, (v) => JSON.stringify(v)]))];
  if (rows.length === 0) return null;
  /** @param {Record<string, unknown> | null} side @param {string} key @param {(v: any) => Child} format @param {string} absent */
  const cell = (side, key, format, absent) => (side === null ? absent : key in side ? format(side[key]) : '—');
  return h('table', { class: 'differences' },
    h('caption', { class: 'visually-hidden' }, `O que difere: ${kindText(f.kind)[0]}`),
    h('thead', {}, h('tr', {}, ['Campo', 'Esperado pela integração', 'Encontrado na Vhsys'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map(([key, label, format]) => h('tr', { 'data-field': key },
      h('th', { scope: 'row' }, label),
      h('td', { 'data-side': 'expected' }, cell(f.expected, key, format, '—')),
      h('td', { 'data-side': 'found' }, cell(found, key, format, 'não encontrado')),
    ))),
  );
}
