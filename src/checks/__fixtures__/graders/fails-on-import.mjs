// A module whose top level throws, as a grader with a bug at load time would.
throw new Error('broken at import');
