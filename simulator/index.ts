/**
 * The simulated Lync Server 2013 pool as a library (tests, `npm start`, `lync-pchat --demo`;
 * bundled as dist/sim.js). `npm run sim` runs main.ts.
 */
export { SimulatedLyncPool, MALFORMED_FRAME } from './pool';
export type { Address, FailNextSpec, PoolAddresses, RegistrationInfo } from './pool';
export { DEFAULT_USERS, resolveConfig } from './config';
export type { PoolConfig, PoolOptions, SimUser, TrustedApplication } from './config';
export type { MessageLogEntry } from './messageLog';
export { startDemoPool } from './demo';
export type { DemoPool } from './demo';
