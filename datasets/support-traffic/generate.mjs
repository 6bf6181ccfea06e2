// Writes gateway-log.jsonl: a synthetic production log of a support assistant, as an
// OpenAI-compatible gateway logs it ({request, response} pairs). Deterministic: run it again
// and the bytes are the same. Every name, order number and answer is made up.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let state = 20261202;
const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (list) => list[Math.floor(random() * list.length)];

const system = 'You are the support assistant of Larkspur, an online furniture shop. Be brief and exact.';
const topics = [
  { tag: 'billing', asks: ['I was charged twice for order {n}.', 'Can I get an invoice for order {n}?', 'Why is there a {d} fee on my card?'],
    answers: ['I see two charges for order {n}; the second is a pre-authorisation and drops off within 5 days.', 'I have emailed the invoice for order {n} to the address on your account.', 'The {d} fee is the delivery charge for a bulky item; it is listed on your receipt.'] },
  { tag: 'shipping', asks: ['Where is order {n}?', 'Can you deliver order {n} on a Saturday?', 'Order {n} arrived damaged.'],
    answers: ['Order {n} left our warehouse yesterday and should arrive within 3 working days.', 'Saturday delivery is available for order {n} for a 15 EUR surcharge.', 'Sorry about that: I have opened a replacement for order {n}; keep the damaged item until we collect it.'] },
  { tag: 'returns', asks: ['How do I return order {n}?', 'Is the sofa in order {n} still returnable?', 'When will I get my refund for order {n}?'],
    answers: ['Returns are free within 30 days: book a collection from your order page for order {n}.', 'Yes, order {n} is within the 30-day window; large items need a booked collection.', 'Refunds reach your card 3 to 5 days after we receive the item; order {n} is not back yet.'] },
  { tag: 'product', asks: ['Is the Oslo table solid oak?', 'What are the dimensions of the Bergen wardrobe?', 'Does the Malmo chair come assembled?'],
    answers: ['The Oslo table has a solid oak top and oak-veneered legs.', 'The Bergen wardrobe is 200 cm tall, 120 cm wide and 60 cm deep.', 'The Malmo chair comes flat-packed; assembly takes about 15 minutes.'] },
];
const followUps = [
  ['And how long will that take?', 'Usually 3 to 5 working days.'],
  ['Can you do it today?', 'I have flagged it as urgent; the team works through urgent cases the same day.'],
  ['Thanks. One more thing: can I change the delivery address?', 'Yes, until the order is dispatched: use "Change address" on the order page.'],
];

const lines = [];
for (let index = 0; index < 240; index++) {
  const topic = pick(topics);
  const choice = Math.floor(random() * topic.asks.length);

  const messages = [{ role: 'system', content: system }];
  const turns = random() < 0.3 ? 2 + Math.floor(random() * 3) : 1;
  let answer = '';
  for (let turn = 0; turn < turns; turn++) {
    if (turn === 0) {
      const order = String(40000 + Math.floor(random() * 9000));
      messages.push({ role: 'user', content: topic.asks[choice].replace('{n}', order).replace('{d}', '19.90 EUR') });
      answer = topic.answers[choice].replace('{n}', order).replace('{d}', '19.90 EUR');
    } else {
      messages.push({ role: 'assistant', content: answer });
      const [ask, reply] = followUps[(index + turn) % followUps.length];
      messages.push({ role: 'user', content: ask });
      answer = reply;
    }
  }
  const withTool = topic.tag === 'shipping' && random() < 0.3;
  if (withTool) {
    // The gateway logged the turn after a tool call: the call and its result are in the history.
    const last = messages.pop();
    messages.push(last, { role: 'assistant', content: null, tool_calls: [{ id: `call_${index}`, type: 'function', function: { name: 'track_order', arguments: JSON.stringify({ order: last.content.match(/\d{5}/)?.[0] ?? '' }) } }] },
      { role: 'tool', tool_call_id: `call_${index}`, content: JSON.stringify({ status: 'in transit', eta_days: 3 }) });
  }
  const promptTokens = messages.reduce((total, message) => total + Math.ceil((message.content ?? '').length / 4) + 4, 0);
  const record = {
    timestamp: new Date(Date.UTC(2026, 10, 2, 8, 0, 0) + index * 97_000).toISOString(),
    request: { model: 'claude-opus-4-1', messages, temperature: 0, metadata: { team: topic.tag === 'product' ? 'sales' : 'support', channel: pick(['web', 'app', 'email']) } },
    response: { id: `chatcmpl-${index.toString(36)}`, model: 'claude-opus-4-1', choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }] },
    latency_ms: 800 + Math.floor(random() * 2400),
  };
  // Some gateways drop usage on streamed calls: the importer counts those tokens itself.
  if (random() < 0.85) record.response.usage = { prompt_tokens: promptTokens, completion_tokens: Math.ceil(answer.length / 4), total_tokens: promptTokens + Math.ceil(answer.length / 4) };
  // A logged credential, as careless gateways write them: the importer drops it.
  if (index % 60 === 7) record.request.headers = { Authorization: `Bearer sk-proj-${'x'.repeat(8)}${index}SyntheticKeyNotReal00` };
  lines.push(JSON.stringify(record));
}
// A request the provider refused: logged, but with no answer to import.
lines.push(JSON.stringify({ request: { model: 'claude-opus-4-1', messages: [{ role: 'user', content: 'hello?' }] }, response: { error: { type: 'overloaded_error', message: 'Overloaded' } } }));
writeFileSync(fileURLToPath(new URL('./gateway-log.jsonl', import.meta.url)), `${lines.join('\n')}\n`);
