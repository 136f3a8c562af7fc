import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../emulator/journal.ts';
import { Call } from '../../emulator/pipeline/call.ts';

const origin = 'http://127.0.0.1:9400';

/** A call as the HTTP edge makes it for a plain path: the URL not built. */
function httpCall(target: string): Call {
  const question = target.indexOf('?');
  const pathname = question < 0 ? target : target.slice(0, question);
  const incoming = { url: target, rawHeaders: [] } as unknown as IncomingMessage;
  return new Call(
    'GET',
    { href: origin + target, origin, pathname },
    {} as RequestRecord,
    incoming,
    undefined,
  );
}

describe("a call's query parameters", () => {
  it.each([
    '/?Action=DescribeInstanceVncUrl&Timestamp=2026-03-02T04%3A00%3A00Z&Name=a+b',
    '/?a=%zz&b=%E4%BD%A0&c=\u00e9&=x&d',
    '/??a=1',
    '/?a=1#fragment',
    '/?a=1\tb=2',
    '/?a= 1',
    '/?a=\x7f\x01',
    '/',
  ])('read from %j as its URL reads them', (target) => {
    expect([...httpCall(target).searchParams]).toEqual([...new URL(origin + target).searchParams]);
  });
});
