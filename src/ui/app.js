// The toxgraph web UI: plain ES modules, no build step. Every value from the API (AWS names included) is
// put into the page as text nodes, never as HTML, after displayText makes control and bidi characters visible.
import { displayText } from '/ui/lib/display-text.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const STATUSES = ['new', 'persisting', 'resolved'];
const EXPOSURES = [
  'public_unauthenticated',
  'public_weak_auth',
  'cross_account',
  'public_authenticated',
  'not_exposed',
];
const PAGE = 50;
const main = document.getElementById('main');

/** Builds an element; strings and numbers become text nodes (so `<img onerror>` in a name stays text). */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}
const text = (value) => (value === null || value === undefined ? '–' : displayText(String(value)));
const badge = (kind, value) => h('span', { class: `badge ${kind}-${value}` }, value);
const link = (href, label) => h('a', { href }, label);
const findingLink = (id) => `#/findings/${encodeURIComponent(id)}`;
const functionLink = (arn) => `#/functions/${encodeURIComponent(arn)}`;
const roleLink = (arn) => `#/roles/${encodeURIComponent(arn)}`;

function show(title, ...content) {
  document.title = `${title} · toxgraph`;
  main.replaceChildren(h('h1', {}, title), ...content);
  main.focus();
}

class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
  }
}

async function api(path) {
  const token = sessionStorage.getItem('toxgraph-token');
  const response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

function tokenForm(retry) {
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off', required: true });
  const form = h(
    'form',
    {
      onsubmit: (event) => {
        event.preventDefault();
        sessionStorage.setItem('toxgraph-token', input.value);
        retry();
      },
    },
    h('label', { for: 'token' }, 'API token (TOXGRAPH_API_TOKEN)'),
    ' ',
    input,
    ' ',
    h('button', { type: 'submit' }, 'Use token'),
  );
  show('Sign in', h('p', {}, 'This server requires a token. It is kept for this browser tab only.'), form);
}

// --- Findings list -----------------------------------------------------------------------------------------

function select(name, label, values, current, blank) {
  return h(
    'label',
    { for: `f-${name}` },
    label,
    h(
      'select',
      { id: `f-${name}`, name },
      h('option', { value: '' }, blank),
      values.map((value) => h('option', { value, selected: value === current }, value)),
    ),
  );
}

async function findingsPage(params) {
  const query = new URLSearchParams();
  for (const key of ['severity', 'minSeverity', 'status', 'exposure', 'account', 'region', 'detection']) {
    if (params.get(key)) query.set(key, params.get(key));
  }
  const offset = Number(params.get('offset') ?? 0);
  query.set('offset', String(offset));
  query.set('limit', String(PAGE));
  const page = await api(`/findings?${query}`);

  const form = h(
    'form',
    {
      class: 'filters',
      'aria-label': 'Filter findings',
      onsubmit: (event) => {
        event.preventDefault();
        const next = new URLSearchParams();
        for (const [key, value] of new FormData(event.target)) if (value) next.set(key, value);
        location.hash = `#/?${next}`;
      },
    },
    select('severity', 'Severity', SEVERITIES, params.get('severity'), 'any'),
    select('minSeverity', 'At least', SEVERITIES, params.get('minSeverity'), 'any'),
    select('status', 'Status', STATUSES, params.get('status'), 'open'),
    select('exposure', 'Exposure', EXPOSURES, params.get('exposure'), 'any'),
    h(
      'label',
      { for: 'f-account' },
      'Account',
      h('input', {
        id: 'f-account',
        name: 'account',
        value: params.get('account') ?? '',
        size: 14,
        inputmode: 'numeric',
      }),
    ),
    h('button', { type: 'submit' }, 'Apply'),
  );
  const rows = page.items.map((finding) =>
    h(
      'tr',
      {},
      h('td', {}, badge('sev', finding.severity)),
      h('td', {}, badge('st', finding.status)),
      h('td', {}, link(findingLink(finding.id), text(finding.title))),
      h('td', {}, text(finding.exposure)),
      h('td', {}, text(finding.privilege)),
      h('td', {}, text(finding.accountId), ' ', text(finding.region)),
    ),
  );
  const table = h(
    'table',
    {},
    h('caption', { class: 'skip' }, 'Findings, most severe first'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Severity', 'Status', 'Finding', 'Exposure', 'Privilege', 'Where'].map((c) =>
          h('th', { scope: 'col' }, c),
        ),
      ),
    ),
    h('tbody', {}, rows),
  );
  const pageLink = (to, label) => {
    const next = new URLSearchParams(params);
    next.set('offset', String(to));
    return link(`#/?${next}`, label);
  };
  const pager = h(
    'div',
    { class: 'pager' },
    offset > 0 ? pageLink(Math.max(0, offset - PAGE), 'Previous') : null,
    h('span', {}, `${page.total === 0 ? 0 : offset + 1}–${offset + page.items.length} of ${page.total}`),
    offset + PAGE < page.total ? pageLink(offset + PAGE, 'Next') : null,
  );
  show('Findings', form, page.items.length ? table : h('p', {}, 'No findings match.'), pager);
}

// --- One finding ----------------------------------------------------------------------------------------

const NODE_COLOURS = {
  Internet: '#8b0000',
  Capability: '#c5221f',
  LambdaFunction: '#e37400',
  AWSRole: '#1967d2',
};

function drawPath(container, path) {
  if (!window.cytoscape) return;
  const colour = (labels) => NODE_COLOURS[labels.find((label) => NODE_COLOURS[label])] ?? '#5f6368';
  window.cytoscape({
    container,
    elements: [
      ...path.map((node, index) => ({
        data: { id: `n${index}`, name: text(node.name), colour: colour(node.labels), nodeId: node.id },
      })),
      ...path
        .slice(1)
        .map((_node, index) => ({ data: { id: `e${index}`, source: `n${index}`, target: `n${index + 1}` } })),
    ],
    layout: { name: 'breadthfirst', directed: true, spacingFactor: 1.1 },
    style: [
      {
        selector: 'node',
        style: {
          label: 'data(name)',
          'background-color': 'data(colour)',
          color: '#1a1a1a',
          'font-size': 12,
          'text-valign': 'bottom',
          'text-margin-y': 4,
          'text-wrap': 'ellipsis',
          'text-max-width': 180,
        },
      },
      {
        selector: 'edge',
        style: {
          width: 2,
          'line-color': '#9aa0a6',
          'target-arrow-color': '#9aa0a6',
          'target-arrow-shape': 'triangle',
          'curve-style': 'bezier',
        },
      },
    ],
    userZoomingEnabled: true,
    boxSelectionEnabled: false,
    autoungrabify: true,
  });
}

function nodeLink(node) {
  if (node.labels.includes('LambdaFunction')) return link(functionLink(node.id), text(node.name));
  if (node.labels.includes('AWSRole')) return link(roleLink(node.id), text(node.name));
  return text(node.name);
}

async function findingPage(id) {
  const finding = await api(`/findings/${encodeURIComponent(id)}`);
  const graph = h('div', {
    id: 'graph',
    role: 'img',
    'aria-label': `Attack path: ${finding.path.map((n) => text(n.name)).join(' → ')}`,
  });
  const hops = h(
    'ol',
    { start: 0 },
    finding.path.map((node, index) =>
      h(
        'li',
        {},
        h('strong', {}, nodeLink(node)),
        ` (${node.labels.join(', ')})`,
        h(
          'ul',
          {},
          finding.evidence
            .filter((item) => item.hop === index)
            .map((item) =>
              h('li', {}, text(item.text), ' — ', h('span', { class: 'mono' }, text(item.source))),
            ),
        ),
      ),
    ),
  );
  show(
    text(finding.title),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Severity'),
      h('dd', {}, badge('sev', finding.severity)),
      h('dt', {}, 'Status'),
      h(
        'dd',
        {},
        badge('st', finding.status),
        ` first seen ${text(finding.firstSeen)}, last seen ${text(finding.lastSeen)}`,
      ),
      h('dt', {}, 'Exposure'),
      h('dd', {}, text(finding.exposure)),
      h('dt', {}, 'Privilege'),
      h('dd', {}, text(finding.privilege)),
      h('dt', {}, 'Function'),
      h(
        'dd',
        {},
        finding.function ? link(functionLink(finding.function.arn), text(finding.function.name)) : '–',
      ),
      h('dt', {}, 'Role'),
      h('dd', {}, finding.role ? link(roleLink(finding.role.arn), text(finding.role.arn)) : '–'),
      h('dt', {}, 'Detection'),
      h('dd', {}, text(finding.detection)),
      h('dt', {}, 'Id'),
      h('dd', { class: 'mono' }, finding.id),
    ),
    h('h2', {}, 'Attack path'),
    graph,
    h('h2', {}, 'Evidence per hop'),
    hops,
    h('h2', {}, 'Remediation'),
    h('p', {}, text(finding.remediation)),
  );
  drawPath(graph, finding.path);
}

// --- Functions, roles, scans ----------------------------------------------------------------------------

async function functionsPage() {
  const page = await api(`/functions?limit=${200}`);
  show(
    'Exposed functions',
    h(
      'p',
      {},
      `${page.total} functions reachable from an exposed entry point, strongest execution role first.`,
    ),
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Function', 'Role tier', 'Exposure', 'Entry points', 'Where'].map((c) =>
            h('th', { scope: 'col' }, c),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        page.items.map((fn) =>
          h(
            'tr',
            {},
            h('td', {}, link(functionLink(fn.arn), text(fn.name))),
            h('td', {}, text(fn.tier)),
            h('td', {}, text(fn.exposure)),
            h('td', {}, fn.entryPoints),
            h('td', {}, text(fn.accountId), ' ', text(fn.region)),
          ),
        ),
      ),
    ),
  );
}

async function functionPage(arn) {
  const fn = await api(`/functions/${encodeURIComponent(arn)}`);
  show(
    `Function ${text(fn.name)}`,
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'ARN'),
      h('dd', { class: 'mono' }, text(fn.arn)),
      h('dt', {}, 'Runtime'),
      h('dd', {}, text(fn.runtime)),
      h('dt', {}, 'Execution role'),
      h(
        'dd',
        {},
        fn.role
          ? [
              link(roleLink(fn.role.arn), text(fn.role.name ?? fn.role.arn)),
              ` (tier ${text(fn.role.tier)}, effective ${text(fn.role.effectiveTier)})`,
            ]
          : '–',
      ),
      h('dt', {}, 'Reserved concurrency'),
      h('dd', {}, text(fn.reservedConcurrency)),
      h('dt', {}, 'Secret-looking variables'),
      h('dd', {}, fn.secretLookingEnvVars.length ? fn.secretLookingEnvVars.map(text).join(', ') : 'none'),
    ),
    h('h2', {}, 'Entry points'),
    fn.entryPoints.length === 0
      ? h('p', {}, 'None exposed.')
      : h(
          'ul',
          {},
          fn.entryPoints.map((entry) =>
            h(
              'li',
              {},
              h('strong', {}, text(entry.name ?? entry.id)),
              ` ${entry.labels.join(', ')}: ${text(entry.exposure)}, authentication ${text(entry.authentication)}`,
              h(
                'ul',
                {},
                entry.evidence.map((item) => h('li', {}, text(item.text ?? JSON.stringify(item)))),
              ),
            ),
          ),
        ),
    h('h2', {}, 'Findings'),
    fn.findings.length === 0
      ? h('p', {}, 'No open findings.')
      : h(
          'ul',
          {},
          fn.findings.map((f) =>
            h('li', {}, badge('sev', f.severity), ' ', link(findingLink(f.id), text(f.title))),
          ),
        ),
  );
}

function capabilityItem(capability) {
  const steps = (capability.steps ?? []).map((step) =>
    h('li', { class: 'mono' }, text(`${step.action} on ${step.resource}: ${step.outcome}`)),
  );
  return h(
    'li',
    {},
    h('strong', {}, text(capability.name ?? capability.kind)),
    ` (${text(capability.kind)}, ${text(capability.outcome)})`,
    steps.length ? h('ul', {}, steps) : null,
  );
}

/** One kind of control over a role (the CAN_* relationship type), as a heading and a list. */
function controllerSection(title, edges, type) {
  const matching = edges.filter((edge) => edge.type === type);
  return [
    h('h2', {}, title),
    matching.length
      ? h(
          'ul',
          { 'data-section': type },
          matching.map((edge) =>
            h('li', {}, text(edge.name ?? edge.principal), ` (confidence ${text(edge.confidence)})`),
          ),
        )
      : h('p', {}, 'No principal in the graph.'),
  ];
}

async function rolePage(arn) {
  const role = await api(`/roles/${encodeURIComponent(arn)}`);
  show(
    `Role ${text(role.name)}`,
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'ARN'),
      h('dd', { class: 'mono' }, text(role.arn)),
      h('dt', {}, 'Own tier'),
      h('dd', {}, text(role.tier)),
      h('dt', {}, 'Effective tier'),
      h('dd', {}, text(role.effectiveTier)),
    ),
    h('h2', {}, 'Capabilities'),
    role.capabilities.length
      ? h('ul', {}, role.capabilities.map(capabilityItem))
      : h('p', {}, 'None recorded.'),
    ...controllerSection('Who can assume it', role.controlledBy, 'CAN_ASSUME'),
    ...controllerSection('Who can pass it (iam:PassRole)', role.controlledBy, 'CAN_PASS_ROLE'),
    ...controllerSection('Who can change its policies', role.controlledBy, 'CAN_MODIFY_POLICY'),
    h('h2', {}, "Who can update its functions' code"),
    role.codeUpdaters.length
      ? h(
          'ul',
          { 'data-section': 'code-updaters' },
          role.codeUpdaters.map((edge) =>
            h(
              'li',
              {},
              text(edge.name ?? edge.principal),
              ' may replace the code of ',
              link(functionLink(edge.function.arn), text(edge.function.name ?? edge.function.arn)),
              ` (confidence ${text(edge.confidence)})`,
            ),
          ),
        )
      : h('p', {}, 'No principal in the graph.'),
    h('h2', {}, 'Functions running as it'),
    h(
      'ul',
      {},
      role.functions.map((fn) => h('li', {}, link(functionLink(fn.arn), text(fn.name)))),
    ),
  );
}

async function scansPage() {
  const page = await api('/scans?limit=50');
  show(
    'Scans',
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Scan', 'Started', 'Status', 'Units loaded', 'Gaps'].map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h(
        'tbody',
        {},
        page.items.map((scan) =>
          h(
            'tr',
            {},
            h('td', { class: 'mono' }, text(scan.id)),
            h('td', {}, text(scan.startedAt)),
            h('td', {}, text(scan.status)),
            h('td', {}, text(scan.unitsLoaded)),
            h(
              'td',
              {},
              scan.gaps.length === 0
                ? 'none'
                : h(
                    'ul',
                    {},
                    scan.gaps.map((gap) =>
                      h(
                        'li',
                        {},
                        text(
                          `${gap.accountId ?? ''} ${gap.region ?? ''} ${gap.service ?? ''} ${gap.api ?? ''}: ${gap.error ?? ''}`,
                        ),
                      ),
                    ),
                  ),
            ),
          ),
        ),
      ),
    ),
  );
}

// --- Routing ------------------------------------------------------------------------------------------------

async function route() {
  const [path, search] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(search ?? '');
  const [, page, id] = (path || '/').split('/');
  const id_ = id === undefined ? undefined : decodeURIComponent(id);
  try {
    if (!page) await findingsPage(params);
    else if (page === 'findings' && id_) await findingPage(id_);
    else if (page === 'functions' && id_) await functionPage(id_);
    else if (page === 'functions') await functionsPage();
    else if (page === 'roles' && id_) await rolePage(id_);
    else if (page === 'scans') await scansPage();
    else show('Not found', h('p', {}, 'No such page.'), link('#/', 'Back to the findings'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return tokenForm(route);
    show('Error', h('p', { class: 'error' }, text(error.message)), link('#/', 'Back to the findings'));
  }
}

window.addEventListener('hashchange', route);
window.addEventListener('DOMContentLoaded', route);
