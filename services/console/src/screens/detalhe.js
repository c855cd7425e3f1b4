// @ts-check
import { clearFieldErrors, dateTime, field, h, replace, showFieldErrors, switchInput } from '../dom.js';
import { breadcrumb, errorText, loadSettings, saveAndRerender, submitting, vhsysTabs } from './settings-screen.js';

/** @typedef {import('../session.js').Session} Session */

/**
 * Aba Detalhe: the two Vhsys tokens (write-only: shown only as set, with their last 4 characters,
 * and replaced only as a pair), Criar venda com juros, Enviar parcelas and Ativo. Activating makes
 * the service check the tokens with Vhsys; the answer ("Integração ativa" or the refusal) is the
 * notice in the top right corner. Below it, the card "API do Guru": the seller's Guru API user
 * token (write-only too), which the service checks with Guru before saving; a refusal is shown
 * next to the field.
 * @param {HTMLElement} main @param {Session} session
 */
export async function renderDetalhe(main, session) {
  let loaded;
  try {
    loaded = await loadSettings(session);
  } catch (error) {
    return void replace(main, h('h1', {}, 'Detalhe'), h('p', { class: 'error-box' }, errorText(error)));
  }
  const { settings, version } = loaded;
  const d = settings?.detalhe;
  const accessToken = h('input', { type: 'password', name: 'accessToken', autocomplete: 'off', spellcheck: 'false' });
  const secretAccessToken = h('input', { type: 'password', name: 'secretAccessToken', autocomplete: 'off', spellcheck: 'false' });
  const juros = switchInput('criarVendaComJuros', d?.criarVendaComJuros ?? false);
  const parcelas = switchInput('enviarParcelas', d?.enviarParcelas ?? false);
  const ativo = switchInput('ativo', d?.ativo ?? false);
  /** @param {any} state */
  const tokenState = (state) => (state?.set
    ? `Gravado · termina em ${state.last4}${state.setAt ? ` · em ${dateTime(state.setAt)}` : ''}`
    : 'Não informado');

  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'titulo-detalhe' },
    h('h2', { id: 'titulo-detalhe', class: 'card-title' }, 'Aba Detalhe'),
    h('p', { class: 'hint' }, 'Os tokens vêm da Vhsys: Minhas Integrações › Integrações › Integração via API › Gerar Novo Token. ',
      'A chave não fica disponível depois de gravar a integração: para trocá-la, gere um novo token e informe os dois valores.'),
    h('fieldset', {},
      h('legend', {}, 'Token API'),
      field({ label: 'Access-Token', path: 'accessToken', control: accessToken, hint: tokenState(d?.accessToken) }),
      field({ label: 'Secret-Access-Token', path: 'secretAccessToken', control: secretAccessToken, hint: tokenState(d?.secretAccessToken) }),
      h('p', { class: 'hint' }, 'Deixe os dois em branco para manter os tokens gravados.'),
    ),
    h('fieldset', {},
      h('legend', {}, 'Opções'),
      field({ label: 'Criar venda com juros', path: 'criarVendaComJuros', control: juros, hint: 'Ligado: os juros do parcelamento entram no valor da venda na Vhsys.' }),
      field({ label: 'Enviar parcelas', path: 'enviarParcelas', control: parcelas, hint: 'Ligado: as parcelas da venda são enviadas ao Vhsys (opcional).' }),
      field({ label: 'Ativo', path: 'ativo', control: ativo, hint: 'Ao ativar, os tokens são verificados com a Vhsys.' }),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Enviar')),
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitting(form, async () => {
      clearFieldErrors(form);
      const at = /** @type {HTMLInputElement} */ (accessToken).value.trim();
      const st = /** @type {HTMLInputElement} */ (secretAccessToken).value.trim();
      if ((at === '') !== (st === '')) {
        showFieldErrors(form, [{ path: at === '' ? 'accessToken' : 'secretAccessToken', message: 'Informe os dois tokens juntos: eles só são trocados em par.' }]);
        return;
      }
      if (at === '' && !d?.accessToken?.set) {
        showFieldErrors(form, [
          { path: 'accessToken', message: 'Informe o Access-Token da Vhsys.' },
          { path: 'secretAccessToken', message: 'Informe o Secret-Access-Token da Vhsys.' },
        ]);
        return;
      }
      /** @type {Record<string, unknown>} */
      const body = {
        criarVendaComJuros: /** @type {HTMLInputElement} */ (juros).checked,
        enviarParcelas: /** @type {HTMLInputElement} */ (parcelas).checked,
        ativo: /** @type {HTMLInputElement} */ (ativo).checked,
      };
      if (at !== '') Object.assign(body, { accessToken: at, secretAccessToken: st });
      await saveAndRerender({ form, session, section: '/detalhe', body, version, rerender: () => renderDetalhe(main, session) });
    });
  });

  replace(main,
    breadcrumb(['Configurações', 'Integrações', 'Faturamento', 'Vhsys']),
    h('h1', {}, 'Vhsys'),
    h('p', { class: 'status-line' }, settings ? (d.ativo ? 'Integração ativa.' : 'Integração desativada.') : 'A integração ainda não foi criada nesta conta.'),
    vhsysTabs('detalhe'),
    form,
    guruApiCard(main, session, settings, version, tokenState),
  );
}

/**
 * The card "API do Guru": the Guru API user token (importing past sales), write-only, shown as
 * "Gravado · termina em XXXX"; saved with PUT …/guru-api (checked with Guru), removed with DELETE.
 * @param {HTMLElement} main @param {Session} session @param {any} settings @param {number | null} version
 * @param {(state: any) => string} tokenState
 */
function guruApiCard(main, session, settings, version, tokenState) {
  const state = settings?.guruApi;
  const userToken = h('input', { type: 'password', name: 'userToken', autocomplete: 'off', spellcheck: 'false' });
  const remove = state?.set ? h('button', { type: 'button', class: 'secondary' }, 'Remover token') : null;
  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'titulo-guru-api' },
    h('h2', { id: 'titulo-guru-api', class: 'card-title' }, 'API do Guru'),
    h('p', { class: 'hint' }, 'Para importar vendas anteriores, informe o token de usuário do Guru: Meu Perfil › Tokens API. ',
      'O token é verificado com o Guru antes de ser gravado e não é exibido depois.'),
    field({ label: 'Token de usuário da API do Guru', path: 'userToken', control: userToken, hint: tokenState(state) }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Gravar token'), remove),
  );
  const rerender = () => renderDetalhe(main, session);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitting(form, async () => {
      clearFieldErrors(form);
      const token = /** @type {HTMLInputElement} */ (userToken).value.trim();
      if (token === '') {
        showFieldErrors(form, [{ path: 'userToken', message: 'Informe o token de usuário da API do Guru.' }]);
        return;
      }
      await saveAndRerender({ form, session, section: '/guru-api', body: { userToken: token }, version, rerender });
    });
  });
  remove?.addEventListener('click', () => {
    void submitting(form, async () => {
      clearFieldErrors(form);
      await saveAndRerender({ form, session, section: '/guru-api', body: undefined, version, rerender, method: 'DELETE', message: () => 'Token do Guru removido' });
    });
  });
  return form;
}
