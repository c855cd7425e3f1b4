import { buildQuery, fillPathTemplate } from './http-transport';

describe('request building', () => {
  it('fills path templates and refuses missing parameters', () => {
    expect(fillPathTemplate('/pedidos/{id_ped}/parcelas', { id_ped: 15579150 })).toBe('/pedidos/15579150/parcelas');
    expect(() => fillPathTemplate('/pedidos/{id_ped}', {})).toThrow('missing path parameter id_ped');
  });
  it('encodes spaces as %20 and drops empty values', () => {
    expect(buildQuery({ data_modificacao: '2026-06-11 10:00:00', lixeira: 'Nao', status: undefined, order: '' })).toBe(
      '?data_modificacao=2026-06-11%2010%3A00%3A00&lixeira=Nao',
    );
    expect(buildQuery({})).toBe('');
  });
});
