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
export { type CaseResult, formatResults, verifyProvider } from './verify.ts';
