/** A hundred years: a longer TTL is surely a unit mistake. */
export const MAX_TTL_SECONDS = 100 * 366 * 24 * 60 * 60;
