import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderOcsf } from '../../src/report/ocsf.js';
import { renderSarif } from '../../src/report/sarif.js';
import { HOSTILE_NAME, renderToString, SAMPLE_FINDINGS } from './sample-report.js';

describe('Markdown report', () => {
  it('matches its snapshot', async () => {
    await expect(await renderToString(renderMarkdown)).toMatchFileSnapshot('__snapshots__/report.md');
  });

  it('lets no name open markup, a link, a code span, a table cell or a Mermaid node', async () => {
    const text = await renderToString(renderMarkdown);
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('\u202E');
    expect(text).not.toContain('\u001b');
    expect(text).toContain('&lt;script&gt;');
    expect(text).toContain('&lt;U\\+202E&gt;');
    // Inside the Mermaid fences, quotes and brackets of a name are entity codes: one node per path step.
    const mermaid = [...text.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(mermaid).toHaveLength(2);
    for (const diagram of mermaid) {
      expect(diagram).not.toMatch(/<|>(?!\s)|`/);
      expect(diagram.match(/^ {2}n\d+\[/gm)).toHaveLength(5);
    }
  });
});

describe('JSON report', () => {
  it('matches its snapshot and parses back to the sample findings by change', async () => {
    const text = await renderToString(renderJson);
    await expect(text).toMatchFileSnapshot('__snapshots__/report.json.txt');
    const parsed = JSON.parse(text);
    expect(parsed.findings).toEqual(SAMPLE_FINDINGS);
    expect(parsed).toMatchObject({
      format: 'toxgraph-report',
      version: 1,
      scan: { id: 'scan-2026-11-03', status: 'partial' },
      baseScan: { id: 'scan-2026-11-02' },
      summary: { changes: { new: { critical: 1 }, resolved: { critical: 1 } } },
    });
    expect(parsed.scan.gaps).toHaveLength(1);
  });
});

describe('SARIF report', () => {
  it('is valid against the SARIF 2.1.0 schema (OASIS) and holds the open findings only', async () => {
    // The OASIS schema is draft-04; Ajv reads it as draft-07 once its root `id` is spelled `$id`
    // (it uses no other keyword whose meaning changed).
    const schema = JSON.parse(
      readFileSync(new URL('../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8'),
    );
    schema.$id = schema.id;
    delete schema.id;
    delete schema.$schema;
    const ajv = new Ajv({ strict: false, allErrors: true });
    formats.default(ajv);
    const validate = ajv.compile(schema);
    const log = JSON.parse(await renderToString(renderSarif));
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const [run] = log.runs;
    expect(
      run.results.map(
        (r: { partialFingerprints: { toxgraphFindingId: string } }) =>
          r.partialFingerprints.toxgraphFindingId,
      ),
    ).toEqual([SAMPLE_FINDINGS.new[0]!.id, SAMPLE_FINDINGS.persisting[0]!.id]);
    // SARIF §3.27.10 levels, §3.27.24 baselineState.
    expect(
      run.results.map((r: { level: string; baselineState: string }) => [r.level, r.baselineState]),
    ).toEqual([
      ['error', 'new'],
      ['error', 'unchanged'],
    ]);
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual([
      'function-url-privileged-role',
    ]);
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.invocations[0].toolExecutionNotifications).toHaveLength(1);
  }, 30_000); // Ajv compiles the whole OASIS schema: seconds on a busy machine.

  it('rejects a log the schema forbids (the validator is not vacuous)', async () => {
    const schema = JSON.parse(
      readFileSync(new URL('../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8'),
    );
    schema.$id = schema.id;
    delete schema.id;
    delete schema.$schema;
    const ajv = new Ajv({ strict: false });
    formats.default(ajv);
    const log = JSON.parse(await renderToString(renderSarif));
    log.runs[0].results[0].level = 'critical';
    expect(ajv.validate(schema, log)).toBe(false);
  }, 30_000);
});

describe('OCSF Detection Finding events', () => {
  it('maps each finding to class 2004 with the activity, status and severity ids of OCSF 1.1.0', async () => {
    const events = JSON.parse(await renderToString(renderOcsf));
    expect(
      events.map((e: Record<string, unknown>) => [
        e.class_uid,
        e.category_uid,
        e.activity_id,
        e.type_uid,
        e.status_id,
        e.severity_id,
      ]),
    ).toEqual([
      [2004, 2, 1, 200401, 1, 5],
      [2004, 2, 2, 200402, 1, 4],
      [2004, 2, 3, 200403, 4, 5],
    ]);
    const [first] = events;
    expect(first.finding_info).toMatchObject({
      uid: SAMPLE_FINDINGS.new[0]!.id,
      types: ['function-url-privileged-role'],
      analytic: { uid: 'function-url-privileged-role', type_id: 1 },
    });
    expect(first.time).toBe(Date.parse('2026-11-03T02:00:00.000Z'));
    expect(first.metadata).toMatchObject({ version: '1.1.0', product: { name: 'toxgraph' } });
    expect(first.cloud).toEqual({
      provider: 'AWS',
      region: 'eu-west-3',
      account: { uid: '111122223333', type_id: 10, type: 'AWS Account' },
    });
    expect(first.resources.map((r: { type: string }) => r.type)).toEqual([
      'AWS::Lambda::Function',
      'function_url',
      'AWS::IAM::Role',
    ]);
    expect(first.resources[0].cloud_partition).toBe('aws');
    // Machine formats keep the exact name.
    expect(first.resources[0].name).toBe(HOSTILE_NAME);
  });
});

describe('HTML report', () => {
  it('carries no script, no external resource, and every name escaped', async () => {
    const text = await renderToString(renderHtml);
    expect(text).not.toMatch(/<script|javascript:|src=|href=/i);
    expect(text).toContain('pay&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).toContain("default-src 'none'");
    expect(text.match(/<svg /g)).toHaveLength(2);
  });
});
