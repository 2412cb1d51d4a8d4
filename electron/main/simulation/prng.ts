/** A seeded source of numbers in [0, 1). Everything random in the demo server draws from one. */
export type Rng = () => number;

/**
 * mulberry32: tiny, fast and good enough for fixtures. Determinism matters more than quality here:
 * the same seed must give the same customers and the same fault sequence on every machine.
 */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new RangeError('pick() needs a non-empty list');
  return item;
}

export function chance(rng: Rng, probability: number): boolean {
  return rng() < probability;
}

const u32 = (rng: Rng): number => Math.floor(rng() * 4294967296) >>> 0;

const HEX = [...'0123456789abcdef'].map((ch) => ch.charCodeAt(0));
const DASH = 45;
const codes = new Array<number>(36).fill(DASH);

/**
 * A version-4-shaped UUID from the seeded generator (Rotor's ids are UUID strings). Built from char
 * codes in one go: a flat string costs a fraction of the memory of a concatenated one, and the seed
 * makes 200,000 of them.
 */
export function uuid(rng: Rng): string {
  let pos = 0;
  for (let word = 0; word < 4; word++) {
    let n = u32(rng);
    for (let k = 0; k < 8; k++) {
      if (pos === 8 || pos === 13 || pos === 18 || pos === 23) pos++;
      codes[pos++] = HEX[n >>> 28] as number;
      n = (n << 4) >>> 0;
    }
  }
  codes[14] = HEX[4] as number;
  codes[19] = HEX[8 + (u32(rng) & 3)] as number;
  return String.fromCharCode(...codes);
}
