import { describe, expect, it } from 'vitest';
import type { GraphRows, NodeRow, RelationshipRow } from '../../src/graph/rows.js';
import type { NodeLabel, RelationshipName } from '../../src/graph/schema.js';
import { transformApiGatewayRest } from '../../src/graph/transform/apigateway.js';
import { transformApiGatewayV2 } from '../../src/graph/transform/apigatewayv2.js';
import { transformCloudFront } from '../../src/graph/transform/cloudfront.js';
import { transformEc2 } from '../../src/graph/transform/ec2.js';
import { transformElbv2 } from '../../src/graph/transform/elbv2.js';
import { transformIam, trustTargets } from '../../src/graph/transform/iam.js';
import { transformLambda } from '../../src/graph/transform/lambda.js';
import { transformOrganizations } from '../../src/graph/transform/organizations.js';
import { transformWafV2 } from '../../src/graph/transform/wafv2.js';
import type { PrincipalSet } from '../../src/iam/policy.js';
import * as CF from '../fixtures/cloudfront/estate.js';
import { cloudfront as originsFixture } from '../fixtures/exposure/estate.js';
import * as WAF from '../fixtures/wafv2/regional.js';
import { ACCOUNT, estateUnit, FUNCTION_ARN } from './fixture.js';

function nodes<L extends NodeLabel>(rows: GraphRows, label: L): NodeRow<L>[] {
  return (rows.nodes[label] ?? []) as NodeRow<L>[];
}
function node<L extends NodeLabel>(rows: GraphRows, label: L, id: string): NodeRow<L>['props'] {
  const found =
    nodes(rows, label).find((row) => row.id === id) ?? rows.shared[label]?.find((row) => row.id === id);
  if (!found) throw new Error(`no ${label} ${id}`);
  return found.props as NodeRow<L>['props'];
}
function rels<R extends RelationshipName>(rows: GraphRows, name: R): RelationshipRow<R>[] {
  return (rows.relationships[name] ?? []) as RelationshipRow<R>[];
}
const pairs = (rows: GraphRows, name: RelationshipName) => rels(rows, name).map((row) => [row.from, row.to]);

const MANAGEMENT = '999999999999';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/api-admin`;
const CI = `arn:aws:iam::${ACCOUNT}:role/ci`;
const OPEN = `arn:aws:iam::${ACCOUNT}:role/open-trust`;

describe('transformIam', async () => {
  const rows = transformIam(await estateUnit('iam'));

  it('decodes URL-encoded documents and keeps the text as AWS stored it', () => {
    const role = node(rows, 'AWSRole', ROLE);
    expect(role.trustPolicyJson).toContain('\n    "Version"'); // the pretty-printed original, not re-serialised
    expect(JSON.parse(role.trustPolicyJson!).Statement.Principal.Service).toBe('lambda.amazonaws.com');
    expect(role.roleLastUsed).toBe('2026-11-20T08:00:00.000Z');
    expect(role.isServiceLinked).toBe(false);
    const inline = node(rows, 'AWSPolicy', `${ROLE}/inline/everything`);
    expect(inline.kind).toBe('inline');
    expect(JSON.parse(inline.documentJson!)).toEqual({
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: '*', Resource: '*' },
    });
  });

  it('marks service-linked roles', () => {
    const linked = nodes(rows, 'AWSRole').find(
      (row) => row.props.name === 'AWSServiceRoleForElasticLoadBalancing',
    );
    expect(linked?.props.isServiceLinked).toBe(true);
  });

  it('keeps every managed policy version, the default one as the document', () => {
    const policy = node(rows, 'AWSPolicy', `arn:aws:iam::${ACCOUNT}:policy/orders-read`);
    expect(policy.kind).toBe('customer_managed');
    expect(policy.defaultVersionId).toBe('v2');
    expect(JSON.parse(policy.documentJson!).Statement[0].Sid).toBe('Read');
    const versions = JSON.parse(policy.versionsJson!);
    expect(versions.map((version: { versionId: string }) => version.versionId)).toEqual(['v1', 'v2']);
    expect(versions[0].document.Statement[0].Action).toBe('dynamodb:*');
  });

  it('writes AWS-managed policies as shared nodes', () => {
    expect(rows.shared.AWSPolicy?.map((row) => row.id)).toEqual([
      'arn:aws:iam::aws:policy/AdministratorAccess',
    ]);
    expect(rows.shared.AWSPolicy?.[0]?.props.kind).toBe('aws_managed');
  });

  it('links attachments, inline policies, boundaries and group memberships', () => {
    expect(pairs(rows, 'rolePolicy')).toEqual(
      expect.arrayContaining([
        [ROLE, `${ROLE}/inline/everything`],
        [ROLE, 'arn:aws:iam::aws:policy/AdministratorAccess'],
        [ROLE, `arn:aws:iam::${ACCOUNT}:policy/orders-read`],
      ]),
    );
    expect(pairs(rows, 'roleBoundary')).toEqual([[CI, `arn:aws:iam::${ACCOUNT}:policy/boundary`]]);
    // GroupList holds the name; the group lives under a path.
    expect(pairs(rows, 'userMemberOf')).toEqual([
      [`arn:aws:iam::${ACCOUNT}:user/alice`, `arn:aws:iam::${ACCOUNT}:group/teams/devs`],
    ]);
    expect(pairs(rows, 'groupPolicy')).toHaveLength(2);
  });

  it('names a group missing from the answer in the partition of its member (aws-cn)', () => {
    const user = `arn:aws-cn:iam::${ACCOUNT}:user/li`;
    const china = transformIam({
      accountId: ACCOUNT,
      region: 'global',
      data: {
        authorizationDetails: {
          UserDetailList: [{ UserName: 'li', Arn: user, GroupList: ['ops'] }],
          GroupDetailList: [],
          RoleDetailList: [],
          Policies: [],
        },
      },
    } as unknown as Parameters<typeof transformIam>[0]);
    expect(pairs(china, 'userMemberOf')).toEqual([[user, `arn:aws-cn:iam::${ACCOUNT}:group/ops`]]);
  });

  it('turns every trust principal form into a TRUSTS edge keeping the conditions', () => {
    type TrustName = Extract<RelationshipName, `roleTrusts${string}`>;
    const trust = (name: TrustName) =>
      rels(rows, name as 'roleTrustsRole').map((row) => ({ from: row.from, to: row.to, ...row.props }));
    expect(trust('roleTrustsService')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from: ROLE, to: 'lambda.amazonaws.com', statementIndex: 0 }),
        expect.objectContaining({ from: OPEN, to: 'ec2.amazonaws.com', statementIndex: 2 }),
        expect.objectContaining({ from: OPEN, to: 'lambda.amazonaws.com', statementIndex: 2 }),
      ]),
    );
    const github = trust('roleTrustsFederated').find((edge) => edge.from === CI)!;
    expect(github).toMatchObject({
      to: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
      sid: 'GitHub',
      principalKind: 'Federated',
      actions: ['sts:AssumeRoleWithWebIdentity'],
    });
    expect(JSON.parse(github.conditionsJson!).StringLike['token.actions.githubusercontent.com:sub']).toBe(
      'repo:acme/*',
    );
    // A bare account id and an account root both name the account.
    const accounts = trust('roleTrustsAccount').filter((edge) => edge.from === CI);
    expect(accounts.map((edge) => edge.to).sort()).toEqual(['210987654321', '555555555555']);
    expect(JSON.parse(accounts.find((edge) => edge.to === '210987654321')!.conditionsJson!)).toEqual({
      StringEquals: { 'sts:ExternalId': 's3cr3t-id' },
    });
    expect(trust('roleTrustsRole').map((edge) => edge.to)).toEqual([
      'arn:aws:iam::210987654321:role/deployer',
    ]);
    expect(trust('roleTrustsUser').map((edge) => edge.to)).toEqual([`arn:aws:iam::${ACCOUNT}:user/alice`]);
    // "*" and {"AWS": "*"}: anyone, with the statement's condition (or none).
    const anyone = trust('roleTrustsPrincipal').filter((edge) => edge.from === OPEN);
    expect(anyone.map((edge) => [edge.to, edge.principalKind, edge.statementIndex])).toEqual([
      ['*', '*', 0],
      ['*', 'AWS', 1],
    ]);
    expect(anyone[0]!.conditionsJson).toBe('{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}');
    expect(anyone[1]!.conditionsJson).toBeNull();
    // Deny statements are not trust.
    expect(JSON.stringify(rows.relationships)).not.toContain('role/blocked');
  });

  it('keeps an undecodable document as text (never dropped, never failing the unit) and warns', async () => {
    const unit = await estateUnit('iam');
    const broken = structuredClone(unit);
    broken.data.authorizationDetails.RoleDetailList[0]!.AssumeRolePolicyDocument = '%7B%22Version';
    const inline = broken.data.authorizationDetails.RoleDetailList[0]!.RolePolicyList![0]!;
    inline.PolicyDocument = 'not a policy';
    const result = transformIam(broken);
    // A JSON string, so the analysis reads it, fails to parse it as a policy and reports the role as not
    // evaluated; a null here would read as "no trust policy".
    expect(node(result, 'AWSRole', ROLE).trustPolicyJson).toBe('"%7B%22Version"');
    expect(node(result, 'AWSPolicy', `${ROLE}/inline/${inline.PolicyName}`).documentJson).toBe(
      '"not a policy"',
    );
    expect(result.warnings).toEqual([
      expect.stringContaining(`trust policy of ${ROLE}: neither JSON`),
      expect.stringContaining(`inline policy ${ROLE}/inline/${inline.PolicyName}: neither JSON`),
      expect.stringContaining('no TRUSTS edges for this role'),
    ]);
    // No TRUSTS edge could be read from it.
    expect(Object.keys(result.relationships).filter((name) => name.startsWith('roleTrusts'))).not.toEqual([]);
    const trusts = Object.entries(result.relationships)
      .filter(([name]) => name.startsWith('roleTrusts'))
      .flatMap(([, list]) => list ?? []);
    expect(trusts.filter((edge) => edge.from === ROLE)).toEqual([]);
  });
});

describe('transformLambda', async () => {
  const rows = transformLambda(await estateUnit('lambda'));

  it('writes functions with their role, policy, concurrency and environment names only', () => {
    const fn = node(rows, 'LambdaFunction', FUNCTION_ARN);
    expect(fn).toMatchObject({
      name: 'orders',
      roleArn: ROLE,
      reservedConcurrency: null,
      envVarNames: ['STRIPE_API_KEY', 'STAGE'],
      secretLookingEnvVars: ['STRIPE_API_KEY'],
      vpcId: null,
      layers: [`arn:aws:lambda:us-east-1:${ACCOUNT}:layer:deps:3`],
    });
    expect(JSON.parse(fn.resourcePolicyJson!).Statement).toHaveLength(2);
    const authorizer = node(rows, 'LambdaFunction', FUNCTION_ARN.replace('orders', 'authorizer'));
    expect(authorizer).toMatchObject({ reservedConcurrency: 5, vpcId: 'vpc-1234', roleArn: CI });
    expect(pairs(rows, 'functionExecutionRole')).toContainEqual([
      FUNCTION_ARN.replace('orders', 'cross-account-role'),
      'arn:aws:iam::210987654321:role/shared-exec',
    ]);
  });

  it('writes aliases and URLs on the function and on the alias', () => {
    expect(node(rows, 'LambdaAlias', `${FUNCTION_ARN}:live`)).toMatchObject({
      name: 'live',
      functionVersion: '1',
      functionArn: FUNCTION_ARN,
    });
    expect(
      JSON.parse(node(rows, 'LambdaAlias', `${FUNCTION_ARN}:live`).resourcePolicyJson!).Statement[1].Sid,
    ).toBe('FunctionURLInvokeAllowPublicAccess');
    // CORS as typed facts the detections match (never the JSON text): no Cors → empty list, null flag.
    expect(node(rows, 'LambdaFunctionUrl', FUNCTION_ARN)).toMatchObject({
      authType: 'AWS_IAM',
      qualifier: null,
      corsAllowOrigins: [],
      corsAllowCredentials: null,
    });
    expect(node(rows, 'LambdaFunctionUrl', `${FUNCTION_ARN}:live`)).toMatchObject({
      authType: 'NONE',
      qualifier: 'live',
      url: 'https://liveurl.lambda-url.us-east-1.on.aws/',
      invokeMode: 'RESPONSE_STREAM',
      corsAllowOrigins: ['*'],
      corsAllowCredentials: true,
    });
    expect(pairs(rows, 'functionUrl')).toEqual([[FUNCTION_ARN, FUNCTION_ARN]]);
    expect(pairs(rows, 'aliasUrl')).toEqual([[`${FUNCTION_ARN}:live`, `${FUNCTION_ARN}:live`]]);
    expect(pairs(rows, 'functionAlias')).toEqual([[FUNCTION_ARN, `${FUNCTION_ARN}:live`]]);
  });

  it('gives an alias the role of the published version it points to, which $LATEST may no longer run', async () => {
    const unit = await estateUnit('lambda');
    const version = { FunctionName: 'orders', FunctionArn: `${FUNCTION_ARN}:1`, Version: '1', Role: CI };
    const withVersion = transformLambda({
      ...unit,
      data: { ...unit.data, versions: { [FUNCTION_ARN]: [version] } },
    });
    expect(pairs(withVersion, 'aliasExecutionRole')).toEqual([[`${FUNCTION_ARN}:live`, CI]]);
    expect(pairs(withVersion, 'functionExecutionRole')).toContainEqual([FUNCTION_ARN, ROLE]);
    // No published version of that number (or an alias of $LATEST): the function's role applies.
    const other = { ...version, FunctionArn: `${FUNCTION_ARN}:2`, Version: '2' };
    const unmatched = transformLambda({
      ...unit,
      data: { ...unit.data, versions: { [FUNCTION_ARN]: [other] } },
    });
    expect(pairs(unmatched, 'aliasExecutionRole')).toEqual([]);
  });

  it('never carries a property that could hold an environment value', () => {
    const names = Object.keys(node(rows, 'LambdaFunction', FUNCTION_ARN));
    expect(names.filter((name) => /variables|value|environment/i.test(name))).toEqual([]);
  });
});

describe('transformApiGatewayV2', async () => {
  const rows = transformApiGatewayV2(await estateUnit('apigatewayv2'));
  const api = 'arn:aws:apigateway:us-east-1::/apis/a1b2c3d4e5';

  it('keeps every route authorization type with its authorizer and scopes', () => {
    const routes = nodes(rows, 'APIGatewayV2Route').map((row) => [
      row.props.routeKey,
      row.props.authorizationType,
      row.props.authorizerId,
      row.props.authorizationScopes,
    ]);
    expect(routes).toEqual(
      expect.arrayContaining([
        ['GET /orders', 'NONE', null, []],
        ['POST /orders', 'JWT', 'au-jwt', ['orders/write']],
        ['ANY /admin/{proxy+}', 'AWS_IAM', null, []],
        ['$default', 'CUSTOM', 'au-lambda', []],
        ['$connect', 'NONE', null, []],
      ]),
    );
    expect(pairs(rows, 'routeAuthorizer')).toContainEqual([
      `${api}/routes/r-post`,
      `${api}/authorizers/au-jwt`,
    ]);
    expect(pairs(rows, 'routeTarget')).toContainEqual([
      `${api}/routes/r-get`,
      `${api}/integrations/i-orders`,
    ]);
  });

  it('links integrations and Lambda authorizers to the function or alias their URI names', () => {
    expect(rels(rows, 'integrationInvokesFunction').map((row) => [row.from, row.to])).toEqual(
      expect.arrayContaining([[`${api}/integrations/i-orders`, FUNCTION_ARN]]),
    );
    expect(rels(rows, 'integrationInvokesAlias')).toEqual([
      { from: `${api}/integrations/i-live`, to: `${FUNCTION_ARN}:live`, props: { qualifier: 'live' } },
    ]);
    const invoking = [...rels(rows, 'integrationInvokesFunction'), ...rels(rows, 'integrationInvokesAlias')];
    expect(invoking.map((row) => row.from)).not.toContain(`${api}/integrations/i-stagevar`);
    expect(pairs(rows, 'authorizerInvokesFunction')).toEqual([
      [`${api}/authorizers/au-lambda`, FUNCTION_ARN.replace('orders', 'authorizer')],
    ]);
    expect(node(rows, 'APIGatewayV2Authorizer', `${api}/authorizers/au-jwt`)).toMatchObject({
      jwtIssuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc',
      jwtAudience: ['client-1', 'client-2'],
    });
  });

  it('maps custom domains to HTTP and REST APIs', () => {
    const maps = [...rels(rows, 'domainMapsToApi'), ...rels(rows, 'domainMapsToRestApi')].map((row) => [
      row.to,
      row.props.apiMappingKey,
      row.props.stage,
    ]);
    expect(maps).toEqual([
      [api, '', '$default'],
      ['arn:aws:apigateway:us-east-1::/restapis/rest123456', 'v1', 'prod'],
    ]);
  });
});

describe('transformApiGatewayRest', async () => {
  const rows = transformApiGatewayRest(await estateUnit('apigateway'));
  const api = 'arn:aws:apigateway:us-east-1::/restapis/rest123456';

  it('unescapes the resource policy and keeps endpoint types', () => {
    const props = node(rows, 'APIGatewayRestApi', api);
    expect(props.endpointTypes).toEqual(['REGIONAL']);
    expect(JSON.parse(props.policyJson!).Statement[1].Condition.NotIpAddress['aws:SourceIp']).toEqual([
      '203.0.113.0/24',
    ]);
  });

  it('writes methods with authorization, API keys, authorizers and integrations', () => {
    const method = node(rows, 'APIGatewayMethod', `${api}/resources/prx1/methods/ANY`);
    expect(method).toMatchObject({
      authorizationType: 'NONE',
      apiKeyRequired: true,
      integrationType: 'AWS_PROXY',
    });
    expect(pairs(rows, 'methodInvokesFunction')).toEqual([
      [`${api}/resources/prx1/methods/ANY`, FUNCTION_ARN],
    ]);
    expect(pairs(rows, 'methodInvokesAlias')).toEqual([
      [`${api}/resources/sec1/methods/POST`, `${FUNCTION_ARN}:live`],
    ]);
    expect(pairs(rows, 'methodAuthorizer')).toEqual(
      expect.arrayContaining([
        [`${api}/resources/sec1/methods/POST`, `${api}/authorizers/tok1`],
        [`${api}/resources/sec1/methods/GET`, `${api}/authorizers/cog1`],
      ]),
    );
    expect(node(rows, 'APIGatewayRestAuthorizer', `${api}/authorizers/cog1`).providerARNs).toHaveLength(1);
    expect(node(rows, 'APIGatewayRestStage', `${api}/stages/prod`).variablesJson).toBe('{"alias":"live"}');
  });

  it("links a stage to the WAFv2 web ACL its webAclArn names (the stage's ARN is the one WAF protects)", () => {
    expect(pairs(rows, 'restStageWebAcl')).toEqual([
      [`${api}/stages/prod`, 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/x/1'],
    ]);
  });
});

describe('transformWafV2 (GetWebACL, ListResourcesForWebACL shapes)', () => {
  const rows = transformWafV2({
    accountId: WAF.ACCOUNT,
    region: WAF.REGION,
    data: JSON.parse(JSON.stringify(WAF.wafV2Data())),
  });

  it('writes each regional web ACL with its default action and rule names by priority, nothing else', () => {
    expect(rows.nodes).toEqual({
      WAFv2RegionalWebACL: [
        {
          id: WAF.ALB_ACL_ARN,
          props: {
            name: 'partners-acl',
            defaultAction: 'Allow',
            ruleNames: ['AWS-AWSManagedRulesCommonRuleSet', 'rate-limit-per-ip'],
          },
        },
        {
          id: WAF.STAGE_ACL_ARN,
          props: { name: 'api-acl', defaultAction: 'Block', ruleNames: ['allow-office'] },
        },
      ],
    });
  });

  it('links a web ACL to the load balancers it protects, and only those', () => {
    expect(Object.keys(rows.relationships)).toEqual(['webAclLoadBalancer']);
    expect(pairs(rows, 'webAclLoadBalancer')).toEqual([[WAF.ALB_ACL_ARN, WAF.ALB_ARN]]);
  });
});

describe('transformElbv2', async () => {
  const rows = transformElbv2(await estateUnit('elbv2'));

  it('keeps rule actions in AWS order and priorities as numbers, the default rule last', () => {
    const rules = nodes(rows, 'ELBV2Rule')
      .filter((row) => !row.id.endsWith('default80'))
      .map((row) => row.props);
    expect(rules.map((rule) => rule.priority)).toEqual([1, 10, 2, null]);
    expect(rules.map((rule) => rule.isDefault)).toEqual([false, false, false, true]);
    const first = JSON.parse(rules[0]!.actionsJson!);
    expect(first.map((action: { Type: string }) => action.Type)).toEqual(['authenticate-oidc', 'forward']);
    expect(first[0].AuthenticateOidcConfig.OnUnauthenticatedRequest).toBe('allow');
    expect(JSON.parse(rules[1]!.actionsJson!)[0].Type).toBe('jwt-validation');
    expect(JSON.parse(rules[1]!.conditionsJson!)[0].SourceIpConfig.Values).toEqual(['10.0.0.0/8']);
  });

  it('links forward actions with weights, and Lambda targets', () => {
    const forwards = rels(rows, 'ruleForwardsTo').map((row) => [row.to.split('/')[1], row.props.weight]);
    expect(forwards).toEqual([
      ['orders-tg', 1],
      ['orders-tg', 90],
      ['canary-tg', 10],
      ['ip-tg', null],
    ]);
    expect(rels(rows, 'targetGroupFunction').map((row) => row.to)).toEqual([FUNCTION_ARN]);
    expect(rels(rows, 'targetGroupAlias').map((row) => row.to)).toEqual([`${FUNCTION_ARN}:live`]);
    expect(pairs(rows, 'loadBalancerSecurityGroup')[0]?.[1]).toBe(
      `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-0123456789abcdef0`,
    );
  });
});

describe('transformEc2 and transformOrganizations', async () => {
  it('keeps IPv4 and IPv6 ingress ranges', async () => {
    const rows = transformEc2(await estateUnit('ec2'));
    const ingress = JSON.parse(nodes(rows, 'EC2SecurityGroup')[0]!.props.ingressJson!);
    expect(ingress[0].IpRanges[0].CidrIp).toBe('0.0.0.0/0');
    expect(ingress[0].Ipv6Ranges[0].CidrIpv6).toBe('::/0');
  });

  it('writes the prefix lists the rules name with their entries, and links each group to them', async () => {
    const unit = await estateUnit('ec2');
    const GROUP = 'sg-0cf';
    const CF_ARN = 'arn:aws:ec2:us-east-1:aws:prefix-list/pl-3b927c52';
    const OFFICE_ARN = `arn:aws:ec2:us-east-1:${ACCOUNT}:prefix-list/pl-0office`;
    const rule = (PrefixListId: string) => ({
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      PrefixListIds: [{ PrefixListId }],
    });
    // DescribeManagedPrefixLists and GetManagedPrefixListEntries shapes (EC2 API reference).
    const rows = transformEc2({
      ...unit,
      data: {
        securityGroups: [{ GroupId: GROUP, IpPermissions: [rule('pl-3b927c52'), rule('pl-0office')] }],
        prefixLists: [
          {
            PrefixListId: 'pl-3b927c52',
            PrefixListName: 'com.amazonaws.global.cloudfront.origin-facing',
            PrefixListArn: CF_ARN,
            AddressFamily: 'IPv4',
            OwnerId: 'AWS',
            State: 'create-complete',
          },
          {
            PrefixListId: 'pl-0office',
            PrefixListName: 'office-egress',
            PrefixListArn: OFFICE_ARN,
            AddressFamily: 'IPv4',
            OwnerId: ACCOUNT,
            State: 'create-complete',
          },
        ],
        prefixListEntries: { 'pl-0office': [{ Cidr: '203.0.113.0/24', Description: 'office' }] },
      },
    });
    expect(node(rows, 'EC2PrefixList', OFFICE_ARN)).toMatchObject({
      prefixListId: 'pl-0office',
      name: 'office-egress',
      cidrs: ['203.0.113.0/24'],
      entriesCollected: true,
    });
    // Entries not read are unknown, not empty.
    expect(node(rows, 'EC2PrefixList', CF_ARN)).toMatchObject({ cidrs: [], entriesCollected: false });
    expect(pairs(rows, 'securityGroupPrefixList')).toEqual([
      [`arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/${GROUP}`, CF_ARN],
      [`arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/${GROUP}`, OFFICE_ARN],
    ]);
  });

  it('names accounts and flags the management account', async () => {
    const rows = transformOrganizations(await estateUnit('organizations'));
    expect(rows.shared.AWSAccount).toEqual([
      {
        id: ACCOUNT,
        props: {
          name: 'payments-prod',
          email: 'root@example.com',
          status: 'ACTIVE',
          isManagementAccount: true,
        },
      },
    ]);
  });

  it('keeps the OU tree and where each SCP is attached (AWS SDK shapes)', () => {
    const org = 'o-abc123';
    const rootArn = `arn:aws:organizations::${MANAGEMENT}:root/${org}/r-abcd`;
    const ouArn = `arn:aws:organizations::${MANAGEMENT}:ou/${org}/ou-abcd-11111111`;
    const fullAccess = 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess';
    const denyIam = `arn:aws:organizations::${MANAGEMENT}:policy/${org}/service_control_policy/p-denyiam1`;
    const fullAccessSummary = {
      Id: 'p-FullAWSAccess',
      Arn: fullAccess,
      Name: 'FullAWSAccess',
      Type: 'SERVICE_CONTROL_POLICY' as const,
      AwsManaged: true,
    };
    const denyDocument =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}';
    const rows = transformOrganizations({
      accountId: MANAGEMENT,
      region: 'global',
      data: {
        accounts: [
          { Id: MANAGEMENT, Name: 'management', Email: 'm@example.com', Status: 'ACTIVE' },
          { Id: ACCOUNT, Name: 'payments-prod', Email: 'root@example.com', Status: 'ACTIVE' },
        ],
        roots: [{ Id: 'r-abcd', Arn: rootArn, Name: 'Root', PolicyTypes: [] }],
        organizationalUnits: [{ Id: 'ou-abcd-11111111', Arn: ouArn, Name: 'workloads' }],
        policies: [
          { PolicySummary: fullAccessSummary, Content: '{"Statement":[]}' },
          {
            PolicySummary: {
              Id: 'p-denyiam1',
              Arn: denyIam,
              Name: 'deny-iam',
              Description: 'no IAM changes',
              Type: 'SERVICE_CONTROL_POLICY',
              AwsManaged: false,
            },
            Content: denyDocument,
          },
        ],
        // ListTargetsForPolicy gives summaries; the fixture's may lack the ARN (found by Id).
        policiesForTarget: {
          'r-abcd': [
            { Id: 'p-FullAWSAccess', Name: 'FullAWSAccess' },
            { ...fullAccessSummary, Id: 'p-denyiam1', Arn: denyIam },
          ],
          'ou-abcd-11111111': [fullAccessSummary],
          [ACCOUNT]: [fullAccessSummary],
          'r-unknown': [fullAccessSummary],
        },
        parents: { 'ou-abcd-11111111': 'r-abcd', [MANAGEMENT]: 'r-abcd', [ACCOUNT]: 'ou-abcd-11111111' },
        managementAccountId: MANAGEMENT,
      },
    });
    expect(node(rows, 'AWSAccount', MANAGEMENT).isManagementAccount).toBe(true);
    expect(node(rows, 'AWSAccount', ACCOUNT).isManagementAccount).toBe(false);
    expect(node(rows, 'AWSOrganizationRoot', rootArn)).toEqual({ rootId: 'r-abcd', name: 'Root' });
    expect(node(rows, 'AWSOrganizationalUnit', ouArn)).toEqual({
      ouId: 'ou-abcd-11111111',
      name: 'workloads',
    });
    expect(node(rows, 'AWSOrganizationPolicy', denyIam)).toEqual({
      policyId: 'p-denyiam1',
      name: 'deny-iam',
      description: 'no IAM changes',
      awsManaged: false,
      documentJson: denyDocument,
    });
    expect(pairs(rows, 'scpAppliesToRoot')).toEqual([
      [fullAccess, rootArn],
      [denyIam, rootArn],
    ]);
    expect(pairs(rows, 'scpAppliesToOu')).toEqual([[fullAccess, ouArn]]);
    expect(pairs(rows, 'scpAppliesToAccount')).toEqual([[fullAccess, ACCOUNT]]);
    expect(pairs(rows, 'rootContainsOu')).toEqual([[rootArn, ouArn]]);
    expect(pairs(rows, 'rootContainsAccount')).toEqual([[rootArn, MANAGEMENT]]);
    expect(pairs(rows, 'ouContainsAccount')).toEqual([[ouArn, ACCOUNT]]);
    expect(rows.warnings).toEqual([
      'organizations: SCP arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess on r-unknown left out (unknown policy or target)',
    ]);
  });
});

describe('trustTargets', () => {
  const set = (fields: Partial<PrincipalSet>): PrincipalSet => ({
    everyone: false,
    aws: [],
    service: [],
    federated: [],
    canonicalUser: [],
    ...fields,
  });
  it.each([
    ['"*"', set({ everyone: true }), [['roleTrustsPrincipal', '*', '*']]],
    ['{"AWS": "*"}', set({ aws: ['*'] }), [['roleTrustsPrincipal', '*', 'AWS']]],
    [
      'account root',
      set({ aws: ['arn:aws:iam::111122223333:root'] }),
      [['roleTrustsAccount', '111122223333', 'AWS']],
    ],
    [
      'role in a path',
      set({ aws: ['arn:aws:iam::111122223333:role/a/b'] }),
      [['roleTrustsRole', 'arn:aws:iam::111122223333:role/a/b', 'AWS']],
    ],
    [
      'user',
      set({ aws: ['arn:aws:iam::111122223333:user/u'] }),
      [['roleTrustsUser', 'arn:aws:iam::111122223333:user/u', 'AWS']],
    ],
    [
      'assumed-role session',
      set({ aws: ['arn:aws:sts::111122223333:assumed-role/r/s'] }),
      [['roleTrustsPrincipal', 'arn:aws:sts::111122223333:assumed-role/r/s', 'AWS']],
    ],
    [
      'unique id of a deleted role',
      set({ aws: ['AROAEXAMPLEID'] }),
      [['roleTrustsPrincipal', 'AROAEXAMPLEID', 'AWS']],
    ],
    [
      'China partition root',
      set({ aws: ['arn:aws-cn:iam::111122223333:root'] }),
      [['roleTrustsAccount', '111122223333', 'AWS']],
    ],
    [
      'service',
      set({ service: ['lambda.amazonaws.com'] }),
      [['roleTrustsService', 'lambda.amazonaws.com', 'Service']],
    ],
    [
      'federated',
      set({ federated: ['accounts.google.com'] }),
      [['roleTrustsFederated', 'accounts.google.com', 'Federated']],
    ],
    [
      'canonical user',
      set({ canonicalUser: ['79a59df900b949e5'] }),
      [['roleTrustsPrincipal', '79a59df900b949e5', 'CanonicalUser']],
    ],
  ])('%s', (_name, principal, expected) => {
    expect(trustTargets(principal)).toEqual(expected);
  });

  it('reads a bare account id the way AWS stores it', () => {
    const document =
      '{"Statement":{"Effect":"Allow","Principal":{"AWS":["111122223333"]},"Action":"sts:AssumeRole"}}';
    const rows = transformIam({
      accountId: ACCOUNT,
      region: 'global',
      data: {
        authorizationDetails: {
          UserDetailList: [],
          GroupDetailList: [],
          Policies: [],
          RoleDetailList: [
            { RoleName: 'r', Arn: `arn:aws:iam::${ACCOUNT}:role/r`, AssumeRolePolicyDocument: document },
          ],
        },
      },
    });
    expect(rels(rows, 'roleTrustsAccount').map((row) => row.to)).toEqual(['111122223333']);
    // Optional fields absent: nulls, never undefined.
    expect(Object.values(node(rows, 'AWSRole', `arn:aws:iam::${ACCOUNT}:role/r`))).not.toContain(undefined);
  });
});

describe('transformCloudFront (ListDistributions, ListOriginAccessControls, GetWebACL shapes)', () => {
  const rows = transformCloudFront({
    accountId: CF.ACCOUNT,
    region: 'global',
    data: JSON.parse(JSON.stringify(CF.cloudFrontData())),
  });
  const D = CF.DISTRIBUTION_ARN;
  const OAC = `${CF.ACCOUNT}/origin-access-control/${CF.OAC_ID}`;

  it('writes every node of the unit, keyed as docs/schema.md says', () => {
    const ids = (Object.keys(rows.nodes) as NodeLabel[]).flatMap((label) =>
      nodes(rows, label).map((row) => `${label} ${row.id}`),
    );
    expect(ids.sort()).toEqual(
      [
        `CloudFrontCacheBehavior ${D}/behaviors//api/*`,
        `CloudFrontCacheBehavior ${D}/behaviors//private/*`,
        `CloudFrontCacheBehavior ${D}/behaviors/default`,
        `CloudFrontDistribution ${D}`,
        `CloudFrontOrigin ${D}/origins/orders-url`,
        `CloudFrontOriginAccessControl ${OAC}`,
        `WAFv2WebACL ${CF.WEB_ACL_ARN}`,
      ].sort(),
    );
  });

  it('keeps behaviours in precedence order with their viewer settings, the default last', () => {
    expect(node(rows, 'CloudFrontCacheBehavior', `${D}/behaviors//private/*`)).toEqual({
      name: 'd111111abcdef8.cloudfront.net /private/*',
      pathPattern: '/private/*',
      isDefault: false,
      precedence: 1,
      targetOriginId: 'orders-url',
      originIds: ['orders-url'],
      viewerProtocolPolicy: 'redirect-to-https',
      trustedKeyGroups: ['c6a2ec4e-90d6-4e1b-9d1f-EXAMPLE22222'],
      trustedSigners: [],
      functionAssociationsJson: '[]',
      lambdaAssociationsJson: JSON.stringify([
        { LambdaFunctionARN: CF.EDGE_FUNCTION, EventType: 'origin-request', IncludeBody: false },
      ]),
    });
    expect(node(rows, 'CloudFrontCacheBehavior', `${D}/behaviors/default`)).toMatchObject({
      pathPattern: '*',
      isDefault: true,
      precedence: null,
      functionAssociationsJson: JSON.stringify([
        { FunctionARN: CF.CF_FUNCTION, EventType: 'viewer-request' },
      ]),
    });
  });

  it('links behaviours to origins, origins to their OAC, Lambda@Edge to the function, and the web ACL', () => {
    expect(pairs(rows, 'behaviorOrigin').map(([, to]) => to)).toEqual([
      `${D}/origins/orders-url`,
      `${D}/origins/orders-url`,
      `${D}/origins/orders-url`,
    ]);
    expect(pairs(rows, 'originAccessControl')).toEqual([[`${D}/origins/orders-url`, OAC]]);
    expect(rels(rows, 'behaviorEdgeFunction')).toEqual([
      {
        from: `${D}/behaviors//private/*`,
        to: `arn:aws:lambda:us-east-1:${CF.ACCOUNT}:function:edge-auth`,
        props: { eventType: 'origin-request', functionVersionArn: CF.EDGE_FUNCTION },
      },
    ]);
    expect(pairs(rows, 'distributionWebAcl')).toEqual([[D, CF.WEB_ACL_ARN]]);
    expect(node(rows, 'WAFv2WebACL', CF.WEB_ACL_ARN)).toEqual({
      name: 'edge-acl',
      defaultAction: 'Allow',
      ruleNames: ['AWS-AWSManagedRulesCommonRuleSet', 'rate-limit-per-ip'],
    });
  });
});

describe('transformCloudFront with an origin group (OriginGroups of ListDistributions)', () => {
  const rows = transformCloudFront({
    accountId: '111122223333',
    region: 'global',
    data: JSON.parse(JSON.stringify(originsFixture)),
  });
  const D = originsFixture.distributions[0]!.ARN!;

  it('sends a behaviour that targets a group to every member, and others to their own origin', () => {
    expect(pairs(rows, 'behaviorOrigin').sort()).toEqual(
      [
        [`${D}/behaviors//web/*`, `${D}/origins/legacy`],
        [`${D}/behaviors//web/*`, `${D}/origins/alb`],
        [`${D}/behaviors//assets/*`, `${D}/origins/assets`],
        [`${D}/behaviors/default`, `${D}/origins/api`],
      ].sort(),
    );
    expect(node(rows, 'CloudFrontCacheBehavior', `${D}/behaviors//web/*`)).toMatchObject({
      targetOriginId: 'web-failover',
      originIds: ['legacy', 'alb'],
    });
  });
});
