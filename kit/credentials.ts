import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { aliyunDemoCredentials } from '../contracts/aliyun/demo.ts';
import type { ProviderName } from '../contracts/catalogue.ts';
import { hpcDemoCredentials } from '../contracts/hpc/demo.ts';
import { huaweiDemoCredentials } from '../contracts/huawei/demo.ts';

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
  huawei: huaweiDemoCredentials,
  aliyun: aliyunDemoCredentials,
  hpc: hpcDemoCredentials,
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
