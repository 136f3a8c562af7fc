import type { Faker } from '@faker-js/faker';

type Loose = Record<string, unknown>;
const list = (value: unknown): Loose[] =>
  Array.isArray(value) ? value.filter((v): v is Loose => typeof v === 'object' && v !== null) : [];

/**
 * Fills in what a hand-written scenario may leave out of HPC resources: a region's id and name; a user's id
 * (11 digits, as the platform's), cluster account (the login name in the characters an account allows) and
 * regions (all of them); an AccessKey's `invoker` (the first orgId); a session's region (its owner's first),
 * node (the region's first that is not overloaded) and display (the next free one on that node).
 * Deterministic: the faker is seeded.
 */
export function fillHpc(part: Loose, faker: Faker): void {
  const clusters = list(part.clusters);
  for (const cluster of clusters) {
    cluster.id ??= faker.string.numeric({ length: 5, allowLeadingZeros: false });
    cluster.name ??= `${faker.location.city()} computing centre`;
  }
  const clusterIds = clusters.map((c) => c.id).filter((id): id is string => typeof id === 'string');
  const users = list(part.users);
  for (const user of users) {
    user.userId ??= faker.string.numeric({ length: 11, allowLeadingZeros: false });
    if (user.computeUser === undefined && typeof user.name === 'string')
      user.computeUser = user.name.replace(/[^A-Za-z0-9._]/g, '_');
    user.clusters ??= clusterIds;
  }
  const orgIds = Array.isArray(part.orgIds) ? part.orgIds : [];
  for (const key of list(part.accessKeys)) key.invoker ??= orgIds[0];
  const sessions = list(part.sessions);
  for (const session of sessions) {
    const owner = users.find((u) => u.name === session.user);
    session.clusterId ??= (Array.isArray(owner?.clusters) ? owner.clusters : clusterIds)[0];
    const cluster = clusters.find((c) => c.id === session.clusterId);
    // The schema's default node when a region names none.
    session.node ??= list(cluster?.vncNodes).find((n) => n.overloaded !== true)?.name ?? 'gv101';
  }
  const display = (s: Loose, n: unknown) => `${s.clusterId}/${s.node}/${n}`;
  const taken = new Set(sessions.filter((s) => s.display !== undefined).map((s) => display(s, s.display)));
  for (const session of sessions) {
    if (session.display !== undefined) continue;
    let next = 1;
    while (taken.has(display(session, next))) next++;
    session.display = next;
    taken.add(display(session, next));
  }
}
