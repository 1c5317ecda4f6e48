/** Identity policies the scenarios give their roles (customer-managed: moto has no AWS managed policies). */
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });

export const ADMIN = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
/** Privilege escalation: attach any policy to any role (pathfinding IAM-attach). */
export const ATTACH_ANY_POLICY = doc({ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: '*' });
/** Sensitive data: read every object of every bucket. */
export const READ_ALL_BUCKETS = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
export const LOGS_ONLY = doc({
  Effect: 'Allow',
  Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
  Resource: '*',
});
/** Every IAM action denied: cancels ATTACH_ANY_POLICY. */
export const DENY_IAM = doc({ Effect: 'Deny', Action: 'iam:*', Resource: '*' });
export const assumeRole = (arn: string) => doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn });
export const trustRole = (arn: string) =>
  doc({ Effect: 'Allow', Principal: { AWS: arn }, Action: 'sts:AssumeRole' });
