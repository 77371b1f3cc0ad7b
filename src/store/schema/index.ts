export * from './monitoring.ts';
export * from './registry.ts';
export * from './access.ts';
export * from './sessions.ts';
export * from './rollups.ts';
export * from './notifications.ts';
export * from './certificates.ts';
export * from './leases.ts';
