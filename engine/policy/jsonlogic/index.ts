/**
 * JSON Logic for ctem policies: compile a rule once into a closure, check it
 * statically at load time. See README.md for semantics and departures from
 * json-logic-js.
 */
export { compile, type CompiledRule, type CompileOptions } from './compile.ts';
export { checkRule, MAX_RULE_DEPTH, type CheckOptions, type VariableCheck } from './check.ts';
export { operatorNames } from './operators.ts';
export { truthy } from './coerce.ts';
export { JsonLogicCompileError, JsonLogicRuntimeError, formatRulePath, type RuleProblem } from './errors.ts';
export { didYouMean } from './suggest.ts';
