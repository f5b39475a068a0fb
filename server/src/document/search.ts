/** Binary search over things in order of an offset (templates, URLs, spans by their start). */

/**
 * How many of the first `length` items, in order of `at(i)`, come before `offset`: `at(i) < offset`, or with
 * `orAt` also `at(i) === offset`. The index of the first item at (or after) `offset`.
 */
export function countBefore(length: number, at: (i: number) => number, offset: number, orAt = false): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const value = at(mid);
    if (value < offset || (orAt && value === offset)) low = mid + 1;
    else high = mid;
  }
  return low;
}
