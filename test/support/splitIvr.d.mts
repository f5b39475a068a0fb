/** The reference's IVR example split over two files: `app.js` and `routes/ivr.js`. */
export function splitIvr(): Record<string, string>;
