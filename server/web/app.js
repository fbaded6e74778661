// naba's search page: no framework. Article text only ever reaches the page as
// text nodes (el() and marked() below), never as HTML.
"use strict";

const PAGE_SIZE = 10;
const $ = (id) => document.getElementById(id);

// An element with attributes and children (strings become text nodes).
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

// Only http(s) links: a javascript: or data: URL in an article stays text.
function safeUrl(url) {
  try {
    const u = new URL(url, location.href);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

const arabicDigits = new Intl.NumberFormat("ar-EG");
const num = (n) => arabicDigits.format(n);

// --- the API ---------------------------------------------------------------
function token() {
  return sessionStorage.getItem("naba-token") || "";
}

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (token()) headers.Authorization = "Bearer " + token();
  const res = await fetch(path, Object.assign({}, options, { headers }));
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (res.status === 401) $("token-box").hidden = false;
  if (!res.ok) {
    const msg = body && body.error ? body.error.message : "HTTP " + res.status;
    throw new Error(msg);
  }
  return body;
}

// --- the search state, kept in the URL ----------------------------------------
function readState() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get("q") || "",
    source: p.get("source") || "",
    category: p.get("category") || "",
    since: p.get("since") || "",
    until: p.get("until") || "",
    sort: p.get("sort") === "date" ? "date" : "relevance",
    page: Math.max(1, parseInt(p.get("page") || "1", 10) || 1),
  };
}

function writeState(state, push = true) {
  const p = new URLSearchParams();
  for (const k of ["q", "source", "category", "since", "until"]) if (state[k]) p.set(k, state[k]);
  if (state.sort !== "relevance") p.set("sort", state.sort);
  if (state.page > 1) p.set("page", String(state.page));
  const url = "/" + (p.toString() ? "?" + p.toString() : "");
  if (push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
}

function go(changes) {
  const state = Object.assign(readState(), changes);
  if (!("page" in changes)) state.page = 1;
  writeState(state);
  runSearch();
}

// --- rendering -------------------------------------------------------------
// The passage with its highlights (code-point offsets) in <mark>.
function marked(text, highlights) {
  const cps = Array.from(text);
  const out = document.createDocumentFragment();
  let at = 0;
  for (const [start, end] of highlights) {
    if (start < at) continue;
    out.append(cps.slice(at, start).join(""));
    out.append(el("mark", {}, cps.slice(start, end).join("")));
    at = end;
  }
  out.append(cps.slice(at).join(""));
  return out;
}

function renderResult(r) {
  const href = safeUrl(r.url);
  const title = href ? el("a", { href, rel: "noopener noreferrer", target: "_blank" }, r.title || r.id)
                     : el("span", {}, r.title || r.id);
  const meta = el("div", { class: "meta" },
    el("span", { class: "source" }, r.source || "—"),
    el("span", { class: "date" }, (r.date || "").slice(0, 10) || "—"));
  if (r.duplicates > 0) meta.append(el("span", { class: "copies" }, "و" + num(r.duplicates) + " نسخ أخرى"));
  const li = el("li", { class: "result" }, el("h3", {}, title), meta);
  for (const p of r.passages) li.append(el("p", { class: "passage" }, marked(p.text, p.highlights)));
  return li;
}

// The values of one facet (source or category) as filter buttons in list #id.
function renderFacet(id, key, counts, state) {
  const list = $(id);
  list.replaceChildren();
  const shown = counts.slice();
  const chosen = state[key].toLowerCase();
  if (chosen && !shown.some((c) => c.value.toLowerCase() === chosen))
    shown.unshift({ value: state[key], count: 0 });
  for (const c of shown) {
    const active = c.value.toLowerCase() === chosen;
    const b = el("button", { type: "button", class: "facet" + (active ? " active" : ""),
                             ["data-" + key]: c.value, "aria-pressed": String(active) },
      el("span", { class: "name" }, c.value), el("span", { class: "count" }, num(c.count)));
    b.addEventListener("click", () => go({ [key]: active ? "" : c.value }));
    list.append(el("li", {}, b));
  }
  if (!shown.length) list.append(el("li", { class: "status" }, "—"));
}

// Bars per month; a click limits the search to that month.
function renderHistogram(counts, state) {
  const box = $("histogram");
  box.replaceChildren();
  if (!counts.length) return;
  const NS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(NS, "svg");
  const W = 240, H = 90, axis = 14, max = Math.max(...counts.map((c) => c.count));
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("role", "img");
  const w = W / counts.length;
  counts.forEach((c, i) => {
    const h = Math.max(2, ((H - axis) * c.count) / max);
    const rect = document.createElementNS(NS, "rect");
    // Oldest on the right, as Arabic reads.
    rect.setAttribute("x", String(W - (i + 1) * w + 0.5));
    rect.setAttribute("y", String(H - axis - h));
    rect.setAttribute("width", String(Math.max(1, w - 1)));
    rect.setAttribute("height", String(h));
    const [y, m] = c.value.split("-");
    const first = `${y}-${m}-01`;
    const last = new Date(Date.UTC(+y, +m, 0)).toISOString().slice(0, 10);
    if (state.since === first && state.until === last) rect.classList.add("active");
    const tip = document.createElementNS(NS, "title");
    tip.textContent = `${c.value}: ${num(c.count)}`;
    rect.append(tip);
    rect.addEventListener("click", () => go({ since: first, until: last }));
    svg.append(rect);
  });
  for (const [i, anchor] of [[0, "start"], [counts.length - 1, "end"]]) {
    const t = document.createElementNS(NS, "text");
    t.setAttribute("class", "axis");
    t.setAttribute("direction", "ltr");
    t.setAttribute("x", String(i === 0 ? W - 2 : 2));
    t.setAttribute("y", String(H - 2));
    t.setAttribute("text-anchor", anchor === "start" ? "end" : "start");
    t.textContent = counts[i].value;
    svg.append(t);
    if (counts.length === 1) break;
  }
  box.append(svg);
}

async function runSearch() {
  const state = readState();
  $("q").value = state.q;
  $("since").value = state.since;
  $("until").value = state.until;
  $("sort").value = state.sort;
  $("clear-dates").hidden = !(state.since || state.until);
  if (!state.q.trim()) return;
  const p = new URLSearchParams({ q: state.q, n: String(PAGE_SIZE), passages: "2",
                                  offset: String((state.page - 1) * PAGE_SIZE),
                                  facets: "source,category,date:month", sort: state.sort });
  for (const k of ["source", "category", "since", "until"]) if (state[k]) p.set(k, state[k]);
  $("status").textContent = "جارٍ البحث…";
  document.title = state.q + " — نبأ";
  let r;
  try {
    r = await api("/api/search?" + p.toString());
  } catch (e) {
    $("status").textContent = "تعذّر البحث: " + e.message;
    $("results").replaceChildren();
    $("pager").hidden = true;
    return;
  }
  const pages = Math.max(1, Math.ceil(r.total / PAGE_SIZE));
  let status = `${num(r.total)} مقالة مطابقة`;
  if (r.total) status += ` · الصفحة ${num(state.page)} من ${num(pages)}`;
  if (r.cut_short) status += " · توقف البحث عند حدّه الزمني، النتائج جزئية";
  for (const w of r.warnings || []) status += " · " + w;
  $("status").textContent = status;
  $("results").replaceChildren(...r.results.map(renderResult));
  renderFacet("sources", "source", r.facets ? r.facets.source : [], state);
  renderFacet("categories", "category", r.facets ? r.facets.category : [], state);
  renderHistogram(r.facets ? r.facets["date:month"] : [], state);
  $("pager").hidden = r.total <= PAGE_SIZE;
  $("prev").disabled = state.page <= 1;
  $("next").disabled = state.page >= pages;
  $("page-info").textContent = `${num(state.page)} / ${num(pages)}`;
}

// --- alerts ----------------------------------------------------------------
async function loadAlerts() {
  const body = $("alerts").tBodies[0];
  let list;
  try {
    list = (await api("/api/alerts")).alerts;
  } catch (e) {
    $("alert-status").textContent = "تعذّر تحميل التنبيهات: " + e.message;
    return;
  }
  body.replaceChildren(...list.map((a) => el("tr", { "data-alert": a.name },
    el("td", { dir: "ltr" }, a.name), el("td", {}, a.query), el("td", {}, a.source || "—"),
    el("td", {}, a.since || "—"), el("td", {}, num(a.delivered)),
    el("td", {}, a.last_run ? a.last_run.replace("T", " ").slice(0, 16) : "لم يُشغَّل"),
    el("td", {},
      el("button", { type: "button", class: "run", onclick: () => dryRun(a.name) }, "معاينة"),
      " ",
      el("button", { type: "button", class: "remove", onclick: () => removeAlert(a.name) }, "حذف")))));
  if (!list.length) body.append(el("tr", {}, el("td", { colspan: "7", class: "status" }, "لا تنبيهات بعد.")));
}

async function dryRun(name) {
  try {
    const r = await api(`/api/alerts/${encodeURIComponent(name)}/run?dry_run=1`, { method: "POST" });
    $("alert-status").textContent = `${name}: ${num(r.matches.length)} مقالة جديدة تنتظر التسليم`;
  } catch (e) {
    $("alert-status").textContent = e.message;
  }
}

async function removeAlert(name) {
  if (!confirm(`حذف التنبيه ${name}؟`)) return;
  try {
    await api("/api/alerts/" + encodeURIComponent(name), { method: "DELETE" });
    $("alert-status").textContent = `حُذف التنبيه ${name}`;
  } catch (e) {
    $("alert-status").textContent = e.message;
  }
  loadAlerts();
}

async function addAlert(ev) {
  ev.preventDefault();
  const alert = { name: $("alert-name").value.trim(), query: $("alert-query").value.trim(),
                  source: $("alert-source").value.trim(), since: $("alert-since").value };
  try {
    const r = await api("/api/alerts", { method: "POST", body: JSON.stringify(alert),
                                         headers: { "Content-Type": "application/json" } });
    $("alert-status").textContent =
      `حُفظ التنبيه ${r.alert.name}؛ يطابق الآن ${num(r.matches_now)} مقالة مفهرسة`;
    $("alert-form").reset();
  } catch (e) {
    $("alert-status").textContent = "لم يُحفظ: " + e.message;
  }
  loadAlerts();
}

// --- wiring ----------------------------------------------------------------
function start() {
  const alerts = location.pathname === "/alerts";
  $("search-view").hidden = alerts;
  $("alerts-view").hidden = !alerts;
  $(alerts ? "nav-alerts" : "nav-search").classList.add("current");
  $("token-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    sessionStorage.setItem("naba-token", $("token").value.trim());
    $("token-box").hidden = true;
    alerts ? loadAlerts() : runSearch();
  });
  $("search-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (alerts) location.href = "/?q=" + encodeURIComponent($("q").value);
    else go({ q: $("q").value.trim() });
  });
  document.addEventListener("keydown", (ev) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (ev.key === "/" && !typing) {
      ev.preventDefault();
      $("q").focus();
      $("q").select();
    }
  });
  if (alerts) {
    $("alert-form").addEventListener("submit", addAlert);
    loadAlerts();
    return;
  }
  $("since").addEventListener("change", () => go({ since: $("since").value }));
  $("until").addEventListener("change", () => go({ until: $("until").value }));
  $("sort").addEventListener("change", () => go({ sort: $("sort").value }));
  $("clear-dates").addEventListener("click", () => go({ since: "", until: "" }));
  $("prev").addEventListener("click", () => go({ page: readState().page - 1 }));
  $("next").addEventListener("click", () => go({ page: readState().page + 1 }));
  window.addEventListener("popstate", runSearch);
  runSearch();
  if (!readState().q) $("q").focus();
}

start();
