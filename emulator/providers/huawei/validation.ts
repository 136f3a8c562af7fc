import { pyRepr, pyStr } from './python.ts';

/**
 * The subset of JSON Schema Nova's request schemas use, validated the way python-jsonschema iterates
 * (keywords in schema order, properties in schema order) and reported the way
 * nova/api/validation/validators.py formats the first error (docs/providers/huawei.md §1.3).
 */
export interface Schema {
  readonly type?: 'object' | 'string';
  readonly enum?: readonly string[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: false;
}

interface SchemaError {
  path: string[];
  instance: unknown;
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The first error, with its path filled in on the way back up: a valid body (the common case) allocates
 * nothing.
 */
function firstError(instance: unknown, schema: Schema): SchemaError | undefined {
  for (const keyword in schema) {
    switch (keyword as keyof Schema) {
      case 'type': {
        const ok = schema.type === 'object' ? isObject(instance) : typeof instance === 'string';
        if (!ok)
          return { path: [], instance, message: `${pyRepr(instance)} is not of type '${schema.type}'` };
        break;
      }
      case 'enum':
        if (!schema.enum?.includes(instance as string)) {
          return { path: [], instance, message: `${pyRepr(instance)} is not one of ${pyRepr(schema.enum)}` };
        }
        break;
      case 'properties':
        if (isObject(instance)) {
          const properties = schema.properties ?? {};
          for (const name in properties) {
            if (name in instance) {
              const nested = firstError(instance[name], properties[name] as Schema);
              if (nested) {
                nested.path.unshift(name);
                return nested;
              }
            }
          }
        }
        break;
      case 'required':
        if (isObject(instance)) {
          const missing = schema.required?.find((name) => !(name in instance));
          if (missing !== undefined)
            return { path: [], instance, message: `${pyRepr(missing)} is a required property` };
        }
        break;
      case 'additionalProperties':
        if (isObject(instance)) {
          const known = schema.properties ?? {};
          const extras = Object.keys(instance)
            .filter((k) => !Object.hasOwn(known, k))
            .sort();
          if (extras.length > 0) {
            const verb = extras.length === 1 ? 'was' : 'were';
            return {
              path: [],
              instance,
              message: `Additional properties are not allowed (${extras.map(pyRepr).join(', ')} ${verb} unexpected)`,
            };
          }
        }
        break;
    }
  }
  return undefined;
}

/**
 * The last body checked, against which schema, and the outcome: a client sends the same body again and again,
 * and `parseJson` hands out the same value for it, which is only ever read.
 */
let last: { body: unknown; schema: Schema; detail: string | undefined } | undefined;

/** Nova's error text for the first schema violation, or `undefined` when the body is valid. */
export function novaValidationDetail(body: unknown, schema: Schema): string | undefined {
  if (last !== undefined && last.body === body && last.schema === schema) return last.detail;
  const detail = validationDetail(body, schema);
  last = { body, schema, detail };
  return detail;
}

function validationDetail(body: unknown, schema: Schema): string | undefined {
  const error = firstError(body, schema);
  if (!error) return undefined;
  const field = error.path.at(-1);
  if (field === undefined) return error.message;
  return `Invalid input for field/attribute ${field}. Value: ${pyStr(error.instance)}. ${error.message}`;
}

/** `{"type": "object", "properties": {key: inner}, "required": [key], "additionalProperties": False}` */
export function wrapper(key: string, inner: Schema): Schema {
  return { type: 'object', properties: { [key]: inner }, required: [key], additionalProperties: false };
}

export function enumObject(
  fields: Readonly<Record<string, readonly string[]>>,
  required: readonly string[],
): Schema {
  const properties: Record<string, Schema> = {};
  for (const [name, values] of Object.entries(fields)) properties[name] = { type: 'string', enum: values };
  return { type: 'object', properties, required, additionalProperties: false };
}
