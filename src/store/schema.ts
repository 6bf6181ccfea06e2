/**
 * The database schema, one migration per version. `PRAGMA user_version`
 * holds the version a file is at; opening an older file runs the missing
 * migrations, a newer one is refused.
 */
export const migrations: readonly string[] = [
  // 1: the first schema.
  `
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'run',
    suite_name TEXT NOT NULL,
    suite_version INTEGER NOT NULL,
    suite_hash TEXT NOT NULL,
    suite_path TEXT,
    tool_version TEXT NOT NULL,
    seed INTEGER NOT NULL,
    repeat INTEGER NOT NULL DEFAULT 1,
    baseline TEXT NOT NULL,
    frontier TEXT NOT NULL,
    margin_pp REAL NOT NULL,
    status TEXT NOT NULL,
    item_count INTEGER NOT NULL,
    options_json TEXT NOT NULL DEFAULT '{}',
    started_at TEXT NOT NULL,
    finished_at TEXT,
    error TEXT,
    parent_run_id INTEGER,
    -- The process running it now: a second process does not resume a run that is still running.
    pid INTEGER
  );
  CREATE TABLE models (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    input_mtok_usd REAL NOT NULL,
    output_mtok_usd REAL NOT NULL,
    cached_input_mtok_usd REAL,
    price_source TEXT NOT NULL,
    settings_json TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (run_id, name)
  );
  CREATE TABLE configurations (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    spec_json TEXT NOT NULL,
    PRIMARY KEY (run_id, name)
  );
  CREATE TABLE items (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    item_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    tags_json TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    expected_json TEXT,
    fields_json TEXT NOT NULL,
    PRIMARY KEY (run_id, item_id)
  );
  CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    item_id TEXT NOT NULL,
    model_name TEXT NOT NULL,
    sample INTEGER NOT NULL,
    purpose TEXT NOT NULL,
    cache_key TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    status TEXT NOT NULL,
    http_status INTEGER,
    input_tokens INTEGER,
    output_tokens INTEGER,
    cached_input_tokens INTEGER,
    reasoning_tokens INTEGER,
    usage_estimated INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL NOT NULL,
    latency_ms REAL NOT NULL,
    output TEXT,
    error TEXT,
    finish_reason TEXT,
    raw_usage_json TEXT,
    started_at TEXT NOT NULL
  );
  CREATE INDEX calls_by_run ON calls (run_id);
  CREATE INDEX calls_cache ON calls (cache_key) WHERE status = 'ok';
  CREATE TABLE results (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    configuration TEXT NOT NULL,
    item_id TEXT NOT NULL,
    sample INTEGER NOT NULL,
    model TEXT,
    models_json TEXT NOT NULL,
    route_reason TEXT,
    output TEXT,
    status TEXT NOT NULL,
    score REAL,
    reason TEXT,
    cost_usd REAL NOT NULL,
    spent_usd REAL NOT NULL,
    latency_ms REAL,
    cached INTEGER NOT NULL,
    grading_cost_usd REAL NOT NULL DEFAULT 0,
    route_json TEXT,
    PRIMARY KEY (run_id, configuration, item_id, sample)
  ) WITHOUT ROWID;
  CREATE TABLE sweep_points (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    router TEXT NOT NULL,
    parameter REAL NOT NULL,
    split TEXT NOT NULL,
    frontier_share REAL,
    cost_usd REAL,
    quality REAL,
    quality_delta_pp REAL
  );
  CREATE INDEX sweep_points_by_run ON sweep_points (run_id);
  `,
  // 2: why a result has no answer (the model failed every attempt or refused the request): such a result is a fail.
  `
  ALTER TABLE results ADD COLUMN unanswered TEXT;
  `,
  // 3: a swept setting's cost reduction, over the items it and the baseline both answered.
  `
  ALTER TABLE sweep_points ADD COLUMN cost_reduction REAL;
  `,
  // 4: a long output is stored once, by its hash, however many configurations show it (store/outputs.ts).
  `
  CREATE TABLE outputs (
    hash TEXT PRIMARY KEY,
    text TEXT NOT NULL
  ) WITHOUT ROWID;
  ALTER TABLE calls ADD COLUMN output_hash TEXT;
  ALTER TABLE results ADD COLUMN output_hash TEXT;
  ALTER TABLE calls ADD COLUMN usage_note TEXT;
  ALTER TABLE results ADD COLUMN finish_reason TEXT;
  `,
  // 5: a pairwise check's judgement of the answer against the reference: win, tie, loss, split (a tie because the two orders
  // disagreed) or same (the reference's own text); and whether the answer matches the item's own label, for the judge's agreement;
  // the looks of a run --until-settled: after each wave, each configuration's confidence sequence and verdict; and the batches
  // of a run --batch, stored the moment their ids exist, so a resume polls a batch in flight instead of paying for it again.
  `
  ALTER TABLE results ADD COLUMN preference TEXT;
  ALTER TABLE results ADD COLUMN label_pass INTEGER;
  CREATE TABLE settle_looks (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    configuration TEXT NOT NULL,
    items INTEGER NOT NULL,
    lower_pp REAL NOT NULL,
    upper_pp REAL NOT NULL,
    verdict TEXT NOT NULL,
    PRIMARY KEY (run_id, configuration, items)
  ) WITHOUT ROWID;
  CREATE TABLE batches (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    model_name TEXT NOT NULL,
    provider TEXT NOT NULL,
    input_file_id TEXT,
    batch_id TEXT,
    state TEXT NOT NULL,
    custom_ids_json TEXT NOT NULL,
    counts_json TEXT,
    created_at TEXT NOT NULL,
    finished_at TEXT
  );
  CREATE INDEX batches_by_run ON batches (run_id, model_name);
  `,
  // 6: the model the server says answered (a router behind the endpoint, openrouter/auto, names the one it chose), and
  // where the cost came from: 'reported' by the provider, 'served-price' (that model's price), or NULL (the configured price).
  // The index holds only the rows of such servers, which the report's "served by" reads grouped.
  `
  ALTER TABLE calls ADD COLUMN served_model TEXT;
  ALTER TABLE calls ADD COLUMN cost_basis TEXT;
  ALTER TABLE results ADD COLUMN served_model TEXT;
  ALTER TABLE results ADD COLUMN cost_basis TEXT;
  CREATE INDEX results_by_served_model ON results (run_id, configuration, served_model) WHERE served_model IS NOT NULL;
  `,
];

export const schemaVersion = migrations.length;
