// @ts-check
import { api, loadEnumerations, settingsUrl } from '../api.js';
import { field, h, replace, select } from '../dom.js';
import { breadcrumb, errorText, loadSettings, saveAndRerender, submitting, vhsysTabs } from './settings-screen.js';

/** @typedef {import('../session.js').Session} Session */
/** @typedef {{ id: number, name: string, status: string }} Situacao */

/**
 * Status: for each of Guru's four sale statuses, the Vhsys order status (Vhsys's fixed list) and
 * optionally one of the account's own situações, read live from Vhsys (only those of the chosen
 * status are offered).
 * @param {HTMLElement} main @param {Session} session
 */
export async function renderStatus(main, session) {
  let loaded, lists;
  try {
    [loaded, lists] = await Promise.all([loadSettings(session), loadEnumerations()]);
  } catch (error) {
    return void replace(main, h('h1', {}, 'Status'), h('p', { class: 'error-box' }, errorText(error)));
  }
  const { settings, version } = loaded;
  /** @type {Situacao[]} */
  let situacoes = [];
  /** @type {string | null} */
  let situacoesProblem = null;
  if (settings?.detalhe?.accessToken?.set) {
    try {
      situacoes = (await api(settingsUrl(session.accountId, '/situacoes'))).body.situacoes;
    } catch (error) {
      situacoesProblem = errorText(error);
    }
  } else {
    situacoesProblem = 'Grave os tokens na aba Detalhe para escolher as situações da sua conta Vhsys.';
  }
  const statuses = lists.orderStatuses.map((/** @type {string} */ s) => ({ value: s, label: s }));
  /** @type {Record<string, { status: HTMLSelectElement, situacao: HTMLSelectElement }>} */
  const controls = {};
  /** @param {HTMLSelectElement} target @param {string} status @param {number | null} chosen */
  const fillSituacoes = (target, status, chosen) => {
    const options = situacoes.filter((s) => s.status === status).map((s) => ({ value: String(s.id), label: s.name }));
    const next = select(target.name, options, chosen === null ? '' : String(chosen), { empty: 'Nenhuma (só o status)' });
    target.replaceChildren(...next.childNodes);
    target.value = chosen !== null && options.some((o) => o.value === String(chosen)) ? String(chosen) : '';
    target.disabled = situacoesProblem !== null;
  };
  const rows = lists.guruStatusGroups.map((/** @type {{value: string, label: string}} */ g) => {
    const current = settings?.statusMap?.[g.value] ?? null;
    const status = /** @type {HTMLSelectElement} */ (select(`${g.value}.status`, statuses, current?.status ?? null));
    const situacao = /** @type {HTMLSelectElement} */ (select(`${g.value}.situacaoId`, [], null, { empty: 'Nenhuma (só o status)' }));
    fillSituacoes(situacao, status.value, current?.situacaoId ?? null);
    status.addEventListener('change', () => fillSituacoes(situacao, status.value, null));
    controls[g.value] = { status, situacao };
    return h('fieldset', { class: 'status-row' },
      h('legend', {}, `Guru: ${g.label}`),
      field({ label: `Status da Vhsys para ${g.label}`, path: `${g.value}.status`, control: status }),
      field({ label: `Situação da Vhsys para ${g.label}`, path: `${g.value}.situacaoId`, control: situacao }),
    );
  });
  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'titulo-status' },
    h('h2', { id: 'titulo-status', class: 'card-title' }, 'Status'),
    h('p', { class: 'hint' }, 'Aprovada, Cancelada/Expirada, Pendente e Reembolsada são os status do Guru; o que escolher para cada um é o status do pedido na Vhsys.'),
    situacoesProblem ? h('p', { class: 'hint warning' }, situacoesProblem) : h('p', { class: 'hint' }, `${situacoes.length} situações lidas agora da sua conta Vhsys.`),
    rows,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Enviar')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitting(form, async () => {
      const body = Object.fromEntries(Object.entries(controls).map(([group, c]) => [group, {
        status: c.status.value,
        situacaoId: c.situacao.value === '' ? null : Number(c.situacao.value),
      }]));
      await saveAndRerender({ form, session, section: '/status-map', body, version, rerender: () => renderStatus(main, session) });
    });
  });
  replace(main, breadcrumb(['Configurações', 'Integrações', 'Faturamento', 'Vhsys']), h('h1', {}, 'Vhsys'), vhsysTabs('status'), form);
}
