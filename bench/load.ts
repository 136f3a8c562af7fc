/**
 * The load generator, run in its own process by bench/run.ts: autocannon's programmatic API against one
 * server, with the job given as JSON on argv[2]; prints one JSON result line. Signed Alibaba calls need a
 * fresh nonce each, so they are signed here, in a pool built before the clock starts, and sent in order.
 */
import autocannon, { type RawRequest } from 'autocannon';
import { type LoadRequest, signedAliyun } from './requests.ts';

export interface LoadJob {
  url: string;
  duration: number;
  warmup: number;
  connections: number;
  /** `fixed`: the one request, again and again; `aliyun-v1` / `aliyun-v3`: a fresh signature per request. */
  kind: 'fixed' | 'aliyun-v1' | 'aliyun-v3';
  request: LoadRequest;
  /** How many signed requests to prepare (each is sent once). */
  pool?: number;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
}

async function run(job: LoadJob): Promise<LoadResult> {
  const size = job.kind === 'fixed' ? 1 : (job.pool ?? 100_000);
  const pool =
    job.kind === 'fixed'
      ? [job.request]
      : Array.from({ length: size }, (_, n) =>
          signedAliyun(job.kind as 'aliyun-v1' | 'aliyun-v3', job.url, `load-${process.pid}-${n}`),
        );
  let next = 0;
  const setupRequest = (request: RawRequest): RawRequest => {
    const chosen = pool[next++ % size] as LoadRequest;
    return {
      ...request,
      method: chosen.method,
      path: chosen.path,
      headers: chosen.headers,
      ...(chosen.body ? { body: chosen.body } : {}),
    };
  };
  const options = { url: job.url, connections: job.connections, requests: [{ setupRequest }] };
  if (job.warmup > 0) await autocannon({ ...options, duration: job.warmup });
  const result = await autocannon({ ...options, duration: job.duration });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

const job = JSON.parse(process.argv[2] ?? '{}') as LoadJob;
process.stdout.write(`${JSON.stringify(await run(job))}\n`);
