export * from './enums.js';
export * from './time.js';
export * from './case-rules.js';
export * from './schemas.js';
export * from './live.js';
export * from './stats.js';
export * from './alert-levels.js';
export * from './permissions.js';
