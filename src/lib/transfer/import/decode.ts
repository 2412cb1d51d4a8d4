/**
 * Bytes of an imported file → text. Detects the encoding (BOM, then strict UTF-8, then the NUL-byte
 * pattern of BOM-less UTF-16, else Windows-1252) unless the user chose one, and says which it used.
 * Refusals come back as data, never thrown.
 */

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export const DECODE_MESSAGES = {
  too_large: 'The file is larger than 50 MB. Split it into smaller files and import them one by one.',
} as const;

export type DecodeError = { kind: keyof typeof DECODE_MESSAGES; message: string };

export type DecodeResult =
  { ok: true; text: string; encoding: Encoding; bom: boolean } | { ok: false; error: DecodeError };

export interface DecodeOptions {
  /** The user's choice; detection is skipped (a matching BOM is still taken off). */
  encoding?: Encoding;
}

function bomOf(bytes: Uint8Array): { encoding: Encoding; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** BOM-less UTF-16 of mostly-ASCII text: NULs sit on one parity of byte positions. */
function utf16ByNuls(bytes: Uint8Array): Encoding | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 2) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  const pairs = n / 2;
  if (odd > pairs * 0.3 && even < pairs * 0.05) return 'utf-16le';
  if (even > pairs * 0.3 && odd < pairs * 0.05) return 'utf-16be';
  return null;
}

function detect(bytes: Uint8Array): Encoding {
  const nul = utf16ByNuls(bytes);
  if (nul) return nul;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

export function decode(bytes: Uint8Array, options: DecodeOptions = {}): DecodeResult {
  if (bytes.length > MAX_IMPORT_BYTES) {
    return { ok: false, error: { kind: 'too_large', message: DECODE_MESSAGES.too_large } };
  }
  const bom = bomOf(bytes);
  const encoding = options.encoding ?? bom?.encoding ?? detect(bytes);
  const skip = bom && bom.encoding === encoding ? bom.length : 0;
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes.subarray(skip));
  return { ok: true, text, encoding, bom: skip > 0 };
}
