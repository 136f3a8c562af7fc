import { request as httpRequest } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { demoCredentials, signedAliyun } from '../../bench/requests.ts';
import { huaweiDemoCredentials } from '../../contracts/huawei/demo.ts';
import { signRequest } from '../../contracts/huawei/signer.ts';
import type { JournalEntry } from '../../emulator/journal.ts';
import { listen } from '../../emulator/server.ts';
import { useEmulator } from '../helpers.ts';

/** An answer as it crossed the wire: status line, header lines, body. */
async function exchange(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<string> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        // Header names in any case and order: the adapter's edge rebuilds a kept answer through `Headers`.
        // Dates and lengths vary with the moment and with the random tokens an answer carries.
        const lines: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i]?.toLowerCase() ?? '';
          if (name !== 'date' && name !== 'content-length') lines.push(`${name}: ${res.rawHeaders[i + 1]}`);
        }
        const head = [`${res.statusCode} ${res.statusMessage}`, ...lines.sort()];
        resolve(`${head.join('\n')}\n\n${Buffer.concat(chunks).toString('utf8')}`);
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** What differs between two answers to the same request on their own: ids, tokens, times, ports. */
const masked = (text: string, port: string) =>
  text
    .replaceAll(port, 'PORT')
    .replace(/[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}/g, 'ID')
    .replace(/req-ID|[0-9a-f]{32}/g, 'ID')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?/g, 'TIME')
    .replace(/"(token|vncUrl|VncUrl|url)": ?"[^"]*"/g, '"$1": "…"')
    .replace(/<VncUrl>[^<]*/g, '<VncUrl>…');

/**
 * A request a provider owns is answered over HTTP straight from Node's message onto Node's response, except
 * while the journal keeps exchange bodies, when it goes through the app's Node adapter and a WHATWG Request and
 * Response. Both edges run the same pipeline: a client sees the same bytes from either.
 */
describe('the two HTTP edges of the pipeline', () => {
  const direct = useEmulator({ journalBodies: false });
  const adapted = useEmulator({ journalBodies: true });

  it('answer every provider the same, errors and HEAD included', async () => {
    const H = huaweiDemoCredentials;
    const consoleBody = JSON.stringify({ remote_console: { protocol: 'vnc', type: 'novnc' } });
    const cases = async (base: string) => {
      const { iam, hpc } = await demoCredentials((r) => fetch(r), base);
      const native = `/v1/${H.projectId}/cloudservers/${H.servers.active}/remote_console`;
      const v3 = signedAliyun('aliyun-v3', base, `edges-${base}-v3`);
      const v1 = signedAliyun('aliyun-v1', base, `edges-${base}-v1`);
      return [
        [
          'POST',
          `/v2.1/${H.projectId}/servers/${H.servers.active}/remote-consoles`,
          { 'X-Auth-Token': iam, 'X-OpenStack-Nova-API-Version': '2.6', 'Content-Type': 'application/json' },
          consoleBody,
        ],
        [
          'POST',
          `/v2.1/${H.projectId}/servers/${H.servers.active}/remote-consoles`,
          { 'X-Auth-Token': iam, 'Content-Type': 'application/json' },
          '{"remote_console": ',
        ],
        [
          'POST',
          native,
          signRequest(
            {
              method: 'POST',
              url: `${base}${native}`,
              headers: { 'content-type': 'application/json' },
              body: consoleBody,
            },
            { accessKeyId: H.accessKeyId, secretAccessKey: H.secretAccessKey },
            Date.now(),
          ),
          consoleBody,
        ],
        ['GET', '/hpc/openapi/v2/desktop/vnc/gv101--demo--SIG--4/launchurl', { token: hpc }],
        ['GET', '/hpc/openapi/v2/desktop/vnc/gv101--demo--SIG--4/launchurl', { token: 'wrong' }],
        ['HEAD', '/v2.1/', {}],
        ['GET', '/v3', {}],
        [v3.method, v3.path, v3.headers],
        [v1.method, v1.path, v1.headers],
        ['GET', '/?Action=DescribeRegions&Format=XML', {}],
        ['POST', '/', { 'X-TC-Action': 'DescribeRegions', 'Content-Type': 'application/json' }, '{}'],
      ] as Array<[string, string, Record<string, string>, string?]>;
    };
    const seen: Record<string, string[]> = {};
    for (const emu of [direct, adapted]) {
      const { url, port } = emu.current;
      seen[url] = [];
      for (const [method, path, headers, body] of await cases(url))
        seen[url]?.push(masked(await exchange(url, method, path, headers, body), String(port)));
    }
    const [first, second] = Object.values(seen);
    expect(first?.length).toBe(11);
    expect(second).toEqual(first);
    // The adapted edge kept each exchange for the journal (so its answers did take the other edge), and a
    // HEAD's empty body is not judged against the GET's answer schema.
    const kept = adapted.current.emulator.journal.list().filter((e) => e.method === 'HEAD');
    expect(kept).toHaveLength(1);
    expect(kept[0]?.verdict).toEqual({ ok: true, violations: [] });
    expect(adapted.current.emulator.journal.exchange(kept[0] as JournalEntry)?.response?.status).toBe(200);
  });
});

/**
 * Over HTTP the answers made ready in one poll phase of the event loop are written together after it. Both
 * tests would lose an answer if that batch ran on a timer a test can fake, or were left behind by `close()`.
 */
describe('answers written after the poll phase', () => {
  const running = useEmulator();
  const launch = '/hpc/openapi/v2/desktop/vnc/gv101--demo--SIG--4/launchurl';

  it('arrive while a test has faked the timers (setImmediate included)', async () => {
    const { url } = running.current;
    const { hpc } = await demoCredentials((r) => fetch(r), url);
    vi.useFakeTimers();
    try {
      const answer = await exchange(url, 'GET', launch, { token: hpc });
      expect(answer).toMatch(/^200 OK\n[\s\S]*"novncUrl":"\/vnc\.html\?path=\/vncws\?token=/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('are written before close() ends the connections, even one made in the same turn', async () => {
    const closing = await listen({ host: '127.0.0.1', port: 0 });
    const { hpc } = await demoCredentials((r) => fetch(r), closing.url);
    let closed: Promise<void> | undefined;
    // Listeners run in order: the emulator's has made the answer (an HPC launch is answered at once) and
    // queued it when this one closes the server.
    closing.server.on('request', () => {
      closed ??= closing.close();
    });
    const answer = await exchange(closing.url, 'GET', launch, { token: hpc });
    expect(answer).toMatch(/^200 OK\n/);
    await closed;
  });
});
