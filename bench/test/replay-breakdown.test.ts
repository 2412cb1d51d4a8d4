import { describe, expect, it } from 'vitest';
import { replayBreakdown } from '../replay-breakdown';

describe('replayBreakdown', () => {
  it('splits two lanes of calls into the way to Rotor, the way back, the gaps and the tail', () => {
    // Lane A: sends at 0 and 80; lane B: at 10 and 100. Each reaches Rotor 3 ms after the send, Rotor
    // answers 50 ms later, the page has it 4 ms after that: 57 ms a call.
    const sends = [0, 10, 80, 100];
    const calls = sends.map((start) => ({ start, end: start + 57 }));
    const b = replayBreakdown(calls, [3, 13, 83, 103], 50, 200);
    expect(b.toServerMs).toBe(3);
    expect(b.fromServerMs).toBe(4);
    // A answered at 57, sent again at 80 (23); B answered at 67, sent again at 100 (33).
    expect(b.gapMs).toBe(28);
    expect(b.gapP50Ms).toBe(23);
    expect(b.tailMs).toBe(200 - 157);
  });
});
