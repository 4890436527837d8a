export { decomposeChain, isChainEnd, objectProperty, propertyKey, staticString, type Chain, type ChainLink } from './chain.js';
export { getOrmModel, ormOfSource, type Orm, type OrmModel } from './clients.js';
export { findOrmDecrements, findOrmInserts, resolveObject, sameColumn, type InsertedColumn, type OrmDecrement, type OrmInsert } from './writes.js';
