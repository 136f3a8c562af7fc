import { describe, expect, it } from 'vitest';
import { akskSignature, akskStringToSign, signAkSk } from './signer.ts';

describe('AK/SK token signature', () => {
  const input = { accessKey: 'AKDEMO', timestamp: '1700000000', user: 'slurmtest' };

  it('signs the compact JSON with keys accessKey, timestamp, user in that order', () => {
    expect(akskStringToSign(input)).toBe(
      '{"accessKey":"AKDEMO","timestamp":"1700000000","user":"slurmtest"}',
    );
  });

  it('reproduces a signature computed with openssl dgst -sha256 -hmac', () => {
    expect(akskSignature('SKDEMO', input)).toBe(
      'd2c88e3520cd9080f2207304f1a657ef15a5e4b3b05b465abfb9640973905edc',
    );
  });

  it('builds the four headers with the timestamp in seconds', () => {
    expect(
      signAkSk({ user: 'slurmtest', accessKey: 'AKDEMO', secretKey: 'SKDEMO' }, 1_700_000_000_999),
    ).toEqual({
      ...input,
      signature: 'd2c88e3520cd9080f2207304f1a657ef15a5e4b3b05b465abfb9640973905edc',
    });
  });
});
