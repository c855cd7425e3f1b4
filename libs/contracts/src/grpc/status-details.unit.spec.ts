import { decodeStatusDetails, encodeStatusDetails } from './status-details';

describe('google.rpc.Status / BadRequest encoding', () => {
  it('round-trips field violations, accents included', () => {
    const violations = [
      { path: 'billet', message: 'must be one of the Vhsys formas de pagamento (Cartão de Crédito, …)' },
      { path: 'approved.situacaoId', message: 'x'.repeat(300) },
    ];
    const encoded = encodeStatusDetails(3, 'invalid request body', violations);
    expect(decodeStatusDetails(encoded)).toEqual({ code: 3, message: 'invalid request body', violations });
  });

  it('matches the protobuf wire format for a small message', () => {
    // Status{code: 3, message: "m"} with no details.
    expect(encodeStatusDetails(3, 'm', []).toString('hex')).toBe('0803' + '12016d');
  });
});
