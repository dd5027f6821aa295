// The WASM package (nodejs target) against the shared vectors and the CLI.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, writeFileSync, mkdtempSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const require = createRequire(import.meta.url);
const od = require(process.env.OPENDATA_WASM_PKG ?? join(root, "opendata-wasm", "pkg-node", "opendata_wasm.js"));
const vectorDir = join(root, "tests", "vectors", "check");
const cases = readdirSync(vectorDir).filter((f) => f.endsWith(".json")).sort();

test("there are at least 20 check vectors", () => {
  assert.ok(cases.length >= 20, `found ${cases.length}`);
});

for (const name of cases) {
  test(`check vector ${name}`, () => {
    const spec = JSON.parse(readFileSync(join(vectorDir, name), "utf8"));
    const bytes = new Uint8Array(readFileSync(join(vectorDir, spec.input)));
    const report = od.checkCsv(bytes, spec.options);
    const got = report.findings.map((f) => ({ code: f.code, severity: f.severity, location: f.location }));
    assert.equal(report.ok, spec.expected.ok);
    assert.deepEqual(got, spec.expected.findings);
    if (spec.expected.omitted) assert.deepEqual(report.omitted, spec.expected.omitted);
  });
}

test("the JS report equals the CLI's --format json", () => {
  const bin = process.env.OPENDATA_BIN ?? join(root, "target", "debug", "opendata");
  const dir = mkdtempSync(join(tmpdir(), "opendata-"));
  const file = join(dir, "semi.csv");
  const bytes = new TextEncoder().encode("id;name\n1;Ada\n2\n\n");
  writeFileSync(file, bytes);
  const out = spawnSync(bin, ["check", file, "--format", "json"], { encoding: "utf8" });
  assert.equal(out.status, 1, out.stderr);
  assert.deepEqual(od.checkCsv(bytes), JSON.parse(out.stdout));
});

test("errors are OpendataError with a code", () => {
  assert.throws(() => od.checkCsv(new Uint8Array([97]), { quote: "é" }), (e) => {
    assert.equal(e.name, "OpendataError");
    assert.equal(e.code, "table.invalid-option");
    return e instanceof Error;
  });
  assert.throws(() => od.checkCsv(new Uint8Array([97]), { bogus: 1 }), (e) => {
    assert.equal(e.code, "invalid-options");
    assert.match(e.message, /unknown field `bogus`/);
    return true;
  });
});

test("codes lists every finding code", () => {
  const codes = od.codes().map((c) => c.code);
  assert.ok(codes.includes("ragged-row") && codes.includes("unclosed-quote"));
});
