/**
 * Resources AWS owns inside a customer's account: no customer grant can change them, so a grant on them
 * gives no privilege (docs/iam-escalation.md, "Grants AWS makes useless"). Matched with the one resource
 * matcher; a policy pattern counts as AWS-owned when everything it can cover is.
 */
import { resourceMatches } from './arn.js';

const AWS_MANAGED_POLICIES = 'arn:*:iam::aws:policy/*';
const AWS_OWNED: readonly string[] = [
  // AWS-managed policies: no new version, no edit, no delete.
  AWS_MANAGED_POLICIES,
  // Service-linked roles: only their service may change or use them.
  'arn:*:iam::*:role/aws-service-role/*',
  // IAM Identity Center roles: managed through permission sets, never modified or passed in IAM.
  'arn:*:iam::*:role/aws-reserved/sso.amazonaws.com/*',
  // Aliases of AWS-managed KMS keys: cannot be created, repointed or deleted.
  'arn:*:kms:*:*:alias/aws/*',
];

/** `arnOrPattern`: a concrete ARN or a policy's Resource pattern. */
export function isAwsOwned(arnOrPattern: string): boolean {
  return AWS_OWNED.some((owned) => resourceMatches(owned, arnOrPattern));
}

/**
 * AWS-managed policies live in the reserved account `aws` of every partition
 * (`arn:aws:iam::aws:policy/...`, `arn:aws-cn:iam::aws:policy/...`).
 */
export function isAwsManagedPolicy(arn: string): boolean {
  return resourceMatches(AWS_MANAGED_POLICIES, arn);
}
