import { buildGroupKind } from './group.js';

export const allKind = buildGroupKind('all');
