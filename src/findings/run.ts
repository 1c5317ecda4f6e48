/** Runs every detection against the graph and builds the Findings of this analysis. */
import {
  type Driver,
  type EagerResult,
  isNode,
  isRelationship,
  type Node,
  type Relationship,
} from 'neo4j-driver';
import { InputError, ToxgraphError } from '../errors.js';
import type { Logger } from '../log.js';
import { blastRadius, readDataReach } from './blast-radius.js';
import {
  buildFinding,
  type DetectionRow,
  type GraphNode,
  type GraphRelationship,
  mergeFindings,
  type SeverityRule,
} from './build.js';
import { checkColumns, type Detection } from './detections.js';
import { compareFindings, type Finding } from './finding.js';

export interface RunOptions {
  database: string;
  rateSeverity: SeverityRule;
  now: string;
  logger?: Logger;
}

export async function runDetections(
  driver: Driver,
  detections: readonly Detection[],
  options: RunOptions,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const detection of detections) {
    const started = Date.now();
    let result: EagerResult;
    try {
      result = await driver.executeQuery(
        detection.query,
        {},
        { database: options.database, routing: 'READ' },
      );
    } catch (error) {
      throw new ToxgraphError(
        `detection ${detection.id} (${detection.file}) failed in Neo4j: ${(error as Error).message}`,
        { cause: error },
      );
    }
    checkColumns(detection, result.keys as string[]);
    for (const record of result.records) {
      const row = toRow(detection, record.toObject());
      findings.push(buildFinding(detection, row, options.rateSeverity, options.now));
    }
    options.logger?.debug(
      { detection: detection.id, rows: result.records.length, ms: Date.now() - started },
      'detection ran',
    );
  }
  return withBlastRadius(driver, options.database, mergeFindings(findings).sort(compareFindings));
}

/** Each finding that names a role gets the data stores that role reaches (docs/data-stores.md). */
async function withBlastRadius(driver: Driver, database: string, findings: Finding[]): Promise<Finding[]> {
  const roles = findings.flatMap((finding) => (finding.role ? [finding.role.arn] : []));
  if (!roles.length) return findings;
  const reach = await readDataReach(driver, database, roles);
  return findings.map((finding) => {
    const radius = finding.role ? blastRadius(reach.get(finding.role.arn) ?? []) : undefined;
    return radius ? { ...finding, blastRadius: radius } : finding;
  });
}

function toRow(detection: Detection, values: Record<string, unknown>): DetectionRow {
  const node = (column: string): GraphNode | null => {
    const value = values[column];
    if (value === null || value === undefined) return null;
    if (!isNode(value)) throw badColumn(detection, column, 'a node or null');
    return plainNode(detection, value as Node);
  };
  const list = <T>(column: string, convert: (value: unknown) => T, expected: string): T[] => {
    const value = values[column];
    if (!Array.isArray(value)) throw badColumn(detection, column, expected);
    return value.map(convert);
  };
  return {
    entry: node('entry'),
    entryKind: values.entryKind,
    exposure: values.exposure,
    function: node('function'),
    qualifier: values.qualifier,
    role: node('role'),
    privilege: values.privilege,
    path: list(
      'path',
      (value) => {
        if (!isNode(value)) throw badColumn(detection, 'path', 'a list of nodes');
        return plainNode(detection, value as Node);
      },
      'a list of nodes',
    ),
    hops: list(
      'hops',
      (value): GraphRelationship => {
        if (!isRelationship(value)) throw badColumn(detection, 'hops', 'a list of relationships');
        const relationship = value as Relationship;
        return { type: relationship.type, properties: relationship.properties };
      },
      'a list of relationships',
    ),
    severity: values.severity,
    evidence: values.evidence,
    confidence: values.confidence,
  };
}

function plainNode(detection: Detection, node: Node): GraphNode {
  const id = node.properties.id;
  if (typeof id !== 'string') {
    throw new InputError(
      `detection file ${detection.file}: a returned ${node.labels.join(':')} node has no string "id"`,
    );
  }
  return { id, labels: [...node.labels], properties: node.properties };
}

function badColumn(detection: Detection, column: string, expected: string): InputError {
  return new InputError(`detection file ${detection.file}: column "${column}" must be ${expected}`);
}
