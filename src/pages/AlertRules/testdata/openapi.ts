import spec from './provisioning-api.openapi.json';

/**
 * A small checker for the swagger 2.0 subset the fixture uses (type, required, enum,
 * minLength/maxLength, items, additionalProperties, $ref), so the tests hold requests and
 * responses to Grafana's published shapes instead of to our own idea of them.
 */
type Schema = {
  $ref?: string;
  type?: string;
  required?: string[];
  enum?: string[];
  minLength?: number;
  maxLength?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema;
};

const definitions = spec.definitions as unknown as Record<string, Schema>;

export function definition(name: string): Schema {
  const d = definitions[name];
  if (!d) {
    throw new Error(`the fixture has no definition ${name}`);
  }
  return d;
}

/** Problems of value against schema, each with its path; none when it conforms. */
export function validate(value: unknown, schema: Schema, path = '$'): string[] {
  if (schema.$ref) {
    return validate(value, definition(schema.$ref.replace('#/definitions/', '')), path);
  }
  const out: string[] = [];
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return [`${path}: want an object, got ${JSON.stringify(value)}`];
      }
      const obj = value as Record<string, unknown>;
      for (const key of schema.required ?? []) {
        if (obj[key] === undefined) {
          out.push(`${path}.${key}: required`);
        }
      }
      for (const [key, v] of Object.entries(obj)) {
        const prop = schema.properties?.[key] ?? schema.additionalProperties;
        if (prop) {
          out.push(...validate(v, prop, `${path}.${key}`));
        } else if (schema.properties) {
          out.push(`${path}.${key}: not a property of the schema`);
        }
      }
      break;
    }
    case 'array':
      if (!Array.isArray(value)) {
        return [`${path}: want an array`];
      }
      value.forEach((v, i) => out.push(...validate(v, schema.items ?? {}, `${path}[${i}]`)));
      break;
    case 'string':
      if (typeof value !== 'string') {
        return [`${path}: want a string, got ${JSON.stringify(value)}`];
      }
      if (schema.enum && !schema.enum.includes(value)) {
        out.push(`${path}: ${value} is not one of ${schema.enum.join(', ')}`);
      }
      if (schema.minLength !== undefined && value.length < schema.minLength) {
        out.push(`${path}: shorter than ${schema.minLength}`);
      }
      if (schema.maxLength !== undefined && value.length > schema.maxLength) {
        out.push(`${path}: longer than ${schema.maxLength}`);
      }
      break;
    case 'integer':
      if (!Number.isInteger(value)) {
        out.push(`${path}: want an integer, got ${JSON.stringify(value)}`);
      }
      break;
    case 'boolean':
      if (typeof value !== 'boolean') {
        out.push(`${path}: want a boolean`);
      }
      break;
  }
  return out;
}

/** The request body schema of an operation. */
export function bodySchema(path: string, method: 'post'): Schema {
  const op = (spec.paths as Record<string, Record<string, { parameters?: Array<{ in: string; schema?: Schema }> }>>)[
    path
  ][method];
  const body = op.parameters?.find((p) => p.in === 'body');
  if (!body?.schema) {
    throw new Error(`${method} ${path} has no body in the fixture`);
  }
  return body.schema;
}

/** The header parameters an operation declares. */
export function headerNames(path: string, method: 'post'): string[] {
  const op = (spec.paths as Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>>)[path][
    method
  ];
  return (op.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
}

export const examples = spec['x-examples'];
