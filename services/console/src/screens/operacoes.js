// @ts-check
import { api } from '../api.js';
import { dateTime, h, replace } from '../dom.js';
import { notify } from '../notices.js';
import { errorText } from './settings-screen.js';

/** @typedef {import('../session.js').Session} Session */

/**
 * Operações (operators only): dead letters per consumer group with their replay, paused accounts
 * with their reason, consumer lag, and the outbox backlog of each service.
 * @param {HTMLElement} main @param {Session} session
 */
export async function renderOperacoes(main, session) {
  const [dead, paused, lag, outbox] = await Promise.all(
    ['/v1/operations/dead-letters', '/v1/operations/paused-accounts', '/v1/operations/consumer-lag', '/v1/operations/outbox']
      .map((path) => api(path).then((r) => r.body).catch((/** @type {unknown} */ e) => (e instanceof Error ? e : new Error(String(e))))),
  );
  /** @param {string} id @param {string} title @param {any} data @param {(data: any) => import('../dom.js').Child} body */
  const section = (id, title, data, body) => h('section', { class: 'card', 'aria-labelledby': id },
    h('h2', { id, class: 'card-title' }, title),
    data instanceof Error ? h('p', { class: 'error-box' }, errorText(data)) : body(data),
  );
  /** @param {string} caption @param {string[]} heads @param {import('../dom.js').Child[][]} rows */
  const table = (caption, heads, rows) => h('table', {},
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, heads.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c)))))),
  );
  replace(main,
    h('h1', {}, 'Operações'),
    section('titulo-dlq', 'Mensagens em dead letter', dead, (d) => (d.groups.length === 0 ? h('p', {}, 'Nenhuma mensagem em dead letter.') : d.groups.map((/** @type {any} */ g) => h('div', { class: 'dlq-group' },
      h('h3', {}, `${g.consumerGroup} · ${g.topic} · ${g.total} ${g.total === 1 ? 'mensagem' : 'mensagens'}`),
      g.messages.length === 0 ? null : table(`Dead letters de ${g.consumerGroup}`, ['Chave', 'Partição / offset', 'Motivo', 'Campo', 'Tópico de origem', 'Quando', 'Ação'],
        g.messages.map((/** @type {any} */ m) => [
          m.key ?? '—', `${m.partition} / ${m.offset}`, m.reason ?? '—', m.field ?? '—', m.originalTopic ?? '—', dateTime(m.failedAt),
          h('button', {
            type: 'button', class: 'secondary', 'aria-label': `Reenviar a mensagem ${m.partition}/${m.offset} de ${g.consumerGroup}`,
            onclick: async () => {
              try {
                const { body } = await api(`/v1/operations/dead-letters/${encodeURIComponent(g.consumerGroup)}/replay`, { method: 'POST', body: { partition: m.partition, offset: m.offset } });
                await renderOperacoes(main, session);
                notify(`${body.replayed} ${body.replayed === 1 ? 'mensagem reenviada' : 'mensagens reenviadas'}.`);
              } catch (error) {
                notify(errorText(error), 'erro');
              }
            },
          }, 'Reenviar'),
        ])),
    )))),
    section('titulo-pausadas', 'Contas pausadas', paused, (p) => (p.accounts.length === 0 ? h('p', {}, 'Nenhuma conta pausada.')
      : table('Contas pausadas', ['Conta', 'Motivo', 'Desde'], p.accounts.map((/** @type {any} */ a) => [a.accountId, a.reason ?? '—', dateTime(a.pausedAt)])))),
    section('titulo-lag', 'Atraso dos consumidores (lag)', lag, (l) => (l.groups.length === 0 ? h('p', {}, 'Sem grupos de consumidores.')
      : table('Atraso por grupo de consumidores', ['Grupo', 'Tópico', 'Mensagens atrás'], l.groups.map((/** @type {any} */ g) => [g.group, g.topic, String(g.lag)])))),
    section('titulo-outbox', 'Outbox (mensagens a publicar)', outbox, (o) => (o.services.length === 0 ? h('p', {}, 'Sem serviços.')
      : table('Outbox por serviço', ['Serviço', 'Pendentes', 'Postas de lado', 'Mais antiga pendente'], o.services.map((/** @type {any} */ s) => [s.service, String(s.pending), String(s.setAside), dateTime(s.oldestPendingAt)])))),
  );
}
