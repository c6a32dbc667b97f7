//! The C ABI entry points with fuzzed bytes, as a C caller would pass them: every verification
//! function, then the getters and frees of whatever handle it returned. Statuses must be known
//! ones, handles must be NULL on failure and freed exactly once.
#![no_main]

use std::mem::MaybeUninit;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use lightcheck_ffi as c;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    entry: u8,
    a: &'a [u8],
    b: &'a [u8],
    unix_secs: i64,
    nanos: u32,
}

fn known(status: c::lc_status) {
    let code = c::lc_status_code(status as i32);
    // SAFETY: lc_status_code returns a static NUL-terminated string.
    let code = unsafe { std::ffi::CStr::from_ptr(code) };
    assert_ne!(code.to_bytes(), b"unknown", "a status that is not in the table: {status:?}");
}

fuzz_target!(|input: Input| {
    let now = c::lc_time { unix_secs: input.unix_secs, nanos: input.nanos };
    let (a, b) = (input.a, input.b);
    // SAFETY (every call below): pointers come from live slices with their lengths, outputs are
    // locals of the right type, handles are the library's own and freed once.
    unsafe {
        match input.entry % 7 {
            0 => {
                let mut att = std::ptr::null_mut();
                let status = c::lc_nitro_verify(a.as_ptr(), a.len(), now, std::ptr::null(), &mut att);
                known(status);
                assert_eq!(status == c::lc_status::LC_OK, !att.is_null());
                if !att.is_null() {
                    let mut info = MaybeUninit::uninit();
                    assert_eq!(c::lc_attestation_get_info(att, info.as_mut_ptr()), c::lc_status::LC_OK);
                }
                assert_eq!(c::lc_attestation_free(att), c::lc_status::LC_OK);
                let mut ms = 0;
                known(c::lc_nitro_claimed_timestamp_ms(a.as_ptr(), a.len(), &mut ms));
            }
            1 => {
                let mut header = std::ptr::null_mut();
                let status = c::lc_cometbft_verify_light_block(
                    a.as_ptr(),
                    a.len(),
                    b.as_ptr(),
                    b.len(),
                    now,
                    std::ptr::null(),
                    &mut header,
                );
                known(status);
                assert_eq!(status == c::lc_status::LC_OK, !header.is_null());
                assert_eq!(c::lc_header_free(header), c::lc_status::LC_OK);
            }
            2 => {
                let page = c::lc_bytes { ptr: b.as_ptr(), len: b.len() };
                let mut header = std::ptr::null_mut();
                known(c::lc_cometbft_verify_commit(a.as_ptr(), a.len(), &page, 1, true, &mut header));
                assert_eq!(c::lc_header_free(header), c::lc_status::LC_OK);
                let mut tx = MaybeUninit::uninit();
                known(c::lc_cometbft_verify_tx(a.as_ptr(), a.len(), b.as_ptr(), b.len(), tx.as_mut_ptr()));
            }
            3 => {
                let mut client = std::ptr::null_mut();
                known(c::lc_light_client_new(a.as_ptr(), a.len(), std::ptr::null(), &mut client));
                let mut restored = std::ptr::null_mut();
                known(c::lc_light_client_from_json(b.as_ptr(), b.len(), std::ptr::null(), &mut restored));
                assert_eq!(c::lc_light_client_free(client), c::lc_status::LC_OK);
                assert_eq!(c::lc_light_client_free(restored), c::lc_status::LC_OK);
            }
            4 => {
                let mut verified = MaybeUninit::uninit();
                known(c::lc_zk_verify(
                    a.as_ptr(),
                    a.len(),
                    b.as_ptr(),
                    b.len(),
                    std::ptr::null(),
                    0,
                    b.as_ptr(),
                    b.len(),
                    std::ptr::null(),
                    verified.as_mut_ptr(),
                ));
                let mut digest = [0u8; 32];
                known(c::lc_zk_vka_digest(a.as_ptr(), a.len(), digest.as_mut_ptr()));
            }
            5 => {
                let mut out = MaybeUninit::uninit();
                known(c::lc_og_verify_response(
                    a.as_ptr(),
                    a.len(),
                    b.as_ptr(),
                    b.len(),
                    a.as_ptr(),
                    a.len(),
                    std::ptr::null(),
                    out.as_mut_ptr(),
                ));
                let mut id = [0u8; 32];
                known(c::lc_og_tee_id(b.as_ptr(), b.len(), id.as_mut_ptr()));
            }
            _ => {
                let mut report = std::ptr::null_mut();
                let status = c::lc_og_verify_bundle(
                    a.as_ptr(),
                    a.len(),
                    b.as_ptr(),
                    b.len(),
                    now,
                    std::ptr::null(),
                    &mut report,
                );
                known(status);
                if !report.is_null() {
                    let mut summary = MaybeUninit::uninit();
                    assert_eq!(c::lc_og_report_get_summary(report, summary.as_mut_ptr()), c::lc_status::LC_OK);
                    for link in 0..c::LC_OG_LINK_COUNT {
                        let mut info = MaybeUninit::uninit();
                        assert_eq!(c::lc_og_report_get_link(report, link, info.as_mut_ptr()), c::lc_status::LC_OK);
                    }
                }
                assert_eq!(c::lc_og_report_free(report), c::lc_status::LC_OK);
            }
        }
    }
});
