// @ts-check
/**
 * Building the screens without innerHTML: every text from the API goes in as a text node, so no
 * value can become markup (and the CSP forbids inline script anyway).
 */

/** @typedef {string | number | Node | null | undefined | false} Leaf */
/** @typedef {Leaf | Leaf[] | (Leaf | Leaf[] | (Leaf | Leaf[])[])[]} Child nested up to three levels */

/**
 * @param {string} tag
 * @param {Record<string, any>} [attrs] `on<event>` are listeners, `class`, `for` and ARIA/data
 *   attributes are attributes, booleans add or leave out the attribute.
 * @param {...Child} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'value' && 'value' in el) /** @type {HTMLInputElement} */ (el).value = String(value);
    else if (name === 'checked' && 'checked' in el) /** @type {HTMLInputElement} */ (el).checked = Boolean(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** @param {Element} el @param {Child[]} children */
function append(el, children) {
  for (const child of /** @type {Leaf[]} */ (children.flat(3))) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** @param {Element} el @param {...Child} children */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

let ids = 0;
/** @param {string} prefix */
export const uid = (prefix) => `${prefix}-${++ids}`;

/**
 * A labelled control with its hint and its error line (aria-describedby both). `path` is the
 * API's `details[].path` the error belongs to.
 * @param {{ label: string, path: string, control: HTMLElement, hint?: string }} spec
 */
export function field({ label, path, control, hint }) {
  const id = control.id || uid('campo');
  control.id = id;
  const hintId = `${id}-dica`;
  const errorId = `${id}-erro`;
  control.setAttribute('aria-describedby', hint ? `${hintId} ${errorId}` : errorId);
  control.dataset.path = path;
  const isSwitch = control.getAttribute('role') === 'switch';
  return h('div', { class: isSwitch ? 'field field-switch' : 'field', 'data-field': path },
    isSwitch ? [control, h('label', { for: id }, label)] : [h('label', { for: id }, label), control],
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('p', { class: 'field-error', id: errorId, 'data-error-for': path }),
  );
}

/**
 * @param {string} name
 * @param {{ value: string, label: string }[]} options
 * @param {string | null} selected
 * @param {{ empty?: string }} [extra] a first option meaning "none" (value '')
 */
export function select(name, options, selected, extra = {}) {
  return h('select', { name },
    extra.empty !== undefined ? h('option', { value: '' }, extra.empty) : null,
    options.map((o) => h('option', { value: o.value, selected: o.value === selected }, o.label)),
  );
}

/** @param {string} name @param {boolean} checked */
export function switchInput(name, checked) {
  return h('input', { type: 'checkbox', role: 'switch', name, checked });
}

/**
 * Shows the API's field errors next to their fields (and marks the controls invalid); returns the
 * errors no field of the form claimed.
 * @param {HTMLElement} form
 * @param {{ path: string, message: string }[]} details
 */
export function showFieldErrors(form, details) {
  clearFieldErrors(form);
  const unclaimed = [];
  for (const detail of details) {
    const line = /** @type {HTMLElement | null} */ (form.querySelector(`[data-error-for="${CSS.escape(detail.path)}"]`));
    if (!line) {
      unclaimed.push(detail);
      continue;
    }
    line.textContent = line.textContent ? `${line.textContent} ${translateDetail(detail.message)}` : translateDetail(detail.message);
    form.querySelector(`[data-path="${CSS.escape(detail.path)}"]`)?.setAttribute('aria-invalid', 'true');
  }
  const first = /** @type {HTMLElement | null} */ (form.querySelector('[aria-invalid="true"]'));
  first?.focus();
  return unclaimed;
}

/** @param {HTMLElement} form */
export function clearFieldErrors(form) {
  form.querySelectorAll('[data-error-for]').forEach((line) => { line.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
}

/**
 * The API's validation messages are English; the common ones read in Portuguese here, the rest
 * are shown as they come (they name the rule).
 * @param {string} message
 */
export function translateDetail(message) {
  /** @type {[RegExp, string | ((m: RegExpExecArray) => string)][]} */
  const known = [
    [/^was refused by Vhsys$/, 'A Vhsys recusou este token.'],
    [/^was refused by Guru\b/, 'O Guru recusou este token.'],
    [/^must be the user token copied from Guru/, 'Cole o token de usuário do Guru (8 a 512 caracteres, sem espaços).'],
    [/^Required$|expected .*, received undefined/i, 'Campo obrigatório.'],
    [/CFOP must have 4 digits/, 'O CFOP tem 4 dígitos.'],
    [/aliquotaIss must be a percentage/, 'Informe a alíquota como 2.00.'],
    [/^must be one of the Vhsys formas de pagamento/, 'Escolha uma das formas de pagamento da Vhsys.'],
    [/is not a situação de pedido of this Vhsys account/, 'Esta situação não existe na conta Vhsys.'],
    // Imports and audits (periods and filters).
    [/^the period is (\d+) days, above the limit of (\d+)/, (m) => `O período tem ${m[1]} dias; o limite é ${m[2]}.`],
    [/the period may span at most (\d+) days/, (m) => `O período pode ter no máximo ${m[1]} dias.`],
    [/must be after/, 'A data final deve ser igual ou posterior à inicial.'],
    [/must be a Brasília midnight/, 'Informe dias inteiros (o Guru filtra por dia).'],
    [/must be an ISO-8601 date-time|expected an ISO 8601/i, 'Informe uma data válida.'],
    [/^must be a Guru product code/, 'Código de produto do Guru inválido (1 a 64 caracteres visíveis, sem espaços nem acentos).'],
    [/^must be a Guru status/, 'Status do Guru inválido.'],
    [/^must be an array of 1 to (\d+) values/, (m) => `Informe de 1 a ${m[1]} (ou deixe em branco para não filtrar).`],
  ];
  for (const [pattern, text] of known) {
    const match = pattern.exec(message);
    if (match) return typeof text === 'string' ? text : text(match);
  }
  return message;
}

/**
 * Money in centavos as reais.
 * @param {number | null | undefined} cents
 */
export function reais(cents) {
  if (typeof cents !== 'number') return '—';
  return new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' }).format(cents / 100);
}

/**
 * A timestamp in Brasília time, saying so.
 * @param {string | null | undefined} iso
 */
export function dateTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toLocaleString('pt-BR', { timeZone: 'America/Sao_Paulo', dateStyle: 'short', timeStyle: 'medium' })} (Brasília)`;
}

/**
 * A day (YYYY-MM-DD) as the seller reads it (dd/mm/aaaa).
 * @param {string} day
 */
export function dayText(day) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : day;
}

/**
 * A period [from, to) of the API (instants) as the days it covers in Brasília, both included:
 * "01/06/2025 a 10/06/2025".
 * @param {string} from @param {string} to
 */
export function periodText(from, to) {
  const day = (/** @type {number} */ ms) => new Date(ms).toLocaleDateString('pt-BR', { timeZone: 'America/Sao_Paulo' });
  const start = Date.parse(from);
  const end = Date.parse(to);
  if (Number.isNaN(start) || Number.isNaN(end)) return `${from} a ${to}`;
  const first = day(start);
  const last = day(Math.max(start, end - 1));
  return first === last ? first : `${first} a ${last}`;
}

/** @param {number} n */
export const count = (n) => new Intl.NumberFormat('pt-BR').format(n);

/**
 * Renders a container again without losing the keyboard focus: when the focus was on an element
 * with `data-focus-key` inside it, the new element with the same key takes it back (a refreshed
 * progress card or list would otherwise drop the focus to the page).
 * @param {HTMLElement} container @param {...Child} children
 */
export function replaceKeepingFocus(container, ...children) {
  const active = document.activeElement;
  const key = active instanceof HTMLElement && container.contains(active) ? active.dataset.focusKey : undefined;
  replace(container, ...children);
  if (key) /** @type {HTMLElement | null} */ (container.querySelector(`[data-focus-key="${CSS.escape(key)}"]`))?.focus();
}

