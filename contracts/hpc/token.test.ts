import { describe, expect, it } from 'vitest';
import { decodeToken, expiresAt, signToken, verifyToken } from './token.ts';

// The first sample token of the launch-URL page (docs/providers/hpc.md §6); its key is the platform's, unknown here.
const SEED_TOKEN =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJjb21wdXRlVXNlciI6InNsdXJtdGVzdCIsImFjY291bnRTdGF0dXMiOiJUcmlhbCIsImNyZWF0b3IiOiJhYyIsInJvbGUiOiIxIiwiZXhwaXJlVGltZSI6IjE2ODYxMjMzNDY1NjgiLCJjbHVzdGVySWQiOiIxMTExMiIsImludm9rZXIiOiI2MDQ4Y2U3YmExNWMyYWYyZThjZWMxMjk5MWVjMTNjZiIsInVzZXIiOiJzbHVybXRlc3QiLCJ1c2VySWQiOiIxMTY1NTA0ODU0MSJ9.iQUBzN32jiCeeFuJ9lFS_XjBpxenEEupQRiyA3Ef334';

const claims = {
  computeUser: 'demo',
  accountStatus: 'Trial',
  creator: 'ac',
  role: '1',
  expireTime: '1700000000000',
  clusterId: '11112',
  invoker: 'demo-org',
  user: 'demo',
  userId: '10000000001',
};

describe('HS256 access tokens', () => {
  it('decodes the seed token into string claims, expireTime in milliseconds', () => {
    const decoded = decodeToken(SEED_TOKEN);
    expect(decoded).toEqual({
      computeUser: 'slurmtest',
      accountStatus: 'Trial',
      creator: 'ac',
      role: '1',
      expireTime: '1686123346568',
      clusterId: '11112',
      invoker: '6048ce7ba15c2af2e8cec12991ec13cf',
      user: 'slurmtest',
      userId: '11655048541',
    });
    expect(new Date(expiresAt(decoded as NonNullable<typeof decoded>)).toISOString()).toBe(
      '2023-06-07T07:35:46.568Z',
    );
  });

  it('reproduces a token computed independently (Python hmac, compact JSON, seed key order)', () => {
    expect(signToken(claims, 'secret')).toBe(
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJjb21wdXRlVXNlciI6ImRlbW8iLCJhY2NvdW50U3RhdHVzIjoiVHJpYWwiLCJjcmVhdG9yIjoiYWMiLCJyb2xlIjoiMSIsImV4cGlyZVRpbWUiOiIxNzAwMDAwMDAwMDAwIiwiY2x1c3RlcklkIjoiMTExMTIiLCJpbnZva2VyIjoiZGVtby1vcmciLCJ1c2VyIjoiZGVtbyIsInVzZXJJZCI6IjEwMDAwMDAwMDAxIn0.ykXGICBXDPWOg5lPBeqvNBba3nQxylCE8HhEpBu4Bds',
    );
  });

  it('shares the seed token’s header segment', () => {
    expect(signToken(claims, 'secret').split('.')[0]).toBe(SEED_TOKEN.split('.')[0]);
  });

  it('verifies only its own key and untampered tokens', () => {
    const token = signToken(claims, 'secret');
    expect(verifyToken(token, 'secret')).toEqual(claims);
    expect(verifyToken(token, 'other')).toBeUndefined();
    expect(verifyToken(SEED_TOKEN, 'secret')).toBeUndefined();
    const [h, , s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, user: 'root' })).toString('base64url');
    expect(verifyToken(`${h}.${forged}.${s}`, 'secret')).toBeUndefined();
    expect(verifyToken('not-a-token', 'secret')).toBeUndefined();
    expect(verifyToken('a.b.c', 'secret')).toBeUndefined();
  });
});
