export * from './gen/vantage/probe/v1/probe.ts';
