import type { Faker } from '@faker-js/faker';

type Loose = Record<string, unknown>;

/**
 * Fills in what a hand-written scenario may leave out of Alibaba instances: an id in ECS's form (`i-` and 20
 * lowercase letters and digits), the name (ECS names an instance after its id when it is given none), the
 * region when the scenario has only one, a zone of that region, and the status `Running`. Deterministic: the
 * faker is seeded.
 */
export function fillAliyun(part: Loose, faker: Faker): void {
  const regions = Array.isArray(part.regions) ? (part.regions as Loose[]) : [];
  const instances = Array.isArray(part.instances) ? (part.instances as Loose[]) : [];
  for (const instance of instances) {
    if (typeof instance !== 'object' || instance === null) continue;
    instance.instanceId ??= `i-${faker.string.alphanumeric({ length: 20, casing: 'lower' })}`;
    instance.instanceName ??= instance.instanceId;
    if (instance.regionId === undefined && regions.length === 1) instance.regionId = regions[0]?.regionId;
    if (instance.zoneId === undefined && typeof instance.regionId === 'string')
      instance.zoneId = `${instance.regionId}-${faker.helpers.arrayElement(['a', 'b', 'g', 'h', 'i', 'j', 'k'])}`;
    instance.status ??= 'Running';
  }
}
