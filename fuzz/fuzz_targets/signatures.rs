//! libFuzzer entry of the `signatures` target; the logic is `stub_fuzz::signatures`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = stub_fuzz::run("signatures", data);
});
