import type { z } from 'zod';

export interface Operation<Req extends z.ZodType, Res extends z.ZodType> {
  request: Req;
  response: Res;
  /** True when the operation changes the catalogue; a front end may open a catalogue lazily for reads. */
  writes: boolean;
}

export const read = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): Operation<Req, Res> => ({
  request,
  response,
  writes: false,
});

export const write = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): Operation<Req, Res> => ({
  request,
  response,
  writes: true,
});
