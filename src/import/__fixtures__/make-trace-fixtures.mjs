#!/usr/bin/env node
/**
 * Writes the trace importers' fixtures: synthetic exports of an
 * OpenTelemetry collector (`otel-genai.json`), Langfuse
 * (`langfuse-generations.jsonl`) and LangSmith (`langsmith-runs.jsonl`) for
 * a support desk, a contracts team and engineers, with what real traces hold
 * beside the good calls: spans and runs that are not model calls, calls
 * whose answer is a tool call, errors, missing usage, content that was never
 * captured, and credentials that must never come through. Deterministic and
 * without dependencies: `node src/import/__fixtures__/make-trace-fixtures.mjs`
 * rewrites the same bytes. The tests state what each file holds.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { langfuseRecords, langsmithRuns } from './make-trace-fixtures-logs.mjs';

const folder = fileURLToPath(new URL('.', import.meta.url));

/** The planted credentials, by where they are; the tests look for each string in the imported exchanges. */
const planted = {
  otelHttpSpanHeader: 'sk-proj-Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9L',
  otelGenAiSpanHeader: 'sk-proj-Zx2Cv4Bn6Mm8Qa0Ws2Ed4Rf6Tg8Y',
  otelUserMessage: 'sk-proj-Hy7Uj9Ik1Ol3Pq5Aw7Se9Dr1Ft3G',
  otelUserEvent: 'sk-ant-api03-Lp0Ko9Ji8Hu7Gy6Ft5Dr4Se3Aw2Q',
  langfuseMetadataKey: 'sk-lf-8c1e4b7a-2d5f-4a9c-b3e6-7f0a1d4c8e2b',
  langfuseMessage: 'sk-proj-Mn4Bv6Cx8Za0Sd2Fg4Hj6Kl8Qw0E',
  langfusePrompt: 'AIzaSyB7Kd2Lm9Qx4Vb8Nz3Rc6Hf1Tj5Gs0YaWq',
  langsmithApiKey: 'sk-ant-api03-Rt5Yu7Io9Pa1Sd3Fg5Hj7Kl9Zx1C',
  langsmithOpenAiKey: 'sk-proj-Vb3Nm5Qw7Er9Ty1Ui3Op5As7Df9G',
  langsmithMessage: 'lsv2_pt_7f3a9c1e5b2d4f6a8c0e2b4d6f8a1c3e',
};

/** System prompts and [question, answer] pairs by domain. */
const systems = {
  support: 'You are Ava, the support assistant for Northwind Outfitters. Be concise and friendly, and never promise a refund the policy does not allow.',
  contract: 'You answer questions about the contract excerpt the user quotes. Cite the clause you rely on; if the excerpt does not answer the question, say so.',
  coding: 'You are a senior engineer helping a colleague. Answer briefly, with a code sample where it helps.',
};

const pairs = {
  support: [
    ['My order #48213 has not moved on the tracking page for four days. What can I do?', 'Sorry about that. When tracking stalls for more than three business days we open a trace with the carrier; I have done that for #48213, and if it has not moved by Friday we will send a replacement at no cost.'],
    ['Can I return hiking boots I have worn outdoors once?', 'Yes. Footwear is covered by our 60-day trail guarantee even after outdoor use, as long as the boots are not damaged. Start the return under Orders > Return an item.'],
    ['How do I change the shipping address on an order I placed an hour ago?', 'If the order has not been packed yet you can edit the address under Orders > Details > Edit shipping. Once it shows "Packed", reply here and we will ask the carrier to redirect it.'],
    ['Do you price-match if an item goes on sale after I buy it?', 'We refund the difference if the price drops within 14 days of delivery. Send me the order number and I will apply it.'],
    ['I was charged twice for the same order.', 'I can see two authorisations of $142.60; the second was never captured and will drop off your statement within 5 business days. No action is needed on your side.'],
    ['What is the warranty on the Ridgeline 45L backpack?', 'The Ridgeline 45L has a lifetime warranty against defects in materials and workmanship; wear and tear and accidental damage are repaired at cost.'],
    ['Is the Alpine down jacket machine washable?', 'Yes: a gentle cycle in cold water with a down-specific detergent, then tumble dry on low with two clean tennis balls to restore the loft.'],
    ['Can I use two discount codes on one order?', 'Only one code applies per order, but member rewards can be combined with a code at checkout.'],
    ['My code SPRING20 says it has expired, but the email said it is valid until Sunday.', 'You are right, the code was switched off early by mistake. I have added the 20% discount to your cart manually; it holds for 48 hours.'],
    ['How long do refunds take to show on a credit card?', 'We issue refunds within 2 business days of receiving the return; your bank usually posts them within 3 to 7 business days after that.'],
  ],
  contract: [
    ["Clause 9.2: 'Either party may terminate this Agreement for convenience on ninety (90) days' written notice.' Can we end the contract next month?", 'Not if notice is given today. Clause 9.2 requires ninety days of written notice, so the earliest end date is ninety days after the notice is received.'],
    ["Clause 4.1: 'Fees are payable within thirty (30) days of the invoice date.' Clause 4.3: 'Late amounts accrue interest at 1.5% per month.' An invoice dated March 3 was paid on April 20. Is interest owed?", 'Yes. Under clause 4.1 payment was due by April 2, so it was 18 days late; clause 4.3 allows interest at 1.5% per month on the late amount for that period.'],
    ["Clause 12: 'Neither party's aggregate liability shall exceed the fees paid in the twelve (12) months preceding the claim.' We paid $48,000 in the last twelve months. What is the cap?", 'The cap under clause 12 is $48,000: the fees paid in the twelve months before the claim.'],
    ["Clause 7.4: 'Supplier may subcontract with Customer's prior written consent, not to be unreasonably withheld.' Can the supplier subcontract without telling us?", 'No. Clause 7.4 requires your prior written consent. You may not refuse it unreasonably, but the supplier must ask first.'],
    ["Clause 15.1: 'This Agreement is governed by the laws of the State of New York.' Which court hears disputes?", 'The excerpt does not say. Clause 15.1 only chooses New York law; it has no forum or jurisdiction clause, so check the rest of the agreement.'],
    ["Clause 3.2: 'The Initial Term renews automatically for one-year terms unless either party gives notice of non-renewal at least sixty (60) days before the end of the then-current term.' The term ends on June 30. When is the last day to give notice?", 'May 1. Clause 3.2 needs notice at least sixty days before June 30, and sixty days before June 30 is May 1.'],
    ["Clause 8.1: 'The obligations in this Section survive for five (5) years after termination.' We terminated in 2024. Are we still bound by confidentiality?", 'Yes, until 2029: clause 8.1 keeps the confidentiality obligations in force for five years after termination.'],
    ["Clause 10.3: 'Customer may audit Supplier's records once per calendar year on thirty (30) days' notice.' Can we audit twice this year?", 'Not under clause 10.3, which allows one audit per calendar year. A second audit this year would need the supplier to agree.'],
    ["Clause 6.2: 'Customer's exclusive remedy for breach of this warranty is re-performance of the Services.' Can we get a refund for poor work?", 'Not under the warranty: clause 6.2 makes re-performance the exclusive remedy, so a refund would have to come from another clause or a negotiated settlement.'],
    ["Clause 11: 'Force majeure excuses delay for up to sixty (60) days, after which either party may terminate on written notice.' The supplier has been delayed 75 days by a flood. What are our options?", 'Since the delay has passed sixty days, clause 11 lets you terminate on written notice. You can also choose to wait; the clause does not force termination.'],
  ],
  coding: [
    ['In Python, why does `def add(item, bucket=[])` keep old items between calls?', 'The default list is created once, when the function is defined, and shared by every call. Use `bucket=None` and create the list inside: `if bucket is None: bucket = []`.'],
    ['How do I remove duplicates from a JavaScript array but keep the order?', '`const unique = [...new Set(items)];` keeps the first occurrence of each value, in order, because a Set iterates in insertion order.'],
    ['What is the difference between `git merge` and `git rebase` for a feature branch?', 'Merge keeps both histories and adds a merge commit; rebase replays your commits on top of the target so the history is linear. Rebase only branches nobody else has pulled.'],
    ["My query `SELECT name, COUNT(*) FROM orders` fails with 'must appear in the GROUP BY clause'. Why?", 'COUNT(*) aggregates rows, so every other selected column must be grouped: `SELECT name, COUNT(*) FROM orders GROUP BY name`.'],
    ['In TypeScript, how do I type a function that takes a string or an array of strings and always returns an array?', '`function toList(value: string | string[]): string[] { return Array.isArray(value) ? value : [value]; }`'],
    ['How do I read a large file line by line in Node.js?', 'Use readline over a stream: `for await (const line of readline.createInterface({ input: fs.createReadStream(path) })) { ... }`. Only one chunk is in memory at a time.'],
    ['Why is `0.1 + 0.2 === 0.3` false in JavaScript?', 'Numbers are binary floating point, and 0.1 and 0.2 have no exact binary form; the sum is 0.30000000000000004. Compare with a tolerance, or use integer cents for money.'],
    ['What does `Promise.allSettled` do differently from `Promise.all`?', '`Promise.all` rejects as soon as one promise rejects; `Promise.allSettled` waits for all of them and gives you each result as `{status, value}` or `{status, reason}`.'],
    ['How can I make a Bash script stop at the first failing command?', 'Start it with `set -euo pipefail`: `-e` exits on a failing command, `-u` on an unset variable, and `pipefail` makes a pipeline fail when any part of it does.'],
    ['In Go 1.21, why do all my goroutines started in a loop print the last value?', 'Before Go 1.22 the loop variable is one variable reused by every iteration, so the closures all see its final value. Pass it as an argument or copy it (`v := v`) inside the loop.'],
  ],
};

/** Follow-up turns: [domain, index of the first pair, follow-up question, its answer]. */
const followUps = [
  ['support', 0, 'It has been five business days now and still nothing.', 'Thank you for your patience. The carrier trace came back without a scan, so I have shipped a replacement by express; you will get the new tracking number within the hour.'],
  ['contract', 2, 'Does that cap also apply to a breach of confidentiality?', 'The excerpt has no carve-out, so as quoted the cap in clause 12 applies to every claim, confidentiality included. Many agreements exclude it; check the full clause.'],
  ['coding', 1, 'And if the items are objects with an id?', 'Key them by id: `const unique = [...new Map(items.map((item) => [item.id, item])).values()];` keeps the last object for each id, in first-seen order.'],
  ['coding', 8, 'Will `set -e` also stop on a failing command inside an `if`?', 'No: a command tested by `if`, `while`, `&&` or `||` is allowed to fail. Check such commands explicitly.'],
];

/** Tool loops: the call that asks for a tool, then the call that answers with its result. */
const toolLoops = [
  {
    domain: 'support', question: 'Where is my order #51877?', tool: 'get_order_status', args: { order_id: '51877' },
    result: { status: 'out_for_delivery', carrier: 'UPS', eta: '2026-11-20' }, answer: 'Good news: order #51877 is out for delivery with UPS today, November 20.',
  },
  {
    domain: 'contract', question: 'Which clause covers termination for convenience in the Acme master agreement?', tool: 'search_clauses', args: { query: 'termination for convenience', document: 'acme-msa' },
    result: { clause: '9.2', text: 'Either party may terminate this Agreement for convenience on ninety (90) days written notice.' }, answer: 'Clause 9.2: either party may terminate for convenience on ninety days of written notice.',
  },
  {
    domain: 'coding', question: 'Do the tests in the billing package pass on main?', tool: 'run_tests', args: { package: 'billing', ref: 'main' },
    result: { passed: 212, failed: 1, failures: ['test_proration_leap_year'] }, answer: 'Not quite: 212 pass and 1 fails, test_proration_leap_year. It looks like the February 29 case in the proration code.',
  },
];

const all = Object.entries(pairs).flatMap(([domain, list]) => list.map(([question, answer], index) => ({ domain, index, question, answer })));

/** Deterministic ids: a 32-bit mix of the seed, as hex of the length asked. */
function hex(seed, length) {
  let out = '';
  let state = (seed * 2654435761) >>> 0;
  while (out.length < length) {
    state = (state ^ (state << 13)) >>> 0;
    state = (state ^ (state >>> 17)) >>> 0;
    state = (state ^ (state << 5)) >>> 0;
    out += state.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

const uuid = (seed) => { const h = hex(seed, 32); return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`; };
const start = Date.UTC(2026, 10, 20, 9, 0, 0);
const iso = (ms) => new Date(ms).toISOString();

function write(name, text) {
  writeFileSync(`${folder}/${name}`, text);
  console.log(`wrote ${name}`);
}

// ---------------------------------------------------------------- OTel

const str = (value) => ({ stringValue: value });
const attr = (key, value) => ({ key, value: typeof value === 'string' ? str(value) : Number.isInteger(value) ? { intValue: String(value) } : typeof value === 'boolean' ? { boolValue: value } : { doubleValue: value } });
const nanos = (ms) => (BigInt(ms) * 1000000n).toString();

/** A span at `ordinal` lasting `ms`, with the given attributes and events. */
function span(ordinal, name, attributes, events = [], ms = 800 + (ordinal % 7) * 230) {
  const begin = start + ordinal * 60000;
  return { traceId: hex(ordinal + 1000, 32), spanId: hex(ordinal + 5000, 16), name, kind: 3, startTimeUnixNano: nanos(begin), endTimeUnixNano: (BigInt(nanos(begin)) + BigInt(ms) * 1000000n + 123456n).toString(), attributes, events, status: {} };
}

const textPart = (content) => ({ type: 'text', content });
const usageAttrs = (ordinal, current) => current
  ? [attr('gen_ai.usage.input_tokens', 40 + ordinal * 3), { key: 'gen_ai.usage.output_tokens', value: { intValue: 25 + ordinal } }]
  : [attr('gen_ai.usage.prompt_tokens', 40 + ordinal * 3), attr('gen_ai.usage.completion_tokens', 25 + ordinal)];

/** Current conventions: gen_ai.input.messages / output.messages / system_instructions. */
function currentSpan(ordinal, domain, turns, outputParts, { usage = true, extra = [] } = {}) {
  return span(ordinal, 'chat gpt-4o-mini', [
    attr('gen_ai.operation.name', 'chat'), attr('gen_ai.provider.name', 'openai'),
    attr('gen_ai.request.model', 'gpt-4o-mini'), attr('gen_ai.response.model', 'gpt-4o-mini-2024-07-18'),
    attr('gen_ai.request.temperature', 0.2), attr('app.user_tier', ordinal % 2 === 0 ? 'pro' : 'free'), attr('server.address', 'api.openai.com'),
    ...(usage ? usageAttrs(ordinal, true) : []),
    attr('gen_ai.system_instructions', JSON.stringify([textPart(systems[domain])])),
    attr('gen_ai.input.messages', JSON.stringify(turns)),
    attr('gen_ai.output.messages', JSON.stringify([{ role: 'assistant', parts: outputParts, finish_reason: outputParts[0].type === 'tool_call' ? 'tool_call' : 'stop' }])),
    ...extra,
  ]);
}

/** The older events: one per message, and gen_ai.choice for the answer (content in attributes, or in a log-style body). */
function eventSpan(ordinal, domain, turns, choice, { usage = true } = {}) {
  const events = [{ timeUnixNano: nanos(start + ordinal * 60000), name: 'gen_ai.system.message', attributes: [attr('gen_ai.system', 'anthropic'), attr('content', systems[domain])] }];
  for (const turn of turns) {
    const attributes = [attr('gen_ai.system', 'anthropic')];
    if (turn.content !== undefined) attributes.push(attr('content', turn.content));
    if (turn.tool_calls !== undefined) attributes.push(attr('tool_calls', JSON.stringify(turn.tool_calls)));
    if (turn.id !== undefined) attributes.push(attr('id', turn.id));
    events.push({ timeUnixNano: nanos(start + ordinal * 60000), name: `gen_ai.${turn.role}.message`, attributes });
  }
  events.push(ordinal % 2 === 0
    ? { name: 'gen_ai.choice', attributes: [attr('gen_ai.system', 'anthropic'), attr('index', 0), attr('finish_reason', choice.finish_reason ?? 'stop'), { key: 'message', value: { kvlistValue: { values: Object.entries(choice.message).map(([key, value]) => ({ key, value: str(typeof value === 'string' ? value : JSON.stringify(value)) })) } } }] }
    : { name: 'gen_ai.choice', attributes: [attr('gen_ai.system', 'anthropic')], body: { kvlistValue: { values: [{ key: 'index', value: { intValue: '0' } }, { key: 'message', value: { kvlistValue: { values: Object.entries(choice.message).map(([key, value]) => ({ key, value: typeof value === 'string' ? str(value) : { arrayValue: { values: value.map((call) => ({ stringValue: JSON.stringify(call) })) } } })) } } }] } } });
  return span(ordinal, 'chat claude-3-5-sonnet', [
    attr('gen_ai.operation.name', 'chat'), attr('gen_ai.system', 'anthropic'), attr('gen_ai.request.model', 'claude-3-5-sonnet-20241022'),
    attr('gen_ai.response.model', 'claude-3-5-sonnet-20241022'), attr('app.team', 'legal-ops'), ...(usage ? usageAttrs(ordinal, true) : []),
  ], events);
}

/** The even older span events gen_ai.content.prompt / completion with gen_ai.prompt / gen_ai.completion. */
function legacySpan(ordinal, prompt, completion, { usage = true } = {}) {
  return span(ordinal, 'openai.chat', [
    attr('gen_ai.system', 'openai'), attr('gen_ai.request.model', 'gpt-3.5-turbo'), attr('gen_ai.response.model', 'gpt-3.5-turbo-0125'),
    attr('llm.request.type', 'chat'), ...(usage ? usageAttrs(ordinal, false) : []),
  ], [
    { name: 'gen_ai.content.prompt', attributes: [attr('gen_ai.prompt', prompt)] },
    { name: 'gen_ai.content.completion', attributes: [attr('gen_ai.completion', completion)] },
  ]);
}

function otelFixture() {
  const userParts = (text) => ({ role: 'user', parts: [textPart(text)] });
  const currentSpans = [];
  let ordinal = 0;
  // 10 single-turn support and coding calls, two without usage, one with a pasted key and one with an HTTP header.
  for (const [n, pair] of [...pairs.support.slice(0, 6), ...pairs.coding.slice(0, 4)].entries()) {
    const domain = n < 6 ? 'support' : 'coding';
    const question = n === 3 ? `${pair[0]} Also, my API key ${planted.otelUserMessage} stopped working after the update.` : pair[0];
    const extra = n === 5 ? [attr('http.request.header.authorization', `Bearer ${planted.otelGenAiSpanHeader}`)] : [];
    currentSpans.push(currentSpan(ordinal++, domain, [userParts(question)], [textPart(pair[1])], { usage: n !== 2 && n !== 7, extra }));
  }
  // Two multi-turn conversations.
  for (const [domain, index, question, answer] of followUps.slice(0, 2)) {
    const [first, reply] = pairs[domain][index];
    currentSpans.push(currentSpan(ordinal++, domain, [userParts(first), { role: 'assistant', parts: [textPart(reply)] }, userParts(question)], [textPart(answer)]));
  }
  // A tool loop: the call that asks for the tool (skipped), then the one that answers.
  const loop = toolLoops[0];
  const call = { type: 'tool_call', id: 'call_order_1', name: loop.tool, arguments: loop.args };
  currentSpans.push(currentSpan(ordinal++, loop.domain, [userParts(loop.question)], [call]));
  currentSpans.push(currentSpan(ordinal++, loop.domain, [userParts(loop.question), { role: 'assistant', parts: [call] },
    { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_order_1', response: loop.result }] }], [textPart(loop.answer)]));

  const eventSpans = [];
  // 8 contract calls in the event style, one without usage, one with a pasted key.
  for (const [n, [question, answer]] of pairs.contract.slice(0, 8).entries()) {
    const text = n === 4 ? `${question} (Our integration key is ${planted.otelUserEvent}, if you need it.)` : question;
    eventSpans.push(eventSpan(ordinal++, 'contract', [{ role: 'user', content: text }], { message: { role: 'assistant', content: answer } }, { usage: n !== 6 }));
  }
  // A multi-turn conversation with the assistant's earlier turn as an event.
  const [, index, followUp, followAnswer] = followUps[1];
  eventSpans.push(eventSpan(ordinal++, 'contract', [{ role: 'user', content: pairs.contract[index][0] }, { role: 'assistant', content: pairs.contract[index][1] }, { role: 'user', content: followUp }], { message: { content: followAnswer } }));
  // A tool loop in events: the choice that is only a tool call (skipped), then the tool's result and the answer.
  const contractLoop = toolLoops[1];
  const toolCall = { id: 'toolu_01', type: 'function', function: { name: contractLoop.tool, arguments: JSON.stringify(contractLoop.args) } };
  eventSpans.push(eventSpan(ordinal++, 'contract', [{ role: 'user', content: contractLoop.question }], { message: { tool_calls: [toolCall] }, finish_reason: 'tool_calls' }));
  eventSpans.push(eventSpan(ordinal++, 'contract', [{ role: 'user', content: contractLoop.question }, { role: 'assistant', tool_calls: [toolCall] },
    { role: 'tool', id: 'toolu_01', content: JSON.stringify(contractLoop.result) }], { message: { content: contractLoop.answer } }));

  const legacySpans = [];
  // 6 older-style coding calls (one plain-text prompt, one multi-turn, one without usage).
  for (const [n, [question, answer]] of pairs.coding.slice(4, 9).entries()) {
    const prompt = n === 0 ? question : JSON.stringify([{ role: 'system', content: systems.coding }, { role: 'user', content: question }]);
    const completion = n === 0 ? answer : JSON.stringify([{ role: 'assistant', content: answer }]);
    legacySpans.push(legacySpan(ordinal++, prompt, completion, { usage: n !== 3 }));
  }
  const [, codingIndex, codingFollowUp, codingAnswer] = followUps[3];
  legacySpans.push(legacySpan(ordinal++, JSON.stringify([{ role: 'system', content: systems.coding }, { role: 'user', content: pairs.coding[codingIndex][0] },
    { role: 'assistant', content: pairs.coding[codingIndex][1] }, { role: 'user', content: codingFollowUp }]), JSON.stringify([{ role: 'assistant', content: codingAnswer }])));

  // Three calls whose content was not captured (the instrumentation's default), and the HTTP span around one.
  const bare = [0, 1, 2].map(() => span(ordinal++, 'chat gpt-4o-mini', [attr('gen_ai.operation.name', 'chat'), attr('gen_ai.request.model', 'gpt-4o-mini'), ...usageAttrs(ordinal, true)]));
  const http = span(ordinal++, 'POST', [attr('http.request.method', 'POST'), attr('url.full', 'https://api.openai.com/v1/chat/completions'), attr('http.response.status_code', 200),
    { key: 'http.request.header.authorization', value: { arrayValue: { values: [str(`Bearer ${planted.otelHttpSpanHeader}`)] } } }]);

  const resource = (service) => ({ attributes: [attr('service.name', service), attr('deployment.environment.name', 'production')] });
  const scope = (name, spans) => ({ scope: { name, version: '0.48b0' }, spans });
  return {
    resourceSpans: [
      { resource: resource('support-bot'), scopeSpans: [scope('opentelemetry.instrumentation.openai_v2', [...currentSpans, ...bare]), scope('opentelemetry.instrumentation.httpx', [http])] },
      { resource: resource('contract-qa'), scopeSpans: [scope('opentelemetry.instrumentation.anthropic', eventSpans)] },
      { resource: resource('code-helper'), scopeSpans: [scope('opentelemetry.instrumentation.openai', legacySpans)] },
    ],
  };
}

write('otel-genai.json', `${JSON.stringify(otelFixture(), null, 2)}\n`);
const context = { planted, systems, pairs, followUps, toolLoops, all, hex, uuid, start, iso };
write('langfuse-generations.jsonl', `${langfuseRecords(context).map((record) => JSON.stringify(record)).join('\n')}\n`);
write('langsmith-runs.jsonl', `${langsmithRuns(context).map((record) => JSON.stringify(record)).join('\n')}\n`);
