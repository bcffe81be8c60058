export { checkResultFromProto, checkResultToProto } from './convert.ts';
export * from './gen/vantage/probe/v1/probe.ts';
