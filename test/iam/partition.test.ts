import { describe, expect, it } from 'vitest';
import { dnsSuffixOfRegion, partitionOfRegion } from '../../src/iam/partition.js';

// Region names per partition as AWS lists them (botocore partitions.json, "regionRegex").
describe('partitionOfRegion', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['eu-west-3', 'aws'],
    ['ap-southeast-5', 'aws'],
    ['il-central-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-gov-east-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['eu-isoe-west-1', 'aws-iso-e'],
    ['us-isof-south-1', 'aws-iso-f'],
    ['eusc-de-east-1', 'aws-eusc'],
    ['mx-central-1', 'aws'],
  ])('%s is in %s', (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
  });
});

// DNS suffix per partition as AWS lists them (botocore partitions.json, "dnsSuffix"; Regional endpoints:
// https://docs.aws.amazon.com/general/latest/gr/rande.html).
describe('dnsSuffixOfRegion', () => {
  it.each([
    ['us-east-1', 'amazonaws.com'],
    ['us-gov-west-1', 'amazonaws.com'],
    ['cn-north-1', 'amazonaws.com.cn'],
    ['eusc-de-east-1', 'amazonaws.eu'],
    ['us-iso-east-1', 'c2s.ic.gov'],
    ['us-isob-east-1', 'sc2s.sgov.gov'],
  ])('%s endpoints end with %s', (region, suffix) => {
    expect(dnsSuffixOfRegion(region)).toBe(suffix);
  });
});
