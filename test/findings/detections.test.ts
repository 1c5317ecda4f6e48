import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadDetections, parseDetection, REQUIRED_COLUMNS } from '../../src/findings/detections.js';

const header = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([key, value]) => `// ${key}: ${value}`)
    .join('\n');

const valid = {
  id: 'sample-rule',
  title: 'A sample rule',
  severity: 'high',
  description: 'why',
  remediation: 'what to do',
};
const query = "MATCH (i:Internet {id: 'internet'}) RETURN i";

function parseError(text: string, file = '/x/sample-rule.cypher'): string {
  try {
    parseDetection(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected the detection to be rejected');
}

describe('parseDetection', () => {
  it('reads the YAML header, its lists and folded text, and keeps the query apart', () => {
    const text = [
      header(valid),
      '// references:',
      '//   - https://example.com/a',
      '// tags: [hygiene, function_url]',
      '// notes-are-not-allowed-below: no',
    ].join('\n');
    expect(parseError(`${text}\n${query}`)).toContain('notes-are-not-allowed-below');

    const detection = parseDetection(
      [
        header({
          id: valid.id,
          title: valid.title,
          severity: valid.severity,
          remediation: valid.remediation,
        }),
        '// description: >-',
        '//   first line',
        '//   second line',
        '// tags: [hygiene]',
        '',
        '// a comment of the query',
        query,
      ].join('\n'),
      '/x/sample-rule.cypher',
    );
    expect(detection).toMatchObject({
      id: 'sample-rule',
      severity: 'high',
      description: 'first line second line',
      references: [],
      tags: ['hygiene'],
      file: '/x/sample-rule.cypher',
    });
    expect(detection.query).toBe(`// a comment of the query\n${query}`);
  });

  it('names the file and the header field that is wrong', () => {
    const file = '/x/sample-rule.cypher';
    expect(parseError(`${header({ ...valid, severity: 'urgent' })}\n${query}`, file)).toMatch(
      /detection file \/x\/sample-rule\.cypher: header field "severity"/,
    );
    const { remediation: _, ...withoutRemediation } = valid;
    expect(parseError(`${header(withoutRemediation)}\n${query}`)).toContain('header field "remediation"');
    expect(parseError(`${header(valid)}\n// references: [not-a-url]\n${query}`)).toContain(
      'header field "references.0"',
    );
    expect(parseError(`${header({ ...valid, id: 'Sample_Rule' })}\n${query}`)).toContain('header field "id"');
  });

  it('requires the id to be the file name, a header, a query and valid YAML', () => {
    expect(parseError(`${header(valid)}\n${query}`, '/x/other-name.cypher')).toContain(
      'header field "id" is "sample-rule" but the file is named other-name.cypher',
    );
    expect(parseError(query)).toContain('no metadata header');
    expect(parseError(header(valid))).toContain('no query');
    expect(parseError(`// id: [unclosed\n${query}`)).toContain('not valid YAML');
  });

  it('accepts `matrix` as the severity rule', () => {
    expect(
      parseDetection(`${header({ ...valid, severity: 'matrix' })}\n${query}`, '/x/sample-rule.cypher')
        .severity,
    ).toBe('matrix');
  });
});

describe('loadDetections', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'toxgraph-detections-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads every .cypher file of a folder in id order and ignores other files', async () => {
    await writeFile(path.join(dir, 'b-rule.cypher'), `${header({ ...valid, id: 'b-rule' })}\n${query}`);
    await writeFile(path.join(dir, 'a-rule.cypher'), `${header({ ...valid, id: 'a-rule' })}\n${query}`);
    await writeFile(path.join(dir, 'README.md'), '# not a rule');
    expect((await loadDetections(dir)).map((d) => d.id)).toEqual(['a-rule', 'b-rule']);
  });

  it('fails on the first malformed file, naming it', async () => {
    await writeFile(
      path.join(dir, 'bad-rule.cypher'),
      `${header({ ...valid, id: 'bad-rule', title: '' })}\n${query}`,
    );
    await expect(loadDetections(dir)).rejects.toThrow(/bad-rule\.cypher: header field "title"/);
  });
});

describe('the shipped detections', () => {
  it('all parse, cover the catalogue of the issue, and return the documented columns', async () => {
    const detections = await loadDetections();
    const ids = detections.map((d) => d.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'function-url-privileged-role',
        'http-api-route-privileged-role',
        'websocket-api-privileged-role',
        'rest-api-method-privileged-role',
        'alb-rule-privileged-role',
        'authorizer-function-privileged-role',
        'exposed-assume-role-chain',
        'exposed-code-update-chain',
        'exposed-pass-role-chain',
        'public-invoke-policy',
        'cross-account-code-update',
        'confused-deputy-service-grant',
        'function-url-cors-wildcard',
        'function-url-cors-wildcard-credentials',
        'exposed-function-no-reserved-concurrency',
        'exposed-function-secret-env-vars',
        'shared-execution-role',
        'function-url-unreachable-grant',
        'stale-public-url-policy',
      ]),
    );
    for (const detection of detections) {
      const returned = detection.query.slice(detection.query.lastIndexOf('RETURN'));
      for (const column of REQUIRED_COLUMNS) {
        expect(returned, `${detection.id} returns ${column}`).toMatch(new RegExp(`\\b${column}\\b`));
      }
      // Browser-ready: no parameters to set before running a file.
      expect(detection.query, detection.id).not.toMatch(/\$[A-Za-z]/);
      expect(
        detection.tags.some((tag) => tag === 'toxic-combination' || tag === 'hygiene'),
        detection.id,
      ).toBe(true);
    }
  });
});
