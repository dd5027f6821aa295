// End to end: the demo page (examples/web/) in headless Chromium, driven through
// chromedriver's W3C WebDriver HTTP API with Node's fetch (no npm dependencies), served by
// a static server on 127.0.0.1. Uploads the fixture CSV and metadata, checks the findings
// shown, anonymises, downloads the CSV and verifies it; keeps screenshots in target/e2e/.
// Needs `scripts/build_npm` (the page's copy of the package) and Debian's chromium and
// chromium-driver, which scripts/test installs; skipped, saying why, only when they are
// absent.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { spawn, spawnSync } from "node:child_process";
import { createServer as createNetServer } from "node:net";
import { existsSync, readFileSync, readdirSync, mkdirSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { join, dirname, extname, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const pageDir = join(root, "examples", "web");
const artefacts = join(root, "target", "e2e");
const fixtures = join(here, "fixtures");

function which(name) {
  const out = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
  return out.status === 0 ? out.stdout.trim() : null;
}
const chromium = process.env.CHROMIUM ?? which("chromium") ?? which("chromium-browser");
const chromedriver = process.env.CHROMEDRIVER ?? which("chromedriver");
const skip = !chromium || !chromedriver
  ? `chromium (${chromium ?? "missing"}) or chromedriver (${chromedriver ?? "missing"}) not found: apt-get install chromium chromium-driver`
  : false;

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json",
  ".ts": "text/plain", ".md": "text/plain",
};

/** Serves examples/web on 127.0.0.1 and records every path asked for. */
function staticServer() {
  const requests = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    requests.push(path);
    const file = resolve(pageDir, "." + (path.endsWith("/") ? path + "index.html" : path));
    if (!file.startsWith(pageDir + sep) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok({ server, requests, port: server.address().port })));
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createNetServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

class WebDriver {
  constructor(base) {
    this.base = base;
  }
  async cmd(method, path, body) {
    const res = await fetch(this.base + path, {
      method, headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value).slice(0, 500)}`);
    return json.value;
  }
  s(path) {
    return `/session/${this.session}${path}`;
  }
  async start(capabilities) {
    const value = await this.cmd("POST", "/session", { capabilities: { alwaysMatch: capabilities } });
    this.session = value.sessionId;
  }
  async find(css) {
    const v = await this.cmd("POST", this.s("/element"), { using: "css selector", value: css });
    return Object.values(v)[0];
  }
  exec(script, ...args) {
    return this.cmd("POST", this.s("/execute/sync"), { script, args });
  }
  async waitFor(script, what, timeout = 30_000) {
    const until = Date.now() + timeout;
    for (;;) {
      const value = await this.exec(script);
      if (value) return value;
      if (Date.now() > until) {
        const status = await this.exec("return document.getElementById('status').textContent");
        throw new Error(`timed out waiting for ${what}; status: ${status}`);
      }
      await sleep(100);
    }
  }
  async screenshot(file) {
    writeFileSync(file, Buffer.from(await this.cmd("GET", this.s("/screenshot")), "base64"));
  }
}

test("the upload page checks, scans and anonymises a CSV in headless Chromium", { skip, timeout: 180_000 }, async (t) => {
  assert.ok(existsSync(join(pageDir, "opendata", "js", "index.js")), "run scripts/build_npm first: examples/web/opendata/ is missing");
  mkdirSync(artefacts, { recursive: true });
  const downloads = mkdtempSync(join(tmpdir(), "opendata-downloads-"));
  const { server, requests, port } = await staticServer();
  const driverPort = await freePort();
  const driver = spawn(chromedriver, [`--port=${driverPort}`, "--allowed-ips=127.0.0.1"], { stdio: "ignore" });
  const wd = new WebDriver(`http://127.0.0.1:${driverPort}`);
  t.after(async () => {
    if (wd.session) await wd.cmd("DELETE", `/session/${wd.session}`).catch(() => {});
    driver.kill();
    server.close();
    rmSync(downloads, { recursive: true, force: true });
  });
  for (let i = 0; ; i++) {
    try {
      await wd.cmd("GET", "/status");
      break;
    } catch (err) {
      if (i > 100) throw err;
      await sleep(100);
    }
  }
  await wd.start({
    browserName: "chrome",
    "goog:chromeOptions": {
      binary: chromium,
      args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1280,1800", "--no-first-run", "--disable-background-networking"],
      prefs: { "download.default_directory": downloads, "download.prompt_for_download": false },
    },
  });
  const origin = `http://127.0.0.1:${port}`;
  await wd.cmd("POST", wd.s("/url"), { url: `${origin}/index.html` });

  // Keyboard path: the file inputs take the files, the form is submitted with Enter on
  // the focused button.
  await wd.cmd("POST", wd.s(`/element/${await wd.find("#csv")}/value`), { text: join(fixtures, "people.csv") });
  await wd.cmd("POST", wd.s(`/element/${await wd.find("#metadata")}/value`), { text: join(fixtures, "people.dcat.jsonld") });
  await wd.cmd("POST", wd.s(`/element/${await wd.find("#run")}/value`), { text: "\uE007" });
  await wd.waitFor("return document.getElementById('status').textContent.startsWith('Done')", "the check to finish");

  const shown = await wd.exec(`
    const rows = (id) => [...document.querySelectorAll('#' + id + ' tbody tr')];
    return {
      structure: rows('structure-findings').map((r) => r.dataset.code),
      summary: document.getElementById('structure-summary').textContent,
      columns: Object.fromEntries(rows('columns').map((r) => [r.dataset.column,
        { found: r.cells[1].textContent, examples: r.cells[2].textContent, action: r.querySelector('select').value }])),
      metadata: rows('meta-findings').map((r) => r.dataset.code),
      text: document.body.innerText,
      progress: document.getElementById('progress').value,
      resources: performance.getEntriesByType('resource').map((e) => e.name),
      focused: document.activeElement.id,
    };`);
  assert.deepEqual(shown.structure, ["formula-injection"]);
  assert.match(shown.summary, /Nothing blocks publication: 0 errors, 1 warning, 0 info\. 6 rows, 8 columns/);
  assert.equal(shown.progress, 100);
  assert.match(shown.columns.email.found, /^EMAIL_ADDRESS/);
  assert.match(shown.columns.name.found, /^PERSON/);
  assert.match(shown.columns.phone.found, /^PHONE_NUMBER/);
  assert.equal(shown.columns.grant_amount.found, "none found");
  assert.match(shown.columns.email.examples, /a\*\*\*@example\.org/);
  // The suggested actions come from the core's suggestPolicy.
  assert.equal(shown.columns.email.action, "pseudonym");
  assert.equal(shown.columns.name.action, "drop");
  assert.equal(shown.columns.date_of_birth.action, "generalise");
  assert.equal(shown.columns.id.action, "keep");
  for (const raw of ["ada.lovelace@example.org", "Ada Lovelace", "020 7946 0958"]) {
    assert.ok(!shown.text.includes(raw), `the page shows the raw value ${raw}`);
  }
  assert.ok(shown.metadata.includes("licence.not-open"), shown.metadata.join());
  assert.ok(shown.metadata.includes("dcat.dataset.missing-description"));
  assert.equal(shown.focused, "structure-title", "focus moves to the results");
  assert.ok(shown.resources.every((url) => url.startsWith(origin + "/")), shown.resources.join("\n"));

  // Change two actions with the keyboard-operable selects: mask the phone, drop the notes.
  await wd.cmd("POST", wd.s(`/element/${await wd.find("select[name='phone'] option[value='mask']")}/click`), {});
  await wd.cmd("POST", wd.s(`/element/${await wd.find("select[name='notes'] option[value='drop']")}/click`), {});
  await wd.cmd("POST", wd.s(`/element/${await wd.find("#key")}/value`), { text: "a key of at least sixteen characters" });
  await wd.cmd("POST", wd.s(`/element/${await wd.find("#anonymise")}/click`), {});
  await wd.waitFor("return !document.getElementById('download-row').hidden", "the anonymised file");
  await wd.screenshot(join(artefacts, "upload-page.png"));
  await wd.cmd("POST", wd.s(`/element/${await wd.find("#download")}/click`), {});

  const file = join(downloads, "people-anonymised.csv");
  for (let i = 0; !existsSync(file); i++) {
    if (i > 200) throw new Error(`no download; the folder has ${readdirSync(downloads).join(", ") || "nothing"}`);
    await sleep(100);
  }
  await sleep(200);
  const csv = readFileSync(file, "utf8");
  writeFileSync(join(artefacts, "people-anonymised.csv"), csv);
  const [header, ...rows] = csv.trimEnd().split("\r\n").map((line) => line.split(","));
  assert.deepEqual(header, ["id", "email", "phone", "postcode", "date_of_birth", "grant_amount"]);
  assert.equal(rows.length, 5);
  const col = (name) => rows.map((r) => r[header.indexOf(name)]);
  assert.deepEqual(col("id"), ["1", "2", "3", "4", "5"]);
  assert.deepEqual(col("grant_amount"), ["1200", "800", "4500", "1500", "950"]);
  for (const p of col("email")) assert.match(p, /^[a-z2-7]{16}$/, "a base32 pseudonym");
  assert.equal(new Set(col("email")).size, 5);
  for (const p of col("phone")) assert.match(p, /^0\*+$/, "masked but the first character");
  assert.deepEqual(col("postcode"), ["SW1A", "M1", "EH1", "B1", "LS1"]);
  for (const band of col("date_of_birth")) assert.match(band, /^\d+-\d+$|^\d+\+$/, "an age band");
  for (const raw of ["ada.lovelace", "Lovelace", "7946", "1985-03-02", "renewal"]) assert.ok(!csv.includes(raw), raw);

  // The package's API in the page: the main-thread functions after init(), OpendataError
  // across the worker boundary, and a 24 MB Blob checked in 1 MiB chunks with progress.
  await wd.cmd("POST", wd.s("/timeouts"), { script: 60_000 });
  const api = await wd.cmd("POST", wd.s("/execute/async"), { args: [], script: `
    const done = arguments[arguments.length - 1];
    (async () => {
      const od = await import("./opendata/js/index.js");
      await od.init();
      const whole = od.checkCsv(new TextEncoder().encode("id,name\\n1\\n"));
      const worker = new od.OpendataWorker();
      let error;
      try { await worker.checkFile(new Blob(["a,b\\n"]), { bogus: 1 }); } catch (e) { error = e; }
      const row = "1,some text in a cell,2024-01-01\\n";
      const big = new Blob(["id,text,date\\n", row.repeat(Math.ceil(24e6 / row.length))]);
      const progress = [];
      const report = await worker.checkFile(big, { chunkSize: 1 << 20, onProgress: (d, t) => progress.push([d, t]) });
      worker.terminate();
      return {
        whole: whole.findings.map((f) => f.code),
        errorClass: error instanceof od.OpendataError, errorCode: error && error.code,
        rows: report.table.rows, size: big.size, findings: report.findings.length,
        last: progress[progress.length - 1], calls: progress.length,
      };
    })().then(done, (e) => done({ failed: String(e && e.stack || e) }));` });
  assert.equal(api.failed, undefined, api.failed);
  assert.deepEqual(api.whole, ["ragged-row"]);
  assert.ok(api.errorClass, "OpendataError keeps its class across the worker");
  assert.equal(api.errorCode, "invalid-options");
  assert.equal(api.findings, 0);
  assert.deepEqual(api.last, [api.size, api.size]);
  assert.ok(api.calls >= 20 && api.calls <= 101, `${api.calls} progress messages`);
  assert.equal(api.rows, Math.ceil(24e6 / 33) + 1);

  // Readable on a phone: nothing wider than the screen but the tables' own scroll areas.
  await wd.cmd("POST", wd.s("/window/rect"), { width: 390, height: 900 });
  const { overflow, wide } = await wd.exec(`
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 1 && !e.closest('.scroll'))
      .map((e) => e.tagName + (e.id ? '#' + e.id : '') + ' ' + Math.round(e.getBoundingClientRect().right));
    return { overflow: document.documentElement.scrollWidth - width, wide };`);
  await wd.screenshot(join(artefacts, "upload-page-phone.png"));
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone screen: ${wide.join(", ")}`);
  assert.ok(requests.every((p) => !p.includes("..")), requests.join("\n"));
});
