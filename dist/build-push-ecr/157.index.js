export const id = 157;
export const ids = [157];
export const modules = {

/***/ 157:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  buildWithCodeBuild: () => (/* binding */ buildWithCodeBuild)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 19 modules
var core = __webpack_require__(5198);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudwatch-logs/dist-cjs/index.js
var dist_cjs = __webpack_require__(303);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-codebuild/dist-cjs/index.js
var client_codebuild_dist_cjs = __webpack_require__(4774);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var client_s3_dist_cjs = __webpack_require__(3711);
// EXTERNAL MODULE: ./lib/src/build-push-ecr/codebuild-plan.js
var codebuild_plan = __webpack_require__(4322);
// EXTERNAL MODULE: ./lib/action-helpers/errors.js
var errors = __webpack_require__(7915);
;// CONCATENATED MODULE: ./lib/action-helpers/poll.js

async function waitUntil(check, options) {
    const now = options.now ?? Date.now;
    const random = options.random ?? Math.random;
    const deadline = now() + options.timeoutMs;
    let interval = options.intervalMs;
    for (;;) {
        throwIfCancelled(options);
        const value = await check();
        if (value !== undefined)
            return value;
        const left = deadline - now();
        if (left <= 0) {
            throw new errors/* ActionFailure */.dR(`Gave up waiting for ${options.description} after ${Math.round(options.timeoutMs / 1000)}s.`, 'timeout');
        }
        const jittered = interval * (0.8 + 0.4 * random());
        await sleep(Math.min(jittered, left), options.signal);
        interval = Math.min(interval * 1.5, options.maxIntervalMs ?? interval);
    }
}
function throwIfCancelled(options) {
    if (options.signal?.aborted) {
        throw new errors/* ActionFailure */.dR(`Stopped waiting for ${options.description}: the run was cancelled.`, 'cancelled');
    }
}
/** Resolves after `ms`, or at once when the signal fires. */
function sleep(ms, signal) {
    return new Promise((resolve) => {
        if (signal?.aborted)
            return resolve();
        const done = () => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            resolve();
        };
        const timer = setTimeout(done, ms);
        signal?.addEventListener('abort', done, { once: true });
    });
}

// EXTERNAL MODULE: ./lib/action-helpers/workflow-commands.js
var workflow_commands = __webpack_require__(8508);
;// CONCATENATED MODULE: ./lib/src/build-push-ecr/codebuild-run.js









/**
 * Puts the context zip under its content-addressed key, once. An object already there is reused only
 * when S3's own SHA-256 of it (validated by S3 on upload) is the zip's; anything else there is
 * replaced by a new version. The bucket must keep versions, so that the build can be started from
 * the exact version checked, not from the key, which anyone with write access could change meanwhile.
 */
async function uploadContext(s3, bucket, key, zip) {
    const checksum = (0,external_node_crypto_.createHash)('sha256').update(zip).digest('base64');
    let existing;
    try {
        existing = await s3.send(new client_s3_dist_cjs/* HeadObjectCommand */.l81({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }));
    }
    catch (err) {
        if (err.name !== 'NotFound' && err.name !== 'NoSuchKey')
            throw err;
    }
    if (existing && existing.ChecksumSHA256 === checksum && versioned(existing.VersionId)) {
        return { bucket, key, versionId: existing.VersionId, uploaded: false };
    }
    if (existing) {
        core/* warning */.$e(`s3://${bucket}/${key} was there without ${existing.ChecksumSHA256 === checksum ? 'a version' : "the zip's SHA-256"}: uploading the context again.`);
    }
    const put = await s3.send(new client_s3_dist_cjs/* PutObjectCommand */.wKZ({
        Bucket: bucket,
        Key: key,
        Body: zip,
        ContentType: 'application/zip',
        ChecksumAlgorithm: 'SHA256',
        ChecksumSHA256: checksum,
    }));
    if (!versioned(put.VersionId)) {
        throw new errors/* InputError */.dz('codebuild-bucket', `${bucket} does not keep object versions, so a build could start from a context replaced after it was checked`, 'a bucket with versioning enabled');
    }
    return { bucket, key, versionId: put.VersionId, uploaded: true };
}
const versioned = (versionId) => Boolean(versionId) && versionId !== 'null';
/** The named project, or the action's own project for the repository (created on first use). */
async function ensureProject(codebuild, inputs, sourceLocation) {
    const name = inputs.codebuild.project ?? (0,codebuild_plan/* defaultProjectName */.Y7)(inputs.repository);
    const found = (await codebuild.send(new client_codebuild_dist_cjs/* BatchGetProjectsCommand */.em4({ names: [name] }))).projects?.[0];
    if (found) {
        return { name, logGroup: found.logsConfig?.cloudWatchLogs?.groupName ?? (0,codebuild_plan/* logGroupName */.To)(name) };
    }
    if (inputs.codebuild.project) {
        throw new errors/* ActionFailure */.dR(`CodeBuild project '${name}' does not exist in ${inputs.aws.region}.`, 'codebuild-project-not-found');
    }
    try {
        await codebuild.send(new client_codebuild_dist_cjs/* CreateProjectCommand */.hLo((0,codebuild_plan/* createProjectRequest */.Xi)(inputs, name, sourceLocation)));
        core/* info */.pq(`Created CodeBuild project ${name}.`);
    }
    catch (err) {
        if (err.name !== 'ResourceAlreadyExistsException')
            throw err;
    }
    return { name, logGroup: (0,codebuild_plan/* logGroupName */.To)(name) };
}
/** Follows one CloudWatch Logs stream from its start, printing each new line once. */
class LogTail {
    logs;
    group;
    stream;
    print;
    nextToken;
    constructor(logs, group, stream, 
    // Build output is untrusted: a `::set-output` line in it must stay text.
    print = workflow_commands/* printUntrusted */.Qi) {
        this.logs = logs;
        this.group = group;
        this.stream = stream;
        this.print = print;
    }
    async drain() {
        for (;;) {
            let response;
            try {
                response = await this.logs.send(new dist_cjs/* GetLogEventsCommand */.h7S({
                    logGroupName: this.group,
                    logStreamName: this.stream,
                    startFromHead: true,
                    nextToken: this.nextToken,
                }));
            }
            catch (err) {
                // The stream appears once the build has started; until then there is nothing to show.
                if (err.name === 'ResourceNotFoundException')
                    return;
                throw err;
            }
            for (const event of response.events ?? [])
                if (event.message !== undefined)
                    this.print(event.message.replace(/\n$/, ''));
            const token = response.nextForwardToken;
            const same = token === undefined || token === this.nextToken;
            this.nextToken = token ?? this.nextToken;
            if (same || (response.events ?? []).length === 0)
                return;
        }
    }
}
const finished = new Set(['SUCCEEDED', 'FAILED', 'FAULT', 'TIMED_OUT', 'STOPPED']);
/** Starts the build, streams its log into the job log, and returns it once it has finished. */
async function runBuild(codebuild, logs, request, project, options) {
    const started = (await codebuild.send(new client_codebuild_dist_cjs/* StartBuildCommand */.uZH(request))).build;
    if (!started?.id)
        throw new Error('CodeBuild StartBuild returned no build id');
    const id = started.id;
    core/* info */.pq(`Started CodeBuild build ${id}.`);
    try {
        return await waitForBuild(codebuild, logs, id, project, options);
    }
    catch (err) {
        if (err instanceof errors/* ActionFailure */.dR && (err.reason === 'timeout' || err.reason === 'cancelled')) {
            await codebuild.send(new client_codebuild_dist_cjs/* StopBuildCommand */.aWR({ id })).then(() => core/* info */.pq(`Stopped CodeBuild build ${id}.`), (stopErr) => core/* warning */.$e(`Could not stop CodeBuild build ${id}: ${(0,errors/* messageOf */.bD)(stopErr)}`));
        }
        throw err;
    }
}
async function waitForBuild(codebuild, logs, id, project, options) {
    const { signal } = options;
    const started = Date.now();
    await sleep(Math.min(options.firstLookMs ?? 5_000, options.timeoutMs), signal);
    let tail;
    const build = await waitUntil(async () => {
        const build = (await codebuild.send(new client_codebuild_dist_cjs/* BatchGetBuildsCommand */.zZb({ ids: [id] }))).builds?.[0];
        if (!build)
            throw new Error(`CodeBuild has no build ${id}`);
        tail ??= logTailFor(logs, build, project, options.print);
        await tail.drain();
        return build.buildStatus && finished.has(build.buildStatus) ? build : undefined;
    }, {
        description: `CodeBuild build ${id} (build-timeout)`,
        timeoutMs: Math.max(0, options.timeoutMs - (Date.now() - started)),
        intervalMs: options.intervalMs ?? 2_000,
        maxIntervalMs: 15_000,
        signal,
    });
    if (build.buildStatus !== 'SUCCEEDED')
        throw new errors/* ActionFailure */.dR(describeFailedBuild(build), 'build-failed');
    return build;
}
function logTailFor(logs, build, project, print) {
    const named = (v) => (v && v !== 'null' ? v : undefined);
    // CodeBuild names the stream after the build id's UUID, in the project's log group.
    const group = named(build.logs?.groupName) ?? project.logGroup;
    const stream = named(build.logs?.streamName) ?? (build.id ?? '').split(':').at(-1) ?? '';
    return new LogTail(logs, group, stream, print);
}
function describeFailedBuild(build) {
    const phase = build.phases?.find((p) => p.phaseStatus && p.phaseStatus !== 'SUCCEEDED');
    const context = phase?.contexts
        ?.map((c) => c.message)
        .filter(Boolean)
        .join('; ');
    return `CodeBuild build ${build.id} ended ${build.buildStatus}${phase ? ` in phase ${phase.phaseType}` : ''}${context ? `: ${context}` : ''}. Its log is above.`;
}

;// CONCATENATED MODULE: ./lib/src/build-push-ecr/codebuild-build.js







/** Uploads the context (codebuild-source s3), finds or creates the project, runs the build to its end. */
async function buildWithCodeBuild(inputs, plan, work, session, outcome, signal) {
    let s3;
    if (work.contextZip) {
        const bucket = inputs.codebuild.bucket;
        const { zip, key } = work.contextZip;
        const uploaded = await uploadContext(session.client(client_s3_dist_cjs/* S3Client */.YxF), bucket, key, zip);
        s3 = { location: `${bucket}/${key}`, versionId: uploaded.versionId };
        const line = `${uploaded.uploaded ? 'Uploaded' : 'Reusing'} the build context s3://${s3.location} (version ${s3.versionId}, ${zip.byteLength} bytes).`;
        core/* info */.pq(line);
        outcome.done.push(line);
    }
    const codebuild = session.client(client_codebuild_dist_cjs/* CodeBuildClient */.bex);
    const project = await ensureProject(codebuild, inputs, s3?.location ?? '');
    const request = (0,codebuild_plan/* startBuildRequest */.c_)(inputs, project.name, plan.registryHost, { s3, idempotencyToken: (0,external_node_crypto_.randomUUID)() });
    await runBuild(codebuild, session.client(dist_cjs/* CloudWatchLogsClient */.TFr), request, project, {
        timeoutMs: inputs.buildTimeoutMs,
        signal,
    });
    return undefined;
}


/***/ })

};
