/* Helpers shared by the libFuzzer harnesses: one temporary directory per
 * process (created on first use, removed at exit) and a file writer. The
 * library reads rules and documents from files, so each input is written to
 * the same path in that directory and read back. */
#ifndef DG_FUZZ_COMMON_H
#define DG_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fuzz_dir[64];
static char fuzz_file[128];

static inline void fuzz_cleanup(void)
{
    if (fuzz_file[0])
        unlink(fuzz_file);
    if (fuzz_dir[0])
        rmdir(fuzz_dir);
}

/* Creates the per-process directory and sets fuzz_file to NAME inside it. */
static inline void fuzz_tmp_init(const char *name)
{
    if (fuzz_dir[0])
        return;
    const char *base = getenv("TMPDIR");
    snprintf(fuzz_dir, sizeof fuzz_dir, "%s/dgfuzz.XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(fuzz_dir)) {
        perror("mkdtemp");
        abort();
    }
    snprintf(fuzz_file, sizeof fuzz_file, "%s/%s", fuzz_dir, name);
    atexit(fuzz_cleanup);
}

/* Writes data to fuzz_file, replacing what was there. */
static inline void fuzz_write(const unsigned char *data, size_t size)
{
    FILE *f = fopen(fuzz_file, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror(fuzz_file);
        abort();
    }
}

/* A failed invariant is a crash libFuzzer records with its input. */
#define FUZZ_CHECK(cond)                                                                   \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);   \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

#endif
