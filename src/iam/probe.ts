/**
 * Probe resources: an ARN of the action's resource type, in the principal's account, that no policy names
 * on purpose. A grant that covers the probe covers the action's resources broadly (`*`,
 * `arn:aws:lambda:*:*:function:*`), not a chosen few (`function:orders-*`).
 */
import type { CatalogAction } from './catalog.js';

export const PROBE_NAME = 'toxgraph-probe-resource';

export function probeResource(action: CatalogAction | undefined, accountId: string, region: string): string {
  const template = action?.resourceArnTemplates[0];
  if (!action || action.wildcardOnly || template === undefined) return '*';
  const values: Record<string, string> = { Partition: 'aws', Region: region, Account: accountId };
  return template.replace(/\$\{([^}]+)\}/g, (_, name: string) => values[name] ?? PROBE_NAME);
}
