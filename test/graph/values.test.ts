import { describe, expect, it } from 'vitest';
import { GraphRowsBuilder } from '../../src/graph/rows.js';
import { linkInvoked } from '../../src/graph/transform/invokes.js';
import { decodePolicyText, lambdaReference, unusableLambdaTarget } from '../../src/graph/transform/values.js';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:orders';
const invocation = (arn: string) =>
  `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${arn}/invocations`;

describe('lambdaReference', () => {
  it.each([
    [FN, { label: 'LambdaFunction', id: FN, qualifier: null }],
    [`${FN}:live`, { label: 'LambdaAlias', id: `${FN}:live`, qualifier: 'live' }],
    [`${FN}:7`, { label: 'LambdaFunction', id: FN, qualifier: '7' }],
    [`${FN}:$LATEST`, { label: 'LambdaFunction', id: FN, qualifier: '$LATEST' }],
    [invocation(FN), { label: 'LambdaFunction', id: FN, qualifier: null }],
    [invocation(`${FN}:prod`), { label: 'LambdaAlias', id: `${FN}:prod`, qualifier: 'prod' }],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: API Gateway's own stage-variable syntax
    [invocation('arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}'), null],
    ['arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/x/1/2', null],
    ['https://example.com', null],
    [undefined, null],
  ])('%s', (uri, expected) => {
    expect(lambdaReference(uri)).toEqual(expected);
  });
});

describe('decodePolicyText', () => {
  const doc =
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/*"}]}';
  it.each([
    ['plain JSON', doc],
    ['URL-encoded', encodeURIComponent(doc)],
    ['escaped quotes and slashes (API Gateway REST)', doc.replace(/"/g, '\\"').replace(/\//g, '\\/')],
  ])('%s', (_name, raw) => {
    expect(JSON.parse(decodePolicyText(raw))).toEqual(JSON.parse(doc));
  });

  it('keeps the original text, whitespace included', () => {
    const pretty = JSON.stringify(JSON.parse(doc), null, 4);
    expect(decodePolicyText(encodeURIComponent(pretty))).toBe(pretty);
  });

  it('rejects what is not a JSON document', () => {
    expect(() => decodePolicyText('%7B%22Version')).toThrow(/neither JSON/);
    expect(() => decodePolicyText('%E0%A4%A')).toThrow(/neither JSON/);
  });
});

describe('unusableLambdaTarget', () => {
  const fn = 'arn:aws:lambda:us-east-1:123456789012:function';
  const uri = (target: string) =>
    `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${target}/invocations`;
  // Function names: letters, digits, hyphens, underscores, up to 64 (API_CreateFunction, FunctionName).
  it.each([
    [`${fn}:orders\u202Eexe`, true],
    [uri(`${fn}:orders service`), true],
    [`${fn}:orders:live\u0007`, true],
    [`${fn}:orders`, false],
    [uri(`${fn}:orders:live`), false],
    ['https://example.org/hook', false],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an API Gateway stage variable, not a template
    [uri('${stageVariables.fn}'), false],
    [undefined, false],
  ])('%s is unusable: %s', (target, unusable) => {
    const problem = unusableLambdaTarget(target);
    expect(problem !== undefined).toBe(unusable);
    if (unusable) expect(problem).toContain(String(target));
  });

  it('becomes a warning of the unit instead of a silently missing INVOKES edge', () => {
    const rows = new GraphRowsBuilder();
    const bad = `${fn}:orders\u202Eexe`;
    linkInvoked(
      rows,
      { function: 'methodInvokesFunction', alias: 'methodInvokesAlias' },
      'method-1',
      uri(bad),
    );
    const built = rows.build();
    expect(built.relationships).toEqual({});
    expect(built.warnings).toEqual([`method-1: ${unusableLambdaTarget(uri(bad))}`]);
  });
});
