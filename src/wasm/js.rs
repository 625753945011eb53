//! How the binding writes its answers: each core type becomes a plain JavaScript object, written
//! here field by field (the same field names, in the same order, as the type's serde derive gives,
//! which the generated TypeScript declares; an absent `Option` is a property set to `undefined`,
//! as serde-wasm-bindgen wrote it).
//!
//! Not serde-wasm-bindgen: its serializer is generic over every type and inlined into every method
//! (code in each), and it looks each field name up in a hash map on every write. Here the field
//! names are made into JS strings once per instance ([`Keys`]), each type has one small writer, and
//! a writer can freeze what it makes ([`Js::shared`]): the binding keeps the objects of stored
//! events, entities, documents, passages and disagreements and returns the same frozen objects on
//! every call, so a warm `timeline()` copies references instead of converting 88 events again.
//! Nothing here can fail or panic.

use crate::almanac::{AlmanacStats, Mention, SearchHit, SearchResult};
use crate::model::{
    Citation, Disagreement, Document, Entity, Event, Fact, Office, Passage, PassageKind, Precision,
    Reading, Relation, SourceSpan,
};
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// A plain object being filled (`o[key] = value`: no `Reflect`, nothing to catch).
    #[wasm_bindgen(js_name = Object)]
    pub type Plain;
    #[wasm_bindgen(method, indexing_setter)]
    fn set(this: &Plain, key: &JsValue, value: &JsValue);
    /// The same with a string value: one call, where making the string first would be two.
    #[wasm_bindgen(method, indexing_setter)]
    fn set_str(this: &Plain, key: &JsValue, value: &str);
}

macro_rules! keys {
    ($($key:ident = $name:literal,)*) => {
        /// A field name of an answer.
        #[derive(Clone, Copy)]
        #[allow(non_camel_case_types)]
        #[repr(u8)]
        enum K { $($key,)* }
        const NAMES: &[&str] = &[$($name,)*];
    };
}

keys! {
    aliases = "aliases",
    attribution = "attribution",
    citation = "citation",
    citations = "citations",
    date = "date",
    description = "description",
    disagreements = "disagreements",
    document = "document",
    documents = "documents",
    end = "end",
    entities = "entities",
    entity = "entity",
    events = "events",
    facts = "facts",
    file = "file",
    form = "form",
    highlights = "highlights",
    hits = "hits",
    id = "id",
    issuer = "issuer",
    kind = "kind",
    label = "label",
    licence = "licence",
    lines = "lines",
    name = "name",
    names = "names",
    note = "note",
    office = "office",
    original = "original",
    passage = "passage",
    passages = "passages",
    precision = "precision",
    qualifier = "qualifier",
    quote = "quote",
    reading = "reading",
    readings = "readings",
    relations = "relations",
    repairs = "repairs",
    score = "score",
    section = "section",
    short = "short",
    single_source = "singleSource",
    snippet = "snippet",
    source = "source",
    start = "start",
    subject = "subject",
    target = "target",
    text = "text",
    title = "title",
    topic = "topic",
    total = "total",
    url = "url",
    value = "value",
}

/// The field names as JS strings, made once per instance (on its first answer).
pub struct Keys(Vec<JsValue>);

impl Keys {
    pub fn new() -> Self {
        Keys(NAMES.iter().map(|&n| JsValue::from_str(n)).collect())
    }
}

/// A writer: `shared` freezes every object and array it makes (what the binding keeps and hands
/// out again), `fresh` does not (an answer made for one call, such as search's snippets).
pub struct Js<'a> {
    keys: &'a Keys,
    freeze: bool,
}

impl<'a> Js<'a> {
    pub fn shared(keys: &'a Keys) -> Self {
        Js { keys, freeze: true }
    }

    pub fn fresh(keys: &'a Keys) -> Self {
        Js {
            keys,
            freeze: false,
        }
    }

    /// A new object, filled by `fill` with `field`.
    fn object(&self, fill: impl FnOnce(&Field)) -> JsValue {
        let o = js_sys::Object::new();
        fill(&Field {
            object: o.unchecked_ref(),
            js: self,
        });
        self.done(o)
    }

    fn done(&self, o: js_sys::Object) -> JsValue {
        if self.freeze {
            js_sys::Object::freeze(&o);
        }
        o.into()
    }

    /// A JS array of what `items` give.
    pub fn array<T>(
        &self,
        items: impl IntoIterator<Item = T>,
        f: impl Fn(T) -> JsValue,
    ) -> JsValue {
        let array = js_sys::Array::new();
        for item in items {
            array.push(&f(item));
        }
        self.done(array.into())
    }
}

/// An object being filled, and its writer.
struct Field<'o, 'k> {
    object: &'o Plain,
    js: &'o Js<'k>,
}

impl Field<'_, '_> {
    fn set<T: ToJs + ?Sized>(&self, k: K, value: &T) {
        // (Never out of range: `Keys` holds one string per `K`.)
        if let Some(key) = self.js.keys.0.get(k as usize) {
            value.set_on(self.object, key, self.js);
        }
    }
}

/// A value as JavaScript sees it.
pub trait ToJs {
    fn to_js(&self, js: &Js) -> JsValue;

    /// `object[key] = ` this value.
    fn set_on(&self, object: &Plain, key: &JsValue, js: &Js) {
        object.set(key, &self.to_js(js));
    }
}

impl ToJs for String {
    fn to_js(&self, _: &Js) -> JsValue {
        JsValue::from_str(self)
    }

    fn set_on(&self, object: &Plain, key: &JsValue, _: &Js) {
        object.set_str(key, self);
    }
}

impl ToJs for bool {
    fn to_js(&self, _: &Js) -> JsValue {
        JsValue::from_bool(*self)
    }
}

impl ToJs for u32 {
    fn to_js(&self, _: &Js) -> JsValue {
        JsValue::from_f64(f64::from(*self))
    }
}

impl ToJs for usize {
    fn to_js(&self, _: &Js) -> JsValue {
        JsValue::from_f64(*self as f64)
    }
}

impl ToJs for f32 {
    fn to_js(&self, _: &Js) -> JsValue {
        JsValue::from_f64(f64::from(*self))
    }
}

impl<T: ToJs> ToJs for Option<T> {
    fn to_js(&self, js: &Js) -> JsValue {
        self.as_ref().map_or(JsValue::UNDEFINED, |v| v.to_js(js))
    }

    fn set_on(&self, object: &Plain, key: &JsValue, js: &Js) {
        match self {
            Some(v) => v.set_on(object, key, js),
            None => object.set(key, &JsValue::UNDEFINED),
        }
    }
}

impl<T: ToJs> ToJs for Vec<T> {
    fn to_js(&self, js: &Js) -> JsValue {
        js.array(self, |v| v.to_js(js))
    }
}

impl<T: ToJs, const N: usize> ToJs for [T; N] {
    fn to_js(&self, js: &Js) -> JsValue {
        js.array(self, |v| v.to_js(js))
    }
}

/// A map as a plain object (`Entity::names`).
impl ToJs for BTreeMap<String, String> {
    fn to_js(&self, js: &Js) -> JsValue {
        let o = js_sys::Object::new();
        let plain: &Plain = o.unchecked_ref();
        for (k, v) in self {
            plain.set(&JsValue::from_str(k), &JsValue::from_str(v));
        }
        js.done(o)
    }
}

/// `impl ToJs` for a fieldless enum: each variant as the name its serde derive gives
/// (`rename_all = "lowercase"`), which the generated TypeScript declares.
macro_rules! to_js_variants {
    ($($ty:ident { $($variant:ident: $name:literal),* $(,)? })*) => {$(
        impl ToJs for $ty {
            fn to_js(&self, _: &Js) -> JsValue {
                JsValue::from_str(match self { $($ty::$variant => $name,)* })
            }
        }
    )*};
}

to_js_variants! {
    Precision { Year: "year", Month: "month", Day: "day" }
    PassageKind {
        Paragraph: "paragraph", Item: "item", Heading: "heading", Row: "row", Reference: "reference",
    }
}

/// `impl ToJs` for a struct: its fields, in the order of its serde derive, each with its key.
macro_rules! to_js_struct {
    ($($ty:ty { $($field:ident: $key:ident),* $(,)? })*) => {$(
        impl ToJs for $ty {
            fn to_js(&self, js: &Js) -> JsValue {
                js.object(|f| { $(f.set(K::$key, &self.$field);)* })
            }
        }
    )*};
}

to_js_struct! {
    Citation { document: document, passage: passage, quote: quote }
    SourceSpan { file: file, lines: lines }
    Document {
        id: id, title: title, short: short, date: date, issuer: issuer, source: source,
        licence: licence, attribution: attribution, url: url, passages: passages,
    }
    Passage {
        id: id, document: document, label: label, kind: kind, section: section, text: text,
        original: original, source: source, repairs: repairs,
    }
    Fact { text: text, citations: citations, reading: reading }
    Relation { kind: kind, target: target, citations: citations, office: office }
    Office { form: form, citation: citation }
    Entity {
        id: id, kind: kind, name: name, names: names, aliases: aliases,
        description: description, citations: citations, facts: facts, relations: relations,
    }
    Event {
        id: id, date: date, end: end, precision: precision, qualifier: qualifier, kind: kind,
        title: title, entities: entities, citations: citations, reading: reading,
        single_source: single_source,
    }
    Reading { value: value, citations: citations }
    Disagreement { id: id, subject: subject, topic: topic, note: note, readings: readings }
    AlmanacStats {
        name: name, documents: documents, passages: passages, entities: entities,
        events: events, disagreements: disagreements,
    }
    SearchHit {
        document: document, passage: passage, label: label, score: score, snippet: snippet,
        highlights: highlights,
    }
    SearchResult { total: total, hits: hits }
    Mention { entity: entity, text: text, start: start, end: end }
}
