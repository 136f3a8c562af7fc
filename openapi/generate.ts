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
  type SecuritySchemeObject,
} from 'openapi3-ts/oas31';
import { z } from 'zod';
import {
  type CatalogueEntry,
  type MessageParams,
  PROVIDER_NAMES,
  type ProviderName,
} from '../contracts/catalogue.ts';
import {
  aliyunCommonParameters,
  errorBodySchemas,
  type NamedSchema,
  operations,
  type Parameter,
  unmatchedErrors,
} from '../contracts/operations.ts';
import { ProviderError } from '../emulator/errors.ts';
import { renderAliyunError } from '../emulator/providers/aliyun/errors.ts';
import { renderHpcError } from '../emulator/providers/hpc/errors.ts';
import { renderHuaweiError } from '../emulator/providers/huawei/errors.ts';

/**
 * Writes one OpenAPI 3.1 document per provider from the contracts: the operation tables of `contracts/<provider>/operations.ts`
 * (whose schemas and errors are the contracts' own), zod's JSON Schema output, and error examples rendered by
 * the emulator's one renderer per provider, so an example is byte for byte what the emulator answers.
 * Everything is deterministic: the committed `openapi/*.json` must equal what this produces.
 */

const TITLES: Record<
  ProviderName,
  { title: string; version: string; description: string; servers: string[] }
> = {
  huawei: {
    title: 'Huawei Cloud ECS / OpenStack Nova console APIs (console-emulator)',
    version: 'v2.1',
    description:
      'Keystone v3 tokens, Nova v2.1 remote consoles and servers, and Huawei’s native ECS remote console, as console-emulator serves them. Generated from the contracts; do not edit.',
    servers: ['https://ecs.cn-north-4.myhuaweicloud.com', 'https://iam.cn-north-4.myhuaweicloud.com'],
  },
  aliyun: {
    title: 'Alibaba Cloud ECS console APIs, RPC 2014-05-26 (console-emulator)',
    version: '2014-05-26',
    description:
      'RPC actions on `/`: GET or POST, parameters in the query or a form body, signed with V1 (HMAC-SHA1, `Signature`) or V3 (`Authorization: ACS3-HMAC-SHA256`). Each action has its own path key `/?Action=<name>`: the real request is `/` with that parameter. V1 answers XML unless `Format=JSON`; V3 answers JSON. Generated from the contracts; do not edit.',
    servers: ['https://ecs.aliyuncs.com', 'https://ecs.cn-hangzhou.aliyuncs.com'],
  },
  hpc: {
    title: 'SCNet / Sugon AC OpenAPI v2: tokens, regions and VNC desktops (console-emulator)',
    version: 'v2',
    description:
      'Every answer is `{"code", "msg", "data"}`; `"0"` is success and business errors are HTTP 200 with another code. Unknown paths and methods are real 404 / 405. Generated from the contracts; do not edit.',
    servers: ['https://api.scnet.cn'],
  },
};

const SECURITY: Record<ProviderName, Record<string, SecuritySchemeObject>> = {
  huawei: {
    keystoneToken: {
      type: 'apiKey',
      in: 'header',
      name: 'X-Auth-Token',
      description: 'An IAM (Keystone v3) token from `POST /v3/auth/tokens` (`X-Subject-Token`).',
    },
    akskSignature: {
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
      description:
        '`SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<h1;h2>, Signature=<hex>` over the canonical request, with `X-Sdk-Date` (`YYYYMMDDTHHmmssZ`, within 15 minutes) and `X-Project-Id`. Signer: `contracts/huawei/signer.ts`.',
    },
  },
  aliyun: {
    acsV3Signature: {
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
      description:
        '`ACS3-HMAC-SHA256 Credential=<AK>,SignedHeaders=<…>,Signature=<hex>` with the `x-acs-*` headers. Signer: `signV3` in `contracts/aliyun/signer.ts`.',
    },
    acsV1Signature: {
      type: 'apiKey',
      in: 'query',
      name: 'Signature',
      description:
        'Base64 HMAC-SHA1 (key `<secret>&`) of `METHOD&%2F&<sorted parameters>`, with the V1 common parameters. Signer: `signV1` in `contracts/aliyun/signer.ts`.',
    },
  },
  hpc: {
    hpcToken: {
      type: 'apiKey',
      in: 'header',
      name: 'token',
      description:
        'A region token from `POST /ac/openapi/v2/tokens` (HS256 JWT; `expireTime` in its claims).',
    },
  },
};

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

/** The wire body of a catalogue error, rendered by the emulator's renderer (placeholders left in without params). */
async function exampleBody(
  entry: CatalogueEntry,
  path: string,
  params: MessageParams = {},
): Promise<unknown> {
  const error = new ProviderError(entry, params);
  let response: Response;
  switch (entry.provider) {
    case 'huawei':
      response = renderHuaweiError(error, {
        requestId: `req-${FIXED_REQUEST_ID}`,
        headers: {},
        accept: 'application/json',
        wwwAuthenticate: 'Keystone uri="http://127.0.0.1:9400/v3"',
      });
      break;
    case 'aliyun':
      response = renderAliyunError(error, {
        requestId: FIXED_REQUEST_ID.toUpperCase(),
        hostId: 'ecs.aliyuncs.com',
        format: 'JSON',
        headers: {},
      }).response;
      break;
    case 'hpc':
      response = renderHpcError(error, { now: FIXED_TIME, path });
      break;
  }
  return JSON.parse(await response.text());
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
  const meta = TITLES[provider];
  const builder = OpenApiBuilder.create()
    .addOpenApiVersion('3.1.0')
    .addTitle(meta.title)
    .addVersion(meta.version)
    .addDescription(meta.description)
    .addLicense({ name: 'Apache-2.0', identifier: 'Apache-2.0' })
    .addServer({ url: 'http://127.0.0.1:9400', description: 'console-emulator (`npm start`)' });
  for (const url of meta.servers) builder.addServer({ url, description: 'the real service' });
  for (const [name, scheme] of Object.entries(SECURITY[provider])) builder.addSecurityScheme(name, scheme);

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
  // Alibaba answers in JSON or XML (same fields, `<{Action}Response>` / `<Error>` root).
  const contentTypes =
    provider === 'aliyun'
      ? ['application/json;charset=utf-8', 'text/xml;charset=utf-8']
      : ['application/json'];
  const content = (media: MediaTypeObject) => Object.fromEntries(contentTypes.map((type) => [type, media]));

  // One component example per catalogue entry (HPC's Spring bodies carry the path, hence per path).
  const examplesAdded = new Set<string>();
  const example = async (entry: CatalogueEntry, path: string, variant?: string) => {
    const base = entry.shape === 'spring' ? `${entry.key}${path.replace(/[^A-Za-z0-9]+/g, '_')}` : entry.key;
    const name = variant ? `${base}_${variant}` : base;
    if (!examplesAdded.has(name)) {
      examplesAdded.add(name);
      const params = variant ? entry.examples?.[variant] : undefined;
      builder.addExample(name, {
        summary: params
          ? `${entry.code} — ${Object.values(params).join(', ')}`
          : `${entry.code}${entry.note ? ` — ${entry.note}` : ''}`,
        value: await exampleBody(entry, path, params),
      });
    }
    return { $ref: `#/components/examples/${name}` };
  };

  /** Responses for a list of errors, grouped by status; HPC's 200 errors join the success response. */
  const errorResponses = async (errors: readonly CatalogueEntry[], path: string) => {
    const byStatus = new Map<number, CatalogueEntry[]>();
    for (const entry of errors) byStatus.set(entry.status, [...(byStatus.get(entry.status) ?? []), entry]);
    const out = new Map<
      number,
      { schemas: ReferenceObject[]; examples: Record<string, ReferenceObject>; entries: CatalogueEntry[] }
    >();
    for (const [status, entries] of [...byStatus].sort(([x], [y]) => x - y)) {
      const shapes = [...new Set(entries.map((entry) => entry.shape))];
      const schemas = [...new Set(shapes.map((shape) => errorBodySchemas[provider][shape]))].flatMap(
        (named) => (named ? [ref(named)] : []),
      );
      const examples: Record<string, ReferenceObject> = {};
      for (const entry of entries) {
        examples[entry.key] = await example(entry, path);
        for (const variant of Object.keys(entry.examples ?? {}))
          examples[`${entry.key}_${variant}`] = await example(entry, path, variant);
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

  for (const op of operations[provider]) {
    const success = ref(op.success);
    const responses: Record<string, ResponseObject> = {};
    const errors = await errorResponses(op.errors, op.path);
    const successErrors = errors.get(op.success.status);
    const headers = headersObject(
      op.answerHeaders,
      op.success.headers,
      ...(successErrors?.entries.map((entry) => entry.headers) ?? []),
    );
    responses[String(op.success.status)] = {
      description: successErrors
        ? 'Success (`code` "0") or a business error in the same envelope'
        : 'Success',
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
    const parameters = [...op.parameters, ...(provider === 'aliyun' ? aliyunCommonParameters : [])];
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
    // An RPC action is answered alike over GET (parameters in the query) and POST (in a form body too).
    if (provider === 'aliyun') item.get = { ...operation, operationId: `${op.name}Get` };
    builder.addPath(op.path, item);
  }

  // What a path no operation serves answers, for reference (`components.responses`).
  const unmatched = await errorResponses(unmatchedErrors[provider], '/unknown');
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
