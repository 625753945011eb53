//! Across the JavaScript boundary, in headless Chromium (`wasm-pack test --headless --chrome`):
//! values arrive as plain JS objects, bad arguments become JS errors with a message, and the
//! same instance keeps answering afterwards.
#![cfg(target_arch = "wasm32")]

use pfp_almanac::wasm::WasmAlmanac;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &key.into()).unwrap()
}

fn message(err: JsValue) -> String {
    err.dyn_into::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_default()
}

#[wasm_bindgen_test]
fn lookup_returns_a_plain_object() {
    let almanac = WasmAlmanac::new(JsValue::UNDEFINED).unwrap();
    let malta = almanac.lookup("MALTA".into()).unwrap();
    assert_eq!(
        get(&malta, "id").as_string().as_deref(),
        Some("country/malta")
    );
    assert!(
        get(&malta, "names").is_object() && !get(&malta, "names").is_instance_of::<js_sys::Map>()
    );
    assert!(almanac
        .lookup("no such place at all".into())
        .unwrap()
        .is_null());
}

#[wasm_bindgen_test]
fn errors_are_js_errors_and_the_instance_keeps_answering() {
    let almanac = WasmAlmanac::new(JsValue::UNDEFINED).unwrap();
    let err = almanac.lookup(JsValue::from(42)).unwrap_err();
    assert!(err.is_instance_of::<js_sys::TypeError>());
    assert!(message(err).contains("must be a string, got number"));

    let bad_date = js_sys::JSON::parse(r#"{"from":"2023-02-30"}"#).unwrap();
    assert!(message(almanac.timeline(bad_date).unwrap_err()).contains("2023-02-30"));
    let bad_option = js_sys::JSON::parse(r#"{"limit":"ten"}"#).unwrap();
    assert!(message(almanac.search("NATO".into(), bad_option).unwrap_err()).contains("search"));

    let result = almanac.search("Malta".into(), JsValue::UNDEFINED).unwrap();
    assert!(get(&result, "total").as_f64().unwrap() > 0.0);
}

#[wasm_bindgen_test]
fn a_damaged_bundle_is_refused_with_a_reason() {
    let bytes = js_sys::Uint8Array::from(&[1u8, 2, 3][..]);
    let err = WasmAlmanac::new(bytes.into()).err().unwrap();
    assert!(message(err).contains("not an almanac bundle"));
}
