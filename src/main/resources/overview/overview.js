// WLA Bridge overview: renders GET /api/jobs (each job's latest runs as a strip, a run's detail on click, incidents
// with the operators' reaction times), triggers runs with POST /api/jobs/{id}/runs (HTTP Basic).
// Plain browser JavaScript, no build step. Credentials stay in this page's memory only, never in storage.
"use strict";

const REFRESH_MS = 15000;
const FOLLOW_MS = 1000;
const RUNNING_MS = 3000;  // while a run's live counts are shown
let credentials = null;   // "Basic ..." while signed in
let following = null;     // {jobId, runId} of a run started here, until it has ended
let selected = null;      // {jobId, runId} of the run whose detail is shown
let timer = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

function time(iso) {
  return iso ? new Date(iso).toLocaleString() : "–";
}

function status(text, isError) {
  const s = document.getElementById("status");
  s.textContent = text;
  s.classList.toggle("error", !!isError);
}

function basic(user, password) {
  // btoa takes Latin-1 only: encode UTF-8 bytes first
  const bytes = new TextEncoder().encode(user + ":" + password);
  return "Basic " + btoa(String.fromCharCode(...bytes));
}

function outcome(run) {
  if (!run) return el("span", {class: "muted"}, "never ran");
  return el("span", {class: "outcome " + run.outcome, "data-outcome": run.outcome}, run.outcome);
}

function running(run) {
  return run && run.outcome === "RUNNING";
}

function counts(run) {
  return `read ${run.read} · filtered ${run.filtered} · sent ${run.sent} · already sent ${run.alreadySent}` +
    ` · dead-lettered ${run.deadLettered}`;
}

function took(run) {
  return running(run) ? "running for " + run.duration : run.duration;
}

function lastRunCell(run) {
  if (!run) return el("td", {class: "last-run"}, outcome(null));
  return el("td", {class: "last-run", "data-run-id": run.runId},
    outcome(run), el("br"),
    el("span", {class: "muted run-id", title: run.runId}, run.runId.substring(0, 8) + " · " + run.trigger),
    el("br"), el("span", {class: "muted"}, time(run.start) + (run.end ? " → " + time(run.end) : "")),
    el("br"), el("span", {class: "muted duration"}, took(run)),
    run.error ? el("div", {class: "incident"}, run.error) : null);
}

function countsCell(run) {
  if (!run) return el("td", {class: "num"}, "–");
  if (running(run) && !run.live) {
    return el("td", {class: "counts muted", title: "the ledger has a run's counts once it has ended"},
      "counted by the instance running it");
  }
  return el("td", {class: "num counts" + (running(run) ? " live" : "")}, counts(run),
    running(run) ? el("span", {class: "muted"}, " · so far") : null);
}

// hover text and accessible name of a run's block: outcome, duration, trigger, counts
function blockLabel(run) {
  return `${run.outcome} · ${took(run)} · trigger ${run.trigger} · started ${time(run.start)} · ` +
    (running(run) && !run.live ? "counts with the instance running it" : counts(run));
}

function historyCell(job) {
  const td = el("td", {class: "run-strip"});
  if (!job.history.length) {
    td.append(el("span", {class: "muted"}, "never ran"));
    return td;
  }
  const strip = el("div", {class: "strip", role: "group",
    "aria-label": `last ${job.history.length} runs of ${job.id}, oldest first`});
  // the API lists them newest first; the strip reads left to right, oldest to newest
  for (const run of job.history.slice().reverse()) {
    const label = blockLabel(run);
    const pressed = !!selected && selected.jobId === job.id && selected.runId === run.runId;
    const block = el("button", {type: "button", class: "run-block " + run.outcome, "data-run-id": run.runId,
      "data-outcome": run.outcome, title: label, "aria-label": label, "aria-pressed": String(pressed)});
    block.addEventListener("click", () => showRun(job.id, run));
    strip.append(block);
  }
  td.append(strip);
  return td;
}

function showRun(jobId, run) {
  selected = {jobId, runId: run.runId};
  for (const b of document.querySelectorAll(".run-block")) {
    b.setAttribute("aria-pressed", String(b.closest("tr").dataset.job === jobId && b.dataset.runId === run.runId));
  }
  document.getElementById("run-detail-id").textContent = run.runId;
  document.getElementById("run-detail-job").textContent = jobId;
  const unknown = running(run) && !run.live;  // the instance running it has the counts
  const count = n => unknown ? "–" : n;
  const fields = [
    ["Outcome", outcome(run)], ["Trigger", run.trigger], ["Instance", run.instance || "not recorded"],
    ["Fire time", run.fireTime ? time(run.fireTime) : "none"], ["Start", time(run.start)],
    ["End", run.end ? time(run.end) : "not yet"], ["Duration", took(run)],
    ["Read", count(run.read)], ["Filtered", count(run.filtered)], ["Sent", count(run.sent)],
    ["Already sent", count(run.alreadySent)], ["Dead-lettered", count(run.deadLettered)], ["Error", run.error || "none"]];
  const list = document.querySelector("#run-detail dl");
  list.replaceChildren();
  for (const [name, value] of fields) {
    const key = name.toLowerCase().replace(/ /g, "-");
    list.append(el("dt", {}, name), el("dd", {"data-field": key}, value));
  }
  document.getElementById("run-detail").hidden = false;
}

function hideRun() {
  selected = null;
  document.getElementById("run-detail").hidden = true;
  for (const b of document.querySelectorAll(".run-block")) b.setAttribute("aria-pressed", "false");
}

// opened → first notification → resolved, each with how long after the opening
function reaction(i) {
  const r = i.reaction;
  return el("div", {class: "reaction"},
    el("span", {class: "step opened", title: "opened " + time(i.openedAt)}, "opened " + time(i.openedAt)), " → ",
    el("span", {class: "step notified" + (i.notifiedAt ? "" : " pending"),
      title: i.notifiedAt ? "first notified " + time(i.notifiedAt) : "no channel has delivered it yet"}, r.notified),
    " → ",
    el("span", {class: "step resolved" + (i.resolvedAt ? "" : " pending"),
      title: i.resolvedAt ? `resolved ${time(i.resolvedAt)} by run ${i.resolvedBy}` : `open for ${r.openFor}`},
      i.resolvedAt ? r.resolved : `${r.resolved} (${r.openFor} so far)`));
}

function incidentItem(i, state) {
  return el("div", {class: "incident-item " + state, "data-incident-id": i.incidentId, "data-state": state},
    el("span", {class: state === "open" ? "incident" : "muted", title: i.detail || ""}, i.cause), reaction(i));
}

function incidentsCell(job) {
  const open = job.openIncidents;
  const td = el("td", {class: "incidents"},
    el("span", {class: "open-count" + (open.length ? " incident" : "")}, open.length ? open.length + " open" : "none"));
  for (const i of open) td.append(incidentItem(i, "open"));
  if (job.resolvedIncidents.length) {
    td.append(el("div", {class: "muted resolved-heading"}, "recently resolved"));
    for (const i of job.resolvedIncidents) td.append(incidentItem(i, "resolved"));
  }
  return td;
}

function waitingCell(w) {
  const dlq = w.deadLetters === null ? "unknown" : w.deadLetters;
  const spool = w.spool === null ? "–" : w.spool;
  const title = (w.deadLettersUnknown ? w.deadLettersUnknown + "; " : "") +
    "DLQ: records held on the dead-letter topic" + (w.spool === null ? "; spool: not known on this instance" : "");
  return el("td", {class: "waiting", title},
    `DLQ ${dlq}`, el("br"), el("span", {class: "muted"}, w.deadLetterTopic), el("br"), `spool ${spool}`);
}

function render(data) {
  const body = document.querySelector("#jobs tbody");
  body.replaceChildren();
  for (const job of data.jobs) {
    const button = el("button", {type: "button", class: "run-now", "data-job": job.id}, "Run now");
    button.disabled = !credentials;
    button.title = credentials ? "start a run of " + job.id + " now" : "sign in to run jobs";
    button.addEventListener("click", () => runNow(job.id, button));
    const history = el("button", {type: "button", class: "history"}, "Runs");
    history.addEventListener("click", () => showRuns(job.id));
    const s = job.schedule;
    body.append(el("tr", {"data-job": job.id},
      el("td", {}, el("strong", {}, job.id), el("br"), el("span", {class: "muted"}, job.reads + " → " + job.topic),
        // the file holds a rejected edit: what runs is not what the next start would load
        job.fileDiffers ? el("div", {class: "incident file-differs"}, job.fileDiffers) : null),
      el("td", {}, el("code", {}, s.cron), el("br"), el("span", {class: "muted"}, s.timeZone +
        (s.deadline ? " · deadline " + s.deadline : ""))),
      el("td", {class: "next-fire"}, time(job.nextFireTime)),
      lastRunCell(job.lastRun),
      historyCell(job),
      countsCell(job.lastRun),
      incidentsCell(job),
      waitingCell(job.waiting),
      el("td", {}, button, " ", history)));
  }
  // the shown run's detail follows its run: a running one's counts grow, an ended one gets its outcome
  const job = selected && data.jobs.find(j => j.id === selected.jobId);
  const run = job && job.history.find(r => r.runId === selected.runId);
  if (run) showRun(job.id, run);
}

async function refresh() {
  clearTimeout(timer);
  let live = false;
  try {
    const response = await fetch("/api/jobs", {headers: {"Accept": "application/json"}});
    const data = await response.json();
    if (!response.ok) throw new Error(data.error || "HTTP " + response.status);
    render(data);
    live = data.jobs.some(j => running(j.lastRun) && j.lastRun.live);
    const job = following && data.jobs.find(j => j.id === following.jobId);
    if (following && job && job.lastRun && job.lastRun.runId === following.runId && job.lastRun.end) {
      status(`Run ${following.runId} of ${following.jobId} ended: ${job.lastRun.outcome}`);
      following = null;
    } else if (!following) {
      status("Updated " + new Date().toLocaleTimeString());
    }
  } catch (e) {
    status("Cannot load /api/jobs: " + e.message, true);
  }
  timer = setTimeout(refresh, following ? FOLLOW_MS : live ? RUNNING_MS : REFRESH_MS);
}

async function runNow(jobId, button) {
  button.disabled = true;
  try {
    const response = await fetch(`/api/jobs/${encodeURIComponent(jobId)}/runs`, {
      method: "POST", headers: {"Authorization": credentials, "X-Requested-With": "overview"}});
    const answer = await response.json();
    if (response.status === 401) {
      signOut();
      status("Sign-in refused: wrong user or password", true);
      return;
    }
    if (!response.ok) throw new Error(answer.error || "HTTP " + response.status);
    if (answer.runId) {
      following = {jobId, runId: answer.runId};
      status(`Run ${answer.runId} of ${jobId} started…`);
    } else {
      status(answer.error);
    }
  } catch (e) {
    status(`Cannot start ${jobId}: ${e.message}`, true);
  }
  refresh();
}

async function showRuns(jobId) {
  const section = document.getElementById("runs");
  try {
    const response = await fetch(`/api/jobs/${encodeURIComponent(jobId)}/runs?limit=10`);
    const data = await response.json();
    if (!response.ok) throw new Error(data.error || "HTTP " + response.status);
    document.getElementById("runs-job").textContent = jobId;
    const body = section.querySelector("tbody");
    body.replaceChildren(...data.runs.map(r => el("tr", {},
      el("td", {title: r.runId}, r.runId.substring(0, 8)), el("td", {}, r.trigger), el("td", {}, time(r.start)),
      el("td", {}, time(r.end)), el("td", {}, took(r)), el("td", {}, outcome(r)), el("td", {class: "num"}, r.read),
      el("td", {class: "num"}, r.filtered), el("td", {class: "num"}, r.sent), el("td", {class: "num"}, r.deadLettered),
      el("td", {}, r.error || ""))));
    section.hidden = false;
  } catch (e) {
    status(`Cannot load the runs of ${jobId}: ${e.message}`, true);
  }
}

function signIn(event) {
  event.preventDefault();
  const user = document.getElementById("user").value;
  const password = document.getElementById("password").value;
  if (!user || !password) {
    status("Enter user and password to sign in", true);
    return;
  }
  credentials = basic(user, password);
  document.getElementById("password").value = "";
  document.getElementById("login-state").textContent = "Signed in as " + user;
  document.getElementById("sign-in").hidden = true;
  document.getElementById("sign-out").hidden = false;
  for (const id of ["user", "password"]) document.getElementById(id).parentElement.hidden = true;
  refresh();
}

function signOut() {
  credentials = null;
  document.getElementById("login-state").textContent = "Not signed in: viewing only";
  document.getElementById("sign-in").hidden = false;
  document.getElementById("sign-out").hidden = true;
  for (const id of ["user", "password"]) document.getElementById(id).parentElement.hidden = false;
  refresh();
}

document.getElementById("login").addEventListener("submit", signIn);
document.getElementById("sign-out").addEventListener("click", signOut);
document.getElementById("run-detail-close").addEventListener("click", hideRun);
refresh();
