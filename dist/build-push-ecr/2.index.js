export const id = 2;
export const ids = [2];
export const modules = {

/***/ 4002:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   zipContext: () => (/* binding */ zipContext)
/* harmony export */ });
/* unused harmony export maxContextBytes */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var _balena_dockerignore__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4158);
/* harmony import */ var fflate__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1306);
/* harmony import */ var _action_helpers_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7915);





/** Where a zip entry's timestamp is pinned, so the same files always make the same zip (and S3 key). */
const zipEpoch = new Date('1980-01-01T00:00:00Z');
/** The largest context uploaded for CodeBuild: it is zipped in memory, and a runaway one is a mistake. */
const maxContextBytes = 512 * 1024 * 1024;
const fileType = 0o100000;
const linkType = 0o120000;
/**
 * The build context as a zip (CodeBuild's S3 source format), the same bytes for the same files,
 * holding what `docker build` would send from it:
 * - `.dockerignore` applied as docker applies it (@balena/dockerignore is a port of docker's
 *   matcher), the Dockerfile and `.dockerignore` always kept (docker sends them whatever it says);
 * - a symlink stored as a symlink (its target text), never followed: a link to /proc/self/environ
 *   or ~/.aws/credentials puts no content of theirs in the zip, as docker's own context tar;
 * - regular files with their permission bits; sockets, FIFOs and devices left out; `.git` left out;
 * - at most `maxBytes` of file content, refused before reading past it.
 */
function zipContext(dir, options = {}) {
    const maxBytes = options.maxBytes ?? maxContextBytes;
    const dockerignore = readIgnoreFile(dir);
    const matcher = ignore().add(dockerignore);
    const hasExceptions = dockerignore.some((line) => line.trim().startsWith('!'));
    const keep = new Set([
        '.dockerignore',
        toPosix(node_path__WEBPACK_IMPORTED_MODULE_1__.relative(dir, options.dockerfile ?? node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, 'Dockerfile'))),
    ]);
    const files = {};
    let bytes = 0;
    let count = 0;
    const walk = (relative) => {
        for (const name of (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, relative)).sort()) {
            if (relative === '' && name === '.git')
                continue;
            const entry = relative ? `${relative}/${name}` : name;
            const stat = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, entry));
            const ignored = !keep.has(entry) && matcher.ignores(entry);
            if (stat.isDirectory()) {
                // An ignored folder is still walked when an exception (`!`) may bring back something below it.
                if (!ignored || hasExceptions)
                    walk(entry);
                continue;
            }
            if (ignored)
                continue;
            if (stat.isSymbolicLink()) {
                const target = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readlinkSync)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, entry));
                bytes += target.length;
                files[entry] = [Buffer.from(target), { mtime: zipEpoch, os: 3, attrs: (linkType | 0o777) << 16, level: 0 }];
            }
            else if (stat.isFile()) {
                bytes += stat.size;
                if (bytes > maxBytes) {
                    throw new _action_helpers_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('context', `is larger than ${maxBytes / 1024 / 1024} MiB (at ${JSON.stringify(entry)}) once .dockerignore is applied`, `a smaller context for builder codebuild: list what the build does not need in .dockerignore`);
                }
                // Unix permissions in the external attributes: scripts stay executable inside the build.
                files[entry] = [
                    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, entry)),
                    { mtime: zipEpoch, os: 3, attrs: (fileType | (stat.mode & 0o777)) << 16 },
                ];
            }
            else {
                continue;
            }
            count++;
        }
    };
    try {
        walk('');
    }
    catch (err) {
        const code = err.code;
        if (code === 'ELOOP' || code === 'ENAMETOOLONG') {
            throw new _action_helpers_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz('context', `holds a path that cannot be read (${code})`, 'a context of ordinary files and folders');
        }
        throw err;
    }
    return { zip: (0,fflate__WEBPACK_IMPORTED_MODULE_4__/* .zipSync */ .L)(files, { level: 6 }), files: count, bytes };
}
function readIgnoreFile(dir) {
    const file = node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, '.dockerignore');
    const stat = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(file, { throwIfNoEntry: false });
    // A .dockerignore that is a link is not followed either: docker reads it inside the context only.
    if (!stat?.isFile())
        return [];
    return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8').split(/\r?\n/);
}
// The package is CommonJS with `factory.default = factory`: `.default` is the factory however it is loaded.
const ignore = _balena_dockerignore__WEBPACK_IMPORTED_MODULE_2__["default"];
const toPosix = (p) => p.split(node_path__WEBPACK_IMPORTED_MODULE_1__.sep).join('/');


/***/ })

};
