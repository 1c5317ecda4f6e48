/**
 * Checks the permissions a collection used (the manifest's `awsCalls`) against the least-privilege policy
 * in docs/iam/collector-policy.json. Only what that policy uses: Allow statements, Action and Resource
 * lists with IAM wildcards.
 */
import { readFileSync } from 'node:fs';

interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
}

export const collectorPolicy = JSON.parse(
  readFileSync(new URL('../../docs/iam/collector-policy.json', import.meta.url), 'utf8'),
) as { Statement: Statement[] };

const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);
const wildcard = (pattern: string, flags = '') =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    flags,
  );

/** The action and a concrete resource a recorded permission stands for, in `region`. */
export function requestOf(permission: string, region: string): { action: string; resource: string } {
  const [action, path] = permission.split(' ');
  if (!path) return { action: action!, resource: '*' };
  return { action: action!, resource: `arn:aws:apigateway:${region}::${path.replace(/\*/g, 'id123')}` };
}

export function policyAllows(permission: string, region: string): boolean {
  const { action, resource } = requestOf(permission, region);
  return collectorPolicy.Statement.some(
    (statement) =>
      statement.Effect === 'Allow' &&
      list(statement.Action).some((pattern) => wildcard(pattern, 'i').test(action)) &&
      (resource === '*' || list(statement.Resource).some((pattern) => wildcard(pattern).test(resource))),
  );
}
