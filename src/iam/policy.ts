/**
 * Parsing and normalisation of IAM policy documents of every kind (identity, managed version, inline,
 * permissions boundary, role trust, resource policy, SCP) into one typed, read-only shape.
 *
 * Stable API (other modules import it):
 * - `parsePolicy(document, source, partition)` → `Policy`; throws `PolicyDocumentError` naming the source,
 *   the statement index and the reason. `partition` is that of the resource the policy belongs to.
 * - the types `Policy`, `Statement`, `PrincipalSet`, `Condition`.
 * - principal helpers from `./principal.js` and condition helpers from `./condition.js`, re-exported here.
 *
 * Normalisation: every string-or-array element becomes an array; `Statement` object becomes an array;
 * condition keys are kept as written and also lower-cased (AWS compares keys case-insensitively);
 * condition values become strings (`true` → "true", `5` → "5"); a 12-digit account id in a principal
 * becomes `arn:<partition>:iam::ID:root` (what AWS itself stores), in the partition of the policy's resource.
 */
import { InputError } from '../errors.js';
import { type Condition, parseConditionBlock } from './condition.js';
import { isJsonObject } from './json.js';
import { type PrincipalSet, parsePrincipal } from './principal.js';

export type { Condition, ConditionOperator, SetQualifier } from './condition.js';
export {
  conditionsOnKey,
  conditionValues,
  parseConditionOperator,
} from './condition.js';
export type { PrincipalSet } from './principal.js';
export {
  accountOfPrincipal,
  isPublicPrincipal,
  principalSetMatches,
} from './principal.js';

export type Effect = 'Allow' | 'Deny';

export interface Statement {
  /** 0-based position in the document's Statement array (0 when Statement was a single object). */
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  /** Exactly one of action / notAction is set. */
  readonly action: readonly string[] | undefined;
  readonly notAction: readonly string[] | undefined;
  /** Both absent in trust policies (the role itself is the resource). */
  readonly resource: readonly string[] | undefined;
  readonly notResource: readonly string[] | undefined;
  /** Only in resource-based and trust policies. */
  readonly principal: PrincipalSet | undefined;
  readonly notPrincipal: PrincipalSet | undefined;
  /** AND of every entry (each entry is one operator + one key). Empty = unconditional. */
  readonly conditions: readonly Condition[];
}

export interface Policy {
  /** Where the document comes from (policy ARN, `role/NAME inline NAME`, ...): used in errors and evidence. */
  readonly source: string;
  readonly version: string | undefined;
  readonly id: string | undefined;
  readonly statements: readonly Statement[];
}

/** An invalid policy document. The message names the policy, the statement and the reason. */
export class PolicyDocumentError extends InputError {
  constructor(
    readonly source: string,
    readonly statementIndex: number | undefined,
    readonly reason: string,
  ) {
    super(
      `invalid policy document ${source}${statementIndex === undefined ? '' : ` statement ${statementIndex}`}: ${reason}`,
    );
    this.name = 'PolicyDocumentError';
  }
}

const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
  // moto (not AWS) writes Lambda add_permission's FunctionUrlAuthType and InvokedViaFunctionUrl as
  // statement keys; AWS writes them as conditions, and so does the parser.
  'FunctionUrlAuthType',
  'InvokedViaFunctionUrl',
]);

/**
 * Parses a document given as an object, a JSON string, or a URL-encoded JSON string (the IAM API returns
 * policy documents URL-encoded).
 */
export function parsePolicy(document: unknown, source: string, partition?: string): Policy {
  const root = decodeDocument(document, source);
  if (!isJsonObject(root))
    throw new PolicyDocumentError(source, undefined, 'the document is not a JSON object');
  const rawStatements = root.Statement;
  if (rawStatements === undefined) throw new PolicyDocumentError(source, undefined, 'no Statement element');
  const list = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
  return {
    source,
    version: optionalString(root.Version, source, undefined, 'Version'),
    id: optionalString(root.Id, source, undefined, 'Id'),
    statements: list.map((raw, index) => parseStatement(raw, index, source, partition)),
  };
}

function decodeDocument(document: unknown, source: string): unknown {
  if (typeof document !== 'string') return document;
  let text = document.trim();
  if (!text.startsWith('{')) {
    try {
      text = decodeURIComponent(text).trim();
    } catch {
      throw new PolicyDocumentError(source, undefined, 'neither JSON nor URL-encoded JSON');
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PolicyDocumentError(source, undefined, `not valid JSON (${(error as Error).message})`);
  }
}

function parseStatement(
  raw: unknown,
  index: number,
  source: string,
  partition: string | undefined,
): Statement {
  const fail = (reason: string) => new PolicyDocumentError(source, index, reason);
  if (!isJsonObject(raw)) throw fail('a statement must be a JSON object');
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_KEYS.has(key)) throw fail(`unknown element "${key}"`);
  }
  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny') {
    throw fail(`Effect must be "Allow" or "Deny", got ${JSON.stringify(raw.Effect)}`);
  }
  const action = stringList(raw.Action, fail, 'Action');
  const notAction = stringList(raw.NotAction, fail, 'NotAction');
  if ((action === undefined) === (notAction === undefined)) {
    throw fail('exactly one of Action and NotAction is required');
  }
  const resource = stringList(raw.Resource, fail, 'Resource');
  const notResource = stringList(raw.NotResource, fail, 'NotResource');
  if (resource !== undefined && notResource !== undefined) {
    throw fail('Resource and NotResource cannot both be present');
  }
  if (raw.Principal !== undefined && raw.NotPrincipal !== undefined) {
    throw fail('Principal and NotPrincipal cannot both be present');
  }
  const conditions = raw.Condition === undefined ? [] : parseConditionBlock(raw.Condition, fail);
  if (raw.FunctionUrlAuthType !== undefined) {
    conditions.push(
      ...parseConditionBlock(
        { StringEquals: { 'lambda:FunctionUrlAuthType': raw.FunctionUrlAuthType } },
        fail,
      ),
    );
  }
  if (raw.InvokedViaFunctionUrl !== undefined) {
    conditions.push(
      ...parseConditionBlock(
        { Bool: { 'lambda:InvokedViaFunctionUrl': String(raw.InvokedViaFunctionUrl) } },
        fail,
      ),
    );
  }
  return {
    index,
    sid: optionalString(raw.Sid, source, index, 'Sid'),
    effect: raw.Effect,
    action,
    notAction,
    resource,
    notResource,
    principal:
      raw.Principal === undefined ? undefined : parsePrincipal(raw.Principal, fail, 'Principal', partition),
    notPrincipal:
      raw.NotPrincipal === undefined
        ? undefined
        : parsePrincipal(raw.NotPrincipal, fail, 'NotPrincipal', partition),
    conditions,
  };
}

function stringList(value: unknown, fail: (reason: string) => Error, element: string): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw fail(`${element} is an empty array`);
  for (const item of list) {
    if (typeof item !== 'string') throw fail(`${element} must hold strings, got ${JSON.stringify(item)}`);
  }
  return list as string[];
}

function optionalString(value: unknown, source: string, index: number | undefined, element: string) {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new PolicyDocumentError(source, index, `${element} must be a string`);
  return value;
}
