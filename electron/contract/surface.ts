import type { ChannelName, EventName } from './channels';
import type { Result } from './result';
import type { ChannelArg, ChannelResult, EventPayload } from './schemas';

type Namespace = ChannelName extends `${infer N}.${string}` ? N : never;

type Method<C extends ChannelName> =
  undefined extends ChannelArg<C>
    ? () => Promise<Result<ChannelResult<C>>>
    : (arg: ChannelArg<C>) => Promise<Result<ChannelResult<C>>>;

/** The typed `window.rotor` object, derived from the channel and event maps. */
export type RotorApi = {
  readonly [N in Namespace]: {
    readonly [C in ChannelName as C extends `${N}.${infer M}` ? M : never]: Method<C>;
  };
} & {
  readonly [E in EventName as `on${Capitalize<E>}`]: (
    listener: (payload: EventPayload<E>) => void,
  ) => () => void;
};
