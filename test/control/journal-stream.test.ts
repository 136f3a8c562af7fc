import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers.ts';

describe('the live journal stream (server-sent events)', () => {
  const emu = useEmulator();

  it('a client that stops reading is cut off, and the journal stops holding entries for it', async () => {
    const { emulator, port } = emu.current;
    const socket = connect(port, '127.0.0.1');
    let head = '';
    let ended = false;
    socket.on('end', () => {
      ended = true;
    });
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => {
      socket.write(`GET /__emulator/live/journal HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
      socket.once('data', (chunk: Buffer) => {
        head = chunk.toString('latin1');
        resolve();
      });
    });
    expect(head).toMatch(/^HTTP\/1\.1 200 /);
    expect(emulator.journal.watched).toBe(true);
    // Stop reading: the kernel's buffers fill, then the stream's queue.
    socket.pause();
    const path = `/${'x'.repeat(4096)}`;
    for (let i = 0; i < 6000 && emulator.journal.watched; i++) {
      emulator.journal.add({
        time: 0,
        provider: 'emulator',
        operation: 'unknownPath',
        method: 'GET',
        path,
        status: 404,
        latencyMs: 0,
        verdict: { ok: true, violations: [] },
      });
      if (i % 200 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await expect.poll(() => emulator.journal.watched, { timeout: 10_000 }).toBe(false);
    // Reading again, the client finds its stream ended (an EventSource reconnects with Last-Event-ID).
    socket.resume();
    await expect.poll(() => ended, { timeout: 10_000 }).toBe(true);
    socket.destroy();
  });
});
