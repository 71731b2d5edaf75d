import { Disclosure } from './disclosure.js';
import { InlineText } from './inline-text.js';
import { constraintsOf, type OpenApiDocument, referenceName, resolve, type Schema, typeLabel } from './openapi-document.js';

// A schema as a reader wants it: its type, and an object's fields in a table, each with its type,
// whether it is required, its description and limits; a named or nested object opens on demand.

const MAX_DEPTH = 8;

export function SchemaView({ document, schema, depth = 0 }: { document: OpenApiDocument; schema: Schema | undefined; depth?: number }) {
  const shown = objectOf(document, schema);
  if (!shown || depth > MAX_DEPTH) return <code class="type">{typeLabel(schema)}</code>;
  return <FieldTable document={document} schema={shown} depth={depth} />;
}

// The object a schema shows fields of: itself, what it references, or the non-null side of a nullable one.
function objectOf(document: OpenApiDocument, schema: Schema | undefined): Schema | undefined {
  if (!schema) return undefined;
  const target = schema.$ref ? resolve(document, schema) : schema;
  if (!target) return undefined;
  if (target.properties) return target;
  if (target.type === 'array') return objectOf(document, target.items);
  const union = (target.anyOf ?? target.oneOf ?? []).filter((member) => member.type !== 'null');
  return union.length === 1 ? objectOf(document, union[0]) : undefined;
}

function FieldTable({ document, schema, depth }: { document: OpenApiDocument; schema: Schema; depth: number }) {
  const required = new Set(schema.required ?? []);
  return (
    <table class="schema-fields">
      <tbody>
        {Object.entries(schema.properties ?? {}).map(([name, field]) => (
          <tr key={name}>
            <td class="field-name">
              <code>{name}</code>
              {required.has(name) && (
                <span class="required" title="required">
                  *
                </span>
              )}
            </td>
            <td>
              <FieldType document={document} field={field} depth={depth} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FieldType({ document, field, depth }: { document: OpenApiDocument; field: Schema; depth: number }) {
  const target = field.$ref ? resolve(document, field) : field;
  // The field's own words; a named type's (Count, Timestamp, …) are in its tooltip, not on every row.
  const description = field.description ?? (field.$ref ? undefined : target?.description);
  const limits = constraintsOf(target);
  const nested = objectOf(document, field);
  return (
    <>
      <code class="type" title={field.$ref ? target?.description : undefined}>
        {typeLabel(field)}
      </code>
      {limits.length > 0 && <span class="limits"> {limits.join(', ')}</span>}
      {description && (
        <div class="muted">
          <InlineText text={description} />
        </div>
      )}
      {nested && depth < MAX_DEPTH && (
        <Disclosure summary={field.$ref ? `${referenceName(field.$ref)} fields` : 'fields'}>
          {() => <FieldTable document={document} schema={nested} depth={depth + 1} />}
        </Disclosure>
      )}
    </>
  );
}
