/**
 * Renders docs/schema.md from the schema declaration: every label with its properties and an example
 * query, every relationship with its ends and properties. A test fails when the committed file differs;
 * regenerate with `npm run docs:schema` (this module run as a script).
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  COMMON_NODE_PROPERTIES,
  COMMON_RELATIONSHIP_PROPERTIES,
  NODE_LABELS,
  NODES,
  type NodeLabel,
  type Properties,
  RELATIONSHIP_NAMES,
  RELATIONSHIPS,
  type RelationshipSpec,
} from './schema.js';

export const SCHEMA_DOC_PATH = fileURLToPath(new URL('../../docs/schema.md', import.meta.url));

export function renderSchemaDoc(): string {
  const lines: string[] = [
    '# Graph schema',
    '',
    '<!-- Generated from src/graph/schema.ts by `npm run docs:schema`. Do not edit by hand. -->',
    '',
    'The graph the loader writes from a snapshot (docs/architecture.md §2–3). Keys are ARNs where AWS has',
    'one. Structured AWS values are JSON strings in properties ending in `Json`, in AWS order. Every',
    'relationship target outside the scan is a stub node carrying only `id`. The analysis adds its own',
    'properties and relationships (architecture.md §2); they are not listed here.',
    '',
    '## Properties of every node a unit writes',
    '',
    ...propertyTable(COMMON_NODE_PROPERTIES),
    '',
    'Every relationship the loader writes also has:',
    '',
    ...propertyTable(COMMON_RELATIONSHIP_PROPERTIES),
    '',
    'A node names its account by `accountId`; there is no `RESOURCE` edge from `AWSAccount` to every node',
    '(nothing needs it, and it made the account node the bottleneck of every load).',
    '',
    '## Labels',
    '',
    ...NODE_LABELS.map((label) => `- [${label}](#${label.toLowerCase()})`),
    '',
  ];
  for (const label of NODE_LABELS) lines.push(...labelSection(label));
  lines.push('## Relationships', '');
  const types = [...new Set(RELATIONSHIP_NAMES.map((name) => RELATIONSHIPS[name].type))].sort();
  for (const type of types) {
    const specs: RelationshipSpec[] = RELATIONSHIP_NAMES.map((name) => RELATIONSHIPS[name]).filter(
      (spec) => spec.type === type,
    );
    lines.push(`### ${type}`, '', '| from | to | meaning |', '| --- | --- | --- |');
    for (const spec of specs) lines.push(`| \`${spec.from}\` | \`${spec.to}\` | ${cell(spec.description)} |`);
    lines.push('');
    const properties = Object.assign({}, ...specs.map((spec) => spec.properties)) as Properties;
    if (Object.keys(properties).length > 0) lines.push(...propertyTable(properties), '');
    const keys = specs[0]?.keys;
    if (keys)
      lines.push(`One relationship per pair of nodes and ${keys.map((key) => `\`${key}\``).join(', ')}.`, '');
    const first = specs[0]!;
    lines.push(
      '```cypher',
      `MATCH (a:${first.from})-[r:${type}]->(b:${first.to}) RETURN a.id, properties(r), b.id LIMIT 25`,
      '```',
      '',
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

const WRITERS = {
  load: 'the load itself',
  analysis: 'the analysis',
  remediate: '`toxgraph remediate`',
} as const;

function labelSection(label: NodeLabel): string[] {
  const spec = NODES[label];
  const owner =
    'writtenBy' in spec
      ? `Written by ${WRITERS[spec.writtenBy]}.`
      : spec.service === null
        ? 'Shared or stub: no unit owns it; removed when nothing links to it.'
        : `Written and cleaned up by the \`${spec.service}\` unit of its account${spec.service === 'iam' ? '' : ' and region'}.`;
  const lines = [`### ${label}`, '', spec.description, '', `- \`id\`: ${spec.idDoc}`, `- ${owner}`];
  if (spec.extraLabels.length > 0) {
    lines.push(`- Also labelled ${spec.extraLabels.map((extra) => `\`${extra}\``).join(', ')}.`);
  }
  const outgoing = relationshipsTouching(label, 'from');
  const incoming = relationshipsTouching(label, 'to');
  if (outgoing.length > 0) lines.push(`- Out: ${outgoing.join(', ')}`);
  if (incoming.length > 0) lines.push(`- In: ${incoming.join(', ')}`);
  lines.push('');
  if (Object.keys(spec.properties).length > 0) lines.push(...propertyTable(spec.properties), '');
  lines.push('```cypher', spec.example, '```', '');
  return lines;
}

function relationshipsTouching(label: NodeLabel, end: 'from' | 'to'): string[] {
  return RELATIONSHIP_NAMES.map((name) => RELATIONSHIPS[name])
    .filter((spec) => spec[end] === label)
    .map((spec) =>
      end === 'from' ? `\`[:${spec.type}]->(:${spec.to})\`` : `\`(:${spec.from})-[:${spec.type}]->\``,
    );
}

function propertyTable(properties: Properties): string[] {
  return [
    '| property | type | meaning |',
    '| --- | --- | --- |',
    ...Object.entries(properties).map(([name, spec]) => `| \`${name}\` | ${spec.kind} | ${cell(spec.doc)} |`),
  ];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export async function writeSchemaDoc(): Promise<void> {
  await writeFile(SCHEMA_DOC_PATH, renderSchemaDoc());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await writeSchemaDoc();
  process.stdout.write(`wrote ${SCHEMA_DOC_PATH}\n`);
}
