/**
 * The memory of our WebAssembly instances (the quick parser's, `quick.ts`, and the JS/TS scan's,
 * `hosts/javascript/scan.ts`): grown to what a text needs, and let go with its instance once no text was read
 * for a while — WebAssembly memory is never given back while its instance lives.
 */

/** A `WebAssembly.Memory`, as far as it is used. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** Grows `memory` to `size` bytes (more than the system will give: wasm32 stops at 4 GB); false when it cannot be had. */
export function grown(memory: WasmMemory, size: number): boolean {
  if (memory.buffer.byteLength >= size) return true;
  try {
    memory.grow(Math.ceil((size - memory.buffer.byteLength) / 65536));
    return true;
  } catch {
    return false;
  }
}

/** `bytes` rounded up to a multiple of 8. */
export function align(bytes: number): number {
  return (bytes + 7) & ~7;
}

/** How long an instance with more than `KEPT_MEMORY` stays once nothing was read. */
const IDLE_MS = 30_000;
/** Memory kept while idle: up to this many bytes, an instance stays (a text of some 500 000 characters). */
const KEPT_MEMORY = 16 * 1024 * 1024;

/**
 * What to call after each use of an instance whose memory is `memory`: when it holds more than `KEPT_MEMORY`,
 * `release` (which lets the instance go) runs once nothing was read for `IDLE_MS`.
 */
export function releaseWhenIdle(release: () => void): (memory: WasmMemory) => void {
  let idle: ReturnType<typeof setTimeout> | undefined;
  return (memory) => {
    if (memory.buffer.byteLength <= KEPT_MEMORY) return;
    clearTimeout(idle);
    idle = setTimeout(() => {
      idle = undefined;
      release();
    }, IDLE_MS);
    idle.unref?.();
  };
}
