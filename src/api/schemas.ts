/**
 * JSON Schemas of the API's inputs and outputs: fastify validates requests with them and @fastify/swagger
 * turns them into the OpenAPI document. The enums come from the declarations of the domain (finding.ts).
 */
import { ENTRY_KINDS, EXPOSURES, PRIVILEGES, SEVERITIES, STATUSES } from '../findings/finding.js';

/** Hard maxima of every list: a caller cannot ask for more in one request, or page further. */
export const MAX_LIMIT = 200;
export const MAX_OFFSET = 100_000;
export const DEFAULT_LIMIT = 50;

const id = (pattern: string, description: string) =>
  ({ type: 'string', pattern, maxLength: 2048, description }) as const;

export const FINDING_ID = id('^[0-9a-f]{24}$', 'finding id (24 hexadecimal characters)');
export const DETECTION_ID = id(
  '^[a-z0-9]+(?:-[a-z0-9]+)*$',
  'detection id (file name under cypher/detections)',
);
export const ACCOUNT_ID = id('^[0-9]{12}$', 'AWS account id');
export const REGION = id('^[a-z]{2}(?:-[a-z]+)+-[0-9]+$', 'AWS region, e.g. eu-west-1');
export const SCAN_ID = id('^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$', "scan id (the snapshot manifest's scanId)");
export const ARN = id('^arn:[a-z0-9-]+:[a-z0-9-]+:[^\\s]*$', 'ARN');
/** Any node id of the graph (ARNs, API Gateway ids, `internet`): printable text without spaces. */
export const NODE_ID = id('^[\\x21-\\x7e]+$', 'node id as in docs/schema.md');

const enumList = (values: readonly string[], description: string) => ({
  type: 'array',
  items: { type: 'string', enum: [...values] },
  maxItems: values.length,
  description: `${description} (repeat the parameter for several)`,
});

export const pageQuery = {
  offset: { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 },
  limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
} as const;

export const findingsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    severity: enumList(SEVERITIES, 'only these severities'),
    minSeverity: { type: 'string', enum: [...SEVERITIES], description: 'only findings at least this severe' },
    detection: DETECTION_ID,
    exposure: enumList(EXPOSURES, 'only these exposure classes'),
    privilege: enumList(PRIVILEGES, 'only these privilege tiers'),
    account: ACCOUNT_ID,
    region: REGION,
    status: enumList(STATUSES, 'only these statuses (default: new and persisting)'),
    ...pageQuery,
  },
} as const;

export const nullableString = { type: ['string', 'null'] } as const;

const pathElement = {
  type: 'object',
  additionalProperties: true,
  required: ['id', 'labels', 'name'],
  properties: {
    id: { type: 'string' },
    labels: { type: 'array', items: { type: 'string' } },
    name: { type: 'string' },
  },
} as const;

/** The contract's Finding (docs/api.md); additive fields pass through. */
export const findingSchema = {
  $id: 'Finding',
  type: 'object',
  additionalProperties: true,
  required: ['id', 'detection', 'severity', 'title', 'status'],
  properties: {
    id: { type: 'string' },
    detection: { type: 'string' },
    severity: { type: 'string', enum: [...SEVERITIES] },
    title: { type: 'string' },
    exposure: { type: ['string', 'null'], enum: [...EXPOSURES, null] },
    privilege: { type: ['string', 'null'], enum: [...PRIVILEGES, null] },
    entryPoint: {
      type: 'object',
      additionalProperties: true,
      properties: {
        kind: {
          type: ['string', 'null'],
          enum: [...ENTRY_KINDS, 'lambda_authorizer', null],
        },
        arn: nullableString,
        name: nullableString,
      },
    },
    function: {
      type: ['object', 'null'],
      additionalProperties: true,
      properties: { arn: { type: 'string' }, name: { type: 'string' }, qualifier: nullableString },
    },
    role: { type: ['object', 'null'], additionalProperties: true, properties: { arn: { type: 'string' } } },
    accountId: nullableString,
    region: nullableString,
    path: { type: 'array', items: pathElement },
    evidence: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: true,
        properties: { hop: { type: 'integer' }, text: { type: 'string' }, source: { type: 'string' } },
      },
    },
    remediation: { type: 'string' },
    status: { type: 'string', enum: [...STATUSES] },
    firstSeen: { type: 'string' },
    lastSeen: { type: 'string' },
    confidence: { type: 'string', description: 'extension: how sure the analysis is of every hop' },
    verifiedInScan: {
      type: 'boolean',
      description:
        'extension: false when the latest scan could not re-verify the finding (a unit not collected, a ' +
        'document not readable): it keeps its status and lastSeen (docs/output.md)',
    },
    blastRadius: {
      type: 'object',
      additionalProperties: true,
      description:
        'extension: the data stores the execution role reads, writes or decrypts: counts per kind, how many are sensitive, the most sensitive first (docs/data-stores.md)',
      properties: {
        counts: { type: 'object', additionalProperties: { type: 'integer' } },
        sensitive: { type: 'integer' },
        top: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: true,
            properties: {
              arn: { type: 'string' },
              kind: { type: 'string' },
              name: { type: 'string' },
              access: { type: 'array', items: { type: 'string' } },
              sensitivity: nullableString,
            },
          },
        },
      },
    },
    truncatedFields: {
      type: 'array',
      items: { type: 'string' },
      description:
        'extension: JSON paths of string fields cut to the 8,192-character limit (docs/output.md); absent ' +
        'when nothing was cut',
    },
    usage: {
      type: 'object',
      additionalProperties: true,
      description:
        "extension, scans with --usage only: whether the role used the actions behind the finding's privilege " +
        '(IAM Access Advisor; docs/usage.md)',
      properties: {
        dataAt: { type: 'string' },
        trackedSince: { type: 'string' },
        actions: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: true,
            properties: {
              action: { type: 'string' },
              level: { type: 'string', enum: ['action', 'service'] },
              status: { type: 'string', enum: ['used', 'unused', 'unknown'] },
              lastUsed: nullableString,
              daysUnused: { type: ['integer', 'null'] },
            },
          },
        },
      },
    },
  },
} as const;

export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    field: { type: 'string', description: 'the request field at fault, e.g. query.limit' },
  },
} as const;

/** Any JSON value (evidence and capability records keep the analysis' own shapes, docs/architecture.md). */
export const anyJson = {} as const;

export const pageOf = (items: object) =>
  ({
    type: 'object',
    properties: {
      total: { type: 'integer', description: 'how many match the filters' },
      offset: { type: 'integer' },
      limit: { type: 'integer' },
      items: { type: 'array', items },
    },
  }) as const;

/** Error responses every data route may give. */
export const errorResponses = {
  400: { $ref: 'Problem#' },
  401: { $ref: 'Problem#' },
  503: { $ref: 'Problem#' },
} as const;
