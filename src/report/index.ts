export { buildReport } from './build-report.js';
export { renderTable } from './render-table.js';
export { renderMarkdown } from './render-markdown.js';
