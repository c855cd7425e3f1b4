// @ts-check
import { api, ApiError, settingsUrl } from '../api.js';
import { field, h, replace, showFieldErrors } from '../dom.js';
import { saveSession } from '../session.js';
import { notify } from '../notices.js';
import { go, HOME } from '../nav.js';

const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/**
 * Entrar: the admin token (typed, never remembered beyond this tab) and the Guru account to edit.
 * The token is checked before it is kept: 401 (unknown token) and 403 (token limited to other
 * accounts) are said plainly.
 * @param {HTMLElement} main
 */
export async function renderSignIn(main) {
  const token = h('input', { type: 'password', name: 'token', autocomplete: 'off', required: true, spellcheck: 'false' });
  const account = h('input', { type: 'text', name: 'accountId', autocomplete: 'off', required: true, spellcheck: 'false' });
  const form = h('form', { class: 'card', novalidate: true },
    h('h1', {}, 'Entrar no console'),
    h('p', {}, 'Informe o token de administrador e a conta Guru. O token fica só nesta aba e é apagado ao sair ou fechá-la.'),
    field({ label: 'Token de administrador', path: 'token', control: token }),
    field({ label: 'Conta Guru (ID)', path: 'accountId', control: account, hint: 'Por exemplo: acct_demo_1' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Entrar')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const tokenValue = /** @type {HTMLInputElement} */ (token).value.trim();
    const accountId = /** @type {HTMLInputElement} */ (account).value.trim();
    const problems = [];
    if (!tokenValue) problems.push({ path: 'token', message: 'Informe o token.' });
    if (!ACCOUNT_ID.test(accountId)) problems.push({ path: 'accountId', message: 'Informe o ID da conta: letras, números, _ . -, até 64.' });
    if (problems.length > 0) return void showFieldErrors(form, problems);
    try {
      const who = await whoAmI(tokenValue);
      // The settings answer 404 for an account with no integration yet (fine: it is set up here).
      await api(settingsUrl(accountId), { token: tokenValue }).catch((error) => {
        if (!(error instanceof ApiError && error.status === 404)) throw error;
      });
      saveSession({ token: tokenValue, accountId, ...who });
      go(HOME);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) showFieldErrors(form, [{ path: 'token', message: 'Token não reconhecido.' }]);
      else if (error instanceof ApiError && error.status === 403) showFieldErrors(form, [{ path: 'accountId', message: 'Este token não tem acesso a esta conta.' }]);
      else notify(error instanceof Error ? error.message : String(error), 'erro');
    }
  });
  replace(main, form);
}

/**
 * Who the token is (GET /v1/session): its name, its accounts, whether it may see Operações.
 * @param {string} token
 * @returns {Promise<{ principal: string | null, accounts: '*' | string[] | null, operator: boolean }>}
 */
async function whoAmI(token) {
  try {
    const { body } = await api('/v1/session', { token });
    return { principal: String(body.principal), accounts: body.accounts, operator: body.operator === true };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return { principal: null, accounts: null, operator: false };
    throw error;
  }
}
