import type { Item, RoutingView } from '../types/index.js';
import { conversationOf, lastUserTurn, userTurns } from '../util/conversation.js';


/**
 * Keys of a row that are never input fields: `id` and `tags` have their own
 * place in the view; `expected` is the reference and `checks` may hold one
 * (`value:`). Left out whatever list of reference fields a caller passes.
 */
const notInputFields: readonly string[] = ['id', 'tags', 'expected', 'checks'];

/**
 * The one place a router's view of an item is made, live and in a
 * simulation alike. `referenceFields` are paths as templates write them
 * (`notes`, `meta.gold`); each is taken out of the copy, the item is not
 * changed.
 */
export function routingView(item: Item, prompt: string, promptTokens: number, referenceFields: readonly string[]): RoutingView {
  let fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item.fields)) {
    if (!notInputFields.includes(key)) fields[key] = value;
  }
  for (const path of referenceFields) fields = withoutField(fields, path);
  const conversation = conversationOf(item);
  const turns = conversation ? userTurns(conversation) : 1;
  const lastTurn = conversation ? lastUserTurn(conversation) : prompt;
  return { id: item.id, prompt, promptTokens, turns, lastTurn, tags: [...item.tags], fields };
}

/**
 * The view as an item, for the checks a cascade runs to decide (its accept
 * checks and verifier models): they are routers too, so they grade from
 * what a router may see, with no reference.
 */
export function itemOfView(view: RoutingView): Item {
  return { id: view.id, expected: undefined, tags: view.tags, fields: view.fields };
}

/** Read as templates read it (`lookup`): a key with a dot in it first, else a path into nested objects. */
function withoutField(fields: Record<string, unknown>, path: string): Record<string, unknown> {
  if (Object.hasOwn(fields, path)) return withoutKey(fields, path);
  return withoutPath(fields, path.split('.'));
}

function withoutPath(values: Record<string, unknown>, parts: string[]): Record<string, unknown> {
  const [head, ...rest] = parts;
  if (head === undefined || !Object.hasOwn(values, head)) return values;
  const inner = values[head];
  // A list on the way goes whole: one entry cannot be taken out without renumbering the others.
  if (rest.length === 0 || Array.isArray(inner)) return withoutKey(values, head);
  if (typeof inner !== 'object' || inner === null) return values;
  return { ...values, [head]: withoutPath(inner as Record<string, unknown>, rest) };
}

function withoutKey(values: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...values };
  delete copy[key];
  return copy;
}
