import { beforeAll, describe, expect, it } from 'vitest';
import { type FunctionRef, type PrivilegeEdge, privilegeEdges } from '../../src/analysis/privilege-edges.js';
import { effectiveTiers } from '../../src/analysis/privilege-paths.js';
import { classifyPrincipal } from '../../src/iam/capabilities.js';
import type { ActionCatalog } from '../../src/iam/catalog.js';
import type { PrincipalPolicies } from '../../src/iam/principals.js';
import { ACCOUNT, allow, catalogForTests, deny, doc, NOW, role } from '../iam/principal-fixture.js';

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await catalogForTests();
});

const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const FUNCTION = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders`;
const OTHER_FUNCTION = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:billing`;
const trustService = (service: string) =>
  doc({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' });
const trustAws = (aws: string) => doc({ Effect: 'Allow', Principal: { AWS: aws }, Action: 'sts:AssumeRole' });

function estate(): { principals: PrincipalPolicies[]; functions: FunctionRef[] } {
  const principals = [
    role({
      name: 'web',
      inline: [
        doc(
          allow('lambda:UpdateFunctionCode', FUNCTION),
          allow('sts:AssumeRole', [arn('ops'), arn('admin')]),
          allow('iam:PassRole', [arn('worker'), arn('ec2-worker')]),
          allow(['lambda:CreateFunction', 'lambda:InvokeFunction', 'ec2:Describe*']),
        ),
      ],
    }),
    role({ name: 'admin', trust: trustAws(ACCOUNT), awsManaged: { AdministratorAccess: doc(allow('*')) } }),
    role({
      name: 'ops',
      trust: trustAws(arn('web')),
      inline: [doc(allow('iam:PutRolePolicy'), deny('iam:*', arn('admin')))],
    }),
    role({
      name: 'worker',
      trust: trustService('lambda.amazonaws.com'),
      inline: [doc(allow('s3:GetObject'))],
    }),
    role({ name: 'ec2-worker', trust: trustService('ec2.amazonaws.com') }),
    role({
      name: 'AWSServiceRoleForX',
      path: '/aws-service-role/x.amazonaws.com/',
      trust: trustService('x.amazonaws.com'),
    }),
  ];
  return {
    principals,
    functions: [
      { arn: FUNCTION, roleArn: arn('admin') },
      { arn: OTHER_FUNCTION, roleArn: arn('worker') },
    ],
  };
}

let edges: PrivilegeEdge[];
beforeAll(() => {
  const { principals, functions } = estate();
  edges = privilegeEdges(catalog, principals, functions, { now: NOW });
});
const find = (type: string, from: string, to: string) =>
  edges.find((e) => e.type === type && e.from === from && e.to === to);

describe('privilege edges', () => {
  it.each<[string, string, string, string, boolean]>([
    ['code update of the function it may update', 'CAN_UPDATE_CODE', 'web', FUNCTION, true],
    ['... not of another function', 'CAN_UPDATE_CODE', 'web', OTHER_FUNCTION, false],
    ['assume a role whose trust names it', 'CAN_ASSUME', 'web', arn('ops'), true],
    ['assume a role trusting the account, identity allows', 'CAN_ASSUME', 'web', arn('admin'), true],
    ['... not when the identity does not allow', 'CAN_ASSUME', 'ops', arn('admin'), false],
    ['... nor a role trusting only a service', 'CAN_ASSUME', 'web', arn('worker'), false],
    [
      'pass a Lambda-trusting role with CreateFunction + InvokeFunction',
      'CAN_PASS_ROLE',
      'web',
      arn('worker'),
      true,
    ],
    [
      '... not an EC2-trusting role without ec2:RunInstances',
      'CAN_PASS_ROLE',
      'web',
      arn('ec2-worker'),
      false,
    ],
    ['modify the policies of other roles', 'CAN_MODIFY_POLICY', 'ops', arn('worker'), true],
    ['... except where denied', 'CAN_MODIFY_POLICY', 'ops', arn('admin'), false],
    ['... and except service-linked roles', 'CAN_MODIFY_POLICY', 'ops', arn('AWSServiceRoleForX'), false],
    ['account-wide data access', 'CAN_ACCESS', 'worker', ACCOUNT, true],
    ['... not for a role without data actions', 'CAN_ACCESS', 'web', ACCOUNT, false],
  ])('%s', (_, type, from, to, expected) => {
    expect(find(type, arn(from), to) !== undefined).toBe(expected);
  });

  it('keeps the evidence of each edge', () => {
    const edge = find('CAN_PASS_ROLE', arn('web'), arn('worker'));
    expect(edge?.via).toEqual(['method 12: Pass a role to a new Lambda function and invoke it']);
    expect(edge?.confidence).toBe('high');
    expect(edge?.evidence[0]).toMatchObject({
      policy: 'inline-0',
      statementIndex: 2,
      action: 'iam:PassRole',
      resource: arn('worker'),
    });
    const assume = find('CAN_ASSUME', arn('web'), arn('ops'));
    expect(assume?.evidence.map((e) => e.policy)).toContain(`${arn('ops')} (trust policy)`);
  });
});

describe('effective tier through the edges', () => {
  it('reaches admin by updating the code of a function running as admin, with the witness path', () => {
    const { principals, functions } = estate();
    const own = new Map(principals.map((p) => [p.arn, classifyPrincipal(catalog, p, { now: NOW }).tier]));
    const tiers = effectiveTiers(own, edges, new Map(functions.map((f) => [f.arn, f.roleArn!])));
    expect(own.get(arn('web'))).not.toBe('admin');
    expect(tiers.get(arn('web'))?.tier).toBe('admin');
    expect(tiers.get(arn('web'))?.path.length).toBeGreaterThan(0);
    expect(tiers.get(arn('worker'))).toEqual({ tier: 'sensitive_data', path: [] });
  });

  it('is cycle-safe and bounded to four hops', () => {
    const chain = ['a', 'b', 'c', 'd', 'e', 'f'];
    const hop = (from: string, to: string): PrivilegeEdge => ({
      type: 'CAN_ASSUME',
      from,
      to,
      confidence: 'high',
      evidence: [],
      conditions: [],
      via: [],
    });
    const cycle = [...chain.slice(1).map((to, i) => hop(chain[i]!, to)), hop('f', 'a')];
    const own = new Map(
      chain.map((name) => [name, name === 'e' || name === 'f' ? ('admin' as const) : ('basic' as const)]),
    );
    const tiers = effectiveTiers(own, cycle, new Map());
    expect(tiers.get('a')).toMatchObject({ tier: 'admin' });
    expect(tiers.get('a')?.path.map((h) => h.to)).toEqual(['b', 'c', 'd', 'e']);
    const shortChain = effectiveTiers(new Map([...own, ['e', 'basic'], ['f', 'admin']]), cycle, new Map());
    expect(shortChain.get('a')?.tier).toBe('basic');
  });

  it('a role it can modify and reach becomes admin', () => {
    const edgesToModify: PrivilegeEdge[] = [
      {
        type: 'CAN_MODIFY_POLICY',
        from: 'p',
        to: 'r',
        confidence: 'high',
        evidence: [],
        conditions: [],
        via: [],
      },
      { type: 'CAN_ASSUME', from: 'p', to: 'r', confidence: 'high', evidence: [], conditions: [], via: [] },
    ];
    const tiers = effectiveTiers(
      new Map([
        ['p', 'basic'],
        ['r', 'scoped'],
      ]),
      edgesToModify,
      new Map(),
    );
    expect(tiers.get('p')?.tier).toBe('admin');
    const unreachable = effectiveTiers(
      new Map([
        ['p', 'basic'],
        ['r', 'scoped'],
      ]),
      edgesToModify.slice(0, 1),
      new Map(),
    );
    expect(unreachable.get('p')?.tier).toBe('basic');
  });
});

describe('identity policies stop at the account boundary', () => {
  const OTHER = '999988887777';
  const foreignAdmin: PrincipalPolicies = {
    ...role({ name: 'foreign-admin', awsManaged: { AdministratorAccess: doc(allow('*')) } }),
    arn: `arn:aws:iam::${OTHER}:role/foreign-admin`,
    accountId: OTHER,
  };
  const localAdmin = role({ name: 'local-admin', awsManaged: { AdministratorAccess: doc(allow('*')) } });
  const target = role({ name: 'worker', trust: trustService('lambda.amazonaws.com') });
  const crossEdges = () =>
    privilegeEdges(catalog, [foreignAdmin, localAdmin, target], [{ arn: FUNCTION, roleArn: arn('worker') }], {
      now: NOW,
    });

  it.each([
    ['CAN_UPDATE_CODE', FUNCTION],
    ['CAN_PASS_ROLE', arn('worker')],
    ['CAN_MODIFY_POLICY', arn('worker')],
  ])('an admin of another account gets no %s edge into this one', (type, to) => {
    const all = crossEdges();
    expect(all.some((e) => e.type === type && e.from === foreignAdmin.arn && e.to === to)).toBe(false);
    // The same policy in the same account does.
    expect(all.some((e) => e.type === type && e.from === arn('local-admin') && e.to === to)).toBe(true);
  });
});

describe('principals already admin', () => {
  it('get no per-target escalation edges (they cannot get stronger), but keep assume and access edges', () => {
    const admin = role({ name: 'root-like', awsManaged: { AdministratorAccess: doc(allow('*')) } });
    const worker = role({ name: 'worker', trust: trustService('lambda.amazonaws.com') });
    const ops = role({ name: 'ops', trust: trustAws(ACCOUNT) });
    const functions = [{ arn: FUNCTION, roleArn: arn('worker') }];
    const full = privilegeEdges(catalog, [admin, worker, ops], functions, { now: NOW });
    const pruned = privilegeEdges(catalog, [admin, worker, ops], functions, {
      now: NOW,
      strongest: new Set([admin.arn]),
    });
    const types = (edges: PrivilegeEdge[]) =>
      new Set(edges.filter((e) => e.from === admin.arn).map((e) => e.type));
    expect(types(full)).toEqual(
      new Set(['CAN_ASSUME', 'CAN_ACCESS', 'CAN_UPDATE_CODE', 'CAN_PASS_ROLE', 'CAN_MODIFY_POLICY']),
    );
    expect(types(pruned)).toEqual(new Set(['CAN_ASSUME', 'CAN_ACCESS']));
  });
});

/**
 * CAN_ASSUME reads trust policies with the one action matcher and the principal naming rules, and no edge
 * points at a role AWS owns (docs/iam-escalation.md, "Trust policies", "Grants AWS makes useless").
 */
describe('trust shapes and AWS-owned roles in the edges', () => {
  const SSO_ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123abcd`;
  const trust = (Principal: object, Action: string, Condition?: object) =>
    doc({ Effect: 'Allow', Principal, Action, ...(Condition ? { Condition } : {}) });
  const caller = role({
    name: 'app',
    inline: [
      doc(
        allow([
          'sts:AssumeRole',
          'iam:PutRolePolicy',
          'iam:PassRole',
          'lambda:CreateFunction',
          'lambda:InvokeFunction',
        ]),
      ),
    ],
  });
  const roles = [
    role({ name: 'wild-action', trust: trust({ AWS: arn('app') }, 'sts:AssumeRole*') }),
    role({ name: 'one-char', trust: trust({ AWS: arn('app') }, 'sts:Assume?ole') }),
    role({ name: 'web-identity-only', trust: trust({ AWS: arn('app') }, 'sts:AssumeRoleWithWebIdentity') }),
    role({
      name: 'session-trust',
      trust: trust({ AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/app/one-session` }, 'sts:AssumeRole'),
    }),
    role({
      name: 'anyone-pinned-to-app',
      trust: trust({ AWS: '*' }, 'sts:AssumeRole', {
        ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/app' },
      }),
    }),
    role({
      name: 'anyone-pinned-elsewhere',
      trust: trust({ AWS: '*' }, 'sts:AssumeRole', {
        ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ci' },
      }),
    }),
    role({
      name: 'AWSReservedSSO_Admin_0123abcd',
      path: '/aws-reserved/sso.amazonaws.com/',
      trust: trustService('lambda.amazonaws.com'),
    }),
    role({ name: 'plain-worker', trust: trustService('lambda.amazonaws.com') }),
  ];
  const trustEdges = () => privilegeEdges(catalog, [caller, ...roles], [], { now: NOW });
  const edgeTo = (type: string, to: string) =>
    trustEdges().find((e) => e.type === type && e.from === arn('app') && e.to === to);

  it.each<[string, string, string, 'high' | 'conditional' | undefined]>([
    ['trust action sts:AssumeRole*', 'CAN_ASSUME', arn('wild-action'), 'high'],
    ['trust action sts:Assume?ole', 'CAN_ASSUME', arn('one-char'), 'high'],
    ['trust for web identity only', 'CAN_ASSUME', arn('web-identity-only'), undefined],
    ['trust naming one session of the caller role', 'CAN_ASSUME', arn('session-trust'), 'conditional'],
    [
      'AWS "*" pinned to the caller by ArnLike aws:PrincipalArn',
      'CAN_ASSUME',
      arn('anyone-pinned-to-app'),
      'high',
    ],
    ['AWS "*" pinned to another role', 'CAN_ASSUME', arn('anyone-pinned-elsewhere'), undefined],
    ['an Identity Center role is never passed', 'CAN_PASS_ROLE', SSO_ROLE, undefined],
    ['an Identity Center role is never modified', 'CAN_MODIFY_POLICY', SSO_ROLE, undefined],
    ['a customer role (look-alike) is passed', 'CAN_PASS_ROLE', arn('plain-worker'), 'high'],
    ['a customer role (look-alike) is modified', 'CAN_MODIFY_POLICY', arn('plain-worker'), 'high'],
  ])('%s', (_, type, to, confidence) => {
    expect(edgeTo(type, to)?.confidence).toBe(confidence);
  });
});

/** Method 10 as an edge: rewriting a role's trust reaches the role; it does not rewrite its policies. */
describe('a principal that may rewrite a trust policy', () => {
  const locked = role({
    name: 'locked-admin',
    trust: trustService('ec2.amazonaws.com'),
    awsManaged: { AdministratorAccess: doc(allow('*')) },
  });
  const rewriter = (extra: Partial<Parameters<typeof role>[0]> = {}) =>
    role({
      name: 'rewriter',
      inline: [doc(allow('iam:UpdateAssumeRolePolicy', arn('locked-admin')))],
      ...extra,
    });
  const edgesOf = (principal: PrincipalPolicies) =>
    privilegeEdges(catalog, [principal, locked], [], { now: NOW });
  const of = (principal: PrincipalPolicies, type: string) =>
    edgesOf(principal).find(
      (e) => e.type === type && e.from === arn('rewriter') && e.to === arn('locked-admin'),
    );

  it('reaches the role (CAN_ASSUME) without an sts:AssumeRole grant, and so its tier', () => {
    const principal = rewriter();
    expect(of(principal, 'CAN_ASSUME')).toMatchObject({
      confidence: 'high',
      via: ['iam:UpdateAssumeRolePolicy, then sts:AssumeRole'],
    });
    expect(of(principal, 'CAN_MODIFY_POLICY')).toBeUndefined();
    const own = new Map([
      [arn('rewriter'), classifyPrincipal(catalog, principal, { now: NOW }).tier],
      [arn('locked-admin'), 'admin' as const],
    ]);
    expect(effectiveTiers(own, edgesOf(principal), new Map()).get(arn('rewriter'))?.tier).toBe('admin');
  });

  it.each<[string, Partial<Parameters<typeof role>[0]>]>([
    ['an SCP denies sts:AssumeRole', { scpLevels: [[doc(allow('*'), deny('sts:AssumeRole'))]] }],
    [
      'its own policy denies sts:AssumeRole',
      { inline: [doc(allow('iam:UpdateAssumeRolePolicy', arn('locked-admin')), deny('sts:AssumeRole'))] },
    ],
    [
      'the rewrite is on another role only',
      { inline: [doc(allow('iam:UpdateAssumeRolePolicy', arn('other')))] },
    ],
  ])('no edge when %s', (_, extra) => {
    expect(of(rewriter(extra), 'CAN_ASSUME')).toBeUndefined();
  });
});
