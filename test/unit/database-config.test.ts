/** Issue #14 "many users": the PostgreSQL pool size and the read replica come from configuration. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POOL_SIZE, defaultOpenOptions, poolSizeFrom } from '../../src/db/database.js';

describe('database configuration (DATABASE_POOL_SIZE, DATABASE_READ_URL)', () => {
  it('uses 10 connections per pool when DATABASE_POOL_SIZE is not set', () => {
    expect(DEFAULT_POOL_SIZE).toBe(10);
    expect(poolSizeFrom(undefined)).toBe(10);
    expect(poolSizeFrom('')).toBe(10);
  });
  it('takes a whole number from DATABASE_POOL_SIZE', () => {
    expect(poolSizeFrom('40')).toBe(40);
    expect(defaultOpenOptions({ DATABASE_URL: 'postgres://x@h/db', DATABASE_POOL_SIZE: '25' }).poolSize).toBe(25);
  });
  it('refuses a pool size that is not a whole number 1..1000', () => {
    for (const bad of ['0', '-3', '2.5', 'tien', '1001']) expect(() => poolSizeFrom(bad)).toThrow(/DATABASE_POOL_SIZE/);
  });
  it('passes DATABASE_READ_URL as the read replica, and none when it is empty', () => {
    expect(defaultOpenOptions({ DATABASE_URL: 'postgres://x@h/db', DATABASE_READ_URL: 'postgres://x@replica/db' }).readUrl).toBe('postgres://x@replica/db');
    expect(defaultOpenOptions({ DATABASE_URL: 'postgres://x@h/db', DATABASE_READ_URL: '' }).readUrl).toBeUndefined();
  });
});
