export const id = 583;
export const ids = [583];
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


/***/ })

};
