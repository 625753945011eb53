//! How the binding reads a JavaScript argument into a Rust type: one serde `Deserializer` over a
//! `JsValue`, used through [`read`] for every argument. The types the core declares
//! (`TimelineQuery`, `SearchOptions`, `SuggestOptions`, and plain strings) say which options exist
//! and what each must be; this module says only how a JavaScript value is read, and what an error
//! says: the method, the argument or option, what it must be, and what it got
//! (`search: `limit` must be a whole number, got the string "10"`).
//!
//! Not serde-wasm-bindgen's deserializer (the corpus compiler's binding still reads its file map with it):
//! its error path formats numbers with core's float formatting, and with serde's `Unexpected` it
//! added 33 KB raw (11.5 KB brotli) to the wasm, measured; its messages name neither the method
//! nor the option; it reads only the fields a type declares, so a misspelt option would pass unnoticed;
//! and it reads properties without catching, so a throwing getter would unwind through Rust
//! frames. Here every property is read with `Reflect.get`, and what it throws is the error,
//! unchanged.

use crate::almanac::{QueryError, MAX_QUERY_CHARS, QUERY_TEXTS};
use serde::de::value::SeqDeserializer;
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use std::fmt;
use wasm_bindgen::{JsCast, JsValue};

/// Reads `value` as a `T` for `method`, the first word of every message. `undefined` or `null`
/// options are no options; an option set to `undefined` or `null` is absent.
pub fn read<T: DeserializeOwned>(
    method: &'static str,
    path: Path,
    value: JsValue,
) -> Result<T, JsValue> {
    T::deserialize(Value {
        value,
        path,
        method,
    })
    .map_err(|Error(exception)| exception)
}

/// A core error as the exception JavaScript sees: `RangeError` for a number or a length out of
/// range, `Error` otherwise; the message starts with the method.
pub fn query_error(method: &str, e: QueryError) -> JsValue {
    let message = format!("{method}: {e}");
    match e {
        QueryError::InvalidLimit { .. } | QueryError::TooLong { .. } => {
            js_sys::RangeError::new(&message).into()
        }
        _ => js_sys::Error::new(&message).into(),
    }
}

fn type_error(method: &str, message: String) -> JsValue {
    js_sys::TypeError::new(&format!("{method}: {message}")).into()
}

/// What a JS value is, in words, for error messages.
pub fn describe(value: &JsValue) -> String {
    if value.is_null() {
        "null".into()
    } else if value.is_undefined() {
        "undefined".into()
    } else if let Some(s) = value.dyn_ref::<js_sys::JsString>() {
        // Quoted in part: a megabyte of text must not become a megabyte of message.
        const QUOTED: u32 = 40;
        let quote = String::from(s.slice(0, QUOTED));
        if s.length() > QUOTED {
            format!("the string {quote:?}... ({} characters)", s.length())
        } else {
            format!("the string {quote:?}")
        }
    } else {
        value
            .js_typeof()
            .as_string()
            .unwrap_or_else(|| "a value".into())
    }
}

fn unknown_option(key: &str, known: &[&str]) -> String {
    format!(
        "unknown option {key:?}; known options: {}",
        known.join(", ")
    )
}

/// Where a value is, as messages name it.
#[derive(Clone, Copy)]
pub enum Path {
    /// A method's options object.
    Options,
    /// A positional argument (`text`), or an option (`limit`).
    Name(&'static str),
    /// An element of an array argument or option (`kinds[0]`).
    Item(&'static str, u32),
}

impl Path {
    fn name(self) -> &'static str {
        match self {
            Path::Options => "options",
            Path::Name(name) | Path::Item(name, _) => name,
        }
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Options => f.write_str("options"),
            Path::Name(name) => write!(f, "`{name}`"),
            Path::Item(name, i) => write!(f, "`{name}[{i}]`"),
        }
    }
}

/// The exception to throw: a `TypeError` or `RangeError` whose message starts with the method, or
/// what JavaScript threw while the value was read (a getter), unchanged. (One `JsValue`, so that
/// the `Result`s of serde's generated code stay small in the wasm.)
#[derive(Debug)]
pub struct Error(JsValue);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an exception to throw")
    }
}

impl std::error::Error for Error {}

// serde's own errors. None is reached by the types the binding reads (`Value` checks every value
// before a visitor sees it, and every key before any is read), so they lack the method. The four
// below `custom` are overridden for the wasm's size: serde's `invalid_type` and `invalid_value`
// format the `Unexpected` value, floats included, which links core's float formatting (~18 KB);
// its `unknown_field` and `duplicate_field` bring their own formatting code.
impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        serde_error(message.to_string())
    }

    fn invalid_type(_: de::Unexpected, expected: &dyn de::Expected) -> Self {
        serde_error(format!("expected {expected}"))
    }

    fn invalid_value(_: de::Unexpected, expected: &dyn de::Expected) -> Self {
        serde_error(format!("expected {expected}"))
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        serde_error(unknown_option(field, expected))
    }

    fn duplicate_field(field: &'static str) -> Self {
        serde_error(format!("option `{field}` given twice"))
    }
}

fn serde_error(message: String) -> Error {
    Error(js_sys::TypeError::new(&message).into())
}

/// One JavaScript value being read: where it is, and for which method.
struct Value {
    value: JsValue,
    path: Path,
    method: &'static str,
}

impl Value {
    fn type_error(&self, message: String) -> Error {
        Error(type_error(self.method, message))
    }

    fn must_be(&self, what: &str, got: String) -> Error {
        self.type_error(format!("{} must be {what}, got {got}", self.path))
    }

    fn is_absent(&self) -> bool {
        self.value.is_undefined() || self.value.is_null()
    }

    /// An options object: a plain object (`null` or `undefined` for none) whose keys are all
    /// `fields` (a misspelt option is an error, not ignored), checked before any field is read.
    fn fields(self, fields: &'static [&'static str]) -> Result<Fields, Error> {
        let mut found = Fields {
            object: None,
            fields: fields.iter(),
            field: "",
            value: JsValue::UNDEFINED,
            method: self.method,
        };
        if self.is_absent() {
            return Ok(found);
        }
        let is_array = js_sys::Array::is_array(&self.value);
        if is_array || !self.value.is_object() || self.value.is_function() {
            let got = if is_array {
                "an array".into()
            } else {
                describe(&self.value)
            };
            return Err(self.must_be("an object", got));
        }
        let object: js_sys::Object = self.value.unchecked_into();
        for key in js_sys::Object::keys(&object).iter() {
            let key = key.as_string().unwrap_or_default();
            if !fields.contains(&key.as_str()) {
                return Err(Error(type_error(self.method, unknown_option(&key, fields))));
            }
        }
        found.object = Some(object);
        Ok(found)
    }

    /// A whole number >= 0, in JavaScript's own spelling when it is not (-1, 1.5, NaN, Infinity).
    fn whole_number(&self) -> Result<f64, Error> {
        match self.value.as_f64() {
            Some(n) if n.is_finite() && n.fract() == 0.0 && n >= 0.0 => Ok(n),
            Some(n) => Err(self.must_be(
                "a whole number",
                js_sys::Number::from(n)
                    .to_string_with_radix(10)
                    .map(String::from)
                    .unwrap_or_default(),
            )),
            None => Err(self.must_be("a whole number", describe(&self.value))),
        }
    }

    /// A string. A query text (`QUERY_TEXTS`) far over the limit is refused before it is copied
    /// into wasm memory: over twice the limit in UTF-16 units is over it in characters, whatever
    /// they are (the core counts shorter ones exactly).
    fn string(&self) -> Result<String, Error> {
        let Some(s) = self.value.dyn_ref::<js_sys::JsString>() else {
            return Err(self.must_be("a string", describe(&self.value)));
        };
        if let Path::Name(field) = self.path {
            if s.length() as usize > 2 * MAX_QUERY_CHARS && QUERY_TEXTS.contains(&field) {
                let chars = s.length() as usize;
                let e = QueryError::TooLong { field, chars };
                return Err(Error(query_error(self.method, e)));
            }
        }
        Ok(String::from(s))
    }

    fn array(self) -> Result<Items, Error> {
        if !js_sys::Array::is_array(&self.value) {
            return Err(self.must_be("an array", describe(&self.value)));
        }
        let array: js_sys::Array = self.value.unchecked_into();
        Ok(Items {
            length: array.length(),
            array,
            next: 0,
            name: self.path.name(),
            method: self.method,
            thrown: None,
        })
    }
}

impl<'de> de::Deserializer<'de> for Value {
    type Error = Error;

    /// The types the binding reads implement the methods below; anything else is a mistake in
    /// the binding, which the tests of each method find.
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(self.type_error("an argument has a type this binding cannot read".into()))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.is_absent() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_string(self.string()?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    /// One past u64::MAX (far beyond JavaScript's exact integers) reads as u64::MAX: a count that
    /// large is out of any range the core accepts, or past any end.
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u64(self.whole_number()? as u64)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let mut items = self.array()?;
        let read = visitor.visit_seq(SeqDeserializer::new(items.by_ref()));
        match items.thrown {
            Some(exception) => Err(Error(exception)),
            None => read,
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_map(self.fields(fields)?)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u128 f32 f64 char bytes byte_buf unit unit_struct
        newtype_struct tuple tuple_struct map enum identifier ignored_any
    }
}

/// The fields of an options object that are set (not `undefined` or `null`), each read with
/// `Reflect.get`, in the order the type declares them.
struct Fields {
    object: Option<js_sys::Object>,
    fields: std::slice::Iter<'static, &'static str>,
    /// The last field read and its value, for `next_value_seed`.
    field: &'static str,
    value: JsValue,
    method: &'static str,
}

impl Fields {
    /// The next field that is set; its value waits in `value`. (Not generic: one copy in the wasm
    /// for every options type.)
    fn next_field(&mut self) -> Result<Option<&'static str>, Error> {
        let Some(object) = &self.object else {
            return Ok(None);
        };
        for &field in self.fields.by_ref() {
            let value = js_sys::Reflect::get(object, &field.into()).map_err(Error)?;
            if !(value.is_undefined() || value.is_null()) {
                self.field = field;
                self.value = value;
                return Ok(Some(field));
            }
        }
        Ok(None)
    }

    fn take(&mut self) -> Value {
        Value {
            value: std::mem::take(&mut self.value),
            path: Path::Name(self.field),
            method: self.method,
        }
    }
}

impl<'de> de::MapAccess<'de> for Fields {
    type Error = Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.next_field()? {
            Some(field) => seed.deserialize(field.into_deserializer()).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<S: de::DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        seed.deserialize(self.take())
    }
}

/// The elements of an array, each read with `Reflect.get` when serde asks for it. An element
/// whose getter throws ends them, and its exception waits in `thrown` for `deserialize_seq` to
/// return (serde's `SeqDeserializer` reads an `Iterator`, which cannot carry an error).
struct Items {
    array: js_sys::Array,
    length: u32,
    next: u32,
    name: &'static str,
    method: &'static str,
    thrown: Option<JsValue>,
}

impl Iterator for Items {
    type Item = Value;

    fn next(&mut self) -> Option<Value> {
        let i = self.next;
        if i >= self.length || self.thrown.is_some() {
            return None;
        }
        self.next += 1;
        match js_sys::Reflect::get_u32(&self.array, i) {
            Ok(value) => Some(Value {
                value,
                path: Path::Item(self.name, i),
                method: self.method,
            }),
            Err(exception) => {
                self.thrown = Some(exception);
                None
            }
        }
    }
}

/// An array element's value, as serde's `SeqDeserializer` takes it.
impl IntoDeserializer<'_, Error> for Value {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}
