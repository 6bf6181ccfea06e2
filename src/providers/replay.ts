import type { TokenCounter } from '../tokens/count-tokens.js';
import { MissingRecordError } from '../errors.js';
import type { GenerateRequest, Provider } from './types.js';
import type { GenerateResult } from '../types/index.js';

/**
 * Answers with outputs recorded earlier: no call is made and nothing is
 * paid. Token counts the recording lacks are counted with the tokenizer and
 * the answer marked as estimated.
 */
export function createReplayProvider(countTokens: TokenCounter): Provider {
  return {
    replays: true,
    async generate(request: GenerateRequest): Promise<GenerateResult> {
      const replay = request.model.replay!;
      const record = replay.records.get(request.item.id);
      if (!record) throw new MissingRecordError(request.model.name, request.item.id);
      const estimated = record.inputTokens === undefined || record.outputTokens === undefined;
      const prompt = request.messages.map((message) => message.content).join('\n');
      return {
        output: record.output,
        usage: {
          inputTokens: record.inputTokens ?? countTokens(prompt),
          outputTokens: record.outputTokens ?? countTokens(record.output),
        },
        usageEstimated: estimated,
        finishReason: { unified: 'stop', raw: undefined },
        recorded: { costUsd: record.costUsd, latencyMs: record.latencyMs, score: record.score },
      };
    },
  };
}
