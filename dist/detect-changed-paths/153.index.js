export const id = 153;
export const ids = [153,583];
export const modules = {

/***/ 3583:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   failureOf: () => (/* binding */ failureOf),
/* harmony export */   reportFailure: () => (/* binding */ reportFailure),
/* harmony export */   runAction: () => (/* binding */ runAction),
/* harmony export */   runUrl: () => (/* binding */ runUrl)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7915);


/**
 * Runs an action's main function and turns whatever it throws into a failed step: one `::error`
 * line, the `failure-reason` output, and a non-zero exit code. Mistakes the caller can fix never
 * print a stack trace; unexpected failures print theirs to the log (not the annotation) for bug reports.
 *
 * Cancelling a job sends SIGINT, then SIGTERM a few seconds later. Node's default for both is to
 * exit at once, which would leave child processes (a terraform holding a state lock, a build)
 * running. Instead the signal aborts `context.signal`; every child process and poll loop listens to
 * it, stops cleanly, and the action ends with `failure-reason=cancelled`.
 */
async function runAction(main) {
    const controller = new AbortController();
    const onSignal = (signal) => {
        if (controller.signal.aborted)
            return;
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Received ${signal}: stopping.`);
        controller.abort(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionFailure */ .dR(`The run was cancelled (${signal}).`, 'cancelled'));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
        await main({ signal: controller.signal });
    }
    catch (err) {
        reportFailure(controller.signal.aborted ? cancelledUnlessFailure(err, controller.signal) : err);
    }
    finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
    }
}
/** After a cancel, whatever broke is reported as the cancel, unless it already says why it failed. */
function cancelledUnlessFailure(err, signal) {
    if (err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionFailure */ .dR && err.reason !== 'internal' && err.reason !== 'command-failed')
        return err;
    return signal.reason;
}
// AWS answers these when the credentials are missing, wrong or lack a permission: the caller's to fix.
const awsCallerErrors = {
    CredentialsProviderError: 'aws-credentials',
    ExpiredToken: 'aws-credentials',
    ExpiredTokenException: 'aws-credentials',
    InvalidClientTokenId: 'aws-credentials',
    UnrecognizedClientException: 'aws-credentials',
    AccessDenied: 'aws-access-denied',
    AccessDeniedException: 'aws-access-denied',
};
/** What a thrown value means for the caller: the failure-reason, the message, whose fault. */
function failureOf(err) {
    const message = (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .messageOf */ .bD)(err);
    if (err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionFailure */ .dR) {
        return { reason: err.reason, message, expected: true };
    }
    const name = err instanceof Error ? err.name : '';
    const awsReason = awsCallerErrors[name];
    if (awsReason)
        return { reason: awsReason, message, expected: true };
    return { reason: 'internal', message, expected: false };
}
function reportFailure(err) {
    const { reason, expected, message } = failureOf(err);
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('failure-reason', reason);
    const stack = err instanceof Error ? err.stack : undefined;
    if (stack && !expected) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Unexpected failure; stack for the bug report:\n${stack}`);
    }
    else if (stack && _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .isDebug */ ._o()) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(stack);
    }
    // The workflow command escapes newlines, so even a multi-line message stays one `::error` line.
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(message);
}
/** The page of this workflow run, from the runner's environment, when it is known. */
function runUrl(env = process.env) {
    const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = env;
    if (!GITHUB_SERVER_URL || !GITHUB_REPOSITORY || !GITHUB_RUN_ID)
        return undefined;
    return `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`;
}


/***/ }),

/***/ 7153:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ main_run)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var lib_core = __webpack_require__(6421);
// EXTERNAL MODULE: ./lib/action-helpers/errors.js
var errors = __webpack_require__(7915);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./lib/action-helpers/outputs.js





/**
 * Sets every output with one write. Non-string values become JSON, so a caller can always
 * `fromJSON()` an output that holds a list or an object; undefined values are left unset.
 *
 * core.setOutput opens, appends to and closes GITHUB_OUTPUT once per output: 20 ms for the 2,000
 * outputs of 1,000 groups in detect-changed-paths, a tenth of its whole run. This writes the same
 * `name<<delimiter` blocks core writes (prepareKeyValueMessage in @actions/core's file-command.js: a
 * random `ghadelimiter_<uuid>`, refused if a name or value contains it) in a single append. Without
 * GITHUB_OUTPUT (an old runner) it leaves everything to core.setOutput.
 */
function setOutputs(outputs) {
    const entries = Object.entries(outputs)
        .filter((entry) => entry[1] !== undefined)
        .map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]);
    const file = process.env.GITHUB_OUTPUT;
    if (!file) {
        for (const [name, value] of entries)
            lib_core/* setOutput */.uH(name, value);
        return;
    }
    const delimiter = `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`;
    const blocks = [];
    for (const [name, value] of entries) {
        if (name.includes(delimiter) || value.includes(delimiter)) {
            throw new Error(`output ${JSON.stringify(name)} contains the delimiter ${delimiter}`);
        }
        blocks.push(`${name}<<${delimiter}${external_node_os_.EOL}${value}${external_node_os_.EOL}${delimiter}${external_node_os_.EOL}`);
    }
    (0,external_node_fs_.appendFileSync)(file, blocks.join(''), { encoding: 'utf8' });
}
/** GitHub refuses a step summary over 1 MiB; keep well below, cutting before escaping grows it. */
const maxSummaryBytes = 900 * 1024;
/**
 * Writes the job summary. Off GitHub (act without a summary file, a local run) there is no summary
 * file, and the summary goes to the log instead of failing the step.
 */
async function writeSummary(content) {
    const s = lib_core/* summary */.z.emptyBuffer().addHeading(escapeHtml(content.heading), 3);
    for (const line of content.lines ?? [])
        s.addRaw(escapeHtml(line), true).addBreak();
    const tables = [...(content.table ? [{ caption: '', ...content.table }] : []), ...(content.tables ?? [])];
    for (const table of tables) {
        if (table.caption)
            s.addRaw(`<p><b>${escapeHtml(table.caption)}</b></p>`, true);
        s.addTable([
            table.header.map((data) => ({ data: escapeHtml(data), header: true })),
            ...table.rows.map((row) => row.map((cell) => escapeHtml(String(cell)))),
        ]);
    }
    if (content.details) {
        const room = Math.max(0, maxSummaryBytes - Buffer.byteLength(s.stringify()) - 1024);
        s.addDetails(escapeHtml(content.details.summary), `<pre>${escapeHtml(cutToBytes(content.details.text, room))}</pre>`);
    }
    if (process.env.GITHUB_STEP_SUMMARY) {
        await s.write();
    }
    else {
        lib_core/* info */.pq(s.stringify());
        s.emptyBuffer();
    }
}
/** Cuts text so that even fully escaped (6 bytes a character at worst) it fits in `bytes`. */
function cutToBytes(text, bytes) {
    if (Buffer.byteLength(text) * 6 <= bytes)
        return text;
    const keep = Math.floor(bytes / 6);
    return `${text.slice(0, keep)}\n... (cut: the summary has a size limit)`;
}
function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
/**
 * Publishes a run's outputs and job summary, once, from main.ts's `finally`, whether the run
 * succeeded or failed. A summary that cannot be written is a warning, never a second failure
 * that would hide the first.
 */
async function publish(outputs, summary) {
    setOutputs(outputs);
    await writeSummary(summary).catch((err) => lib_core/* warning */.$e(`Could not write the job summary: ${(0,errors/* messageOf */.bD)(err)}`));
}

// EXTERNAL MODULE: ./lib/action-helpers/run.js
var run = __webpack_require__(3583);
// EXTERNAL MODULE: ./lib/action-helpers/git.js + 1 modules
var git = __webpack_require__(5984);
// EXTERNAL MODULE: ./lib/src/detect-changed-paths/diff.js
var diff = __webpack_require__(2805);
;// CONCATENATED MODULE: ./lib/src/detect-changed-paths/comparison.js




async function compare(plan, history, inputs, renames, early) {
    if (plan.kind === 'nothing') {
        lib_core/* info */.pq(plan.reason);
        return { base: '', head: '', changes: [], source: plan.source, nothing: plan.reason };
    }
    // The common case (a push, a merge queue) names both commits by SHA: one git call when both are
    // already here, and the checks and fetches only when that call fails.
    if (plan.kind === 'compare' && plan.mode === 'tree' && 'sha' in plan.base && 'sha' in plan.head) {
        const { sha: base } = plan.base;
        const { sha: head } = plan.head;
        const started = early &&
            early.base === base &&
            early.head === head &&
            early.renames === renames &&
            early.cwd === inputs.workingDirectory
            ? await early.result
            : undefined;
        // An early diff that failed (a commit missing from a shallow clone) needs no second try here.
        const changes = started
            ? started.exitCode === 0
                ? (0,diff/* parseNameStatusZ */.rd)(started.stdout)
                : undefined
            : await history.diff(base, head, renames);
        if (changes)
            return { base, head, changes, source: plan.source };
    }
    const head = await resolveHead(plan.head, history, inputs, plan.kind === 'compare' ? plan.mode : 'tree');
    let base;
    let mode = 'tree';
    let missing;
    let source = plan.source;
    if (plan.kind === 'no-base') {
        missing = plan.reason;
    }
    else if (plan.kind === 'deployment') {
        const found = await deployedCommit(plan.environment, inputs);
        if (found.sha) {
            source = `${plan.source}: deployment ${found.id} of ${found.sha.slice(0, 12)}`;
            base = await history.resolve({ sha: found.sha }, 'tree');
            if (!base)
                missing = `the deployed commit ${found.sha} is not in the clone and could not be fetched`;
        }
        else {
            missing = found.reason;
        }
    }
    else {
        mode = plan.mode;
        if ('rev' in plan.base) {
            base = await history.resolveInput('base', plan.base.rev, mode);
        }
        else {
            base = await history.resolve(plan.base, mode);
            if (!base) {
                const what = 'sha' in plan.base ? `commit ${plan.base.sha}` : `branch ${plan.base.branch}`;
                missing = `the base ${what} is not in the clone and could not be fetched from origin`;
            }
        }
    }
    if (base && mode === 'merge-base') {
        const mergeBase = await history.mergeBase(base, head);
        if (mergeBase) {
            if (mergeBase !== base)
                source = `${source}; merge-base ${mergeBase.slice(0, 12)}`;
            base = mergeBase;
        }
        else {
            missing =
                (await history.isShallow()) || history.deepened > 0
                    ? `no common history of ${base.slice(0, 12)} and ${head.slice(0, 12)} within ${history.deepened} fetched commit(s) (max-fetch-depth: ${inputs.maxFetchDepth})`
                    : `${base.slice(0, 12)} and ${head.slice(0, 12)} share no history`;
            base = undefined;
        }
    }
    if (base && missing === undefined) {
        const changes = await history.diff(base, head, renames);
        if (changes)
            return { base, head, changes, source };
        missing = `git could not compare ${base} with ${head}`;
    }
    const reason = missing ?? 'no base';
    if (inputs.onMissingBase === 'fail') {
        throw new errors/* ActionFailure */.dR(`No base to compare with: ${reason}. on-missing-base is fail.`, 'missing-base');
    }
    lib_core/* warning */.$e(`No base to compare with: ${reason}. Every group counts as changed (on-missing-base: all).`);
    return { base: '', head, changes: await history.allFiles(head), source, missingBase: reason };
}
async function resolveHead(spec, history, inputs, purpose) {
    if ('rev' in spec && inputs.head)
        return history.resolveInput('head', spec.rev, purpose);
    const head = await history.resolve(spec, purpose);
    if (!head) {
        const what = 'sha' in spec ? spec.sha : 'rev' in spec ? spec.rev : spec.branch;
        throw new errors/* ActionFailure */.dR(`The head commit ${what} is not in the clone and could not be fetched from origin.`, 'missing-head');
    }
    return head;
}
async function deployedCommit(environment, inputs) {
    // Loaded only here: the GitHub client is most of a bundle that otherwise starts in milliseconds.
    const { currentRepo, githubClient } = await Promise.all(/* import() */[__webpack_require__.e(392), __webpack_require__.e(819)]).then(__webpack_require__.bind(__webpack_require__, 9819));
    const { lastSuccessfulDeployment } = await Promise.all(/* import() */[__webpack_require__.e(392), __webpack_require__.e(462)]).then(__webpack_require__.bind(__webpack_require__, 462));
    // A refusal (token, permission) is an ActionFailure 'github-access' from there.
    const search = await lastSuccessfulDeployment(githubClient(inputs.githubToken), currentRepo(), environment);
    if (!search.deployment) {
        return {
            reason: search.examined === 0
                ? `environment '${environment}' was never deployed`
                : `none of the last ${search.examined} deployment(s) to '${environment}' succeeded`,
        };
    }
    const { id, sha, createdAt } = search.deployment;
    // The API's answer reaches git as a revision: only a full object id is one.
    if (!(0,git/* isFullSha */.Wf)(sha))
        return { reason: `deployment ${id} names ${JSON.stringify(sha.slice(0, 80))}, not a commit SHA` };
    lib_core/* info */.pq(`Last successful deployment to ${environment}: ${id} (${sha}, ${createdAt})`);
    return { sha: sha.toLowerCase(), id };
}

;// CONCATENATED MODULE: ./lib/src/detect-changed-paths/events.js


const pullRequestEvents = new Set([
    'pull_request',
    'pull_request_target',
    'pull_request_review',
    'pull_request_review_comment',
]);
/**
 * The commits a payload names reach git as revisions: each must be a full hex object id (or GitHub's
 * all-zero id), never anything git could read as an option or a range. Returns it in lower case.
 */
function objectId(value, where) {
    if (value === undefined || value === null || value === '')
        return undefined;
    if (typeof value === 'string' && ((0,git/* isFullSha */.Wf)(value) || ((0,git/* isNullSha */.AA)(value) && value.length >= 40))) {
        return value.toLowerCase();
    }
    const shown = JSON.stringify(typeof value === 'string' && value.length > 80 ? `${value.slice(0, 77)}...` : value);
    throw new errors/* ActionFailure */.dR(`The event's ${where} is ${shown}, not a commit SHA (40 or 64 hex digits): the payload is not one GitHub sent.`, 'invalid-event');
}
function planBase(ctx) {
    const p = ctx.payload;
    const sha = objectId(ctx.sha, 'GITHUB_SHA');
    const defaultHead = ctx.head ? { rev: ctx.head } : sha ? { sha } : { rev: 'HEAD' };
    if (ctx.sinceDeployment) {
        return {
            kind: 'deployment',
            environment: ctx.sinceDeployment,
            head: defaultHead,
            source: `since-deployment (${ctx.sinceDeployment})`,
        };
    }
    if (ctx.base) {
        return { kind: 'compare', base: { rev: ctx.base }, head: defaultHead, mode: 'merge-base', source: 'input base' };
    }
    if (pullRequestEvents.has(ctx.eventName)) {
        const pr = record(p.pull_request);
        const base = record(pr.base);
        const head = record(pr.head);
        const baseSha = objectId(base.sha, 'pull_request.base.sha');
        const headSha = objectId(head.sha, 'pull_request.head.sha');
        if (!baseSha) {
            return {
                kind: 'no-base',
                head: defaultHead,
                reason: `the ${ctx.eventName} payload has no pull_request.base.sha`,
                source: ctx.eventName,
            };
        }
        return {
            kind: 'compare',
            base: { sha: baseSha },
            head: ctx.head ? defaultHead : headSha ? { sha: headSha } : defaultHead,
            mode: 'merge-base',
            source: `${ctx.eventName} #${String(pr.number ?? p.number ?? '?')} (base ${str(base.ref) ?? baseSha})`,
        };
    }
    if (ctx.eventName === 'merge_group') {
        const group = record(p.merge_group);
        const baseSha = objectId(group.base_sha, 'merge_group.base_sha');
        const headSha = objectId(group.head_sha, 'merge_group.head_sha');
        if (!baseSha) {
            return {
                kind: 'no-base',
                head: defaultHead,
                reason: 'the merge_group payload has no base_sha',
                source: 'merge_group',
            };
        }
        return {
            kind: 'compare',
            base: { sha: baseSha },
            head: ctx.head ? defaultHead : headSha ? { sha: headSha } : defaultHead,
            mode: 'tree',
            source: `merge_group (${str(group.base_ref) ?? baseSha})`,
        };
    }
    if (ctx.eventName === 'push') {
        const before = objectId(p.before, 'before');
        const after = objectId(p.after, 'after');
        const ref = str(p.ref) ?? '';
        const head = ctx.head ? defaultHead : after && !(0,git/* isNullSha */.AA)(after) ? { sha: after } : defaultHead;
        if (p.deleted === true || (0,git/* isNullSha */.AA)(after)) {
            return { kind: 'nothing', reason: `the push deleted ${ref || 'a ref'}: nothing to build`, source: 'push' };
        }
        if (!before || (0,git/* isNullSha */.AA)(before)) {
            const defaultBranch = str(record(p.repository).default_branch);
            const branch = ref.replace(/^refs\/heads\//, '');
            if (!defaultBranch || (ref.startsWith('refs/heads/') && branch === defaultBranch)) {
                return {
                    kind: 'no-base',
                    head,
                    reason: `the push created ${ref || 'a ref'} with no earlier commit to compare with`,
                    source: 'push (new branch)',
                };
            }
            // A new branch: what it adds on top of the default branch.
            return {
                kind: 'compare',
                base: { branch: defaultBranch },
                head,
                mode: 'merge-base',
                source: `push (new ${ref.startsWith('refs/tags/') ? 'tag' : 'branch'}, compared with ${defaultBranch})`,
            };
        }
        return {
            kind: 'compare',
            base: { sha: before },
            head,
            // A force push replaced the branch: the files that differ between the old and the new tip
            // are what changed, whether or not the old tip is an ancestor.
            mode: 'tree',
            source: p.forced === true ? 'push (forced)' : 'push',
        };
    }
    return {
        kind: 'no-base',
        head: defaultHead,
        reason: `a ${ctx.eventName || 'run with no event'} has no base commit (set the base or since-deployment input)`,
        source: ctx.eventName || 'none',
    };
}
function record(value) {
    return value !== null && typeof value === 'object' ? value : {};
}
function str(value) {
    return typeof value === 'string' && value !== '' ? value : undefined;
}

;// CONCATENATED MODULE: ./lib/src/detect-changed-paths/history.js




class History {
    options;
    shallow;
    /** Commits fetched by deepening so far (per call of mergeBase's loop, summed). */
    deepened = 0;
    constructor(options) {
        this.options = options;
    }
    run(args, allowFailure = true, echo = false) {
        return (0,git/* git */.$Y)(args, { cwd: this.options.cwd, allowFailure, echo, signal: this.options.signal });
    }
    /** Whether the clone is shallow; fails with a clear message outside a git repository. */
    async isShallow() {
        if (this.shallow === undefined) {
            const answer = await (0,git/* gitLine */.JG)(['rev-parse', '--is-shallow-repository'], {
                cwd: this.options.cwd,
                allowFailure: true,
                signal: this.options.signal,
            });
            if (answer === undefined) {
                throw new errors/* ActionFailure */.dR(`${this.options.cwd} is not a git repository: check out the repository first (actions/checkout), or set working-directory`, 'not-a-repository');
            }
            this.shallow = answer === 'true';
        }
        return this.shallow;
    }
    /** The full SHA of a commit, or undefined when it is not here and cannot be fetched. */
    async resolve(spec, purpose) {
        if ('sha' in spec) {
            if (await this.hasCommit(spec.sha))
                return spec.sha.toLowerCase();
            if (await this.fetch([spec.sha], purpose)) {
                if (await this.hasCommit(spec.sha))
                    return spec.sha.toLowerCase();
            }
            return undefined;
        }
        if ('branch' in spec) {
            const tracking = await this.verify(`refs/remotes/${this.options.remote}/${spec.branch}`);
            if (tracking)
                return tracking;
            if (await this.fetch([`refs/heads/${spec.branch}`], purpose))
                return this.verify('FETCH_HEAD');
            return undefined;
        }
        const rev = spec.rev;
        const local = await this.verify(rev);
        if (local)
            return local;
        // A branch name not checked out here: its remote-tracking branch, then the remote itself.
        if (!(0,git/* isFullSha */.Wf)(rev)) {
            const tracking = await this.verify(`refs/remotes/${this.options.remote}/${rev}`);
            if (tracking)
                return tracking;
        }
        if (/^[\w./-]+$/.test(rev) && !rev.includes('..') && (await this.fetch([rev], purpose))) {
            return (0,git/* isFullSha */.Wf)(rev) && (await this.hasCommit(rev)) ? rev.toLowerCase() : this.verify('FETCH_HEAD');
        }
        return undefined;
    }
    /** Resolves a user-typed revision or fails naming the input. */
    async resolveInput(input, rev, purpose) {
        if (rev.startsWith('-'))
            throw new errors/* InputError */.dz(input, `${JSON.stringify(rev)} looks like an option`, 'a commit SHA, branch or tag');
        const sha = await this.resolve({ rev }, purpose);
        if (!sha) {
            throw new errors/* InputError */.dz(input, `${JSON.stringify(rev)} is not a commit (not found here nor on ${this.options.remote})`, 'a commit SHA, branch or tag');
        }
        return sha;
    }
    async verify(rev) {
        return (0,git/* gitLine */.JG)(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], {
            cwd: this.options.cwd,
            allowFailure: true,
            signal: this.options.signal,
        });
    }
    async hasCommit(sha) {
        const r = await this.run(['cat-file', '-e', '--end-of-options', `${sha}^{commit}`]);
        return r.exitCode === 0;
    }
    /**
     * Fetches commits from the remote. In a shallow clone only what is needed: one commit for a tree
     * comparison, a first slice of history for a merge-base. A full clone stays full.
     */
    async fetch(refs, purpose) {
        const depth = (await this.isShallow()) ? ['--depth', String(purpose === 'tree' ? 1 : this.firstStep())] : [];
        const r = await this.run([
            'fetch',
            '--no-tags',
            '--no-recurse-submodules',
            '--quiet',
            ...depth,
            '--end-of-options',
            this.options.remote,
            ...refs,
        ], true, true);
        if (r.exitCode !== 0)
            lib_core/* info */.pq(`fetch failed: ${r.stderr.trim().split('\n').slice(-2).join(' ')}`);
        return r.exitCode === 0;
    }
    firstStep() {
        const step = this.options.firstStep ?? 50;
        return this.options.maxFetchDepth > 0 ? Math.min(step, this.options.maxFetchDepth) : step;
    }
    /**
     * The merge-base of two commits. In a shallow clone, deepens both histories in doubling steps
     * (50, 100, 200, ...) until one is found or max-fetch-depth commits have been fetched; with no
     * limit, the last step fetches the rest of the history.
     */
    async mergeBase(base, head) {
        const max = this.options.maxFetchDepth;
        let step = this.firstStep();
        for (;;) {
            const found = await (0,git/* gitLine */.JG)(['merge-base', '--end-of-options', base, head], {
                cwd: this.options.cwd,
                allowFailure: true,
            });
            if (found)
                return found;
            if (!(await this.isShallow()))
                return undefined;
            if (max > 0 && this.deepened >= max)
                return undefined;
            const size = max > 0 ? Math.min(step, max - this.deepened) : step;
            const unshallow = max === 0 && this.deepened >= 10_000;
            const r = await this.run([
                'fetch',
                '--no-tags',
                '--no-recurse-submodules',
                '--quiet',
                ...(unshallow ? ['--unshallow'] : [`--deepen=${size}`]),
                '--end-of-options',
                this.options.remote,
                base,
                head,
            ], true, true);
            if (r.exitCode !== 0) {
                lib_core/* info */.pq(`could not deepen the history: ${r.stderr.trim().split('\n').slice(-2).join(' ')}`);
                return undefined;
            }
            this.deepened += size;
            step *= 2;
            if (unshallow)
                this.shallow = false;
            else
                this.shallow = undefined;
        }
    }
    /** The changes from base to head, with exact and (within git's limit) similar renames when asked. */
    async diff(base, head, renames) {
        const r = await this.run((0,diff/* diffTreeArgs */.jg)(base, head, renames));
        if (r.exitCode !== 0)
            return undefined;
        return (0,diff/* parseNameStatusZ */.rd)(r.stdout);
    }
    /** Every file at head, as added: what "every group changed" is made of when there is no base. */
    async allFiles(head) {
        const r = await this.run(['ls-tree', '-r', '-z', '--name-only', '--full-tree', '--end-of-options', head], false);
        return (0,diff/* splitZ */.fs)(r.stdout).map((path) => ({ status: 'added', path }));
    }
}

;// CONCATENATED MODULE: ./lib/action-helpers/image-reference.js
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const repositoryPattern = new RegExp(`^${pathComponent}(?:/${pathComponent})*$`);
const registryPattern = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[a-fA-F0-9:]+\])(?::\d{1,5})?$/;
const tagPattern = /^[\w][\w.-]{0,127}$/;
const digestPattern = /^sha256:[a-f0-9]{64}$/;
function parseImageReference(value) {
    let rest = value;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        if (!digestPattern.test(digest))
            return undefined;
    }
    let tag;
    const colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        if (!tagPattern.test(tag))
            return undefined;
    }
    let registry;
    const slash = rest.indexOf('/');
    const first = slash >= 0 ? rest.slice(0, slash) : '';
    // Docker's rule: the first component is a registry when it looks like a host, not a path.
    if (first && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase())) {
        registry = first;
        rest = rest.slice(slash + 1);
        if (!registryPattern.test(registry))
            return undefined;
    }
    if (rest.length > 255 || !repositoryPattern.test(rest))
        return undefined;
    return { registry, repository: rest, tag, digest };
}
function formatImageReference(ref) {
    const name = ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository;
    return `${name}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

;// CONCATENATED MODULE: ./lib/action-helpers/formats.js

const matches = (re) => (value) => re.test(value);
const awsRegion = {
    accepted: 'an AWS region such as us-east-1, eu-west-2 or us-gov-west-1',
    test: matches(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/),
};
const awsAccountId = {
    accepted: 'a 12-digit AWS account id',
    test: matches(/^\d{12}$/),
};
const iamRoleArn = {
    accepted: 'an IAM role ARN such as arn:aws:iam::123456789012:role/deploy',
    test: matches(/^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/),
};
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html
const ecrRepositoryName = {
    accepted: 'an ECR repository name: 2-256 lowercase letters, digits and . _ - separators, optionally in / namespaces (team/api)',
    test: (value) => value.length >= 2 &&
        value.length <= 256 &&
        /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(value),
};
const imageTag = {
    accepted: 'an image tag: up to 128 letters, digits, _ . -, not starting with . or -',
    test: matches(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/),
};
const sha256Digest = {
    accepted: 'an image digest: sha256: followed by 64 lowercase hex digits',
    test: matches(/^sha256:[a-f0-9]{64}$/),
};
// RFC 1123 label: what Kubernetes requires of a namespace.
const kubeNamespace = {
    accepted: 'a Kubernetes namespace: up to 63 lowercase letters, digits and -, starting and ending alphanumeric',
    test: matches(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/),
};
// RFC 1123 subdomain: what Kubernetes requires of most object names.
const kubeName = {
    accepted: 'a Kubernetes object name: up to 253 lowercase letters, digits, - and ., starting and ending alphanumeric',
    test: (value) => value.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(value),
};
const environmentName = {
    accepted: 'an environment name: up to 255 letters, digits, _ . -, starting with a letter or digit (dev, uat, prod-eu)',
    test: matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/),
};
const gitRef = {
    accepted: 'a commit SHA, branch or tag name (no spaces, no leading -, no ..)',
    // Refuses what git would read as an option or a range, so a value can never change a command.
    test: (value) => value.length <= 255 && !value.startsWith('-') && !value.includes('..') && /^[\w./@^~-]+$/.test(value),
};
const imageReference = {
    accepted: 'an image reference such as registry/repo:tag or registry/repo@sha256:<64 hex digits>',
    test: (value) => parseImageReference(value) !== undefined,
};
/** A registry host[:port], e.g. the `registry` stand-in for ECR's data plane. */
const registryHost = {
    accepted: 'a registry host[:port] such as 127.0.0.1:5050 or registry.example.com',
    test: (v) => /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$/.test(v),
};
/** An AWS KMS key: its id, an alias, or the ARN of either. */
const kmsKeyId = {
    accepted: 'a KMS key id, alias/<name> or ARN',
    test: (v) => /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/-]+|alias\/[\w/-]+|[a-f0-9-]{36})$/.test(v),
};

;// CONCATENATED MODULE: ./lib/action-helpers/inputs.js




function getString(name, options = {}) {
    const raw = lib_core/* getInput */.V4(name);
    if (raw === '') {
        if (options.required)
            throw new errors/* InputError */.dz(name, 'a value is required', options.format?.accepted ?? 'any non-empty value');
        return options.default;
    }
    if (options.format && !options.format.test(raw))
        throw invalid(name, raw, options.format.accepted);
    return raw;
}
/** A secret input: masked in the log before anything can print it, and never echoed in an error. */
function getSecret(name, options = {}) {
    const raw = lib_core/* getInput */.V4(name);
    if (raw === '') {
        if (options.required)
            throw new errors/* InputError */.dz(name, 'a value is required', 'a non-empty secret');
        return undefined;
    }
    lib_core/* setSecret */.Pq(raw);
    return raw;
}
function getBoolean(name, fallback) {
    const raw = core.getInput(name).toLowerCase();
    if (raw === '')
        return fallback;
    if (raw === 'true')
        return true;
    if (raw === 'false')
        return false;
    throw invalid(name, raw, 'true or false');
}
function getEnum(name, allowed, fallback) {
    const raw = lib_core/* getInput */.V4(name);
    if (raw === '')
        return fallback;
    if (!allowed.includes(raw))
        throw invalid(name, raw, `one of ${allowed.join(', ')}`);
    return raw;
}
function getInteger(name, options) {
    const raw = lib_core/* getInput */.V4(name);
    if (raw === '')
        return options.default;
    const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
        throw invalid(name, raw, `a whole number from ${min} to ${max}`);
    }
    return value;
}
const durationUnits = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** Durations such as 90s, 5m, 1h30m or 250ms; a bare number is seconds. Returns milliseconds. */
function parseDuration(raw) {
    if (/^\d+$/.test(raw))
        return Number(raw) * 1000;
    const parts = [...raw.matchAll(/(\d+)(ms|s|m|h)/g)];
    if (parts.length === 0 || parts.map((p) => p[0]).join('') !== raw)
        return undefined;
    return parts.reduce((total, [, n, unit]) => total + Number(n) * (durationUnits[unit] ?? 0), 0);
}
function getDuration(name, fallbackMs, limits = {}) {
    const raw = core.getInput(name);
    if (raw === '')
        return fallbackMs;
    const ms = parseDuration(raw);
    const maxMs = limits.maxMs ?? 24 * 3_600_000;
    if (ms === undefined || ms > maxMs) {
        throw invalid(name, raw, `a duration such as 30s, 5m or 1h30m (at most ${maxMs / 1000}s); a bare number is seconds`);
    }
    return ms;
}
/** Splits a list on newlines (CRLF-safe), and on commas when asked; trims items and drops empty ones. */
function splitList(raw, commas) {
    return raw
        .split(commas ? /\r?\n|\r|,/ : /\r?\n|\r/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
}
function getList(name, options = {}) {
    const items = splitList(core.getInput(name), options.commas ?? true);
    if (items.length === 0 && options.required) {
        throw new InputError(name, 'at least one item is required', listAccepted(options));
    }
    const { format } = options;
    const bad = format && items.find((item) => !format.test(item));
    if (bad !== undefined)
        throw invalid(name, bad, listAccepted(options));
    return items;
}
function listAccepted(options) {
    const separator = (options.commas ?? true) ? 'one per line or comma-separated' : 'one per line';
    return `${options.format?.accepted ?? 'values'}, ${separator}`;
}
function invalid(name, value, accepted) {
    return new errors/* InputError */.dz(name, `${quote(value)} is not valid`, accepted);
}
/** Shows a value safely in one line: control characters escaped, long values cut. */
function quote(value) {
    const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
    return JSON.stringify(shown);
}
/** The folder paths are resolved against: the job's checkout (GITHUB_WORKSPACE), else the current folder. */
function workspaceRoot() {
    return external_node_path_.resolve(process.env.GITHUB_WORKSPACE || process.cwd());
}
function getPath(name, options) {
    return checkedPath(name, lib_core/* getInput */.V4(name) || options.default, options);
}
/** A list of path inputs (one per line), each checked as getPath checks one. */
function getPathList(name, options) {
    return splitList(core.getInput(name), false).map((raw) => checkedPath(name, raw, options));
}
function checkedPath(name, raw, options) {
    const what = options.kind === 'file' ? 'a file' : options.kind === 'directory' ? 'a folder' : 'a path';
    const elsewhere = options.allowOutsideWorkspace
        ? ' or an absolute path'
        : (options.alsoInside ?? []).map((dir) => ` or in ${dir}`).join('');
    const accepted = `${what} inside the workspace${elsewhere}`;
    if (!raw) {
        if (options.required)
            throw new errors/* InputError */.dz(name, 'a value is required', accepted);
        return undefined;
    }
    if (raw.includes('\0') || /[\r\n]/.test(raw))
        throw invalid(name, raw, accepted);
    const root = workspaceRoot();
    const resolved = external_node_path_.resolve(options.base ?? root, raw);
    let real;
    try {
        real = realPathOfNearest(resolved);
    }
    catch (err) {
        throw new errors/* InputError */.dz(name, `${quote(raw)} cannot be resolved (${err.code})`, accepted);
    }
    const roots = [root, ...(options.alsoInside ?? [])].map(realPathOfNearest);
    if (!options.allowOutsideWorkspace && !roots.some((r) => isInside(real, r))) {
        throw new errors/* InputError */.dz(name, `${quote(raw)} is outside the workspace`, accepted);
    }
    if (options.kind !== 'new') {
        let stats;
        try {
            stats = (0,external_node_fs_.statSync)(resolved);
        }
        catch (err) {
            const code = err.code;
            const problem = code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${code})`;
            throw new errors/* InputError */.dz(name, `${quote(raw)} ${problem}`, accepted);
        }
        if (options.kind === 'file' ? !stats.isFile() : !stats.isDirectory()) {
            throw new errors/* InputError */.dz(name, `${quote(raw)} is not ${what}`, accepted);
        }
    }
    return resolved;
}
/** The real path of `p`, or of its nearest existing ancestor joined with the rest. */
function realPathOfNearest(p) {
    const rest = [];
    let current = p;
    for (;;) {
        try {
            return external_node_path_.join((0,external_node_fs_.realpathSync)(current), ...rest.reverse());
        }
        catch (err) {
            const code = err.code;
            if (code === 'ELOOP' || code === 'ENAMETOOLONG')
                throw err;
            const parent = external_node_path_.dirname(current);
            if (parent === current)
                return p;
            rest.push(external_node_path_.basename(current));
            current = parent;
        }
    }
}
function isInside(child, parent) {
    const relative = external_node_path_.relative(parent, child);
    return relative === '' || (!relative.startsWith('..') && !external_node_path_.isAbsolute(relative));
}
/**
 * `key=value` lines (CRLF-safe; blank lines and `#` comments skipped). The key must match
 * `keyFormat`, the value `valueFormat` when given; a key given twice is refused.
 */
function getKeyValueList(name, options) {
    const accepted = `lines of key=value, the key ${options.keyFormat.accepted}${options.valueFormat ? `, the value ${options.valueFormat.accepted}` : ''}`;
    const lines = splitList(core.getInput(name), false).filter((line) => !line.startsWith('#'));
    if (lines.length === 0 && options.required)
        throw new InputError(name, 'at least one line is required', accepted);
    const seen = new Set();
    return lines.map((line) => {
        const at = line.indexOf('=');
        if (at <= 0)
            throw invalid(name, line, accepted);
        const key = line.slice(0, at).trim();
        const value = line.slice(at + 1).trim();
        if (!options.keyFormat.test(key) || (options.valueFormat && !options.valueFormat.test(value))) {
            throw invalid(name, line, accepted);
        }
        if (seen.has(key))
            throw new InputError(name, `${quote(key)} is given twice`, accepted);
        seen.add(key);
        return { key, value };
    });
}

;// CONCATENATED MODULE: ./lib/src/detect-changed-paths/glob.js
/**
 * Glob matching in time linear in the path times the pattern, whatever either holds.
 *
 * Why not picomatch, which this follows for syntax: it compiles a glob to a backtracking regular
 * expression, and both the glob and the file names come from a pull request. `*a*a*a*a*a*a*a*b`
 * against a name of 100 `a`s ran for minutes; and its `**` is `.` in a regular expression, which
 * stops at a newline, so `**` skipped the names git reports with one. Here:
 *
 * - `{a,b}`, `{1..3}`, `@(a|b)`, `?(a|b)` and `(a|b)` are expanded into alternatives first (at most
 *   `maxAlternatives` per glob);
 * - each alternative is a list of segments split on `/`; `**` as a whole segment matches any number
 *   of segments, anywhere else it is `*`;
 * - a segment is literal characters, `?` (one character), `[...]` classes (ranges, `!`/`^`
 *   negation, POSIX `[:alpha:]` names, `\` escapes) and `*`: single-character tokens and stars.
 *
 * Both levels match with the greedy algorithm that backtracks only to the last star: at most
 * (text length x pattern length) steps, never exponential. A `Meter` counts the steps, for the tests
 * that prove it and for a total budget per run. `+(...)`, `*(...)` and `!(...)` (repetition and
 * negation) are refused: they need a backtracking engine, and a `!` exclusion line does the same job.
 * Every character but `/` is an ordinary character: `*`, `?` and `**` match newlines and carriage
 * returns in names. Dot files match (picomatch's `dot: true`).
 */
class GlobError extends Error {
}
const maxAlternatives = 256;
const maxGlobLength = 1000;
const STAR = -1;
const GLOBSTAR = -2;
const ANY = () => true;
/** Compiles a glob; throws a GlobError saying what is wrong with it. */
function compileGlob(glob, meter) {
    if (glob.length > maxGlobLength)
        throw new GlobError(`it is ${glob.length} characters long, over ${maxGlobLength}`);
    const patterns = expand(glob).map(parsePattern);
    // A path with the wrong number of folders is refused before it is split.
    const counts = patterns.map((p) => ({ exact: !p.includes(GLOBSTAR), size: p.filter((x) => x !== GLOBSTAR).length }));
    return (path) => {
        const count = segmentCount(path);
        let segments;
        for (let i = 0; i < patterns.length; i++) {
            const { exact, size } = counts[i];
            if (exact ? count !== size : count < size)
                continue;
            segments ??= splitPath(path);
            if (matchSegments(patterns[i], segments, meter))
                return true;
        }
        return false;
    };
}
// The matcher tests one path against many globs in a row: split it once.
let lastPath;
let lastSegments = [];
function splitPath(path) {
    if (path !== lastPath) {
        lastPath = path;
        lastSegments = path.split('/');
    }
    return lastSegments;
}
function segmentCount(path) {
    let count = 1;
    for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1))
        count++;
    return count;
}
// ---- expansion of braces and alternation extglobs -------------------------------------------------
/** The brace-free alternatives of a glob. */
function expand(glob) {
    const group = findGroup(glob);
    if (!group)
        return [glob];
    const out = [];
    const prefix = glob.slice(0, group.start);
    const suffixes = expand(glob.slice(group.end));
    for (const option of group.options) {
        for (const head of expand(option)) {
            for (const tail of suffixes) {
                out.push(prefix + head + tail);
                if (out.length > maxAlternatives) {
                    throw new GlobError(`its braces and alternatives expand to more than ${maxAlternatives} globs`);
                }
            }
        }
    }
    return [...new Set(out)];
}
/** The first `{...}` or `(...)` group that means alternatives, outside classes and escapes. */
function findGroup(glob) {
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        if (c === '\\') {
            i++;
            continue;
        }
        if (c === '[') {
            const close = classEnd(glob, i);
            if (close !== -1)
                i = close;
            continue;
        }
        if (c === '{' || c === '(') {
            const closeAt = matchingClose(glob, i);
            if (closeAt === -1)
                continue;
            const body = glob.slice(i + 1, closeAt);
            const kind = c === '(' ? (i > 0 ? glob[i - 1] : '') : '';
            if (c === '(' && '+*!'.includes(kind) && kind !== '') {
                throw new GlobError(`${kind}(...) is not supported (it can make matching take exponential time): use *, {a,b} alternatives, or a ! exclusion`);
            }
            const start = c === '(' && (kind === '@' || kind === '?') ? i - 1 : i;
            if (c === '{') {
                const options = splitTop(body, ',');
                if (options.length > 1)
                    return { start, end: closeAt + 1, options };
                const range = braceRange(body);
                if (range)
                    return { start, end: closeAt + 1, options: range };
                continue; // {a}: literal, as picomatch reads it
            }
            const options = splitTop(body, '|');
            if (kind === '?')
                options.push('');
            return { start, end: closeAt + 1, options };
        }
    }
    return undefined;
}
function matchingClose(glob, open) {
    const openChar = glob[open];
    const closeChar = openChar === '{' ? '}' : ')';
    let depth = 0;
    for (let i = open; i < glob.length; i++) {
        const c = glob[i];
        if (c === '\\') {
            i++;
        }
        else if (c === '[') {
            const close = classEnd(glob, i);
            if (close !== -1)
                i = close;
        }
        else if (c === openChar) {
            depth++;
        }
        else if (c === closeChar && --depth === 0) {
            return i;
        }
    }
    return -1;
}
/** Splits on `separator` outside nested groups, classes and escapes. */
function splitTop(body, separator) {
    const parts = [];
    let depth = 0;
    let from = 0;
    for (let i = 0; i < body.length; i++) {
        const c = body[i];
        if (c === '\\')
            i++;
        else if (c === '[') {
            const close = classEnd(body, i);
            if (close !== -1)
                i = close;
        }
        else if (c === '{' || c === '(')
            depth++;
        else if (c === '}' || c === ')')
            depth--;
        else if (c === separator && depth === 0) {
            parts.push(body.slice(from, i));
            from = i + 1;
        }
    }
    parts.push(body.slice(from));
    return parts;
}
/** `{1..3}`, `{01..10}`, `{a..e}`: the values of the range, or undefined. */
function braceRange(body) {
    const numbers = /^(-?\d+)\.\.(-?\d+)$/.exec(body);
    const letters = /^([A-Za-z])\.\.([A-Za-z])$/.exec(body);
    if (!numbers && !letters)
        return undefined;
    const values = [];
    if (numbers) {
        const [a, b] = [Number(numbers[1]), Number(numbers[2])];
        if (Math.abs(b - a) >= maxAlternatives) {
            throw new GlobError(`its braces and alternatives expand to more than ${maxAlternatives} globs`);
        }
        const width = /^-?0\d/.test(numbers[1]) || /^-?0\d/.test(numbers[2]) ? numbers[1].length : 0;
        for (let n = a; a <= b ? n <= b : n >= b; n += a <= b ? 1 : -1)
            values.push(String(n).padStart(width, '0'));
    }
    else {
        const [a, b] = [letters[1].charCodeAt(0), letters[2].charCodeAt(0)];
        for (let n = a; a <= b ? n <= b : n >= b; n += a <= b ? 1 : -1)
            values.push(String.fromCharCode(n));
    }
    return values;
}
// ---- segments and classes -------------------------------------------------------------------------
function parsePattern(glob) {
    return splitSegments(glob).map((s) => (s === '**' ? GLOBSTAR : parseSegment(s)));
}
/** Splits on `/` outside classes (a class never matches `/` anyway). */
function splitSegments(glob) {
    const parts = [];
    let from = 0;
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        if (c === '\\')
            i++;
        else if (c === '[') {
            const close = classEnd(glob, i);
            if (close !== -1)
                i = close;
        }
        else if (c === '/') {
            parts.push(glob.slice(from, i));
            from = i + 1;
        }
    }
    parts.push(glob.slice(from));
    return parts;
}
function parseSegment(text) {
    const tokens = [];
    let literal = true;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '\\' && i + 1 < text.length) {
            tokens.push(text.charCodeAt(++i));
        }
        else if (c === '*') {
            literal = false;
            if (tokens[tokens.length - 1] !== STAR)
                tokens.push(STAR);
        }
        else if (c === '?') {
            literal = false;
            tokens.push(ANY);
        }
        else if (c === '[' && classEnd(text, i) !== -1) {
            literal = false;
            const close = classEnd(text, i);
            tokens.push(parseClass(text.slice(i + 1, close)));
            i = close;
        }
        else {
            tokens.push(text.charCodeAt(i));
        }
    }
    const plain = literal ? String.fromCharCode(...tokens) : undefined;
    const star = tokens.indexOf(STAR);
    const onlyText = (list) => list.every((t) => typeof t === 'number' && t !== STAR);
    const before = tokens.slice(0, star);
    const after = tokens.slice(star + 1);
    const affixes = star !== -1 && onlyText(before) && onlyText(after)
        ? [String.fromCharCode(...before), String.fromCharCode(...after)]
        : undefined;
    return { literal: plain, affixes, tokens };
}
/** Index of the `]` closing the class opened at `open`, or -1 (then `[` is literal). */
function classEnd(text, open) {
    let i = open + 1;
    if (text[i] === '!' || text[i] === '^')
        i++;
    if (text[i] === ']')
        i++; // a leading ] is a member
    for (; i < text.length; i++) {
        const c = text[i];
        if (c === '\\')
            i++;
        else if (c === '[' && text[i + 1] === ':') {
            const end = text.indexOf(':]', i + 2);
            if (end !== -1)
                i = end + 1;
        }
        else if (c === ']')
            return i;
    }
    return -1;
}
const posix = {
    alpha: [
        [65, 90],
        [97, 122],
    ],
    digit: [[48, 57]],
    alnum: [
        [48, 57],
        [65, 90],
        [97, 122],
    ],
    upper: [[65, 90]],
    lower: [[97, 122]],
    xdigit: [
        [48, 57],
        [65, 70],
        [97, 102],
    ],
    space: [
        [9, 13],
        [32, 32],
    ],
    blank: [
        [9, 9],
        [32, 32],
    ],
    word: [
        [48, 57],
        [65, 90],
        [95, 95],
        [97, 122],
    ],
    punct: [
        [33, 47],
        [58, 64],
        [91, 96],
        [123, 126],
    ],
    cntrl: [
        [0, 31],
        [127, 127],
    ],
    print: [[32, 126]],
    graph: [[33, 126]],
};
function parseClass(body) {
    let i = 0;
    const negated = body[0] === '!' || body[0] === '^';
    if (negated)
        i++;
    const ranges = [];
    const one = () => (body[i] === '\\' && i + 1 < body.length ? body.charCodeAt(++i) : body.charCodeAt(i));
    for (; i < body.length; i++) {
        if (body[i] === '[' && body[i + 1] === ':') {
            const end = body.indexOf(':]', i + 2);
            const name = body.slice(i + 2, end);
            const set = posix[name];
            if (!set)
                throw new GlobError(`[:${name}:] is not a character class`);
            ranges.push(...set);
            i = end + 1;
            continue;
        }
        const low = one();
        if (body[i + 1] === '-' && i + 2 < body.length) {
            i += 2;
            const high = one();
            if (high < low)
                throw new GlobError(`the range ${String.fromCharCode(low)}-${String.fromCharCode(high)} is reversed`);
            ranges.push([low, high]);
        }
        else {
            ranges.push([low, low]);
        }
    }
    return (code) => {
        if (code === 47)
            return false; // never /
        let found = false;
        for (const [low, high] of ranges) {
            if (code >= low && code <= high) {
                found = true;
                break;
            }
        }
        return found !== negated;
    };
}
// ---- matching -------------------------------------------------------------------------------------
/**
 * Segments against pattern segments; `**` is the star of this level. With no `**` the segments pair
 * up one to one, and with one `**` the segments before it match from the start and those after it
 * from the end: no search at all. Two or more take the greedy algorithm.
 */
function matchSegments(pattern, segments, meter) {
    const globstar = pattern.indexOf(GLOBSTAR);
    if (globstar === -1 || pattern.indexOf(GLOBSTAR, globstar + 1) === -1) {
        const tail = globstar === -1 ? 0 : pattern.length - globstar - 1;
        const head = globstar === -1 ? pattern.length : globstar;
        if (globstar === -1 ? segments.length !== head : segments.length < head + tail)
            return false;
        for (let i = 0; i < head; i++)
            if (!matchSegment(pattern[i], segments[i], meter))
                return false;
        const offset = segments.length - tail;
        for (let i = 0; i < tail; i++) {
            if (!matchSegment(pattern[globstar + 1 + i], segments[offset + i], meter))
                return false;
        }
        if (meter)
            charge(meter, head + tail + 1);
        return true;
    }
    return matchAcross(pattern, segments, meter);
}
function matchAcross(pattern, segments, meter) {
    let p = 0;
    let s = 0;
    let starP = -1;
    let starS = 0;
    let steps = 0;
    let result;
    while (s < segments.length) {
        steps++;
        const token = pattern[p];
        if (token !== undefined && token !== GLOBSTAR && matchSegment(token, segments[s], meter)) {
            p++;
            s++;
        }
        else if (token === GLOBSTAR) {
            starP = p++;
            starS = s;
        }
        else if (starP >= 0) {
            p = starP + 1;
            s = ++starS;
        }
        else {
            result = false;
            break;
        }
    }
    if (result === undefined) {
        while (pattern[p] === GLOBSTAR)
            p++;
        result = p === pattern.length;
    }
    if (meter)
        charge(meter, steps);
    return result;
}
/** One segment against a segment pattern; `*` is the star of this level. */
function matchSegment(segment, text, meter) {
    if (segment.literal !== undefined)
        return segment.literal === text;
    if (segment.affixes) {
        const [prefix, suffix] = segment.affixes;
        if (meter)
            charge(meter, 1);
        return (text.length >= prefix.length + suffix.length &&
            text.length > 0 &&
            text.startsWith(prefix) &&
            text.endsWith(suffix));
    }
    const tokens = segment.tokens;
    let p = 0;
    let i = 0;
    let starP = -1;
    let starI = 0;
    let steps = 0;
    let result;
    while (i < text.length) {
        steps++;
        const token = tokens[p];
        if (token !== undefined && token !== STAR && matchChar(token, text.charCodeAt(i))) {
            p++;
            i++;
        }
        else if (token === STAR) {
            starP = p++;
            starI = i;
        }
        else if (starP >= 0) {
            p = starP + 1;
            i = ++starI;
        }
        else {
            result = false;
            break;
        }
    }
    if (result === undefined) {
        while (tokens[p] === STAR)
            p++;
        result = p === tokens.length && text.length > 0;
    }
    if (meter)
        charge(meter, steps);
    return result;
}
function matchChar(token, code) {
    return typeof token === 'number' ? token === code : token(code);
}
function charge(meter, steps) {
    meter.steps += steps;
    if (meter.steps > meter.budget) {
        throw new GlobError(`matching took more than ${meter.budget} steps`);
    }
}

;// CONCATENATED MODULE: ./lib/src/detect-changed-paths/simple-yaml.js
class GiveUp extends Error {
}
const keyPattern = /^([A-Za-z_][A-Za-z0-9_.-]*):(?:[ ]+|$)/;
// Plain scalars the YAML 1.2 core schema reads as something other than a string.
const nonString = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
function parseSimpleYaml(text) {
    try {
        return parseTop(toLines(text));
    }
    catch (err) {
        if (err instanceof GiveUp)
            return undefined;
        throw err;
    }
}
function toLines(text) {
    if (text.startsWith('\uFEFF'))
        throw new GiveUp();
    const lines = [];
    const raw = text.split(/\r?\n/);
    for (let i = 0; i < raw.length; i++) {
        const l = raw[i];
        if (l.includes('\t') || l.includes('\r'))
            throw new GiveUp();
        let indent = 0;
        while (indent < l.length && l.charCodeAt(indent) === 32)
            indent++;
        const rest = l.slice(indent);
        if (rest === '' || rest.startsWith('#'))
            continue;
        if (indent === 0 && (rest.startsWith('---') || rest.startsWith('...') || rest.startsWith('%')))
            throw new GiveUp();
        lines.push({ indent, text: rest.trimEnd(), number: i + 1 });
    }
    return lines;
}
function parseTop(lines) {
    const entries = [];
    const seen = new Set();
    let i = 0;
    while (i < lines.length) {
        const line = lines[i];
        if (line.indent !== 0)
            throw new GiveUp();
        const { key, rest } = splitKey(line.text);
        if (seen.has(key))
            throw new GiveUp();
        seen.add(key);
        i++;
        let value;
        if (rest !== '') {
            value = inlineValue(rest);
        }
        else {
            [value, i] = block(lines, i, 0, true);
        }
        entries.push({ key, value, line: line.number });
    }
    if (entries.length === 0)
        throw new GiveUp();
    return entries;
}
/**
 * The block value of a key at `parentIndent` starting at lines[i]: a sequence (which may sit at the
 * key's own indentation), a mapping (deeper only, and only one level below the top), or null.
 */
function block(lines, i, parentIndent, mappingAllowed) {
    const first = lines[i];
    if (!first)
        return [null, i];
    const isItem = first.text === '-' || first.text.startsWith('- ');
    if (isItem && first.indent >= parentIndent)
        return sequence(lines, i, first.indent);
    if (first.indent <= parentIndent)
        return [null, i];
    if (!mappingAllowed)
        throw new GiveUp();
    return mapping(lines, i, first.indent);
}
function sequence(lines, i, indent) {
    const items = [];
    while (i < lines.length) {
        const line = lines[i];
        if (line.indent < indent)
            break;
        if (line.indent > indent)
            throw new GiveUp();
        // A key at the list's own indentation ends a list written level with its key (`paths:\n- a`);
        // the caller reads it as the next key, or gives up.
        if (!(line.text === '-' || line.text.startsWith('- ')))
            break;
        const rest = line.text.slice(1).trimStart();
        if (rest === '' || rest.startsWith('- ') || rest === '-')
            throw new GiveUp();
        items.push(inlineValue(rest));
        i++;
    }
    return [items, i];
}
function mapping(lines, i, indent) {
    const map = {};
    while (i < lines.length) {
        const line = lines[i];
        if (line.indent < indent)
            break;
        if (line.indent > indent)
            throw new GiveUp();
        const { key, rest } = splitKey(line.text);
        if (Object.hasOwn(map, key) || key === '__proto__')
            throw new GiveUp();
        i++;
        if (rest !== '') {
            map[key] = inlineValue(rest);
        }
        else {
            [map[key], i] = block(lines, i, indent, false);
        }
    }
    return [map, i];
}
function splitKey(text) {
    const m = keyPattern.exec(text);
    if (!m)
        throw new GiveUp();
    const rest = text.slice(m[0].length);
    return { key: m[1], rest: rest.startsWith('#') ? '' : rest };
}
/** A scalar or a flow list of scalars, then at most a comment. */
function inlineValue(text) {
    if (text.startsWith('[')) {
        const items = [];
        let pos = 1;
        pos = skipSpaces(text, pos);
        if (text[pos] === ']') {
            pos++;
        }
        else {
            for (;;) {
                const [item, next] = scalar(text, pos, true);
                items.push(item);
                pos = skipSpaces(text, next);
                if (text[pos] === ',') {
                    pos = skipSpaces(text, pos + 1);
                    if (text[pos] === ']')
                        throw new GiveUp();
                    continue;
                }
                if (text[pos] === ']') {
                    pos++;
                    break;
                }
                throw new GiveUp();
            }
        }
        endOfLine(text, pos);
        return items;
    }
    const [value, next] = scalar(text, 0, false);
    endOfLine(text, next);
    return value;
}
function skipSpaces(text, pos) {
    while (text[pos] === ' ')
        pos++;
    return pos;
}
function endOfLine(text, pos) {
    const rest = text.slice(pos);
    if (rest.trim() === '')
        return;
    if (/^ +#/.test(rest))
        return;
    throw new GiveUp();
}
/** A quoted or plain scalar starting at pos; returns it and the position after it. */
function scalar(text, pos, inFlow) {
    const c = text[pos];
    if (c === "'") {
        let out = '';
        let from = pos + 1;
        for (;;) {
            const q = text.indexOf("'", from);
            if (q === -1)
                throw new GiveUp();
            if (text[q + 1] === "'") {
                out += text.slice(from, q + 1);
                from = q + 2;
                continue;
            }
            return [out + text.slice(from, q), q + 1];
        }
    }
    if (c === '"') {
        const q = text.indexOf('"', pos + 1);
        if (q === -1)
            throw new GiveUp();
        const body = text.slice(pos + 1, q);
        // Escapes are rare in globs: leave them (and their subtleties) to the library.
        if (body.includes('\\'))
            throw new GiveUp();
        return [body, q + 1];
    }
    // Indicators that start something other than a plain scalar: alias, anchor, tag, block scalar...
    if (c === undefined || '&*!|>%@`{}[],?:#\'"'.includes(c))
        throw new GiveUp();
    if (c === '-' && (text[pos + 1] === undefined || text[pos + 1] === ' '))
        throw new GiveUp();
    const stop = inFlow ? flowPlainEnd : blockPlainEnd;
    stop.lastIndex = pos;
    const m = stop.exec(text);
    const end = m ? m.index : text.length;
    const value = text.slice(pos, end).trimEnd();
    // `key: value` inside a scalar would be a mapping.
    if (value === '' || value.endsWith(':') || value.includes(': ') || nonString.test(value))
        throw new GiveUp();
    if (inFlow && value.includes(':'))
        throw new GiveUp();
    return [value, pos + value.length];
}
const blockPlainEnd = / #/g;
const flowPlainEnd = /[,[\]{}]| #/g;

;// CONCATENATED MODULE: ./lib/src/detect-changed-paths/filters.js



const changeTypes = ['added', 'modified', 'deleted', 'renamed'];
/** Output names the action sets itself: a group may not take them. */
const fixedOutputs = ['changes', 'matrix', 'any-changed', 'base', 'head', 'failure-reason', 'missing-base'];
const groupNamePattern = /^[A-Za-z_][A-Za-z0-9_-]{0,99}$/;
/** YAML anchors may repeat a list; past this many items in all, the filters are refused. */
const maxItems = 100_000;
const ownKeys = new Set(['paths', 'change-types', 'depends-on']);
/** `source` names where the text came from in messages: "filters" or "filters file .github/filters.yml". */
async function parseFilters(text, source = 'filters') {
    const entries = parseSimpleYaml(text) ?? (await parseWithLibrary(text, source));
    if (entries.length === 0)
        throw new errors/* ActionFailure */.dR(`${source}: no groups are defined`, 'invalid-input');
    const warnings = [];
    const groups = [];
    const lines = new Map();
    for (const { key: name, value, line } of entries) {
        const at = line ? ` (line ${line})` : '';
        if (!groupNamePattern.test(name)) {
            throw new errors/* ActionFailure */.dR(`${source}: group name ${JSON.stringify(name.length > 80 ? `${name.slice(0, 77)}...` : name)}${at} is not valid: it becomes an output name, so use up to 100 letters, digits, - and _, starting with a letter or _`, 'invalid-input');
        }
        lines.set(name, at);
        const group = readGroup(name, value, `${source}: group '${name}'${at}`);
        for (const w of group.warnings)
            warnings.push(`${source}: group '${name}'${at}: ${w}`);
        groups.push(group.group);
    }
    const names = new Set(groups.map((g) => g.name));
    for (const g of groups) {
        for (const dep of g.dependsOn) {
            if (!names.has(dep)) {
                throw new errors/* ActionFailure */.dR(`${source}: group '${g.name}'${lines.get(g.name)} depends on '${dep}', which is not a group (groups: ${[...names].join(', ')})`, 'invalid-input');
            }
        }
    }
    checkOutputNames(groups, source);
    return { groups, warnings };
}
/** The full YAML library, for whatever the fast reader leaves (and for every error message). */
async function parseWithLibrary(text, source) {
    const { LineCounter, isMap, isScalar, parseDocument } = await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19));
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
        const err = doc.errors[0];
        const at = err.linePos?.[0] ?? lineCounter.linePos(err.pos[0]);
        const where = at ? ` at line ${at.line}, column ${at.col}` : '';
        const what = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
        throw new errors/* ActionFailure */.dR(`${source}: invalid YAML${where}: ${what}`, 'invalid-input');
    }
    const root = doc.contents;
    if (root === null || (isScalar(root) && (root.value === null || root.value === '')))
        return [];
    if (!isMap(root)) {
        const line = root.range ? ` (line ${lineCounter.linePos(root.range[0]).line})` : '';
        throw new errors/* ActionFailure */.dR(`${source}: expected a mapping of group name to globs, such as "api: [services/api/**]"${line}`, 'invalid-input');
    }
    let json;
    try {
        json = doc.toJS({ maxAliasCount: 1000 });
    }
    catch (err) {
        // The yaml library's guard against exponential alias expansion ("billion laughs").
        if (!(err instanceof ReferenceError))
            throw err;
        throw new errors/* ActionFailure */.dR(`${source}: the YAML anchors and aliases expand to more than ${maxItems} items (or nest too deeply): write the lists out`, 'invalid-input');
    }
    return root.items.map((pair) => {
        const keyNode = pair.key;
        const key = isScalar(keyNode) ? String(keyNode.value) : '';
        return {
            key,
            value: json[key],
            line: keyNode?.range ? lineCounter.linePos(keyNode.range[0]).line : 0,
        };
    });
}
function readGroup(name, value, where) {
    let rawPaths;
    let changeTypeList;
    let dependsOn = [];
    const metadata = {};
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const fields = value;
        if (!('paths' in fields))
            throw new errors/* ActionFailure */.dR(`${where}: the mapping form needs a 'paths' list`, 'invalid-input');
        rawPaths = fields.paths;
        if (fields['change-types'] !== undefined) {
            const list = flatten(fields['change-types'], where);
            const bad = list.find((t) => typeof t !== 'string' || !changeTypes.includes(t));
            if (bad !== undefined || list.length === 0) {
                throw new errors/* ActionFailure */.dR(`${where}: change-types ${JSON.stringify(bad ?? fields['change-types'])} is not valid. Accepted: a list of ${changeTypes.join(', ')}`, 'invalid-input');
            }
            changeTypeList = list;
        }
        if (fields['depends-on'] !== undefined) {
            const list = flatten(fields['depends-on'], where);
            const bad = list.find((d) => typeof d !== 'string');
            if (bad !== undefined)
                throw new errors/* ActionFailure */.dR(`${where}: depends-on must list group names`, 'invalid-input');
            dependsOn = [...new Set(list)].filter((d) => d !== name);
        }
        for (const [key, v] of Object.entries(fields)) {
            if (ownKeys.has(key))
                continue;
            if (key === 'group') {
                throw new errors/* ActionFailure */.dR(`${where}: 'group' is reserved (the matrix sets it to the group's name)`, 'invalid-input');
            }
            metadata[key] = v;
        }
    }
    else {
        rawPaths = value;
    }
    const items = flatten(rawPaths, where);
    if (items.length === 0 || items.some((p) => typeof p !== 'string' && typeof p !== 'number')) {
        throw new errors/* ActionFailure */.dR(`${where}: expected a glob or a list of globs, such as services/api/**`, 'invalid-input');
    }
    const warnings = [];
    const includes = [];
    const excludes = [];
    for (const item of items) {
        const raw = String(item).trim();
        const negated = raw.startsWith('!');
        const pattern = normaliseGlob(negated ? raw.slice(1).trim() : raw);
        if (pattern === '') {
            warnings.push(`${JSON.stringify(raw)} is empty and was ignored`);
            continue;
        }
        // eslint-disable-next-line no-control-regex
        if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(pattern)) {
            throw new errors/* ActionFailure */.dR(`${where}: the glob ${JSON.stringify(raw)} contains a control character (only tabs and line breaks can be part of a name to match)`, 'invalid-input');
        }
        try {
            compileGlob(pattern);
        }
        catch (err) {
            if (!(err instanceof GlobError))
                throw err;
            throw new errors/* ActionFailure */.dR(`${where}: the glob ${JSON.stringify(raw)} is not valid: ${err.message}`, 'invalid-input');
        }
        const problem = neverMatches(pattern);
        if (problem)
            warnings.push(`${JSON.stringify(raw)} can never match: ${problem}`);
        // `api: |` followed by globs on their own lines is one string, not a list.
        if (/[\n\r]/.test(raw) && typeof item === 'string') {
            warnings.push(`${JSON.stringify(String(item))} is one glob over several lines: write a list (one "- glob" per line) for several globs`);
        }
        (negated ? excludes : includes).push(pattern);
    }
    // Exclusions only: everything except them, as the peer actions read such a group.
    if (includes.length === 0 && excludes.length > 0)
        includes.push('**');
    return {
        group: {
            name,
            includes: [...new Set(includes)],
            excludes: [...new Set(excludes)],
            changeTypes: changeTypeList ? new Set(changeTypeList) : undefined,
            dependsOn,
            metadata,
        },
        warnings,
    };
}
/** Nested lists (from anchors) as one list, refused past maxItems so that aliases cannot multiply it. */
function flatten(value, where) {
    const out = [];
    const visit = (v) => {
        if (v === null || v === undefined)
            return;
        if (!Array.isArray(v)) {
            if (out.push(v) > maxItems) {
                throw new errors/* ActionFailure */.dR(`${where}: the list has more than ${maxItems} items`, 'invalid-input');
            }
            return;
        }
        for (const item of v)
            visit(item);
    };
    visit(value);
    return out;
}
/** `./a/b` is `a/b`; `a/b/` means everything in the folder `a/b`. */
function normaliseGlob(pattern) {
    let p = pattern;
    while (p.startsWith('./'))
        p = p.slice(2);
    if (p.endsWith('/') && !p.endsWith('\\/'))
        p = `${p}**`;
    return p;
}
/** Why a glob can never match a path git reports, or undefined when it can. */
function neverMatches(pattern) {
    if (pattern.startsWith('/'))
        return 'git reports paths relative to the repository root, without a leading /';
    if (pattern.split('/').some((segment) => segment === '..' || segment === '.')) {
        return 'git reports normalised paths, without . or .. segments';
    }
    if (/\\[A-Za-z0-9]/.test(pattern)) {
        return 'folders are separated by /, not \\ (a backslash escapes the next character in a glob)';
    }
    if (pattern.includes('//'))
        return 'git paths never contain an empty folder name (//)';
    return undefined;
}
function checkOutputNames(groups, source) {
    // Expressions read outputs case-insensitively, so API and api would be the same output.
    const owner = new Map(fixedOutputs.map((o) => [o, 'the action']));
    for (const g of groups) {
        for (const output of [g.name, `${g.name}-count`, `${g.name}-files`, `${g.name}-files-path`]) {
            const taken = owner.get(output.toLowerCase());
            if (taken) {
                throw new errors/* ActionFailure */.dR(`${source}: group '${g.name}' would set output '${output}', which ${taken === 'the action' ? 'the action sets itself' : `group '${taken}' already sets`}; rename the group`, 'invalid-input');
            }
            owner.set(output.toLowerCase(), g.name);
        }
    }
}

;// CONCATENATED MODULE: ./lib/src/detect-changed-paths/inputs.js






/** More YAML than any real set of filters: 1,000 groups of a few globs are about 60 kB. */
const maxFiltersBytes = 1_000_000;
// C0 and C1 control characters.
// eslint-disable-next-line no-control-regex
const control = /[\u0000-\u001f\u007f-\u009f]/;
const environment = {
    accepted: 'the name of a GitHub environment: up to 255 characters, not starting with - or a space, no control characters',
    test: (v) => /^[^\s-]/.test(v) && v.length <= 255 && !control.test(v),
};
/** Every input, read and checked once, before anything runs. The filters are parsed here too. */
async function readInputs() {
    const workingDirectory = getPath('working-directory', { kind: 'directory', default: '.' });
    const filters = readFilters(workingDirectory);
    const base = getString('base', { format: gitRef });
    const head = getString('head', { format: gitRef });
    const sinceDeployment = getString('since-deployment', { format: environment })?.trim();
    if (base && sinceDeployment) {
        throw new errors/* InputError */.dz('since-deployment', 'it cannot be combined with base (both set the base)', 'one of base or since-deployment');
    }
    const githubToken = getSecret('github-token');
    // Never echoed: the message says what is wrong, not what the value is.
    if (githubToken !== undefined && (/\s/.test(githubToken) || control.test(githubToken) || githubToken.length > 4096)) {
        throw new errors/* InputError */.dz('github-token', 'the value has spaces or control characters, or is too long', 'a GitHub token');
    }
    return {
        filters: { ...(await parseFilters(filters.text, filters.source)), source: filters.source },
        base,
        head,
        sinceDeployment,
        githubToken,
        onMissingBase: getEnum('on-missing-base', ['all', 'fail'], 'all'),
        listFiles: getEnum('list-files', ['none', 'json', 'file'], 'none'),
        maxFetchDepth: getInteger('max-fetch-depth', { default: 5000, min: 0, max: 1_000_000 }),
        workingDirectory,
    };
}
/** `filters` is inline YAML, or the path of a YAML file in the workspace (relative to working-directory). */
function readFilters(workingDirectory) {
    const accepted = 'inline YAML, or the path of a YAML file in the repository';
    const raw = getString('filters', { required: true, format: { accepted, test: () => true } });
    if (raw.length > maxFiltersBytes) {
        throw new errors/* InputError */.dz('filters', `it is ${raw.length} characters long, over ${maxFiltersBytes}`, accepted);
    }
    if (/[\n\r]/.test(raw))
        return { text: raw, source: 'filters' };
    const candidate = raw.trim();
    if (candidate.includes('\0'))
        throw new errors/* InputError */.dz('filters', 'it contains a NUL character', accepted);
    const path = (0,external_node_path_.isAbsolute)(candidate) ? candidate : (0,external_node_path_.resolve)(workingDirectory, candidate);
    let isFile = false;
    try {
        isFile = (0,external_node_fs_.existsSync)(path) && (0,external_node_fs_.statSync)(path).isFile();
    }
    catch {
        // ENAMETOOLONG and the like: not a file, so inline YAML (and the YAML parser explains).
    }
    if (isFile) {
        const inside = (0,external_node_path_.relative)((0,external_node_fs_.realpathSync)(workspaceRoot()), (0,external_node_fs_.realpathSync)(path));
        if (inside.startsWith('..') || (0,external_node_path_.isAbsolute)(inside)) {
            throw new errors/* InputError */.dz('filters', `the file ${JSON.stringify(candidate)} is outside the workspace`, accepted);
        }
        return { text: readText(path, candidate, accepted), source: `filters file ${candidate}` };
    }
    if (/\.ya?ml$/i.test(candidate) && !/:\s/.test(candidate)) {
        throw new errors/* InputError */.dz('filters', `the file ${JSON.stringify(candidate)} does not exist in ${workingDirectory}`, accepted);
    }
    return { text: raw, source: 'filters' };
}
function readText(path, shown, accepted) {
    const bytes = (0,external_node_fs_.readFileSync)(path);
    if (bytes.length > maxFiltersBytes) {
        throw new errors/* InputError */.dz('filters', `the file ${JSON.stringify(shown)} is over ${maxFiltersBytes} bytes`, accepted);
    }
    try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    }
    catch {
        throw new errors/* InputError */.dz('filters', `the file ${JSON.stringify(shown)} is not valid UTF-8`, accepted);
    }
}

;// CONCATENATED MODULE: ./lib/src/detect-changed-paths/matcher.js


// Characters that make a path segment a pattern for picomatch rather than a literal name.
const globChars = /[*?[\]{}()!+@\\]/;
/**
 * The literal folders a glob starts with, and the rest: `services/api/**` is `services/api` + `**`.
 * A file can only match if it is under the prefix, so the prefix files the glob in the index.
 * `rest` is empty for a literal path (no glob character at all).
 */
function staticPrefix(glob) {
    if (!globChars.test(glob))
        return { base: glob, rest: '' };
    const segments = glob.split('/');
    let n = 0;
    while (n < segments.length - 1 && !globChars.test(segments[n]))
        n++;
    return { base: segments.slice(0, n).join('/'), rest: segments.slice(n).join('/') };
}
function changeTypeOf(status) {
    switch (status) {
        case 'added':
        case 'copied':
            return 'added';
        case 'deleted':
            return 'deleted';
        case 'renamed':
            return 'renamed';
        default:
            return 'modified';
    }
}
class GroupMatcher {
    groups;
    buckets = new Map();
    exact = new Map();
    everywhere = [];
    excludes;
    maxDepth;
    /** Lengths of the exact keys: most paths skip the look-up (and hashing the whole path) on one test. */
    exactLengths = new Set();
    /** git lists paths in order, so neighbours share their folder: the buckets of the last one. */
    lastFolder = '\0';
    lastBuckets = [];
    /**
     * For the last folder, when every glob filed above it is a `prefix/**` and none of their groups has
     * exclusions: the groups each of its files counts for, with no test at all, and by which glob.
     */
    lastSimple;
    serial = 0;
    /** Per group: the serial of the file evaluation that last made it a candidate, and by which rule. */
    candidateSerial;
    candidateRule;
    /** Steps of glob matching so far, against a budget for the whole run (see glob.ts). */
    meter;
    constructor(groups, budget = 1_000_000_000) {
        this.groups = groups;
        const meter = { steps: 0, budget };
        this.meter = meter;
        const compile = (glob) => lazily(glob, meter);
        const rules = new Map();
        const ruleFor = (glob) => {
            let rule = rules.get(glob);
            if (!rule) {
                rule = { glob, test: compile(glob), groups: [], serial: -1, result: false };
                rules.set(glob, rule);
            }
            return rule;
        };
        let maxDepth = 0;
        groups.forEach((group, index) => {
            for (const glob of group.includes) {
                const rule = ruleFor(glob);
                if (rule.groups.length === 0) {
                    const { base, rest } = staticPrefix(glob);
                    if (rest === '') {
                        push(this.exact, glob, rule);
                    }
                    else if (base === '') {
                        this.everywhere.push(rule);
                    }
                    else {
                        push(this.buckets, base, rule);
                        maxDepth = Math.max(maxDepth, base.split('/').length);
                        if (rest === '**') {
                            // Everything under the prefix matches `prefix/**`, and so does `prefix` itself (as in
                            // picomatch): nothing to run.
                            push(this.exact, base, rule);
                            rule.test = always;
                        }
                    }
                }
                if (!rule.groups.includes(index))
                    rule.groups.push(index);
            }
        });
        // Exclusions are tested directly (no index): only for groups a file already counts for.
        this.excludes = groups.map((group) => group.excludes.map((glob) => ({ glob, test: compile(glob), groups: [], serial: -1, result: false })));
        this.maxDepth = maxDepth;
        for (const key of this.exact.keys())
            this.exactLengths.add(key.length);
        this.candidateSerial = new Int32Array(groups.length).fill(-1);
        this.candidateRule = new Array(groups.length);
    }
    /** Every include glob with no static prefix, which is tested against every file. */
    get unindexedGlobs() {
        return this.everywhere.map((r) => r.glob);
    }
    /**
     * Groups a path counts for. `into` receives group indices (each once per call); returns how many.
     * A rule that matched is remembered in candidateRule for the summary.
     */
    groupsOf(path, into) {
        const serial = ++this.serial;
        const candidates = into.length;
        if (this.exactLengths.has(path.length)) {
            const exact = this.exact.get(path);
            if (exact)
                this.visit(exact, path, serial, into, true);
        }
        if (this.everywhere.length > 0)
            this.visit(this.everywhere, path, serial, into, false);
        this.enterFolder(path);
        for (const rules of this.lastBuckets)
            this.visit(rules, path, serial, into, false);
        if (into.length === candidates)
            return 0;
        // Drop candidates an exclusion rules out.
        let kept = candidates;
        for (let i = candidates; i < into.length; i++) {
            const g = into[i];
            if (this.excludes[g].length === 0 || !this.excluded(g, path, serial))
                into[kept++] = g;
        }
        into.length = kept;
        return kept - candidates;
    }
    /** Makes the path's folder the current one (usually it already is: git lists paths in order). */
    enterFolder(path) {
        const cut = path.lastIndexOf('/') + 1;
        const last = this.lastFolder;
        if (cut === last.length && path.startsWith(last))
            return;
        const folder = path.slice(0, cut);
        this.lastFolder = folder;
        this.lastBuckets = this.bucketsOf(folder);
        this.lastSimple = this.simpleOf(this.lastBuckets);
    }
    simpleOf(buckets) {
        const groups = [];
        const rules = [];
        const seen = new Set();
        for (const bucket of buckets) {
            for (const rule of bucket) {
                if (rule.test !== always)
                    return undefined;
                for (const g of rule.groups) {
                    if (this.excludes[g].length > 0)
                        return undefined;
                    if (seen.has(g))
                        continue;
                    seen.add(g);
                    groups.push(g);
                    rules.push(rule);
                }
            }
        }
        return { groups, rules };
    }
    /** The buckets filed under the folder `folder` (ending in /) or any folder above it. */
    bucketsOf(folder) {
        const found = [];
        let depth = 0;
        for (let slash = folder.indexOf('/'); slash !== -1 && depth < this.maxDepth; slash = folder.indexOf('/', slash + 1)) {
            depth++;
            const rules = this.buckets.get(folder.slice(0, slash));
            if (rules)
                found.push(rules);
        }
        return found;
    }
    visit(rules, path, serial, into, skipTest) {
        const candidateSerial = this.candidateSerial;
        for (let r = 0; r < rules.length; r++) {
            const rule = rules[r];
            if (!skipTest && !rule.test(path))
                continue;
            const groups = rule.groups;
            for (let k = 0; k < groups.length; k++) {
                const g = groups[k];
                if (candidateSerial[g] === serial)
                    continue;
                candidateSerial[g] = serial;
                this.candidateRule[g] = rule;
                into.push(g);
            }
        }
    }
    excluded(group, path, serial) {
        for (const rule of this.excludes[group]) {
            if (rule.serial !== serial) {
                rule.serial = serial;
                rule.result = rule.test(path);
            }
            if (rule.result)
                return true;
        }
        return false;
    }
    /** Sorts changes into groups: one entry per group, in the order of the filters. */
    match(changes) {
        try {
            return this.matchAll(changes);
        }
        catch (err) {
            if (!(err instanceof GlobError))
                throw err;
            throw new errors/* ActionFailure */.dR(`filters: matching the globs against ${changes.length} changed file(s) took more than ${this.meter.budget} steps: use fewer globs without a fixed folder in front (such as **/x*y*z), or simpler ones`, 'invalid-input');
        }
    }
    matchAll(changes) {
        const results = this.groups.map(() => ({ files: [] }));
        const seenForChange = new Int32Array(this.groups.length).fill(-1);
        const found = [];
        const types = this.groups.map((g) => g.changeTypes);
        const anyTypeFilter = types.some((t) => t !== undefined);
        // The usual case - `prefix/**` globs, no change types - needs no per-file test (see lastSimple).
        const fast = this.everywhere.length === 0 && !anyTypeFilter;
        for (let c = 0; c < changes.length; c++) {
            const change = changes[c];
            if (fast && change.previousPath === undefined && !this.exactLengths.has(change.path.length)) {
                this.enterFolder(change.path);
                const simple = this.lastSimple;
                if (simple) {
                    for (let k = 0; k < simple.groups.length; k++) {
                        const result = results[simple.groups[k]];
                        result.files.push(change.path);
                        if (result.rule === undefined) {
                            result.rule = simple.rules[k].glob;
                            result.example = change.path;
                        }
                    }
                    continue;
                }
            }
            const type = anyTypeFilter ? changeTypeOf(change.status) : undefined;
            found.length = 0;
            this.record(change.path, c, type, types, results, seenForChange, found);
            if (change.previousPath !== undefined) {
                this.record(change.previousPath, c, type, types, results, seenForChange, found);
            }
        }
        return results;
    }
    record(path, changeIndex, type, types, results, seenForChange, found) {
        const start = found.length;
        this.groupsOf(path, found);
        for (let i = start; i < found.length; i++) {
            const g = found[i];
            if (seenForChange[g] === changeIndex)
                continue;
            const allowed = types[g];
            if (allowed && type && !allowed.has(type))
                continue;
            seenForChange[g] = changeIndex;
            const result = results[g];
            // The head path is recorded first, so a path reaching here for a rename's old name is one
            // moved out of the group: it is listed by that old name.
            result.files.push(path);
            if (result.rule === undefined) {
                result.rule = this.candidateRule[g].glob;
                result.example = path;
            }
        }
    }
}
function push(map, key, value) {
    const list = map.get(key);
    if (list)
        list.push(value);
    else
        map.set(key, [value]);
}
const always = () => true;
/** Compiled on first use: a `prefix/**` glob, the usual kind, never needs it. */
function lazily(glob, meter) {
    let matcher;
    return (path) => (matcher ??= compileGlob(glob, meter))(path);
}
/**
 * Groups that count as changed, their own files first, then through `depends-on` (transitively:
 * a group whose dependency changed has changed). Returns, for each group, why: undefined when it did
 * not change, the glob for a direct change, or the dependency's name.
 */
function resolveDependencies(groups, direct) {
    const changed = [...direct];
    const via = groups.map(() => undefined);
    const index = new Map(groups.map((g, i) => [g.name, i]));
    // Dependents of each group, to walk outward from every directly changed group.
    const dependents = groups.map(() => []);
    groups.forEach((g, i) => {
        for (const dep of g.dependsOn)
            dependents[index.get(dep)].push(i);
    });
    const queue = changed.flatMap((c, i) => (c ? [i] : []));
    for (let q = 0; q < queue.length; q++) {
        const from = queue[q];
        for (const d of dependents[from]) {
            if (changed[d])
                continue;
            changed[d] = true;
            via[d] = groups[from].name;
            queue.push(d);
        }
    }
    return { changed, via };
}

;// CONCATENATED MODULE: ./lib/src/detect-changed-paths/report.js


/**
 * GitHub refuses a step output over 1 MB, and caps a job's outputs at 50 MB in all. The action keeps
 * its outputs to 20 MB: past that, thousands of groups or a huge matrix fail the step with this limit
 * named rather than an error from the runner, and file lists stay in their files.
 */
const outputLimits = { perOutput: 1_000_000, total: 20_000_000 };
function changedNames(o) {
    const { groups } = o.inputs.filters;
    return o.groups ? groups.filter((_, i) => o.groups.changed[i]).map((g) => g.name) : [];
}
/** The matrix: one entry per changed group, with the group's free fields. */
function matrixOf(o) {
    const { groups } = o.inputs.filters;
    return {
        include: groups.flatMap((g, i) => (o.groups?.changed[i] ? [{ group: g.name, ...g.metadata }] : [])),
    };
}
/**
 * Every declared output (undefined until known), then per group `<group>`, `<group>-count`, and with
 * list-files `<group>-files-path` and `<group>-files`. A null prototype, so that a group named
 * `__proto__` is an output like any other.
 */
function outputsOf(o) {
    const outputs = Object.create(null);
    const c = o.comparison;
    const known = o.groups !== undefined;
    const names = changedNames(o);
    Object.assign(outputs, {
        changes: known ? JSON.stringify(names) : undefined,
        matrix: known ? JSON.stringify(matrixOf(o)) : undefined,
        'any-changed': known ? String(names.length > 0) : undefined,
        base: known ? c?.base : undefined,
        head: known ? c?.head : undefined,
        'missing-base': known ? String(c?.missingBase !== undefined) : undefined,
    });
    if (!o.groups)
        return outputs;
    const { matches, changed } = o.groups;
    o.inputs.filters.groups.forEach((g, i) => {
        outputs[g.name] = String(changed[i]);
        outputs[`${g.name}-count`] = String(matches[i].files.length);
        if (o.fileLists) {
            outputs[`${g.name}-files-path`] = (0,external_node_path_.join)(o.fileLists.dir, `${g.name}.json`);
            outputs[`${g.name}-files`] = o.fileLists.inline[i];
        }
    });
    return outputs;
}
/** Bytes of a set of outputs as the runner stores them: names and values. */
function sizeOf(outputs) {
    let total = 0;
    for (const [name, value] of Object.entries(outputs)) {
        if (value !== undefined)
            total += Buffer.byteLength(name) + Buffer.byteLength(String(value));
    }
    return total;
}
/** Refuses outputs past the limits, naming the limit and the largest output. */
function checkOutputSizes(outputs) {
    let largest = ['', 0];
    for (const [name, value] of Object.entries(outputs)) {
        const bytes = value === undefined ? 0 : Buffer.byteLength(String(value));
        if (bytes > largest[1])
            largest = [name, bytes];
    }
    const mb = (n) => `${(n / 1_000_000).toFixed(1)} MB`;
    if (largest[1] > outputLimits.perOutput) {
        throw new errors/* ActionFailure */.dR(`The ${largest[0]} output would be ${mb(largest[1])}, over the limit of ${mb(outputLimits.perOutput)} for one output: use fewer or smaller groups, or fewer matrix fields.`, 'outputs-too-large');
    }
    const total = sizeOf(outputs);
    if (total > outputLimits.total) {
        throw new errors/* ActionFailure */.dR(`The outputs would take ${mb(total)} (${Object.keys(outputs).length} outputs), over the limit of ${mb(outputLimits.total)} for all of them: use fewer groups.`, 'outputs-too-large');
    }
}
/**
 * Which file lists are outputs too: each at most the per-output limit, all of them within the room the
 * other outputs leave. Lists are in the order of the filters; a list that does not fit stays in its file.
 */
function inlineLists(lists, mode, room, names) {
    const tooLarge = [];
    let left = room;
    const inline = lists.map((json, i) => {
        if (mode !== 'json')
            return undefined;
        const bytes = Buffer.byteLength(json) + Buffer.byteLength(names[i]) + 6;
        if (bytes <= outputLimits.perOutput && bytes <= left) {
            left -= bytes;
            return json;
        }
        tooLarge.push(names[i]);
        return undefined;
    });
    return { inline, tooLarge };
}
/** Why a group changed, in words for the summary table. */
function whyOf(o, i) {
    const m = o.groups.matches[i];
    if (o.comparison?.missingBase !== undefined)
        return 'no base: every group counts (on-missing-base: all)';
    if (m.rule !== undefined) {
        const more = m.files.length > 1 ? ` and ${m.files.length - 1} more` : '';
        return `${m.rule} matched ${m.example}${more}`;
    }
    if (o.groups.changed[i] && o.groups.via[i])
        return `depends on ${o.groups.via[i]}, which changed`;
    return '-';
}
/**
 * Rows of the summary table. With more than `limit` groups, only the changed ones are listed (up to
 * `maxRows`): a table of a thousand unchanged groups helps nobody and the summary has a size limit.
 */
function summaryRows(o, limit = 200, maxRows = 1000) {
    const { groups } = o.inputs.filters;
    const result = o.groups;
    if (!result)
        return { rows: [], hidden: 0 };
    const row = (i) => [
        groups[i].name,
        result.changed[i] ? 'yes' : 'no',
        String(result.matches[i].files.length),
        whyOf(o, i),
    ];
    const indices = groups.map((_, i) => i);
    const shown = indices.length <= limit ? indices : indices.filter((i) => result.changed[i]).slice(0, maxRows);
    return { rows: shown.map(row), hidden: indices.length - shown.length };
}
/** One line for the log: what was compared and which groups changed. */
function logLineOf(o) {
    const c = o.comparison;
    const names = changedNames(o);
    return (`${c.changes.length} changed file(s) between ${c.base || '(no base)'} and ${c.head || '(no head)'} [${c.source}]; ` +
        `${names.length} of ${o.inputs.filters.groups.length} group(s) changed${names.length > 0 ? `: ${preview(names)}` : ''}`);
}
function summaryOf(o) {
    const c = o.comparison;
    const lines = [];
    if (c?.nothing)
        lines.push(c.nothing);
    else if (c?.missingBase)
        lines.push(`No base: ${c.missingBase}. Every group counts as changed (on-missing-base: all).`);
    else if (c)
        lines.push(`${c.changes.length} changed file(s), ${c.base.slice(0, 12)}..${c.head.slice(0, 12)}, base from ${c.source}.`);
    const { rows, hidden } = summaryRows(o);
    if (hidden > 0) {
        const changedHidden = changedNames(o).length - rows.filter((r) => r[1] === 'yes').length;
        lines.push(`${hidden} group(s) not listed${changedHidden > 0 ? ` (${changedHidden} of them changed: see the changes output)` : ', none of them changed'}.`);
    }
    if (o.fileLists && o.fileLists.tooLarge.length > 0)
        lines.push(tooLargeWarning(o.fileLists.tooLarge));
    for (const w of o.inputs.filters.warnings)
        lines.push(`Warning: ${w}`);
    const groupCount = o.inputs.filters.groups.length;
    if (o.failure) {
        lines.unshift(c
            ? `Failed (${o.failure.reason}) after comparing the commits: ${o.failure.message}`
            : `Failed (${o.failure.reason}) before any change was listed: ${o.failure.message}`);
        return { heading: `Changed paths: failed, ${groupCount} group(s) not decided`, lines };
    }
    return {
        heading: `Changed paths: ${changedNames(o).length} of ${groupCount} group(s)`,
        lines,
        table: { header: ['group', 'changed', 'files', 'why'], rows },
    };
}
function tooLargeWarning(names) {
    return `The file lists of ${preview(names)} are too large for step outputs (over ${outputLimits.perOutput / 1_000_000} MB each, or ${outputLimits.total / 1_000_000} MB in all): read them from <group>-files-path instead.`;
}
function preview(names, max = 20) {
    return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

;// CONCATENATED MODULE: ./lib/src/detect-changed-paths/main.js













/** `early` is what index.ts started before this module loaded: the event, and maybe the diff already running. */
async function main_run({ signal }, early = { payload: {} }) {
    const inputs = await phase('Inputs', async () => readInputs());
    const outcome = { inputs };
    try {
        const plan = await phase('Plan', async () => planOf(inputs, early));
        await phase('Compare', () => detect(plan, outcome, early, signal));
        await phase('Outputs', async () => writeFileLists(outcome));
    }
    catch (err) {
        outcome.failure = (0,run.failureOf)(err);
        throw err;
    }
    finally {
        await publish(outputsOf(outcome), summaryOf(outcome));
    }
}
function planOf(inputs, early) {
    if (early.payloadError)
        throw new errors/* ActionFailure */.dR(early.payloadError, 'invalid-event');
    for (const warning of inputs.filters.warnings)
        lib_core/* warning */.$e(warning);
    const { groups } = inputs.filters;
    const base = planBase({
        eventName: process.env.GITHUB_EVENT_NAME ?? '',
        payload: early.payload,
        sha: process.env.GITHUB_SHA || undefined,
        base: inputs.base,
        head: inputs.head,
        sinceDeployment: inputs.sinceDeployment,
    });
    lib_core/* info */.pq(`Base from ${base.source}; ${groups.length} group(s).`);
    // Without rename detection a rename is a deletion plus an addition: both paths are matched either way.
    return { base, renames: groups.some((g) => g.changeTypes !== undefined), matcher: new GroupMatcher(groups) };
}
/** git lists the changes, the matcher sorts them into groups; the outcome gets both. */
async function detect(plan, outcome, early, signal) {
    const { inputs } = outcome;
    const history = new History({
        cwd: inputs.workingDirectory,
        remote: 'origin',
        maxFetchDepth: inputs.maxFetchDepth,
        signal,
    });
    const comparison = await compare(plan.base, history, inputs, plan.renames, early.diff);
    outcome.comparison = comparison;
    const matches = plan.matcher.match(comparison.changes);
    const { groups } = inputs.filters;
    const result = comparison.missingBase
        ? { matches, changed: groups.map(() => true), via: groups.map(() => undefined) }
        : {
            matches,
            ...resolveDependencies(groups, matches.map((m) => m.files.length > 0)),
        };
    // Refused before any output is written: a run either sets all its outputs or none.
    checkOutputSizes(outputsOf({ ...outcome, groups: result }));
    outcome.groups = result;
    lib_core/* info */.pq(logLineOf(outcome));
}
/** Each group's list in a JSON file under RUNNER_TEMP; with list-files json, as an output too when it fits. */
function writeFileLists(outcome) {
    const { inputs, groups: result } = outcome;
    if (inputs.listFiles === 'none' || !result)
        return;
    const root = process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)();
    (0,external_node_fs_.mkdirSync)(root, { recursive: true });
    const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(root, 'detect-changed-paths-'));
    const names = inputs.filters.groups.map((g) => g.name);
    const lists = result.matches.map((m) => JSON.stringify(m.files));
    lists.forEach((json, i) => (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(dir, `${names[i]}.json`), json));
    const room = outputLimits.total - sizeOf(outputsOf({ ...outcome, fileLists: { dir, inline: [], tooLarge: [] } }));
    const { inline, tooLarge } = inlineLists(lists, inputs.listFiles, room, names);
    if (tooLarge.length > 0)
        lib_core/* warning */.$e(tooLargeWarning(tooLarge));
    outcome.fileLists = { dir, inline, tooLarge };
}
/** A log section, with the time since start in the debug log (RUNNER_DEBUG=1). */
async function phase(name, body) {
    const result = await lib_core/* group */.Os(name, body);
    lib_core/* debug */.Yz(`${name} done ${performance.now().toFixed(0)} ms after start`);
    return result;
}


/***/ })

};
