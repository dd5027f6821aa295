// Licence and Table Schema vectors through the WASM package (nodejs target).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const require = createRequire(import.meta.url);
const od = require(process.env.OPENDATA_WASM_PKG ?? join(root, "opendata-wasm", "pkg-node", "opendata_wasm.js"));

const files = (area) =>
  readdirSync(join(root, "tests", "vectors", area))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => [f, JSON.parse(readFileSync(join(root, "tests", "vectors", area, f), "utf8"))]);

// Every key named in `expected` has the same value in `actual` (objects recursively).
function subset(expected, actual) {
  if (expected !== null && typeof expected === "object" && !Array.isArray(expected)) {
    return actual !== null && typeof actual === "object" &&
      Object.entries(expected).every(([k, v]) => k in actual && subset(v, actual[k]));
  }
  try {
    assert.deepEqual(actual, expected);
    return true;
  } catch {
    return false;
  }
}

for (const [name, file] of files("licence")) {
  file.cases.forEach((c, i) => {
    test(`licence ${name} #${i} ${JSON.stringify(c.input).slice(0, 60)}`, () => {
      const e = c.expected;
      if (file.function === "resolve") {
        const r = od.resolveLicence(c.input);
        const actual = { id: r.licence ? r.licence.id : null, matched_by: r.matched_by,
          version_assumed: r.version_assumed, deprecated_id: r.deprecated_id,
          expression: r.expression ?? null, ...(r.licence ?? {}) };
        actual.id = r.licence ? r.licence.id : null;
        assert.ok(subset(e, actual), `expected ${JSON.stringify(e)}, got ${JSON.stringify(actual).slice(0, 300)}`);
      } else if (file.function === "check") {
        assert.deepEqual(od.checkLicence(c.input).map((f) => f.code), e.codes);
      } else if (file.function === "attribution") {
        assert.equal(od.licenceAttribution(c.input), e.text);
      } else if (file.function === "compatibility") {
        if (e.error) {
          assert.throws(() => od.licenceCompatibility(c.input), (err) => err.code === e.error);
          return;
        }
        const r = od.licenceCompatibility(c.input);
        const allowed = r.allowed.map((l) => l.id);
        if ("compatible" in e) assert.equal(r.compatible, e.compatible);
        if (e.recommended) assert.equal(r.recommended.id, e.recommended);
        if (e.allowed) assert.deepEqual(allowed, e.allowed);
        for (const id of e.allowed_includes ?? []) assert.ok(allowed.includes(id), `${id} not allowed`);
        for (const id of e.allowed_excludes ?? []) assert.ok(!allowed.includes(id), `${id} allowed`);
        if (e.obligations) assert.ok(subset(e.obligations, r.obligations));
      } else {
        assert.fail(`unknown function ${file.function}`);
      }
    });
  });
}

for (const [name, c] of files("schema")) {
  test(`schema vector ${name}`, () => {
    const e = c.expected;
    if (e.error) {
      assert.throws(() => od.validateRows(c.input.schema, c.input.rows, c.options), (err) => {
        assert.equal(err.code, e.error.code);
        if (e.error.path) assert.ok(err.message.includes(e.error.path), err.message);
        return true;
      });
      return;
    }
    const report = od.validateRows(c.input.schema, c.input.rows, c.options);
    assert.equal(report.ok, e.ok);
    assert.deepEqual(report.findings.map((f) => ({ code: f.code, severity: f.severity, location: f.location })), e.findings);
    if (e.omitted) assert.deepEqual(report.omitted, e.omitted);
  });
}

test("inferSchema gives a schema that validates the file", () => {
  const bytes = new TextEncoder().encode("id,born\n1,1990-05-01\n2,1985-12-24\n");
  const { report, schema } = od.inferSchema(bytes);
  assert.equal(report.ok, true);
  assert.deepEqual(schema.fields.map((f) => f.type), ["integer", "date"]);
  assert.equal(od.checkCsv(bytes, { schema }).ok, true);
  const bad = od.checkCsv(new TextEncoder().encode("id,born\nx,1990-05-01\n"), { schema });
  assert.deepEqual(bad.findings.map((f) => f.code), ["type-error"]);
});

test("inferSchema reads numbers with a decimal comma", () => {
  const bytes = new TextEncoder().encode("Ort;Betrag\nKöln;1.234,56\nBonn;7,5\nTrier;12\n");
  const { schema } = od.inferSchema(bytes);
  const betrag = schema.fields[1];
  assert.deepEqual([betrag.type, betrag.decimalChar, betrag.groupChar], ["number", ",", "."]);
  assert.equal(od.checkCsv(bytes, { schema }).ok, true);
});

test("the JS licence report equals the CLI's --format json", () => {
  const bin = process.env.OPENDATA_BIN ?? join(root, "target", "debug", "opendata");
  const out = spawnSync(bin, ["licence", "uk-ogl", "--format", "json"], { encoding: "utf8" });
  assert.equal(out.status, 0, out.stderr);
  assert.deepEqual(od.analyseLicence("uk-ogl"), JSON.parse(out.stdout));
});
