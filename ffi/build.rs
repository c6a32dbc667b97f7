//! The shared library is installed as `liblightcheck`: give it that soname / install name, so
//! programs linked against the installed file find it by that name at run time.
fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    match os.as_str() {
        "linux" | "android" | "freebsd" => println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,liblightcheck.so"),
        "macos" | "ios" => println!("cargo:rustc-cdylib-link-arg=-Wl,-install_name,@rpath/liblightcheck.dylib"),
        _ => {}
    }
}
