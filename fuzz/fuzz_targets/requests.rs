//! libFuzzer entry of the `requests` target; the logic is `stub_fuzz::requests`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = stub_fuzz::run("requests", data);
});
