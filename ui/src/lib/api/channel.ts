// The generated command functions take a callback where a command takes a Tauri channel.
import { Channel } from "@tauri-apps/api/core";

/** A channel delivering each message to `listener`. */
export function channel<T>(listener: (message: T) => void): Channel<T> {
  const channel = new Channel<T>();
  channel.onmessage = listener;
  return channel;
}
