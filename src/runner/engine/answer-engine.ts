import type { Message, ModelSpec } from '../../types/index.js';
import { cacheKey } from './cache-key.js';
import type { Answer, AnswerRequest, AnswerSource, Calls } from './types.js';

/**
 * Every answer a run asks for goes through here: to the source the model's
 * `provider:` names (an HTTP adapter or the mock, by attempts through the
 * calls; a recording), once per item and model however many configurations
 * ask, since they share the item's memo.
 */
export class AnswerEngine {
  constructor(private readonly sources: Readonly<Record<string, AnswerSource>>, private readonly calls: Calls) {}

  answer(request: AnswerRequest): Promise<Answer> {
    const source = this.sources[request.model.provider];
    if (!source) throw new Error(`no answer source for provider "${request.model.provider}"`);
    const messages = buildMessages(request.model, request.prompt);
    const key = cacheKey(request.model, messages, request.sample, source.identity?.(request));
    const shared = request.memo.get(key);
    // Another model entry may share the answer (same provider, model and settings): the answer is now this one's.
    if (shared) {
      return shared.then((answer) => ({ ...answer, modelName: request.model.name, spentUsd: 0,
        cached: answer.outcome === 'ok' || answer.cached }));
    }
    const answer = source.answer({ ...request, messages, key }, this.calls);
    request.memo.set(key, answer);
    return answer;
  }
}

export function buildMessages(model: ModelSpec, prompt: string): Message[] {
  const messages: Message[] = [];
  if (model.settings.system) messages.push({ role: 'system', content: model.settings.system });
  messages.push({ role: 'user', content: prompt });
  return messages;
}
