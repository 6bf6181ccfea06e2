/** The data types every layer shares: a leaf that imports nothing of the project. */
export type * from './item.js';
export type * from './check-spec.js';
export type * from './check.js';
export type * from './model.js';
export type * from './configuration.js';
export type * from './gate.js';
export type * from './suite.js';
export type * from './generation.js';
export type * from './routing.js';
export type * from './records.js';
export type * from './run-data.js';
export type * from './run-settings.js';
export type * from './report.js';
export type * from './item-digest.js';
export type * from './report-labels.js';
