#!/usr/bin/env python3
"""Loads every page of a served Dossier site in headless Chromium, as a reader would.

Drives Debian's `chromium` through the Chrome DevTools Protocol (the `websocket-client`
package) and checks, for every page of the built site (every *.html under --site), loaded
from --base-url:

  * no console error or warning, no uncaught exception, no browser log error;
  * no failed request and no response with status >= 400 (except the one request for
    a missing address that tests 404.html);
  * every internal link (a[href], link[href], also inside the SVG network) reaches a
    page that answers 200, and its #fragment names an element of that page;
  * structure: <html lang>, a <title>, exactly one h1, headings that never skip a level,
    landmarks (header, nav with a label, one main, footer), tables with a header row
    (thead th) whose column headers are not empty, images and SVG with accessible names,
    links with accessible names, no duplicate ids;
  * keyboard: Tab from the start focuses the skip link (visibly, with a focus outline),
    which targets #main; after following it, Tab lands inside main;
  * contrast: every visible text (and the search box's placeholder) against its
    background, in light and dark mode (prefers-color-scheme), WCAG AA: 4.5:1, 3:1 for
    large text; also on a highlighted paragraph (source.html#p-2);
  * the text's paragraph anchors p-1, p-2, … come in order (the stylesheet numbers them);
  * search (assets/search.js over the index in search/): the box has a labelled field;
    typing a word shows results that lead to pages of the site, a prefix finds them too,
    a source's title finds that source first, the results are readable (contrast, light and
    dark) and fit at 390 px, and nothing fails meanwhile (search-phone.png is written too);
  * without the index (--no-search-base-url: the same seeds built with --no-search, whose
    search/meta.json lists no documents): the box stays hidden, the one check for
    search/meta.json is the only request for the index, no request fails, and the next
    page makes no request for the index at all;
  * layout: no horizontal page overflow at 390 px (and 1280 px for the key pages);
  * print: on the briefing, navigation, search, skip link and footer are not printed and
    the text is black on white; briefing-print.pdf is written beside the screenshots;
  * no JavaScript: the briefing and a source page show the same main content;
  * screenshots of the briefing, a source page, the actor index, the compare page and the
    timeline at 390x844 and 1280x900 (full page, cut at 12000 px), and of the briefing in
    dark mode, written to --screenshots; no horizontal overflow at 1280 px either.

The site is served with the headers it asks its host for (_headers, by run.sh), so a
Content-Security-Policy violation shows up as a console error.

Prints one line per failed check, a summary, and writes "PASSED FAILED" to --results.
Known problems whose fix lies outside the templates are listed in KNOWN_PROBLEMS: they
are reported as expected failures and do not fail the run.
"""

import argparse
import base64
import collections
import fnmatch
import html.parser
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

try:
    import websocket  # the websocket-client package
except ImportError:  # pragma: no cover
    sys.exit("check_pages.py needs the websocket-client package: pip install websocket-client")

PHONE = (390, 844)
DESKTOP = (1280, 900)
MAX_SHOT_HEIGHT = 12000  # px; longer pages are cut there

# (page glob, check name, substring of the detail) — problems that lie in the Markdown the
# page builders write (Sources/DossierCore/Pages/), not in the templates: reported as
# expected failures. Remove an entry once it is fixed; an entry that no longer matches
# anything is reported so the list does not go stale.
KNOWN_PROBLEMS = [
]


# --------------------------------------------------------------------------------------
# Results


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = []
        self.expected = []
        self.used_known = set()

    def check(self, page, name, ok, detail=""):
        if ok:
            self.passed += 1
            return True
        for index, (glob, known_name, substring) in enumerate(KNOWN_PROBLEMS):
            if known_name == name and fnmatch.fnmatch(page, glob) and substring in detail:
                self.used_known.add(index)
                self.expected.append((page, name, detail))
                return False
        self.failed.append((page, name, detail))
        print("FAIL %s: %s: %s" % (page, name, detail), flush=True)
        return False


# --------------------------------------------------------------------------------------
# Chrome DevTools Protocol over one browser websocket, with flat sessions


class CDP:
    def __init__(self, url):
        self.ws = websocket.create_connection(url, timeout=60, suppress_origin=True,
                                              enable_multithread=False)
        self.next_id = 0
        self.events = collections.deque()

    def send(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        deadline = time.monotonic() + timeout
        while True:
            self.ws.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                reply = json.loads(self.ws.recv())
            except websocket.WebSocketTimeoutException:
                raise RuntimeError("no answer from Chromium to %s within %ss" % (method, timeout))
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError("%s: %s" % (method, reply["error"].get("message")))
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def poll(self, timeout):
        """The next event, or None after `timeout` seconds."""
        if self.events:
            return self.events.popleft()
        self.ws.settimeout(max(0.01, timeout))
        try:
            message = json.loads(self.ws.recv())
        except websocket.WebSocketTimeoutException:
            return None
        return message if "method" in message else None

    def close(self):
        try:
            self.ws.close()
        except Exception:
            pass


class Chromium:
    """Debian's chromium, headless, on a DevTools port it picks itself."""

    def __init__(self, work):
        self.profile = tempfile.mkdtemp(prefix="chromium-profile.", dir=work)
        binary = os.environ.get("CHROMIUM", "chromium")
        self.log = open(os.path.join(work, "chromium.log"), "wb")
        arguments = [
            "timeout", "-k", "5", "245", binary,
            "--headless=new", "--no-sandbox", "--remote-debugging-port=0",
            "--user-data-dir=" + self.profile, "--no-first-run", "--no-default-browser-check",
            "--disable-gpu", "--disable-dev-shm-usage", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--mute-audio", "--hide-scrollbars", "--lang=en-US",
            "--font-render-hinting=none", "--force-color-profile=srgb", "about:blank",
        ]
        # A process group of its own, so that it and its helpers are stopped together.
        self.process = subprocess.Popen(arguments, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("chromium exited with status %s; see its log" % self.process.returncode)
            if os.path.exists(port_file):
                lines = open(port_file).read().split("\n")
                if len(lines) >= 2 and lines[1]:
                    self.url = "ws://127.0.0.1:%s%s" % (lines[0].strip(), lines[1].strip())
                    return
            time.sleep(0.05)
        raise RuntimeError("chromium wrote no DevToolsActivePort within 30 s")

    def stop(self):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait(5)
        self.log.close()


# --------------------------------------------------------------------------------------
# One tab


class Tab:
    def __init__(self, cdp):
        self.cdp = cdp
        target = cdp.send("Target.createTarget", {"url": "about:blank"})
        self.session = cdp.send("Target.attachToTarget",
                                {"targetId": target["targetId"], "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.send(domain + ".enable")
        self.send("Page.setLifecycleEventsEnabled", {"enabled": True})
        self.allowed_failures = set()

    def send(self, method, params=None, timeout=60):
        return self.cdp.send(method, params, session=self.session, timeout=timeout)

    def evaluate(self, expression, await_promise=False):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": await_promise})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise RuntimeError("in-page script failed: %s" % text)
        return result["result"].get("value")

    def viewport(self, size, mobile):
        width, height = size
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})

    def load(self, url, settle=0.15, timeout=20):
        """Navigates and waits for the load event and a quiet network.

        Returns (main response status, problems), where problems lists console errors and
        warnings, exceptions, browser log errors and failed requests seen meanwhile."""
        self.cdp.events.clear()
        problems = []
        status = None
        inflight = {}
        loaded = False
        result = self.send("Page.navigate", {"url": url})
        if result.get("errorText"):
            return None, ["navigation failed: %s" % result["errorText"]]
        frame = result.get("frameId")
        deadline = time.monotonic() + timeout
        last_activity = time.monotonic()
        while time.monotonic() < deadline:
            quiet_for = time.monotonic() - last_activity
            if loaded and not inflight and quiet_for >= settle:
                break
            event = self.cdp.poll(0.05)
            if event is None:
                continue
            if event.get("sessionId") != self.session:
                continue
            last_activity = time.monotonic()
            method, params = event["method"], event.get("params", {})
            if method == "Page.loadEventFired":
                loaded = True
            elif method == "Network.requestWillBeSent":
                if params.get("request", {}).get("url", "").startswith("data:"):
                    continue
                inflight[params["requestId"]] = params["request"]["url"]
            elif method == "Network.loadingFinished":
                inflight.pop(params["requestId"], None)
            elif method == "Network.loadingFailed":
                failed_url = inflight.pop(params["requestId"], None) or "request %s" % params["requestId"]
                if not params.get("canceled") or params.get("type") != "Other":
                    reason = params.get("errorText") or ""
                    for key in ("blockedReason", "corsErrorStatus"):
                        if params.get(key):
                            reason += " %s=%s" % (key, params[key])
                    problems.append("request failed: %s (%s, %s)" % (failed_url, params.get("type"), reason.strip()))
            elif method == "Network.responseReceived":
                response = params["response"]
                if params.get("type") == "Document" and params.get("frameId") == frame and status is None:
                    status = response["status"]
                    if response["url"] in self.allowed_failures:
                        continue
                if response["status"] >= 400 and response["url"] not in self.allowed_failures:
                    problems.append("HTTP %s for %s" % (response["status"], response["url"]))
            elif method == "Runtime.consoleAPICalled":
                if params.get("type") in ("error", "warning", "assert"):
                    text = " ".join(str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", []))
                    problems.append("console %s: %s" % (params["type"], text))
            elif method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                text = details.get("exception", {}).get("description") or details.get("text")
                problems.append("uncaught exception: %s" % text)
            elif method == "Log.entryAdded":
                entry = params.get("entry", {})
                if entry.get("level") in ("error", "warning"):
                    if entry.get("url") in self.allowed_failures:
                        continue
                    problems.append("browser log %s: %s (%s)" % (entry["level"], entry.get("text"), entry.get("url", "")))
        else:
            problems.append("page did not finish loading within %s s (still loading: %s)"
                            % (timeout, ", ".join(sorted(inflight.values())) or "nothing"))
        return status, problems

    def problem_of(self, event):
        """Problems an event reports (outside a page load): errors, warnings, failed requests."""
        method, params = event["method"], event.get("params", {})
        if method == "Network.loadingFailed" and not params.get("canceled"):
            return ["request failed: %s" % params.get("errorText")]
        if method == "Network.responseReceived" and params["response"]["status"] >= 400:
            return ["HTTP %s for %s" % (params["response"]["status"], params["response"]["url"])]
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
            return ["console %s: %s" % (params["type"], " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))]
        if method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            return ["uncaught exception: %s" % (details.get("exception", {}).get("description") or details.get("text"))]
        if method == "Log.entryAdded" and params.get("entry", {}).get("level") in ("error", "warning"):
            return ["browser log %s: %s" % (params["entry"]["level"], params["entry"].get("text"))]
        return []

    def screenshot(self, path, size, mobile):
        self.viewport(size, mobile)
        self.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))", True)
        metrics = self.send("Page.getLayoutMetrics")
        content = metrics.get("cssContentSize") or metrics["contentSize"]
        height = min(int(content["height"]) + 1, MAX_SHOT_HEIGHT)
        shot = self.send("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size[0], "height": height, "scale": 1},
        }, timeout=60)
        with open(path, "wb") as out:
            out.write(base64.b64decode(shot["data"]))

    def press(self, key, code, key_code):
        for kind in ("rawKeyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", {"type": kind, "key": key, "code": code,
                                                 "windowsVirtualKeyCode": key_code,
                                                 "nativeVirtualKeyCode": key_code})


# --------------------------------------------------------------------------------------
# In-page checks (JavaScript run in each page)

INSPECT_JS = r"""
(() => {
  const out = {};
  const text = el => (el.textContent || "").replace(/\s+/g, " ").trim();
  const short = s => s.length > 70 ? s.slice(0, 67) + "…" : s;
  const describe = el => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    else if (el.getAttribute("class")) name += "." + el.getAttribute("class").trim().split(/\s+/).join(".");
    return name;
  };
  const visible = el => {
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") return false;
    return el.getClientRects().length > 0;
  };
  // Accessible name, roughly: aria-labelledby, aria-label, alt of images inside, SVG <title>, text, title.
  const accessibleName = el => {
    const by = el.getAttribute("aria-labelledby");
    if (by) {
      const named = by.split(/\s+/).map(id => document.getElementById(id)).filter(Boolean).map(text).join(" ").trim();
      if (named) return named;
    }
    const label = (el.getAttribute("aria-label") || "").trim();
    if (label) return label;
    const imgAlt = [...el.querySelectorAll("img[alt]")].map(img => img.alt.trim()).join(" ").trim();
    const own = text(el);
    if (own || imgAlt) return (own + " " + imgAlt).trim();
    const svgTitle = el.querySelector(":scope > title");
    if (svgTitle && text(svgTitle)) return text(svgTitle);
    return (el.getAttribute("title") || "").trim();
  };

  out.lang = document.documentElement.getAttribute("lang") || "";
  out.title = document.title.trim();
  out.h1 = [...document.querySelectorAll("h1")].map(text);

  // Heading order: the first heading is h1 and no heading goes more than one level deeper.
  out.headingSkips = [];
  let previous = 0;
  for (const h of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    const level = Number(h.tagName[1]);
    if (level > previous + 1) out.headingSkips.push(`h${previous || "(none)"} → h${level} "${short(text(h))}"`);
    previous = level;
  }

  // Landmarks.
  const landmarks = [];
  const header = [...document.querySelectorAll("header")].filter(h => !h.closest("article, aside, main, nav, section"));
  if (header.length !== 1) landmarks.push(`${header.length} page <header> (banner), want 1`);
  const mains = document.querySelectorAll("main");
  if (mains.length !== 1) landmarks.push(`${mains.length} <main>, want 1`);
  else if (mains[0].id !== "main") landmarks.push("<main> has no id=\"main\"");
  const navs = [...document.querySelectorAll("nav")];
  if (!navs.length) landmarks.push("no <nav>");
  for (const nav of navs) if (!nav.getAttribute("aria-label") && !nav.getAttribute("aria-labelledby"))
    landmarks.push(`<nav> without aria-label: ${describe(nav)}`);
  const navLabels = navs.map(n => n.getAttribute("aria-label") || n.getAttribute("aria-labelledby"));
  if (new Set(navLabels).size !== navLabels.length) landmarks.push("two <nav> share a label");
  const footer = [...document.querySelectorAll("footer")].filter(f => !f.closest("article, aside, main, nav, section"));
  if (footer.length !== 1) landmarks.push(`${footer.length} page <footer> (contentinfo), want 1`);
  for (const el of document.body.children) {
    if (["SCRIPT", "TEMPLATE"].includes(el.tagName) || el.classList.contains("skip-link")) continue;
    if (!el.matches("header, nav, main, footer, aside, [role]")) landmarks.push(`content outside landmarks: ${describe(el)}`);
  }
  out.landmarks = landmarks;

  // Tables: a header row of th cells, each column header with text (a matrix's corner may be empty).
  out.tables = [];
  document.querySelectorAll("table").forEach((table, index) => {
    let where = `table ${index + 1}`;
    for (let el = table.previousElementSibling; el; el = el.previousElementSibling)
      if (/^H[1-6]$/.test(el.tagName)) { where += ` under "${short(text(el))}"`; break; }
      else if (el.tagName === "SUMMARY") { where += ` in "${short(text(el))}"`; break; }
    if (!where.includes('"')) { const s = table.closest("details")?.querySelector("summary"); if (s) where += ` in "${short(text(s))}"`; }
    const ths = table.querySelectorAll(":scope > thead > tr > th");
    if (!ths.length) { out.tables.push(`${where}: no header row (thead th)`); return; }
    ths.forEach((th, column) => {
      if (!text(th) && !th.getAttribute("aria-label") && column > 0)
        out.tables.push(`${where}: column ${column + 1} has an empty header`);
    });
  });

  // Images and pictures.
  out.images = [];
  for (const img of document.querySelectorAll("img")) if (!img.hasAttribute("alt")) out.images.push(`<img src="${img.getAttribute("src")}"> without alt`);
  for (const svg of document.querySelectorAll("svg")) {
    if (svg.getAttribute("aria-hidden") === "true" || svg.parentElement.closest("svg")) continue;
    if (svg.getAttribute("role") !== "img") out.images.push(`${describe(svg)} without role="img"`);
    if (!svg.querySelector(":scope > title")) out.images.push(`${describe(svg)} without a <title>`);
    if (!accessibleName(svg)) out.images.push(`${describe(svg)} without an accessible name`);
  }

  // Links: a name each; collected for the link check.
  out.unnamedLinks = [];
  out.links = [];
  for (const a of document.querySelectorAll("a[href], link[href]")) {
    const raw = a.getAttribute("href");
    let url;
    try { url = new URL(raw, document.baseURI).href; } catch (e) { out.links.push({raw, url: null}); continue; }
    out.links.push({raw, url, tag: a.tagName.toLowerCase(), rel: a.getAttribute("rel") || ""});
    if (a.tagName.toLowerCase() === "a" && !accessibleName(a)) out.unnamedLinks.push(`<a href="${raw}">`);
  }
  for (const el of document.querySelectorAll("[tabindex]")) if (Number(el.getAttribute("tabindex")) > 0)
    out.unnamedLinks.push(`positive tabindex on ${describe(el)} breaks the reading order`);

  // Ids, for #fragments; duplicates make fragments ambiguous.
  const ids = [...document.querySelectorAll("[id]")].map(el => el.id);
  const names = [...document.querySelectorAll("a[name]")].map(el => el.getAttribute("name"));
  out.ids = [...new Set(ids.concat(names))];
  const seen = new Set();
  out.duplicateIds = [...new Set(ids.filter(id => seen.has(id) || !seen.add(id)))];

  // The text's paragraph anchors p-1, p-2, … in order: the stylesheet shows their numbers with a counter.
  const paragraphIds = [...document.querySelectorAll("main a[id^='p-']:empty")].map(a => a.id);
  out.paragraphOrder = paragraphIds.findIndex((id, index) => id !== `p-${index + 1}`);
  out.paragraphOrder = out.paragraphOrder < 0 ? null : `anchor ${out.paragraphOrder + 1} is ${paragraphIds[out.paragraphOrder]}`;

  out.scrollWidth = document.documentElement.scrollWidth;
  out.clientWidth = document.documentElement.clientWidth;
  // What sticks out, when something does.
  out.overflowing = [];
  if (out.scrollWidth > out.clientWidth + 1) {
    for (const el of document.querySelectorAll("body *")) {
      const rect = el.getBoundingClientRect();
      if (rect.right > out.clientWidth + 1 && !el.parentElement.closest("table, pre, svg") && visible(el))
        out.overflowing.push(`${describe(el)} (right edge ${Math.round(rect.right)} px)`);
      if (out.overflowing.length >= 5) break;
    }
  }
  return out;
})()
"""

CONTRAST_JS = r"""
(() => {
  const parse = value => {
    const m = value.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const parts = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return {r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1};
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a), a: 1,
  });
  const luminance = c => {
    const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  // The colour behind an element: its own background and its ancestors', stacked.
  const canvas = parse(getComputedStyle(document.documentElement).backgroundColor);
  const backgroundOf = el => {
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const bg = parse(getComputedStyle(node).backgroundColor);
      if (bg && bg.a > 0) { layers.push(bg); if (bg.a >= 1) break; }
    }
    let color = {r: 255, g: 255, b: 255, a: 1};
    const base = getComputedStyle(document.body).backgroundColor;
    if (!layers.length || layers[layers.length - 1].a < 1) {
      const b = parse(base); if (b && b.a > 0) color = over(b, color);
      if (canvas && canvas.a > 0) color = over(canvas, color);
    }
    for (let i = layers.length - 1; i >= 0; i--) color = over(layers[i], color);
    return color;
  };
  const body = getComputedStyle(document.body);
  const bodyFg = parse(body.color), bodyBg = backgroundOf(document.body);
  const result = {body: ratio(over(bodyFg, bodyBg), bodyBg), low: []};
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.nodeValue.trim()) continue;
    const el = node.parentElement;
    if (!el || el.closest("script, style, noscript, title")) continue;
    const rects = el.getClientRects();
    if (!rects.length) continue;
    const style = getComputedStyle(el);
    if (style.visibility !== "visible" || Number(style.opacity) === 0) continue;
    const rect = el.getBoundingClientRect();
    if (rect.bottom < 0 || rect.right < 0) continue;  // parked off-screen (the skip link)
    const inSvg = el instanceof SVGElement;
    let fg = parse(inSvg ? style.fill : style.color);
    if (!fg) fg = parse(style.color);
    const bg = backgroundOf(el);
    const shown = over(fg, bg);
    const r = ratio(shown, bg);
    const size = parseFloat(style.fontSize), weight = Number(style.fontWeight) || 400;
    const large = size >= 24 || (size >= 18.66 && weight >= 700);
    const need = large ? 3 : 4.5;
    if (r + 0.005 < need) {
      const tag = el.tagName.toLowerCase() + (el.getAttribute("class") ? "." + el.getAttribute("class").trim().split(/\s+/)[0] : "");
      const key = `${tag} ${style.color} ${style.backgroundColor}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const sample = node.nodeValue.trim().slice(0, 30);
      result.low.push(`${tag} "${sample}": ${r.toFixed(2)}:1 < ${need}:1 (${inSvg ? style.fill : style.color} on rgb(${Math.round(bg.r)}, ${Math.round(bg.g)}, ${Math.round(bg.b)}))`);
    }
  }
  // Placeholder text (the search box) counts as text too.
  for (const input of document.querySelectorAll("input[placeholder]")) {
    if (!input.getClientRects().length) continue;
    const style = getComputedStyle(input, "::placeholder");
    const fg = parse(style.color);
    if (!fg) continue;
    fg.a *= Number(style.opacity || 1);
    const bg = backgroundOf(input);
    const r = ratio(over(fg, bg), bg);
    if (r + 0.005 < 4.5) result.low.push(`placeholder of ${input.id || input.className || "input"}: ${r.toFixed(2)}:1 < 4.5:1`);
  }
  return result;
})()
"""


def search(tab, url, word, timeout=10, load=True):
    """Loads url (unless load is False), types word into the search box, waits for results.

    Returns (whether results came, problems seen meanwhile)."""
    status, problems = tab.load(url) if load else (200, [])
    ready = False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not ready:
        ready = tab.evaluate("!!document.querySelector('#search input')")
        if not ready:
            time.sleep(0.05)
    if not ready:
        return False, problems + ["no search box appeared"]
    tab.evaluate("(() => { const i = document.querySelector('#search input'); i.value = ''; i.focus(); })()")
    tab.evaluate("document.querySelector('#search ol').textContent = ''")
    tab.send("Input.insertText", {"text": word})
    found = False
    while time.monotonic() < deadline and not found:
        event = tab.cdp.poll(0.05)
        if event and event.get("sessionId") == tab.session:
            problems += tab.problem_of(event)
        found = tab.evaluate("document.querySelectorAll('#search ol a[href]').length > 0")
    # Let the result excerpts and their requests finish.
    end = time.monotonic() + 0.5
    while time.monotonic() < end:
        event = tab.cdp.poll(0.05)
        if event and event.get("sessionId") == tab.session:
            problems += tab.problem_of(event)
    return found, problems


# --------------------------------------------------------------------------------------
# Link targets that were not loaded in the browser


class IdCollector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)


def fetch(url):
    """(status, content type, body) of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), b""
    except Exception as error:  # connection refused, timeout
        return 0, "", str(error).encode()


# --------------------------------------------------------------------------------------


def site_pages(site):
    pages = []
    for folder, subfolders, files in os.walk(site):
        relative = os.path.relpath(folder, site)
        for name in files:
            if name.endswith(".html"):
                pages.append(os.path.normpath(os.path.join(relative, name)).replace(os.sep, "/"))
    return sorted(pages)


def pick_key_pages(pages):
    """The pages screenshotted and checked more closely."""
    first = lambda pattern: next((p for p in pages if fnmatch.fnmatch(p, pattern)), None)
    key = [("briefing", "index.html"), ("source", first("sources/*.html")),
           ("actors", "actors/index.html"), ("actor", first("actors/[!i]*.html")),
           ("compare", "compare/index.html"), ("pair", first("compare/*--*.html")),
           ("timeline", "timeline.html")]
    return [(name, page) for name, page in key if page in pages]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", required=True, help="the built site folder")
    parser.add_argument("--base-url", required=True, help="where the site is served, ending in /")
    parser.add_argument("--screenshots", required=True)
    parser.add_argument("--results", help='file to write "PASSED FAILED" to')
    parser.add_argument("--work", default=None, help="a scratch folder (default: a temporary one)")
    parser.add_argument("--no-search-base-url", default=None,
                        help="where the same site built with --no-search is served, ending in /")
    options = parser.parse_args()
    base = options.base_url if options.base_url.endswith("/") else options.base_url + "/"
    work = options.work or tempfile.mkdtemp(prefix="check-pages.")
    os.makedirs(options.screenshots, exist_ok=True)
    results = Results()
    started = time.monotonic()

    pages = site_pages(options.site)
    if not results.check("site", "has pages", "index.html" in pages, "no index.html in %s" % options.site):
        return finish(results, options)
    key_pages = pick_key_pages(pages)
    screenshot_pages = [(n, p) for n, p in key_pages if n in ("briefing", "source", "actors", "compare", "timeline")]
    has_search = os.path.isfile(os.path.join(options.site, "search", "meta.json"))
    origin = urllib.parse.urlsplit(base)._replace(path="", query="", fragment="").geturl()

    chromium = Chromium(work)
    cdp = None
    try:
        cdp = CDP(chromium.url)
        tab = Tab(cdp)
        tab.viewport(PHONE, True)
        loaded = {}  # url without fragment -> (status, ids)
        links = []   # (page, raw href, absolute url)

        # 1. Every page, at phone width.
        for page in pages:
            url = urllib.parse.urljoin(base, page)
            status, problems = tab.load(url)
            results.check(page, "loads with status 200", status == 200, "status %s" % status)
            results.check(page, "no console error, failed request or exception", not problems, "; ".join(problems))
            info = tab.evaluate(INSPECT_JS)
            loaded[url] = (status, set(info["ids"]))
            if page == "index.html":
                loaded[base] = loaded[url]
            for link in info["links"]:
                links.append((page, link["raw"], link["url"], set(info["ids"])))
            results.check(page, "html lang and title", bool(info["lang"] and info["title"]),
                          "lang=%r title=%r" % (info["lang"], info["title"]))
            results.check(page, "exactly one h1", len(info["h1"]) == 1, "%d h1: %s" % (len(info["h1"]), info["h1"]))
            results.check(page, "headings do not skip levels", not info["headingSkips"], "; ".join(info["headingSkips"]))
            results.check(page, "landmarks", not info["landmarks"], "; ".join(info["landmarks"]))
            for problem in info["tables"] or [None]:
                results.check(page, "table headers", problem is None, problem or "")
            results.check(page, "images and SVG have accessible names", not info["images"], "; ".join(info["images"]))
            results.check(page, "links have names, no positive tabindex", not info["unnamedLinks"], "; ".join(info["unnamedLinks"][:5]))
            results.check(page, "paragraph anchors numbered in order", info["paragraphOrder"] is None, info["paragraphOrder"] or "")
            results.check(page, "ids are unique", not info["duplicateIds"], "duplicated: " + ", ".join(info["duplicateIds"][:10]))
            results.check(page, "no horizontal overflow at 390 px", info["scrollWidth"] <= PHONE[0] + 1,
                          "page is %d px wide; sticking out: %s" % (info["scrollWidth"], ", ".join(info["overflowing"]) or "?"))
            if page == "actors/index.html":
                svg = tab.evaluate("""(() => { const s = document.querySelector('svg.actor-network, main svg');
                    return s ? {role: s.getAttribute('role'), title: (s.querySelector(':scope > title') || {}).textContent || ''} : null; })()""")
                results.check(page, "actor network SVG has role=img and a <title>",
                              bool(svg and svg["role"] == "img" and svg["title"].strip()), "found %r" % (svg,))
            # Contrast, light then dark.
            for scheme in ("light", "dark"):
                tab.send("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
                contrast = tab.evaluate(CONTRAST_JS)
                results.check(page, "body text contrast %s >= 4.5" % scheme, contrast["body"] >= 4.5,
                              "%.2f:1" % contrast["body"])
                results.check(page, "all text contrast %s (WCAG AA)" % scheme, not contrast["low"], "; ".join(contrast["low"][:6]))
            tab.send("Emulation.setEmulatedMedia", {"features": []})
            # Keyboard: the first Tab stop is the skip link, visibly focused.
            tab.evaluate("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
            tab.press("Tab", "Tab", 9)
            focus = tab.evaluate("""(() => { const el = document.activeElement; if (!el || el === document.body) return null;
                const s = getComputedStyle(el), r = el.getBoundingClientRect();
                return {cls: el.getAttribute('class') || '', href: el.getAttribute('href'), outline: s.outlineStyle + ' ' + s.outlineWidth,
                        onScreen: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight, text: el.textContent.trim()}; })()""")
            ok = bool(focus and "skip-link" in focus["cls"] and focus["href"] == "#main")
            results.check(page, "first Tab focuses the skip link to #main", ok, "focused %r" % (focus,))
            if ok:
                results.check(page, "focused skip link is visible with a focus outline",
                              focus["onScreen"] and not focus["outline"].startswith("none") and not focus["outline"].endswith(" 0px"),
                              "focused %r" % (focus,))

        print("loaded and inspected %d pages in %.1f s" % (len(pages), time.monotonic() - started), flush=True)
        # 2. The missing page: nginx answers 404 with 404.html, which works at any depth.
        for missing in ("no-such-page.html", "sources/no/such/page.html"):
            url = urllib.parse.urljoin(base, missing)
            tab.allowed_failures = {url}
            status, problems = tab.load(url)
            tab.allowed_failures = set()
            results.check("404 " + missing, "missing page answers 404", status == 404, "status %s" % status)
            results.check("404 " + missing, "404 page loads cleanly", not problems, "; ".join(problems))
            h1 = tab.evaluate("(document.querySelector('h1') || {}).textContent || ''")
            results.check("404 " + missing, "shows 404.html", "not found" in h1.lower(), "h1 %r" % h1)
            info = tab.evaluate(INSPECT_JS)
            for link in info["links"]:
                links.append(("404 " + missing, link["raw"], link["url"], set(info["ids"])))

        # 3. Internal links: every target answers 200 and has the #fragment.
        by_target = collections.defaultdict(list)
        link_failures = 0
        own_fragments = 0
        for page, raw, url, own_ids in links:
            if url is None:
                results.check(page, "link is a valid URL", False, raw)
                continue
            if raw.startswith("#"):  # within the page, wherever it is served from (404.html)
                own_fragments += 1
                name = urllib.parse.unquote(raw[1:])
                if name not in own_ids:
                    link_failures += 1
                    results.check(page, "internal link #fragment exists", False, "no id %r on the page itself" % name)
                continue
            if not url.startswith(origin + "/"):
                continue
            by_target[url].append((page, raw))
        fetched = {}
        for url, sources in sorted(by_target.items()):
            address, _, fragment = url.partition("#")
            if address not in loaded and address not in fetched:
                status, content_type, body = fetch(address)
                ids = None
                if status == 200 and "html" in content_type:
                    collector = IdCollector()
                    collector.feed(body.decode("utf-8", "replace"))
                    ids = collector.ids
                fetched[address] = (status, ids)
            status, ids = loaded.get(address) or fetched[address]
            where = "%s (linked from %s%s)" % (sources[0][1], sources[0][0], " and %d more" % (len(sources) - 1) if len(sources) > 1 else "")
            if status != 200:
                link_failures += 1
                results.check(sources[0][0], "internal link answers 200", False, "HTTP %s for %s" % (status, where))
                continue
            if fragment:
                name = urllib.parse.unquote(fragment)
                if ids is None or name not in ids:
                    link_failures += 1
                    results.check(sources[0][0], "internal link #fragment exists", False, "no id %r in %s: %s" % (name, address, where))
        results.check("site", "every internal link reaches its page and #fragment", link_failures == 0,
                      "%d broken link target(s), listed above" % link_failures)
        print("checked %d internal link targets (%d links) and %d links within their page"
              % (len(by_target), sum(map(len, by_target.values())), own_fragments), flush=True)

        # 4. Keyboard on the key pages: the skip link leads into main.
        for name, page in key_pages:
            url = urllib.parse.urljoin(base, page)
            tab.load(url)
            tab.press("Tab", "Tab", 9)
            tab.press("Enter", "Enter", 13)
            tab.press("Tab", "Tab", 9)
            where = tab.evaluate("""(() => ({hash: location.hash, inMain: !!(document.activeElement && document.activeElement.closest('main')),
                focused: document.activeElement ? document.activeElement.outerHTML.slice(0, 80) : null}))()""")
            results.check(page, "skip link then Tab lands inside main", where["hash"] == "#main" and where["inMain"], "%r" % (where,))

        # A paragraph a link points to (source.html#p-2) is highlighted: still readable.
        for name, page in key_pages:
            if name != "source":
                continue
            tab.load(urllib.parse.urljoin(base, page) + "#p-2")
            for scheme in ("light", "dark"):
                tab.send("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
                contrast = tab.evaluate(CONTRAST_JS)
                results.check(page + "#p-2", "highlighted paragraph contrast %s (WCAG AA)" % scheme, not contrast["low"],
                              "; ".join(contrast["low"][:6]))
            tab.send("Emulation.setEmulatedMedia", {"features": []})

        # 5. Search: type a word into the search box, get results that lead to pages.
        if has_search:
            def result_links():
                return tab.evaluate("[...document.querySelectorAll('#search ol a[href]')].map(a => a.href)") or []

            def check_links(page, hrefs, what):
                bad = []
                for href in sorted(set(h.partition("#")[0] for h in hrefs)):
                    if not href.startswith(base):
                        bad.append("%s is outside %s" % (href, base))
                    elif href not in loaded or loaded[href][0] != 200:
                        bad.append("%s: %s" % (href, loaded.get(href, (None,))[0] or fetch(href)[0]))
                results.check(page, "%s: results link to pages of the site" % what, hrefs and not bad,
                              "; ".join(bad) or "no result links")

            for page in ("index.html", "actors/index.html"):
                status, problems = search(tab, urllib.parse.urljoin(base, page), "Macron")
                results.check(page, "search finds results without errors", status and not problems,
                              "; ".join(problems) or "no results")
                check_links(page, result_links(), "search")
                if page != "index.html":
                    continue
                box = tab.evaluate("""(() => { const i = document.querySelector('#search input'), s = document.querySelector('#search [aria-live]');
                    return {type: i.type, label: i.labels.length ? i.labels[0].textContent.trim() : '', status: s ? s.textContent : null,
                            items: document.querySelectorAll('#search ol > li').length}; })()""")
                results.check(page, "search field is labelled, with a live status line",
                              box["type"] == "search" and box["label"] and box["status"] and box["items"] > 0, "%r" % (box,))
                width = tab.evaluate("document.documentElement.scrollWidth")
                results.check(page, "search results fit at 390 px", width <= PHONE[0] + 1, "page is %d px wide" % width)
                for scheme in ("light", "dark"):
                    tab.send("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
                    contrast = tab.evaluate(CONTRAST_JS)
                    results.check(page, "search results contrast %s (WCAG AA)" % scheme, not contrast["low"], "; ".join(contrast["low"][:6]))
                tab.send("Emulation.setEmulatedMedia", {"features": []})
                tab.screenshot(os.path.join(options.screenshots, "search-phone.png"), PHONE, True)
                tab.viewport(PHONE, True)
                # The word being typed matches as a prefix.
                status, problems = search(tab, None, "Macr", load=False)
                results.check(page, "a prefix finds results", status and not problems, "; ".join(problems) or "no results")
                check_links(page, result_links(), "prefix search")
            # A source's title finds that source first.
            source = dict(key_pages).get("source")
            if source:
                source_url = urllib.parse.urljoin(base, source)
                tab.load(source_url)
                title = tab.evaluate("(document.querySelector('main h1') || {}).textContent || ''").strip()
                status, problems = search(tab, urllib.parse.urljoin(base, "timeline.html"), title)
                hrefs = result_links()
                results.check("timeline.html", "searching a source's title finds that source first",
                              status and not problems and hrefs and hrefs[0] == source_url,
                              "title %r: %s" % (title, "; ".join(problems) or "first results %s" % hrefs[:3]))
        else:
            results.check("site", "has a search index (search/meta.json)", False, "build the site without --no-search")

        # Without the index: the box stays hidden; one quiet check for search/meta.json per visit.
        if options.no_search_base_url:
            plain = options.no_search_base_url if options.no_search_base_url.endswith("/") else options.no_search_base_url + "/"
            meta_url = urllib.parse.urljoin(plain, "search/meta.json")
            hidden_js = """(() => { const b = document.getElementById('search');
                return b ? {display: getComputedStyle(b).display, children: b.children.length} : null; })()"""
            index_requests_js = """performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/search/'))"""
            status, problems = tab.load(urllib.parse.urljoin(plain, "index.html"), settle=0.4)
            box = tab.evaluate(hidden_js)
            results.check("no index: index.html", "loads without other failures", status == 200 and not problems,
                          "status %s; %s" % (status, "; ".join(problems)))
            results.check("no index: index.html", "the search box stays hidden",
                          bool(box and box["display"] == "none" and box["children"] == 0), "%r" % (box,))
            first_asked = tab.evaluate(index_requests_js)
            results.check("no index: index.html", "asks for search/meta.json (once)", first_asked == [meta_url], "asked %s" % first_asked)
            for page in ("timeline.html", (dict(key_pages).get("source") or "actors/index.html")):
                status, problems = tab.load(urllib.parse.urljoin(plain, page), settle=0.4)
                box = tab.evaluate(hidden_js)
                asked = tab.evaluate(index_requests_js)
                results.check("no index: " + page, "no failed request, no request for the index",
                              status == 200 and not problems and not asked, "status %s; %s; asked %s" % (status, "; ".join(problems), asked))
                results.check("no index: " + page, "the search box stays hidden",
                              bool(box and box["display"] == "none"), "%r" % (box,))
            print("checked the site built without a search index at %s" % plain, flush=True)

        # 6. Print: the briefing prints without navigation, search and footer.
        tab.load(urllib.parse.urljoin(base, "index.html"))
        tab.send("Emulation.setEmulatedMedia", {"media": "print"})
        hidden = tab.evaluate("""(() => Object.fromEntries(['.skip-link', 'header nav', '.site-search', 'body > footer'].map(sel => {
            const el = document.querySelector(sel); return [sel, el ? getComputedStyle(el).display : 'absent']; })))()""")
        results.check("index.html", "print hides navigation, search, skip link and footer",
                      all(value in ("none", "absent") for value in hidden.values()) and hidden["header nav"] == "none"
                      and hidden["body > footer"] == "none", "%r" % hidden)
        printed = tab.evaluate("""(() => { const m = document.querySelector('main'), s = getComputedStyle(document.body);
            return {main: m ? getComputedStyle(m).display : 'absent', text: m ? m.innerText.length : 0, color: s.color, bg: s.backgroundColor}; })()""")
        results.check("index.html", "print shows the briefing in black on white",
                      printed["main"] != "none" and printed["text"] > 200 and printed["color"] in ("rgb(0, 0, 0)",)
                      and printed["bg"] in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), "%r" % printed)
        tab.send("Emulation.setEmulatedMedia", {"media": ""})
        pdf = tab.send("Page.printToPDF", {"printBackground": False, "preferCSSPageSize": True}, timeout=60)
        with open(os.path.join(options.screenshots, "briefing-print.pdf"), "wb") as out:
            out.write(base64.b64decode(pdf["data"]))

        # 7. No JavaScript: the content is all there.
        main_text = "(() => { const m = document.querySelector('main'); return m ? m.innerText.replace(/\\s+/g, ' ').trim() : ''; })()"
        for name, page in key_pages:
            if name not in ("briefing", "source"):
                continue
            url = urllib.parse.urljoin(base, page)
            tab.load(url)
            with_js = tab.evaluate(main_text)
            tab.send("Emulation.setScriptExecutionDisabled", {"value": True})
            status, problems = tab.load(url)
            without_js = tab.evaluate(main_text)  # Runtime.evaluate still runs with page scripts disabled
            tab.send("Emulation.setScriptExecutionDisabled", {"value": False})
            results.check(page, "content without JavaScript", status == 200 and len(without_js) > 200 and without_js == with_js,
                          "status %s, %d characters without JavaScript, %d with" % (status, len(without_js), len(with_js)))

        # 8. Screenshots at phone and desktop widths; no overflow on desktop either.
        for name, page in screenshot_pages:
            url = urllib.parse.urljoin(base, page)
            for label, size, mobile in (("phone", PHONE, True), ("desktop", DESKTOP, False)):
                tab.viewport(size, mobile)
                tab.load(url)
                width = tab.evaluate("document.documentElement.scrollWidth")
                results.check(page, "no horizontal overflow at %d px" % size[0], width <= size[0] + 1, "page is %d px wide" % width)
                tab.screenshot(os.path.join(options.screenshots, "%s-%s.png" % (name, label)), size, mobile)
        # The briefing in dark mode too.
        tab.send("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        for label, size, mobile in (("phone", PHONE, True), ("desktop", DESKTOP, False)):
            tab.viewport(size, mobile)
            tab.load(urllib.parse.urljoin(base, "index.html"))
            tab.screenshot(os.path.join(options.screenshots, "briefing-dark-%s.png" % label), size, mobile)
        tab.send("Emulation.setEmulatedMedia", {"features": []})
    except Exception as error:
        results.check("checker", "ran to the end", False, "%s: %s" % (type(error).__name__, error))
    finally:
        if cdp:
            cdp.close()
        chromium.stop()

    for index, (glob, name, substring) in enumerate(KNOWN_PROBLEMS):
        results.check("checker", "known problem still present", index in results.used_known,
                      "KNOWN_PROBLEMS entry %r matched nothing: remove it" % ((glob, name, substring),))
    print("loaded %d pages in %.1f s; has search index: %s; screenshots in %s"
          % (len(pages), time.monotonic() - started, has_search, options.screenshots), flush=True)
    return finish(results, options)


def finish(results, options):
    if results.expected:
        print("expected failures (known problems outside the templates, see KNOWN_PROBLEMS):")
        for page, name, detail in results.expected:
            print("  XFAIL %s: %s: %s" % (page, name, detail))
    failed = len(results.failed)
    print("check_pages: %d passed, %d failed, %d expected failures" % (results.passed, failed, len(results.expected)), flush=True)
    if options.results:
        with open(options.results, "w") as out:
            out.write("%d %d\n" % (results.passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
