/* The text layer: byte buffers, UTF-8 repair, NFC normalization with an
 * offset map, fold keys and tokens. The only file that talks to utf8proc.
 *
 * Everything here is on the extractor's hot path, so pure-ASCII input (most
 * English wire text) never reaches utf8proc: it is copied, classified and
 * lowercased through 128-entry tables. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include <dealgraph/text.h>

/* ---------------------------------------------------------------- buffers */

void dg_buf_init(dg_buf *b)
{
    b->p = NULL;
    b->len = b->cap = 0;
}

void dg_buf_destroy(dg_buf *b)
{
    free(b->p);
    dg_buf_init(b);
}

/* Makes room for `extra` more bytes plus the terminating NUL. Grows
 * geometrically so appends are amortized O(1). */
static dg_status buf_reserve(dg_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return DG_ENOMEM;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return DG_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->p, cap);
    if (!p)
        return DG_ENOMEM;
    b->p = p;
    b->cap = cap;
    return DG_OK;
}

dg_status dg_buf_append(dg_buf *b, const char *s, size_t n)
{
    dg_status st = buf_reserve(b, n);
    if (st != DG_OK)
        return st;
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return DG_OK;
}

dg_status dg_buf_putc(dg_buf *b, char c)
{
    dg_status st = buf_reserve(b, 1);
    if (st != DG_OK)
        return st;
    b->p[b->len++] = c;
    b->p[b->len] = '\0';
    return DG_OK;
}

const char *dg_buf_cstr(dg_buf *b)
{
    if (!b->p)
        return "";
    b->p[b->len] = '\0'; /* cap > len whenever p is set */
    return b->p;
}

/* ------------------------------------------------------------ UTF-8 bytes */

/* true when no byte of s[0..n) has the high bit set. Reads 8 bytes at a time
 * (memcpy keeps it free of alignment and aliasing problems). */
static bool all_ascii(const unsigned char *s, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & UINT64_C(0x8080808080808080))
            return false;
    }
    for (; i < n; i++)
        if (s[i] & 0x80)
            return false;
    return true;
}

/* Index of the first non-ASCII byte at or after i, or n. */
static size_t skip_ascii(const unsigned char *s, size_t i, size_t n)
{
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & UINT64_C(0x8080808080808080))
            break;
    }
    while (i < n && s[i] < 0x80)
        i++;
    return i;
}

/* Length of the invalid sequence starting at s[0] (n >= 1 bytes available),
 * called only after utf8proc_iterate rejected it. Follows Unicode's "maximal
 * subpart" practice: a valid lead byte followed by a valid but truncated tail
 * is one bad sequence (one U+FFFD); any other bad byte is one on its own.
 * This keeps the repaired count stable whatever follows the damage. */
static size_t invalid_len(const unsigned char *s, size_t n)
{
    unsigned char b0 = s[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (b0 >= 0xC2 && b0 <= 0xDF)
        need = 2;
    else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 3;
        if (b0 == 0xE0)
            lo = 0xA0; /* overlong */
        else if (b0 == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 4;
        if (b0 == 0xF0)
            lo = 0x90; /* overlong */
        else if (b0 == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else
        return 1; /* stray continuation, C0, C1 or F5..FF */
    size_t k = 1;
    while (k < need && k < n) {
        unsigned char c = s[k];
        if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF))
            break;
        k++;
    }
    return k; /* < need, else utf8proc_iterate would have accepted it */
}

bool dg_utf8_valid(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        i = skip_ascii(u, i, n);
        while (i < n && u[i] >= 0x80) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t k =
                utf8proc_iterate(u + i, (utf8proc_ssize_t)(n - i), &cp);
            if (k < 0)
                return false;
            i += (size_t)k;
        }
    }
    return true;
}

/* ------------------------------------------------------- NFC and the map */

/* Code points that are NFC on their own, have combining class 0 and are never
 * the second half of a canonical composition, so any run of them is already
 * NFC whatever surrounds it: Latin-1 and Latin Extended-A/B letters below the
 * combining diacritics, general punctuation from U+2010 (U+2000/2001 have
 * singleton decompositions), kana letters (not U+3099/309A), CJK ideographs
 * and Hangul syllables. Checked against utf8proc 2.8's data for every code
 * point in these ranges (NFC(c) == c, combining class 0, never a non-first
 * character of a canonical decomposition). Segments made only of such
 * characters skip utf8proc entirely, which is the common case for accented
 * names and East Asian text. */
static bool nfc_inert(int32_t cp)
{
    return (cp >= 0x80 && cp < 0x300) || (cp >= 0x2010 && cp < 0x2070) ||
           (cp >= 0x3041 && cp < 0x3097) || (cp >= 0x30A0 && cp < 0x3100) ||
           (cp >= 0x4E00 && cp < 0xA000) || (cp >= 0xAC00 && cp < 0xD7A4);
}

#define NFC_OPTS ((utf8proc_option_t)(UTF8PROC_STABLE | UTF8PROC_COMPOSE))
#define FOLD_OPTS                                                                      \
    ((utf8proc_option_t)(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |        \
                         UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_LUMP))

/* Appends valid UTF-8 s[0..n) mapped by utf8proc with `opts` (this is what
 * utf8proc_map does: decompose, then reencode, which composes). The code
 * points are decomposed into the unused tail of `out` itself (aligned for
 * int32) and re-encoded in place, then moved down to out->len: the buffer
 * that receives the key doubles as utf8proc's work area, so once it has grown
 * no call allocates (utf8proc_map would malloc for every word). */
static dg_status map_append(dg_buf *out, const char *s, size_t n,
                            utf8proc_option_t opts)
{
    size_t slots = n + 16; /* code points; usually enough, else retried */
    for (;;) {
        size_t off = (out->len + 3) & ~(size_t)3;
        if (slots > (SIZE_MAX - off) / 4 - 1)
            return DG_ENOMEM;
        dg_status st = buf_reserve(out, off - out->len + 4 * (slots + 1));
        if (st != DG_OK)
            return st;
        /* Use all the room there is; keep one slot for reencode's NUL. */
        size_t room = (out->cap - off) / 4 - 1;
        utf8proc_int32_t *w = (utf8proc_int32_t *)(void *)(out->p + off);
        utf8proc_ssize_t r =
            utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, w,
                               (utf8proc_ssize_t)room, opts);
        if (r < 0)
            return r == UTF8PROC_ERROR_NOMEM ? DG_ENOMEM : DG_EUTF8;
        if ((size_t)r > room) {
            slots = (size_t)r;
            continue;
        }
        r = utf8proc_reencode(w, r, opts);
        if (r < 0)
            return r == UTF8PROC_ERROR_NOMEM ? DG_ENOMEM : DG_EUTF8;
        memmove(out->p + out->len, w, (size_t)r);
        out->len += (size_t)r;
        out->p[out->len] = '\0';
        return DG_OK;
    }
}

typedef struct anchors {
    size_t *norm, *orig;
    size_t n, cap;
} anchors;

static dg_status anchors_add(anchors *a, size_t norm, size_t orig)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 32;
        size_t *pn = realloc(a->norm, cap * sizeof *pn);
        if (!pn)
            return DG_ENOMEM;
        a->norm = pn;
        size_t *po = realloc(a->orig, cap * sizeof *po);
        if (!po)
            return DG_ENOMEM;
        a->orig = po;
        a->cap = cap;
    }
    a->norm[a->n] = norm;
    a->orig[a->n] = orig;
    a->n++;
    return DG_OK;
}

static const char REPLACEMENT[3] = {'\xEF', '\xBF', '\xBD'}; /* U+FFFD */

/* Appends ASCII bytes, turning NUL into space (same length: no anchor). */
static void copy_ascii(char *dst, const char *src, size_t n)
{
    memcpy(dst, src, n);
    for (char *z = memchr(dst, '\0', n); z;
         z = memchr(z + 1, '\0', n - (size_t)(z + 1 - dst)))
        *z = ' ';
}

/*
 * Non-ASCII input is processed as alternating runs. An ASCII run is copied.
 * A non-ASCII run, together with the printable ASCII byte just before it (a
 * base letter that a following combining mark may compose with, as in
 * "e" + U+0301), forms a segment. Segments can be normalized independently
 * because every ASCII character is a starter that never composes with what
 * follows it being ASCII, so composition and reordering never cross an ASCII
 * byte that is not part of the segment.
 *
 * A segment is repaired (invalid sequences -> U+FFFD), then NFC-normalized
 * unless it is made only of characters known to be inert. When the result
 * differs from the original bytes, two anchors are recorded: (segment start
 * in norm, in orig) and (segment end in norm, in orig). So anchors come in
 * pairs: inside a pair the map is constant (the segment's start), between
 * pairs the two texts advance together.
 */
dg_status dg_text_init(dg_text *t, const char *bytes, size_t n)
{
    dg_status st = DG_OK;
    const unsigned char *u = (const unsigned char *)bytes;
    anchors a = {0};
    dg_buf out, seg;
    dg_buf_init(&out);
    dg_buf_init(&seg);
    memset(t, 0, sizeof *t);
    t->orig_len = n;

    if (all_ascii(u, n)) {
        t->s = malloc(n + 1);
        if (!t->s)
            return DG_ENOMEM;
        copy_ascii(t->s, bytes, n);
        t->s[n] = '\0';
        t->len = n;
        t->ascii = true;
        return DG_OK;
    }

    /* NFC rarely grows text by much; start with a little headroom. */
    DG_TRY(buf_reserve(&out, n + n / 8 + 16));
    size_t i = 0;
    while (i < n) {
        size_t j = skip_ascii(u, i, n);
        if (j > i) {
            DG_TRY(buf_reserve(&out, j - i));
            copy_ascii(out.p + out.len, bytes + i, j - i);
            out.len += j - i;
            i = j;
        }
        if (i >= n)
            break;
        /* Non-ASCII run [i, k), segment [s0, k). */
        size_t s0 = i;
        if (i > 0 && u[i - 1] > 0x20 && u[i - 1] < 0x7F) {
            s0 = i - 1;
            out.len--; /* the base letter is re-emitted with the segment */
        }
        size_t norm0 = out.len;
        bool inert = true, bad = false;
        size_t k = i;
        while (k < n && u[k] >= 0x80) {
            utf8proc_int32_t c;
            utf8proc_ssize_t l = utf8proc_iterate(u + k, (utf8proc_ssize_t)(n - k), &c);
            if (l < 0) {
                bad = true;
                inert = false;
                k += invalid_len(u + k, n - k);
                t->repaired++;
                continue;
            }
            if (!nfc_inert(c))
                inert = false;
            k += (size_t)l;
        }
        if (inert) {
            DG_TRY(dg_buf_append(&out, bytes + s0, k - s0));
            i = k;
            continue;
        }
        /* Repair into `seg` when needed so utf8proc sees valid UTF-8. */
        const char *src = bytes + s0;
        size_t srclen = k - s0;
        if (bad) {
            seg.len = 0;
            size_t q = s0;
            while (q < k) {
                utf8proc_int32_t c;
                utf8proc_ssize_t l =
                    q == s0 && u[q] < 0x80
                        ? 1
                        : utf8proc_iterate(u + q, (utf8proc_ssize_t)(k - q), &c);
                if (l < 0) {
                    DG_TRY(dg_buf_append(&seg, REPLACEMENT, sizeof REPLACEMENT));
                    q += invalid_len(u + q, k - q);
                } else {
                    DG_TRY(dg_buf_append(&seg, bytes + q, (size_t)l));
                    q += (size_t)l;
                }
            }
            src = seg.p;
            srclen = seg.len;
        }
        DG_TRY(map_append(&out, src, srclen, NFC_OPTS));
        size_t mlen = out.len - norm0;
        if (mlen != k - s0 || memcmp(out.p + norm0, bytes + s0, mlen) != 0) {
            /* Anchor only the part that changed: whole characters that are
             * byte-identical at the start (the base letter when it did not
             * compose, text before the damage) and at the end map exactly.
             * Without this, "Toyota\x92s" mapped the end of "Toyota" to the
             * start of its last letter. */
            size_t ol = k - s0, p = 0, q = 0;
            const unsigned char *nb = (const unsigned char *)out.p + norm0,
                                *ob = u + s0;
            while (p < mlen && p < ol && nb[p] == ob[p])
                p++;
            while (p > 0 && p < mlen && (nb[p] & 0xC0) == 0x80)
                p--; /* not inside a character */
            while (q < mlen - p && q < ol - p && nb[mlen - 1 - q] == ob[ol - 1 - q])
                q++;
            while (q > 0 && (nb[mlen - q] & 0xC0) == 0x80)
                q--; /* the kept tail starts with a whole character */
            DG_TRY(anchors_add(&a, norm0 + p, s0 + p));
            DG_TRY(anchors_add(&a, out.len - q, k - q));
        }
        i = k;
    }
    DG_TRY(buf_reserve(&out, 0));
    out.p[out.len] = '\0';
    t->s = out.p;
    t->len = out.len;
    out.p = NULL;
    t->anchor_norm = a.norm;
    t->anchor_orig = a.orig;
    t->nanchors = a.n;
    a.norm = a.orig = NULL;

cleanup:
    dg_buf_destroy(&seg);
    dg_buf_destroy(&out);
    free(a.norm);
    free(a.orig);
    if (st != DG_OK) {
        size_t keep = t->orig_len;
        memset(t, 0, sizeof *t);
        t->orig_len = keep;
    }
    return st;
}

void dg_text_destroy(dg_text *t)
{
    free(t->s);
    free(t->anchor_norm);
    free(t->anchor_orig);
    memset(t, 0, sizeof *t);
}

size_t dg_text_orig_offset(const dg_text *t, size_t off)
{
    if (off >= t->len)
        return t->orig_len;
    if (t->nanchors == 0 || off < t->anchor_norm[0])
        return off; /* before the first rewritten segment nothing moved */
    /* Last anchor with norm <= off. With two adjacent segments the end anchor
     * of one equals the start anchor of the next; taking the last keeps the
     * pairing (even index = segment start). */
    size_t lo = 0, hi = t->nanchors; /* answer in [lo, hi) */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->anchor_norm[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    if ((lo & 1) == 0 && off < t->anchor_norm[lo + 1])
        return t->anchor_orig[lo]; /* inside a rewritten segment */
    return t->anchor_orig[lo] + (off - t->anchor_norm[lo]);
}

/* -------------------------------------------------------------- fold keys */

/* Character classes of ASCII bytes for the tokenizer. C_UPPER is 0x20 so
 * that `c | (class & C_UPPER)` lowercases a byte without a branch. Control
 * characters other than the usual white space are invisible and separate
 * words like white space does. */
enum { C_SPACE = 1, C_PUNCT = 2, C_ALPHA = 4, C_DIGIT = 8, C_UPPER = 0x20 };
#define S C_SPACE
#define P C_PUNCT
#define A C_ALPHA
#define D C_DIGIT
#define U (C_ALPHA | C_UPPER)
static const unsigned char ascii_class[128] = {
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, /* controls, \t..\r */
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, /* controls */
    S, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, /* space ! " # ... / */
    D, D, D, D, D, D, D, D, D, D, P, P, P, P, P, P, /* 0-9 : ; < = > ? */
    P, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, /* @ A-O */
    U, U, U, U, U, U, U, U, U, U, U, P, P, P, P, P, /* P-Z [ \ ] ^ _ */
    P, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, /* ` a-o */
    A, A, A, A, A, A, A, A, A, A, A, P, P, P, P, S, /* p-z { | } ~ DEL */
};
#undef S
#undef P
#undef A
#undef D
#undef U

static inline char ascii_lower(unsigned c)
{
    return (char)(c | (ascii_class[c] & C_UPPER));
}

dg_status dg_fold_append(dg_buf *out, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (!all_ascii(u, n))
        return map_append(out, s, n, FOLD_OPTS);
    dg_status st = buf_reserve(out, n);
    if (st != DG_OK)
        return st;
    char *d = out->p + out->len;
    for (size_t i = 0; i < n; i++)
        d[i] = ascii_lower(u[i]);
    out->len += n;
    out->p[out->len] = '\0';
    return DG_OK;
}

/* ----------------------------------------------------------------- tokens */

void dg_tokens_init(dg_tokens *t)
{
    t->v = NULL;
    t->n = t->cap = 0;
    dg_buf_init(&t->keys);
}

void dg_tokens_destroy(dg_tokens *t)
{
    free(t->v);
    dg_buf_destroy(&t->keys);
    t->v = NULL;
    t->n = t->cap = 0;
}

static inline dg_status tokens_push(dg_tokens *t, dg_token tok)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        dg_token *v = realloc(t->v, cap * sizeof *v);
        if (!v)
            return DG_ENOMEM;
        t->v = v;
        t->cap = cap;
    }
    t->v[t->n++] = tok;
    return DG_OK;
}

/* Classes of non-ASCII code points. */
enum { U_SPACE, U_PUNCT, U_LETTER, U_MARK, U_DIGIT, U_NUMBER };

/* Letters of scripts written without spaces between words (Chinese,
 * Japanese kana, Thai, Lao, Khmer, Myanmar): each is a token of its own, so
 * "Saudi Aramco与Chubb" holds the tokens of both names instead of one run. */
static bool unspaced_letter(int32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) ||   /* hiragana, katakana */
           (cp >= 0x31F0 && cp <= 0x31FF) ||   /* katakana extension */
           (cp >= 0x3400 && cp <= 0x4DBF) ||   /* CJK extension A */
           (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* CJK unified ideographs */
           (cp >= 0xF900 && cp <= 0xFAFF) ||   /* CJK compatibility */
           (cp >= 0xFF66 && cp <= 0xFF9D) ||   /* half-width katakana */
           (cp >= 0x20000 && cp <= 0x3FFFF) || /* CJK extensions B.. */
           (cp >= 0x0E00 && cp <= 0x0EFF) ||   /* Thai, Lao */
           (cp >= 0x1000 && cp <= 0x109F) ||   /* Myanmar */
           (cp >= 0x1780 && cp <= 0x17FF);     /* Khmer */
}

static int uclass(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return U_LETTER;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return U_MARK;
    case UTF8PROC_CATEGORY_ND:
        return U_DIGIT;
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return U_NUMBER;
    case UTF8PROC_CATEGORY_ZS: /* includes U+00A0 and U+3000 */
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return U_SPACE;
    case UTF8PROC_CATEGORY_CC:
        /* C1 controls (U+0085 NEL among them) are invisible: separators. */
        return U_SPACE;
    default:
        return U_PUNCT;
    }
}

/* Decodes one code point at s[i] (i < n). Invalid bytes, which valid input
 * never has, decode as U+FFFD of length 1 so the tokenizer stays in bounds. */
static size_t decode(const unsigned char *s, size_t i, size_t n, int32_t *cp)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t l = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &c);
    if (l <= 0) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = c;
    return (size_t)l;
}

bool dg_text_crosses_scripts(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    int prev = 0; /* 0: no letter or digit, 1: unspaced script, 2: another */
    for (size_t i = 0; i < n;) {
        int32_t cp = u[i];
        size_t l = cp < 0x80 ? 1 : decode(u, i, n, &cp);
        int k;
        if (cp < 0x80) {
            k = ascii_class[cp] & (C_ALPHA | C_DIGIT) ? 2 : 0;
        } else {
            int uc = uclass(cp);
            k = uc == U_LETTER || uc == U_DIGIT ? (unspaced_letter(cp) ? 1 : 2) : 0;
        }
        if (k && prev && k != prev)
            return true;
        prev = k;
        i += l;
    }
    return false;
}

dg_status dg_tokenize(dg_tokens *t, const char *s, size_t n)
{
    dg_status st = DG_OK;
    const unsigned char *u = (const unsigned char *)s;
    t->n = 0;
    t->keys.len = 0;
    if (t->keys.p)
        t->keys.p[0] = '\0';
    if (n > UINT32_MAX)
        return DG_ELIMIT; /* token offsets are 32-bit */
    /* Every token takes at least one byte, and an ASCII word's key is as
     * long as the word: reserving this once makes the pushes and key
     * appends below cheap checks that rarely grow (non-ASCII keys, which
     * folding may lengthen, can still grow the key buffer). Only for
     * sentence-sized input: a huge run without sentence breaks grows as
     * needed instead of reserving a token per byte. */
    if (n < 65536 && n + 1 > t->cap) {
        dg_token *v = realloc(t->v, (n + 1) * sizeof *v);
        if (!v)
            return DG_ENOMEM;
        t->v = v;
        t->cap = n + 1;
    }
    if (n < 65536)
        DG_TRY(buf_reserve(&t->keys, n));

    bool space_before = false;
    size_t i = 0;
    while (i < n) {
        unsigned c = u[i];
        int32_t cp = c;
        size_t clen = 1;
        int cls;
        if (c < 0x80) {
            unsigned k = ascii_class[c];
            if (k & C_SPACE) {
                space_before = true;
                i++;
                continue;
            }
            cls = (k & C_PUNCT) ? U_PUNCT : U_LETTER;
        } else {
            clen = decode(u, i, n, &cp);
            cls = uclass(cp);
            if (cls == U_SPACE) {
                space_before = true;
                i += clen;
                continue;
            }
        }

        dg_token tok;
        tok.start = (uint32_t)i;
        tok.key = (uint32_t)t->keys.len;
        tok.flags = space_before ? DG_TOK_SPACE_BEFORE : 0;
        space_before = false;

        if (cls == U_PUNCT) {
            tok.end = (uint32_t)(i + clen);
            tok.flags |= DG_TOK_PUNCT;
            if (c < 0x80)
                DG_TRY(dg_buf_putc(&t->keys, (char)c));
            else
                DG_TRY(map_append(&t->keys, s + i, clen, FOLD_OPTS));
            tok.key_len = (uint32_t)(t->keys.len - tok.key);
            DG_TRY(tokens_push(t, tok));
            i += clen;
            continue;
        }

        /* A word: letters, marks and digits. Count letters and uppercase
         * letters for CAP/UPPER, note whether it is pure ASCII. */
        bool ascii_word = true;
        size_t letters = 0, uppers = 0;
        bool first = true;
        size_t j = i;
        while (j < n) {
            unsigned b = u[j];
            if (b < 0x80) {
                unsigned k = ascii_class[b];
                if (!(k & (C_ALPHA | C_DIGIT)))
                    break;
                if (k & C_ALPHA) {
                    letters++;
                    if (k & C_UPPER)
                        uppers++;
                }
                if (first)
                    tok.flags |= (k & C_DIGIT)   ? DG_TOK_NUM | DG_TOK_CAP
                                 : (k & C_UPPER) ? DG_TOK_CAP
                                                 : 0;
                j++;
            } else {
                int32_t wc;
                size_t l = decode(u, j, n, &wc);
                int wk = uclass(wc);
                if (wk == U_SPACE || wk == U_PUNCT)
                    break;
                bool alone = wk == U_LETTER && unspaced_letter(wc);
                if (alone && j > i)
                    break;
                ascii_word = false;
                bool up = false;
                if (wk == U_LETTER) {
                    letters++;
                    up = utf8proc_isupper(wc) != 0;
                    if (up)
                        uppers++;
                }
                if (first && (up || wk == U_DIGIT))
                    tok.flags |= wk == U_DIGIT ? DG_TOK_NUM | DG_TOK_CAP : DG_TOK_CAP;
                j += l;
                if (alone)
                    break;
            }
            first = false;
        }
        tok.end = (uint32_t)j;
        tok.flags |= DG_TOK_WORD;
        if (letters >= 2 && uppers == letters)
            tok.flags |= DG_TOK_UPPER;
        if (ascii_word) {
            size_t len = j - i;
            if (t->keys.len + len + 1 > t->keys.cap)
                DG_TRY(buf_reserve(&t->keys, len));
            char *d = t->keys.p + t->keys.len;
            for (size_t q = 0; q < len; q++)
                d[q] = ascii_lower(u[i + q]);
            t->keys.len += len;
            t->keys.p[t->keys.len] = '\0';
        } else {
            DG_TRY(map_append(&t->keys, s + i, j - i, FOLD_OPTS));
        }
        tok.key_len = (uint32_t)(t->keys.len - tok.key);
        DG_TRY(tokens_push(t, tok));
        i = j;
    }

cleanup:
    return st;
}
