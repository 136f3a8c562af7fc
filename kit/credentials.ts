import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { ProviderName } from '../contracts/catalogue.ts';

/**
 * What `verify` may use against a provider: credentials, and the resources that provoke each documented
 * answer. A case whose resource is not given is skipped, so a real account can be verified with what it has.
 * Without `--credentials` the demo scenario's (README and docs/providers/*.md) are used.
 */
const huawei = z.object({
  user: z.string(),
  password: z.string(),
  domain: z.string(),
  /** Project name (Huawei: the region name) for password scope, and its id. */
  projectName: z.string(),
  projectId: z.string(),
  accessKeyId: z.string().optional(),
  secretAccessKey: z.string().optional(),
  servers: z
    .object({
      /** A server with a host (running or stopped): consoles are issued. */
      active: z.string(),
      /** A server without a host yet (building, error): 409. */
      building: z.string(),
    })
    .partial()
    .default({}),
});

const aliyun = z.object({
  accessKeyId: z.string(),
  accessKeySecret: z.string(),
  regionId: z.string(),
  instances: z
    .object({
      running: z.string(),
      stopped: z.string(),
      pending: z.string(),
      /** A running instance in another region than `regionId`. */
      otherRegion: z.string(),
    })
    .partial()
    .default({}),
});

const hpc = z.object({
  user: z.string(),
  password: z.string(),
  orgId: z.string(),
  accessKey: z.string().optional(),
  secretKey: z.string().optional(),
  sessions: z
    .object({
      /** A session of another user: 10008. */
      otherUser: z.string(),
      /** A well-formed id of a session that does not exist: 815010 on delete, 10004 on launchurl. */
      missing: z.string(),
    })
    .partial()
    .default({}),
});

export const credentialsFile = z.object({
  huawei: huawei.optional(),
  aliyun: aliyun.optional(),
  hpc: hpc.optional(),
});
export type Credentials = {
  huawei: z.infer<typeof huawei>;
  aliyun: z.infer<typeof aliyun>;
  hpc: z.infer<typeof hpc>;
};

/** The demo scenario's credentials and resources (public names, see README.md and docs/providers/). */
export const demoCredentials: Credentials = {
  huawei: {
    user: 'demo',
    password: 'demo-password',
    domain: 'demo',
    projectName: 'cn-north-4',
    projectId: '0a1b2c3d4e5f4a6b8c9d0e1f2a3b4c5d',
    accessKeyId: 'DEMOAKHUAWEI00000001',
    secretAccessKey: 'demo-huawei-secret',
    servers: {
      active: '3f2a4c1e-8b7d-4e6f-9a0b-1c2d3e4f5a61',
      building: '3f2a4c1e-8b7d-4e6f-9a0b-1c2d3e4f5a63',
    },
  },
  aliyun: {
    accessKeyId: 'LTAI5tDemoAccessKey00001',
    accessKeySecret: 'demo-aliyun-secret',
    regionId: 'cn-hangzhou',
    instances: {
      running: 'i-bp1demorunning000001',
      stopped: 'i-bp1demostopped000003',
      pending: 'i-bp1demopending000004',
      otherRegion: 'i-m5edemoqingdao000005',
    },
  },
  hpc: {
    user: 'demo',
    password: 'demo-password',
    orgId: 'demo-org',
    accessKey: 'DEMOAKHPC0000000001',
    secretKey: 'demo-hpc-secret',
    sessions: { otherUser: 'gv102--demo_other--SIG--1', missing: 'gv101--demo--SIG--99' },
  },
};

export class CredentialsError extends Error {}

/** Reads a credentials file (JSON or YAML); the provider's section is required there. */
export async function loadCredentials(
  file: string,
  provider: ProviderName,
): Promise<Credentials[ProviderName]> {
  const text = await readFile(file, 'utf8');
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new CredentialsError(`${file}: ${(error as Error).message}`);
  }
  const parsed = credentialsFile.safeParse(data);
  if (!parsed.success) {
    throw new CredentialsError(
      parsed.error.issues.map((i) => `${file}: ${i.path.join('.')}: ${i.message}`).join('\n'),
    );
  }
  const section = parsed.data[provider];
  if (!section) throw new CredentialsError(`${file}: no "${provider}" section`);
  return section;
}
