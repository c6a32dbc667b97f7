/*
 * The C test program of liblightcheck: every function of include/lightcheck.h, called the way a C
 * program calls it, on the project's vectors (the case list ffi/tests/cases.py writes) and on
 * misuse: NULL and oversized arguments, stale, foreign and forged handles, re-entrant and
 * concurrent light-client calls, several threads. The networked light client (lc_sync) replays
 * the recorded devnet and its fork (test-vectors/cometbft/network/devnet.json) from its fetch
 * callback and step by step, with injected node faults.
 *
 *   python3 ffi/tests/cases.py --out target/ffi
 *   gcc -std=c11 -Wall -Wextra -Werror -pedantic -Iinclude -Itarget/ffi ffi/tests/c/test_lightcheck.c \
 *       target/debug/liblightcheck_ffi.a -lpthread -ldl -lm -o target/ffi/test_lightcheck
 *   target/ffi/test_lightcheck target/ffi/cases.tsv        (from the repository root)
 *
 * Exit status 0 only when every check passed; each failure is printed on stderr with the case,
 * the expected and the returned code and lc_last_error_message().
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lightcheck.h"

/* ---- checks ------------------------------------------------------------------------------- */

static unsigned long g_checks, g_failures;
static char g_case[512] = "setup";
static char g_last[4096]; /* lc_last_error_message() just after the last CALL() */
enum { MAX_STATUS = 1000 };
static bool g_seen[MAX_STATUS];

static void set_case(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(g_case, sizeof g_case, fmt, ap);
  va_end(ap);
}

static void fail_at(int line, const char *fmt, ...) {
  va_list ap;
  g_failures++;
  fprintf(stderr, "FAIL [%s] line %d: ", g_case, line);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

#define CHECK(cond, ...)                                                                                               \
  do {                                                                                                                 \
    g_checks++;                                                                                                        \
    if (!(cond)) fail_at(__LINE__, __VA_ARGS__);                                                                       \
  } while (0)

/* Records a status just returned and the calling thread's message for it. */
static lc_status after_call(lc_status s) {
  const char *m = lc_last_error_message();
  snprintf(g_last, sizeof g_last, "%s", m ? m : "(NULL message)");
  if (s >= 0 && s < MAX_STATUS) g_seen[s] = true;
  return s;
}
#define CALL(expr) after_call(expr)

/* The status is `want`; the message is empty exactly on success and names `arg` if given. */
static bool status_is(lc_status got, lc_status want, const char *expr, const char *arg, int line) {
  g_checks++;
  if (got != want) {
    fail_at(line, "%s: expected %s, got %s (last error: \"%s\")", expr, lc_status_code(want), lc_status_code(got),
            g_last);
    return false;
  }
  if ((want == LC_OK) != (g_last[0] == '\0')) {
    fail_at(line, "%s returned %s but lc_last_error_message() is \"%s\"", expr, lc_status_code(got), g_last);
    return false;
  }
  if (arg && !strstr(g_last, arg)) {
    fail_at(line, "%s: message \"%s\" does not name \"%s\"", expr, g_last, arg);
    return false;
  }
  return true;
}
#define EXPECT(expr, want) status_is(CALL(expr), (want), #expr, NULL, __LINE__)
#define EXPECT_ARG(expr, want, arg) status_is(CALL(expr), (want), #expr, (arg), __LINE__)

/* The status's code is the manifest's code string. */
static bool code_is(lc_status got, const char *want, const char *what, int line) {
  g_checks++;
  if (strcmp(lc_status_code(got), want) != 0) {
    fail_at(line, "%s: expected %s, got %s (last error: \"%s\")", what, want, lc_status_code(got), g_last);
    return false;
  }
  if ((got == LC_OK) != (g_last[0] == '\0')) {
    fail_at(line, "%s returned %s but lc_last_error_message() is \"%s\"", what, want, g_last);
    return false;
  }
  return true;
}

/* A non-NULL value that is not a handle: outputs are initialised with it to see them cleared. */
#define SENTINEL(type) ((type *)(uintptr_t)0x5e5e50)

/* ---- small helpers ------------------------------------------------------------------------ */

typedef struct {
  uint8_t *p;
  size_t n;
} blob;

static blob slurp(const char *path) {
  blob b = {NULL, 0};
  FILE *f = fopen(path, "rb");
  long size;
  if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
    fail_at(__LINE__, "cannot read %s (run from the repository root)", path);
    if (f) fclose(f);
    return b;
  }
  b.p = malloc((size_t)size + 1);
  if (b.p && fread(b.p, 1, (size_t)size, f) == (size_t)size) {
    b.n = (size_t)size;
    b.p[b.n] = 0;
  } else {
    fail_at(__LINE__, "cannot read %s", path);
    free(b.p);
    b.p = NULL;
  }
  fclose(f);
  return b;
}

static void unslurp(blob *b) {
  free(b->p);
  b->p = NULL;
  b->n = 0;
}

static bool absent(const char *field) {
  return strcmp(field, "-") == 0;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Hex to bytes (malloc'd, at least 1 byte so "" is present and empty); NULL for "-" or bad hex. */
static uint8_t *unhex(const char *h, size_t *len) {
  size_t n = strlen(h);
  uint8_t *out;
  *len = 0;
  if (absent(h) || n % 2) return NULL;
  out = malloc(n / 2 + 1);
  for (size_t i = 0; out && i < n / 2; i++) {
    int hi = hexval(h[2 * i]), lo = hexval(h[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      free(out);
      return NULL;
    }
    out[i] = (uint8_t)(hi << 4 | lo);
  }
  *len = n / 2;
  return out;
}

static bool unhex_fixed(const char *h, uint8_t *out, size_t n) {
  size_t len;
  uint8_t *b = unhex(h, &len);
  bool ok = b && len == n;
  if (ok) memcpy(out, b, n);
  free(b);
  return ok;
}

static const char *hexs(const uint8_t *p, size_t n) {
  static char buf[4][200];
  static int which;
  char *out = buf[which++ % 4];
  size_t i;
  for (i = 0; p && i < n && i < 96; i++) sprintf(out + 2 * i, "%02x", p[i]);
  out[2 * i] = 0;
  return out;
}

static uint64_t u64(const char *s) {
  return strtoull(s, NULL, 10);
}

static lc_time ms_time(uint64_t ms) {
  lc_time t = {(int64_t)(ms / 1000), (uint32_t)(ms % 1000) * 1000000u};
  return t;
}

static lc_time secs_time(int64_t secs, uint32_t nanos) {
  lc_time t = {secs, nanos};
  return t;
}

static double now_s(void) {
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int popcount32(uint32_t v) {
  int n = 0;
  for (; v; v &= v - 1) n++;
  return n;
}

/* ---- the case list ------------------------------------------------------------------------ */

enum { MAX_FIELDS = 32 };
typedef struct {
  char *f[MAX_FIELDS];
  int n;
} row;

static blob g_tsv;
static row *g_rows;
static size_t g_nrows;

static bool load_cases(const char *path) {
  size_t cap = 0;
  g_tsv = slurp(path);
  if (!g_tsv.p) return false;
  for (char *line = (char *)g_tsv.p; line && *line;) {
    char *next = strchr(line, '\n');
    if (next) *next++ = 0;
    if (*line && *line != '#') {
      row r = {{0}, 0};
      for (char *field = line; field && r.n < MAX_FIELDS;) {
        char *tab = strchr(field, '\t');
        if (tab) *tab++ = 0;
        r.f[r.n++] = field;
        field = tab;
      }
      for (int i = r.n; i < MAX_FIELDS; i++) r.f[i] = "-";
      if (g_nrows == cap) {
        cap = cap ? 2 * cap : 256;
        g_rows = realloc(g_rows, cap * sizeof *g_rows);
      }
      g_rows[g_nrows++] = r;
    }
    line = next;
  }
  return true;
}

/* ---- statuses ----------------------------------------------------------------------------- */

typedef struct {
  lc_status value;
  const char *name, *code;
} status_doc;

static const status_doc k_statuses[] = {
#define LC_STATUS_ENTRY(name, code) {name, #name, code},
#include "statuses.inc"
#undef LC_STATUS_ENTRY
};
enum { N_STATUSES = sizeof k_statuses / sizeof k_statuses[0] };

static void test_statuses(void) {
  static const char *const classes[] = {"ok",      "call",   "malformed", "untrusted", "invalid_chain",
                                        "expired", "forged", "policy"};
  set_case("statuses");
  CHECK(lc_version() && lc_version()[0] >= '0' && lc_version()[0] <= '9', "lc_version() is \"%s\"",
        lc_version() ? lc_version() : "(NULL)");
  CHECK(N_STATUSES > 50, "statuses.inc lists only %d statuses", (int)N_STATUSES);
  for (size_t i = 0; i < N_STATUSES; i++) {
    const status_doc *s = &k_statuses[i];
    const char *code = lc_status_code(s->value), *cls = lc_status_class(s->value);
    if (!cls) cls = "(NULL)";
    const char *msg = lc_status_message(s->value);
    bool known = false;
    CHECK(code && !strcmp(code, s->code), "lc_status_code(%s) is \"%s\", documented \"%s\"", s->name,
          code ? code : "(NULL)", s->code);
    CHECK(msg && msg[0] && strcmp(msg, "unknown status"), "lc_status_message(%s) is \"%s\"", s->name,
          msg ? msg : "(NULL)");
    for (size_t c = 0; c < sizeof classes / sizeof *classes; c++) known |= !strcmp(cls, classes[c]);
    CHECK(known, "lc_status_class(%s) is \"%s\"", s->name, cls);
    CHECK((s->value == LC_OK) == !strcmp(cls, "ok"), "%s: class %s", s->name, cls);
    CHECK(s->value >= 0 && s->value < MAX_STATUS, "%s = %d out of range", s->name, (int)s->value);
    /* Call errors (1-99) are class "call" (except input.too_large, a property of the input). */
    if (s->value > 0 && s->value < 100)
      CHECK(!strcmp(cls, "call"), "%s (%d) has class %s", s->name, (int)s->value, cls);
    for (size_t j = 0; j < i; j++)
      CHECK(k_statuses[j].value != s->value, "%s and %s share %d", s->name, k_statuses[j].name, (int)s->value);
  }
  for (size_t i = 0; i < 6; i++) {
    static const int32_t unknown[] = {99999, -1, 7, 99, 199, INT32_MIN};
    CHECK(!strcmp(lc_status_code(unknown[i]), "unknown"), "lc_status_code(%d) is %s", (int)unknown[i],
          lc_status_code(unknown[i]));
    CHECK(!strcmp(lc_status_class(unknown[i]), "unknown"), "lc_status_class(%d) is %s", (int)unknown[i],
          lc_status_class(unknown[i]));
    CHECK(lc_status_message(unknown[i]) && lc_status_message(unknown[i])[0], "lc_status_message(%d) empty",
          (int)unknown[i]);
  }
  /* Fresh thread state: no call failed yet. */
  CHECK(lc_last_error_message() && lc_last_error_message()[0] == 0, "initial message \"%s\"", lc_last_error_message());
}

/* ---- Nitro -------------------------------------------------------------------------------- */

#define NITRO_DOC "test-vectors/nitro/valid-definite-map.cbor"
#define NITRO_ROOT "test-vectors/nitro/root.der"
#define NITRO_OTHER_ROOT "test-vectors/nitro/chain-root-not-ca.root.der"
static const uint64_t NITRO_AT = 1748736000250ull;
static const char *const NITRO_PCR0 =
    "082b13a3f8faf32e9eb3bb823d3e529894728c15be19aaad7851511c7a9a578c7f2c0bdeaaa779381bd2db4cef950508";

/* Reads back a verified attestation: fields, window, PCRs present and absent. */
static void check_attestation(const lc_attestation *a, const blob *doc, uint64_t at, const char *const *f,
                              const lc_pcr *pcrs, size_t npcrs, const uint8_t *nonce, size_t nonce_len) {
  lc_attestation_info info;
  uint8_t pcr[48];
  uint64_t claimed = 0;
  int absent_index = 32, present_index = -1;
  memset(&info, 0, sizeof info);
  if (!EXPECT(lc_attestation_get_info(a, &info), LC_OK)) return;
  CHECK(info.module_id && info.module_id[0], "module_id is empty");
  if (!absent(f[14])) CHECK(!strcmp(info.module_id, f[14]), "module_id %s, expected %s", info.module_id, f[14]);
  if (!absent(f[15]))
    CHECK(info.timestamp_ms == u64(f[15]), "timestamp_ms %" PRIu64 ", expected %s", info.timestamp_ms, f[15]);
  if (!absent(f[16]))
    CHECK(popcount32(info.pcr_mask) == (int)u64(f[16]), "pcr_mask %08" PRIx32 ", expected %s PCRs", info.pcr_mask,
          f[16]);
  if (!absent(f[17])) CHECK(info.debug_mode == (f[17][0] == '1'), "debug_mode %d, expected %s", info.debug_mode, f[17]);
  if (!absent(f[18]))
    CHECK(info.valid_from_ms == u64(f[18]), "valid_from_ms %" PRIu64 ", expected %s", info.valid_from_ms, f[18]);
  if (!absent(f[19]))
    CHECK(info.valid_until_ms == u64(f[19]), "valid_until_ms %" PRIu64 ", expected %s", info.valid_until_ms, f[19]);
  CHECK(info.valid_from_ms <= at && at <= info.valid_until_ms,
        "verified at %" PRIu64 " outside [%" PRIu64 ", %" PRIu64 "]", at, info.valid_from_ms, info.valid_until_ms);
  CHECK(info.pcr_mask != 0, "no PCRs");
  CHECK(info.public_key.ptr || !info.public_key.len, "public_key: NULL with length %zu", info.public_key.len);
  if (nonce)
    CHECK(info.nonce.ptr && info.nonce.len == nonce_len && !memcmp(info.nonce.ptr, nonce, nonce_len), "nonce %s",
          hexs(info.nonce.ptr, info.nonce.len));
  if (EXPECT(lc_nitro_claimed_timestamp_ms(doc->p, doc->n, &claimed), LC_OK))
    CHECK(claimed == info.timestamp_ms, "claimed timestamp %" PRIu64 " != %" PRIu64, claimed, info.timestamp_ms);
  for (size_t i = 0; i < npcrs; i++) {
    CHECK(info.pcr_mask >> pcrs[i].index & 1, "PCR%u not in pcr_mask", (unsigned)pcrs[i].index);
    if (EXPECT(lc_attestation_get_pcr(a, pcrs[i].index, pcr), LC_OK))
      CHECK(!memcmp(pcr, pcrs[i].value, 48), "PCR%u is %s", (unsigned)pcrs[i].index, hexs(pcr, 48));
  }
  for (int i = 31; i >= 0; i--) {
    if (info.pcr_mask >> i & 1)
      present_index = i;
    else
      absent_index = i;
  }
  if (present_index >= 0) EXPECT(lc_attestation_get_pcr(a, (uint32_t)present_index, pcr), LC_OK);
  EXPECT_ARG(lc_attestation_get_pcr(a, (uint32_t)absent_index, pcr), LC_ERR_INVALID_ARGUMENT, "index");
  EXPECT_ARG(lc_attestation_get_pcr(a, 4000000000u, pcr), LC_ERR_INVALID_ARGUMENT, "index");
}

static size_t parse_pcrs(const char *spec, lc_pcr *out) {
  size_t n = 0;
  char buf[4096];
  if (absent(spec)) return 0;
  snprintf(buf, sizeof buf, "%s", spec);
  for (char *item = strtok(buf, ","); item && n < 32; item = strtok(NULL, ",")) {
    char *eq = strchr(item, '=');
    if (!eq) break;
    *eq = 0;
    out[n].index = (uint32_t)u64(item);
    if (!unhex_fixed(eq + 1, out[n].value, 48)) fail_at(__LINE__, "bad PCR value %s", eq + 1);
    n++;
  }
  return n;
}

/* The matched PCR set of `a` (-1: none), or -2 if the getter failed. */
static int32_t matched_set(const lc_attestation *a) {
  int32_t m = -2;
  return EXPECT(lc_attestation_get_matched_pcr_set(a, &m), LC_OK) ? m : -2;
}

/* PCR sets (rolling deploys) on a document `base` verifies as `a`: the document's own PCR0-2 as
 * the current image, and "other images" that differ from it in the last byte of some PCRs. */
static void check_pcr_sets(const blob *doc, uint64_t at, const lc_nitro_policy *base, const lc_attestation *a) {
  lc_pcr image[3], old1[3], old02[3];
  lc_pcr_set sets[3];
  lc_nitro_policy p = *base;
  lc_attestation *b = SENTINEL(lc_attestation);
  CHECK(matched_set(a) == -1, "no pcr_sets, but matched set %d", (int)matched_set(a));
  for (uint32_t i = 0; i < 3; i++) {
    image[i].index = i;
    if (!EXPECT(lc_attestation_get_pcr(a, i, image[i].value), LC_OK)) return;
    old1[i] = old02[i] = image[i];
  }
  old1[1].value[47] ^= 0x80;
  old02[0].value[47] ^= 0x80;
  old02[2].value[47] ^= 0x80;
  /* The document runs the second image of the list: verified, and it says which. */
  sets[0].pcrs = old02, sets[0].pcrs_len = 3, sets[1].pcrs = image, sets[1].pcrs_len = 3;
  p.pcr_sets = sets, p.pcr_sets_len = 2;
  if (EXPECT(lc_nitro_verify(doc->p, doc->n, ms_time(at), &p, &b), LC_OK)) {
    CHECK(matched_set(b) == 1, "matched set %d, expected 1", (int)matched_set(b));
    EXPECT(lc_attestation_free(b), LC_OK);
  }
  /* The first matching set is the one reported: a one-PCR set that matches, before the image. */
  sets[0].pcrs = old1, sets[1].pcrs = &image[2], sets[1].pcrs_len = 1, sets[2].pcrs = image, sets[2].pcrs_len = 3;
  p.pcr_sets_len = 3;
  if (EXPECT(lc_nitro_verify(doc->p, doc->n, ms_time(at), &p, &b), LC_OK)) {
    CHECK(matched_set(b) == 1, "matched set %d, expected 1", (int)matched_set(b));
    EXPECT(lc_attestation_free(b), LC_OK);
  }
  /* No set matches: the new status; the message names the sets tried, the closest, the PCR. */
  sets[0].pcrs = old02, sets[0].pcrs_len = 3, sets[1].pcrs = old1, sets[1].pcrs_len = 3;
  p.pcr_sets_len = 2;
  b = SENTINEL(lc_attestation);
  EXPECT_ARG(lc_nitro_verify(doc->p, doc->n, ms_time(at), &p, &b), LC_NITRO_POLICY_PCR_SET_MISMATCH,
             "2 tried; closest: set 1, first difference at pcrs[1]");
  CHECK(b == NULL, "failed, but *out is %p", (void *)b);
  CHECK(!strcmp(lc_status_class(LC_NITRO_POLICY_PCR_SET_MISMATCH), "policy"), "class %s",
        lc_status_class(LC_NITRO_POLICY_PCR_SET_MISMATCH));
  /* A set matches but expected_pcrs does not: the expected-PCR status, as before. */
  sets[0].pcrs = image;
  p.expected_pcrs = &old1[1], p.expected_pcrs_len = 1;
  EXPECT_ARG(lc_nitro_verify(doc->p, doc->n, ms_time(at), &p, &b), LC_NITRO_POLICY_PCR_MISMATCH, "pcrs[1]");
  /* Both hold. */
  p.expected_pcrs = &image[1];
  if (EXPECT(lc_nitro_verify(doc->p, doc->n, ms_time(at), &p, &b), LC_OK)) {
    CHECK(matched_set(b) == 0, "matched set %d, expected 0", (int)matched_set(b));
    EXPECT(lc_attestation_free(b), LC_OK);
  }
}

/* nitro name file root|- at_ms code allow_debug pcrs nonce user_data max_age max_skew tls spki
 *       module_id timestamp_ms pcr_count debug valid_from valid_until class */
static void run_nitro(const row *r) {
  char *const *f = r->f;
  blob doc = slurp(f[2]), root = {NULL, 0};
  lc_nitro_policy policy = lc_nitro_policy_default();
  lc_pcr pcrs[32];
  size_t npcrs = parse_pcrs(f[7], pcrs), nonce_len = 0, ud_len = 0, tls_len = 0, spki_len = 0;
  uint8_t *nonce = unhex(f[8], &nonce_len), *ud = unhex(f[9], &ud_len);
  uint8_t *tls = unhex(f[12], &tls_len), *spki = unhex(f[13], &spki_len);
  lc_bytes root_bytes;
  lc_attestation *a = SENTINEL(lc_attestation);
  uint64_t at = u64(f[4]);
  lc_status s;
  set_case("%s (%s)", f[1], f[2]);
  if (!doc.p) goto done;
  if (!absent(f[3])) {
    root = slurp(f[3]);
    root_bytes.ptr = root.p;
    root_bytes.len = root.n;
    policy.roots = &root_bytes;
    policy.roots_len = 1;
  }
  policy.allow_debug = f[6][0] == '1';
  policy.expected_pcrs = npcrs ? pcrs : NULL;
  policy.expected_pcrs_len = npcrs;
  policy.nonce = nonce;
  policy.nonce_len = nonce_len;
  policy.user_data = ud;
  policy.user_data_len = ud_len;
  policy.tls_certificate_der = tls;
  policy.tls_certificate_der_len = tls_len;
  policy.signing_key_spki_der = spki;
  policy.signing_key_spki_der_len = spki_len;
  if (!absent(f[10])) policy.max_age_ms = u64(f[10]);
  if (!absent(f[11])) policy.max_future_skew_ms = u64(f[11]);
  s = CALL(lc_nitro_verify(doc.p, doc.n, ms_time(at), &policy, &a));
  code_is(s, f[5], "lc_nitro_verify", __LINE__);
  if (s == LC_OK) {
    check_attestation(a, &doc, at, (const char *const *)f, pcrs, npcrs, nonce, nonce_len);
    /* Real AWS documents (../shared/vectors/nitro, at their manifest time): PCR sets. */
    if (!strncmp(f[1], "real/", 5)) check_pcr_sets(&doc, at, &policy, a);
    EXPECT(lc_attestation_free(a), LC_OK);
  } else {
    CHECK(a == NULL, "failed, but *out is %p, not NULL", (void *)a);
    if (!absent(f[20])) CHECK(!strcmp(lc_status_class(s), f[20]), "class %s, expected %s", lc_status_class(s), f[20]);
  }
done:
  free(nonce);
  free(ud);
  free(tls);
  free(spki);
  unslurp(&doc);
  unslurp(&root);
}

/* Policy checks beyond the manifest: PCR match and mismatch, PCR sets, missing PCR, nonce,
 * user_data, maximum age, future skew, custom roots, the default (AWS) root. */
static void test_nitro_policy(void) {
  blob doc = slurp(NITRO_DOC), root = slurp(NITRO_ROOT), other = slurp(NITRO_OTHER_ROOT);
  lc_bytes roots[2];
  lc_nitro_policy p;
  lc_pcr pcr;
  lc_attestation *a = NULL;
  lc_attestation_info info;
  static const uint8_t nonce[] = {1, 2, 3}, user_data[] = {0x12, 0x20};
  set_case("nitro policy (%s)", NITRO_DOC);
  if (!doc.p || !root.p || !other.p) goto done;
  roots[0].ptr = other.p, roots[0].len = other.n, roots[1].ptr = root.p, roots[1].len = root.n;
#define POLICY() (p = lc_nitro_policy_default(), p.roots = &roots[1], p.roots_len = 1)
  pcr.index = 0;
  unhex_fixed(NITRO_PCR0, pcr.value, 48);
  POLICY();
  p.expected_pcrs = &pcr, p.expected_pcrs_len = 1;
  if (EXPECT(lc_nitro_verify(doc.p, doc.n, ms_time(NITRO_AT), &p, &a), LC_OK)) {
    EXPECT(lc_attestation_get_info(a, &info), LC_OK);
    check_pcr_sets(&doc, NITRO_AT, &p, a);
    EXPECT(lc_attestation_free(a), LC_OK);
  } else {
    memset(&info, 0, sizeof info);
  }
  pcr.value[47] ^= 1;
  a = SENTINEL(lc_attestation);
  EXPECT_ARG(lc_nitro_verify(doc.p, doc.n, ms_time(NITRO_AT), &p, &a), LC_NITRO_POLICY_PCR_MISMATCH, "0");
  CHECK(a == NULL, "a failed verification leaves *out %p", (void *)a);
  /* An all-zero expected value is a value, not a wildcard: PCR 5 is zero in this document. */
  memset(pcr.value, 0, 48);
  pcr.index = 5;
  EXPECT(lc_nitro_verify(doc.p, doc.n, ms_time(NITRO_AT), &p, &a), LC_OK);
  EXPECT(lc_attestation_free(a), LC_OK);
  for (uint32_t i = 0; i < 32; i++)
    if (!(info.pcr_mask >> i & 1)) {
      pcr.index = i;
      EXPECT(lc_nitro_verify(doc.p, doc.n, ms_time(NITRO_AT), &p, &a), LC_NITRO_POLICY_PCR_MISSING);
      break;
    }
  POLICY();
  p.nonce = nonce, p.nonce_len = sizeof nonce;
  EXPECT(lc_nitro_verify(doc.p, doc.n, ms_time(NITRO_AT), &p, &a), LC_NITRO_POLICY_NONCE);
  POLICY();
  p.user_data = user_data, p.user_data_len = sizeof user_data;
  EXPECT(lc_nitro_verify(doc.p, doc.n, ms_time(NITRO_AT), &p, &a), LC_NITRO_POLICY_USER_DATA);
  POLICY();
  p.max_age_ms = 1000;
  EXPECT(lc_nitro_verify(doc.p, doc.n, ms_time(NITRO_AT + 1000), &p, &a), LC_OK);
  EXPECT(lc_attestation_free(a), LC_OK);
  EXPECT(lc_nitro_verify(doc.p, doc.n, ms_time(NITRO_AT + 60000), &p, &a), LC_NITRO_POLICY_TOO_OLD);
  POLICY();
  p.max_future_skew_ms = 0;
  EXPECT(lc_nitro_verify(doc.p, doc.n, ms_time(NITRO_AT), &p, &a), LC_OK);
  EXPECT(lc_attestation_free(a), LC_OK);
  /* Custom roots without the document's root; then with it second. */
  POLICY();
  p.roots = &roots[0];
  EXPECT(lc_nitro_verify(doc.p, doc.n, ms_time(NITRO_AT), &p, &a), LC_NITRO_CERT_UNTRUSTED_ROOT);
  p.roots_len = 2;
  EXPECT(lc_nitro_verify(doc.p, doc.n, ms_time(NITRO_AT), &p, &a), LC_OK);
  EXPECT(lc_attestation_free(a), LC_OK);
  /* NULL policy and the default policy: the AWS root only. */
  EXPECT(lc_nitro_verify(doc.p, doc.n, ms_time(NITRO_AT), NULL, &a), LC_NITRO_CERT_UNTRUSTED_ROOT);
  p = lc_nitro_policy_default();
  EXPECT(lc_nitro_verify(doc.p, doc.n, ms_time(NITRO_AT), &p, &a), LC_NITRO_CERT_UNTRUSTED_ROOT);
  CHECK(p.max_age_ms == LC_NO_LIMIT && p.max_future_skew_ms == LC_NO_LIMIT && !p.allow_debug && p.roots == NULL &&
            p.roots_len == 0 && p.expected_pcrs == NULL && p.nonce == NULL && p.pcr_sets == NULL &&
            p.pcr_sets_len == 0,
        "lc_nitro_policy_default() is not the documented default");
  /* Expiry at the window's edges, to the millisecond. */
  POLICY();
  if (info.valid_until_ms) {
    EXPECT(lc_nitro_verify(doc.p, doc.n, ms_time(info.valid_until_ms), &p, &a), LC_OK);
    EXPECT(lc_attestation_free(a), LC_OK);
    EXPECT(lc_nitro_verify(doc.p, doc.n, ms_time(info.valid_until_ms + 1), &p, &a), LC_NITRO_CERT_EXPIRED);
    EXPECT(lc_nitro_verify(doc.p, doc.n, ms_time(info.valid_from_ms - 1), &p, &a), LC_NITRO_CERT_NOT_YET_VALID);
  }
#undef POLICY
done:
  unslurp(&doc);
  unslurp(&root);
  unslurp(&other);
}

/* ---- CometBFT ----------------------------------------------------------------------------- */

static bool check_header(const lc_header *h, const char *height, const char *hash, const char *chain,
                         const char *app_hash) {
  lc_header_info info;
  uint8_t want[32];
  size_t app_len = 0;
  uint8_t *app;
  memset(&info, 0, sizeof info);
  if (!EXPECT(lc_header_get_info(h, &info), LC_OK)) return false;
  if (!absent(height)) CHECK(info.height == u64(height), "height %" PRIu64 ", expected %s", info.height, height);
  if (!absent(hash))
    CHECK(unhex_fixed(hash, want, 32) && !memcmp(info.hash, want, 32), "hash %s, expected %s", hexs(info.hash, 32),
          hash);
  CHECK(info.chain_id && info.chain_id[0], "chain_id empty");
  if (!absent(chain)) CHECK(!strcmp(info.chain_id, chain), "chain_id %s, expected %s", info.chain_id, chain);
  app = unhex(app_hash, &app_len);
  if (app)
    CHECK(info.app_hash.len == app_len && (!app_len || !memcmp(info.app_hash.ptr, app, app_len)),
          "app_hash %s, expected %s", hexs(info.app_hash.ptr, info.app_hash.len), app_hash);
  free(app);
  CHECK(info.time.unix_secs > 1500000000 && info.time.nanos < 1000000000u, "time %" PRId64 ".%09u", info.time.unix_secs,
        (unsigned)info.time.nanos);
  CHECK(info.validators_hash.len == 32 && info.next_validators_hash.len == 32 && info.data_hash.len == 32 &&
            info.last_results_hash.len == 32,
        "hash fields of length %zu %zu %zu %zu", info.validators_hash.len, info.next_validators_hash.len,
        info.data_hash.len, info.last_results_hash.len);
  return true;
}

/* comet name trusted untrusted secs nanos trust_num trust_den period drift verify_all code height hash chain app */
static void run_comet(const row *r) {
  char *const *f = r->f;
  blob t = slurp(f[2]), u = slurp(f[3]);
  lc_light_options o = lc_light_options_default();
  lc_header *h = SENTINEL(lc_header);
  lc_status s;
  set_case("%s (%s -> %s)", f[1], f[2], f[3]);
  if (t.p && u.p) {
    o.trust_numerator = u64(f[6]);
    o.trust_denominator = u64(f[7]);
    o.trusting_period_secs = u64(f[8]);
    o.clock_drift_secs = u64(f[9]);
    o.verify_all = f[10][0] == '1';
    s = CALL(lc_cometbft_verify_light_block(t.p, t.n, u.p, u.n, secs_time(strtoll(f[4], NULL, 10), (uint32_t)u64(f[5])),
                                            &o, &h));
    if (code_is(s, f[11], "lc_cometbft_verify_light_block", __LINE__) && s == LC_OK) {
      check_header(h, f[12], f[13], f[14], f[15]);
      EXPECT(lc_header_free(h), LC_OK);
    } else if (s != LC_OK) {
      CHECK(h == NULL, "failed, but *out is %p", (void *)h);
    }
  }
  unslurp(&t);
  unslurp(&u);
}

/* commit name signed_header pages(,) verify_all code height */
static void run_commit(const row *r) {
  char *const *f = r->f;
  blob sh = slurp(f[2]), pages[8];
  lc_bytes page_bytes[8];
  size_t n = 0;
  char list[2048];
  lc_header *h = SENTINEL(lc_header);
  lc_status s;
  set_case("%s (%s)", f[1], f[2]);
  snprintf(list, sizeof list, "%s", f[3]);
  for (char *p = strtok(list, ","); p && n < 8; p = strtok(NULL, ",")) {
    pages[n] = slurp(p);
    page_bytes[n].ptr = pages[n].p;
    page_bytes[n].len = pages[n].n;
    n++;
  }
  if (sh.p) {
    s = CALL(lc_cometbft_verify_commit(sh.p, sh.n, page_bytes, n, f[4][0] == '1', &h));
    if (code_is(s, f[5], "lc_cometbft_verify_commit", __LINE__) && s == LC_OK) {
      check_header(h, f[6], "-", "-", "-");
      EXPECT(lc_header_free(h), LC_OK);
    } else if (s != LC_OK) {
      CHECK(h == NULL, "failed, but *out is %p", (void *)h);
    }
  }
  unslurp(&sh);
  for (size_t i = 0; i < n; i++) unslurp(&pages[i]);
}

/* tx name header proof code height index total hash */
static void run_tx(const row *r) {
  char *const *f = r->f;
  blob hdr = slurp(f[2]), proof = slurp(f[3]);
  lc_proven_tx tx;
  uint8_t hash[32];
  lc_status s;
  set_case("%s (%s, %s)", f[1], f[2], f[3]);
  memset(&tx, 0, sizeof tx);
  if (hdr.p && proof.p) {
    s = CALL(lc_cometbft_verify_tx(hdr.p, hdr.n, proof.p, proof.n, &tx));
    if (code_is(s, f[4], "lc_cometbft_verify_tx", __LINE__) && s == LC_OK) {
      CHECK(tx.height == u64(f[5]), "height %" PRIu64 ", expected %s", tx.height, f[5]);
      CHECK(tx.index == u64(f[6]), "index %" PRIu64 ", expected %s", tx.index, f[6]);
      CHECK(tx.index < tx.total, "index %" PRIu64 " of %" PRIu64, tx.index, tx.total);
      if (!absent(f[7])) CHECK(tx.total == u64(f[7]), "total %" PRIu64 ", expected %s", tx.total, f[7]);
      CHECK(unhex_fixed(f[8], hash, 32) && !memcmp(hash, tx.tx_hash, 32), "tx_hash %s, expected %s",
            hexs(tx.tx_hash, 32), f[8]);
    }
  }
  unslurp(&hdr);
  unslurp(&proof);
}

/* ---- the light client --------------------------------------------------------------------- */

enum provider_mode { SERVE, REFUSE, NULL_BYTES, REENTER, FREE_SELF, GATE };

typedef struct {
  enum provider_mode mode;
  const blob *blocks[16];
  uint64_t heights[16];
  size_t nblocks;
  uint64_t asked[64];
  size_t nasked;
  /* REENTER: what calls on the client being verified returned from inside its provider. */
  lc_light_client *self, *other;
  lc_time now;
  lc_status reentry[4];
  lc_header *reentry_out;
  lc_buffer *reentry_buffer;
  char reentry_message[256];
  bool reentered;
  /* GATE: the provider waits until another thread has tried the same client. */
  pthread_mutex_t *mutex;
  pthread_cond_t *cond;
  int *stage;
} provider_ctx;

static bool provide(void *context, uint64_t height, lc_bytes *light_block);

static void serve(provider_ctx *c, uint64_t height, const blob *b) {
  c->heights[c->nblocks] = height;
  c->blocks[c->nblocks++] = b;
}

static bool provide(void *context, uint64_t height, lc_bytes *light_block) {
  provider_ctx *c = context;
  if (c->nasked < 64) c->asked[c->nasked++] = height;
  if (c->mode == REFUSE) return false;
  if (c->mode == NULL_BYTES) {
    light_block->ptr = NULL;
    light_block->len = 100;
    return true;
  }
  if (c->mode == REENTER && !c->reentered) {
    lc_buffer *buffer = SENTINEL(lc_buffer);
    size_t count = 0;
    provider_ctx inner;
    lc_header *h = NULL;
    c->reentered = true;
    c->reentry_out = SENTINEL(lc_header);
    c->reentry[0] = lc_light_client_verify_to(c->self, height, c->now, provide, c, &c->reentry_out);
    snprintf(c->reentry_message, sizeof c->reentry_message, "%s", lc_last_error_message());
    c->reentry[1] = lc_light_client_trusted_heights(c->self, NULL, 0, &count);
    c->reentry[2] = lc_light_client_to_json(c->self, &buffer);
    c->reentry_buffer = buffer;
    if (c->reentry[2] == LC_OK) lc_buffer_free(buffer);
    /* Another client is not busy: its trusted height comes back without a fetch. */
    memset(&inner, 0, sizeof inner);
    c->reentry[3] = lc_light_client_verify_to(c->other, 1, c->now, provide, &inner, &h);
    if (c->reentry[3] == LC_OK) lc_header_free(h);
  }
  if (c->mode == FREE_SELF && !c->reentered) {
    c->reentered = true;
    c->reentry[0] = lc_light_client_free(c->self);
  }
  if (c->mode == GATE) {
    pthread_mutex_lock(c->mutex);
    *c->stage = 1;
    pthread_cond_broadcast(c->cond);
    while (*c->stage != 2) pthread_cond_wait(c->cond, c->mutex);
    pthread_mutex_unlock(c->mutex);
  }
  for (size_t i = 0; i < c->nblocks; i++)
    if (c->heights[i] == height) {
      light_block->ptr = c->blocks[i]->p;
      light_block->len = c->blocks[i]->n;
      return true;
    }
  return false;
}

static bool heights_are(lc_light_client *client, const uint64_t *want, size_t n, int line) {
  uint64_t got[LC_LIGHT_CLIENT_CAPACITY];
  size_t count = 0;
  bool same;
  if (!status_is(CALL(lc_light_client_trusted_heights(client, got, LC_LIGHT_CLIENT_CAPACITY, &count)), LC_OK,
                 "lc_light_client_trusted_heights", NULL, line))
    return false;
  same = count == n;
  for (size_t i = 0; same && i < n; i++) same = got[i] == want[i];
  g_checks++;
  if (!same)
    fail_at(line, "trusted heights: %zu of them, first %" PRIu64 ", expected %zu", count, count ? got[0] : 0, n);
  return same;
}

static bool asked_is(const provider_ctx *c, const uint64_t *want, size_t n, int line) {
  bool same = c->nasked == n;
  for (size_t i = 0; same && i < n; i++) same = c->asked[i] == want[i];
  g_checks++;
  if (!same)
    fail_at(line, "the provider was asked %zu heights (first %" PRIu64 "), expected %zu", c->nasked,
            c->nasked ? c->asked[0] : 0, n);
  return same;
}

static lc_status verify_to(lc_light_client *client, uint64_t height, lc_time now, provider_ctx *c,
                           const char *want_height) {
  lc_header *h = SENTINEL(lc_header);
  lc_status s = CALL(lc_light_client_verify_to(client, height, now, provide, c, &h));
  if (s == LC_OK) {
    check_header(h, want_height, "-", "lightcheck-test", "-");
    EXPECT(lc_header_free(h), LC_OK);
  } else {
    CHECK(h == NULL, "failed, but *out is %p", (void *)h);
  }
  return s;
}

#define VAL4(h) "test-vectors/cometbft/val4-h" #h ".json"
static const lc_time NOW_H10 = {1748736084, 926836469u}; /* 2025-06-01T00:01:24.926836469Z */
static const lc_time NOW_H2 = {1748736036, 827472557u};  /* 2025-06-01T00:00:36.827472557Z */

static void test_light_client(void) {
  blob b1 = slurp(VAL4(1)), b2 = slurp(VAL4(2)), b3 = slurp(VAL4(3)), b10 = slurp(VAL4(10));
  blob third = slurp("test-vectors/cometbft/reject-trust-one-third.json");
  blob forged = slurp("test-vectors/cometbft/reject-bad-signature-ed25519.json");
  lc_light_client *client = SENTINEL(lc_light_client), *restored = NULL, *other = NULL;
  lc_buffer *state = SENTINEL(lc_buffer);
  lc_bytes data = {NULL, 0};
  provider_ctx c;
  uint64_t hs[8];
  size_t count = 99;
  lc_header *h;
  set_case("light client (val4 chain)");
  if (!b1.p || !b2.p || !b3.p || !b10.p || !third.p || !forged.p) goto done;
#define RESET(m)                                                                                                       \
  (memset(&c, 0, sizeof c), c.mode = (m), serve(&c, 1, &b1), serve(&c, 2, &b2), serve(&c, 3, &b3), serve(&c, 10, &b10))
  if (!EXPECT(lc_light_client_new(b3.p, b3.n, NULL, &client), LC_OK)) goto done;
  {
    const uint64_t want[] = {3};
    heights_are(client, want, 1, __LINE__);
  }
  /* Forwards, skipping 3 -> 10: one fetch. */
  RESET(SERVE);
  EXPECT(verify_to(client, 10, NOW_H10, &c, "10"), LC_OK);
  {
    const uint64_t want[] = {10};
    asked_is(&c, want, 1, __LINE__);
  }
  {
    const uint64_t want[] = {3, 10};
    heights_are(client, want, 2, __LINE__);
  }
  /* Backwards, hash-chaining 3 -> 2 -> 1. */
  RESET(SERVE);
  EXPECT(verify_to(client, 1, NOW_H10, &c, "1"), LC_OK);
  {
    const uint64_t want[] = {2, 1};
    asked_is(&c, want, 2, __LINE__);
  }
  {
    const uint64_t want[] = {1, 2, 3, 10};
    heights_are(client, want, 4, __LINE__);
  }
  /* A trusted height: no fetch. */
  RESET(SERVE);
  EXPECT(verify_to(client, 2, NOW_H10, &c, "2"), LC_OK);
  asked_is(&c, NULL, 0, __LINE__);
  /* The count alone, and a short array. */
  EXPECT(lc_light_client_trusted_heights(client, NULL, 0, &count), LC_OK);
  CHECK(count == 4, "count %zu without an array", count);
  memset(hs, 0, sizeof hs);
  EXPECT(lc_light_client_trusted_heights(client, hs, 2, &count), LC_OK);
  CHECK(count == 4 && hs[0] == 1 && hs[1] == 2 && hs[2] == 0,
        "short array: count %zu, %" PRIu64 " %" PRIu64 " %" PRIu64, count, hs[0], hs[1], hs[2]);
  /* to_json / from_json keeps the trusted blocks. */
  if (EXPECT(lc_light_client_to_json(client, &state), LC_OK) && EXPECT(lc_buffer_data(state, &data), LC_OK)) {
    CHECK(data.ptr && data.len > 100 && data.ptr[0] == '[' && data.ptr[data.len] == 0 &&
              strlen((const char *)data.ptr) == data.len,
          "lc_light_client_to_json: %zu bytes, not a NUL-terminated JSON array", data.len);
    if (EXPECT(lc_light_client_from_json(data.ptr, data.len, NULL, &restored), LC_OK)) {
      const uint64_t want[] = {1, 2, 3, 10};
      heights_are(restored, want, 4, __LINE__);
      RESET(REFUSE);
      EXPECT(verify_to(restored, 10, NOW_H10, &c, "10"), LC_OK);
      asked_is(&c, NULL, 0, __LINE__);
      EXPECT(lc_light_client_free(restored), LC_OK);
    }
  }
  EXPECT(lc_buffer_free(state), LC_OK);
  restored = SENTINEL(lc_light_client);
  EXPECT(lc_light_client_from_json((const uint8_t *)"[]", 2, NULL, &restored), LC_COMETBFT_SCHEDULE);
  CHECK(restored == NULL, "from_json failed, *out %p", (void *)restored);
  EXPECT(lc_light_client_from_json((const uint8_t *)"1", 1, NULL, &restored), LC_COMETBFT_DECODE);
  /* Re-entered from its own provider: LC_ERR_BUSY for that client, not for another. A fresh
   * client from height 1, so that 2 is fetched. */
  EXPECT(lc_light_client_new(b1.p, b1.n, NULL, &other), LC_OK);
  EXPECT(lc_light_client_free(client), LC_OK);
  client = NULL;
  EXPECT(lc_light_client_new(b1.p, b1.n, NULL, &client), LC_OK);
  RESET(REENTER);
  c.self = client, c.other = other, c.now = NOW_H2;
  EXPECT(verify_to(client, 2, NOW_H2, &c, "2"), LC_OK);
  CHECK(c.reentered, "the provider was not called");
  CHECK(c.reentry[0] == LC_ERR_BUSY, "re-entrant lc_light_client_verify_to: %s", lc_status_code(c.reentry[0]));
  CHECK(c.reentry_out == NULL, "re-entrant call left *out %p", (void *)c.reentry_out);
  CHECK(strstr(c.reentry_message, "client") != NULL, "re-entrant call's message: \"%s\"", c.reentry_message);
  CHECK(c.reentry[1] == LC_ERR_BUSY, "re-entrant lc_light_client_trusted_heights: %s", lc_status_code(c.reentry[1]));
  CHECK(c.reentry[2] == LC_ERR_BUSY, "re-entrant lc_light_client_to_json: %s", lc_status_code(c.reentry[2]));
  CHECK(c.reentry_buffer == NULL, "re-entrant lc_light_client_to_json left *out %p", (void *)c.reentry_buffer);
  CHECK(c.reentry[3] == LC_OK, "another client from a provider: %s", lc_status_code(c.reentry[3]));
  g_seen[LC_ERR_BUSY] |= c.reentry[0] == LC_ERR_BUSY;
  /* Freed from inside its own provider: refused as busy, or freed with the call finishing on what
   * it holds (the header does not say which); either way nothing breaks and nothing leaks. */
  {
    lc_light_client *doomed = NULL;
    size_t n = 0;
    if (EXPECT(lc_light_client_new(b1.p, b1.n, NULL, &doomed), LC_OK)) {
      RESET(FREE_SELF);
      c.self = doomed;
      lc_status s = verify_to(doomed, 2, NOW_H2, &c, "2");
      CHECK(c.reentry[0] == LC_OK || c.reentry[0] == LC_ERR_BUSY, "lc_light_client_free from its provider: %s",
            lc_status_code(c.reentry[0]));
      CHECK(s == LC_OK, "the call whose client was freed by its provider: %s", lc_status_code(s));
      if (c.reentry[0] == LC_OK)
        EXPECT_ARG(lc_light_client_trusted_heights(doomed, NULL, 0, &n), LC_ERR_INVALID_HANDLE, "client");
      else
        EXPECT(lc_light_client_free(doomed), LC_OK);
    }
  }
  /* Bisection: at 10 only a third of the trusted power signed; 6 is not available. */
  EXPECT(lc_light_client_free(client), LC_OK);
  client = NULL;
  EXPECT(lc_light_client_new(b1.p, b1.n, NULL, &client), LC_OK);
  memset(&c, 0, sizeof c);
  serve(&c, 10, &third);
  EXPECT_ARG(verify_to(client, 10, NOW_H10, &c, "-"), LC_COMETBFT_PROVIDER, "6");
  {
    const uint64_t want[] = {10, 6};
    asked_is(&c, want, 2, __LINE__);
  }
  {
    const uint64_t want[] = {1};
    heights_are(client, want, 1, __LINE__);
  }
  /* Backwards from 3, a self-consistent block 2 of another validator set: not the block 3 links to. */
  {
    blob other2 = slurp("test-vectors/cometbft/val1-h2.json");
    lc_light_client *from3 = NULL;
    if (other2.p && EXPECT(lc_light_client_new(b3.p, b3.n, NULL, &from3), LC_OK)) {
      memset(&c, 0, sizeof c);
      serve(&c, 2, &other2);
      EXPECT(verify_to(from3, 2, NOW_H10, &c, "-"), LC_COMETBFT_HEADER_LAST_BLOCK_ID);
      EXPECT(verify_to(from3, 1, NOW_H10, &c, "-"), LC_COMETBFT_HEADER_LAST_BLOCK_ID);
      {
        const uint64_t want[] = {3};
        heights_are(from3, want, 1, __LINE__);
      }
      EXPECT(lc_light_client_free(from3), LC_OK);
    }
    unslurp(&other2);
  }
  /* A provider that refuses, or says yes with no bytes. */
  RESET(REFUSE);
  EXPECT_ARG(verify_to(client, 2, NOW_H2, &c, "-"), LC_COMETBFT_PROVIDER, "2");
  RESET(NULL_BYTES);
  EXPECT(verify_to(client, 2, NOW_H2, &c, "-"), LC_COMETBFT_PROVIDER);
  /* A forged block is its own error, not a provider failure. */
  memset(&c, 0, sizeof c);
  serve(&c, 2, &forged);
  EXPECT(verify_to(client, 2, NOW_H2, &c, "-"), LC_COMETBFT_COMMIT_BAD_SIGNATURE);
  /* The client is still usable after all that. */
  RESET(SERVE);
  EXPECT(verify_to(client, 2, NOW_H2, &c, "2"), LC_OK);
  /* Bad arguments. */
  h = SENTINEL(lc_header);
  EXPECT_ARG(lc_light_client_verify_to(client, 10, NOW_H10, NULL, &c, &h), LC_ERR_NULL_POINTER, "provider");
  CHECK(h == NULL, "NULL provider: *out %p", (void *)h);
  EXPECT_ARG(lc_light_client_verify_to(client, 0, NOW_H10, provide, &c, &h), LC_ERR_INVALID_ARGUMENT, "height");
  EXPECT_ARG(lc_light_client_verify_to(client, 10, secs_time(NOW_H10.unix_secs, 1000000000u), provide, &c, &h),
             LC_ERR_INVALID_ARGUMENT, "now");
  EXPECT_ARG(lc_light_client_verify_to(client, 10, NOW_H10, provide, &c, NULL), LC_ERR_NULL_POINTER, "out");
  EXPECT_ARG(lc_light_client_verify_to(NULL, 10, NOW_H10, provide, &c, &h), LC_ERR_NULL_POINTER, "client");
  /* Trust options out of range. */
  {
    lc_light_options o = lc_light_options_default();
    CHECK(o.trusting_period_secs == 1209600 && o.trust_numerator == 1 && o.trust_denominator == 3 &&
              o.clock_drift_secs == 10 && !o.verify_all,
          "lc_light_options_default() is not the documented default");
    o.trust_numerator = 1, o.trust_denominator = 4;
    EXPECT(lc_light_client_new(b1.p, b1.n, &o, &restored), LC_COMETBFT_OPTIONS_INVALID);
    o.trust_numerator = 4, o.trust_denominator = 3;
    EXPECT(lc_light_client_new(b1.p, b1.n, &o, &restored), LC_COMETBFT_OPTIONS_INVALID);
    o.trust_numerator = 1, o.trust_denominator = 0;
    EXPECT(lc_light_client_from_json(b1.p, b1.n, &o, &restored), LC_COMETBFT_OPTIONS_INVALID);
    /* An expired trusted block: a 60-second trusting period, an hour later. */
    o = lc_light_options_default();
    o.trusting_period_secs = 60;
    if (EXPECT(lc_light_client_new(b1.p, b1.n, &o, &restored), LC_OK)) {
      RESET(SERVE);
      EXPECT(verify_to(restored, 2, secs_time(NOW_H2.unix_secs + 3600, 0), &c, "-"), LC_COMETBFT_TRUST_EXPIRED);
      EXPECT(lc_light_client_free(restored), LC_OK);
    }
  }
#undef RESET
done:
  if (client != SENTINEL(lc_light_client)) EXPECT(lc_light_client_free(client), LC_OK);
  EXPECT(lc_light_client_free(other), LC_OK);
  unslurp(&b1), unslurp(&b2), unslurp(&b3), unslurp(&b10), unslurp(&third), unslurp(&forged);
}

/* ---- the networked light client (lc_sync) ------------------------------------------------- */

/* The recorded devnet (test-vectors/cometbft/network/devnet.json, cut into one file per height
 * by cases.py) served from the fetch callback by replayed nodes; faults a real node will not
 * produce on demand (silence, garbage, lag) are injected here. */

enum { DEVNET_MAX = 64, NODES_MAX = 4 };

typedef enum { NODE_CHAIN, NODE_SILENT, NODE_BAD, NODE_NOT_FOUND, NODE_GARBAGE, NODE_LAGGING } node_mode;

typedef struct {
  node_mode mode;
  const blob *chain; /* chain[h - 1] is the light block at height h */
  uint64_t top;      /* the highest height served (LAGGING: before the first wait) */
  uint64_t catch_up; /* LAGGING: the highest height after a wait (0: never catches up) */
} node;

typedef struct {
  node primary, witness[NODES_MAX];
  size_t witnesses;
  bool waited;
  unsigned long calls, served, waits;
  uint64_t wait_ms;
  unsigned long asked[NODES_MAX + 1]; /* requests per peer: the primary, then each witness */
  int32_t once;                       /* >= 0 (or a bogus value): returned once instead of an answer */
  bool once_set;
  lc_sync *reenter; /* non-NULL: the callback tries calls on this update once */
  lc_status reentry[3];
  char problem[256]; /* a request the callback found malformed */
} net;

typedef struct {
  blob a[DEVNET_MAX], b[DEVNET_MAX];
  uint64_t target, root_height, attack_height, fetched;
  uint8_t root_hash[32], top_hash[32];
  lc_time now;
  uint64_t heights[DEVNET_MAX]; /* the live run's verified heights: the root, then the trace */
  size_t nheights;
  const char *after_root; /* the same without the root (comma-separated) */
  const row *r;
} devnet;

static const char GARBAGE_JSON[] = "{\"signed_header\": {\"header\": ";

static node chain_node(const blob *chain, uint64_t top) {
  node x = {NODE_CHAIN, chain, top, 0};
  return x;
}

static node mode_node(node_mode mode) {
  node x = {mode, NULL, 0, 0};
  return x;
}

static void net_init(net *n, node primary, size_t witnesses, ...) {
  va_list ap;
  memset(n, 0, sizeof *n);
  n->primary = primary;
  n->witnesses = witnesses;
  va_start(ap, witnesses);
  for (size_t i = 0; i < witnesses && i < NODES_MAX; i++) n->witness[i] = va_arg(ap, node);
  va_end(ap);
}

static int32_t fetch_cb(void *context, const lc_sync_request *req, lc_bytes *light_block) {
  net *n = context;
  const node *nd;
  uint64_t top, h;
  n->calls++;
  if (n->reenter) {
    lc_sync_request inner;
    lc_sync *self = n->reenter;
    n->reenter = NULL;
    n->reentry[0] = lc_sync_drive(self, fetch_cb, n);
    n->reentry[1] = lc_sync_needed(self, &inner);
    n->reentry[2] = lc_sync_feed_waited(self);
  }
  if (n->once_set) {
    n->once_set = false;
    return n->once;
  }
  if (req->kind == LC_SYNC_REQUEST_WAIT) {
    if (req->peer != LC_SYNC_PEER_NONE || req->wait_ms == 0)
      snprintf(n->problem, sizeof n->problem, "a wait request with peer %d, %" PRIu64 " ms", (int)req->peer,
               req->wait_ms);
    n->waits++;
    n->wait_ms = req->wait_ms;
    n->waited = true;
    return LC_SYNC_ANSWER_WAITED;
  }
  if (req->peer == LC_SYNC_PEER_PRIMARY && req->witness == 0) {
    nd = &n->primary;
    n->asked[0]++;
  } else if (req->peer == LC_SYNC_PEER_WITNESS && req->witness < n->witnesses) {
    nd = &n->witness[req->witness];
    n->asked[1 + req->witness]++;
  } else {
    snprintf(n->problem, sizeof n->problem, "a request for peer %d, witness %zu", (int)req->peer, req->witness);
    return LC_SYNC_ANSWER_NO_RESPONSE;
  }
  if ((req->kind == LC_SYNC_REQUEST_BLOCK) != (req->height != 0) || req->wait_ms != 0 ||
      (req->kind != LC_SYNC_REQUEST_BLOCK && req->kind != LC_SYNC_REQUEST_LATEST))
    snprintf(n->problem, sizeof n->problem, "request kind %d, height %" PRIu64 ", wait %" PRIu64, (int)req->kind,
             req->height, req->wait_ms);
  switch (nd->mode) {
  case NODE_SILENT:
    return LC_SYNC_ANSWER_NO_RESPONSE;
  case NODE_BAD:
    return LC_SYNC_ANSWER_BAD;
  case NODE_NOT_FOUND:
    return LC_SYNC_ANSWER_NOT_FOUND;
  case NODE_GARBAGE:
    light_block->ptr = (const uint8_t *)GARBAGE_JSON;
    light_block->len = strlen(GARBAGE_JSON);
    return LC_SYNC_ANSWER_BLOCK;
  case NODE_CHAIN:
  case NODE_LAGGING:
    break;
  }
  top = nd->mode == NODE_LAGGING && n->waited && nd->catch_up ? nd->catch_up : nd->top;
  h = req->kind == LC_SYNC_REQUEST_LATEST ? top : req->height;
  if (h > top) return LC_SYNC_ANSWER_HEIGHT_TOO_HIGH;
  if (h == 0 || h > DEVNET_MAX || !nd->chain[h - 1].p) return LC_SYNC_ANSWER_NOT_FOUND;
  light_block->ptr = nd->chain[h - 1].p;
  light_block->len = nd->chain[h - 1].n;
  n->served++;
  return LC_SYNC_ANSWER_BLOCK;
}

/* Drives `s` (then frees it): the verdict is `want`, and so is the result's. NULL if no result. */
static lc_sync_result *drive_and_finish(lc_sync *s, net *n, lc_status want, int line) {
  lc_sync_result *r = SENTINEL(lc_sync_result);
  status_is(CALL(lc_sync_drive(s, fetch_cb, n)), want, "lc_sync_drive", NULL, line);
  g_checks++;
  if (n->problem[0]) fail_at(line, "the callback got %s", n->problem);
  if (status_is(CALL(lc_sync_finish(s, &r)), LC_OK, "lc_sync_finish", NULL, line))
    status_is(CALL(lc_sync_result_verdict(r)), want, "lc_sync_result_verdict", NULL, line);
  else
    r = NULL;
  status_is(CALL(lc_sync_free(s)), LC_OK, "lc_sync_free", NULL, line);
  return r;
}

static lc_sync_result *sync_from_root(const devnet *d, const uint8_t *hash, uint64_t target, lc_time now, net *n,
                                      lc_status want, int line) {
  lc_sync *s = SENTINEL(lc_sync);
  if (!status_is(CALL(lc_sync_new_from_trust_root(d->root_height, hash, target, n->witnesses, NULL, now, &s)), LC_OK,
                 "lc_sync_new_from_trust_root", NULL, line))
    return NULL;
  return drive_and_finish(s, n, want, line);
}

static lc_sync_summary summary_of(const lc_sync_result *r, int line) {
  lc_sync_summary s;
  memset(&s, 0, sizeof s);
  status_is(CALL(lc_sync_result_get_summary(r, &s)), LC_OK, "lc_sync_result_get_summary", NULL, line);
  return s;
}

/* The result's verified heights are `want` (comma-separated; "" for none). */
static bool sync_heights_are(const lc_sync_result *r, const char *want, int line) {
  uint64_t got[DEVNET_MAX], expected[DEVNET_MAX];
  size_t count = 0, n = 0;
  bool same;
  for (const char *p = want; *p && n < DEVNET_MAX; p = strchr(p, ',') ? strchr(p, ',') + 1 : p + strlen(p))
    expected[n++] = u64(p);
  if (!status_is(CALL(lc_sync_result_verified_heights(r, got, DEVNET_MAX, &count)), LC_OK,
                 "lc_sync_result_verified_heights", NULL, line))
    return false;
  same = count == n;
  for (size_t i = 0; same && i < n; i++) same = got[i] == expected[i];
  g_checks++;
  if (!same)
    fail_at(line, "verified heights: %zu of them (first %" PRIu64 ", last %" PRIu64 "), expected %s", count,
            count ? got[0] : 0, count ? got[count < DEVNET_MAX ? count - 1 : 0] : 0, want);
  return same;
}

/* Witness `i` did `want` (and, for a no-response, answered `answer`; for a drop, `status`). */
static void witness_is(const lc_sync_result *r, size_t i, lc_witness_outcome want, int answer, lc_status status,
                       int line) {
  lc_sync_witness_info w;
  memset(&w, 0, sizeof w);
  if (!status_is(CALL(lc_sync_result_witness(r, i, &w)), LC_OK, "lc_sync_result_witness", NULL, line)) return;
  g_checks++;
  if (w.outcome != want || (answer >= 0 && (int)w.answer != answer) || w.status != status || !w.reason)
    fail_at(line, "witness %zu: outcome %d answer %d status %s, expected %d %d %s (reason \"%s\")", i, (int)w.outcome,
            (int)w.answer, lc_status_code(w.status), (int)want, answer, lc_status_code(status),
            w.reason ? w.reason : "(NULL)");
  g_checks++;
  if (w.reason && (w.reason[0] != 0) != (want != LC_WITNESS_CONFIRMED && want != LC_WITNESS_NOT_ASKED))
    fail_at(line, "witness %zu (outcome %d): reason \"%s\"", i, (int)want, w.reason);
}

/* The result verified and was confirmed at the devnet's target, with the live run's figures. */
static void check_honest(const devnet *d, const lc_sync_result *r, const char *heights, uint64_t fetched,
                         uint64_t start, int line) {
  lc_sync_summary s = summary_of(r, line);
  lc_header *h = SENTINEL(lc_header);
  lc_header_info hi;
  sync_heights_are(r, heights, line);
  g_checks++;
  if (s.verdict != LC_OK || s.height != d->target || memcmp(s.hash, d->top_hash, 32) || s.fetched != fetched ||
      s.start_height != start || s.attack)
    fail_at(line, "summary: verdict %s, height %" PRIu64 " hash %s, fetched %zu, start %" PRIu64 ", attack %d",
            lc_status_code(s.verdict), s.height, hexs(s.hash, 32), s.fetched, s.start_height, (int)s.attack);
  if (status_is(CALL(lc_sync_result_header(r, &h)), LC_OK, "lc_sync_result_header", NULL, line)) {
    if (EXPECT(lc_header_get_info(h, &hi), LC_OK))
      CHECK(hi.height == d->target && !memcmp(hi.hash, d->top_hash, 32) && !strcmp(hi.chain_id, "chain-fKi7Nj"),
            "verified header %" PRIu64 " %s %s", hi.height, hexs(hi.hash, 32), hi.chain_id);
    EXPECT(lc_header_free(h), LC_OK);
  }
}

/* One evidence of the attack against the live run's (f: kind conflicting_height common_height
 * total_voting_power ts_secs ts_nanos hash byzantine_addresses proto_hex). */
static void check_evidence(const lc_sync_result *r, lc_evidence_against which, char *const *f, int line) {
  lc_evidence_info e;
  uint8_t hash[32];
  size_t proto_len = 0, byz = 0;
  uint8_t *proto = unhex(f[8], &proto_len);
  static const char prefix[] = "{\"type\":\"tendermint/LightClientAttackEvidence\",\"value\":{";
  memset(&e, 0, sizeof e);
  if (!status_is(CALL(lc_sync_result_evidence(r, (uint32_t)which, &e)), LC_OK, "lc_sync_result_evidence", NULL,
                 line)) {
    free(proto);
    return;
  }
  g_checks++;
  if (strcmp(e.kind_name, f[0]) || (e.kind == LC_ATTACK_LUNATIC) != !strcmp(f[0], "lunatic") ||
      e.conflicting_height != u64(f[1]) || e.common_height != u64(f[2]) || e.total_voting_power != u64(f[3]) ||
      e.timestamp.unix_secs != (int64_t)u64(f[4]) || e.timestamp.nanos != (uint32_t)u64(f[5]))
    fail_at(line, "evidence %d: %s at %" PRIu64 " common %" PRIu64 " power %" PRIu64 " time %" PRId64 ".%09u",
            (int)which, e.kind_name, e.conflicting_height, e.common_height, e.total_voting_power,
            e.timestamp.unix_secs, e.timestamp.nanos);
  CHECK(unhex_fixed(f[6], hash, 32) && !memcmp(hash, e.hash, 32), "evidence %d hash %s, expected %s", (int)which,
        hexs(e.hash, 32), f[6]);
  CHECK(proto && e.proto.ptr && e.proto.len == proto_len && !memcmp(e.proto.ptr, proto, proto_len),
        "evidence %d: protobuf of %zu bytes (%s...), expected %zu bytes", (int)which, e.proto.len,
        hexs(e.proto.ptr, 16), proto_len);
  for (const char *p = f[7]; *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : p + strlen(p)) {
    uint8_t addr[20];
    char one[41];
    memcpy(one, p, 40);
    one[40] = 0;
    CHECK(unhex_fixed(one, addr, 20) && byz < e.byzantine_count && e.byzantine_addresses.len >= 20 * (byz + 1) &&
              !memcmp(e.byzantine_addresses.ptr + 20 * byz, addr, 20),
          "evidence %d: byzantine validator %zu is not %s", (int)which, byz, one);
    byz++;
  }
  CHECK(e.byzantine_count == byz && e.byzantine_addresses.len == 20 * byz, "evidence %d: %zu byzantine validators",
        (int)which, e.byzantine_count);
  CHECK(e.json.ptr && e.json.len > sizeof prefix && !memcmp(e.json.ptr, prefix, sizeof prefix - 1) &&
            e.json.ptr[e.json.len] == 0 && strlen((const char *)e.json.ptr) == e.json.len &&
            e.json.ptr[e.json.len - 1] == '}',
        "evidence %d: JSON of %zu bytes: %.80s", (int)which, e.json.len, e.json.ptr ? (const char *)e.json.ptr : "");
  free(proto);
}

/* The update concluded with the attack of the live fork run. */
static void check_attack(const devnet *d, const lc_sync_result *r, int line) {
  lc_sync_summary s = summary_of(r, line);
  lc_header *h = SENTINEL(lc_header);
  lc_light_client *c = SENTINEL(lc_light_client);
  g_checks++;
  if (s.verdict != LC_COMETBFT_ATTACK || !s.attack || s.attack_witness != 0 || s.attack_height != d->attack_height ||
      !s.attack_against_witness || s.primary != LC_SYNC_PEER_PRIMARY)
    fail_at(line, "summary: verdict %s, attack %d by witness %zu at %" PRIu64 ", against the witness %d",
            lc_status_code(s.verdict), (int)s.attack, s.attack_witness, s.attack_height, (int)s.attack_against_witness);
  witness_is(r, 0, LC_WITNESS_CONFLICT, LC_SYNC_ANSWER_BLOCK, LC_OK, line);
  /* Nothing of an attacked update is handed out as trusted. */
  status_is(CALL(lc_sync_result_header(r, &h)), LC_COMETBFT_ATTACK, "lc_sync_result_header", NULL, line);
  CHECK(h == NULL, "attacked: header %p", (void *)h);
  status_is(CALL(lc_light_client_from_sync(r, &c)), LC_COMETBFT_ATTACK, "lc_light_client_from_sync", NULL, line);
  CHECK(c == NULL, "attacked: client %p", (void *)c);
}

static bool load_devnet(const row *r, devnet *d) {
  char path[512];
  memset(d, 0, sizeof *d);
  d->r = r;
  d->target = u64(r->f[3]);
  d->root_height = u64(r->f[4]);
  d->now = secs_time((int64_t)u64(r->f[6]), 0);
  d->fetched = u64(r->f[8]);
  d->attack_height = u64(r->f[10]);
  for (const char *p = r->f[7]; *p && d->nheights < DEVNET_MAX; p = strchr(p, ',') ? strchr(p, ',') + 1 : p + strlen(p))
    d->heights[d->nheights++] = u64(p);
  d->after_root = strchr(r->f[7], ',') ? strchr(r->f[7], ',') + 1 : "";
  if (d->target < 2 || d->target > DEVNET_MAX || !unhex_fixed(r->f[5], d->root_hash, 32) ||
      !unhex_fixed(r->f[9], d->top_hash, 32) || d->nheights < 3 || d->heights[0] != d->root_height ||
      d->heights[1] < 8) {
    CHECK(false, "malformed sync row");
    return false;
  }
  for (uint64_t h = 1; h <= d->target; h++) {
    snprintf(path, sizeof path, "%s/a/%" PRIu64 ".json", r->f[2], h);
    d->a[h - 1] = slurp(path);
    snprintf(path, sizeof path, "%s/b/%" PRIu64 ".json", r->f[2], h);
    d->b[h - 1] = slurp(path);
    if (!d->a[h - 1].p || !d->b[h - 1].p) return false;
  }
  return true;
}

static void free_devnet(devnet *d) {
  for (size_t i = 0; i < DEVNET_MAX; i++) unslurp(&d->a[i]), unslurp(&d->b[i]);
}

/* Honest runs: the live run's heights, fetch count and hash, to a height and to the latest. */
static void sync_honest(const devnet *d) {
  const char *heights = d->r->f[7];
  net n;
  lc_sync_result *r;
  lc_light_client *c = SENTINEL(lc_light_client);
  set_case("sync: honest (primary a, witness a)");
  net_init(&n, chain_node(d->a, d->target), 1, chain_node(d->a, d->target));
  if ((r = sync_from_root(d, d->root_hash, d->target, d->now, &n, LC_OK, __LINE__))) {
    check_honest(d, r, heights, d->fetched, d->root_height, __LINE__);
    witness_is(r, 0, LC_WITNESS_CONFIRMED, LC_SYNC_ANSWER_BLOCK, LC_OK, __LINE__);
    CHECK(n.served == d->fetched && n.waits == 0, "served %lu blocks, waited %lu times", n.served, n.waits);
    /* No attack: no evidence. */
    {
      lc_evidence_info e;
      EXPECT_ARG(lc_sync_result_evidence(r, LC_EVIDENCE_AGAINST_PRIMARY, &e), LC_ERR_INVALID_ARGUMENT, "against");
    }
    /* A client from what the update established. */
    if (EXPECT(lc_light_client_from_sync(r, &c), LC_OK)) {
      heights_are(c, d->heights, d->nheights, __LINE__);
      EXPECT(lc_light_client_free(c), LC_OK);
    }
    EXPECT(lc_sync_result_free(r), LC_OK);
  }
  set_case("sync: honest, to the primary's latest block");
  net_init(&n, chain_node(d->a, d->target), 1, chain_node(d->a, d->target));
  if ((r = sync_from_root(d, d->root_hash, 0, d->now, &n, LC_OK, __LINE__))) {
    check_honest(d, r, heights, d->fetched, d->root_height, __LINE__);
    EXPECT(lc_sync_result_free(r), LC_OK);
  }
  set_case("sync: honest, every signature checked");
  {
    lc_light_options o = lc_light_options_default();
    lc_sync *s = SENTINEL(lc_sync);
    o.verify_all = true;
    net_init(&n, chain_node(d->a, d->target), 1, chain_node(d->a, d->target));
    if (EXPECT(lc_sync_new_from_trust_root(d->root_height, d->root_hash, d->target, 1, &o, d->now, &s), LC_OK) &&
        (r = drive_and_finish(s, &n, LC_OK, __LINE__))) {
      check_honest(d, r, heights, d->fetched, d->root_height, __LINE__);
      EXPECT(lc_sync_result_free(r), LC_OK);
    }
  }
}

/* The same update answered step by step (lc_sync_needed / lc_sync_feed_*), as an application
 * with asynchronous I/O drives it, with out-of-turn calls on the way. */
static void sync_stepwise(const devnet *d) {
  net n;
  lc_sync *s = SENTINEL(lc_sync);
  lc_sync_result *r = SENTINEL(lc_sync_result);
  lc_sync_request req, again;
  unsigned long steps = 0, calls;
  set_case("sync: step by step");
  net_init(&n, chain_node(d->a, d->target), 1, chain_node(d->a, d->target));
  if (!EXPECT(lc_sync_new_from_trust_root(d->root_height, d->root_hash, d->target, 1, NULL, d->now, &s), LC_OK))
    return;
  /* Before any answer: the root from the primary; nothing to finish yet; wrong answers refused. */
  memset(&req, 0xa5, sizeof req);
  if (EXPECT(lc_sync_needed(s, &req), LC_OK))
    CHECK(req.kind == LC_SYNC_REQUEST_BLOCK && req.peer == LC_SYNC_PEER_PRIMARY && req.witness == 0 &&
              req.height == d->root_height && req.wait_ms == 0,
          "first request: kind %d peer %d height %" PRIu64, (int)req.kind, (int)req.peer, req.height);
  EXPECT(lc_sync_finish(s, &r), LC_COMETBFT_SCHEDULE);
  CHECK(r == NULL, "unfinished: *out %p", (void *)r);
  EXPECT_ARG(lc_sync_feed_waited(s), LC_ERR_INVALID_ARGUMENT, "answer");
  EXPECT_ARG(lc_sync_feed_fault(s, LC_SYNC_ANSWER_BLOCK), LC_ERR_INVALID_ARGUMENT, "fault");
  EXPECT_ARG(lc_sync_feed_fault(s, LC_SYNC_ANSWER_WAITED), LC_ERR_INVALID_ARGUMENT, "fault");
  EXPECT_ARG(lc_sync_feed_fault(s, 0xffffffffu), LC_ERR_INVALID_ARGUMENT, "fault");
  EXPECT_ARG(lc_sync_feed_block(s, NULL, 0), LC_ERR_NULL_POINTER, "light_block");
  EXPECT_ARG(lc_sync_feed_block(s, d->a[0].p, 0), LC_ERR_INVALID_ARGUMENT, "light_block");
  EXPECT_ARG(lc_sync_needed(s, NULL), LC_ERR_NULL_POINTER, "out");
  if (EXPECT(lc_sync_needed(s, &again), LC_OK))
    CHECK(!memcmp(&req, &again, sizeof req), "the refused answers changed the request");
  /* Then every request answered as the callback would. */
  while (steps < 1000 && EXPECT(lc_sync_needed(s, &req), LC_OK) && req.kind != LC_SYNC_REQUEST_NONE) {
    lc_bytes block = {NULL, 0};
    int32_t answer = fetch_cb(&n, &req, &block);
    steps++;
    if (answer == LC_SYNC_ANSWER_BLOCK)
      EXPECT(lc_sync_feed_block(s, block.ptr, block.len), LC_OK);
    else if (answer == LC_SYNC_ANSWER_WAITED)
      EXPECT(lc_sync_feed_waited(s), LC_OK);
    else
      EXPECT(lc_sync_feed_fault(s, (uint32_t)answer), LC_OK);
  }
  CHECK(req.kind == LC_SYNC_REQUEST_NONE && req.peer == LC_SYNC_PEER_NONE && steps == d->fetched,
        "concluded after %lu answers (kind %d)", steps, (int)req.kind);
  CHECK(!n.problem[0], "the callback got %s", n.problem);
  EXPECT(lc_sync_feed_fault(s, LC_SYNC_ANSWER_NO_RESPONSE), LC_COMETBFT_SCHEDULE);
  EXPECT(lc_sync_feed_block(s, d->a[0].p, d->a[0].n), LC_COMETBFT_SCHEDULE);
  /* Driving a concluded update returns its verdict without a fetch. */
  calls = n.calls;
  EXPECT(lc_sync_drive(s, fetch_cb, &n), LC_OK);
  CHECK(n.calls == calls, "lc_sync_drive on a concluded update called fetch");
  if (EXPECT(lc_sync_finish(s, &r), LC_OK)) {
    lc_sync_result *twice = NULL;
    check_honest(d, r, d->r->f[7], d->fetched, d->root_height, __LINE__);
    /* Finished again: another result, the same outcome. */
    if (EXPECT(lc_sync_finish(s, &twice), LC_OK)) {
      CHECK(twice != r, "the same result handle twice");
      check_honest(d, twice, d->r->f[7], d->fetched, d->root_height, __LINE__);
      EXPECT(lc_sync_result_free(twice), LC_OK);
    }
    EXPECT(lc_sync_result_free(r), LC_OK);
  }
  EXPECT(lc_sync_free(s), LC_OK);
}

/* The fork: evidence byte-identical to what both networks' nodes accepted, both ways. */
static void sync_attack(const devnet *d) {
  net n;
  lc_sync_result *r, *swapped;
  lc_evidence_info forward_witness, back_primary;
  set_case("sync: attack (primary a, witness b)");
  net_init(&n, chain_node(d->a, d->target), 1, chain_node(d->b, d->target));
  if ((r = sync_from_root(d, d->root_hash, d->target, d->now, &n, LC_COMETBFT_ATTACK, __LINE__))) {
    check_attack(d, r, __LINE__);
    check_evidence(r, LC_EVIDENCE_AGAINST_PRIMARY, &d->r->f[11], __LINE__);
    check_evidence(r, LC_EVIDENCE_AGAINST_WITNESS, &d->r->f[20], __LINE__);
    EXPECT_ARG(lc_sync_result_evidence(r, 2, &forward_witness), LC_ERR_INVALID_ARGUMENT, "against");
    EXPECT_ARG(lc_sync_result_evidence(r, 0, NULL), LC_ERR_NULL_POINTER, "out");
    /* An attacked update changes no client. */
    {
      lc_light_client *c = NULL;
      const uint64_t want[] = {1};
      if (EXPECT(lc_light_client_new(d->a[0].p, d->a[0].n, NULL, &c), LC_OK)) {
        EXPECT(lc_light_client_apply_sync(c, r), LC_COMETBFT_ATTACK);
        heights_are(c, want, 1, __LINE__);
        EXPECT(lc_light_client_free(c), LC_OK);
      }
    }
    set_case("sync: attack with roles swapped (primary b, witness a)");
    net_init(&n, chain_node(d->b, d->target), 1, chain_node(d->a, d->target));
    if ((swapped = sync_from_root(d, d->root_hash, d->target, d->now, &n, LC_COMETBFT_ATTACK, __LINE__))) {
      lc_sync_summary s = summary_of(swapped, __LINE__);
      CHECK(s.attack && s.attack_witness == 0 && s.attack_against_witness && s.attack_height > 1 &&
                s.attack_height <= d->target,
            "swapped: attack %d at %" PRIu64, (int)s.attack, s.attack_height);
      witness_is(swapped, 0, LC_WITNESS_CONFLICT, LC_SYNC_ANSWER_BLOCK, LC_OK, __LINE__);
      /* The fork's block at the attack height accused; then, along the witness's own trace,
       * network a's block where the fork first differs (core/tests/cometbft_network.rs). */
      if (EXPECT(lc_sync_result_evidence(swapped, LC_EVIDENCE_AGAINST_PRIMARY, &back_primary), LC_OK))
        CHECK(back_primary.kind == LC_ATTACK_LUNATIC && back_primary.common_height == 1 &&
                  back_primary.conflicting_height == s.attack_height && back_primary.byzantine_count > 0,
              "swapped evidence against the primary: %s at %" PRIu64 " common %" PRIu64, back_primary.kind_name,
              back_primary.conflicting_height, back_primary.common_height);
      if (EXPECT(lc_sync_result_evidence(swapped, LC_EVIDENCE_AGAINST_WITNESS, &forward_witness), LC_OK))
        CHECK(forward_witness.conflicting_height > 1 && forward_witness.conflicting_height <= s.attack_height,
              "swapped evidence against the witness at %" PRIu64, forward_witness.conflicting_height);
      EXPECT(lc_sync_result_free(swapped), LC_OK);
    }
    EXPECT(lc_sync_result_free(r), LC_OK);
  }
}

/* Faults: a failing primary replaced, silent, garbage and lagging witnesses, a wrong root. */
static void sync_faults(const devnet *d) {
  net n;
  lc_sync_result *r;
  lc_sync *s = SENTINEL(lc_sync);
  uint8_t wrong[32];
  set_case("sync: the primary silent, replaced by witness 0");
  net_init(&n, mode_node(NODE_SILENT), 2, chain_node(d->a, d->target), chain_node(d->a, d->target));
  if ((r = sync_from_root(d, d->root_hash, d->target, d->now, &n, LC_OK, __LINE__))) {
    lc_sync_summary sum = summary_of(r, __LINE__);
    CHECK(sum.primary == LC_SYNC_PEER_WITNESS && sum.primary_witness == 0 && sum.witnesses == 2,
          "primary at the end: peer %d witness %zu of %zu", (int)sum.primary, sum.primary_witness, sum.witnesses);
    sync_heights_are(r, d->r->f[7], __LINE__);
    witness_is(r, 0, LC_WITNESS_PROMOTED, LC_SYNC_ANSWER_BLOCK, LC_OK, __LINE__);
    witness_is(r, 1, LC_WITNESS_CONFIRMED, LC_SYNC_ANSWER_BLOCK, LC_OK, __LINE__);
    CHECK(n.asked[0] == 1, "the silent primary was asked %lu times", n.asked[0]);
    EXPECT(lc_sync_result_free(r), LC_OK);
  }
  for (int variant = 0; variant < 3; variant++) {
    static const char *const what[] = {"bad answers", "garbage", "\"a block\" with no bytes"};
    set_case("sync: the primary serves %s, replaced by witness 0", what[variant]);
    net_init(&n, variant == 2 ? chain_node(d->a, d->target) : mode_node(variant ? NODE_GARBAGE : NODE_BAD), 2,
             chain_node(d->a, d->target), chain_node(d->a, d->target));
    if (variant == 2) n.once = LC_SYNC_ANSWER_BLOCK, n.once_set = true; /* *light_block left NULL */
    if ((r = sync_from_root(d, d->root_hash, d->target, d->now, &n, LC_OK, __LINE__))) {
      lc_sync_summary sum = summary_of(r, __LINE__);
      CHECK(sum.primary == LC_SYNC_PEER_WITNESS && sum.primary_witness == 0, "primary at the end: %d %zu",
            (int)sum.primary, sum.primary_witness);
      sync_heights_are(r, d->r->f[7], __LINE__);
      witness_is(r, 0, LC_WITNESS_PROMOTED, LC_SYNC_ANSWER_BLOCK, LC_OK, __LINE__);
      witness_is(r, 1, LC_WITNESS_CONFIRMED, LC_SYNC_ANSWER_BLOCK, LC_OK, __LINE__);
      EXPECT(lc_sync_result_free(r), LC_OK);
    }
  }
  set_case("sync: every witness silent");
  net_init(&n, chain_node(d->a, d->target), 2, mode_node(NODE_SILENT), mode_node(NODE_NOT_FOUND));
  if ((r = sync_from_root(d, d->root_hash, d->target, d->now, &n, LC_COMETBFT_WITNESS_NOT_CONFIRMED, __LINE__))) {
    lc_header *h = SENTINEL(lc_header);
    lc_light_client *c = NULL;
    witness_is(r, 0, LC_WITNESS_NO_RESPONSE, LC_SYNC_ANSWER_NO_RESPONSE, LC_OK, __LINE__);
    witness_is(r, 1, LC_WITNESS_NO_RESPONSE, LC_SYNC_ANSWER_NOT_FOUND, LC_OK, __LINE__);
    EXPECT(lc_sync_result_header(r, &h), LC_COMETBFT_WITNESS_NOT_CONFIRMED);
    CHECK(h == NULL, "unconfirmed: header %p", (void *)h);
    if (EXPECT(lc_light_client_new(d->a[0].p, d->a[0].n, NULL, &c), LC_OK)) {
      const uint64_t want[] = {1};
      EXPECT(lc_light_client_apply_sync(c, r), LC_COMETBFT_WITNESS_NOT_CONFIRMED);
      heights_are(c, want, 1, __LINE__);
      EXPECT(lc_light_client_free(c), LC_OK);
    }
    EXPECT(lc_sync_result_free(r), LC_OK);
  }
  set_case("sync: malformed JSON from witness 0");
  net_init(&n, chain_node(d->a, d->target), 2, mode_node(NODE_GARBAGE), chain_node(d->a, d->target));
  if ((r = sync_from_root(d, d->root_hash, d->target, d->now, &n, LC_OK, __LINE__))) {
    witness_is(r, 0, LC_WITNESS_DROPPED, LC_SYNC_ANSWER_BLOCK, LC_COMETBFT_DECODE, __LINE__);
    witness_is(r, 1, LC_WITNESS_CONFIRMED, LC_SYNC_ANSWER_BLOCK, LC_OK, __LINE__);
    CHECK(n.asked[1] == 1, "the dropped witness was asked %lu times", n.asked[1]);
    EXPECT(lc_sync_result_free(r), LC_OK);
  }
  set_case("sync: a wrong trusted hash");
  memcpy(wrong, d->root_hash, 32);
  wrong[31] ^= 1;
  net_init(&n, chain_node(d->a, d->target), 1, chain_node(d->a, d->target));
  if ((r = sync_from_root(d, wrong, d->target, d->now, &n, LC_COMETBFT_TRUST_ROOT_MISMATCH, __LINE__))) {
    lc_sync_summary sum = summary_of(r, __LINE__);
    CHECK(sum.verdict == LC_COMETBFT_TRUST_ROOT_MISMATCH && sum.height == 0 && sum.verified == 0 &&
              sum.start_height == 0,
          "summary: %s, height %" PRIu64 ", %zu verified", lc_status_code(sum.verdict), sum.height, sum.verified);
    sync_heights_are(r, "", __LINE__);
    witness_is(r, 0, LC_WITNESS_NOT_ASKED, LC_SYNC_ANSWER_BLOCK, LC_OK, __LINE__);
    EXPECT(lc_sync_result_free(r), LC_OK);
  }
  set_case("sync: the trust root outside the trusting period");
  net_init(&n, chain_node(d->a, d->target), 1, chain_node(d->a, d->target));
  r = sync_from_root(d, d->root_hash, d->target, secs_time(d->now.unix_secs + 15 * 86400, 0), &n,
                     LC_COMETBFT_TRUST_EXPIRED, __LINE__);
  if (r) EXPECT(lc_sync_result_free(r), LC_OK);
  set_case("sync: a lagging witness that catches up after the wait");
  net_init(&n, chain_node(d->a, d->target), 1, chain_node(d->a, d->target));
  n.witness[0].mode = NODE_LAGGING, n.witness[0].top = d->target - 10, n.witness[0].catch_up = d->target;
  if ((r = sync_from_root(d, d->root_hash, d->target, d->now, &n, LC_OK, __LINE__))) {
    witness_is(r, 0, LC_WITNESS_CONFIRMED, LC_SYNC_ANSWER_BLOCK, LC_OK, __LINE__);
    CHECK(n.waits == 1 && n.wait_ms == 30000, "waited %lu times, %" PRIu64 " ms (2 x 10 s drift + 10 s lag)", n.waits,
          n.wait_ms);
    EXPECT(lc_sync_result_free(r), LC_OK);
  }
  set_case("sync: a lagging witness that does not catch up, a shorter max block lag");
  net_init(&n, chain_node(d->a, d->target), 2, chain_node(d->a, d->target), mode_node(NODE_SILENT));
  n.witness[0].mode = NODE_LAGGING, n.witness[0].top = d->target - 10;
  if (EXPECT(lc_sync_new_from_trust_root(d->root_height, d->root_hash, d->target, 2, NULL, d->now, &s), LC_OK)) {
    EXPECT(lc_sync_set_max_block_lag_ms(s, 2500), LC_OK);
    if ((r = drive_and_finish(s, &n, LC_COMETBFT_WITNESS_NOT_CONFIRMED, __LINE__))) {
      witness_is(r, 0, LC_WITNESS_NO_RESPONSE, LC_SYNC_ANSWER_HEIGHT_TOO_HIGH, LC_OK, __LINE__);
      witness_is(r, 1, LC_WITNESS_NO_RESPONSE, LC_SYNC_ANSWER_NO_RESPONSE, LC_OK, __LINE__);
      CHECK(n.waits == 1 && n.wait_ms == 22500, "waited %lu times, %" PRIu64 " ms (2 x 10 s drift + 2.5 s lag)",
            n.waits, n.wait_ms);
      EXPECT(lc_sync_result_free(r), LC_OK);
    }
  }
}

/* Updates of an lc_light_client's trusted state: forwards (cross-checked), already trusted (no
 * fetch), backwards (hash links, no witness), from a light block, and applied to the client. */
static void sync_client(const devnet *d) {
  net n;
  lc_sync *s = SENTINEL(lc_sync);
  lc_sync_result *r;
  lc_light_client *c = NULL, *other = NULL;
  lc_header *h = SENTINEL(lc_header);
  lc_header_info hi;
  set_case("sync: from a light client");
  if (!EXPECT(lc_light_client_new(d->a[0].p, d->a[0].n, NULL, &c), LC_OK)) return;
  net_init(&n, chain_node(d->a, d->target), 1, chain_node(d->a, d->target));
  if (EXPECT(lc_sync_new_from_client(c, d->target, 1, d->now, &s), LC_OK) &&
      (r = drive_and_finish(s, &n, LC_OK, __LINE__))) {
    lc_sync_summary sum = summary_of(r, __LINE__);
    CHECK(sum.start_height == 1 && sum.height == d->target && sum.fetched == d->fetched - 2,
          "from the client: start %" PRIu64 ", height %" PRIu64 ", fetched %zu", sum.start_height, sum.height,
          sum.fetched);
    EXPECT(lc_light_client_apply_sync(c, r), LC_OK);
    sync_heights_are(r, d->after_root, __LINE__);
    heights_are(c, d->heights, d->nheights, __LINE__);
    /* A client of another chain does not take it. */
    {
      blob val4 = slurp(VAL4(1));
      if (val4.p && EXPECT(lc_light_client_new(val4.p, val4.n, NULL, &other), LC_OK)) {
        EXPECT(lc_light_client_apply_sync(other, r), LC_COMETBFT_HEADER_CHAIN_ID);
        EXPECT(lc_light_client_free(other), LC_OK);
      }
      unslurp(&val4);
    }
    EXPECT(lc_sync_result_free(r), LC_OK);
  }
  set_case("sync: from a light client, a height it trusts");
  net_init(&n, chain_node(d->a, d->target), 1, chain_node(d->a, d->target));
  if (EXPECT(lc_sync_new_from_client(c, d->heights[1], 1, d->now, &s), LC_OK) &&
      (r = drive_and_finish(s, &n, LC_OK, __LINE__))) {
    CHECK(n.calls == 0, "a trusted height fetched %lu times", n.calls);
    sync_heights_are(r, "", __LINE__);
    if (EXPECT(lc_sync_result_header(r, &h), LC_OK)) {
      if (EXPECT(lc_header_get_info(h, &hi), LC_OK)) CHECK(hi.height == d->heights[1], "header at %" PRIu64, hi.height);
      EXPECT(lc_header_free(h), LC_OK);
    }
    EXPECT(lc_sync_result_free(r), LC_OK);
  }
  set_case("sync: from a light client, backwards by hash links");
  net_init(&n, chain_node(d->a, d->target), 1, mode_node(NODE_SILENT));
  if (EXPECT(lc_sync_new_from_client(c, d->heights[1] - 6, 1, d->now, &s), LC_OK) &&
      (r = drive_and_finish(s, &n, LC_OK, __LINE__))) {
    size_t count = 0;
    lc_sync_summary sum = summary_of(r, __LINE__);
    EXPECT(lc_sync_result_verified_heights(r, NULL, 0, &count), LC_OK);
    CHECK(count == 6 && sum.start_height == d->heights[1] && sum.height == d->heights[1] - 6 && n.asked[1] == 0 &&
              n.asked[0] == 6,
          "backwards 6 heights: %zu verified, start %" PRIu64 ", at %" PRIu64 ", primary asked %lu, witness %lu",
          count, sum.start_height, sum.height, n.asked[0], n.asked[1]);
    if (EXPECT(lc_sync_result_header(r, &h), LC_OK)) {
      if (EXPECT(lc_header_get_info(h, &hi), LC_OK))
        CHECK(hi.height == d->heights[1] - 6, "backwards: header at %" PRIu64, hi.height);
      EXPECT(lc_header_free(h), LC_OK);
    }
    witness_is(r, 0, LC_WITNESS_NOT_ASKED, LC_SYNC_ANSWER_BLOCK, LC_OK, __LINE__);
    if (EXPECT(lc_light_client_apply_sync(c, r), LC_OK)) {
      size_t total = 0;
      EXPECT(lc_light_client_trusted_heights(c, NULL, 0, &total), LC_OK);
      CHECK(total == d->nheights + 6, "the client trusts %zu heights after going back 6", total);
    }
    EXPECT(lc_sync_result_free(r), LC_OK);
  }
  set_case("sync: from a light block, to the latest");
  net_init(&n, chain_node(d->a, d->target), 1, chain_node(d->a, d->target));
  if (EXPECT(lc_sync_new(d->a[0].p, d->a[0].n, 0, 1, NULL, d->now, &s), LC_OK) &&
      (r = drive_and_finish(s, &n, LC_OK, __LINE__))) {
    check_honest(d, r, d->after_root, d->fetched - 2, 1, __LINE__);
    EXPECT(lc_sync_result_free(r), LC_OK);
  }
  EXPECT(lc_light_client_free(c), LC_OK);
}

/* Misuse: arguments, callback answers, re-entry, handles. */
static void sync_misuse(const devnet *d) {
  net n;
  lc_sync *s = SENTINEL(lc_sync), *s2 = NULL;
  lc_sync_result *r = SENTINEL(lc_sync_result);
  lc_light_options bad = lc_light_options_default();
  lc_sync_summary sum;
  lc_sync_witness_info wi;
  lc_evidence_info ei;
  size_t count;
  set_case("sync: arguments");
  EXPECT_ARG(lc_sync_new_from_trust_root(1, NULL, 0, 1, NULL, d->now, &s), LC_ERR_NULL_POINTER, "trusted_hash");
  CHECK(s == NULL, "failed, *out %p", (void *)s);
  EXPECT_ARG(lc_sync_new_from_trust_root(0, d->root_hash, 0, 1, NULL, d->now, &s), LC_ERR_INVALID_ARGUMENT,
             "trusted_height");
  EXPECT_ARG(lc_sync_new_from_trust_root(1, d->root_hash, 0, 1, NULL, d->now, NULL), LC_ERR_NULL_POINTER, "out");
  EXPECT(lc_sync_new_from_trust_root(1, d->root_hash, 0, 0, NULL, d->now, &s), LC_COMETBFT_WITNESS_NONE);
  EXPECT_ARG(lc_sync_new_from_trust_root(1, d->root_hash, 0, LC_SYNC_MAX_WITNESSES + 1, NULL, d->now, &s),
             LC_ERR_INVALID_ARGUMENT, "witnesses");
  EXPECT_ARG(lc_sync_new_from_trust_root(1, d->root_hash, 0, 1, NULL, secs_time(d->now.unix_secs, 1000000000u), &s),
             LC_ERR_INVALID_ARGUMENT, "now");
  bad.trust_numerator = 1, bad.trust_denominator = 4;
  EXPECT(lc_sync_new_from_trust_root(1, d->root_hash, 0, 1, &bad, d->now, &s), LC_COMETBFT_OPTIONS_INVALID);
  EXPECT_ARG(lc_sync_new(NULL, 0, 0, 1, NULL, d->now, &s), LC_ERR_NULL_POINTER, "trusted_block");
  EXPECT(lc_sync_new((const uint8_t *)GARBAGE_JSON, strlen(GARBAGE_JSON), 0, 1, NULL, d->now, &s),
         LC_COMETBFT_DECODE);
  EXPECT(lc_sync_new(d->a[0].p, d->a[0].n, 0, 0, NULL, d->now, &s), LC_COMETBFT_WITNESS_NONE);
  CHECK(s == NULL, "failed, *out %p", (void *)s);
  EXPECT_ARG(lc_sync_new_from_client(NULL, 0, 1, d->now, &s), LC_ERR_NULL_POINTER, "client");
  EXPECT_ARG(lc_sync_drive(NULL, fetch_cb, &n), LC_ERR_NULL_POINTER, "sync");
  EXPECT_ARG(lc_sync_needed(NULL, NULL), LC_ERR_NULL_POINTER, "out");
  EXPECT_ARG(lc_sync_feed_waited(NULL), LC_ERR_NULL_POINTER, "sync");
  EXPECT_ARG(lc_sync_feed_fault(NULL, LC_SYNC_ANSWER_NOT_FOUND), LC_ERR_NULL_POINTER, "sync");
  EXPECT_ARG(lc_sync_feed_block(NULL, d->a[0].p, d->a[0].n), LC_ERR_NULL_POINTER, "sync");
  EXPECT_ARG(lc_sync_set_max_block_lag_ms(NULL, 1), LC_ERR_NULL_POINTER, "sync");
  EXPECT_ARG(lc_sync_finish(NULL, &r), LC_ERR_NULL_POINTER, "sync");
  CHECK(r == NULL, "failed, *out %p", (void *)r);
  EXPECT_ARG(lc_sync_result_verdict(NULL), LC_ERR_NULL_POINTER, "result");
  EXPECT_ARG(lc_sync_result_get_summary(NULL, &sum), LC_ERR_NULL_POINTER, "result");
  EXPECT_ARG(lc_sync_result_verified_heights(NULL, NULL, 0, &count), LC_ERR_NULL_POINTER, "result");
  EXPECT_ARG(lc_sync_result_witness(NULL, 0, &wi), LC_ERR_NULL_POINTER, "result");
  EXPECT_ARG(lc_sync_result_evidence(NULL, 0, &ei), LC_ERR_NULL_POINTER, "result");
  EXPECT_ARG(lc_light_client_apply_sync(NULL, NULL), LC_ERR_NULL_POINTER, "result");
  EXPECT_ARG(lc_light_client_from_sync(NULL, NULL), LC_ERR_NULL_POINTER, "out");

  set_case("sync: callback answers it may not give, re-entry");
  net_init(&n, chain_node(d->a, d->target), 1, chain_node(d->a, d->target));
  if (!EXPECT(lc_sync_new_from_trust_root(d->root_height, d->root_hash, d->target, 1, NULL, d->now, &s), LC_OK))
    return;
  EXPECT_ARG(lc_sync_drive(s, NULL, &n), LC_ERR_NULL_POINTER, "fetch");
  n.once = 77, n.once_set = true;
  EXPECT_ARG(lc_sync_drive(s, fetch_cb, &n), LC_ERR_INVALID_ARGUMENT, "answer");
  n.once = -1, n.once_set = true;
  EXPECT_ARG(lc_sync_drive(s, fetch_cb, &n), LC_ERR_INVALID_ARGUMENT, "answer");
  n.once = LC_SYNC_ANSWER_WAITED, n.once_set = true;
  EXPECT_ARG(lc_sync_drive(s, fetch_cb, &n), LC_ERR_INVALID_ARGUMENT, "answer");
  CHECK(n.calls == 3 && n.served == 0, "%lu calls, %lu served", n.calls, n.served);
  {
    lc_sync_request req;
    if (EXPECT(lc_sync_needed(s, &req), LC_OK))
      CHECK(req.kind == LC_SYNC_REQUEST_BLOCK && req.peer == LC_SYNC_PEER_PRIMARY && req.height == d->root_height,
            "refused answers moved the update on: kind %d height %" PRIu64, (int)req.kind, req.height);
  }
  /* Re-entered from its own callback: busy; then driven to the honest end from where it was. */
  n.reenter = s;
  if (EXPECT(lc_sync_drive(s, fetch_cb, &n), LC_OK)) {
    CHECK(n.reentry[0] == LC_ERR_BUSY && n.reentry[1] == LC_ERR_BUSY && n.reentry[2] == LC_ERR_BUSY,
          "re-entrant calls: %s, %s, %s", lc_status_code(n.reentry[0]), lc_status_code(n.reentry[1]),
          lc_status_code(n.reentry[2]));
    g_seen[LC_ERR_BUSY] = true;
    if (EXPECT(lc_sync_finish(s, &r), LC_OK)) {
      check_honest(d, r, d->r->f[7], d->fetched, d->root_height, __LINE__);
      EXPECT_ARG(lc_sync_result_witness(r, 1, &wi), LC_ERR_INVALID_ARGUMENT, "index");
      EXPECT_ARG(lc_sync_result_witness(r, 0, NULL), LC_ERR_NULL_POINTER, "out");
      EXPECT_ARG(lc_sync_result_get_summary(r, NULL), LC_ERR_NULL_POINTER, "out");
      EXPECT_ARG(lc_sync_result_verified_heights(r, NULL, 1, &count), LC_ERR_NULL_POINTER, "heights");
      EXPECT_ARG(lc_sync_result_verified_heights(r, NULL, 0, NULL), LC_ERR_NULL_POINTER, "count");
      EXPECT_ARG(lc_sync_result_header(r, NULL), LC_ERR_NULL_POINTER, "out");
      EXPECT_ARG(lc_light_client_apply_sync(NULL, r), LC_ERR_NULL_POINTER, "client");
      /* Handles of one kind are not the other. */
      set_case("sync: handles");
      EXPECT_ARG(lc_sync_needed((const lc_sync *)(const void *)r, &(lc_sync_request){0}), LC_ERR_INVALID_HANDLE,
                 "sync");
      EXPECT_ARG(lc_sync_free((lc_sync *)(void *)r), LC_ERR_INVALID_HANDLE, "sync");
      EXPECT_ARG(lc_sync_result_verdict((const lc_sync_result *)(const void *)s), LC_ERR_INVALID_HANDLE, "result");
      EXPECT_ARG(lc_sync_result_free((lc_sync_result *)(void *)s), LC_ERR_INVALID_HANDLE, "result");
      EXPECT_ARG(lc_header_free((lc_header *)(void *)r), LC_ERR_INVALID_HANDLE, "header");
      EXPECT_ARG(lc_light_client_free((lc_light_client *)(void *)s), LC_ERR_INVALID_HANDLE, "client");
      EXPECT_ARG(lc_light_client_apply_sync((lc_light_client *)(void *)s, r), LC_ERR_INVALID_HANDLE, "client");
      EXPECT_ARG(lc_sync_new_from_client((const lc_light_client *)(const void *)s, 0, 1, d->now, &s2),
                 LC_ERR_INVALID_HANDLE, "client");
      EXPECT(lc_sync_result_free(r), LC_OK);
      EXPECT_ARG(lc_sync_result_free(r), LC_ERR_INVALID_HANDLE, "result");
      EXPECT_ARG(lc_sync_result_verdict(r), LC_ERR_INVALID_HANDLE, "result");
    }
  }
  EXPECT(lc_sync_free(s), LC_OK);
  EXPECT_ARG(lc_sync_free(s), LC_ERR_INVALID_HANDLE, "sync");
  EXPECT_ARG(lc_sync_drive(s, fetch_cb, &n), LC_ERR_INVALID_HANDLE, "sync");
  EXPECT(lc_sync_free(NULL), LC_OK);
  EXPECT(lc_sync_result_free(NULL), LC_OK);
}

/* sync dir target trusted_height trusted_hash now honest_heights honest_fetched honest_hash
 * attack_height, then the evidence against the primary and against the witness (9 fields each). */
static void run_sync(const row *r) {
  devnet *d = calloc(1, sizeof *d);
  if (!d) return;
  if (load_devnet(r, d)) {
    sync_honest(d);
    sync_stepwise(d);
    sync_attack(d);
    sync_faults(d);
    sync_client(d);
    sync_misuse(d);
  }
  free_devnet(d);
  free(d);
}

/* ---- zk ----------------------------------------------------------------------------------- */

/* zk name vka proof srs|- instances|- mode(json|raw|pin|wrongpin) code num_instances */
static void run_zk(const row *r) {
  char *const *f = r->f;
  blob vka = slurp(f[2]), proof = slurp(f[3]), srs = {NULL, 0}, inst = {NULL, 0};
  uint8_t digest[32], wrong[32];
  const uint8_t *pin = NULL;
  lc_zk_verified out;
  lc_status s, ds;
  bool vka_ok = strcmp(f[7], "zk.vka.invalid") != 0;
  set_case("%s (%s, %s)", f[1], f[2], f[3]);
  memset(&out, 0, sizeof out);
  memset(wrong, 0x11, sizeof wrong);
  if (!vka.p || !proof.p) goto done;
  if (!absent(f[4])) srs = slurp(f[4]);
  if (!absent(f[5])) inst = slurp(f[5]);
  ds = CALL(lc_zk_vka_digest(vka.p, vka.n, digest));
  status_is(ds, vka_ok ? LC_OK : LC_ZK_VKA_INVALID, "lc_zk_vka_digest", NULL, __LINE__);
  if (!strcmp(f[6], "pin")) pin = digest;
  if (!strcmp(f[6], "wrongpin")) pin = wrong;
  s = CALL(lc_zk_verify(vka.p, vka.n, proof.p, proof.n, inst.p, inst.n, srs.p, srs.n, pin, &out));
  if (code_is(s, f[7], "lc_zk_verify", __LINE__) && s == LC_OK) {
    CHECK(out.num_instances == (size_t)u64(f[8]), "num_instances %zu, expected %s", out.num_instances, f[8]);
    CHECK(ds == LC_OK && !memcmp(out.vka_digest, digest, 32), "vka_digest %s, lc_zk_vka_digest %s",
          hexs(out.vka_digest, 32), hexs(digest, 32));
  }
done:
  unslurp(&vka), unslurp(&proof), unslurp(&srs), unslurp(&inst);
}

/* ---- OpenGradient ------------------------------------------------------------------------- */

/* ogresp name request response key content|- expected_tee|- code tee_id request_hash output_hash timestamp */
static void run_ogresp(const row *r) {
  char *const *f = r->f;
  blob req = slurp(f[2]), resp = slurp(f[3]), key = slurp(f[4]), content = {NULL, 0};
  lc_og_response_options opts;
  lc_og_response out;
  uint8_t tee[32], want[32], expected_tee[32];
  bool has_opts = false;
  lc_status s;
  set_case("%s (%s)", f[1], f[3]);
  memset(&opts, 0, sizeof opts);
  memset(&out, 0, sizeof out);
  if (!req.p || !resp.p || !key.p) goto done;
  if (!absent(f[5])) {
    content = slurp(f[5]);
    opts.content = (const char *)content.p, opts.content_len = content.n, has_opts = true;
  }
  if (!absent(f[6])) {
    unhex_fixed(f[6], expected_tee, 32);
    opts.expected_tee_id = expected_tee, has_opts = true;
  }
  s = CALL(lc_og_verify_response(req.p, req.n, resp.p, resp.n, key.p, key.n, has_opts ? &opts : NULL, &out));
  if (code_is(s, f[7], "lc_og_verify_response", __LINE__) && s == LC_OK) {
    if (!absent(f[8]))
      CHECK(unhex_fixed(f[8], want, 32) && !memcmp(out.tee_id, want, 32), "tee_id %s, expected %s",
            hexs(out.tee_id, 32), f[8]);
    if (!absent(f[9]))
      CHECK(unhex_fixed(f[9], want, 32) && !memcmp(out.request_hash, want, 32), "request_hash %s, expected %s",
            hexs(out.request_hash, 32), f[9]);
    if (!absent(f[10]))
      CHECK(unhex_fixed(f[10], want, 32) && !memcmp(out.output_hash, want, 32), "output_hash %s, expected %s",
            hexs(out.output_hash, 32), f[10]);
    if (!absent(f[11])) CHECK(out.timestamp == u64(f[11]), "timestamp %" PRIu64 ", expected %s", out.timestamp, f[11]);
    memset(want, 0, 32);
    CHECK(memcmp(out.msg_hash, want, 32) != 0, "msg_hash is zero");
    if (EXPECT(lc_og_tee_id(key.p, key.n, tee), LC_OK))
      CHECK(!memcmp(tee, out.tee_id, 32), "lc_og_tee_id %s != response tee_id %s", hexs(tee, 32), hexs(out.tee_id, 32));
  }
done:
  unslurp(&req), unslurp(&resp), unslurp(&key), unslurp(&content);
}

/* teeid name key code tee_id */
static void run_teeid(const row *r) {
  char *const *f = r->f;
  blob key = slurp(f[2]);
  uint8_t tee[32], want[32];
  lc_status s;
  set_case("%s (%s)", f[1], f[2]);
  if (!key.p) return;
  s = CALL(lc_og_tee_id(key.p, key.n, tee));
  if (code_is(s, f[3], "lc_og_tee_id", __LINE__) && s == LC_OK)
    CHECK(unhex_fixed(f[4], want, 32) && !memcmp(tee, want, 32), "tee_id %s, expected %s", hexs(tee, 32), f[4]);
  unslurp(&key);
}

static const char *const k_links[LC_OG_LINK_COUNT] = {"response_signature", "attestation", "enclave_binding",
                                                      "header_trust",       "inclusion",   "settlement_match"};
static const char *const k_states[] = {"?", "verified", "failed", "missing"};

/* bundle name bundle trusted now pcr_hash|- verdict code failed_link|- links(,) height mode attested overdue */
static void run_bundle(const row *r) {
  char *const *f = r->f;
  blob bundle = slurp(f[2]), trusted = slurp(f[3]);
  lc_og_bundle_policy policy = lc_og_bundle_policy_default();
  lc_og_report *report = SENTINEL(lc_og_report);
  lc_og_summary sum;
  lc_og_link_info link;
  lc_bytes json;
  uint8_t pcr_hash[32];
  char states[256];
  const char *want_verdict = f[6];
  lc_status s;
  set_case("%s (%s)", f[1], f[2]);
  if (!bundle.p || !trusted.p) goto done;
  if (!absent(f[5])) {
    unhex_fixed(f[5], pcr_hash, 32);
    policy.pcr_hash = pcr_hash;
  }
  s = CALL(lc_og_verify_bundle(bundle.p, bundle.n, trusted.p, trusted.n, secs_time(strtoll(f[4], NULL, 10), 0), &policy,
                               &report));
  if (!strcmp(want_verdict, "unreadable")) {
    code_is(s, f[7], "lc_og_verify_bundle (unreadable)", __LINE__);
    CHECK(report == NULL, "failed, but *out is %p", (void *)report);
    goto done;
  }
  if (!status_is(s, LC_OK, "lc_og_verify_bundle", NULL, __LINE__)) goto done;
  memset(&sum, 0, sizeof sum);
  if (EXPECT(lc_og_report_get_summary(report, &sum), LC_OK)) {
    static const char *const verdicts[] = {"?", "settled", "pending", "rejected"};
    const char *got = sum.verdict >= 1 && sum.verdict <= 3 ? verdicts[sum.verdict] : "?";
    CHECK(!strcmp(got, want_verdict), "verdict %s, expected %s", got, want_verdict);
    if (sum.verdict == LC_OG_REJECTED) {
      if (sum.status >= 0 && sum.status < MAX_STATUS) g_seen[sum.status] = true;
      CHECK(!strcmp(lc_status_code(sum.status), f[7]), "summary status %s, expected %s", lc_status_code(sum.status),
            f[7]);
      CHECK((unsigned)sum.failed_link < LC_OG_LINK_COUNT && !strcmp(k_links[sum.failed_link], f[8]),
            "failed link %d, expected %s", (int)sum.failed_link, f[8]);
      CHECK(sum.mode == LC_OG_MODE_NONE && sum.height == 0, "rejected with mode %d height %" PRIu64, (int)sum.mode,
            sum.height);
    }
    if (sum.verdict == LC_OG_SETTLED) {
      const char *mode = sum.mode == LC_OG_MODE_INDIVIDUAL ? "individual"
                         : sum.mode == LC_OG_MODE_BATCH    ? "batch"
                                                           : "none";
      CHECK(sum.height == u64(f[10]), "settled at %" PRIu64 ", expected %s", sum.height, f[10]);
      CHECK(!strcmp(mode, f[11]), "mode %s, expected %s", mode, f[11]);
      CHECK(sum.time.unix_secs > 1700000000, "settlement time %" PRId64, sum.time.unix_secs);
      CHECK(sum.status == LC_OK, "settled with status %s", lc_status_code(sum.status));
    }
    if (sum.verdict == LC_OG_PENDING) {
      CHECK(sum.attested == (f[12][0] == '1'), "attested %d, expected %s", sum.attested, f[12]);
      CHECK(sum.overdue == (f[13][0] == '1'), "overdue %d, expected %s", sum.overdue, f[13]);
      CHECK(sum.bound_secs == 900 && sum.overdue == (sum.since_response_secs > sum.bound_secs),
            "bound %" PRIu64 ", since %" PRIu64 ", overdue %d", sum.bound_secs, sum.since_response_secs, sum.overdue);
    }
  }
  states[0] = 0;
  for (uint32_t i = 0; i < LC_OG_LINK_COUNT; i++) {
    memset(&link, 0, sizeof link);
    if (!EXPECT(lc_og_report_get_link(report, i, &link), LC_OK)) continue;
    strcat(states, i ? "," : "");
    strcat(states, link.state >= 1 && link.state <= 3 ? k_states[link.state] : "?");
    CHECK(link.detail && link.detail[0], "link %s: empty detail", k_links[i]);
    if (link.state == LC_OG_LINK_FAILED) {
      CHECK(!strcmp(lc_status_code(link.status), f[7]), "link %s status %s, expected %s", k_links[i],
            lc_status_code(link.status), f[7]);
    } else {
      CHECK(link.status == LC_OK, "link %s is %d with status %s", k_links[i], (int)link.state,
            lc_status_code(link.status));
    }
  }
  CHECK(!strcmp(states, f[9]), "links %s, expected %s", states, f[9]);
  memset(&json, 0, sizeof json);
  if (EXPECT(lc_og_report_json(report, &json), LC_OK))
    CHECK(json.ptr && json.len > 2 && json.ptr[0] == '{' && json.ptr[json.len - 1] == '}', "report JSON: %zu bytes",
          json.len);
  EXPECT(lc_og_report_free(report), LC_OK);
done:
  unslurp(&bundle), unslurp(&trusted);
}

/* ---- misuse: every function's pointer, length and handle arguments ------------------------ */

#define SETTLED_BUNDLE "test-vectors/settlement/settled-individual.json"
#define TRUSTED_STATE "test-vectors/settlement/trusted.json"
static const lc_time SETTLEMENT_NOW = {1770000600, 0};

typedef struct {
  blob doc, root, b1, b2, bundle, trusted, key, req, resp, vka, proof, srs, txh, txp;
} inputs;

/* The first case of `kind` whose field `i` is `value` (and, if given, field `j` is `value2`). */
static const row *find_row(const char *kind, int i, const char *value, int j, const char *value2) {
  for (size_t k = 0; k < g_nrows; k++)
    if (!strcmp(g_rows[k].f[0], kind) && !strcmp(g_rows[k].f[i], value) && (j < 0 || !strcmp(g_rows[k].f[j], value2)))
      return &g_rows[k];
  return NULL;
}

/* Inputs of the misuse, handle and thread tests: fixed vector files, plus a verified TEE
 * response (the first plain one), zk proof and tx proof of the case list. */
static void load_inputs(inputs *in) {
  const row *og = NULL, *zk = find_row("zk", 7, "ok", 6, "json"), *tx = find_row("tx", 4, "ok", -1, NULL);
  for (size_t k = 0; k < g_nrows && !og; k++) {
    const row *r = &g_rows[k];
    if (!strcmp(r->f[0], "ogresp") && !strcmp(r->f[7], "ok") && absent(r->f[5]) && absent(r->f[6]) &&
        strstr(r->f[4], "key-test.pem"))
      og = r;
  }
  memset(in, 0, sizeof *in);
  in->doc = slurp(NITRO_DOC), in->root = slurp(NITRO_ROOT), in->b1 = slurp(VAL4(1)), in->b2 = slurp(VAL4(2));
  in->bundle = slurp(SETTLED_BUNDLE), in->trusted = slurp(TRUSTED_STATE);
  if (og) in->req = slurp(og->f[2]), in->resp = slurp(og->f[3]), in->key = slurp(og->f[4]);
  if (zk && !absent(zk->f[4])) in->vka = slurp(zk->f[2]), in->proof = slurp(zk->f[3]), in->srs = slurp(zk->f[4]);
  if (tx) in->txh = slurp(tx->f[2]), in->txp = slurp(tx->f[3]);
}

static void free_inputs(inputs *in) {
  blob *all[] = {&in->doc, &in->root, &in->b1,  &in->b2,    &in->bundle, &in->trusted, &in->key,
                 &in->req, &in->resp, &in->vka, &in->proof, &in->srs,    &in->txh,     &in->txp};
  for (size_t i = 0; i < sizeof all / sizeof *all; i++) unslurp(all[i]);
}

static bool inputs_ok(const inputs *in) {
  return in->doc.p && in->root.p && in->b1.p && in->b2.p && in->bundle.p && in->trusted.p && in->key.p && in->req.p &&
         in->resp.p && in->vka.p && in->proof.p && in->srs.p && in->txh.p && in->txp.p;
}

static void test_misuse(const inputs *in) {
  static const uint8_t small[16] = {0x7b, 0x7d};
  const size_t big = (size_t)LC_MAX_INPUT_LEN + 1;
  const lc_time t = ms_time(NITRO_AT), bad_t = {t.unix_secs, 1000000000u}, before_1970 = {-1, 0};
  lc_nitro_policy p = lc_nitro_policy_default();
  lc_bytes root = {in->root.p, in->root.n}, roots[LC_MAX_ROOTS + 1], page = {in->b2.p, in->b2.n};
  lc_pcr pcr = {0, {0}}, set_pcrs[33];
  lc_pcr_set sets[LC_MAX_PCR_SETS + 1];
  lc_attestation *a = SENTINEL(lc_attestation);
  lc_header *h = SENTINEL(lc_header);
  lc_light_client *lc = SENTINEL(lc_light_client);
  lc_og_report *rep = SENTINEL(lc_og_report);
  lc_buffer *buf = SENTINEL(lc_buffer);
  lc_attestation_info ainfo;
  lc_header_info hinfo;
  lc_proven_tx tx;
  lc_og_response resp;
  lc_og_response_options ro;
  lc_og_summary sum;
  lc_og_link_info link;
  lc_zk_verified zk;
  lc_bytes bytes;
  uint8_t out32[32], pcr48[48];
  uint64_t u = 0;
  size_t count = 0;
  set_case("misuse");
  p.roots = &root, p.roots_len = 1;

  /* lc_nitro_verify: every pointer and length, the time, the policy's pointers. */
  EXPECT_ARG(lc_nitro_verify(NULL, 0, t, &p, &a), LC_ERR_NULL_POINTER, "document");
  CHECK(a == NULL, "lc_nitro_verify failed, *out %p", (void *)a);
  EXPECT_ARG(lc_nitro_verify(NULL, 100, t, &p, &a), LC_ERR_NULL_POINTER, "document");
  EXPECT_ARG(lc_nitro_verify(in->doc.p, 0, t, &p, &a), LC_ERR_INVALID_ARGUMENT, "document");
  EXPECT_ARG(lc_nitro_verify(small, big, t, &p, &a), LC_INPUT_TOO_LARGE, "document");
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, NULL), LC_ERR_NULL_POINTER, "out");
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, bad_t, &p, &a), LC_ERR_INVALID_ARGUMENT, "now");
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, before_1970, &p, &a), LC_ERR_INVALID_ARGUMENT, "now");
  p.expected_pcrs_len = 1;
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_ERR_NULL_POINTER, "policy.expected_pcrs");
  p.expected_pcrs = &pcr, p.expected_pcrs_len = 33;
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_ERR_INVALID_ARGUMENT, "policy.expected_pcrs_len");
  p.expected_pcrs_len = 1, pcr.index = 32;
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_ERR_INVALID_ARGUMENT,
             "policy.expected_pcrs[0].index");
  p.expected_pcrs = NULL, p.expected_pcrs_len = 0;
  pcr.index = 0;
  p.pcr_sets_len = 1;
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_ERR_NULL_POINTER, "policy.pcr_sets");
  for (size_t i = 0; i <= LC_MAX_PCR_SETS; i++) sets[i].pcrs = &pcr, sets[i].pcrs_len = 1;
  p.pcr_sets = sets, p.pcr_sets_len = LC_MAX_PCR_SETS + 1;
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_ERR_INVALID_ARGUMENT, "policy.pcr_sets_len");
  p.pcr_sets_len = LC_MAX_PCR_SETS; /* sixteen sets are fine (PCR0 is not zero: none matches) */
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_NITRO_POLICY_PCR_SET_MISMATCH, "16 tried");
  p.pcr_sets_len = 2;
  sets[1].pcrs_len = 0;
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_ERR_INVALID_ARGUMENT, "policy.pcr_sets[1].pcrs_len");
  sets[1].pcrs = NULL, sets[1].pcrs_len = 1;
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_ERR_NULL_POINTER, "policy.pcr_sets[1].pcrs");
  memset(set_pcrs, 0, sizeof set_pcrs);
  sets[1].pcrs = set_pcrs, sets[1].pcrs_len = 33;
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_ERR_INVALID_ARGUMENT, "policy.pcr_sets[1].pcrs_len");
  sets[1].pcrs_len = 2; /* index 0 twice */
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_ERR_INVALID_ARGUMENT, "policy.pcr_sets[1]");
  set_pcrs[1].index = 32;
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_ERR_INVALID_ARGUMENT, "policy.pcr_sets[1]");
  p.pcr_sets = NULL, p.pcr_sets_len = 0;
  p.roots = NULL;
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_ERR_NULL_POINTER, "policy.roots");
  for (size_t i = 0; i <= LC_MAX_ROOTS; i++) roots[i] = root;
  p.roots = roots, p.roots_len = LC_MAX_ROOTS + 1;
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_ERR_INVALID_ARGUMENT, "policy.roots_len");
  p.roots_len = LC_MAX_ROOTS; /* sixteen copies of the right root are fine */
  if (EXPECT(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_OK)) EXPECT(lc_attestation_free(a), LC_OK);
  roots[0].len = 0;
  p.roots_len = 2;
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_ERR_INVALID_ARGUMENT, "policy.roots[0]");
  roots[0].ptr = NULL, roots[0].len = 5;
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_ERR_NULL_POINTER, "policy.roots[0]");
  roots[0].ptr = small, roots[0].len = big;
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_INPUT_TOO_LARGE, "policy.roots[0]");
  p.roots = &root, p.roots_len = 1;
  p.nonce_len = 3;
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_ERR_NULL_POINTER, "policy.nonce");
  p.nonce = small, p.nonce_len = big;
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_INPUT_TOO_LARGE, "policy.nonce");
  p.nonce = NULL, p.nonce_len = 0, p.user_data_len = 1;
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_ERR_NULL_POINTER, "policy.user_data");
  p.user_data_len = 0, p.tls_certificate_der = small, p.tls_certificate_der_len = 2;
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_ERR_INVALID_ARGUMENT, "signing_key_spki_der");
  p.tls_certificate_der = NULL, p.tls_certificate_der_len = 0, p.signing_key_spki_der = small,
  p.signing_key_spki_der_len = 2;
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_ERR_INVALID_ARGUMENT, "tls_certificate_der");
  p.signing_key_spki_der_len = 0;
  EXPECT_ARG(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_ERR_INVALID_ARGUMENT, "signing_key_spki_der");
  p.signing_key_spki_der = NULL;
  EXPECT_ARG(lc_nitro_verify(small, 2, t, &p, &a), LC_NITRO_COSE_MALFORMED, NULL);

  /* lc_nitro_claimed_timestamp_ms */
  EXPECT_ARG(lc_nitro_claimed_timestamp_ms(NULL, 0, &u), LC_ERR_NULL_POINTER, "document");
  EXPECT_ARG(lc_nitro_claimed_timestamp_ms(NULL, 9, &u), LC_ERR_NULL_POINTER, "document");
  EXPECT_ARG(lc_nitro_claimed_timestamp_ms(in->doc.p, 0, &u), LC_ERR_INVALID_ARGUMENT, "document");
  EXPECT_ARG(lc_nitro_claimed_timestamp_ms(small, big, &u), LC_INPUT_TOO_LARGE, "document");
  EXPECT_ARG(lc_nitro_claimed_timestamp_ms(in->doc.p, in->doc.n, NULL), LC_ERR_NULL_POINTER, "out");
  CHECK(!strcmp(lc_status_class(CALL(lc_nitro_claimed_timestamp_ms(small, 1, &u))), "malformed"),
        "claimed timestamp of 1 byte: %s", g_last);
  if (EXPECT(lc_nitro_claimed_timestamp_ms(in->doc.p, in->doc.n, &u), LC_OK))
    CHECK(u == NITRO_AT, "claimed timestamp %" PRIu64, u);

  /* lc_attestation_* with a live handle */
  if (EXPECT(lc_nitro_verify(in->doc.p, in->doc.n, t, &p, &a), LC_OK)) {
    EXPECT_ARG(lc_attestation_get_info(a, NULL), LC_ERR_NULL_POINTER, "out");
    EXPECT_ARG(lc_attestation_get_pcr(a, 0, NULL), LC_ERR_NULL_POINTER, "out");
    EXPECT_ARG(lc_attestation_get_pcr(a, 32, pcr48), LC_ERR_INVALID_ARGUMENT, "index");
    EXPECT_ARG(lc_attestation_get_pcr(a, UINT32_MAX, pcr48), LC_ERR_INVALID_ARGUMENT, "index");
    EXPECT_ARG(lc_attestation_get_matched_pcr_set(a, NULL), LC_ERR_NULL_POINTER, "out");
    EXPECT(lc_attestation_free(a), LC_OK);
  }
  EXPECT_ARG(lc_attestation_get_info(NULL, &ainfo), LC_ERR_NULL_POINTER, "attestation");
  EXPECT_ARG(lc_attestation_get_pcr(NULL, 0, pcr48), LC_ERR_NULL_POINTER, "attestation");
  {
    int32_t m = 7;
    EXPECT_ARG(lc_attestation_get_matched_pcr_set(NULL, &m), LC_ERR_NULL_POINTER, "attestation");
  }

  /* lc_cometbft_verify_light_block */
  h = SENTINEL(lc_header);
  EXPECT_ARG(lc_cometbft_verify_light_block(NULL, 0, in->b2.p, in->b2.n, NOW_H2, NULL, &h), LC_ERR_NULL_POINTER,
             "trusted");
  CHECK(h == NULL, "verify_light_block failed, *out %p", (void *)h);
  EXPECT_ARG(lc_cometbft_verify_light_block(NULL, 7, in->b2.p, in->b2.n, NOW_H2, NULL, &h), LC_ERR_NULL_POINTER,
             "trusted");
  EXPECT_ARG(lc_cometbft_verify_light_block(in->b1.p, 0, in->b2.p, in->b2.n, NOW_H2, NULL, &h), LC_ERR_INVALID_ARGUMENT,
             "trusted");
  EXPECT_ARG(lc_cometbft_verify_light_block(small, big, in->b2.p, in->b2.n, NOW_H2, NULL, &h), LC_INPUT_TOO_LARGE,
             "trusted");
  EXPECT_ARG(lc_cometbft_verify_light_block(in->b1.p, in->b1.n, NULL, 0, NOW_H2, NULL, &h), LC_ERR_NULL_POINTER,
             "untrusted");
  EXPECT_ARG(lc_cometbft_verify_light_block(in->b1.p, in->b1.n, in->b2.p, 0, NOW_H2, NULL, &h), LC_ERR_INVALID_ARGUMENT,
             "untrusted");
  EXPECT_ARG(lc_cometbft_verify_light_block(in->b1.p, in->b1.n, small, big, NOW_H2, NULL, &h), LC_INPUT_TOO_LARGE,
             "untrusted");
  EXPECT_ARG(lc_cometbft_verify_light_block(in->b1.p, in->b1.n, in->b2.p, in->b2.n, NOW_H2, NULL, NULL),
             LC_ERR_NULL_POINTER, "out");
  EXPECT_ARG(lc_cometbft_verify_light_block(in->b1.p, in->b1.n, in->b2.p, in->b2.n,
                                            secs_time(NOW_H2.unix_secs, 1000000000u), NULL, &h),
             LC_ERR_INVALID_ARGUMENT, "now");
  EXPECT(lc_cometbft_verify_light_block(small, 2, in->b2.p, in->b2.n, NOW_H2, NULL, &h), LC_COMETBFT_DECODE);
  if (EXPECT(lc_cometbft_verify_light_block(in->b1.p, in->b1.n, in->b2.p, in->b2.n, NOW_H2, NULL, &h), LC_OK)) {
    EXPECT_ARG(lc_header_get_info(h, NULL), LC_ERR_NULL_POINTER, "out");
    EXPECT(lc_header_free(h), LC_OK);
  }
  EXPECT_ARG(lc_header_get_info(NULL, &hinfo), LC_ERR_NULL_POINTER, "header");

  /* lc_cometbft_verify_commit */
  h = SENTINEL(lc_header);
  EXPECT_ARG(lc_cometbft_verify_commit(NULL, 0, &page, 1, false, &h), LC_ERR_NULL_POINTER, "signed_header");
  CHECK(h == NULL, "verify_commit failed, *out %p", (void *)h);
  EXPECT_ARG(lc_cometbft_verify_commit(in->b2.p, 0, &page, 1, false, &h), LC_ERR_INVALID_ARGUMENT, "signed_header");
  EXPECT_ARG(lc_cometbft_verify_commit(small, big, &page, 1, false, &h), LC_INPUT_TOO_LARGE, "signed_header");
  EXPECT_ARG(lc_cometbft_verify_commit(in->b2.p, in->b2.n, NULL, 1, false, &h), LC_ERR_NULL_POINTER, "validator_pages");
  EXPECT_ARG(lc_cometbft_verify_commit(in->b2.p, in->b2.n, &page, 0, false, &h), LC_ERR_INVALID_ARGUMENT, "pages_len");
  EXPECT_ARG(lc_cometbft_verify_commit(in->b2.p, in->b2.n, &page, LC_MAX_VALIDATOR_PAGES + 1, false, &h),
             LC_ERR_INVALID_ARGUMENT, "pages_len");
  EXPECT_ARG(lc_cometbft_verify_commit(in->b2.p, in->b2.n, &page, 1, false, NULL), LC_ERR_NULL_POINTER, "out");
  bytes.ptr = NULL, bytes.len = 0;
  EXPECT_ARG(lc_cometbft_verify_commit(in->b2.p, in->b2.n, &bytes, 1, false, &h), LC_ERR_NULL_POINTER,
             "validator_pages[0]");
  bytes.ptr = small;
  EXPECT_ARG(lc_cometbft_verify_commit(in->b2.p, in->b2.n, &bytes, 1, false, &h), LC_ERR_INVALID_ARGUMENT,
             "validator_pages[0]");
  bytes.len = big;
  EXPECT_ARG(lc_cometbft_verify_commit(in->b2.p, in->b2.n, &bytes, 1, false, &h), LC_INPUT_TOO_LARGE,
             "validator_pages[0]");

  /* lc_cometbft_verify_tx */
  memset(&tx, 0, sizeof tx);
  EXPECT_ARG(lc_cometbft_verify_tx(NULL, 0, in->txp.p, in->txp.n, &tx), LC_ERR_NULL_POINTER, "header");
  EXPECT_ARG(lc_cometbft_verify_tx(in->txh.p, 0, in->txp.p, in->txp.n, &tx), LC_ERR_INVALID_ARGUMENT, "header");
  EXPECT_ARG(lc_cometbft_verify_tx(in->txh.p, in->txh.n, NULL, 3, &tx), LC_ERR_NULL_POINTER, "tx_proof");
  EXPECT_ARG(lc_cometbft_verify_tx(in->txh.p, in->txh.n, small, big, &tx), LC_INPUT_TOO_LARGE, "tx_proof");
  EXPECT_ARG(lc_cometbft_verify_tx(in->txh.p, in->txh.n, in->txp.p, in->txp.n, NULL), LC_ERR_NULL_POINTER, "out");
  EXPECT(lc_cometbft_verify_tx(in->txh.p, in->txh.n, small, 2, &tx), LC_COMETBFT_PROOF_INVALID); /* {}: no proof */
  EXPECT(lc_cometbft_verify_tx(in->txh.p, in->txh.n, (const uint8_t *)"tx", 2, &tx), LC_COMETBFT_DECODE);
  EXPECT(lc_cometbft_verify_tx((const uint8_t *)"tx", 2, in->txp.p, in->txp.n, &tx), LC_COMETBFT_DECODE);

  /* lc_light_client_* */
  EXPECT_ARG(lc_light_client_new(NULL, 0, NULL, &lc), LC_ERR_NULL_POINTER, "trusted_block");
  CHECK(lc == NULL, "lc_light_client_new failed, *out %p", (void *)lc);
  EXPECT_ARG(lc_light_client_new(in->b1.p, 0, NULL, &lc), LC_ERR_INVALID_ARGUMENT, "trusted_block");
  EXPECT_ARG(lc_light_client_new(small, big, NULL, &lc), LC_INPUT_TOO_LARGE, "trusted_block");
  EXPECT_ARG(lc_light_client_new(in->b1.p, in->b1.n, NULL, NULL), LC_ERR_NULL_POINTER, "out");
  EXPECT(lc_light_client_new(small, 2, NULL, &lc), LC_COMETBFT_DECODE);
  EXPECT_ARG(lc_light_client_from_json(NULL, 0, NULL, &lc), LC_ERR_NULL_POINTER, "state");
  EXPECT_ARG(lc_light_client_from_json(small, 0, NULL, &lc), LC_ERR_INVALID_ARGUMENT, "state");
  EXPECT_ARG(lc_light_client_from_json(small, big, NULL, &lc), LC_INPUT_TOO_LARGE, "state");
  EXPECT_ARG(lc_light_client_from_json(small, 2, NULL, NULL), LC_ERR_NULL_POINTER, "out");
  EXPECT_ARG(lc_light_client_to_json(NULL, &buf), LC_ERR_NULL_POINTER, "client");
  CHECK(buf == NULL, "lc_light_client_to_json failed, *out %p", (void *)buf);
  EXPECT_ARG(lc_light_client_trusted_heights(NULL, NULL, 0, &count), LC_ERR_NULL_POINTER, "client");
  if (EXPECT(lc_light_client_new(in->b1.p, in->b1.n, NULL, &lc), LC_OK)) {
    EXPECT_ARG(lc_light_client_to_json(lc, NULL), LC_ERR_NULL_POINTER, "out");
    if (EXPECT(lc_light_client_to_json(lc, &buf), LC_OK)) {
      EXPECT_ARG(lc_buffer_data(buf, NULL), LC_ERR_NULL_POINTER, "out");
      EXPECT(lc_buffer_free(buf), LC_OK);
    }
    EXPECT_ARG(lc_light_client_trusted_heights(lc, NULL, 0, NULL), LC_ERR_NULL_POINTER, "count");
    EXPECT_ARG(lc_light_client_trusted_heights(lc, NULL, 1, &count), LC_ERR_NULL_POINTER, "heights");
    EXPECT(lc_light_client_free(lc), LC_OK);
  }
  EXPECT_ARG(lc_buffer_data(NULL, &bytes), LC_ERR_NULL_POINTER, "buffer");

  /* lc_og_verify_response, lc_og_tee_id */
  memset(&ro, 0, sizeof ro);
  EXPECT_ARG(lc_og_verify_response(NULL, 0, in->resp.p, in->resp.n, in->key.p, in->key.n, NULL, &resp),
             LC_ERR_NULL_POINTER, "request");
  EXPECT_ARG(lc_og_verify_response(in->req.p, 0, in->resp.p, in->resp.n, in->key.p, in->key.n, NULL, &resp),
             LC_ERR_INVALID_ARGUMENT, "request");
  EXPECT_ARG(lc_og_verify_response(small, big, in->resp.p, in->resp.n, in->key.p, in->key.n, NULL, &resp),
             LC_INPUT_TOO_LARGE, "request");
  EXPECT_ARG(lc_og_verify_response(in->req.p, in->req.n, NULL, 5, in->key.p, in->key.n, NULL, &resp),
             LC_ERR_NULL_POINTER, "response");
  EXPECT_ARG(lc_og_verify_response(in->req.p, in->req.n, in->resp.p, 0, in->key.p, in->key.n, NULL, &resp),
             LC_ERR_INVALID_ARGUMENT, "response");
  EXPECT_ARG(lc_og_verify_response(in->req.p, in->req.n, in->resp.p, in->resp.n, NULL, 0, NULL, &resp),
             LC_ERR_NULL_POINTER, "signing_key");
  EXPECT_ARG(lc_og_verify_response(in->req.p, in->req.n, in->resp.p, in->resp.n, small, big, NULL, &resp),
             LC_INPUT_TOO_LARGE, "signing_key");
  EXPECT_ARG(lc_og_verify_response(in->req.p, in->req.n, in->resp.p, in->resp.n, in->key.p, in->key.n, NULL, NULL),
             LC_ERR_NULL_POINTER, "out");
  EXPECT(lc_og_verify_response(in->req.p, in->req.n, in->resp.p, in->resp.n, in->key.p, in->key.n, &ro, &resp), LC_OK);
  ro.content_len = 4;
  EXPECT_ARG(lc_og_verify_response(in->req.p, in->req.n, in->resp.p, in->resp.n, in->key.p, in->key.n, &ro, &resp),
             LC_ERR_NULL_POINTER, "options.content");
  ro.content = "\xff\xfe", ro.content_len = 2;
  EXPECT_ARG(lc_og_verify_response(in->req.p, in->req.n, in->resp.p, in->resp.n, in->key.p, in->key.n, &ro, &resp),
             LC_ERR_INVALID_ARGUMENT, "options.content");
  ro.content_len = big;
  EXPECT_ARG(lc_og_verify_response(in->req.p, in->req.n, in->resp.p, in->resp.n, in->key.p, in->key.n, &ro, &resp),
             LC_INPUT_TOO_LARGE, "options.content");
  ro.content = "Hello!", ro.content_len = 6;
  EXPECT(lc_og_verify_response(in->req.p, in->req.n, in->resp.p, in->resp.n, in->key.p, in->key.n, &ro, &resp),
         LC_OPENGRADIENT_RESPONSE_OUTPUT_HASH);
  memset(&ro, 0, sizeof ro);
  memset(out32, 0x22, sizeof out32);
  ro.expected_tee_id = out32;
  EXPECT(lc_og_verify_response(in->req.p, in->req.n, in->resp.p, in->resp.n, in->key.p, in->key.n, &ro, &resp),
         LC_OPENGRADIENT_RESPONSE_UNEXPECTED_TEE);
  EXPECT_ARG(lc_og_verify_response(small, 2, in->resp.p, in->resp.n, in->key.p, in->key.n, NULL, &resp),
             LC_OPENGRADIENT_REQUEST_UNSUPPORTED, "model");
  EXPECT(lc_og_verify_response((const uint8_t *)"{", 1, in->resp.p, in->resp.n, in->key.p, in->key.n, NULL, &resp),
         LC_OPENGRADIENT_DECODE);
  EXPECT(lc_og_verify_response(in->req.p, in->req.n, in->resp.p, in->resp.n, small, 2, NULL, &resp),
         LC_OPENGRADIENT_KEY_INVALID);
  EXPECT_ARG(lc_og_tee_id(NULL, 0, out32), LC_ERR_NULL_POINTER, "signing_key");
  EXPECT_ARG(lc_og_tee_id(NULL, 4, out32), LC_ERR_NULL_POINTER, "signing_key");
  EXPECT_ARG(lc_og_tee_id(in->key.p, 0, out32), LC_ERR_INVALID_ARGUMENT, "signing_key");
  EXPECT_ARG(lc_og_tee_id(small, big, out32), LC_INPUT_TOO_LARGE, "signing_key");
  EXPECT_ARG(lc_og_tee_id(in->key.p, in->key.n, NULL), LC_ERR_NULL_POINTER, "out");

  /* lc_og_verify_bundle and the report */
  rep = SENTINEL(lc_og_report);
  EXPECT_ARG(lc_og_verify_bundle(NULL, 0, in->trusted.p, in->trusted.n, SETTLEMENT_NOW, NULL, &rep),
             LC_ERR_NULL_POINTER, "bundle");
  CHECK(rep == NULL, "lc_og_verify_bundle failed, *out %p", (void *)rep);
  EXPECT_ARG(lc_og_verify_bundle(in->bundle.p, 0, in->trusted.p, in->trusted.n, SETTLEMENT_NOW, NULL, &rep),
             LC_ERR_INVALID_ARGUMENT, "bundle");
  EXPECT_ARG(lc_og_verify_bundle(small, big, in->trusted.p, in->trusted.n, SETTLEMENT_NOW, NULL, &rep),
             LC_INPUT_TOO_LARGE, "bundle");
  EXPECT_ARG(lc_og_verify_bundle(in->bundle.p, in->bundle.n, NULL, 1, SETTLEMENT_NOW, NULL, &rep), LC_ERR_NULL_POINTER,
             "trusted_state");
  EXPECT_ARG(lc_og_verify_bundle(in->bundle.p, in->bundle.n, in->trusted.p, 0, SETTLEMENT_NOW, NULL, &rep),
             LC_ERR_INVALID_ARGUMENT, "trusted_state");
  EXPECT_ARG(lc_og_verify_bundle(in->bundle.p, in->bundle.n, small, big, SETTLEMENT_NOW, NULL, &rep),
             LC_INPUT_TOO_LARGE, "trusted_state");
  EXPECT_ARG(lc_og_verify_bundle(in->bundle.p, in->bundle.n, in->trusted.p, in->trusted.n, SETTLEMENT_NOW, NULL, NULL),
             LC_ERR_NULL_POINTER, "out");
  EXPECT_ARG(lc_og_verify_bundle(in->bundle.p, in->bundle.n, in->trusted.p, in->trusted.n, secs_time(0, 1000000000u),
                                 NULL, &rep),
             LC_ERR_INVALID_ARGUMENT, "now");
  EXPECT(lc_og_verify_bundle(in->bundle.p, in->bundle.n, small, 2, SETTLEMENT_NOW, NULL, &rep),
         LC_OPENGRADIENT_BUNDLE_INVALID);
  {
    lc_og_bundle_policy bp = lc_og_bundle_policy_default();
    CHECK(bp.pcr_hash == NULL && bp.expected_tee_id == NULL && !bp.allow_debug && bp.settlement_bound_secs == 900,
          "lc_og_bundle_policy_default() is not the documented default");
    bp.expected_tee_id = out32; /* 0x22..: another TEE */
    if (EXPECT(lc_og_verify_bundle(in->bundle.p, in->bundle.n, in->trusted.p, in->trusted.n, SETTLEMENT_NOW, &bp, &rep),
               LC_OK)) {
      memset(&sum, 0, sizeof sum);
      EXPECT(lc_og_report_get_summary(rep, &sum), LC_OK);
      CHECK(sum.verdict == LC_OG_REJECTED && sum.status == LC_OPENGRADIENT_RESPONSE_UNEXPECTED_TEE &&
                sum.failed_link == LC_OG_LINK_RESPONSE_SIGNATURE,
            "a bundle from another TEE: verdict %d, %s", (int)sum.verdict, lc_status_code(sum.status));
      EXPECT(lc_og_report_free(rep), LC_OK);
    }
  }
  if (EXPECT(lc_og_verify_bundle(in->bundle.p, in->bundle.n, in->trusted.p, in->trusted.n, SETTLEMENT_NOW, NULL, &rep),
             LC_OK)) {
    EXPECT_ARG(lc_og_report_get_summary(rep, NULL), LC_ERR_NULL_POINTER, "out");
    EXPECT_ARG(lc_og_report_get_link(rep, 0, NULL), LC_ERR_NULL_POINTER, "out");
    EXPECT_ARG(lc_og_report_get_link(rep, LC_OG_LINK_COUNT, &link), LC_ERR_INVALID_ARGUMENT, "link");
    EXPECT_ARG(lc_og_report_get_link(rep, UINT32_MAX, &link), LC_ERR_INVALID_ARGUMENT, "link");
    EXPECT_ARG(lc_og_report_json(rep, NULL), LC_ERR_NULL_POINTER, "out");
    EXPECT(lc_og_report_free(rep), LC_OK);
  }
  EXPECT_ARG(lc_og_report_get_summary(NULL, &sum), LC_ERR_NULL_POINTER, "report");
  EXPECT_ARG(lc_og_report_get_link(NULL, 0, &link), LC_ERR_NULL_POINTER, "report");
  EXPECT_ARG(lc_og_report_json(NULL, &bytes), LC_ERR_NULL_POINTER, "report");

  /* lc_zk_verify, lc_zk_vka_digest */
  EXPECT_ARG(lc_zk_verify(NULL, 0, in->proof.p, in->proof.n, NULL, 0, in->srs.p, in->srs.n, NULL, &zk),
             LC_ERR_NULL_POINTER, "vka");
  EXPECT_ARG(lc_zk_verify(in->vka.p, 0, in->proof.p, in->proof.n, NULL, 0, in->srs.p, in->srs.n, NULL, &zk),
             LC_ERR_INVALID_ARGUMENT, "vka");
  EXPECT_ARG(lc_zk_verify(small, big, in->proof.p, in->proof.n, NULL, 0, in->srs.p, in->srs.n, NULL, &zk),
             LC_INPUT_TOO_LARGE, "vka");
  EXPECT_ARG(lc_zk_verify(in->vka.p, in->vka.n, NULL, 8, NULL, 0, in->srs.p, in->srs.n, NULL, &zk), LC_ERR_NULL_POINTER,
             "proof");
  EXPECT_ARG(lc_zk_verify(in->vka.p, in->vka.n, in->proof.p, 0, NULL, 0, in->srs.p, in->srs.n, NULL, &zk),
             LC_ERR_INVALID_ARGUMENT, "proof");
  EXPECT_ARG(lc_zk_verify(in->vka.p, in->vka.n, in->proof.p, in->proof.n, NULL, 32, in->srs.p, in->srs.n, NULL, &zk),
             LC_ERR_NULL_POINTER, "instances");
  EXPECT_ARG(lc_zk_verify(in->vka.p, in->vka.n, in->proof.p, in->proof.n, small, big, in->srs.p, in->srs.n, NULL, &zk),
             LC_INPUT_TOO_LARGE, "instances");
  EXPECT_ARG(lc_zk_verify(in->vka.p, in->vka.n, in->proof.p, in->proof.n, NULL, 0, NULL, 64, NULL, &zk),
             LC_ERR_NULL_POINTER, "srs");
  EXPECT_ARG(lc_zk_verify(in->vka.p, in->vka.n, in->proof.p, in->proof.n, NULL, 0, small, big, NULL, &zk),
             LC_INPUT_TOO_LARGE, "srs");
  EXPECT_ARG(lc_zk_verify(in->vka.p, in->vka.n, in->proof.p, in->proof.n, NULL, 0, NULL, 0, NULL, &zk),
             LC_ERR_INVALID_ARGUMENT, "srs");
  EXPECT_ARG(lc_zk_verify(in->vka.p, in->vka.n, in->proof.p, in->proof.n, NULL, 0, in->srs.p, in->srs.n, NULL, NULL),
             LC_ERR_NULL_POINTER, "out");
  EXPECT_ARG(lc_zk_vka_digest(NULL, 0, out32), LC_ERR_NULL_POINTER, "vka");
  EXPECT_ARG(lc_zk_vka_digest(NULL, 1, out32), LC_ERR_NULL_POINTER, "vka");
  EXPECT_ARG(lc_zk_vka_digest(in->vka.p, 0, out32), LC_ERR_INVALID_ARGUMENT, "vka");
  EXPECT_ARG(lc_zk_vka_digest(small, big, out32), LC_INPUT_TOO_LARGE, "vka");
  EXPECT_ARG(lc_zk_vka_digest(in->vka.p, in->vka.n, NULL), LC_ERR_NULL_POINTER, "out");

  /* The message is per call: empty again after a success, and after lc_*_free(NULL). */
  EXPECT_ARG(lc_zk_vka_digest(NULL, 0, out32), LC_ERR_NULL_POINTER, "vka");
  EXPECT(lc_zk_vka_digest(in->vka.p, in->vka.n, out32), LC_OK);
  EXPECT_ARG(lc_zk_vka_digest(NULL, 0, out32), LC_ERR_NULL_POINTER, "vka");
  EXPECT(lc_attestation_free(NULL), LC_OK);
}

/* ---- handles: double free, use after free, other kinds, forged values --------------------- */

typedef struct {
  lc_attestation *a;
  lc_header *h;
  lc_light_client *c;
  lc_og_report *r;
  lc_buffer *b;
} handles;

static bool make_handles(const inputs *in, handles *hs) {
  lc_nitro_policy p = lc_nitro_policy_default();
  lc_bytes root = {in->root.p, in->root.n};
  bool ok = true;
  p.roots = &root, p.roots_len = 1;
  memset(hs, 0, sizeof *hs);
  ok &= EXPECT(lc_nitro_verify(in->doc.p, in->doc.n, ms_time(NITRO_AT), &p, &hs->a), LC_OK);
  ok &= EXPECT(lc_cometbft_verify_light_block(in->b1.p, in->b1.n, in->b2.p, in->b2.n, NOW_H2, NULL, &hs->h), LC_OK);
  ok &= EXPECT(lc_light_client_new(in->b1.p, in->b1.n, NULL, &hs->c), LC_OK);
  ok &= EXPECT(
      lc_og_verify_bundle(in->bundle.p, in->bundle.n, in->trusted.p, in->trusted.n, SETTLEMENT_NOW, NULL, &hs->r),
      LC_OK);
  ok &= hs->c && EXPECT(lc_light_client_to_json(hs->c, &hs->b), LC_OK);
  return ok;
}

/* Every getter and the free of each kind on `v` (not a live handle of that kind): all refused. */
static void all_refuse(const void *v, const char *what, lc_status want, int kinds_mask) {
  lc_attestation_info ai;
  lc_header_info hi;
  lc_og_summary sum;
  lc_og_link_info li;
  lc_bytes b;
  uint8_t pcr[48];
  int32_t matched = 0;
  uint64_t heights[4];
  size_t count;
  lc_buffer *buf = SENTINEL(lc_buffer);
  lc_header *h = SENTINEL(lc_header);
  provider_ctx c;
  memset(&c, 0, sizeof c);
  set_case("handles: %s", what);
  if (kinds_mask & 1) {
    EXPECT_ARG(lc_attestation_get_info((const lc_attestation *)v, &ai), want, "attestation");
    EXPECT_ARG(lc_attestation_get_pcr((const lc_attestation *)v, 0, pcr), want, "attestation");
    EXPECT_ARG(lc_attestation_get_matched_pcr_set((const lc_attestation *)v, &matched), want, "attestation");
    EXPECT_ARG(lc_attestation_free((lc_attestation *)(uintptr_t)v), want, "attestation");
  }
  if (kinds_mask & 2) {
    EXPECT_ARG(lc_header_get_info((const lc_header *)v, &hi), want, "header");
    EXPECT_ARG(lc_header_free((lc_header *)(uintptr_t)v), want, "header");
  }
  if (kinds_mask & 4) {
    EXPECT_ARG(lc_light_client_trusted_heights((const lc_light_client *)v, heights, 4, &count), want, "client");
    EXPECT_ARG(lc_light_client_to_json((const lc_light_client *)v, &buf), want, "client");
    CHECK(buf == NULL, "to_json with a bad client: *out %p", (void *)buf);
    EXPECT_ARG(lc_light_client_verify_to((lc_light_client *)(uintptr_t)v, 1, NOW_H2, provide, &c, &h), want, "client");
    CHECK(h == NULL, "verify_to with a bad client: *out %p", (void *)h);
    EXPECT_ARG(lc_light_client_free((lc_light_client *)(uintptr_t)v), want, "client");
  }
  if (kinds_mask & 8) {
    EXPECT_ARG(lc_og_report_get_summary((const lc_og_report *)v, &sum), want, "report");
    EXPECT_ARG(lc_og_report_get_link((const lc_og_report *)v, 0, &li), want, "report");
    EXPECT_ARG(lc_og_report_json((const lc_og_report *)v, &b), want, "report");
    EXPECT_ARG(lc_og_report_free((lc_og_report *)(uintptr_t)v), want, "report");
  }
  if (kinds_mask & 16) {
    EXPECT_ARG(lc_buffer_data((const lc_buffer *)v, &b), want, "buffer");
    EXPECT_ARG(lc_buffer_free((lc_buffer *)(uintptr_t)v), want, "buffer");
  }
}

/* Each live handle still reads correctly. */
static void all_usable(const handles *hs, const char *what) {
  lc_attestation_info ai;
  lc_header_info hi;
  lc_og_summary sum;
  lc_bytes b;
  size_t count = 0;
  set_case("handles: %s", what);
  if (EXPECT(lc_attestation_get_info(hs->a, &ai), LC_OK))
    CHECK(ai.timestamp_ms == NITRO_AT, "attestation timestamp %" PRIu64, ai.timestamp_ms);
  if (EXPECT(lc_header_get_info(hs->h, &hi), LC_OK)) CHECK(hi.height == 2, "header height %" PRIu64, hi.height);
  if (EXPECT(lc_light_client_trusted_heights(hs->c, NULL, 0, &count), LC_OK))
    CHECK(count == 1, "client: %zu heights", count);
  if (EXPECT(lc_og_report_get_summary(hs->r, &sum), LC_OK))
    CHECK(sum.verdict == LC_OG_SETTLED, "report verdict %d", (int)sum.verdict);
  if (EXPECT(lc_buffer_data(hs->b, &b), LC_OK)) CHECK(b.len > 0 && b.ptr[0] == '[', "buffer of %zu bytes", b.len);
}

/* Forged values: never returned by lightcheck. Run before any handle exists. */
static void test_forged_handles(void) {
  static const uintptr_t forged[] = {8, 1, 0x10000, 0x7fff0000, (uintptr_t)-16};
  char what[64];
  for (size_t i = 0; i < sizeof forged / sizeof *forged; i++) {
    snprintf(what, sizeof what, "forged value %#lx", (unsigned long)forged[i]);
    all_refuse((const void *)forged[i], what, LC_ERR_INVALID_HANDLE, 31);
  }
  /* A stack address is not a handle either. */
  all_refuse(what, "a stack address", LC_ERR_INVALID_HANDLE, 31);
}

static void test_handles(const inputs *in) {
  handles hs;
  set_case("handles");
  if (!make_handles(in, &hs)) return;
  all_usable(&hs, "all five kinds live");
  /* Each handle passed to every other kind's getters and free: refused, and still usable. */
  all_refuse(hs.a, "attestation as another kind", LC_ERR_INVALID_HANDLE, 31 & ~1);
  all_refuse(hs.h, "header as another kind", LC_ERR_INVALID_HANDLE, 31 & ~2);
  all_refuse(hs.c, "client as another kind", LC_ERR_INVALID_HANDLE, 31 & ~4);
  all_refuse(hs.r, "report as another kind", LC_ERR_INVALID_HANDLE, 31 & ~8);
  all_refuse(hs.b, "buffer as another kind", LC_ERR_INVALID_HANDLE, 31 & ~16);
  all_usable(&hs, "after every wrong-kind call");
  /* Freed: every later use and a second free are refused. */
  set_case("handles: free");
  EXPECT(lc_attestation_free(hs.a), LC_OK);
  EXPECT(lc_header_free(hs.h), LC_OK);
  EXPECT(lc_light_client_free(hs.c), LC_OK);
  EXPECT(lc_og_report_free(hs.r), LC_OK);
  EXPECT(lc_buffer_free(hs.b), LC_OK);
  all_refuse(hs.a, "attestation after free", LC_ERR_INVALID_HANDLE, 31);
  all_refuse(hs.h, "header after free", LC_ERR_INVALID_HANDLE, 31);
  all_refuse(hs.c, "client after free", LC_ERR_INVALID_HANDLE, 31);
  all_refuse(hs.r, "report after free", LC_ERR_INVALID_HANDLE, 31);
  all_refuse(hs.b, "buffer after free", LC_ERR_INVALID_HANDLE, 31);
  /* New handles never take a freed one's value. */
  {
    handles again;
    if (make_handles(in, &again)) {
      set_case("handles: values are not reused");
      CHECK((void *)again.a != (void *)hs.a && (void *)again.h != (void *)hs.h && (void *)again.c != (void *)hs.c &&
                (void *)again.r != (void *)hs.r && (void *)again.b != (void *)hs.b,
            "a new handle has a freed handle's value");
      all_refuse(hs.a, "old attestation while new ones live", LC_ERR_INVALID_HANDLE, 31);
    }
    set_case("handles: free again");
    EXPECT(lc_attestation_free(again.a), LC_OK);
    EXPECT(lc_header_free(again.h), LC_OK);
    EXPECT(lc_light_client_free(again.c), LC_OK);
    EXPECT(lc_og_report_free(again.r), LC_OK);
    EXPECT(lc_buffer_free(again.b), LC_OK);
  }
  set_case("handles: free(NULL)");
  EXPECT(lc_attestation_free(NULL), LC_OK);
  EXPECT(lc_header_free(NULL), LC_OK);
  EXPECT(lc_light_client_free(NULL), LC_OK);
  EXPECT(lc_og_report_free(NULL), LC_OK);
  EXPECT(lc_buffer_free(NULL), LC_OK);
}

/* LC_MAX_LIVE_HANDLES headers (a trusted height comes back without a fetch), then one more. */
static void test_handle_limit(const inputs *in) {
  lc_light_client *client = NULL;
  lc_header **live = malloc(sizeof *live * LC_MAX_LIVE_HANDLES);
  provider_ctx c;
  size_t n = 0;
  lc_status s = LC_OK;
  lc_header *h = SENTINEL(lc_header);
  lc_og_report *rep;
  set_case("handles: LC_MAX_LIVE_HANDLES");
  memset(&c, 0, sizeof c);
  if (!live || !EXPECT(lc_light_client_new(in->b1.p, in->b1.n, NULL, &client), LC_OK)) goto done;
  while (n < LC_MAX_LIVE_HANDLES) {
    h = SENTINEL(lc_header);
    s = lc_light_client_verify_to(client, 1, NOW_H2, provide, &c, &h);
    if (s != LC_OK) break;
    live[n++] = h;
  }
  status_is(CALL(s), LC_ERR_RESOURCE_LIMIT, "lc_light_client_verify_to beyond the limit", NULL, __LINE__);
  CHECK(h == NULL, "resource limit: *out %p", (void *)h);
  CHECK(n == LC_MAX_LIVE_HANDLES - 1, "%zu headers and the client were live at the limit, expected %d in all", n,
        LC_MAX_LIVE_HANDLES);
  rep = SENTINEL(lc_og_report);
  EXPECT(lc_og_verify_bundle(in->bundle.p, in->bundle.n, in->trusted.p, in->trusted.n, SETTLEMENT_NOW, NULL, &rep),
         LC_ERR_RESOURCE_LIMIT);
  CHECK(rep == NULL, "resource limit: *out %p", (void *)rep);
  for (size_t i = 0; i < n; i++) {
    lc_status f = lc_header_free(live[i]);
    if (f != LC_OK) {
      status_is(CALL(f), LC_OK, "lc_header_free", NULL, __LINE__);
      break;
    }
  }
  if (EXPECT(lc_light_client_verify_to(client, 1, NOW_H2, provide, &c, &h), LC_OK)) EXPECT(lc_header_free(h), LC_OK);
done:
  if (client) EXPECT(lc_light_client_free(client), LC_OK);
  free(live);
}

/* ---- threads ------------------------------------------------------------------------------ */

enum { THREADS = 4 };

typedef struct {
  const inputs *in;
  const lc_attestation *shared_a;
  const lc_og_report *shared_r;
  const lc_header *shared_h;
  lc_attestation_info want_info;
  uint8_t want_pcr0[48];
  lc_og_summary want_sum;
  int id, mismatches;
  char first_error[256];
} worker;

static void *nitro_worker(void *arg) {
  worker *w = arg;
  lc_nitro_policy p = lc_nitro_policy_default();
  lc_bytes root = {w->in->root.p, w->in->root.n};
  p.roots = &root, p.roots_len = 1;
#define MISMATCH(...)                                                                                                  \
  do {                                                                                                                 \
    if (!w->mismatches++) snprintf(w->first_error, sizeof w->first_error, __VA_ARGS__);                                \
  } while (0)
  for (int i = 0; i < 3; i++) {
    lc_attestation *a = NULL;
    lc_attestation_info info;
    uint8_t pcr[48];
    lc_status s = lc_nitro_verify(w->in->doc.p, w->in->doc.n, ms_time(NITRO_AT), &p, &a);
    if (s != LC_OK) {
      MISMATCH("thread %d: lc_nitro_verify %s: %s", w->id, lc_status_code(s), lc_last_error_message());
      continue;
    }
    if (lc_attestation_get_info(a, &info) != LC_OK || info.timestamp_ms != w->want_info.timestamp_ms ||
        strcmp(info.module_id, w->want_info.module_id) || info.pcr_mask != w->want_info.pcr_mask ||
        info.valid_until_ms != w->want_info.valid_until_ms)
      MISMATCH("thread %d: attestation info differs", w->id);
    if (lc_attestation_get_pcr(a, 0, pcr) != LC_OK || memcmp(pcr, w->want_pcr0, 48))
      MISMATCH("thread %d: PCR0 differs", w->id);
    if (lc_attestation_free(a) != LC_OK) MISMATCH("thread %d: free failed", w->id);
  }
  /* The shared, immutable handles, read at the same time as the other threads read them. */
  for (int i = 0; i < 200; i++) {
    lc_attestation_info info;
    lc_og_summary sum;
    lc_header_info hi;
    lc_bytes json;
    uint8_t pcr[48];
    if (lc_attestation_get_info(w->shared_a, &info) != LC_OK || info.timestamp_ms != w->want_info.timestamp_ms ||
        strcmp(info.module_id, w->want_info.module_id))
      MISMATCH("thread %d: shared attestation differs", w->id);
    if (lc_attestation_get_pcr(w->shared_a, 0, pcr) != LC_OK || memcmp(pcr, w->want_pcr0, 48))
      MISMATCH("thread %d: shared PCR0 differs", w->id);
    if (lc_og_report_get_summary(w->shared_r, &sum) != LC_OK || sum.verdict != w->want_sum.verdict ||
        sum.height != w->want_sum.height)
      MISMATCH("thread %d: shared report differs", w->id);
    if (lc_og_report_json(w->shared_r, &json) != LC_OK || !json.len || json.ptr[0] != '{')
      MISMATCH("thread %d: shared report JSON", w->id);
    if (lc_header_get_info(w->shared_h, &hi) != LC_OK || hi.height != 2 || strcmp(hi.chain_id, "lightcheck-test"))
      MISMATCH("thread %d: shared header differs", w->id);
  }
  return NULL;
}

/* lc_last_error_message is per thread: one thread fails while another succeeds, in turns. */
typedef struct {
  pthread_mutex_t m;
  pthread_cond_t cv;
  int turn; /* even: the failing thread's turn; odd: the succeeding thread's */
  const inputs *in;
  int mismatches[2];
  char first_error[2][256];
} pingpong;

enum { ROUNDS = 20 };

static void wait_turn(pingpong *pp, int parity, int round) {
  pthread_mutex_lock(&pp->m);
  while (pp->turn != 2 * round + parity) pthread_cond_wait(&pp->cv, &pp->m);
  pthread_mutex_unlock(&pp->m);
}

static void next_turn(pingpong *pp) {
  pthread_mutex_lock(&pp->m);
  pp->turn++;
  pthread_cond_broadcast(&pp->cv);
  pthread_mutex_unlock(&pp->m);
}

static void *failing_thread(void *arg) {
  pingpong *pp = arg;
  uint8_t out[32];
  for (int r = 0; r < ROUNDS; r++) {
    wait_turn(pp, 0, r);
    if (lc_zk_vka_digest(NULL, 0, out) != LC_ERR_NULL_POINTER && !pp->mismatches[0]++)
      snprintf(pp->first_error[0], 256, "the failing call did not fail");
    next_turn(pp);
    wait_turn(pp, 0, r + 1); /* the other thread has succeeded meanwhile */
    if (!strstr(lc_last_error_message(), "vka") && !pp->mismatches[0]++)
      snprintf(pp->first_error[0], 256, "round %d: message became \"%s\"", r, lc_last_error_message());
  }
  return NULL;
}

static void *succeeding_thread(void *arg) {
  pingpong *pp = arg;
  uint8_t out[32];
  for (int r = 0; r < ROUNDS; r++) {
    wait_turn(pp, 1, r);
    if (lc_zk_vka_digest(pp->in->vka.p, pp->in->vka.n, out) != LC_OK && !pp->mismatches[1]++)
      snprintf(pp->first_error[1], 256, "the succeeding call failed");
    if (lc_last_error_message()[0] && !pp->mismatches[1]++)
      snprintf(pp->first_error[1], 256, "round %d: message after success \"%s\"", r, lc_last_error_message());
    next_turn(pp);
  }
  return NULL;
}

/* A light-client call from another thread while one is inside its provider: LC_ERR_BUSY. */
typedef struct {
  lc_light_client *client;
  provider_ctx *ctx;
  lc_status status;
  uint64_t height;
} lc_job;

static void *light_client_thread(void *arg) {
  lc_job *job = arg;
  lc_header *h = NULL;
  lc_header_info info;
  job->status = lc_light_client_verify_to(job->client, 10, NOW_H10, provide, job->ctx, &h);
  if (job->status == LC_OK && lc_header_get_info(h, &info) == LC_OK) job->height = info.height;
  if (h) lc_header_free(h);
  return NULL;
}

static void test_threads(const inputs *in) {
  lc_nitro_policy p = lc_nitro_policy_default();
  lc_bytes root = {in->root.p, in->root.n};
  lc_attestation *a = NULL;
  lc_og_report *r = NULL;
  lc_header *h = NULL;
  worker w[THREADS];
  pthread_t th[THREADS];
  set_case("threads");
  p.roots = &root, p.roots_len = 1;
  memset(w, 0, sizeof w);
  if (!EXPECT(lc_nitro_verify(in->doc.p, in->doc.n, ms_time(NITRO_AT), &p, &a), LC_OK) ||
      !EXPECT(lc_og_verify_bundle(in->bundle.p, in->bundle.n, in->trusted.p, in->trusted.n, SETTLEMENT_NOW, NULL, &r),
              LC_OK) ||
      !EXPECT(lc_cometbft_verify_light_block(in->b1.p, in->b1.n, in->b2.p, in->b2.n, NOW_H2, NULL, &h), LC_OK))
    goto done;
  for (int i = 0; i < THREADS; i++) {
    w[i].in = in, w[i].shared_a = a, w[i].shared_r = r, w[i].shared_h = h, w[i].id = i;
    EXPECT(lc_attestation_get_info(a, &w[i].want_info), LC_OK);
    EXPECT(lc_attestation_get_pcr(a, 0, w[i].want_pcr0), LC_OK);
    EXPECT(lc_og_report_get_summary(r, &w[i].want_sum), LC_OK);
  }
  for (int i = 0; i < THREADS; i++) CHECK(pthread_create(&th[i], NULL, nitro_worker, &w[i]) == 0, "pthread_create");
  for (int i = 0; i < THREADS; i++) {
    pthread_join(th[i], NULL);
    CHECK(w[i].mismatches == 0, "%d mismatches, first: %s", w[i].mismatches, w[i].first_error);
  }
  /* Per-thread messages. */
  {
    pingpong pp;
    pthread_t t0, t1;
    memset(&pp, 0, sizeof pp);
    pthread_mutex_init(&pp.m, NULL);
    pthread_cond_init(&pp.cv, NULL);
    pp.in = in;
    EXPECT_ARG(lc_og_tee_id(NULL, 0, NULL), LC_ERR_NULL_POINTER, "signing_key"); /* this thread's own */
    CHECK(pthread_create(&t0, NULL, failing_thread, &pp) == 0, "pthread_create");
    CHECK(pthread_create(&t1, NULL, succeeding_thread, &pp) == 0, "pthread_create");
    pthread_join(t0, NULL);
    pthread_join(t1, NULL);
    set_case("threads: lc_last_error_message");
    CHECK(pp.mismatches[0] == 0, "failing thread: %s", pp.first_error[0]);
    CHECK(pp.mismatches[1] == 0, "succeeding thread: %s", pp.first_error[1]);
    CHECK(strstr(lc_last_error_message(), "signing_key") != NULL, "main thread's message became \"%s\"",
          lc_last_error_message());
    pthread_mutex_destroy(&pp.m);
    pthread_cond_destroy(&pp.cv);
  }
  /* A second thread on a client busy in its provider. */
  {
    blob b3 = slurp(VAL4(3)), b10 = slurp(VAL4(10));
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
    int stage = 0;
    provider_ctx c;
    lc_job job;
    pthread_t t;
    lc_light_client *client = NULL;
    lc_header *h2 = SENTINEL(lc_header);
    size_t count = 0;
    lc_buffer *buf = SENTINEL(lc_buffer);
    set_case("threads: concurrent light-client calls");
    memset(&c, 0, sizeof c);
    memset(&job, 0, sizeof job);
    c.mode = GATE, c.mutex = &m, c.cond = &cv, c.stage = &stage;
    serve(&c, 10, &b10);
    if (b3.p && b10.p && EXPECT(lc_light_client_new(b3.p, b3.n, NULL, &client), LC_OK)) {
      job.client = client, job.ctx = &c;
      CHECK(pthread_create(&t, NULL, light_client_thread, &job) == 0, "pthread_create");
      pthread_mutex_lock(&m);
      while (stage != 1) pthread_cond_wait(&cv, &m);
      pthread_mutex_unlock(&m);
      EXPECT_ARG(lc_light_client_verify_to(client, 10, NOW_H10, provide, &c, &h2), LC_ERR_BUSY, "client");
      CHECK(h2 == NULL, "busy: *out %p", (void *)h2);
      EXPECT(lc_light_client_trusted_heights(client, NULL, 0, &count), LC_ERR_BUSY);
      EXPECT(lc_light_client_to_json(client, &buf), LC_ERR_BUSY);
      pthread_mutex_lock(&m);
      stage = 2;
      pthread_cond_broadcast(&cv);
      pthread_mutex_unlock(&m);
      pthread_join(t, NULL);
      CHECK(job.status == LC_OK && job.height == 10, "the gated call: %s, height %" PRIu64, lc_status_code(job.status),
            job.height);
      {
        const uint64_t want[] = {3, 10};
        heights_are(client, want, 2, __LINE__);
      }
      EXPECT(lc_light_client_free(client), LC_OK);
    }
    unslurp(&b3), unslurp(&b10);
  }
done:
  set_case("threads");
  if (a) EXPECT(lc_attestation_free(a), LC_OK);
  if (r) EXPECT(lc_og_report_free(r), LC_OK);
  if (h) EXPECT(lc_header_free(h), LC_OK);
}

/* ---- main --------------------------------------------------------------------------------- */

typedef struct {
  const char *kind;
  void (*run)(const row *);
  unsigned long cases, failures;
  double seconds;
} kind_runner;

static kind_runner k_kinds[] = {
    {"nitro", run_nitro, 0, 0, 0}, {"comet", run_comet, 0, 0, 0},   {"commit", run_commit, 0, 0, 0},
    {"tx", run_tx, 0, 0, 0},       {"zk", run_zk, 0, 0, 0},         {"ogresp", run_ogresp, 0, 0, 0},
    {"teeid", run_teeid, 0, 0, 0}, {"bundle", run_bundle, 0, 0, 0},   {"sync", run_sync, 0, 0, 0},
};

static void section(const char *name, double *clock) {
  double t = now_s();
  printf("  %-34s %7.2f s\n", name, t - *clock);
  fflush(stdout);
  *clock = t;
}

int main(int argc, char **argv) {
  double start = now_s(), clock = start;
  bool handle_limit = false;
  char skipped[512] = "";
  inputs in;
  int observed = 0;
  if (argc != 2) {
    fprintf(stderr, "usage: %s CASES.tsv   (run from the repository root)\n", argv[0]);
    return 2;
  }
  printf("lightcheck %s: C ABI tests, %s\n", lc_version(), argv[1]);
  test_statuses();
  test_forged_handles();
  section("statuses, forged handles", &clock);
  set_case("case list");
  if (!load_cases(argv[1])) {
    fprintf(stderr, "cannot read the case list %s\n", argv[1]);
    return 2;
  }
  for (size_t i = 0; i < g_nrows; i++) {
    const row *r = &g_rows[i];
    kind_runner *k = NULL;
    double t0;
    unsigned long failures0 = g_failures;
    if (!strcmp(r->f[0], "option")) {
      if (!strcmp(r->f[1], "handle-limit")) handle_limit = r->f[2][0] == '1';
      if (!strcmp(r->f[1], "shared-vectors-missing"))
        snprintf(skipped + strlen(skipped), sizeof skipped - strlen(skipped), "%s%s", skipped[0] ? ", " : "", r->f[2]);
      continue;
    }
    for (size_t j = 0; j < sizeof k_kinds / sizeof *k_kinds; j++)
      if (!strcmp(k_kinds[j].kind, r->f[0])) k = &k_kinds[j];
    if (!k) {
      set_case("case list");
      CHECK(false, "unknown case kind \"%s\" (line of %s)", r->f[0], r->f[1]);
      continue;
    }
    set_case("%s (%s)", r->f[1], r->f[2]); /* the runner refines it once its files are read */
    t0 = now_s();
    k->run(r);
    k->seconds += now_s() - t0;
    k->cases++;
    k->failures += g_failures != failures0;
  }
  for (size_t j = 0; j < sizeof k_kinds / sizeof *k_kinds; j++)
    printf("  %-34s %7.2f s  (%lu cases)\n", k_kinds[j].kind, k_kinds[j].seconds, k_kinds[j].cases);
  clock = now_s();
  load_inputs(&in);
  set_case("inputs");
  CHECK(inputs_ok(&in), "the misuse tests' inputs are missing (a case list without ogresp/zk/tx cases?)");
  if (inputs_ok(&in)) {
    test_nitro_policy();
    section("nitro policy", &clock);
    test_light_client();
    section("light client", &clock);
    test_misuse(&in);
    section("misuse", &clock);
    test_handles(&in);
    section("handles", &clock);
    test_threads(&in);
    section("threads", &clock);
    if (handle_limit) {
      test_handle_limit(&in);
      section("handle limit", &clock);
    }
  }
  free_inputs(&in);
  free(g_rows);
  unslurp(&g_tsv);

  printf("\ncases run per kind:");
  for (size_t j = 0; j < sizeof k_kinds / sizeof *k_kinds; j++)
    if (k_kinds[j].failures)
      printf(" %s %lu (%lu FAILED)%s", k_kinds[j].kind, k_kinds[j].cases, k_kinds[j].failures,
             j + 1 < sizeof k_kinds / sizeof *k_kinds ? "," : "\n");
    else
      printf(" %s %lu%s", k_kinds[j].kind, k_kinds[j].cases, j + 1 < sizeof k_kinds / sizeof *k_kinds ? "," : "\n");
  for (size_t i = 0; i < N_STATUSES; i++) observed += g_seen[k_statuses[i].value];
  printf("observed %d of %d documented statuses; not observed:", observed, (int)N_STATUSES);
  for (size_t i = 0; i < N_STATUSES; i++)
    if (!g_seen[k_statuses[i].value]) printf(" %s", k_statuses[i].code);
  printf("\n");
  if (skipped[0]) printf("!!!!!!!! ../shared/vectors missing: %s SKIPPED !!!!!!!!\n", skipped);
  printf("checks: %lu passed, %lu failed (%.1f s)\n", g_checks - g_failures, g_failures, now_s() - start);
  if (g_failures) {
    printf("FAILED: see the FAIL lines above (stderr)\n");
    return 1;
  }
  printf("all C ABI checks passed\n");
  return 0;
}
