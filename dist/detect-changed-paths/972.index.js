export const id = 972;
export const ids = [972];
export const modules = {

/***/ 9972:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
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
// EXTERNAL MODULE: ./lib/action-helpers/git.js + 1 modules
var git = __webpack_require__(5984);
;// CONCATENATED MODULE: ./lib/action-helpers/outputs.js

/**
 * Outputs and the job summary, written through @actions/core only. Non-string values become JSON,
 * so a caller can always `fromJSON()` an output that holds a list or an object.
 */
function setOutputs(outputs) {
    for (const [name, value] of Object.entries(outputs)) {
        if (value === undefined)
            continue;
        core.setOutput(name, typeof value === 'string' ? value : JSON.stringify(value));
    }
}
/**
 * Writes the job summary. Off GitHub (act without a summary file, a local run) there is no summary
 * file, and the summary goes to the log instead of failing the step.
 */
async function writeSummary(content) {
    const s = lib_core/* summary */.z.emptyBuffer().addHeading(content.heading, 3);
    for (const line of content.lines ?? [])
        s.addRaw(escapeHtml(line), true).addBreak();
    if (content.table) {
        s.addTable([
            content.table.header.map((data) => ({ data: escapeHtml(data), header: true })),
            ...content.table.rows.map((row) => row.map((cell) => escapeHtml(String(cell)))),
        ]);
    }
    if (content.details)
        s.addDetails(escapeHtml(content.details.summary), `<pre>${escapeHtml(content.details.text)}</pre>`);
    if (process.env.GITHUB_STEP_SUMMARY) {
        await s.write();
    }
    else {
        lib_core/* info */.pq(s.stringify());
        s.emptyBuffer();
    }
}
function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
/**
 * The dry-run convention: with `dry-run: true` an action computes and reports its whole plan but
 * performs no effect. Effects go through here so the two paths cannot drift apart.
 */
async function effect(dryRun, description, perform) {
    if (dryRun) {
        core.info(`[dry-run] would ${description}`);
        return undefined;
    }
    return perform();
}

;// CONCATENATED MODULE: ./lib/src/detect-changed-paths/deployments.js
async function lastSuccessfulDeployment(octokit, repo, environment, maxDeployments = 100) {
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
            const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({
                ...repo,
                deployment_id: d.id,
                per_page: 100,
            });
            // Newest first as GitHub returns them; sorted anyway, so the order of the answer never matters.
            const latest = [...statuses].sort((a, b) => b.id - a.id)[0];
            if (latest?.state === 'success') {
                return { deployment: { id: d.id, sha: d.sha, ref: d.ref, createdAt: d.created_at }, examined };
            }
        }
        if (deployments.length < perPage)
            break;
    }
    return { examined };
}

;// CONCATENATED MODULE: ./lib/src/detect-changed-paths/events.js

const pullRequestEvents = new Set([
    'pull_request',
    'pull_request_target',
    'pull_request_review',
    'pull_request_review_comment',
]);
function planBase(ctx) {
    const p = ctx.payload;
    const defaultHead = ctx.head ? { rev: ctx.head } : ctx.sha ? { sha: ctx.sha } : { rev: 'HEAD' };
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
        const baseSha = str(base.sha);
        const headSha = str(head.sha);
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
        const baseSha = str(group.base_sha);
        const headSha = str(group.head_sha);
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
        const before = str(p.before);
        const after = str(p.after);
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
const groupNamePattern = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const ownKeys = new Set(['paths', 'change-types', 'depends-on']);
/** `source` names where the text came from in messages: "filters" or "filters file .github/filters.yml". */
async function parseFilters(text, source = 'filters') {
    const entries = parseSimpleYaml(text) ?? (await parseWithLibrary(text, source));
    if (entries.length === 0)
        throw new errors/* ConfigurationError */.j1(`${source}: no groups are defined`);
    const warnings = [];
    const groups = [];
    const lines = new Map();
    for (const { key: name, value, line } of entries) {
        const at = line ? ` (line ${line})` : '';
        if (!groupNamePattern.test(name)) {
            throw new errors/* ConfigurationError */.j1(`${source}: group name ${JSON.stringify(name)}${at} is not valid: it becomes an output name, so use letters, digits, - and _, starting with a letter or _`);
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
                throw new errors/* ConfigurationError */.j1(`${source}: group '${g.name}'${lines.get(g.name)} depends on '${dep}', which is not a group (groups: ${[...names].join(', ')})`);
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
        throw new errors/* ConfigurationError */.j1(`${source}: invalid YAML${where}: ${what}`);
    }
    const root = doc.contents;
    if (root === null || (isScalar(root) && (root.value === null || root.value === '')))
        return [];
    if (!isMap(root)) {
        const line = root.range ? ` (line ${lineCounter.linePos(root.range[0]).line})` : '';
        throw new errors/* ConfigurationError */.j1(`${source}: expected a mapping of group name to globs, such as "api: [services/api/**]"${line}`);
    }
    const json = doc.toJS({ maxAliasCount: 10_000 });
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
            throw new errors/* ConfigurationError */.j1(`${where}: the mapping form needs a 'paths' list`);
        rawPaths = fields.paths;
        if (fields['change-types'] !== undefined) {
            const list = flatten(fields['change-types']);
            const bad = list.find((t) => typeof t !== 'string' || !changeTypes.includes(t));
            if (bad !== undefined || list.length === 0) {
                throw new errors/* ConfigurationError */.j1(`${where}: change-types ${JSON.stringify(bad ?? fields['change-types'])} is not valid. Accepted: a list of ${changeTypes.join(', ')}`);
            }
            changeTypeList = list;
        }
        if (fields['depends-on'] !== undefined) {
            const list = flatten(fields['depends-on']);
            const bad = list.find((d) => typeof d !== 'string');
            if (bad !== undefined)
                throw new errors/* ConfigurationError */.j1(`${where}: depends-on must list group names`);
            dependsOn = [...new Set(list)].filter((d) => d !== name);
        }
        for (const [key, v] of Object.entries(fields)) {
            if (ownKeys.has(key))
                continue;
            if (key === 'group') {
                throw new errors/* ConfigurationError */.j1(`${where}: 'group' is reserved (the matrix sets it to the group's name)`);
            }
            metadata[key] = v;
        }
    }
    else {
        rawPaths = value;
    }
    const items = flatten(rawPaths);
    if (items.length === 0 || items.some((p) => typeof p !== 'string' && typeof p !== 'number')) {
        throw new errors/* ConfigurationError */.j1(`${where}: expected a glob or a list of globs, such as services/api/**`);
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
        const problem = neverMatches(pattern);
        if (problem)
            warnings.push(`${JSON.stringify(raw)} can never match: ${problem}`);
        (negated ? excludes : includes).push(pattern);
    }
    if (includes.length === 0)
        warnings.push('has no glob to include, only exclusions (!...), so no file can ever count for it');
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
function flatten(value) {
    if (value === null || value === undefined)
        return [];
    if (!Array.isArray(value))
        return [value];
    return value.flatMap((v) => flatten(v));
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
                throw new errors/* ConfigurationError */.j1(`${source}: group '${g.name}' would set output '${output}', which ${taken === 'the action' ? 'the action sets itself' : `group '${taken}' already sets`}; rename the group`);
            }
            owner.set(output.toLowerCase(), g.name);
        }
    }
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
        return (0,git/* git */.$Y)(args, { cwd: this.options.cwd, allowFailure, echo });
    }
    /** Whether the clone is shallow; fails with a clear message outside a git repository. */
    async isShallow() {
        if (this.shallow === undefined) {
            const answer = await (0,git/* gitLine */.JG)(['rev-parse', '--is-shallow-repository'], {
                cwd: this.options.cwd,
                allowFailure: true,
            });
            if (answer === undefined) {
                throw new errors/* ConfigurationError */.j1(`${this.options.cwd} is not a git repository: check out the repository first (actions/checkout), or set working-directory`, 'not-a-repository');
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
        });
    }
    async hasCommit(sha) {
        const r = await this.run(['cat-file', '-e', `${sha}^{commit}`]);
        return r.exitCode === 0;
    }
    /**
     * Fetches commits from the remote. In a shallow clone only what is needed: one commit for a tree
     * comparison, a first slice of history for a merge-base. A full clone stays full.
     */
    async fetch(refs, purpose) {
        const depth = (await this.isShallow()) ? ['--depth', String(purpose === 'tree' ? 1 : this.firstStep())] : [];
        const r = await this.run(['fetch', '--no-tags', '--no-recurse-submodules', '--quiet', ...depth, this.options.remote, ...refs], true, true);
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
            const found = await (0,git/* gitLine */.JG)(['merge-base', base, head], { cwd: this.options.cwd, allowFailure: true });
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
        const r = await this.run((0,git/* diffTreeArgs */.jg)(base, head, renames));
        if (r.exitCode !== 0)
            return undefined;
        return (0,git/* parseNameStatusZ */.rd)(r.stdout);
    }
    /** Every file at head, as added: what "every group changed" is made of when there is no base. */
    async allFiles(head) {
        const r = await this.run(['ls-tree', '-r', '-z', '--name-only', '--full-tree', head], false);
        return (0,git/* splitZ */.fs)(r.stdout).map((path) => ({ status: 'added', path }));
    }
}

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

;// CONCATENATED MODULE: ./lib/src/detect-changed-paths/inputs.js




const revision = {
    accepted: 'a commit SHA, branch or tag (not starting with -)',
    test: (v) => !v.startsWith('-') && !/[\s\0]/.test(v),
};
function getInputs() {
    const workingDirectory = (0,external_node_path_.resolve)(process.env.GITHUB_WORKSPACE || process.cwd(), getString('working-directory', { default: '.' }));
    if (!(0,external_node_fs_.existsSync)(workingDirectory)) {
        throw new errors/* InputError */.dz('working-directory', `${JSON.stringify(workingDirectory)} does not exist`, 'a folder of the checked-out repository');
    }
    const base = getString('base', { format: revision });
    const sinceDeployment = getString('since-deployment', {
        format: { accepted: 'the name of a GitHub environment', test: (v) => v.trim() !== '' && !/[\n\r]/.test(v) },
    });
    if (base && sinceDeployment) {
        throw new errors/* InputError */.dz('since-deployment', 'it cannot be combined with base (both set the base)', 'one of base or since-deployment');
    }
    return {
        filters: readFilters(workingDirectory),
        base,
        head: getString('head', { format: revision }),
        sinceDeployment: sinceDeployment?.trim(),
        githubToken: getSecret('github-token'),
        onMissingBase: getEnum('on-missing-base', ['all', 'fail'], 'all'),
        listFiles: getEnum('list-files', ['none', 'json', 'file'], 'none'),
        maxFetchDepth: getInteger('max-fetch-depth', { default: 5000, min: 0, max: 1_000_000 }),
        workingDirectory,
    };
}
/** `filters` is inline YAML, or the path of a YAML file (relative to working-directory). */
function readFilters(workingDirectory) {
    const raw = getString('filters', {
        required: true,
        format: { accepted: 'YAML mapping group names to globs, or the path of such a file', test: () => true },
    });
    if (!/[\n\r]/.test(raw)) {
        const candidate = raw.trim();
        const path = (0,external_node_path_.isAbsolute)(candidate) ? candidate : (0,external_node_path_.resolve)(workingDirectory, candidate);
        if ((0,external_node_fs_.existsSync)(path) && (0,external_node_fs_.statSync)(path).isFile()) {
            return { text: (0,external_node_fs_.readFileSync)(path, 'utf8'), source: `filters file ${candidate}` };
        }
        if (/\.ya?ml$/i.test(candidate) && !/:\s/.test(candidate)) {
            throw new errors/* InputError */.dz('filters', `the file ${JSON.stringify(candidate)} does not exist in ${workingDirectory}`, 'inline YAML, or the path of a YAML file in the repository');
        }
    }
    return { text: raw, source: 'filters' };
}

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
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
    constructor(groups) {
        this.groups = groups;
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
                            // Everything under the prefix matches `prefix/**`, and picomatch lets it match `prefix`
                            // itself: no regular expression to run.
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
/** Compiled on first use: a `prefix/**` glob, the usual kind, never needs its regular expression. */
function compile(glob) {
    let matcher;
    return (path) => (matcher ??= picomatch(glob, { dot: true }))(path);
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./lib/src/detect-changed-paths/outputs-file.js




/**
 * Sets many outputs with one write. core.setOutput opens, appends to and closes GITHUB_OUTPUT once
 * per output: 20 ms for the 2,000 outputs of 1,000 groups, a tenth of the action's whole run. This
 * writes the same `name<<delimiter` blocks core writes (prepareKeyValueMessage in
 * @actions/core/lib/file-command.js: a random `ghadelimiter_<uuid>`, refused if a name or value
 * contains it) in a single append. Without GITHUB_OUTPUT it leaves everything to core.setOutput.
 */
function setOutputsAtOnce(outputs) {
    const file = process.env.GITHUB_OUTPUT;
    if (!file) {
        for (const [name, value] of Object.entries(outputs))
            lib_core/* setOutput */.uH(name, value);
        return;
    }
    const delimiter = `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`;
    const blocks = [];
    for (const [name, value] of Object.entries(outputs)) {
        if (name.includes(delimiter))
            throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
        if (value.includes(delimiter))
            throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
        blocks.push(`${name}<<${delimiter}${external_node_os_.EOL}${value}${external_node_os_.EOL}${delimiter}${external_node_os_.EOL}`);
    }
    (0,external_node_fs_.appendFileSync)(file, blocks.join(''), { encoding: 'utf8' });
}

;// CONCATENATED MODULE: ./lib/src/detect-changed-paths/report.js


function changedNames(o) {
    return o.groups.filter((_, i) => o.changed[i]).map((g) => g.name);
}
/** The matrix: one entry per changed group, with the group's free fields. */
function matrixOf(o) {
    return {
        include: o.groups.flatMap((g, i) => (o.changed[i] ? [{ group: g.name, ...g.metadata }] : [])),
    };
}
/** The outputs that do not depend on list-files, in the order they are written. */
function mainOutputs(o) {
    const names = changedNames(o);
    const outputs = {
        changes: JSON.stringify(names),
        matrix: JSON.stringify(matrixOf(o)),
        'any-changed': String(names.length > 0),
        base: o.base,
        head: o.head,
        'missing-base': String(o.missingBase !== undefined),
    };
    o.groups.forEach((g, i) => {
        outputs[g.name] = String(o.changed[i]);
        outputs[`${g.name}-count`] = String(o.matches[i].files.length);
    });
    return outputs;
}
/** Why a group changed, in words for the summary table. */
function whyOf(o, i) {
    const m = o.matches[i];
    if (o.missingBase !== undefined)
        return 'no base: every group counts (on-missing-base: all)';
    if (m.rule !== undefined) {
        const more = m.files.length > 1 ? ` and ${m.files.length - 1} more` : '';
        return `${m.rule} matched ${m.example}${more}`;
    }
    if (o.changed[i] && o.via[i])
        return `depends on ${o.via[i]}, which changed`;
    return '-';
}
/**
 * Rows of the summary table. With more than `limit` groups, only the changed ones are listed (up to
 * `maxRows`): a table of a thousand unchanged groups helps nobody and the summary has a size limit.
 */
function summaryRows(o, limit = 200, maxRows = 1000) {
    const row = (i) => [
        o.groups[i].name,
        o.changed[i] ? 'yes' : 'no',
        String(o.matches[i].files.length),
        whyOf(o, i),
    ];
    const indices = o.groups.map((_, i) => i);
    const shown = indices.length <= limit ? indices : indices.filter((i) => o.changed[i]).slice(0, maxRows);
    return { rows: shown.map(row), hidden: indices.length - shown.length };
}
/**
 * One JSON file per group (the list of its paths) in `dir`, always, as `<group>-files-path`; with
 * list-files json, the same list as the `<group>-files` output too, unless it is over `maxBytes`, or
 * the lists as outputs would add up to more than `maxTotalBytes` (GitHub caps a job's outputs at
 * 50 MB: a thousand groups sharing one large list would pass it).
 */
function fileListOutputs(o, mode, dir, maxBytes, maxTotalBytes = 20 * maxBytes) {
    const outputs = {};
    const tooLarge = [];
    let total = 0;
    o.groups.forEach((g, i) => {
        const json = JSON.stringify(o.matches[i].files);
        const path = (0,external_node_path_.join)(dir, `${g.name}.json`);
        (0,external_node_fs_.writeFileSync)(path, json);
        outputs[`${g.name}-files-path`] = path;
        if (mode === 'json') {
            const bytes = Buffer.byteLength(json);
            if (bytes <= maxBytes && total + bytes <= maxTotalBytes) {
                outputs[`${g.name}-files`] = json;
                total += bytes;
            }
            else {
                tooLarge.push(g.name);
            }
        }
    });
    return { outputs, tooLarge };
}

;// CONCATENATED MODULE: ./lib/src/detect-changed-paths/main.js















/** GitHub refuses a step output over 1 MB; a longer file list goes to a file only. */
const maxOutputBytes = 1_000_000;
async function run(early = { payload: {} }) {
    if (early.payloadError)
        throw new errors/* ActionFailure */.dR(early.payloadError, 'invalid-event');
    const timer = new PhaseTimer();
    const inputs = getInputs();
    const filters = await parseFilters(inputs.filters.text, inputs.filters.source);
    for (const warning of filters.warnings)
        lib_core/* warning */.$e(warning);
    const groups = filters.groups;
    const matcher = new GroupMatcher(groups);
    timer.mark('filters');
    const plan = planBase({
        eventName: process.env.GITHUB_EVENT_NAME ?? '',
        payload: early.payload,
        sha: process.env.GITHUB_SHA || undefined,
        base: inputs.base,
        head: inputs.head,
        sinceDeployment: inputs.sinceDeployment,
    });
    const history = new History({ cwd: inputs.workingDirectory, remote: 'origin', maxFetchDepth: inputs.maxFetchDepth });
    // Rename detection only matters to a group that counts some kinds of change and not others;
    // without it a rename is a deletion plus an addition, and both paths are matched either way.
    const renames = groups.some((g) => g.changeTypes !== undefined);
    const comparison = await compare(plan, history, inputs, renames, early.diff);
    timer.mark('git');
    const matches = matcher.match(comparison.changes);
    timer.mark('match');
    let changed;
    let via;
    if (comparison.missingBase !== undefined) {
        changed = groups.map(() => true);
        via = groups.map(() => undefined);
    }
    else {
        ({ changed, via } = resolveDependencies(groups, matches.map((m) => m.files.length > 0)));
    }
    const outcome = {
        groups,
        matches,
        changed,
        via,
        base: comparison.base,
        head: comparison.head,
        source: comparison.source,
        missingBase: comparison.missingBase,
        nothing: comparison.nothing,
        totalChanges: comparison.changes.length,
    };
    const outputs = mainOutputs(outcome);
    if (inputs.listFiles !== 'none')
        Object.assign(outputs, writeFileLists(outcome, inputs.listFiles));
    setOutputsAtOnce(outputs);
    timer.mark('outputs');
    const names = changedNames(outcome);
    lib_core/* info */.pq(`${outcome.totalChanges} changed file(s) between ${outcome.base || '(no base)'} and ${outcome.head || '(no head)'} [${outcome.source}]; ` +
        `${names.length} of ${groups.length} group(s) changed${names.length > 0 ? `: ${preview(names)}` : ''}`);
    await summarise(outcome, filters.warnings);
    timer.mark('summary');
    lib_core/* debug */.Yz(`timings (ms since start): ${timer.report()}`);
}
/** Where the time goes, for the debug log (RUNNER_DEBUG=1). */
class PhaseTimer {
    marks = [`loaded ${performance.now().toFixed(0)}`];
    mark(phase) {
        this.marks.push(`${phase} ${performance.now().toFixed(0)}`);
    }
    report() {
        return this.marks.join(', ');
    }
}
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
                ? (0,git/* parseNameStatusZ */.rd)(started.stdout)
                : undefined
            : await history.diff(base, head, renames);
        if (changes)
            return { base: plan.base.sha.toLowerCase(), head: plan.head.sha.toLowerCase(), changes, source: plan.source };
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
    const { currentRepo, githubClient } = await Promise.all(/* import() */[__webpack_require__.e(413), __webpack_require__.e(819)]).then(__webpack_require__.bind(__webpack_require__, 9819));
    const octokit = githubClient(inputs.githubToken);
    const repo = currentRepo();
    let search;
    try {
        search = await lastSuccessfulDeployment(octokit, repo, environment);
    }
    catch (err) {
        const status = err.status;
        if (status === 401 || status === 403 || status === 404) {
            throw new errors/* ConfigurationError */.j1(`Could not list the deployments of ${repo.owner}/${repo.repo} (HTTP ${status}): the token needs \`permissions: deployments: read\`.`, 'github-access', { cause: err });
        }
        throw err;
    }
    if (!search.deployment) {
        return {
            reason: search.examined === 0
                ? `environment '${environment}' was never deployed`
                : `none of the last ${search.examined} deployment(s) to '${environment}' succeeded`,
        };
    }
    lib_core/* info */.pq(`Last successful deployment to ${environment}: ${search.deployment.id} (${search.deployment.sha}, ${search.deployment.createdAt})`);
    return { sha: search.deployment.sha, id: search.deployment.id };
}
/** The file lists go to RUNNER_TEMP (see fileListOutputs), with a warning for those too large for an output. */
function writeFileLists(o, mode) {
    const root = process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)();
    (0,external_node_fs_.mkdirSync)(root, { recursive: true });
    const { outputs, tooLarge } = fileListOutputs(o, mode, (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(root, 'detect-changed-paths-')), maxOutputBytes);
    if (tooLarge.length > 0) {
        lib_core/* warning */.$e(`The file lists of ${preview(tooLarge)} are too large for step outputs (over 1 MB each, or 20 MB in all): read them from <group>-files-path instead.`);
    }
    return outputs;
}
async function summarise(o, warnings) {
    const { rows, hidden } = summaryRows(o);
    const lines = [];
    if (o.nothing)
        lines.push(o.nothing);
    else if (o.missingBase)
        lines.push(`No base: ${o.missingBase}. Every group counts as changed (on-missing-base: all).`);
    else
        lines.push(`${o.totalChanges} changed file(s), ${o.base.slice(0, 12)}..${o.head.slice(0, 12)}, base from ${o.source}.`);
    if (hidden > 0) {
        const changedHidden = o.changed.filter(Boolean).length - rows.filter((r) => r[1] === 'yes').length;
        lines.push(`${hidden} group(s) not listed${changedHidden > 0 ? ` (${changedHidden} of them changed: see the changes output)` : ', none of them changed'}.`);
    }
    for (const w of warnings)
        lines.push(`Warning: ${w}`);
    await writeSummary({
        heading: `Changed paths: ${changedNames(o).length} of ${o.groups.length} group(s)`,
        lines,
        table: { header: ['group', 'changed', 'files', 'why'], rows },
    });
}
function preview(names, max = 20) {
    return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}


/***/ })

};
