/**
 * The recordings a simulated `<Record>` makes: the platform hands the action a `RecordingUrl` that can be
 * downloaded with a plain GET, so the simulator serves one itself, on 127.0.0.1, for as long as the call runs.
 * Each recording is silence of its duration (8 kHz 16-bit mono PCM WAV), streamed in pieces so a long
 * `maxLength` costs no memory.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

const RATE = 8000;
const BYTES_PER_SAMPLE = 2;
const CHUNK = 16 * 1024;

export class RecordingServer {
  private server: http.Server | undefined;
  private port = 0;
  private readonly recordings = new Map<string, number>();

  /** Registers a recording of `seconds` and returns its URL (starting the server on first use). */
  async add(callId: string, seconds: number): Promise<string> {
    if (!this.server) await this.start();
    const path = `/recordings/${encodeURIComponent(callId)}/${this.recordings.size + 1}.wav`;
    this.recordings.set(path, seconds);
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async start(): Promise<void> {
    const server = http.createServer((request, response) => {
      const seconds = this.recordings.get(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
      if (seconds === undefined || (request.method !== 'GET' && request.method !== 'HEAD')) {
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end('no such recording\n');
        return;
      }
      const dataBytes = Math.round(seconds * RATE) * BYTES_PER_SAMPLE;
      response.writeHead(200, { 'Content-Type': 'audio/wav', 'Content-Length': 44 + dataBytes });
      if (request.method === 'HEAD') return void response.end();
      response.write(wavHeader(dataBytes));
      let left = dataBytes;
      const silence = Buffer.alloc(CHUNK);
      const pump = (): void => {
        while (left > 0) {
          const n = Math.min(CHUNK, left);
          left -= n;
          if (!response.write(n === CHUNK ? silence : silence.subarray(0, n))) return void response.once('drain', pump);
        }
        response.end();
      };
      pump();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    // The call's end closes it; until then it must not keep a finished process alive on its own.
    server.unref();
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }
}

/** The 44-byte header of a PCM WAV file holding `dataBytes` of 8 kHz 16-bit mono samples. */
function wavHeader(dataBytes: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * BYTES_PER_SAMPLE, 28);
  header.writeUInt16LE(BYTES_PER_SAMPLE, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}
