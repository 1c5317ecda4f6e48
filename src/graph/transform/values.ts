/**
 * Small pure helpers the transforms share: AWS values to property values (null when absent), policy
 * documents decoded as AWS stored them, and the Lambda function an integration or authorizer URI names.
 */

export function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function booleanOrNull(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

export function textsOrEmpty(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** A structured AWS value as a JSON string (null when absent); arrays and keys keep AWS's order. */
export function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** Dates arrive as ISO strings from a snapshot file, as Date objects straight from the SDK. */
export function isoOrNull(value: unknown): string | null {
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' ? value : null;
}

export class DocumentError extends Error {}

/**
 * A policy document as AWS stored it: IAM returns documents URL-encoded, API Gateway REST returns its
 * resource policy with escaped quotes, Lambda returns plain JSON. Returns the decoded text (the original,
 * not a re-serialisation) once it parses as JSON; throws DocumentError otherwise.
 */
export function decodePolicyText(raw: string): string {
  const candidates = [raw];
  if (!raw.trimStart().startsWith('{')) {
    try {
      candidates.push(decodeURIComponent(raw));
    } catch {
      // not URL-encoded either; the JSON check below reports it
    }
  }
  for (const text of [...candidates]) {
    if (text.includes('\\"')) candidates.push(text.replace(/\\"/g, '"').replace(/\\\//g, '/'));
  }
  for (const text of candidates) {
    try {
      JSON.parse(text);
      return text;
    } catch {
      // try the next decoding
    }
  }
  throw new DocumentError('neither JSON, URL-encoded JSON nor escaped JSON');
}

/**
 * A policy document for a `*Json` property, never dropped: the decoded text when it is JSON, otherwise the
 * raw text AWS returned as a JSON string, with a warning. The analysis then fails to parse it, names it,
 * and treats what depends on it as not evaluated instead of as having no policy (docs/architecture.md §4).
 */
export function policyTextOrRaw(raw: string, where: string, warn: (message: string) => void): string {
  try {
    return decodePolicyText(raw);
  } catch (error) {
    warn(
      `${where}: ${(error as DocumentError).message}; kept as text, the analysis reports it as not evaluated`,
    );
    return JSON.stringify(raw);
  }
}

export interface LambdaReference {
  label: 'LambdaFunction' | 'LambdaAlias';
  /** Unqualified function ARN, or the alias ARN. */
  id: string;
  /** The version or alias named, if any. */
  qualifier: string | null;
}

const LAMBDA_ARN = /^(arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:[\w-]+)(?::([\w$-]+))?$/;
const INVOCATION_URI = /^arn:aws[\w-]*:apigateway:[\w-]+:lambda:path\/[\d-]+\/functions\/(.+)\/invocations$/;

/**
 * Why a target that names a Lambda function gives no edge: its function name or qualifier is one AWS would
 * not allow (names: letters, digits, `-`, `_`, 1-64 characters; qualifiers: `$LATEST`, a version or an alias
 * name; https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html). Such an edge is dropped, and
 * said: a forged or damaged name must not silently hide a path. Undefined when the target is fine or no
 * Lambda target at all (an HTTP URL, a stage variable).
 */
export function unusableLambdaTarget(uri: unknown): string | undefined {
  if (typeof uri !== 'string' || uri.includes('${') || lambdaReference(uri) !== null) return undefined;
  if (!/:lambda:.*:function:/.test(uri)) return undefined;
  return `Lambda target "${uri}" has a function name or qualifier AWS does not allow; no edge to it`;
}

/**
 * The function (or alias) a Lambda ARN or an API Gateway invocation URI names literally. Stage-variable
 * URIs (`${stageVariables.x}`) and other targets give null: the analysis resolves those.
 */
export function lambdaReference(uri: string | null | undefined): LambdaReference | null {
  // Snapshot values are untrusted: a non-string here is no reference (the schema checks only what it names).
  if (typeof uri !== 'string' || uri.includes('${')) return null;
  const arn = INVOCATION_URI.exec(uri)?.[1] ?? uri;
  const match = LAMBDA_ARN.exec(arn);
  if (!match) return null;
  const [, functionArn, qualifier] = match as unknown as [string, string, string | undefined];
  if (qualifier === undefined || qualifier === '$LATEST' || /^\d+$/.test(qualifier)) {
    return { label: 'LambdaFunction', id: functionArn, qualifier: qualifier ?? null };
  }
  return { label: 'LambdaAlias', id: `${functionArn}:${qualifier}`, qualifier };
}
