import * as z from './zod.js';

// DynamoDB keeps numbers of magnitude 1e-130 to about 1e126; a smaller one other than 0 fails the
// write (a 500 after validation had passed, found by the hostile-input fuzzer). Input numbers that
// are stored are held to that range here, where the field can still be named.
export const MIN_STORABLE_MAGNITUDE = 1e-130;

export const storableNumber = z.refine<number>(
  (value: number) => value === 0 || Math.abs(value) >= MIN_STORABLE_MAGNITUDE,
  `must be 0 or of magnitude at least ${MIN_STORABLE_MAGNITUDE}`,
);
