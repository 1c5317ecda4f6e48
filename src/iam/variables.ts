/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalTag/team}`, `${aws:PrincipalTag/team, 'none'}`) in
 * Resource, NotResource and condition values, judged from the attacker's seat (docs/iam.md "Policy
 * variables"): a variable takes the value the request context holds for its key. What the principal's own
 * facts define is substituted; a key the attacker chooses is the attacker's to pick; a key nobody can know
 * here leaves the element undecided (`unknown`), never an assumed match or mismatch.
 */
import type { ContextValue } from './condition-eval.js';

/** A context key's value as the evaluator knows it (attackerContext), by lower-cased key. */
export type ContextLookup = (keyLower: string) => ContextValue;

/** A policy string once its variables are replaced. */
export type Substituted =
  /** Every variable had a value (or a default): the resulting text. */
  | { readonly kind: 'text'; readonly text: string }
  /** A variable's key is absent from the request and has no default: the element matches nothing. */
  | { readonly kind: 'absent' }
  /** A variable's value is unknown to us: the element may or may not match. `pattern`: variables as `*`. */
  | { readonly kind: 'unknown'; readonly pattern: string }
  /** A variable's value is the attacker's choice (and none is unknown). `pattern`: variables as `*`. */
  | { readonly kind: 'chosen'; readonly pattern: string };

const VARIABLE = /\$\{([^}]*)\}/g;
/** `${key, 'default'}`: the default applies when the key is absent (IAM user guide, policy variables). */
const WITH_DEFAULT = /^\s*([^,\s]+)\s*,\s*'([^']*)'\s*$/;
/** `${*}`, `${?}`, `${$}` stand for the literal characters (they would otherwise be wildcards or syntax). */
const LITERAL_CHARACTERS = new Set(['*', '?', '$']);

export function hasVariables(text: string): boolean {
  return text.includes('${');
}

/**
 * Replaces each `${...}`. The literal-character escapes `${*}` and `${?}` are kept as the wildcard of the
 * same character: a superset that never misses a grant (docs/iam.md "Policy variables").
 */
export function substituteVariables(text: string, lookup: ContextLookup): Substituted {
  let absent = false;
  let unknown = false;
  let chosen = false;
  const replace = (open: (name: string) => string) =>
    text.replace(VARIABLE, (_, inner: string) => {
      if (LITERAL_CHARACTERS.has(inner)) return inner;
      return open(inner);
    });
  const resolved = replace((inner) => {
    const { key, fallback } = variableKey(inner);
    const value = lookup(key.toLowerCase());
    if (value.kind === 'unknown') unknown = true;
    else if (value.kind === 'chosen') chosen = true;
    else {
      // A multivalued key cannot be a variable (it has no single value): treated as absent, as AWS does.
      const single = value.values?.length === 1 ? value.values[0] : undefined;
      if (single !== undefined) return single;
      if (fallback !== undefined) return fallback;
      absent = true;
    }
    return '*';
  });
  if (absent) return { kind: 'absent' };
  if (unknown) return { kind: 'unknown', pattern: resolved };
  if (chosen) return { kind: 'chosen', pattern: resolved };
  return { kind: 'text', text: resolved };
}

/**
 * In an ARN (Resource, NotResource), variables are read only in the resource part, after the fifth colon;
 * before it `${...}` is plain text (IAM user guide, reference_policies_variables, "Where you can use policy
 * variables"). Returns the prefix kept as written and the part to substitute.
 */
export function splitArnForVariables(arn: string): { prefix: string; resource: string } {
  let index = -1;
  for (let colons = 0; colons < 5; colons++) {
    index = arn.indexOf(':', index + 1);
    if (index < 0) return { prefix: '', resource: arn };
  }
  return { prefix: arn.slice(0, index + 1), resource: arn.slice(index + 1) };
}

/** Whether an ARN holds a variable before its resource part (service, region, account...). */
export function hasVariablesInArnPrefix(arn: string): boolean {
  return hasVariables(arn) && hasVariables(splitArnForVariables(arn).prefix);
}

function variableKey(inner: string): { key: string; fallback: string | undefined } {
  const withDefault = WITH_DEFAULT.exec(inner);
  return withDefault
    ? { key: withDefault[1]!, fallback: withDefault[2]! }
    : { key: inner.trim(), fallback: undefined };
}
