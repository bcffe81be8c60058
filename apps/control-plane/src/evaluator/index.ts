export { formatDuration, noticeAlertEvent } from './alert-events.ts';
export { evaluateMonitorNow } from './evaluate.ts';
export {
  createEvaluator,
  type Evaluator,
  type EvaluatorContext,
  type EvaluatorOptions,
} from './evaluator.ts';
export { deliverOutbox } from './outbox.ts';
export { rulesOf } from './rules.ts';
