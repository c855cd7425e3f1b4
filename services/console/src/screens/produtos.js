// @ts-check
import { api, loadEnumerations, salesUrl, settingsUrl } from '../api.js';
import { clearFieldErrors, field, h, replace, select, switchInput, uid } from '../dom.js';
import { go } from '../nav.js';
import { errorText, loadSettings, saveAndRerender, submitting } from './settings-screen.js';

/** @typedef {import('../session.js').Session} Session */
/** @typedef {{ id: number, description: string, code: string, unit: string, kind: 'produto' | 'servico' | null }} VhsysProduct */

/** @param {string} code */
export const faturamentoHash = (code) => `#/produtos/${encodeURIComponent(code)}/faturamento`;

/**
 * The products with their aba Faturamento: those configured, those whose sales wait for a
 * configuration (parked sales, from the sales history), and any other Guru product code.
 * @param {HTMLElement} main @param {Session} session
 */
export async function renderProdutos(main, session) {
  let loaded;
  try {
    loaded = await loadSettings(session);
  } catch (error) {
    return void replace(main, h('h1', {}, 'Produtos'), h('p', { class: 'error-box' }, errorText(error)));
  }
  const products = /** @type {any[]} */ (loaded.settings?.products ?? []);
  const configured = new Set(products.map((p) => p.guruProductCode));
  const waiting = await waitingProducts(session, configured);

  const code = h('input', { type: 'text', name: 'guruProductCode', autocomplete: 'off', maxlength: '191', required: true });
  const open = h('form', { class: 'inline-form', novalidate: true },
    field({ label: 'Código do produto no Guru', path: 'guruProductCode', control: code }),
    h('button', { type: 'submit' }, 'Abrir aba Faturamento'),
  );
  open.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = /** @type {HTMLInputElement} */ (code).value.trim();
    if (value) go(faturamentoHash(value));
  });

  replace(main,
    h('h1', {}, 'Produtos'),
    h('section', { class: 'card', 'aria-labelledby': 'titulo-aguardando' },
      h('h2', { id: 'titulo-aguardando', class: 'card-title' }, 'Produtos aguardando configuração de Faturamento'),
      waiting.problem ? h('p', { class: 'hint' }, waiting.problem)
        : waiting.codes.length === 0 ? h('p', {}, 'Nenhuma venda aguarda a configuração de um produto.')
          : h('ul', { class: 'plain-list' }, waiting.codes.map(([c, n]) => h('li', {},
            h('a', { href: faturamentoHash(c) }, `Configurar ${c}`), ` · ${n} ${n === 1 ? 'venda parada' : 'vendas paradas'}`))),
    ),
    h('section', { class: 'card', 'aria-labelledby': 'titulo-configurados' },
      h('h2', { id: 'titulo-configurados', class: 'card-title' }, 'Produtos configurados'),
      products.length === 0 ? h('p', {}, 'Nenhum produto tem a aba Faturamento preenchida.') : h('table', {},
        h('caption', { class: 'visually-hidden' }, 'Produtos com a aba Faturamento preenchida'),
        h('thead', {}, h('tr', {}, ['Produto Guru', 'Produto Vhsys (id)', 'Tipo', 'Emitir nota', 'Ativo', ''].map((t, i) => h('th', { scope: 'col' }, i === 5 ? h('span', { class: 'visually-hidden' }, 'Ações') : t)))),
        h('tbody', {}, products.map((p) => h('tr', {},
          h('th', { scope: 'row' }, p.guruProductCode),
          h('td', {}, `${p.description ?? '—'} (${p.vhsysProductId})`),
          h('td', {}, p.kind === 'produto' ? 'Produto (NF-e)' : 'Serviço (NFS-e)'),
          h('td', {}, p.issueInvoice ? 'Sim' : 'Não'),
          h('td', {}, p.active ? 'Sim' : 'Não'),
          h('td', {}, h('a', { href: faturamentoHash(p.guruProductCode), 'aria-label': `Editar Faturamento de ${p.guruProductCode}` }, 'Editar Faturamento')),
        ))),
      ),
    ),
    h('section', { class: 'card', 'aria-labelledby': 'titulo-outro' },
      h('h2', { id: 'titulo-outro', class: 'card-title' }, 'Configurar outro produto'),
      open,
    ),
  );
}

/**
 * Product codes of parked sales (outcome needs_configuration) that have no settings yet, with how
 * many sales wait for each.
 * @param {Session} session @param {Set<string>} configured
 * @returns {Promise<{ codes: [string, number][], problem: string | null }>}
 */
async function waitingProducts(session, configured) {
  try {
    const { body } = await api(salesUrl(session.accountId, '?outcome=needs_configuration&limit=100'));
    /** @type {Map<string, number>} */
    const counts = new Map();
    for (const sale of body.items) for (const c of sale.productCodes ?? []) if (!configured.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
    return { codes: [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])), problem: null };
  } catch (error) {
    return { codes: [], problem: `Não foi possível ler as vendas paradas: ${errorText(error)}` };
  }
}

/**
 * The product's aba Faturamento: the Vhsys product (picked from the account's products, read live),
 * produto (NF-e) or serviço (NFS-e), the invoice fields, and the Emitir nota and Ativo switches.
 * @param {HTMLElement} main @param {Session} session @param {string[]} params
 */
export async function renderFaturamento(main, session, [code]) {
  let loaded, lists;
  try {
    [loaded, lists] = await Promise.all([loadSettings(session), loadEnumerations()]);
  } catch (error) {
    return void replace(main, h('h1', {}, `Produto ${code}`), h('p', { class: 'error-box' }, errorText(error)));
  }
  const { settings, version } = loaded;
  const current = (settings?.products ?? []).find((/** @type {any} */ p) => p.guruProductCode === code) ?? null;
  /** @type {{ id: number, label: string } | null} */
  let chosen = current ? { id: current.vhsysProductId, label: `id ${current.vhsysProductId}` } : null;

  // -- the Vhsys product picker
  const search = h('input', { type: 'search', name: 'busca', autocomplete: 'off', maxlength: '60' });
  const chosenLine = h('p', { class: 'chosen', id: uid('escolhido'), 'aria-live': 'polite' });
  const results = h('div', { class: 'picker-results' });
  const pickerError = h('p', { class: 'field-error', 'data-error-for': 'vhsysProductId', id: uid('erro') });
  search.setAttribute('aria-describedby', `${chosenLine.id} ${pickerError.id}`);
  search.dataset.path = 'vhsysProductId';
  let page = 1;
  const showChosen = () => { chosenLine.textContent = chosen ? `Escolhido: ${chosen.label}` : 'Nenhum produto Vhsys escolhido.'; };
  const runSearch = async () => {
    replace(results, h('p', { class: 'loading' }, 'Buscando na Vhsys…'));
    const term = /** @type {HTMLInputElement} */ (search).value.trim();
    try {
      const { body } = await api(settingsUrl(session.accountId, `/vhsys-products?search=${encodeURIComponent(term)}&page=${page}`));
      renderResults(body);
    } catch (error) {
      replace(results, h('p', { class: 'error-box' }, errorText(error)));
    }
  };
  /** @param {{ products: VhsysProduct[], total: number, page: number, pageSize: number }} found */
  const renderResults = (found) => {
    if (found.products.length === 0) return void replace(results, h('p', {}, 'Nenhum produto encontrado na Vhsys.'));
    const name = uid('produto-vhsys');
    const pages = Math.max(1, Math.ceil(found.total / found.pageSize));
    replace(results,
      h('fieldset', {},
        h('legend', {}, `Produtos da sua conta Vhsys (página ${found.page} de ${pages})`),
        found.products.map((p) => {
          const label = `${p.description} · código ${p.code || '—'} · ${p.unit || '—'} · ${p.kind === 'servico' ? 'Serviço' : p.kind === 'produto' ? 'Produto' : 'tipo não informado'} · id ${p.id}`;
          if (chosen?.id === p.id) { chosen = { id: p.id, label }; showChosen(); }
          const radio = h('input', { type: 'radio', name, value: String(p.id), checked: chosen?.id === p.id, id: uid('p') });
          radio.addEventListener('change', () => {
            chosen = { id: p.id, label };
            showChosen();
            if (p.kind) setKind(p.kind);
          });
          return h('div', { class: 'radio' }, radio, h('label', { for: radio.id }, label));
        }),
      ),
      h('div', { class: 'pager' },
        found.page > 1 ? h('button', { type: 'button', class: 'secondary', onclick: () => { page -= 1; void runSearch(); } }, 'Página anterior') : null,
        found.page < pages ? h('button', { type: 'button', class: 'secondary', onclick: () => { page += 1; void runSearch(); } }, 'Próxima página') : null,
      ),
    );
  };
  const searchButton = h('button', { type: 'button', class: 'secondary', onclick: () => { page = 1; void runSearch(); } }, 'Buscar na Vhsys');
  search.addEventListener('keydown', (event) => {
    if (/** @type {KeyboardEvent} */ (event).key === 'Enter') {
      event.preventDefault();
      page = 1;
      void runSearch();
    }
  });
  showChosen();

  // -- kind, switches, invoice fields
  const kindName = uid('tipo');
  /** @type {Record<string, HTMLInputElement>} */
  const kindRadios = {};
  const kindBlock = h('fieldset', { class: 'field' },
    h('legend', {}, 'Tipo'),
    lists.productKinds.map((/** @type {{value: string, label: string}} */ k) => {
      const radio = /** @type {HTMLInputElement} */ (h('input', { type: 'radio', name: kindName, value: k.value, id: uid('tipo'), checked: (current?.kind ?? 'produto') === k.value }));
      radio.dataset.path = 'kind';
      radio.addEventListener('change', () => showKind());
      kindRadios[k.value] = radio;
      return h('div', { class: 'radio' }, radio, h('label', { for: radio.id }, k.label));
    }),
    h('p', { class: 'field-error', 'data-error-for': 'kind' }),
  );
  const kind = () => Object.values(kindRadios).find((r) => r.checked)?.value ?? 'produto';
  /** @param {string} value */
  const setKind = (value) => { if (kindRadios[value]) { kindRadios[value].checked = true; showKind(); } };

  const description = h('input', { type: 'text', name: 'description', maxlength: '255', value: current?.description ?? '' });
  const issueInvoice = switchInput('issueInvoice', current?.issueInvoice ?? true);
  const active = switchInput('active', current?.active ?? true);
  const nfe = current?.nfe;
  const nfse = current?.nfse;
  const nfeNatureza = h('input', { type: 'text', name: 'nfe.naturezaOperacao', maxlength: '120', value: nfe?.naturezaOperacao ?? 'Venda de mercadoria' });
  const nfeCfop = h('input', { type: 'text', name: 'nfe.cfop', inputmode: 'numeric', maxlength: '4', value: nfe?.cfop ?? '5102' });
  const nfeSerie = h('input', { type: 'number', name: 'nfe.serie', min: '0', max: '999', value: nfe?.serie ?? 1 });
  const nfseSerie = h('input', { type: 'number', name: 'nfse.serie', min: '1', max: '9', value: nfse?.serie ?? 1 });
  const nfseNatureza = select('nfse.naturezaOperacao', lists.nfseNaturezas.map((/** @type {any} */ n) => ({ value: String(n.value), label: `${n.value} · ${n.label}` })), String(nfse?.naturezaOperacao ?? 1));
  const nfseCodigo = h('input', { type: 'text', name: 'nfse.codigoServico', maxlength: '20', value: nfse?.codigoServico ?? '' });
  const nfseAliquota = h('input', { type: 'text', name: 'nfse.aliquotaIss', inputmode: 'decimal', value: nfse?.aliquotaIss ?? '' });
  const nfseRegime = select('nfse.regime', lists.nfseRegimes.map((/** @type {any} */ r) => ({ value: String(r.value), label: r.label })), String(nfse?.regime ?? 1));
  const nfseDescricao = h('input', { type: 'text', name: 'nfse.descricaoServico', maxlength: '255', value: nfse?.descricaoServico ?? '' });
  const nfeBlock = h('fieldset', {},
    h('legend', {}, 'NF-e (produto)'),
    field({ label: 'Natureza da operação', path: 'nfe.naturezaOperacao', control: nfeNatureza }),
    field({ label: 'CFOP', path: 'nfe.cfop', control: nfeCfop, hint: '4 dígitos, por exemplo 5102.' }),
    field({ label: 'Série', path: 'nfe.serie', control: nfeSerie }),
  );
  const nfseBlock = h('fieldset', {},
    h('legend', {}, 'NFS-e (serviço)'),
    field({ label: 'Série', path: 'nfse.serie', control: nfseSerie }),
    field({ label: 'Natureza da operação', path: 'nfse.naturezaOperacao', control: nfseNatureza }),
    field({ label: 'Código do serviço', path: 'nfse.codigoServico', control: nfseCodigo, hint: 'Item da lista de serviços do município, por exemplo 08.02.' }),
    field({ label: 'Alíquota do ISS (%)', path: 'nfse.aliquotaIss', control: nfseAliquota, hint: 'Por exemplo 2.00.' }),
    field({ label: 'Regime', path: 'nfse.regime', control: nfseRegime }),
    field({ label: 'Descrição do serviço (opcional)', path: 'nfse.descricaoServico', control: nfseDescricao }),
  );
  const showKind = () => {
    nfeBlock.hidden = kind() !== 'produto';
    nfseBlock.hidden = kind() !== 'servico';
  };
  showKind();

  /** @param {HTMLElement} el */
  const val = (el) => /** @type {HTMLInputElement} */ (el).value.trim();
  /** A number field: its number, or the text as typed (the service names the field when it is not one). @param {HTMLElement} el */
  const num = (el) => (/^\d+$/.test(val(el)) ? Number(val(el)) : val(el));

  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'titulo-faturamento' },
    h('h2', { id: 'titulo-faturamento', class: 'card-title' }, 'Aba Faturamento'),
    h('fieldset', {},
      h('legend', {}, 'Produto na Vhsys'),
      h('div', { class: 'field' }, h('label', { for: search.id || (search.id = uid('busca')) }, 'Buscar produto da Vhsys pela descrição'), h('div', { class: 'search-row' }, search, searchButton)),
      chosenLine,
      pickerError,
      results,
    ),
    kindBlock,
    field({ label: 'Descrição na venda (opcional)', path: 'description', control: description, hint: 'Em branco: a descrição do produto na Vhsys.' }),
    field({ label: 'Emitir nota fiscal', path: 'issueInvoice', control: issueInvoice }),
    field({ label: 'Ativo', path: 'active', control: active, hint: 'Desligado: as vendas deste produto não são enviadas à Vhsys.' }),
    nfeBlock,
    nfseBlock,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Enviar')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitting(form, async () => {
      clearFieldErrors(form);
      if (!chosen) {
        pickerError.textContent = 'Escolha o produto da Vhsys: busque pela descrição e marque um da lista.';
        search.setAttribute('aria-invalid', 'true');
        search.focus();
        return;
      }
      const isProduto = kind() === 'produto';
      const nfeValues = [nfeNatureza, nfeCfop, nfeSerie].map(val);
      const nfseValues = [nfseCodigo, nfseAliquota].map(val);
      const body = {
        vhsysProductId: chosen.id,
        description: val(description) || null,
        kind: kind(),
        issueInvoice: /** @type {HTMLInputElement} */ (issueInvoice).checked,
        active: /** @type {HTMLInputElement} */ (active).checked,
        nfe: isProduto && nfeValues.some((v) => v !== '')
          ? { naturezaOperacao: val(nfeNatureza), cfop: val(nfeCfop), serie: num(nfeSerie) } : null,
        nfse: !isProduto && nfseValues.some((v) => v !== '')
          ? {
            serie: num(nfseSerie), naturezaOperacao: Number(val(nfseNatureza)), codigoServico: val(nfseCodigo),
            aliquotaIss: val(nfseAliquota), regime: Number(val(nfseRegime)), descricaoServico: val(nfseDescricao) || null,
          } : null,
      };
      await saveAndRerender({
        form, session, section: `/products/${encodeURIComponent(code)}`, body, version,
        rerender: () => renderFaturamento(main, session, [code]),
        message: (text) => `${text}: Faturamento de ${code}.`,
      });
    });
  });

  replace(main,
    h('nav', { class: 'breadcrumb', 'aria-label': 'Você está em' }, h('ol', {}, h('li', {}, h('a', { href: '#/produtos' }, 'Produtos')), h('li', { 'aria-current': 'page' }, code))),
    h('h1', {}, `Produto ${code}`),
    h('nav', { class: 'tabs', 'aria-label': 'Abas do produto' }, h('ul', {}, h('li', {}, h('a', { href: faturamentoHash(code), class: 'tab', 'aria-current': 'page' }, 'Faturamento')))),
    settings ? null : h('p', { class: 'hint warning' }, 'Grave primeiro a aba Detalhe da integração Vhsys: a busca de produtos usa os tokens gravados.'),
    form,
  );
  if (settings?.detalhe?.accessToken?.set) await runSearch();
}
