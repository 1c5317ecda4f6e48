/**
 * Confused deputy through service principals: each service that invokes Lambda for a customer, granted
 * without a condition that pins the source, lets a resource of any account drive the function
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html,
 * https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html). Expected verdicts are written
 * out per service from those pages, not read from our table.
 */
import { describe, expect, it } from 'vitest';
import { resourcePolicyExposures } from '../../../src/analysis/exposure/resource-policy.js';
import {
  ACCOUNT,
  FUNCTION_ARN,
  getPolicy,
  publicInvokeGrant,
  withCondition,
} from '../../fixtures/exposure/lambda.js';

const OTHER = '444455556666';

/** AddPermission's rendering: Principal {Service}, lambda:InvokeFunction, the given Condition block. */
function grant(service: string, condition?: Record<string, Record<string, unknown>>) {
  return {
    Sid: 'svc',
    Effect: 'Allow',
    Principal: { Service: service },
    Action: 'lambda:InvokeFunction',
    Resource: FUNCTION_ARN,
    ...(condition ? { Condition: condition } : {}),
  };
}

const deputy = (service: string) => ({
  exposure: 'public_weak_auth',
  principalIsAnyone: false,
  anyoneMayInvoke: false,
  unpinnedServices: [service],
});
const verdictOf = (statements: Record<string, unknown>[]) =>
  resourcePolicyExposures(FUNCTION_ARN, getPolicy(...statements).Policy).map((r) => ({
    exposure: r.exposure,
    ...r.grants,
  }));

// Every service the brief names, with a SourceArn of its own resource in the owner's account.
const SERVICES: [string, string][] = [
  ['s3.amazonaws.com', 'arn:aws:s3:::invoices-bucket'],
  ['sns.amazonaws.com', `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`],
  ['sqs.amazonaws.com', `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`],
  ['events.amazonaws.com', `arn:aws:events:us-east-1:${ACCOUNT}:rule/nightly`],
  ['apigateway.amazonaws.com', `arn:aws:execute-api:us-east-1:${ACCOUNT}:a1b2c3d4e5/*/GET/orders`],
  ['cloudfront.amazonaws.com', `arn:aws:cloudfront::${ACCOUNT}:distribution/E2QWRUHAPOMQZL`],
  ['iot.amazonaws.com', `arn:aws:iot:us-east-1:${ACCOUNT}:rule/telemetry`],
  ['cognito-idp.amazonaws.com', `arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/us-east-1_AbC`],
  ['ses.amazonaws.com', `arn:aws:ses:us-east-1:${ACCOUNT}:receipt-rule-set/inbound:receipt-rule/store`],
  ['logs.amazonaws.com', `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:app:*`],
  ['logs.eu-west-1.amazonaws.com', `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:app:*`],
  ['config.amazonaws.com', `arn:aws:config:us-east-1:${ACCOUNT}:config-rule/config-rule-a1b2c3`],
  ['secretsmanager.amazonaws.com', `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-AbCdEf`],
  ['appsync.amazonaws.com', `arn:aws:appsync:us-east-1:${ACCOUNT}:apis/graphqlapiid`],
  ['kafka.amazonaws.com', `arn:aws:kafka:us-east-1:${ACCOUNT}:cluster/orders/abcd-1234`],
];

describe('service grants without a source are confused deputies', () => {
  it.each(SERVICES)('%s with no condition', (service) => {
    expect(verdictOf([grant(service)])).toEqual([deputy(service)]);
  });

  it.each(SERVICES)('look-alike: %s pinned by aws:SourceAccount', (service) => {
    expect(verdictOf([grant(service, { StringEquals: { 'AWS:SourceAccount': ACCOUNT } })])).toEqual([]);
  });

  it.each(SERVICES.filter(([service]) => service !== 's3.amazonaws.com'))(
    'look-alike: %s pinned by a SourceArn naming its account',
    (service, sourceArn) => {
      expect(verdictOf([grant(service, { ArnLike: { 'AWS:SourceArn': sourceArn } })])).toEqual([]);
    },
  );

  it.each(['alexa-appkit.amazon.com', 'alexa-connectedhome.amazon.com'])(
    '%s without lambda:EventSourceToken is a deputy; with the skill id it is pinned',
    (service) => {
      expect(verdictOf([grant(service)])).toEqual([deputy(service)]);
      expect(
        verdictOf([
          grant(service, { StringEquals: { 'lambda:EventSourceToken': 'amzn1.ask.skill.1a2b3c' } }),
        ]),
      ).toEqual([]);
    },
  );
});

describe('conditions that look like a pin but name nobody', () => {
  const cases: [string, string, Record<string, Record<string, unknown>>][] = [
    [
      'S3 with SourceArn arn:aws:s3:::*',
      's3.amazonaws.com',
      { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::*' } },
    ],
    [
      'S3 with a fixed bucket ARN but no SourceAccount (a deleted bucket name can be taken; Lambda.1)',
      's3.amazonaws.com',
      { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::invoices-bucket' } },
    ],
    [
      'SNS with SourceArn arn:aws:sns:*:*:*',
      'sns.amazonaws.com',
      { ArnLike: { 'AWS:SourceArn': 'arn:aws:sns:*:*:*' } },
    ],
    ['EventBridge with SourceArn *', 'events.amazonaws.com', { ArnLike: { 'AWS:SourceArn': '*' } }],
    [
      'API Gateway with an ArnLike whose account is a wildcard',
      'apigateway.amazonaws.com',
      { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:us-east-1:*:a1b2c3d4e5/*' } },
    ],
    [
      'SNS with an account segment of 1111*',
      'sns.amazonaws.com',
      { ArnLike: { 'AWS:SourceArn': 'arn:aws:sns:us-east-1:1111*:alerts' } },
    ],
    ['SQS with SourceAccount *', 'sqs.amazonaws.com', { StringLike: { 'AWS:SourceAccount': '*' } }],
    [
      'CloudFront with a negated SourceAccount (every other account passes)',
      'cloudfront.amazonaws.com',
      { StringNotEquals: { 'AWS:SourceAccount': OTHER } },
    ],
    [
      'IoT with SourceAccount under IfExists (passes when the key is absent)',
      'iot.amazonaws.com',
      { StringEqualsIfExists: { 'AWS:SourceAccount': ACCOUNT } },
    ],
    [
      'Cognito with a SourceArn built from a policy variable',
      'cognito-idp.amazonaws.com',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, as written in policies
      { ArnLike: { 'AWS:SourceArn': 'arn:aws:cognito-idp:us-east-1:${aws:PrincipalAccount}:userpool/*' } },
    ],
    [
      'SES conditioned only on the channel',
      'ses.amazonaws.com',
      { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } },
    ],
  ];
  it.each(cases)('%s is a confused deputy', (_, service, condition) => {
    expect(verdictOf([grant(service, condition)])).toEqual([deputy(service)]);
  });

  it('a pin to another account is still a pin: that account is named (not a deputy for everyone)', () => {
    expect(verdictOf([grant('sns.amazonaws.com', { StringEquals: { 'AWS:SourceAccount': OTHER } })])).toEqual(
      [],
    );
  });

  it('an unknown service granted invoke without a pin is assumed a deputy, with medium confidence', () => {
    const results = resourcePolicyExposures(
      FUNCTION_ARN,
      getPolicy(grant('newservice.amazonaws.com')).Policy,
    );
    expect(results.map((r) => [r.exposure, r.confidence, r.grants?.unpinnedServices])).toEqual([
      ['public_weak_auth', 'medium', ['newservice.amazonaws.com']],
    ]);
  });

  it('look-alike: the ELB grant without a source (target groups live in the function account)', () => {
    expect(verdictOf([grant('elasticloadbalancing.amazonaws.com')])).toEqual([]);
  });
});

describe('Principal "*" and the same notion of a pin', () => {
  it('Principal "*" with SourceArn arn:aws:s3:::* can be invoked by anyone', () => {
    expect(
      verdictOf([withCondition(publicInvokeGrant(), { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::*' } })]),
    ).toEqual([
      { exposure: 'public_weak_auth', principalIsAnyone: true, anyoneMayInvoke: true, unpinnedServices: [] },
    ]);
  });

  it('look-alike: Principal "*" pinned by SourceAccount', () => {
    expect(
      verdictOf([withCondition(publicInvokeGrant(), { StringEquals: { 'AWS:SourceAccount': ACCOUNT } })]),
    ).toEqual([]);
  });

  it('Principal "*" that may only replace the code is anyone, but not an invoke', () => {
    expect(verdictOf([{ ...publicInvokeGrant(), Action: 'lambda:UpdateFunctionCode' }])).toEqual([
      { exposure: 'public_weak_auth', principalIsAnyone: true, anyoneMayInvoke: false, unpinnedServices: [] },
    ]);
  });

  it('a code-update grant to anyone next to an unpinned service keeps the two facts apart', () => {
    expect(
      verdictOf([{ ...publicInvokeGrant(), Action: 'lambda:UpdateFunctionCode' }, grant('s3.amazonaws.com')]),
    ).toEqual([
      {
        exposure: 'public_weak_auth',
        principalIsAnyone: true,
        anyoneMayInvoke: false,
        unpinnedServices: ['s3.amazonaws.com'],
      },
    ]);
  });
});
