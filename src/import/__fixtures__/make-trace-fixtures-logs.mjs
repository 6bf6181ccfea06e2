/**
 * The Langfuse and LangSmith halves of `make-trace-fixtures.mjs` (which
 * passes in the shared conversations and the planted credentials). Each
 * record's shape varies with its number, so every spelling the importers
 * read appears at least once: the tests name which.
 */

const models = { support: 'gpt-4o-mini', contract: 'claude-3-5-sonnet-20241022', coding: 'gpt-4o' };
const tiers = ['free', 'pro', 'enterprise'];

/** 32 generations (one without `type`, one ERROR, one whose answer is a tool call) and 2 SPAN observations. */
export function langfuseRecords({ planted, systems, pairs, followUps, toolLoops, hex, uuid, start, iso }) {
  const records = [];
  const singles = [...pairs.support.map((pair) => ['support', pair]), ...pairs.contract.slice(0, 7).map((pair) => ['contract', pair]), ...pairs.coding.slice(0, 9).map((pair) => ['coding', pair])];
  let n = 0;
  const base = (domain, k) => {
    const begin = start + k * 45000;
    const seconds = 0.8 + (k % 5) * 0.35;
    return {
      id: uuid(k + 300), traceId: uuid(k + 700), type: 'GENERATION', name: `${domain}-answer`, startTime: iso(begin), endTime: iso(begin + Math.round(seconds * 1000)),
      ...(k % 2 === 0 ? { latency: seconds } : {}), model: models[domain], modelParameters: { temperature: 0.2 }, level: 'DEFAULT', parentObservationId: null,
      metadata: { user_tier: tiers[k % 3], feature: domain, locale: k % 4 === 0 ? 'en-GB' : 'en-US' },
    };
  };
  const usage = (k, inputTokens, outputTokens) => {
    if (k % 4 === 0) return { usage: { input: inputTokens, output: outputTokens, total: inputTokens + outputTokens, unit: 'TOKENS' }, usageDetails: { input: inputTokens, output: outputTokens, total: inputTokens + outputTokens }, calculatedTotalCost: (inputTokens * 0.15 + outputTokens * 0.6) / 1e6 };
    if (k % 4 === 1) return { usageDetails: { input: inputTokens, output: outputTokens }, costDetails: { input: inputTokens * 3e-6, output: outputTokens * 1.5e-5, total: inputTokens * 3e-6 + outputTokens * 1.5e-5 } };
    if (k % 4 === 2) return { promptTokens: inputTokens, completionTokens: outputTokens, totalTokens: inputTokens + outputTokens, totalCost: (inputTokens * 2.5 + outputTokens * 10) / 1e6 };
    // No usage reported: an API page writes zeros (read as unknown), a hand export leaves it out.
    return k % 8 === 3 ? { usage: { input: 0, output: 0, total: 0, unit: 'TOKENS' }, promptTokens: 0, completionTokens: 0, totalTokens: 0, calculatedTotalCost: 0 } : {};
  };
  for (const [domain, [question, answer]] of singles) {
    const k = n++;
    const asked = k === 4 ? `${question} I pasted my key ${planted.langfuseMessage} into the app settings, is that a problem?` : question;
    const input = k % 3 === 0 ? [{ role: 'system', content: systems[domain] }, { role: 'user', content: asked }]
      : k % 3 === 1 ? { messages: [{ role: 'system', content: systems[domain] }, { role: 'user', content: asked }], tools: [] }
        : k === 5 ? `${asked} (sent from the mobile app, key ${planted.langfusePrompt})` : asked;
    const output = k % 3 === 0 ? { role: 'assistant', content: answer } : k % 3 === 1 ? answer : { content: answer };
    const record = { ...base(domain, k), input, output, ...usage(k, 50 + k * 4, 30 + k * 2) };
    if (k === 7) record.metadata.api_key = planted.langfuseMetadataKey;
    if (k === 9) delete record.type;
    records.push(record);
  }
  for (const [m, index] of [0, 2, 3].entries()) {
    const [domain, first, question, answer] = followUps[index];
    const [opening, reply] = pairs[domain][first];
    const k = n++;
    records.push({ ...base(domain, k), input: [{ role: 'system', content: systems[domain] }, { role: 'user', content: opening }, { role: 'assistant', content: reply }, { role: 'user', content: question }],
      output: m === 1 ? answer : { role: 'assistant', content: answer }, ...usage(m === 2 ? 3 : k, 180 + k, 60 + k) });
  }
  const loop = toolLoops[2];
  const call = { id: 'call_tests_1', type: 'function', function: { name: loop.tool, arguments: JSON.stringify(loop.args) } };
  const asked = [{ role: 'system', content: systems.coding }, { role: 'user', content: loop.question }];
  let k = n++;
  records.push({ ...base('coding', k), input: { messages: asked, tools: [{ type: 'function', function: { name: loop.tool } }] }, output: { role: 'assistant', content: null, tool_calls: [call] }, ...usage(0, 120, 18) });
  k = n++;
  records.push({ ...base('coding', k), input: [...asked, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: 'call_tests_1', content: JSON.stringify(loop.result) }],
    output: { role: 'assistant', content: loop.answer }, ...usage(0, 190, 41) });
  k = n++;
  records.push({ ...base('support', k), input: [{ role: 'user', content: pairs.support[3][0] }], output: null, level: 'ERROR', statusMessage: 'Error code: 429 - rate limit exceeded' });
  for (const [s, query] of ['return policy footwear', 'order 48213 tracking'].entries()) {
    k = n++;
    records.splice(6 + s * 10, 0, { ...base('support', k), type: 'SPAN', name: 'retrieve-context', model: null, input: { query }, output: { documents: [`kb/${hex(k, 8)}.md`] } });
  }
  return records;
}

/** LangChain's serialized message. */
const lc = (className, kwargs) => ({ lc: 1, type: 'constructor', id: ['langchain', 'schema', 'messages', className], kwargs: { ...kwargs, type: className.replace('Message', '').toLowerCase() } });

/** 32 llm runs (one errored, one whose answer is a tool call) and 3 chain runs. */
export function langsmithRuns({ planted, systems, pairs, followUps, toolLoops, uuid, start, iso }) {
  const runs = [];
  const chains = [];
  let n = 0;
  const base = (domain, k, name = 'ChatOpenAI') => {
    const begin = start + k * 52000;
    const chain = uuid(k % 3 + 900);
    return {
      id: uuid(k + 1200), name, run_type: 'llm', start_time: iso(begin).replace('Z', '').concat('123'), end_time: iso(begin + 900 + (k % 6) * 310).replace('Z', '').concat('456'),
      trace_id: chain, parent_run_id: chain, session_id: uuid(77), status: 'success', error: null, tags: [domain, k % 2 === 0 ? 'prod' : 'canary'],
      extra: { invocation_params: { model: models[domain], temperature: 0.2, _type: 'openai-chat' }, metadata: { ls_provider: domain === 'contract' ? 'anthropic' : 'openai', ls_model_name: models[domain], ls_model_type: 'chat', user_tier: ['free', 'pro', 'enterprise'][k % 3] } },
    };
  };
  const tokens = (k, inputTokens, outputTokens) => ({ k, inputTokens, outputTokens, none: k % 5 === 4 });
  const conversation = (k, turns) => {
    if (k % 4 === 0) return { messages: [turns.map(([role, content]) => lc({ system: 'SystemMessage', user: 'HumanMessage', assistant: 'AIMessage' }[role], { content }))] };
    if (k % 4 === 1) return { messages: [turns.map(([role, content]) => ({ type: { system: 'system', user: 'human', assistant: 'ai' }[role], content }))] };
    if (k % 4 === 2) return { messages: turns.map(([role, content]) => ({ role, content })) };
    return { prompts: [turns.map(([role, content]) => `${{ system: 'System', user: 'Human', assistant: 'AI' }[role]}: ${content}`).join('\n')] };
  };
  const outputs = (k, answer, { inputTokens, outputTokens, none }, model) => {
    const answered = model.startsWith('gpt') ? `${model}-2024-08-06` : model;
    const usageMetadata = none ? {} : { usage_metadata: { input_tokens: inputTokens, output_tokens: outputTokens, total_tokens: inputTokens + outputTokens } };
    const tokenUsage = none ? {} : { token_usage: { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens } };
    if (k % 4 === 0) return { generations: [[{ text: answer, generation_info: { finish_reason: 'stop' }, type: 'ChatGeneration', message: lc('AIMessage', { content: answer, ...usageMetadata, response_metadata: { model_name: answered, finish_reason: 'stop' }, tool_calls: [], invalid_tool_calls: [] }) }]], llm_output: { model_name: answered } };
    if (k % 4 === 1) return { generations: [[{ text: answer, type: 'ChatGeneration', message: { type: 'ai', data: { content: answer, ...usageMetadata } } }]], llm_output: { ...tokenUsage } };
    if (k % 4 === 2) return { choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }], model: answered, ...(none ? {} : { usage: { prompt_tokens: inputTokens, completion_tokens: outputTokens } }) };
    return { generations: [[{ text: answer, type: 'Generation' }]], llm_output: { ...tokenUsage } };
  };
  const topLevel = ({ k, inputTokens, outputTokens, none }) => (none || k % 3 !== 0 ? {} : { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens, total_cost: k % 2 === 0 ? (inputTokens * 0.15 + outputTokens * 0.6) / 1e6 : String((inputTokens * 2.5 + outputTokens * 10) / 1e6) });
  const singles = [...pairs.support.map((pair) => ['support', pair]), ...pairs.contract.map((pair) => ['contract', pair]), ...pairs.coding.slice(0, 6).map((pair) => ['coding', pair])];
  for (const [domain, [question, answer]] of singles) {
    const k = n++;
    const asked = k === 13 ? `${question} My LangSmith key is ${planted.langsmithMessage}, can you check the trace?` : question;
    const usage = tokens(k, 60 + k * 3, 28 + k);
    const run = { ...base(domain, k), inputs: conversation(k, [['system', systems[domain]], ['user', asked]]), outputs: outputs(k, answer, usage, models[domain]), ...topLevel(usage) };
    if (k % 4 === 3) {
      run.name = 'OpenAI';
      run.extra.invocation_params = { model_name: 'gpt-3.5-turbo-instruct', temperature: 0.2, _type: 'openai' };
      run.extra.metadata = { ...run.extra.metadata, ls_provider: 'openai', ls_model_name: 'gpt-3.5-turbo-instruct', ls_model_type: 'llm' };
    }
    if (k === 3) run.extra.invocation_params.api_key = planted.langsmithApiKey;
    if (k === 8) run.extra.invocation_params.openai_api_key = planted.langsmithOpenAiKey;
    runs.push(run);
  }
  for (const index of [0, 1, 2]) {
    const [domain, first, question, answer] = followUps[index];
    const k = n++;
    const usage = tokens(k, 200 + k, 70 + k);
    runs.push({ ...base(domain, k), inputs: conversation(index === 2 ? 0 : index, [['system', systems[domain]], ['user', pairs[domain][first][0]], ['assistant', pairs[domain][first][1]], ['user', question]]), outputs: outputs(index === 2 ? 0 : index, answer, usage, models[domain]), ...topLevel(usage) });
  }
  const loop = toolLoops[0];
  const call = { name: loop.tool, args: loop.args, id: 'call_order_9', type: 'tool_call' };
  const history = [lc('SystemMessage', { content: systems.support }), lc('HumanMessage', { content: loop.question })];
  let k = n++;
  runs.push({ ...base('support', k), inputs: { messages: [history] }, outputs: { generations: [[{ text: '', message: lc('AIMessage', { content: '', tool_calls: [call], additional_kwargs: { tool_calls: [{ id: 'call_order_9', type: 'function', function: { name: loop.tool, arguments: JSON.stringify(loop.args) } }] } }) }]] }, prompt_tokens: 95, completion_tokens: 17, total_tokens: 112 });
  k = n++;
  runs.push({ ...base('support', k), inputs: { messages: [[...history, lc('AIMessage', { content: '', tool_calls: [call] }), lc('ToolMessage', { content: JSON.stringify(loop.result), tool_call_id: 'call_order_9', name: loop.tool })]] },
    outputs: { generations: [[{ text: loop.answer, message: lc('AIMessage', { content: loop.answer }) }]] }, prompt_tokens: 140, completion_tokens: 22, total_tokens: 162 });
  k = n++;
  runs.push({ ...base('coding', k), inputs: { messages: [[lc('HumanMessage', { content: pairs.coding[6][0] })]] }, outputs: null, error: 'openai.RateLimitError: Error code: 429 - Rate limit reached for gpt-4o', status: 'error' });
  for (const [c, name] of ['SupportAgent', 'ContractQA', 'CodeAssistant'].entries()) {
    chains.push({ id: uuid(c + 900), name, run_type: 'chain', start_time: iso(start + c * 1000).replace('Z', ''), end_time: iso(start + c * 1000 + 4000).replace('Z', ''), inputs: { question: pairs.support[c][0] }, outputs: { answer: pairs.support[c][1] }, error: null, tags: ['prod'], trace_id: uuid(c + 900), parent_run_id: null, extra: { metadata: {} } });
  }
  // Parents first, as LangSmith lists a trace: each chain run before the first of its llm runs.
  return [chains[0], ...runs.slice(0, 10), chains[1], ...runs.slice(10, 20), chains[2], ...runs.slice(20)];
}
