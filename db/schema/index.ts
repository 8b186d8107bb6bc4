export * from './accounts';
export * from './api-keys';
export * from './audit-log';
export * from './login-attempts';
export * from './members';
export * from './memberships';
export * from './payloads';
export * from './raw-records';
