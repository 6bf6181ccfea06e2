import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { publishedRanks, tokenTableUrl } from './count-tokens.js';
import { encodeTokenTable } from './token-table.js';

// A build step (`npm run build`): the o200k vocabulary as the table the token counter reads at start-up.
writeFileSync(fileURLToPath(tokenTableUrl), encodeTokenTable(await publishedRanks()));
