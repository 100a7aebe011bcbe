import { directorySuite } from './directory.ts';
import { encryptionSuite } from './encryption.ts';
import { extensionSuite } from './extension.ts';
import { gatewaySuite } from './gateway.ts';
import { mailSuite } from './mail.ts';
import type { BenchRow } from './report.ts';
import { scaleSuite } from './scale.ts';
import { sizeSuite } from './size.ts';
import { startupSuite } from './startup.ts';

export type { BenchRow };

export interface BenchSuite {
  name: string;
  run(): Promise<BenchRow[]>;
}

/** Every suite of `npm run bench`, in order. */
export const SUITES: BenchSuite[] = [
  sizeSuite,
  startupSuite,
  mailSuite,
  encryptionSuite,
  scaleSuite,
  directorySuite,
  gatewaySuite,
  extensionSuite,
];
