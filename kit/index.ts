export { allOperations, type OperationContract, operation, operations } from '../contracts/operations.ts';
export { type ContractCase, contractCases } from './cases.ts';
export {
  type CheckOptions,
  type CheckReport,
  consumerEnvironment,
  findViolations,
  runCheck,
  type Violation,
} from './check.ts';
export { type Credentials, credentialsFile, demoCredentials, loadCredentials } from './credentials.ts';
export { type Answer, type Judgement, judge } from './match.ts';
export {
  annotation,
  type CheckedCommand,
  checkAnnotations,
  checkJson,
  checkJunit,
  formatResults,
  REPORTERS,
  type Reporter,
  resultsAnnotations,
  resultsJson,
  resultsJunit,
} from './report.ts';
export { type CaseResult, UnreachableError, verifyProvider } from './verify.ts';
