export const id = 819;
export const ids = [819];
export const modules = {

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
