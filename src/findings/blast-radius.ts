/**
 * The data blast radius of a finding (docs/data-stores.md): the data stores its execution role reaches
 * through the CAN_READ / CAN_WRITE / CAN_DECRYPT edges the analysis wrote, as counts per kind and the most
 * sensitive items first. `blastRadius` shapes them (pure); `readDataReach` reads them for a set of roles.
 */
import type { Driver } from 'neo4j-driver';
import { DATA_STORE_KINDS, DATA_STORE_LABELS } from '../analysis/data-stores.js';
import type { BlastRadius } from './finding.js';

export const BLAST_RADIUS_TOP = 10;

export interface ReachedStore {
  readonly arn: string;
  readonly labels: readonly string[];
  readonly name: string | null;
  readonly access: readonly string[];
  readonly sensitivity: string | null;
}

const KIND_OF_LABEL = new Map<string, string>(
  DATA_STORE_KINDS.map((kind) => [DATA_STORE_LABELS[kind], kind]),
);
/** Reading or decrypting a value outranks overwriting it. */
const ACCESS_RANK = ['CAN_READ', 'CAN_DECRYPT', 'CAN_WRITE'];

export function blastRadius(stores: readonly ReachedStore[]): BlastRadius | undefined {
  if (!stores.length) return undefined;
  const items = stores.map((store) => ({
    arn: store.arn,
    kind: store.labels.map((label) => KIND_OF_LABEL.get(label)).find(Boolean) ?? 'data_store',
    name: store.name ?? store.arn,
    access: [...store.access].sort((a, b) => ACCESS_RANK.indexOf(a) - ACCESS_RANK.indexOf(b)),
    sensitivity: store.sensitivity,
  }));
  // Kinds in name order: the stored JSON must not depend on the order Neo4j returned the stores in, or a
  // reload of the same scan would change the finding (bench/kill-converge.ts found this).
  const counts: Record<string, number> = {};
  for (const kind of items.map((item) => item.kind).sort()) counts[kind] = (counts[kind] ?? 0) + 1;
  const rank = (item: (typeof items)[number]) =>
    (item.sensitivity ? 0 : 10) + Math.min(...item.access.map((access) => ACCESS_RANK.indexOf(access)));
  const top = [...items]
    .sort((a, b) => rank(a) - rank(b) || a.arn.localeCompare(b.arn))
    .slice(0, BLAST_RADIUS_TOP);
  return { counts, sensitive: items.filter((item) => item.sensitivity).length, top };
}

export async function readDataReach(
  driver: Driver,
  database: string,
  roleIds: readonly string[],
): Promise<Map<string, ReachedStore[]>> {
  const result = await driver.executeQuery(
    `UNWIND $roles AS roleId
     MATCH (:AWSRole {id: roleId})-[e:CAN_READ|CAN_WRITE|CAN_DECRYPT]->(d:DataStore)
     RETURN roleId, d.id AS arn, labels(d) AS labels, d.name AS name, collect(type(e)) AS access,
            d.sensitivity AS sensitivity`,
    { roles: [...new Set(roleIds)] },
    { database, routing: 'READ' },
  );
  const reach = new Map<string, ReachedStore[]>();
  for (const record of result.records) {
    const { roleId, ...store } = record.toObject() as ReachedStore & { roleId: string };
    reach.set(roleId, [...(reach.get(roleId) ?? []), store]);
  }
  return reach;
}
