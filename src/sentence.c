/* Sentence splitting for news text.
 *
 * One pass over the bytes: only . ! ? (and their full-width and ellipsis
 * forms) and line breaks are looked at closely; everything else is skipped
 * through a 256-entry table. No allocation beyond growing the output.
 *
 * This file must not call utf8proc (only text.c does), so the few Unicode
 * facts it needs (white space, quotes, which letters are uppercase) are
 * spelled out below for the scripts that occur in business news; anything
 * else is treated as "not a sentence start", which errs on the side of
 * keeping a sentence whole. */
#include <stdlib.h>
#include <string.h>

#include <dealgraph/text.h>

void dg_spans_init(dg_spans *s)
{
    s->v = NULL;
    s->n = s->cap = 0;
}

void dg_spans_destroy(dg_spans *s)
{
    free(s->v);
    dg_spans_init(s);
}

/* The built-in abbreviations after which a period does not end a sentence. */
static const char *const builtin_abbrevs[] = {
    "Inc.",  "Corp.", "Co.",   "Ltd.",  "Ltd",    "Plc.",  "LLC.",  "L.P.",  "Bros.",
    "Mr.",   "Mrs.",  "Ms.",   "Dr.",   "Prof.",  "Sr.",   "Jr.",   "St.",   "No.",
    "vs.",   "etc.",  "e.g.",  "i.e.",  "U.S.",   "U.K.",  "U.N.",  "E.U.",  "Jan.",
    "Feb.",  "Mar.",  "Apr.",  "Jun.",  "Jul.",   "Aug.",  "Sep.",  "Sept.", "Oct.",
    "Nov.",  "Dec.",  "approx.", "est.", "Gov.",  "Sen.",  "Rep.",  "Gen.",  "Ave.",
    "Dept.", "Univ.", "S.A.",  "N.V.",  "A.G.",   "S.p.A.", "K.K.", NULL};

/* Abbreviations that often end a sentence in news ("...was acquired by
 * Apple Inc. The deal..."). After these we still split when the next word
 * is one of the sentence openers below; see abbrev_blocks_split. */
static const char *const final_abbrevs[] = {"Inc.", "Corp.", "Co.",  "Ltd.",
                                            "LLC.", "Plc.",  "U.S.", "U.K.", NULL};

static const char *const openers[] = {
    "The",   "It",    "Its",   "This",   "That", "These", "They",  "He",   "She",
    "We",    "In",    "On",    "At",     "As",   "But",   "And",   "Shares", "A",
    "An",    "Under", "After", "Before", "While", "Both", "Terms", NULL};

/* Bytes that may start something the splitter cares about. */
enum { B_TERM = 1, B_NL = 2, B_MB = 4 };
static const unsigned char interesting[256] = {
    ['.'] = B_TERM, ['!'] = B_TERM, ['?'] = B_TERM, ['\n'] = B_NL, ['\r'] = B_NL,
    [0xE2] = B_MB, /* U+2026 ellipsis */
    [0xE3] = B_MB, /* U+3002 ideographic full stop */
    [0xEF] = B_MB, /* U+FF01, U+FF1F full-width ! ? */
};

/* Length of the white-space character at s[i] (i < n), or 0. ASCII white
 * space, NEL, NBSP, the Unicode spaces U+2000..U+200A, U+2028/2029, U+202F,
 * U+205F and the ideographic space U+3000. */
static size_t ws_len(const unsigned char *s, size_t i, size_t n)
{
    unsigned c = s[i];
    if (c == ' ' || (c >= '\t' && c <= '\r'))
        return 1;
    if (c < 0x80)
        return 0;
    if (c == 0xC2 && i + 1 < n && (s[i + 1] == 0xA0 || s[i + 1] == 0x85))
        return 2;
    if (i + 2 >= n)
        return 0;
    if (c == 0xE2 && s[i + 1] == 0x80 &&
        (s[i + 2] <= 0x8A || s[i + 2] == 0xA8 || s[i + 2] == 0xA9 || s[i + 2] == 0xAF))
        return 3;
    if (c == 0xE2 && s[i + 1] == 0x81 && s[i + 2] == 0x9F)
        return 3;
    if (c == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x80)
        return 3;
    return 0;
}

/* Length of the white-space character that ends just before s[end], or 0;
 * never looks before `lo`. */
static size_t ws_len_back(const unsigned char *s, size_t lo, size_t end)
{
    if (end <= lo)
        return 0;
    unsigned c = s[end - 1];
    if (c < 0x80)
        return (c == ' ' || (c >= '\t' && c <= '\r')) ? 1 : 0;
    if (end - lo >= 2 && s[end - 2] == 0xC2)
        return ws_len(s, end - 2, end);
    if (end - lo >= 3 && (s[end - 3] == 0xE2 || s[end - 3] == 0xE3))
        return ws_len(s, end - 3, end);
    return 0;
}

static bool is_newline(const unsigned char *s, size_t i, size_t n)
{
    /* CRLF counts once (at its LF); a lone CR is an old-style line break. */
    return s[i] == '\n' || (s[i] == '\r' && (i + 1 >= n || s[i + 1] != '\n'));
}

static bool has3(const unsigned char *s, size_t i, size_t n, unsigned a, unsigned b,
                 unsigned c)
{
    return i + 2 < n && s[i] == a && s[i + 1] == b && s[i + 2] == c;
}

/* Length of a sentence-final punctuation character at s[i], or 0. *wide is
 * set for the CJK full-width forms, which end a sentence without needing
 * white space after them. */
static size_t term_len(const unsigned char *s, size_t i, size_t n, bool *wide)
{
    unsigned c = s[i];
    if (c == '.' || c == '!' || c == '?')
        return 1;
    if (has3(s, i, n, 0xE2, 0x80, 0xA6)) /* … */
        return 3;
    if (has3(s, i, n, 0xE3, 0x80, 0x82) || has3(s, i, n, 0xEF, 0xBC, 0x81) ||
        has3(s, i, n, 0xEF, 0xBC, 0x9F)) { /* 。 ！ ？ */
        *wide = true;
        return 3;
    }
    return 0;
}

/* Closing quotes and brackets that stay with the sentence they end:
 * " ' ) ] » ” ’ 」 』 ）. */
static size_t closer_len(const unsigned char *s, size_t i, size_t n)
{
    unsigned c = s[i];
    if (c == '"' || c == '\'' || c == ')' || c == ']')
        return 1;
    if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xBB)
        return 2;
    if (has3(s, i, n, 0xE2, 0x80, 0x9D) || has3(s, i, n, 0xE2, 0x80, 0x99) ||
        has3(s, i, n, 0xE3, 0x80, 0x8D) || has3(s, i, n, 0xE3, 0x80, 0x8F) ||
        has3(s, i, n, 0xEF, 0xBC, 0x89))
        return 3;
    return 0;
}

/* Opening quotes and brackets: " ' ( [ « “ ‘ 「 『 （. */
static bool is_opener(const unsigned char *s, size_t i, size_t n)
{
    unsigned c = s[i];
    if (c == '"' || c == '\'' || c == '(' || c == '[')
        return true;
    if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xAB)
        return true;
    return has3(s, i, n, 0xE2, 0x80, 0x9C) || has3(s, i, n, 0xE2, 0x80, 0x98) ||
           has3(s, i, n, 0xE3, 0x80, 0x8C) || has3(s, i, n, 0xE3, 0x80, 0x8E) ||
           has3(s, i, n, 0xEF, 0xBC, 0x88);
}

/* Decodes a 2- or 3-byte UTF-8 character at s[i]; -1 for anything else. */
static long decode23(const unsigned char *s, size_t i, size_t n)
{
    unsigned c = s[i];
    if (c >= 0xC2 && c <= 0xDF && i + 1 < n)
        return ((long)(c & 0x1F) << 6) | (s[i + 1] & 0x3F);
    if (c >= 0xE0 && c <= 0xEF && i + 2 < n)
        return ((long)(c & 0x0F) << 12) | ((long)(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
    return -1;
}

/* A non-ASCII character that can begin a sentence: an uppercase Latin-1,
 * Latin Extended-A, Greek or Cyrillic letter, or a letter of a script
 * without case (Hebrew, Arabic, Devanagari, Thai, kana, CJK, Hangul). */
static bool starts_sentence_u(long cp)
{
    if (cp >= 0xC0 && cp <= 0xDE)
        return cp != 0xD7;
    if (cp >= 0x100 && cp <= 0x17F) {
        if (cp <= 0x137 || (cp >= 0x14A && cp <= 0x177))
            return (cp & 1) == 0;
        if (cp == 0x178)
            return true;
        return (cp & 1) == 1 && cp != 0x138 && cp != 0x149;
    }
    return cp == 0x386 || (cp >= 0x388 && cp <= 0x3AB) || (cp >= 0x400 && cp <= 0x42F) ||
           (cp >= 0x5D0 && cp <= 0x5EA) || (cp >= 0x620 && cp <= 0x64A) ||
           (cp >= 0x904 && cp <= 0x939) || (cp >= 0xE01 && cp <= 0xE2E) ||
           (cp >= 0x3041 && cp <= 0x30FF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3);
}

/* Whether the text at s[k] can begin a sentence: an uppercase letter, a
 * digit, an opening quote or bracket, or a name written with a lower-case
 * first letter and a capital inside ("eBay", "iQiyi"). */
static bool starts_sentence(const unsigned char *s, size_t k, size_t n)
{
    unsigned c = s[k];
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || is_opener(s, k, n))
        return true;
    if (c >= 'a' && c <= 'z' && k + 1 < n && s[k + 1] >= 'A' && s[k + 1] <= 'Z')
        return true;
    if (c < 0x80)
        return false;
    long cp = decode23(s, k, n);
    return cp >= 0 && starts_sentence_u(cp);
}

/* Whether w[0..len) is in a NULL-terminated list. The first byte is
 * compared before anything else: this runs at every period. */
static bool in_list(const char *const *list, const unsigned char *w, size_t len)
{
    for (; *list; list++)
        if ((unsigned char)(*list)[0] == w[0] && strncmp(*list, (const char *)w, len) == 0 &&
            (*list)[len] == 0)
            return true;
    return false;
}

/* "D." or "J.P.": one or more single capital letters, each followed by a
 * period; *count gets the number of letters. */
static bool is_initials(const unsigned char *w, size_t len, size_t *count)
{
    if (len < 2 || len % 2)
        return false;
    for (size_t q = 0; q < len; q += 2)
        if (!(w[q] >= 'A' && w[q] <= 'Z') || w[q + 1] != '.')
            return false;
    *count = len / 2;
    return true;
}

/* Whether the word at s[k] (letters only) is one of the sentence openers. */
static bool next_is_opener(const unsigned char *s, size_t k, size_t n)
{
    size_t e = k;
    while (e < n && ((s[e] >= 'A' && s[e] <= 'Z') || (s[e] >= 'a' && s[e] <= 'z')))
        e++;
    return e > k && in_list(openers, s + k, e - k);
}

/*
 * Decides whether the single period at s[dot] (followed by white space and a
 * possible sentence start at s[next]) is part of an abbreviation that keeps
 * the sentence going. The word is the run of non-space bytes ending at the
 * period, without leading opening quotes or brackets.
 *
 * - A single capital initial ("John D. Rockefeller") ends a sentence only
 *   when a typical opener follows ("...in a Series B. The round was led").
 * - A listed abbreviation ("Mr.", "Jan.", "e.g.") normally does not either.
 * - The heuristic: company suffixes (Inc. Corp. Co. Ltd. LLC. Plc.), U.S. and
 *   U.K., and other dotted acronyms of two or more capitals ("U.N.", "J.P."),
 *   very often end a sentence in news copy ("...was acquired by Apple Inc.
 *   The deal..." / "...plans to expand in the U.S. It said..."), while in
 *   mid-sentence they are followed by a name or a verb ("Apple Inc. said",
 *   "U.S. Steel", "J.P. Morgan"). So after these we split when the next word
 *   is a typical sentence opener (The, It, This, They, He, In, But, Shares,
 *   Terms, ...), and not otherwise. The cost is a wrong split on rare
 *   phrases like "U.S. The Company" inside one sentence; the gain is not
 *   gluing two sentences (and their entities) together.
 */
static bool abbrev_blocks_split(const unsigned char *s, size_t lo, size_t dot, size_t next,
                                size_t n, const char *const *abbrevs)
{
    enum { MAXWORD = 24 };
    size_t p = dot;
    while (p > lo && dot - p < MAXWORD && !ws_len_back(s, lo, p))
        p--;
    if (p > lo && !ws_len_back(s, lo, p))
        return false; /* too long to be an abbreviation */
    while (p < dot && is_opener(s, p, dot))
        p += s[p] < 0x80 ? 1 : (s[p] < 0xE0 ? 2 : 3);
    const unsigned char *w = s + p;
    size_t len = dot + 1 - p;
    size_t letters = 0;
    bool initials = is_initials(w, len, &letters);
    bool listed = in_list(abbrevs, w, len);
    if (!listed && !initials)
        return false;
    if (initials && letters == 1 && !listed)
        /* "John D. Rockefeller" goes on, "J. A. Smith" too; "in a Series
         * B. The round was led ..." ends where a typical opener follows */
        return !next_is_opener(s, next, n) ||
               (next + 1 < n && s[next] >= 'A' && s[next] <= 'Z' && s[next + 1] == '.');
    if (in_list(final_abbrevs, w, len) || (initials && letters >= 2))
        return !next_is_opener(s, next, n);
    return true;
}

/* Appends [a, b) without surrounding white space, unless that is empty. */
static dg_status emit(dg_spans *out, const unsigned char *s, size_t a, size_t b)
{
    size_t l;
    while (a < b && (l = ws_len(s, a, b)) > 0)
        a += l;
    while (b > a && (l = ws_len_back(s, a, b)) > 0)
        b -= l;
    if (a == b)
        return DG_OK;
    if (out->n == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 32;
        dg_span *v = realloc(out->v, cap * sizeof *v);
        if (!v)
            return DG_ENOMEM;
        out->v = v;
        out->cap = cap;
    }
    out->v[out->n].start = a;
    out->v[out->n].end = b;
    out->n++;
    return DG_OK;
}

dg_status dg_sentences_split(dg_spans *out, const char *str, size_t n,
                             const char *const *abbrevs)
{
    dg_status st = DG_OK;
    const unsigned char *s = (const unsigned char *)str;
    if (!abbrevs)
        abbrevs = builtin_abbrevs;
    out->n = 0;
    size_t start = 0, i = 0;
    while (i < n) {
        unsigned kind = interesting[s[i]];
        if (!kind) {
            i++;
            continue;
        }
        if (kind == B_NL) {
            if (!is_newline(s, i, n)) {
                i++; /* the CR of a CRLF */
                continue;
            }
            /* A blank line (only white space up to the next line break)
             * ends the paragraph or headline, whatever precedes it. */
            size_t k = i + 1, l;
            while (k < n && !is_newline(s, k, n) && (l = ws_len(s, k, n)) > 0)
                k += l;
            if (k < n && is_newline(s, k, n)) {
                DG_TRY(emit(out, s, start, i));
                start = k;
                i = k;
            } else {
                i = k > i + 1 ? k : i + 1;
            }
            continue;
        }
        bool wide = false;
        size_t j = i, nterm = 0, l;
        bool only_dots = true;
        while (j < n && (l = term_len(s, j, n, &wide)) > 0) {
            if (s[j] != '.')
                only_dots = false;
            nterm++;
            j += l;
        }
        if (nterm == 0) {
            i++; /* a lead byte of some other character */
            continue;
        }
        while (j < n && (l = closer_len(s, j, n)) > 0)
            j += l;
        if (wide) {
            /* CJK text puts no space between sentences. */
            DG_TRY(emit(out, s, start, j));
            start = i = j;
            continue;
        }
        size_t k = j;
        while (k < n && (l = ws_len(s, k, n)) > 0)
            k += l;
        bool split = k > j && k < n && starts_sentence(s, k, n);
        if (split && only_dots && nterm == 1 &&
            abbrev_blocks_split(s, start, i, k, n, abbrevs))
            split = false;
        if (split) {
            DG_TRY(emit(out, s, start, j));
            start = j;
        }
        i = j;
    }
    DG_TRY(emit(out, s, start, n));

cleanup:
    return st;
}
