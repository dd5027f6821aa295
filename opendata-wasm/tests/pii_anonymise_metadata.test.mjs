// Personal data, anonymisation and metadata through the WASM package, against the CLI.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const require = createRequire(import.meta.url);
const od = require(process.env.OPENDATA_WASM_PKG ?? join(root, "opendata-wasm", "pkg-node", "opendata_wasm.js"));
const bin = process.env.OPENDATA_BIN ?? join(root, "target", "debug", "opendata");

const people = new TextEncoder().encode(
  "id,contact,nino,notes\n" +
  "1,ada.lovelace@example.org,AB123456C,call her on 020 7946 0958\n" +
  "2,bob.smith@example.net,CE654321B,no answer\n" +
  "3,cy.jones@example.com,JG103759A,left a message\n",
);

test("scanCsv gives the CLI's verdicts and only masked examples", () => {
  const report = od.scanCsv(people);
  const verdicts = Object.fromEntries(report.columns.map((c) => [c.name, c.verdict]));
  assert.equal(verdicts.contact, "EMAIL_ADDRESS");
  assert.equal(verdicts.nino, "UK_NINO");
  assert.ok(!JSON.stringify(report).includes("ada.lovelace@example.org"));
  const dir = mkdtempSync(join(tmpdir(), "opendata-"));
  const file = join(dir, "people.csv");
  writeFileSync(file, people);
  const out = spawnSync(bin, ["scan", file, "--format", "json"], { encoding: "utf8" });
  const cli = JSON.parse(out.stdout);
  assert.deepEqual(report.columns.map((c) => c.verdict), cli.columns.map((c) => c.verdict));
});

test("scanText finds spans with char offsets", () => {
  const text = "Write to jane.doe@example.org today";
  const email = od.scanText(text).find((s) => s.entity === "EMAIL_ADDRESS");
  assert.equal(text.slice(email.char_start, email.char_end), "jane.doe@example.org");
});

test("scanTexts gives each text's scanText spans, in order", () => {
  const texts = [];
  for (let i = 0; i < 150; i++) {
    texts.push(i % 3 ? `Write to ann${i}@example.org or call 07700 900${String(i).padStart(3, "0")}` : "nothing here");
  }
  texts.push(null);
  const together = od.scanTexts(texts);
  assert.equal(together.length, texts.length);
  assert.deepEqual(together.slice(0, -1), texts.slice(0, -1).map((t) => od.scanText(t)));
  assert.deepEqual(together.at(-1), []);
  assert.deepEqual(together[1].map((s) => s.entity), ["EMAIL_ADDRESS", "PHONE_NUMBER"]);
  assert.deepEqual(od.scanTexts(["mail a@example.org"], { text_min_confidence: 0.999 }), [[]]);
  assert.deepEqual(od.scanTexts([undefined, "x"]), [[], []]);
  assert.throws(() => od.scanTexts(["a", 5]), (e) => e.code === "invalid-options" && /item 1/.test(e.message));
  // The module carries Unicode's general categories, not its script tables.
  const greek = [{ id: "greek", entity: "X", patterns: ["\\p{Greek}+"], confidence: 0.5 }];
  assert.throws(() => od.scanText("x", undefined, greek),
    (e) => e.code === "pii.invalid-pattern" && e.message.includes("rule `greek`") && e.message.includes("not scripts such as \\p{Greek}"));
});

test("anonymiseCsv is keyed, deterministic and leaks nothing", () => {
  const policy = { columns: { contact: { action: "pseudonym" }, nino: { action: "redact" }, notes: { action: "drop" } } };
  const key = new TextEncoder().encode("k".repeat(32));
  const a = od.anonymiseCsv(people, policy, key);
  const b = od.anonymiseCsv(people, policy, key);
  const text = new TextDecoder().decode(a.csv);
  assert.deepEqual(a.csv, b.csv);
  assert.equal(text.split(/\r?\n/)[0], "id,contact,nino");
  for (const secret of ["ada.lovelace@example.org", "AB123456C", "call her"]) assert.ok(!text.includes(secret));
  assert.throws(() => od.anonymiseCsv(people, policy), (e) => e.code === "anonymise.missing-key");
});

test("validateMetadata equals the CLI's report", () => {
  const file = join(root, "tests", "data", "metadata-valid.ttl");
  const bytes = new Uint8Array(readFileSync(file));
  const report = od.validateMetadata(bytes);
  assert.equal(report.ok, true);
  const out = spawnSync(bin, ["metadata", "validate", file, "--format", "json"], { encoding: "utf8" });
  assert.equal(out.status, 0, out.stderr);
  const cli = JSON.parse(out.stdout);
  assert.deepEqual(report.findings.map((f) => f.code), (cli.findings ?? cli.report?.findings ?? []).map((f) => f.code));
  const broken = od.validateMetadata(new TextEncoder().encode("@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<http://e.org/d> a dcat:Dataset ."));
  assert.equal(broken.ok, false);
});
