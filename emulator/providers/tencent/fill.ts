import type { Faker } from '@faker-js/faker';

type Loose = Record<string, unknown>;

/**
 * Fills in what a hand-written scenario may leave out of Tencent instances: an id in CVM's form (`ins-` and
 * eight lower-case letters or digits), the name (CVM calls an unnamed instance `未命名`), the region when the
 * scenario has only one, a zone of that region, and the state RUNNING. Deterministic: the faker is seeded.
 */
export function fillTencent(part: Loose, faker: Faker): void {
  const regions = Array.isArray(part.regions) ? (part.regions as Loose[]) : [];
  const instances = Array.isArray(part.instances) ? (part.instances as Loose[]) : [];
  for (const instance of instances) {
    if (typeof instance !== 'object' || instance === null) continue;
    instance.instanceId ??= `ins-${faker.string.alphanumeric({ length: 8, casing: 'lower' })}`;
    instance.instanceName ??= '未命名';
    if (instance.region === undefined && regions.length === 1) instance.region = regions[0]?.region;
    if (instance.zone === undefined && typeof instance.region === 'string')
      instance.zone = `${instance.region}-${faker.number.int({ min: 1, max: 7 })}`;
    instance.instanceState ??= 'RUNNING';
    instance.privateIpAddress ??= faker.internet.ipv4({ cidrBlock: '10.0.0.0/16' });
  }
}
