import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEmulator, type Emulator } from '../../emulator/app.ts';
import { createClock } from '../../emulator/clock.ts';
import {
  aliyunRequest,
  answererOf,
  buildRequest,
  controlRequest,
  hpcRequest,
  huaweiRequest,
  type Issued,
  ORIGIN,
  pagesRequest,
  type RequestSpec,
  tencentRequest,
} from './requests.ts';
import { checkShape } from './shapes.ts';

/**
 * Property-based fuzzing of every provider and of the control API, in-process (`emulator.fetch`), where the
 * transport does not matter; test/hardening/ covers the transport-level limits over real HTTP.
 * Invariants: every answer is a documented success or an error in the answering provider's documented shape,
 * no 5xx but documented ones, nothing logged as unexpected, no unhandled rejection, no answer later than
 * ANSWER_BOUND_MS. `npm test` runs a fixed seed and few runs; `npm run fuzz` runs many (FUZZ_RUNS, FUZZ_SEED).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_302);
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const ANSWER_BOUND_MS = 5_000;
/** 12:00 China Standard Time: far from HPC's 01:00 idle cleanup. */
const START = '2026-03-02T04:00:00.000Z';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => process.on('unhandledRejection', onUnhandled));
afterAll(() => process.off('unhandledRejection', onUnhandled));

let logged: unknown[][] = [];
beforeEach(() => {
  logged = [];
  // The providers log only what they did not expect (before answering a 500 / 10001): any log is a finding.
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args));
});
afterEach(() => {
  vi.restoreAllMocks();
  expect(unhandled).toEqual([]);
});

function withinBound<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${ANSWER_BOUND_MS} ms: ${what}`)),
      ANSWER_BOUND_MS,
    );
  });
  return Promise.race([promise, bound]).finally(() => clearTimeout(timer));
}

/** Sends one generated request and checks the answer against the invariants. */
async function exchange(emulator: Emulator, spec: RequestSpec): Promise<void> {
  logged = [];
  const request = buildRequest(emulator, spec);
  const answerer = answererOf(emulator, request);
  const what = `${request.method} ${request.url}`;
  const response = await withinBound(emulator.fetch(request), what);
  // A connection fault rule breaks the connection: in-process that is a network error, as documented.
  if (response.type === 'error' && emulator.faults.list().some((rule) => rule.connection !== undefined))
    return;
  const text = await withinBound(response.text(), `${what} (body)`);
  checkShape(answerer, {
    method: request.method,
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    headers: response.headers,
    text,
  });
  if (logged.length > 0)
    throw new Error(`logged as unexpected: ${logged.map((l) => l.join(' ')).join('\n')}`);
}

const frozenDemo = () => createEmulator({ clock: createClock({ start: START, frozen: true }) });

async function issue(emulator: Emulator): Promise<Issued> {
  const post = (path: string, headers: Record<string, string>, body?: string) =>
    emulator.fetch(new Request(`${ORIGIN}${path}`, { method: 'POST', headers, ...(body ? { body } : {}) }));
  const iam = await post(
    '/v3/auth/tokens',
    { 'content-type': 'application/json' },
    JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'demo', domain: { name: 'demo' }, password: 'demo-password' } },
        },
        scope: { project: { name: 'cn-north-4', domain: { name: 'demo' } } },
      },
    }),
  );
  const hpcTokens = async (user: string) => {
    const answer = await post('/ac/openapi/v2/tokens', {
      user,
      password: 'demo-password',
      orgId: 'demo-org',
    });
    const body = (await answer.json()) as { data: Array<{ clusterId: string; token: string }> };
    return (clusterId: string) => body.data.find((t) => t.clusterId === clusterId)?.token ?? '';
  };
  const demo = await hpcTokens('demo');
  const other = await hpcTokens('demo-other');
  return {
    iamToken: iam.headers.get('x-subject-token') ?? '',
    hpcRegionToken: demo('11112'),
    hpcPlatformToken: demo('0'),
    hpcOtherToken: other('11112'),
  };
}

const options = (offset: number) => ({ seed: SEED + offset, numRuns: RUNS });

describe('fuzz: every provider answers in its documented shapes', () => {
  const emulator = frozenDemo();
  let issued: Issued;
  beforeAll(async () => {
    issued = await issue(emulator);
    expect(Object.values(issued).every(Boolean)).toBe(true);
  });

  it('Huawei Cloud ECS / Nova / IAM', async () => {
    await fc.assert(
      fc.asyncProperty(huaweiRequest(issued), (spec) => exchange(emulator, spec)),
      options(1),
    );
  });

  it('Alibaba Cloud ECS RPC (V1 and V3)', async () => {
    await fc.assert(
      fc.asyncProperty(aliyunRequest(), (spec) => exchange(emulator, spec)),
      options(2),
    );
  });

  it('SCNet / Sugon HPC', async () => {
    await fc.assert(
      fc.asyncProperty(hpcRequest(issued), (spec) => exchange(emulator, spec)),
      options(3),
    );
  });

  it('Tencent Cloud CVM (TC3 and the legacy form)', async () => {
    await fc.assert(
      fc.asyncProperty(tencentRequest(), (spec) => exchange(emulator, spec)),
      options(7),
    );
  });

  it('console pages and noVNC modules', async () => {
    await fc.assert(
      fc.asyncProperty(pagesRequest(), (spec) => exchange(emulator, spec)),
      options(6),
    );
  });

  it('any provider, interleaved', async () => {
    const any = fc.oneof(huaweiRequest(issued), aliyunRequest(), hpcRequest(issued), tencentRequest());
    await fc.assert(
      fc.asyncProperty(fc.array(any, { minLength: 1, maxLength: 5 }), async (specs) => {
        for (const spec of specs) await exchange(emulator, spec);
      }),
      options(4),
    );
  });
});

describe('fuzz: the control API', () => {
  it('answers JSON or {"error": {"code", "message"}}, and the providers stay in shape afterwards', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(controlRequest(), { minLength: 1, maxLength: 4 }),
        fc.array(aliyunRequest(), { maxLength: 2 }),
        async (controls, afterwards) => {
          // Each run gets its own emulator: control calls change the clock, faults and state.
          const emulator = frozenDemo();
          for (const spec of [...controls, ...afterwards]) await exchange(emulator, spec);
        },
      ),
      options(5),
    );
  });
});
