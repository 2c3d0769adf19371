/**
 * The tag hashed before a value wherever values are hashed by type (delta ids, the diff
 * engine's column hashes): values of different types never hash alike, `"1"` and `1` say.
 */
export const TAG_NULL = 0;
export const TAG_STRING = 1;
export const TAG_NUMBER = 2;
export const TAG_TRUE = 3;
export const TAG_FALSE = 4;
/** Anything else (objects, arrays, bigints, Dates): its canonical JSON as text. */
export const TAG_JSON = 5;
