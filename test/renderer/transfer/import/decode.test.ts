import { describe, expect, it } from 'vitest';
import { decode, MAX_IMPORT_BYTES } from '../../../../src/lib/transfer/import/decode';

const utf16 = (s: string, be: boolean): Uint8Array => {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[i * 2 + (be ? 1 : 0)] = c & 0xff;
    out[i * 2 + (be ? 0 : 1)] = c >> 8;
  }
  return out;
};
const cat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(parts.flatMap((p) => [...p]));
const text = 'Name,City\nZoë,Köln\n';

describe('decode', () => {
  it('takes off a UTF-8 BOM', () => {
    const r = decode(cat(new Uint8Array([0xef, 0xbb, 0xbf]), new TextEncoder().encode(text)));
    expect(r).toEqual({ ok: true, text, encoding: 'utf-8', bom: true });
  });
  it('reads UTF-16 LE and BE with and without BOM', () => {
    expect(decode(cat(new Uint8Array([0xff, 0xfe]), utf16(text, false)))).toMatchObject({
      text,
      encoding: 'utf-16le',
    });
    expect(decode(cat(new Uint8Array([0xfe, 0xff]), utf16(text, true)))).toMatchObject({
      text,
      encoding: 'utf-16be',
    });
    expect(decode(utf16(text, false))).toMatchObject({ text, encoding: 'utf-16le', bom: false });
    expect(decode(utf16(text, true))).toMatchObject({ text, encoding: 'utf-16be', bom: false });
  });
  it('reads BOM-less UTF-8, else Windows-1252', () => {
    expect(decode(new TextEncoder().encode(text))).toMatchObject({ text, encoding: 'utf-8', bom: false });
    const cp1252 = new Uint8Array([...'Zo'].map((c) => c.charCodeAt(0)).concat([0xeb, 0x80]));
    expect(decode(cp1252)).toMatchObject({ text: 'Zoë€', encoding: 'windows-1252' });
  });
  it('uses the encoding the user chose', () => {
    const bytes = new TextEncoder().encode('Zoë');
    expect(decode(bytes, { encoding: 'windows-1252' })).toMatchObject({
      text: 'ZoÃ«',
      encoding: 'windows-1252',
    });
  });
  it('refuses files over 50 MB as data', () => {
    const r = decode(new Uint8Array(MAX_IMPORT_BYTES + 1));
    expect(r).toMatchObject({ ok: false, error: { kind: 'too_large' } });
  });
});
