// WLA Bridge overview: renders GET /api/jobs, triggers runs with POST /api/jobs/{id}/runs (HTTP Basic).
// Plain browser JavaScript, no build step. Credentials stay in this page's memory only, never in storage.
"use strict";

const REFRESH_MS = 15000;
const FOLLOW_MS = 1000;
let credentials = null;   // "Basic ..." while signed in
let following = null;     // {jobId, runId} of a run started here, until it has ended
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

function lastRunCell(run) {
  if (!run) return el("td", {class: "last-run"}, outcome(null));
  return el("td", {class: "last-run", "data-run-id": run.runId},
    outcome(run), el("br"),
    el("span", {class: "muted run-id", title: run.runId}, run.runId.substring(0, 8) + " · " + run.trigger),
    el("br"), el("span", {class: "muted"}, time(run.start) + (run.end ? " → " + time(run.end) : " (running)")),
    run.error ? el("div", {class: "incident"}, run.error) : null);
}

function countsCell(run) {
  if (!run) return el("td", {class: "num"}, "–");
  return el("td", {class: "num counts"},
    `read ${run.read} · filtered ${run.filtered} · sent ${run.sent} · already sent ${run.alreadySent}` +
    ` · dead-lettered ${run.deadLettered}`);
}

function incidentsCell(incidents) {
  if (!incidents.length) return el("td", {class: "incidents"}, "none");
  const td = el("td", {class: "incidents incident"}, incidents.length + " open");
  for (const i of incidents) {
    td.append(el("div", {class: "muted", title: i.detail || ""}, i.cause + " since " + time(i.openedAt)));
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
      el("td", {}, el("strong", {}, job.id), el("br"), el("span", {class: "muted"}, "→ " + job.topic)),
      el("td", {}, el("code", {}, s.cron), el("br"), el("span", {class: "muted"}, s.timeZone +
        (s.deadline ? " · deadline " + s.deadline : ""))),
      el("td", {class: "next-fire"}, time(job.nextFireTime)),
      lastRunCell(job.lastRun),
      countsCell(job.lastRun),
      incidentsCell(job.openIncidents),
      waitingCell(job.waiting),
      el("td", {}, button, " ", history)));
  }
}

async function refresh() {
  clearTimeout(timer);
  try {
    const response = await fetch("/api/jobs", {headers: {"Accept": "application/json"}});
    const data = await response.json();
    if (!response.ok) throw new Error(data.error || "HTTP " + response.status);
    render(data);
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
  timer = setTimeout(refresh, following ? FOLLOW_MS : REFRESH_MS);
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
      el("td", {}, time(r.end)), el("td", {}, outcome(r)), el("td", {class: "num"}, r.read),
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
refresh();
