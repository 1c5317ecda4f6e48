import { describe, expect, it } from 'vitest';
import { apiV2Id, domainNameId, restApiId } from '../../src/graph/transform/apigatewayv2.js';
import { securityGroupId } from '../../src/graph/transform/ec2.js';

// The ids the loader builds are the resources' ARNs, in the partition of their region, as AWS writes them
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
describe('graph ids of regional resources carry their partition', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
  ])('%s → %s', (region, partition) => {
    expect(apiV2Id(region, 'a1')).toBe(`arn:${partition}:apigateway:${region}::/apis/a1`);
    expect(restApiId(region, 'r1')).toBe(`arn:${partition}:apigateway:${region}::/restapis/r1`);
    expect(domainNameId(region, 'api.example.com')).toBe(
      `arn:${partition}:apigateway:${region}::/domainnames/api.example.com`,
    );
    expect(securityGroupId(region, '111122223333', 'sg-1')).toBe(
      `arn:${partition}:ec2:${region}:111122223333:security-group/sg-1`,
    );
  });
});
