/* The rule language (rules_load.c, rules_pattern.c, lexicon.c): every
 * diagnostic a user meets for a broken rule file, pinned to its exact
 * "file:line:col: severity: message" text, and the features a new rule set
 * is built from (overrides across directories, macros holding slots, word
 * lists, organization keys, examples). Each test writes its rule files into
 * its own mkdtemp directory and removes it afterwards. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <check.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dealgraph/dealgraph.h>

/* ---- temporary rule directories ---- */

static char *g_tmp; /* the test's mkdtemp root */

static void tmp_setup(void)
{
    char tmpl[] = "/tmp/dg-rules-test-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(tmpl));
    g_tmp = strdup(tmpl);
    ck_assert_ptr_nonnull(g_tmp);
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void tmp_teardown(void)
{
    if (g_tmp)
        nftw(g_tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(g_tmp);
    g_tmp = NULL;
}

/* A new string from a printf format (the test fails on out of memory). */
static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    char *s = NULL;
    int r = vasprintf(&s, f, ap);
    va_end(ap);
    ck_assert_int_ge(r, 0);
    return s;
}

/* Writes text to g_tmp/rel (creating the one directory level in rel) and
 * returns the directory that holds it, g_tmp/<first component> or g_tmp. */
static void write_rules(const char *rel, const char *text)
{
    char *path = fmt("%s/%s", g_tmp, rel);
    char *slash = strrchr(path, '/');
    *slash = 0;
    mkdir(path, 0700); /* may exist */
    *slash = '/';
    FILE *f = fopen(path, "w");
    ck_assert_msg(f != NULL, "cannot write %s", path);
    ck_assert_int_eq(fputs(text, f) >= 0, 1);
    ck_assert_int_eq(fclose(f), 0);
    free(path);
}

typedef struct loaded {
    dg_status st;
    dg_ruleset *rs;
    dg_diags *d;
} loaded;

/* Loads the subdirectories `names` (NULL-terminated) of g_tmp, in order. */
static loaded load_dirs(const char *const *names)
{
    char *dirs[8];
    size_t n = 0;
    for (; names[n]; n++) {
        ck_assert_uint_lt(n, 8);
        dirs[n] = fmt("%s/%s", g_tmp, names[n]);
    }
    loaded l = {DG_OK, NULL, dg_diags_new()};
    ck_assert_ptr_nonnull(l.d);
    l.st = dg_ruleset_load((const char *const *)dirs, n, l.d, &l.rs);
    for (size_t i = 0; i < n; i++)
        free(dirs[i]);
    return l;
}

static loaded load_one(const char *name)
{
    const char *names[] = {name, NULL};
    return load_dirs(names);
}

static void loaded_free(loaded *l)
{
    dg_ruleset_free(l->rs);
    dg_diags_free(l->d);
}

/* Diagnostic i as dg_diag_fprint prints it (new string). */
static char *diag_text(const dg_diags *d, size_t i)
{
    const dg_diag *e = dg_diags_get(d, i);
    ck_assert_ptr_nonnull(e);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(m);
    dg_diag_fprint(e, m);
    fclose(m);
    return buf;
}

/* Every diagnostic of severity sev, one a line (new string). */
static char *diags_of(const dg_diags *d, dg_severity sev)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(m);
    for (size_t i = 0; i < dg_diags_count(d); i++) {
        const dg_diag *e = dg_diags_get(d, i);
        if (e->sev != sev)
            continue;
        dg_diag_fprint(e, m);
        fputc('\n', m);
    }
    fclose(m);
    return buf;
}

/* Asserts that loading g_tmp/<dir> fails as a whole and that its errors are
 * exactly `want` (one a line; "%D" in want stands for the directory). */
static void expect_errors(const char *dir, const char *want_fmt)
{
    loaded l = load_one(dir);
    ck_assert_int_eq(l.st, DG_ESYNTAX);
    ck_assert_ptr_null(l.rs);
    char *d = fmt("%s/%s", g_tmp, dir);
    /* expand %D */
    size_t cap = strlen(want_fmt) * 2 + 16 * strlen(d);
    char *want = malloc(cap), *w = want;
    ck_assert_ptr_nonnull(want);
    for (const char *p = want_fmt; *p; p++) {
        if (p[0] == '%' && p[1] == 'D') {
            w = stpcpy(w, d);
            p++;
        } else {
            *w++ = *p;
        }
    }
    *w = 0;
    char *got = diags_of(l.d, DG_SEV_ERROR);
    ck_assert_str_eq(got, want);
    free(got);
    free(want);
    free(d);
    loaded_free(&l);
}

/* The shared head of the broken files: one relation type and the two
 * organizations the examples name. Lines 1-3. */
#define HEAD                                                                   \
    "reltype acquisition directed\n"                                           \
    "org Broadcom | company | Broadcom Inc.\n"                                 \
    "org VMware | company | VMware Inc.\n"

/* ---- errors, each with its exact text and place ---- */

START_TEST(test_unknown_macro)
{
    write_rules("m/acq.rules",
                HEAD "\n"
                     "rule acquisition.buy\n"                                      /* 5 */
                     "  type acquisition\n"                                        /* 6 */
                     "  trigger acquired, bought\n"                                /* 7 */
                     "  pattern {ORG:source} {BUY_VERB} {ORG:target}\n"            /* 8 */
                     "  example Broadcom acquired VMware in 2023. => acquisition Broadcom -> VMware\n");
    /* column 24 is the '{' of {BUY_VERB} */
    expect_errors("m", "%D/acq.rules:8:24: error: rule acquisition.buy: unknown macro or slot "
                       "'BUY_VERB'\n");
}
END_TEST

START_TEST(test_unknown_role)
{
    write_rules("r/acq.rules",
                HEAD "rule acquisition.buy\n"                                      /* 4 */
                     "  type acquisition\n"
                     "  trigger acquired\n"
                     "  pattern {ORG:buyer} acquired {ORG:target}\n"               /* 7 */
                     "  example Broadcom acquired VMware in 2023. => acquisition Broadcom -> VMware\n");
    /* column 16 is the role word, "buyer" */
    expect_errors("r", "%D/acq.rules:7:16: error: rule acquisition.buy: unknown role 'buyer' "
                       "(source, target, party, amount, stake, round, name)\n");
}
END_TEST

START_TEST(test_regex_error_column)
{
    const char *pat = "  pattern {ORG:source} {AUX}acquired [z-a]{ORG:target}";
    char *text = fmt(HEAD "define AUX = (?:has |had |will )*\n" /* 4 */
                          "rule acquisition.buy\n"              /* 5 */
                          "  type acquisition\n"
                          "  trigger acquired\n"
                          "%s\n" /* 8 */
                          "  example Broadcom has acquired VMware. => acquisition Broadcom -> "
                          "VMware\n",
                     pat);
    write_rules("x/acq.rules", text);
    free(text);
    /* pcre2 reports the range's end, the 'a' of "z-a"; the macro before it
     * must not shift the column */
    unsigned col = (unsigned)(strstr(pat, "z-a") - pat) + 3;
    ck_assert_uint_eq(col, 41);
    ck_assert_int_eq(pat[col - 1], 'a');
    expect_errors("x", "%D/acq.rules:8:41: error: rule acquisition.buy: regex error: range out "
                       "of order in character class\n");
}
END_TEST

START_TEST(test_regex_error_in_macro)
{
    /* An error inside a macro is reported where the macro is written. */
    write_rules("xm/acq.rules",
                HEAD "define BUY = (?:acquired|bought|[9-0]+)\n" /* 4 */
                     "rule acquisition.buy\n"
                     "  type acquisition\n"
                     "  trigger acquired\n"
                     "  pattern {ORG:source} acquired {ORG:target}\n"
                     "  example Broadcom acquired VMware. => acquisition Broadcom -> VMware\n");
    /* "define BUY = " is 13 columns; the '0' of "[9-0]" is column 36 */
    expect_errors("xm", "%D/acq.rules:4:36: error: define BUY: regex error: range out of order "
                        "in character class\n");
}
END_TEST

START_TEST(test_duplicate_id)
{
    write_rules("d/acq.rules",
                HEAD "rule acquisition.buy\n"                                      /* 4 */
                     "  type acquisition\n"
                     "  trigger acquired\n"
                     "  pattern {ORG:source} acquired {ORG:target}\n"
                     "  example Broadcom acquired VMware. => acquisition Broadcom -> VMware\n"
                     "\n"
                     "rule acquisition.buy\n"                                      /* 10 */
                     "  type acquisition\n"
                     "  trigger bought\n"
                     "  pattern {ORG:source} bought {ORG:target}\n"
                     "  example Broadcom bought VMware. => acquisition Broadcom -> VMware\n");
    expect_errors("d", "%D/acq.rules:10:6: error: duplicate id 'acquisition.buy' (first defined "
                       "at %D/acq.rules:4)\n");
}
END_TEST

START_TEST(test_empty_match)
{
    write_rules("e/acq.rules",
                HEAD "rule acquisition.buy\n"
                     "  type acquisition\n"
                     "  trigger acquired\n"
                     "  pattern (?:{ORG:source} acquired {ORG:target})?\n"         /* 7 */
                     "  example Broadcom acquired VMware. => acquisition Broadcom -> VMware\n");
    expect_errors("e", "%D/acq.rules:7:11: error: rule acquisition.buy: pattern can match the "
                       "empty string\n");
}
END_TEST

START_TEST(test_org_unknown_type)
{
    write_rules("o/orgs.rules", "# startups\n"
                                "org Velora Robotics | startup | Velora; Velora Robotics Ltd.\n");
    expect_errors("o", "%D/orgs.rules:2:23: error: org: unknown type 'startup' (company, lab, "
                       "studio, university, investor, bank, government, nonprofit)\n");
}
END_TEST

START_TEST(test_org_bad_formerly)
{
    write_rules("of/orgs.rules",
                "org Mercedes-Benz Group | company | Mercedes-Benz | formerly=Daimler@2022\n");
    expect_errors("of", "%D/orgs.rules:1:62: error: org: formerly= takes OLDNAME@YYYY-MM-DD "
                        "(the date the new name took effect)\n");
}
END_TEST

START_TEST(test_unknown_property)
{
    write_rules("p/acq.rules",
                HEAD "rule acquisition.buy\n"
                     "  type acquisition\n"
                     "  trigger acquired\n"
                     "  weight 5\n"                                                /* 7 */
                     "  pattern {ORG:source} acquired {ORG:target}\n"
                     "  example Broadcom acquired VMware. => acquisition Broadcom -> VMware\n");
    expect_errors("p", "%D/acq.rules:7:3: error: rule acquisition.buy: unknown property "
                       "'weight'\n");
}
END_TEST

START_TEST(test_bad_example)
{
    write_rules("x/acq.rules",
                HEAD "rule acquisition.buy\n"
                     "  type acquisition\n"
                     "  trigger acquired, buy\n"
                     "  pattern {ORG:source} (?:agreed to buy|acquired) {ORG:target}\n"
                     /* 8: an unknown field: the column of its name */
                     "  example Broadcom agreed to buy VMware for $61 billion. => acquisition "
                     "Broadcom -> VMware; value 61e9 USD\n"
                     /* 9: an amount without a currency code: the column of the value */
                     "  example Broadcom agreed to buy VMware for $61 billion. => acquisition "
                     "Broadcom -> VMware; amount 61 billion\n"
                     /* 10: one party: the column after the type */
                     "  example Broadcom acquired VMware. => acquisition Broadcom\n"
                     /* 11: a counterexample with an expectation */
                     "  counter Broadcom acquired VMware. => acquisition Broadcom -> VMware\n"
                     "  example Broadcom acquired VMware. => acquisition Broadcom -> VMware\n");
    expect_errors("x", "%D/acq.rules:8:93: error: example: unknown field 'value' (status, "
                       "amount, round, stake)\n"
                       "%D/acq.rules:9:100: error: example: amount takes a number and a currency "
                       "code (amount 1.5e9 USD)\n"
                       "%D/acq.rules:10:51: error: example: expected 'TYPE A -> B' or 'TYPE A + "
                       "B'\n"
                       "%D/acq.rules:11:37: error: counter: a counterexample has no '=>'\n");
}
END_TEST

START_TEST(test_unknown_reltype)
{
    write_rules("t/sup.rules",
                HEAD "rule supplier.supplies\n"
                     "  type supplier\n" /* 5: not declared */
                     "  trigger supply, supplies\n"
                     "  pattern {ORG:source} (?:will supply|supplies) {ORG:target}\n"
                     "  example Broadcom supplies VMware with chips. => supplier Broadcom -> "
                     "VMware\n");
    expect_errors("t", "%D/sup.rules:5:8: error: rule supplier.supplies: unknown relation type "
                       "'supplier' (declare it: 'reltype supplier directed|undirected')\n");
}
END_TEST

START_TEST(test_majority_and_prefer)
{
    write_rules("m/acq.rules",
                HEAD "reltype partnership undirected\n"
                     "rule acquisition.stake\n"
                     "  type acquisition\n"
                     "  majority takeover\n" /* 7: not declared */
                     "  trigger stake\n"
                     "  pattern {ORG:source} bought a stake in {ORG:target}\n"
                     "  example Broadcom bought a stake in VMware. => acquisition Broadcom -> "
                     "VMware\n"
                     "rule acquisition.two\n"
                     "  type acquisition\n"
                     "  majority partnership\n" /* 13: undirected */
                     "  trigger stake\n"
                     "  pattern {ORG:source} took a stake in {ORG:target}\n"
                     "  example Broadcom took a stake in VMware. => acquisition Broadcom -> "
                     "VMware\n"
                     "coref coref.co\n"
                     "  type company\n"
                     "  prefer later\n" /* 19 */
                     "  resolve nearest\n" /* 20 */
                     "  role buyer\n" /* 21 */
                     "  trigger company\n"
                     "  pattern the company\n"
                     "  example Broadcom grew. VMware said the company acquired it. => org "
                     "Broadcom\n"
                     "country Jpn = Japanese\n" /* 25 */);
    expect_errors("m", "%D/acq.rules:19:10: error: prefer: expected sentence or earlier\n"
                       "%D/acq.rules:20:11: error: resolve: expected subject, recent or object\n"
                       "%D/acq.rules:21:8: error: role: expected target or any\n"
                       "%D/acq.rules:25:9: error: country: 'Jpn' is not an ISO 3166 code (two "
                       "capital letters)\n"
                       "%D/acq.rules:7:12: error: rule acquisition.stake: majority: unknown "
                       "relation type 'takeover'\n"
                       "%D/acq.rules:13:12: error: rule acquisition.two: majority: both the "
                       "rule's type and 'partnership' must be directed\n");
}
END_TEST

START_TEST(test_fact_and_inherit_messages)
{
    write_rules("f/facts.rules",
                HEAD "reltype investment directed\n"
                     "fact fact.empty\n"
                     "  type investment\n"
                     "  trigger raised\n"
                     "  pattern {ORG:target} raised money\n" /* 8: no value slot */
                     "  example Velora raised money. => investment Accel -> Velora\n"
                     "fact fact.undirected\n"
                     "  type acquisitionx\n" /* 11: unknown */
                     "  trigger worth\n"
                     "  pattern the venture is worth {MONEY:amount}\n"
                     "  example The venture is worth $5 million.\n"
                     "fact fact.notype\n" /* 15 */
                     "  trigger worth\n"
                     "  pattern the deal is worth {MONEY:amount}\n"
                     "  example The deal is worth $5 million.\n"
                     "rule investment.led\n"
                     "  type investment\n"
                     "  inherit amount, series\n" /* 21 */
                     "  trigger led\n"
                     "  pattern the round was led by {ORG:source} in {ORG:target}\n"
                     "  example The round was led by Accel in Velora. => investment Accel -> "
                     "Velora\n");
    expect_errors("f", "%D/facts.rules:15:1: error: fact fact.notype: no type (add an indented "
                       "line 'type investment')\n"
                       "%D/facts.rules:21:19: error: inherit: unknown value 'series' (amount, "
                       "round, stake)\n"
                       "%D/facts.rules:8:11: error: fact fact.empty: the pattern states "
                       "nothing: it needs {MONEY:amount}, {PERCENT:stake} or a {MACRO:round}, or the fact "
                       "a status\n"
                       "%D/facts.rules:11:8: error: fact fact.undirected: unknown relation type "
                       "'acquisitionx' (declare it: 'reltype acquisitionx directed|undirected')\n");
    /* an undirected type */
    write_rules("g/facts.rules",
                HEAD "reltype partnership undirected\n"
                     "fact fact.venture\n"
                     "  type partnership\n" /* 6 */
                     "  trigger worth\n"
                     "  pattern the venture is worth {MONEY:amount}\n"
                     "  example The venture is worth $5 million.\n");
    expect_errors("g", "%D/facts.rules:6:8: error: fact fact.venture: type 'partnership' is "
                       "undirected: facts attach to a target, so the type must be directed\n");
}
END_TEST

START_TEST(test_directed_needs_source_and_target)
{
    write_rules("s/acq.rules",
                HEAD "rule acquisition.buy\n"
                     "  type acquisition\n"
                     "  trigger acquired\n"
                     "  pattern {ORG:party} acquired {ORG:party}\n"                /* 7 */
                     "  example Broadcom acquired VMware. => acquisition Broadcom -> VMware\n");
    expect_errors("s", "%D/acq.rules:7:11: error: rule acquisition.buy: type 'acquisition' is "
                       "directed: the pattern needs {ORG:source} and {ORG:target}\n");
}
END_TEST

START_TEST(test_every_error_in_every_file)
{
    /* Two files, one error each: both are reported, in path order, and the
     * set with them loads nothing. */
    write_rules("two/a.rules", HEAD);
    write_rules("two/b.rules", "rule acquisition.buy\n"
                               "  type acquisition\n"
                               "  trigger acquired\n"
                               "  pattern {ORG:source} acquired {ORG:target\n" /* 4 */
                               "  example Broadcom acquired VMware. => acquisition Broadcom -> "
                               "VMware\n");
    write_rules("two/c.rules", "words DEAL_WORDS = deal, \"joint venture\n");
    expect_errors("two", "%D/c.rules:1:26: error: unterminated quote\n"
                         "%D/b.rules:4:33: error: rule acquisition.buy: unterminated '{ORG' "
                         "(write \\{ for a literal brace)\n");
}
END_TEST

START_TEST(test_one_error_loads_nothing)
{
    /* The shipped rules plus one broken file: the load fails as a whole. */
    write_rules("broken/extra.rules", "reltype supplier sideways\n");
    char *dir = fmt("%s/broken", g_tmp);
    const char *dirs[] = {"rules", dir};
    dg_diags *d = dg_diags_new();
    dg_ruleset *rs = (dg_ruleset *)&rs; /* must be reset to NULL */
    dg_status st = dg_ruleset_load(dirs, 2, d, &rs);
    ck_assert_int_eq(st, DG_ESYNTAX);
    ck_assert_ptr_null(rs);
    ck_assert_uint_eq(dg_diags_errors(d), 1);
    char *got = diags_of(d, DG_SEV_ERROR);
    char *want = fmt("%s/extra.rules:1:18: error: reltype: expected 'reltype NAME "
                     "directed|undirected'\n",
                     dir);
    ck_assert_str_eq(got, want);
    free(got);
    free(want);
    free(dir);
    dg_diags_free(d);
}
END_TEST

/* ---- warnings ---- */

START_TEST(test_shadowed_rule_warning)
{
    write_rules("w/acq.rules",
                HEAD "rule acquisition.buy\n"                                      /* 4 */
                     "  type acquisition\n"
                     "  priority 10\n"
                     "  trigger acquired, bought\n"
                     "  pattern {ORG:source} (?:acquired|bought) {ORG:target}\n"   /* 8 */
                     "  example Broadcom acquired VMware. => acquisition Broadcom -> VMware\n"
                     "\n"
                     "rule acquisition.bought\n"                                   /* 11 */
                     "  type acquisition\n"
                     "  trigger bought\n"
                     "  pattern {ORG:source} (?:acquired|bought) {ORG:target}\n"   /* 14 */
                     "  example Broadcom bought VMware. => acquisition Broadcom -> VMware\n");
    loaded l = load_one("w");
    ck_assert_int_eq(l.st, DG_OK);
    ck_assert_ptr_nonnull(l.rs);
    ck_assert_uint_eq(dg_diags_count(l.d), 1);
    ck_assert_uint_eq(dg_diags_errors(l.d), 0);
    char *got = diag_text(l.d, 0);
    char *want = fmt("%s/w/acq.rules:14:11: warning: rule acquisition.bought: pattern is shadowed "
                     "by acquisition.buy (%s/w/acq.rules:8), which has the same pattern and "
                     "comes first",
                     g_tmp, g_tmp);
    ck_assert_str_eq(got, want);
    free(got);
    free(want);
    loaded_free(&l);
}
END_TEST

START_TEST(test_no_trigger_no_example_warnings)
{
    write_rules("nt/acq.rules", HEAD "rule acquisition.buy\n" /* 4 */
                                     "  type acquisition\n"
                                     "  pattern {ORG:source} acquired {ORG:target}\n");
    loaded l = load_one("nt");
    ck_assert_int_eq(l.st, DG_OK);
    char *got = diags_of(l.d, DG_SEV_WARNING);
    char *want = fmt("%s/nt/acq.rules:4:1: warning: rule acquisition.buy: no trigger words: it "
                     "runs on every sentence (add 'trigger' or 'always')\n"
                     "%s/nt/acq.rules:4:1: warning: rule acquisition.buy: no example\n",
                     g_tmp, g_tmp);
    ck_assert_str_eq(got, want);
    free(got);
    free(want);
    loaded_free(&l);
}
END_TEST

/* ---- what a working rule set does ---- */

typedef struct run {
    dg_extractor *x;
    dg_doc_result res;
} run;

static void run_text(const dg_ruleset *rs, run *r, const char *text)
{
    if (!r->x) {
        ck_assert_int_eq(dg_extractor_new(rs, &r->x), DG_OK);
        dg_doc_result_init(&r->res);
    }
    dg_doc doc = {0};
    doc.id = "news-1";
    doc.text = (char *)text;
    doc.len = strlen(text);
    ck_assert_int_eq(dg_extract(r->x, &doc, &r->res, NULL), DG_OK);
}

static void run_free(run *r)
{
    if (r->x)
        dg_doc_result_destroy(&r->res);
    dg_extractor_free(r->x);
}

/* The only relation found, checked against type, source and target. */
static const dg_relation *only_rel(const run *r, const char *type, const char *a,
                                   const char *b)
{
    ck_assert_uint_eq(r->res.rels.n, 1);
    const dg_relation *rel = &r->res.rels.v[0];
    ck_assert_str_eq(rel->type, type);
    ck_assert_uint_eq(rel->nparties, 2);
    ck_assert_str_eq(rel->parties[0], a);
    ck_assert_str_eq(rel->parties[1], b);
    return rel;
}

#define ACQ_RULE(id, trig, pat)                                                \
    "rule " id "\n"                                                            \
    "  type acquisition\n"                                                     \
    "  trigger " trig "\n"                                                     \
    "  pattern " pat "\n"

START_TEST(test_override_by_id)
{
    write_rules("base/acq.rules",
                HEAD ACQ_RULE("acquisition.buy", "acquired", "{ORG:source} acquired {ORG:target}")
                    "  example Broadcom acquired VMware. => acquisition Broadcom -> VMware\n");
    write_rules("mine/acq.rules",
                ACQ_RULE("acquisition.buy", "snapped", "{ORG:source} snapped up {ORG:target}")
                    "  example Broadcom snapped up VMware. => acquisition Broadcom -> VMware\n");
    const char *names[] = {"base", "mine", NULL};
    loaded l = load_dirs(names);
    ck_assert_int_eq(l.st, DG_OK);
    ck_assert_uint_eq(dg_diags_count(l.d), 0);
    dg_ruleset_info info;
    dg_ruleset_info_get(l.rs, &info);
    ck_assert_uint_eq(info.files, 2);
    ck_assert_uint_eq(info.relation_rules, 1); /* replaced, not added */
    ck_assert_uint_eq(info.examples, 1);
    run r = {0};
    run_text(l.rs, &r, "Broadcom snapped up VMware after a year of talks.");
    const dg_relation *rel = only_rel(&r, "acquisition", "Broadcom", "VMware");
    ck_assert_str_eq(rel->rule, "acquisition.buy");
    ck_assert(rel->directed);
    /* the earlier directory's pattern is gone */
    run_text(l.rs, &r, "Broadcom acquired VMware in November.");
    ck_assert_uint_eq(r.res.rels.n, 0);
    run_free(&r);
    loaded_free(&l);

    /* the other order: the base rule wins */
    const char *rev[] = {"mine", "base", NULL};
    l = load_dirs(rev);
    ck_assert_int_eq(l.st, DG_OK);
    run r2 = {0};
    run_text(l.rs, &r2, "Broadcom acquired VMware in November.");
    only_rel(&r2, "acquisition", "Broadcom", "VMware");
    run_free(&r2);
    loaded_free(&l);
}
END_TEST

START_TEST(test_macro_with_role_slot)
{
    /* A macro may hold slots; the directed-type check sees them. */
    write_rules("mac/acq.rules",
                HEAD "define BUYER = {ORG:source},? (?:the (?:chipmaker|company),? )?\n"
                     "define BUY = (?:acquired|bought|completed (?:its|the) purchase of)\n" ACQ_RULE(
                         "acquisition.buyer", "acquired, bought, purchase",
                         "{BUYER}{BUY} {ORG:target}")
                         "  example Broadcom, the chipmaker, acquired VMware. => acquisition "
                         "Broadcom -> VMware\n");
    loaded l = load_one("mac");
    ck_assert_int_eq(l.st, DG_OK);
    ck_assert_uint_eq(dg_diags_count(l.d), 0);
    run r = {0};
    run_text(l.rs, &r, "Broadcom, the chipmaker, completed its purchase of VMware on Wednesday.");
    only_rel(&r, "acquisition", "Broadcom", "VMware");
    run_free(&r);
    loaded_free(&l);
}
END_TEST

START_TEST(test_pattern_over_pcre2_size)
{
    /* A pattern that uses a big macro many times outgrows pcre2's compiled
     * size (64 KiB); it is compiled again with the macro as a subroutine and
     * matches as written: a slot in a macro, a macro in a lookbehind and one
     * in a case-sensitive group stay inline. */
    char *words = strdup("(?:the chipmaker");
    ck_assert_ptr_nonnull(words);
    for (int i = 0; i < 600; i++) {
        char *w = fmt("%s|descriptor%03dword", words, i);
        free(words);
        words = w;
    }
    char *text = fmt(HEAD "define DESC = %s)\n"
                          "define NOTAFTER = (?:said|says)\n"
                          "define TGT = (?:{DESC} )?{ORG:target}\n" ACQ_RULE(
                              "acquisition.big", "acquired, bought",
                              "(?<!{NOTAFTER}\\s){ORG:source},? (?:{DESC},? ){0,2}?(?:(?:{DESC}) )?"
                              "(?:acquired|bought) (?:{DESC} )?(?:{DESC} )?(?-i:{DESC} ){TGT}")
                          "  example Broadcom bought descriptor001word VMware. => acquisition "
                          "Broadcom -> VMware\n",
                     words);
    free(words);
    write_rules("big/acq.rules", text);
    free(text);
    loaded l = load_one("big");
    ck_assert_int_eq(l.st, DG_OK);
    ck_assert_uint_eq(dg_diags_count(l.d), 0);
    run r = {0};
    run_text(l.rs, &r, "Broadcom, the chipmaker, bought descriptor599word VMware in 2023.");
    only_rel(&r, "acquisition", "Broadcom", "VMware");
    run_text(l.rs, &r, "Broadcom bought Descriptor001word descriptor002word VMware.");
    only_rel(&r, "acquisition", "Broadcom", "VMware");
    /* the word next to the target is in a case-sensitive group */
    run_text(l.rs, &r, "Broadcom, the chipmaker, bought DESCRIPTOR599WORD VMware in 2023.");
    ck_assert_uint_eq(r.res.rels.n, 0);
    /* and a macro in a lookbehind still rules a match out */
    run_text(l.rs, &r, "Analysts said Broadcom bought descriptor123word VMware.");
    ck_assert_uint_eq(r.res.rels.n, 0);
    run_free(&r);
    loaded_free(&l);
}
END_TEST

START_TEST(test_each_group_gives_amount_to_all)
{
    /* An `each` group in a match gives the amount to every source (leads
     * each carry the round's sum); without it only the first source does. */
    write_rules("each/inv.rules",
                "reltype investment directed\n"
                "currency EUR = €, euros\n"
                "scale 1000000 = million\n"
                "money money.t\n"
                "  trigger euros\n"
                "  pattern (?<num>\\d+) (?<scale>million) (?<cur>euros)\n"
                "  example Velora raised 80 million euros in a round co-led by Accel and "
                "Index. => investment Accel -> Velora; amount 80000000 EUR\n"
                "org Velora | company\n"
                "org Accel | company\n"
                "org Index Ventures | company | Index\n"
                "rule investment.round-led\n"
                "  type investment\n"
                "  trigger from, led\n"
                "  pattern {ORG:target} raised {MONEY:amount} (?:in a round (?<each>co-led) by|from) "
                "{ORGS:source}\n"
                "  example Velora raised 80 million euros in a round co-led by Accel and "
                "Index. => investment Index Ventures -> Velora; amount 80000000 EUR\n"
                "  example Velora raised 80 million euros from Accel and Index. "
                "=> investment Accel -> Velora; amount 80000000 EUR\n");
    loaded l = load_one("each");
    ck_assert_int_eq(l.st, DG_OK);
    ck_assert_uint_eq(dg_diags_count(l.d), 0);
    run r = {0};
    run_text(l.rs, &r, "Velora raised 80 million euros in a round co-led by Accel and Index.");
    ck_assert_uint_eq(r.res.rels.n, 2);
    for (size_t i = 0; i < 2; i++) {
        ck_assert(r.res.rels.v[i].has_amount);
        ck_assert_double_eq(r.res.rels.v[i].amount, 80e6);
    }
    run_text(l.rs, &r, "Velora raised 80 million euros from Accel and Index.");
    ck_assert_uint_eq(r.res.rels.n, 2);
    size_t with = 0;
    for (size_t i = 0; i < 2; i++)
        with += r.res.rels.v[i].has_amount;
    ck_assert_uint_eq(with, 1);
    run_free(&r);
    loaded_free(&l);
}
END_TEST

START_TEST(test_trigger_of_several_tokens)
{
    /* Sentences are read token by token and "tie-up" or "joint venture" is
     * several tokens: such a trigger still makes its rule run. */
    write_rules("multi/p.rules",
                HEAD "reltype partnership undirected\n"
                "org Velora | company\n"
                "org Kestrel | company\n"
                "rule partnership.tie-up\n"
                "  type partnership\n"
                "  trigger tie-up\n"
                "  pattern {ORG:parties} and {ORG:parties} (?:announced|formed) a tie-up\n"
                "  example Velora and Kestrel announced a tie-up. => partnership Velora + Kestrel\n"
                "rule partnership.joint-venture\n"
                "  type partnership\n"
                "  trigger joint venture\n"
                "  pattern {ORG:parties} set up a joint venture with {ORG:parties}\n"
                "  example Velora set up a joint venture with Kestrel. => partnership Velora + Kestrel\n");
    loaded l = load_one("multi");
    ck_assert_int_eq(l.st, DG_OK);
    run r = {0};
    run_text(l.rs, &r, "Velora and Kestrel announced a tie-up.");
    ck_assert_uint_eq(r.res.rels.n, 1);
    run_text(l.rs, &r, "Velora set up a joint venture with Kestrel.");
    ck_assert_uint_eq(r.res.rels.n, 1);
    /* the longest word is enough to run the rule, not to match it */
    run_text(l.rs, &r, "Velora and Kestrel announced a tie on Monday.");
    ck_assert_uint_eq(r.res.rels.n, 0);
    run_free(&r);
    loaded_free(&l);
}
END_TEST

START_TEST(test_word_list)
{
    /* A word list matches whole words, any item, case-insensitively; a later
     * file extends a list of the same name. */
    write_rules("wl/a.rules", HEAD "words BUY_WORDS = acquired, bought, \"snapped up\"\n" ACQ_RULE(
                                  "acquisition.words", "acquired, bought, snapped, scooped",
                                  "{ORG:source} @BUY_WORDS {ORG:target}")
                                  "  example Broadcom bought VMware. => acquisition Broadcom -> "
                                  "VMware\n");
    write_rules("wl/b.rules", "words BUY_WORDS = \"scooped up\"\n");
    loaded l = load_one("wl");
    ck_assert_int_eq(l.st, DG_OK);
    ck_assert_uint_eq(dg_diags_count(l.d), 0);
    run r = {0};
    run_text(l.rs, &r, "Broadcom Snapped Up VMware in a surprise deal.");
    only_rel(&r, "acquisition", "Broadcom", "VMware");
    run_text(l.rs, &r, "Broadcom scooped up VMware in a surprise deal.");
    only_rel(&r, "acquisition", "Broadcom", "VMware");
    /* "boughtout" is not the word "bought" */
    run_text(l.rs, &r, "Broadcom boughtout VMware, a typo said.");
    ck_assert_uint_eq(r.res.rels.n, 0);
    run_free(&r);
    loaded_free(&l);
}
END_TEST

START_TEST(test_canonical_and_org_key)
{
    write_rules("k/orgs.rules",
                "words LEGAL_SUFFIX = Inc., Corp., Corp, Corporation, S.A., SA, AG, Co., Ltd.\n"
                "org Nestlé | company | Nestle S.A. | sector=food | country=CH\n"
                "org Microsoft | company | Microsoft Corporation\n"
                "org LinkedIn | company | | parent=Microsoft\n"
                "org Mercedes-Benz Group | company | Mercedes-Benz | formerly=Daimler@2022-02-01\n");
    loaded l = load_one("k");
    ck_assert_int_eq(l.st, DG_OK);
    ck_assert_uint_eq(dg_diags_count(l.d), 0);

    char *a = dg_ruleset_org_key(l.rs, "Nestlé S.A.");
    char *b = dg_ruleset_org_key(l.rs, "Nestle");
    ck_assert_str_eq(a, "nestle");
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
    a = dg_ruleset_org_key(l.rs, "Microsoft Corp.");
    ck_assert_str_eq(a, "microsoft");
    free(a);
    a = dg_ruleset_org_key(l.rs, "MICROSOFT's");
    ck_assert_str_eq(a, "microsoft");
    free(a);
    a = dg_ruleset_org_key(l.rs, "Samsung Electronics Co., Ltd.");
    ck_assert_str_eq(a, "samsung electronics");
    free(a);
    /* a suffix alone is a name, not something to strip */
    a = dg_ruleset_org_key(l.rs, "Corporation");
    ck_assert_str_eq(a, "corporation");
    free(a);
    /* a leading article goes, as the extractor drops it; alone it stays */
    a = dg_ruleset_org_key(l.rs, "The CrownX");
    ck_assert_str_eq(a, "crownx");
    free(a);
    a = dg_ruleset_org_key(l.rs, "The");
    ck_assert_str_eq(a, "the");
    free(a);

    const char *type = NULL, *parent = NULL;
    ck_assert_str_eq(dg_ruleset_canonical(l.rs, "NESTLE S.A.", &type, &parent), "Nestlé");
    ck_assert_str_eq(type, "company");
    ck_assert_ptr_null(parent);
    ck_assert_str_eq(dg_ruleset_canonical(l.rs, "Microsoft Corp.", NULL, NULL), "Microsoft");
    ck_assert_str_eq(dg_ruleset_canonical(l.rs, "LinkedIn", NULL, &parent), "LinkedIn");
    ck_assert_str_eq(parent, "Microsoft");
    /* a former name is an alias of the new one */
    ck_assert_str_eq(dg_ruleset_canonical(l.rs, "Daimler AG", NULL, NULL),
                     "Mercedes-Benz Group");
    ck_assert_ptr_null(dg_ruleset_canonical(l.rs, "Microsoftware", NULL, NULL));
    loaded_free(&l);
}
END_TEST

START_TEST(test_run_examples)
{
    write_rules("ex/acq.rules",
                HEAD "org Pfizer | company\n"
                     "org Seagen | company\n"                                          /* 5 */
                     "\n"
                     "rule acquisition.buy\n"                                          /* 7 */
                     "  type acquisition\n"
                     "  trigger acquired, bought\n"
                     "  pattern {ORG:source} (?:acquired|bought) {ORG:target}\n"
                     "  example Broadcom acquired VMware in November. => acquisition Broadcom "
                     "-> VMware\n"                                                     /* 11 */
                     "  example Pfizer bought Seagen for $43 billion.\n"               /* 12 */
                     "  counter Broadcom said VMware customers were unhappy.\n"        /* 13 */
                     "  example Pfizer acquired Seagen. => acquisition Seagen -> Pfizer\n" /* 14 */
                     "  counter Pfizer acquired Seagen after a long review.\n");       /* 15 */
    loaded l = load_one("ex");
    ck_assert_int_eq(l.st, DG_OK);
    dg_ruleset_info info;
    dg_ruleset_info_get(l.rs, &info);
    ck_assert_uint_eq(info.examples, 5);
    dg_diags *d = dg_diags_new();
    size_t passed = 99, failed = 99;
    ck_assert_int_eq(dg_ruleset_run_examples(l.rs, d, &passed, &failed), DG_OK);
    ck_assert_uint_eq(passed, 3);
    ck_assert_uint_eq(failed, 2);
    char *got = diags_of(d, DG_SEV_ERROR);
    char *want =
        fmt("%s/ex/acq.rules:14: error: example of rule acquisition.buy: expected acquisition "
            "Seagen -> Pfizer, got acquisition Pfizer -> Seagen (announced, rule "
            "acquisition.buy)\n"
            "%s/ex/acq.rules:15: error: counterexample of rule acquisition.buy yields "
            "acquisition Pfizer -> Seagen (announced, rule acquisition.buy)\n",
            g_tmp, g_tmp);
    ck_assert_str_eq(got, want);
    free(got);
    free(want);
    dg_diags_free(d);
    loaded_free(&l);
}
END_TEST

START_TEST(test_new_reltype)
{
    /* A user type: declared, with a rule, read like the shipped ones. */
    write_rules("sup/supplier.rules",
                "reltype supplier directed\n"
                "org Panasonic Energy | company\n"
                "org Lucid Motors | company | Lucid; Lucid Group\n"
                "define SUPPLY = (?:will |has agreed to |agreed to )?(?:supply|supplies|supplied)\n"
                "rule supplier.supplies\n"
                "  type supplier\n"
                "  trigger supply, supplies, supplied\n"
                "  pattern {ORG:source} {SUPPLY} {ORG:target}\n"
                "  example Panasonic Energy will supply Lucid Motors with battery cells. => "
                "supplier Panasonic Energy -> Lucid Motors\n");
    loaded l = load_one("sup");
    ck_assert_int_eq(l.st, DG_OK);
    ck_assert_uint_eq(dg_ruleset_reltype_count(l.rs), 1);
    bool directed = false;
    ck_assert_str_eq(dg_ruleset_reltype(l.rs, 0, &directed), "supplier");
    ck_assert(directed);
    ck_assert_ptr_null(dg_ruleset_reltype(l.rs, 1, NULL));
    run r = {0};
    run_text(l.rs, &r, "Panasonic Energy has agreed to supply Lucid with battery cells from 2026.");
    const dg_relation *rel = only_rel(&r, "supplier", "Panasonic Energy", "Lucid Motors");
    ck_assert(rel->directed);
    ck_assert_str_eq(rel->rule, "supplier.supplies");
    run_free(&r);
    size_t passed = 0, failed = 0;
    dg_diags *d = dg_diags_new();
    ck_assert_int_eq(dg_ruleset_run_examples(l.rs, d, &passed, &failed), DG_OK);
    ck_assert_uint_eq(passed, 1);
    ck_assert_uint_eq(failed, 0);
    dg_diags_free(d);
    loaded_free(&l);
}
END_TEST

extern Suite *rules_suite(void);

Suite *rules_suite(void)
{
    Suite *s = suite_create("rules");
    TCase *e = tcase_create("errors");
    tcase_add_checked_fixture(e, tmp_setup, tmp_teardown);
    tcase_set_timeout(e, 30);
    tcase_add_test(e, test_unknown_macro);
    tcase_add_test(e, test_unknown_role);
    tcase_add_test(e, test_regex_error_column);
    tcase_add_test(e, test_regex_error_in_macro);
    tcase_add_test(e, test_duplicate_id);
    tcase_add_test(e, test_empty_match);
    tcase_add_test(e, test_org_unknown_type);
    tcase_add_test(e, test_org_bad_formerly);
    tcase_add_test(e, test_unknown_property);
    tcase_add_test(e, test_bad_example);
    tcase_add_test(e, test_unknown_reltype);
    tcase_add_test(e, test_majority_and_prefer);
    tcase_add_test(e, test_fact_and_inherit_messages);
    tcase_add_test(e, test_directed_needs_source_and_target);
    tcase_add_test(e, test_every_error_in_every_file);
    tcase_add_test(e, test_one_error_loads_nothing);
    suite_add_tcase(s, e);
    TCase *w = tcase_create("warnings");
    tcase_add_checked_fixture(w, tmp_setup, tmp_teardown);
    tcase_add_test(w, test_shadowed_rule_warning);
    tcase_add_test(w, test_no_trigger_no_example_warnings);
    suite_add_tcase(s, w);
    TCase *f = tcase_create("features");
    tcase_add_checked_fixture(f, tmp_setup, tmp_teardown);
    tcase_set_timeout(f, 30);
    tcase_add_test(f, test_override_by_id);
    tcase_add_test(f, test_macro_with_role_slot);
    tcase_add_test(f, test_pattern_over_pcre2_size);
    tcase_add_test(f, test_each_group_gives_amount_to_all);
    tcase_add_test(f, test_trigger_of_several_tokens);
    tcase_add_test(f, test_word_list);
    tcase_add_test(f, test_canonical_and_org_key);
    tcase_add_test(f, test_run_examples);
    tcase_add_test(f, test_new_reltype);
    suite_add_tcase(s, f);
    return s;
}
