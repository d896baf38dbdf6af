/* Unit tests for the graph: aggregation, order independence, filters,
 * rollup, undirected export, and every format read back. Records are built
 * by hand as the extractor would emit them for real news sentences. */
#include <check.h>
#include <igraph.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <dealgraph/graph.h>
#include <dealgraph/relation.h>

typedef struct spec {
    const char *doc, *date, *type, *status;
    const char *src, *tgt, *third; /* third: an n-ary partnership member */
    const char *cur;
    double amount; /* 0: none */
    const char *sentence, *rule;
    const char *parent_src, *parent_tgt;
} spec;

static char *dup0(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void make(dg_relation *r, const spec *s)
{
    memset(r, 0, sizeof *r);
    r->doc = dup0(s->doc);
    r->date = dup0(s->date);
    r->type = dup0(s->type);
    r->directed = strcmp(s->type, "partnership") != 0;
    ck_assert(dg_rel_status_parse(s->status, &r->status));
    r->nparties = s->third ? 3 : 2;
    r->parties = calloc(r->nparties, sizeof *r->parties);
    r->party_types = calloc(r->nparties, sizeof *r->party_types);
    r->party_parents = calloc(r->nparties, sizeof *r->party_parents);
    r->parties[0] = dup0(s->src);
    r->parties[1] = dup0(s->tgt);
    if (s->third)
        r->parties[2] = dup0(s->third);
    for (size_t i = 0; i < r->nparties; i++)
        r->party_types[i] = strdup("company");
    r->party_parents[0] = dup0(s->parent_src);
    r->party_parents[1] = dup0(s->parent_tgt);
    if (s->amount > 0) {
        r->has_amount = true;
        r->amount = s->amount;
        snprintf(r->currency, sizeof r->currency, "%s", s->cur ? s->cur : "");
    }
    r->sentence = dup0(s->sentence);
    r->rule = dup0(s->rule);
}

static const spec corpus[] = {
    {"reuters-1", "2024-03-01", "partnership", "announced", "Google DeepMind", "A24", NULL,
     NULL, 0, "Google DeepMind and A24 announced a partnership on generative video tools.",
     "partnership.and_announced", "Alphabet", NULL},
    {"variety-2", "2024-03-02", "partnership", "announced", "A24", "Google DeepMind", NULL,
     NULL, 0, "A24 is partnering with Google DeepMind.", "partnership.with", NULL, "Alphabet"},
    {"variety-2", "2024-03-02", "partnership", "announced", "A24", "Google DeepMind", NULL,
     NULL, 0, "The studio and Google DeepMind will work together on tools.", "partnership.together",
     NULL, "Alphabet"},
    {"ft-3", "2024-04-02", "investment", "rumored", "Alphabet", "A24", NULL, "USD", 70e6,
     "Alphabet is in talks to invest $70 million in A24.", "investment.in_talks", NULL, NULL},
    {"bloomberg-4", "2024-05-10", "investment", "completed", "Alphabet", "A24", NULL, "USD", 75e6,
     "Alphabet invested $75 million in A24, the studio said.", "investment.invested_in", NULL,
     NULL},
    {"handelsblatt-5", "2024-05-11", "investment", "completed", "Alphabet", "A24", NULL, "EUR",
     69e6, "Alphabet hat 69 Millionen Euro in A24 investiert.", "investment.invested_in", NULL,
     NULL},
    {"wsj-6", "2023-01-23", "investment", "announced", "Microsoft", "OpenAI", NULL, "USD", 10e9,
     "Microsoft will invest $10 billion in OpenAI.", "investment.will_invest", NULL, NULL},
    {"techcrunch-7", "2024-06-01", "partnership", "planned", "OpenAI", "Nvidia", "Microsoft",
     NULL, 0, "OpenAI, Nvidia and Microsoft plan a joint AI infrastructure venture.",
     "partnership.plan_joint", NULL, NULL},
    {"blog-8", NULL, "partnership", "rumored", "Microsoft", "OpenAI", NULL, NULL, 0,
     "Microsoft and OpenAI may deepen their ties.", "partnership.may", NULL, NULL},
};
#define NCORPUS (sizeof corpus / sizeof *corpus)

static char tmpdir[64];

static void setup_tmp(void)
{
    strcpy(tmpdir, "/tmp/dg_graph_test.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown_tmp(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

static char *path_in(const char *name)
{
    static char buf[4][160];
    static int k;
    char *p = buf[k++ % 4];
    snprintf(p, 160, "%s/%s", tmpdir, name);
    return p;
}

/* Builds a finished graph from corpus entries in the given order. */
static dg_graph *build(const dg_graph_opts *o, const size_t *order, size_t n)
{
    dg_graph *g = NULL;
    ck_assert_int_eq(dg_graph_new(o, &g), DG_OK);
    for (size_t i = 0; i < n; i++) {
        dg_relation r;
        make(&r, &corpus[order ? order[i] : i]);
        ck_assert_int_eq(dg_graph_add(g, &r), DG_OK);
        dg_relation_destroy(&r);
    }
    dg_diags *d = dg_diags_new();
    ck_assert_int_eq(dg_graph_finish(g, d), DG_OK);
    dg_diags_free(d);
    return g;
}

static json_t *as_json(dg_graph *g)
{
    const char *p = path_in("g.json");
    ck_assert_int_eq(dg_graph_write(g, p, DG_FMT_JSON, NULL), DG_OK);
    json_error_t err;
    json_t *j = json_load_file(p, 0, &err);
    ck_assert_msg(j != NULL, "JSON does not parse: %s", err.text);
    return j;
}

static json_t *link_of(json_t *j, const char *s, const char *t, const char *rel)
{
    size_t i;
    json_t *l;
    json_array_foreach(json_object_get(j, "links"), i, l)
    {
        if (strcmp(json_string_value(json_object_get(l, "source")), s) == 0 &&
            strcmp(json_string_value(json_object_get(l, "target")), t) == 0 &&
            strcmp(json_string_value(json_object_get(l, "relation")), rel) == 0)
            return l;
    }
    return NULL;
}

static json_t *node_of(json_t *j, const char *id)
{
    size_t i;
    json_t *n;
    json_array_foreach(json_object_get(j, "nodes"), i, n)
    {
        if (strcmp(json_string_value(json_object_get(n, "id")), id) == 0)
            return n;
    }
    return NULL;
}

static const char *str_of(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    ck_assert_msg(json_is_string(v), "%s is not a string", k);
    return json_string_value(v);
}

static long long int_of(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    ck_assert_msg(json_is_integer(v), "%s is not an integer", k);
    return json_integer_value(v);
}

START_TEST(test_graph_aggregation)
{
    setup_tmp();
    dg_graph_opts o = {.max_sources = 2};
    dg_graph *g = build(&o, NULL, NCORPUS);
    json_t *j = as_json(g);

    /* partnership A24 - Google DeepMind: 2 documents (variety-2 twice) */
    json_t *p = link_of(j, "A24", "Google DeepMind", "partnership");
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(int_of(p, "weight"), 2);
    ck_assert(json_is_false(json_object_get(p, "directed")));
    ck_assert_str_eq(str_of(p, "status_history"), "announced:2");
    ck_assert_str_eq(str_of(p, "first_seen"), "2024-03-01");
    ck_assert_str_eq(str_of(p, "last_seen"), "2024-03-02");
    ck_assert_str_eq(str_of(p, "evidence"), "A24 is partnering with Google DeepMind.");
    ck_assert_str_eq(str_of(p, "rules"),
                     "partnership.and_announced|partnership.together|partnership.with");

    /* investment: latest status, amounts in the most frequent currency */
    json_t *inv = link_of(j, "Alphabet", "A24", "investment");
    ck_assert_ptr_nonnull(inv);
    ck_assert_int_eq(int_of(inv, "weight"), 3);
    ck_assert_str_eq(str_of(inv, "status"), "completed");
    ck_assert_str_eq(str_of(inv, "status_history"), "completed:2;rumored:1");
    ck_assert_str_eq(str_of(inv, "currency"), "USD");
    ck_assert(json_is_true(json_object_get(inv, "currency_mixed")));
    ck_assert_double_eq_tol(json_real_value(json_object_get(inv, "amount_total")), 145e6, 1e-3);
    /* sources capped at 2, sorted; the count is not capped */
    ck_assert_str_eq(str_of(inv, "sources"), "bloomberg-4|ft-3");
    ck_assert_int_eq(int_of(inv, "source_count"), 3);
    ck_assert_str_eq(str_of(inv, "evidence"),
                     "Alphabet hat 69 Millionen Euro in A24 investiert.");

    /* n-ary partnership: one edge per unordered pair, sorted parties */
    ck_assert_ptr_nonnull(link_of(j, "Microsoft", "Nvidia", "partnership"));
    ck_assert_ptr_nonnull(link_of(j, "Nvidia", "OpenAI", "partnership"));
    json_t *mo = link_of(j, "Microsoft", "OpenAI", "partnership");
    ck_assert_ptr_nonnull(mo);
    ck_assert_int_eq(int_of(mo, "weight"), 2);
    /* the undated rumor is older than any dated record */
    ck_assert_str_eq(str_of(mo, "status"), "planned");
    ck_assert_str_eq(str_of(mo, "first_seen"), "2024-06-01");

    json_t *a24 = node_of(j, "A24");
    ck_assert_int_eq(int_of(a24, "mentions"), 6);
    ck_assert_int_eq(int_of(a24, "documents"), 5);
    ck_assert_int_eq(int_of(a24, "degree"), 2);
    ck_assert_int_eq(int_of(a24, "weighted_degree"), 5);
    ck_assert_str_eq(str_of(node_of(j, "Google DeepMind"), "parent"), "Alphabet");
    ck_assert_str_eq(str_of(node_of(j, "Microsoft"), "first_seen"), "2023-01-23");
    ck_assert_uint_eq(dg_graph_vertex_count(g), 6);
    ck_assert_uint_eq(dg_graph_edge_count(g), 6);
    /* Same pair joined by two relation types: networkx must see a multigraph. */
    ck_assert(json_is_true(json_object_get(j, "multigraph")));
    json_decref(j);
    dg_graph_free(g);
    teardown_tmp();
}
END_TEST

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char *buf = NULL;
    size_t cap = 0;
    FILE *m = open_memstream(&buf, &cap);
    char chunk[4096];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        fwrite(chunk, 1, k, m);
    fclose(f);
    fclose(m);
    *n = cap;
    return buf;
}

START_TEST(test_graph_order_independent)
{
    setup_tmp();
    size_t fwd[NCORPUS], rev[NCORPUS], mix[NCORPUS];
    for (size_t i = 0; i < NCORPUS; i++) {
        fwd[i] = i;
        rev[i] = NCORPUS - 1 - i;
        mix[i] = (i * 4 + 3) % NCORPUS; /* 4 is coprime with 9 */
    }
    const size_t *orders[] = {fwd, rev, mix};
    char *first = NULL;
    size_t firstn = 0;
    for (int k = 0; k < 3; k++) {
        dg_graph *g = build(NULL, orders[k], NCORPUS);
        char name[32];
        snprintf(name, sizeof name, "o%d.graphml", k);
        ck_assert_int_eq(dg_graph_write(g, path_in(name), DG_FMT_GRAPHML, NULL), DG_OK);
        size_t n;
        char *bytes = slurp(path_in(name), &n);
        if (!first) {
            first = bytes;
            firstn = n;
        } else {
            ck_assert_uint_eq(n, firstn);
            ck_assert_msg(memcmp(bytes, first, n) == 0, "order %d gives other bytes", k);
            free(bytes);
        }
        dg_graph_free(g);
    }
    free(first);
    teardown_tmp();
}
END_TEST

START_TEST(test_graph_filters)
{
    setup_tmp();
    static const char *const types[] = {"investment", NULL};
    dg_graph_opts o = {.types = types,
                       .since = "2024-01-01",
                       .status_mask = 1u << DG_ST_COMPLETED};
    dg_graph *g = build(&o, NULL, NCORPUS);
    json_t *j = as_json(g);
    ck_assert_uint_eq(dg_graph_edge_count(g), 1);
    json_t *inv = link_of(j, "Alphabet", "A24", "investment");
    ck_assert_ptr_nonnull(inv);
    ck_assert_int_eq(int_of(inv, "weight"), 2);
    ck_assert_str_eq(str_of(inv, "status_history"), "completed:2");
    json_decref(j);
    dg_graph_free(g);

    /* min weight 2 keeps only edges backed by two documents */
    dg_graph_opts o2 = {.min_weight = 2, .until = "2024-12-31"};
    g = build(&o2, NULL, NCORPUS);
    j = as_json(g);
    ck_assert_uint_eq(dg_graph_edge_count(g), 2);
    ck_assert_ptr_nonnull(link_of(j, "Alphabet", "A24", "investment"));
    ck_assert_ptr_nonnull(link_of(j, "A24", "Google DeepMind", "partnership"));
    /* the undated blog record is dropped when a bound is set */
    ck_assert_ptr_null(node_of(j, "Microsoft"));
    ck_assert_ptr_null(node_of(j, "Nvidia"));
    json_decref(j);
    dg_graph_free(g);
    teardown_tmp();
}
END_TEST

START_TEST(test_graph_rollup_and_undirected)
{
    setup_tmp();
    /* a chain: DeepMind -> Google -> Alphabet, and a record between a child
     * and its parent, which becomes a self-loop and is dropped */
    const spec extra[] = {
        {"verge-9", "2024-07-01", "partnership", "announced", "Google", "Google DeepMind",
         NULL, NULL, 0, "Google and Google DeepMind team up.", "p.team", "Alphabet", "Google"},
    };
    dg_graph *g = NULL;
    dg_graph_opts o = {.rollup = true, .undirected = true};
    ck_assert_int_eq(dg_graph_new(&o, &g), DG_OK);
    for (size_t i = 0; i < NCORPUS + 1; i++) {
        dg_relation r;
        make(&r, i < NCORPUS ? &corpus[i] : &extra[0]);
        ck_assert_int_eq(dg_graph_add(g, &r), DG_OK);
        dg_relation_destroy(&r);
    }
    ck_assert_int_eq(dg_graph_finish(g, NULL), DG_OK);
    json_t *j = as_json(g);
    ck_assert(json_is_false(json_object_get(j, "directed")));
    ck_assert_ptr_null(node_of(j, "Google DeepMind"));
    ck_assert_ptr_null(node_of(j, "Google"));
    ck_assert_str_eq(str_of(node_of(j, "Alphabet"), "parent"), "");
    /* undirected: investment stored with sorted parties and directed false */
    json_t *inv = link_of(j, "A24", "Alphabet", "investment");
    ck_assert_ptr_nonnull(inv);
    ck_assert(json_is_false(json_object_get(inv, "directed")));
    json_t *p = link_of(j, "A24", "Alphabet", "partnership");
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(int_of(p, "weight"), 2);
    size_t i;
    json_t *l;
    json_array_foreach(json_object_get(j, "links"), i, l)
    {
        ck_assert_str_ne(str_of(l, "source"), str_of(l, "target"));
    }
    json_decref(j);

    /* the GraphML graph itself is undirected */
    ck_assert_int_eq(dg_graph_write(g, path_in("u.graphml"), DG_FMT_GRAPHML, NULL), DG_OK);
    size_t n;
    char *bytes = slurp(path_in("u.graphml"), &n);
    ck_assert_ptr_nonnull(strstr(bytes, "edgedefault=\"undirected\""));
    free(bytes);
    dg_graph_free(g);
    teardown_tmp();
}
END_TEST

START_TEST(test_graph_graphml_readback)
{
    setup_tmp();
    dg_graph *g = build(NULL, NULL, NCORPUS);
    ck_assert_int_eq(dg_graph_write(g, path_in("g.graphml"), DG_FMT_GRAPHML, NULL), DG_OK);
    igraph_set_attribute_table(&igraph_cattribute_table);
    igraph_t ig;
    FILE *f = fopen(path_in("g.graphml"), "r");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(igraph_read_graph_graphml(&ig, f, 0), IGRAPH_SUCCESS);
    fclose(f);
    ck_assert_int_eq(igraph_vcount(&ig), 6);
    ck_assert_int_eq(igraph_ecount(&ig), 6);
    ck_assert(igraph_is_directed(&ig));
    /* vertices come sorted by name */
    ck_assert_str_eq(VAS(&ig, "label", 0), "A24");
    ck_assert_str_eq(VAS(&ig, "label", 2), "Google DeepMind");
    ck_assert_str_eq(VAS(&ig, "parent", 2), "Alphabet");
    ck_assert_double_eq(VAN(&ig, "mentions", 0), 6);
    double pr = 0;
    for (igraph_integer_t v = 0; v < igraph_vcount(&ig); v++)
        pr += VAN(&ig, "pagerank", v);
    ck_assert_double_eq_tol(pr, 1.0, 1e-9);
    /* Microsoft sits between Nvidia/OpenAI? No: all three are a triangle;
     * A24 is the bridge between Alphabet and Google DeepMind. */
    ck_assert_double_gt(VAN(&ig, "betweenness", 0), 0);
    ck_assert_double_eq(VAN(&ig, "community", 0), VAN(&ig, "community", 1));
    ck_assert_double_ne(VAN(&ig, "community", 0), VAN(&ig, "community", 3));
    bool found = false;
    for (igraph_integer_t e = 0; e < igraph_ecount(&ig); e++) {
        if (strcmp(EAS(&ig, "relation", e), "investment") == 0 &&
            strcmp(EAS(&ig, "currency", e), "USD") == 0 && EAN(&ig, "weight", e) == 3) {
            found = true;
            ck_assert(EAB(&ig, "currency_mixed", e));
            ck_assert(EAB(&ig, "directed", e));
            ck_assert_str_eq(EAS(&ig, "status", e), "completed");
        }
        if (strcmp(EAS(&ig, "relation", e), "partnership") == 0)
            ck_assert(!EAB(&ig, "directed", e));
    }
    ck_assert(found);
    igraph_destroy(&ig);
    dg_graph_free(g);
    teardown_tmp();
}
END_TEST

/* Splits one CSV record (RFC 4180) into fields; returns the count. */
static size_t csv_fields(const char *line, char out[][200], size_t max)
{
    size_t n = 0;
    const char *p = line;
    while (n < max) {
        char *o = out[n];
        size_t k = 0;
        if (*p == '"') {
            for (p++; *p; p++) {
                if (*p == '"' && p[1] == '"')
                    o[k++] = '"', p++;
                else if (*p == '"')
                    break;
                else
                    o[k++] = *p;
            }
            p++;
        } else {
            while (*p && *p != ',' && *p != '\r' && *p != '\n')
                o[k++] = *p++;
        }
        o[k] = '\0';
        n++;
        if (*p != ',')
            break;
        p++;
    }
    return n;
}

START_TEST(test_graph_csv_dot_gexf)
{
    setup_tmp();
    const spec tricky[] = {
        {"nyt-1", "2024-01-09", "partnership", "announced", "Ben & Jerry's \"Labs\"",
         "Back\\slash, Inc.", NULL, NULL, 0, "Ben & Jerry's and Back\\slash <say> \"hi\".", "p.x",
         NULL, NULL},
    };
    dg_graph *g = NULL;
    ck_assert_int_eq(dg_graph_new(NULL, &g), DG_OK);
    dg_relation r;
    make(&r, &tricky[0]);
    ck_assert_int_eq(dg_graph_add(g, &r), DG_OK);
    dg_relation_destroy(&r);
    ck_assert_int_eq(dg_graph_finish(g, NULL), DG_OK);

    /* CSV: nodes file, edges beside it with "nodes" -> "edges" */
    ck_assert_int_eq(dg_graph_write(g, path_in("deals-nodes.csv"), DG_FMT_CSV, NULL), DG_OK);
    size_t n;
    char *edges = slurp(path_in("deals-edges.csv"), &n);
    char *nl = strstr(edges, "\r\n");
    ck_assert_ptr_nonnull(nl);
    static char fields[20][200];
    size_t nf = csv_fields(nl + 2, fields, 20);
    ck_assert_uint_eq(nf, 16);
    ck_assert_str_eq(fields[0], "Back\\slash, Inc.");
    ck_assert_str_eq(fields[1], "Ben & Jerry's \"Labs\"");
    ck_assert_str_eq(fields[2], "partnership");
    ck_assert_str_eq(fields[12], "Ben & Jerry's and Back\\slash <say> \"hi\".");
    free(edges);
    ck_assert_int_eq(dg_graph_write(g, path_in("deals.csv"), DG_FMT_CSV, NULL), DG_OK);
    ck_assert_int_eq(access(path_in("deals.edges.csv"), R_OK), 0);

    /* DOT: quotes and backslashes escaped, partnership without direction */
    ck_assert_int_eq(dg_graph_write(g, path_in("g.dot"), DG_FMT_DOT, NULL), DG_OK);
    char *dot = slurp(path_in("g.dot"), &n);
    ck_assert_ptr_nonnull(strstr(dot, "digraph dealgraph {\n"));
    ck_assert_ptr_nonnull(strstr(dot, "\"Back\\\\slash, Inc.\" -> \"Ben & Jerry's \\\"Labs\\\"\""));
    ck_assert_ptr_nonnull(strstr(dot, "dir=none"));
    ck_assert_str_eq(dot + n - 2, "}\n");
    free(dot);

    /* GEXF: XML-escaped, dated, typed declarations, balanced elements */
    ck_assert_int_eq(dg_graph_write(g, path_in("g.gexf"), DG_FMT_GEXF, NULL), DG_OK);
    char *gx = slurp(path_in("g.gexf"), &n);
    ck_assert_ptr_nonnull(strstr(gx, "<gexf xmlns=\"http://gexf.net/1.3\""));
    ck_assert_ptr_nonnull(strstr(gx, "mode=\"dynamic\""));
    ck_assert_ptr_nonnull(strstr(gx, "label=\"Ben &amp; Jerry&apos;s &quot;Labs&quot;\""));
    ck_assert_ptr_nonnull(strstr(gx, "&lt;say&gt;"));
    ck_assert_ptr_nonnull(strstr(gx, "start=\"2024-01-09\" end=\"2024-01-09\""));
    ck_assert_ptr_nonnull(strstr(gx, "title=\"mentions\" type=\"long\""));
    ck_assert_ptr_nonnull(strstr(gx, "title=\"pagerank\" type=\"double\""));
    ck_assert_ptr_nonnull(strstr(gx, "title=\"directed\" type=\"boolean\""));
    ck_assert_ptr_nonnull(strstr(gx, "type=\"mutual\""));
    ck_assert_ptr_null(strstr(gx, "\"Labs\""));
    int opens = 0, closes = 0;
    for (const char *p = gx; (p = strstr(p, "<node ")); p++)
        opens++;
    for (const char *p = gx; (p = strstr(p, "</node>")); p++)
        closes++;
    ck_assert_int_eq(opens, 2);
    ck_assert_int_eq(closes, 2);
    ck_assert_ptr_nonnull(strstr(gx, "</gexf>\n"));
    free(gx);
    dg_graph_free(g);
    teardown_tmp();
}
END_TEST

START_TEST(test_graph_formats_and_errors)
{
    dg_format f;
    ck_assert(dg_format_parse("GraphML", &f) && f == DG_FMT_GRAPHML);
    ck_assert(dg_format_from_path("out/deals.gexf", &f) && f == DG_FMT_GEXF);
    ck_assert(dg_format_from_path("a.b/graph.json", &f) && f == DG_FMT_JSON);
    ck_assert(!dg_format_from_path("out.d/graph", &f));
    ck_assert(!dg_format_parse("xlsx", &f));

    setup_tmp();
    dg_graph *g = build(NULL, NULL, NCORPUS);
    dg_diags *d = dg_diags_new();
    /* a directory that does not exist: DG_EIO and a diagnostic, no file */
    ck_assert_int_ne(dg_graph_write(g, path_in("missing/g.graphml"), DG_FMT_GRAPHML, d), DG_OK);
    ck_assert_uint_ge(dg_diags_errors(d), 1);
    /* finish twice is refused; adding after finish too */
    ck_assert_int_eq(dg_graph_finish(g, d), DG_EINVAL);
    dg_relation r;
    make(&r, &corpus[0]);
    ck_assert_int_eq(dg_graph_add(g, &r), DG_EINVAL);
    dg_relation_destroy(&r);
    /* stats name the leaders */
    char *buf = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&buf, &n);
    ck_assert_int_eq(dg_graph_print_stats(g, m, 3), DG_OK);
    fclose(m);
    ck_assert_ptr_nonnull(strstr(buf, "vertices: 6\nedges: 6\n"));
    ck_assert_ptr_nonnull(strstr(buf, "top 3 by degree"));
    ck_assert_ptr_nonnull(strstr(buf, "  investment "));
    ck_assert_ptr_nonnull(strstr(buf, "communities (Louvain): 2"));
    free(buf);
    dg_diags_free(d);
    dg_graph_free(g);
    teardown_tmp();
}
END_TEST

extern Suite *graph_suite(void);

Suite *graph_suite(void)
{
    Suite *s = suite_create("graph");
    TCase *tc = tcase_create("graph");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_graph_aggregation);
    tcase_add_test(tc, test_graph_order_independent);
    tcase_add_test(tc, test_graph_filters);
    tcase_add_test(tc, test_graph_rollup_and_undirected);
    tcase_add_test(tc, test_graph_graphml_readback);
    tcase_add_test(tc, test_graph_csv_dot_gexf);
    tcase_add_test(tc, test_graph_formats_and_errors);
    suite_add_tcase(s, tc);
    return s;
}
