import type { Command } from 'commander';
import type * as z from 'zod';
import { UsageError } from '../errors.js';

/**
 * What commander parsed for a command, its arguments by name beside its
 * options, validated once by the command's schema into the typed options its
 * function takes. commander has refused what it can already (a bad number, an
 * unknown choice); what the schema refuses, such as flags that cannot go
 * together, is a UsageError: one line, exit 2. Only zod's types are imported,
 * so declaring the commands loads no schema.
 */
export function parseCommandLine<Schema extends z.ZodType>(schema: Schema, command: Command): z.output<Schema> {
  const parsed: Record<string, unknown> = { ...command.opts() };
  command.registeredArguments.forEach((argument, index) => {
    parsed[argument.name()] = command.processedArgs[index];
  });
  const result = schema.safeParse(parsed);
  if (!result.success) throw new UsageError(result.error.issues.map((issue) => describeIssue(issue, command)).join('; '));
  return result.data;
}

/** A problem with one value names its flag (or argument); one with the whole command line speaks for itself. */
function describeIssue(issue: z.core.$ZodIssue, command: Command): string {
  const [key] = issue.path;
  if (key === undefined) return issue.message;
  const option = command.options.find((candidate) => candidate.attributeName() === key);
  const argument = command.registeredArguments.find((candidate) => candidate.name() === key);
  const name = option?.long ?? (argument ? `<${argument.name()}>` : String(key));
  return `${name}: ${issue.message}`;
}
