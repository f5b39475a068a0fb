/** The thread that reads files ahead of the checking (see `readAhead.ts`): built as `reader.js`, beside the CLI. */
import { runReader } from './readAhead';

runReader();
