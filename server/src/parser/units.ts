/**
 * The code units of `text`, in an array to read instead of the string. Reading a typed array is a bounds check
 * and a load; `charCodeAt` also finds out, at every call, how the string is stored (one or two bytes per
 * character, flat, sliced or joined), and a scanner reads each character at least once, many several times.
 * Node copies a string into UTF-16LE with one native copy (0.23 ms for the 1 MB bench document), viewed in
 * place as code units where the machine is little-endian (every platform Node ships for but a few); elsewhere,
 * and should the copy not start on an even byte, they are copied one by one.
 *
 * Past the end of the text, `units[i]` is undefined where `charCodeAt` gives NaN: both compare false with
 * every number, so a scanner's tests read the same of either.
 */
export function codeUnits(text: string): Uint16Array {
  if (LITTLE_ENDIAN) {
    const bytes = Buffer.from(text, 'utf16le');
    if ((bytes.byteOffset & 1) === 0) return new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1);
  }
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  return units;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Room for the code units of many texts read together (the strings of one JS/TS file), each one's a part of it
 * never handed out twice: a copy of its own for each of a file's hundreds of strings was an allocation outside
 * the JavaScript heap and a native call to make it, 3 % of opening 100 KB of TypeScript.
 */
export class UnitsRoom {
  private readonly bytes: Buffer | undefined;
  private readonly units: Uint16Array | undefined;
  private used = 0;

  /** Room for `total` code units. */
  constructor(total: number) {
    // From Node's pool when small (a keystroke parses one string again); a view of 16-bit units needs an even
    // offset (the pool's are).
    const bytes = LITTLE_ENDIAN ? Buffer.allocUnsafe(2 * total) : undefined;
    if (bytes === undefined || (bytes.byteOffset & 1) !== 0) return;
    this.bytes = bytes;
    this.units = new Uint16Array(bytes.buffer, bytes.byteOffset, total);
  }

  /** The code units of `text` (as `codeUnits` gives them), or undefined when no room is left. */
  take(text: string): Uint16Array | undefined {
    const { bytes, units, used } = this;
    if (units === undefined || used + text.length > units.length) return undefined;
    bytes!.write(text, 2 * used, 'utf16le');
    this.used = used + text.length;
    return units.subarray(used, used + text.length);
  }
}

/**
 * Code units of a text, possibly lent (`unitsOf`): `units` stay the text's while `lease` is 0 (units of their
 * own) or the room's latest lending (`isCurrent`).
 */
export interface LentUnits {
  units: Uint16Array;
  lease: number;
}

/**
 * Texts up to this many characters get code units of their own: a JS/TS or Python file's hundreds of strings,
 * each read again by the rules after all of them are parsed. Longer ones are lent one room, kept from text to
 * text: a copy of each in memory of its own cost more than reading from it saved (a fresh 10 MB for a 5 MB
 * document at every keystroke, which the system hands out page by page as each is first written).
 */
const OWN_LIMIT = 65_536;
/**
 * The room is kept up to this many code units: past the largest document checked by default (`maxFileSize`,
 * 20 MB: 21 M code units). A fresh 42 MB for the units of each parse of such a document was 8 000 page faults
 * (this machine's system takes ~3.5 µs for each), a sixth of the parse. A longer text's units are its own.
 */
const ROOM_LIMIT = 24_000_000;
/**
 * A room for more code units than this is let go once no text has been lent it for `IDLE_MS`: the largest
 * document's 42 MB is not held for good after it is closed. Up to it (16 MB, a text of 8 M code units), kept.
 */
const KEPT_ROOM = 8_000_000;
const IDLE_MS = 30_000;
let room: Buffer | undefined;
let lendings = 0;
let release: ReturnType<typeof setTimeout> | undefined;

/** The code units of `text` (as `codeUnits` gives them): in the room, when the text is long, until it is lent again. */
export function unitsOf(text: string): LentUnits {
  if (!LITTLE_ENDIAN || text.length <= OWN_LIMIT || text.length > ROOM_LIMIT) return { units: codeUnits(text), lease: 0 };
  if (room === undefined || room.length < text.length * 2) room = Buffer.allocUnsafeSlow(text.length * 2);
  room.write(text, 0, 'utf16le');
  if (room.length > KEPT_ROOM * 2) {
    clearTimeout(release);
    release = setTimeout(letRoomGo, IDLE_MS);
    release.unref?.();
  }
  return { units: new Uint16Array(room.buffer, room.byteOffset, text.length), lease: ++lendings };
}

/**
 * Lets the room go. Units lent last stay their text's (no text is written over them now): a tree still open
 * keeps its memory alive, which is let go with the tree.
 */
function letRoomGo(): void {
  room = undefined;
  release = undefined;
}

/** Are units lent with `lease` still what they were (the room not lent again since)? */
export function isCurrent(lease: number): boolean {
  return lease === 0 || lease === lendings;
}
