export const id = 462;
export const ids = [462,819];
export const modules = {

/***/ 462:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   lastSuccessfulDeployment: () => (/* binding */ lastSuccessfulDeployment)
/* harmony export */ });
/* unused harmony exports createDeployment, setDeploymentStatus */
/* harmony import */ var _github_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9819);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3583);


/**
 * The last successful deployment to an environment: deployments are listed newest first, and the
 * first whose latest status is `success` wins (a newer one in progress, failed, errored or made
 * inactive is passed over). Bounded: at most `maxDeployments` are examined, one status request each.
 */
async function lastSuccessfulDeployment(octokit, repo, environment, maxDeployments = 100) {
    return mapped('list the deployments of', repo, 'permissions: deployments: read', async () => {
        let examined = 0;
        for (let page = 1; examined < maxDeployments; page++) {
            const perPage = Math.min(100, maxDeployments);
            const { data: deployments } = await octokit.rest.repos.listDeployments({
                ...repo,
                environment,
                per_page: perPage,
                page,
            });
            for (const d of deployments) {
                if (examined >= maxDeployments)
                    break;
                examined++;
                if ((await latestState(octokit, repo, d.id)) === 'success')
                    return { deployment: deploymentOf(d), examined };
            }
            if (deployments.length < perPage)
                break;
        }
        return { examined };
    });
}
/**
 * Records a deployment, or finds the one an earlier attempt of the same run recorded: same
 * environment, same commit, same payload. GitHub is told not to merge the default branch into the
 * ref and not to wait for commit statuses: the deployment already happened, this only records it.
 */
async function createDeployment(octokit, repo, request) {
    return mapped('create a deployment in', repo, 'permissions: deployments: write', async () => {
        const { data: existing } = await octokit.rest.repos.listDeployments({
            ...repo,
            environment: request.environment,
            ...(/^[0-9a-f]{40}$/i.test(request.ref) ? { sha: request.ref } : { ref: request.ref }),
            per_page: 100,
        });
        const wanted = canonicalJson(request.payload);
        const same = existing.find((d) => canonicalJson(payloadOf(d.payload)) === wanted);
        if (same)
            return { deployment: deploymentOf(same), created: false };
        const { data } = await octokit.rest.repos.createDeployment({
            ...repo,
            ref: request.ref,
            environment: request.environment,
            payload: request.payload,
            description: request.description?.slice(0, 140),
            auto_merge: false,
            required_contexts: [],
            ...(request.productionEnvironment === undefined ? {} : { production_environment: request.productionEnvironment }),
        });
        // 202 is GitHub's answer when it merged instead of deploying, which auto_merge: false rules out.
        if (!('id' in data))
            throw new Error(`GitHub did not record the deployment: ${data.message ?? 'no reason given'}`);
        return { deployment: deploymentOf(data), created: true };
    });
}
/**
 * Adds a status to a deployment (GitHub keeps them all; the newest is the deployment's state), unless
 * the newest already says the same: a re-run adds nothing.
 */
async function setDeploymentStatus(octokit, repo, deploymentId, status) {
    const description = status.description?.slice(0, 140);
    return mapped('set a deployment status in', repo, 'permissions: deployments: write', async () => {
        const { data: newest } = await octokit.rest.repos.listDeploymentStatuses({
            ...repo,
            deployment_id: deploymentId,
            per_page: 1,
        });
        const latest = newest[0];
        if (latest?.state === status.state &&
            (latest.description ?? '') === (description ?? '') &&
            (latest.environment_url ?? '') === (status.environmentUrl ?? '')) {
            return { created: false };
        }
        await octokit.rest.repos.createDeploymentStatus({
            ...repo,
            deployment_id: deploymentId,
            state: status.state,
            log_url: status.logUrl ?? runUrl(),
            environment_url: status.environmentUrl,
            description,
        });
        return { created: true };
    });
}
async function latestState(octokit, repo, deploymentId) {
    const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({
        ...repo,
        deployment_id: deploymentId,
        per_page: 100,
    });
    // Newest first as GitHub returns them; sorted anyway, so the order of the answer never matters.
    return [...statuses].sort((a, b) => b.id - a.id)[0]?.state;
}
function deploymentOf(d) {
    return {
        id: d.id,
        sha: d.sha,
        ref: d.ref,
        environment: d.environment,
        createdAt: d.created_at,
        payload: payloadOf(d.payload),
    };
}
/** GitHub answers the payload as an object, or as the string it was given. */
function payloadOf(payload) {
    if (typeof payload === 'string') {
        try {
            payload = JSON.parse(payload);
        }
        catch {
            return {};
        }
    }
    return payload && typeof payload === 'object' && !Array.isArray(payload) ? payload : {};
}
function canonicalJson(value) {
    return JSON.stringify(value, (_key, v) => v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v);
}
async function mapped(what, repo, permission, call) {
    try {
        return await call();
    }
    catch (err) {
        throw (0,_github_js__WEBPACK_IMPORTED_MODULE_0__/* .githubAccessError */ .g)(err, what, repo, permission);
    }
}


/***/ }),

/***/ 9819:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   currentRepo: () => (/* binding */ currentRepo),
/* harmony export */   g: () => (/* binding */ githubAccessError),
/* harmony export */   githubClient: () => (/* binding */ githubClient)
/* harmony export */ });
/* unused harmony export statusOf */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1351);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7598);
/* harmony import */ var _actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5555);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(6856);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7915);







/** A rate limit is waited out only this long; beyond it the step fails instead of idling the runner. */
const maxRateLimitWaitSeconds = 120;
const maxRateLimitRetries = 2;
const clientErrors = Array.from({ length: 100 }, (_, i) => 400 + i);
function githubClient(token, options = {}) {
    const { input = 'github-token', signal, timeoutMs = 30_000 } = options;
    if (!token) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ActionFailure */ .dR(`Input '${input}' is empty: pass \${{ github.token }} or a token with the needed permissions.`, 'invalid-input');
    }
    const onLimit = (kind) => (retryAfter, request, _octokit, retryCount) => {
        const retrying = retryCount < maxRateLimitRetries && retryAfter <= maxRateLimitWaitSeconds;
        if (retrying)
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`GitHub's ${kind} for ${request.method} ${request.url}: retrying in ${retryAfter} s.`);
        return retrying;
    };
    return _actions_github__WEBPACK_IMPORTED_MODULE_1__/* .getOctokit */ .Q(token, {
        baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
        // Replaces the toolkit's `request` defaults as a whole, so its proxy-aware fetch is wrapped, not lost.
        request: { fetch: fetchWithDeadline(toolkitFetch(), timeoutMs, signal) },
        // Only 5xx and network failures are repeated (429 and 403 rate limits are plugin-throttling's):
        // every other 4xx is an answer, and 409 (conflict) is not in the plugin's own list.
        retry: { doNotRetry: clientErrors.filter((status) => status !== 429) },
        throttle: {
            // Writes are paced per client (one per run), not across every client this process ever made.
            id: (0,node_crypto__WEBPACK_IMPORTED_MODULE_2__.randomUUID)(),
            onRateLimit: onLimit('rate limit'),
            onSecondaryRateLimit: onLimit('secondary rate limit'),
        },
        log: {
            debug: (m) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(m),
            info: () => { },
            warn: (m) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(m),
            error: (m) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(m),
        },
    }, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_5__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_6__/* .throttling */ .A);
}
function toolkitFetch() {
    return _actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_3__/* .defaults */ .NT.request?.fetch ?? ((url, init) => fetch(url, init));
}
/**
 * Each attempt gets its own deadline. A cancelled run's request fails as an Error named AbortError:
 * Octokit hands that error on without its request, which is what keeps plugin-retry from repeating it.
 */
function fetchWithDeadline(base, timeoutMs, cancel) {
    return async (url, init) => {
        const deadline = AbortSignal.timeout(timeoutMs);
        const signals = [deadline, ...(cancel ? [cancel] : []), ...(init.signal ? [init.signal] : [])];
        try {
            return await base(url, { ...init, signal: AbortSignal.any(signals) });
        }
        catch (err) {
            if (cancel?.aborted) {
                throw Object.assign(new Error('The run was cancelled.', { cause: cancel.reason }), { name: 'AbortError' });
            }
            if (deadline.aborted)
                throw new Error(`GitHub did not answer within ${timeoutMs} ms`, { cause: err });
            throw err;
        }
    };
}
/** The repository the workflow runs in, from GITHUB_REPOSITORY. */
function currentRepo() {
    const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
    if (!owner || !repo)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ActionFailure */ .dR('GITHUB_REPOSITORY is not set: this step must run inside a GitHub Actions job.', 'invalid-input');
    return { owner, repo };
}
/** The status of a failed GitHub API call (Octokit's RequestError), if it has one. */
function statusOf(err) {
    const status = err?.status;
    return typeof status === 'number' ? status : undefined;
}
/**
 * A refusal the caller can fix (bad token, missing permission, repository not visible to the token,
 * rate limit exhausted) as an ActionFailure with reason `github-access` naming the permission needed;
 * anything else (a 5xx after the retries, a bug) is returned unchanged. `what` reads before the
 * repository's name: 'list the deployments of'.
 */
function githubAccessError(err, what, repo, permission) {
    const status = statusOf(err);
    if (status !== 401 && status !== 403 && status !== 404 && status !== 429)
        return err;
    const rateLimited = status === 429 || /rate limit/i.test(err.message ?? '');
    const fix = rateLimited
        ? `GitHub's API rate limit was reached; try again later`
        : `the token needs \`${permission}\``;
    return new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ActionFailure */ .dR(`Could not ${what} ${repo.owner}/${repo.repo} (HTTP ${status}): ${fix}.`, 'github-access', {
        cause: err,
    });
}


/***/ })

};
