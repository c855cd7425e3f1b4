// @ts-check
import { loadEnumerations } from '../api.js';
import { field, h, replace, select } from '../dom.js';
import { breadcrumb, errorText, loadSettings, saveAndRerender, submitting, vhsysTabs } from './settings-screen.js';

/** @typedef {import('../session.js').Session} Session */

/**
 * Notas Fiscais: the account's invoice policy (section invoice-policy): the Vhsys ambiente, when
 * invoices are issued (on approval, or only after Guru's guarantee ends), and what happens when a
 * sale with an emitted invoice is refunded. The choices and their wording come from the API.
 * @param {HTMLElement} main @param {Session} session
 */
export async function renderNotasFiscais(main, session) {
  let loaded, lists;
  try {
    [loaded, lists] = await Promise.all([loadSettings(session), loadEnumerations()]);
  } catch (error) {
    return void replace(main, h('h1', {}, 'Notas Fiscais'), h('p', { class: 'error-box' }, errorText(error)));
  }
  const { settings, version } = loaded;
  const policy = settings?.invoicePolicy ?? {};
  const controls = {
    ambiente: select('ambiente', lists.ambientes, policy.ambiente ?? null),
    issueWhen: select('issueWhen', lists.issueWhen, policy.issueWhen ?? null),
    onRefundAfterInvoice: select('onRefundAfterInvoice', lists.onRefundAfterInvoice, policy.onRefundAfterInvoice ?? null),
  };
  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'titulo-notas' },
    h('h2', { id: 'titulo-notas', class: 'card-title' }, 'Notas Fiscais'),
    h('p', { class: 'hint' }, 'Quando e onde as notas (NF-e e NFS-e) das vendas são emitidas na Vhsys.'),
    field({ label: 'Ambiente de emissão', path: 'ambiente', control: controls.ambiente, hint: 'Homologação emite notas de teste, sem valor fiscal.' }),
    field({ label: 'Emitir a nota', path: 'issueWhen', control: controls.issueWhen, hint: 'Depois da garantia: a nota sai quando termina o prazo de garantia do Guru, se a venda não for reembolsada.' }),
    field({ label: 'Venda reembolsada com nota emitida', path: 'onRefundAfterInvoice', control: controls.onRefundAfterInvoice }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Enviar')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitting(form, async () => {
      const body = Object.fromEntries(Object.entries(controls).map(([k, c]) => [k, /** @type {HTMLSelectElement} */ (c).value]));
      await saveAndRerender({ form, session, section: '/invoice-policy', body, version, rerender: () => renderNotasFiscais(main, session) });
    });
  });
  replace(main, breadcrumb(['Configurações', 'Integrações', 'Faturamento', 'Vhsys']), h('h1', {}, 'Vhsys'), vhsysTabs('notas'), form);
}
