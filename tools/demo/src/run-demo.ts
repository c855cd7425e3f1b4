/**
 * `npm run demo`: the whole product on this machine. Starts the Vhsys and Guru API simulators and
 * the three services (own processes, isolated topics, consumer groups and schemas for this run),
 * sets an account up through config-service's HTTP API, sends a handful of generated Guru sales to
 * Kafka, and prints what was created in Vhsys and the results published back. Then imports the
 * account's past sales from the Guru API and audits them against Vhsys (past-sales-demo.ts).
 * Cleans up after itself.
 */
import { Client } from 'pg';
import { DispatchResult, saleKey, TopicNames } from '@gv/contracts';

import { generateSale, generateStatusChange } from '@gv/guru-sale-generator';
import { setUpAccount, startStack, RunningStack } from '@gv/stack';
import { KafkaProbe } from '@gv/testing';
import { SimulatorAdmin } from '@gv/vhsys-simulator';
import { runPastSalesDemo } from './past-sales-demo';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/guru_vhsys';

async function main(): Promise<void> {
  const runId = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const isolation = `demo_${runId}`;
  const accountId = `demo-seller-${runId}`;
  const tokens = { accessToken: `demo-at-${runId}`, secretAccessToken: `demo-st-${runId}` };
  const probe = new KafkaProbe(brokers);
  let stack: RunningStack | null = null;
  try {
    step('starting the Vhsys simulator, config-service, mapping-service and invoice-dispatcher');
    stack = await startStack({ kafkaBrokers: brokers, databaseUrl, isolation, logLevel: 'warn' });
    const { topics } = stack;
    await probe.listen([topics.dispatchResults]);

    step(`setting up Guru account ${accountId} through config-service (tokens, payment and status mappings, products)`);
    const version = await setUpAccount(
      { configServiceUrl: stack.configServiceUrl, simulatorAdminUrl: stack.simulatorAdminUrl, adminToken: stack.adminToken, mappingServiceUrl: stack.mappingServiceUrl },
      { accountId, ...tokens },
    );
    console.log(`  Integração ativa (settings version ${version})`);

    const sales = [
      generateSale({ seed: 1, id: `${runId}-card-12x`, accountId, status: 'approved', method: 'credit_card', installments: 12, productCode: '1587151083', orderBumpCodes: ['BONUS-BOLOS'] }),
      generateSale({ seed: 2, id: `${runId}-pix`, accountId, status: 'approved', method: 'pix', productCode: 'LIVRO-CONF', orderBumpCodes: [] }),
      generateSale({ seed: 3, id: `${runId}-boleto`, accountId, status: 'billet_printed', method: 'billet', productCode: 'MENTORIA-3M', orderBumpCodes: [] }),
      generateSale({ seed: 4, id: `${runId}-cnpj`, accountId, status: 'approved', method: 'credit_card', buyer: 'cnpj', productCode: 'KIT-BICOS', orderBumpCodes: ['PLANNER-2026'] }),
      generateSale({ seed: 5, id: `${runId}-paypal`, accountId, status: 'approved', method: 'paypal', productCode: 'EBOOK-FIT', orderBumpCodes: ['VIP-ANUAL'] }),
    ];
    step(`sending ${sales.length} Guru sales to ${topics.guruTransactions}`);
    const salesSentAt = Date.now();
    for (const sale of sales) {
      await probe.produce(topics.guruTransactions, [{ key: saleKey(accountId, String(sale.transaction.id)), value: sale }]);
    }
    await waitForResults(probe, topics, sales.map((s) => String(s.transaction.id)), salesSentAt);

    const refund = generateStatusChange(sales[1], 'refunded', new Date(Date.parse(String((sales[1].transaction.dates as Record<string, string>).updated_at)) + 86400_000));
    step(`the PIX sale is refunded a day later: sending its new status`);
    const refundSentAt = Date.now();
    await probe.produce(topics.guruTransactions, [{ key: saleKey(accountId, String(refund.transaction.id)), value: refund }]);
    await waitForResults(probe, topics, [String(refund.transaction.id)], refundSentAt);

    step('what Vhsys now holds');
    const state = await new SimulatorAdmin(stack.simulatorAdminUrl).getState(tokens.accessToken);
    for (const pedido of state.pedidos) printOrder(pedido as unknown as Record<string, unknown>);
    for (const nota of state.notasFiscais ?? []) printJsonLine('NF-e', nota as unknown as Record<string, unknown>, ['id_venda', 'id_pedido_ref', 'nota_emitida', 'nota_chave', 'valor_total_nota']);
    for (const nota of state.notasServico ?? []) printJsonLine('NFS-e', nota as unknown as Record<string, unknown>, ['id_servico', 'nome_cliente', 'valor_total_servicos', 'NumeroNFS', 'numero_nfse']);

    step(`results published on ${topics.dispatchResults}`);
    for (const m of probe.received(topics.dispatchResults, (x) => (x.value as DispatchResult).accountId === accountId)) {
      const r = m.value as DispatchResult;
      console.log(`  ${r.guruTransactionId.padEnd(24)} ${r.stage.padEnd(8)} ${r.outcome.padEnd(26)} ${r.reason ?? ''}${r.vhsys?.idPed ? ` id_ped=${r.vhsys.idPed} id_pedido=${r.vhsys.idPedido}` : ''}${r.vhsys?.nfe?.notaChave ? ` chave=${r.vhsys.nfe.notaChave}` : ''}${r.vhsys?.nfse?.numeroNfs ? ` NFS-e=${r.vhsys.nfse.numeroNfs}` : ''}`);
    }
    const { period } = await runPastSalesDemo({
      stack, accountId, settingsVersion: version, vhsysTokens: tokens, runId, step,
      waitForResults: (saleIds, since) => waitForResults(probe, topics, saleIds, since),
    });

    step('demo finished');
    console.log(`  Web console: ${stack.configServiceUrl}/console/  (token ${stack.adminToken}, conta ${accountId})`);
    console.log(`  The same import and audit from the command line, against this stack:`);
    const cli = `CONFIG_SERVICE_URL=${stack.configServiceUrl} ADMIN_TOKEN=${stack.adminToken} npm run ops --`;
    console.log(`    ${cli} import preview --account ${accountId} --from ${period.from} --to ${period.to}`);
    console.log(`    ${cli} audit start --account ${accountId} --from ${period.from} --to ${period.to}`);
    if (process.argv.includes('--keep')) {
      // `npm run demo -- --keep`: the stack stays up for the console until Ctrl-C.
      console.log('  Everything keeps running for the console; press Ctrl-C to stop and clean up.');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
    }
  } finally {
    await probe.close().catch(() => undefined);
    await stack?.stop().catch(() => undefined);
    await dropSchemas(isolation).catch(() => undefined);
  }
}

/** Outcomes that end a sale's processing for now (as opposed to `paused` or a retry in progress). */
const FINAL = new Set(['created', 'updated', 'unchanged', 'ignored', 'needs_configuration', 'needs_manual_cancellation', 'failed']);

/** Waits until every sale has a final result published after `since`; answers each sale's latest outcome. */
async function waitForResults(probe: KafkaProbe, topics: TopicNames, saleIds: string[], since: number): Promise<Map<string, string>> {
  const deadline = Date.now() + 120000;
  const finalOutcome = (id: string) =>
    probe.received(topics.dispatchResults, (m) => {
      const r = m.value as DispatchResult;
      return r.guruTransactionId === id && FINAL.has(r.outcome) && Date.parse(r.occurredAt) >= since;
    }).map((m) => (m.value as DispatchResult).outcome).pop();
  for (;;) {
    const missing = saleIds.filter((id) => finalOutcome(id) === undefined);
    if (missing.length === 0) return new Map(saleIds.map((id) => [id, finalOutcome(id)!]));
    if (Date.now() > deadline) throw new Error(`results missing for ${missing.join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function printOrder(p: Record<string, unknown>): void {
  const money = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  console.log(`  Pedido ${money(p.id_pedido)} (id_ped ${money(p.id_ped)}) ${String(p.nome_cliente ?? '')}: total R$ ${money(p.valor_total_nota)}, status ${String(p.status_pedido ?? '')}, ${String(p.referencia_pedido ?? '')}`);
  for (const item of (p.produtos ?? p.items ?? []) as Record<string, unknown>[]) {
    console.log(`      ${String(item.qtde_produto)} × ${String(item.desc_produto)} @ R$ ${String(item.valor_unit_produto)}`);
  }
  const parcelas = (p.parcelas ?? []) as Record<string, unknown>[];
  if (parcelas.length) console.log(`      ${parcelas.length} parcela(s): ${parcelas.map((x) => `${String(x.data_parcela)} R$ ${String(x.valor_parcela)} ${String(x.forma_pagamento)}`).join('; ')}`);
}

function printJsonLine(label: string, row: Record<string, unknown>, keys: string[]): void {
  console.log(`  ${label}: ${keys.filter((k) => row[k] !== undefined).map((k) => `${k}=${String(row[k])}`).join(' ')}`);
}

async function dropSchemas(isolation: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const name of ['config_service', 'mapping_service', 'invoice_dispatcher']) {
      await client.query(`DROP SCHEMA IF EXISTS "${`${name}_${isolation}`.toLowerCase()}" CASCADE`);
    }
  } finally {
    await client.end();
  }
}

function step(text: string): void {
  console.log(`\n== ${text}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`demo failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
