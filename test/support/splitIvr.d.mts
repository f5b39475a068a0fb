/** The reference's IVR example split over two files: `app.js` and `routes/ivr.js`. */
export function splitIvr(reference?: string): Record<string, string>;
