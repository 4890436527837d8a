export { decomposeChain, rowSelectors, isChainEnd, objectProperty, someLinkNamed, type Chain, type ChainLink } from './chain.js';
export { getOrmModel, ormOfSource, type Orm, type OrmModel } from './clients.js';
export { catchesUniqueViolation, clientOfChain, findOrmDecrements, findOrmInserts, knexTable, PRISMA_CREATES, PRISMA_UPDATES, sameColumn, type InsertedColumn, type OrmDecrement, type OrmInsert } from './writes.js';
