import { findJudgeChecks, referenceModelsOf } from '../checks/index.js';
import { BudgetExhaustedError } from './engine/budget.js';
import { CallAbortedError, RunStoppedError } from '../errors.js';
import type { Verifier } from '../routing/cascade.js';
import { executeConfiguration, type Execute } from '../routing/execute-configuration.js';
import { toResultRecord } from '../routing/result-record.js';
import { routingView } from '../routing/routing-view.js';
import { resultKey, type RunStore } from '../store/run-store.js';
import type { TokenCounter } from '../tokens/count-tokens.js';
import type { AnswerLookup, ConfigurationSpec, Item, LoadedSuite, ResultRecord } from '../types/index.js';
import { itemPrompt, tokenText } from '../util/conversation.js';
import type { Template } from '../util/template.js';
import type { AnswerEngine } from './engine/answer-engine.js';
import type { Answer } from './engine/types.js';
import { askJudges, askReferences, gradeExecution, noJudges, type References } from './grade-answer.js';

/** What the stages of one item share: the run, how each configuration answers, and where results go. */
export interface ItemStages {
  runId: number;
  suite: LoadedSuite;
  repeat: number;
  /** The configurations answered item by item (the oracle and the learned router come after, from stored answers). */
  configurations: ConfigurationSpec[];
  executions: ReadonlyMap<string, Execute>;
  engine: AnswerEngine;
  store: RunStore;
  /** Results already stored with an answer (a resume): not asked again. */
  completed: ReadonlySet<string>;
  template: Template;
  countTokens: TokenCounter;
  onResult(record: ResultRecord): void;
  /** A provider said the run cannot go on. */
  onStop(error: RunStoppedError): void;
}

/**
 * One item through every stage: the routing view, each configuration's
 * router or cascade, the answer sources (through the engine), the grader,
 * the store. Its configurations and samples run at once and share the
 * item's answers.
 */
export async function answerItem(item: Item, stages: ItemStages): Promise<void> {
  const { suite, engine, store, countTokens } = stages;
  const prompt = itemPrompt(item, stages.template);
  const promptTokens = countTokens(item.messages ? tokenText(item.messages) : prompt);
  // In the open transaction before any of its results: whatever reaches the disk, a report can place it.
  store.addItem({ runId: stages.runId, itemId: item.id, position: item.position ?? 0, tags: item.tags, promptTokens,
    expectedJson: item.expected === undefined ? null : JSON.stringify(item.expected), fieldsJson: JSON.stringify(item.fields) });
  // All a router may see of the item: the same view for every configuration and sample.
  const view = routingView(item, prompt, promptTokens, suite.referenceFields);
  const checks = suite.checksFor(item);
  const judges = findJudgeChecks(checks);
  const memo = new Map<string, Promise<Answer>>();
  const referenceModels = referenceModelsOf(checks);
  const ask = (modelName: string, sample: number, asked: Item) =>
    engine.answer({ model: suite.models[modelName]!, item: asked, prompt, conversation: item.messages, promptTokens, sample, checks, memo });
  // The reference models' answers (`reference: { model }`), asked once for the item: the grader's, never a router's.
  let referencesOnce: Promise<References | undefined> | undefined;
  const references = () => (referencesOnce ??= askReferences(referenceModels, (modelName, sample) => ask(modelName, sample, item)));
  // A mock plays a model of a set quality against the item's reference: with `reference: { model }` that is the
  // reference model's answer, so the mock is handed it. Only the mock reads `expected`; no router sees this item.
  let mockItemOnce: Promise<Item> | undefined;
  const mockItem = () => (mockItemOnce ??= references().then((answers) => ({ ...item, expected: answers?.get(referenceModels[0]!) })));
  const mocksSeeReferences = referenceModels.length > 0 && Object.values(suite.models).some((model) => model.provider === 'mock');
  const answerOf: AnswerLookup = !mocksSeeReferences ? (modelName, sample) => ask(modelName, sample, item)
    : async (modelName, sample) => ask(modelName, sample,
      suite.models[modelName]!.provider === 'mock' && !referenceModels.includes(modelName) ? await mockItem() : item);
  const answerOne = async (configuration: ConfigurationSpec, sample: number): Promise<void> => {
    // A verifier is a router: its prompt is made from the routing view (`shown`), never from the item.
    const verify: Verifier = (verifiers, answer, shown) =>
      askJudges(verifiers, answer, { suite, engine, item: shown, prompt, sample, memo, countTokens, purpose: 'verify' });
    let record: ResultRecord;
    try {
      const execution = await executeConfiguration(stages.executions.get(configuration.name)!, view, sample, answerOf, verify);
      // After the configuration's own answers: a reference model's answer is the grader's, never the router's.
      const answered = referenceModels.length === 0 ? undefined : await references();
      const judged = judges.length === 0 ? noJudges : await askJudges(judges, execution.final, { suite, engine, item, prompt, sample, memo, countTokens, references: answered });
      record = toResultRecord({ runId: stages.runId, configuration: configuration.name, itemId: item.id, sample }, execution,
        gradeExecution(execution, checks, item, judged, answered));
    } catch (error) {
      // No result: a resumed run asks again.
      if (error instanceof BudgetExhaustedError || error instanceof CallAbortedError) return;
      if (error instanceof RunStoppedError) return stages.onStop(error);
      throw error;
    }
    if (suite.labelCheck && record.output !== null && item.expected !== undefined && item.expected !== null) {
      // Not part of the grade: how the answer fares against the item's own label, to check the judge by.
      record.labelPass = suite.labelCheck.grade(record.output, item).status === 'pass';
    }
    store.recordResult(record);
    stages.onResult(record);
  };
  const tasks: Array<Promise<void>> = [];
  for (let sample = 0; sample < stages.repeat; sample++) {
    for (const configuration of stages.configurations) {
      if (!stages.completed.has(resultKey(configuration.name, item.id, sample))) tasks.push(answerOne(configuration, sample));
    }
  }
  await Promise.all(tasks);
}
