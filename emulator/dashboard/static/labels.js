// Each provider's short name, as the emulator lists it: the page itself names no provider.
const labels = new Map();

/** Learns the labels of `[{ name, label }]` (the catalogue's or the overview's providers). */
export function learnLabels(providers) {
  for (const p of providers) if (p.label) labels.set(p.name, p.label);
}

/** A provider's label, or its name while none is known (and for the emulator's own entries). */
export const label = (name) => labels.get(name) ?? name;
