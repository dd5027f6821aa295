// The npm package's Node entry (js/node.mjs): the typed wrapper, OpendataError, and the
// chunked checkFile, which must give exactly checkCsv's report wherever the chunks split.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, existsSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { tmpdir } from "node:os";
import * as od from "../js/node.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const checkDir = join(root, "tests", "vectors", "check");
const fixture = join(here, "fixtures", "people.csv");

test("errors are OpendataError instances with a stable code", () => {
  assert.throws(() => od.checkCsv(new Uint8Array([97]), { quote: "é" }), (e) => {
    assert.ok(e instanceof od.OpendataError);
    assert.ok(e instanceof Error);
    assert.equal(e.name, "OpendataError");
    assert.equal(e.code, "table.invalid-option");
    return true;
  });
  assert.throws(() => od.anonymiseCsv(readFileSync(fixture), { columns: { email: { action: "pseudonym" } } }),
    (e) => e instanceof od.OpendataError && e.code === "anonymise.missing-key");
  assert.throws(() => od.suggestPolicy(["a"], {}, "29/11/2026"),
    (e) => e instanceof od.OpendataError && e.code === "invalid-options" && /YYYY-MM-DD/.test(e.message));
});

for (const name of readdirSync(checkDir).filter((f) => f.endsWith(".json")).sort()) {
  test(`checkFile in small chunks equals checkCsv: ${name}`, () => {
    const spec = JSON.parse(readFileSync(join(checkDir, name), "utf8"));
    const path = join(checkDir, spec.input);
    const whole = od.checkCsv(new Uint8Array(readFileSync(path)), spec.options);
    // 1 byte splits every multi-byte character, BOM and CRLF; 7 and 4096 split elsewhere.
    for (const chunkSize of [1, 7, 4096]) {
      assert.deepEqual(od.checkFileSync(path, { ...spec.options, chunkSize }), whole, `chunkSize ${chunkSize}`);
    }
  });
}

test("checkFile reports progress up to the file size and accepts URLs", async () => {
  const size = readFileSync(fixture).length;
  const seen = [];
  const report = await od.checkFile(pathToFileURL(fixture), { chunkSize: 64, onProgress: (d, t) => seen.push([d, t]) });
  assert.equal(report.table.rows, 6);
  assert.deepEqual(report.findings.map((f) => f.code), ["formula-injection"]);
  assert.equal(seen.length, Math.ceil(size / 64));
  assert.ok(seen.every(([d, t], i) => t === size && d === Math.min(size, (i + 1) * 64)));
});

test("checkFile refuses unknown options and bad chunk sizes", async () => {
  await assert.rejects(od.checkFile(fixture, { bogus: 1 }), (e) => e.code === "invalid-options" && /bogus/.test(e.message));
  await assert.rejects(od.checkFile(fixture, { chunkSize: 0 }), (e) => e instanceof od.OpendataError);
});

test("checkChunks rethrows the chunk source's own error and refuses non-bytes", () => {
  const boom = new Error("disk gone");
  assert.throws(() => od.checkChunks(() => { throw boom; }), (e) => e === boom);
  assert.throws(() => od.checkChunks(() => "text"), (e) => e instanceof od.OpendataError && e.code === "table.io");
});

test("an aborted checkFile stops with the abort reason", async () => {
  const controller = new AbortController();
  controller.abort(new Error("stopped by the user"));
  await assert.rejects(od.checkFile(fixture, { signal: controller.signal }), /stopped by the user/);
});

test("scanCsv, suggestPolicy and anonymiseCsv work together on the page's fixture", () => {
  const bytes = new Uint8Array(readFileSync(fixture));
  const scan = od.scanCsv(bytes);
  const entities = Object.fromEntries(scan.columns.filter((c) => c.verdict).map((c) => [c.name, c.verdict]));
  assert.equal(entities.email, "EMAIL_ADDRESS");
  assert.equal(entities.name, "PERSON");
  const { policy, reasons } = od.suggestPolicy(scan.columns.map((c) => c.name), entities, "2025-01-01");
  assert.equal(policy.columns.email.action, "pseudonym");
  assert.equal(policy.columns.name.action, "drop");
  assert.ok(reasons.some((r) => r.column === "email" && r.basis === "scan"));
  delete policy.privacy;
  const key = new TextEncoder().encode("a key of sixteen bytes or more");
  const { csv, report } = od.anonymiseCsv(bytes, policy, key);
  const text = new TextDecoder().decode(csv);
  assert.equal(report.rows_out, 5);
  assert.ok(!text.split("\r\n")[0].split(",").includes("name"));
  for (const secret of ["Ada Lovelace", "ada.lovelace@example.org", "SW1A 1AA"]) assert.ok(!text.includes(secret), secret);
});

test("the package's type declarations name every function the module exports", () => {
  const dts = readFileSync(join(here, "..", "js", "types.d.ts"), "utf8");
  const exported = Object.entries(od).filter(([, v]) => typeof v === "function").map(([k]) => k);
  for (const name of exported) {
    if (["OpendataError", "init", "checkFile", "checkFileSync"].includes(name)) continue;
    assert.match(dts, new RegExp(`export declare function ${name}\\(`), name);
  }
  const nodeDts = readFileSync(join(here, "..", "js", "node.d.ts"), "utf8");
  for (const name of ["init", "checkFile", "checkFileSync"]) assert.match(nodeDts, new RegExp(`function ${name}\\(`));
});

test("a CSV written to disk and read back through a descriptor gives the same report", () => {
  const dir = mkdtempSync(join(tmpdir(), "opendata-"));
  const path = join(dir, "semi.csv");
  writeFileSync(path, "id;name\n1;Ada\n2\n\n");
  assert.deepEqual(od.checkFileSync(path, { chunkSize: 2 }), od.checkCsv(new Uint8Array(readFileSync(path))));
});

test("the packed npm package installs offline and resolves its Node entry by name", (t) => {
  const npmDir = join(root, "target", "npm");
  const tarball = existsSync(npmDir) && readdirSync(npmDir).find((f) => /^opendata-.*\.tgz$/.test(f));
  if (!tarball) {
    t.skip("no target/npm/opendata-*.tgz: run scripts/build_npm");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "opendata-npm-"));
  writeFileSync(join(dir, "package.json"), '{ "name": "consumer", "private": true, "type": "module" }');
  const install = spawnSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--silent", join(npmDir, tarball)],
    { cwd: dir, encoding: "utf8" });
  assert.equal(install.status, 0, install.stderr);
  writeFileSync(join(dir, "use.mjs"), `
    import * as od from "opendata";
    const report = od.checkCsv(new TextEncoder().encode("a,b\\n1\\n"));
    let code;
    try { od.checkCsv(new Uint8Array([97]), { quote: "é" }); } catch (e) { code = e instanceof od.OpendataError && e.code; }
    console.log(JSON.stringify({ codes: report.findings.map((f) => f.code), code, file: typeof od.checkFileSync }));`);
  const run = spawnSync(process.execPath, ["use.mjs"], { cwd: dir, encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), { codes: ["ragged-row"], code: "table.invalid-option", file: "function" });
  rmSync(dir, { recursive: true, force: true });
});
