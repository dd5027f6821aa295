// The shared pii/ and metadata/ vectors through the Node entry of the npm package, as
// tests/vectors_pii.rs and tests/vectors_metadata.rs run them in Rust.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as od from "../js/node.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const vectors = join(here, "..", "..", "tests", "vectors");

function jsonFiles(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith(".json") ? [path] : [];
  });
}

const piiFiles = jsonFiles(join(vectors, "pii"));
const metadataFiles = jsonFiles(join(vectors, "metadata"));

test("the vector folders are all there", () => {
  assert.ok(piiFiles.length >= 80, `pii: ${piiFiles.length}`);
  assert.ok(metadataFiles.length >= 360, `metadata: ${metadataFiles.length}`);
});

for (const file of piiFiles) {
  test(`pii vector ${relative(vectors, file)}`, () => {
    const c = JSON.parse(readFileSync(file, "utf8"));
    if (c.kind === "column") {
      const report = od.scanColumns([{ name: c.input.header, values: c.input.values }], c.options);
      const column = report.columns[0];
      assert.equal(column.verdict, c.expected.verdict, JSON.stringify(column.candidates));
      if (c.expected.quasi_identifiers) {
        assert.deepEqual(column.quasi_identifiers.map((q) => q.kind), c.expected.quasi_identifiers);
      }
    } else if (c.kind === "text") {
      const spans = od.scanText(c.input.text, c.options)
        .map((s) => ({ entity: s.entity, char_start: s.char_start, char_end: s.char_end }));
      assert.deepEqual(spans, c.expected.spans);
    } else {
      assert.fail(`unknown kind ${c.kind}`);
    }
  });
}

// One test for the ~400 metadata cases (one per DCAT-AP rule), listing every failure, so
// that the test output stays readable.
test("every metadata vector gives the expected findings", () => {
  const failures = [];
  for (const file of metadataFiles) {
    const c = JSON.parse(readFileSync(file, "utf8"));
    const report = od.validateMetadata(new TextEncoder().encode(c.input), c.options);
    const got = report.findings.map((f) => ({ code: f.code, severity: f.severity, location: f.location }));
    const name = relative(vectors, file);
    const e = c.expected;
    if ("ok" in e && report.ok !== e.ok) failures.push(`${name}: ok=${report.ok}`);
    if (e.findings) {
      try {
        assert.deepEqual(got, e.findings);
      } catch {
        failures.push(`${name}: findings ${JSON.stringify(got)}`);
      }
    }
    for (const wanted of e.contains ?? []) {
      if (!got.some((g) => { try { assert.deepEqual(g, wanted); return true; } catch { return false; } })) {
        failures.push(`${name}: ${JSON.stringify(wanted)} missing`);
      }
    }
  }
  assert.deepEqual(failures, []);
});

test("scanColumns refuses columns of different lengths with a typed error", () => {
  assert.throws(
    () => od.scanColumns([{ name: "a", values: ["x"] }, { name: "b", values: [] }]),
    (e) => e instanceof od.OpendataError && e.code === "invalid-options",
  );
});
