import type { z } from 'zod';

/** One request channel: a schema for its input (checked in main) and the type of its answer. */
export interface MethodDef<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  /** Type-only: never read at run time. */
  output: O;
}

/** `method(schema).returns<Answer>()` declares a channel. */
export function method<I extends z.ZodType>(input: I) {
  return {
    returns<O>(): MethodDef<I, O> {
      return { input, output: undefined as O };
    },
  };
}
