import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import rule from '../../src/rules/no-unguarded-decrement.js';
import { ruleTester } from '../rule-tester.js';

/**
 * A read-check-write run only by a BullMQ worker that takes one job at a time (round 23, judged FALSE:
 * tuantaii/ncc-vinh-bot no-unguarded-decrement#2, #8, #9): two jobs never interleave, unless another
 * path of the project writes the same field meanwhile.
 */

/** `wallet.ts`: a withdrawal that checks the balance, then decrements it (the decrement on line 6). */
const WALLET = `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function withdraw(userId: string, amount: number) {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user || user.balance < amount) return false;
  await prisma.user.update({ where: { id: userId }, data: { balance: { decrement: amount } } });
  return true;
}
`;

/** A project on disk (a bot that enqueues withdrawals, BullMQ, Prisma) with `wallet.ts` and `files`; returns the path of `wallet.ts`. */
function project(name: string, files: Record<string, string>, wallet = WALLET): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `nud-worker-${name}-`));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { grammy: '^1', bullmq: '^5', '@prisma/client': '^6', express: '^4' } }));
  fs.writeFileSync(
    path.join(root, 'bot.ts'),
    "import { Bot, webhookCallback } from 'grammy';\nimport { Queue } from 'bullmq';\nconst bot = new Bot('token');\nconst queue = new Queue('payouts');\nbot.command('payout', (ctx) => queue.add('p', { userId: String(ctx.from.id), amount: Number(ctx.match) }));\nexport const handle = webhookCallback(bot, 'std/http');\n",
  );
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(root, file), text);
  fs.writeFileSync(path.join(root, 'wallet.ts'), wallet);
  return path.join(root, 'wallet.ts');
}

/** `worker.ts`: a worker on the `withdraw` queue whose processor awaits the withdrawal, with `options`. */
const worker = (options = '{ connection }', queue = "'payouts'", call = 'await withdraw(job.data.userId, job.data.amount);') =>
  `import { Worker } from 'bullmq';\nimport { withdraw } from './wallet';\nconst connection = { host: 'localhost' };\nexport const worker = new Worker(${queue}, async (job) => {\n  ${call}\n}, ${options});\n`;

/** The NestJS shape of ncc-vinh-bot: an injectable that creates the worker in `onModuleInit` and calls an injected service. */
const NEST_WALLET = `import { Injectable } from '@nestjs/common';
import { PrismaService } from './prisma.service';
@Injectable()
export class WalletService {
  constructor(private readonly prisma: PrismaService) {}
  async withdraw(userId: string, amount: number) {
    const user = await this.prisma.user.findUnique({ where: { id: userId } });
    if (!user || user.balance < amount) return;
    await this.prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id: userId }, data: { balance: { decrement: amount } } });
    });
  }
}
`;
const NEST_PROCESSOR = `import { Injectable, OnModuleInit } from '@nestjs/common';
import { Job, QueueOptions, Worker } from 'bullmq';
import { WalletService } from './wallet';
@Injectable()
export class WithdrawProcessor implements OnModuleInit {
  private worker: Worker;
  constructor(private readonly walletService: WalletService) {}
  onModuleInit() {
    this.worker = new Worker(
      'payouts',
      async (job: Job) => {
        await this.walletService.withdraw(job.data.userId, job.data.amount);
      },
      { connection: {} } as QueueOptions,
    );
  }
}
`;
const NEST_MODULE = "import { Module } from '@nestjs/common';\nimport { WalletService } from './wallet';\nimport { WithdrawProcessor } from './processor';\n@Module({ providers: [WalletService, WithdrawProcessor] })\nexport class WalletModule {}\n";
/** `@nestjs/bullmq`'s shape: a `WorkerHost` whose `process` awaits the service. */
const nestHost = (options = '') => `import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { WalletService } from './wallet';
@Processor('payouts'${options})
export class WithdrawConsumer extends WorkerHost {
  constructor(private readonly walletService: WalletService) {
    super();
  }
  async process(job: Job) {
    await this.walletService.withdraw(job.data.userId, job.data.amount);
  }
}
`;
const NEST_HOST_MODULE = NEST_MODULE.replace("import { WithdrawProcessor } from './processor';", "import { WithdrawConsumer } from './consumer';").replace('WithdrawProcessor]', 'WithdrawConsumer]');

/** `jobs.ts`: a processor another file passes to the worker by name. */
const IMPORTED_PROCESSOR = "import { withdraw } from './wallet';\nexport async function processJob(job) {\n  await withdraw(job.data.userId, job.data.amount);\n}\n";
const PASSES_IMPORTED = "import { Worker } from 'bullmq';\nimport { processJob } from './jobs';\nnew Worker('payouts', processJob, { connection: {} });\n";

/** `server.ts`: an express route that runs `body` (with `prisma`, `req`). */
const route = (body: string, header = '') =>
  `import express from 'express';\nimport { PrismaClient } from '@prisma/client';\n${header}const prisma = new PrismaClient();\nconst app = express();\napp.post('/users/:id', async (req, res) => {\n  ${body}\n  res.end();\n});\napp.listen(3000);\n`;

const unguarded = (filename: string, line = 6) => ({ code: fs.readFileSync(filename, 'utf8'), filename, errors: [{ messageId: 'unguarded' as const, line }] });
const valid = (filename: string) => ({ code: fs.readFileSync(filename, 'utf8'), filename });

ruleTester.run('no-unguarded-decrement: a BullMQ worker that runs one job at a time', rule, {
  valid: [
    // `concurrency` left at BullMQ's default (1), or the literal 1: one withdrawal at a time, nothing else writes the balance.
    valid(project('default', { 'worker.ts': worker() })),
    valid(project('one', { 'worker.ts': worker('{ connection, concurrency: 1 }') })),
    // Options spread from an object literal without `concurrency`, here or imported from a project file.
    valid(project('spread', { 'worker.ts': worker('{ connection, ...OPTIONS }').replace('const connection', 'const OPTIONS = { lockDuration: 60_000 };\nconst connection') })),
    valid(
      project('imported-spread', {
        'options.ts': 'export const OPTIONS = { lockDuration: 60_000 };\n',
        'worker.ts': worker('{ connection, concurrency: 1, ...OPTIONS }').replace("import { withdraw }", "import { OPTIONS } from './options';\nimport { withdraw }"),
      }),
    ),
    // The processor is a function of the file passed by name.
    valid(
      project('named', {
        'worker.ts': "import { Worker } from 'bullmq';\nimport { withdraw } from './wallet';\nasync function processJob(job) {\n  await withdraw(job.data.userId, job.data.amount);\n}\nnew Worker('payouts', processJob, { connection: {} });\n",
      }),
    ),
    // The processor is a function another file exports, passed by name.
    valid(project('imported', { 'jobs.ts': IMPORTED_PROCESSOR, 'worker.ts': PASSES_IMPORTED })),
    // A worker of a factory called once at start-up.
    valid(
      project('factory', {
        'worker.ts': `export function createWorker() {\n  return ${worker().split('export const worker = ')[1]!.trimEnd()}\n}\n`.replace('export function', "import { Worker } from 'bullmq';\nimport { withdraw } from './wallet';\nexport function"),
        'main.ts': "import { createWorker } from './worker';\ncreateWorker();\n",
      }),
    ),
    // Another worker (other queue) or a route only raise the balance atomically: a deposit lets no second withdrawal pass.
    valid(
      project('deposit', {
        'worker.ts': worker(),
        'server.ts': route('await prisma.user.update({ where: { id: req.params.id }, data: { balance: { increment: Number(req.body.amount) } } });'),
      }),
    ),
    // The NestJS shape (ncc-vinh-bot): an injectable creates the worker in `onModuleInit`; the service's write is in an awaited `$transaction`.
    valid(project('nest', { 'processor.ts': NEST_PROCESSOR, 'module.ts': NEST_MODULE }, NEST_WALLET)),
    // `@nestjs/bullmq`: a `WorkerHost` with the default concurrency.
    valid(project('nest-host', { 'consumer.ts': nestHost(), 'module.ts': NEST_HOST_MODULE }, NEST_WALLET)),
  ],
  invalid: [
    // Several jobs at once: `concurrency` above 1, or not a literal.
    unguarded(project('five', { 'worker.ts': worker('{ connection, concurrency: 5 }') })),
    unguarded(project('env', { 'worker.ts': worker('{ connection, concurrency: Number(process.env.CONCURRENCY) }') })),
    // Options of unknown content, or a spread that sets the concurrency after the literal.
    unguarded(project('opaque', { 'worker.ts': worker('options').replace('const connection', 'declare const options: any;\nconst connection') })),
    unguarded(project('spread-five', { 'worker.ts': worker('{ connection, concurrency: 1, ...OPTIONS }').replace('const connection', 'const OPTIONS = { concurrency: 5 };\nconst connection') })),
    // The worker's concurrency raised after it is created.
    unguarded(project('assigned', { 'worker.ts': `${worker()}worker.concurrency = 4;\n` })),
    // A second worker on the same queue (another file, or a queue name that is not a literal).
    unguarded(project('second', { 'worker.ts': worker(), 'worker2.ts': "import { Worker } from 'bullmq';\nnew Worker('payouts', async () => {}, { connection: {} });\n" })),
    unguarded(project('dynamic-second', { 'worker.ts': worker(), 'worker2.ts': "import { Worker } from 'bullmq';\nnew Worker(process.env.QUEUE!, async () => {}, { connection: {} });\n" })),
    // Workers made in a loop: several consumers of one queue.
    unguarded(
      project('loop', {
        'worker.ts': `import { Worker } from 'bullmq';\nimport { withdraw } from './wallet';\nfor (let i = 0; i < 4; i++) {\n  new Worker('payouts', async (job) => {\n    await withdraw(job.data.userId, job.data.amount);\n  }, { connection: {} });\n}\n`,
      }),
    ),
    // The processor does not wait for the withdrawal: the next job starts while it runs.
    unguarded(project('floating', { 'worker.ts': worker(undefined, undefined, 'void withdraw(job.data.userId, job.data.amount);') })),
    // The exported processor is also called by a route, outside any job.
    unguarded(
      project('imported-called', {
        'jobs.ts': IMPORTED_PROCESSOR,
        'worker.ts': PASSES_IMPORTED,
        'server.ts': route('await processJob({ data: { userId: req.params.id, amount: 5 } });', "import { processJob } from './jobs';\n"),
      }),
    ),
    // A second caller outside the worker: an HTTP route withdraws too.
    unguarded(project('route-caller', { 'worker.ts': worker(), 'server.ts': route('await withdraw(req.params.id, Number(req.body.amount));', "import { withdraw } from './wallet';\n") })),
    // A second writer of the balance outside the worker: a route that lowers it (another path keeps the report).
    unguarded(
      project('route-writer', {
        'worker.ts': worker(),
        'server.ts': route('await prisma.user.update({ where: { id: req.params.id }, data: { balance: { decrement: Number(req.body.fee) } } });'),
      }),
    ),
    // Another worker (its own queue, one job at a time too) lowers the same balance: the two queues run side by side.
    unguarded(
      project('other-queue', {
        'worker.ts': worker(),
        'fees.ts': "import { Worker } from 'bullmq';\nimport { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nnew Worker('fees', async (job) => {\n  await prisma.user.update({ where: { id: job.data.userId }, data: { balance: { set: 0 } } });\n}, { connection: {} });\n",
      }),
    ),
    // NestJS with `concurrency: 5` on the processor.
    unguarded(project('nest-host-five', { 'consumer.ts': nestHost(', { concurrency: 5 }'), 'module.ts': NEST_HOST_MODULE }, NEST_WALLET), 10),
  ],
});
