/**
 * What each action hands the contract test (test/unit/contract.test.ts), from its
 * test/unit/<action>/contract.ts: its own readInputs, a set of raw inputs under which readInputs
 * reads every input it has, its outputsOf with an outcome to call it on, and its reasons list.
 */
export interface ActionContract<I = unknown, O = never> {
  readInputs: () => I | Promise<I>;
  /** Raw input strings (as a workflow would write them) that make readInputs read every input. */
  sampleInputs: Record<string, string>;
  /** Extra environment readInputs needs (GITHUB_WORKSPACE, AWS_REGION, ...). */
  sampleEnv?: Record<string, string>;
  outputsOf: (outcome: O) => Record<string, unknown>;
  sampleOutcome: O;
  reasons: readonly string[];
}
