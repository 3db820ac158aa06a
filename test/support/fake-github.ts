// The one stand-in for GitHub's REST API in this repository's tests (there is no GitHub to run here).
// A real HTTP server on 127.0.0.1 that keeps state, answers in the shapes of GitHub's REST reference
// (docs.github.com/rest: issue comments, deployments and their statuses, commit statuses, pull requests,
// the authenticated user, GraphQL `viewer { login }`), pages lists with a Link header as GitHub does,
// and fails on demand the ways GitHub fails (5xx, rate limit, secondary rate limit, dropped connection),
// so the client's retry and throttling plugins are proven against real responses. Every request is
// recorded for assertions. Bundles under test reach it through GITHUB_API_URL.
import { randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Who a token authenticates as. `installation` tokens (GITHUB_TOKEN, app tokens) may not call GET /user. */
export interface Identity {
  login: string;
  id: number;
  type: 'User' | 'Bot';
  installation?: boolean;
  /** As in a workflow's `permissions:`; absent = every permission. */
  permissions?: Partial<Record<Scope, 'read' | 'write' | 'none'>>;
}
export type Scope = 'pull-requests' | 'deployments' | 'statuses';

/** The identity of the GITHUB_TOKEN that Actions hands a job. */
export const actionsBot: Identity = { login: 'github-actions[bot]', id: 41898282, type: 'Bot', installation: true };
export const octocat: Identity = { login: 'octocat', id: 583231, type: 'User' };

export const webUrl = 'https://github.test';

export interface RecordedRequest {
  method: string;
  path: string;
  /** The query string without '?', as sent. */
  query: string;
  /** "METHOD /path?query", for compact assertions. */
  line: string;
  authorization?: string;
  body?: Record<string, unknown>;
}

export type Fault =
  | { kind: 'status'; status: number; message?: string }
  | { kind: 'rate-limit'; resetInSeconds?: number }
  | { kind: 'secondary-rate-limit'; retryAfterSeconds?: number }
  | { kind: 'drop-connection' }
  /** Never answers (until close()): for the client's deadline. */
  | { kind: 'hang' };

export type DeploymentState = 'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';
export type CommitState = 'error' | 'failure' | 'pending' | 'success';

type Json = Record<string, unknown>;
interface Stored extends Json {
  id: number;
}
interface RepoState {
  comments: Stored[];
  deployments: Stored[];
  deploymentStatuses: Map<number, Stored[]>;
  commitStatuses: Stored[];
  pulls: Stored[];
  refs: Map<string, string>;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Context {
  method: string;
  url: URL;
  params: string[];
  body: Json;
  user: Identity;
  repo: RepoState;
  owner: string;
  name: string;
}

const docs = 'https://docs.github.com/rest';
const notFound: Reply = { status: 404, body: { message: 'Not Found', documentation_url: docs, status: '404' } };
const invalid = (message: string, errors?: unknown[]): Reply => ({
  status: 422,
  body: { message, errors, documentation_url: docs, status: '422' },
});

export class FakeGithub {
  readonly requests: RecordedRequest[] = [];
  private readonly repos = new Map<string, RepoState>();
  private readonly faults: { method?: string; path?: RegExp; fault: Fault; times: number }[] = [];
  private nextId = 1000;
  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly tokens: Record<string, Identity>,
  ) {}

  /**
   * Starts a fake holding `repos` ("owner/name"; others answer 404, as a repository the token
   * cannot see), accepting `tokens` (default: `ghs_test` as the Actions bot).
   */
  static async start(options: { repos: string[]; tokens?: Record<string, Identity> }): Promise<FakeGithub> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const fake = new FakeGithub(server, url, options.tokens ?? { ghs_test: actionsBot });
    for (const repo of options.repos) fake.repos.set(repo, emptyRepo());
    server.on('request', (req, res) => void fake.handle(req, res));
    return fake;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The recorded requests as "METHOD /path?query" lines. */
  calls(): string[] {
    return this.requests.map((r) => r.line);
  }

  /** The next `times` requests matching `method` and `path` fail with `fault`, then the route works again. */
  fail(route: { method?: string; path?: RegExp }, fault: Fault, times = 1): void {
    this.faults.push({ ...route, fault, times });
  }

  /** Branches and tags a deployment's `ref` may name (a full commit SHA always resolves to itself). */
  setRef(repo: string, ref: string, sha: string): void {
    this.repo(repo).refs.set(ref, sha);
  }

  /** A comment someone posted, as GitHub would list it. */
  addComment(repo: string, issue: number, body: string, author: Identity): Json {
    return this.storeComment(repo, issue, body, author);
  }

  comments(repo: string, issue: number): Json[] {
    return this.repo(repo).comments.filter((c) => c.issue_url === `${this.url}/repos/${repo}/issues/${issue}`);
  }

  /** A deployment made earlier, with its statuses oldest first. */
  addDeployment(
    repo: string,
    seed: { environment: string; sha: string; ref?: string; id?: number; createdAt?: string; payload?: Json },
    statuses: DeploymentState[] = [],
    creator: Identity = actionsBot,
  ): Json {
    const deployment = this.storeDeployment(repo, creator, {
      ref: seed.ref ?? seed.sha,
      sha: seed.sha,
      environment: seed.environment,
      payload: seed.payload ?? {},
      id: seed.id,
      createdAt: seed.createdAt,
    });
    for (const state of statuses) this.storeDeploymentStatus(repo, deployment, { state }, creator);
    return deployment;
  }

  deployments(repo: string): Json[] {
    return this.repo(repo).deployments;
  }

  /** A deployment's statuses, newest first as GitHub lists them. */
  deploymentStatuses(repo: string, deploymentId: number): Json[] {
    return [...(this.repo(repo).deploymentStatuses.get(deploymentId) ?? [])].reverse();
  }

  commitStatuses(repo: string, sha: string): Json[] {
    return this.repo(repo).commitStatuses.filter((s) => s.sha === sha);
  }

  pulls(repo: string): Json[] {
    return this.repo(repo).pulls;
  }

  private repo(name: string): RepoState {
    const repo = this.repos.get(name);
    if (!repo) throw new Error(`fake GitHub: repository ${name} was not declared in start({ repos })`);
    return repo;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    let body: Json;
    try {
      body = text ? (JSON.parse(text) as Json) : {};
    } catch {
      return send(res, { status: 400, body: { message: 'Problems parsing JSON', documentation_url: docs } });
    }
    const query = url.search.slice(1);
    const authorization = req.headers.authorization;
    this.requests.push({
      method,
      path: url.pathname,
      query,
      line: `${method} ${url.pathname}${url.search}`,
      authorization,
      body: text ? body : undefined,
    });

    const fault = this.faults.find((f) => (!f.method || f.method === method) && (!f.path || f.path.test(url.pathname)));
    if (fault) {
      if (--fault.times === 0) this.faults.splice(this.faults.indexOf(fault), 1);
      if (fault.fault.kind === 'drop-connection') return void req.socket.destroy();
      if (fault.fault.kind === 'hang') return;
      return send(res, faultReply(fault.fault));
    }

    const token = /^(?:token|bearer) (.+)$/i.exec(authorization ?? '')?.[1];
    const user = token === undefined ? undefined : this.tokens[token];
    if (!user) {
      const message = token === undefined ? 'Requires authentication' : 'Bad credentials';
      return send(res, { status: 401, body: { message, documentation_url: docs, status: '401' } });
    }
    send(res, this.route(method, url, body, user));
  }

  private route(method: string, url: URL, body: Json, user: Identity): Reply {
    if (method === 'GET' && url.pathname === '/user') {
      if (user.installation) {
        return {
          status: 403,
          body: {
            message: 'Resource not accessible by integration',
            documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
            status: '403',
          },
        };
      }
      return { status: 200, body: { ...this.simpleUser(user), name: null, email: null } };
    }
    if (method === 'POST' && url.pathname === '/graphql') return graphql(body, user);

    const match = /^\/repos\/([^/]+)\/([^/]+)(\/.*)$/.exec(url.pathname);
    if (!match) return notFound;
    const [, owner, name, rest] = match as unknown as [string, string, string, string];
    const repo = this.repos.get(`${owner}/${name}`);
    if (!repo) return notFound;
    for (const [routeMethod, pattern, scope, handler] of this.routes) {
      const params = pattern.exec(rest);
      if (!params || routeMethod !== method) continue;
      const granted = user.permissions ? (user.permissions[scope] ?? 'none') : 'write';
      const needed = method === 'GET' ? ['read', 'write'] : ['write'];
      if (!needed.includes(granted)) {
        return {
          status: 403,
          body: { message: 'Resource not accessible by integration', documentation_url: docs, status: '403' },
        };
      }
      return handler({ method, url, params: params.slice(1), body, user, repo, owner, name });
    }
    return notFound;
  }

  private readonly routes: [string, RegExp, Scope, (c: Context) => Reply][] = [
    ['GET', /^\/issues\/(\d+)\/comments$/, 'pull-requests', (c) => this.page(c, this.comments(key(c), +c.params[0]!))],
    ['POST', /^\/issues\/(\d+)\/comments$/, 'pull-requests', (c) => this.createComment(c)],
    ['PATCH', /^\/issues\/comments\/(\d+)$/, 'pull-requests', (c) => this.updateComment(c)],
    ['GET', /^\/deployments$/, 'deployments', (c) => this.listDeployments(c)],
    ['POST', /^\/deployments$/, 'deployments', (c) => this.createDeployment(c)],
    ['GET', /^\/deployments\/(\d+)$/, 'deployments', (c) => this.withDeployment(c, (d) => ({ status: 200, body: d }))],
    [
      'GET',
      /^\/deployments\/(\d+)\/statuses$/,
      'deployments',
      (c) => this.withDeployment(c, (d) => this.page(c, this.deploymentStatuses(key(c), d.id))),
    ],
    ['POST', /^\/deployments\/(\d+)\/statuses$/, 'deployments', (c) => this.createDeploymentStatus(c)],
    ['POST', /^\/statuses\/([0-9a-f]{40})$/, 'statuses', (c) => this.createCommitStatus(c)],
    ['GET', /^\/commits\/([^/]+)\/statuses$/, 'statuses', (c) => this.listCommitStatuses(c)],
    ['GET', /^\/pulls$/, 'pull-requests', (c) => this.listPulls(c)],
    ['POST', /^\/pulls$/, 'pull-requests', (c) => this.createPull(c)],
  ];

  /** GitHub's pagination: per_page (default 30, at most 100), page, and a Link header naming the others. */
  private page(c: Context, all: unknown[]): Reply {
    const perPage = Math.min(Math.max(Number(c.url.searchParams.get('per_page') ?? 30) || 30, 1), 100);
    const page = Math.max(Number(c.url.searchParams.get('page') ?? 1) || 1, 1);
    const last = Math.max(Math.ceil(all.length / perPage), 1);
    const link = (n: number, rel: string) => {
      const u = new URL(c.url);
      u.searchParams.set('page', String(n));
      return `<${u}>; rel="${rel}"`;
    };
    const links = [
      ...(page > 1 ? [link(page - 1, 'prev')] : []),
      ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
      ...(page > 1 ? [link(1, 'first')] : []),
    ];
    return {
      status: 200,
      body: all.slice((page - 1) * perPage, page * perPage),
      headers: links.length ? { link: links.join(', ') } : {},
    };
  }

  private createComment(c: Context): Reply {
    const text = c.body.body;
    if (typeof text !== 'string') return invalid('Invalid request.\n\n"body" wasn\'t supplied.');
    if (text.length > 65_536) return invalid('Validation Failed', [bodyTooLong()]);
    return { status: 201, body: this.storeComment(key(c), +c.params[0]!, text, c.user) };
  }

  private updateComment(c: Context): Reply {
    const comment = c.repo.comments.find((x) => x.id === +c.params[0]!);
    if (!comment) return notFound;
    const text = c.body.body;
    if (typeof text !== 'string') return invalid('Invalid request.\n\n"body" wasn\'t supplied.');
    if (text.length > 65_536) return invalid('Validation Failed', [bodyTooLong()]);
    // GitHub lets a token with write access edit anyone's comment: that is why ownership is the client's check.
    Object.assign(comment, { body: text, updated_at: now() });
    return { status: 200, body: comment };
  }

  private storeComment(repo: string, issue: number, body: string, author: Identity): Stored {
    const id = this.id();
    const comment = {
      id,
      node_id: `IC_kwDO${id}`,
      url: `${this.url}/repos/${repo}/issues/comments/${id}`,
      html_url: `${webUrl}/${repo}/pull/${issue}#issuecomment-${id}`,
      issue_url: `${this.url}/repos/${repo}/issues/${issue}`,
      body,
      user: this.simpleUser(author),
      created_at: now(),
      updated_at: now(),
      author_association: author.type === 'Bot' ? 'NONE' : 'MEMBER',
      performed_via_github_app: author.installation ? app(author) : null,
    };
    this.repo(repo).comments.push(comment);
    return comment;
  }

  private listDeployments(c: Context): Reply {
    const filters = ['sha', 'ref', 'task', 'environment'] as const;
    const matching = c.repo.deployments.filter((d) =>
      filters.every((f) => !c.url.searchParams.has(f) || d[f] === c.url.searchParams.get(f)),
    );
    return this.page(c, [...matching].reverse());
  }

  private createDeployment(c: Context): Reply {
    const { ref, environment = 'production' } = c.body;
    if (typeof ref !== 'string' || !ref) return invalid('Invalid request.\n\n"ref" wasn\'t supplied.');
    if (typeof environment !== 'string') return invalid('Invalid request.\n\nInvalid property /environment');
    const sha = /^[0-9a-f]{40}$/.test(ref) ? ref : c.repo.refs.get(ref.replace(/^refs\/(heads|tags)\//, ''));
    if (!sha) return { status: 422, body: { message: `No ref found for: ${ref}`, documentation_url: docs } };
    // Unless the caller passes required_contexts, every commit status context must have succeeded.
    if (!Array.isArray(c.body.required_contexts)) {
      const latest = new Map<unknown, unknown>();
      for (const s of c.repo.commitStatuses) if (s.sha === sha) latest.set(s.context, s.state);
      const failing = [...latest].filter(([, state]) => state !== 'success').map(([context]) => ({ context }));
      if (failing.length) {
        return {
          status: 409,
          body: {
            message: `Conflict: Commit status checks failed for ${ref}.`,
            errors: [{ contexts: failing, resource: 'Deployment', field: 'required_contexts' }],
            documentation_url: docs,
          },
        };
      }
    }
    let payload = c.body.payload ?? {};
    if (typeof payload === 'string') payload = JSON.parse(payload) as Json;
    const deployment = this.storeDeployment(key(c), c.user, {
      ref,
      sha,
      environment,
      payload: payload as Json,
      task: typeof c.body.task === 'string' ? c.body.task : 'deploy',
      description: typeof c.body.description === 'string' ? c.body.description : null,
      transient: c.body.transient_environment === true,
      production:
        typeof c.body.production_environment === 'boolean'
          ? c.body.production_environment
          : environment === 'production',
    });
    return { status: 201, body: deployment };
  }

  private storeDeployment(
    repo: string,
    creator: Identity,
    d: {
      ref: string;
      sha: string;
      environment: string;
      payload: Json;
      task?: string;
      description?: string | null;
      transient?: boolean;
      production?: boolean;
      id?: number;
      createdAt?: string;
    },
  ): Stored {
    const id = d.id ?? this.id();
    const api = `${this.url}/repos/${repo}`;
    const deployment = {
      url: `${api}/deployments/${id}`,
      id,
      node_id: `DE_kwDO${id}`,
      task: d.task ?? 'deploy',
      original_environment: d.environment,
      environment: d.environment,
      description: d.description ?? null,
      created_at: d.createdAt ?? now(),
      updated_at: d.createdAt ?? now(),
      statuses_url: `${api}/deployments/${id}/statuses`,
      repository_url: api,
      creator: this.simpleUser(creator),
      sha: d.sha,
      ref: d.ref,
      payload: d.payload,
      transient_environment: d.transient ?? false,
      production_environment: d.production ?? d.environment === 'production',
      performed_via_github_app: creator.installation ? app(creator) : null,
    };
    this.repo(repo).deployments.push(deployment);
    return deployment;
  }

  private withDeployment(c: Context, then: (d: Stored) => Reply): Reply {
    const deployment = c.repo.deployments.find((d) => d.id === +c.params[0]!);
    return deployment ? then(deployment) : notFound;
  }

  private createDeploymentStatus(c: Context): Reply {
    return this.withDeployment(c, (deployment) => {
      const states = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'];
      if (!states.includes(c.body.state as string)) {
        return invalid('Validation Failed', [{ resource: 'DeploymentStatus', code: 'custom', field: 'state' }]);
      }
      if (typeof c.body.description === 'string' && c.body.description.length > 140) {
        return invalid('Validation Failed', [
          { resource: 'DeploymentStatus', code: 'custom', field: 'description', message: 'description is too long' },
        ]);
      }
      return { status: 201, body: this.storeDeploymentStatus(key(c), deployment, c.body, c.user) };
    });
  }

  private storeDeploymentStatus(repo: string, deployment: Stored, body: Json, creator: Identity): Stored {
    const state = this.repo(repo);
    const status = this.deploymentStatus(repo, deployment, body, creator);
    state.deploymentStatuses.set(deployment.id, [...(state.deploymentStatuses.get(deployment.id) ?? []), status]);
    // auto_inactive (default true): a new success marks the environment's earlier successful,
    // non-transient, non-production deployments inactive.
    if (body.state === 'success' && body.auto_inactive !== false) {
      for (const earlier of state.deployments) {
        const latest = state.deploymentStatuses.get(earlier.id)?.at(-1);
        if (
          earlier.id !== deployment.id &&
          earlier.environment === deployment.environment &&
          !earlier.transient_environment &&
          !earlier.production_environment &&
          latest?.state === 'success'
        ) {
          const inactive = this.deploymentStatus(repo, earlier, { state: 'inactive' }, creator);
          state.deploymentStatuses.set(earlier.id, [...state.deploymentStatuses.get(earlier.id)!, inactive]);
        }
      }
    }
    return status;
  }

  private deploymentStatus(repo: string, deployment: Stored, body: Json, creator: Identity): Stored {
    const id = this.id();
    const api = `${this.url}/repos/${repo}`;
    const logUrl = (body.log_url ?? body.target_url ?? '') as string;
    return {
      url: `${api}/deployments/${deployment.id}/statuses/${id}`,
      id,
      node_id: `DES_kwDO${id}`,
      state: body.state,
      creator: this.simpleUser(creator),
      description: (body.description as string | undefined) ?? '',
      environment: (body.environment as string | undefined) ?? deployment.environment,
      target_url: logUrl,
      log_url: logUrl,
      environment_url: (body.environment_url as string | undefined) ?? '',
      created_at: now(),
      updated_at: now(),
      deployment_url: `${api}/deployments/${deployment.id}`,
      repository_url: api,
      performed_via_github_app: creator.installation ? app(creator) : null,
    };
  }

  private createCommitStatus(c: Context): Reply {
    const state = c.body.state;
    if (!['error', 'failure', 'pending', 'success'].includes(state as string)) {
      return invalid('Validation Failed', [{ resource: 'Status', code: 'custom', field: 'state' }]);
    }
    if (typeof c.body.description === 'string' && c.body.description.length > 140) {
      return invalid('Validation Failed', [
        { resource: 'Status', code: 'custom', field: 'description', message: 'description is too long' },
      ]);
    }
    const id = this.id();
    const status = {
      url: `${this.url}/repos/${key(c)}/statuses/${c.params[0]}`,
      avatar_url: null,
      id,
      node_id: `SC_kwDO${id}`,
      state,
      description: c.body.description ?? null,
      target_url: c.body.target_url ?? null,
      context: c.body.context ?? 'default',
      created_at: now(),
      updated_at: now(),
      creator: this.simpleUser(c.user),
      sha: c.params[0],
    };
    c.repo.commitStatuses.push(status);
    const { sha: _sha, ...shown } = status;
    return { status: 201, body: shown };
  }

  private listCommitStatuses(c: Context): Reply {
    const ref = c.params[0]!;
    const sha = /^[0-9a-f]{40}$/.test(ref) ? ref : c.repo.refs.get(ref);
    const statuses = c.repo.commitStatuses.filter((s) => s.sha === sha).map(({ sha: _sha, ...shown }) => shown);
    return this.page(c, statuses.reverse());
  }

  private listPulls(c: Context): Reply {
    const state = c.url.searchParams.get('state') ?? 'open';
    const head = c.url.searchParams.get('head');
    const base = c.url.searchParams.get('base');
    const matching = c.repo.pulls.filter(
      (p) =>
        (state === 'all' || p.state === state) &&
        (!head || (p.head as Json).label === head) &&
        (!base || (p.base as Json).ref === base),
    );
    return this.page(c, [...matching].reverse());
  }

  private createPull(c: Context): Reply {
    const { title, head, base, body, draft } = c.body;
    if (typeof head !== 'string' || typeof base !== 'string' || typeof title !== 'string') {
      return invalid('Validation Failed', [{ resource: 'PullRequest', code: 'missing_field', field: 'head' }]);
    }
    const label = head.includes(':') ? head : `${c.owner}:${head}`;
    const headRef = label.split(':')[1]!;
    if (headRef === base) {
      return invalid('Validation Failed', [
        { resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${headRef}` },
      ]);
    }
    if (
      c.repo.pulls.some((p) => p.state === 'open' && (p.head as Json).label === label && (p.base as Json).ref === base)
    ) {
      return invalid('Validation Failed', [
        { resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${label}.` },
      ]);
    }
    const id = this.id();
    const number = c.repo.pulls.length + 1;
    const api = `${this.url}/repos/${key(c)}`;
    const side = (ref: string, lbl: string) => ({
      label: lbl,
      ref,
      sha: c.repo.refs.get(ref) ?? null,
      user: this.simpleUser({ login: c.owner, id: 1, type: 'User' }),
      repo: { id: 1, name: c.name, full_name: key(c), url: api },
    });
    const pull = {
      url: `${api}/pulls/${number}`,
      id,
      node_id: `PR_kwDO${id}`,
      html_url: `${webUrl}/${key(c)}/pull/${number}`,
      issue_url: `${api}/issues/${number}`,
      number,
      state: 'open',
      locked: false,
      title,
      user: this.simpleUser(c.user),
      body: typeof body === 'string' ? body : null,
      created_at: now(),
      updated_at: now(),
      closed_at: null,
      merged_at: null,
      merge_commit_sha: null,
      head: side(headRef, label),
      base: side(base, `${c.owner}:${base}`),
      draft: draft === true,
      merged: false,
      mergeable: null,
      maintainer_can_modify: c.body.maintainer_can_modify !== false,
    };
    c.repo.pulls.push(pull);
    return { status: 201, body: pull };
  }

  private simpleUser(user: Identity): Json {
    return {
      login: user.login,
      id: user.id,
      node_id: `${user.type === 'Bot' ? 'BOT' : 'U'}_kgDO${user.id}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
      gravatar_id: '',
      url: `${this.url}/users/${encodeURIComponent(user.login)}`,
      html_url: `${webUrl}/${user.type === 'Bot' ? `apps/${user.login.replace(/\[bot\]$/, '')}` : user.login}`,
      type: user.type,
      site_admin: false,
    };
  }

  private id(): number {
    return this.nextId++;
  }
}

function key(c: Context): string {
  return `${c.owner}/${c.name}`;
}

function emptyRepo(): RepoState {
  return {
    comments: [],
    deployments: [],
    deploymentStatuses: new Map(),
    commitStatuses: [],
    pulls: [],
    refs: new Map(),
  };
}

/** GitHub's timestamps: ISO 8601 in UTC to the second. */
function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function app(bot: Identity): Json {
  const slug = bot.login.replace(/\[bot\]$/, '');
  return { id: 15368, slug, node_id: `MDM6QXBw${bot.id}`, name: slug === 'github-actions' ? 'GitHub Actions' : slug };
}

function bodyTooLong(): Json {
  return {
    resource: 'IssueComment',
    code: 'custom',
    field: 'body',
    message: 'body is too long (maximum is 65536 characters)',
  };
}

/** GraphQL: only the query a client asks to learn who its token is. */
function graphql(body: Json, user: Identity): Reply {
  if (
    typeof body.query === 'string' &&
    /^\s*(query\s*\w*\s*)?\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*$/.test(body.query)
  ) {
    return { status: 200, body: { data: { viewer: { login: user.login } } } };
  }
  return {
    status: 200,
    body: { errors: [{ message: 'The fake GitHub answers only `{ viewer { login } }`.', type: 'UNSUPPORTED' }] },
  };
}

function faultReply(fault: Fault): Reply {
  const limits = (remaining: number, resetInSeconds: number) => ({
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + resetInSeconds),
    'x-ratelimit-used': String(5000 - remaining),
    'x-ratelimit-resource': 'core',
  });
  switch (fault.kind) {
    case 'status':
      return { status: fault.status, body: { message: fault.message ?? 'Server Error', documentation_url: docs } };
    case 'rate-limit':
      return {
        status: 403,
        headers: limits(0, fault.resetInSeconds ?? 0),
        body: {
          message: `API rate limit exceeded for installation ID ${randomInt(1_000_000)}.`,
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        },
      };
    case 'secondary-rate-limit':
      return {
        status: 403,
        headers: { ...limits(4000, 3600), 'retry-after': String(fault.retryAfterSeconds ?? 1) },
        body: {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
          documentation_url:
            'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        },
      };
    case 'drop-connection':
    case 'hang':
      throw new Error('unreachable');
  }
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'x-github-api-version-selected': '2022-11-28',
    'x-github-request-id': `FAKE:${randomInt(1_000_000_000)}`,
    ...reply.headers,
  });
  res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
}
