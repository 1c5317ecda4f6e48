import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { NODE_LABELS, RELATIONSHIP_NAMES, RELATIONSHIPS } from '../../src/graph/schema.js';
import { renderSchemaDoc, SCHEMA_DOC_PATH } from '../../src/graph/schema-doc.js';

describe('docs/schema.md', () => {
  it('is what the schema declaration generates (regenerate with `npm run docs:schema`)', async () => {
    expect(await readFile(SCHEMA_DOC_PATH, 'utf8')).toBe(renderSchemaDoc());
  });

  it('documents every label and relationship type with an example query', () => {
    const doc = renderSchemaDoc();
    for (const label of NODE_LABELS) expect(doc).toContain(`### ${label}\n`);
    for (const name of RELATIONSHIP_NAMES) expect(doc).toContain(`### ${RELATIONSHIPS[name].type}\n`);
    expect(doc.match(/```cypher/g)?.length).toBe(
      NODE_LABELS.length + new Set(RELATIONSHIP_NAMES.map((name) => RELATIONSHIPS[name].type)).size,
    );
  });
});
