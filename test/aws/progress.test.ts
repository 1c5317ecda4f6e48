import { describe, expect, it, vi } from 'vitest';
import { describeCounts, terminalProgress } from '../../src/aws/progress.js';

const unit = { accountId: '123456789012', region: 'us-east-1', service: 'lambda' as const };

describe('terminal progress', () => {
  it('redraws one block in place: units in flight with counts, failures, and the totals line', () => {
    vi.useFakeTimers();
    const writes: string[] = [];
    const stream = {
      columns: 200,
      write: (text: string) => writes.push(text),
    } as unknown as NodeJS.WriteStream;
    const progress = terminalProgress(stream);
    progress.planned(2);
    progress.started(unit);
    progress.counted(unit, { functions: 12, aliases: 3 });
    vi.advanceTimersByTime(150);
    expect(writes.at(-1)).toContain('123456789012 us-east-1      lambda        functions 12, aliases 3');
    expect(writes.at(-1)).toContain('0/2 units done');
    progress.finished(unit, 'failed', {}, 'ListFunctions: AccessDeniedException');
    progress.close();
    const last = writes.at(-1)!;
    // Moves up over the previous block (2 lines) before drawing the new one.
    expect(last.startsWith('\x1b[2A\x1b[J')).toBe(true);
    expect(last).toContain(
      '✗ 123456789012 us-east-1      lambda        ListFunctions: AccessDeniedException',
    );
    expect(last).toContain('1/2 units done, 1 failed');
    expect(last).not.toContain('functions 12');
    vi.useRealTimers();
  });

  it('describes counts in the order they were counted', () => {
    expect(describeCounts({ functions: 2, urls: 1 })).toBe('functions 2, urls 1');
  });
});
