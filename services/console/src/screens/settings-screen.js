// @ts-check
import { api, ApiError, settingsUrl } from '../api.js';
import { h, showFieldErrors, translateDetail } from '../dom.js';
import { notify } from '../notices.js';

/** @typedef {import('../session.js').Session} Session */

/**
 * The account's settings and their version (the ETag every write sends back as If-Match), or
 * null for an account with no integration yet (its first write creates it, If-None-Match: *).
 * @param {Session} session
 * @returns {Promise<{ settings: any, version: number | null }>}
 */
export async function loadSettings(session) {
  try {
    const { body, etag } = await api(settingsUrl(session.accountId));
    return { settings: body, version: etag };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return { settings: null, version: null };
    throw error;
  }
}

/**
 * Writes one section with the version it was read at.
 * @param {Session} session
 * @param {string} section e.g. '/detalhe'
 * @param {'PUT' | 'PATCH' | 'DELETE'} method
 * @param {unknown} body
 * @param {number | null} version
 */
export async function saveSection(session, section, method, body, version) {
  const { body: answer } = await api(settingsUrl(session.accountId, section), {
    method, body, ifMatch: version, create: version === null,
  });
  return answer;
}

export const CONFLICT_MESSAGE =
  'Estas configurações foram alteradas por outra pessoa enquanto você editava. Carregamos a versão atual: revise e envie de novo.';

/**
 * What a refused write shows: a stale version reloads the screen with the current settings (and
 * says why); field errors go next to their fields; anything else is a notice.
 * @param {HTMLElement} form
 * @param {unknown} error
 * @param {() => Promise<void>} reload renders the screen again from the server
 */
export async function showSaveError(form, error, reload) {
  if (error instanceof ApiError && error.status === 412) {
    await reload();
    keepFocusOnSubmit(form.ownerDocument);
    notify(CONFLICT_MESSAGE, 'erro');
    return;
  }
  if (error instanceof ApiError && error.details.length > 0) {
    const unclaimed = showFieldErrors(form, error.details);
    const extra = unclaimed.map((d) => `${d.path}: ${translateDetail(d.message)}`).join(' ');
    notify(`${errorText(error)}${extra ? ' ' + extra : ''}`, 'erro');
    return;
  }
  notify(errorText(error), 'erro');
}

/** @param {unknown} error */
export function errorText(error) {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  switch (error.code) {
    case 'validation_failed': return 'Corrija os campos indicados.';
    case 'vhsys_credentials_rejected': return error.message;
    case 'vhsys_product_not_found': return 'Este produto não existe na sua conta Vhsys (ou está na lixeira).';
    case 'vhsys_unavailable': return 'A Vhsys não respondeu. Nada foi gravado: tente de novo em instantes.';
    case 'guru_token_rejected': return error.message;
    case 'guru_unavailable': return 'O Guru não respondeu. Nada foi gravado: tente de novo em instantes.';
    case 'credentials_not_set': return 'Grave primeiro os tokens da Vhsys na aba Detalhe.';
    case 'guru_token_not_set': return 'Esta conta não tem um token de usuário da API do Guru que funcione (nenhum gravado, ou o Guru o recusou). Informe-o no card API do Guru, na aba Detalhe.';
    case 'import_already_running': return 'Já existe uma importação em andamento nesta conta: acompanhe-a abaixo, ou cancele-a antes de iniciar outra.';
    case 'audit_refused': return auditRefusal(error.message);
    case 'forbidden': return 'Este token não tem acesso a esta conta.';
    case 'unauthenticated': return 'Sessão inválida: entre de novo.';
    case 'not_found': return 'Não encontrado.';
    default: return error.message;
  }
}

/**
 * Why config-service refused an audit request (409 audit_refused: one code, several reasons).
 * @param {string} message
 */
function auditRefusal(message) {
  if (/audit of this account is still requested or running/.test(message)) return 'Já há uma conferência desta conta em andamento: espere ela terminar para iniciar outra.';
  if (/is pending/.test(message)) return 'Já há um pedido para esta diferença aguardando a resposta.';
  if (/cannot be repaired/.test(message)) return 'Esta diferença não pode ser reparada automaticamente: aceite-a, ou corrija-a na Vhsys.';
  if (/not open/.test(message)) return 'Esta diferença já foi resolvida.';
  return message;
}

/**
 * The tabs of Configurações › Integrações › Vhsys (links, one per screen).
 * @param {'detalhe' | 'formas' | 'status' | 'notas'} active
 */
export function vhsysTabs(active) {
  /** @param {string} key @param {string} href @param {string} text */
  const tab = (key, href, text) => h('li', {}, h('a', { href, class: 'tab', 'aria-current': key === active ? 'page' : false }, text));
  return h('nav', { class: 'tabs', 'aria-label': 'Abas da integração Vhsys' },
    h('ul', {},
      tab('detalhe', '#/configuracoes/vhsys/detalhe', 'Detalhe'),
      tab('formas', '#/configuracoes/vhsys/formas-de-pagamento', 'Formas de Pagamento'),
      tab('status', '#/configuracoes/vhsys/status', 'Status'),
      tab('notas', '#/configuracoes/vhsys/notas-fiscais', 'Notas Fiscais'),
    ),
  );
}

/** The breadcrumb of the settings screens. @param {string[]} trail */
export function breadcrumb(trail) {
  return h('nav', { class: 'breadcrumb', 'aria-label': 'Você está em' },
    h('ol', {}, trail.map((item, i) => h('li', { 'aria-current': i === trail.length - 1 ? 'page' : false }, item))),
  );
}

/**
 * Runs a form's submission once at a time (a second Enter while it runs does nothing). The button
 * stays enabled and focused (disabling it would drop the keyboard focus); aria-busy says it runs.
 * @param {HTMLElement} form @param {() => Promise<void>} work
 */
export async function submitting(form, work) {
  if (form.getAttribute('aria-busy') === 'true') return;
  form.setAttribute('aria-busy', 'true');
  try {
    await work();
  } finally {
    form.removeAttribute('aria-busy');
  }
}

/**
 * After a screen was rendered again (saved, or reloaded after a conflict), the focus goes back to
 * its submit button, where the keyboard user was.
 * @param {Document} doc
 */
export function keepFocusOnSubmit(doc) {
  /** @type {HTMLElement | null} */ (doc.querySelector('main button[type="submit"]'))?.focus();
}

/**
 * Saves one section and renders the screen again from the server: on success with the service's
 * message as the notice, on a refusal as showSaveError says.
 * @param {{ form: HTMLElement, session: Session, section: string, body: unknown, version: number | null, rerender: () => Promise<void>, message?: (text: string) => string, method?: 'PUT' | 'DELETE' }} save
 */
export async function saveAndRerender({ form, session, section, body, version, rerender, message = (text) => text, method = 'PUT' }) {
  try {
    const answer = await saveSection(session, section, method, body, version);
    await rerender();
    keepFocusOnSubmit(document);
    notify(message(answer.message));
  } catch (error) {
    await showSaveError(form, error, rerender);
  }
}
