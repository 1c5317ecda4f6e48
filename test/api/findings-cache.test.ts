/**
 * The stamped cache of findings (src/api/findings-cache.ts), driven by a stamp and loads under the test's
 * control: what the API keeps and when it reads the graph again (docs/api.md, "Caching").
 */
import { describe, expect, it } from 'vitest';
import { stampedCache } from '../../src/api/findings-cache.js';

function harness(stamps: (string | null)[], checkEveryMs = 1_000) {
  let clock = 0;
  let stampReads = 0;
  const cache = stampedCache(
    async () => {
      stampReads++;
      const next = stamps.length > 1 ? stamps.shift() : stamps[0];
      if (next === undefined) throw new Error('graph unavailable');
      return next;
    },
    checkEveryMs,
    () => clock,
  );
  let loads = 0;
  const area = cache.area<string>(2);
  const read = (key: string) =>
    area.remember(key, async () => {
      loads++;
      return `${key}#${loads}`;
    });
  return {
    read,
    area,
    advance: (ms: number) => {
      clock += ms;
    },
    loads: () => loads,
    stampReads: () => stampReads,
  };
}

describe('stampedCache', () => {
  it('answers a repeated request from memory while the stamp is trusted', async () => {
    const h = harness(['s1']);
    expect(await h.read('a')).toBe('a#1');
    expect(await h.read('a')).toBe('a#1');
    expect(h.loads()).toBe(1);
    expect(h.stampReads()).toBe(1);
  });

  it('re-reads the stamp once the interval passed, and keeps entries while it is unchanged', async () => {
    const h = harness(['s1', 's1']);
    await h.read('a');
    h.advance(1_000);
    expect(await h.read('a')).toBe('a#1');
    expect(h.stampReads()).toBe(2);
  });

  it('drops every entry when an analysis stamped new findings', async () => {
    const h = harness(['s1', 's2']);
    await h.read('a');
    h.advance(1_000);
    expect(await h.read('a')).toBe('a#2');
  });

  it('reads the graph for every request while no scan carries a stamp', async () => {
    const h = harness([null]);
    await h.read('a');
    await h.read('a');
    expect(h.loads()).toBe(2);
  });

  it('shares one stamp read among requests that arrive together', async () => {
    const h = harness(['s1']);
    await Promise.all([h.read('a'), h.read('b'), h.read('a')]);
    expect(h.stampReads()).toBe(1);
    expect(h.loads()).toBe(2);
  });

  it('evicts the least recently used entry beyond its size', async () => {
    const h = harness(['s1']);
    await h.read('a');
    await h.read('b');
    await h.read('a');
    await h.read('c');
    expect(await h.read('a')).toBe('a#1');
    expect(await h.read('b')).toBe('b#4');
  });

  it('keeps no failed load and no failed stamp read: the next request tries again', async () => {
    const h = harness(['s1']);
    let fail = true;
    const flaky = () =>
      h.area.remember('x', async () => {
        if (fail) throw new Error('graph unavailable');
        return 'x';
      });
    await expect(flaky()).rejects.toThrow('graph unavailable');
    fail = false;
    expect(await flaky()).toBe('x');

    const down = harness([]);
    await expect(down.read('a')).rejects.toThrow('graph unavailable');
    expect(down.loads()).toBe(0);
  });
});
