import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarise } from '../profile';

const frame = (functionName: string, url = '', lineNumber = 0) => ({
  functionName,
  url,
  lineNumber,
  columnNumber: 0,
});

describe('CPU profile summary', () => {
  it('ranks self time, skips idle and names anonymous callbacks after their caller', () => {
    const profile = {
      startTime: 0,
      endTime: 1000,
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2, 5] },
        { id: 2, callFrame: frame('bulkGet', 'http://x/assets/index-AbCd1234.js', 9), children: [3] },
        { id: 3, callFrame: frame('', 'http://x/assets/index-AbCd1234.js', 19) },
        { id: 5, callFrame: frame('(idle)') },
      ],
      // Each sample's time is the delta that follows it.
      samples: [3, 3, 2, 5, 3],
      timeDeltas: [0, 100, 100, 300, 400, 100],
    };
    const bundle = join(mkdtempSync(join(tmpdir(), 'bench-profile-')), 'index.js');
    writeFileSync(bundle, Array.from({ length: 30 }, (_, i) => `  line ${i + 1};`).join('\n'));
    const { totalMs, top } = summarise(profile, 10, (url) => (url.endsWith('.js') ? bundle : null));
    expect(totalMs).toBeCloseTo(0.6);
    expect(top).toHaveLength(2);
    expect(top[0]).toMatchObject({
      name: '(anonymous in bulkGet)',
      where: 'index.js:20',
      code: 'line 20;',
      share: 50,
    });
    expect(top[0]?.selfMs).toBeCloseTo(0.3);
    expect(top[1]).toMatchObject({ name: 'bulkGet', where: 'index.js:10', share: 50 });
  });

  it('tells apart and quotes functions of a minified bundle by their column', () => {
    const at = (id: number, columnNumber: number) => ({
      id,
      callFrame: { functionName: 'e', url: 'http://x/assets/index-AbCd1234.js', lineNumber: 0, columnNumber },
    });
    const profile = {
      startTime: 0,
      endTime: 1000,
      nodes: [{ id: 1, callFrame: frame('(root)'), children: [2, 3] }, at(2, 400), at(3, 800)],
      samples: [2, 3, 3],
      timeDeltas: [0, 100, 200, 100],
    };
    const bundle = join(mkdtempSync(join(tmpdir(), 'bench-profile-')), 'index.js');
    writeFileSync(bundle, `${'x'.repeat(400)}function e(){a()}${'y'.repeat(383)}function e(){b()}`);
    const { top } = summarise(profile, 10, () => bundle);
    expect(top.map((t) => [t.where, t.code])).toEqual([
      ['index.js:1:801', 'function e(){b()}'],
      ['index.js:1:401', `function e(){a()}${'y'.repeat(70)}…`],
    ]);
  });
});
