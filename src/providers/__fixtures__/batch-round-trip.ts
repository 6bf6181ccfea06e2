import type { ModelSpec } from '../../types/index.js';
import type { BatchClient, BatchLine, BatchOutcome } from '../batch/types.js';
import { pollUntilDone } from './fake-batch-servers.js';

/** What both batch clients' tests send: a system turn and a question, under a custom id. */
export function batchLine(customId: string, question = `question ${customId}`): BatchLine {
  return { customId, messages: [{ role: 'system', content: 'Answer briefly.' }, { role: 'user', content: question }] };
}

/** Submit, poll to the end, read the results: the outcomes by custom id. */
export async function roundTrip(client: BatchClient, lines: BatchLine[], model: ModelSpec) {
  const handle = await client.submit(model, lines, () => undefined);
  const statuses = await pollUntilDone(client, model, handle);
  const outcomes = new Map((await client.results(model, handle)).map((outcome) => [outcome.customId, outcome]));
  return { handle, statuses, final: statuses.at(-1)!, outcomes };
}

/** The outcome, which the test expects to have failed. */
export function failedOutcome(outcome: BatchOutcome | undefined) {
  if (!outcome || outcome.ok) throw new Error(`expected a failed outcome, got ${JSON.stringify(outcome)}`);
  return outcome;
}
