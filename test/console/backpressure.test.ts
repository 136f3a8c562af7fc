import { describe, expect, it } from 'vitest';
import { createClock } from '../../emulator/clock.ts';
import { DEFAULT_HEIGHT, DEFAULT_WIDTH } from '../../emulator/console/screen.ts';
import type { RunningEmulator } from '../../emulator/server.ts';
import { useEmulator } from '../helpers.ts';
import { RfbClient } from './rfb-client.ts';
import { huawei, huaweiConsoleUrl, wsBase } from './support.ts';

// Clients that never read: a viewer whose websocket is paused (its TCP socket is no longer read, so the kernel's
// buffers fill and Node starts holding what the emulator writes), asking for full Raw frames (3 MiB each).

const MiB = 1024 * 1024;
/** One full Raw FramebufferUpdate of the default screen: message header, rectangle header, pixels. */
const FRAME = 4 + 12 + DEFAULT_WIDTH * DEFAULT_HEIGHT * 4;
/** Frames a stuck viewer asks for: 120 MiB if the server sent them all. */
const ASKED = 40;

const clock = () => createClock({ start: '2026-03-02T04:00:00.000Z', frozen: true });

interface Viewer {
  client: RfbClient;
  id: string;
}

/** A console of the demo server, past its handshake, with its id in the hub. */
async function openViewer(running: RunningEmulator): Promise<Viewer> {
  const hub = running.emulator.consoles;
  const known = new Set(hub.consoles().map((c) => c.id));
  const url = await huaweiConsoleUrl(running);
  const client = await RfbClient.open(`${wsBase(running)}/websockify?token=${url.searchParams.get('token')}`);
  await client.handshake();
  const id = hub.consoles().find((c) => !known.has(c.id))?.id;
  if (!id) throw new Error('the new console is not in the hub');
  return { client, id };
}

/**
 * Stops reading, asks for `ASKED` full frames, and waits until the server has read every request (a key press
 * sent after them reaches the screen).
 */
async function stopReading(running: RunningEmulator, viewer: Viewer, marker: string): Promise<void> {
  viewer.client.ws.pause();
  for (let i = 0; i < ASKED; i++) viewer.client.requestUpdate(false, 0, 0, DEFAULT_WIDTH, DEFAULT_HEIGHT);
  viewer.client.key(marker.charCodeAt(0));
  const screen = () => running.emulator.consoles.screen('huawei', huawei.active);
  await expect.poll(() => screen()?.typed.endsWith(marker), { timeout: 10_000 }).toBe(true);
}

const liveIds = (running: RunningEmulator) => running.emulator.consoles.consoles().map((c) => c.id);

const rfbOf = (running: RunningEmulator, id: string) =>
  running.emulator.consoles.consoles().find((c) => c.id === id)?.rfb;

/** A viewer that reads: a full frame, then the incremental update a pointer move causes. */
async function expectWorking(viewer: Viewer): Promise<void> {
  viewer.client.requestUpdate(false, 0, 0, DEFAULT_WIDTH, DEFAULT_HEIGHT);
  expect((await viewer.client.readUpdate())[0]).toMatchObject({ w: DEFAULT_WIDTH, h: DEFAULT_HEIGHT });
  viewer.client.requestUpdate(true, 0, 0, DEFAULT_WIDTH, DEFAULT_HEIGHT);
  viewer.client.pointer(300 + Math.floor(Math.random() * 300), 400, 1);
  expect((await viewer.client.readUpdate()).length).toBeGreaterThan(0);
}

describe('a viewer that stops reading (default settings: 1 MiB per viewer)', () => {
  const emu = useEmulator({ clock: clock() });
  const hub = () => emu.current.emulator.consoles;

  it('gets no more updates once its socket holds over 1 MiB; others keep working; it resumes when it drains', async () => {
    const normal = await openViewer(emu.current);
    const stuck = await openViewer(emu.current);
    await stopReading(emu.current, stuck, 'a');
    const rfb = rfbOf(emu.current, stuck.id);
    if (!rfb) throw new Error('the stuck viewer was closed');
    // What the kernel's buffers took, plus at most one frame past the cap: far from the 120 MiB asked for.
    expect(rfb.stats.updates).toBeLessThan(ASKED);
    expect(rfb.stats.bytes).toBeLessThan(16 * MiB);
    expect(hub().unsentBytes(stuck.id)).toBeGreaterThan(MiB);
    expect(hub().unsentBytes(stuck.id)).toBeLessThanOrEqual(MiB + FRAME);
    expect(hub().unsentBytes()).toBe(hub().unsentBytes(stuck.id) + hub().unsentBytes(normal.id));

    const sent = rfb.stats.updates;
    await expectWorking(normal);
    await stopReading(emu.current, stuck, 'b');
    expect(rfb.stats.updates).toBe(sent);
    await expectWorking(normal);

    // Reading again: everything sent arrives, then the held request is answered (once: requests coalesce).
    stuck.client.ws.resume();
    await expect.poll(() => rfb.stats.updates, { timeout: 10_000 }).toBe(sent + 1);
    for (let i = 0; i <= sent; i++) {
      expect((await stuck.client.readUpdate())[0]).toMatchObject({ w: DEFAULT_WIDTH, h: DEFAULT_HEIGHT });
    }
    await expectWorking(stuck);
    expect(hub().unsentBytes(stuck.id)).toBe(0);
    stuck.client.close();
    normal.client.close();
  });
});

describe('a viewer that has taken nothing for stalledViewerMs is disconnected', () => {
  const emu = useEmulator({ clock: clock(), consoles: { stalledViewerMs: 400, tickMs: 50 } });
  const hub = () => emu.current.emulator.consoles;

  it('the stalled viewer is dropped; an idle viewer with nothing unsent stays', async () => {
    const idle = await openViewer(emu.current);
    const stuck = await openViewer(emu.current);
    await stopReading(emu.current, stuck, 'c');
    await expect.poll(() => liveIds(emu.current), { timeout: 10_000 }).not.toContain(stuck.id);
    expect(hub().unsentBytes()).toBe(0);
    // Destroyed without a close frame (one would queue behind what it never read).
    stuck.client.ws.resume();
    expect((await stuck.client.closed).code).toBe(1006);
    // The idle viewer sat for longer than stalledViewerMs, with nothing unsent: not stalled.
    expect(liveIds(emu.current)).toContain(idle.id);
    await expectWorking(idle);
    idle.client.close();
  });
});

describe('the process-wide budget for unsent console bytes', () => {
  // Each stuck viewer holds at least one 3 MiB frame past its cap, so two exceed 5 MiB.
  const emu = useEmulator({ clock: clock(), consoles: { unsentBudgetBytes: 5 * MiB } });
  const hub = () => emu.current.emulator.consoles;

  it('past it, the viewers stalled longest are dropped; the total stays within it; readers are untouched', async () => {
    const normal = await openViewer(emu.current);
    const first = await openViewer(emu.current);
    const second = await openViewer(emu.current);
    const third = await openViewer(emu.current);
    await stopReading(emu.current, first, 'd');
    expect(liveIds(emu.current)).toContain(first.id);
    await stopReading(emu.current, second, 'e');
    await stopReading(emu.current, third, 'f');
    const live = liveIds(emu.current);
    expect(live).not.toContain(first.id);
    expect(live).not.toContain(second.id);
    expect(live).toContain(third.id);
    expect(hub().unsentBytes()).toBeLessThanOrEqual(5 * MiB);
    await expectWorking(normal);
    for (const dropped of [first, second]) {
      dropped.client.ws.resume();
      expect((await dropped.client.closed).code).toBe(1006);
    }
    third.client.ws.terminate();
    normal.client.close();
  });
});
