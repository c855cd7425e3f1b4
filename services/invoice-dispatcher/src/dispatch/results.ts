import {
  DISPATCH_RESULT, DispatchOutcome, DispatchResult, DispatchResultSchema, parseContract, SaleOrder, VhsysRefs,
} from '@gv/contracts';
import type { LedgerVhsys } from '../ledger/ledger-types';

/** The Vhsys ids a result reports, from the ledger. */
export function vhsysRefs(ledger: LedgerVhsys | null): VhsysRefs | null {
  if (!ledger) return null;
  return {
    idCliente: ledger.idCliente,
    idPed: ledger.idPed,
    idPedido: ledger.idPedido,
    nfe: ledger.nfeIdVenda === null
      ? null
      : {
          idVenda: ledger.nfeIdVenda,
          emitted: ledger.nfeEmitted,
          notaChave: ledger.nfeChave,
          protocolo: ledger.nfeProtocolo,
          danfeUrl: ledger.nfeDanfeUrl,
        },
    nfse: ledger.nfseIdServico === null
      ? null
      : { idServico: ledger.nfseIdServico, emitted: ledger.nfseEmitted, numeroNfs: ledger.nfseNumero },
  };
}

/** A dispatch result, validated against the contract before it is ever enqueued. */
export function dispatchResult(
  sale: Pick<SaleOrder, 'accountId' | 'guruTransactionId' | 'revision'>,
  outcome: DispatchOutcome,
  reason: string | null,
  detail: string | null,
  ledger: LedgerVhsys | null,
  now: Date = new Date(),
): DispatchResult {
  return parseContract(DISPATCH_RESULT, DispatchResultSchema, {
    accountId: sale.accountId,
    guruTransactionId: sale.guruTransactionId,
    revision: sale.revision,
    stage: 'dispatch',
    outcome,
    reason,
    detail: detail === null ? null : detail.slice(0, 4000),
    productCodes: [],
    vhsys: vhsysRefs(ledger),
    occurredAt: now.toISOString(),
  });
}
