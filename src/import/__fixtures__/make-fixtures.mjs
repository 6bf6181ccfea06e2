#!/usr/bin/env node
/**
 * Writes the importers' fixtures: synthetic production logs (customer
 * support, contract questions, coding) in the shapes the importers read,
 * with the awkward records a real log has planted at known lines: tool-call
 * answers, failed requests, missing usage, duplicate prompts, and
 * credentials that must never come through. Deterministic and without
 * dependencies, so `node src/import/__fixtures__/make-fixtures.mjs` rewrites
 * the same bytes; the tests state what each file holds.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const folder = fileURLToPath(new URL('.', import.meta.url));

/** The planted credentials; the tests look for each string in the imported exchanges. */
const planted = {
  requestHeader: 'sk-proj-Rb7XfQ2mLk9TzW4vNc8HsJ3pYd6GaE1u',
  topLevelHeader: 'sk-proj-Mz3KqP8wVb2NxL7cRf5TgH9jWs4DyA6e',
  apiKeyField: 'sk-proj-Hd2LpQ9vXm4KcN7bWz3RtF8gJs5YaE1w',
  pastedInPrompt: 'sk-ant-api03-Vq8Ln2Kd7Xw4Pz9Mb3Rc6Hf1Tj5Gs0YaE',
  batchPrompt: 'AIzaSyD3kL9mQ2vX7nB4pR8tW1zC6fH5jY0sGaE',
  fineTuningPrompt: 'ghp_4Kd9Lm2Qx7Vb3Nz8Rc1Hf6Tj5Gs0YaWpE2uX',
  csvPrompt: 'hf_Qm7Xk2Lp9Vb4Nz8Rc3Hf6Tj1Gs5YaWdE0uKq',
};

/** Prompt and answer pairs by domain: what a support desk, a legal team and engineers ask. */
const support = [
  ['My order A-10442 was supposed to arrive on Monday and it still says "label created". What is going on?', 'Sorry for the delay. When a parcel stays at "label created" for more than two business days, the carrier usually has not scanned it yet. I have asked the warehouse to confirm it was handed over; you will get an update by email within 24 hours, and if it has not moved by Thursday we will ship a replacement at no cost.'],
  ['How do I change the email address on my account?', 'Go to Settings > Account > Email, enter the new address and confirm it with the link we send to it. The old address stays active until you click that link.'],
  ['I was charged twice for my subscription this month.', 'I can see two charges of $29.00 on the 3rd. The second one is a duplicate authorisation and has been refunded; it can take 5 to 10 business days to show on your statement.'],
  ['Can I return a pair of shoes I wore once?', 'Yes, within 30 days of delivery, as long as they are clean and in the original box. Start the return from Orders > Return an item and print the prepaid label.'],
  ['The app logs me out every time I close it on my phone.', 'That usually means the app cannot store its session. Please update to version 4.2 or later, and check that "Clear data on exit" is off in your browser or device settings.'],
  ['Do you ship to Norway, and who pays the import VAT?', 'We ship to Norway with DHL. Orders under NOK 3,000 are sent with VAT paid at checkout (VOEC), so there is nothing more to pay on delivery.'],
  ['How long does a refund take after you receive my return?', 'Refunds are issued within 3 business days of the return being checked in, to the original payment method.'],
  ['I want to cancel my plan but keep my data.', 'You can downgrade to the free plan instead of cancelling: your projects stay available read-only, and you can upgrade again at any time.'],
  ['Where can I download my invoices?', 'Invoices are under Billing > History; each row has a PDF link. Admins can also have them emailed to a finance address.'],
  ['The discount code SPRING15 says it has expired, but your email says it is valid until Sunday.', 'You are right, the code was switched off a few days early by mistake. I have applied the 15% discount to your cart manually; it is valid for 48 hours.'],
];

const contracts = [
  ['Under a standard mutual NDA, can we share the confidential information with our outside auditors?', 'Usually yes, if the NDA allows disclosure to "Representatives" with a need to know, and auditors are included in that definition or bound by equivalent confidentiality duties. Check the definition clause: if auditors are not listed, ask for them to be added.'],
  ['What does "termination for convenience" mean in a services agreement?', 'It lets a party end the agreement without having to show a breach, usually on written notice (for example 30 days). The clause normally says what is still owed on termination, such as fees for work done up to the termination date.'],
  ['Is a limitation of liability capped at "fees paid in the previous 12 months" normal for SaaS?', 'Yes, a 12-month fees cap is common in SaaS contracts. Customers often negotiate carve-outs (breach of confidentiality, data protection, indemnities) that are uncapped or subject to a higher "super cap".'],
  ['The indemnity clause says we must "defend, indemnify and hold harmless". Are those three different things?', 'They overlap but are not identical: "defend" obliges you to take on and pay for the defence of a claim, "indemnify" to reimburse the losses, and "hold harmless" to not pursue the other party for them. Many courts read the last two together.'],
  ['Our supplier wants automatic renewal for 3-year terms. What should we push back on?', 'Ask for renewal terms of one year, a notice window of at least 60 days before renewal, a cap on price increases at renewal (for example CPI or 5%), and a reminder obligation on the supplier.'],
  ['Does a DPA need to list the sub-processors by name?', 'Under GDPR Article 28 the processor needs the controller\'s prior authorisation for sub-processors. A general authorisation is allowed if the processor keeps a list, informs you of changes and gives you the right to object.'],
  ['What is the difference between a warranty and a representation?', 'A representation is a statement of fact that induces the contract; if false it can give a claim for misrepresentation. A warranty is a contractual promise; breaching it gives a claim for damages under the contract.'],
  ['Can an employee non-compete be enforced in California?', 'Generally no: California Business and Professions Code section 16600 voids most non-compete agreements for employees, with narrow exceptions such as the sale of a business.'],
];

const coding = [
  ['How do I read a file line by line in Python without loading it all into memory?', 'Iterate over the file object: `with open(path) as f: for line in f: ...`. Python reads it in buffered chunks, so memory stays small even for large files.'],
  ['Why does `[] == ![]` evaluate to true in JavaScript?', '`![]` is `false` because an array is truthy. Then `[] == false` converts both to numbers: `false` is 0 and `[]` becomes `""` and then 0, so the comparison is `0 == 0`.'],
  ['Write a SQL query that returns the second highest salary from an employees table.', 'SELECT MAX(salary) AS second_highest FROM employees WHERE salary < (SELECT MAX(salary) FROM employees);'],
  ['In TypeScript, what is the difference between `unknown` and `any`?', '`any` switches off type checking for the value. `unknown` accepts any value but you must narrow it (with typeof, instanceof or a type guard) before using it, so mistakes are still caught.'],
  ['How can I make a git commit without running the pre-commit hooks?', 'Use `git commit --no-verify` (or `-n`). Use it sparingly: the hooks usually exist to keep broken code out of the repository.'],
  ['My Node.js script exits before the promise resolves. Why?', 'Node exits when nothing is keeping the event loop busy. If the promise depends on something that is not scheduled (for example an un-awaited callback that never fires), await it at the top level or keep a handle such as a server or timer open.'],
  ['How do I send a Bearer token with fetch?', 'Pass it in the headers: `fetch(url, { headers: { Authorization: `Bearer ${token}` } })`. Keep the token out of source code and read it from an environment variable.'],
  ['What does `SELECT ... FOR UPDATE` do in PostgreSQL?', 'It locks the selected rows until the transaction ends, so other transactions that try to update or lock the same rows wait. It is used to avoid lost updates in read-modify-write sequences.'],
];

const all = [...support, ...contracts, ...coding];

const systems = {
  support: 'You are a friendly support agent for Northwind Outfitters. Be concise and offer a next step.',
  legal: 'You are a legal assistant for an in-house team. You give general information, not legal advice, and you flag risks.',
  coding: 'You are a senior software engineer. Answer with short explanations and code where it helps.',
};

function tokens(text) {
  return Math.ceil(text.length / 4);
}

function usageOf(messages, answer) {
  const prompt = messages.reduce((sum, message) => sum + tokens(typeof message.content === 'string' ? message.content : JSON.stringify(message)) + 4, 3);
  return { prompt_tokens: prompt, completion_tokens: tokens(answer), total_tokens: prompt + tokens(answer) };
}

function completion(id, model, answer, usage, created) {
  const body = {
    id, object: 'chat.completion', created, model,
    choices: [{ index: 0, message: { role: 'assistant', content: answer, refusal: null }, logprobs: null, finish_reason: 'stop' }],
  };
  if (usage !== undefined) body.usage = usage;
  return body;
}

function toolCallCompletion(id, model, name, args, created, messages) {
  return {
    id, object: 'chat.completion', created, model,
    choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [{ id: `call_${id.slice(-8)}`, type: 'function', function: { name, arguments: JSON.stringify(args) } }] }, finish_reason: 'tool_calls' }],
    usage: { prompt_tokens: usageOf(messages, '').prompt_tokens, completion_tokens: 18, total_tokens: usageOf(messages, '').prompt_tokens + 18 },
  };
}

const orderTool = { type: 'function', function: { name: 'lookup_order', description: 'Find an order by its id', parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] } } };

/** Three conversations whose history holds a tool call and its result, each with a text answer. */
const toolHistories = [
  {
    messages: [
      { role: 'system', content: systems.support },
      { role: 'user', content: 'Where is my order A-20931?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_a20931', type: 'function', function: { name: 'lookup_order', arguments: '{"order_id":"A-20931"}' } }] },
      { role: 'tool', tool_call_id: 'call_a20931', content: '{"status":"in_transit","carrier":"UPS","eta":"2026-11-28"}' },
    ],
    answer: 'Your order A-20931 is on its way with UPS and should arrive on November 28.',
  },
  {
    messages: [
      { role: 'system', content: systems.support },
      { role: 'user', content: 'Has my return for order B-55120 been received?' },
      { role: 'assistant', content: 'Let me check that for you.', tool_calls: [{ id: 'call_b55120', type: 'function', function: { name: 'lookup_order', arguments: '{"order_id":"B-55120"}' } }] },
      { role: 'tool', tool_call_id: 'call_b55120', content: '{"status":"return_received","refund":"issued","amount":"$84.00"}' },
    ],
    answer: 'Yes, we received your return and issued a refund of $84.00 to your original payment method.',
  },
  {
    messages: [
      { role: 'user', content: 'What is the weather in Oslo right now? I need to know if my delivery driver will be delayed.' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_weather1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
      { role: 'tool', tool_call_id: 'call_weather1', content: '{"condition":"heavy snow","temperature_c":-6}' },
      { role: 'user', content: 'So, will it be late?' },
    ],
    answer: 'There is heavy snow in Oslo at the moment, so a delay of a few hours is possible. The tracking page will show a new delivery window if the carrier reschedules.',
  },
];

/** Multi-turn conversations: 3 to 7 turns sent, each ending with the user's question. */
function multiTurn(index, length) {
  const [firstQuestion, firstAnswer] = all[index % all.length];
  const [secondQuestion, secondAnswer] = all[(index + 5) % all.length];
  const [thirdQuestion] = all[(index + 11) % all.length];
  const turns = [
    { role: 'user', content: firstQuestion },
    { role: 'assistant', content: firstAnswer },
    { role: 'user', content: `Thanks. ${secondQuestion}` },
    { role: 'assistant', content: secondAnswer },
    { role: 'user', content: `One more thing: ${thirdQuestion}` },
    { role: 'assistant', content: 'Happy to help with that as well. Could you tell me a little more about your situation?' },
    { role: 'user', content: 'It is for a customer in Germany, if that matters.' },
  ];
  const withSystem = length % 2 === 0;
  const sent = turns.slice(0, withSystem ? length - 1 : length);
  if (sent.at(-1).role !== 'user') sent.pop();
  return withSystem ? [{ role: 'system', content: systems.legal }, ...sent] : sent;
}

function jsonl(name, records) {
  writeFileSync(`${folder}${name}`, records.map((record) => JSON.stringify(record)).join('\n') + '\n');
}

/** Gateway request/response pairs: 34 lines, 3 skipped, 4 credentials planted. */
function openaiChat() {
  const records = [];
  const created = 1764547200;
  const model = (index) => (index % 3 === 2 ? 'claude-opus-4-1' : index % 3 === 1 ? 'gpt-4o-mini-2024-07-18' : 'gpt-4o-2024-08-06');
  const push = (messages, answer, extra = {}) => {
    const index = records.length;
    const id = `chatcmpl-${(0x5a3c0 + index * 7919).toString(36)}${index}`;
    const withUsage = extra.withUsage ?? index % 5 !== 3;
    const request = { model: model(index), messages, temperature: 0.2, ...extra.request };
    const record = { ...extra.top, request, response: completion(id, model(index), answer, withUsage ? usageOf(messages, answer) : undefined, created + index * 61) };
    if (index % 4 === 0) record.latency_ms = 800 + index * 37;
    else if (index % 4 === 1) record.duration_ms = 1200 + index * 23;
    if (index % 3 === 0) record.cost_usd = Number((0.0004 + index * 0.00013).toFixed(6));
    else if (index % 7 === 1) record.cost = Number((0.0009 + index * 0.0001).toFixed(6));
    records.push(record);
    return record;
  };
  // Lines 1-12: one question, some with a system turn, some with metadata and a user.
  for (let index = 0; index < 12; index++) {
    const entry = (index * 5) % all.length;
    const [question, answer] = all[entry];
    const domain = entry < support.length ? 'support' : entry < support.length + contracts.length ? 'legal' : 'coding';
    const messages = index % 3 === 0 ? [{ role: 'system', content: systems[domain] }, { role: 'user', content: question }] : [{ role: 'user', content: question }];
    const request = index % 2 === 0 ? { metadata: { team: domain, feature: index % 4 === 0 ? 'chat-widget' : 'email-draft', tier: index % 3, nested: { region: 'eu' } }, user: `user-${1000 + index}` } : {};
    push(messages, answer, { request });
  }
  // Lines 13-18: multi-turn conversations of 3 to 7 turns.
  for (const [offset, length] of [[0, 3], [1, 4], [2, 5], [3, 6], [4, 7], [5, 5]].entries()) push(multiTurn(offset * 3, length[1]), all[(offset * 7 + 2) % all.length][1]);
  // Lines 19-21: tool calls and their results in the history.
  for (const history of toolHistories) push(history.messages, history.answer, { request: { tools: [orderTool] } });
  // Lines 22-23: the answer is only a tool call (skipped: route-bench grades text).
  for (const orderId of ['C-30017', 'C-30018']) {
    const messages = [{ role: 'system', content: systems.support }, { role: 'user', content: `Can you check the status of order ${orderId}?` }];
    const record = push(messages, 'unused');
    record.request.tools = [orderTool];
    record.response = toolCallCompletion(record.response.id, record.response.model, 'lookup_order', { order_id: orderId }, created, messages);
  }
  // Line 24: the provider returned an error (skipped: no answer in the response).
  const failed = push([{ role: 'user', content: 'Summarise the attached 80-page master services agreement.' }], 'unused');
  failed.response = { error: { message: 'Rate limit reached for gpt-4o-2024-08-06 in organization org-synthetic on tokens per min.', type: 'tokens', code: 'rate_limit_exceeded' } };
  // Lines 25-26: the same prompt twice (import deduplicates; the reader keeps both).
  const duplicate = [{ role: 'user', content: 'How do I reset my password if I no longer have access to my email?' }];
  push(duplicate, 'Use "Forgot password", then choose "I cannot access this email". We will verify your identity with your last invoice number and update the address.');
  push(structuredClone(duplicate), 'Choose "Forgot password" and then "I no longer have access to this email"; after a short identity check with a recent invoice number we will let you set a new address.');
  // Lines 27-30: planted credentials, one each, in records that are kept.
  push([{ role: 'user', content: all[3][0] }], all[3][1], { request: { headers: { Authorization: `Bearer ${planted.requestHeader}`, 'Content-Type': 'application/json' } } });
  push([{ role: 'user', content: all[9][0] }], all[9][1], { top: { headers: { authorization: `Bearer ${planted.topLevelHeader}`, 'user-agent': 'openai-node/4.77.0' } } });
  push([{ role: 'user', content: all[15][0] }], all[15][1], { request: { api_key: planted.apiKeyField } });
  push([{ role: 'system', content: systems.coding }, { role: 'user', content: `My script fails with 401 when I call the API with key ${planted.pastedInPrompt}. What am I doing wrong?` }],
    'A 401 means the key was rejected: check that it is active, that it belongs to the right workspace, and that you send it in the `x-api-key` header. Also rotate that key now, since it was shared in a message.');
  // Lines 31-34: top-level metadata (nested values are not flat, and are left out).
  for (let index = 0; index < 4; index++) {
    const [question, answer] = all[(index * 3 + 1) % all.length];
    push([{ role: 'user', content: question }], answer, { top: { metadata: { source: 'gateway-eu', experiment: `exp-${index}`, sampled: index % 2 === 0, trace: { id: `t-${index}` } } } });
  }
  jsonl('openai-chat.jsonl', records);
}

/** Batch API: 32 requests, 33 output lines (shuffled): 2 failed, 1 without a request, 1 credential. */
function openaiBatch() {
  const inputs = [];
  const outputs = [];
  for (let index = 0; index < 32; index++) {
    const customId = `ticket-${String(index + 1).padStart(4, '0')}`;
    const [question, answer] = all[(index * 7) % all.length];
    const content = index === 12 ? `Our Maps integration stopped working after we rotated the key ${planted.batchPrompt}. Where do I update it?` : question;
    const messages = index % 4 === 3
      ? [{ role: 'system', content: systems.support }, { role: 'user', content }, { role: 'assistant', content: 'Could you share a bit more detail?' }, { role: 'user', content: 'That is all the detail I have.' }]
      : [{ role: 'system', content: systems.support }, { role: 'user', content }];
    const body = { model: 'gpt-4o-mini', messages, max_tokens: 400 };
    if (index % 5 === 0) body.metadata = { queue: index % 2 === 0 ? 'billing' : 'shipping', priority: index % 3 };
    inputs.push({ custom_id: customId, method: 'POST', url: '/v1/chat/completions', body });
    const reply = index === 12 ? 'Update the key in the Integrations settings under Maps, then click "Verify". Remove the old key from the page you pasted it on.' : answer;
    const requestId = `req_${(index * 104729 + 77).toString(16).padStart(12, '0')}`;
    let output;
    if (index === 6) output = { id: `batch_req_${index}`, custom_id: customId, response: { status_code: 500, request_id: requestId, body: { error: { message: 'The server had an error processing your request.', type: 'server_error' } } }, error: null };
    else if (index === 21) output = { id: `batch_req_${index}`, custom_id: customId, response: null, error: { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' } };
    else output = { id: `batch_req_${index}`, custom_id: customId, response: { status_code: 200, request_id: requestId, body: completion(`chatcmpl-batch${index}`, 'gpt-4o-mini-2024-07-18', reply, usageOf(messages, reply), 1764633600 + index) }, error: null };
    outputs.push(output);
  }
  outputs.push({ id: 'batch_req_orphan', custom_id: 'ticket-9999', response: { status_code: 200, request_id: 'req_orphan', body: completion('chatcmpl-orphan', 'gpt-4o-mini-2024-07-18', 'An answer whose request is not in the input file.', undefined, 1764633700) }, error: null });
  // The Batch API returns lines in any order: 7 is coprime with 33, so this visits every line once.
  const shuffled = outputs.map((_, index) => outputs[(index * 7 + 3) % outputs.length]);
  jsonl('openai-batch-input.jsonl', inputs);
  jsonl('openai-batch-output.jsonl', shuffled);
}

/** Chat fine-tuning lines: 32, multi-turn, 2 skipped, 1 credential. */
function openaiFineTuning() {
  const lines = [];
  for (let index = 0; index < 28; index++) {
    const length = 1 + (index % 7);
    const conversation = length === 1 ? [{ role: 'user', content: all[index % all.length][0] }] : multiTurn(index, Math.max(3, length)).filter((turn) => turn.role !== 'system');
    if (index === 9) conversation[0] = { role: 'user', content: `CI cannot push tags; the token ${planted.fineTuningPrompt} has repo scope. What else is needed?` };
    const messages = [...(index % 3 === 0 ? [{ role: 'system', content: systems.coding }] : []), ...conversation, { role: 'assistant', content: all[(index + 4) % all.length][1] }];
    lines.push(index % 2 === 0 ? { messages, metadata: { dataset: 'support-v3', split: index % 4 === 0 ? 'train' : 'eval', reviewer: `r${index % 5}` } } : { messages });
  }
  for (const history of toolHistories.slice(0, 2)) lines.push({ messages: [...history.messages, { role: 'assistant', content: history.answer }], tools: [orderTool], parallel_tool_calls: false });
  // The last assistant turn only calls a tool: skipped.
  lines.push({ messages: [{ role: 'user', content: 'Look up order D-77102.' }, { role: 'assistant', tool_calls: [{ id: 'call_d77102', type: 'function', function: { name: 'lookup_order', arguments: '{"order_id":"D-77102"}' } }] }], tools: [orderTool] });
  // No assistant turn at all: skipped.
  lines.push({ messages: [{ role: 'system', content: systems.support }, { role: 'user', content: 'Is the warehouse open on public holidays?' }] });
  jsonl('openai-finetune.jsonl', lines);
}

function csvCell(value) {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A spreadsheet export: 32 rows, quoted multi-line cells, 10 labels, 1 credential, 1 row without an answer. */
function trafficCsv() {
  const header = ['id', 'timestamp', 'team', 'model', 'prompt', 'answer', 'label'];
  const rows = [header];
  for (let index = 0; index < 32; index++) {
    const pool = index % 3 === 0 ? support : index % 3 === 1 ? contracts : coding;
    const team = index % 3 === 0 ? 'support' : index % 3 === 1 ? 'legal' : 'platform';
    let [prompt, answer] = pool[index % pool.length];
    if (index === 5) prompt = 'Why does this function return undefined?\n\nfunction total(items) {\n  items.reduce((sum, item) => sum + item.price, 0);\n}';
    if (index === 5) answer = 'It never returns the result: `reduce` computes the sum, but the function body has no `return`.\nWrite `return items.reduce(...)`, or use an arrow function with an expression body.';
    if (index === 14) prompt = `Our model downloads fail with "401 Unauthorized", even with HF_TOKEN=${planted.csvPrompt} set. Any idea?`;
    if (index === 14) answer = 'Check that the token has read access to gated repositories and that you accepted the model\'s licence on its page.\nThen revoke this token: it has been shared.';
    if (index === 20) answer = '';
    const label = index % 3 === 1 && index < 30 ? answer.split('. ')[0] : '';
    const model = index % 2 === 0 ? 'gpt-4o-2024-08-06' : 'claude-opus-4-1';
    rows.push([`row-${index + 1}`, `2026-11-${String(1 + (index % 28)).padStart(2, '0')}T${String(8 + (index % 10)).padStart(2, '0')}:15:00Z`, team, model, prompt, answer, label]);
  }
  writeFileSync(`${folder}traffic.csv`, rows.map((row) => row.map(csvCell).join(',')).join('\n') + '\n');
}

openaiChat();
openaiBatch();
openaiFineTuning();
trafficCsv();
