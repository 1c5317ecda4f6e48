/**
 * Values the driver returns (nodes, relationships, paths, temporal and spatial values) as plain JSON, for
 * the read-only Cypher endpoint (docs/api.md, "Read-only Cypher"). Pure: no I/O.
 */
import {
  isDate,
  isDateTime,
  isDuration,
  isInt,
  isLocalDateTime,
  isLocalTime,
  isNode,
  isPath,
  isPoint,
  isRelationship,
  isTime,
} from 'neo4j-driver';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  // Integers beyond 2^53 keep every digit as text.
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  if (isInt(value)) return value.inSafeRange() ? value.toNumber() : value.toString();
  if (isNode(value)) {
    return {
      elementId: value.elementId,
      labels: [...value.labels],
      properties: toJsonValue(value.properties),
    };
  }
  if (isRelationship(value)) {
    return {
      elementId: value.elementId,
      type: value.type,
      startElementId: value.startNodeElementId,
      endElementId: value.endNodeElementId,
      properties: toJsonValue(value.properties),
    };
  }
  if (isPath(value)) {
    return {
      start: toJsonValue(value.start),
      segments: value.segments.map((segment) => ({
        relationship: toJsonValue(segment.relationship),
        end: toJsonValue(segment.end),
      })),
    };
  }
  if (isPoint(value)) {
    const point = { srid: toJsonValue(value.srid), x: value.x, y: value.y };
    return value.z === undefined ? point : { ...point, z: value.z };
  }
  if (
    isDate(value) ||
    isDateTime(value) ||
    isLocalDateTime(value) ||
    isLocalTime(value) ||
    isTime(value) ||
    isDuration(value)
  ) {
    // ISO 8601 text, as Cypher's toString() prints it.
    return value.toString();
  }
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, toJsonValue(entry)]));
  }
  return String(value);
}
