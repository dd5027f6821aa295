//! The Table Schema model: what a schema says, built from Rust or read from JSON.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::load;
use crate::error::SchemaError;
use crate::table::types::FieldType;

fn is_false(b: &bool) -> bool {
    !*b
}

fn default_missing_values() -> Vec<String> {
    vec![String::new()]
}

/// A Frictionless Table Schema (v1, with the v2 additions `fieldsMatch`, `uniqueKeys`,
/// `list` fields, `exclusiveMinimum` / `exclusiveMaximum` and field-level
/// `missingValues`).
///
/// Read one with [`TableSchema::from_json`], which names the JSON path of any problem, or
/// build one in Rust:
///
/// ```
/// use opendata_core::table::schema::{Constraints, Field, TableSchema};
/// use opendata_core::table::types::FieldType;
///
/// let schema = TableSchema::new(vec![
///     Field::new("id", FieldType::Integer),
///     Field::new("name", FieldType::String)
///         .with_constraints(Constraints::default().with_required(true)),
/// ])
/// .with_primary_key(["id"]);
/// schema.validate()?;
/// let again = TableSchema::from_json(&schema.to_json())?;
/// assert_eq!(again, schema);
/// # Ok::<(), opendata_core::SchemaError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "Json")]
#[non_exhaustive]
pub struct TableSchema {
    /// The fields, in the order of the table's columns.
    pub fields: Vec<Field>,
    /// Cell texts that mean "no value" (default: the empty string).
    #[serde(default = "default_missing_values")]
    pub missing_values: Vec<String>,
    /// Names of the fields whose values together identify a row (empty: no key).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub primary_key: Vec<String>,
    /// Groups of fields whose values together must differ from row to row (v2
    /// `uniqueKeys`); a row with an empty part is not compared.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unique_keys: Vec<Vec<String>>,
    /// References from fields of this table to fields of another (or the same) table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
    /// How header labels must match the fields (v2 `fieldsMatch`); `None` means `exact`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields_match: Option<FieldsMatch>,
    /// Any other property (`$schema`, descriptions, extensions), kept as it was.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Json>,
}

impl TableSchema {
    /// A schema with these fields and every other property at its default.
    pub fn new(fields: Vec<Field>) -> Self {
        Self {
            fields,
            missing_values: default_missing_values(),
            primary_key: Vec::new(),
            unique_keys: Vec::new(),
            foreign_keys: Vec::new(),
            fields_match: None,
            extra: BTreeMap::new(),
        }
    }

    /// Reads a schema from JSON text and checks that it can be used; a problem is a
    /// [`SchemaError`] naming its JSON path.
    pub fn from_json(json: &str) -> Result<Self, SchemaError> {
        let value: Json =
            serde_json::from_str(json).map_err(|e| SchemaError::Json(e.to_string()))?;
        Self::from_json_value(&value)
    }

    /// Like [`TableSchema::from_json`] for an already parsed JSON value.
    pub fn from_json_value(value: &Json) -> Result<Self, SchemaError> {
        let schema = load::schema(value)?;
        schema.validate()?;
        Ok(schema)
    }

    /// The schema as pretty JSON, in Table Schema property names.
    pub fn to_json(&self) -> String {
        // Plain data with string keys always serialises.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Checks everything [`TableSchema::from_json`] checks (types, formats, constraints
    /// fitting the type, regular expressions, keys naming existing fields) on a schema
    /// built in Rust.
    pub fn validate(&self) -> Result<(), SchemaError> {
        super::compile::compile(self).map(|_| ())
    }

    /// The field with this name.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The same schema with these missing-value markers.
    pub fn with_missing_values<I, S>(mut self, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.missing_values = values.into_iter().map(Into::into).collect();
        self
    }

    /// The same schema with this primary key.
    pub fn with_primary_key<I, S>(mut self, fields: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.primary_key = fields.into_iter().map(Into::into).collect();
        self
    }

    /// The same schema with one more unique key (v2 `uniqueKeys`).
    pub fn with_unique_key<I, S>(mut self, fields: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.unique_keys
            .push(fields.into_iter().map(Into::into).collect());
        self
    }

    /// The same schema with one more foreign key.
    pub fn with_foreign_key(mut self, key: ForeignKey) -> Self {
        self.foreign_keys.push(key);
        self
    }

    /// The same schema with this `fieldsMatch` rule.
    pub fn with_fields_match(mut self, rule: FieldsMatch) -> Self {
        self.fields_match = Some(rule);
        self
    }
}

impl TryFrom<Json> for TableSchema {
    type Error = SchemaError;

    fn try_from(value: Json) -> Result<Self, SchemaError> {
        Self::from_json_value(&value)
    }
}

/// How the header's labels must match the schema's fields (Table Schema v2 `fieldsMatch`).
///
/// Columns are always paired with fields by name, so a file whose columns are in another
/// order is still validated value by value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum FieldsMatch {
    /// The same fields in the same order (the default).
    Exact,
    /// The same fields in any order.
    Equal,
    /// Every field is a column; the file may have more columns.
    Subset,
    /// Every column is a field; the schema may have more fields.
    Superset,
    /// At least one column is a field.
    Partial,
}

impl FieldsMatch {
    /// The Table Schema name of the rule.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldsMatch::Exact => "exact",
            FieldsMatch::Equal => "equal",
            FieldsMatch::Subset => "subset",
            FieldsMatch::Superset => "superset",
            FieldsMatch::Partial => "partial",
        }
    }
}

/// One field (column) of a [`TableSchema`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "Json")]
#[non_exhaustive]
pub struct Field {
    /// The name, which the header label must equal.
    pub name: String,
    /// The field type (`string` when a schema leaves it out).
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// The format (`default` when `None`): `email`, `uri`, `binary`, `uuid` for strings;
    /// `any` or a strptime pattern such as `%d/%m/%Y` for dates, times and datetimes;
    /// `array` or `object` for geopoints; `topojson` for geojson.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// A human title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A human description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Texts read as `true` by a boolean field (default `true`, `True`, `TRUE`, `1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub true_values: Option<Vec<String>>,
    /// Texts read as `false` by a boolean field (default `false`, `False`, `FALSE`, `0`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub false_values: Option<Vec<String>>,
    /// The decimal separator of a number field (default `.`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimal_char: Option<char>,
    /// The thousands separator of a number or integer field (default: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_char: Option<char>,
    /// When `false`, text around a number (`€ 95`, `95%`) is ignored (default `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bare_number: Option<bool>,
    /// The separator of a list field's items (default `,`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// The type of a list field's items (default `string`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<FieldType>,
    /// Missing-value markers for this field only, replacing the schema's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing_values: Option<Vec<String>>,
    /// What a value must satisfy beyond its type.
    #[serde(default, skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// Any other property (`rdfType`, `example`, extensions), kept as it was.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Json>,
}

impl Field {
    /// A field with this name and type and every other property at its default.
    pub fn new(name: impl Into<String>, field_type: FieldType) -> Self {
        Self {
            name: name.into(),
            field_type,
            format: None,
            title: None,
            description: None,
            true_values: None,
            false_values: None,
            decimal_char: None,
            group_char: None,
            bare_number: None,
            delimiter: None,
            item_type: None,
            missing_values: None,
            constraints: Constraints::default(),
            extra: BTreeMap::new(),
        }
    }

    /// The same field with this format.
    pub fn with_format(mut self, format: impl Into<String>) -> Self {
        self.format = Some(format.into());
        self
    }

    /// The same field with this title.
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// The same field with this description.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// The same field with these true and false texts (boolean fields).
    pub fn with_boolean_values<T, F>(mut self, true_values: T, false_values: F) -> Self
    where
        T: IntoIterator,
        T::Item: Into<String>,
        F: IntoIterator,
        F::Item: Into<String>,
    {
        self.true_values = Some(true_values.into_iter().map(Into::into).collect());
        self.false_values = Some(false_values.into_iter().map(Into::into).collect());
        self
    }

    /// The same field with this decimal separator (number fields).
    pub fn with_decimal_char(mut self, c: char) -> Self {
        self.decimal_char = Some(c);
        self
    }

    /// The same field with this thousands separator (number and integer fields).
    pub fn with_group_char(mut self, c: char) -> Self {
        self.group_char = Some(c);
        self
    }

    /// The same field with `bareNumber` set (number and integer fields).
    pub fn with_bare_number(mut self, bare: bool) -> Self {
        self.bare_number = Some(bare);
        self
    }

    /// The same field as a list with this delimiter and item type.
    pub fn with_list(mut self, delimiter: impl Into<String>, item_type: FieldType) -> Self {
        self.delimiter = Some(delimiter.into());
        self.item_type = Some(item_type);
        self
    }

    /// The same field with its own missing-value markers.
    pub fn with_missing_values<I, S>(mut self, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.missing_values = Some(values.into_iter().map(Into::into).collect());
        self
    }

    /// The same field with these constraints.
    pub fn with_constraints(mut self, constraints: Constraints) -> Self {
        self.constraints = constraints;
        self
    }
}

impl TryFrom<Json> for Field {
    type Error = SchemaError;

    fn try_from(value: Json) -> Result<Self, SchemaError> {
        load::field(&value, "$")
    }
}

/// The constraints of a [`Field`]. Limits (`minimum`, `maximum`, `enum` values) are JSON
/// values read with the field's type: numbers for numeric fields, strings such as
/// `"2024-01-01"` for dates.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "Json")]
#[non_exhaustive]
pub struct Constraints {
    /// Every row must have a value.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// No two rows may have the same value.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique: bool,
    /// Smallest length: characters of a string, items of a list, array or object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// Largest length: characters of a string, items of a list, array or object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// Smallest value allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Json>,
    /// Largest value allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Json>,
    /// Values must be greater than this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive_minimum: Option<Json>,
    /// Values must be less than this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive_maximum: Option<Json>,
    /// A regular expression the whole value must match (string fields).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// The only values allowed.
    #[serde(default, rename = "enum", skip_serializing_if = "Option::is_none")]
    pub enum_values: Option<Vec<Json>>,
}

impl Constraints {
    /// Whether no constraint is set.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The same constraints with `required` set.
    pub fn with_required(mut self, required: bool) -> Self {
        self.required = required;
        self
    }

    /// The same constraints with `unique` set.
    pub fn with_unique(mut self, unique: bool) -> Self {
        self.unique = unique;
        self
    }

    /// The same constraints with this `minLength`.
    pub fn with_min_length(mut self, n: u64) -> Self {
        self.min_length = Some(n);
        self
    }

    /// The same constraints with this `maxLength`.
    pub fn with_max_length(mut self, n: u64) -> Self {
        self.max_length = Some(n);
        self
    }

    /// The same constraints with this `minimum`.
    pub fn with_minimum(mut self, limit: impl Into<Json>) -> Self {
        self.minimum = Some(limit.into());
        self
    }

    /// The same constraints with this `maximum`.
    pub fn with_maximum(mut self, limit: impl Into<Json>) -> Self {
        self.maximum = Some(limit.into());
        self
    }

    /// The same constraints with this `exclusiveMinimum`.
    pub fn with_exclusive_minimum(mut self, limit: impl Into<Json>) -> Self {
        self.exclusive_minimum = Some(limit.into());
        self
    }

    /// The same constraints with this `exclusiveMaximum`.
    pub fn with_exclusive_maximum(mut self, limit: impl Into<Json>) -> Self {
        self.exclusive_maximum = Some(limit.into());
        self
    }

    /// The same constraints with this `pattern`.
    pub fn with_pattern(mut self, pattern: impl Into<String>) -> Self {
        self.pattern = Some(pattern.into());
        self
    }

    /// The same constraints with this `enum`.
    pub fn with_enum<I, V>(mut self, values: I) -> Self
    where
        I: IntoIterator<Item = V>,
        V: Into<Json>,
    {
        self.enum_values = Some(values.into_iter().map(Into::into).collect());
        self
    }
}

impl TryFrom<Json> for Constraints {
    type Error = SchemaError;

    fn try_from(value: Json) -> Result<Self, SchemaError> {
        load::constraints(&value, "$")
    }
}

/// A foreign key: the values of `fields` must appear in `reference.fields` of the
/// referenced table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Json")]
#[non_exhaustive]
pub struct ForeignKey {
    /// The fields of this table that hold the key.
    pub fields: Vec<String>,
    /// The table and fields the key points to.
    pub reference: ForeignKeyReference,
}

impl ForeignKey {
    /// A key from `fields` to `reference_fields` of `resource` (`""`: this same table).
    pub fn new<I, S, J, T>(fields: I, resource: impl Into<String>, reference_fields: J) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
        J: IntoIterator<Item = T>,
        T: Into<String>,
    {
        Self {
            fields: fields.into_iter().map(Into::into).collect(),
            reference: ForeignKeyReference {
                resource: resource.into(),
                fields: reference_fields.into_iter().map(Into::into).collect(),
            },
        }
    }

    /// Whether the key points into the same table.
    pub fn is_self_reference(&self) -> bool {
        self.reference.resource.is_empty()
    }
}

impl TryFrom<Json> for ForeignKey {
    type Error = SchemaError;

    fn try_from(value: Json) -> Result<Self, SchemaError> {
        load::foreign_key(&value, "$")
    }
}

/// What a [`ForeignKey`] points to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ForeignKeyReference {
    /// The referenced table's name; the empty string is this same table.
    pub resource: String,
    /// The referenced fields, one for each of the key's fields.
    pub fields: Vec<String>,
}
