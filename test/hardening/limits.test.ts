import { describe, expect, it, vi } from 'vitest';
import { useEmulator } from '../helpers.ts';
import { bigHead, rawExchange } from './support.ts';

/**
 * Transport-level limits over real HTTP on 127.0.0.1: bodies and request heads over the limit are answered in
 * the owning provider's "too large" shape, slow clients are cut off, idle connections closed. Bounds here are
 * correctness bounds (did it answer at all), not speed goals.
 */
const HPC_CREATE = '/hpc/openapi/v2/desktop/vnc';
const NOVA_CONSOLES =
  '/v2.1/0a1b2c3d4e5f4a6b8c9d0e1f2a3b4c5d/servers/3f2a4c1e-8b7d-4e6f-9a0b-1c2d3e4f5a61/remote-consoles';
const ALIYUN_V1 = '/?Action=DescribeInstanceVncUrl&Format=JSON&RegionId=cn-hangzhou';
const HPC_TOO_LARGE = { code: '10012', msg: '内容大小超限', data: null };

describe('request heads over the limit (Node: 431 without a body)', () => {
  const emu = useEmulator({ maxHeaderBytes: 8 * 1024 });
  const over = 12 * 1024;

  it('HPC: 10012 内容大小超限 in the envelope, HTTP 200 as every HPC business error', async () => {
    const answer = await rawExchange(emu.current.port, [bigHead(`PUT ${HPC_CREATE} HTTP/1.1`, over)]);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(JSON.parse(answer.body)).toEqual(HPC_TOO_LARGE);
    expect(answer.closed).toBe(true);
  });

  it('Huawei / Nova: webob 413 Request Entity Too Large, as the body limit answers', async () => {
    const answer = await rawExchange(emu.current.port, [bigHead(`POST ${NOVA_CONSOLES} HTTP/1.1`, over)]);
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('413 Request Entity Too Large');
    expect(answer.body).toContain('Request is too large.');
  });

  it('Alibaba: RequestEntityTooLarge in the RPC shape and the Format asked for', async () => {
    const answer = await rawExchange(emu.current.port, [bigHead(`GET ${ALIYUN_V1} HTTP/1.1`, over)]);
    expect(answer.status).toBe(413);
    expect(answer.headers['content-type']).toBe('application/json;charset=utf-8');
    const body = JSON.parse(answer.body) as Record<string, string>;
    expect(body.Code).toBe('RequestEntityTooLarge');
    expect(body.RequestId).toBe(answer.headers['x-acs-request-id']);
  });

  it('Alibaba V3 (parameters in headers, POST to /): JSON as every V3 answer', async () => {
    const head = bigHead(
      'POST /?RegionId=cn-hangzhou HTTP/1.1',
      over,
      'x-acs-action: DescribeInstanceVncUrl\r\nAuthorization: ACS3-HMAC-SHA256 Credential=x\r\n',
    );
    const answer = await rawExchange(emu.current.port, [head]);
    expect(answer.status).toBe(413);
    expect(answer.headers['content-type']).toBe('application/json;charset=utf-8');
  });

  it('a request line over the limit: the provider is still found from the path', async () => {
    const answer = await rawExchange(emu.current.port, [
      `GET /hpc/openapi/v2/desktop/vnc/${'x'.repeat(over)}/launchurl HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
    ]);
    expect(JSON.parse(answer.body)).toEqual(HPC_TOO_LARGE);
  });

  it('a path no provider serves: 431 with the control API’s JSON error', async () => {
    const answer = await rawExchange(emu.current.port, [bigHead('GET /nowhere HTTP/1.1', over)]);
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: 'headers_too_large', message: 'request head over 8192 bytes' },
    });
  });

  it('serves the next connection as usual', async () => {
    const response = await fetch(`${emu.current.url}/v2.1/`);
    expect(response.status).toBe(200);
  });
});

describe('request bodies over the limit, streamed without Content-Length', () => {
  const emu = useEmulator({ maxBodyBytes: 64 * 1024 });

  it('HPC: 10012 once the chunked body passes the limit, without waiting for its end', async () => {
    const chunk = `${(16 * 1024).toString(16)}\r\n${'a'.repeat(16 * 1024)}\r\n`;
    const answer = await rawExchange(
      emu.current.port,
      [
        `PUT ${HPC_CREATE} HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n`,
        ...Array(6).fill(chunk),
      ],
      { gapMs: 20, boundMs: 3_000 },
    );
    expect(JSON.parse(answer.body)).toEqual(HPC_TOO_LARGE);
  });

  it('Alibaba: 413 RequestEntityTooLarge for a form body over the limit', async () => {
    // Answers before the body is read follow the query's Format (docs/providers/aliyun.md).
    const response = await fetch(`${emu.current.url}/?Format=JSON`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `Action=DescribeInstanceVncUrl&Format=JSON&Pad=${'a'.repeat(70 * 1024)}`,
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { Code: string }).Code).toBe('RequestEntityTooLarge');
  });
});

describe('slow and idle clients', () => {
  const emu = useEmulator({ headersTimeoutMs: 400, requestTimeoutMs: 800, keepAliveTimeoutMs: 300 });

  it('a client that never finishes its request head gets 408 and is disconnected', async () => {
    const answer = await rawExchange(
      emu.current.port,
      [`GET ${HPC_CREATE} HTTP/1.1\r\nHost: 127.0.0.1\r\n`],
      {
        boundMs: 5_000,
      },
    );
    expect(answer.status).toBe(408);
    expect(answer.closed).toBe(true);
  });

  it('a slowloris trickling header lines is cut off at the head timeout, not kept alive by each byte', async () => {
    const trickle = Array.from({ length: 40 }, (_, i) => `X-${i}: y\r\n`);
    const answer = await rawExchange(emu.current.port, [`GET ${HPC_CREATE} HTTP/1.1\r\n`, ...trickle], {
      gapMs: 100,
      boundMs: 5_000,
    });
    expect(answer.status).toBe(408);
    expect(answer.closed).toBe(true);
    expect(answer.ms).toBeLessThan(4_000);
  });

  it('a client that stops in the middle of its body gets 408 and is disconnected, nothing logged', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const answer = await rawExchange(
      emu.current.port,
      [`PUT ${HPC_CREATE} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n`, 'a'.repeat(10)],
      { boundMs: 5_000 },
    );
    expect(answer.status).toBe(408);
    expect(answer.closed).toBe(true);
    // The provider's body read fails once the socket is gone; that is not an unexpected error.
    await vi.waitFor(() => expect(emu.current.emulator.journal.last()?.code).toBe('connection:empty'));
    expect(logged).not.toHaveBeenCalled();
    logged.mockRestore();
  });

  it('an idle keep-alive connection is closed', async () => {
    const answer = await rawExchange(emu.current.port, ['GET /v2.1/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'], {
      boundMs: 5_000,
    });
    expect(answer.status).toBe(200);
    expect(answer.closed).toBe(true);
  });

  it('other clients are served while slow ones wait', async () => {
    const slow = rawExchange(emu.current.port, [`GET ${HPC_CREATE} HTTP/1.1\r\n`], { boundMs: 5_000 });
    const response = await fetch(`${emu.current.url}/v2.1/`);
    expect(response.status).toBe(200);
    expect((await slow).closed).toBe(true);
  });
});
