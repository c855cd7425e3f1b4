import type { AccountSeed } from './account-seed';

/**
 * A small catalogue for tests, the demo and benchmarks: two products and one service, with fixed ids
 * so scripts can refer to them.
 */
export const DEMO_PRODUTOS = {
  curso: { idProduto: 70000001, codProduto: 'CURSO-TS', descProduto: 'Curso de TypeScript', valorProduto: '199.90', tipoProduto: 'Produto', ncmProduto: '49019900' },
  livro: { idProduto: 70000002, codProduto: 'LIVRO-01', descProduto: 'Livro impresso', valorProduto: '19.90', tipoProduto: 'Produto', ncmProduto: '49019900' },
  mentoria: { idProduto: 70000003, codProduto: 'MENTORIA', descProduto: 'Mentoria (serviço)', valorProduto: '500.00', tipoProduto: 'Servico' },
} as const;

export function demoAccountSeed(tokens: { accessToken: string; secretAccessToken: string }, extra: Partial<AccountSeed> = {}): AccountSeed {
  return {
    ...tokens,
    produtos: Object.values(DEMO_PRODUTOS).map((p) => ({ ...p })),
    ...extra,
  };
}
