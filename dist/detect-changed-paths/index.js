import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 3557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 7915:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   bD: () => (/* binding */ messageOf),
/* harmony export */   dR: () => (/* binding */ ActionFailure),
/* harmony export */   dz: () => (/* binding */ InputError)
/* harmony export */ });
/**
 * Failures an action reports on purpose. Each carries a `reason`, a short enum value that becomes
 * the `failure-reason` output, so a workflow can branch on the class of failure without parsing text.
 * An ActionFailure is expected (a bad input, a refused plan, a failed rollout): it is reported as one
 * `::error` line, with its stack in the debug log only. Anything else thrown is a bug and is reported
 * as `internal`, with its stack in the log for the bug report.
 */
class ActionFailure extends Error {
    reason;
    constructor(message, reason, options) {
        super(message, options);
        this.reason = reason;
        this.name = new.target.name;
    }
}
/** An input whose value is not accepted: names the input, the problem and what is accepted. */
class InputError extends ActionFailure {
    input;
    constructor(input, problem, accepted) {
        super(`Input '${input}': ${problem}. Accepted: ${accepted}.`, 'invalid-input');
        this.input = input;
    }
}
/** The message of anything thrown, without assuming it is an Error. */
function messageOf(err) {
    if (err instanceof Error)
        return err.message || err.name;
    return String(err);
}


/***/ }),

/***/ 5984:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  $Y: () => (/* binding */ git),
  JG: () => (/* binding */ gitLine),
  Wf: () => (/* binding */ isFullSha),
  AA: () => (/* binding */ isNullSha)
});

// UNUSED EXPORTS: GitError

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: ./lib/action-helpers/errors.js
var errors = __nccwpck_require__(7915);
;// CONCATENATED MODULE: ./lib/action-helpers/git.js



/** git exited non-zero, timed out or is not installed. */
class GitError extends errors/* ActionFailure */.dR {
    result;
    constructor(message, result, reason = 'command-failed') {
        super(message, reason);
        this.result = result;
    }
}
// Settings that would change what plumbing prints or make it wait on a person.
const fixedConfig = ['-c', 'core.quotepath=off', '-c', 'advice.detachedHead=false', '-c', 'color.ui=false'];
async function git(args, options = {}) {
    // What core.info would print, without loading @actions/core for it.
    if (options.echo)
        process.stdout.write(`[command] git ${args.join(' ')}\n`);
    const child = (0,external_node_child_process_namespaceObject.spawn)('git', [...fixedConfig, ...args], {
        cwd: options.cwd,
        env: { ...process.env, ...options.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
        stdio: ['ignore', 'pipe', 'pipe'],
        shell: false,
        signal: options.signal,
    });
    // Our own timer rather than spawn's `timeout`: node clears that one only on 'exit', which a spawn
    // that failed (a cwd that does not exist) never emits, so it kept the process alive for 5 minutes.
    let timedOut = false;
    const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGTERM');
    }, options.timeoutMs ?? 300_000);
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    const { code, error } = await new Promise((resolve) => {
        child.once('error', (err) => {
            // A spawn that failed (no git, a cwd that does not exist) would keep its pipes, and node, alive.
            child.stdout.destroy();
            child.stderr.destroy();
            resolve({ code: null, error: err });
        });
        child.once('close', (exitCode) => resolve({ code: exitCode }));
    });
    clearTimeout(timer);
    const result = {
        exitCode: code ?? -1,
        stdout: stdout.length === 1 ? stdout[0] : Buffer.concat(stdout),
        stderr: Buffer.concat(stderr).toString('utf8'),
    };
    if (error && error.code === 'ENOENT') {
        if (options.cwd !== undefined && !(0,external_node_fs_.existsSync)(options.cwd)) {
            throw new GitError(`git cannot run in ${options.cwd}: the folder does not exist`, result);
        }
        throw new GitError('git was not found on PATH', result, 'tool-missing');
    }
    if (options.signal?.aborted) {
        throw new GitError(`git ${args[0] ?? ''} was stopped: the run was cancelled`, result, 'cancelled');
    }
    if (timedOut) {
        throw new GitError(`git ${args[0] ?? ''} did not finish within ${(options.timeoutMs ?? 300_000) / 1000}s`, result, 'timeout');
    }
    if (result.exitCode !== 0 && !options.allowFailure) {
        const detail = result.stderr.trim().split('\n').slice(-5).join('\n');
        throw new GitError(`git ${args[0] ?? ''} failed with exit code ${result.exitCode}${detail ? `:\n${detail}` : ''}`, result);
    }
    return result;
}
/** stdout of a git command as one trimmed line (a SHA, a flag). */
async function gitLine(args, options = {}) {
    const result = await git(args, options);
    if (result.exitCode !== 0)
        return undefined;
    return result.stdout.toString('utf8').trim();
}
/** A full commit SHA (SHA-1 or SHA-256). */
function isFullSha(value) {
    return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(value);
}
/** The all-zero SHA GitHub sends as `before` for a new branch and as `after` for a deleted one. */
function isNullSha(value) {
    return value !== undefined && /^0+$/.test(value);
}


/***/ }),

/***/ 2805:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   fs: () => (/* binding */ splitZ),
/* harmony export */   jg: () => (/* binding */ diffTreeArgs),
/* harmony export */   rd: () => (/* binding */ parseNameStatusZ)
/* harmony export */ });
const statusByLetter = {
    A: 'added',
    M: 'modified',
    D: 'deleted',
    R: 'renamed',
    C: 'copied',
    T: 'type-changed',
    U: 'unmerged',
    X: 'unmerged',
};
/** Parses `git diff --name-status -z`: `STATUS\0path\0`, and for renames and copies `R<score>\0old\0new\0`. */
function parseNameStatusZ(output) {
    // One decode and one native split: a NUL byte is never part of a UTF-8 sequence, so splitting the
    // decoded text is the same as decoding each field, and much faster for 50,000 of them.
    const fields = output.toString('utf8').split('\0');
    // Every field ends with a NUL, so the last piece of the split is empty.
    if (fields[fields.length - 1] === '')
        fields.pop();
    const changes = [];
    const n = fields.length;
    let i = 0;
    while (i < n) {
        const code = fields[i++];
        const status = statusByLetter[code[0] ?? ''];
        if (!status)
            throw new Error(`unexpected git status ${JSON.stringify(code)} in diff output`);
        const twoPaths = status === 'renamed' || status === 'copied';
        if (i + (twoPaths ? 2 : 1) > n)
            throw new Error('truncated git diff output');
        const path = fields[i++];
        if (twoPaths)
            changes.push({ status, path: fields[i++], previousPath: path });
        else
            changes.push({ status, path });
    }
    return changes;
}
/** Splits NUL-terminated names (`ls-tree -z --name-only`). */
function splitZ(output) {
    return output
        .toString('utf8')
        .split('\0')
        .filter((name) => name !== '');
}
/**
 * `git diff-tree` arguments listing the files that differ between two commits, NUL-separated with
 * their status. Plumbing, so user settings such as diff.renames or diff.relative cannot change it;
 * renames (`-M`) only when asked: exact ones always, similar ones within git's rename limit.
 * `--end-of-options` keeps a revision that starts with `-` from ever being read as an option.
 */
function diffTreeArgs(base, head, renames) {
    return [
        'diff-tree',
        '-r',
        '-z',
        '--name-status',
        '--no-ext-diff',
        '--ignore-submodules=none',
        renames ? '-M' : '--no-renames',
        '--end-of-options',
        base,
        head,
        '--',
    ];
}


/***/ }),

/***/ 539:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   w: () => (/* binding */ startEarly)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var _action_helpers_git_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(5984);
/* harmony import */ var _diff_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(2805);




function startEarly(env = process.env) {
    const early = { payload: {} };
    const path = env.GITHUB_EVENT_PATH;
    if (path && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path)) {
        try {
            const parsed = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'));
            if (parsed !== null && typeof parsed === 'object')
                early.payload = parsed;
        }
        catch (err) {
            early.payloadError = `The event payload ${path} is not valid JSON: ${err.message}`;
            return early;
        }
    }
    try {
        early.diff = startDiff(env, early.payload);
    }
    catch {
        early.diff = undefined;
    }
    return early;
}
function startDiff(env, payload) {
    if (env.INPUT_BASE?.trim() || env.INPUT_HEAD?.trim() || env['INPUT_SINCE-DEPLOYMENT']?.trim())
        return undefined;
    let base;
    let head;
    if (env.GITHUB_EVENT_NAME === 'push' && payload.deleted !== true) {
        ({ before: base, after: head } = payload);
    }
    else if (env.GITHUB_EVENT_NAME === 'merge_group') {
        const group = (payload.merge_group ?? {});
        ({ base_sha: base, head_sha: head } = group);
    }
    if (typeof base !== 'string' || typeof head !== 'string')
        return undefined;
    if (!(0,_action_helpers_git_js__WEBPACK_IMPORTED_MODULE_2__/* .isFullSha */ .Wf)(base) || !(0,_action_helpers_git_js__WEBPACK_IMPORTED_MODULE_2__/* .isFullSha */ .Wf)(head) || (0,_action_helpers_git_js__WEBPACK_IMPORTED_MODULE_2__/* .isNullSha */ .AA)(base) || (0,_action_helpers_git_js__WEBPACK_IMPORTED_MODULE_2__/* .isNullSha */ .AA)(head))
        return undefined;
    const cwd = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(env.GITHUB_WORKSPACE || process.cwd(), env['INPUT_WORKING-DIRECTORY']?.trim() || '.');
    // readInputs explains a working-directory that is not a folder; git is not started in one.
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(cwd) || !(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(cwd).isDirectory())
        return undefined;
    const renames = mentionsChangeTypes(env.INPUT_FILTERS?.trim() ?? '', cwd);
    const result = (0,_action_helpers_git_js__WEBPACK_IMPORTED_MODULE_2__/* .git */ .$Y)((0,_diff_js__WEBPACK_IMPORTED_MODULE_3__/* .diffTreeArgs */ .jg)(base, head, renames), { cwd, allowFailure: true }).catch(() => undefined);
    return { cwd, base, head, renames, result };
}
/** A guess at whether a group restricts change types; main.ts checks it against the parsed filters. */
function mentionsChangeTypes(filters, cwd) {
    if (!/[\n\r]/.test(filters) && filters !== '') {
        const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(filters) ? filters : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(cwd, filters);
        if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path) && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path).isFile())
            return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8').includes('change-types');
    }
    return filters.includes('change-types');
}


/***/ }),

/***/ 9024:
/***/ ((__webpack_module__, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _early_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(539);

// The diff starts before the rest of the action loads (see early.ts); the two then run side by side.
const early = (0,_early_js__WEBPACK_IMPORTED_MODULE_0__/* .startEarly */ .w)();
const [{ runAction }, { run }] = await Promise.all([Promise.all(/* import() */[__nccwpck_require__.e(421), __nccwpck_require__.e(583)]).then(__nccwpck_require__.bind(__nccwpck_require__, 3583)), Promise.all(/* import() */[__nccwpck_require__.e(421), __nccwpck_require__.e(153)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7153))]);
await runAction((context) => run(context, early));

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(9024);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
