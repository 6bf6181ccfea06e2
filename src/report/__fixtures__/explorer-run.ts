import { storeRun, type PlannedItem, type PlannedResult } from '../../store/__fixtures__/stored-run.js';

/** Answers that would run or restyle the page if they were not escaped: each sets `window.__pwned` when it runs. */
export const hostileOutputs = {
  script: '<script>window.__pwned = "script"</script>',
  image: '<img src=x onerror="window.__pwned = \'img\'">',
  markup: '</pre></details><b class="injected">bold</b><a href="javascript:window.__pwned=1">link</a>',
} as const;

/**
 * A stored run of six contract questions: all-frontier (the baseline) passes
 * all but f; routed loses c (and answers it with a script tag), wins f, and
 * gives markup and an image tag as answers elsewhere.
 */
export function explorerRun() {
  const items: PlannedItem[] = [
    { id: 'a', tags: ['easy'], fields: { question: 'Notice period?' }, expected: '30 days' },
    { id: 'b', tags: ['easy'], fields: { question: 'Governing law?' }, expected: 'Delaware' },
    { id: 'c', tags: ['hard'], fields: { question: 'Payment window?', rationale: 'unless disputed' }, expected: '45 days' },
    { id: 'd', tags: ['hard', 'amount'], fields: { question: 'Cap?' }, expected: '12 months' },
    { id: 'e', tags: ['easy'], fields: { question: 'Term?' }, expected: 'two years' },
    { id: 'f', tags: ['hard'], fields: { question: 'Renewal?' }, expected: 'automatic' },
  ];
  return storeRun({
    prompt: 'Clause question: {{question}}',
    baseline: 'all-frontier',
    referenceFields: ['expected', 'rationale'],
    configurations: [
      { name: 'all-frontier', kind: 'fixed', spec: { model: 'frontier' } },
      { name: 'routed', kind: 'rules', spec: { router: 'rules' } },
    ],
    items,
    result(configuration, item): PlannedResult {
      if (configuration === 'all-frontier') {
        return item.id === 'f'
          ? { status: 'fail', output: 'manual', model: 'frontier', reason: 'expected "automatic", got "manual"', tokens: [31, 2], costUsd: 0.0021, latencyMs: 40 }
          : { status: 'pass', output: String(item.expected), model: 'frontier', reason: `equals "${String(item.expected)}"`, tokens: [31, 3], costUsd: 0.0021, latencyMs: 40 };
      }
      const cheap = (output: string, status: PlannedResult['status'], reason: string): PlannedResult =>
        ({ status, output, model: 'cheap', routeReason: 'default', reason, tokens: [31, 9], costUsd: 0.00012, latencyMs: 12 });
      switch (item.id) {
        case 'c': return cheap(hostileOutputs.script, 'fail', 'judge: the answer is a script, not a period');
        case 'd': return cheap(hostileOutputs.image, 'error', 'could not grade: the judge\'s reply is not a JSON object');
        case 'e': return cheap(hostileOutputs.markup, 'fail', 'expected "two years"');
        case 'f': return { status: 'pass', output: 'automatic', model: 'frontier', routeReason: 'rule 1', reason: 'equals "automatic"', tokens: [31, 2], costUsd: 0.0021, latencyMs: 40 };
        default: return cheap(String(item.expected), 'pass', `equals "${String(item.expected)}"`);
      }
    },
  });
}
