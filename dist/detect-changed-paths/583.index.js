export const id = 583;
export const ids = [583];
export const modules = {

/***/ 3583:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   classify: () => (/* binding */ classify),
/* harmony export */   reportFailure: () => (/* binding */ reportFailure),
/* harmony export */   runAction: () => (/* binding */ runAction)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7915);


/**
 * Runs an action's main function and turns whatever it throws into a failed step: one `::error`
 * line, the `failure-reason` output, and a non-zero exit code. Mistakes the caller can fix never
 * print a stack trace; unexpected failures print theirs to the log (not the annotation) for bug reports.
 */
async function runAction(main) {
    try {
        await main();
    }
    catch (err) {
        reportFailure(err);
    }
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
function classify(err) {
    if (err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionFailure */ .dR)
        return { reason: err.reason, callerCanFix: err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1 };
    const name = err instanceof Error ? err.name : '';
    const awsReason = awsCallerErrors[name];
    if (awsReason)
        return { reason: awsReason, callerCanFix: true };
    return { reason: 'internal', callerCanFix: false };
}
function reportFailure(err) {
    const { reason, callerCanFix } = classify(err);
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('failure-reason', reason);
    const stack = err instanceof Error ? err.stack : undefined;
    if (stack && !callerCanFix && !(err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionFailure */ .dR)) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Unexpected failure; stack for the bug report:\n${stack}`);
    }
    else if (stack && _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .isDebug */ ._o()) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(stack);
    }
    // The workflow command escapes newlines, so even a multi-line message stays one `::error` line.
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1((0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .messageOf */ .bD)(err));
}


/***/ })

};
