/**
 * Rule-set evaluation: a whole ordered policy compiled once into a DAG of
 * shared sub-expressions plus an index, deciding each document with the
 * answer of evaluating every rule's compiled closure in order. See README.md.
 */
export { compileRuleSet, type EvaluationMode, type RuleFailure, type RuleSet, type RuleSetOptions, type RuleSetShape } from './rule-set.ts';
