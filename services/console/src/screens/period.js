// @ts-check
import { field, h } from '../dom.js';

/**
 * The period of an import or an audit: two days as the seller counts them, De and Até, both
 * included, in Brasília time. The API gets [De 00:00, the day after Até 00:00) at UTC−03:00
 * (Brasília has had no daylight saving since 2019): whole days, which is what Guru filters.
 * The limits on the span are the service's (its 422 names the field), not repeated here.
 */
export function periodFields() {
  const from = /** @type {HTMLInputElement} */ (h('input', { type: 'date', name: 'from', required: true }));
  const to = /** @type {HTMLInputElement} */ (h('input', { type: 'date', name: 'to', required: true }));
  return {
    fields: [
      field({ label: 'De', path: 'from', control: from, hint: 'Primeiro dia (horário de Brasília).' }),
      field({ label: 'Até', path: 'to', control: to, hint: 'Último dia, incluído.' }),
    ],
    /**
     * The period to send, or the problems to show next to the fields.
     * @returns {{ period: { from: string, to: string }, problems: null } | { period: null, problems: { path: string, message: string }[] }}
     */
    read() {
      const problems = [];
      if (!from.value) problems.push({ path: 'from', message: 'Informe o primeiro dia.' });
      if (!to.value) problems.push({ path: 'to', message: 'Informe o último dia.' });
      if (from.value && to.value && to.value < from.value) problems.push({ path: 'to', message: 'O último dia deve ser igual ou posterior ao primeiro.' });
      if (problems.length > 0) return { period: null, problems };
      return { period: { from: `${from.value}T00:00:00-03:00`, to: `${nextDay(to.value)}T00:00:00-03:00` }, problems: null };
    },
  };
}

/** @param {string} day YYYY-MM-DD @returns {string} the next calendar day */
export function nextDay(day) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
