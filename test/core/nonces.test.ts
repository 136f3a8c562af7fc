import { describe, expect, it } from 'vitest';
import { createClock } from '../../emulator/clock.ts';
import { NonceStore } from '../../emulator/nonces.ts';

describe('NonceStore', () => {
  it('knows a nonce per credential until its window ends, and sweeps it later', () => {
    const clock = createClock({ start: 0, frozen: true });
    const nonces = new NonceStore(clock, 1000);
    nonces.remember('AK1', 'n1', 100);
    expect(nonces.seen('AK1', 'n1')).toBe(true);
    expect(nonces.seen('AK2', 'n1')).toBe(false);
    expect(nonces.live()).toBe(1);
    clock.advance(100);
    expect(nonces.seen('AK1', 'n1')).toBe(false);
    expect(nonces.live()).toBe(0);
    expect(nonces.size).toBe(1);
    clock.advance(1000);
    nonces.remember('AK1', 'n2', 5000);
    expect(nonces.size).toBe(1);
    expect([...nonces.entries()]).toEqual([{ credential: 'AK1', nonce: 'n2', expiresAt: 5000 }]);
  });

  it('sweeps a nonce used again after its window by its new expiry', () => {
    const clock = createClock({ start: 0, frozen: true });
    const nonces = new NonceStore(clock, 1000);
    nonces.remember('AK1', 'again', 100);
    nonces.remember('AK1', 'other', 200);
    clock.advance(150);
    nonces.remember('AK1', 'again', 3000);
    clock.advance(1000);
    nonces.sweep();
    expect([...nonces.entries()].map((n) => n.nonce)).toEqual(['again']);
    expect(nonces.seen('AK1', 'again')).toBe(true);
  });
});
