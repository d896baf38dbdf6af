/* Unit tests of relation records and the relations file format. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dealgraph/relation.h>

static char *xdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* "L'Oréal acquires a 4% stake in Nestlé for EUR 2 billion": directed,
 * big amount, non-ASCII names, one party type and one parent. */
static void make_acq(dg_relation *r)
{
    memset(r, 0, sizeof *r);
    r->doc = xdup("wire/2024-05-01-loreal.txt");
    r->date = xdup("2024-05-01");
    r->type = xdup("investment");
    r->directed = true;
    r->status = DG_ST_COMPLETED;
    r->nparties = 2;
    r->parties = calloc(2, sizeof *r->parties);
    r->party_types = calloc(2, sizeof *r->party_types);
    r->party_parents = calloc(2, sizeof *r->party_parents);
    r->parties[0] = xdup("L'Oréal");
    r->parties[1] = xdup("Nestlé");
    r->party_types[0] = xdup("company");
    r->party_parents[1] = xdup("Nestlé Group");
    r->has_amount = true;
    r->amount = 2000000000;
    memcpy(r->currency, "EUR", 4);
    r->round = xdup("strategic");
    r->has_stake = true;
    r->stake_percent = 4.5;
    r->sentence =
        xdup("L'Oréal said on Tuesday it had completed the purchase of a 4.5% "
             "stake in Nestlé for \"EUR 2 billion\".");
    r->start = 120;
    r->end = 215;
    r->rule = xdup("investment.stake_purchase");
}

/* Writes r to memory and returns the line (caller frees). */
static char *write_line(const dg_relation *r)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(dg_relation_write_json(r, f), DG_OK);
    ck_assert_int_eq(fclose(f), 0);
    return buf;
}

START_TEST(test_status_names)
{
    dg_rel_status s;
    ck_assert_str_eq(dg_rel_status_str(DG_ST_RUMORED), "rumored");
    ck_assert_str_eq(dg_rel_status_str(DG_ST_DENIED), "denied");
    for (int i = 0; i < DG_ST__COUNT; i++) {
        ck_assert(dg_rel_status_parse(dg_rel_status_str((dg_rel_status)i), &s));
        ck_assert_int_eq(s, i);
    }
    ck_assert(!dg_rel_status_parse("closed", &s));
    ck_assert(!dg_rel_status_parse(NULL, &s));
}
END_TEST

START_TEST(test_write_exact)
{
    dg_relation r;
    make_acq(&r);
    char *line = write_line(&r);
    ck_assert_str_eq(
        line,
        "{\"doc\":\"wire/"
        "2024-05-01-loreal.txt\",\"date\":\"2024-05-01\",\"type\":\"investment\","
        "\"status\":\"completed\",\"parties\":[\"L'Oréal\",\"Nestlé\"],\"source\":\"L'"
        "Oréal\","
        "\"target\":\"Nestlé\",\"amount\":2000000000,\"currency\":\"EUR\",\"round\":"
        "\"strategic\","
        "\"stake_percent\":4.5,\"sentence\":\"L'Oréal said on Tuesday it had completed "
        "the "
        "purchase of a 4.5% stake in Nestlé for \\\"EUR 2 billion\\\".\",\"start\":120,"
        "\"end\":215,\"rule\":\"investment.stake_purchase\",\"party_types\":["
        "\"company\",null],"
        "\"party_parents\":[null,\"Nestlé Group\"]}\n");
    free(line);
    dg_relation_destroy(&r);
}
END_TEST

START_TEST(test_write_undirected_nulls)
{
    /* "Siemens and Microsoft announced a partnership": no amount, no stake */
    dg_relation r;
    memset(&r, 0, sizeof r);
    r.doc = xdup("news.jsonl:3");
    r.type = xdup("partnership");
    r.status = DG_ST_ANNOUNCED;
    r.nparties = 2;
    r.parties = calloc(2, sizeof *r.parties);
    r.parties[0] = xdup("Microsoft");
    r.parties[1] = xdup("Siemens");
    r.sentence =
        xdup("Siemens and Microsoft announced a partnership\ton industrial AI.");
    r.rule = xdup("partnership.announce");
    char *line = write_line(&r);
    ck_assert_str_eq(
        line, "{\"doc\":\"news.jsonl:3\",\"date\":null,\"type\":\"partnership\","
              "\"status\":\"announced\",\"parties\":[\"Microsoft\",\"Siemens\"],"
              "\"source\":null,\"target\":null,\"amount\":null,\"currency\":null,"
              "\"round\":null,\"stake_percent\":null,\"sentence\":\"Siemens and "
              "Microsoft announced a partnership\\ton industrial AI.\",\"start\":0,"
              "\"end\":0,\"rule\":\"partnership.announce\","
              "\"party_types\":[null,null],\"party_parents\":[null,null]}\n");
    free(line);
    dg_relation_destroy(&r);
}
END_TEST

START_TEST(test_roundtrip)
{
    static const double amounts[] = {1500000000, 2000000000,  68700000000.0, 1e21,
                                     0.1,        1234567.891, 6.9e9,         3.5e-7};
    for (size_t i = 0; i < sizeof amounts / sizeof *amounts; i++) {
        dg_relation r, back;
        make_acq(&r);
        r.amount = amounts[i];
        char *line = write_line(&r);
        char *err = NULL;
        ck_assert_int_eq(dg_relation_parse_json(line, strlen(line), &back, &err),
                         DG_OK);
        ck_assert_ptr_null(err);
        ck_assert(back.amount == amounts[i]);
        ck_assert(back.directed);
        ck_assert_str_eq(back.parties[0], "L'Oréal");
        ck_assert_str_eq(back.parties[1], "Nestlé");
        ck_assert_ptr_null(back.party_types[1]);
        ck_assert_str_eq(back.party_parents[1], "Nestlé Group");
        ck_assert_str_eq(back.currency, "EUR");
        ck_assert(back.has_stake && back.stake_percent == 4.5);
        ck_assert_uint_eq(back.end, 215);
        char *again = write_line(&back);
        ck_assert_str_eq(again, line); /* byte for byte */
        free(again);
        free(line);
        dg_relation_destroy(&r);
        dg_relation_destroy(&back);
    }
}
END_TEST

START_TEST(test_amount_formats)
{
    dg_relation r;
    make_acq(&r);
    r.amount = 1500000000;
    char *line = write_line(&r);
    ck_assert_ptr_nonnull(strstr(line, "\"amount\":1500000000,"));
    free(line);
    r.amount = 68700000000.0;
    line = write_line(&r);
    ck_assert_ptr_nonnull(strstr(line, "\"amount\":68700000000,"));
    free(line);
    r.amount = 0.1;
    line = write_line(&r);
    ck_assert_ptr_nonnull(strstr(line, "\"amount\":0.1,"));
    free(line);
    dg_relation_destroy(&r);
}
END_TEST

START_TEST(test_invalid_utf8_still_parses)
{
    /* a doc id from a Latin-1 file name: "Nestl\xe9.txt" */
    dg_relation r, back;
    make_acq(&r);
    free(r.doc);
    r.doc = xdup("Nestl\xe9.txt");
    char *line = write_line(&r);
    ck_assert_ptr_nonnull(strstr(line, "\"doc\":\"Nestl\\ufffd.txt\""));
    char *err = NULL;
    ck_assert_int_eq(dg_relation_parse_json(line, strlen(line), &back, &err), DG_OK);
    ck_assert_str_eq(back.doc, "Nestl\xef\xbf\xbd.txt");
    free(line);
    dg_relation_destroy(&r);
    dg_relation_destroy(&back);
}
END_TEST

START_TEST(test_parse_hand_written)
{
    const char *line =
        "{\"doc\":\"d1\",\"type\":\"acquisition\",\"status\":\"planned\","
        "\"parties\":[\"Broadcom\",\"VMware\"],\"source\":\"Broadcom\","
        "\"target\":\"VMware\",\"amount\":61000000000,\"currency\":\"USD\"}";
    dg_relation r;
    char *err = NULL;
    ck_assert_int_eq(dg_relation_parse_json(line, strlen(line), &r, &err), DG_OK);
    ck_assert_str_eq(r.type, "acquisition");
    ck_assert_int_eq(r.status, DG_ST_PLANNED);
    ck_assert(r.directed);
    ck_assert(r.has_amount && r.amount == 61e9);
    ck_assert(!r.has_stake);
    ck_assert_ptr_null(r.date);
    ck_assert_ptr_nonnull(r.party_types); /* one NULL slot per party */
    ck_assert_ptr_null(r.party_types[0]);
    ck_assert_ptr_null(r.party_parents[1]);
    dg_relation_destroy(&r);
}
END_TEST

static void expect_error(const char *line, const char *msg)
{
    dg_relation r;
    char *err = NULL;
    ck_assert_int_eq(dg_relation_parse_json(line, strlen(line), &r, &err), DG_EJSON);
    ck_assert_ptr_nonnull(err);
    ck_assert_str_eq(err, msg);
    ck_assert_ptr_null(r.doc);
    free(err);
}

START_TEST(test_parse_errors)
{
    expect_error(
        "{\"type\":\"acquisition\",\"status\":\"completed\",\"parties\":[\"A\",\"B\"]}",
        "missing key \"doc\"");
    expect_error("{\"doc\":\"d\",\"type\":\"acquisition\",\"parties\":[\"A\",\"B\"]}",
                 "missing key \"status\"");
    expect_error("{\"doc\":\"d\",\"type\":\"acquisition\",\"status\":\"completed\"}",
                 "missing key \"parties\"");
    expect_error(
        "{\"doc\":\"d\",\"type\":\"acquisition\",\"status\":\"closed\","
        "\"parties\":[\"A\",\"B\"]}",
        "key \"status\" must be one of announced, completed, planned, rumored, "
        "ended, denied");
    expect_error("{\"doc\":\"d\",\"type\":\"acquisition\",\"status\":\"completed\","
                 "\"parties\":[\"Pfizer\"]}",
                 "key \"parties\" must be an array of at least two names");
    expect_error("{\"doc\":\"d\",", "bad JSON: string or '}' expected near end of file "
                                    "(column 11)");
}
END_TEST

START_TEST(test_container)
{
    dg_relations rs;
    dg_relations_init(&rs);
    for (int i = 0; i < 20; i++) {
        dg_relation r, c;
        make_acq(&r);
        ck_assert_int_eq(dg_relation_copy(&c, &r), DG_OK);
        ck_assert_ptr_ne(c.parties[0], r.parties[0]);
        ck_assert_str_eq(c.parties[0], r.parties[0]);
        dg_relation_destroy(&r);
        c.start = (size_t)i;
        ck_assert_int_eq(dg_relations_push(&rs, &c), DG_OK);
        ck_assert_ptr_null(c.doc); /* moved */
    }
    ck_assert_uint_eq(rs.n, 20);
    ck_assert_uint_eq(rs.v[19].start, 19);
    ck_assert_str_eq(rs.v[7].party_parents[1], "Nestlé Group");
    dg_relations_clear(&rs);
    ck_assert_uint_eq(rs.n, 0);
    dg_relations_destroy(&rs);
    dg_relation_destroy(NULL);
}
END_TEST

START_TEST(test_write_error)
{
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        return;                  /* no /dev/full in this sandbox */
    setvbuf(f, NULL, _IONBF, 0); /* every write hits the device */
    dg_relation r;
    make_acq(&r);
    ck_assert_int_eq(dg_relation_write_json(&r, f), DG_EIO);
    fclose(f);
    dg_relation_destroy(&r);
}
END_TEST

extern Suite *relation_suite(void);

Suite *relation_suite(void)
{
    Suite *s = suite_create("relation");
    TCase *tc = tcase_create("json");
    tcase_add_test(tc, test_status_names);
    tcase_add_test(tc, test_write_exact);
    tcase_add_test(tc, test_write_undirected_nulls);
    tcase_add_test(tc, test_roundtrip);
    tcase_add_test(tc, test_amount_formats);
    tcase_add_test(tc, test_invalid_utf8_still_parses);
    tcase_add_test(tc, test_parse_hand_written);
    tcase_add_test(tc, test_parse_errors);
    tcase_add_test(tc, test_container);
    tcase_add_test(tc, test_write_error);
    suite_add_tcase(s, tc);
    return s;
}
