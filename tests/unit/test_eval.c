/* Unit tests of the evaluator: tiny gold and system files with known counts.
 *
 * Gold (splits dev: dg-001, dg-002; test: dg-003, dg-004):
 *   dg-001 partnership Microsoft, OpenAI, Nvidia (3 pairs), announced
 *          investment Microsoft -> OpenAI, $10 bn, completed
 *   dg-002 acquisition Nvidia -> Arm Holdings, $40 bn, completed
 *   dg-003 investment Google -> Anthropic, $2 bn, series c, 10 %, announced
 *   dg-004 acquisition Oracle -> Cerner, no amount, completed
 * System:
 *   dg-001 partnership Microsoft Corp. + OpenAI (alias), OpenAI + Nvidia
 *          (reversed order), Microsoft Corporation + OpenAI again (duplicate);
 *          investment OpenAI -> Microsoft (wrong direction)
 *   dg-002 acquisition Nvidia -> Arm Holdings, $40.1 bn (0.25 % off), announced;
 *          investment SoftBank -> Arm Holdings (not in gold)
 *   dg-003 investment Google -> Anthropic, EUR 2 bn, "Series-C", 10 %
 *   dg-004 acquisition Oracle -> Cerner, no amount
 *   dg-999 partnership (no gold document: ignored) */
#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include <dealgraph/eval.h>
#include <dealgraph/relation.h>
#include <dealgraph/rules.h>

static char tmpdir[64];
static char gold_path[128], rel_path[128], ent_path[128], rules_dir[128];

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* One system relation through the real writer, so the test follows the
 * relations file format whatever it grows. */
static void put_rel(FILE *f, const char *doc, const char *type, bool directed,
                    dg_rel_status status, const char *a, const char *b, const char *c,
                    double amount, const char *currency, const char *round, double stake,
                    const char *sentence)
{
    dg_relation r;
    memset(&r, 0, sizeof r);
    r.doc = strdup(doc);
    r.type = strdup(type);
    r.directed = directed;
    r.status = status;
    r.nparties = c ? 3 : 2;
    r.parties = calloc(r.nparties, sizeof *r.parties);
    r.party_types = calloc(r.nparties, sizeof *r.party_types);
    r.party_parents = calloc(r.nparties, sizeof *r.party_parents);
    r.parties[0] = strdup(a);
    r.parties[1] = strdup(b);
    if (c)
        r.parties[2] = strdup(c);
    if (amount > 0) {
        r.has_amount = true;
        r.amount = amount;
    }
    if (currency)
        snprintf(r.currency, sizeof r.currency, "%s", currency);
    if (round)
        r.round = strdup(round);
    if (stake > 0) {
        r.has_stake = true;
        r.stake_percent = stake;
    }
    r.sentence = strdup(sentence);
    r.start = 0;
    r.end = strlen(sentence);
    r.rule = strdup("test.rule");
    ck_assert_int_eq(dg_relation_write_json(&r, f), DG_OK);
    dg_relation_destroy(&r);
}

static void setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/dg-eval-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(gold_path, sizeof gold_path, "%s/gold.jsonl", tmpdir);
    snprintf(rel_path, sizeof rel_path, "%s/relations.jsonl", tmpdir);
    snprintf(ent_path, sizeof ent_path, "%s/entities.jsonl", tmpdir);
    snprintf(rules_dir, sizeof rules_dir, "%s/rules", tmpdir);
    ck_assert_int_eq(mkdir(rules_dir, 0700), 0);

    char path[192];
    snprintf(path, sizeof path, "%s/orgs.rules", rules_dir);
    write_file(path,
               "org Microsoft | company | Microsoft Corp.; Microsoft Corporation | sector=tech\n"
               "org Nvidia | company | NVIDIA Corporation | sector=tech\n"
               "org Google | company | Alphabet's Google | sector=tech\n");
    snprintf(path, sizeof path, "%s/types.rules", rules_dir);
    write_file(path, "reltype partnership undirected\n"
                     "reltype investment directed\n"
                     "reltype acquisition directed\n");

    write_file(gold_path,
               "{\"doc\":\"dg-001\",\"split\":\"dev\",\"orgs\":[\"Microsoft\",\"OpenAI\",\"Nvidia\","
               "\"Velora Robotics\"],\"relations\":["
               "{\"type\":\"partnership\",\"parties\":[\"Microsoft\",\"OpenAI\",\"Nvidia\"],"
               "\"status\":\"announced\"},"
               "{\"type\":\"investment\",\"source\":\"Microsoft\",\"target\":\"OpenAI\","
               "\"status\":\"completed\",\"amount\":10000000000,\"currency\":\"USD\","
               "\"round\":null,\"stake_percent\":null}]}\n"
               "\n"
               "{\"doc\":\"dg-002\",\"split\":\"dev\",\"orgs\":[\"Nvidia\",\"Arm Holdings\"],"
               "\"relations\":[{\"type\":\"acquisition\",\"source\":\"Nvidia\",\"target\":"
               "\"Arm Holdings\",\"status\":\"completed\",\"amount\":40000000000,"
               "\"currency\":\"USD\",\"merger\":false}]}\n"
               "{\"doc\":\"dg-003\",\"split\":\"test\",\"orgs\":[\"Google\",\"Anthropic\"],"
               "\"relations\":[{\"type\":\"investment\",\"source\":\"Google\",\"target\":"
               "\"Anthropic\",\"status\":\"announced\",\"amount\":2000000000,\"currency\":"
               "\"USD\",\"round\":\"series c\",\"stake_percent\":10}]}\n"
               "{\"doc\":\"dg-004\",\"split\":\"test\",\"orgs\":[\"Oracle\",\"Cerner\"],"
               "\"relations\":[{\"type\":\"acquisition\",\"source\":\"Oracle\",\"target\":"
               "\"Cerner\",\"status\":\"completed\",\"amount\":null,\"currency\":null}]}\n");

    FILE *f = fopen(rel_path, "w");
    ck_assert_ptr_nonnull(f);
    put_rel(f, "dg-001", "partnership", false, DG_ST_ANNOUNCED, "Microsoft Corp.", "OpenAI", NULL,
            0, NULL, NULL, 0, "Microsoft Corp. and OpenAI announced a partnership.");
    put_rel(f, "dg-001", "partnership", false, DG_ST_ANNOUNCED, "Nvidia", "OpenAI", NULL, 0,
            NULL, NULL, 0, "Nvidia will work with OpenAI on chips.");
    put_rel(f, "dg-001", "partnership", false, DG_ST_ANNOUNCED, "Microsoft Corporation",
            "OpenAI", NULL, 0, NULL, NULL, 0, "Microsoft Corporation teamed up with OpenAI.");
    put_rel(f, "dg-001", "investment", true, DG_ST_COMPLETED, "OpenAI", "Microsoft", NULL,
            1e10, "USD", NULL, 0, "OpenAI was funded by Microsoft with $10 billion.");
    put_rel(f, "dg-002", "acquisition", true, DG_ST_ANNOUNCED, "Nvidia", "Arm Holdings", NULL,
            4.01e10, "USD", NULL, 0, "Nvidia agreed to buy Arm Holdings for $40.1 billion.");
    put_rel(f, "dg-002", "investment", true, DG_ST_ANNOUNCED, "SoftBank", "Arm Holdings", NULL,
            0, NULL, NULL, 0, "SoftBank invested in Arm Holdings years ago.");
    put_rel(f, "dg-003", "investment", true, DG_ST_ANNOUNCED, "Google", "Anthropic", NULL, 2e9,
            "EUR", "Series-C", 10, "Google invests EUR 2 billion in Anthropic's Series C.");
    put_rel(f, "dg-004", "acquisition", true, DG_ST_COMPLETED, "Oracle", "Cerner", NULL, 0,
            NULL, NULL, 0, "Oracle completed its acquisition of Cerner.");
    put_rel(f, "dg-999", "partnership", false, DG_ST_ANNOUNCED, "Quantix Labs", "Norther Capital",
            "Velora Robotics", 0, NULL, NULL, 0, "Quantix Labs, Norther Capital and Velora "
            "Robotics formed an alliance.");
    ck_assert_int_eq(fclose(f), 0);

    write_file(ent_path,
               "{\"doc\":\"dg-001\",\"canonical\":\"Microsoft\",\"surface\":\"Microsoft Corp.\","
               "\"listed\":true}\n"
               "{\"doc\":\"dg-001\",\"canonical\":\"Microsoft\",\"surface\":\"Microsoft\","
               "\"listed\":true}\n"
               "{\"doc\":\"dg-001\",\"canonical\":\"OpenAI\",\"surface\":\"OpenAI\","
               "\"listed\":false}\n"
               "{\"doc\":\"dg-001\",\"canonical\":\"Quantix Labs\",\"surface\":\"Quantix Labs\","
               "\"listed\":false}\n"
               "{\"doc\":\"dg-002\",\"canonical\":\"Nvidia\",\"surface\":\"NVIDIA\"}\n"
               "{\"doc\":\"dg-002\",\"canonical\":\"Arm Holdings\",\"surface\":\"Arm\","
               "\"listed\":false}\n"
               "{\"doc\":\"dg-999\",\"canonical\":\"Quantix Labs\",\"surface\":\"Quantix\","
               "\"listed\":false}\n");
}

static void teardown(void)
{
    nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Loads the rules and the three files into a new evaluator. */
static dg_eval *load_all(dg_ruleset **rs, bool with_rules)
{
    dg_diags *diags = dg_diags_new();
    *rs = NULL;
    if (with_rules) {
        const char *dirs[] = {rules_dir};
        dg_status st = dg_ruleset_load(dirs, 1, diags, rs);
        if (st != DG_OK)
            dg_diags_print(diags, stderr);
        ck_assert_int_eq(st, DG_OK);
    }
    dg_eval *e = NULL;
    ck_assert_int_eq(dg_eval_new(*rs, &e), DG_OK);
    ck_assert_int_eq(dg_eval_load_gold(e, gold_path, diags), DG_OK);
    ck_assert_int_eq(dg_eval_load_relations(e, rel_path, diags), DG_OK);
    ck_assert_int_eq(dg_eval_load_entities(e, ent_path, diags), DG_OK);
    ck_assert_uint_eq(dg_diags_errors(diags), 0);
    dg_diags_free(diags);
    return e;
}

#define ck_assert_counts(c, g, s, t, p, n)                                                 \
    do {                                                                                   \
        ck_assert_ptr_nonnull(c);                                                          \
        ck_assert_uint_eq((c)->gold, g);                                                   \
        ck_assert_uint_eq((c)->sys, s);                                                    \
        ck_assert_uint_eq((c)->tp, t);                                                     \
        ck_assert_uint_eq((c)->fp, p);                                                     \
        ck_assert_uint_eq((c)->fn, n);                                                     \
    } while (0)

START_TEST(test_dev_counts)
{
    dg_ruleset *rs;
    dg_eval *e = load_all(&rs, true);
    dg_eval_result r;
    dg_eval_result_init(&r);
    ck_assert_int_eq(dg_eval_score(e, "dev", &r), DG_OK);
    ck_assert_str_eq(r.split, "dev");
    ck_assert_uint_eq(r.docs, 2);
    /* Alias and reversed order match; the duplicate counts once. */
    const dg_eval_counts *pc = dg_eval_result_type(&r, "partnership");
    ck_assert_counts(pc, 3, 2, 2, 0, 1);
    ck_assert_double_eq_tol(pc->p, 1.0, 1e-9);
    ck_assert_double_eq_tol(pc->r, 2.0 / 3.0, 1e-9);
    ck_assert_double_eq_tol(pc->f1, 0.8, 1e-9);
    /* A reversed investment is wrong both ways. */
    ck_assert_counts(dg_eval_result_type(&r, "investment"), 1, 2, 0, 2, 1);
    ck_assert_counts(dg_eval_result_type(&r, "acquisition"), 1, 1, 1, 0, 0);
    ck_assert_counts(&r.all, 5, 5, 3, 2, 2);
    ck_assert_double_eq_tol(r.all.p, 0.6, 1e-9);
    ck_assert_double_eq_tol(r.all.f1, 0.6, 1e-9);
    /* Declared types come first, in the rule set's order. */
    ck_assert_uint_eq(r.ntypes, 3);
    ck_assert_str_eq(r.types[0].type, "partnership");
    ck_assert_str_eq(r.types[2].type, "acquisition");
    /* Two partnerships agree on status, the acquisition does not. */
    ck_assert_uint_eq(r.status.num, 2);
    ck_assert_uint_eq(r.status.den, 3);
    /* $40.1 bn against $40 bn is within 0.5 %. */
    ck_assert_uint_eq(r.amount.num, 1);
    ck_assert_uint_eq(r.amount.den, 1);
    ck_assert_uint_eq(r.amount_both_none, 0);
    ck_assert_uint_eq(r.round.den, 0);
    /* 2 FP + 2 FN + 1 status + orgs (1 FP, 2 FN). */
    ck_assert_uint_eq(r.nerrors, 8);
    dg_eval_result_destroy(&r);
    dg_eval_free(e);
    dg_ruleset_free(rs);
}
END_TEST

START_TEST(test_test_split_attributes)
{
    dg_ruleset *rs;
    dg_eval *e = load_all(&rs, true);
    dg_eval_result r;
    dg_eval_result_init(&r);
    ck_assert_int_eq(dg_eval_score(e, "test", &r), DG_OK);
    ck_assert_uint_eq(r.docs, 2);
    ck_assert_counts(dg_eval_result_type(&r, "investment"), 1, 1, 1, 0, 0);
    ck_assert_counts(dg_eval_result_type(&r, "acquisition"), 1, 1, 1, 0, 0);
    ck_assert_counts(dg_eval_result_type(&r, "partnership"), 0, 0, 0, 0, 0);
    ck_assert_uint_eq(r.status.num, 2);
    ck_assert_uint_eq(r.status.den, 2);
    /* EUR against USD fails; no amount on both sides agrees but is not counted. */
    ck_assert_uint_eq(r.amount.num, 0);
    ck_assert_uint_eq(r.amount.den, 1);
    ck_assert_uint_eq(r.amount_both_none, 1);
    /* "Series-C" is "series c". */
    ck_assert_uint_eq(r.round.num, 1);
    ck_assert_uint_eq(r.round.den, 1);
    ck_assert_uint_eq(r.stake.num, 1);
    ck_assert_uint_eq(r.stake.den, 1);
    ck_assert_uint_eq(r.nerrors, 1 + 4); /* the amount, and 4 missed orgs (no entities) */
    ck_assert_int_eq(r.errors[0].kind, DG_EVAL_AMOUNT);
    ck_assert_str_eq(r.errors[0].doc, "dg-003");
    ck_assert_str_eq(r.errors[0].gold_val, "2000000000 USD");
    ck_assert_str_eq(r.errors[0].sys_val, "2000000000 EUR");
    dg_eval_result_destroy(&r);
    dg_eval_free(e);
    dg_ruleset_free(rs);
}
END_TEST

START_TEST(test_all_split_ignores_unknown_docs)
{
    dg_ruleset *rs;
    dg_eval *e = load_all(&rs, true);
    dg_eval_result r;
    dg_eval_result_init(&r);
    ck_assert_int_eq(dg_eval_score(e, "all", &r), DG_OK);
    ck_assert_uint_eq(r.docs, 4);
    /* dg-999's three-party partnership (3 pairs) is not counted. */
    ck_assert_counts(dg_eval_result_type(&r, "partnership"), 3, 2, 2, 0, 1);
    ck_assert_counts(&r.all, 7, 7, 5, 2, 2);
    ck_assert_int_eq(dg_eval_score(e, NULL, &r), DG_OK);
    ck_assert_counts(&r.all, 7, 7, 5, 2, 2);
    ck_assert_int_eq(dg_eval_score(e, "train", &r), DG_EINVAL);
    dg_eval_result_destroy(&r);
    dg_eval_free(e);
    dg_ruleset_free(rs);
}
END_TEST

/* Every figure carries a bootstrap interval around it; the draw is seeded
 * (the same intervals twice) and can be turned off. */
START_TEST(test_bootstrap_intervals)
{
    dg_ruleset *rs;
    dg_eval *e = load_all(&rs, true);
    dg_eval_result r, again;
    dg_eval_result_init(&r);
    dg_eval_result_init(&again);
    ck_assert_int_eq(dg_eval_score(e, "all", &r), DG_OK);
    ck_assert_uint_eq(r.resamples, DG_EVAL_RESAMPLES);
    ck_assert(r.all.f1_ci.set && r.all.p_ci.set && r.all.r_ci.set);
    ck_assert(r.all.f1_ci.lo <= r.all.f1 && r.all.f1 <= r.all.f1_ci.hi);
    /* dg-001 is half wrong and dg-003/dg-004 are right: the draws differ. */
    ck_assert(r.all.f1_ci.lo < r.all.f1_ci.hi);
    ck_assert(r.all.f1_ci.lo >= 0.0 && r.all.f1_ci.hi <= 1.0);
    ck_assert(r.status.ci.set);
    ck_assert_uint_eq(r.status.num, 4);
    ck_assert_uint_eq(r.status.den, 5);
    ck_assert(r.status.ci.lo <= 0.8 && r.status.ci.hi >= 0.8);
    ck_assert_int_eq(dg_eval_score(e, "all", &again), DG_OK);
    ck_assert_double_eq(r.all.f1_ci.lo, again.all.f1_ci.lo);
    ck_assert_double_eq(r.all.f1_ci.hi, again.all.f1_ci.hi);
    /* Test split: both documents right, so every draw is right. */
    ck_assert_int_eq(dg_eval_score(e, "test", &r), DG_OK);
    ck_assert_double_eq(r.all.p_ci.lo, 1.0);
    ck_assert_double_eq(r.all.f1_ci.hi, 1.0);
    ck_assert(!dg_eval_result_type(&r, "partnership")->f1_ci.set);
    dg_eval_set_resamples(e, 0);
    ck_assert_int_eq(dg_eval_score(e, "all", &r), DG_OK);
    ck_assert_uint_eq(r.resamples, 0);
    ck_assert(!r.all.f1_ci.set && !r.status.ci.set);
    dg_eval_result_destroy(&r);
    dg_eval_result_destroy(&again);
    dg_eval_free(e);
    dg_ruleset_free(rs);
}
END_TEST

START_TEST(test_orgs_and_unlisted)
{
    dg_ruleset *rs;
    dg_eval *e = load_all(&rs, true);
    dg_eval_result r;
    dg_eval_result_init(&r);
    ck_assert_int_eq(dg_eval_score(e, "dev", &r), DG_OK);
    ck_assert(r.has_orgs);
    /* gold {Microsoft, OpenAI, Nvidia, Velora Robotics} + {Nvidia, Arm Holdings};
     * system {Microsoft (twice), OpenAI, Quantix Labs} + {Nvidia, Arm Holdings}. */
    ck_assert_counts(&r.orgs, 6, 5, 4, 1, 2);
    ck_assert_double_eq_tol(r.orgs.p, 0.8, 1e-9);
    ck_assert_double_eq_tol(r.orgs.r, 4.0 / 6.0, 1e-9);
    /* The lists hold Microsoft and Nvidia only. */
    ck_assert_counts(&r.unlisted, 3, 3, 2, 1, 1);
    dg_eval_result_destroy(&r);
    dg_eval_free(e);
    dg_ruleset_free(rs);
}
END_TEST

START_TEST(test_without_rules_aliases_do_not_match)
{
    dg_ruleset *rs;
    dg_eval *e = load_all(&rs, false);
    dg_eval_result r;
    dg_eval_result_init(&r);
    ck_assert_int_eq(dg_eval_score(e, "dev", &r), DG_OK);
    /* "Microsoft Corp." and "Microsoft Corporation" are no longer Microsoft:
     * only OpenAI -- Nvidia matches, and the two alias pairs are distinct FPs. */
    ck_assert_counts(dg_eval_result_type(&r, "partnership"), 3, 3, 1, 2, 2);
    dg_eval_result_destroy(&r);
    dg_eval_free(e);
}
END_TEST

static char *read_stream(FILE *f)
{
    fflush(f);
    long n = ftell(f);
    ck_assert_int_ge(n, 0);
    char *s = calloc((size_t)n + 1, 1);
    rewind(f);
    ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    return s;
}

START_TEST(test_print_verbose_and_json)
{
    dg_ruleset *rs;
    dg_eval *e = load_all(&rs, true);
    dg_eval_result r;
    dg_eval_result_init(&r);
    ck_assert_int_eq(dg_eval_score(e, "dev", &r), DG_OK);

    FILE *f = tmpfile();
    ck_assert_int_eq(dg_eval_result_print(&r, f, true), DG_OK);
    char *out = read_stream(f);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(out, "split dev: 2 documents"));
    ck_assert_ptr_nonnull(strstr(out, "partnership                   3      2      2      0      1"));
    ck_assert_ptr_nonnull(strstr(out, "status accuracy"));
    ck_assert_ptr_nonnull(strstr(out, "2/3"));
    ck_assert_ptr_nonnull(strstr(out, "FP      dg-001  investment  OpenAI -> Microsoft"));
    ck_assert_ptr_nonnull(strstr(out, "FN      dg-001  investment  Microsoft -> OpenAI"));
    ck_assert_ptr_nonnull(strstr(out, "FN      dg-001  partnership  Microsoft -- Nvidia"));
    ck_assert_ptr_nonnull(
        strstr(out, "SoftBank -> Arm Holdings  | SoftBank invested in Arm Holdings years ago."));
    ck_assert_ptr_nonnull(strstr(out, "gold completed, system announced"));
    ck_assert_ptr_nonnull(strstr(out, "ORG-FP  dg-001  Quantix Labs"));
    ck_assert_ptr_nonnull(strstr(out, "ORG-FN  dg-001  Velora Robotics"));
    free(out);

    f = tmpfile();
    ck_assert_int_eq(dg_eval_result_write_json(&r, f, false), DG_OK);
    out = read_stream(f);
    fclose(f);
    json_error_t jerr;
    json_t *o = json_loads(out, 0, &jerr);
    ck_assert_ptr_nonnull(o);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(o, "all"), "tp")), 3);
    ck_assert_int_eq(json_integer_value(json_object_get(
                         json_object_get(json_object_get(o, "types"), "investment"), "fp")),
                     2);
    ck_assert_double_eq_tol(
        json_real_value(json_object_get(json_object_get(o, "status"), "accuracy")), 2.0 / 3.0,
        1e-5);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(o, "orgs"), "fn")), 2);
    ck_assert_ptr_null(json_object_get(o, "errors"));
    json_decref(o);
    free(out);
    dg_eval_result_destroy(&r);
    dg_eval_free(e);
    dg_ruleset_free(rs);
}
END_TEST

START_TEST(test_bad_gold_names_file_and_line)
{
    char path[192];
    snprintf(path, sizeof path, "%s/bad.jsonl", tmpdir);
    write_file(path, "{\"doc\":\"dg-001\",\"split\":\"dev\",\"relations\":[]}\n"
                     "{\"doc\":\"dg-002\",\"relations\":[{\"type\":\"investment\",\"source\":\"A\"}]}\n"
                     "{\"doc\":\"dg-001\"}\n"
                     "not json\n");
    dg_diags *diags = dg_diags_new();
    dg_eval *e = NULL;
    ck_assert_int_eq(dg_eval_new(NULL, &e), DG_OK);
    ck_assert_int_ne(dg_eval_load_gold(e, path, diags), DG_OK);
    ck_assert_uint_eq(dg_diags_errors(diags), 3);
    ck_assert_uint_eq(dg_diags_get(diags, 0)->line, 2);
    ck_assert_ptr_nonnull(strstr(dg_diags_get(diags, 0)->msg, "source"));
    ck_assert_uint_eq(dg_diags_get(diags, 1)->line, 3);
    ck_assert_ptr_nonnull(strstr(dg_diags_get(diags, 1)->msg, "twice"));
    ck_assert_uint_eq(dg_diags_get(diags, 2)->line, 4);
    ck_assert_int_eq(dg_eval_load_relations(e, "/nonexistent/relations.jsonl", diags), DG_EIO);
    dg_eval_free(e);
    dg_diags_free(diags);
}
END_TEST

/* Declared first for -Wmissing-prototypes; "extern" keeps the suite grep
 * from counting it twice. */
extern Suite *eval_suite(void);

Suite *eval_suite(void)
{
    Suite *s = suite_create("eval");
    TCase *tc = tcase_create("score");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_dev_counts);
    tcase_add_test(tc, test_test_split_attributes);
    tcase_add_test(tc, test_all_split_ignores_unknown_docs);
    tcase_add_test(tc, test_bootstrap_intervals);
    tcase_add_test(tc, test_orgs_and_unlisted);
    tcase_add_test(tc, test_without_rules_aliases_do_not_match);
    tcase_add_test(tc, test_print_verbose_and_json);
    tcase_add_test(tc, test_bad_gold_names_file_and_line);
    suite_add_tcase(s, tc);
    return s;
}
