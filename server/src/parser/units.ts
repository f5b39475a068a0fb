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
