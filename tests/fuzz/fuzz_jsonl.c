/* libFuzzer harness: the input is one JSON Lines file (in.jsonl) read with
 * dg_reader_new / dg_reader_next. Every record must either become a
 * document or be counted as skipped with a warning; documents must be
 * NUL-terminated at their length. */
#include <stdint.h>

#include <dealgraph/diag.h>
#include <dealgraph/doc.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_tmp_init("in.jsonl");
    fuzz_write(data, size);

    const char *paths[] = {fuzz_file};
    dg_diags *diags = dg_diags_new();
    FUZZ_CHECK(diags != NULL);
    dg_reader *r = NULL;
    dg_status st = dg_reader_new(paths, 1, NULL, &r);
    FUZZ_CHECK(st == DG_OK && r != NULL);
    size_t ndocs = 0;
    for (;;) {
        dg_doc doc;
        memset(&doc, 0, sizeof doc);
        bool got = false;
        st = dg_reader_next(r, &doc, &got, diags);
        FUZZ_CHECK(st == DG_OK);
        if (!got)
            break;
        FUZZ_CHECK(doc.text != NULL && doc.text[doc.len] == '\0');
        FUZZ_CHECK(doc.len <= size);
        FUZZ_CHECK(doc.id != NULL && doc.origin != NULL);
        FUZZ_CHECK(doc.line >= 1);
        FUZZ_CHECK(doc.seq == ndocs);
        if (doc.date) /* normalized: YYYY-MM-DD */
            FUZZ_CHECK(strlen(doc.date) == 10 && doc.date[4] == '-' && doc.date[7] == '-');
        ndocs++;
        dg_doc_destroy(&doc);
    }
    const dg_reader_stats *s = dg_reader_stats_get(r);
    FUZZ_CHECK(s->docs == ndocs);
    size_t sum = 0;
    for (int i = 0; i < DG_SKIP__COUNT; i++)
        sum += s->skipped[i];
    FUZZ_CHECK(sum == s->skipped_total);
    /* Every skip leaves a diagnostic naming the file. */
    FUZZ_CHECK(dg_diags_count(diags) >= s->skipped_total);
    for (size_t i = 0; i < dg_diags_count(diags); i++) {
        const dg_diag *d = dg_diags_get(diags, i);
        FUZZ_CHECK(d->msg != NULL);
    }
    dg_reader_free(r);
    dg_diags_free(diags);
    return 0;
}
