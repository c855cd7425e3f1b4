import { GuruContactSchema } from '@gv/contracts';
import { enrichCustomer } from './enrich-customer';

const contact = (fields: Record<string, unknown>) => GuruContactSchema.parse(fields);

describe('enrichCustomer', () => {
  it('PF with everything', () => {
    expect(enrichCustomer(contact({
      name: ' Maria  da Silva ', email: ' Maria@Example.COM ', doc: '012.345.678-90', phone_local_code: '55', phone_number: '41 99876 5432',
      address: 'Rua A', address_number: '', address_comp: '', address_district: 'Centro', address_city: 'Pinhais', address_state: 'Paraná', address_zip_code: '83324090',
    }))).toEqual({
      ok: true,
      customer: {
        tipoPessoa: 'PF', document: '01234567890', name: 'Maria da Silva', email: 'maria@example.com', phone: '41998765432',
        address: { street: 'Rua A', number: 'S/N', complement: '', district: 'Centro', city: 'Pinhais', uf: 'PR', cep: '83324090' },
      },
      warnings: [],
    });
  });

  it('PJ takes the company name, falls back to the contact name', () => {
    const pj = enrichCustomer(contact({ name: 'João', company_name: 'Doces Ltda', doc: '11222333000181' }));
    expect(pj).toMatchObject({ ok: true, customer: { tipoPessoa: 'PJ', name: 'Doces Ltda', address: null } });
    expect(enrichCustomer(contact({ name: 'João', doc: '11222333000181' }))).toMatchObject({ ok: true, customer: { name: 'João' } });
  });

  it('PJ with an alphanumeric CNPJ, in any case and mask, gives one normalised document', () => {
    for (const doc of ['12.ABC.345/01DE-35', '12abc34501de35', '12.Abc.345/01dE-35']) {
      expect(enrichCustomer(contact({ name: 'João', company_name: 'Alfa Ltda', doc }))).toEqual({
        ok: true,
        customer: { tipoPessoa: 'PJ', document: '12ABC34501DE35', name: 'Alfa Ltda', email: null, phone: null, address: null },
        warnings: [{ code: 'customer_address_incomplete', detail: 'address missing or unusable: street, city, uf, cep' }],
      });
    }
  });

  it('warns about unusable optional data and drops it', () => {
    const result = enrichCustomer(contact({ name: 'Ana', doc: '52998224725', email: 'not-an-email', phone_number: '123', address_city: 'Pinhais' }));
    expect(result).toMatchObject({ ok: true, customer: { email: null, phone: null, address: null } });
    expect(result.ok && result.warnings.map((w) => w.code)).toEqual(['customer_email_unusable', 'customer_phone_unusable', 'customer_address_incomplete']);
    expect(result.ok && result.warnings[2].detail).toBe('address missing or unusable: street, uf, cep');
  });

  it('invalid document and missing name are not usable', () => {
    expect(enrichCustomer(contact({ name: 'Ana', doc: '52998224726' }))).toEqual({ ok: false, field: 'transaction.contact.doc', reason: 'invalid CPF check digits' });
    expect(enrichCustomer(contact({ name: 'Alfa', doc: '12.ABC.345/01DE-53' }))).toEqual({ ok: false, field: 'transaction.contact.doc', reason: 'invalid CNPJ check digits' });
    expect(enrichCustomer(contact({ doc: '52998224725' }))).toEqual({ ok: false, field: 'transaction.contact.name', reason: 'missing buyer name' });
  });
});
