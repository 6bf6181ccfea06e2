import { buildGroupKind } from './group.js';

export const anyKind = buildGroupKind('any');
