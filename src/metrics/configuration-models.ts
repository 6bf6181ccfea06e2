/**
 * The models a configuration routes among, each once, read from its spec as
 * the suite gives it or as a run stored it (the same keys): a fixed
 * configuration's `model`; a rules router's `use`s and `default`; random and
 * threshold `weak` then `strong`; the `models` of a cascade (in order), an
 * oracle or an external router.
 */
export function configurationModels(kind: string, spec: Record<string, unknown>): string[] {
  const names = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);
  switch (kind) {
    case 'fixed':
      return names(spec.model);
    case 'rules': {
      const uses = Array.isArray(spec.rules) ? spec.rules.map((rule) => String((rule as { use: unknown }).use)) : [];
      return [...new Set([...uses, ...names(spec.default)])];
    }
    case 'random':
    case 'threshold':
      return [...new Set([...names(spec.weak), ...names(spec.strong)])];
    default:
      return [...new Set(names(spec.models))];
  }
}
