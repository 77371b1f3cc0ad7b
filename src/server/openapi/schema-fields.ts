import type { oas31 } from 'zod-openapi';

// Flattens a JSON Schema (as the OpenAPI document holds it) into the rows a person reads: one
// per field, named by its path (`error.fields[].message`), with its type and its limits.

type Schema = oas31.SchemaObject | oas31.ReferenceObject;

export interface FieldRow {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  /** Limits, allowed values, default and examples, in words. */
  readonly rules: readonly string[];
  readonly description: string | null;
}

export function resolve(schema: Schema, components: Record<string, Schema>): oas31.SchemaObject {
  let current = schema;
  for (let hops = 0; '$ref' in current && typeof current.$ref === 'string' && hops < 10; hops++) {
    current = components[current.$ref.replace('#/components/schemas/', '')] ?? {};
  }
  return current as oas31.SchemaObject;
}

/** The name of a shared schema (`#/components/schemas/Incident` → Incident), or null. */
export function componentName(schema: Schema): string | null {
  return '$ref' in schema && typeof schema.$ref === 'string' ? schema.$ref.replace('#/components/schemas/', '') : null;
}

/**
 * The rows of a schema: its fields when it is an object, else one row for the value itself.
 * Nested objects are expanded in place; a shared schema (a component) nested inside is named,
 * not expanded: the page lists each once.
 */
export function fieldRows(schema: Schema, components: Record<string, Schema>, name = '', required = true): FieldRow[] {
  const resolved = resolve(schema, components);
  const properties = Object.entries(resolved.properties ?? {});
  const own: FieldRow[] =
    name === '' && properties.length > 0 ? [] : [{ name: name || '(value)', type: typeOf(schema, components), required, rules: rulesOf(resolved), description: resolved.description ?? null }];
  if (name !== '' && componentName(schema)) return own;
  const inner = properties.flatMap(([key, child]) => fieldRows(child, components, name ? `${name}.${key}` : key, (resolved.required ?? []).includes(key)));
  const items = resolved.type === 'array' && resolved.items && !componentName(resolved.items) ? itemRows(resolved.items, components, `${name}[]`) : [];
  return [...own, ...inner, ...items];
}

function itemRows(items: Schema, components: Record<string, Schema>, name: string): FieldRow[] {
  const resolved = resolve(items, components);
  return resolved.properties ? fieldRows(resolved, components, name, true).filter((row) => row.name !== name) : [];
}

function typeOf(raw: Schema, components: Record<string, Schema>): string {
  const named = componentName(raw);
  if (named) return named;
  const schema = raw as oas31.SchemaObject;
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return [...new Set(branches.map((branch) => typeOf(branch, components)))].join(' or ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.includes('array') && schema.items) {
    const item = resolve(schema.items, components);
    return `list of ${componentName(schema.items) || item.anyOf ? typeOf(schema.items, components) : item.properties ? 'objects' : typeOf(item, components)}`;
  }
  const nullable = types.includes('null') && types.length > 1;
  const shown = types.filter((type) => !nullable || type !== 'null');
  return shown.length > 0 ? `${shown.join(' or ')}${nullable ? ' or null' : ''}` : 'any';
}

function rulesOf(schema: oas31.SchemaObject): string[] {
  const rules: string[] = [];
  if (schema.enum) rules.push(`one of ${schema.enum.map((value) => JSON.stringify(value)).join(', ')}`);
  if (schema.minLength !== undefined || schema.maxLength !== undefined) rules.push(range('characters', schema.minLength, schema.maxLength));
  if (schema.minItems !== undefined || schema.maxItems !== undefined) rules.push(range('items', schema.minItems, schema.maxItems));
  // zod writes whole numbers with the safe-integer bounds: no limit a reader needs.
  const bounded = (value: number | undefined) => (value !== undefined && Math.abs(value) < Number.MAX_SAFE_INTEGER ? value : undefined);
  const low = bounded(schema.minimum ?? (typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : undefined));
  const high = bounded(schema.maximum ?? (typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : undefined));
  if (low !== undefined || high !== undefined) rules.push(range('', low, high, typeof schema.exclusiveMinimum === 'number', typeof schema.exclusiveMaximum === 'number'));
  if (schema.pattern) rules.push(`matches ${schema.pattern}`);
  if (schema.additionalProperties === false && schema.properties) rules.push('no other field');
  if (schema.default !== undefined) rules.push(`default ${JSON.stringify(schema.default)}`);
  const examples = (schema as { examples?: unknown[] }).examples;
  if (examples?.length) rules.push(`e.g. ${examples.map((value) => JSON.stringify(value)).join(', ')}`);
  return rules;
}

function range(unit: string, low: number | undefined, high: number | undefined, lowExclusive = false, highExclusive = false): string {
  const suffix = unit ? ` ${unit}` : '';
  if (low !== undefined && high !== undefined) return `${lowExclusive ? 'more than' : 'from'} ${low} ${highExclusive ? 'to less than' : 'to'} ${high}${suffix}`;
  if (low !== undefined) return `${lowExclusive ? 'more than' : 'at least'} ${low}${suffix}`;
  return `${highExclusive ? 'less than' : 'at most'} ${high}${suffix}`;
}
