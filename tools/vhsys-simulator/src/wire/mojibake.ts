/**
 * `/situacoes` returns accents double-encoded ("Em separaÃ§Ã£o"): UTF-8 bytes read as Latin-1 and
 * encoded again. The simulator reproduces it so the client's repair is exercised.
 */
export function doubleEncodeUtf8(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}
