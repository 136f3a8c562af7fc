import type { Faker } from '@faker-js/faker';

type Loose = Record<string, unknown>;

/**
 * Fills in what a hand-written scenario may leave out of Huawei servers: an id, the project (when there is
 * one), and a host (none while building, as Nova schedules). Deterministic: the faker is seeded.
 */
export function fillHuawei(part: Loose, faker: Faker): void {
  const projects = Array.isArray(part.projects) ? (part.projects as Loose[]) : [];
  const servers = Array.isArray(part.servers) ? (part.servers as Loose[]) : [];
  for (const server of servers) {
    if (typeof server !== 'object' || server === null) continue;
    server.id ??= faker.string.uuid();
    if (server.projectId === undefined && projects.length === 1) server.projectId = projects[0]?.id;
    server.host ??=
      server.status === 'BUILD'
        ? null
        : `compute-${faker.string.alphanumeric({ length: 6, casing: 'lower' })}`;
  }
}
