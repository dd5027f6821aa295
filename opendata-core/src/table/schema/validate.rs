//! The streaming validator: one header, then rows one at a time, then `finish`.

use std::cmp::Ordering;

use super::cast::{Hash128, HashSet128};
use super::codes;
use super::compile::{compile, CompiledField, CompiledSchema, Limit};
use super::model::{FieldsMatch, TableSchema};
use crate::error::SchemaError;
use crate::report::{FindingSink, Location};

/// What a field's cell gave in the current row, for keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// No usable value: the column is absent, the row is short or the value has the
    /// wrong type (already reported).
    Unusable,
    /// A missing-value marker.
    Null,
    /// The hash of the normalised value.
    Value(u128),
}

/// The values of one uniqueness check (a `unique` field or the primary key), 16 bytes a
/// row: the top 88 bits of the value's hash and the row number below them.
///
/// Appending to a list and sorting it once in `finish` is several times faster than a
/// hash set for millions of rows (sequential writes instead of a cache miss per row),
/// and needs no more memory than the list. With 88 bits, two different values share a
/// hash with probability about n² / 2⁸⁹: 2·10⁻⁹ for a billion rows.
#[derive(Debug, Default)]
struct Occurrences {
    entries: Vec<u128>,
}

const ROW_BITS: u32 = 40;
const ROW_MASK: u128 = (1 << ROW_BITS) - 1;

impl Occurrences {
    fn push(&mut self, hash: u128, row: u64) {
        // Rows beyond 2⁴⁰ (a trillion) share the last number; they are still compared.
        let row = u128::from(row).min(ROW_MASK);
        self.entries.push((hash & !ROW_MASK) | row);
    }

    /// The rows whose value appeared in an earlier row, in row order.
    fn repeated_rows(mut self) -> Vec<u64> {
        self.entries.sort_unstable();
        let mut rows: Vec<u64> = self
            .entries
            .windows(2)
            .filter(|w| w[0] >> ROW_BITS == w[1] >> ROW_BITS)
            .map(|w| (w[1] & ROW_MASK) as u64)
            .collect();
        rows.sort_unstable();
        rows
    }
}

#[derive(Debug, Default)]
struct ForeignKeyState {
    /// The referenced keys: for a self-reference collected row by row, for another
    /// table given by [`SchemaValidator::add_reference`]; `None` until then.
    keys: Option<HashSet128>,
    /// Keys not (yet) found, with their rows; resolved in `finish`.
    pending: Vec<(u128, u64)>,
}

/// Validates a table against a [`TableSchema`] while it streams past: memory holds the
/// compiled schema plus 16 bytes per row for each `unique` field and the primary key
/// (and, for foreign keys, a hash per referenced key), never the cells.
///
/// Types, constraints and foreign keys into a table already given are reported by
/// `check_row` as the rows pass; repeated values (`unique-error`, `primary-key`) and
/// foreign keys that could only be resolved at the end are reported by `finish`, in row
/// order.
///
/// Columns are paired with fields by header label (see [`check_header`]); without a
/// header call, field *i* is column *i*. Cells of a short row are skipped (the structural
/// check reports the row as ragged).
///
/// ```
/// use opendata_core::report::FindingSink;
/// use opendata_core::table::schema::{SchemaValidator, TableSchema};
///
/// let schema = TableSchema::from_json(
///     r#"{"fields": [{"name": "id", "type": "integer"},
///                    {"name": "age", "type": "integer", "constraints": {"maximum": 130}}],
///         "primaryKey": "id"}"#,
/// )?;
/// let mut validator = SchemaValidator::new(&schema)?;
/// let mut sink = FindingSink::new(100);
/// validator.check_header(1, &["id", "age"], &mut sink);
/// validator.check_row(2, &["1", "34"], &mut sink);
/// validator.check_row(3, &["1", "abc"], &mut sink);
/// validator.check_row(4, &["2", "200"], &mut sink);
/// validator.finish(&mut sink);
/// let report = sink.into_report(None);
/// let codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
/// // Repeated keys are found by `finish`, after the row-by-row findings.
/// assert_eq!(codes, ["type-error", "constraint-error", "primary-key"]);
/// assert_eq!(report.findings[0].message, "the value is not an integer (3 characters)");
/// # Ok::<(), opendata_core::SchemaError>(())
/// ```
///
/// [`check_header`]: SchemaValidator::check_header
#[derive(Debug)]
pub struct SchemaValidator {
    schema: CompiledSchema,
    /// For each field, the 0-based column that holds it.
    columns: Vec<Option<usize>>,
    /// Which fields feed a key, uniqueness or enum check and so need a hash.
    hashed: Vec<bool>,
    unique_seen: Vec<Occurrences>,
    primary_seen: Occurrences,
    unique_keys_seen: Vec<Occurrences>,
    foreign: Vec<ForeignKeyState>,
    parts: Vec<Part>,
}

impl SchemaValidator {
    /// Compiles the schema; fails with the same [`SchemaError`]s as
    /// [`TableSchema::validate`].
    pub fn new(schema: &TableSchema) -> Result<Self, SchemaError> {
        let schema = compile(schema)?;
        let n = schema.fields.len();
        let mut hashed: Vec<bool> = schema
            .fields
            .iter()
            .map(|f| f.unique || f.enum_values.is_some())
            .collect();
        for &i in schema
            .primary_key
            .iter()
            .chain(schema.unique_keys.iter().flatten())
            .chain(schema.foreign_keys.iter().flat_map(|k| k.fields.iter()))
        {
            if let Some(h) = hashed.get_mut(i) {
                *h = true;
            }
        }
        Ok(Self {
            columns: (0..n).map(Some).collect(),
            hashed,
            unique_seen: (0..n).map(|_| Occurrences::default()).collect(),
            primary_seen: Occurrences::default(),
            unique_keys_seen: schema
                .unique_keys
                .iter()
                .map(|_| Occurrences::default())
                .collect(),
            foreign: schema
                .foreign_keys
                .iter()
                .map(|k| ForeignKeyState {
                    keys: k.self_fields.as_ref().map(|_| HashSet128::default()),
                    pending: Vec::new(),
                })
                .collect(),
            parts: vec![Part::Unusable; n],
            schema,
        })
    }

    /// Names of the other tables the schema's foreign keys refer to; give each with
    /// [`SchemaValidator::add_reference`].
    pub fn referenced_resources(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .schema
            .foreign_keys
            .iter()
            .filter(|k| k.self_fields.is_none())
            .map(|k| k.resource.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// Gives the rows of another table that a foreign key refers to (`resource` as the
    /// schema names it), with that table's header. Its cells are read with the types of
    /// the referencing fields, so `"007"` matches `7` in an integer key. May be called
    /// before or after the rows of the checked table, and more than once for a table
    /// given in parts; a resource no key refers to is ignored.
    pub fn add_reference<I, R, S>(
        &mut self,
        resource: &str,
        header: &[&str],
        rows: I,
    ) -> Result<(), SchemaError>
    where
        I: IntoIterator<Item = R>,
        R: AsRef<[S]>,
        S: AsRef<str>,
    {
        let mut targets = Vec::new();
        for (k, key) in self.schema.foreign_keys.iter().enumerate() {
            if key.self_fields.is_some() || key.resource != resource {
                continue;
            }
            let mut cols = Vec::with_capacity(key.reference_fields.len());
            for name in &key.reference_fields {
                let col = header.iter().position(|h| h == name).ok_or_else(|| {
                    SchemaError::MissingReferenceColumn {
                        resource: resource.to_owned(),
                        field: name.clone(),
                    }
                })?;
                cols.push(col);
            }
            targets.push((k, cols));
        }
        if targets.is_empty() {
            return Ok(());
        }
        for row in rows {
            let cells = row.as_ref();
            for (k, cols) in &targets {
                let (Some(key), Some(state)) =
                    (self.schema.foreign_keys.get(*k), self.foreign.get_mut(*k))
                else {
                    continue;
                };
                let hash = tuple_hash(&self.schema.fields, &key.fields, cols, |c| {
                    cells.get(c).map(AsRef::as_ref)
                });
                let keys = state.keys.get_or_insert_with(HashSet128::default);
                if let Some(h) = hash {
                    keys.insert(h);
                }
            }
        }
        Ok(())
    }

    /// Pairs the header's labels with the schema's fields by name and reports
    /// `missing-label`, `extra-label` and `incorrect-label` as the schema's
    /// `fieldsMatch` rule asks. A label that equals a field name but for letter case or
    /// surrounding spaces is paired with it and reported as `incorrect-label`.
    pub fn check_header(&mut self, row: u64, header: &[&str], sink: &mut FindingSink) {
        let fields = &self.schema.fields;
        let mut columns: Vec<Option<usize>> = vec![None; fields.len()];
        let mut used = vec![false; header.len()];
        for (fi, field) in fields.iter().enumerate() {
            if let Some(col) = header
                .iter()
                .enumerate()
                .position(|(c, label)| !used[c] && *label == field.name)
            {
                used[col] = true;
                columns[fi] = Some(col);
            }
        }
        let rule = self.schema.fields_match;
        // Columns already reported as `incorrect-label` for case or spaces.
        let mut loosely = Vec::new();
        for (fi, field) in fields.iter().enumerate() {
            if columns[fi].is_some() {
                continue;
            }
            let loose = normalise_label(&field.name);
            if let Some(col) = header
                .iter()
                .enumerate()
                .position(|(c, label)| !used[c] && normalise_label(label) == loose)
            {
                used[col] = true;
                columns[fi] = Some(col);
                loosely.push(col);
                let label = header.get(col).copied().unwrap_or_default();
                sink.push_with(
                    &codes::INCORRECT_LABEL,
                    Location::row(row).with_column(col as u64 + 1, Some(label)),
                    || {
                        format!(
                            "the label `{label}` differs from the schema's field `{}` in letter case or spaces",
                            field.name
                        )
                    },
                );
            }
        }
        let report_missing = match rule {
            FieldsMatch::Exact | FieldsMatch::Equal | FieldsMatch::Subset => true,
            FieldsMatch::Partial => columns.iter().all(Option::is_none),
            FieldsMatch::Superset => false,
        };
        let report_extra = matches!(
            rule,
            FieldsMatch::Exact | FieldsMatch::Equal | FieldsMatch::Superset
        );
        if report_missing {
            for (fi, field) in fields.iter().enumerate() {
                if columns[fi].is_none() {
                    let mut location = Location::row(row);
                    location.field = Some(field.name.clone());
                    sink.push_with(&codes::MISSING_LABEL, location, || {
                        format!("the file has no column `{}`", field.name)
                    });
                }
            }
        }
        if report_extra {
            for (col, label) in header.iter().enumerate() {
                if !used[col] {
                    sink.push_with(
                        &codes::EXTRA_LABEL,
                        Location::row(row).with_column(col as u64 + 1, Some(label)),
                        || format!("the schema has no field `{label}`"),
                    );
                }
            }
        }
        if rule == FieldsMatch::Exact {
            // Paired columns in file order must name the fields in schema order.
            let mut in_file: Vec<(usize, usize)> = columns
                .iter()
                .enumerate()
                .filter_map(|(fi, c)| c.map(|c| (c, fi)))
                .collect();
            in_file.sort_unstable();
            let mut in_schema: Vec<usize> = in_file.iter().map(|&(_, fi)| fi).collect();
            in_schema.sort_unstable();
            for (&(col, fi), &expected) in in_file.iter().zip(&in_schema) {
                if fi != expected && !loosely.contains(&col) {
                    let label = header.get(col).copied().unwrap_or_default();
                    let want = fields.get(expected).map_or("", |f| f.name.as_str());
                    sink.push_with(
                        &codes::INCORRECT_LABEL,
                        Location::row(row).with_column(col as u64 + 1, Some(label)),
                        || {
                            format!(
                                "the column `{label}` stands where the schema has `{want}`: the columns are in another order"
                            )
                        },
                    );
                }
            }
        }
        self.columns = columns;
    }

    /// Checks one data row: types and constraints, and foreign keys whose referenced
    /// keys are already known; notes the values that uniqueness and keys need.
    pub fn check_row(&mut self, row: u64, cells: &[&str], sink: &mut FindingSink) {
        for (fi, field) in self.schema.fields.iter().enumerate() {
            let cell = self
                .columns
                .get(fi)
                .copied()
                .flatten()
                .and_then(|c| cells.get(c).map(|cell| (c, *cell)));
            let part = match cell {
                None => Part::Unusable,
                Some((col, cell)) => {
                    let location =
                        || Location::row(row).with_column(col as u64 + 1, Some(&field.name));
                    let hashed = self.hashed.get(fi).copied().unwrap_or(false);
                    let part = check_cell(field, cell, hashed, location, sink);
                    if let (Part::Value(h), true) = (part, field.unique) {
                        if let Some(seen) = self.unique_seen.get_mut(fi) {
                            seen.push(h, row);
                        }
                    }
                    part
                }
            };
            if let Some(p) = self.parts.get_mut(fi) {
                *p = part;
            }
        }
        self.check_primary_key(row);
        self.check_unique_keys(row);
        self.check_foreign_keys(row, cells, sink);
    }

    fn check_primary_key(&mut self, row: u64) {
        if self.schema.primary_key.is_empty() {
            return;
        }
        // A missing part is a `required` constraint error already.
        if let Some(key) = key_hash(&self.parts, &self.schema.primary_key) {
            self.primary_seen.push(key, row);
        }
    }

    fn check_unique_keys(&mut self, row: u64) {
        for (key, seen) in self
            .schema
            .unique_keys
            .iter()
            .zip(&mut self.unique_keys_seen)
        {
            // Table Schema v2: a row with an empty part does not take part.
            if let Some(hash) = key_hash(&self.parts, key) {
                seen.push(hash, row);
            }
        }
    }

    fn check_foreign_keys(&mut self, row: u64, cells: &[&str], sink: &mut FindingSink) {
        for (k, key) in self.schema.foreign_keys.iter().enumerate() {
            let Some(state) = self.foreign.get_mut(k) else {
                continue;
            };
            if let Some(self_fields) = &key.self_fields {
                // The referenced fields of this row, read with the referencing types.
                let cols: Option<Vec<usize>> = self_fields
                    .iter()
                    .map(|&i| self.columns.get(i).copied().flatten())
                    .collect();
                let Some(cols) = cols else {
                    // A referenced column missing from the file is a `missing-label`;
                    // reporting every row against it would only repeat that.
                    continue;
                };
                if let Some(keys) = state.keys.as_mut() {
                    if let Some(h) = tuple_hash(&self.schema.fields, &key.fields, &cols, |c| {
                        cells.get(c).copied()
                    }) {
                        keys.insert(h);
                    }
                }
            }
            // Frictionless skips a key only when all of its cells are empty; a wrongly
            // typed part is a type error already.
            let parts: Vec<Part> = key
                .fields
                .iter()
                .map(|&i| self.parts.get(i).copied().unwrap_or(Part::Unusable))
                .collect();
            if parts.iter().all(|p| *p == Part::Null) || parts.contains(&Part::Unusable) {
                continue;
            }
            let mut h = Hash128::new();
            for part in parts {
                match part {
                    Part::Value(v) => h.bytes(&v.to_le_bytes()),
                    _ => h.null(),
                }
            }
            let hash = h.finish();
            let found = state.keys.as_ref().map(|keys| keys.contains(&hash));
            match (found, key.self_fields.is_some()) {
                (Some(true), _) => {}
                // Another table's keys, once given, are complete: report now.
                (Some(false), false) => {
                    let location = key_location_of(&self.schema, &self.columns, row, &key.fields);
                    let message = foreign_key_message(
                        &self.schema,
                        key_index_names(&self.schema, &key.fields),
                        k,
                    );
                    sink.push_with(&codes::FOREIGN_KEY, location, || message);
                }
                // A self-reference may point to a later row; another table may come later.
                _ => state.pending.push((hash, row)),
            }
        }
    }

    /// Reports what needs the whole table: repeated `unique` values and primary keys,
    /// foreign keys whose referenced rows came after the referencing ones, or whose table
    /// was given late or not at all.
    pub fn finish(self, sink: &mut FindingSink) {
        for (fi, seen) in self.unique_seen.into_iter().enumerate() {
            let rows = seen.repeated_rows();
            if rows.is_empty() {
                continue;
            }
            let field = self.schema.fields.get(fi).map(|f| f.name.as_str());
            let column = self.columns.get(fi).copied().flatten();
            for row in rows {
                let location = match column {
                    Some(col) => Location::row(row).with_column(col as u64 + 1, field),
                    None => Location::row(row),
                };
                sink.push_with(&codes::UNIQUE_ERROR, location, || {
                    "the value repeats a value of an earlier row (constraint `unique`)".to_owned()
                });
            }
        }
        for (key, seen) in self.schema.unique_keys.iter().zip(self.unique_keys_seen) {
            let rows = seen.repeated_rows();
            if rows.is_empty() {
                continue;
            }
            let names = key_index_names(&self.schema, key);
            for row in rows {
                let location = key_location_of(&self.schema, &self.columns, row, key);
                sink.push_with(&codes::UNIQUE_ERROR, location, || {
                    format!("the values of ({names}) repeat those of an earlier row (uniqueKeys)")
                });
            }
        }
        let rows = self.primary_seen.repeated_rows();
        if !rows.is_empty() {
            let names = key_index_names(&self.schema, &self.schema.primary_key);
            for row in rows {
                let location =
                    key_location_of(&self.schema, &self.columns, row, &self.schema.primary_key);
                sink.push_with(&codes::PRIMARY_KEY, location, || {
                    format!("the primary key ({names}) repeats the key of an earlier row")
                });
            }
        }
        for (k, (key, state)) in self
            .schema
            .foreign_keys
            .iter()
            .zip(self.foreign)
            .enumerate()
        {
            let names = key_index_names(&self.schema, &key.fields);
            match &state.keys {
                Some(keys) => {
                    for (hash, row) in state.pending {
                        if !keys.contains(&hash) {
                            let location =
                                key_location_of(&self.schema, &self.columns, row, &key.fields);
                            let message = foreign_key_message(&self.schema, names.clone(), k);
                            sink.push_with(&codes::FOREIGN_KEY, location, || message);
                        }
                    }
                }
                None if !state.pending.is_empty() => {
                    let n = state.pending.len();
                    let resource = key.resource.clone();
                    sink.push_with(&codes::FOREIGN_KEY, Location::file(), || {
                        format!(
                            "the foreign key ({names}) refers to the table `{resource}`, which was not given to the check; {n} row(s) could not be checked"
                        )
                    });
                }
                None => {}
            }
        }
    }
}

/// The hash of a key made of the row's values of `fields`; `None` when a part is empty
/// or unusable. A one-field key is its value's hash: hashing it again would only cost time.
fn key_hash(parts: &[Part], fields: &[usize]) -> Option<u128> {
    if let [single] = fields {
        return match parts.get(*single) {
            Some(Part::Value(v)) => Some(*v),
            _ => None,
        };
    }
    let mut h = Hash128::new();
    for &i in fields {
        match parts.get(i) {
            Some(Part::Value(v)) => h.bytes(&v.to_le_bytes()),
            _ => return None,
        }
    }
    Some(h.finish())
}

fn key_index_names(schema: &CompiledSchema, fields: &[usize]) -> String {
    fields
        .iter()
        .filter_map(|&i| schema.fields.get(i).map(|f| f.name.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn key_location_of(
    schema: &CompiledSchema,
    columns: &[Option<usize>],
    row: u64,
    fields: &[usize],
) -> Location {
    match fields {
        [single] => match columns.get(*single).copied().flatten() {
            Some(col) => Location::row(row).with_column(
                col as u64 + 1,
                schema.fields.get(*single).map(|f| f.name.as_str()),
            ),
            None => Location::row(row),
        },
        _ => Location::row(row),
    }
}

fn foreign_key_message(schema: &CompiledSchema, names: String, k: usize) -> String {
    let Some(key) = schema.foreign_keys.get(k) else {
        return String::new();
    };
    let target = if key.self_fields.is_some() {
        "this table".to_owned()
    } else {
        format!("the table `{}`", key.resource)
    };
    format!(
        "the value of ({names}) is not found in ({}) of {target}",
        key.reference_fields.join(", ")
    )
}

/// The hash of a key read from `cells` at `cols` with the types of `fields`; `None` when
/// a cell is absent or not of the type, or every cell is a missing value.
fn tuple_hash<'c>(
    all: &[CompiledField],
    fields: &[usize],
    cols: &[usize],
    cell: impl Fn(usize) -> Option<&'c str>,
) -> Option<u128> {
    let mut h = Hash128::new();
    let mut all_null = true;
    for (&fi, &col) in fields.iter().zip(cols) {
        let field = all.get(fi)?;
        let text = cell(col)?;
        if field.is_missing(text) {
            h.null();
            continue;
        }
        all_null = false;
        let mut inner = Hash128::new();
        field.caster.cast(text)?.feed(&mut inner);
        h.bytes(&inner.finish().to_le_bytes());
    }
    (!all_null).then(|| h.finish())
}

fn normalise_label(label: &str) -> String {
    label.trim().to_lowercase()
}

fn chars(cell: &str) -> String {
    let n = cell.chars().count();
    if n == 1 {
        "1 character".to_owned()
    } else {
        format!("{n} characters")
    }
}

/// Checks one cell of a field: missing value, type, constraints. Returns what the keys
/// need.
fn check_cell(
    field: &CompiledField,
    cell: &str,
    hashed: bool,
    location: impl Fn() -> Location,
    sink: &mut FindingSink,
) -> Part {
    if field.is_missing(cell) {
        if field.required {
            sink.push_with(&codes::CONSTRAINT_ERROR, location(), || {
                if field.required_by_key {
                    "a value is required: the field is part of the primary key (constraint `required`)".to_owned()
                } else {
                    "a value is required but the cell is empty (constraint `required`)".to_owned()
                }
            });
        }
        return Part::Null;
    }
    let Some(value) = field.caster.cast(cell) else {
        sink.push_with(&codes::TYPE_ERROR, location(), || {
            let why = field
                .caster
                .why_not(cell)
                .map(|w| format!("; {w}"))
                .unwrap_or_default();
            format!(
                "the value is not {} ({}{why})",
                field.caster.describe(),
                chars(cell)
            )
        });
        return Part::Unusable;
    };
    let mut violation = |problem: String| {
        sink.push_with(&codes::CONSTRAINT_ERROR, location(), || problem);
    };
    if field.min_length.is_some() || field.max_length.is_some() {
        if let Some(len) = value.length() {
            let unit = if matches!(value, super::cast::Value::Text(_)) {
                "characters"
            } else {
                "items"
            };
            if let Some(min) = field.min_length.filter(|&m| len < m) {
                violation(format!(
                    "the value has {len} {unit}, fewer than {min} (constraint `minLength`)"
                ));
            }
            if let Some(max) = field.max_length.filter(|&m| len > m) {
                violation(format!(
                    "the value has {len} {unit}, more than {max} (constraint `maxLength`)"
                ));
            }
        }
    }
    if let Some(key) = value.order_key() {
        let checks: [(&Option<Limit>, &[Ordering], &str, &str); 4] = [
            (
                &field.minimum,
                &[Ordering::Less],
                "below the minimum",
                "minimum",
            ),
            (
                &field.maximum,
                &[Ordering::Greater],
                "above the maximum",
                "maximum",
            ),
            (
                &field.exclusive_minimum,
                &[Ordering::Less, Ordering::Equal],
                "not above the exclusive minimum",
                "exclusiveMinimum",
            ),
            (
                &field.exclusive_maximum,
                &[Ordering::Greater, Ordering::Equal],
                "not below the exclusive maximum",
                "exclusiveMaximum",
            ),
        ];
        for (limit, bad, words, name) in checks {
            if let Some(limit) = limit {
                // NaN compares with nothing: it is outside every range.
                let breaks = key.compare(&limit.key).is_none_or(|o| bad.contains(&o));
                if breaks {
                    violation(format!(
                        "the value is {words} {} (constraint `{name}`)",
                        limit.shown
                    ));
                }
            }
        }
    }
    if let Some((re, source)) = &field.pattern {
        if !re.is_match(cell) {
            violation(format!(
                "the value ({}) does not match the pattern {source} (constraint `pattern`)",
                chars(cell)
            ));
        }
    }
    if !hashed {
        // No key, uniqueness or enum check reads this field.
        return Part::Unusable;
    }
    let mut h = Hash128::new();
    value.feed(&mut h);
    let hash = h.finish();
    if let Some((allowed, shown)) = &field.enum_values {
        if !allowed.contains(&hash) {
            violation(format!(
                "the value is not one of the allowed values: {shown} (constraint `enum`)"
            ));
        }
    }
    Part::Value(hash)
}
