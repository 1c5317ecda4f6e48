/**
 * The AWS partition a region belongs to, and that partition's DNS suffix, for ARNs and addresses the
 * analysis builds itself (execute-api source ARNs and stage addresses, stand-in resources). The data is the
 * AWS SDK's own partition table (the `partitions.json` of its endpoint rules, `partition()` of
 * `@aws-sdk/core`), so a partition AWS adds (e.g. `aws-eusc`) arrives with an SDK update, not a code
 * change here. A region the table does not know is read as the commercial `aws` partition, as the SDK does.
 * See docs/exposure.md "Partitions".
 */
import { partition } from '@aws-sdk/core/client';

/** `aws` for every commercial region, otherwise the partition whose region pattern matches. */
export function partitionOfRegion(region: string): string {
  return partition(region).name;
}

/** The domain AWS endpoints of this region end with: `amazonaws.com`, `amazonaws.com.cn`, `amazonaws.eu`, … */
export function dnsSuffixOfRegion(region: string): string {
  return partition(region).dnsSuffix;
}
