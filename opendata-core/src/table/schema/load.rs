//! Reading a schema's JSON into the model, naming the JSON path of every shape problem.
//!
//! The reader is written by hand rather than derived so that an error says where it is
//! (`$.fields[2].constraints.minLength`) and what was expected, in words a data officer
//! understands. Whether the values make sense together (a pattern compiles, a minimum
//! fits the type) is checked afterwards by `compile`, which also covers schemas built in
//! Rust.

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

use super::model::{Constraints, Field, FieldsMatch, ForeignKey, ForeignKeyReference, TableSchema};
use crate::error::SchemaError;
use crate::table::types::FieldType;

/// Every field type a schema may name.
pub(crate) const FIELD_TYPES: [FieldType; 16] = [
    FieldType::String,
    FieldType::Number,
    FieldType::Integer,
    FieldType::Boolean,
    FieldType::Object,
    FieldType::Array,
    FieldType::List,
    FieldType::Date,
    FieldType::Time,
    FieldType::Datetime,
    FieldType::Year,
    FieldType::Yearmonth,
    FieldType::Duration,
    FieldType::Geopoint,
    FieldType::Geojson,
    FieldType::Any,
];

const CONSTRAINT_NAMES: [&str; 10] = [
    "required",
    "unique",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "pattern",
    "enum",
];

fn kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

fn expected(path: &str, what: &str, got: &Json) -> SchemaError {
    SchemaError::invalid(path, format!("must be {what}, not {}", kind(got)))
}

fn object<'a>(v: &'a Json, path: &str, what: &str) -> Result<&'a Map<String, Json>, SchemaError> {
    v.as_object().ok_or_else(|| expected(path, what, v))
}

fn string(v: &Json, path: &str) -> Result<String, SchemaError> {
    v.as_str()
        .map(str::to_owned)
        .ok_or_else(|| expected(path, "a string", v))
}

fn boolean(v: &Json, path: &str) -> Result<bool, SchemaError> {
    v.as_bool()
        .ok_or_else(|| expected(path, "true or false", v))
}

fn strings(v: &Json, path: &str) -> Result<Vec<String>, SchemaError> {
    let items = v
        .as_array()
        .ok_or_else(|| expected(path, "an array of strings", v))?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| string(item, &format!("{path}[{i}]")))
        .collect()
}

/// A string or an array of strings (`primaryKey`, foreign key `fields`).
fn names(v: &Json, path: &str) -> Result<Vec<String>, SchemaError> {
    match v {
        Json::String(s) => Ok(vec![s.clone()]),
        Json::Array(_) => {
            let list = strings(v, path)?;
            if list.is_empty() {
                Err(SchemaError::invalid(path, "must name at least one field"))
            } else {
                Ok(list)
            }
        }
        other => Err(expected(
            path,
            "a field name or an array of field names",
            other,
        )),
    }
}

fn single_char(v: &Json, path: &str) -> Result<char, SchemaError> {
    let s = string(v, path)?;
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(SchemaError::invalid(path, "must be exactly one character")),
    }
}

fn non_negative(v: &Json, path: &str) -> Result<u64, SchemaError> {
    v.as_u64()
        .ok_or_else(|| expected(path, "a whole number of 0 or more", v))
}

fn scalar(v: &Json, path: &str) -> Result<Json, SchemaError> {
    match v {
        Json::String(_) | Json::Number(_) => Ok(v.clone()),
        other => Err(expected(path, "a number or a string", other)),
    }
}

pub(crate) fn field_type(v: &Json, path: &str) -> Result<FieldType, SchemaError> {
    let name = v.as_str().ok_or_else(|| expected(path, "a string", v))?;
    FIELD_TYPES
        .iter()
        .copied()
        .find(|t| t.as_str() == name)
        .ok_or_else(|| {
            let all: Vec<&str> = FIELD_TYPES.iter().map(|t| t.as_str()).collect();
            SchemaError::invalid(
                path,
                format!(
                    "unknown field type `{name}`; the types are {}",
                    all.join(", ")
                ),
            )
        })
}

pub(crate) fn schema(v: &Json) -> Result<TableSchema, SchemaError> {
    let obj = object(v, "$", "a JSON object (a Table Schema)")?;
    let fields_json = obj
        .get("fields")
        .ok_or_else(|| SchemaError::invalid("$", "the property `fields` is required"))?;
    let fields_list = fields_json
        .as_array()
        .ok_or_else(|| expected("$.fields", "an array of field objects", fields_json))?;
    let mut fields = Vec::with_capacity(fields_list.len());
    for (i, f) in fields_list.iter().enumerate() {
        fields.push(field(f, &format!("$.fields[{i}]"))?);
    }
    let mut schema = TableSchema::new(fields);
    for (key, value) in obj {
        let path = format!("$.{key}");
        match key.as_str() {
            "fields" => {}
            "missingValues" => schema.missing_values = strings(value, &path)?,
            "primaryKey" => schema.primary_key = names(value, &path)?,
            "uniqueKeys" => {
                let list = value
                    .as_array()
                    .ok_or_else(|| expected(&path, "an array of field-name lists", value))?;
                for (i, key) in list.iter().enumerate() {
                    schema
                        .unique_keys
                        .push(names(key, &format!("{path}[{i}]"))?);
                }
            }
            "foreignKeys" => {
                let list = value
                    .as_array()
                    .ok_or_else(|| expected(&path, "an array of foreign keys", value))?;
                for (i, key) in list.iter().enumerate() {
                    schema
                        .foreign_keys
                        .push(foreign_key(key, &format!("{path}[{i}]"))?);
                }
            }
            "fieldsMatch" => {
                let name = string(value, &path)?;
                let rule = [
                    FieldsMatch::Exact,
                    FieldsMatch::Equal,
                    FieldsMatch::Subset,
                    FieldsMatch::Superset,
                    FieldsMatch::Partial,
                ]
                .into_iter()
                .find(|r| r.as_str() == name)
                .ok_or_else(|| {
                    SchemaError::invalid(
                        &path,
                        format!(
                            "unknown rule `{name}`; expected exact, equal, subset, superset or partial"
                        ),
                    )
                })?;
                schema.fields_match = Some(rule);
            }
            _ => {
                schema.extra.insert(key.clone(), value.clone());
            }
        }
    }
    Ok(schema)
}

pub(crate) fn field(v: &Json, path: &str) -> Result<Field, SchemaError> {
    let obj = object(v, path, "a field object")?;
    let name = match obj.get("name") {
        Some(n) => string(n, &format!("{path}.name"))?,
        None => {
            return Err(SchemaError::invalid(
                path,
                "the property `name` is required",
            ))
        }
    };
    let kind = match obj.get("type") {
        Some(t) => field_type(t, &format!("{path}.type"))?,
        None => FieldType::String,
    };
    let mut field = Field::new(name, kind);
    let mut extra = BTreeMap::new();
    for (key, value) in obj {
        let p = format!("{path}.{key}");
        match key.as_str() {
            "name" | "type" => {}
            "format" => field.format = Some(string(value, &p)?),
            "title" => field.title = Some(string(value, &p)?),
            "description" => field.description = Some(string(value, &p)?),
            "trueValues" => field.true_values = Some(strings(value, &p)?),
            "falseValues" => field.false_values = Some(strings(value, &p)?),
            "decimalChar" => field.decimal_char = Some(single_char(value, &p)?),
            "groupChar" => field.group_char = Some(single_char(value, &p)?),
            "bareNumber" => field.bare_number = Some(boolean(value, &p)?),
            "delimiter" => field.delimiter = Some(string(value, &p)?),
            "itemType" => field.item_type = Some(field_type(value, &p)?),
            "missingValues" => field.missing_values = Some(strings(value, &p)?),
            "constraints" => field.constraints = constraints(value, &p)?,
            _ => {
                extra.insert(key.clone(), value.clone());
            }
        }
    }
    field.extra = extra;
    Ok(field)
}

pub(crate) fn constraints(v: &Json, path: &str) -> Result<Constraints, SchemaError> {
    let obj = object(v, path, "an object of constraints")?;
    let mut c = Constraints::default();
    for (key, value) in obj {
        let p = format!("{path}.{key}");
        match key.as_str() {
            "required" => c.required = boolean(value, &p)?,
            "unique" => c.unique = boolean(value, &p)?,
            "minLength" => c.min_length = Some(non_negative(value, &p)?),
            "maxLength" => c.max_length = Some(non_negative(value, &p)?),
            "minimum" => c.minimum = Some(scalar(value, &p)?),
            "maximum" => c.maximum = Some(scalar(value, &p)?),
            "exclusiveMinimum" => c.exclusive_minimum = Some(scalar(value, &p)?),
            "exclusiveMaximum" => c.exclusive_maximum = Some(scalar(value, &p)?),
            "pattern" => c.pattern = Some(string(value, &p)?),
            "enum" => {
                let list = value
                    .as_array()
                    .ok_or_else(|| expected(&p, "an array of allowed values", value))?;
                if list.is_empty() {
                    return Err(SchemaError::invalid(&p, "must list at least one value"));
                }
                c.enum_values = Some(list.clone());
            }
            other => {
                // A misspelt constraint would silently check nothing, so it is an error.
                return Err(SchemaError::invalid(
                    &p,
                    format!(
                        "unknown constraint `{other}`; the constraints are {}",
                        CONSTRAINT_NAMES.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(c)
}

pub(crate) fn foreign_key(v: &Json, path: &str) -> Result<ForeignKey, SchemaError> {
    let obj = object(v, path, "a foreign key object")?;
    let fields = names(
        obj.get("fields")
            .ok_or_else(|| SchemaError::invalid(path, "the property `fields` is required"))?,
        &format!("{path}.fields"),
    )?;
    let ref_path = format!("{path}.reference");
    let reference = obj
        .get("reference")
        .ok_or_else(|| SchemaError::invalid(path, "the property `reference` is required"))?;
    let reference = object(
        reference,
        &ref_path,
        "an object with `resource` and `fields`",
    )?;
    let resource = match reference.get("resource") {
        Some(r) => string(r, &format!("{ref_path}.resource"))?,
        // Table Schema v2 lets a self-reference leave the resource out.
        None => String::new(),
    };
    let ref_fields = names(
        reference
            .get("fields")
            .ok_or_else(|| SchemaError::invalid(&ref_path, "the property `fields` is required"))?,
        &format!("{ref_path}.fields"),
    )?;
    Ok(ForeignKey {
        fields,
        reference: ForeignKeyReference {
            resource,
            fields: ref_fields,
        },
    })
}
