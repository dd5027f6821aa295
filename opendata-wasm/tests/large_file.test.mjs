// checkFile on a 200 MB CSV: the file is generated chunk by chunk (never held whole, here
// or in the check), and the report must still name the rows near its end exactly. Memory
// is asserted, not time: the process may grow by much less than the file's size.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openSync, writeSync, closeSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import * as od from "../js/node.mjs";

const TARGET_BYTES = 200 * 1024 * 1024;
const RAGGED_ROW = 3_000_001; // frictionless row numbers: the header is row 1

function generate(path) {
  const fd = openSync(path, "w");
  writeSync(fd, "id,region,amount,date,comment\n");
  let row = 1;
  let bytes = 0;
  let blankRow = null;
  while (bytes < TARGET_BYTES) {
    let chunk = "";
    for (let i = 0; i < 10_000; i++) {
      row += 1;
      if (row === RAGGED_ROW) {
        chunk += `${row},north,12.5,2024-01-01\n`; // one cell short
      } else if (blankRow === null && bytes > TARGET_BYTES - 1_000_000) {
        blankRow = row;
        chunk += "\n";
      } else {
        const day = String((row % 28) + 1).padStart(2, "0");
        chunk += `${row},region ${row % 13},${(row % 9973) / 4},2024-02-${day},a comment about row ${row}\n`;
      }
    }
    bytes += writeSync(fd, chunk);
  }
  closeSync(fd);
  return { rows: row, blankRow };
}

test("a 200 MB file is checked in bounded memory with exact findings", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "opendata-large-"));
  const path = join(dir, "large.csv");
  try {
    const { rows, blankRow } = generate(path);
    const size = statSync(path).size;
    assert.ok(size >= TARGET_BYTES);
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    let last = 0;
    const report = await od.checkFile(path, {
      onProgress: (done, total) => {
        assert.equal(total, size);
        assert.ok(done > last);
        last = done;
        peak = Math.max(peak, process.memoryUsage().rss);
      },
    });
    peak = Math.max(peak, process.memoryUsage().rss);
    assert.equal(last, size);
    assert.equal(report.table.rows, rows);
    assert.equal(report.table.columns, 5);
    assert.equal(report.table.bytes, size);
    assert.deepEqual(
      report.findings.map((f) => [f.code, f.location.row]),
      [["ragged-row", RAGGED_ROW], ["blank-row", blankRow]],
    );
    const grown = (peak - before) / (1024 * 1024);
    t.diagnostic(`rss grew by ${grown.toFixed(1)} MB for a ${(size / 1048576).toFixed(0)} MB file`);
    assert.ok(grown < 64, `the process grew by ${grown.toFixed(0)} MB while checking a ${(size / 1048576).toFixed(0)} MB file`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
