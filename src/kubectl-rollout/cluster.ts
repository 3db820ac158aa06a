import * as core from '@actions/core';
import type * as k8s from '@kubernetes/client-node';
import type { AwsSession } from '../../action-helpers/aws.js';
import { ActionFailure, messageOf } from '../../action-helpers/errors.js';
import { describeEksCluster, eksKubeconfig } from '../../action-helpers/kube.js';
import type { Inputs } from './inputs.js';

export interface Cluster {
  kubeconfig: k8s.KubeConfig;
  /** What evidence and the summary call the cluster: the EKS cluster name or the kubeconfig context. */
  name: string;
  server: string;
  /** The namespace of the kubeconfig's context, when it names one. */
  contextNamespace?: string;
  dispose: () => void;
}

/** The cluster the inputs name: EKS through its API and the job's AWS credentials, or the kubeconfig. */
export async function connectCluster(inputs: Inputs, session: AwsSession | undefined): Promise<Cluster> {
  const { access } = inputs;
  if (access.kind === 'kubeconfig') {
    const kc = access.kubeconfig;
    return {
      kubeconfig: kc,
      name: access.context,
      server: kc.getCurrentCluster()?.server ?? '',
      contextNamespace: kc.getContextObject(kc.getCurrentContext())?.namespace,
      dispose: () => undefined,
    };
  }
  if (!session) throw new Error('EKS access needs an AWS session');
  let eks;
  try {
    eks = await describeEksCluster(session, access.clusterName);
  } catch (err) {
    if ((err as Error).name === 'ResourceNotFoundException') {
      throw new ActionFailure(
        `EKS cluster ${access.clusterName} does not exist in ${session.region} (or these credentials cannot see it).`,
        'cluster-unreachable',
        { cause: err },
      );
    }
    throw err;
  }
  if (!eks.endpoint || !['ACTIVE', 'UPDATING'].includes(eks.status)) {
    throw new ActionFailure(
      `EKS cluster ${access.clusterName} is ${eks.status}${eks.endpoint ? '' : ' with no endpoint'}: it cannot take a rollout.`,
      'cluster-unreachable',
    );
  }
  const eksAccess = await eksKubeconfig(session, eks);
  core.info(
    `EKS cluster ${eks.name} (Kubernetes ${eks.version ?? '?'}) at ${eks.endpoint}; kubeconfig ${eksAccess.file} (mode 0600, removed at the end)`,
  );
  return {
    kubeconfig: eksAccess.kubeconfig,
    name: eks.name,
    server: eks.endpoint,
    dispose: () => {
      try {
        eksAccess.dispose();
      } catch (err) {
        core.warning(`Could not remove ${eksAccess.file}: ${messageOf(err)}`);
      }
    },
  };
}
