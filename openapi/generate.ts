import {
  type HeadersObject,
  type MediaTypeObject,
  type OpenAPIObject,
  OpenApiBuilder,
  type OperationObject,
  type ParameterObject,
  type ReferenceObject,
  type ResponseObject,
  type SchemaObject,
} from 'openapi3-ts/oas31';
import { z } from 'zod';
import type { CatalogueEntry, MessageParams } from '../contracts/catalogue.ts';
import type { NamedSchema, Parameter } from '../contracts/operations.ts';
import { contractOf, PROVIDER_NAMES, type ProviderName } from '../contracts/providers.ts';

/**
 * Writes one OpenAPI 3.1 document per provider from its contract (`contracts/<provider>/index.ts`): the
 * operation table (whose schemas and errors are the contracts' own), zod's JSON Schema output, and error
 * examples from the contract's `errorExample`, the bodies the emulator's renderer answers byte for byte.
 * Everything is deterministic: the committed `openapi/*.json` must equal what this produces.
 */

/** Zod → JSON Schema 2020-12, which is OpenAPI 3.1's schema dialect. */
function jsonSchema(schema: z.ZodType): SchemaObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    // 'input': a z.object() lets unknown keys through, so the document must not say additionalProperties: false.
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest as SchemaObject;
}

const FIXED_REQUEST_ID = '00000000-0000-4000-8000-000000000000';
const FIXED_TIME = Date.UTC(2026, 0, 1);

/** The wire body of a catalogue error, as the provider renders it (placeholders left in without params). */
function exampleBody(entry: CatalogueEntry, path: string, params: MessageParams = {}): unknown {
  return contractOf(entry.provider as ProviderName).openapi.errorExample(entry, params, {
    requestId: FIXED_REQUEST_ID,
    now: FIXED_TIME,
    path,
  });
}

function parameter(p: Parameter): ParameterObject {
  return {
    name: p.name,
    in: p.in,
    ...(p.required || p.in === 'path' ? { required: true } : {}),
    description: p.description,
    schema: jsonSchema(p.schema),
  };
}

export async function generateOpenApi(provider: ProviderName): Promise<OpenAPIObject> {
  const contract = contractOf(provider);
  const meta = contract.openapi;
  const builder = OpenApiBuilder.create()
    .addOpenApiVersion('3.1.0')
    .addTitle(meta.title)
    .addVersion(meta.version)
    .addDescription(meta.description)
    .addLicense({ name: 'Apache-2.0', identifier: 'Apache-2.0' })
    .addServer({ url: 'http://127.0.0.1:9400', description: 'console-emulator (`npm start`)' });
  for (const url of meta.servers) builder.addServer({ url, description: 'the real service' });
  for (const [name, scheme] of Object.entries(meta.securitySchemes)) builder.addSecurityScheme(name, scheme);

  const registered = new Map<string, z.ZodType>();
  const ref = ({ name, schema }: NamedSchema): ReferenceObject => {
    const known = registered.get(name);
    if (known && known !== schema) throw new Error(`two schemas named ${name}`);
    if (!known) {
      registered.set(name, schema);
      builder.addSchema(name, jsonSchema(schema));
    }
    return { $ref: `#/components/schemas/${name}` };
  };
  const contentTypes = meta.contentTypes ?? ['application/json'];
  const content = (media: MediaTypeObject) => Object.fromEntries(contentTypes.map((type) => [type, media]));

  // One component example per catalogue entry, or per path where the body carries the path.
  const examplesAdded = new Set<string>();
  const example = (entry: CatalogueEntry, path: string, variant?: string) => {
    const base = meta.pathShapes?.includes(entry.shape)
      ? `${entry.key}${path.replace(/[^A-Za-z0-9]+/g, '_')}`
      : entry.key;
    const name = variant ? `${base}_${variant}` : base;
    if (!examplesAdded.has(name)) {
      examplesAdded.add(name);
      const params = variant ? entry.examples?.[variant] : undefined;
      builder.addExample(name, {
        summary: params
          ? `${entry.code} — ${Object.values(params).join(', ')}`
          : `${entry.code}${entry.note ? ` — ${entry.note}` : ''}`,
        value: exampleBody(entry, path, params),
      });
    }
    return { $ref: `#/components/examples/${name}` };
  };

  /** Responses for a list of errors, grouped by status; errors answered with the success status join it. */
  const errorResponses = (errors: readonly CatalogueEntry[], path: string) => {
    const byStatus = new Map<number, CatalogueEntry[]>();
    for (const entry of errors) byStatus.set(entry.status, [...(byStatus.get(entry.status) ?? []), entry]);
    const out = new Map<
      number,
      { schemas: ReferenceObject[]; examples: Record<string, ReferenceObject>; entries: CatalogueEntry[] }
    >();
    for (const [status, entries] of [...byStatus].sort(([x], [y]) => x - y)) {
      const shapes = [...new Set(entries.map((entry) => entry.shape))];
      const schemas = [...new Set(shapes.map((shape) => contract.errorBodies[shape]))].flatMap((named) =>
        named ? [ref(named)] : [],
      );
      const examples: Record<string, ReferenceObject> = {};
      for (const entry of entries) {
        examples[entry.key] = example(entry, path);
        for (const variant of Object.keys(entry.examples ?? {}))
          examples[`${entry.key}_${variant}`] = example(entry, path, variant);
      }
      out.set(status, { schemas, examples, entries });
    }
    return out;
  };

  const headersObject = (...lists: Array<Readonly<Record<string, string>> | undefined>): HeadersObject =>
    Object.fromEntries(
      lists.flatMap((list) =>
        Object.entries(list ?? {}).map(([name, description]) => [
          name,
          { description, schema: { type: 'string' } },
        ]),
      ),
    );

  for (const op of Object.values(contract.operations)) {
    const success = ref(op.success);
    const responses: Record<string, ResponseObject> = {};
    const errors = errorResponses(op.errors, op.path);
    const successErrors = errors.get(op.success.status);
    const headers = headersObject(
      op.answerHeaders,
      op.success.headers,
      ...(successErrors?.entries.map((entry) => entry.headers) ?? []),
    );
    responses[String(op.success.status)] = {
      description: successErrors ? 'Success, or a business error answered with the same status' : 'Success',
      ...(Object.keys(headers).length ? { headers } : {}),
      content: content(
        successErrors
          ? { schema: { oneOf: [success, ...successErrors.schemas] }, examples: successErrors.examples }
          : { schema: success },
      ),
    };
    for (const [status, { schemas, examples, entries }] of errors) {
      if (status === op.success.status) continue;
      const keys = Object.keys(examples).join(', ');
      const errorHeaders = headersObject(op.answerHeaders, ...entries.map((entry) => entry.headers));
      responses[String(status)] = {
        description: `Errors: ${keys}`,
        ...(Object.keys(errorHeaders).length ? { headers: errorHeaders } : {}),
        content: content({ schema: schemas.length === 1 ? schemas[0] : { oneOf: schemas }, examples }),
      };
    }
    const parameters = [...op.parameters, ...(meta.commonParameters ?? [])];
    const operation: OperationObject = {
      operationId: op.name,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: [provider],
      security: op.security.map((alternative) => Object.fromEntries(alternative.map((name) => [name, []]))),
      ...(parameters.length ? { parameters: parameters.map(parameter) } : {}),
      ...(op.request
        ? {
            requestBody: {
              required: true,
              content: { [op.request.contentType]: { schema: ref(op.request) } },
            },
          }
        : {}),
      responses,
    };
    const item: Record<string, OperationObject> = { [op.method.toLowerCase()]: operation };
    if (meta.alsoGet) {
      // A GET carries the action's parameters in its query, never a body.
      const { requestBody: _body, ...get } = operation;
      item.get = { ...get, operationId: `${op.name}Get` };
    }
    builder.addPath(op.path, item);
  }

  // What a path no operation serves answers, for reference (`components.responses`).
  const unmatched = errorResponses(contract.unmatchedErrors, '/unknown');
  for (const [status, { schemas, examples }] of unmatched) {
    builder.addResponse(`Unmatched${status}`, {
      description: `A path or method no operation serves: ${Object.keys(examples).join(', ')}`,
      content: content({ schema: schemas.length === 1 ? schemas[0] : { oneOf: schemas }, examples }),
    });
  }
  return builder.getSpec();
}

export const PROVIDERS: readonly ProviderName[] = PROVIDER_NAMES;

/** The file text of a provider's document, as committed. */
export async function openApiText(provider: ProviderName): Promise<string> {
  return `${JSON.stringify(await generateOpenApi(provider), null, 2)}\n`;
}
