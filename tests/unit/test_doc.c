/* Unit tests of the reader: directory walk, front matter, JSON Lines, skips
 * and their diagnostics, dates. Every test builds its inputs in a fresh
 * temporary directory. */
#include <check.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dealgraph/doc.h>

extern Suite *doc_suite(void);

static char tmpdir[64];
static char pathbuf[8][256];

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    chmod(path, 0700);
    return remove(path);
}

static void setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/dg-doc-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
    nftw(tmpdir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* tmpdir/rel in one of a few static buffers (slot k). */
static const char *P(int k, const char *rel)
{
    snprintf(pathbuf[k], sizeof pathbuf[k], "%s/%s", tmpdir, rel);
    return pathbuf[k];
}

static void put_n(const char *rel, const char *bytes, size_t n)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(bytes, 1, n, f), n);
    ck_assert_int_eq(fclose(f), 0);
}

static void put(const char *rel, const char *text)
{
    put_n(rel, text, strlen(text));
}

static void mkd(const char *rel)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    ck_assert_int_eq(mkdir(path, 0700), 0);
}

/* Reads every document of the given paths; ids (and texts) are collected. */
typedef struct run {
    dg_doc docs[32];
    size_t n;
    dg_diags *diags;
    dg_reader_stats stats;
} run;

static void read_all(run *out, const char *const *paths, size_t np, size_t max)
{
    memset(out, 0, sizeof *out);
    out->diags = dg_diags_new();
    dg_reader_opts opts = {.max_doc_bytes = max};
    dg_reader *r;
    ck_assert_int_eq(dg_reader_new(paths, np, &opts, &r), DG_OK);
    for (;;) {
        dg_doc d;
        bool got;
        ck_assert_int_eq(dg_reader_next(r, &d, &got, out->diags), DG_OK);
        if (!got)
            break;
        ck_assert_uint_lt(out->n, 32);
        ck_assert_uint_eq(d.seq, out->n);
        ck_assert_uint_eq(strlen(d.text), d.len); /* NUL-terminated */
        out->docs[out->n++] = d;
    }
    out->stats = *dg_reader_stats_get(r);
    dg_reader_free(r);
}

static void run_free(run *x)
{
    for (size_t i = 0; i < x->n; i++)
        dg_doc_destroy(&x->docs[i]);
    dg_diags_free(x->diags);
}

/* Diagnostic i printed as "file:line: warning: msg". */
static const char *diag_str(const run *x, size_t i)
{
    static char buf[1024];
    const dg_diag *e = dg_diags_get(x->diags, i);
    ck_assert_ptr_nonnull(e);
    char *p = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&p, &n);
    dg_diag_fprint(e, f);
    fclose(f);
    snprintf(buf, sizeof buf, "%s", p);
    free(p);
    return buf;
}

static char *expect_fmt(const char *fmt, const char *a)
{
    static char buf[1024];
    snprintf(buf, sizeof buf, fmt, a);
    return buf;
}

START_TEST(test_walk_order_and_filter)
{
    put("b.txt",
        "Siemens and Microsoft expanded their partnership on industrial AI.\n");
    put("a.md", "# Deal\n\nPfizer agreed to buy Seagen for $43 billion.\n");
    put("Z.txt", "Zurich Insurance took a stake in a Swiss fintech.\n");
    put("notes.json", "{\"text\":\"not a JSON Lines file\"}\n");
    put("scan.pdf", "%PDF-1.7 Vodafone annual report\n");
    mkd("sub");
    put("sub/c.txt", "Nvidia invested in Mistral AI.\n");
    mkd("sub2");
    put("sub2/x.jsonl",
        "{\"id\":\"wire-9\",\"text\":\"Broadcom completed its acquisition "
        "of VMware.\"}\n");
    const char *paths[] = {tmpdir};
    run x;
    read_all(&x, paths, 1, 0);
    ck_assert_uint_eq(x.n, 5);
    /* bytewise: 'Z' < 'a'; "sub" < "sub2" */
    ck_assert_str_eq(x.docs[0].id, P(0, "Z.txt"));
    ck_assert_str_eq(x.docs[1].id, P(0, "a.md"));
    ck_assert_str_eq(x.docs[2].id, P(0, "b.txt"));
    ck_assert_str_eq(x.docs[3].id, P(0, "sub/c.txt"));
    ck_assert_str_eq(x.docs[4].id, "wire-9");
    ck_assert_str_eq(x.docs[4].origin, P(0, "sub2/x.jsonl"));
    ck_assert_uint_eq(x.docs[4].line, 1);
    ck_assert_uint_eq(x.docs[2].line, 0);
    ck_assert_str_eq(x.docs[3].text, "Nvidia invested in Mistral AI.\n");
    ck_assert_uint_eq(x.stats.files, 5);
    ck_assert_uint_eq(x.stats.docs, 5);
    ck_assert_uint_eq(x.stats.skipped_total, 0);
    size_t bytes = 0;
    for (size_t i = 0; i < x.n; i++)
        bytes += x.docs[i].len;
    ck_assert_uint_eq(x.stats.bytes, bytes);
    ck_assert_uint_eq(dg_diags_count(x.diags), 0);
    run_free(&x);
}
END_TEST

START_TEST(test_trailing_slash_and_explicit_file)
{
    mkd("in");
    put("in/a.txt", "Shell sold its Nigerian onshore unit.\n");
    put("article.news", "Unilever agreed to sell its tea business to CVC Capital.\n");
    char dir[128];
    snprintf(dir, sizeof dir, "%s/in/", tmpdir);
    const char *paths[] = {dir, P(1, "article.news")};
    run x;
    read_all(&x, paths, 2, 0);
    ck_assert_uint_eq(x.n, 2);
    ck_assert_str_eq(x.docs[0].id, P(0, "in/a.txt")); /* no double slash */
    ck_assert_str_eq(x.docs[1].id, P(1, "article.news"));
    ck_assert_str_eq(x.docs[1].origin, P(1, "article.news"));
    run_free(&x);
}
END_TEST

START_TEST(test_front_matter_crlf_bom)
{
    put("nestle.md", "\xEF\xBB\xBF---\r\n"
                     "title: \"L'Oréal buys a stake in Nestlé\"\r\n"
                     "date: 2024-05-01T08:00:00+02:00\r\n"
                     "url: https://news.example.com/loreal-nestle\r\n"
                     "author: Jane Roe\r\n"
                     "id: wire-2024-0501-17\r\n"
                     "---\r\n"
                     "L'Oréal said it acquired a 4% stake in Nestlé.\r\n");
    const char *paths[] = {P(0, "nestle.md")};
    run x;
    read_all(&x, paths, 1, 0);
    ck_assert_uint_eq(x.n, 1);
    dg_doc *d = &x.docs[0];
    ck_assert_str_eq(d->id, "wire-2024-0501-17");
    ck_assert_str_eq(d->title, "L'Oréal buys a stake in Nestlé");
    ck_assert_str_eq(d->date, "2024-05-01");
    ck_assert_str_eq(d->url, "https://news.example.com/loreal-nestle");
    ck_assert_str_eq(d->text, "L'Oréal said it acquired a 4% stake in Nestlé.\r\n");
    ck_assert_uint_eq(d->len, strlen(d->text));
    ck_assert_uint_eq(dg_diags_count(x.diags), 0);
    run_free(&x);
}
END_TEST

START_TEST(test_front_matter_bad_date)
{
    put("bp.txt", "---\ntitle: BP and Aramco sign an LNG deal\ndate: 2024-02-30\n---\n"
                  "BP and Saudi Aramco signed a supply agreement.\n");
    const char *paths[] = {P(0, "bp.txt")};
    run x;
    read_all(&x, paths, 1, 0);
    ck_assert_uint_eq(x.n, 1); /* kept */
    ck_assert_ptr_null(x.docs[0].date);
    ck_assert_str_eq(x.docs[0].title, "BP and Aramco sign an LNG deal");
    ck_assert_str_eq(x.docs[0].id, P(0, "bp.txt"));
    ck_assert_uint_eq(x.stats.bad_dates, 1);
    ck_assert_uint_eq(x.stats.skipped_total, 0);
    ck_assert_uint_eq(dg_diags_count(x.diags), 1);
    ck_assert_str_eq(
        diag_str(&x, 0),
        expect_fmt("%s:3: warning: bad date \"2024-02-30\", ignored", P(0, "bp.txt")));
    run_free(&x);
}
END_TEST

START_TEST(test_front_matter_unclosed)
{
    const char *text = "---\nThe merger of Daimler and Chrysler: a look back.\n";
    put("essay.md", text);
    const char *paths[] = {P(0, "essay.md")};
    run x;
    read_all(&x, paths, 1, 0);
    ck_assert_uint_eq(x.n, 1);
    ck_assert_str_eq(x.docs[0].text, text); /* body text, not front matter */
    ck_assert_ptr_null(x.docs[0].title);
    run_free(&x);
}
END_TEST

START_TEST(test_jsonl_mixed)
{
    put("feed.jsonl", "{\"id\":\"r1\",\"title\":\"Pfizer to buy "
                      "Seagen\",\"date\":\"2023-03-13T06:45:00Z\","
                      "\"url\":\"https://example.com/p\",\"text\":\"Pfizer agreed to "
                      "buy Seagen for $43 "
                      "billion.\"}\r\n"
                      "\n"
                      "{\"id\": \"r2\", \"text\": \"Amazon invested $4 billion in\n"
                      "{\"title\":\"Microsoft and OpenAI\",\"body\":\"Microsoft "
                      "extended its partnership.\"}\n"
                      "{\"id\":7,\"title\":5,\"date\":\"2024-02-30\",\"text\":\"Toyota "
                      "took a stake in "
                      "Joby Aviation.\"}\n"
                      "[\"Siemens\",\"Altair\"]\n"
                      "   \t\n"
                      "{\"text\":\"Nestlé sold its stake in L'Oréal.\",\"date\":null}\n"
                      "{\"text\":\"Sanofi bought Provention Bio");
    const char *paths[] = {P(0, "feed.jsonl")};
    run x;
    read_all(&x, paths, 1, 0);
    const char *f = P(0, "feed.jsonl");
    ck_assert_uint_eq(x.n, 3);
    ck_assert_str_eq(x.docs[0].id, "r1");
    ck_assert_str_eq(x.docs[0].date, "2023-03-13");
    ck_assert_str_eq(x.docs[0].title, "Pfizer to buy Seagen");
    ck_assert_str_eq(x.docs[0].url, "https://example.com/p");
    ck_assert_str_eq(x.docs[0].text, "Pfizer agreed to buy Seagen for $43 billion.");
    ck_assert_uint_eq(x.docs[0].line, 1);
    ck_assert_str_eq(x.docs[1].id, "7");
    ck_assert_ptr_null(x.docs[1].title);
    ck_assert_ptr_null(x.docs[1].date);
    ck_assert_uint_eq(x.docs[1].line, 5);
    ck_assert_str_eq(x.docs[2].id, expect_fmt("%s:8", f));
    ck_assert_str_eq(x.docs[2].text, "Nestlé sold its stake in L'Oréal.");
    ck_assert_str_eq(x.docs[2].origin, f);

    ck_assert_uint_eq(x.stats.skipped[DG_SKIP_BAD_JSON], 3);
    ck_assert_uint_eq(x.stats.skipped[DG_SKIP_NO_TEXT], 1);
    ck_assert_uint_eq(x.stats.skipped_total, 4);
    ck_assert_uint_eq(x.stats.bad_dates, 1);
    ck_assert_uint_eq(x.stats.files, 1);
    ck_assert_uint_eq(x.stats.docs, 3);
    ck_assert_uint_eq(dg_diags_count(x.diags), 6);
    ck_assert_str_eq(
        diag_str(&x, 0),
        expect_fmt("%s:3: warning: bad JSON record: premature end of input "
                   "(column 51)",
                   f));
    ck_assert_str_eq(
        diag_str(&x, 1),
        expect_fmt("%s:4: warning: record has no string \"text\", skipped", f));
    ck_assert_str_eq(
        diag_str(&x, 2),
        expect_fmt("%s:5: warning: field \"title\" is not a string, ignored", f));
    ck_assert_str_eq(diag_str(&x, 3),
                     expect_fmt("%s:5: warning: bad date \"2024-02-30\", ignored", f));
    ck_assert_str_eq(diag_str(&x, 4),
                     expect_fmt("%s:6: warning: bad JSON record: not an object", f));
    /* the truncated last line, without a newline, is still parsed */
    ck_assert_ptr_nonnull(strstr(diag_str(&x, 5), ":9: warning: bad JSON record: "));
    run_free(&x);
}
END_TEST

START_TEST(test_jsonl_truncated_good_last_line)
{
    put("t.jsonl",
        "{\"id\":\"a\",\"text\":\"Volkswagen invested in Rivian.\"}\n"
        "{\"id\":\"b\",\"text\":\"Rivian and Volkswagen formed a joint venture.\"}");
    const char *paths[] = {P(0, "t.jsonl")};
    run x;
    read_all(&x, paths, 1, 0);
    ck_assert_uint_eq(x.n, 2);
    ck_assert_str_eq(x.docs[1].id, "b");
    ck_assert_uint_eq(x.docs[1].line, 2);
    run_free(&x);
}
END_TEST

START_TEST(test_jsonl_bom_and_deep_nesting)
{
    size_t depth = 100000;
    char *deep = malloc(depth + 2);
    memset(deep, '[', depth);
    deep[depth] = '\n';
    deep[depth + 1] = '\0';
    char *content = NULL;
    ck_assert_int_ge(
        asprintf(&content,
                 "\xEF\xBB\xBF{\"id\":\"x1\",\"text\":\"Chevron agreed to acquire "
                 "Hess.\"}\n%s{\"id\":\"x2\",\"text\":\"Exxon closed its purchase "
                 "of Pioneer.\"}\n",
                 deep),
        0);
    put("deep.jsonl", content);
    free(deep);
    free(content);
    const char *paths[] = {P(0, "deep.jsonl")};
    run x;
    read_all(&x, paths, 1, 0);
    ck_assert_uint_eq(x.n, 2);
    ck_assert_str_eq(x.docs[0].id, "x1"); /* BOM stripped */
    ck_assert_str_eq(x.docs[1].id, "x2");
    ck_assert_uint_eq(x.docs[1].line, 3);
    ck_assert_uint_eq(x.stats.skipped[DG_SKIP_BAD_JSON], 1);
    ck_assert_ptr_nonnull(strstr(diag_str(&x, 0),
                                 ":2: warning: bad JSON record: maximum "
                                 "parsing depth reached"));
    run_free(&x);
}
END_TEST

START_TEST(test_jsonl_record_too_large)
{
    char big[1200];
    int n = snprintf(big, sizeof big, "{\"id\":\"big\",\"text\":\"");
    memset(big + n, 'x', 1000);
    strcpy(big + n + 1000, "\"}\n");
    char *content = NULL;
    ck_assert_int_ge(
        asprintf(&content,
                 "{\"id\":\"s1\",\"text\":\"Aviva bought Direct Line.\"}\n%s"
                 "{\"id\":\"s2\",\"text\":\"Zurich sold its life book.\"}\n",
                 big),
        0);
    put("mix.jsonl", content);
    free(content);
    const char *paths[] = {P(0, "mix.jsonl")};
    run x;
    read_all(&x, paths, 1, 200);
    ck_assert_uint_eq(x.n, 2);
    ck_assert_str_eq(x.docs[1].id, "s2");
    ck_assert_uint_eq(x.docs[1].line, 3); /* reading went on at the next line */
    ck_assert_uint_eq(x.stats.skipped[DG_SKIP_TOO_LARGE], 1);
    ck_assert_str_eq(
        diag_str(&x, 0),
        expect_fmt("%s:2: warning: record too large (1022 bytes, limit 200), "
                   "skipped",
                   P(0, "mix.jsonl")));
    run_free(&x);
}
END_TEST

START_TEST(test_jsonl_long_line)
{
    /* one record far larger than the line reader's chunk */
    size_t tl = 3u << 20;
    char *s = malloc(tl + 64);
    int n = sprintf(s, "{\"id\":\"long\",\"text\":\"");
    for (size_t i = 0; i < tl; i++)
        s[n + i] = "Arm Holdings "[i % 13];
    strcpy(s + n + tl, "\"}\n");
    put("long.jsonl", s);
    free(s);
    const char *paths[] = {P(0, "long.jsonl")};
    run x;
    read_all(&x, paths, 1, 0);
    ck_assert_uint_eq(x.n, 1);
    ck_assert_uint_eq(x.docs[0].len, tl);
    ck_assert_uint_eq(x.stats.bytes, tl);
    run_free(&x);
}
END_TEST

START_TEST(test_text_too_large)
{
    put("long.txt",
        "Berkshire Hathaway raised its stake in Occidental Petroleum to 28%.\n");
    const char *paths[] = {P(0, "long.txt")};
    run x;
    read_all(&x, paths, 1, 20);
    ck_assert_uint_eq(x.n, 0);
    ck_assert_uint_eq(x.stats.skipped[DG_SKIP_TOO_LARGE], 1);
    ck_assert_str_eq(
        diag_str(&x, 0),
        expect_fmt("%s: warning: document too large (68 bytes, limit 20), skipped",
                   P(0, "long.txt")));
    run_free(&x);
}
END_TEST

START_TEST(test_binary_empty_latin1)
{
    char png[600];
    memcpy(png, "\x89PNG\r\n\x1a\n", 8);
    for (size_t i = 8; i < sizeof png; i++)
        png[i] = (char)(i % 7 == 0 ? 0 : 'A' + i % 26);
    put_n("logo.txt", png, sizeof png);
    put("blank.txt", " \n\t\r\n");
    put("empty.md", "");
    /* Latin-1 bytes: not the reader's business, passed through */
    put("latin1.txt", "Nestl\xe9 acquired a stake in L'Or\xe9"
                      "al.\n");
    const char *paths[] = {tmpdir};
    run x;
    read_all(&x, paths, 1, 0);
    ck_assert_uint_eq(x.n, 1);
    ck_assert_str_eq(x.docs[0].text, "Nestl\xe9 acquired a stake in L'Or\xe9"
                                     "al.\n");
    ck_assert_uint_eq(x.stats.skipped[DG_SKIP_BINARY], 1);
    ck_assert_uint_eq(x.stats.skipped[DG_SKIP_EMPTY], 2);
    ck_assert_uint_eq(x.stats.skipped_total, 3);
    ck_assert_uint_eq(x.stats.files, 4);
    /* walk order: blank.txt, empty.md, latin1.txt, logo.txt */
    ck_assert_str_eq(diag_str(&x, 0), expect_fmt("%s: warning: empty document, skipped",
                                                 P(0, "blank.txt")));
    ck_assert_str_eq(diag_str(&x, 2),
                     expect_fmt("%s: warning: binary file, skipped", P(0, "logo.txt")));
    run_free(&x);
}
END_TEST

START_TEST(test_control_bytes_binary)
{
    /* no NUL, but 20 % escape bytes */
    char buf[500];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = i % 5 == 0 ? '\x1b' : 'm';
    put_n("term.txt", buf, sizeof buf);
    /* form feeds and tabs are text */
    put("ff.txt", "Page 1\f\tDeutsche Bank and Commerzbank held merger talks.\n");
    const char *paths[] = {P(0, "term.txt"), P(1, "ff.txt")};
    run x;
    read_all(&x, paths, 2, 0);
    ck_assert_uint_eq(x.n, 1);
    ck_assert_str_eq(x.docs[0].id, P(1, "ff.txt"));
    ck_assert_uint_eq(x.stats.skipped[DG_SKIP_BINARY], 1);
    run_free(&x);
}
END_TEST

START_TEST(test_unreadable)
{
    put("secret.txt", "Apple is in talks to buy a stake in a chipmaker.\n");
    put("ok.txt", "Intel sold a stake in Mobileye.\n");
    ck_assert_int_eq(chmod(P(0, "secret.txt"), 0), 0);
    const char *paths[] = {tmpdir, P(1, "missing.txt")};
    run x;
    read_all(&x, paths, 2, 0);
    ck_assert_uint_ge(x.n, 1);
    ck_assert_str_eq(x.docs[0].id, P(0, "ok.txt")); /* went on */
    /* the missing file is reported whoever runs the test */
    ck_assert_str_eq(diag_str(&x, dg_diags_count(x.diags) - 1),
                     expect_fmt("%s: warning: cannot open: No such file or directory",
                                P(1, "missing.txt")));
    if (geteuid() != 0) { /* root reads a mode-000 file anyway */
        ck_assert_uint_eq(x.n, 1);
        ck_assert_uint_eq(x.stats.skipped[DG_SKIP_UNREADABLE], 2);
        ck_assert_str_eq(diag_str(&x, 0),
                         expect_fmt("%s: warning: cannot open: Permission denied",
                                    P(0, "secret.txt")));
    } else {
        ck_assert_uint_eq(x.stats.skipped[DG_SKIP_UNREADABLE], 1);
    }
    run_free(&x);
}
END_TEST

START_TEST(test_symlink_loop)
{
    mkd("corpus");
    put("corpus/a.txt", "SoftBank sold part of its stake in Alibaba.\n");
    ck_assert_int_eq(symlink("..", P(0, "corpus/up")), 0);
    ck_assert_int_eq(symlink("self.txt", P(0, "corpus/self.txt")), 0);
    const char *paths[] = {tmpdir};
    run x;
    read_all(&x, paths, 1, 0);
    ck_assert_uint_eq(x.n, 1);
    ck_assert_str_eq(x.docs[0].id, P(0, "corpus/a.txt"));
    ck_assert_uint_eq(x.stats.skipped[DG_SKIP_UNREADABLE], 2);
    ck_assert_uint_eq(dg_diags_count(x.diags), 2);
    ck_assert_str_eq(diag_str(&x, 0), expect_fmt("%s: warning: symlink loop, skipped",
                                                 P(0, "corpus/self.txt")));
    ck_assert_str_eq(diag_str(&x, 1), expect_fmt("%s: warning: symlink loop, skipped",
                                                 P(0, "corpus/up")));
    run_free(&x);
}
END_TEST

START_TEST(test_stdin)
{
    put("in.jsonl", "{\"text\":\"Mubadala invested in a Brazilian fintech.\"}\n"
                    "{\"id\":\"s-2\",\"text\":\"Temasek led the round.\"}\n");
    int saved = dup(0);
    int fd = open(P(0, "in.jsonl"), O_RDONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(dup2(fd, 0), 0);
    close(fd);
    const char *paths[] = {"-"};
    run x;
    read_all(&x, paths, 1, 0);
    dup2(saved, 0);
    close(saved);
    ck_assert_uint_eq(x.n, 2);
    ck_assert_str_eq(x.docs[0].id, "-:1");
    ck_assert_str_eq(x.docs[0].origin, "-");
    ck_assert_str_eq(x.docs[1].id, "s-2");
    run_free(&x);
}
END_TEST

START_TEST(test_dates)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"2024-05-01", "2024-05-01"},
        {"2024-05-01T12:30:00Z", "2024-05-01"},
        {"2024-05-01T12:30:00+02:00", "2024-05-01"},
        {"2024-05-01T12:30:00.250-05:00", "2024-05-01"},
        {"2024-02-29", "2024-02-29"},
        {"2000-02-29", "2000-02-29"},
        {"1900-02-29", NULL},
        {"2023-02-29", NULL},
        {"2024-04-31", NULL},
        {"2024-13-01", NULL},
        {"2024-00-10", NULL},
        {"2024-5-1", NULL},
        {"May 1, 2024", NULL},
        {"2024-05-01T25:00:00Z", NULL},
        {"2024-05-01T12:30:00", NULL}, /* RFC 3339 needs the offset */
        {"2024-05-01junk", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *d = dg_date_normalize(cases[i].in);
        if (cases[i].out) {
            ck_assert_msg(d && strcmp(d, cases[i].out) == 0, "%s", cases[i].in);
        } else {
            ck_assert_msg(d == NULL, "%s accepted", cases[i].in);
        }
        free(d);
    }
    ck_assert_ptr_null(dg_date_normalize(NULL));
}
END_TEST

START_TEST(test_skip_names)
{
    ck_assert_str_eq(dg_skip_str(DG_SKIP_UNREADABLE), "unreadable");
    ck_assert_str_eq(dg_skip_str(DG_SKIP_BAD_JSON), "bad-json");
    ck_assert_str_eq(dg_skip_str(DG_SKIP_NO_TEXT), "no-text");
    ck_assert_str_eq(dg_skip_str(DG_SKIP_TOO_LARGE), "too-large");
    ck_assert_str_eq(dg_skip_str(DG_SKIP_INVALID_UTF8), "invalid-utf8");
    dg_doc_destroy(NULL);
}
END_TEST

Suite *doc_suite(void)
{
    Suite *s = suite_create("doc");
    TCase *tc = tcase_create("reader");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_walk_order_and_filter);
    tcase_add_test(tc, test_trailing_slash_and_explicit_file);
    tcase_add_test(tc, test_front_matter_crlf_bom);
    tcase_add_test(tc, test_front_matter_bad_date);
    tcase_add_test(tc, test_front_matter_unclosed);
    tcase_add_test(tc, test_jsonl_mixed);
    tcase_add_test(tc, test_jsonl_truncated_good_last_line);
    tcase_add_test(tc, test_jsonl_bom_and_deep_nesting);
    tcase_add_test(tc, test_jsonl_record_too_large);
    tcase_add_test(tc, test_jsonl_long_line);
    tcase_add_test(tc, test_text_too_large);
    tcase_add_test(tc, test_binary_empty_latin1);
    tcase_add_test(tc, test_control_bytes_binary);
    tcase_add_test(tc, test_unreadable);
    tcase_add_test(tc, test_symlink_loop);
    tcase_add_test(tc, test_stdin);
    tcase_add_test(tc, test_dates);
    tcase_add_test(tc, test_skip_names);
    suite_add_tcase(s, tc);
    return s;
}
