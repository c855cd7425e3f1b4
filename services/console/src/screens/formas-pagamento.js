// @ts-check
import { loadEnumerations } from '../api.js';
import { field, h, replace, select } from '../dom.js';
import { breadcrumb, errorText, loadSettings, saveAndRerender, submitting, vhsysTabs } from './settings-screen.js';

/** @typedef {import('../session.js').Session} Session */

/**
 * Formas de Pagamento: for each of Guru's four methods, the Vhsys forma_pagamento it becomes
 * (exactly Vhsys's list, served by the API), or none.
 * @param {HTMLElement} main @param {Session} session
 */
export async function renderFormasPagamento(main, session) {
  let loaded, lists;
  try {
    [loaded, lists] = await Promise.all([loadSettings(session), loadEnumerations()]);
  } catch (error) {
    return void replace(main, h('h1', {}, 'Formas de Pagamento'), h('p', { class: 'error-box' }, errorText(error)));
  }
  const { settings, version } = loaded;
  const formas = lists.formasPagamento.map((/** @type {string} */ f) => ({ value: f, label: f }));
  /** @type {Record<string, HTMLElement>} */
  const controls = {};
  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'titulo-formas' },
    h('h2', { id: 'titulo-formas', class: 'card-title' }, 'Formas de Pagamento'),
    h('p', { class: 'hint' }, 'À esquerda, as formas de pagamento do Guru; escolha para cada uma a forma de pagamento da Vhsys.'),
    lists.guruPaymentMethods.map((/** @type {{value: string, label: string}} */ m) => {
      controls[m.value] = select(m.value, formas, settings?.paymentMethods?.[m.value] ?? null, { empty: 'Não associar' });
      return field({ label: m.label, path: m.value, control: controls[m.value] });
    }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Enviar')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitting(form, async () => {
      const body = Object.fromEntries(Object.entries(controls).map(([k, c]) => [k, /** @type {HTMLSelectElement} */ (c).value || null]));
      await saveAndRerender({ form, session, section: '/payment-methods', body, version, rerender: () => renderFormasPagamento(main, session) });
    });
  });
  replace(main, breadcrumb(['Configurações', 'Integrações', 'Faturamento', 'Vhsys']), h('h1', {}, 'Vhsys'), vhsysTabs('formas'), form);
}
