/**
 * One unreadable resource policy stops the classification of what depends on it, never the estate's
 * (issue 9 item 2): the rest gets its verdicts, the problem names the policy and the statement, and the
 * entry points it leaves unknown get no row (rather than a "not exposed" one).
 */
import { describe, expect, it } from 'vitest';
import { classifyEstate, type EstateFacts } from '../../../src/analysis/exposure/estate.js';
import { getPolicy, publicInvokeViaUrlGrant, publicUrlGrant } from '../../fixtures/exposure/lambda.js';

const ACCOUNT = '123456789012';
const fn = (name: string) => `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${name}`;
/** A public URL as the console makes it: both grants, in GetPolicy's shape. */
const publicUrlPolicy = (name: string) =>
  getPolicy(publicUrlGrant(fn(name)), publicInvokeViaUrlGrant(fn(name))).Policy;

function estate(policies: Record<string, string | null>): EstateFacts {
  const names = Object.keys(policies);
  return {
    functions: names.map((name) => ({ id: fn(name), policy: policies[name]!, reservedConcurrency: null })),
    aliases: [],
    urls: names.map((name) => ({
      id: fn(name),
      functionArn: fn(name),
      qualifier: null,
      url: `https://${name}.lambda-url.eu-west-1.on.aws/`,
      authType: 'NONE',
    })),
    v2Apis: [],
    restApis: [],
    listeners: [],
    distributions: [],
  };
}

const NOW = new Date('2026-11-28T12:00:00Z');

describe('classifyEstate with one unreadable policy', () => {
  it.each<[string, string, number | null, string]>([
    ['not JSON at all', '{"Statement": [', null, 'not valid JSON'],
    ['kept as text by the loader', JSON.stringify('%7B%22Version'), null, ''],
    ['a garbage principal in statement 1', 'BAD_PRINCIPAL', 1, 'Principal must be'],
    ['an unknown element in statement 0', 'BAD_ELEMENT', 0, 'unknown element "Principals"'],
  ])('%s: the other function is still classified', (_, broken, statementIndex, reason) => {
    const policy =
      broken === 'BAD_PRINCIPAL'
        ? JSON.stringify({
            Statement: [
              publicUrlGrant(fn('bad')),
              {
                Effect: 'Allow',
                Principal: 'somebody',
                Action: 'lambda:InvokeFunction',
                Resource: fn('bad'),
              },
            ],
          })
        : broken === 'BAD_ELEMENT'
          ? JSON.stringify({ Statement: [{ Effect: 'Allow', Principals: '*', Action: '*' }] })
          : broken;
    const result = classifyEstate(estate({ good: publicUrlPolicy('good'), bad: policy }), { now: NOW });

    const good = result.rows.find((row) => row.label === 'LambdaFunctionUrl' && row.entryId === fn('good'));
    expect(good?.result.exposure).toBe('public_unauthenticated');
    expect(result.rows.filter((row) => row.entryId === fn('bad'))).toEqual([]);
    expect(result.problems).toContainEqual(
      expect.objectContaining({
        resource: fn('bad'),
        source: `resource policy of ${fn('bad')}`,
        statementIndex,
      }),
    );
    expect(result.problems.find((problem) => problem.resource === fn('bad'))?.reason).toContain(reason);
    expect([...result.unevaluated]).toEqual([fn('bad')]);
    expect(result.problems.every((problem) => problem.resource === fn('bad'))).toBe(true);
  });

  it('reads a bare account id as the principal (AddPermission shorthand): no problem', () => {
    // A direct invoke grant (no function-URL condition): the account may call Invoke from outside.
    const directInvoke = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: '111122223333',
          Action: 'lambda:InvokeFunction',
          Resource: fn('shared'),
        },
      ],
    });
    const result = classifyEstate(estate({ shared: directInvoke }), { now: NOW });
    expect(result.problems).toEqual([]);
    const row = result.rows.find((candidate) => candidate.label === 'LambdaFunction');
    expect(row?.result.exposure).toBe('cross_account');
  });
});
