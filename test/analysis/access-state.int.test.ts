/**
 * The per-scan access records are bounded (docs/usage.md, "Drift"): after an analysis, only the baseline
 * and the ACCESS_STATES_KEPT latest scans keep `accessStateJson`; the others lose it, and nothing else of
 * theirs changes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_STATES_KEPT, recordAccessAndDrift } from '../../src/analysis/access-state.js';
import { cypher, testDriver, wipeGraph } from '../support/graph.js';

const SCANS = 14;
const scanId = (n: number) => `scan-${String(n).padStart(2, '0')}`;

describe('access records per scan', () => {
  beforeAll(async () => {
    await wipeGraph();
    // Nightly scans 01..14, one day apart; scan 02 is the baseline (old, but kept as long as it is one).
    await cypher(
      `UNWIND range(1, $count) AS n
       CREATE (:Scan {id: 'scan-' + right('0' + toString(n), 2), status: 'complete',
         startedAt: toString(datetime('2026-11-01T02:00:00Z') + duration({days: n})),
         accessStateJson: '{"roles":{},"functions":{},"policies":{}}', baseline: n = 2})`,
      { count: SCANS },
    );
  });

  it(`keeps the baseline and the ${ACCESS_STATES_KEPT} latest scans' records, removes the rest`, async () => {
    await recordAccessAndDrift(testDriver(), 'neo4j', scanId(SCANS));
    const rows = await cypher<{ id: string; recorded: boolean }>(
      'MATCH (s:Scan) RETURN s.id AS id, s.accessStateJson IS NOT NULL AS recorded ORDER BY id',
    );
    const kept = new Set([scanId(2), ...Array.from({ length: 10 }, (_, i) => scanId(SCANS - i))]);
    expect(ACCESS_STATES_KEPT).toBe(10);
    expect(rows).toEqual(
      Array.from({ length: SCANS }, (_, i) => ({ id: scanId(i + 1), recorded: kept.has(scanId(i + 1)) })),
    );
  });
});
