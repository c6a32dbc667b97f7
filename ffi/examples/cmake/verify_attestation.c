/* Verifies an AWS Nitro Enclaves attestation document and prints its PCRs.
 *
 *   verify_attestation DOCUMENT.cbor UNIX_SECONDS
 *
 * Exit status: 0 verified, 1 rejected, 2 usage or I/O error. */
#include <lightcheck.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    unsigned char *data = NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long size = ftell(f);
        if (size > 0 && fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)size)) != NULL &&
            fread(data, 1, (size_t)size, f) != (size_t)size) {
            free(data);
            data = NULL;
        }
        *len = size > 0 ? (size_t)size : 0;
    }
    fclose(f);
    return data;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s DOCUMENT.cbor UNIX_SECONDS\n", argv[0]);
        return 2;
    }
    size_t len = 0;
    unsigned char *document = read_file(argv[1], &len);
    if (!document) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    lc_time now = {.unix_secs = strtoll(argv[2], NULL, 10), .nanos = 0};
    lc_nitro_policy policy = lc_nitro_policy_default();

    lc_attestation *attestation = NULL;
    lc_status status = lc_nitro_verify(document, len, now, &policy, &attestation);
    free(document);
    if (status != LC_OK) {
        printf("rejected: %s (%s): %s\n", lc_status_code(status), lc_status_class(status), lc_last_error_message());
        return 1;
    }
    lc_attestation_info info;
    lc_attestation_get_info(attestation, &info);
    printf("verified with lightcheck %s: module %s, valid until %llu ms\n", lc_version(), info.module_id,
           (unsigned long long)info.valid_until_ms);
    for (uint32_t i = 0; i < 32; i++) {
        uint8_t pcr[48];
        if (!(info.pcr_mask & (1u << i)) || lc_attestation_get_pcr(attestation, i, pcr) != LC_OK) continue;
        printf("PCR%-2u ", (unsigned)i);
        for (size_t j = 0; j < sizeof pcr; j++) printf("%02x", pcr[j]);
        printf("\n");
    }
    lc_attestation_free(attestation);
    return 0;
}
