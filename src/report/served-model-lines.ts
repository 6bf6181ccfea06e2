import type { Report, ServedBy } from '../types/index.js';

/** What the Markdown and HTML reports' "Served by" section shows. */
export const servedByNote = 'The models the server says wrote each answer, where it chose them itself (a router behind the endpoint) or reported its own cost; each model\'s cost is what its answers cost.';

/** Models named on a line at most; the rest are summed as "others". */
const namedModels = 6;

/**
 * One line per configuration whose server chose the models itself (a
 * black-box router) or reported its own cost: which models wrote its answers,
 * by share, and where their cost came from.
 */
export function servedModelLines(report: Report): string[] {
  return report.configurations.flatMap((configuration) => (configuration.servedBy ? [`${configuration.name}: ${servedByText(configuration.servedBy)}`] : []));
}

/** `served by gpt-4o-mini 75% (45) · claude-sonnet-4 25% (15); cost as reported by the provider`. */
export function servedByText(servedBy: ServedBy): string {
  const named = servedBy.models.slice(0, namedModels).map((entry) => `${entry.model} ${share(entry.share)} (${entry.answers})`);
  const rest = servedBy.models.slice(namedModels);
  if (rest.length > 0) {
    const answers = rest.reduce((total, entry) => total + entry.answers, 0);
    named.push(`${rest.length} others ${share(answers / servedBy.answers)} (${answers})`);
  }
  return `served by ${named.join(' · ')}; ${costBasisText(servedBy)}`;
}

/** Where the answers' costs came from, in one clause. */
export function costBasisText(servedBy: ServedBy): string {
  const { reported, servedPrice, configured } = servedBy.costBasis;
  const unpriced = servedBy.unpriced > 0 ? ` (${servedBy.unpriced} by a model with no known price)` : '';
  if (reported === servedBy.answers) return 'cost as reported by the provider';
  if (servedPrice === servedBy.answers) return "cost at the served models' prices";
  if (configured === servedBy.answers) return `cost at the configured price${unpriced}`;
  const parts = [
    reported > 0 ? `${reported} as reported by the provider` : '',
    servedPrice > 0 ? `${servedPrice} at the served models' prices` : '',
    configured > 0 ? `${configured} at the configured price${unpriced}` : '',
  ];
  return `cost: ${parts.filter(Boolean).join(', ')}`;
}

function share(value: number): string {
  return `${(100 * value).toFixed(value < 0.1 ? 1 : 0)}%`;
}
