import { VHSYS_ORDER_STATUSES, VhsysOrderStatus } from '@gv/contracts';
import { createVhsysAgent, VhsysClient, VhsysError } from '@gv/vhsys-client';
import type { Logger } from '@gv/telemetry';
import type { ConfigMetrics } from '../metrics';
import { ServiceError } from '../settings/errors';
import { ProductLookup, VhsysProductChoice, VhsysProductPage, VhsysSettingsChecks, VhsysSituacao, VhsysTokens } from './vhsys-settings-checks';

export interface VhsysClientChecksOptions {
  baseUrl: string;
  timeoutMs: number;
  logger: Logger;
}

const REJECTED_MESSAGE =
  'A Vhsys recusou o Access-Token e o Secret-Access-Token informados. Gere um novo token em Minhas Integrações > Integrações > Integração via API e copie os dois valores.';

/** Vhsys errors as the admin should see them; Vhsys's own messages are logged by kind only. */
function translate(error: unknown, logger: Logger, operation: string): never {
  if (error instanceof ServiceError) throw error;
  if (error instanceof VhsysError) {
    logger.warn({ vhsys: { operation, kind: error.kind, httpStatus: error.httpStatus, path: error.pathTemplate } }, 'Vhsys call failed while saving settings');
    if (error.kind === 'auth') {
      throw new ServiceError('vhsys_credentials_rejected', REJECTED_MESSAGE, [
        { path: 'accessToken', message: 'was refused by Vhsys' },
        { path: 'secretAccessToken', message: 'was refused by Vhsys' },
      ]);
    }
    throw new ServiceError('vhsys_unavailable', `Vhsys could not answer (${error.kind}); nothing was saved, try again`);
  }
  logger.warn({ vhsys: { operation, error: (error as Error)?.name ?? 'unknown' } }, 'Vhsys call failed while saving settings');
  throw new ServiceError('vhsys_unavailable', 'Vhsys answered something unexpected; nothing was saved, try again');
}

/** The checks config-service makes while saving, over the shared @gv/vhsys-client. */
export function createVhsysSettingsChecks(options: VhsysClientChecksOptions): VhsysSettingsChecks {
  const agent = createVhsysAgent({ connections: 4 });
  const client = (tokens: VhsysTokens) =>
    new VhsysClient({ baseUrl: options.baseUrl, credentials: { ...tokens }, timeoutMs: options.timeoutMs, agent });
  return {
    async verifyCredentials(tokens) {
      try {
        await client(tokens).verifyCredentials();
      } catch (error) {
        translate(error, options.logger, 'verifyCredentials');
      }
    },
    async getProduto(tokens, idProduto): Promise<ProductLookup> {
      try {
        const produto = await client(tokens).getProduto(idProduto);
        return { found: true, description: produto.descProduto, trashed: produto.lixeira };
      } catch (error) {
        if (error instanceof VhsysError && error.kind === 'not_found') return { found: false };
        translate(error, options.logger, 'getProduto');
      }
    },
    async listProdutos(tokens, query): Promise<VhsysProductPage> {
      try {
        const page = await client(tokens).listProdutos({ descProduto: query.search ?? undefined, lixeira: 'Nao', limit: query.limit, offset: query.offset });
        return { products: page.rows.filter((p) => !p.lixeira).map(productChoice), total: page.paging.total };
      } catch (error) {
        translate(error, options.logger, 'listProdutos');
      }
    },
    async listSituacoes(tokens): Promise<VhsysSituacao[]> {
      try {
        const all = await client(tokens).listSituacoes();
        return all.pedidos
          .filter((s) => !s.lixeira && (VHSYS_ORDER_STATUSES as readonly string[]).includes(s.tipoStatus))
          .sort((a, b) => a.ordem - b.ordem || a.idSituacao - b.idSituacao)
          .map((s) => ({ id: s.idSituacao, name: s.nomeSituacao, status: s.tipoStatus as VhsysOrderStatus }));
      } catch (error) {
        translate(error, options.logger, 'listSituacoes');
      }
    },
    close: () => agent.close(),
  };
}

/** Vhsys writes tipo_produto as "Produto" or "Servico" (sometimes accented or in other cases). */
function productChoice(p: { idProduto: number; descProduto: string; codProduto: string; unidade: string; tipoProduto: string | null }): VhsysProductChoice {
  const tipo = (p.tipoProduto ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const kind = tipo === 'produto' ? 'produto' : tipo === 'servico' ? 'servico' : null;
  return { id: p.idProduto, description: p.descProduto, code: p.codProduto, unit: p.unidade, kind };
}

/** Counts each check by result (ok, rejected, not_found, unavailable). */
export function withCheckMetrics(checks: VhsysSettingsChecks, metrics: ConfigMetrics): VhsysSettingsChecks {
  const count = async <T>(check: string, work: () => Promise<T>, resultOf: (value: T) => string = () => 'ok'): Promise<T> => {
    try {
      const value = await work();
      metrics.vhsysChecks.add(1, { check, result: resultOf(value) });
      return value;
    } catch (error) {
      const code = error instanceof ServiceError ? error.code : 'error';
      metrics.vhsysChecks.add(1, { check, result: code === 'vhsys_credentials_rejected' ? 'rejected' : code === 'vhsys_unavailable' ? 'unavailable' : 'error' });
      throw error;
    }
  };
  return {
    verifyCredentials: (tokens) => count('credentials', () => checks.verifyCredentials(tokens)),
    getProduto: (tokens, id) => count('produto', () => checks.getProduto(tokens, id), (r) => (r.found ? 'ok' : 'not_found')),
    listProdutos: (tokens, query) => count('produtos', () => checks.listProdutos(tokens, query)),
    listSituacoes: (tokens) => count('situacoes', () => checks.listSituacoes(tokens)),
    close: () => checks.close?.() ?? Promise.resolve(),
  };
}
