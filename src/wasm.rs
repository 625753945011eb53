//! The JavaScript binding: one stateful class, each method reads its arguments into the core's
//! types (`args::read`: the types, declared in the core, say what each option must be), calls the
//! core, and writes plain objects back (`js`). What the corpus stores (events, entities, documents,
//! passages, disagreements) is converted once, on its first request, deep-frozen and kept: every
//! later answer that includes it returns the same object. Errors become JS `Error`s
//! (`TypeError` for arguments of the wrong type, `RangeError` for out-of-range values) whose
//! message names the method and the problem. With `panic = "abort"` a panic would kill the module, so nothing
//! here may panic: every input path returns a `Result`.

mod args;
mod js;

use crate::almanac::{AlmanacStats, SearchOptions, SuggestOptions, TimelineQuery};
use crate::model::{Corpus, Disagreement, Document, Entity, Event, Passage};
use crate::{Almanac, SearchResult};
use args::{describe, query_error, read, Path};
use js::{Js, Keys, ToJs};
use std::cell::OnceCell;
use wasm_bindgen::prelude::*;

/// The position of `item` in `all` when it is one of its elements: the core answers with
/// references into its slices, and the binding keeps one JS object per position.
fn position<T>(all: &[T], item: &T) -> Option<usize> {
    let offset = (item as *const T as usize).checked_sub(all.as_ptr() as usize)?;
    let size = std::mem::size_of::<T>();
    let i = offset.checked_div(size)?;
    (i < all.len() && offset % size == 0).then_some(i)
}

/// The JS objects of what the corpus stores, each made on its first request; parallel to the
/// corpus's slices ([`KeptType`] pairs each with its slice).
struct Kept {
    keys: OnceCell<Keys>,
    events: Vec<OnceCell<JsValue>>,
    entities: Vec<OnceCell<JsValue>>,
    documents: Vec<OnceCell<JsValue>>,
    passages: Vec<OnceCell<JsValue>>,
    disagreements: Vec<OnceCell<JsValue>>,
}

/// A type the corpus stores and the binding keeps: its slice of the corpus, and its cells in
/// [`Kept`], named once here.
trait KeptType: ToJs + Sized {
    fn all(corpus: &Corpus) -> &[Self];
    fn cells(kept: &Kept) -> &[OnceCell<JsValue>];
}

macro_rules! kept_types {
    ($($ty:ty => $field:ident),* $(,)?) => {$(
        impl KeptType for $ty {
            fn all(corpus: &Corpus) -> &[Self] {
                &corpus.$field
            }
            fn cells(kept: &Kept) -> &[OnceCell<JsValue>] {
                &kept.$field
            }
        }
    )*};
}

kept_types!(
    Event => events,
    Entity => entities,
    Document => documents,
    Passage => passages,
    Disagreement => disagreements,
);

fn cells(n: usize) -> Vec<OnceCell<JsValue>> {
    (0..n).map(|_| OnceCell::new()).collect()
}

impl Kept {
    fn new(almanac: &Almanac) -> Self {
        let c = almanac.corpus();
        Kept {
            keys: OnceCell::new(),
            events: cells(c.events.len()),
            entities: cells(c.entities.len()),
            documents: cells(c.documents.len()),
            passages: cells(c.passages.len()),
            disagreements: cells(c.disagreements.len()),
        }
    }

    fn keys(&self) -> &Keys {
        self.keys.get_or_init(Keys::new)
    }

    /// A writer for answers made for one call (not kept, not frozen).
    fn fresh(&self) -> Js<'_> {
        Js::fresh(self.keys())
    }

    /// `f` with the kept object of `item`, one of the corpus's, made and frozen first if need be.
    fn with<T: KeptType, R>(&self, corpus: &Corpus, item: &T, f: impl FnOnce(&JsValue) -> R) -> R {
        match position(T::all(corpus), item).and_then(|i| T::cells(self).get(i)) {
            Some(cell) => f(cell.get_or_init(|| item.to_js(&Js::shared(self.keys())))),
            // (Not one of the corpus's: never so, but then it is made for this answer alone.)
            None => f(&item.to_js(&Js::shared(self.keys()))),
        }
    }
}

fn type_error(message: String) -> JsValue {
    js_sys::TypeError::new(&message).into()
}

/// A string argument (a query text far over the limit is refused before it is copied).
fn string_arg(method: &'static str, name: &'static str, value: JsValue) -> Result<String, JsValue> {
    read(method, Path::Name(name), value)
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

/// An opened corpus. A miss is `null`; bad input throws (`TypeError` for a wrong type, `RangeError`
/// for an out-of-range number, `Error` otherwise) and leaves the instance usable.
#[wasm_bindgen(js_name = Almanac)]
pub struct WasmAlmanac {
    inner: Almanac,
    kept: Kept,
}

impl WasmAlmanac {
    /// The kept, frozen object of a found item, or `null`.
    fn one<T: KeptType>(&self, found: Option<&T>) -> JsValue {
        let corpus = self.inner.corpus();
        found.map_or(JsValue::NULL, |item| {
            self.kept.with(corpus, item, JsValue::clone)
        })
    }

    /// A new array (the caller's to change) of the kept, frozen objects.
    fn list<'a, T: KeptType + 'a>(&self, items: impl IntoIterator<Item = &'a T>) -> JsValue {
        let corpus = self.inner.corpus();
        let array = js_sys::Array::new();
        for item in items {
            self.kept.with(corpus, item, |v| array.push(v));
        }
        array.into()
    }
}

// The TypeScript of each method is written here: its parameter and return types name the types
// tsify declares from the core (`TimelineQuery`, `Event`, ...), and `unchecked_optional_param_type`
// makes an optional argument optional (`timeline(query?: TimelineQuery)`).
#[wasm_bindgen(js_class = Almanac)]
impl WasmAlmanac {
    /// Opens a bundle (`.almanac` bytes), or the built-in Partnership for Peace corpus when omitted.
    /// Prefer `load()`, which initialises the wasm first.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "Uint8Array | ArrayBuffer")] bundle: JsValue,
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
            .map(|inner| WasmAlmanac {
                kept: Kept::new(&inner),
                inner,
            })
            .map_err(|e| js_sys::Error::new(&format!("load: {e}")).into())
    }

    /// The entity a name, alias, acronym or near-miss spelling refers to.
    #[wasm_bindgen(unchecked_return_type = "Entity | null")]
    pub fn lookup(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<JsValue, JsValue> {
        let text = string_arg("lookup", "text", text)?;
        let found = self
            .inner
            .lookup(&text)
            .map_err(|e| query_error("lookup", e))?;
        Ok(self.one(found))
    }

    /// Events overlapping [from, to], about an entity, of some kinds; sorted by date.
    #[wasm_bindgen(unchecked_return_type = "Event[]")]
    pub fn timeline(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "TimelineQuery")] query: JsValue,
    ) -> Result<JsValue, JsValue> {
        let query: TimelineQuery = read("timeline", Path::Options, query)?;
        let events = self
            .inner
            .timeline(&query)
            .map_err(|e| query_error("timeline", e))?;
        Ok(self.list(events))
    }

    /// Ranked passages for a query, each at most once, with snippets and highlights.
    #[wasm_bindgen(unchecked_return_type = "SearchResult")]
    pub fn search(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SearchOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let query = string_arg("search", "query", query)?;
        let options: SearchOptions = read("search", Path::Options, options)?;
        let result = self
            .inner
            .search(&query, &options)
            .map_err(|e| query_error("search", e))?;
        Ok(result.to_js(&self.kept.fresh()))
    }

    /// Entities for a typed prefix, canonical names first.
    #[wasm_bindgen(unchecked_return_type = "Entity[]")]
    pub fn suggest(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] prefix: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SuggestOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let prefix = string_arg("suggest", "prefix", prefix)?;
        let options: SuggestOptions = read("suggest", Path::Options, options)?;
        let found = self
            .inner
            .suggest(&prefix, options.limit)
            .map_err(|e| query_error("suggest", e))?;
        Ok(self.list(found))
    }

    #[wasm_bindgen(unchecked_return_type = "Document[]")]
    pub fn documents(&self) -> Result<JsValue, JsValue> {
        Ok(self.list(self.inner.documents()))
    }

    /// Points where the sources disagree: all, or those concerning one entity id (its subject, or
    /// a topic or reading that names the entity).
    #[wasm_bindgen(unchecked_return_type = "Disagreement[]")]
    pub fn disagreements(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] subject: JsValue,
    ) -> Result<JsValue, JsValue> {
        let subject: Option<String> = read("disagreements", Path::Name("subject"), subject)?;
        Ok(self.list(self.inner.disagreements(subject.as_deref())))
    }

    /// Counts of what the loaded corpus holds.
    #[wasm_bindgen(unchecked_return_type = "AlmanacStats")]
    pub fn stats(&self) -> Result<JsValue, JsValue> {
        Ok(self.inner.stats().to_js(&self.kept.fresh()))
    }

    /// The entities `text` names, in order (`Almanac::mentions`): a text of any length.
    #[wasm_bindgen(unchecked_return_type = "Mention[]")]
    pub fn mentions(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<JsValue, JsValue> {
        // Any length: an article is not a query, so not `string_arg` (which caps query texts).
        let text = text.as_string().ok_or_else(|| {
            type_error(format!(
                "mentions: `text` must be a string, got {}",
                describe(&text)
            ))
        })?;
        Ok(self.inner.mentions(&text).to_js(&self.kept.fresh()))
    }
}

/// The methods that answer the stored item with an id, or `null`: each one the core's method of
/// the same name, declared here once so that they read the id and answer alike.
macro_rules! by_id {
    ($($method:ident -> $returns:literal: $doc:literal;)*) => {
        #[wasm_bindgen(js_class = Almanac)]
        impl WasmAlmanac {$(
            #[doc = $doc]
            #[wasm_bindgen(unchecked_return_type = $returns)]
            pub fn $method(
                &self,
                #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
            ) -> Result<JsValue, JsValue> {
                let id = string_arg(stringify!($method), "id", id)?;
                Ok(self.one(self.inner.$method(&id)))
            }
        )*}
    };
}

by_id! {
    entity -> "Entity | null": "The entity with this id (`country/malta`).";
    passage -> "Passage | null": "The passage with this id (`framework-document/p3b`).";
}

/// The intact corpus bundle inside the bytes of a pfp-almanac wasm file (its built-in corpus), or
/// `undefined`: how load() opens the corpus of a fresh download when the instantiated wasm's own
/// copy turned out damaged (wasm-bindgen instantiates the wasm once per page).
#[wasm_bindgen(js_name = corpusInWasm)]
pub fn corpus_in_wasm(wasm: &[u8]) -> Option<Vec<u8>> {
    crate::bundle::embedded_in(wasm).map(<[u8]>::to_vec)
}

// Keep the generated TypeScript complete: these types appear in the signatures above, by name.
#[allow(dead_code)]
fn _types_used(
    _: (Entity, Event, Document, Passage, Disagreement, SearchResult),
    _: (TimelineQuery, SearchOptions, SuggestOptions, AlmanacStats),
) {
}

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
            let warnings: js_sys::Array = report.warnings.iter().map(JsValue::from).collect();
            set("warnings", warnings.into())?;
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

/// The `sources` folder a corpus's almanac.toml names, for the npm command to gather its texts:
/// the compiler's own TOML parser, so the command never reads TOML its own way. `undefined` where
/// almanac.toml does not parse (compileCorpus then says why, at its line).
#[cfg(feature = "compiler")]
#[wasm_bindgen(js_name = corpusSources)]
pub fn corpus_sources(almanac_toml: &str) -> Option<String> {
    crate::compiler::sources_folder(almanac_toml)
}
