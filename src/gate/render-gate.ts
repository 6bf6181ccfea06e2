import type { Report } from '../types/index.js';
import type { CriterionOutcome } from './criteria.js';

/** The run a gate judged, as its first line: `--run latest` skips simulations and sweeps, so which run it was is not obvious. */
export type JudgedRun = Pick<Report['run'], 'id' | 'suite' | 'status'>;

/** `baselineNote`: what a comparison with a baseline stands on, printed under the first line. */
export function renderGateLines(run: JudgedRun, outcomes: CriterionOutcome[], baselineNote?: string): string {
  const lines = [
    `gate · run ${run.id} · ${run.suite} · ${run.status}`,
    ...(baselineNote === undefined ? [] : [baselineNote]),
    ...outcomes.map((outcome) =>
      `${outcome.passed ? 'PASS' : 'FAIL'}  ${outcome.configuration}: ${outcome.criterion}: ${outcome.measured} (needs ${outcome.threshold}) [${outcome.unanswered}]`),
  ];
  const failed = outcomes.filter((outcome) => !outcome.passed).length;
  lines.push(failed === 0 ? `gate passed: ${outcomes.length} criteria hold` : `gate failed: ${failed} of ${outcomes.length} criteria do not hold`);
  return `${lines.join('\n')}\n`;
}

function markdownCell(text: string): string {
  return text.replace(/[\\|`*_<>[\]]/g, (character) => `\\${character}`).replace(/\r?\n/g, ' ');
}

/** For $GITHUB_STEP_SUMMARY and pull-request comments. */
export function renderGateMarkdown(outcomes: CriterionOutcome[], title: string, baselineNote?: string): string {
  const failed = outcomes.filter((outcome) => !outcome.passed).length;
  const lines = [
    `### ${markdownCell(title)}: ${failed === 0 ? 'passed ✅' : `failed ❌ (${failed} of ${outcomes.length})`}`,
    '',
    ...(baselineNote === undefined ? [] : [markdownCell(baselineNote), '']),
    '| | configuration | criterion | measured | needs | answers missing or ungraded |',
    '|---|---|---|---|---|---|',
    ...outcomes.map((outcome) =>
      `| ${outcome.passed ? '✅' : '❌'} | ${markdownCell(outcome.configuration)} | ${markdownCell(outcome.criterion)} | ${markdownCell(outcome.measured)} | ${markdownCell(outcome.threshold)} | ${markdownCell(outcome.unanswered)} |`),
    '',
  ];
  return `${lines.join('\n')}\n`;
}

function xml(text: string): string {
  // Characters XML 1.0 cannot hold at all are dropped; the rest escaped.
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** JUnit XML: one test case per criterion, failures carrying the measured value and the threshold. */
export function renderJunit(outcomes: CriterionOutcome[], suiteName: string): string {
  const failures = outcomes.filter((outcome) => !outcome.passed).length;
  const cases = outcomes.map((outcome) => {
    const name = xml(`${outcome.configuration}: ${outcome.criterion}`);
    const open = `    <testcase classname="route-bench.gate.${xml(suiteName)}" name="${name}" time="0">`;
    if (outcome.passed) return `${open}</testcase>`;
    return `${open}\n      <failure message="${xml(`${outcome.measured}, needs ${outcome.threshold}`)}" type="gate">${xml(`${outcome.criterion}: measured ${outcome.measured}, needs ${outcome.threshold}; ${outcome.unanswered}`)}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="route-bench gate" tests="${outcomes.length}" failures="${failures}">`,
    `  <testsuite name="${xml(suiteName)}" tests="${outcomes.length}" failures="${failures}" errors="0" skipped="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
