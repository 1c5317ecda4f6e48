/**
 * The AWS partition a region belongs to, for ARNs the analysis builds itself (execute-api source ARNs,
 * stand-in resources). Region prefixes per partition as AWS publishes them (botocore `partitions.json`,
 * https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html).
 * See docs/exposure.md "Partitions".
 */
const PARTITION_BY_REGION_PREFIX: readonly (readonly [RegExp, string])[] = [
  [/^cn-/, 'aws-cn'],
  [/^us-gov-/, 'aws-us-gov'],
  [/^us-isob-/, 'aws-iso-b'],
  [/^us-isof-/, 'aws-iso-f'],
  [/^us-iso-/, 'aws-iso'],
  [/^eu-isoe-/, 'aws-iso-e'],
];

/** `aws` for every commercial region, otherwise the partition whose region prefix matches. */
export function partitionOfRegion(region: string): string {
  return PARTITION_BY_REGION_PREFIX.find(([prefix]) => prefix.test(region))?.[1] ?? 'aws';
}
