/* libFuzzer harness: the input is a document's text. The shipped rules
 * (DG_FUZZ_RULES, default "rules") are loaded once; each input goes through
 * the text layer, whose invariants are checked here (valid UTF-8 out, an
 * offset map that never goes backwards, sentences and tokens in bounds),
 * then through dg_extract, whose mentions and relations must lie inside the
 * document. */
#include <stdint.h>

#include <dealgraph/diag.h>
#include <dealgraph/doc.h>
#include <dealgraph/extract.h>
#include <dealgraph/rules.h>
#include <dealgraph/text.h>

#include "fuzz_common.h"

#ifndef DG_FUZZ_RULES_DIR
#define DG_FUZZ_RULES_DIR "rules"
#endif

static dg_ruleset *rules;
static dg_extractor *extractor;

static void release(void)
{
    dg_extractor_free(extractor);
    dg_ruleset_free(rules);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dir = getenv("DG_FUZZ_RULES");
    const char *dirs[] = {dir && *dir ? dir : DG_FUZZ_RULES_DIR};
    dg_diags *diags = dg_diags_new();
    if (!diags || dg_ruleset_load(dirs, 1, diags, &rules) != DG_OK ||
        dg_extractor_new(rules, &extractor) != DG_OK) {
        fprintf(stderr, "fuzz_extract: cannot load the rules in %s\n", dirs[0]);
        if (diags)
            dg_diags_print(diags, stderr);
        abort();
    }
    dg_diags_free(diags);
    atexit(release);
    return 0;
}

static void check_text_layer(const char *s, size_t n)
{
    dg_text t;
    FUZZ_CHECK(dg_text_init(&t, s, n) == DG_OK);
    FUZZ_CHECK(t.orig_len == n && t.s[t.len] == '\0');
    FUZZ_CHECK(memchr(t.s, '\0', t.len) == NULL);
    FUZZ_CHECK(dg_utf8_valid(t.s, t.len));
    bool ascii = true;
    for (size_t i = 0; i < n && ascii; i++)
        ascii = (unsigned char)s[i] < 0x80;
    FUZZ_CHECK(t.ascii == ascii);
    if (ascii)
        FUZZ_CHECK(t.len == n && t.nanchors == 0);
    if (dg_utf8_valid(s, n))
        FUZZ_CHECK(t.repaired == 0);
    else
        FUZZ_CHECK(t.repaired > 0);
    size_t prev = 0;
    for (size_t i = 0; i <= t.len; i++) {
        size_t o = dg_text_orig_offset(&t, i);
        FUZZ_CHECK(o >= prev && o <= n);
        prev = o;
    }
    FUZZ_CHECK(dg_text_orig_offset(&t, t.len) == n);

    dg_spans sp;
    dg_spans_init(&sp);
    FUZZ_CHECK(dg_sentences_split(&sp, t.s, t.len, NULL) == DG_OK);
    size_t end = 0;
    for (size_t i = 0; i < sp.n; i++) {
        FUZZ_CHECK(sp.v[i].start >= end && sp.v[i].start < sp.v[i].end);
        FUZZ_CHECK(sp.v[i].end <= t.len);
        end = sp.v[i].end;
    }
    dg_tokens tk;
    dg_tokens_init(&tk);
    FUZZ_CHECK(dg_tokenize(&tk, t.s, t.len) == DG_OK);
    uint32_t tend = 0;
    for (size_t i = 0; i < tk.n; i++) {
        const dg_token *x = &tk.v[i];
        FUZZ_CHECK(x->start >= tend && x->start < x->end && x->end <= t.len);
        FUZZ_CHECK((size_t)x->key + x->key_len <= tk.keys.len);
        tend = x->end;
    }
    dg_buf key;
    dg_buf_init(&key);
    FUZZ_CHECK(dg_fold_append(&key, t.s, t.len) == DG_OK);
    FUZZ_CHECK(dg_utf8_valid(key.p ? key.p : "", key.len));
    dg_buf_destroy(&key);
    dg_tokens_destroy(&tk);
    dg_spans_destroy(&sp);
    dg_text_destroy(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_text_layer((const char *)data, size);

    dg_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.text = malloc(size + 1);
    FUZZ_CHECK(doc.text != NULL);
    if (size)
        memcpy(doc.text, data, size);
    doc.text[size] = '\0';
    doc.len = size;
    doc.id = strdup("fuzz");
    doc.origin = strdup("fuzz.txt");
    FUZZ_CHECK(doc.id && doc.origin);

    dg_diags *diags = dg_diags_new();
    FUZZ_CHECK(diags != NULL);
    dg_doc_result res;
    dg_doc_result_init(&res);
    FUZZ_CHECK(dg_extract(extractor, &doc, &res, diags) == DG_OK);
    for (size_t i = 0; i < res.nmentions; i++) {
        const dg_mention *m = &res.mentions[i];
        FUZZ_CHECK(m->start <= m->end && m->end <= size);
        FUZZ_CHECK(m->canonical != NULL && m->surface != NULL);
    }
    for (size_t i = 0; i < res.rels.n; i++) {
        const dg_relation *r = &res.rels.v[i];
        FUZZ_CHECK(r->start <= r->end && r->end <= size);
        FUZZ_CHECK(r->nparties >= 2 && r->type != NULL);
        for (size_t j = 0; j < r->nparties; j++)
            FUZZ_CHECK(r->parties[j] != NULL);
    }
    FILE *null = fopen("/dev/null", "w");
    if (null) {
        for (size_t i = 0; i < res.rels.n; i++)
            FUZZ_CHECK(dg_relation_write_json(&res.rels.v[i], null) == DG_OK);
        fclose(null);
    }
    dg_doc_result_destroy(&res);
    dg_diags_free(diags);
    dg_doc_destroy(&doc);
    return 0;
}
