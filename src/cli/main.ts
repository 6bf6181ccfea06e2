#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';

// A --debug stack trace names the TypeScript sources (the commands load after this, with their maps).
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
import { toolVersion } from '../version.js';
import { exitCodes, reportError } from './exit.js';
import { guardOutput, isBrokenPipe } from './guard-output.js';
import { exportFormats, exportTables, itemFormats, itemOutcomes, list, nonNegativeInteger, nonNegativeNumber, positiveInteger, positiveNumber, progressModes, reportFormats,
  powerList, share, shardOption, tableOrJson } from './option-values.js';
import { parseCommandLine } from './parse-command-line.js';

/**
 * Declares the commands and their options, nothing else: each action loads
 * its module only when called, so `--help` stays fast, and hands what
 * commander parsed to the module's schema, which makes it the typed options
 * of the command.
 */
const program = new Command();
program
  .name('route-bench')
  .description('Measure what routing between a cheap and a frontier model saves, and what quality it costs.')
  .version(toolVersion, '-V, --version', 'print the version')
  .option('--debug', 'show stack traces of errors')
  .exitOverride()
  // One line per problem: the pointer to --help goes on the error's own line.
  .configureOutput({
    writeErr: (text) => process.stderr.write(text),
    outputError: (text, write) => write(`${text.trimEnd()} (route-bench --help lists the commands)\n`),
  });

const defaultDatabase = 'results/route-bench.db';

/** Markdown and HTML render a report; commands that print something else offer only what they can render. */
const formatOption = (formats: readonly string[] = reportFormats) => new Option('--format <format>', 'output format').choices(formats).default('table');

/** The report options every command that prints a report takes. */
function withReportOptions(command: Command): Command {
  return command
    .addOption(formatOption())
    .option('--out <file>', 'write the report to this file instead of stdout')
    .option('--resamples <n>', 'bootstrap resamples of the quality interval, used only with several samples per item (run --repeat) or --stratify: with one grade per item that interval is Newcombe\'s, without resampling; the cost-reduction interval takes min(n, 1000)', positiveInteger, 10_000)
    .option('--stratify', 'resample within strata of the items\' first tag');
}

program
  .command('run')
  .description('run every item through every configuration, grade, store and report')
  .argument('[suite]', 'the suite file (YAML); may be left out with --resume')
  .option('--db <path>', 'database file', defaultDatabase)
  .option('--configs <names>', 'comma-separated configurations to run (the baseline is always included)', list)
  .option('--concurrency <n>', 'provider calls in flight at most', positiveInteger, 32)
  .option('--limit <n>', 'run only the first n items', positiveInteger)
  .option('--sample <n>', 'run a seeded random sample of n items: a pilot', positiveInteger)
  .option('--sample-by-tag', 'draw the --sample in proportion to the items\' first tags')
  .option('--seed <n>', 'seed for mock answers (default: the suite seed)', nonNegativeInteger)
  .option('--repeat <k>', 'answer every item k times per configuration', positiveInteger, 1)
  .option('--no-cache', 'make fresh calls even where a stored answer exists')
  .option('--resume <run>', 'continue an interrupted run (id or "latest"): finished results stay, stored answers are not paid again')
  .option('--max-cost-usd <usd>', 'never start a call that could take the run past this spend', positiveNumber)
  .option('--shard <i/n>', 'run only shard i of n (by item id); join the shard databases with route-bench merge', shardOption)
  .option('--until-settled', 'items in a seeded order, in waves; a configuration stops once its verdict is settled (anytime-valid), the run once all are')
  .option('--wave <n>', 'items per wave: with --until-settled a look after each (default 50, as simulate); with --batch alone one batch per model each (default 10000)', positiveInteger)
  .option('--batch', 'answer OpenAI and Anthropic models through their batch APIs, at half price, a wave at a time')
  .addOption(new Option('--batch-fallback <how>', 'with --batch: ask a failed or expired line again in the next batch, or live').choices(['batch', 'live']))
  .option('--max-items <n>', 'with --until-settled: take at most n items', positiveInteger)
  .addOption(new Option('--progress <mode>', 'progress on stderr').choices(progressModes).default('auto'))
  .addHelpText('after', `
Examples:
  route-bench run datasets/contract-review/suite.yaml            every item, every configuration
  route-bench run suite.yaml --sample 200 --sample-by-tag         a pilot: 200 items, in proportion to their tags
  route-bench run suite.yaml --until-settled --wave 100           stop paying once each verdict is settled
  route-bench run suite.yaml --until-settled --batch              and each wave through the batch APIs at half price
  route-bench run --resume latest --db results/route-bench.db     finish an interrupted run, paying nothing twice`);
withReportOptions(program.commands.at(-1)!)
  .action(async function (this: Command) {
    const { runCommand, runCommandLine } = await import('./commands/run.js');
    process.exitCode = await runCommand(parseCommandLine(runCommandLine, this));
  });

program
  .command('estimate')
  .description('what each configuration would cost, before any call')
  .argument('<suite>', 'the suite file (YAML)')
  .option('--db <path>', 'take average output tokens per model from the stored calls of this database')
  .option('--configs <names>', 'comma-separated configurations', list)
  .option('--limit <n>', 'only the first n items', positiveInteger)
  .option('--repeat <k>', 'answers per item and configuration', positiveInteger, 1)
  .addOption(formatOption(tableOrJson))
  .action(async function (this: Command) {
    const { estimateCommand, estimateCommandLine } = await import('./commands/estimate.js');
    process.exitCode = await estimateCommand(parseCommandLine(estimateCommandLine, this));
  });

program
  .command('import')
  .description('turn a production log into a suite (chat items, the incumbent\'s answers as the reference, pairwise grading), or a public router dataset into replayed models')
  .argument('<file...>', 'the log (OpenAI chat JSONL, OTLP JSON, a Langfuse or LangSmith export, CSV), or a router dataset\'s files')
  .requiredOption('--out <dir>', 'folder for items.jsonl, incumbent.jsonl (a dataset: replay.jsonl) and suite.yaml')
  .option('--from <format>', 'a log: openai-chat, otel, langfuse, langsmith, csv or jsonl (default: detected); a dataset: routerbench, routellm, routerarena, llmrouterbench or embedllm')
  .option('--sample <n>', 'a seeded sample of n items', positiveInteger)
  .option('--by <field>', 'spread the sample in proportion over model, turns, or a metadata key')
  .option('--seed <n>', 'seed of the sample', nonNegativeInteger, 1)
  .option('--tag-by <keys>', 'comma-separated metadata keys whose values become tags', list)
  .option('--margin-pp <pp>', 'the suite\'s non-inferiority margin on the net loss', nonNegativeNumber, 2)
  .option('--skip-bad', 'leave out malformed records (counted) instead of stopping at the first')
  .option('--force', 'overwrite the files in --out (a dataset: write into a folder that is not empty)')
  .option('--batch-input <file>', 'OpenAI Batch API output: the input file its lines are joined with by custom_id')
  .option('--prompt-column <name>', 'CSV column (JSONL: dotted path) of the prompt')
  .option('--answer-column <name>', 'CSV column (JSONL: dotted path) of the answer')
  .option('--model-column <name>', 'CSV column (JSONL: dotted path) of the model')
  .option('--label-column <name>', 'CSV column (JSONL: dotted path) of a gold answer, where there is one')
  .option('--system-column <name>', 'CSV column (JSONL: dotted path) of a system prompt')
  .option('--gold <file>', 'routellm: GSM8K-style test.jsonl (question, answer) whose answers become expected, matched by prompt')
  .option('--prompts <file>', 'embedllm: CSV of prompt_id, prompt with the prompts\' text')
  .option('--id-prefix <text>', 'routellm: items are <text>-<n> (default row)')
  .addHelpText('after', `
Examples:
  route-bench import logs.jsonl --out evals/traffic                        gateway logs of {request, response} pairs
  route-bench import traces.json --out evals/traffic --sample 500 --by model --seed 1
  route-bench import output.jsonl --from openai-chat --batch-input input.jsonl --out evals/batch
  route-bench import traffic.csv --prompt-column question --answer-column reply --out evals/csv
  route-bench import gsm8k_responses.csv --from routellm --gold test.jsonl --out evals/gsm8k
  route-bench import cached_results/*.jsonl --from routerarena --out evals/arena`)
  .action(async function (this: Command) {
    const { importCommand, importCommandLine } = await import('./commands/import.js');
    process.exitCode = await importCommand(parseCommandLine(importCommandLine, this));
  });

program
  .command('validate')
  .description('check a suite and its dataset without calling any model')
  .argument('<suite>', 'the suite file (YAML)')
  .action(async function (this: Command) {
    const { validateCommand, validateCommandLine } = await import('./commands/validate.js');
    process.exitCode = await validateCommand(parseCommandLine(validateCommandLine, this));
  });

withReportOptions(
  program
    .command('report')
    .description('print the report of a stored run')
    .option('--db <path>', 'database file', defaultDatabase)
    .option('--run <id>', 'run id, or "latest"', 'latest'),
).action(async function (this: Command) {
  const { reportCommand, reportCommandLine } = await import('./commands/report.js');
  process.exitCode = await reportCommand(parseCommandLine(reportCommandLine, this));
});

program
  .command('simulate')
  .description('evaluate a router on a stored run\'s answers, with no call; stored as a run marked simulated')
  .option('--db <path>', 'database file', defaultDatabase)
  .option('--run <id>', 'the run whose answers to use, or "latest"', 'latest')
  .option('--router <spec>', 'a YAML file, inline YAML such as "{ router: random, p: 0.3 }", or a kind alone such as oracle')
  .option('--name <name>', 'the simulated configuration\'s name (default: the router kind)')
  .option('--until-settled', 'instead: replay the run\'s items in a seeded random order and say when each routed configuration\'s verdict was settled (an anytime-valid confidence sequence), and what stopping there saves')
  .option('--wave <n>', 'with --until-settled: items between looks', positiveInteger, 50)
  .option('--margin-pp <points>', 'with --until-settled: the non-inferiority margin (default: the suite\'s margin_pp)', positiveNumber);
withReportOptions(program.commands.at(-1)!).action(async function (this: Command) {
  const { simulateCommand, simulateCommandLine } = await import('./commands/simulate.js');
  process.exitCode = await simulateCommand(parseCommandLine(simulateCommandLine, this));
});

program
  .command('sweep')
  .description('vary a threshold, random or predictive router over a grid: the cost-quality curve, from stored answers')
  .option('--db <path>', 'database file', defaultDatabase)
  .option('--run <id>', 'the run whose answers to use, or "latest"', 'latest')
  .requiredOption('--router <spec>', 'threshold, random, predictive, or a YAML spec of one of them (strong, weak, models, folds, seed, ...)')
  .option('--grid <start:stop:step>', 'the settings to try (default 0:1:0.001; predictive: every lambda where a choice changes)')
  .option('--target-loss-pp <points>', 'choose the cheapest setting within this loss of the baseline on a calibration half; report it on the other half', nonNegativeNumber)
  .option('--split-seed <n>', 'seed of the calibration / held-out split (default: the run seed)', nonNegativeInteger)
  .addOption(formatOption(tableOrJson))
  .action(async function (this: Command) {
    const { sweepCommand, sweepCommandLine } = await import('./commands/sweep.js');
    process.exitCode = await sweepCommand(parseCommandLine(sweepCommandLine, this));
  });

program
  .command('plan')
  .description('how many items a verdict needs: from a pilot (or any stored run), the items each configuration needs to show non-inferiority, and their cost')
  .argument('[suite]', 'a suite to run a pilot of first (with --pilot)')
  .option('--pilot <n>', 'run a seeded random sample of n items of the suite, then plan from it', positiveInteger)
  .option('--by-tag', 'draw the pilot in proportion to the items\' first tags')
  .option('--db <path>', 'database file', defaultDatabase)
  .option('--run <id>', 'the run to plan from, without a suite: id or "latest"', 'latest')
  .option('--concurrency <n>', 'provider calls in flight at most, for the pilot', positiveInteger, 32)
  .option('--margin-pp <points>', 'the non-inferiority margin (default: the suite\'s margin_pp)', positiveNumber)
  .option('--power <list>', 'the chances of reaching the verdict to plan for', powerList, [0.8, 0.9])
  .addOption(formatOption(tableOrJson))
  .addHelpText('after', `
Examples:
  route-bench plan suite.yaml --pilot 100           run 100 items, then plan
  route-bench plan --db results/route-bench.db --run 3`)
  .action(async function (this: Command) {
    const { planCommand, planCommandLine } = await import('./commands/plan.js');
    process.exitCode = await planCommand(parseCommandLine(planCommandLine, this));
  });

program
  .command('gate')
  .description('exit 1 when a run breaks its criteria (for CI): quality loss, cost reduction, non-inferiority, regressions against a baseline run')
  .option('--db <path>', 'database file', defaultDatabase)
  .option('--run <id>', 'run id, or "latest"', 'latest')
  .option('--configs <names>', 'the configurations to judge (default: the routed ones)', list)
  .option('--max-quality-loss-pp <points>', 'largest allowed quality loss against the suite baseline', nonNegativeNumber)
  .option('--min-cost-reduction <factor>', 'smallest allowed cost reduction (x times cheaper)', positiveNumber)
  .option('--require-non-inferior', 'the quality interval must stay above minus the suite margin')
  .option('--baseline <run>', 'compare with: a run id, a database (file.db or file.db:ID), or a report JSON')
  .option('--max-regression-pp <points>', 'with --baseline: largest allowed fall of a configuration\'s pass rate', nonNegativeNumber)
  .option('--max-cost-increase-pct <percent>', 'with --baseline: largest allowed rise of a configuration\'s cost', nonNegativeNumber)
  .option('--max-unanswered-pct <percent>', 'largest allowed share of answers missing or ungraded (never given, not recorded, not graded); default 0', nonNegativeNumber)
  .option('--min-shared <share>', 'with --baseline: the least share of the items either run holds that both must share (same id and content), 0 to 1; default 0.5', share)
  .option('--allow-suite-change', 'with --baseline: compare on the shared items even when too few are shared or their checks changed')
  .option('--junit <file>', 'also write the verdicts as JUnit XML')
  .option('--resamples <n>', 'bootstrap resamples of the quality interval that --require-non-inferior reads, used only for a run with several samples per item (run --repeat): with one grade per item it is Newcombe\'s, without resampling', positiveInteger, 10_000)
  .addHelpText('after', `
Examples:
  route-bench gate --max-quality-loss-pp 1 --min-cost-reduction 2 --require-non-inferior
  route-bench gate --baseline main.db --max-regression-pp 2 --junit gate.xml     a pull request against main`)
  .action(async function (this: Command) {
    const { gateCommand, gateCommandLine } = await import('./commands/gate.js');
    process.exitCode = await gateCommand(parseCommandLine(gateCommandLine, this));
  });

program
  .command('compare')
  .description('what changed between two runs: quality and cost per configuration, and the items that flipped')
  .argument('<runA>', 'run id or "latest"')
  .argument('<runB>', 'run id or "latest"')
  .option('--db <path>', 'database file of run A (and B)', defaultDatabase)
  .option('--db-b <path>', 'database file of run B, when it is another one')
  .option('--max-items <n>', 'flipped items listed per configuration and direction', positiveInteger, 10)
  .addOption(formatOption(tableOrJson))
  .action(async function (this: Command) {
    const { compareCommand, compareCommandLine } = await import('./commands/compare.js');
    process.exitCode = await compareCommand(parseCommandLine(compareCommandLine, this));
  });

program
  .command('export')
  .description('write a run\'s results, calls, summary or sweep as CSV or JSON lines, for spreadsheets and notebooks')
  .option('--db <path>', 'database file', defaultDatabase)
  .option('--run <id>', 'run id, or "latest"', 'latest')
  .addOption(new Option('--what <table>', 'what to export').choices(exportTables).default('results'))
  .addOption(new Option('--format <format>', 'file format').choices(exportFormats).default('csv'))
  .option('--out <file>', 'write here instead of stdout')
  .action(async function (this: Command) {
    const { exportCommand, exportCommandLine } = await import('./commands/export.js');
    process.exitCode = await exportCommand(parseCommandLine(exportCommandLine, this));
  });

program
  .command('items')
  .description('the items a configuration lost (the baseline passed, it failed) or won against the baseline, then the rest: answers, grades, routes')
  .option('--db <path>', 'database file', defaultDatabase)
  .option('--run <id>', 'run id, or "latest"', 'latest')
  .option('--configuration <name>', 'only this configuration (default: every one but the baseline)')
  .addOption(new Option('--outcome <outcome>', 'only these: lost, won, fail (every fail, lost included) or error (could not grade)').choices(itemOutcomes))
  .option('--tag <tag>', 'only items with this tag')
  .option('--limit <n>', 'print at most n rows (default: all)', positiveInteger)
  .addOption(new Option('--format <format>', 'a table of one line per row, or JSON lines with every field').choices(itemFormats).default('table'))
  .action(async function (this: Command) {
    const { itemsCommand, itemsCommandLine } = await import('./commands/items.js');
    process.exitCode = await itemsCommand(parseCommandLine(itemsCommandLine, this));
  });

program
  .command('merge')
  .description('join the databases of shard runs (run --shard i/n) into one run, as if one machine had run it')
  .argument('<shards...>', 'shard databases (file.db, or file.db:ID for a run other than the latest)')
  .requiredOption('--out <file>', 'the merged database to write (must not exist)')
  .action(async function (this: Command) {
    const { mergeCommand, mergeCommandLine } = await import('./commands/merge.js');
    process.exitCode = await mergeCommand(parseCommandLine(mergeCommandLine, this));
  });

async function main(): Promise<void> {
  guardOutput();
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed its own one-line message; help and version are not errors.
      const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
      process.exitCode = benign ? exitCodes.ok : exitCodes.error;
      return;
    }
    process.exitCode = isBrokenPipe(error) ? exitCodes.ok : reportError(error, program.opts().debug === true);
  }
}

await main();
