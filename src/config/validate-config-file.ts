/** The parsed YAML document → the typed file, or every problem in it. */
import { checkReferences, type ParsedSections } from './check-references.js';
import { configFileSchema, type ConfigFile } from './file-schema.js';
import { describeValue, type ConfigProblem } from './problems.js';
import { problemsFromIssues } from './zod-problems.js';

export type FileValidation = { ok: true; file: ConfigFile } | { ok: false; problems: ConfigProblem[] };

/** `data` is the YAML document as plain data; an empty file (null) means all defaults. */
export function validateConfigFile(data: unknown): FileValidation {
  const input = data ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    const message =
      `the file must be a mapping of sections (slack:, aws:, routing:, endpoints:, …), not ${describeValue(input)}`;
    return { ok: false, problems: [{ path: '(top level)', message }] };
  }
  // reportInput: telling a missing key (`required`) from a wrong one needs the value.
  const result = configFileSchema.safeParse(input, { reportInput: true });
  const problems = result.success ? [] : problemsFromIssues(result.error.issues, configFileSchema);
  problems.push(...checkReferences(result.success ? result.data : parseSectionsAlone(input as Record<string, unknown>)));
  if (problems.length > 0 || !result.success) return { ok: false, problems };
  return { ok: true, file: result.data };
}

/** Each section that is valid by itself, for the cross-section checks when the whole is not. */
function parseSectionsAlone(input: Record<string, unknown>): ParsedSections {
  const sections: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(configFileSchema.shape)) {
    const result = schema.safeParse(input[name]);
    if (result.success) sections[name] = result.data;
  }
  return sections as ParsedSections;
}
