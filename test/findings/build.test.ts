import { describe, expect, it, vi } from 'vitest';
import { InputError } from '../../src/errors.js';
import {
  buildFinding,
  type DetectionRow,
  findingId,
  findingUsage,
  type GraphNode,
  mergeFindings,
  type SeverityRule,
} from '../../src/findings/build.js';
import type { Detection } from '../../src/findings/detections.js';

const NOW = '2026-11-28T10:00:00.000Z';
const ACCOUNT = '111122223333';
const fnArn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders`;
const roleArn = `arn:aws:iam::${ACCOUNT}:role/orders-role`;

const detection = (overrides: Partial<Detection> = {}): Detection => ({
  id: 'function-url-privileged-role',
  title: 'Public function URL runs as a privileged role',
  severity: 'matrix',
  description: 'd',
  remediation: 'Require authentication.',
  references: [],
  tags: [],
  file: '/rules/function-url-privileged-role.cypher',
  query: 'RETURN 1',
  ...overrides,
});

const node = (id: string, labels: string[], properties: Record<string, unknown> = {}): GraphNode => ({
  id,
  labels,
  properties: { id, ...properties },
});

function grant(policy: string, action: string, conditions: object[] = []) {
  return {
    policy: `arn:aws:iam::aws:policy/${policy}`,
    policyKind: 'aws_managed',
    statementIndex: 0,
    sid: null,
    effect: 'Allow',
    action,
    resource: '*',
    conditions,
  };
}

const internet = node('internet', ['Internet']);
const url = node(`${fnArn}:live`, ['LambdaFunctionUrl'], { url: 'https://abc.lambda-url.us-east-1.on.aws/' });
const alias = node(`${fnArn}:live`, ['LambdaAlias'], { name: 'live' });
const fn = node(fnArn, ['LambdaFunction'], { name: 'orders', accountId: ACCOUNT, region: 'us-east-1' });
const role = node(roleArn, ['AWSRole', 'AWSPrincipal'], {
  name: 'orders-role',
  tier: 'admin',
  // As the privilege analysis writes it (src/iam/explain.ts CapabilityRecord).
  capabilitiesJson: JSON.stringify([
    {
      kind: 'admin',
      method: null,
      name: 'Full administrator',
      outcome: 'allowed',
      steps: [
        {
          action: '*',
          resource: '*',
          outcome: 'allowed',
          grants: [grant('AdministratorAccess', '*')],
          denials: [],
        },
      ],
    },
    {
      kind: 'sensitive_data',
      method: 7,
      name: 'Read objects',
      outcome: 'allowed',
      steps: [
        {
          action: 's3:GetObject',
          resource: '*',
          outcome: 'allowed',
          grants: [grant('data', 's3:*')],
          denials: [],
        },
      ],
    },
  ]),
});

const aliasRow = (overrides: Partial<DetectionRow> = {}): DetectionRow => ({
  entry: url,
  entryKind: 'function_url',
  exposure: 'public_unauthenticated',
  function: fn,
  qualifier: 'live',
  role,
  privilege: 'admin',
  path: [internet, url, alias, fn, role],
  hops: [
    {
      type: 'EXPOSES',
      properties: {
        evidenceJson: JSON.stringify([
          { text: 'AuthType NONE', source: 'FunctionUrlConfig' },
          { text: 'anyone may call the URL', source: 'policy statement FunctionURLAllowPublicAccess' },
        ]),
        confidence: 'high',
      },
    },
    { type: 'REACHES', properties: {} },
    { type: 'HAS_ALIAS', properties: {} },
    { type: 'EXECUTION_ROLE', properties: {} },
  ],
  ...overrides,
});

const matrix: SeverityRule = ({ exposure, privilege }) =>
  exposure === 'public_unauthenticated' && privilege === 'admin' ? 'critical' : 'low';

describe('buildFinding', () => {
  it('builds the contract Finding: path to the capability, evidence per hop, qualifier, site', () => {
    const finding = buildFinding(detection(), aliasRow(), matrix, NOW);
    expect(finding).toMatchObject({
      detection: 'function-url-privileged-role',
      severity: 'critical',
      title: 'Public function URL runs as a privileged role: orders:live',
      exposure: 'public_unauthenticated',
      privilege: 'admin',
      entryPoint: { kind: 'function_url', arn: url.id, name: 'https://abc.lambda-url.us-east-1.on.aws/' },
      function: { arn: fnArn, name: 'orders', qualifier: 'live' },
      role: { arn: roleArn },
      accountId: ACCOUNT,
      region: 'us-east-1',
      remediation: 'Require authentication.',
      status: 'new',
      firstSeen: NOW,
      lastSeen: NOW,
      confidence: 'high',
    });
    expect(finding.path.map((element) => element.labels[0])).toEqual([
      'Internet',
      'LambdaFunctionUrl',
      'LambdaAlias',
      'LambdaFunction',
      'AWSPrincipal',
      'Capability',
    ]);
    expect(finding.path[5]).toEqual({
      id: `${roleArn}#capability/admin`,
      labels: ['Capability'],
      name: 'admin',
    });
    expect(finding.evidence).toEqual([
      { hop: 0, text: 'AuthType NONE', source: 'FunctionUrlConfig' },
      { hop: 0, text: 'anyone may call the URL', source: 'policy statement FunctionURLAllowPublicAccess' },
      {
        hop: 1,
        text: 'https://abc.lambda-url.us-east-1.on.aws/ invokes live',
        source: 'entry point integration',
      },
      { hop: 2, text: 'live is an alias of orders', source: 'Lambda ListAliases' },
      {
        hop: 3,
        text: 'orders runs with the credentials of orders-role',
        source: 'Lambda GetFunctionConfiguration: Role',
      },
      // Only the capability records of the tier reached.
      {
        hop: 4,
        text: 'Full administrator: * on *',
        source: 'arn:aws:iam::aws:policy/AdministratorAccess, statement 0',
      },
    ]);
    // One evidence list per hop of the path, the capability included.
    expect(Math.max(...finding.evidence.map((e) => e.hop))).toBe(finding.path.length - 2);
  });

  it('keeps the same id for the same (detection, entry, function, qualifier, role) and only then', () => {
    const first = buildFinding(detection(), aliasRow(), matrix, NOW);
    const later = buildFinding(
      detection(),
      aliasRow({ exposure: 'public_weak_auth' }),
      matrix,
      '2027-01-01T00:00:00Z',
    );
    expect(later.id).toBe(first.id);
    expect(first.id).toBe(findingId('function-url-privileged-role', url.id, fnArn, 'live', roleArn));
    expect(first.id).toMatch(/^[0-9a-f]{24}$/);
    const others = [
      buildFinding(detection({ id: 'other-rule' }), aliasRow(), matrix, NOW),
      buildFinding(detection(), aliasRow({ qualifier: null }), matrix, NOW),
      buildFinding(detection(), aliasRow({ role: node('arn:aws:iam::1:role/x', ['AWSRole']) }), matrix, NOW),
      buildFinding(detection(), aliasRow({ entry: node('other-url', ['LambdaFunctionUrl']) }), matrix, NOW),
    ];
    expect(new Set([first.id, ...others.map((f) => f.id)]).size).toBe(5);
  });

  it('rates `matrix` rules with the severity rule, fixed rules with their header, rows that say so with the row', () => {
    const rule = vi.fn<SeverityRule>(() => 'medium');
    expect(buildFinding(detection(), aliasRow(), rule, NOW).severity).toBe('medium');
    expect(rule).toHaveBeenCalledWith({
      exposure: 'public_unauthenticated',
      privilege: 'admin',
      confidence: 'high',
      detection: 'function-url-privileged-role',
      grantsCodeUpdate: false,
      unresolvedConditionHops: 0,
      amplifiers: ['no_vpc_with_data_access'],
    });
    expect(buildFinding(detection({ severity: 'low' }), aliasRow(), rule, NOW).severity).toBe('low');
    expect(
      buildFinding(detection({ severity: 'low' }), aliasRow({ severity: 'high' }), rule, NOW).severity,
    ).toBe('high');
    expect(rule).toHaveBeenCalledTimes(1);
  });

  it('gives the severity rule the facts of the path: code-update grant, conditional hops, amplifiers', () => {
    const rule = vi.fn<SeverityRule>(() => 'medium');
    const row = aliasRow({
      entry: {
        ...url,
        properties: { ...url.properties, corsAllowOrigins: ['*'], corsAllowCredentials: true },
      },
      function: { ...fn, properties: { ...fn.properties, vpcId: 'vpc-1' } },
    });
    row.hops[0] = { type: 'EXPOSES', properties: { confidence: 'medium', grantsCodeUpdate: true } };
    row.hops.push(
      { type: 'CAN_ASSUME', properties: { conditionsJson: '{"StringEquals":{"sts:ExternalId":"x"}}' } },
      { type: 'CAN_ASSUME', properties: { conditionsJson: 'null' } },
      { type: 'CAN_ASSUME', properties: { conditionsJson: '{}' } },
    );
    buildFinding(detection(), row, rule, NOW);
    expect(rule).toHaveBeenCalledWith(
      expect.objectContaining({
        confidence: 'medium',
        grantsCodeUpdate: true,
        unresolvedConditionHops: 1,
        amplifiers: ['cors_wildcard_with_credentials'],
      }),
    );
  });

  it('passes plaintext credentials in the environment (an AWS key id or a private key) as an amplifier', () => {
    const rule = vi.fn<SeverityRule>(() => 'critical');
    const withKey = {
      ...fn,
      properties: { ...fn.properties, vpcId: 'vpc-1', credentialEnvVars: ['UPSTREAM_ID'] },
    };
    buildFinding(detection(), aliasRow({ function: withKey }), rule, NOW);
    expect(rule).toHaveBeenCalledWith(
      expect.objectContaining({ amplifiers: ['plaintext_credentials_in_env'] }),
    );
    const none = { ...fn, properties: { ...fn.properties, vpcId: 'vpc-1', credentialEnvVars: [] } };
    buildFinding(detection(), aliasRow({ function: none }), rule, NOW);
    expect(rule).toHaveBeenLastCalledWith(expect.objectContaining({ amplifiers: [] }));
  });

  it('reads IAM statement records of privilege hops and walks the witness path to a stronger tier', () => {
    const opsAdmin = 'arn:aws:iam::111122223333:role/ops-admin';
    const dataRole = node(roleArn, ['AWSRole'], {
      name: 'orders-role',
      tier: 'sensitive_data',
      effectiveTier: 'admin',
      effectivePathJson: JSON.stringify([
        { edge: 'CAN_ASSUME', from: roleArn, to: opsAdmin },
        { edge: 'CAN_UPDATE_CODE', from: opsAdmin, to: fnArn },
      ]),
    });
    const hops = [
      { type: 'EXPOSES', properties: {} },
      { type: 'REACHES', properties: {} },
      {
        type: 'EXECUTION_ROLE',
        properties: {
          evidenceJson: JSON.stringify([
            grant('Ops', 'sts:AssumeRole', [
              { operator: 'StringEquals', key: 'sts:ExternalId', values: ['x'] },
            ]),
          ]),
          confidence: 'conditional',
        },
      },
    ];
    const row = aliasRow({ role: dataRole, privilege: 'admin', path: [internet, url, fn, dataRole], hops });
    const finding = buildFinding(detection(), row, matrix, NOW);
    expect(finding.path.map((p) => p.name)).toEqual([
      'internet',
      'https://abc.lambda-url.us-east-1.on.aws/',
      'orders',
      'orders-role',
      'ops-admin',
      'orders',
      'admin',
    ]);
    expect(finding.path.at(-1)!.id).toBe(`${fnArn}#capability/admin`);
    expect(finding.evidence.slice(-4)).toEqual([
      {
        hop: 2,
        text: 'Allow sts:AssumeRole on * if StringEquals sts:ExternalId ["x"]',
        source: 'arn:aws:iam::aws:policy/Ops, statement 0',
      },
      {
        hop: 3,
        text: 'orders-role may assume ops-admin',
        source: 'CAN_ASSUME (privilege analysis, AWSRole.effectivePathJson)',
      },
      {
        hop: 4,
        text: 'ops-admin may replace the code of orders',
        source: 'CAN_UPDATE_CODE (privilege analysis, AWSRole.effectivePathJson)',
      },
      { hop: 5, text: 'orders is admin', source: 'AWSRole.tier (privilege analysis)' },
    ]);
    // `conditional` grants read as medium confidence.
    expect(finding.confidence).toBe('medium');
  });

  it('lowers confidence one step for each privilege hop with unresolved trust conditions', () => {
    const conditional = {
      type: 'CAN_ASSUME',
      properties: {
        confidence: 'conditional',
        conditionsJson: JSON.stringify([{ key: 'sts:ExternalId', operator: 'StringEquals', values: ['x'] }]),
      },
    };
    const row = aliasRow();
    row.hops.push(conditional);
    expect(buildFinding(detection(), row, matrix, NOW).confidence).toBe('medium');
    row.hops.push(conditional);
    // Two ExternalId hops: low, as severity.ts counts them (and lowers the severity one band).
    expect(buildFinding(detection(), row, matrix, NOW).confidence).toBe('low');
  });

  it('takes the lowest confidence of the hops unless the row gives one', () => {
    const row = aliasRow();
    row.hops[3] = { type: 'CAN_ASSUME', properties: { confidence: 'medium' } };
    expect(buildFinding(detection(), row, matrix, NOW).confidence).toBe('medium');
    expect(buildFinding(detection(), { ...row, confidence: 'low' }, matrix, NOW).confidence).toBe('low');
  });

  it('uses null for what does not apply (hygiene) and adds no capability without a privilege', () => {
    const finding = buildFinding(
      detection({ id: 'function-url-cors-wildcard', title: 'CORS *', severity: 'medium' }),
      aliasRow({
        role: null,
        privilege: null,
        qualifier: null,
        path: [internet, url, fn],
        hops: [
          { type: 'EXPOSES', properties: {} },
          { type: 'REACHES', properties: {} },
        ],
        evidence: [{ hop: 0, text: 'AllowOrigins includes *', source: 'Cors' }],
      }),
      matrix,
      NOW,
    );
    expect(finding.role).toBeNull();
    expect(finding.privilege).toBeNull();
    expect(finding.path.map((p) => p.name)).toEqual(['internet', url.properties.url, 'orders']);
    expect(finding.evidence.at(-1)).toEqual({ hop: 0, text: 'AllowOrigins includes *', source: 'Cors' });
  });

  it('names the entry point of a hygiene finding from the EXPOSES hop its path starts with', () => {
    const hygiene = detection({
      id: 'exposed-function-no-reserved-concurrency',
      title: 'Public function has no reserved concurrency',
      severity: 'medium',
    });
    const row = (path: GraphNode[], entryKind: unknown): DetectionRow => ({
      entry: null,
      entryKind: null,
      exposure: 'public_unauthenticated',
      function: fn,
      qualifier: null,
      role: null,
      privilege: null,
      path,
      hops: [
        { type: 'EXPOSES', properties: { entryKind } },
        { type: 'REACHES', properties: {} },
      ],
    });
    const viaUrl = buildFinding(hygiene, row([internet, url, fn], 'function_url'), matrix, NOW);
    expect(viaUrl.entryPoint).toEqual({
      kind: 'function_url',
      arn: url.id,
      name: 'https://abc.lambda-url.us-east-1.on.aws/',
    });
    // The id is still keyed on the (empty) entry column: the finding keeps its id across versions.
    expect(viaUrl.id).toBe(findingId(hygiene.id, null, fnArn, null, null));
    const viaPolicy = buildFinding(hygiene, row([internet, fn], 'resource_policy'), matrix, NOW);
    expect(viaPolicy.entryPoint).toEqual({ kind: 'resource_policy', arn: fnArn, name: 'orders' });
    // An entry kind outside the contract (the analysis' api_authorizer) is not invented into one.
    const authorizer = buildFinding(hygiene, row([internet, url, fn], 'api_authorizer'), matrix, NOW);
    expect(authorizer.entryPoint).toEqual({ kind: null, arn: null, name: null });
  });

  it('rejects values outside the contract, naming the file and the column', () => {
    expect(() => buildFinding(detection(), aliasRow({ privilege: 'T0' }), matrix, NOW)).toThrow(
      /function-url-privileged-role\.cypher: column "privilege" returned "T0"/,
    );
    expect(() => buildFinding(detection(), aliasRow({ exposure: 'public' }), matrix, NOW)).toThrow(
      InputError,
    );
    expect(() => buildFinding(detection(), aliasRow({ severity: 'urgent' }), matrix, NOW)).toThrow(
      /column "severity"/,
    );
    expect(() =>
      buildFinding(detection(), aliasRow({ evidence: [{ text: 'no hop' }] }), matrix, NOW),
    ).toThrow(/column "evidence"/);
  });
});

describe('cross-account findings start at the outside principal', () => {
  const partner = '444455556666';
  const policyRow = (outsidePrincipals: string[] | null, exposure = 'cross_account'): DetectionRow => ({
    entry: fn,
    entryKind: 'resource_policy',
    exposure,
    function: fn,
    qualifier: null,
    role,
    privilege: 'admin',
    path: [internet, fn, role],
    hops: [
      {
        type: 'EXPOSES',
        properties: {
          exposure,
          outsidePrincipals,
          evidenceJson: JSON.stringify([
            { text: 'account may replace the code', source: 'statement partner' },
          ]),
        },
      },
      { type: 'EXECUTION_ROLE', properties: {} },
    ],
  });
  const cross = detection({ id: 'cross-account-code-update', title: 'Another account can replace the code' });

  it.each([
    [
      'an account root grant starts at the account',
      [`arn:aws:iam::${partner}:root`],
      { id: partner, labels: ['AWSAccount'], name: `account ${partner}` },
    ],
    [
      'a role grant starts at the role',
      [`arn:aws-cn:iam::${partner}:role/deployer`],
      {
        id: `arn:aws-cn:iam::${partner}:role/deployer`,
        labels: ['AWSRole'],
        name: `arn:aws-cn:iam::${partner}:role/deployer`,
      },
    ],
    [
      'a user grant starts at the user',
      [`arn:aws:iam::${partner}:user/ci`],
      { id: `arn:aws:iam::${partner}:user/ci`, labels: ['AWSUser'], name: `arn:aws:iam::${partner}:user/ci` },
    ],
    [
      'an organization grant starts at the organization',
      ['o-a1b2c3d4e5'],
      { id: 'o-a1b2c3d4e5', labels: ['AWSOrganization'], name: 'organization o-a1b2c3d4e5' },
    ],
    [
      'several grantees: the first in sort order (the analysis stores them sorted)',
      [`arn:aws:iam::${partner}:root`, 'arn:aws:iam::777788889999:root'],
      { id: partner, labels: ['AWSAccount'], name: `account ${partner}` },
    ],
  ])('%s', (_, principals, start) => {
    const finding = buildFinding(cross, policyRow(principals), matrix, NOW);
    expect(finding.path[0]).toEqual(start);
    // The rest of the path, the entry point and the id are those of the same finding from the internet.
    expect(finding.path.slice(1).map((element) => element.id)).toEqual([
      fnArn,
      roleArn,
      `${roleArn}#capability/admin`,
    ]);
    expect(finding.entryPoint).toEqual({ kind: 'resource_policy', arn: fnArn, name: 'orders' });
    expect(finding.id).toBe(findingId('cross-account-code-update', fnArn, fnArn, null, roleArn));
  });

  it('keeps Internet for public exposures and for rows without grantees (an older analysis)', () => {
    expect(buildFinding(cross, policyRow(null), matrix, NOW).path[0]?.id).toBe('internet');
    expect(buildFinding(cross, policyRow([]), matrix, NOW).path[0]?.id).toBe('internet');
    expect(
      buildFinding(cross, policyRow(['arn:aws:iam::444455556666:root'], 'public_weak_auth'), matrix, NOW)
        .path[0]?.id,
    ).toBe('internet');
  });
});

describe('the JSON field size limit', () => {
  it('keeps every string field whole up to 8,192 characters', () => {
    const name = 'n'.repeat(8_192 - 'Public function URL runs as a privileged role: '.length);
    const finding = buildFinding(
      detection(),
      aliasRow({ function: node(fnArn, ['LambdaFunction'], { name, accountId: ACCOUNT }), qualifier: null }),
      matrix,
      NOW,
    );
    expect(finding.title).toHaveLength(8_192);
    expect(finding.function?.name).toBe(name);
    expect(finding.truncatedFields).toBeUndefined();
  });

  it('cuts longer strings to 8,192 characters with a marker, names each cut field, keeps the id', () => {
    const longText = `${'x'.repeat(20_000)}`;
    const long = node(`${fnArn}:live`, ['LambdaFunctionUrl'], { url: longText });
    const row = aliasRow({
      entry: long,
      path: [internet, long, alias, fn, role],
      hops: [
        {
          type: 'EXPOSES',
          properties: { evidenceJson: JSON.stringify([{ text: longText, source: 'statement' }]) },
        },
        ...aliasRow().hops.slice(1),
      ],
    });
    const finding = buildFinding(detection(), row, matrix, NOW);
    expect(finding.entryPoint.name).toHaveLength(8_192);
    expect(finding.entryPoint.name).toMatch(/^x+… \[cut: \d+ more characters\]$/);
    const kept = finding.entryPoint.name!.indexOf('…');
    expect(finding.entryPoint.name).toContain(`[cut: ${20_000 - kept} more characters]`);
    // The REACHES hop's evidence names the URL too ("<url> invokes live").
    expect(finding.truncatedFields).toEqual([
      'entryPoint.name',
      'path[1].name',
      'evidence[0].text',
      'evidence[1].text',
    ]);
    expect(finding.evidence[0]?.text).toHaveLength(8_192);
    expect(finding.id).toBe(buildFinding(detection(), aliasRow(), matrix, NOW).id);
  });

  it('never cuts a surrogate pair in half', () => {
    const emoji = '\u{1F600}';
    const fnNode = node(fnArn, ['LambdaFunction'], { name: emoji.repeat(6_000), accountId: ACCOUNT });
    const finding = buildFinding(detection(), aliasRow({ function: fnNode, qualifier: null }), matrix, NOW);
    const cut = finding.function!.name.slice(0, finding.function!.name.indexOf('…'));
    expect(cut.length % 2).toBe(0);
    expect([...cut].every((character) => character === emoji)).toBe(true);
    expect(finding.function!.name.length).toBeLessThanOrEqual(8_192);
  });
});

describe('mergeFindings', () => {
  it('keeps one finding per id: the most severe, else the first', () => {
    const rule: SeverityRule = ({ exposure }) => (exposure === 'public_weak_auth' ? 'high' : 'medium');
    const first = buildFinding(detection(), aliasRow({ exposure: 'cross_account' }), rule, NOW);
    const worse = buildFinding(detection(), aliasRow({ exposure: 'public_weak_auth' }), rule, NOW);
    const equal = buildFinding(detection(), aliasRow({ exposure: 'public_authenticated' }), rule, NOW);
    expect(mergeFindings([first, worse, equal])).toEqual([worse]);
    expect(mergeFindings([first, equal])).toEqual([first]);
  });

  it('picks the same witness whatever order the rows come in', () => {
    const rule: SeverityRule = () => 'high';
    const base = buildFinding(detection(), aliasRow({}), rule, NOW);
    const viaRoute = { ...base, path: [...base.path, { id: 'b-route', labels: ['X'], name: 'b' }] };
    const viaAuthorizer = { ...base, path: [...base.path, { id: 'a-authorizer', labels: ['X'], name: 'a' }] };
    const shorter = { ...base };
    expect(mergeFindings([viaRoute, viaAuthorizer])).toEqual([viaAuthorizer]);
    expect(mergeFindings([viaAuthorizer, viaRoute])).toEqual([viaAuthorizer]);
    expect(mergeFindings([viaRoute, shorter])).toEqual([shorter]);
    const unsure = { ...base, confidence: 'low' as const };
    expect(mergeFindings([unsure, viaRoute])).toEqual([viaRoute]);
  });
});

describe('findingUsage: which actions a toxic path needs, and whether the role used them', () => {
  // The Access Advisor answer for iam:PassRole as the usage analysis stores it (docs/usage.md).
  const passRoleUnused = {
    action: 'iam:PassRole',
    level: 'action',
    status: 'unused',
    lastUsed: null,
    daysUnused: 400,
  };
  const roleNode = (tier: string) => ({
    id: 'arn:aws:iam::111111111111:role/orders-api-role',
    labels: ['AWSRole'],
    properties: {
      tier,
      usageDataAt: '2026-11-28T02:00:00.000Z',
      usageTrackedSince: '2025-10-24T02:00:00.000Z',
      capabilityUsageJson: JSON.stringify([
        {
          kind: 'privilege_escalation',
          name: 'Pass a role to a new Lambda function',
          actions: [passRoleUnused],
        },
      ]),
    },
  });
  it.each([
    // docs/usage.md: admin reached by passing a role: the role's escalation is the first step of the path.
    {
      name: 'admin reached through the role’s own escalation',
      tier: 'privilege_escalation',
      privilege: 'admin',
      actions: ['iam:PassRole'],
    },
    {
      name: 'the escalation is the privilege itself',
      tier: 'privilege_escalation',
      privilege: 'privilege_escalation',
      actions: ['iam:PassRole'],
    },
    // Look-alike: admin reached by assuming a role; the role itself escalates nothing: no usage is claimed.
    {
      name: 'admin reached by an assume-role hop from a scoped role',
      tier: 'scoped',
      privilege: 'admin',
      actions: null,
    },
  ] as const)('$name', ({ tier, privilege, actions }) => {
    const usage = findingUsage(roleNode(tier), privilege);
    expect(usage === undefined ? null : usage.actions.map((a) => a.action)).toEqual(actions);
  });
});
