import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROVIDER_NAMES } from '../../contracts/providers.ts';
import { PROVIDER_MODULES } from '../../emulator/providers/index.ts';
import { useEmulator } from '../helpers.ts';

/**
 * A provider is one folder: what only one provider knows lives in `emulator/providers/<name>/`, and the rest
 * of `emulator/` (the dashboard's static files included) loops over the registered providers. Only the
 * registry, `emulator/providers/index.ts`, names them.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EMULATOR = join(ROOT, 'emulator');
const REGISTRY = join(EMULATOR, 'providers', 'index.ts');

/**
 * Names that say which provider a line is about: the registered names and the clouds', products' and
 * services' own words. Short ones must be a whole word of an identifier (`admitHpc`, `HPC_ERRORS`), so that
 * `novnc` or `innovation` are not mistaken for Nova; long ones count anywhere (`myhuaweicloud.com`).
 */
const WORDS = new Set([
  ...PROVIDER_MODULES.map((m) => m.name.toLowerCase()),
  'huawei',
  'aliyun',
  'alibaba',
  'alicdn',
  'hpc',
  'hpccube',
  'scnet',
  'sugon',
  'accloud',
  'nova',
  'keystone',
  'openstack',
  'ecs',
  'iam',
]);
const LONG = [...WORDS].filter((w) => w.length >= 5);

/** The provider words in one line of text. */
function providerWords(line: string): string[] {
  const words = line
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  const found = new Set(words.filter((w) => WORDS.has(w)));
  const lower = line.toLowerCase();
  for (const w of LONG) if (lower.includes(w)) found.add(w);
  return [...found].sort();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every file of `emulator/` outside the registered providers' folders, the registry aside. */
function coreFiles(): string[] {
  const rooms = PROVIDER_MODULES.map((m) => join(EMULATOR, 'providers', m.name) + sep);
  return filesUnder(EMULATOR).filter((f) => f !== REGISTRY && !rooms.some((room) => f.startsWith(room)));
}

/**
 * The shared layers outside the emulator name no provider either: what one provider needs of them lives in its
 * own files (`contracts/<name>/`, `client/<name>.ts`, its generated `openapi/<name>.json`), and the registries
 * list them, one line each.
 */
const SHARED_PARTS = ['contracts', 'kit', 'openapi', 'client', 'cli'];
const SHARED_REGISTRIES = [
  'contracts/providers.ts',
  'client/providers.ts',
  // The packages' entry points, which export some providers' own names (clients, schemas) for consumers.
  'contracts/index.ts',
  'client/index.ts',
].map((file) => join(ROOT, file));

/** Every file of the shared layers outside the registered providers' own files, the registries aside. */
function sharedFiles(): string[] {
  const own = (file: string) =>
    PROVIDER_NAMES.some(
      (name) =>
        file.startsWith(join(ROOT, 'contracts', name) + sep) ||
        file === join(ROOT, 'client', `${name}.ts`) ||
        file === join(ROOT, 'openapi', `${name}.json`),
    );
  return SHARED_PARTS.flatMap((part) => filesUnder(join(ROOT, part))).filter(
    (file) => !own(file) && !SHARED_REGISTRIES.includes(file),
  );
}

function namedIn(files: string[]): string[] {
  const named: string[] = [];
  for (const file of files) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const words = providerWords(line);
        if (words.length > 0)
          named.push(`${relative(ROOT, file)}:${i + 1}: ${words.join(', ')}: ${line.trim()}`);
      });
  }
  return named;
}

describe('a provider is one folder', () => {
  it('recognises a provider named in code, strings, paths and comments, and nothing else', () => {
    expect(providerWords('import { admitHuawei } from "../providers/huawei/console.ts";')).toEqual([
      'huawei',
    ]);
    expect(providerWords('const HPC_ERRORS = hpcErrors;')).toEqual(['hpc']);
    expect(providerWords("case 'aliyun':")).toEqual(['aliyun']);
    expect(providerWords('/^iam\\.myhuaweicloud\\.com$/')).toEqual(['huawei', 'iam']);
    expect(providerWords('// nova-novncproxy ignores the path')).toEqual(['nova']);
    expect(providerWords('<code>openstack console url show</code>')).toEqual(['openstack']);
    expect(providerWords("'/aliyun/ecs-console-vnc2/0.0.8/index.html'")).toEqual(['aliyun', 'ecs']);
    expect(providerWords('SCNet / Sugon AC')).toEqual(['scnet', 'sugon']);
    expect(providerWords('novnc websockify innovation hpcs iambic provider.console?.claims(url)')).toEqual(
      [],
    );
  });

  it('checks the whole core, the dashboard page included', () => {
    const files = coreFiles().map((f) => relative(ROOT, f).split(sep).join('/'));
    for (const file of [
      'emulator/app.ts',
      'emulator/server.ts',
      'emulator/msw.ts',
      'emulator/openapi.ts',
      'emulator/console/hub.ts',
      'emulator/console/pages.ts',
      'emulator/control/live.ts',
      'emulator/dashboard/static/index.html',
      'emulator/dashboard/static/journal.js',
    ]) {
      if (statSync(join(ROOT, file), { throwIfNoEntry: false })) expect(files).toContain(file);
    }
    expect(files.some((f) => f.startsWith('emulator/providers/huawei/'))).toBe(false);
    expect(files).not.toContain('emulator/providers/index.ts');
  });

  it('names no provider in any file of emulator/ outside emulator/providers/<name>/ (the registry aside)', () => {
    const named: string[] = [];
    for (const file of coreFiles()) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        const words = providerWords(line);
        if (words.length > 0)
          named.push(`${relative(ROOT, file)}:${i + 1}: ${words.join(', ')}: ${line.trim()}`);
      });
    }
    expect(named).toEqual([]);
  });

  it('checks the shared layers whole, and only their shared files', () => {
    const files = sharedFiles().map((f) => relative(ROOT, f).split(sep).join('/'));
    for (const file of [
      'contracts/catalogue.ts',
      'contracts/scenario.ts',
      'contracts/operations.ts',
      'kit/cases.ts',
      'kit/check.ts',
      'kit/credentials.ts',
      'kit/drivers.ts',
      'openapi/generate.ts',
      'client/env.ts',
      'client/console-url.ts',
      'cli/main.ts',
    ]) {
      expect(files).toContain(file);
    }
    for (const name of PROVIDER_NAMES) {
      expect(files.some((f) => f.startsWith(`contracts/${name}/`))).toBe(false);
      expect(files).not.toContain(`client/${name}.ts`);
    }
    expect(files).not.toContain('contracts/providers.ts');
    expect(files).not.toContain('client/providers.ts');
  });

  it('names no provider in any file of contracts/, kit/, openapi/, client/ or cli/ outside its own (the registries aside)', () => {
    expect(namedIn(sharedFiles())).toEqual([]);
  });

  describe('the dashboard learns the providers from the server', () => {
    const emu = useEmulator();
    const live = async (path: string) =>
      (await (await fetch(`${emu.current.url}/__emulator/live/${path}`)).json()) as {
        providers: Array<{ name: string; label: string }>;
      };

    it('with their labels, in the catalogue and in the overview', async () => {
      const expected = PROVIDER_MODULES.map((m) => [m.name, m.label]);
      for (const path of ['catalogue', 'overview']) {
        const { providers } = await live(path);
        expect(providers.map((p) => [p.name, p.label])).toEqual(expected);
      }
      expect(expected).toEqual([
        ['tencent', 'Tencent'],
        ['aliyun', 'Alibaba'],
        ['huawei', 'Huawei'],
        ['hpc', 'HPC'],
      ]);
    });
  });

  describe("the journal redacts each provider's own secrets", () => {
    const emu = useEmulator({ journalBodies: true });

    it.each(PROVIDER_MODULES.map((m) => [m.name, m.secrets ?? {}] as const))('%s', async (_name, secrets) => {
      const headers = Object.fromEntries((secrets.headers ?? []).map((h) => [h, 'do-not-keep']));
      const fields = secrets.fields ?? [];
      const query = new URLSearchParams(fields.map((f) => [f, 'do-not-keep']));
      await fetch(`${emu.current.url}/nowhere?${query}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(Object.fromEntries(fields.map((f) => [f, 'do-not-keep']))),
      });
      const entry = emu.current.emulator.journal.last();
      const kept = entry && emu.current.emulator.journal.exchange(entry);
      expect(kept?.request.url).toContain('/nowhere');
      expect(JSON.stringify(kept?.request)).not.toContain('do-not-keep');
      for (const name of Object.keys(headers)) expect(kept?.request.headers[name]).toBe('***');
    });
  });
});
