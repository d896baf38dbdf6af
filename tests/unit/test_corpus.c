/* End to end over the shipped corpus: `dealgraph extract` ($DG_BIN) on
 * corpus/articles/ with the shipped rules, the GraphML read back with
 * igraph_read_graph_graphml, and the relations file checked against the
 * article text it points into. Run from the repository root. */
#include <check.h>
#include <igraph.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <dealgraph/doc.h>

static char tmpdir[64];
static char graphml[128], relations[128];

static void corpus_setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/dg-corpus-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(graphml, sizeof graphml, "%s/graph.graphml", tmpdir);
    snprintf(relations, sizeof relations, "%s/relations.jsonl", tmpdir);
    const char *bin = getenv("DG_BIN");
    ck_assert_msg(bin != NULL, "DG_BIN is not set (run through make check)");
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "'%s' extract --quiet --rules rules --graphml '%s' --relations '%s' corpus/articles/",
             bin, graphml, relations);
    int st = system(cmd);
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "extract failed: %s", cmd);
}

static void corpus_teardown(void)
{
    unlink(graphml);
    unlink(relations);
    rmdir(tmpdir);
}

static igraph_integer_t vertex_by_label(const igraph_t *g, const char *label)
{
    for (igraph_integer_t v = 0; v < igraph_vcount(g); v++)
        if (strcmp(VAS(g, "label", v), label) == 0)
            return v;
    return -1;
}

/* The edge of a relation type between two labels (either order for an
 * undirected relation), or -1. */
static igraph_integer_t edge_between(const igraph_t *g, const char *type, const char *a,
                                     const char *b, bool directed)
{
    igraph_integer_t va = vertex_by_label(g, a), vb = vertex_by_label(g, b);
    if (va < 0 || vb < 0)
        return -1;
    for (igraph_integer_t e = 0; e < igraph_ecount(g); e++) {
        if (strcmp(EAS(g, "relation", e), type) != 0)
            continue;
        igraph_integer_t from = IGRAPH_FROM(g, e), to = IGRAPH_TO(g, e);
        if ((from == va && to == vb) || (!directed && from == vb && to == va))
            return e;
    }
    return -1;
}

START_TEST(test_corpus_graphml)
{
    igraph_set_attribute_table(&igraph_cattribute_table);
    FILE *f = fopen(graphml, "r");
    ck_assert_ptr_nonnull(f);
    igraph_t g;
    ck_assert_int_eq(igraph_read_graph_graphml(&g, f, 0), IGRAPH_SUCCESS);
    fclose(f);
    ck_assert_int_gt(igraph_vcount(&g), 50);
    ck_assert_int_gt(igraph_ecount(&g), 30);

    igraph_integer_t dm = vertex_by_label(&g, "Google DeepMind");
    ck_assert_int_ge(dm, 0);
    ck_assert_str_eq(VAS(&g, "parent", dm), "Alphabet");
    igraph_integer_t a24 = vertex_by_label(&g, "A24");
    ck_assert_int_ge(a24, 0);
    ck_assert_str_eq(VAS(&g, "type", a24), "studio");
    ck_assert_double_ge(VAN(&g, "mentions", a24), 2); /* relation records naming it */
    ck_assert_double_ge(VAN(&g, "documents", a24), 1);

    igraph_integer_t p = edge_between(&g, "partnership", "Google DeepMind", "A24", false);
    ck_assert_msg(p >= 0, "no partnership edge Google DeepMind -- A24");
    ck_assert(!EAB(&g, "directed", p));
    ck_assert_ptr_nonnull(strstr(EAS(&g, "evidence", p), "research partnership"));
    ck_assert_ptr_nonnull(strstr(EAS(&g, "sources", p), "dg-001"));
    ck_assert_double_ge(EAN(&g, "weight", p), 1);

    igraph_integer_t i = edge_between(&g, "investment", "Google", "A24", true);
    ck_assert_msg(i >= 0, "no investment edge Google -> A24");
    ck_assert(EAB(&g, "directed", i));
    ck_assert_ptr_nonnull(strstr(EAS(&g, "evidence", i), "investment in A24"));
    igraph_destroy(&g);
}
END_TEST

/* The body text of corpus/articles/dg-001.txt as the reader gives it
 * (front matter removed): offsets in the relations file count from there. */
static char *dg001_body(size_t *n)
{
    const char *paths[] = {"corpus/articles/dg-001.txt"};
    dg_reader *r = NULL;
    dg_diags *d = dg_diags_new();
    ck_assert_int_eq(dg_reader_new(paths, 1, NULL, &r), DG_OK);
    dg_doc doc = {0};
    bool got = false;
    ck_assert_int_eq(dg_reader_next(r, &doc, &got, d), DG_OK);
    ck_assert(got);
    ck_assert_str_eq(doc.id, "dg-001");
    char *text = doc.text;
    *n = doc.len;
    doc.text = NULL;
    dg_doc_destroy(&doc);
    dg_reader_free(r);
    dg_diags_free(d);
    return text;
}

START_TEST(test_corpus_relations_offsets)
{
    size_t n;
    char *body = dg001_body(&n);
    FILE *f = fopen(relations, "r");
    ck_assert_ptr_nonnull(f);
    char *line = NULL;
    size_t cap = 0;
    bool partnership = false, investment = false;
    while (getline(&line, &cap, f) > 0) {
        json_error_t err;
        json_t *o = json_loads(line, 0, &err);
        ck_assert_msg(o != NULL, "bad JSON line: %s", err.text);
        if (strcmp(json_string_value(json_object_get(o, "doc")), "dg-001") != 0) {
            json_decref(o);
            continue;
        }
        const char *type = json_string_value(json_object_get(o, "type"));
        const char *sentence = json_string_value(json_object_get(o, "sentence"));
        json_int_t s = json_integer_value(json_object_get(o, "start"));
        json_int_t e = json_integer_value(json_object_get(o, "end"));
        ck_assert(s >= 0 && s < e && (size_t)e <= n);
        /* the offsets point at the evidence sentence in the article */
        ck_assert_int_eq((size_t)(e - s), strlen(sentence));
        ck_assert(memcmp(body + s, sentence, (size_t)(e - s)) == 0);
        json_t *parties = json_object_get(o, "parties");
        const char *p0 = json_string_value(json_array_get(parties, 0));
        const char *p1 = json_string_value(json_array_get(parties, 1));
        if (strcmp(type, "partnership") == 0 &&
            ((strcmp(p0, "Google DeepMind") == 0 && strcmp(p1, "A24") == 0) ||
             (strcmp(p0, "A24") == 0 && strcmp(p1, "Google DeepMind") == 0))) {
            partnership = true;
            ck_assert(json_is_null(json_object_get(o, "source")));
        }
        if (strcmp(type, "investment") == 0 && strcmp(p0, "Google") == 0 &&
            strcmp(p1, "A24") == 0) {
            investment = true;
            ck_assert_str_eq(json_string_value(json_object_get(o, "source")), "Google");
            ck_assert_str_eq(json_string_value(json_object_get(o, "target")), "A24");
            ck_assert(json_is_null(json_object_get(o, "amount")));
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
    free(body);
    ck_assert_msg(partnership, "dg-001: no partnership Google DeepMind + A24");
    ck_assert_msg(investment, "dg-001: no investment Google -> A24");
}
END_TEST

extern Suite *corpus_suite(void);
Suite *corpus_suite(void)
{
    Suite *s = suite_create("corpus");
    TCase *tc = tcase_create("extract");
    tcase_add_unchecked_fixture(tc, corpus_setup, corpus_teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_corpus_graphml);
    tcase_add_test(tc, test_corpus_relations_offsets);
    suite_add_tcase(s, tc);
    return s;
}
