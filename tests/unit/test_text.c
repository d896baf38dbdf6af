/* Unit tests of the text layer (include/dealgraph/text.h): UTF-8 repair,
 * NUL bytes, NFC with the offset map back to the original bytes, fold keys,
 * tokens and the sentence splitter, on business-news text.
 *
 * Every expectation is spelled out byte for byte (UTF-8 escapes), so a test
 * fails when the code changes what it produces, not only when it crashes. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <dealgraph/text.h>

/* U+FFFD as UTF-8. */
#define RC "\xEF\xBF\xBD"

/* Normalizes a string literal (sizeof - 1 keeps embedded NULs). */
#define TEXT_INIT(t, lit)                                                              \
    ck_assert_int_eq(dg_text_init((t), (lit), sizeof(lit) - 1), DG_OK)

static void assert_text(const dg_text *t, const char *want, size_t want_len)
{
    ck_assert_uint_eq(t->len, want_len);
    ck_assert_msg(memcmp(t->s, want, want_len) == 0, "normalized text is \"%s\"", t->s);
    ck_assert_int_eq(t->s[t->len], '\0');
    ck_assert_msg(dg_utf8_valid(t->s, t->len), "normalized text is not valid UTF-8");
}
#define ASSERT_TEXT(t, lit) assert_text((t), (lit), sizeof(lit) - 1)

/* ------------------------------------------------------------- UTF-8 repair */

START_TEST(test_repair_single_bad_byte)
{
    /* A Latin-1 "é" (0xE9) in otherwise UTF-8 text: one replacement. */
    dg_text t;
    TEXT_INIT(&t, "Nestl\xE9 agreed to buy a stake in L'Or\xE9"
                  "al.");
    ASSERT_TEXT(&t, "Nestl" RC " agreed to buy a stake in L'Or" RC "al.");
    ck_assert_uint_eq(t.repaired, 2);
    ck_assert(!t.ascii);
    ck_assert_uint_eq(t.orig_len, 40);
    dg_text_destroy(&t);
}
END_TEST

START_TEST(test_repair_overlong)
{
    dg_text t;
    /* Overlong "/" (C0 AF): C0 can never start a sequence, so each byte is
     * its own maximal subpart: two replacements. */
    TEXT_INIT(&t, "Acme\xC0\xAF"
                  "Corp");
    ASSERT_TEXT(&t, "Acme" RC RC "Corp");
    ck_assert_uint_eq(t.repaired, 2);
    dg_text_destroy(&t);
    /* Three-byte overlong (E0 80 AF): E0 needs A0..BF next, so three. */
    TEXT_INIT(&t, "x\xE0\x80\xAFy");
    ASSERT_TEXT(&t, "x" RC RC RC "y");
    ck_assert_uint_eq(t.repaired, 3);
    dg_text_destroy(&t);
    /* Overlong NUL (C0 80) must not become a NUL or a space. */
    TEXT_INIT(&t, "a\xC0\x80z");
    ASSERT_TEXT(&t, "a" RC RC "z");
    ck_assert_uint_eq(t.repaired, 2);
    dg_text_destroy(&t);
}
END_TEST

START_TEST(test_repair_surrogates_and_range)
{
    dg_text t;
    /* A CESU-8 surrogate pair (U+D83D U+DE00) is six invalid bytes. */
    TEXT_INIT(&t, "deal \xED\xA0\xBD\xED\xB8\x80!");
    ASSERT_TEXT(&t, "deal " RC RC RC RC RC RC "!");
    ck_assert_uint_eq(t.repaired, 6);
    dg_text_destroy(&t);
    /* Above U+10FFFF (F4 90 80 80) and F5..FF lead bytes. */
    TEXT_INIT(&t, "\xF4\x90\x80\x80 \xF5\xFF");
    ASSERT_TEXT(&t, RC RC RC RC " " RC RC);
    ck_assert_uint_eq(t.repaired, 6);
    dg_text_destroy(&t);
}
END_TEST

START_TEST(test_repair_truncated)
{
    dg_text t;
    /* A valid lead with a valid but short tail is one replacement, whether
     * it is cut by ASCII or by the end of the text. */
    TEXT_INIT(&t, "Moody\xE2\x80s upgraded \xF0\x9F\x98");
    ASSERT_TEXT(&t, "Moody" RC "s upgraded " RC);
    ck_assert_uint_eq(t.repaired, 2);
    dg_text_destroy(&t);
    /* Truncated sequence followed directly by a valid one. */
    TEXT_INIT(&t, "\xC3\xC3\xA9");
    ASSERT_TEXT(&t, RC "\xC3\xA9");
    ck_assert_uint_eq(t.repaired, 1);
    dg_text_destroy(&t);
    /* Stray continuation bytes, each on its own. */
    TEXT_INIT(&t, "\x80\xBF"
                  "AT&T");
    ASSERT_TEXT(&t, RC RC "AT&T");
    ck_assert_uint_eq(t.repaired, 2);
    dg_text_destroy(&t);
}
END_TEST

START_TEST(test_utf8_valid)
{
    ck_assert(dg_utf8_valid("", 0));
    ck_assert(dg_utf8_valid("Nestl\xC3\xA9 S.A.", 11));
    ck_assert(dg_utf8_valid("\xF0\x9F\x98\x80", 4));
    ck_assert(!dg_utf8_valid("Nestl\xE9", 6));
    ck_assert(!dg_utf8_valid("\xC0\xAF", 2));
    ck_assert(!dg_utf8_valid("\xED\xA0\x80", 3));
    ck_assert(!dg_utf8_valid("\xF4\x90\x80\x80", 4));
    ck_assert(!dg_utf8_valid("ok \xE2\x80", 5));
    /* The length is honoured: the bad byte lies beyond it. */
    ck_assert(dg_utf8_valid("ok\xFF", 2));
}
END_TEST

/* -------------------------------------------------------------- NUL bytes */

START_TEST(test_nul_to_space)
{
    dg_text t;
    TEXT_INIT(&t, "Apple\0Inc.\0\0said");
    ASSERT_TEXT(&t, "Apple Inc.  said");
    ck_assert(t.ascii);
    ck_assert_uint_eq(t.repaired, 0);
    dg_text_destroy(&t);
    /* Same on the non-ASCII path, without disturbing the map. */
    TEXT_INIT(&t, "Nestl\xC3\xA9\0S.A.");
    ASSERT_TEXT(&t, "Nestl\xC3\xA9 S.A.");
    ck_assert(!t.ascii);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 8), 8);
    dg_text_destroy(&t);
}
END_TEST

/* ------------------------------------------------------- NFC and the map */

START_TEST(test_ascii_fast_path)
{
    dg_text t;
    TEXT_INIT(&t, "Microsoft and OpenAI announced a partnership on Monday.");
    ck_assert(t.ascii);
    ck_assert_uint_eq(t.nanchors, 0);
    ASSERT_TEXT(&t, "Microsoft and OpenAI announced a partnership on Monday.");
    for (size_t i = 0; i <= t.len; i++)
        ck_assert_uint_eq(dg_text_orig_offset(&t, i), i);
    dg_text_destroy(&t);

    TEXT_INIT(&t, "");
    ck_assert_uint_eq(t.len, 0);
    ck_assert_ptr_nonnull(t.s);
    ck_assert_str_eq(t.s, "");
    dg_text_destroy(&t);
}
END_TEST

START_TEST(test_nfc_precomposed_is_identity)
{
    /* Already NFC: no anchors, identical bytes, but not flagged ASCII. */
    dg_text t;
    TEXT_INIT(&t, "Nestl\xC3\xA9 and L\xE2\x80\x99Or\xC3\xA9"
                  "al");
    ck_assert(!t.ascii);
    ck_assert_uint_eq(t.nanchors, 0);
    ASSERT_TEXT(&t, "Nestl\xC3\xA9 and L\xE2\x80\x99Or\xC3\xA9"
                    "al");
    ck_assert_uint_eq(dg_text_orig_offset(&t, 13), 13);
    dg_text_destroy(&t);
}
END_TEST

START_TEST(test_nfc_decomposed_offsets)
{
    /* "Nestle\u0301 buys Blue Bottle": e + U+0301 (3 bytes) composes to
     * U+00E9 (2 bytes); everything after moves back by one byte. */
    dg_text t;
    TEXT_INIT(&t, "Nestle\xCC\x81 buys Blue Bottle");
    ASSERT_TEXT(&t, "Nestl\xC3\xA9 buys Blue Bottle");
    ck_assert_uint_eq(t.orig_len, 25);
    ck_assert_uint_eq(t.len, 24);
    ck_assert_uint_eq(t.repaired, 0);
    ck_assert_uint_gt(t.nanchors, 0);
    /* Before the rewritten segment nothing moved. */
    ck_assert_uint_eq(dg_text_orig_offset(&t, 0), 0);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 4), 4);
    /* The composed é starts where the base "e" started. */
    ck_assert_uint_eq(dg_text_orig_offset(&t, 5), 5);
    /* Inside the composed character: the segment's start. */
    ck_assert_uint_eq(dg_text_orig_offset(&t, 6), 5);
    /* The space after it: norm 7 is orig 8; "buys" at norm 8 is orig 9. */
    ck_assert_uint_eq(dg_text_orig_offset(&t, 7), 8);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 8), 9);
    /* "Bottle" ends the text: its start and the end of the text. */
    ck_assert_uint_eq(dg_text_orig_offset(&t, 18), 19);
    ck_assert_uint_eq(dg_text_orig_offset(&t, t.len), t.orig_len);
    dg_text_destroy(&t);
}
END_TEST

START_TEST(test_nfc_two_segments_offsets)
{
    /* Three decomposed letters in three words; each shifts what follows
     * by one more byte. */
    dg_text t;
    TEXT_INIT(&t, "Ame\xCC\x81lie e\xCC\x81 Rene\xCC\x81 Inc");
    ASSERT_TEXT(&t, "Am\xC3\xA9lie \xC3\xA9 Ren\xC3\xA9 Inc");
    /* orig: A0 m1 e2 [CC81]3-4 l5 i6 e7 ' '8 e9 [CC81]10-11 ' '12 R13 e14 n15
     *       e16 [CC81]17-18 ' '19 I20 n21 c22 (len 23)
     * norm: A0 m1 [C3A9]2-3 l4 i5 e6 ' '7 [C3A9]8-9 ' '10 R11 e12 n13
     *       [C3A9]14-15 ' '16 I17 n18 c19 (len 20) */
    ck_assert_uint_eq(t.len, 20);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 2), 2);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 4), 5);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 7), 8);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 8), 9);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 10), 12);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 11), 13);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 14), 16);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 17), 20);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 19), 22);
    dg_text_destroy(&t);
}
END_TEST

START_TEST(test_repair_offsets)
{
    /* "Deal\xFF\xFE with Nestle": two bad bytes grow from 2 to 6 bytes. */
    dg_text t;
    TEXT_INIT(&t, "Deal\xFF\xFE with Nestle");
    ASSERT_TEXT(&t, "Deal" RC RC " with Nestle");
    ck_assert_uint_eq(t.repaired, 2);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 0), 0);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 3), 3);
    /* "Deal" ends exactly where the damage starts, in both texts. */
    ck_assert_uint_eq(dg_text_orig_offset(&t, 4), 4);
    /* Inside the replacement characters: within the damaged bytes. */
    for (size_t i = 5; i < 10; i++) {
        ck_assert_uint_ge(dg_text_orig_offset(&t, i), 4);
        ck_assert_uint_le(dg_text_orig_offset(&t, i), 6);
    }
    /* " with Nestle" starts at norm 10, orig 6; "Nestle" at norm 16, orig 12. */
    ck_assert_uint_eq(dg_text_orig_offset(&t, 10), 6);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 16), 12);
    ck_assert_uint_eq(dg_text_orig_offset(&t, t.len), 18);
    dg_text_destroy(&t);
}
END_TEST

START_TEST(test_repair_offsets_cp1252_apostrophe)
{
    /* Windows-1252 text: 0x92 is a curly apostrophe there, invalid UTF-8
     * here. The span of "Toyota" must map back to all six letters, and the
     * span of "Panasonic" after two more damaged bytes too. */
    static const char src[] = "Toyota\x92s venture with \x93Panasonic\x94 Corp.";
    dg_text t;
    TEXT_INIT(&t, src);
    ASSERT_TEXT(&t, "Toyota" RC "s venture with " RC "Panasonic" RC " Corp.");
    ck_assert_uint_eq(t.repaired, 3);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 0), 0);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 6), 6);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 9), 7); /* "s" */
    const char *pan = strstr(t.s, "Panasonic");
    ck_assert_ptr_nonnull(pan);
    size_t ps = (size_t)(pan - t.s), pe = ps + 9;
    ck_assert_uint_eq(dg_text_orig_offset(&t, ps), 23);
    ck_assert_uint_eq(dg_text_orig_offset(&t, pe), 32);
    ck_assert(memcmp(src + 23, "Panasonic", 9) == 0);
    dg_text_destroy(&t);
}
END_TEST

START_TEST(test_nfc_adjacent_segments)
{
    /* Two rewritten segments one ASCII byte apart share an anchor (the end
     * of one is the start of the next); the map must stay right.
     * orig: E0 e1 [CC 81]2-3 e4 [CC 81]5-6 x7 (8 bytes)
     * norm: E0 [C3 A9]1-2 [C3 A9]3-4 x5 (6 bytes) */
    dg_text t;
    TEXT_INIT(&t, "Ee\xCC\x81"
                  "e\xCC\x81x");
    ASSERT_TEXT(&t, "E\xC3\xA9\xC3\xA9x");
    ck_assert_uint_eq(dg_text_orig_offset(&t, 0), 0);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 1), 1);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 2), 1);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 3), 4);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 4), 4);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 5), 7);
    ck_assert_uint_eq(dg_text_orig_offset(&t, 6), 8);
    dg_text_destroy(&t);
}
END_TEST

START_TEST(test_offsets_monotonic)
{
    /* Mixed damage, decomposed marks and inert text: the map never goes
     * backwards and stays within the original. */
    static const char src[] = "Soci\xC3\xA9t\xC3\xA9 G\xC3\xA9n\xC3\xA9rale \xFF and "
                              "Ame\xCC\x81lie\xE2\x80 \xE6\x97\xA5\xE7\x94\xA3 "
                              "Nestle\xCC\x81\xCC\xA7 \xED\xA0\x80 end";
    dg_text t;
    TEXT_INIT(&t, src);
    ck_assert_uint_eq(t.repaired, 5);
    size_t prev = 0;
    for (size_t i = 0; i <= t.len; i++) {
        size_t o = dg_text_orig_offset(&t, i);
        ck_assert_uint_ge(o, prev);
        ck_assert_uint_le(o, sizeof src - 1);
        prev = o;
    }
    /* The ASCII tail "end" maps exactly. */
    ck_assert_uint_eq(dg_text_orig_offset(&t, t.len - 3), sizeof src - 1 - 3);
    dg_text_destroy(&t);
}
END_TEST

START_TEST(test_nfc_reorders_marks)
{
    /* Canonical reordering: U+0327 (cedilla, ccc 202) sorts before U+0301
     * (acute, ccc 230), so c + acute + cedilla composes fully to U+1E09
     * (c with cedilla and acute), which needs the reordering first. */
    dg_text t;
    TEXT_INIT(&t, "Franc\xCC\x81\xCC\xA7ois");
    ASSERT_TEXT(&t, "Fran\xE1\xB8\x89ois");
    ck_assert_uint_eq(dg_text_orig_offset(&t, 7), 9); /* "ois" */
    dg_text_destroy(&t);
}
END_TEST

/* -------------------------------------------------------------- fold keys */

static char *fold(const char *s)
{
    dg_buf b;
    dg_buf_init(&b);
    ck_assert_int_eq(dg_fold_append(&b, s, strlen(s)), DG_OK);
    char *r = strdup(dg_buf_cstr(&b));
    dg_buf_destroy(&b);
    return r;
}

static void assert_fold(const char *s, const char *want)
{
    char *got = fold(s);
    ck_assert_msg(strcmp(got, want) == 0, "fold(\"%s\") = \"%s\", want \"%s\"", s, got,
                  want);
    free(got);
}

START_TEST(test_fold_equalities)
{
    assert_fold("Nestl\xC3\xA9", "nestle");
    assert_fold("NESTLE", "nestle");
    assert_fold("Nestle\xCC\x81", "nestle");
    assert_fold("NESTL\xC3\x89", "nestle");
    assert_fold("Moody\xE2\x80\x99s", "moody's");
    assert_fold("Moody's", "moody's");
    assert_fold("L\xE2\x80\x99Or\xC3\xA9"
                "al",
                "l'oreal");
    assert_fold("L'Oreal", "l'oreal");
    /* Full-width letters and digits (NFKC). */
    assert_fold(
        "\xEF\xBC\xB3\xEF\xBD\x8F\xEF\xBD\x86\xEF\xBD\x94\xEF\xBC\xA2\xEF\xBD\x81"
        "\xEF\xBD\x8E\xEF\xBD\x8B",
        "softbank");
    assert_fold("\xEF\xBC\x93\xEF\xBC\xAD", "3m");
    /* Full case folding: sharp s becomes "ss". */
    assert_fold("Stra\xC3\x9F"
                "e",
                "strasse");
    /* En dash lumps to a hyphen. */
    assert_fold("Rolls\xE2\x80\x93Royce", "rolls-royce");
    /* Punctuation other than quotes and dashes is kept. */
    assert_fold("AT&T Inc.", "at&t inc.");
}
END_TEST

START_TEST(test_fold_appends)
{
    /* The key is appended, not written over what is there. */
    dg_buf b;
    dg_buf_init(&b);
    ck_assert_str_eq(dg_buf_cstr(&b), "");
    ck_assert_int_eq(dg_buf_append(&b, "k:", 2), DG_OK);
    ck_assert_int_eq(dg_fold_append(&b, "Soci\xC3\xA9t\xC3\xA9", 9), DG_OK);
    ck_assert_int_eq(dg_buf_putc(&b, '|'), DG_OK);
    ck_assert_int_eq(dg_fold_append(&b, "BASF", 4), DG_OK);
    ck_assert_str_eq(dg_buf_cstr(&b), "k:societe|basf");
    ck_assert_uint_eq(b.len, 14);
    dg_buf_destroy(&b);
}
END_TEST

/* ----------------------------------------------------------------- tokens */

static void assert_tok(const dg_tokens *tk, size_t i, const char *s,
                       const char *surface, const char *key, uint32_t flags)
{
    ck_assert_uint_lt(i, tk->n);
    const dg_token *t = &tk->v[i];
    size_t sl = strlen(surface), kl = strlen(key);
    ck_assert_msg(t->end - t->start == sl && memcmp(s + t->start, surface, sl) == 0,
                  "token %zu is \"%.*s\", want \"%s\"", i, (int)(t->end - t->start),
                  s + t->start, surface);
    ck_assert_msg(t->key_len == kl && memcmp(tk->keys.p + t->key, key, kl) == 0,
                  "token %zu key is \"%.*s\", want \"%s\"", i, (int)t->key_len,
                  tk->keys.p + t->key, key);
    ck_assert_msg(t->flags == flags, "token %zu (\"%s\") flags 0x%x, want 0x%x", i,
                  surface, t->flags, flags);
}

enum {
    W = DG_TOK_WORD,
    N = DG_TOK_NUM,
    P = DG_TOK_PUNCT,
    C = DG_TOK_CAP,
    UP = DG_TOK_UPPER,
    SP = DG_TOK_SPACE_BEFORE
};

START_TEST(test_tokens_att)
{
    static const char s[] = "AT&T bought 3M shares, and A24 won.";
    dg_tokens tk;
    dg_tokens_init(&tk);
    ck_assert_int_eq(dg_tokenize(&tk, s, strlen(s)), DG_OK);
    ck_assert_uint_eq(tk.n, 11);
    assert_tok(&tk, 0, s, "AT", "at", W | C | UP);
    assert_tok(&tk, 1, s, "&", "&", P);
    assert_tok(&tk, 2, s, "T", "t", W | C);
    assert_tok(&tk, 3, s, "bought", "bought", W | SP);
    assert_tok(&tk, 4, s, "3M", "3m", W | N | C | SP);
    assert_tok(&tk, 5, s, "shares", "shares", W | SP);
    assert_tok(&tk, 6, s, ",", ",", P);
    assert_tok(&tk, 7, s, "and", "and", W | SP);
    assert_tok(&tk, 8, s, "A24", "a24", W | C | SP);
    assert_tok(&tk, 9, s, "won", "won", W | SP);
    assert_tok(&tk, 10, s, ".", ".", P);
    dg_tokens_destroy(&tk);
}
END_TEST

START_TEST(test_tokens_unicode)
{
    /* NBSP separates; curly apostrophe is punctuation with a lumped key;
     * accented capitals count for CAP and UPPER; full-width letters fold. */
    static const char s[] =
        "NESTL\xC3\x89\xC2\xA0S.A. and L\xE2\x80\x99Or\xC3\xA9"
        "al "
        "\xEF\xBC\xB3\xEF\xBD\x8F\xEF\xBD\x86\xEF\xBD\x94 \xC3\xA9lan";
    dg_tokens tk;
    dg_tokens_init(&tk);
    ck_assert_int_eq(dg_tokenize(&tk, s, strlen(s)), DG_OK);
    ck_assert_uint_eq(tk.n, 11);
    assert_tok(&tk, 0, s, "NESTL\xC3\x89", "nestle", W | C | UP);
    assert_tok(&tk, 1, s, "S", "s", W | C | SP);
    assert_tok(&tk, 2, s, ".", ".", P);
    assert_tok(&tk, 3, s, "A", "a", W | C);
    assert_tok(&tk, 4, s, ".", ".", P);
    assert_tok(&tk, 5, s, "and", "and", W | SP);
    assert_tok(&tk, 6, s, "L", "l", W | C | SP);
    assert_tok(&tk, 7, s, "\xE2\x80\x99", "'", P);
    assert_tok(&tk, 8, s,
               "Or\xC3\xA9"
               "al",
               "oreal", W | C);
    assert_tok(&tk, 9, s, "\xEF\xBC\xB3\xEF\xBD\x8F\xEF\xBD\x86\xEF\xBD\x94", "soft",
               W | C | SP);
    assert_tok(&tk, 10, s, "\xC3\xA9lan", "elan", W | SP);
    /* Reuse: a second call replaces the contents. */
    ck_assert_int_eq(dg_tokenize(&tk, "Ren\xC3\xA9 SA", 8), DG_OK);
    ck_assert_uint_eq(tk.n, 2);
    assert_tok(&tk, 0, "Ren\xC3\xA9 SA", "Ren\xC3\xA9", "rene", W | C);
    assert_tok(&tk, 1, "Ren\xC3\xA9 SA", "SA", "sa", W | C | UP | SP);
    ck_assert_uint_eq(tk.keys.len, 6);
    ck_assert_int_eq(dg_tokenize(&tk, "", 0), DG_OK);
    ck_assert_uint_eq(tk.n, 0);
    dg_tokens_destroy(&tk);
}
END_TEST

START_TEST(test_tokens_unspaced_scripts)
{
    /* A Chinese or kana letter is a token of its own, so a Latin name glued
     * to Chinese text stays apart from it; Hangul is written with spaces and
     * stays one word. */
    static const char s[] = "Aramco\xE4\xB8\x8E" /* 与 */
                            "Chubb\xE7\xAD\xBE\xE7\xBD\xB2"; /* 签署 */
    dg_tokens tk;
    dg_tokens_init(&tk);
    ck_assert_int_eq(dg_tokenize(&tk, s, strlen(s)), DG_OK);
    ck_assert_uint_eq(tk.n, 5);
    assert_tok(&tk, 0, s, "Aramco", "aramco", W | C);
    assert_tok(&tk, 1, s, "\xE4\xB8\x8E", "\xE4\xB8\x8E", W);
    assert_tok(&tk, 2, s, "Chubb", "chubb", W | C);
    assert_tok(&tk, 3, s, "\xE7\xAD\xBE", "\xE7\xAD\xBE", W);
    assert_tok(&tk, 4, s, "\xE7\xBD\xB2", "\xE7\xBD\xB2", W);
    static const char k[] = "\xEC\x82\xBC\xEC\x84\xB1 SK"; /* 삼성 SK */
    ck_assert_int_eq(dg_tokenize(&tk, k, strlen(k)), DG_OK);
    ck_assert_uint_eq(tk.n, 2);
    dg_tokens_destroy(&tk);
    ck_assert(dg_text_crosses_scripts(s, strlen(s)));
    ck_assert(dg_text_crosses_scripts("SoftBank\xE3\x81\xAF", 11)); /* は */
    ck_assert(!dg_text_crosses_scripts("Saudi Aramco", 12));
    ck_assert(!dg_text_crosses_scripts("Aramco \xE4\xB8\x8E", 10));
    ck_assert(!dg_text_crosses_scripts("\xE7\xAD\xBE\xE7\xBD\xB2", 6));
    ck_assert(!dg_text_crosses_scripts(k, strlen(k)));
}
END_TEST

START_TEST(test_tokens_lowercase_accent_and_marks)
{
    /* "éLan": first letter lowercase -> no CAP; a decomposed mark stays
     * inside the word. */
    static const char s[] = "\xC3\xA9Lan Nestle\xCC\x81-owned";
    dg_tokens tk;
    dg_tokens_init(&tk);
    ck_assert_int_eq(dg_tokenize(&tk, s, strlen(s)), DG_OK);
    ck_assert_uint_eq(tk.n, 4);
    assert_tok(&tk, 0, s, "\xC3\xA9Lan", "elan", W);
    assert_tok(&tk, 1, s, "Nestle\xCC\x81", "nestle", W | C | SP);
    assert_tok(&tk, 2, s, "-", "-", P);
    assert_tok(&tk, 3, s, "owned", "owned", W);
    dg_tokens_destroy(&tk);
}
END_TEST

/* -------------------------------------------------------------- sentences */

/* Splits s and checks the sentences against want (NULL-terminated). */
static void check_split(const char *s, const char *const *abbrevs,
                        const char *const *want)
{
    dg_spans sp;
    dg_spans_init(&sp);
    size_t n = strlen(s);
    ck_assert_int_eq(dg_sentences_split(&sp, s, n, abbrevs), DG_OK);
    size_t nwant = 0;
    while (want[nwant])
        nwant++;
    for (size_t i = 0; i < sp.n && i < nwant; i++) {
        const dg_span *x = &sp.v[i];
        ck_assert_uint_le(x->start, x->end);
        ck_assert_uint_le(x->end, n);
        ck_assert_msg(x->end - x->start == strlen(want[i]) &&
                          memcmp(s + x->start, want[i], strlen(want[i])) == 0,
                      "sentence %zu is \"%.*s\", want \"%s\"", i,
                      (int)(x->end - x->start), s + x->start, want[i]);
    }
    ck_assert_msg(sp.n == nwant, "%zu sentences, want %zu (in \"%s\")", sp.n, nwant, s);
    dg_spans_destroy(&sp);
}
#define SPLIT(s, ...) check_split((s), NULL, (const char *const[]){__VA_ARGS__, NULL})

START_TEST(test_split_company_suffixes)
{
    SPLIT("Apple Inc. said on Tuesday it would buy Beats Electronics. The deal is "
          "worth $3 billion.",
          "Apple Inc. said on Tuesday it would buy Beats Electronics.",
          "The deal is worth $3 billion.");
    SPLIT(
        "Microsoft Corp. agreed to acquire Activision Blizzard Inc. for $68.7 billion. "
        "Shares of Activision rose 26%.",
        "Microsoft Corp. agreed to acquire Activision Blizzard Inc. for $68.7 billion.",
        "Shares of Activision rose 26%.");
    SPLIT("Samsung Electronics Co., Ltd. and Toyota Motor Co. Ltd. signed a pact. "
          "It covers batteries.",
          "Samsung Electronics Co., Ltd. and Toyota Motor Co. Ltd. signed a pact.",
          "It covers batteries.");
    /* A company suffix that ends the sentence, followed by a typical opener. */
    SPLIT("Beats was acquired by Apple Inc. The price was not disclosed.",
          "Beats was acquired by Apple Inc.", "The price was not disclosed.");
    SPLIT("The unit was sold to Tata Sons Ltd. Shares rose 4%.",
          "The unit was sold to Tata Sons Ltd.", "Shares rose 4%.");
}
END_TEST

START_TEST(test_split_us_and_titles)
{
    SPLIT("U.S. Steel agreed to be acquired by Nippon Steel Corp. for $14.1 billion.",
          "U.S. Steel agreed to be acquired by Nippon Steel Corp. for $14.1 billion.");
    SPLIT(
        "Samsung will build a chip plant in the U.S. The company did not give a date.",
        "Samsung will build a chip plant in the U.S.",
        "The company did not give a date.");
    SPLIT("Mr. Nadella and Dr. Lisa Su spoke at the event. They declined to comment.",
          "Mr. Nadella and Dr. Lisa Su spoke at the event.",
          "They declined to comment.");
    SPLIT("The deal closed on Jan. 5 and made Nvidia the No. 1 supplier. Arm fell.",
          "The deal closed on Jan. 5 and made Nvidia the No. 1 supplier.", "Arm fell.");
    /* a name with a lower-case first letter may open a sentence; a plain
     * lower-case word does not */
    SPLIT("PayPal left its former cousin. eBay, its former parent, sold its stake.",
          "PayPal left its former cousin.", "eBay, its former parent, sold its stake.");
    SPLIT("The plant is 5 km. from the port.", "The plant is 5 km. from the port.");
}
END_TEST

START_TEST(test_split_decimals_and_initials)
{
    SPLIT("SoftBank raised $1.5 billion. Arm rose 3.2 percent to $61.50.",
          "SoftBank raised $1.5 billion.", "Arm rose 3.2 percent to $61.50.");
    SPLIT("J. P. Morgan advised Pfizer on the deal. Terms were not disclosed.",
          "J. P. Morgan advised Pfizer on the deal.", "Terms were not disclosed.");
    SPLIT("J.P. Morgan Chase and John D. Rockefeller Jr. were named. Goldman was not.",
          "J.P. Morgan Chase and John D. Rockefeller Jr. were named.",
          "Goldman was not.");
    /* a single letter ends a sentence only before a typical opener */
    SPLIT("Velora raised $80 million in a Series B. The round was led by Accel.",
          "Velora raised $80 million in a Series B.", "The round was led by Accel.");
    SPLIT("Harry S. Truman and J. A. Smith signed it. It passed.",
          "Harry S. Truman and J. A. Smith signed it.", "It passed.");
}
END_TEST

START_TEST(test_split_quotes)
{
    SPLIT("\"We are excited about this deal,\" she said. Next, the companies will seek "
          "approval.",
          "\"We are excited about this deal,\" she said.",
          "Next, the companies will seek approval.");
    /* Closing quotes stay with the sentence they end; opening quotes start
     * the next. */
    SPLIT("\"The deal is done.\" Analysts agreed. \"We disagree,\" a rival said.",
          "\"The deal is done.\"", "Analysts agreed.",
          "\"We disagree,\" a rival said.");
    SPLIT("\xE2\x80\x9CIt is a good fit.\xE2\x80\x9D Oracle shares rose.",
          "\xE2\x80\x9CIt is a good fit.\xE2\x80\x9D", "Oracle shares rose.");
    SPLIT("The stake (about 10%.) was sold. (Reuters) Nvidia said.",
          "The stake (about 10%.) was sold.", "(Reuters) Nvidia said.");
}
END_TEST

START_TEST(test_split_question_exclamation)
{
    SPLIT("Will regulators approve the merger? Analysts doubt it! Shares fell 2%.",
          "Will regulators approve the merger?", "Analysts doubt it!",
          "Shares fell 2%.");
    SPLIT("A merger?! Yes... Intel walked away.", "A merger?!", "Yes...",
          "Intel walked away.");
    /* Lowercase after the mark: the sentence goes on. */
    SPLIT("The company raised $2 billion. analysts had expected less.",
          "The company raised $2 billion. analysts had expected less.");
    /* Full-width CJK marks end a sentence without a following space. */
    SPLIT("\xE4\xB8\xB0\xE7\x94\xB0\xE5\x85\xAC\xE5\x8F\xB8\xE3\x80\x82"
          "\xE6\x9D\xBE\xE4\xB8\x8B\xEF\xBC\x9F",
          "\xE4\xB8\xB0\xE7\x94\xB0\xE5\x85\xAC\xE5\x8F\xB8\xE3\x80\x82",
          "\xE6\x9D\xBE\xE4\xB8\x8B\xEF\xBC\x9F");
}
END_TEST

START_TEST(test_split_paragraphs_headlines)
{
    SPLIT(
        "Nvidia to buy Arm for $40 billion\n\nNvidia Corp. said on Sunday it would buy "
        "Arm from SoftBank.\nThe deal needs approval in the U.K. and China.\n\n  \n"
        "Reporting by Jane Doe",
        "Nvidia to buy Arm for $40 billion",
        "Nvidia Corp. said on Sunday it would buy Arm from SoftBank.",
        "The deal needs approval in the U.K. and China.", "Reporting by Jane Doe");
    /* A single line break inside a sentence does not split it. */
    SPLIT("Oracle agreed to buy\nCerner for $28.3 billion.",
          "Oracle agreed to buy\nCerner for $28.3 billion.");
    /* CRLF: spans exclude the CR and LF. */
    SPLIT(
        "Pfizer buys Seagen\r\n\r\nPfizer Inc. will pay $43 billion. It is the largest "
        "deal of the year.\r\n",
        "Pfizer buys Seagen", "Pfizer Inc. will pay $43 billion.",
        "It is the largest deal of the year.");
    /* Blank line made of white space and CRLFs. */
    SPLIT("Headline one\r\n \t\r\nBody text here.", "Headline one", "Body text here.");
}
END_TEST

START_TEST(test_split_edges)
{
    dg_spans sp;
    dg_spans_init(&sp);
    ck_assert_int_eq(dg_sentences_split(&sp, "", 0, NULL), DG_OK);
    ck_assert_uint_eq(sp.n, 0);
    ck_assert_int_eq(dg_sentences_split(&sp, " \n\n \r\n", 6, NULL), DG_OK);
    ck_assert_uint_eq(sp.n, 0);
    /* Leading and trailing white space, NBSP included, is excluded. */
    static const char s[] = "  \xC2\xA0IBM bought Red Hat.  Red Hat is open. \xC2\xA0";
    ck_assert_int_eq(dg_sentences_split(&sp, s, strlen(s), NULL), DG_OK);
    ck_assert_uint_eq(sp.n, 2);
    ck_assert_uint_eq(sp.v[0].start, 4);
    ck_assert_uint_eq(sp.v[0].end, 4 + strlen("IBM bought Red Hat."));
    ck_assert_uint_eq(sp.v[1].end, strlen(s) - 3);
    /* The list is reset on reuse. */
    ck_assert_int_eq(dg_sentences_split(&sp, "One. Two.", 9, NULL), DG_OK);
    ck_assert_uint_eq(sp.n, 2);
    dg_spans_destroy(&sp);
    /* Sentences are split inside the given length only. */
    SPLIT("Buy. Sell", "Buy.", "Sell");
}
END_TEST

START_TEST(test_split_custom_abbrevs)
{
    /* A caller's list replaces the built-in one: "Inc." is no longer an
     * abbreviation, "approx." is. */
    static const char *const mine[] = {"approx.", NULL};
    check_split("Apple Inc. Beats cost approx. Three billion dollars.", mine,
                (const char *const[]){
                    "Apple Inc.", "Beats cost approx. Three billion dollars.", NULL});
}
END_TEST

/* Declared for -Wmissing-prototypes; the runner finds the definitions. */
extern Suite *text_suite(void);
extern Suite *text_sentence_suite(void);

Suite *text_suite(void)
{
    Suite *s = suite_create("text");
    TCase *tc = tcase_create("utf8");
    tcase_add_test(tc, test_repair_single_bad_byte);
    tcase_add_test(tc, test_repair_overlong);
    tcase_add_test(tc, test_repair_surrogates_and_range);
    tcase_add_test(tc, test_repair_truncated);
    tcase_add_test(tc, test_utf8_valid);
    tcase_add_test(tc, test_nul_to_space);
    suite_add_tcase(s, tc);
    tc = tcase_create("nfc");
    tcase_add_test(tc, test_ascii_fast_path);
    tcase_add_test(tc, test_nfc_precomposed_is_identity);
    tcase_add_test(tc, test_nfc_decomposed_offsets);
    tcase_add_test(tc, test_nfc_two_segments_offsets);
    tcase_add_test(tc, test_repair_offsets);
    tcase_add_test(tc, test_repair_offsets_cp1252_apostrophe);
    tcase_add_test(tc, test_nfc_adjacent_segments);
    tcase_add_test(tc, test_offsets_monotonic);
    tcase_add_test(tc, test_nfc_reorders_marks);
    suite_add_tcase(s, tc);
    tc = tcase_create("fold");
    tcase_add_test(tc, test_fold_equalities);
    tcase_add_test(tc, test_fold_appends);
    suite_add_tcase(s, tc);
    tc = tcase_create("tokens");
    tcase_add_test(tc, test_tokens_att);
    tcase_add_test(tc, test_tokens_unicode);
    tcase_add_test(tc, test_tokens_unspaced_scripts);
    tcase_add_test(tc, test_tokens_lowercase_accent_and_marks);
    suite_add_tcase(s, tc);
    return s;
}

Suite *text_sentence_suite(void)
{
    Suite *s = suite_create("text_sentence");
    TCase *tc = tcase_create("split");
    tcase_add_test(tc, test_split_company_suffixes);
    tcase_add_test(tc, test_split_us_and_titles);
    tcase_add_test(tc, test_split_decimals_and_initials);
    tcase_add_test(tc, test_split_quotes);
    tcase_add_test(tc, test_split_question_exclamation);
    tcase_add_test(tc, test_split_paragraphs_headlines);
    tcase_add_test(tc, test_split_edges);
    tcase_add_test(tc, test_split_custom_abbrevs);
    suite_add_tcase(s, tc);
    return s;
}
