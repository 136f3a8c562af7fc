import fc from 'fast-check';
import { aliyunActions } from '../../contracts/aliyun/schemas.ts';
import {
  formatAcsTimestamp,
  percentEncode,
  signV3,
  v1Signature,
  v1StringToSign,
} from '../../contracts/aliyun/signer.ts';
import { signAkSk } from '../../contracts/hpc/signer.ts';
import { remoteConsoleEnums } from '../../contracts/huawei/schemas.ts';
import { signRequest } from '../../contracts/huawei/signer.ts';
import { tencentActions } from '../../contracts/tencent/schemas.ts';
import { signTc3 } from '../../contracts/tencent/signer.ts';
import type { Emulator } from '../../emulator/app.ts';
import { Call } from '../../emulator/pipeline/call.ts';
import type { Answerer } from './shapes.ts';

/** The origin of in-process requests; never resolved, `emulator.fetch` answers them. */
export const ORIGIN = 'http://127.0.0.1:9400';

/**
 * A request in a form fast-check can generate and shrink. `sign` is applied last, over the finished
 * request, with the emulator clock, so a signed request is a valid one unless `tamper` changes it afterwards.
 */
export interface RequestSpec {
  method: string;
  path: string;
  query: Array<[string, string]>;
  headers: Array<[string, string]>;
  body?: { type?: string; data: string | Uint8Array } | undefined;
  sign?: 'huawei-aksk' | 'aliyun-v1' | 'aliyun-v3' | 'hpc-aksk' | 'tencent-tc3' | undefined;
  /** A header set after signing: the signature no longer covers the request. */
  tamper?: [string, string] | undefined;
}

/** Credentials the emulator issued before the run (tokens need a round trip). */
export interface Issued {
  iamToken: string;
  hpcRegionToken: string;
  hpcPlatformToken: string;
  hpcOtherToken: string;
}

// --- Building blocks ---

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;
const method = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...HTTP_METHODS) },
  { weight: 1, arbitrary: fc.constantFrom('PROPFIND', 'TRACE-ME', 'get', 'X') },
);

/** A path segment: plausible, percent-encoded anything, or known troublemakers. */
const segment = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._~-]{1,24}$/),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
  fc.constantFrom('%', '%zz', '%E0%A4%A', '..', '%2e%2e', '%2F', '%00', '', 'x'.repeat(300), '%C0%AF'),
);

/** A header value a `Headers` object accepts: no CR, LF or NUL, bytes up to 0xFF. */
const headerValue = fc.oneof(
  fc.stringMatching(/^[\t\x20-\x7e]{0,40}$/),
  fc.stringMatching(/^[\x20-\x7e\x80-\xff]{0,20}$/),
  fc.constantFrom('', ' ', 'null', 'undefined', '0', '-1', '1e309', 'x'.repeat(2000)),
);
const headerName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/);
const randomHeaders = fc.array(fc.tuple(headerName, headerValue), { maxLength: 3 });

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/x-www-form-urlencoded',
  'text/xml',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  ';;;',
] as const;

/** JSON, form, XML or raw bodies, each with a content type that may or may not fit. */
const body = (json: fc.Arbitrary<unknown> = fc.jsonValue()) =>
  fc.option(
    fc.record({
      type: fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: undefined }),
      data: fc.oneof(
        json.map((value) => JSON.stringify(value) ?? 'null'),
        fc.json(),
        fc
          .dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 16 }), { maxKeys: 4 })
          .map((d) => new URLSearchParams(d).toString()),
        fc.string({ maxLength: 40 }).map((s) => `<?xml version="1.0"?><a b="${s}">${s}</a>`),
        fc.uint8Array({ maxLength: 128 }),
        fc.constantFrom('{', '[', '{"a":', '\u0000', '\uFEFF{}', 'null', '1e400'),
      ),
    }),
    { nil: undefined, freq: 3 },
  );

const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const header = (name: string, value: fc.Arbitrary<string>) =>
  maybe(value).map((v): Array<[string, string]> => (v === undefined ? [] : [[name, v]]));

const spec = (parts: {
  method?: fc.Arbitrary<string>;
  path: fc.Arbitrary<string>;
  query?: fc.Arbitrary<Array<[string, string]>>;
  headers: Array<fc.Arbitrary<Array<[string, string]>>>;
  body?: fc.Arbitrary<RequestSpec['body']>;
  sign?: fc.Arbitrary<RequestSpec['sign']>;
}): fc.Arbitrary<RequestSpec> =>
  fc.record({
    method: parts.method ?? method,
    path: parts.path,
    query:
      parts.query ??
      fc.array(fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 16 })), { maxLength: 2 }),
    headers: fc.tuple(randomHeaders, ...parts.headers).map((lists) => lists.flat()),
    body: parts.body ?? body(),
    sign: parts.sign ?? fc.constant(undefined),
    tamper: maybe(
      fc.tuple(fc.constantFrom('x-sdk-date', 'host', 'x-acs-date', 'content-type', 'x-extra'), headerValue),
    ),
  });

// --- Huawei / Nova ---

const HUAWEI_PROJECT = '0a1b2c3d4e5f4a6b8c9d0e1f2a3b4c5d';
const HUAWEI_SERVERS = [
  '3f2a4c1e-8b7d-4e6f-9a0b-1c2d3e4f5a61',
  'demo-active',
  'ffffffff-ffff-4fff-8fff-ffffffffffff',
] as const;

function huaweiPath(): fc.Arbitrary<string> {
  const project = fc.oneof(
    fc.constantFrom(HUAWEI_PROJECT, '9f8e7d6c5b4a49388271605f4e3d2c1b', 'abc-123'),
    segment,
  );
  const server = fc.oneof(fc.constantFrom(...HUAWEI_SERVERS), segment);
  return fc.oneof(
    fc.constantFrom('/', '/v2.1', '/v2.1/', '/v3', '/v3/', '/v3/auth/tokens', '/v2', '/v1/'),
    fc.tuple(project, server).map(([p, s]) => `/v2.1/${p}/servers/${s}/remote-consoles`),
    fc.tuple(project, server).map(([p, s]) => `/v2.1/${p}/servers/${s}/action`),
    fc.tuple(project, server).map(([p, s]) => `/v2.1/${p}/servers/${s}`),
    project.map((p) => `/v2.1/${p}/servers/detail`),
    project.map((p) => `/v2.1/${p}/servers`),
    fc.tuple(project, server).map(([p, s]) => `/v1/${p}/cloudservers/${s}/remote_console`),
    fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `/v2.1/${s.join('/')}`),
    fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `/v3/${s.join('/')}`),
  );
}

const microversion = fc.oneof(
  fc.constantFrom(
    '2.1',
    '2.5',
    '2.6',
    '2.8',
    '2.98',
    '2.99',
    '2.104',
    '2.105',
    'latest',
    '3.0',
    '2.',
    'abc',
    '',
  ),
  fc.tuple(fc.nat(5), fc.nat(300)).map(([a, b]) => `${a}.${b}`),
);

const HUAWEI_PROTOCOLS = [...remoteConsoleEnums['2.99'].protocol, 'VNC', 'ssh'];
const HUAWEI_TYPES = [...remoteConsoleEnums['2.99'].type, 'NOVNC', 'html'];

const huaweiJson = fc.oneof(
  fc.record(
    {
      remote_console: fc.oneof(
        fc.record(
          {
            protocol: fc.oneof(fc.constantFrom(...HUAWEI_PROTOCOLS), fc.jsonValue()),
            type: fc.oneof(fc.constantFrom(...HUAWEI_TYPES), fc.jsonValue()),
          },
          { requiredKeys: [] },
        ),
        fc.jsonValue(),
      ),
    },
    { requiredKeys: [] },
  ),
  fc
    .tuple(
      fc.constantFrom(
        'os-getVNCConsole',
        'os-getSPICEConsole',
        'os-getRDPConsole',
        'os-getSerialConsole',
        'os-start',
        'reboot',
      ),
      fc.oneof(
        fc.record({ type: fc.oneof(fc.constantFrom(...HUAWEI_TYPES), fc.jsonValue()) }),
        fc.jsonValue(),
      ),
    )
    .map(([action, value]) => ({ [action]: value })),
  fc.record({
    auth: fc.record(
      {
        identity: fc.record(
          {
            methods: fc.oneof(fc.constant(['password']), fc.jsonValue()),
            password: fc.record(
              {
                user: fc.record(
                  {
                    name: fc.oneof(fc.constantFrom('demo', 'demo-reader', 'nobody'), fc.jsonValue()),
                    id: fc.jsonValue(),
                    domain: fc.oneof(fc.constant({ name: 'demo' }), fc.jsonValue()),
                    password: fc.oneof(fc.constantFrom('demo-password', 'wrong'), fc.jsonValue()),
                  },
                  { requiredKeys: [] },
                ),
              },
              { requiredKeys: [] },
            ),
          },
          { requiredKeys: [] },
        ),
        scope: fc.oneof(
          fc.constant({ project: { name: 'cn-north-4', domain: { name: 'demo' } } }),
          fc.constant({ project: { id: HUAWEI_PROJECT } }),
          fc.constant({ domain: { name: 'demo' } }),
          fc.jsonValue(),
        ),
      },
      { requiredKeys: [] },
    ),
  }),
  fc.jsonValue(),
);

export function huaweiRequest(issued: Issued): fc.Arbitrary<RequestSpec> {
  return spec({
    path: huaweiPath(),
    headers: [
      header('X-Auth-Token', fc.oneof(fc.constant(issued.iamToken), headerValue)),
      header('X-OpenStack-Nova-API-Version', microversion),
      header(
        'OpenStack-API-Version',
        fc.oneof(
          microversion.map((v) => `compute ${v}`),
          headerValue,
        ),
      ),
      header(
        'Accept',
        fc.constantFrom('application/json', 'text/html', 'text/plain', '*/*', 'application/xml'),
      ),
      header('Content-Type', fc.constantFrom(...CONTENT_TYPES)),
      header('X-Project-Id', fc.constantFrom(HUAWEI_PROJECT, 'nope')),
    ],
    body: body(huaweiJson),
    sign: maybe(fc.constant('huawei-aksk' as const)),
  });
}

// --- Alibaba ---

const ALIYUN_INSTANCES = [
  'i-bp1demorunning000001',
  'i-bp1demostopped000003',
  'i-bp1demopending000004',
  'i-m5edemoqingdao000005',
];
const aliyunParam = (name: string, values: readonly string[]) =>
  header(name, fc.oneof(fc.constantFrom(...values), fc.string({ maxLength: 20 })));

export function aliyunRequest(): fc.Arbitrary<RequestSpec> {
  const params = fc
    .tuple(
      aliyunParam('Action', [...aliyunActions, 'DescribeInstanceVNCUrl', 'RunInstances']),
      aliyunParam('RegionId', ['cn-hangzhou', 'cn-qingdao', 'us-west-1']),
      aliyunParam('InstanceId', ALIYUN_INSTANCES),
      aliyunParam('VncPassword', ['Abc123', 'abc', '123456', 'Ab1!@#']),
      aliyunParam('InstanceIds', ['["i-bp1demorunning000001"]', '[1,2]', '[', 'i-bp1demorunning000001']),
      aliyunParam('Status', ['Running', 'Stopped', 'Nope']),
      aliyunParam('PageSize', ['1', '100', '101', '0', 'abc']),
      aliyunParam('PageNumber', ['1', '0', '-1', '99999999999999999999']),
      aliyunParam('Format', ['JSON', 'XML', 'json', 'yaml']),
      aliyunParam('Version', ['2014-05-26', '2014-05-27']),
      aliyunParam('SignatureMethod', ['HMAC-SHA1', 'HMAC-SHA256']),
      aliyunParam('Timestamp', ['2026-03-02T04:00:00Z', '2026-02-30T04:00:00Z', 'yesterday']),
      aliyunParam('AccessKeyId', ['LTAI5tDemoAccessKey00001', 'LTAI-nobody']),
    )
    .map((lists) => lists.flat());
  return fc
    .tuple(
      spec({
        method: fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom('GET', 'POST') },
          { weight: 1, arbitrary: method },
        ),
        path: fc.oneof(
          { weight: 8, arbitrary: fc.constant('/') },
          { weight: 1, arbitrary: segment.map((s) => `/${s}`) },
        ),
        query: params,
        headers: [
          header('x-acs-action', fc.constantFrom(...aliyunActions, 'Nope')),
          header(
            'Authorization',
            fc.oneof(fc.constantFrom('ACS3-HMAC-SHA256 ', 'ACS3-HMAC-SHA256 Credential=x'), headerValue),
          ),
        ],
        sign: maybe(fc.constantFrom('aliyun-v1' as const, 'aliyun-v3' as const)),
      }),
      fc.boolean(),
    )
    .map(([request, asForm]) =>
      // A POST may carry the parameters as a form body instead of the query, as pop-core does.
      asForm && request.method === 'POST' && request.sign !== 'aliyun-v3'
        ? {
            ...request,
            query: [],
            body: {
              type: 'application/x-www-form-urlencoded',
              data: request.query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&'),
            },
          }
        : request,
    );
}

// --- Tencent Cloud CVM ---

const TENCENT_INSTANCES = ['ins-demorun1', 'ins-demostp2', 'ins-demopnd3', 'ins-demosha4', 'ins-1122', 'i-x'];

export function tencentRequest(): fc.Arbitrary<RequestSpec> {
  const instanceId = fc.oneof(fc.constantFrom(...TENCENT_INSTANCES), fc.jsonValue());
  const actionParams = fc.oneof(
    fc.record({ InstanceId: instanceId }, { requiredKeys: [] }),
    fc.record(
      {
        InstanceIds: fc.array(instanceId, { maxLength: 3 }),
        Filters: fc.array(
          fc.record({
            Name: fc.constantFrom('instance-name', 'instance-state', 'zone', 'colour'),
            Values: fc.array(fc.constantFrom('demo-running', 'RUNNING', 'STOPPED', 'ap-guangzhou-3'), {
              maxLength: 6,
            }),
          }),
          { maxLength: 3 },
        ),
        Offset: fc.oneof(fc.integer({ min: -2, max: 30 }), fc.string({ maxLength: 3 })),
        Limit: fc.oneof(fc.integer({ min: -1, max: 102 }), fc.string({ maxLength: 3 })),
      },
      { requiredKeys: [] },
    ),
    fc.jsonValue(),
  );
  return spec({
    method: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('GET', 'POST') },
      { weight: 1, arbitrary: method },
    ),
    path: fc.oneof(
      { weight: 8, arbitrary: fc.constant('/') },
      { weight: 1, arbitrary: segment.map((s) => `/${s}`) },
    ),
    query: fc.array(
      fc.tuple(
        fc.constantFrom('InstanceId', 'InstanceIds.0', 'Filters.0.Name', 'Limit', 'Nonce', 'SecretId'),
        headerValue,
      ),
      { maxLength: 3 },
    ),
    headers: [
      header('X-TC-Action', fc.constantFrom(...tencentActions, 'RunInstances', 'describeinstances')),
      header('X-TC-Version', fc.constantFrom('2017-03-12', '2017-03-12', '2018-01-01')),
      header('X-TC-Region', fc.constantFrom('ap-guangzhou', 'ap-shanghai', 'eu-nowhere')),
      header('X-TC-Token', headerValue),
      header(
        'Authorization',
        fc.oneof(fc.constantFrom('TC3-HMAC-SHA256 ', 'TC3-HMAC-SHA256 Credential=x'), headerValue),
      ),
    ],
    body: body(actionParams),
    sign: maybe(fc.constant('tencent-tc3' as const)),
  });
}

// --- SCNet / Sugon HPC ---

export function hpcRequest(issued: Issued): fc.Arbitrary<RequestSpec> {
  const sessionId = fc.oneof(
    fc.constantFrom('gv101--demo--SIG--4', 'gv102--demo_other--SIG--1', 'gv101--demo--SIG--1', 'bad-id'),
    segment,
  );
  return spec({
    path: fc.oneof(
      fc.constantFrom(
        '/ac/openapi/v2/tokens',
        '/api/user/v3/tokens',
        '/ac/openapi/v2/tokens/state',
        '/ac/openapi/v2/tokens/next',
        '/ac/openapi/v2/center',
        '/hpc/openapi/v2/desktop/vnc',
        '/hpc/openapi/v2/queue',
      ),
      sessionId.map((s) => `/hpc/openapi/v2/desktop/vnc/${s}/launchurl`),
      sessionId.map((s) => `/hpc/openapi/v2/desktop/vnc/${s}`),
      fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `/hpc/${s.join('/')}`),
      fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `/ac/${s.join('/')}`),
    ),
    headers: [
      header(
        'token',
        fc.oneof(
          fc.constantFrom(issued.hpcRegionToken, issued.hpcPlatformToken, issued.hpcOtherToken),
          fc.constant(`${issued.hpcRegionToken.slice(0, -2)}xx`),
          fc.constant('eyJhbGciOiJub25lIn0.eyJ1c2VyIjoiZGVtbyJ9.'),
          headerValue,
        ),
      ),
      header('user', fc.constantFrom('demo', 'demo-other', 'demo-disabled', 'nobody', '')),
      header('password', fc.constantFrom('demo-password', 'wrong')),
      header('orgId', fc.constantFrom('demo-org', 'other-org')),
      header('accessKey', fc.constantFrom('DEMOAKHPC0000000001', 'nope')),
      header(
        'timestamp',
        fc.oneof(fc.constantFrom('1772424000', '1.5', '-1', '99999999999999'), headerValue),
      ),
      header('signature', headerValue),
    ],
    sign: maybe(fc.constant('hpc-aksk' as const)),
  });
}

// --- Console pages and noVNC's modules ---

/**
 * Segments that decode: `emulator/console/pages.ts` answers a malformed escape under `/core/` or `/vendor/`
 * (`%E0%A4%A`) with Hono's bare 500, a known finding left to the console's owner (see docs/security.md).
 */
const decodableSegment = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._~-]{1,24}$/),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
  fc.constantFrom(
    '..',
    '%2e%2e',
    '%2F',
    '..%2f..%2f',
    '%2e%2e%2f%2e%2e%2fpackage.json',
    '%00',
    'rfb.js',
    'util',
  ),
);

export function pagesRequest(): fc.Arbitrary<RequestSpec> {
  return spec({
    method: fc.constantFrom('GET', 'HEAD'),
    path: fc.oneof(
      fc.constantFrom('/vnc_auto.html', '/vnc.auto.html', '/vnc.html'),
      fc
        .tuple(fc.constantFrom('ecs-console-vnc2', 'ecs-console-vnc'), segment)
        .map(([p, v]) => `/aliyun/${p}/${v}/index.html`),
      fc
        .tuple(fc.constantFrom('core', 'vendor'), fc.array(decodableSegment, { minLength: 1, maxLength: 4 }))
        .map(([root, s]) => `/${root}/${s.join('/')}`),
    ),
    query: fc.array(
      fc.tuple(
        fc.constantFrom('token', 'path', 'mm', 'vncUrl', 'password', 'resize'),
        fc.string({ maxLength: 30 }),
      ),
      { maxLength: 3 },
    ),
    headers: [],
  });
}

// --- Control API ---

const CONTROL_PROVIDERS = ['huawei', 'aliyun', 'hpc', 'nope'];
const CONTROL_COLLECTIONS = [
  'servers',
  'users',
  'accessKeys',
  'projects',
  'domains',
  'instances',
  'regions',
  'clusters',
  'sessions',
  'nope',
];

/** Bodies of the control API; never a `file` (the fuzz suite writes no files) nor a real latency. */
const controlBody = fc
  .oneof(
    fc.record(
      {
        by: fc.oneof(fc.constantFrom('11m', '1h30m', '-5s', 'soon', '1e308'), fc.integer(), fc.double()),
        to: fc.oneof(fc.constantFrom('2030-01-01T00:00:00Z', 'never', ''), fc.integer(), fc.double()),
      },
      { requiredKeys: [] },
    ),
    fc.record(
      {
        provider: fc.constantFrom(...CONTROL_PROVIDERS),
        operation: fc.constantFrom('remoteConsoles', 'DescribeInstanceVncUrl', 'launchUrl', 'nope'),
        error: fc.constantFrom('Throttling.User', 'InstanceNotReady', '10008', 'Nope', '404'),
        connection: fc.constantFrom('reset', 'empty', 'close-mid-body', 'boom'),
        latency: fc.constantFrom('0ms', '1ms', 'slow'),
        times: fc.oneof(fc.integer({ min: -1, max: 3 }), fc.double()),
        probability: fc.oneof(fc.double(), fc.constant(0.5)),
        seed: fc.integer(),
      },
      { requiredKeys: ['provider'] },
    ),
    fc.record({ snapshot: fc.jsonValue() }),
    fc.record(
      { status: fc.constantFrom('SHUTOFF', 'Running', 'nope'), name: fc.string(), id: fc.string() },
      { requiredKeys: [] },
    ),
    fc.jsonValue(),
  )
  .filter((value) => !(typeof value === 'object' && value !== null && 'file' in value));

export function controlRequest(): fc.Arbitrary<RequestSpec> {
  const id = fc.oneof(
    fc.constantFrom('demo', 'demo-active', 'i-bp1demorunning000001', '11112', 'fault-1'),
    segment,
  );
  return spec({
    path: fc.oneof(
      fc.constantFrom(
        '/__emulator/state',
        '/__emulator/reset',
        '/__emulator/clock',
        '/__emulator/clock/advance',
        '/__emulator/clock/set',
        '/__emulator/clock/freeze',
        '/__emulator/clock/resume',
        '/__emulator/faults',
        '/__emulator/journal',
        '/__emulator/snapshot',
        '/__emulator/snapshot/load',
        '/__emulator',
      ),
      fc
        .tuple(fc.constantFrom(...CONTROL_PROVIDERS), fc.constantFrom(...CONTROL_COLLECTIONS), maybe(id))
        .map(([p, c, i]) => `/__emulator/state/${p}/${c}${i === undefined ? '' : `/${i}`}`),
      id.map((i) => `/__emulator/faults/${i}`),
      fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `/__emulator/${s.join('/')}`),
    ),
    query: fc.array(
      fc.tuple(fc.constantFrom('provider', 'operation', 'status', 'code', 'x'), fc.string({ maxLength: 8 })),
      { maxLength: 2 },
    ),
    headers: [],
    body: maybe(
      fc.record({
        type: maybe(fc.constantFrom(...CONTROL_PROVIDERS)),
        data: controlBody.map((v) => JSON.stringify(v) ?? 'null'),
      }),
    ),
  });
}

// --- Building and sending ---

let nonce = 0;

/** The `Request` a spec stands for, signed on the emulator clock when it asks to be. */
export function buildRequest(emulator: Emulator, request: RequestSpec): Request {
  const now = emulator.clock.now();
  let query = request.query;
  let headers: Record<string, string> = {};
  for (const [name, value] of request.headers) headers[name.toLowerCase()] = value;
  if (request.body?.type) headers['content-type'] = request.body.type;
  if (request.sign === 'aliyun-v1') {
    const params = new Map(query);
    params.set('SignatureVersion', '1.0');
    params.set('SignatureNonce', `fuzz-${++nonce}`);
    params.set('Timestamp', formatAcsTimestamp(now));
    params.set('AccessKeyId', 'LTAI5tDemoAccessKey00001');
    params.set('SignatureMethod', 'HMAC-SHA1');
    params.delete('Signature');
    const signing = [...params];
    const sig = v1Signature(v1StringToSign(request.method, signing), 'demo-aliyun-secret');
    query = [...signing, ['Signature', sig]];
  }
  const search = query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
  const url = `${ORIGIN}${request.path}${search ? `?${search}` : ''}`;
  const data = request.body?.data;
  const text = typeof data === 'string' ? data : undefined;
  if (request.sign === 'huawei-aksk') {
    headers = signRequest(
      { method: request.method, url, headers, ...(text !== undefined ? { body: text } : {}) },
      { accessKeyId: 'DEMOAKHUAWEI00000001', secretAccessKey: 'demo-huawei-secret' },
      now,
    );
  } else if (request.sign === 'aliyun-v3') {
    const action = headers['x-acs-action'] ?? new Map(query).get('Action') ?? 'DescribeInstanceVncUrl';
    headers = signV3(
      { method: request.method, url, action, headers, ...(data !== undefined ? { body: data } : {}) },
      { accessKeyId: 'LTAI5tDemoAccessKey00001', accessKeySecret: 'demo-aliyun-secret' },
      { epochMs: now, nonce: `fuzz-${++nonce}` },
    );
  } else if (request.sign === 'tencent-tc3') {
    // Signed as the Go SDK signs (service `cvm`, the host with its port), on the real time the gateway checks.
    const timestampSeconds = Math.floor(emulator.clock.realNow() / 1000);
    headers['x-tc-timestamp'] = String(timestampSeconds);
    headers.authorization = signTc3(
      {
        method: request.method === 'GET' ? 'GET' : 'POST',
        host: new URL(url).host,
        service: 'cvm',
        contentType: headers['content-type'] ?? '',
        rawQuery: search,
        body: text ?? '',
        timestampSeconds,
      },
      { secretId: 'AKIDDEMOTENCENT000000000000000000001', secretKey: 'demo-tencent-secret' },
    );
  } else if (request.sign === 'hpc-aksk') {
    Object.assign(
      headers,
      signAkSk({ user: 'demo', accessKey: 'DEMOAKHPC0000000001', secretKey: 'demo-hpc-secret' }, now),
    );
  }
  if (request.tamper) headers[request.tamper[0]] = request.tamper[1];
  const upper = request.method.toUpperCase();
  const bodyAllowed = upper !== 'GET' && upper !== 'HEAD' && data !== undefined;
  return new Request(url, {
    method: request.method,
    headers,
    ...(bodyAllowed ? { body: typeof data === 'string' ? data : new Uint8Array(data) } : {}),
  });
}

const CONSOLE_PAGE =
  /^\/(vnc_auto\.html|vnc\.auto\.html|vnc\.html|aliyun\/ecs-console-vnc2?\/[^/]+\/index\.html|core\/.*|vendor\/.*)$/;

/** Who answers `request`, in the emulator's dispatch order (control API, console pages, providers). */
export function answererOf(emulator: Emulator, request: Request): Answerer {
  const url = new URL(request.url);
  if (/^\/__emulator(\/|$)/.test(url.pathname)) return 'control';
  if ((request.method === 'GET' || request.method === 'HEAD') && CONSOLE_PAGE.test(url.pathname))
    return 'pages';
  return (
    emulator.providers.find((p) => p.owns(Call.of(request, { provider: 'emulator', operation: '' })))?.name ??
    'emulator'
  );
}
