import { ServiceError } from './errors';
import { DetalhePutSchema, PaymentMethodsPutSchema, ProductPutSchema, StatusMapPatchSchema, validate } from './sections';

function details(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    return (error as ServiceError).details;
  }
  throw new Error('expected a validation error');
}

describe('section validation', () => {
  it('requires the switches of Detalhe and accepts the token pair only together', () => {
    expect(validate(DetalhePutSchema, { criarVendaComJuros: true, enviarParcelas: false, ativo: false })).toEqual({ criarVendaComJuros: true, enviarParcelas: false, ativo: false });
    expect(details(() => validate(DetalhePutSchema, { accessToken: 'abcdefgh', ativo: 'sim' }))).toEqual([
      { path: 'criarVendaComJuros', message: 'is required' },
      { path: 'enviarParcelas', message: 'is required' },
      { path: 'ativo', message: 'Invalid input: expected boolean, received string' },
    ]);
    expect(details(() => validate(DetalhePutSchema, { accessToken: 'abcdefgh', criarVendaComJuros: true, enviarParcelas: false, ativo: false }))).toEqual([
      { path: 'secretAccessToken', message: 'Access-Token and Secret-Access-Token are generated together in Vhsys: send both or neither' },
    ]);
  });

  it('never repeats a submitted token in a message', () => {
    const token = 'super secret token with spaces';
    const found = details(() => validate(DetalhePutSchema, { accessToken: token, secretAccessToken: 'short', criarVendaComJuros: token, enviarParcelas: false, ativo: false }));
    expect(found.map((d) => d.path)).toEqual(['accessToken', 'secretAccessToken', 'criarVendaComJuros']);
    expect(JSON.stringify(found)).not.toContain('super secret');
  });

  it('checks formas de pagamento against the Vhsys list, with null for unmapped', () => {
    expect(validate(PaymentMethodsPutSchema, { billet: 'Boleto', credit_card: 'Cartão de Crédito', paypal: null, pix: 'PIX' }).credit_card).toBe('Cartão de Crédito');
    const found = details(() => validate(PaymentMethodsPutSchema, { billet: 'boleto', credit_card: 'Cartao de Credito', paypal: null, pix: 'PIX', cash: 'Dinheiro' }));
    expect(found.map((d) => d.path)).toEqual(['billet', 'credit_card', 'cash']);
    expect(found[2]!.message).toBe('is not a field of this section');
  });

  it('defaults situacaoId to null and refuses unknown statuses', () => {
    expect(validate(StatusMapPatchSchema, { refunded: { status: 'Cancelado' } })).toEqual({ refunded: { status: 'Cancelado', situacaoId: null } });
    expect(details(() => validate(StatusMapPatchSchema, { approved: { status: 'Pago', situacaoId: 1.5 } })).map((d) => d.path)).toEqual(['approved.status', 'approved.situacaoId']);
  });

  it('ties invoice settings to the product kind', () => {
    const base = { vhsysProductId: 10, kind: 'produto', issueInvoice: true, active: true };
    expect(details(() => validate(ProductPutSchema, base))).toEqual([{ path: 'nfe', message: 'is required to issue an NF-e (naturezaOperacao, cfop, serie)' }]);
    expect(validate(ProductPutSchema, { ...base, issueInvoice: false })).toMatchObject({ nfe: null, nfse: null, description: null });
    const nfse = { serie: 1, naturezaOperacao: 1, codigoServico: '08.02', aliquotaIss: '2.00' };
    expect(details(() => validate(ProductPutSchema, { ...base, nfse }))).toEqual([
      { path: 'nfse', message: 'must be null for kind produto (NF-e settings go in nfe)' },
      { path: 'nfe', message: 'is required to issue an NF-e (naturezaOperacao, cfop, serie)' },
    ]);
    expect(validate(ProductPutSchema, { ...base, kind: 'servico', nfse }).nfse).toEqual({ ...nfse, regime: 1, descricaoServico: null });
    expect(details(() => validate(ProductPutSchema, { ...base, kind: 'servico', nfse: { ...nfse, aliquotaIss: '2,00' } }))).toEqual([
      { path: 'nfse.aliquotaIss', message: 'aliquotaIss must be a percentage like 2.00' },
    ]);
  });
});
