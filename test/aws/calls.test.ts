import { describe, expect, it } from 'vitest';
import { apiGatewayPermission, CallRecorder, commandPermission } from '../../src/aws/calls.js';
import { collectorPolicy, policyAllows } from './collector-policy.js';

describe('the permission a call needs', () => {
  it.each([
    ['GET', '/v2/apis', 'apigateway:GET /apis'],
    ['GET', '/v2/apis/a1b2c3/routes', 'apigateway:GET /apis/*/routes'],
    ['GET', '/v2/apis/a1b2c3/authorizers/xyz', 'apigateway:GET /apis/*/authorizers/*'],
    ['GET', '/v2/domainnames/api.example.com/apimappings', 'apigateway:GET /domainnames/*/apimappings'],
    ['GET', '/restapis/r1/resources?embed=methods&limit=500', 'apigateway:GET /restapis/*/resources'],
  ])('%s %s needs %s', (method, path, permission) => {
    expect(apiGatewayPermission(method, path)).toBe(permission);
  });

  it('maps SDK command names to IAM actions', () => {
    expect(commandPermission('lambda', 'ListFunctionsCommand')).toBe('lambda:ListFunctions');
    expect(commandPermission('elasticloadbalancing', 'DescribeRulesCommand')).toBe(
      'elasticloadbalancing:DescribeRules',
    );
  });

  it('counts calls per permission, sorted', () => {
    const recorder = new CallRecorder();
    for (const permission of ['lambda:GetPolicy', 'iam:GetAccountAuthorizationDetails', 'lambda:GetPolicy']) {
      recorder.record(permission);
    }
    expect(recorder.snapshot()).toEqual({ 'iam:GetAccountAuthorizationDetails': 1, 'lambda:GetPolicy': 2 });
    expect(recorder.total()).toBe(3);
  });
});

describe('docs/iam/collector-policy.json', () => {
  it('allows the read calls and refuses API keys, exports and writes', () => {
    expect(policyAllows('apigateway:GET /restapis/*/resources', 'eu-west-1')).toBe(true);
    expect(policyAllows('apigateway:GET /apikeys', 'us-east-1')).toBe(false);
    expect(policyAllows('apigateway:GET /restapis/*/stages/*/exports/*', 'us-east-1')).toBe(false);
    expect(policyAllows('apigateway:POST /restapis', 'us-east-1')).toBe(false);
    expect(policyAllows('lambda:GetFunction', 'us-east-1')).toBe(false);
    expect(policyAllows('lambda:UpdateFunctionCode', 'us-east-1')).toBe(false);
    // Prefix lists named by security groups, resolved to their entries (docs/exposure.md).
    expect(policyAllows('ec2:DescribeManagedPrefixLists', 'eu-west-1')).toBe(true);
    expect(policyAllows('ec2:GetManagedPrefixListEntries', 'eu-west-1')).toBe(true);
    expect(policyAllows('ec2:ModifyManagedPrefixList', 'eu-west-1')).toBe(false);
    // CloudFront distributions, their origin access controls and web ACLs; never WAF request samples.
    expect(policyAllows('cloudfront:ListDistributions', 'us-east-1')).toBe(true);
    expect(policyAllows('cloudfront:ListOriginAccessControls', 'us-east-1')).toBe(true);
    expect(policyAllows('wafv2:GetWebACL', 'us-east-1')).toBe(true);
    expect(policyAllows('wafv2:GetSampledRequests', 'us-east-1')).toBe(false);
    expect(policyAllows('cloudfront:GetFunction', 'us-east-1')).toBe(false);
    // Regional web ACLs and the load balancers they protect, in any region.
    expect(policyAllows('wafv2:ListWebACLs', 'eu-west-1')).toBe(true);
    expect(policyAllows('wafv2:GetWebACL', 'eu-west-1')).toBe(true);
    expect(policyAllows('wafv2:ListResourcesForWebACL', 'eu-west-1')).toBe(true);
    expect(policyAllows('wafv2:AssociateWebACL', 'eu-west-1')).toBe(false);
  });

  it('keeps the Access Advisor permissions of --usage in their own opt-in statement', () => {
    const usage = collectorPolicy.Statement.filter((statement) =>
      [statement.Action].flat().some((action) => /LastAccessed/i.test(action)),
    );
    expect(usage).toEqual([
      {
        Sid: 'UsageDataOptIn',
        Effect: 'Allow',
        Action: ['iam:GenerateServiceLastAccessedDetails', 'iam:GetServiceLastAccessedDetails'],
        Resource: '*',
      },
    ]);
    expect(policyAllows('iam:GetServiceLastAccessedDetailsWithEntities', 'us-east-1')).toBe(false);
  });

  it('reads data-store metadata and policies, never a value (docs/data-stores.md)', () => {
    for (const metadata of [
      'dynamodb:GetResourcePolicy',
      'kms:GetKeyPolicy',
      'secretsmanager:GetResourcePolicy',
      'ssm:DescribeParameters',
    ])
      expect(policyAllows(metadata, 'eu-west-1'), metadata).toBe(true);
    // The S3 operations whose IAM action has another name are recorded under the action.
    expect(policyAllows(commandPermission('s3', 'ListBucketsCommand'), 'eu-west-1')).toBe(true);
    expect(commandPermission('s3', 'GetPublicAccessBlockCommand')).toBe('s3:GetBucketPublicAccessBlock');
    expect(commandPermission('s3', 'GetBucketEncryptionCommand')).toBe('s3:GetEncryptionConfiguration');
    // S3 Control's GetPublicAccessBlock (the account-level block) is s3:GetAccountPublicAccessBlock.
    expect(commandPermission('s3control', 'GetPublicAccessBlockCommand')).toBe(
      's3:GetAccountPublicAccessBlock',
    );
    expect(policyAllows('s3:GetAccountPublicAccessBlock', 'eu-west-1')).toBe(true);
    // Service Authorization Reference: GetBucketNotificationConfiguration needs s3:GetBucketNotification.
    expect(commandPermission('s3', 'GetBucketNotificationConfigurationCommand')).toBe(
      's3:GetBucketNotification',
    );
    expect(policyAllows('s3:GetBucketNotification', 'eu-west-1')).toBe(true);
    for (const value of [
      's3:GetObject',
      'dynamodb:GetItem',
      'dynamodb:Scan',
      'secretsmanager:GetSecretValue',
      'ssm:GetParameter',
      'ssm:GetParametersByPath',
      'kms:Decrypt',
    ])
      expect(policyAllows(value, 'eu-west-1'), value).toBe(false);
  });
});
