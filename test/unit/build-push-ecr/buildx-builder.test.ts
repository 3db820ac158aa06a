import { describe, expect, test } from '@jest/globals';
import { parseBuildxInspect } from '../../../src/build-push-ecr/buildx-builder.js';

// `docker --debug buildx inspect` of buildx v0.38.2 against the local stack's dockerd 20.10 (docker driver,
// no containerd image store), as printed.
const dockerDriver = `Name:          default
Driver:        docker
Last Activity: 2026-11-22 18:23:29 +0000 UTC

Nodes:
Name:             default
Endpoint:         default
Status:           running
BuildKit version: v0.8+unknown
Platforms:        linux/amd64, linux/386
Features:
 Automatically load images to the Docker Engine image store: true
 Cache export:                                               false
 Direct push:                                                false
 Docker exporter:                                            false
 Multi-platform build:                                       false
 OCI exporter:                                               false
 Prefer image digest:                                        false
`;

// The same engine with the containerd image store: the docker driver then exports caches.
const containerdStore = dockerDriver.replace(/(Cache export|Multi-platform build):(\s+)false/g, '$1:$2true');

// A builder made by docker/setup-buildx-action.
const dockerContainer = `Name:          builder-3f2a
Driver:        docker-container
Last Activity: 2026-11-22 18:40:01 +0000 UTC

Nodes:
Name:                  builder-3f2a0
Endpoint:              unix:///var/run/docker.sock
Status:                running
BuildKit daemon flags: --allow-insecure-entitlement=network.host
BuildKit version:      v0.26.2
Platforms:             linux/amd64, linux/amd64/v2, linux/386
Features:
 Cache export:         true
 Direct push:          true
 Docker exporter:      true
 Multi-platform build: true
 OCI exporter:         true
`;

// buildx before 0.13 prints no Features.
const oldBuildx = (driver: string) => `Name:   default
Driver: ${driver}

Nodes:
Name:      default
Endpoint:  default
Status:    running
Platforms: linux/amd64
`;

describe('parseBuildxInspect', () => {
  test.each([
    { name: 'docker driver', text: dockerDriver, expected: ['default', 'docker', false, false] },
    { name: 'docker driver, containerd store', text: containerdStore, expected: ['default', 'docker', true, true] },
    { name: 'docker-container', text: dockerContainer, expected: ['builder-3f2a', 'docker-container', true, true] },
    { name: 'old buildx, docker driver', text: oldBuildx('docker'), expected: ['default', 'docker', false, false] },
    { name: 'old buildx, remote driver', text: oldBuildx('remote'), expected: ['default', 'remote', true, true] },
    {
      name: 'two nodes, one without cache export',
      text: `${dockerContainer}\nName: n2\n Cache export: false\n Multi-platform build: true\n`,
      expected: ['builder-3f2a', 'docker-container', false, true],
    },
  ])('$name', ({ text, expected }) => {
    const { name, driver, cacheExport, multiPlatform } = parseBuildxInspect(text);
    expect([name, driver, cacheExport, multiPlatform]).toEqual(expected);
  });
});
