//! Turning a [`TableSchema`] into what the validator runs: casters, compiled patterns,
//! typed limits and key positions. Every way a schema can be unusable is found here, so
//! schemas read from JSON and schemas built in Rust are checked alike.

use std::cmp::Ordering;
use std::collections::HashMap;

use regex::{Regex, RegexBuilder};
use serde_json::Value as Json;

use super::cast::{
    default_false_values, default_true_values, Caster, GeoFormat, Hash128, HashSet128,
    NumberOptions, OrderKey, StringFormat, Temporal, Value,
};
use super::model::{Field, FieldsMatch, TableSchema};
use crate::error::SchemaError;
use crate::table::types::{DatePattern, FieldType};

/// Compiled size limit of a `pattern` regular expression. Generous for any pattern a
/// person writes, small enough that a hostile schema cannot exhaust memory.
pub(crate) const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// A `minimum`-like limit: the compared key and the limit as the schema wrote it.
#[derive(Debug, Clone)]
pub(crate) struct Limit {
    pub(crate) key: OrderKey,
    pub(crate) shown: String,
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledField {
    pub(crate) name: String,
    pub(crate) caster: Caster,
    pub(crate) missing_values: Vec<String>,
    pub(crate) required: bool,
    /// Required only because the field is part of the primary key.
    pub(crate) required_by_key: bool,
    pub(crate) unique: bool,
    pub(crate) min_length: Option<u64>,
    pub(crate) max_length: Option<u64>,
    pub(crate) minimum: Option<Limit>,
    pub(crate) maximum: Option<Limit>,
    pub(crate) exclusive_minimum: Option<Limit>,
    pub(crate) exclusive_maximum: Option<Limit>,
    pub(crate) pattern: Option<(Regex, String)>,
    /// Hashes of the allowed values, and the list as shown in messages.
    pub(crate) enum_values: Option<(HashSet128, String)>,
}

impl CompiledField {
    pub(crate) fn is_missing(&self, cell: &str) -> bool {
        self.missing_values.iter().any(|m| m == cell)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledForeignKey {
    /// Indexes of the key's fields in the schema.
    pub(crate) fields: Vec<usize>,
    pub(crate) resource: String,
    pub(crate) reference_fields: Vec<String>,
    /// For a self-reference, the indexes of the referenced fields in the schema.
    pub(crate) self_fields: Option<Vec<usize>>,
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledSchema {
    pub(crate) fields: Vec<CompiledField>,
    pub(crate) primary_key: Vec<usize>,
    pub(crate) unique_keys: Vec<Vec<usize>>,
    pub(crate) foreign_keys: Vec<CompiledForeignKey>,
    pub(crate) fields_match: FieldsMatch,
}

/// The path of the `i`-th name in a property that may be a single name or a list.
fn name_path(base: &str, i: usize, len: usize) -> String {
    if len == 1 {
        base.to_owned()
    } else {
        format!("{base}[{i}]")
    }
}

fn article(t: FieldType) -> &'static str {
    match t {
        FieldType::Integer | FieldType::Object | FieldType::Array | FieldType::Any => "an",
        _ => "a",
    }
}

pub(crate) fn compile(schema: &TableSchema) -> Result<CompiledSchema, SchemaError> {
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    let mut fields = Vec::with_capacity(schema.fields.len());
    for (i, field) in schema.fields.iter().enumerate() {
        let path = format!("$.fields[{i}]");
        if field.name.is_empty() {
            return Err(SchemaError::invalid(
                format!("{path}.name"),
                "must not be empty",
            ));
        }
        if let Some(first) = by_name.insert(&field.name, i) {
            return Err(SchemaError::invalid(
                format!("{path}.name"),
                format!(
                    "duplicate field name `{}` (also $.fields[{first}])",
                    field.name
                ),
            ));
        }
        fields.push(compile_field(field, &path, &schema.missing_values)?);
    }
    let lookup = |name: &str, path: String| {
        by_name
            .get(name)
            .copied()
            .ok_or_else(|| SchemaError::invalid(path, format!("no field is named `{name}`")))
    };
    let mut primary_key = Vec::new();
    for (i, name) in schema.primary_key.iter().enumerate() {
        let index = lookup(name, name_path("$.primaryKey", i, schema.primary_key.len()))?;
        primary_key.push(index);
        if let Some(f) = fields.get_mut(index) {
            if !f.required {
                f.required = true;
                f.required_by_key = true;
            }
        }
    }
    let mut unique_keys = Vec::new();
    for (k, key) in schema.unique_keys.iter().enumerate() {
        let path = format!("$.uniqueKeys[{k}]");
        if key.is_empty() {
            return Err(SchemaError::invalid(path, "must name at least one field"));
        }
        let mut list = Vec::new();
        for (i, name) in key.iter().enumerate() {
            list.push(lookup(name, name_path(&path, i, key.len()))?);
        }
        unique_keys.push(list);
    }
    let mut foreign_keys = Vec::new();
    for (k, key) in schema.foreign_keys.iter().enumerate() {
        let path = format!("$.foreignKeys[{k}]");
        let mut key_fields = Vec::new();
        for (i, name) in key.fields.iter().enumerate() {
            key_fields.push(lookup(
                name,
                name_path(&format!("{path}.fields"), i, key.fields.len()),
            )?);
        }
        let ref_path = format!("{path}.reference.fields");
        if key.reference.fields.len() != key.fields.len() {
            return Err(SchemaError::invalid(
                ref_path,
                format!(
                    "names {} field(s) but the key has {}",
                    key.reference.fields.len(),
                    key.fields.len()
                ),
            ));
        }
        let self_fields = if key.is_self_reference() {
            let mut list = Vec::new();
            for (i, name) in key.reference.fields.iter().enumerate() {
                list.push(lookup(
                    name,
                    name_path(&ref_path, i, key.reference.fields.len()),
                )?);
            }
            Some(list)
        } else {
            None
        };
        foreign_keys.push(CompiledForeignKey {
            fields: key_fields,
            resource: key.reference.resource.clone(),
            reference_fields: key.reference.fields.clone(),
            self_fields,
        });
    }
    Ok(CompiledSchema {
        fields,
        primary_key,
        unique_keys,
        foreign_keys,
        fields_match: schema.fields_match.unwrap_or(FieldsMatch::Exact),
    })
}

fn format_name(field: &Field) -> Option<&str> {
    let f = field.format.as_deref()?;
    // `fmt:` is the Table Schema v0 spelling of a pattern.
    let f = f.strip_prefix("fmt:").unwrap_or(f);
    (f != "default").then_some(f)
}

fn temporal(field: &Field, path: &str) -> Result<Temporal, SchemaError> {
    let Some(format) = format_name(field) else {
        return Ok(Temporal::Default);
    };
    if format == "any" {
        return Ok(Temporal::Any);
    }
    let t = field.field_type;
    let bad = |why: String| {
        SchemaError::invalid(
            format!("{path}.format"),
            format!(
                "`{format}` is not a format for {} {} field: use default, any, or a pattern such as %d/%m/%Y ({why})",
                article(t),
                t.as_str()
            ),
        )
    };
    let pattern = DatePattern::new(format).map_err(bad)?;
    let needs_date = matches!(t, FieldType::Date | FieldType::Datetime);
    if needs_date && !pattern.has_date() {
        return Err(bad("the pattern has no date part".to_owned()));
    }
    if t == FieldType::Time && !pattern.has_time() {
        return Err(bad("the pattern has no time part".to_owned()));
    }
    Ok(Temporal::Pattern(pattern))
}

fn only_default_format(field: &Field, path: &str) -> Result<(), SchemaError> {
    match format_name(field) {
        None => Ok(()),
        Some(other) => Err(SchemaError::invalid(
            format!("{path}.format"),
            format!(
                "unknown format `{other}` for {} {} field; it has only the format default",
                article(field.field_type),
                field.field_type.as_str()
            ),
        )),
    }
}

fn number_options(field: &Field, path: &str) -> Result<NumberOptions, SchemaError> {
    let options = NumberOptions {
        bare: field.bare_number.unwrap_or(true),
        decimal: field.decimal_char.unwrap_or('.'),
        group: field.group_char,
    };
    if options.group == Some(options.decimal) {
        return Err(SchemaError::invalid(
            format!("{path}.groupChar"),
            "must differ from decimalChar",
        ));
    }
    Ok(options)
}

fn caster(field: &Field, path: &str) -> Result<Caster, SchemaError> {
    let unknown = |formats: &str| {
        SchemaError::invalid(
            format!("{path}.format"),
            format!(
                "unknown format `{}` for {} {} field; the formats are {formats}",
                format_name(field).unwrap_or_default(),
                article(field.field_type),
                field.field_type.as_str()
            ),
        )
    };
    Ok(match field.field_type {
        FieldType::String => Caster::String(match format_name(field) {
            None => StringFormat::Default,
            Some("email") => StringFormat::Email,
            Some("uri") => StringFormat::Uri,
            Some("binary") => StringFormat::Binary,
            Some("uuid") => StringFormat::Uuid,
            Some(_) => return Err(unknown("default, email, uri, binary, uuid")),
        }),
        FieldType::Integer => {
            only_default_format(field, path)?;
            Caster::Integer(number_options(field, path)?)
        }
        FieldType::Number => {
            only_default_format(field, path)?;
            Caster::Number(number_options(field, path)?)
        }
        FieldType::Boolean => {
            only_default_format(field, path)?;
            let true_values = field
                .true_values
                .clone()
                .unwrap_or_else(default_true_values);
            let false_values = field
                .false_values
                .clone()
                .unwrap_or_else(default_false_values);
            if let Some(both) = true_values.iter().find(|t| false_values.contains(t)) {
                return Err(SchemaError::invalid(
                    format!("{path}.trueValues"),
                    format!("`{both}` is both a true and a false value"),
                ));
            }
            Caster::Boolean {
                true_values,
                false_values,
            }
        }
        FieldType::Date => Caster::Date(temporal(field, path)?),
        FieldType::Time => Caster::Time(temporal(field, path)?),
        FieldType::Datetime => Caster::Datetime(temporal(field, path)?),
        FieldType::Year => {
            only_default_format(field, path)?;
            Caster::Year
        }
        FieldType::Yearmonth => {
            only_default_format(field, path)?;
            Caster::Yearmonth
        }
        FieldType::Duration => {
            only_default_format(field, path)?;
            Caster::Duration
        }
        FieldType::Geopoint => Caster::Geopoint(match format_name(field) {
            None => GeoFormat::Default,
            Some("array") => GeoFormat::Array,
            Some("object") => GeoFormat::Object,
            Some(_) => return Err(unknown("default, array, object")),
        }),
        FieldType::Geojson => match format_name(field) {
            None => Caster::Geojson { topojson: false },
            Some("topojson") => Caster::Geojson { topojson: true },
            Some(_) => return Err(unknown("default, topojson")),
        },
        FieldType::Object => {
            only_default_format(field, path)?;
            Caster::Object
        }
        FieldType::Array => {
            only_default_format(field, path)?;
            Caster::Array
        }
        FieldType::List => {
            only_default_format(field, path)?;
            let delimiter = field.delimiter.clone().unwrap_or_else(|| ",".to_owned());
            if delimiter.is_empty() {
                return Err(SchemaError::invalid(
                    format!("{path}.delimiter"),
                    "must not be empty",
                ));
            }
            let item_type = field.item_type.unwrap_or(FieldType::String);
            let item = match item_type {
                FieldType::String => Caster::String(StringFormat::Default),
                FieldType::Integer => Caster::Integer(NumberOptions::PLAIN),
                FieldType::Number => Caster::Number(NumberOptions::PLAIN),
                FieldType::Boolean => Caster::Boolean {
                    true_values: default_true_values(),
                    false_values: default_false_values(),
                },
                FieldType::Date => Caster::Date(Temporal::Default),
                FieldType::Time => Caster::Time(Temporal::Default),
                FieldType::Datetime => Caster::Datetime(Temporal::Default),
                FieldType::Year => Caster::Year,
                FieldType::Yearmonth => Caster::Yearmonth,
                FieldType::Duration => Caster::Duration,
                other => {
                    return Err(SchemaError::invalid(
                        format!("{path}.itemType"),
                        format!(
                            "a list cannot hold {} values; use string, integer, number, boolean, date, time, datetime, year, yearmonth or duration",
                            other.as_str()
                        ),
                    ))
                }
            };
            Caster::List {
                delimiter,
                item: Box::new(item),
            }
        }
        FieldType::Any => {
            only_default_format(field, path)?;
            Caster::Any
        }
    })
}

/// The types each constraint applies to, as frictionless defines them.
fn applies(constraint: &str, t: FieldType) -> bool {
    use FieldType::*;
    match constraint {
        "minLength" | "maxLength" => matches!(t, String | Array | Object | List),
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" => matches!(
            t,
            Integer | Number | Date | Time | Datetime | Year | Yearmonth
        ),
        "pattern" => t == String,
        _ => true,
    }
}

fn applies_to(constraint: &str) -> &'static str {
    match constraint {
        "minLength" | "maxLength" => "string, array, object and list fields",
        "pattern" => "string fields",
        _ => "integer, number, date, time, datetime, year and yearmonth fields",
    }
}

fn not_applicable(path: &str, constraint: &str, t: FieldType) -> SchemaError {
    SchemaError::invalid(
        format!("{path}.constraints.{constraint}"),
        format!(
            "`{constraint}` does not apply to {} {} field; it applies to {}",
            article(t),
            t.as_str(),
            applies_to(constraint)
        ),
    )
}

/// The caster of the type with its default format, for limits written in the
/// specification's own notation (`"2024-01-01"`, `1.5`) rather than the field's.
fn default_caster(field: &Field) -> Option<Caster> {
    let plain = Field::new(field.name.clone(), field.field_type)
        .with_list(",", field.item_type.unwrap_or(FieldType::String));
    caster(&plain, "").ok()
}

fn shown(v: &Json) -> String {
    match v {
        Json::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    }
}

/// Reads a limit or `enum` value written in the schema with the field's type and calls
/// `then` with the value.
fn read_value<T>(
    v: &Json,
    field: &Field,
    cast: &Caster,
    fallback: Option<&Caster>,
    path: &str,
    then: impl FnOnce(&Value<'_>) -> Option<T>,
) -> Result<T, SchemaError> {
    let owned_text;
    let value = match (v, cast) {
        (Json::Number(n), Caster::Number(_)) => n.as_f64().map(Value::Number),
        (Json::Bool(b), Caster::Boolean { .. }) => Some(Value::Boolean(*b)),
        (Json::String(s), _) => cast.cast(s).or_else(|| fallback.and_then(|f| f.cast(s))),
        (Json::Number(_) | Json::Object(_) | Json::Array(_), _) => {
            owned_text = v.to_string();
            cast.cast(&owned_text)
                .or_else(|| fallback.and_then(|f| f.cast(&owned_text)))
        }
        _ => None,
    };
    value.as_ref().and_then(then).ok_or_else(|| {
        SchemaError::invalid(
            path,
            format!(
                "{} is not {} as this {} field reads it",
                shown(v),
                cast.describe(),
                field.field_type.as_str()
            ),
        )
    })
}

fn compile_field(
    field: &Field,
    path: &str,
    schema_missing: &[String],
) -> Result<CompiledField, SchemaError> {
    let cast = caster(field, path)?;
    let fallback = default_caster(field);
    let c = &field.constraints;
    let t = field.field_type;
    let set = [
        ("minLength", c.min_length.is_some()),
        ("maxLength", c.max_length.is_some()),
        ("minimum", c.minimum.is_some()),
        ("maximum", c.maximum.is_some()),
        ("exclusiveMinimum", c.exclusive_minimum.is_some()),
        ("exclusiveMaximum", c.exclusive_maximum.is_some()),
        ("pattern", c.pattern.is_some()),
    ];
    if let Some((name, _)) = set.iter().find(|(name, on)| *on && !applies(name, t)) {
        return Err(not_applicable(path, name, t));
    }
    if let (Some(min), Some(max)) = (c.min_length, c.max_length) {
        if min > max {
            return Err(SchemaError::invalid(
                format!("{path}.constraints.minLength"),
                format!("minLength {min} is greater than maxLength {max}"),
            ));
        }
    }
    let limit = |v: &Option<Json>, name: &str| -> Result<Option<Limit>, SchemaError> {
        let Some(v) = v else { return Ok(None) };
        let p = format!("{path}.constraints.{name}");
        let key = read_value(v, field, &cast, fallback.as_ref(), &p, |value| {
            value.order_key()
        })?;
        Ok(Some(Limit {
            key,
            shown: match v {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            },
        }))
    };
    let minimum = limit(&c.minimum, "minimum")?;
    let maximum = limit(&c.maximum, "maximum")?;
    let exclusive_minimum = limit(&c.exclusive_minimum, "exclusiveMinimum")?;
    let exclusive_maximum = limit(&c.exclusive_maximum, "exclusiveMaximum")?;
    if let (Some(min), Some(max)) = (&minimum, &maximum) {
        if min.key.compare(&max.key) == Some(Ordering::Greater) {
            return Err(SchemaError::invalid(
                format!("{path}.constraints.minimum"),
                format!(
                    "the minimum {} is greater than the maximum {}",
                    min.shown, max.shown
                ),
            ));
        }
    }
    let pattern = match &c.pattern {
        None => None,
        Some(p) => {
            let pp = format!("{path}.constraints.pattern");
            let build = |re: &str| {
                RegexBuilder::new(re)
                    .size_limit(REGEX_SIZE_LIMIT)
                    .dfa_size_limit(REGEX_SIZE_LIMIT)
                    .build()
            };
            // Compiled alone first so that an error shows the user's pattern, not the
            // anchored one.
            build(p).map_err(|e| {
                SchemaError::invalid(&pp, format!("not a valid regular expression: {e}"))
            })?;
            // Table Schema patterns (XML Schema style) match the whole value.
            let anchored = build(&format!("^(?:{p})$")).map_err(|e| {
                SchemaError::invalid(&pp, format!("not a valid regular expression: {e}"))
            })?;
            Some((anchored, p.clone()))
        }
    };
    let enum_values = match &c.enum_values {
        None => None,
        Some(values) => {
            let mut hashes = HashSet128::default();
            for (i, v) in values.iter().enumerate() {
                let p = format!("{path}.constraints.enum[{i}]");
                let h = read_value(v, field, &cast, fallback.as_ref(), &p, |value| {
                    let mut h = Hash128::new();
                    value.feed(&mut h);
                    Some(h.finish())
                })?;
                hashes.insert(h);
            }
            Some((hashes, enum_display(values)))
        }
    };
    Ok(CompiledField {
        name: field.name.clone(),
        caster: cast,
        missing_values: field
            .missing_values
            .clone()
            .unwrap_or_else(|| schema_missing.to_vec()),
        required: c.required,
        required_by_key: false,
        unique: c.unique,
        min_length: c.min_length,
        max_length: c.max_length,
        minimum,
        maximum,
        exclusive_minimum,
        exclusive_maximum,
        pattern,
        enum_values,
    })
}

/// The allowed values as a message lists them; long lists are cut.
fn enum_display(values: &[Json]) -> String {
    const SHOWN: usize = 10;
    let mut parts: Vec<String> = values
        .iter()
        .take(SHOWN)
        .map(|v| match v {
            Json::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    if values.len() > SHOWN {
        parts.push(format!("… ({} in all)", values.len()));
    }
    parts.join(", ")
}
