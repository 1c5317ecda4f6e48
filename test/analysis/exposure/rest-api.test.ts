import type { Method, RestApi, Authorizer as RestAuthorizer } from '@aws-sdk/client-api-gateway';
import { describe, expect, it } from 'vitest';
import type { StageMapping } from '../../../src/analysis/exposure/api-gateway.js';
import { restApiExposure, restMethodKey } from '../../../src/analysis/exposure/rest-api.js';
import {
  lambdaMethod,
  resource,
  restApi,
  restExecuteApiSource,
  restPolicy,
  restStage,
  tokenAuthorizer,
} from '../../fixtures/exposure/api-gateway-rest.js';
import {
  ACCOUNT,
  FUNCTION_ARN,
  getPolicy,
  OTHER_ACCOUNT,
  REGION,
  serviceGrant,
} from '../../fixtures/exposure/lambda.js';

const AUTHORIZER_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:token-check`;
const granted = new Map<string, string | null>([
  [
    FUNCTION_ARN,
    getPolicy(serviceGrant('apigateway.amazonaws.com', { sourceArn: restExecuteApiSource('*/GET/invoices') }))
      .Policy,
  ],
  [
    AUTHORIZER_ARN,
    getPolicy(
      serviceGrant('apigateway.amazonaws.com', {
        sourceArn: restExecuteApiSource('authorizers/auth01'),
        resource: AUTHORIZER_ARN,
      }),
    ).Policy,
  ],
]);
const anyoneInvoke = {
  Effect: 'Allow',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: 'execute-api:/*',
};

interface Case {
  name: string;
  api?: RestApi;
  method?: Method;
  authorizers?: RestAuthorizer[];
  mappings?: StageMapping[];
  policies?: Map<string, string | null>;
  exposure: string;
  blockedBy?: string;
  evidence?: RegExp;
  /** Whom outside the account a cross-account verdict admits (where a finding's path starts); else absent. */
  outsidePrincipals?: string[];
}

const cases: Case[] = [
  { name: 'REGIONAL, NONE, no API key, permission matches: public', exposure: 'public_unauthenticated' },
  {
    name: 'EDGE endpoint is internet-facing too',
    api: restApi({ endpointConfiguration: { types: ['EDGE'] } }),
    exposure: 'public_unauthenticated',
  },
  {
    name: 'look-alike: PRIVATE endpoint is not internet-facing',
    api: restApi({ endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-0a1b2c3d'] } }),
    exposure: 'not_exposed',
    blockedBy: 'private_endpoint',
  },
  {
    name: 'API key alone is weak',
    method: lambdaMethod('GET', { apiKeyRequired: true }),
    exposure: 'public_weak_auth',
    evidence: /not authentication/,
  },
  {
    name: 'look-alike: Cognito user pool authorizer',
    method: lambdaMethod('GET', { authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'cog01' }),
    authorizers: [
      {
        id: 'cog01',
        name: 'users',
        type: 'COGNITO_USER_POOLS',
        providerARNs: [`arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${REGION}_AbC`],
      },
    ],
    exposure: 'public_authenticated',
  },
  {
    name: 'look-alike: AWS_IAM method',
    method: lambdaMethod('GET', { authorizationType: 'AWS_IAM' }),
    exposure: 'public_authenticated',
  },
  {
    name: 'resource policy allowing anyone keeps the method public',
    api: restApi({ policy: restPolicy([anyoneInvoke]) }),
    exposure: 'public_unauthenticated',
    evidence: /resource policy for prod\/GET\/invoices \(stage\/verb\/path\): statement 0/,
  },
  {
    name: 'look-alike: resource policy allowing only a VPC endpoint',
    api: restApi({
      policy: restPolicy([
        { ...anyoneInvoke, Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d' } } },
      ]),
    }),
    exposure: 'not_exposed',
    blockedBy: 'resource_policy_denies_internet',
  },
  {
    name: 'resource policy with an IP allow-list of public addresses: authenticated by network',
    api: restApi({
      policy: restPolicy([
        { ...anyoneInvoke, Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } } },
      ]),
    }),
    exposure: 'public_authenticated',
    evidence: /203\.0\.113\.0\/24/,
  },
  {
    name: 'look-alike: Deny everyone not from a private range',
    api: restApi({
      policy: restPolicy([
        anyoneInvoke,
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
          Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        },
      ]),
    }),
    exposure: 'not_exposed',
    blockedBy: 'resource_policy_denies_internet',
  },
  {
    name: 'Deny scoped to another method does not close this one',
    api: restApi({
      policy: restPolicy([
        anyoneInvoke,
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*/POST/admin',
        },
      ]),
    }),
    exposure: 'public_unauthenticated',
  },
  {
    name: 'look-alike: resource policy without any Allow for NONE methods (implicit deny)',
    api: restApi({
      policy: restPolicy([{ ...anyoneInvoke, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }]),
    }),
    exposure: 'not_exposed',
    blockedBy: 'resource_policy_denies_internet',
  },
  {
    name: 'look-alike: missing invoke permission',
    policies: new Map([[FUNCTION_ARN, null]]),
    exposure: 'not_exposed',
    blockedBy: 'missing_invoke_permission',
  },
  {
    name: 'look-alike: default endpoint disabled, no custom domain',
    api: restApi({ disableExecuteApiEndpoint: true }),
    exposure: 'not_exposed',
    blockedBy: 'execute_api_endpoint_disabled',
  },
  {
    name: 'default endpoint disabled, custom domain maps the stage',
    api: restApi({ disableExecuteApiEndpoint: true }),
    mappings: [{ domainName: 'billing.example.com', stage: 'prod' }],
    exposure: 'public_unauthenticated',
    evidence: /billing\.example\.com/,
  },
  {
    name: 'look-alike: API key method only served on an mTLS custom domain is authenticated',
    api: restApi({ disableExecuteApiEndpoint: true }),
    method: lambdaMethod('GET', { apiKeyRequired: true }),
    mappings: [{ domainName: 'billing.example.com', stage: 'prod', mutualTls: true }],
    exposure: 'public_authenticated',
    evidence: /client certificate/,
  },
  {
    name: 'AWS_IAM with a resource policy allowing Principal "*" admits any AWS account: weak',
    api: restApi({ policy: restPolicy([anyoneInvoke]) }),
    method: lambdaMethod('GET', { authorizationType: 'AWS_IAM' }),
    exposure: 'public_weak_auth',
    evidence: /admits callers outside the account/,
  },
  {
    name: 'AWS_IAM with a resource policy allowing another account: cross-account',
    api: restApi({
      policy: restPolicy([{ ...anyoneInvoke, Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` } }]),
    }),
    method: lambdaMethod('GET', { authorizationType: 'AWS_IAM' }),
    exposure: 'cross_account',
    outsidePrincipals: [`arn:aws:iam::${OTHER_ACCOUNT}:root`],
  },
  {
    name: 'AWS_IAM admitting a role of another account and a bare account id: both named, sorted, own account left out',
    api: restApi({
      policy: restPolicy([
        {
          ...anyoneInvoke,
          Principal: {
            AWS: [
              `arn:aws:iam::${OTHER_ACCOUNT}:role/partner-sync`,
              '777788889999',
              `arn:aws:iam::${ACCOUNT}:role/own-caller`,
            ],
          },
        },
      ]),
    }),
    method: lambdaMethod('GET', { authorizationType: 'AWS_IAM' }),
    exposure: 'cross_account',
    outsidePrincipals: [`arn:aws:iam::${OTHER_ACCOUNT}:role/partner-sync`, 'arn:aws:iam::777788889999:root'],
  },
  {
    name: 'look-alike: AWS_IAM admitting another account but only from an allow-listed network is no longer cross-account',
    api: restApi({
      policy: restPolicy([
        { ...anyoneInvoke, Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` } },
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
          Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
        },
      ]),
    }),
    method: lambdaMethod('GET', { authorizationType: 'AWS_IAM' }),
    exposure: 'public_authenticated',
  },
  {
    name: 'look-alike: AWS_IAM with a resource policy allowing only the own account',
    api: restApi({
      policy: restPolicy([{ ...anyoneInvoke, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }]),
    }),
    method: lambdaMethod('GET', { authorizationType: 'AWS_IAM' }),
    exposure: 'public_authenticated',
  },
  {
    name: 'look-alike: AWS_IAM with Principal "*" pinned to the organization stays cross-account, not weak',
    api: restApi({
      policy: restPolicy([
        { ...anyoneInvoke, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } },
      ]),
    }),
    method: lambdaMethod('GET', { authorizationType: 'AWS_IAM' }),
    exposure: 'cross_account',
    outsidePrincipals: ['o-a1b2c3d4e5'],
  },
];

describe('restApiExposure: methods', () => {
  it.each(cases)('$name', (c) => {
    const result = restApiExposure(
      {
        accountId: ACCOUNT,
        region: REGION,
        api: c.api ?? restApi(),
        resources: [resource('/invoices', { GET: c.method ?? lambdaMethod('GET') })],
        authorizers: c.authorizers ?? [],
        stages: [restStage()],
        mappings: c.mappings ?? [],
      },
      c.policies ?? granted,
    );
    const exposure = result.methods.get(restMethodKey('res001', 'GET'))!;
    expect(exposure.exposure).toBe(c.exposure);
    expect(exposure.blockedBy).toBe(c.blockedBy);
    expect(exposure.outsidePrincipals).toEqual(c.outsidePrincipals);
    if (c.exposure !== 'not_exposed') expect(exposure.reaches).toEqual([FUNCTION_ARN]);
    if (c.evidence) expect(exposure.evidence.map((e) => e.text).join('\n')).toMatch(c.evidence);
  });
});

// The default endpoint's domain is the partition's (https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-call-api.html;
// China: https://docs.amazonaws.cn/en_us/aws/latest/userguide/endpoints-Beijing.html).
describe('restApiExposure: the stage address in its partition', () => {
  it.each([
    ['us-east-1', 'amazonaws.com'],
    ['cn-north-1', 'amazonaws.com.cn'],
    ['eusc-de-east-1', 'amazonaws.eu'],
  ])('a stage in %s is served at execute-api.<region>.%s', (region, suffix) => {
    const result = restApiExposure(
      {
        accountId: ACCOUNT,
        region,
        api: restApi(),
        resources: [resource('/invoices', { GET: lambdaMethod('GET') })],
        authorizers: [],
        stages: [restStage()],
        mappings: [],
      },
      granted,
    );
    const evidence = result.methods.get(restMethodKey('res001', 'GET'))!.evidence.map((e) => e.text);
    expect(evidence).toContainEqual(expect.stringContaining(`.execute-api.${region}.${suffix}/`));
  });
});

describe('restApiExposure: Lambda authorizers', () => {
  const facts = (api: RestApi, method: Method) => ({
    accountId: ACCOUNT,
    region: REGION,
    api,
    resources: [resource('/invoices', { GET: method })],
    authorizers: [tokenAuthorizer(AUTHORIZER_ARN)],
    stages: [restStage()],
    mappings: [],
  });
  const custom = lambdaMethod('GET', { authorizationType: 'CUSTOM', authorizerId: 'auth01' });

  it('a TOKEN authorizer guarding a served method is exposed without authentication', () => {
    const result = restApiExposure(facts(restApi(), custom), granted);
    expect(result.authorizers.get('auth01')).toMatchObject({
      exposure: 'public_unauthenticated',
      reaches: [AUTHORIZER_ARN],
    });
    expect(result.methods.get(restMethodKey('res001', 'GET'))!.exposure).toBe('public_authenticated');
  });

  it('look-alike: the authorizer of a PRIVATE API is not exposed', () => {
    const result = restApiExposure(
      facts(restApi({ endpointConfiguration: { types: ['PRIVATE'] } }), custom),
      granted,
    );
    expect(result.authorizers.size).toBe(0);
  });
});

/**
 * A request carries one execute-api ARN: its stage, its verb and its path. A resource-policy Deny that
 * names one stage or one verb closes only those requests; the method stays as open as its most open
 * stage and verb (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html).
 */
describe('restApiExposure: resource policy per deployed stage and verb', () => {
  const denyOn = (resource: string | string[]) => ({
    Effect: 'Deny',
    Principal: '*',
    Action: 'execute-api:Invoke',
    Resource: resource,
  });
  const anyVerbGrant = new Map<string, string | null>([
    [
      FUNCTION_ARN,
      getPolicy(serviceGrant('apigateway.amazonaws.com', { sourceArn: restExecuteApiSource('*/*/invoices') }))
        .Policy,
    ],
  ]);
  const stageCases = [
    {
      name: 'a Deny on stage beta leaves stage prod open, and the evidence names prod',
      verb: 'GET',
      deny: ['execute-api:/beta/*'],
      exposure: 'public_unauthenticated',
      open: /resource policy for prod\/GET\/invoices/,
    },
    {
      name: 'a Deny on stage prod (full ARN form) leaves stage beta open',
      verb: 'GET',
      deny: [restExecuteApiSource('prod/*/*')],
      exposure: 'public_unauthenticated',
      open: /resource policy for beta\/GET\/invoices/,
    },
    {
      name: 'an ANY method with GET denied stays open through the other verbs',
      verb: 'ANY',
      deny: ['execute-api:/*/GET/*'],
      exposure: 'public_unauthenticated',
      open: /resource policy for (prod|beta)\/(POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\/invoices/,
    },
    {
      name: 'look-alike: a Deny on both stages closes the method',
      verb: 'GET',
      deny: ['execute-api:/prod/*', 'execute-api:/beta/*'],
      exposure: 'not_exposed',
    },
    {
      name: 'look-alike: an ANY method with every verb denied on every stage is closed',
      verb: 'ANY',
      deny: ['execute-api:/*/*/invoices'],
      exposure: 'not_exposed',
    },
  ];
  it.each(stageCases)('$name', (c) => {
    const result = restApiExposure(
      {
        accountId: ACCOUNT,
        region: REGION,
        api: restApi({ policy: restPolicy([anyoneInvoke, denyOn(c.deny)]) }),
        resources: [resource('/invoices', { [c.verb]: lambdaMethod(c.verb) })],
        authorizers: [],
        stages: [restStage('prod'), restStage('beta')],
        mappings: [],
      },
      anyVerbGrant,
    );
    const exposure = result.methods.get(restMethodKey('res001', c.verb))!;
    expect(exposure.exposure).toBe(c.exposure);
    if (c.open) {
      expect(exposure.reaches).toEqual([FUNCTION_ARN]);
      expect(exposure.evidence.map((e) => e.text).join('\n')).toMatch(c.open);
    } else {
      expect(exposure.blockedBy).toBe('resource_policy_denies_internet');
    }
  });

  it('AWS_IAM: outsiders admitted on different stages are all named, from the stages equally exposed', () => {
    const admit = (stage: string, aws: string) => ({
      ...anyoneInvoke,
      Principal: { AWS: aws },
      Resource: `execute-api:/${stage}/*`,
    });
    const partnerRole = `arn:aws:iam::${OTHER_ACCOUNT}:role/partner-sync`;
    const result = restApiExposure(
      {
        accountId: ACCOUNT,
        region: REGION,
        api: restApi({
          policy: restPolicy([admit('prod', partnerRole), admit('beta', 'arn:aws:iam::777788889999:root')]),
        }),
        resources: [resource('/invoices', { GET: lambdaMethod('GET', { authorizationType: 'AWS_IAM' }) })],
        authorizers: [],
        stages: [restStage('prod'), restStage('beta')],
        mappings: [],
      },
      anyVerbGrant,
    );
    const exposure = result.methods.get(restMethodKey('res001', 'GET'))!;
    expect(exposure.exposure).toBe('cross_account');
    expect(exposure.outsidePrincipals).toEqual([partnerRole, 'arn:aws:iam::777788889999:root']);
  });

  it('a stage without the invoke permission does not make another stage open', () => {
    // The Deny closes prod; beta is open by policy but the function only lets prod's ARN invoke it.
    const prodOnly = new Map<string, string | null>([
      [
        FUNCTION_ARN,
        getPolicy(
          serviceGrant('apigateway.amazonaws.com', { sourceArn: restExecuteApiSource('prod/GET/invoices') }),
        ).Policy,
      ],
    ]);
    const result = restApiExposure(
      {
        accountId: ACCOUNT,
        region: REGION,
        api: restApi({ policy: restPolicy([anyoneInvoke, denyOn('execute-api:/prod/*')]) }),
        resources: [resource('/invoices', { GET: lambdaMethod('GET') })],
        authorizers: [],
        stages: [restStage('prod'), restStage('beta')],
        mappings: [],
      },
      prodOnly,
    );
    expect(result.methods.get(restMethodKey('res001', 'GET'))!.exposure).toBe('not_exposed');
  });
});
