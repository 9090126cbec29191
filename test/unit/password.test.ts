/**
 * Password hashing (issue #10 item 4): scrypt runs off the event loop, so other requests are
 * served while a login is checked; hashes are salted and verify only the right password.
 */
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/app/auth.js';

describe('password hashing', () => {
  it('verifies the right password only; two hashes of one password differ (salt)', async () => {
    const a = await hashPassword('correct paard batterij');
    const b = await hashPassword('correct paard batterij');
    expect(a).toMatch(/^scrypt\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct paard batterij', a)).toBe(true);
    expect(await verifyPassword('correct paard batterijen', a)).toBe(false);
    expect(await verifyPassword('x', 'md5$abc$def')).toBe(false);
  });

  it('does not block the event loop: a callback queued after the call runs before the check finishes', async () => {
    const stored = await hashPassword('geheim-wachtwoord');
    const order: string[] = [];
    const check = verifyPassword('geheim-wachtwoord', stored).then(() => order.push('verified'));
    setImmediate(() => order.push('event loop free'));
    await check;
    // With scryptSync the work happens inside the call and 'verified' comes first.
    expect(order).toEqual(['event loop free', 'verified']);
  });
});
