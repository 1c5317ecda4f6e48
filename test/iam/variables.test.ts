/**
 * Policy variables from the attacker's seat (docs/iam.md "Policy variables"), in Resource and in condition
 * values: what the principal's own facts define is substituted, a key the attacker chooses takes the value
 * that helps the attacker, and anything else leaves the element undecided ("conditional"), never an
 * assumed deny. Expected values follow the IAM user guide (reference_policies_variables: a key absent from
 * the request makes the element match nothing unless a default is given; multivalued keys cannot be
 * variables).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyPrincipal } from '../../src/iam/capabilities.js';
import type { ActionCatalog } from '../../src/iam/catalog.js';
import type { ContextValue } from '../../src/iam/condition-eval.js';
import { attackerContext, sessionFacts } from '../../src/iam/context.js';
import { decide } from '../../src/iam/evaluate.js';
import { substituteVariables } from '../../src/iam/variables.js';
import { ACCOUNT, allow, catalogForTests, deny, doc, NOW, type RoleSpec, role } from './principal-fixture.js';

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await catalogForTests();
});

describe('substituteVariables', () => {
  const lookup = (key: string): ContextValue => {
    const table: Record<string, ContextValue> = {
      'aws:principalaccount': { kind: 'known', values: [ACCOUNT] },
      'aws:principaltag/team': { kind: 'known', values: ['data'] },
      'aws:username': { kind: 'known', values: undefined },
      'aws:tagkeys': { kind: 'known', values: ['a', 'b'] },
      'aws:sourceip': { kind: 'unknown' },
      'aws:requesttag/team': { kind: 'chosen' },
    };
    return table[key] ?? { kind: 'unknown' };
  };
  it.each<[string, string, ReturnType<typeof substituteVariables>]>([
    [
      'known',
      'arn:aws:iam::${aws:PrincipalAccount}:role/x',
      { kind: 'text', text: `arn:aws:iam::${ACCOUNT}:role/x` },
    ],
    ['keys are case-insensitive', '${AWS:PRINCIPALTAG/team}-bucket', { kind: 'text', text: 'data-bucket' }],
    ['absent key: nothing matches', 'home/${aws:username}/*', { kind: 'absent' }],
    [
      'absent key with a default',
      "home/${aws:username, 'shared'}/*",
      { kind: 'text', text: 'home/shared/*' },
    ],
    ['multivalued key cannot be a variable', 'x/${aws:TagKeys}', { kind: 'absent' }],
    ['unknown value', 'ip/${aws:SourceIp}', { kind: 'unknown', pattern: 'ip/*' }],
    ["the attacker's choice", 'team/${aws:RequestTag/team}', { kind: 'chosen', pattern: 'team/*' }],
    [
      'unknown wins over chosen',
      '${aws:RequestTag/team}/${aws:SourceIp}',
      { kind: 'unknown', pattern: '*/*' },
    ],
    ['literal escapes', 'a${*}b${$}', { kind: 'text', text: 'a*b$' }],
  ])('%s', (_, text, expected) => {
    expect(substituteVariables(text, lookup)).toEqual(expected);
  });
});

const ADMIN_ROLE = `arn:aws:iam::${ACCOUNT}:role/admin`;
/** The SCP: deny everything to everyone but the account's admin role. */
const ONLY_ADMIN_SCP = doc(
  allow('*'),
  deny('*', '*', {
    Condition: { StringNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:role/admin' } },
  }),
);

describe('the SCP example: a variable in a Deny condition value', () => {
  it.each<[string, RoleSpec, string]>([
    [
      'the admin role it spares keeps its tier',
      { name: 'admin', inline: [doc(allow('*'))], scpLevels: [[ONLY_ADMIN_SCP]] },
      'admin',
    ],
    [
      'ArnNotLike with a variable in the account segment: undecided, the admin capability is kept',
      {
        name: 'admin',
        inline: [doc(allow('*'))],
        scpLevels: [
          [
            doc(
              allow('*'),
              deny('*', '*', {
                Condition: {
                  ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:role/adm*' },
                },
              }),
            ),
          ],
        ],
      },
      'admin',
    ],
    [
      'look-alike: any other role is denied everything',
      { inline: [doc(allow('*'))], scpLevels: [[ONLY_ADMIN_SCP]] },
      'basic',
    ],
  ])('%s', (_, spec, tier) => {
    const principal = role(spec);
    expect(classifyPrincipal(catalog, principal, { now: NOW, regions: ['us-east-1'] }).tier).toBe(tier);
  });

  it('the undecided ARN-operator case keeps the capability as conditional, not allowed', () => {
    const principal = role({
      name: 'admin',
      inline: [doc(allow('*'))],
      scpLevels: [
        [
          doc(
            allow('*'),
            deny('*', '*', {
              Condition: {
                ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:role/adm*' },
              },
            }),
          ),
        ],
      ],
    });
    const admin = classifyPrincipal(catalog, principal, {
      now: NOW,
      regions: ['us-east-1'],
    }).capabilities.find((capability) => capability.kind === 'admin');
    expect(admin?.outcome).toBe('conditional');
    const exact = classifyPrincipal(
      catalog,
      role({ name: 'admin', inline: [doc(allow('*'))], scpLevels: [[ONLY_ADMIN_SCP]] }),
      {
        now: NOW,
        regions: ['us-east-1'],
      },
    ).capabilities.find((capability) => capability.kind === 'admin');
    expect(exact?.outcome).toBe('allowed');
  });

  it('the admin role really is the one named', () => {
    expect(role({ name: 'admin' }).arn).toBe(ADMIN_ROLE);
  });
});

function outcome(spec: RoleSpec, action: string, resource: string) {
  const principal = role(spec);
  return decide(catalog, principal, {
    action,
    resource,
    context: attackerContext(sessionFacts(principal, NOW), {}, catalog.conditionKeys),
  });
}

describe('variables in Resource', () => {
  it.each<[string, string, string, string]>([
    [
      'a principal tag the role has',
      'arn:aws:s3:::${aws:PrincipalTag/team}-bucket/*',
      'arn:aws:s3:::data-bucket/k',
      'allowed',
    ],
    [
      'look-alike: another team bucket',
      'arn:aws:s3:::${aws:PrincipalTag/team}-bucket/*',
      'arn:aws:s3:::web-bucket/k',
      'denied',
    ],
    [
      'aws:username is absent for a role: no match',
      'arn:aws:s3:::home/${aws:username}/*',
      'arn:aws:s3:::home/x/k',
      'denied',
    ],
    [
      'with a default it matches the default',
      "arn:aws:s3:::home/${aws:username, 'x'}/*",
      'arn:aws:s3:::home/x/k',
      'allowed',
    ],
    [
      'aws:userid (role id and session name) is unknown: conditional',
      'arn:aws:s3:::home/${aws:userid}/*',
      'arn:aws:s3:::home/AROA1:s/k',
      'conditional',
    ],
    [
      'look-alike: unknown variable, the rest of the ARN differs',
      'arn:aws:s3:::home/${aws:userid}/*',
      'arn:aws:s3:::other/k',
      'denied',
    ],
  ])('%s', (_, pattern, resource, expected) => {
    const spec = { inline: [doc(allow('s3:GetObject', pattern))], tags: { team: 'data' } };
    expect(outcome(spec, 's3:GetObject', resource).outcome).toBe(expected);
  });

  it('a deny on an unknown variable is not assumed away', () => {
    const spec = {
      inline: [doc(allow('s3:GetObject'), deny('s3:GetObject', 'arn:aws:s3:::home/${aws:userid}/*'))],
    };
    expect(outcome(spec, 's3:GetObject', 'arn:aws:s3:::home/AROA1:s/k').outcome).toBe('conditional');
  });

  it('evidence marks the resource entry as unresolved', () => {
    const spec = { inline: [doc(allow('s3:GetObject', 'arn:aws:s3:::home/${aws:userid}/*'))] };
    expect(outcome(spec, 's3:GetObject', 'arn:aws:s3:::home/a/k').grants[0]).toMatchObject({
      matchedResource: 'arn:aws:s3:::home/${aws:userid}/*',
      openResource: true,
    });
  });
});

describe('variables in condition values', () => {
  const s3Read = (condition: object, effect = allow) => ({
    inline: [
      doc(
        allow('s3:GetObject', '*', effect === allow ? { Condition: condition } : {}),
        ...(effect === deny ? [deny('s3:GetObject', '*', { Condition: condition })] : []),
      ),
    ],
    tags: { team: 'data' },
  });
  it.each<[string, RoleSpec, string]>([
    [
      'known principal facts on both sides',
      s3Read({ StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:role/app-*' } }),
      'allowed',
    ],
    [
      'look-alike: the variable resolves to a value that does not match',
      s3Read({ StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalAccount}' } }),
      'denied',
    ],
    [
      'a value the attacker chooses (request tag) is chosen to match',
      s3Read({ StringEquals: { 'aws:PrincipalTag/team': '${aws:RequestTag/team}' } }),
      'allowed',
    ],
    [
      'an unknown value (source identity) makes it conditional, not denied',
      s3Read({ StringEquals: { 'aws:PrincipalTag/team': '${aws:SourceIdentity}' } }),
      'conditional',
    ],
    [
      'a variable with no value voids the condition, even under a negated operator',
      s3Read({ StringNotEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/owner}' } }),
      'denied',
    ],
    [
      '... and a Deny it voids does not apply',
      s3Read({ StringNotEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/owner}' } }, deny),
      'allowed',
    ],
    [
      'a deny whose value the attacker chooses does not apply',
      s3Read({ StringNotEquals: { 'aws:PrincipalTag/team': '${aws:RequestTag/team}' } }, deny),
      'allowed',
    ],
    [
      'a deny on an unknown value is not assumed away',
      s3Read({ StringNotEquals: { 'aws:PrincipalTag/team': '${aws:SourceIdentity}' } }, deny),
      'conditional',
    ],
  ])('%s', (_, spec, expected) => {
    expect(outcome(spec, 's3:GetObject', 'arn:aws:s3:::b/k').outcome).toBe(expected);
  });

  it('version 2008-10-17 reads ${...} in condition values literally', () => {
    const old = {
      Version: '2008-10-17',
      Statement: [
        allow('s3:GetObject', '*', {
          Condition: { StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/team}' } },
        }),
      ],
    };
    expect(
      outcome({ inline: [old], tags: { team: 'data' } }, 's3:GetObject', 'arn:aws:s3:::b/k').outcome,
    ).toBe('denied');
  });
});
