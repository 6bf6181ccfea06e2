import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The package version, stored with every run so results name the tool that made them. */
export const toolVersion: string = (require('../package.json') as { version: string }).version;
