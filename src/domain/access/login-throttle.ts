/**
 * Login throttling (issue #10 "Trust", item 4): pure rule over the failed logins of the last
 * window, time passed in. A successful login is never a failure, so the counters of one address
 * cannot lock an account out for somebody logging in from another address.
 */

export const THROTTLE = {
  /** Failures counted: those of the last 15 minutes. */
  windowMs: 15 * 60_000,
  /** After this many failures for one account from one address, the next attempt waits. */
  accountFailures: 5,
  /** The first wait; it doubles with every further failure ... */
  firstDelayMs: 60_000,
  /** ... up to 15 minutes. */
  maxDelayMs: 15 * 60_000,
  /** After this many failures from one address (any account), the address waits for every account. */
  addressFailures: 100,
} as const;

export interface FailureCounts {
  /** Failure times (ms) of this account from this address within the window. */
  account: readonly number[];
  /** Failure times (ms) from this address within the window (every account). */
  address: readonly number[];
}

/** Seconds the client must wait before it may try again, or null when it may try now. */
export function retryAfterSeconds(f: FailureCounts, nowMs: number, policy = THROTTLE): number | null {
  const since = nowMs - policy.windowMs;
  const account = f.account.filter((t) => t > since).sort((a, b) => b - a);
  const address = f.address.filter((t) => t > since).sort((a, b) => b - a);
  let until = 0;
  if (account.length >= policy.accountFailures) {
    const delay = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (account.length - policy.accountFailures));
    until = Math.max(until, account[0]! + delay);
  }
  if (address.length >= policy.addressFailures) {
    // The address is free again once fewer than `addressFailures` fall within the window.
    until = Math.max(until, address[policy.addressFailures - 1]! + policy.windowMs);
  }
  return until > nowMs ? Math.ceil((until - nowMs) / 1000) : null;
}
