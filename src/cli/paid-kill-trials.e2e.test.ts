import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { itemNumber, startFakeOpenAi, type FakeOpenAi } from './__fixtures__/fake-openai.js';
import { killTrial, referenceRun, seededRandom } from './__fixtures__/kill-trial.mjs';

const itemCount = 120;
const concurrency = 8;
const trialCount = 6;

/** Two paid models behind one fake OpenAI server, 30 ms a call: every answer costs money. */
function writeSuite(folder: string, baseUrl: string): string {
  const items = Array.from({ length: itemCount }, (_, index) => `  - { id: p${index}, n: ${index}, expected: "${index + 1}", tags: [${index % 4 === 0 ? 'hard' : 'easy'}] }`);
  const path = join(folder, 'paid.yaml');
  writeFileSync(path, `name: paid-kill-trials
prompt: "Item {{n}}: what comes after {{n}}?"
checks: [{ type: exact }]
models:
  big: { provider: openai, base_url: "${baseUrl}", api_key_env: none, model: big-1, price: { input_mtok: 10, output_mtok: 30 } }
  small: { provider: openai, base_url: "${baseUrl}", api_key_env: none, model: small-1, price: { input_mtok: 1, output_mtok: 2 } }
configurations:
  all-big: { model: big }
  all-small: { model: small }
  routed: { router: rules, rules: [{ when: { tags: [hard] }, use: big }], default: small }
items:
${items.join('\n')}
`);
  return path;
}

/** The small model gets every fifth item wrong, so results differ between configurations. */
const answer = (prompt: string, model: string) => {
  const n = itemNumber(prompt);
  return { content: model === 'small-1' && n % 5 === 0 ? 'no idea' : String(n + 1) };
};

let servers: FakeOpenAi[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  servers = [];
});

describe('route-bench run against a paid API, killed at random moments', () => {
  it(`pays again after each kill only for the calls in flight, and keeps every paid answer (${trialCount} trials)`, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-paid-kills-'));
    const referenceServer = await startFakeOpenAi(answer, { latencyMs: 30 });
    servers.push(referenceServer);
    const reference = await referenceRun({ suitePath: writeSuite(mkdtempSync(join(folder, 'reference-')), referenceServer.baseUrl),
      databasePath: join(folder, 'reference.db'), concurrency, itemCount });
    // Each model's answer to each item, once: routed shares its answers with the fixed configurations.
    const uniqueAnswers = itemCount * 2;
    expect(referenceServer.requests).toHaveLength(uniqueAnswers);

    const random = seededRandom(20_261_201);
    let midRunKills = 0;
    for (let trial = 0; trial < trialCount; trial++) {
      const server = await startFakeOpenAi(answer, { latencyMs: 30 });
      servers.push(server);
      const suitePath = writeSuite(mkdtempSync(join(folder, `trial-${trial}-`)), server.baseUrl);
      const databasePath = join(folder, `trial-${trial}.db`);
      const kills = trial % 2 === 0 ? 1 : 2;
      const outcome = await killTrial({ suitePath, databasePath, reference, random: seededRandom(Math.floor(random() * 2 ** 32)), concurrency,
        kills, minDelayMs: 300, maxDelayMs: reference.durationMs });
      const where = `trial ${trial}: ${JSON.stringify(outcome.events)}`;
      expect(outcome.problems, where).toEqual([]);
      const killed = outcome.events.filter((event) => event.outcome === 'killed').length;
      midRunKills += outcome.events.filter((event) => event.outcome === 'killed' && event.results > 0 && event.results < itemCount * 3).length;
      // The bound: every answer once, plus at most the calls in flight at each kill.
      expect(server.requests.length, where).toBeLessThanOrEqual(uniqueAnswers + concurrency * killed);
      // And what the calls table says was paid is all the server answered, but for those in flight at a kill.
      const database = new Database(databasePath, { readonly: true });
      const paidCalls = database.prepare("SELECT COUNT(*) FROM calls WHERE status = 'ok'").pluck().get() as number;
      database.close();
      expect(server.answered - paidCalls, where).toBeLessThanOrEqual(concurrency * killed);
      await server.stop();
    }
    // The trials tested something: kills landed while answers were being paid for.
    expect(midRunKills).toBeGreaterThan(0);
    rmSync(folder, { recursive: true, force: true });
  }, 120_000);
});
