export * from './enums';
export * from './time';
export * from './case-rules';
export * from './schemas';
export * from './live';
