/**
 * A set of slots as the gram index keeps it: a sorted list while sparse, a bitset once dense (one
 * slot in 32 of its range or more), so each set costs about the lesser of 4 bytes per member and one
 * bit per slot. Most grams are rare and stay lists; the common ones ("e", "an") become bitsets.
 * Built in slot order (a load), every add is an append. Storage grows by a quarter at a time, not
 * doubling: the sets are most of the index's typed memory, and the extra copies are cheap.
 */
export class SlotSet {
  size = 0;
  private list: Int32Array | null = new Int32Array(4);
  private bits: Uint32Array | null = null;

  has(s: number): boolean {
    const bits = this.bits;
    if (bits) return ((bits[s >>> 5] ?? 0) & (1 << (s & 31))) !== 0;
    const list = this.list as Int32Array;
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = list[mid] ?? 0;
      if (v === s) return true;
      if (v < s) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  add(s: number): void {
    if (this.bits) {
      this.setBit(s);
      return;
    }
    let list = this.list as Int32Array;
    const n = this.size;
    const at = n === 0 || (list[n - 1] ?? 0) < s ? n : this.lowerBound(s);
    if (at < n && list[at] === s) return;
    if (n === list.length) {
      const grown = new Int32Array(n + (n >>> 2) + 4);
      grown.set(list);
      this.list = list = grown;
    }
    if (at < n) list.copyWithin(at + 1, at, n);
    list[at] = s;
    this.size = n + 1;
    const range = (list[n] ?? 0) + 1;
    if (this.size > 16 && this.size * 32 > range) this.toBits();
  }

  delete(s: number): void {
    const bits = this.bits;
    if (bits) {
      const w = s >>> 5;
      const m = 1 << (s & 31);
      if (((bits[w] ?? 0) & m) === 0) return;
      bits[w] = (bits[w] ?? 0) & ~m;
      this.size--;
      return;
    }
    const list = this.list as Int32Array;
    const at = this.lowerBound(s);
    if (at >= this.size || list[at] !== s) return;
    list.copyWithin(at, at + 1, this.size);
    this.size--;
  }

  /** Writes the members in ascending order into `out` from `at`, returning the new end. */
  into(out: Int32Array, at = 0): number {
    const bits = this.bits;
    if (!bits) {
      out.set((this.list as Int32Array).subarray(0, this.size), at);
      return at + this.size;
    }
    let k = at;
    for (let w = 0; w < bits.length; w++) {
      let word = bits[w] ?? 0;
      while (word !== 0) {
        const low = word & -word;
        out[k++] = (w << 5) | (31 - Math.clz32(low));
        word ^= low;
      }
    }
    return k;
  }

  /** Sets the members' bits in `words` (bit s of word s >>> 5), which must span every member. */
  orInto(words: Uint32Array): void {
    const bits = this.bits;
    if (bits) {
      const end = Math.min(bits.length, words.length);
      for (let w = 0; w < end; w++) words[w] = (words[w] ?? 0) | (bits[w] ?? 0);
      return;
    }
    const list = this.list as Int32Array;
    for (let i = 0; i < this.size; i++) {
      const s = list[i] ?? 0;
      words[s >>> 5] = (words[s >>> 5] ?? 0) | (1 << (s & 31));
    }
  }

  private lowerBound(s: number): number {
    const list = this.list as Int32Array;
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((list[mid] ?? 0) < s) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private setBit(s: number): void {
    let bits = this.bits as Uint32Array;
    const w = s >>> 5;
    if (w >= bits.length) {
      const grown = new Uint32Array(Math.max(w + 1, bits.length + (bits.length >>> 2)));
      grown.set(bits);
      this.bits = bits = grown;
    }
    const m = 1 << (s & 31);
    if (((bits[w] ?? 0) & m) !== 0) return;
    bits[w] = (bits[w] ?? 0) | m;
    this.size++;
  }

  private toBits(): void {
    const list = this.list as Int32Array;
    const n = this.size;
    const words = ((list[n - 1] ?? 0) >>> 5) + 1;
    this.bits = new Uint32Array(words + (words >>> 2) + 1);
    this.list = null;
    this.size = 0;
    for (let i = 0; i < n; i++) this.setBit(list[i] ?? 0);
  }
}
