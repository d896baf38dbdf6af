/* Yardstick: how fast this machine runs one plain pcre2 JIT pattern over the
 * benchmark corpus, so extraction speed can be read against it.
 *
 *   scan FILE...
 *
 * Each file is read whole, then scanned with every match of
 *   \b(?:acquir|invest|partner)\w*
 * compiled as the extractor compiles its patterns (UTF, UCP, caseless, JIT).
 * Only the scanning is timed. Prints one line:
 *   bytes=N matches=N seconds=S mibps=X */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char pattern[] = "\\b(?:acquir|invest|partner)\\w*";

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (cap - len < (1u << 20)) {
            cap = cap ? cap * 2 : (16u << 20);
            char *p = realloc(buf, cap);
            if (!p) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = p;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    *n = len;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: scan FILE...\n");
        return 2;
    }
    int err;
    PCRE2_SIZE erroff;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &err, &erroff, NULL);
    if (!re) {
        fprintf(stderr, "scan: pattern does not compile (error %d)\n", err);
        return 1;
    }
    if (pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) != 0)
        fprintf(stderr, "scan: warning: no JIT on this machine, interpreting\n");
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    if (!md)
        return 1;
    size_t total = 0, matches = 0;
    double secs = 0;
    for (int i = 1; i < argc; i++) {
        size_t n = 0;
        char *buf = slurp(argv[i], &n);
        if (!buf) {
            perror(argv[i]);
            return 1;
        }
        double t0 = now();
        /* The first call checks the UTF-8 once; later calls skip it, as the
         * extractor does after its own validation. */
        uint32_t opts = 0;
        PCRE2_SIZE off = 0;
        for (;;) {
            int rc = pcre2_match(re, (PCRE2_SPTR)buf, n, off, opts, md, NULL);
            if (rc == PCRE2_ERROR_NOMATCH)
                break;
            if (rc < 0) {
                PCRE2_UCHAR msg[256];
                pcre2_get_error_message(rc, msg, sizeof msg);
                fprintf(stderr, "scan: %s: %s\n", argv[i], (const char *)msg);
                return 1;
            }
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            matches++;
            off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
            /* never restart inside a UTF-8 sequence */
            while (off < n && ((unsigned char)buf[off] & 0xC0) == 0x80)
                off++;
            opts = PCRE2_NO_UTF_CHECK;
            if (off >= n)
                break;
        }
        secs += now() - t0;
        total += n;
        free(buf);
    }
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    double mib = (double)total / (1024.0 * 1024.0);
    printf("bytes=%zu matches=%zu seconds=%.3f mibps=%.1f\n", total, matches, secs,
           secs > 0 ? mib / secs : 0.0);
    return 0;
}
