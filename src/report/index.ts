export { buildReport } from './build-report.js';
export { renderTable } from './render-table.js';
export type { Report, Headline } from './types.js';
export { renderMarkdown } from './render-markdown.js';
