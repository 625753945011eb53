//! The JavaScript binding: one stateful class, each method reads its arguments with
//! serde-wasm-bindgen, calls the core, and writes plain objects back. Errors become JS `Error`s
//! (`TypeError` for arguments of the wrong type, `RangeError` for out-of-range values) whose
//! message names the problem. With `panic = "abort"` a panic would kill the module, so nothing
//! here may panic: every input path returns a `Result`.

use crate::almanac::{
    Almanac, QueryError, SearchOptions, TimelineQuery, MAX_LIMIT, MAX_QUERY_CHARS,
};
use crate::model::{Disagreement, Document, Entity, Event, Passage};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Plain objects (not `Map`s) for every serialised map, `undefined` fields left out.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value
        .serialize(&serializer)
        .map_err(|e| js_sys::Error::new(&e.to_string()).into())
}

fn type_error(message: String) -> JsValue {
    js_sys::TypeError::new(&message).into()
}

fn query_error(method: &str, e: QueryError) -> JsValue {
    let message = format!("{method}: {e}");
    match e {
        QueryError::InvalidLimit { .. } | QueryError::TooLong { .. } => {
            js_sys::RangeError::new(&message).into()
        }
        _ => js_sys::Error::new(&message).into(),
    }
}

/// What a JS value is, in words, for error messages.
fn describe(value: &JsValue) -> String {
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

/// `n` as Rust's `{}` writes an f64 (the shortest digits that round-trip, never an exponent),
/// built from JavaScript's `String(n)`, which gives the same shortest digits: core's float
/// formatting would add ~14 KB to the wasm for two error messages.
fn number(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    let sign = if n.is_sign_negative() { "-" } else { "" };
    if n.is_infinite() {
        return format!("{sign}inf");
    }
    let js: String = js_sys::Number::from(n.abs())
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default();
    let Some((mantissa, exp)) = js.split_once('e') else {
        return format!("{sign}{js}");
    };
    let exp: i32 = exp.parse().unwrap_or(0);
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{int}{frac}");
    let point = int.len() as i32 + exp;
    if point <= 0 {
        format!(
            "{sign}0.{}{digits}",
            "0".repeat(point.unsigned_abs() as usize)
        )
    } else if point as usize >= digits.len() {
        format!(
            "{sign}{digits}{}",
            "0".repeat(point as usize - digits.len())
        )
    } else {
        let (a, b) = digits.split_at(point as usize);
        format!("{sign}{a}.{b}")
    }
}

fn string_arg(method: &str, name: &str, value: &JsValue) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        type_error(format!(
            "{method}: `{name}` must be a string, got {}",
            describe(value)
        ))
    })
}

/// A query text: a string, refused before it is copied into wasm memory when it is far too long
/// (a megabyte must not cost a megabyte of work to refuse). Over twice the limit in UTF-16 units
/// is over the limit in characters whatever they are; the core counts shorter ones exactly.
fn text_arg(method: &str, name: &'static str, value: &JsValue) -> Result<String, JsValue> {
    if let Some(s) = value.dyn_ref::<js_sys::JsString>() {
        let units = s.length() as usize;
        if units > 2 * MAX_QUERY_CHARS {
            return Err(query_error(
                method,
                QueryError::TooLong {
                    field: name,
                    chars: units,
                },
            ));
        }
    }
    string_arg(method, name, value)
}

/// An options object, read field by field so that every message names the option and what it
/// must be (serde-wasm-bindgen's errors name neither). `undefined` and `null` mean "no options";
/// a key this method does not know is an error (a misspelt option would otherwise pass unnoticed).
struct Options<'a> {
    method: &'a str,
    object: Option<js_sys::Object>,
}

impl<'a> Options<'a> {
    fn read(method: &'a str, value: JsValue, known: &[&str]) -> Result<Self, JsValue> {
        if value.is_undefined() || value.is_null() {
            return Ok(Options {
                method,
                object: None,
            });
        }
        if !value.is_object() || js_sys::Array::is_array(&value) || value.is_function() {
            let what = if js_sys::Array::is_array(&value) {
                "an array".to_string()
            } else {
                describe(&value)
            };
            return Err(type_error(format!(
                "{method}: options must be an object, got {what}"
            )));
        }
        let object: js_sys::Object = value.unchecked_into();
        for key in js_sys::Object::keys(&object).iter() {
            let key = key.as_string().unwrap_or_default();
            if !known.contains(&key.as_str()) {
                return Err(type_error(format!(
                    "{method}: unknown option {key:?}; known options: {}",
                    known.join(", ")
                )));
            }
        }
        Ok(Options {
            method,
            object: Some(object),
        })
    }

    /// The option's value, `None` when absent, `undefined` or `null`. A throwing getter's error propagates.
    fn get(&self, key: &str) -> Result<Option<JsValue>, JsValue> {
        let Some(object) = &self.object else {
            return Ok(None);
        };
        let value = js_sys::Reflect::get(object, &key.into())?;
        Ok(if value.is_undefined() || value.is_null() {
            None
        } else {
            Some(value)
        })
    }

    fn string(&self, key: &str) -> Result<Option<String>, JsValue> {
        let Some(value) = self.get(key)? else {
            return Ok(None);
        };
        string_arg(self.method, key, &value).map(Some)
    }

    /// A string option that is query text (`text_arg`'s early refusal of huge strings).
    fn text(&self, key: &'static str) -> Result<Option<String>, JsValue> {
        let Some(value) = self.get(key)? else {
            return Ok(None);
        };
        text_arg(self.method, key, &value).map(Some)
    }

    fn strings(&self, key: &str) -> Result<Option<Vec<String>>, JsValue> {
        let Some(value) = self.get(key)? else {
            return Ok(None);
        };
        if !js_sys::Array::is_array(&value) {
            return Err(type_error(format!(
                "{}: `{key}` must be an array of strings, got {}",
                self.method,
                describe(&value)
            )));
        }
        let array: js_sys::Array = value.unchecked_into();
        let mut out = Vec::with_capacity(array.length().min(64) as usize);
        for (i, item) in array.iter().enumerate() {
            match item.as_string() {
                Some(s) => out.push(s),
                None => {
                    return Err(type_error(format!(
                        "{}: `{key}[{i}]` must be a string, got {}",
                        self.method,
                        describe(&item)
                    )))
                }
            }
        }
        Ok(Some(out))
    }

    /// A whole number >= 0. Above u32::MAX it is `limit_above`'s error when given (a limit that
    /// large is out of range like any other), else clamped (an offset past the end is just past the end).
    fn count(&self, key: &str, limit_above: Option<u32>) -> Result<Option<u32>, JsValue> {
        let Some(value) = self.get(key)? else {
            return Ok(None);
        };
        let n = match value.as_f64() {
            Some(n) if n.is_finite() && n.fract() == 0.0 && n >= 0.0 => n,
            _ => {
                let what = match value.as_f64() {
                    Some(n) if n.is_infinite() => {
                        (if n > 0.0 { "Infinity" } else { "-Infinity" }).to_string()
                    }
                    Some(n) => number(n),
                    None => describe(&value),
                };
                return Err(type_error(format!(
                    "{}: `{key}` must be a whole number, got {what}",
                    self.method
                )));
            }
        };
        if n > f64::from(u32::MAX) {
            if let Some(max) = limit_above {
                return Err(js_sys::RangeError::new(&format!(
                    "{}: `{key}` must be between 1 and {max}, got {}",
                    self.method,
                    number(n)
                ))
                .into());
            }
            return Ok(Some(u32::MAX));
        }
        Ok(Some(n as u32))
    }
}

#[cfg(feature = "bundled")]
fn builtin_corpus() -> Result<&'static [u8], JsValue> {
    Ok(crate::BUNDLED_CORPUS)
}

#[cfg(not(feature = "bundled"))]
fn builtin_corpus() -> Result<&'static [u8], JsValue> {
    Err(js_sys::Error::new(
        "load: this build has no built-in corpus; pass one with load({ corpus })",
    )
    .into())
}

#[wasm_bindgen(js_name = Almanac)]
pub struct WasmAlmanac {
    inner: Almanac,
}

#[wasm_bindgen(js_class = Almanac)]
impl WasmAlmanac {
    /// Opens a bundle (`Uint8Array`), or the built-in Partnership for Peace corpus when omitted.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | undefined")] bundle: JsValue,
    ) -> Result<WasmAlmanac, JsValue> {
        let inner = if bundle.is_undefined() || bundle.is_null() {
            crate::bundle::decode_compiled(builtin_corpus()?).map(Almanac::new)
        } else if bundle.is_instance_of::<js_sys::Uint8Array>()
            || bundle.is_instance_of::<js_sys::ArrayBuffer>()
        {
            Almanac::from_bundle(&js_sys::Uint8Array::new(&bundle).to_vec())
        } else {
            return Err(type_error(format!(
                "load: the corpus must be a Uint8Array or ArrayBuffer, got {}",
                describe(&bundle)
            )));
        };
        inner
            .map(|inner| WasmAlmanac { inner })
            .map_err(|e| js_sys::Error::new(&format!("load: {e}")).into())
    }

    #[wasm_bindgen(unchecked_return_type = "Entity | null")]
    pub fn lookup(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<JsValue, JsValue> {
        let text = text_arg("lookup", "text", &text)?;
        let found = self
            .inner
            .lookup(&text)
            .map_err(|e| query_error("lookup", e))?;
        found.map_or(Ok(JsValue::NULL), to_js)
    }

    #[wasm_bindgen(unchecked_return_type = "Entity | null")]
    pub fn entity(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<JsValue, JsValue> {
        let id = string_arg("entity", "id", &id)?;
        self.inner.entity(&id).map_or(Ok(JsValue::NULL), to_js)
    }

    #[wasm_bindgen(unchecked_return_type = "Event[]")]
    pub fn timeline(
        &self,
        #[wasm_bindgen(
            unchecked_param_type = "{ from?: string, to?: string, entity?: string, kinds?: string[] }"
        )]
        query: JsValue,
    ) -> Result<JsValue, JsValue> {
        let o = Options::read("timeline", query, &["from", "to", "entity", "kinds"])?;
        let query = TimelineQuery {
            from: o.string("from")?,
            to: o.string("to")?,
            entity: o.text("entity")?,
            kinds: o.strings("kinds")?,
        };
        let events = self
            .inner
            .timeline(&query)
            .map_err(|e| query_error("timeline", e))?;
        to_js(&events)
    }

    #[wasm_bindgen(unchecked_return_type = "SearchResult")]
    pub fn search(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
        #[wasm_bindgen(
            unchecked_param_type = "{ limit?: number, offset?: number, document?: string, from?: string, to?: string }"
        )]
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let query = text_arg("search", "query", &query)?;
        let o = Options::read(
            "search",
            options,
            &["limit", "offset", "document", "from", "to"],
        )?;
        let options = SearchOptions {
            limit: o.count("limit", Some(MAX_LIMIT))?,
            offset: o.count("offset", None)?,
            document: o.string("document")?,
            from: o.string("from")?,
            to: o.string("to")?,
        };
        let result = self
            .inner
            .search(&query, &options)
            .map_err(|e| query_error("search", e))?;
        to_js(&result)
    }

    #[wasm_bindgen(unchecked_return_type = "Entity[]")]
    pub fn suggest(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] prefix: JsValue,
        #[wasm_bindgen(unchecked_param_type = "{ limit?: number }")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let prefix = text_arg("suggest", "prefix", &prefix)?;
        let limit =
            Options::read("suggest", options, &["limit"])?.count("limit", Some(MAX_LIMIT))?;
        let found = self
            .inner
            .suggest(&prefix, limit)
            .map_err(|e| query_error("suggest", e))?;
        to_js(&found)
    }

    #[wasm_bindgen(unchecked_return_type = "Document[]")]
    pub fn documents(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.documents())
    }

    #[wasm_bindgen(unchecked_return_type = "Passage | null")]
    pub fn passage(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<JsValue, JsValue> {
        let id = string_arg("passage", "id", &id)?;
        self.inner.passage(&id).map_or(Ok(JsValue::NULL), to_js)
    }

    /// Points where the sources disagree: all, or those concerning one entity id (its subject, or
    /// a topic or reading that names the entity).
    #[wasm_bindgen(unchecked_return_type = "Disagreement[]")]
    pub fn disagreements(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | undefined")] subject: JsValue,
    ) -> Result<JsValue, JsValue> {
        let subject = if subject.is_undefined() || subject.is_null() {
            None
        } else {
            Some(string_arg("disagreements", "subject", &subject)?)
        };
        to_js(&self.inner.disagreements(subject.as_deref()))
    }

    /// Counts of what the loaded corpus holds.
    #[wasm_bindgen(
        unchecked_return_type = "{ name: string, documents: number, passages: number, entities: number, events: number, disagreements: number }"
    )]
    pub fn stats(&self) -> Result<JsValue, JsValue> {
        let c = self.inner.corpus();
        #[derive(Serialize)]
        struct Stats<'a> {
            name: &'a str,
            documents: usize,
            passages: usize,
            entities: usize,
            events: usize,
            disagreements: usize,
        }
        to_js(&Stats {
            name: &c.name,
            documents: c.documents.len(),
            passages: c.passages.len(),
            entities: c.entities.len(),
            events: c.events.len(),
            disagreements: c.disagreements.len(),
        })
    }

    /// The entities `text` names, in order (`Almanac::mentions`): a text of any length.
    #[wasm_bindgen(unchecked_return_type = "Mention[]")]
    pub fn mentions(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<JsValue, JsValue> {
        let text = string_arg("mentions", "text", &text)?;
        to_js(&self.inner.mentions(&text))
    }
}

/// The intact corpus bundle inside the bytes of a pfp-almanac wasm file (its built-in corpus), or
/// `undefined`: how load() opens the corpus of a fresh download when the instantiated wasm's own
/// copy turned out damaged (wasm-bindgen instantiates the wasm once per page).
#[wasm_bindgen(js_name = corpusInWasm)]
pub fn corpus_in_wasm(wasm: &[u8]) -> Option<Vec<u8>> {
    crate::bundle::embedded_in(wasm).map(<[u8]>::to_vec)
}

// Keep the generated TypeScript complete: these types appear in the return types above.
#[allow(dead_code)]
fn _types_used(_: Entity, _: Event, _: Document, _: Passage, _: Disagreement) {}

/// The corpus compiler for the npm command (`pfp-almanac build`): `files` maps absolute paths to
/// their text (the corpus folder's TOML files and its source texts), `links` the paths that are
/// symbolic links out of the folder to where they lead (their files are not read; the compiler
/// refuses them at the line that names them); returns the bundle bytes and the counts, or throws an
/// `Error` whose `diagnostics` lists every problem with file and line.
#[cfg(feature = "compiler")]
#[wasm_bindgen(js_name = compileCorpus, unchecked_return_type = "{ bundle: Uint8Array, warnings: string[], documents: number, passages: number, entities: number, events: number }")]
pub fn compile_corpus(
    #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] files: JsValue,
    folder: String,
    #[wasm_bindgen(unchecked_param_type = "Record<string, string> | undefined")] links: JsValue,
) -> Result<JsValue, JsValue> {
    use std::collections::BTreeMap;
    use std::path::PathBuf;
    let files: BTreeMap<String, String> = serde_wasm_bindgen::from_value(files).map_err(|e| {
        type_error(format!(
            "compileCorpus: `files` must map paths to texts: {e}"
        ))
    })?;
    let links: BTreeMap<String, String> = if links.is_undefined() {
        BTreeMap::new()
    } else {
        serde_wasm_bindgen::from_value(links).map_err(|e| {
            type_error(format!(
                "compileCorpus: `links` must map paths to paths: {e}"
            ))
        })?
    };
    let memory = crate::compiler::Memory {
        files: files
            .into_iter()
            .map(|(k, v)| (PathBuf::from(k), v))
            .collect(),
        links: links
            .into_iter()
            .map(|(k, v)| (PathBuf::from(k), PathBuf::from(v)))
            .collect(),
    };
    match crate::compiler::compile_from(&memory, std::path::Path::new(&folder)) {
        Ok((corpus, report)) => {
            let out = js_sys::Object::new();
            let set = |k: &str, v: JsValue| js_sys::Reflect::set(&out, &k.into(), &v).map(|_| ());
            set(
                "bundle",
                js_sys::Uint8Array::from(crate::bundle::encode(&corpus).as_slice()).into(),
            )?;
            set("warnings", to_js(&report.warnings)?)?;
            set("documents", corpus.documents.len().into())?;
            set("passages", corpus.passages.len().into())?;
            set("entities", corpus.entities.len().into())?;
            set("events", corpus.events.len().into())?;
            Ok(out.into())
        }
        Err(diagnostics) => {
            let lines: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
            let error = js_sys::Error::new(&format!(
                "{} error(s) in the corpus:\n{}",
                lines.len(),
                lines.join("\n")
            ));
            let list = js_sys::Array::new();
            for d in &diagnostics {
                let o = js_sys::Object::new();
                js_sys::Reflect::set(&o, &"file".into(), &d.file.display().to_string().into())?;
                js_sys::Reflect::set(&o, &"line".into(), &(d.line as u32).into())?;
                js_sys::Reflect::set(&o, &"message".into(), &d.message.clone().into())?;
                list.push(&o);
            }
            js_sys::Reflect::set(&error, &"diagnostics".into(), &list)?;
            Err(error.into())
        }
    }
}
