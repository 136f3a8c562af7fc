import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const groups: number[] = [];

afterEach(() => {
  // Each start runs in its own process group, so a failed test leaves nothing behind, not even an orphan.
  for (const group of groups.splice(0)) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
  }
});

/** `npm start -- ARGS` as a CI script runs it in the background; resolves once it prints `listening on`. */
function npmStart(args: string[]): Promise<{ npm: ChildProcess; port: number }> {
  const npm = spawn('npm', ['start', '--', ...args], { cwd: ROOT, detached: true });
  groups.push(npm.pid as number);
  let output = '';
  return new Promise((resolve, reject) => {
    npm.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/m.exec(output);
      if (match) resolve({ npm, port: Number(match[1]) });
    });
    npm.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    npm.on('exit', (code) => reject(new Error(`npm exited with ${code} before listening:\n${output}`)));
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('npm start', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops the emulator when only npm's own process gets ${signal}, freeing the port within 5 s`, async () => {
      const { npm, port } = await npmStart(['--port', '0']);
      expect(await accepts(port)).toBe(true);
      const npmExited = new Promise<number | null>((resolve) => npm.on('exit', resolve));
      process.kill(npm.pid as number, signal);
      const deadline = Date.now() + 5_000;
      while ((await accepts(port)) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await accepts(port)).toBe(false);
      await npmExited;
    });
  }
});
