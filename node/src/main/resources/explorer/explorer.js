// deai explorer: plain JS, no build step, no external resources.
"use strict";

const view = document.getElementById("view");
const summaryBox = document.getElementById("summary");
const live = document.getElementById("live");
let current = "";

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}
const link = (href, text) => el("a", { href }, text);
const short = (hex) => (hex && hex.length > 14 ? hex.slice(0, 8) + "…" + hex.slice(-6) : hex || "");
const taskLink = (id) => link("#/task/" + id, "#" + id);
const nodeLink = (a) => link("#/node/" + a, short(a));
const txLink = (h) => link("#/tx/" + h, short(h));
const eth = (wei) => {
  if (wei === undefined || wei === null) return "";
  const s = String(wei).padStart(19, "0");
  const whole = s.slice(0, -18), frac = s.slice(-18).replace(/0+$/, "");
  if (/^0*$/.test(whole) && /^0*$/.test(frac.slice(0, 6)) && String(wei) !== "0") return wei + " wei";
  return (whole.replace(/^0+(?=\d)/, "") || "0") + (frac ? "." + frac.slice(0, 6) : "") + " ETH";
};
function badge(ok, label) {
  const cls = ok === true ? "pass" : ok === false ? "fail" : "unknown";
  const text = ok === true ? "PASS" : ok === false ? "FAIL" : "—";
  return el("span", { class: "badge " + cls, "data-check": label || "" }, (label ? label + " " : "") + text);
}
function table(headers, rows) {
  const t = el("table", {}, el("tr", {}, ...headers.map((h) => el("th", {}, h))));
  for (const r of rows) t.append(el("tr", {}, ...r.map((c) => el("td", {}, c))));
  return t;
}
function checksTable(checks) {
  const t = el("table", { class: "checks", id: "checks" }, el("tr", {}, el("th", {}, "re-check"), el("th", {}, "result"), el("th", {}, "what is checked")));
  for (const c of checks) {
    const detail = el("td", {}, c.description);
    for (const f of c.failures) detail.append(el("div", { class: "failure" }, "✗ " + f));
    t.append(el("tr", { "data-name": c.name }, el("td", { class: "name" }, c.name), el("td", {}, badge(c.ok, c.name)), detail));
  }
  return t;
}
async function api(path) {
  const r = await fetch(path);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.status + " " + r.statusText);
  return body;
}

function renderSummary(s) {
  const b = s.books;
  summaryBox.replaceChildren(
    el("div", { id: "summary-line" },
      "block ", el("b", { id: "block" }, s.block), " · ", s.tasks, " tasks · ", s.nodes, " nodes · ",
      s.events, " events · paid ", eth(s.paid), " · slashed ", eth(s.slashed), " · books ",
      badge(b.check.ok, "books"), " balance ", eth(b.balance), " = stakes ", eth(b.stakes),
      " + escrow ", eth(b.escrow), ...(b.bonds && b.bonds !== "0" ? [" + bonds ", eth(b.bonds)] : []), " + owed ", eth(b.owed)),
    ...b.check.failures.map((f) => el("div", { class: "failure" }, "✗ " + f)));
}

async function tasksPage(params) {
  const from = params.get("from") || "";
  const data = await api("/api/tasks?limit=50" + (from ? "&from=" + from : ""));
  const rows = data.tasks.map((t) => [taskLink(t.id), t.state, samplingMark(t.sampling), nodeLink(t.requester), eth(t.fee), String(t.createdBlock), txLink(t.createdTx), t.audit ? badge(t.audit === "pass") : el("span", { class: "muted" }, "open to check")]);
  const parts = [el("h2", {}, "Tasks (" + data.total + ")"), table(["task", "state", "validation", "requester", "fee", "block", "created in", "re-check"], rows)];
  if (data.tasks.length === 50) {
    const next = BigInt(data.tasks[49].id) - 1n;
    parts.push(link("#/?from=" + next, "older →"));
  }
  return parts;
}

function samplingMark(s) {
  if (!s) return el("span", { class: "muted" }, "replicated");
  const mark = s.mark || "deciding";
  return el("span", { class: "sampled " + mark.split(",")[0], "data-sampling": mark }, "sampled " + s.rate + " · " + mark);
}

function samplingSection(d) {
  const a = d.audit.sampling, s = d.sampling;
  const check = d.checks.find((c) => c.name === "decision");
  const decided = a.decisionBlock !== 0;
  const rows = [
    ["stage", el("span", { id: "sampling-stage" }, a.stage)],
    ["rate", s.rate + " (" + a.sampleRateBps + " bps), " + s.validatorSeats + " validator seats"],
    ["decision block", decided ? String(a.decisionBlock) : "not decided yet"],
    ["recorded decision", decided ? (a.checked ? "checked" : "unchecked") : "—"],
    ["recomputed decision", decided ? el("span", {}, (a.recomputedChecked ? "checked" : "unchecked") + " from seed ", el("code", {}, short(a.decisionSeed) || "(no TaskSampled)"), " ", badge(check ? check.ok : null, "decision")) : "—"],
    ["validators", a.validators.length ? el("span", { id: "validators" }, ...a.validators.flatMap((v, i) => [i ? " " : "", nodeLink(v)])) : el("span", { class: "muted" }, "none drawn")],
  ];
  const parts = [el("h3", {}, "Sampled validation"), el("table", { id: "sampling" }, ...rows.map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", {}, v))))];
  if (s.windowOpen) parts.push(el("p", { id: "challenge-window" }, "Challenge window open until block " + s.challengeDeadline + " (" + s.blocksLeft + " blocks left): anyone may challenge with a bond."));
  if (a.challenger) {
    const where = a.outcome === "" ? "held by the contract until the check ends" : eth(a.toChallenger) + " to the challenger, " + eth(a.toRequester) + " to the requester";
    parts.push(el("h3", {}, "Challenge"), el("table", { id: "challenge" },
      el("tr", {}, el("th", {}, "challenger"), el("th", {}, "bond"), el("th", {}, "outcome"), el("th", {}, "where the bond went"), el("th", {}, "re-check")),
      el("tr", {}, el("td", {}, el("code", {}, a.challenger)), el("td", {}, eth(a.bond)), el("td", { id: "challenge-outcome" }, a.outcome || "pending"), el("td", {}, where),
        el("td", {}, badge((d.checks.find((c) => c.name === "challenge") || {}).ok, "challenge")))));
  }
  return parts;
}

async function taskPage(id) {
  const d = await api("/api/tasks/" + id);
  const a = d.audit;
  const replicas = a.replicas.map((r) => [String(r.index), nodeLink(r.worker), r.outcome, eth(r.paid), r.slashed === "0" ? "" : eth(r.slashed) + " " + r.slashReason, r.resultDigest ? badge(r.commitmentChecks) : "-", el("code", {}, short(r.fingerprint) || "(no reveal)")]);
  const events = d.events.map((e) => [String(e.block), txLink(e.tx), e.name, e.account ? nodeLink(e.account) : "", e.amount === "0" ? "" : eth(e.amount), e.detail]);
  return [
    el("h2", {}, "Task #" + a.taskId + " ", badge(d.ok)),
    table(["state", "mode", "quorum", "fee", "requester", "created in", "verdict", "per member", "requester credit"],
      [[a.state, a.mode + " (max distance " + a.maxDistance + ")", String(a.quorum), eth(a.fee), nodeLink(a.requester), txLink(d.createdTx), el("code", {}, short(a.verdictFingerprint)), eth(a.payoutPerMember), eth(a.requesterCredit)]]),
    el("p", {}, "selection seed ", el("code", {}, short(a.selectionSeed)), " from block " + a.seedBlock + "'s hash; escalation seats " + a.escalationSeats + "; re-checked at block " + d.block),
    ...(d.sampling ? samplingSection(d) : []),
    el("h3", {}, "Re-checks"), checksTable(d.checks),
    el("h3", {}, "Replicas"), table(["#", "worker", "outcome", "paid", "slashed", "commitment", "fingerprint"], replicas),
    el("h3", {}, "Events"), table(["block", "transaction", "event", "account", "amount", "detail"], events),
  ];
}

async function nodePage(address) {
  const d = await api("/api/nodes/" + address);
  const a = d.audit;
  const tasks = [...new Set(d.events.filter((e) => e.taskId !== "0").map((e) => e.taskId))];
  const events = d.events.map((e) => [String(e.block), txLink(e.tx), e.name, e.taskId === "0" ? "" : taskLink(e.taskId), e.amount === "0" ? "" : eth(e.amount), e.detail]);
  return [
    el("h2", {}, "Node ", el("code", {}, a.address), " ", badge(d.ok)),
    table(["status", "stake", "class", "endpoint", "owed", "slashes", "committed", "revealed", "paid", "slashed"],
      [[a.status, eth(a.stake), String(a.gpuClass), a.endpoint, eth(a.owed), String(a.slashCount), String(a.tasksCommitted), String(a.tasksRevealed), eth(a.totalPaid), eth(a.totalSlashed)]]),
    el("h3", {}, "Re-checks"), checksTable(d.checks),
    el("h3", {}, "Tasks (" + tasks.length + ")"), el("p", {}, ...tasks.flatMap((t) => [taskLink(t), " "])),
    el("h3", {}, "Events"), table(["block", "transaction", "event", "task", "amount", "detail"], events),
  ];
}

async function nodesPage() {
  const s = await api("/api/summary");
  return [el("h2", {}, "Nodes"), el("p", {}, "Open a node from a task's replicas, or enter its address:"),
    (() => { const i = el("input", { size: 44, placeholder: "0x…", id: "node-address" }); i.onchange = () => { location.hash = "#/node/" + i.value.trim(); }; return i; })(),
    el("p", { class: "muted" }, s.nodes + " nodes registered")];
}

async function txPage(hash) {
  const d = await api("/api/tx/" + hash);
  const events = d.events.map((e) => [String(e.logIndex), e.name, e.taskId === "0" ? "" : taskLink(e.taskId), e.account ? nodeLink(e.account) : "", e.amount === "0" ? "" : eth(e.amount), e.detail]);
  return [el("h2", {}, "Transaction ", el("code", {}, d.hash)), el("p", {}, "block " + d.block), table(["log", "event", "task", "account", "amount", "detail"], events)];
}

async function jobPage(id) {
  const d = await api("/api/jobs/" + id);
  const rounds = d.rounds.map((r, i) => [String(i + 1), r.stage, r.outcome, String(r.deadline), (r.trainers || []).map(short).join(" ")]);
  return [el("h2", {}, "Job " + id + " ", badge(d.ok)), el("p", {}, "state " + d.job.state + ", round " + (d.job.round + 1) + " of " + d.job.rounds),
    el("h3", {}, "Re-checks"), checksTable(d.checks), el("h3", {}, "Rounds"), table(["round", "stage", "outcome", "deadline", "trainers"], rounds)];
}

async function route() {
  const hash = location.hash || "#/";
  const [path, query] = hash.slice(1).split("?");
  const params = new URLSearchParams(query || "");
  const parts = path.split("/").filter(Boolean);
  current = hash;
  try {
    let content;
    if (parts[0] === "task") content = await taskPage(parts[1]);
    else if (parts[0] === "node") content = await nodePage(parts[1]);
    else if (parts[0] === "nodes") content = await nodesPage();
    else if (parts[0] === "tx") content = await txPage(parts[1]);
    else if (parts[0] === "job") content = await jobPage(parts[1]);
    else content = await tasksPage(params);
    if (current === hash) view.replaceChildren(...content);
  } catch (e) {
    if (current === hash) view.replaceChildren(el("p", { class: "error", id: "error" }, "error: " + e.message));
  }
  view.setAttribute("data-route", hash);
}

let lastBlock = -1;
function onSummary(s) {
  renderSummary(s);
  if (s.block !== lastBlock) {
    const first = lastBlock < 0;
    lastBlock = s.block;
    if (!first) route();
  }
}

function connect() {
  const source = new EventSource("/api/events");
  source.addEventListener("block", (m) => { live.textContent = "live · block " + JSON.parse(m.data).block; onSummary(JSON.parse(m.data)); });
  source.onopen = () => { live.textContent = "live"; };
  source.onerror = () => { live.textContent = "reconnecting…"; };
}

window.addEventListener("hashchange", route);
api("/api/summary").then(onSummary).catch((e) => { summaryBox.textContent = "error: " + e.message; });
route();
connect();
