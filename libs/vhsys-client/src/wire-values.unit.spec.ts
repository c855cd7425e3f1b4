import {
  formatCep, formatDocumento, formatPhone, formatQuantity, readCents, readComputedCents, readDate, readId, readQuantity, readSimNao,
  readTimestamp, repairDoubleEncoding, toBrasiliaTimestamp, VhsysShapeError,
} from './wire-values';

describe('money', () => {
  it('reads dot-decimal strings of any precision exactly', () => {
    expect(readCents({ v: '282.40' }, 'v')).toBe(28240);
    expect(readCents({ v: '1.990000' }, 'v')).toBe(199);
    expect(readCents({ v: 45 }, 'v')).toBe(4500);
    expect(readCents({ v: '' }, 'v')).toBe(0);
    expect(readCents({}, 'v')).toBe(0);
  });
  it('refuses hidden fractions of a centavo in entered values', () => {
    expect(() => readCents({ valor_parcela: '410.3766' }, 'valor_parcela')).toThrow(VhsysShapeError);
    expect(() => readCents({ v: '1.000,00' }, 'v')).toThrow(VhsysShapeError);
  });
  it('rounds computed totals half-up', () => {
    expect(readComputedCents({ v: '63.300000' }, 'v')).toBe(6330);
    expect(readComputedCents({ v: '410.3766' }, 'v')).toBe(41038);
    expect(readComputedCents({ v: '0.004999' }, 'v')).toBe(0);
  });
});

describe('ids, flags, dates', () => {
  it('treats blank and 0 ids as none', () => {
    expect(readId({ id_pedido: '' }, 'id_pedido')).toBeNull();
    expect(readId({ id_pedido: 0 }, 'id_pedido')).toBeNull();
    expect(readId({ id_pedido: '3208' }, 'id_pedido')).toBe(3208);
    expect(() => readId({ id_pedido: 'x' }, 'id_pedido')).toThrow(VhsysShapeError);
  });
  it('reads Sim/Nao, quantities and zero dates', () => {
    expect(readSimNao({ lixeira: 'Sim' }, 'lixeira')).toBe(true);
    expect(readSimNao({ lixeira: 'Nao' }, 'lixeira')).toBe(false);
    expect(readQuantity({ q: '3.0000' }, 'q')).toBe(3);
    expect(readDate({ d: '0000-00-00' }, 'd')).toBeNull();
    expect(readDate({ d: '2026-06-11' }, 'd')).toBe('2026-06-11');
    expect(readTimestamp({ t: '0000-00-00 00:00:00' }, 't')).toBeNull();
    expect(readTimestamp({ t: '2026-06-11 10:00:00' }, 't')).toBe('2026-06-11 10:00:00');
  });
});

describe('Brasília time', () => {
  it('is UTC-3 wall-clock text', () => {
    expect(toBrasiliaTimestamp(new Date('2026-06-11T13:00:00Z'))).toBe('2026-06-11 10:00:00');
    expect(toBrasiliaTimestamp(new Date('2026-01-01T02:30:00Z'))).toBe('2025-12-31 23:30:00');
  });
});

describe('repairDoubleEncoding', () => {
  it('repairs UTF-8 read as Latin-1, and leaves correct text alone', () => {
    expect(repairDoubleEncoding('Em separaÃ§Ã£o')).toBe('Em separação');
    expect(repairDoubleEncoding('OrÃ§amento enviado')).toBe('Orçamento enviado');
    expect(repairDoubleEncoding('Em separação')).toBe('Em separação');
    expect(repairDoubleEncoding('Entregue')).toBe('Entregue');
  });
});

describe('formats sent to Vhsys', () => {
  it('formats documents, CEP, phones and quantities like the spec examples', () => {
    expect(formatDocumento('11444777000161')).toBe('11.444.777/0001-61');
    expect(formatDocumento('52998224725')).toBe('529.982.247-25');
    // Alphanumeric CNPJ: same mask, letters upper-cased, whatever punctuation it came with.
    expect(formatDocumento('12ABC34501DE35')).toBe('12.ABC.345/01DE-35');
    expect(formatDocumento('12.abc.345/01de-35')).toBe('12.ABC.345/01DE-35');
    expect(formatDocumento(' 12 abc 345 01de 35 ')).toBe('12.ABC.345/01DE-35');
    // Neither shape: normalised, not invented.
    expect(formatDocumento('12.abc.345')).toBe('12ABC345');
    expect(formatCep('80010000')).toBe('80.010-000');
    expect(formatPhone('41999998888')).toBe('(41) 99999-8888');
    expect(formatPhone('4133334444')).toBe('(41) 3333-4444');
    expect(formatQuantity(3)).toBe('3.00');
    expect(formatQuantity(1.5)).toBe('1.5');
    expect(() => formatQuantity(0)).toThrow(RangeError);
  });
});
