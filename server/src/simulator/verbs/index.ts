/** Every verb's behaviour, by element name: one file each. */
import { connect } from './connect';
import { dial } from './dial';
import { gather } from './gather';
import { hangup } from './hangup';
import { pause } from './pause';
import { play } from './play';
import { record } from './record';
import { redirect } from './redirect';
import { reject } from './reject';
import { say } from './say';
import type { VerbBehaviour } from './verb';

export const VERBS: Readonly<Record<string, VerbBehaviour>> = {
  Say: say,
  Play: play,
  Pause: pause,
  Gather: gather,
  Record: record,
  Dial: dial,
  Connect: connect,
  Redirect: redirect,
  Hangup: hangup,
  Reject: reject,
};

export type { VerbBehaviour, VerbContext, VerbOutcome } from './verb';
export { DIAL_OUTCOMES } from './dial';
