import type { RoutingView, RunSettings, StoredAnswers } from '../types/index.js';
import { itemPrompt } from '../util/conversation.js';
import { compileTemplate } from '../util/template.js';
import { routingView } from '../routing/routing-view.js';

/** What the routers of a stored run were shown: its prompt template, and the fields hidden from them as references. */
export interface StoredRouting {
  prompt: string;
  referenceFields: readonly string[];
  /** Why more is hidden than the suite said, for messages: a run stored before its reference fields were. */
  note?: string;
}

/**
 * Read from the run's options, where every run stores them. A run stored
 * before they were recorded cannot say which fields its judges read, so its
 * simulations hide every field its prompt does not name: they show routers
 * only what every model was shown. (A prompt that names `party.name` shows
 * all of `party` here.)
 */
export function storedRouting(run: { id: number; options: RunSettings }, stored: StoredAnswers): StoredRouting {
  const { prompt, referenceFields } = run.options;
  if (referenceFields !== null) return { prompt, referenceFields };
  const shown = compileTemplate(prompt).fields;
  const isShown = (key: string) => shown.some((field) => field === key || field.startsWith(`${key}.`));
  const hidden = new Set(['expected']);
  for (const { item } of stored.items) {
    for (const key of Object.keys(item.fields)) {
      // id and tags are in every view, checks in none: neither is for this list to say.
      if (key !== 'id' && key !== 'tags' && key !== 'checks' && !isShown(key)) hidden.add(key);
    }
  }
  return {
    prompt,
    referenceFields: [...hidden],
    note: `run ${run.id} was stored before route-bench recorded its reference fields, so a simulation of it shows routers only the fields its prompt names`,
  };
}

/** The routing view of every stored item, as the live run built it. */
export function storedViews(stored: StoredAnswers, routing: Pick<StoredRouting, 'prompt' | 'referenceFields'>): RoutingView[] {
  const template = compileTemplate(routing.prompt);
  return stored.items.map(({ item, promptTokens }) => routingView(item, itemPrompt(item, template), promptTokens, routing.referenceFields));
}

/**
 * The models a router's defaults may route to in a stored run (the `weak` of random and threshold, the
 * models of an oracle): those with a fixed configuration's answers, in the suite's order. A model only
 * a judge's calls went to has none; offline, a router can choose only among answers there are.
 */
export function routingCandidatesOf(modelNames: string[], stored: StoredAnswers): string[] {
  const answered = modelNames.filter((name) => stored.byModel.has(name));
  return answered.length > 0 ? answered : modelNames;
}
