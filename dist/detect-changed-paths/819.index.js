export const id = 819;
export const ids = [819];
export const modules = {

/***/ 9819:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   currentRepo: () => (/* binding */ currentRepo),
/* harmony export */   githubClient: () => (/* binding */ githubClient)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7915);


function githubClient(token, input = 'github-token') {
    if (!token) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`Input '${input}' is empty: pass \${{ github.token }} or a token with the needed permissions.`);
    }
    return _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q(token, {
        baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
        request: { timeout: 30_000 },
    });
}
/** The repository the workflow runs in, from GITHUB_REPOSITORY. */
function currentRepo() {
    const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
    if (!owner || !repo)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1('GITHUB_REPOSITORY is not set: this step must run inside a GitHub Actions job.');
    return { owner, repo };
}


/***/ })

};
