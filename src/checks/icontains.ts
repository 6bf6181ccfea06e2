import { buildContainsKind } from './contains.js';

export const icontainsKind = buildContainsKind('icontains', true);
