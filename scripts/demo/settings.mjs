// The demo's machinery (scripts/demo.mjs reads as the story; this is how each step is done):
// tools and the local stack, the slim copy of the suite act maps to `acme-platform/eks-delivery-actions@v1`,
// the files act reads its environment, secrets and variables from, and the final status table.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The name the sample service's workflow uses for this repository; act maps it to the checkout. */
export const suiteRepository = 'acme-platform/eks-delivery-actions';

const actions = [
  'detect-changed-paths',
  'build-push-ecr',
  'scan-image',
  'terraform-plan-apply',
  'kubectl-rollout',
  'promote-environment',
];
const repository = 'hello-service/hello';
const stateBucket = 'hello-service-demo-state';
const region = 'us-east-1';

/**
 * act copies the whole mapped folder for every remote action step: map it to a copy holding only
 * what a workflow run reads (each action's folder, the bundles, the workflows), not node_modules.
 */
export function prepareSuite(root, dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const action of actions) {
    cpSync(path.join(root, action), path.join(dir, action), { recursive: true });
    cpSync(path.join(root, 'dist', action), path.join(dir, 'dist', action), { recursive: true });
  }
  cpSync(path.join(root, '.github/workflows'), path.join(dir, '.github/workflows'), { recursive: true });
}

/** Builds or finds every tool, starts the stack, and returns what the rest of the demo needs. */
export async function demoSettings(root, check) {
  const script = (name, ...argv) =>
    check('bash', [path.join(root, 'scripts', name), ...argv], { stdio: ['ignore', 'pipe', 'inherit'] }).then((out) =>
      out.trim().split('\n').pop(),
    );
  const node24 = await script('ensure-node24.sh');
  const tofu = await script('ensure-tofu.sh');
  const providerMirror = await script('ensure-tf-provider-kubernetes.sh');
  const act = await script('ensure-act.sh');
  await check('bash', [path.join(root, 'scripts/local-stack.sh'), 'up', 'aws', 'registry', 'docker', 'kube']);
  const stackEnv = parseExports(
    await check('bash', [path.join(root, 'scripts/local-stack.sh'), 'env', 'aws', 'registry', 'docker', 'kube'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const stackState = process.env.STACK_STATE || '/tmp/eks-suite-stack';
  const env = {
    ...stackEnv,
    // act runs node24 actions with the first `node` on PATH; terraform-plan-apply finds tofu on PATH.
    PATH: [path.dirname(node24), path.dirname(tofu), process.env.PATH].join(':'),
  };
  const aws = await awsClients(root, env);
  // Providers cannot be downloaded here: terraform and tofu install the Kubernetes provider from the mirror.
  const providerConfig = path.join(stackState, 'demo-tf-cli.tfrc');
  writeFileSync(
    providerConfig,
    `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(providerMirror)}\n  }\n}\n`,
  );

  return {
    env,
    stackState,
    act,
    prepareAws: () => aws.ensureBucket(stateBucket),
    /** Whether the stack still holds an earlier delivery (a restarted stack starts from nothing). */
    deliveredBefore: () => aws.repositoryExists(repository),
    actFiles(dir, { stages, runNumber, tokenUrl }) {
      const files = {
        env: path.join(dir, 'act.env'),
        secrets: path.join(dir, 'act.secrets'),
        vars: path.join(dir, 'act.vars'),
      };
      writeDotenv(files.env, {
        ...stackEnv,
        PATH: env.PATH,
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
        // The Kubernetes provider of the sample's Terraform reads the cluster from here.
        KUBE_CONFIG_PATH: stackEnv.KUBECONFIG,
        TF_CLI_CONFIG_FILE: providerConfig,
        ACTIONS_ID_TOKEN_REQUEST_URL: tokenUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'local-demo',
        GITHUB_RUN_ID: String(1000 + runNumber),
        GITHUB_RUN_NUMBER: String(runNumber),
        GITHUB_SERVER_URL: 'https://github.com',
      });
      writeDotenv(files.secrets, { KUBECONFIG: readFileSync(stackEnv.KUBECONFIG, 'utf8') }, 0o600);
      writeDotenv(files.vars, {
        AWS_REGION: region,
        STATE_BUCKET: stateBucket,
        DEPLOY_ROLE_ARN: 'arn:aws:iam::123456789012:role/hello-service-deploy',
        PIPELINE_STAGES: stages,
        LOCAL_REGISTRY: stackEnv.LOCAL_REGISTRY,
        CLUSTERS: '{}',
        // moto's S3 needs path-style requests; the endpoint comes from AWS_ENDPOINT_URL.
        TF_BACKEND_CONFIG: [
          `bucket=${stateBucket}`,
          'key=hello-service/terraform.tfstate',
          `region=${region}`,
          'use_lockfile=true',
          'use_path_style=true',
          'skip_credentials_validation=true',
          'skip_requesting_account_id=true',
        ].join('\n'),
      });
      return files;
    },
    printStatus: (style) => printStatus(stackEnv, style, check),
  };
}

function parseExports(text) {
  const env = {};
  for (const line of text.split('\n')) {
    const m = /^export ([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2].replace(/^"(.*)"$/, '$1');
  }
  return env;
}

/** act reads these files with godotenv: double quotes, with \n for newlines, keep any value whole. */
function writeDotenv(file, values, mode = 0o644) {
  const lines = Object.entries(values).map(
    ([k, v]) => `${k}="${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  writeFileSync(file, `${lines.join('\n')}\n`, { mode });
}

async function awsClients(root, env) {
  const require = createRequire(path.join(root, 'package.json'));
  const { S3Client, CreateBucketCommand, PutBucketVersioningCommand } = require('@aws-sdk/client-s3');
  const ecrModule = require('@aws-sdk/client-ecr');
  const config = {
    region,
    endpoint: env.AWS_ENDPOINT_URL,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
    forcePathStyle: true,
  };
  const s3 = new S3Client(config);
  const ecr = new ecrModule.ECRClient(config);
  return {
    async ensureBucket(bucket) {
      try {
        await s3.send(new CreateBucketCommand({ Bucket: bucket }));
        await s3.send(
          new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
        );
      } catch (err) {
        if (!['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes(err.name)) throw err;
      }
    },
    async repositoryExists(name) {
      try {
        await ecr.send(new ecrModule.DescribeRepositoriesCommand({ repositoryNames: [name] }));
        return true;
      } catch (err) {
        if (err.name === 'RepositoryNotFoundException') return false;
        throw err;
      }
    },
  };
}

/** The release evidence recorded beside a digest, read straight from the registry (OCI referrers). */
async function evidenceOf(registry, digest) {
  const base = `http://${registry}/v2/${repository}`;
  const get = async (url, accept) => {
    const res = await fetch(url, { headers: { accept }, signal: AbortSignal.timeout(10_000) });
    return res.ok ? res.json() : undefined;
  };
  const index =
    (await get(`${base}/referrers/${digest}`, 'application/vnd.oci.image.index.v1+json')) ??
    (await get(`${base}/manifests/${digest.replace(':', '-')}`, 'application/vnd.oci.image.index.v1+json'));
  const records = [];
  for (const descriptor of index?.manifests ?? []) {
    const manifest = await get(`${base}/manifests/${descriptor.digest}`, 'application/vnd.oci.image.manifest.v1+json');
    const layer = manifest?.layers?.[0];
    const record = layer ? await get(`${base}/blobs/${layer.digest}`, '*/*') : undefined;
    if (record?.subject === digest) records.push(record);
  }
  return records.sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
}

function describeRecord(record) {
  const d = record.data ?? {};
  switch (record.kind) {
    case 'build':
      return `built from ${String(d.commit ?? '').slice(0, 12)}`;
    case 'scan':
      return `scan ${d.verdict} (critical ${d.counts?.critical ?? '?'}, high ${d.counts?.high ?? '?'})`;
    case 'deployment':
      return `deployed to ${d.environment}: ${d.result}`;
    case 'promotion':
      return `promoted ${d.from || 'build'} -> ${d.to}`;
    default:
      return record.kind;
  }
}

async function printStatus(stackEnv, { bold, dim }, check) {
  const rows = [];
  for (const environment of ['dev', 'uat', 'prod']) {
    let image = '';
    let ready = '';
    try {
      [image, ready] = (
        await check(
          'kubectl',
          [
            '--kubeconfig',
            stackEnv.KUBECONFIG,
            '-n',
            `hello-${environment}`,
            'get',
            'deployment',
            'hello',
            '-o',
            'jsonpath={.spec.template.spec.containers[0].image} {.status.readyReplicas}/{.spec.replicas}',
          ],
          { stdio: ['ignore', 'pipe', 'ignore'] },
        )
      )
        .trim()
        .split(' ');
    } catch {
      // Not deployed yet.
    }
    const digest = /@(sha256:[0-9a-f]{64})$/.exec(image)?.[1];
    const evidence = digest ? await evidenceOf(stackEnv.LOCAL_REGISTRY, digest).catch(() => []) : [];
    rows.push({ environment, digest, ready, evidence });
  }
  console.log(`\n  ${bold('environment  running digest            ready')}`);
  for (const r of rows) {
    const digest = r.digest ? `${r.digest.slice(0, 19)}...` : 'not deployed';
    console.log(`  ${r.environment.padEnd(11)}  ${digest.padEnd(22)}  ${r.ready || '-'}`);
  }
  // The evidence once per digest: usually one digest runs everywhere.
  const shown = new Set();
  for (const r of rows) {
    if (!r.digest || shown.has(r.digest)) continue;
    shown.add(r.digest);
    console.log(`\n  ${bold(`evidence recorded beside ${r.digest.slice(0, 19)}...`)}`);
    for (const record of r.evidence) console.log(`    ${dim(record.createdAt)}  ${describeRecord(record)}`);
  }
  if (shown.size === 1 && rows.every((r) => r.digest)) {
    console.log('\n  One digest in every environment: built once, promoted twice, never rebuilt.');
  }
  return rows;
}
