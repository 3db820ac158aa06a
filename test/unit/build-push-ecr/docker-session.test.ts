import { afterEach, describe, expect, test } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DockerSession } from '../../../src/build-push-ecr/docker-builder.js';

const saved = { DOCKER_CONFIG: process.env.DOCKER_CONFIG, BUILDX_CONFIG: process.env.BUILDX_CONFIG };
afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('DockerSession', () => {
  test("a config of the step's own that still finds the user's plugins, builders and context, and is deleted after", () => {
    const user = mkdtempSync(path.join(tmpdir(), 'bpe-user-docker-'));
    for (const dir of ['cli-plugins', 'contexts', 'buildx']) mkdirSync(path.join(user, dir));
    writeFileSync(
      path.join(user, 'config.json'),
      JSON.stringify({ currentContext: 'ci', auths: { 'x.io': { auth: 'secret' } } }),
    );
    process.env.DOCKER_CONFIG = user;
    delete process.env.BUILDX_CONFIG;

    const session = new DockerSession();
    expect(session.dir).not.toBe(user);
    expect(session.env).toEqual({ DOCKER_CONFIG: session.dir, BUILDX_CONFIG: path.join(user, 'buildx') });
    expect(readlinkSync(path.join(session.dir, 'cli-plugins'))).toBe(path.join(user, 'cli-plugins'));
    expect(readlinkSync(path.join(session.dir, 'contexts'))).toBe(path.join(user, 'contexts'));
    // The context carries over; the user's stored logins do not.
    expect(JSON.parse(readFileSync(path.join(session.dir, 'config.json'), 'utf8'))).toEqual({ currentContext: 'ci' });
    session.dispose();
    expect(existsSync(session.dir)).toBe(false);
    expect(existsSync(path.join(user, 'cli-plugins'))).toBe(true);
  });
});
