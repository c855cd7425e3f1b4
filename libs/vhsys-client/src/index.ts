export { VhsysClient, DEFAULT_USER_AGENT } from './vhsys-client';
export type { VhsysClientOptions, MarkerSearchOptions } from './vhsys-client';
export { createVhsysAgent, sharedVhsysAgent, closeSharedVhsysAgent } from './agent';
export type { VhsysAgentOptions } from './agent';
export { VhsysError, isVhsysError } from './vhsys-error';
export type { VhsysErrorKind, VhsysErrorDetails, VhsysRateLimit } from './vhsys-error';
export { VHSYS_ERROR_KINDS } from './vhsys-error';
export type { VhsysRequestInfo, VhsysCredentials, VhsysMethod } from './http-transport';
export { classifyResponse, classifyTransportError, extractFieldNames, parseRetryAfter, parseRateLimit } from './response-classification';
export type { ListResult, Paging, PageRequest } from './paging';
export { VHSYS_LIMIT_MAX } from './paging';
export { containsMarker, isOneToken, markerTokens } from './marker';
export { isMarkerSearchPosition, mapMarkerSearchResult, searchList } from './marker-search';
export type { MarkerSearchList, MarkerSearchPosition, MarkerSearchResult } from './marker-search';
export { toBrasiliaTimestamp, repairDoubleEncoding, formatDocumento, formatCep, formatPhone, VhsysShapeError } from './wire-values';
export type { ClienteInput, ClienteUpdate, EnderecoInput, VhsysCliente } from './entities/clientes';
export type { VhsysProduto } from './entities/produtos';
export type { PedidoInput, PedidoUpdate, PedidoListFilters, VhsysPedido } from './entities/pedidos';
export type { LineItemInput, VhsysLineItem } from './entities/line-items';
export type { ParcelaInput, VhsysParcela } from './entities/pedido-parcelas';
export type { StatusInput, VhsysStatusEntry } from './entities/pedido-status';
export type { VhsysSituacao, VhsysSituacoes } from './entities/situacoes';
export type {
  NotaFiscalInput, NotaFiscalListFilters, VhsysNotaFiscal, EmitirNotaFiscalResult, VhsysAmbiente,
} from './entities/notas-fiscais';
export type { NotaServicoInput, NotaServicoListFilters, VhsysNotaServico, EmitirNotaServicoResult } from './entities/notas-servico';
