import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl, redactDatabaseUrl } from '../../src/store/database-url.js';

describe('parseDatabaseUrl', () => {
  it('resolves a relative sqlite path against the current directory', () => {
    expect(parseDatabaseUrl('sqlite:./data/mlobs.db')).toEqual({
      dialect: 'sqlite',
      path: resolve('data/mlobs.db'),
    });
  });

  it('accepts sqlite:///absolute/path and sqlite::memory:', () => {
    expect(parseDatabaseUrl('sqlite:///var/lib/mlobs/mlobs.db')).toEqual({
      dialect: 'sqlite',
      path: '/var/lib/mlobs/mlobs.db',
    });
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ dialect: 'sqlite', path: ':memory:' });
  });

  it('refuses sqlite: without a path', () => {
    expect(() => parseDatabaseUrl('sqlite:')).toThrow('DATABASE_URL "sqlite:" has no file path');
  });

  it('passes a postgres URL through unchanged when it has no schema parameter', () => {
    for (const url of ['postgres://mlobs:pw@db:5432/mlobs?sslmode=require', 'postgresql://db/mlobs']) {
      expect(parseDatabaseUrl(url)).toEqual({ dialect: 'postgres', connectionString: url, schema: null });
    }
  });

  it('takes the schema parameter out of the URL handed to pg', () => {
    expect(parseDatabaseUrl('postgres://mlobs@db/mlobs?schema=mlobs_x&sslmode=require')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgres://mlobs@db/mlobs?sslmode=require',
      schema: 'mlobs_x',
    });
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => parseDatabaseUrl('postgres://db/mlobs?schema=x";drop')).toThrow(/invalid schema/);
  });

  it('refuses other databases, naming the URL without its password', () => {
    expect(() => parseDatabaseUrl('mysql://root:hunter2@db/mlobs')).toThrow(
      'DATABASE_URL "mysql://root:***@db/mlobs" is not supported (use sqlite:PATH or postgres://…)',
    );
  });
});

describe('redactDatabaseUrl', () => {
  it('replaces the password in the userinfo and in query parameters', () => {
    expect(redactDatabaseUrl('postgres://mlobs:s3cret@db:5432/mlobs')).toBe('postgres://mlobs:***@db:5432/mlobs');
    expect(redactDatabaseUrl('postgres://db/mlobs?password=s3cret')).toBe('postgres://db/mlobs?password=***');
  });

  it('leaves a URL without a password as it is', () => {
    expect(redactDatabaseUrl('postgres://mlobs@db/mlobs')).toBe('postgres://mlobs@db/mlobs');
    expect(redactDatabaseUrl('sqlite:./data/mlobs.db')).toBe('sqlite:./data/mlobs.db');
  });
});
