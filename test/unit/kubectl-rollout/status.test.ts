import { describe, expect, test } from '@jest/globals';
import type * as k8s from '@kubernetes/client-node';
import { rollbackPatch, recordPrevious } from '../../../src/kubectl-rollout/rollback.js';
import { isCurrentPod, podProblemOf, selectorString, verdictOf } from '../../../src/kubectl-rollout/status.js';

const deployment = (status: k8s.V1DeploymentStatus, generation = 2, replicas = 3): k8s.V1Deployment => ({
  metadata: { generation },
  spec: { replicas, selector: {}, template: {} },
  status: { observedGeneration: 2, ...status },
});

describe('Deployment verdicts (kubectl rollout status rules)', () => {
  test.each([
    ['the controller has not seen the new spec', deployment({ observedGeneration: 1 }), 'progressing'],
    ['updated < wanted', deployment({ updatedReplicas: 1, replicas: 3 }), 'progressing'],
    [
      'old replicas pending termination',
      deployment({ updatedReplicas: 3, replicas: 4, availableReplicas: 3 }),
      'progressing',
    ],
    ['updated not yet available', deployment({ updatedReplicas: 3, replicas: 3, availableReplicas: 2 }), 'progressing'],
    ['done', deployment({ updatedReplicas: 3, replicas: 3, availableReplicas: 3 }), 'ready'],
    [
      'ProgressDeadlineExceeded',
      deployment({
        updatedReplicas: 1,
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: 'ReplicaSet "web-1" has timed out progressing.',
          },
        ],
      }),
      'failed',
    ],
    ['scaled to zero', deployment({}, 2, 0), 'ready'],
  ])('%s -> %s', (_name, d, state) => {
    expect(verdictOf('Deployment', d).state).toBe(state);
  });

  test('the failure carries the reason and the controller message', () => {
    const d = deployment({
      conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'timed out' }],
    });
    expect(verdictOf('Deployment', d)).toEqual({
      state: 'failed',
      reason: 'ProgressDeadlineExceeded',
      message: 'timed out',
    });
  });
});

describe('StatefulSet and DaemonSet verdicts', () => {
  const sts = (spec: Partial<k8s.V1StatefulSetSpec>, status: Partial<k8s.V1StatefulSetStatus>): k8s.V1StatefulSet => ({
    metadata: { generation: 1 },
    spec: { replicas: 2, selector: {}, serviceName: 's', template: {}, ...spec },
    status: { observedGeneration: 1, replicas: 2, ...status },
  });
  test.each([
    ['OnDelete needs no wait', sts({ updateStrategy: { type: 'OnDelete' } }, { observedGeneration: 0 }), 'ready'],
    ['not ready', sts({}, { readyReplicas: 1 }), 'progressing'],
    ['revision still rolling', sts({}, { readyReplicas: 2, currentRevision: 'a', updateRevision: 'b' }), 'progressing'],
    ['done', sts({}, { readyReplicas: 2, currentRevision: 'b', updateRevision: 'b' }), 'ready'],
    [
      'partition above the updated pods',
      sts(
        { replicas: 3, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } },
        { readyReplicas: 3, updatedReplicas: 1 },
      ),
      'progressing',
    ],
    [
      'partition reached',
      sts(
        { replicas: 3, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } },
        { readyReplicas: 3, updatedReplicas: 2 },
      ),
      'ready',
    ],
  ])('StatefulSet: %s', (_name, s, state) => {
    expect(verdictOf('StatefulSet', s).state).toBe(state);
  });

  const ds = (status: Partial<k8s.V1DaemonSetStatus>): k8s.V1DaemonSet => ({
    metadata: { generation: 3 },
    spec: { selector: {}, template: {} },
    status: {
      observedGeneration: 3,
      currentNumberScheduled: 2,
      desiredNumberScheduled: 2,
      numberMisscheduled: 0,
      numberReady: 2,
      ...status,
    },
  });
  test.each([
    ['not all updated', ds({ updatedNumberScheduled: 1, numberAvailable: 2 }), 'progressing'],
    ['updated but unavailable', ds({ updatedNumberScheduled: 2, numberAvailable: 1 }), 'progressing'],
    ['done', ds({ updatedNumberScheduled: 2, numberAvailable: 2 }), 'ready'],
    ['old generation', ds({ observedGeneration: 2, updatedNumberScheduled: 2, numberAvailable: 2 }), 'progressing'],
  ])('DaemonSet: %s', (_name, d, state) => {
    expect(verdictOf('DaemonSet', d).state).toBe(state);
  });
});

describe('pod states that fail a rollout at once', () => {
  const pod = (statuses: k8s.V1ContainerStatus[], init: k8s.V1ContainerStatus[] = []): k8s.V1Pod => ({
    metadata: { name: 'web-1' },
    status: { containerStatuses: statuses, initContainerStatuses: init },
  });
  const status = (s: Partial<k8s.V1ContainerStatus>): k8s.V1ContainerStatus => ({
    name: 'app',
    image: 'x',
    imageID: '',
    ready: false,
    restartCount: 0,
    ...s,
  });

  test.each([
    'CrashLoopBackOff',
    'ImagePullBackOff',
    'ErrImagePull',
    'CreateContainerConfigError',
    'CreateContainerError',
    'InvalidImageName',
  ])('%s', (reason) => {
    expect(podProblemOf(pod([status({ state: { waiting: { reason, message: 'm' } } })]))).toEqual({
      pod: 'web-1',
      container: 'app',
      reason,
      message: 'm',
    });
  });

  test('OOMKilled, now or in the last run; an init container counts', () => {
    expect(
      podProblemOf(pod([status({ lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } } })]))?.reason,
    ).toBe('OOMKilled');
    expect(
      podProblemOf(pod([], [status({ name: 'init', state: { terminated: { exitCode: 137, reason: 'OOMKilled' } } })]))
        ?.container,
    ).toBe('init');
  });

  test.each([
    ['ContainerCreating', { waiting: { reason: 'ContainerCreating' } }],
    ['running', { running: {} }],
    ['completed', { terminated: { exitCode: 0, reason: 'Completed' } }],
  ])('%s is no problem', (_name, state) => {
    expect(podProblemOf(pod([status({ state })]))).toBeUndefined();
  });

  test('old pods do not fail a rollout: StatefulSets by revision, DaemonSets by generation, Deployments by ReplicaSet', () => {
    const s: k8s.V1StatefulSet = { metadata: {}, status: { replicas: 1, updateRevision: 'web-2' } };
    expect(isCurrentPod('StatefulSet', s, { metadata: { labels: { 'controller-revision-hash': 'web-2' } } })).toBe(
      true,
    );
    expect(isCurrentPod('StatefulSet', s, { metadata: { labels: { 'controller-revision-hash': 'web-1' } } })).toBe(
      false,
    );
    const d: k8s.V1DaemonSet = { metadata: { generation: 4 } };
    expect(isCurrentPod('DaemonSet', d, { metadata: { labels: { 'pod-template-generation': '4' } } })).toBe(true);
    expect(isCurrentPod('DaemonSet', d, { metadata: { labels: { 'pod-template-generation': '3' } } })).toBe(false);
    expect(isCurrentPod('Deployment', {}, {})).toBe('ask-replicaset');
  });
});

test('label selectors as the API spells them', () => {
  expect(
    selectorString({
      matchLabels: { app: 'web', tier: 'front' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['a', 'b'] },
        { key: 'x', operator: 'NotIn', values: ['c'] },
        { key: 'y', operator: 'Exists' },
        { key: 'z', operator: 'DoesNotExist' },
      ],
    }),
  ).toBe('app=web,tier=front,env in (a,b),x notin (c),y,!z');
});

describe('rollback', () => {
  const target = { kind: 'Deployment' as const, name: 'web', namespace: 'shop' };
  const template = {
    metadata: { labels: { app: 'web' } },
    spec: { containers: [{ name: 'app', image: 'web@sha256:1' }] },
  };
  const live = {
    metadata: { annotations: { 'deployment.kubernetes.io/revision': '4', 'eks-delivery-actions/commit': 'old' } },
    spec: { template },
  };

  test('records the template, revision, images and the annotations this run sets', () => {
    expect(recordPrevious(target, live, ['eks-delivery-actions/commit', 'eks-delivery-actions/actor'])).toEqual({
      target,
      template,
      revision: '4',
      images: { app: 'web@sha256:1' },
      annotations: { 'eks-delivery-actions/commit': 'old', 'eks-delivery-actions/actor': undefined },
    });
    expect(recordPrevious(target, undefined, []).template).toBeUndefined();
  });

  test('the JSON patch puts the template and the annotations back, as kubectl rollout undo does', () => {
    const previous = recordPrevious(target, live, [
      'eks-delivery-actions/commit',
      'eks-delivery-actions/actor',
      'a/b~c',
    ]);
    const current = {
      metadata: {
        annotations: { 'eks-delivery-actions/commit': 'new', 'eks-delivery-actions/actor': 'me', 'a/b~c': 'x' },
      },
    };
    expect(rollbackPatch(previous, current)).toEqual([
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'add', path: '/metadata/annotations/eks-delivery-actions~1commit', value: 'old' },
      { op: 'remove', path: '/metadata/annotations/eks-delivery-actions~1actor' },
      { op: 'remove', path: '/metadata/annotations/a~1b~0c' },
    ]);
  });
});
