// The demo upload page: check a CSV (in a worker, in chunks), show personal-data columns
// with masked examples, let people choose an action per column, and build the anonymised
// CSV; validate the metadata file when one is given. Everything runs in this browser.
import { OpendataWorker } from "./opendata/js/index.js";

const $ = (id) => document.getElementById(id);
const worker = new OpendataWorker();
let csvFile = null;
let metadataFile = null;
let suggested = null;
let downloadUrl = null;

// What each choice in a column's menu means as a policy rule. "generalise" takes the
// core's suggested generalisation for the column (age band, postcode district, ...).
const CHOICES = {
  keep: { label: "Keep as is", rule: () => ({ action: "keep" }) },
  drop: { label: "Remove the column", rule: () => ({ action: "drop" }) },
  redact: { label: "Replace every value with [REDACTED]", rule: () => ({ action: "redact" }) },
  mask: { label: "Mask (keep the first character)", rule: () => ({ action: "mask", keep_first: 1 }) },
  pseudonym: { label: "Pseudonymise (keyed code)", rule: () => ({ action: "pseudonym" }) },
  generalise: { label: "Generalise", rule: (g) => g },
};
const GENERALISE_LABELS = {
  "age-band": "Generalise to age bands", postcode: "Generalise to the postcode district",
  date: "Generalise the date", coordinates: "Round the coordinates",
  "text-spans": "Cut personal data out of the text",
};

function setStatus(text) {
  $("status").textContent = text;
}

function cell(row, text, tag = "td") {
  const el = document.createElement(tag);
  el.textContent = text;
  row.append(el);
  return el;
}

function where(location) {
  const parts = [];
  if (location.row !== undefined) parts.push(`row ${location.row}`);
  if (location.column !== undefined) parts.push(`column ${location.column}`);
  if (location.field) parts.push(`(${location.field})`);
  if (location.subject) parts.push(`<${location.subject}>`);
  if (location.property) parts.push(location.property);
  if (location.path) parts.push(location.path);
  return parts.join(" ") || "whole file";
}

function findingsTable(table, findings) {
  table.replaceChildren();
  const head = table.createTHead().insertRow();
  for (const h of ["Severity", "Code", "Where", "What is wrong", "How to fix it"]) cell(head, h, "th").scope = "col";
  const body = table.createTBody();
  for (const f of findings) {
    const row = body.insertRow();
    row.className = f.severity;
    row.dataset.code = f.code;
    cell(row, f.severity);
    cell(row, f.code);
    cell(row, where(f.location));
    cell(row, f.message);
    cell(row, f.hint);
  }
}

function counts(report) {
  const c = report.counts;
  return `${c.error} error${c.error === 1 ? "" : "s"}, ${c.warning} warning${c.warning === 1 ? "" : "s"}, ${c.info} info`;
}

function showStructure(report) {
  const t = report.table;
  const shape = t ? ` ${t.rows} rows, ${t.columns} columns, ${t.encoding}, delimiter "${t.delimiter}".` : "";
  $("structure-summary").textContent =
    `${report.ok ? "Nothing blocks publication" : "Publication is blocked"}: ${counts(report)}.${shape}`;
  findingsTable($("structure-findings"), report.findings);
  $("structure").hidden = false;
}

function actionKey(rule) {
  if (!rule) return "keep";
  return CHOICES[rule.action] && rule.action !== "generalise" ? rule.action : "generalise";
}

function showColumns(scan) {
  const table = $("columns");
  table.replaceChildren();
  const head = table.createTHead().insertRow();
  for (const h of ["Column", "Personal data found", "Masked examples", "Action"]) cell(head, h, "th").scope = "col";
  const body = table.createTBody();
  const rules = suggested?.policy.columns ?? {};
  let personal = 0;
  scan.columns.forEach((column, i) => {
    const row = body.insertRow();
    row.dataset.column = column.name;
    const name = cell(row, column.name, "th");
    name.scope = "row";
    name.id = `column-${i}`;
    const inText = (column.text_entities ?? []).map((t) => `${t.entity} in ${t.cells} of ${column.non_empty} cells`);
    if (column.verdict || inText.length) personal += 1;
    cell(row, column.verdict ? `${column.verdict} (${Math.round(column.confidence * 100)}%)`
      : inText.length ? `inside the text: ${inText.join(", ")}` : "none found");
    cell(row, column.examples.join(", "));
    const select = document.createElement("select");
    select.id = `action-${i}`;
    select.name = column.name;
    // The column's name is in the row header; the label says what the menu is for too.
    select.setAttribute("aria-label", `Action for column ${column.name}`);
    const generalised = rules[column.name] && actionKey(rules[column.name]) === "generalise" ? rules[column.name] : null;
    for (const [key, choice] of Object.entries(CHOICES)) {
      if (key === "generalise" && !generalised) continue;
      const option = new Option(key === "generalise" ? (GENERALISE_LABELS[generalised.action] ?? "Generalise") : choice.label, key);
      select.append(option);
    }
    select.value = actionKey(rules[column.name]);
    select.generalised = generalised;
    const td = document.createElement("td");
    td.append(select);
    row.append(td);
  });
  $("personal-summary").textContent = personal
    ? `${personal} column${personal === 1 ? "" : "s"} hold personal data. Choose what to do with each column, then make the anonymised copy. The suggested actions are a starting point: review them.`
    : "No personal data was found. You can still choose actions per column.";
  $("personal").hidden = false;
}

function showMetadata(report) {
  const licence = report.findings.filter((f) => f.code.startsWith("licence.") || f.code.startsWith("metadata.licence"));
  $("meta-summary").textContent =
    `${report.ok ? "The metadata is complete enough to publish" : "The metadata needs work"}: ${counts(report)}` +
    (licence.length ? `; ${licence.length} about the licence.` : ".");
  findingsTable($("meta-findings"), report.findings);
  $("meta").hidden = false;
}

function pickFiles(files) {
  for (const file of files) {
    if (/\.(csv|tsv|txt)$/i.test(file.name) || file.type === "text/csv") csvFile = file;
    else metadataFile = file;
  }
}

async function run(event) {
  event.preventDefault();
  if ($("csv").files[0]) csvFile = $("csv").files[0];
  if ($("metadata").files[0]) metadataFile = $("metadata").files[0];
  if (!csvFile) {
    setStatus("Choose a CSV file first.");
    $("csv").focus();
    return;
  }
  $("run").disabled = true;
  $("download-row").hidden = true;
  try {
    setStatus(`Checking ${csvFile.name}…`);
    const report = await worker.checkFile(csvFile, {
      onProgress: (done, total) => { $("progress").value = total ? (100 * done) / total : 100; },
    });
    showStructure(report);
    setStatus(`Looking for personal data in ${csvFile.name}…`);
    const scan = await worker.scanFile(csvFile);
    // As the core's ScanReport::column_entities: a column with personal data inside its
    // text is FREE_TEXT, for which the suggestion cuts the spans out.
    const entities = Object.fromEntries(scan.columns
      .filter((c) => c.verdict || c.text_entities?.length)
      .map((c) => [c.name, c.verdict ?? "FREE_TEXT"]));
    const today = new Date().toISOString().slice(0, 10);
    suggested = await worker.call("suggestPolicy", [scan.columns.map((c) => c.name), entities, today]);
    showColumns(scan);
    if (metadataFile) {
      setStatus(`Checking the metadata in ${metadataFile.name}…`);
      showMetadata(await worker.validateMetadataFile(metadataFile));
    } else {
      $("meta").hidden = true;
    }
    setStatus(`Done: ${csvFile.name} checked.`);
    $("structure-title").focus();
  } catch (err) {
    setStatus(`Could not check the file: ${err.message}${err.code ? ` (${err.code})` : ""}`);
  } finally {
    $("run").disabled = false;
  }
}

function keyBytes() {
  const text = $("key").value;
  if (text) return new TextEncoder().encode(text);
  return crypto.getRandomValues(new Uint8Array(32));
}

async function anonymise(event) {
  event.preventDefault();
  const columns = {};
  for (const select of $("columns").querySelectorAll("select")) {
    columns[select.name] = CHOICES[select.value].rule(select.generalised);
  }
  const key = $("key").value;
  if (key && key.length < 16) {
    setStatus("The key must have at least 16 characters.");
    $("key").focus();
    return;
  }
  $("anonymise").disabled = true;
  try {
    setStatus("Making the anonymised copy…");
    const seed = crypto.getRandomValues(new Uint8Array(32));
    const { csv, report } = await worker.anonymiseFile(csvFile, { version: 1, columns }, { key: keyBytes(), seed });
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
    const link = $("download");
    link.href = downloadUrl;
    link.download = csvFile.name.replace(/\.[^.]*$/, "") + "-anonymised.csv";
    $("download-summary").textContent = `(${report.rows_out} rows, ${report.columns.filter((c) => c.action !== "drop").length} columns)`;
    $("download-row").hidden = false;
    link.focus();
    setStatus("The anonymised CSV is ready to download.");
  } catch (err) {
    setStatus(`Could not anonymise the file: ${err.message}${err.code ? ` (${err.code})` : ""}`);
  } finally {
    $("anonymise").disabled = false;
  }
}

const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  pickFiles(e.dataTransfer.files);
  setStatus(`Chosen: ${[csvFile, metadataFile].filter(Boolean).map((f) => f.name).join(" and ")}. Press “Check the files”.`);
});
$("files").addEventListener("submit", run);
$("policy").addEventListener("submit", anonymise);
