/**
 * What an AWS error means for a collection (docs/collection-faults.md). Only an answer AWS typed may
 * conclude anything about the estate: `denied`, `throttled`, and `unsupported` (the endpoint says it does
 * not implement the API) stop their unit and are reported; a definite "this resource does not exist" is
 * read by `isAwsNotFound`. Everything else (a reset, a truncated or unparseable body, an untyped 4xx/5xx,
 * retries spent) is `unreachable` or `other`: a gap too, never an empty result.
 */
import { errorMessage } from '../errors.js';

export type AwsFaultKind = 'denied' | 'throttled' | 'unsupported' | 'unreachable' | 'other';

interface SdkErrorShape {
  name?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
  $response?: { body?: unknown };
  $responseBodyText?: string;
}

const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'AuthorizationError',
  'AuthFailure',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'OptInRequired',
  'AWSOrganizationsNotInUseException',
]);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);
const UNSUPPORTED = new Set([
  'UnknownOperationException',
  'NotImplemented',
  'NotImplementedException',
  'InvalidAction',
]);
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'TimeoutError',
]);
/** HTTP 501 Not Implemented: the endpoint itself says it lacks the operation (RFC 9110 §15.6.2). */
const NOT_IMPLEMENTED_STATUS = 501;

export function classifyAwsError(error: unknown): AwsFaultKind {
  const shape = shapeOf(error);
  const name = shape.name ?? '';
  const status = shape.$metadata?.httpStatusCode;
  // A connection that broke (reset, cut body, timeout) says nothing about AWS's answer, whatever status
  // line came before the break.
  if (UNREACHABLE.has(shape.code ?? '') || UNREACHABLE.has(name)) return 'unreachable';
  if (!isTypedAwsError(shape)) return status === NOT_IMPLEMENTED_STATUS ? 'unsupported' : 'other';
  if (DENIED.has(name) || status === 403) return 'denied';
  if (THROTTLED.has(name) || status === 429) return 'throttled';
  if (UNSUPPORTED.has(name) || status === NOT_IMPLEMENTED_STATUS) return 'unsupported';
  return 'other';
}

/**
 * True for a definite "this does not exist" from AWS: an error the SDK parsed from a complete AWS error
 * answer (it carries `$fault` and an HTTP status), a client fault (4xx), named as one of `names` (the
 * API's documented not-found errors). An untyped 404, a body that did not parse, a reset: all false.
 */
export function isAwsNotFound(error: unknown, names: readonly string[]): boolean {
  const shape = shapeOf(error);
  const status = shape.$metadata?.httpStatusCode ?? 0;
  return (
    isTypedAwsError(shape) &&
    shape.$fault === 'client' &&
    status >= 400 &&
    status < 500 &&
    names.includes(shape.name ?? '')
  );
}

/**
 * An endpoint that lacks an operation (an emulator) answers 404 or 500 with a complete body that is no AWS
 * error (HTML, empty, JSON without an error type). This may only send a collector to another API that
 * reads the same facts, whose own failures are gaps; it never concludes "nothing there" by itself.
 */
export function mayLackOperation(error: unknown): boolean {
  const shape = shapeOf(error);
  if (classifyAwsError(error) === 'unsupported') return true;
  if (classifyAwsError(error) !== 'other') return false;
  const status = shape.$metadata?.httpStatusCode;
  return (status === 404 || status === 500) && !isNamedAwsError(shape.name ?? '');
}

/**
 * An error the SDK built from an AWS error answer: it sets `$fault` and `$metadata` on service exceptions;
 * a body it could not parse keeps the plain JS error name (SyntaxError, Error), and an answer without an
 * error type is named `Unknown`.
 */
function isTypedAwsError(shape: SdkErrorShape): boolean {
  const name = shape.name ?? '';
  return (
    (shape.$fault === 'client' || shape.$fault === 'server') &&
    shape.$metadata?.httpStatusCode !== undefined &&
    isNamedAwsError(name)
  );
}

const JS_ERROR_NAMES = new Set([
  '',
  'Error',
  'Unknown',
  'UnknownError',
  'SyntaxError',
  'TypeError',
  'RangeError',
]);

function isNamedAwsError(name: string): boolean {
  return !JS_ERROR_NAMES.has(name);
}

function shapeOf(error: unknown): SdkErrorShape {
  return (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
}

/** The error as a gap records it: its AWS name and message on one line. */
export function describeAwsError(error: unknown): string {
  const name = (error as SdkErrorShape | undefined)?.name;
  const message = errorMessage(error).replace(/\s+/g, ' ').trim().slice(0, 300);
  const status = (error as SdkErrorShape | undefined)?.$metadata?.httpStatusCode;
  const prefix = name && name !== 'Error' ? `${name}: ` : '';
  return `${prefix}${message}${status ? ` (HTTP ${status})` : ''}`;
}

/** An AWS call failed: carries where (account, region, service), which API, and why. */
export class AwsCallError extends Error {
  readonly kind: AwsFaultKind;
  constructor(
    readonly api: string,
    override readonly cause: unknown,
  ) {
    super(`${api} failed: ${describeAwsError(cause)}`);
    this.name = 'AwsCallError';
    this.kind = classifyAwsError(cause);
  }
}
