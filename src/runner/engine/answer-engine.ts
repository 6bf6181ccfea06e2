import type { Message, ModelSpec } from '../../types/index.js';
import { cacheKey } from './cache-key.js';
import type { Answer, AnswerRequest, AnswerSource, Calls, PreparedRequest } from './types.js';

/**
 * Every answer a run asks for goes through here: to the source the model's
 * `provider:` names (an HTTP adapter or the mock, by attempts through the
 * calls; a recording), once per item and model however many configurations
 * ask, since they share the item's memo.
 */
export class AnswerEngine {
  /** Per item memo, the cache key of each model entry's answer to each prompt and sample: the configurations ask again and again. */
  private readonly keys = new WeakMap<Map<string, Promise<Answer>>, Map<string, Map<string, { messages: Message[]; key: string }>>>();

  constructor(private readonly sources: Readonly<Record<string, AnswerSource>>, private readonly calls: Calls) {}

  answer(request: AnswerRequest): Promise<Answer> {
    const source = this.sources[request.model.provider];
    if (!source) throw new Error(`no answer source for provider "${request.model.provider}"`);
    let byPrompt = this.keys.get(request.memo);
    if (!byPrompt) this.keys.set(request.memo, (byPrompt = new Map()));
    // By the prompt first: the item's one prompt string, whose hash V8 keeps, rather than a new long key each time.
    let keys = byPrompt.get(request.prompt);
    if (!keys) byPrompt.set(request.prompt, (keys = new Map()));
    const entry = `${request.model.name}\u0000${request.sample}\u0000${request.purpose ?? ''}`;
    let prepared = keys.get(entry);
    if (!prepared) {
      const messages = buildMessages(request.model, request.prompt, request.conversation);
      prepared = { messages, key: cacheKey(request.model, messages, request.sample, source.identity?.(request)) };
      keys.set(entry, prepared);
    }
    const { messages, key } = prepared;
    const shared = request.memo.get(key);
    // Another model entry may share the answer (same provider, model and settings): the answer is now this one's.
    if (shared) {
      return shared.then((answer) => asSharedBy(answer, request.model.name));
    }
    const withKey: PreparedRequest = {
      model: request.model, item: request.item, prompt: request.prompt, conversation: request.conversation, promptTokens: request.promptTokens,
      sample: request.sample, checks: request.checks, memo: request.memo, purpose: request.purpose, messages, key,
    };
    const answer = source.answer(withKey, this.calls);
    request.memo.set(key, answer);
    return answer;
  }
}

/** The answer another model entry asked for, now this entry's: paid once, so free here. One literal, not a spread (see toResultRecord). */
function asSharedBy(answer: Answer, modelName: string): Answer {
  return {
    modelName, outcome: answer.outcome, output: answer.output, error: answer.error, unanswered: answer.unanswered,
    costUsd: answer.costUsd, spentUsd: 0, latencyMs: answer.latencyMs, cached: answer.outcome === 'ok' || answer.cached,
    recordedScore: answer.recordedScore, finishReason: answer.finishReason, servedModel: answer.servedModel, costBasis: answer.costBasis,
  };
}

/**
 * What the model is sent: its `system` setting, then the prompt as the one
 * user turn, or a chat item's conversation as it is (the model's `system`
 * first only when the conversation has no system turn of its own).
 */
export function buildMessages(model: ModelSpec, prompt: string, conversation?: readonly Message[]): Message[] {
  const messages: Message[] = [];
  const ownSystem = conversation?.some((message) => message.role === 'system') ?? false;
  if (model.settings.system && !ownSystem) messages.push({ role: 'system', content: model.settings.system });
  if (conversation) messages.push(...conversation);
  else messages.push({ role: 'user', content: prompt });
  return messages;
}
