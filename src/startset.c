/* Where a regex can start: a conservative reading of an expanded rule
 * pattern (pcre2 syntax) that tells, for a position of the subject, whether
 * a match could possibly begin there. pcre2 gives no start bitmap for
 * patterns that open with \p{Lu} or a property class under UTF (the
 * organization patterns all do), so the JIT tries every character; the
 * matcher uses this filter to try only the positions that can match (see
 * pattern_match in extract.c).
 *
 * Two facts are computed, both provably safe:
 *   first[b]  false only when no match can start at a character whose first
 *             byte is b (an over-approximation of the first character);
 *   rej[c]    true only when no match can start right after the ASCII
 *             character c (from a leading negative lookbehind of one
 *             character, as in (?<![\p{L}\p{N}'&.-]), under-approximated).
 * Anything this reader does not understand (back references, verbs,
 * conditionals, option settings, \G, \K, \Q...) makes it give up: the pattern
 * is then matched the ordinary way. */
#include "extract_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct cset {
    uint64_t a[2]; /* ASCII characters 0..127 */
    bool hi;       /* some non-ASCII character */
} cset;

/* Runs of white space (\s: ASCII 9-13 and 32, and the Unicode spaces pcre2
 * counts) a part can consume, at most; WS_INF: no bound. */
#define WS_INF (1u << 20)

typedef struct res {
    cset all;          /* over: every character it can consume */
    bool allsp;        /* all may hold a non-ASCII white-space character */
    bool onlysp;       /* it consumes white space only */
    unsigned ws;       /* runs of white space it consumes, at most */
    cset first;        /* over: the first character of a non-empty match */
    bool nullable;     /* may match consuming nothing */
    bool zw;           /* never consumes (an assertion) */
    uint64_t rej[2];   /* under: ASCII previous characters that rule a match out */
    bool single;       /* always exactly one character */
    uint64_t under[2]; /* single: ASCII characters it surely matches */
} res;

/* Inline options the reader follows: (?i) (?s) (?m) and their scoped and
 * negated forms. */
enum { OPT_I = 1, OPT_S = 2, OPT_M = 4 };

struct memo;

typedef struct pctx {
    const unsigned char *p, *end;
    bool caseless; /* OPT_I in opt, kept apart for the set code */
    unsigned opt;  /* OPT_* in force here */
    bool fail;
    int depth;
    struct memo *memo; /* parsed groups, by position and options (find_tails
                        * parses nested groups again and again) */
    size_t memocap;    /* a power of two, or 0 */
    /* Subroutines (rules_pattern.c writes a big pattern's macros once, as
     * groups (?<dgmN>...) of a DEFINE block at its end, called as (?&dgmN)):
     * where each group starts, by N, and the options of the top level,
     * which a called group runs with. */
    const unsigned char **defs;
    size_t ndefs;
    unsigned opt0;
} pctx;

static void set_opt(pctx *x, unsigned opt)
{
    x->opt = opt;
    x->caseless = (opt & OPT_I) != 0;
}

#ifdef DG_STARTSET_DEBUG
const unsigned char *dg_startset_failat;
#define FAIL(x) ((x)->fail = true, dg_startset_failat = (x)->p)
#else
#define FAIL(x) ((x)->fail = true)
#endif

static void bit_set(uint64_t *a, unsigned c)
{
    a[c >> 6] |= (uint64_t)1 << (c & 63);
}

static bool bit_get(const uint64_t *a, unsigned c)
{
    return (a[c >> 6] >> (c & 63)) & 1;
}

static void bit_range(uint64_t *a, unsigned lo, unsigned hi)
{
    for (unsigned c = lo; c <= hi && c < 128; c++)
        bit_set(a, c);
}

static const uint64_t *ascii_all(void)
{
    static const uint64_t all[2] = {~(uint64_t)0, ~(uint64_t)0};
    return all;
}

static bool is_alpha(unsigned c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_digit(unsigned c)
{
    return c >= '0' && c <= '9';
}

static bool is_alnum(unsigned c)
{
    return is_alpha(c) || is_digit(c);
}

/* Caseless matching: a letter also matches its other case, and non-ASCII
 * characters fold to ASCII ones (KELVIN SIGN and k, LONG S and s), so an
 * over-approximation adds both cases, every letter when a non-ASCII
 * character is in, and non-ASCII when a letter is in. */
static void case_close(cset *s)
{
    bool letter = false;
    for (unsigned c = 'A'; c <= 'Z'; c++)
        if (bit_get(s->a, c) || bit_get(s->a, c + 32)) {
            bit_set(s->a, c);
            bit_set(s->a, c + 32);
            letter = true;
        }
    if (s->hi) {
        bit_range(s->a, 'A', 'Z');
        bit_range(s->a, 'a', 'z');
    }
    if (letter)
        s->hi = true;
}

/* ASCII members of a Unicode property (exact), by loose name; false when
 * the name is not known here. */
static bool prop_ascii(const char *name, size_t n, uint64_t *a, int *spk)
{
    *spk = 0; /* 0 no white space, 1 white space only, 2 some */
    char k[16];
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (c == ' ' || c == '_' || c == '-')
            continue;
        if (m + 1 >= sizeof k)
            return false;
        k[m++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    k[m] = 0;
    a[0] = a[1] = 0;
    if (!strcmp(k, "l") || !strcmp(k, "l&") || !strcmp(k, "lc")) {
        bit_range(a, 'A', 'Z');
        bit_range(a, 'a', 'z');
    } else if (!strcmp(k, "lu")) {
        bit_range(a, 'A', 'Z');
    } else if (!strcmp(k, "ll")) {
        bit_range(a, 'a', 'z');
    } else if (!strcmp(k, "lt") || !strcmp(k, "lm") || !strcmp(k, "lo") || !strcmp(k, "m") ||
               !strcmp(k, "mn") || !strcmp(k, "mc") || !strcmp(k, "me") || !strcmp(k, "nl") ||
               !strcmp(k, "no") || !strcmp(k, "zl") || !strcmp(k, "zp")) {
        /* no ASCII member */
        if (k[0] == 'z')
            *spk = 1;
    } else if (!strcmp(k, "n") || !strcmp(k, "nd")) {
        bit_range(a, '0', '9');
    } else if (!strcmp(k, "z") || !strcmp(k, "zs")) {
        bit_set(a, ' ');
        *spk = 1;
    } else if (!strcmp(k, "xan")) {
        bit_range(a, 'A', 'Z');
        bit_range(a, 'a', 'z');
        bit_range(a, '0', '9');
    } else if (!strcmp(k, "xwd")) {
        bit_range(a, 'A', 'Z');
        bit_range(a, 'a', 'z');
        bit_range(a, '0', '9');
        bit_set(a, '_');
    } else if (!strcmp(k, "xsp") || !strcmp(k, "xps")) {
        bit_range(a, 9, 13);
        bit_set(a, ' ');
        *spk = 1;
    } else if (!strcmp(k, "any")) {
        a[0] = a[1] = ~(uint64_t)0;
        *spk = 2;
    } else {
        return false;
    }
    return true;
}

/* A set of characters given as over (ASCII part) and under (ASCII part);
 * non-ASCII is always possible. */
typedef struct cls {
    uint64_t over[2], under[2];
    bool hi;
    bool sp;     /* may hold a non-ASCII white-space character */
    bool onlysp; /* holds white space only */
} cls;

static void cls_from_ascii(cls *c, const uint64_t *a, bool negate, bool sp, bool onlysp)
{
    for (int i = 0; i < 2; i++) {
        c->over[i] = negate ? ~a[i] : a[i];
        c->under[i] = c->over[i];
    }
    c->hi = true;
    c->sp = sp;
    c->onlysp = onlysp;
}

/* Property `name` (\p) or its complement (\P); an unknown name gives the
 * widest over and an empty under. */
static void prop_cls(pctx *x, const char *name, size_t n, bool negate, cls *c)
{
    uint64_t a[2];
    if (n && name[0] == '^') {
        negate = !negate;
        name++;
        n--;
    }
    int spk;
    c->sp = true;
    c->onlysp = false;
    if (!prop_ascii(name, n, a, &spk)) {
        c->over[0] = c->over[1] = ~(uint64_t)0;
        c->under[0] = c->under[1] = 0;
        c->hi = true;
        return;
    }
    if (!negate) {
        c->sp = spk != 0;
        c->onlysp = spk == 1;
    }
    cset o = {{a[0], a[1]}, true};
    if (x->caseless)
        case_close(&o);
    if (!negate) {
        c->over[0] = o.a[0];
        c->over[1] = o.a[1];
        c->under[0] = a[0];
        c->under[1] = a[1];
    } else {
        c->over[0] = ~a[0];
        c->over[1] = ~a[1];
        c->under[0] = ~o.a[0];
        c->under[1] = ~o.a[1];
    }
    c->hi = true;
}

/* Decodes one UTF-8 character (the pattern is valid UTF-8). */
static unsigned utf8_next(pctx *x)
{
    const unsigned char *p = x->p;
    unsigned c = *p++;
    int more = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    if (more)
        c &= 0x3Fu >> more;
    while (more-- && p < x->end)
        c = (c << 6) | (*p++ & 0x3Fu);
    x->p = p;
    return c;
}

static int hexval(unsigned c)
{
    if (is_digit(c))
        return (int)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return (int)(c - 'A' + 10);
    return -1;
}

/* \x{hhh} or \xhh, after the x; -1 on anything odd. */
static long parse_hex(pctx *x)
{
    long v = 0;
    if (x->p < x->end && *x->p == '{') {
        x->p++;
        int nd = 0;
        while (x->p < x->end && hexval(*x->p) >= 0 && nd < 8) {
            v = v * 16 + hexval(*x->p++);
            nd++;
        }
        if (!nd || x->p >= x->end || *x->p != '}')
            return -1;
        x->p++;
        return v;
    }
    for (int nd = 0; nd < 2 && x->p < x->end && hexval(*x->p) >= 0; nd++)
        v = v * 16 + hexval(*x->p++);
    return v;
}

/* \p{Name}, \pL: the name after the p. */
static bool parse_prop_name(pctx *x, const char **name, size_t *n)
{
    if (x->p >= x->end)
        return false;
    if (*x->p == '{') {
        const unsigned char *q = x->p + 1;
        while (q < x->end && *q != '}')
            q++;
        if (q >= x->end)
            return false;
        *name = (const char *)x->p + 1;
        *n = (size_t)(q - x->p - 1);
        x->p = q + 1;
        return true;
    }
    if (!is_alpha(*x->p))
        return false;
    *name = (const char *)x->p++;
    *n = 1;
    return true;
}

/* The ASCII letter of an escape at x->p (just after its backslash),
 * consumed; -1 after FAIL at the pattern's end or on a non-ASCII byte. */
static int escape_letter(pctx *x)
{
    if (x->p >= x->end || *x->p >= 128) {
        FAIL(x);
        return -1;
    }
    return *x->p++;
}

/* \d \D \w \W \s \S \h \H \v \V \p \P: a class of characters (class_escape). */
static bool is_class_letter(unsigned e)
{
    return strchr("dDwWsShHvVpP", (int)e) != NULL;
}

/* A class escape letter (d D w W s S h H v V p P) at x->p[-1]: its set. */
static bool class_escape(pctx *x, unsigned e, cls *c)
{
    uint64_t a[2] = {0, 0};
    switch (e) {
    case 'd': case 'D':
        bit_range(a, '0', '9');
        cls_from_ascii(c, a, e == 'D', e == 'D', false);
        return true;
    case 'w': case 'W':
        bit_range(a, 'A', 'Z');
        bit_range(a, 'a', 'z');
        bit_range(a, '0', '9');
        bit_set(a, '_');
        cls_from_ascii(c, a, e == 'W', e == 'W', false);
        return true;
    case 's': case 'S':
        bit_range(a, 9, 13);
        bit_set(a, ' ');
        cls_from_ascii(c, a, e == 'S', e == 's', e == 's');
        return true;
    case 'h': case 'H':
        bit_set(a, 9);
        bit_set(a, ' ');
        cls_from_ascii(c, a, e == 'H', true, e == 'h');
        return true;
    case 'v': case 'V':
        bit_range(a, 10, 13);
        cls_from_ascii(c, a, e == 'V', true, e == 'v');
        return true;
    case 'p': case 'P': {
        const char *name;
        size_t n;
        if (!parse_prop_name(x, &name, &n))
            return false;
        prop_cls(x, name, n, e == 'P', c);
        return true;
    }
    default: return false;
    }
}

/* A character escape (after the backslash) that stands for one code point;
 * -1 when it is not one. inclass: \b is a backspace. */
static long char_escape(pctx *x, unsigned e, bool inclass)
{
    switch (e) {
    case 't': return 9;
    case 'n': return 10;
    case 'r': return 13;
    case 'f': return 12;
    case 'e': return 27;
    case 'a': return 7;
    case 'b': return inclass ? 8 : -1;
    case 'x': return parse_hex(x);
    default:
        if (e < 128 && !is_alnum(e) && e >= ' ')
            return (long)e;
        return -1;
    }
}

static void lit_first(pctx *x, unsigned c, cset *f)
{
    if (c < 128)
        bit_set(f->a, c);
    else
        f->hi = true;
    if (x->caseless && (c >= 128 || is_alpha(c)))
        case_close(f);
}

/* ASCII white space: 9-13 and 32 */
static const uint64_t ascii_ws0 = ((uint64_t)0x1F << 9) | ((uint64_t)1 << 32);

/* true when c is a white-space character for pcre2's \s under UCP */
static bool is_space_cp(unsigned c)
{
    return (c >= 9 && c <= 13) || c == 32 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           c == 0x180E || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}

/* One character from a set: sp, onlysp as in cls. */
static res res_char(const uint64_t *over, bool hi, const uint64_t *under, bool sp, bool onlysp)
{
    res r;
    memset(&r, 0, sizeof r);
    r.first.a[0] = over[0];
    r.first.a[1] = over[1];
    r.first.hi = hi;
    r.all = r.first;
    r.allsp = sp;
    r.onlysp = onlysp;
    r.ws = (over[0] & ascii_ws0) || sp ? 1 : 0;
    r.single = true;
    r.under[0] = under[0];
    r.under[1] = under[1];
    return r;
}

/* Any one character (., \X and the like). */
static res res_single(const uint64_t *over, bool hi, const uint64_t *under)
{
    return res_char(over, hi, under, true, false);
}

static res res_zw(void)
{
    res r;
    memset(&r, 0, sizeof r);
    r.nullable = true;
    r.zw = true;
    r.onlysp = true;
    return r;
}

static res res_lit(pctx *x, unsigned c)
{
    res r;
    memset(&r, 0, sizeof r);
    lit_first(x, c, &r.first);
    r.all = r.first;
    r.onlysp = is_space_cp(c); /* case folding maps no letter to a space */
    r.allsp = c >= 128 && r.onlysp;
    r.ws = r.onlysp ? 1 : 0;
    r.single = true;
    if (c < 128)
        bit_set(r.under, c);
    return r;
}

static res parse_alt(pctx *x);

/* Adds a class item (\d, \p{L}, [:alpha:]) to the bracket's accumulators. */
static void class_add(cset *over, uint64_t under[2], bool *sp, bool *onlysp, const cls *k)
{
    over->a[0] |= k->over[0];
    over->a[1] |= k->over[1];
    over->hi |= k->hi;
    under[0] |= k->under[0];
    under[1] |= k->under[1];
    *sp |= k->sp;
    *onlysp &= k->onlysp;
}

static res parse_class(pctx *x)
{
    res r;
    memset(&r, 0, sizeof r);
    bool neg = false;
    if (x->p < x->end && *x->p == '^') {
        neg = true;
        x->p++;
    }
    cset over = {{0, 0}, false};
    uint64_t under[2] = {0, 0};
    bool sp = false, onlysp = true; /* as in cls, over the items */
    bool firstitem = true;
    for (;;) {
        if (x->p >= x->end) {
            FAIL(x);
            return r;
        }
        unsigned c = *x->p;
        if (c == ']' && !firstitem) {
            x->p++;
            break;
        }
        firstitem = false;
        long lo = -1;
        if (c == '[' && x->p + 1 < x->end &&
            (x->p[1] == ':' || x->p[1] == '.' || x->p[1] == '=')) {
            /* POSIX classes: a few known names, else give up */
            static const struct {
                const char *posix, *prop;
            } map[] = {{"alpha", "L"},  {"digit", "Nd"}, {"alnum", "Xan"}, {"space", "Xps"},
                       {"word", "Xwd"}, {"lower", "Ll"}, {"upper", "Lu"}};
            if (x->p[1] != ':') {
                FAIL(x);
                return r;
            }
            const unsigned char *q = x->p + 2;
            bool pneg = q < x->end && *q == '^';
            if (pneg)
                q++;
            const unsigned char *nm = q;
            while (q < x->end && is_alpha(*q))
                q++;
            if (q + 1 >= x->end || q[0] != ':' || q[1] != ']') {
                FAIL(x);
                return r;
            }
            size_t nl = (size_t)(q - nm);
            const char *prop = NULL;
            for (size_t i = 0; i < sizeof map / sizeof *map; i++)
                if (strlen(map[i].posix) == nl && !memcmp(map[i].posix, nm, nl))
                    prop = map[i].prop;
            if (!prop) {
                FAIL(x);
                return r;
            }
            cls k;
            prop_cls(x, prop, strlen(prop), pneg, &k);
            class_add(&over, under, &sp, &onlysp, &k);
            x->p = q + 2;
            continue;
        }
        if (c == '\\') {
            x->p++;
            int e = escape_letter(x);
            if (e < 0)
                return r;
            cls k;
            if (is_class_letter((unsigned)e)) {
                if (!class_escape(x, e, &k)) {
                    FAIL(x);
                    return r;
                }
                class_add(&over, under, &sp, &onlysp, &k);
                if (x->p < x->end && *x->p == '-' && x->p + 1 < x->end && x->p[1] != ']') {
                    FAIL(x); /* a range from a class: pcre2 treats it oddly */
                    return r;
                }
                continue;
            }
            lo = char_escape(x, (unsigned)e, true);
            if (lo < 0) {
                FAIL(x);
                return r;
            }
        } else {
            lo = (long)utf8_next(x);
        }
        long hi = lo;
        if (x->p + 1 < x->end && *x->p == '-' && x->p[1] != ']') {
            x->p++;
            if (*x->p == '\\') {
                x->p++;
                int e = escape_letter(x);
                if (e < 0)
                    return r;
                hi = char_escape(x, (unsigned)e, true);
            } else if (*x->p == '[') {
                FAIL(x);
                return r;
            } else {
                hi = (long)utf8_next(x);
            }
            if (hi < lo) {
                FAIL(x);
                return r;
            }
        }
        for (long v = lo; v <= hi && v < 128; v++) {
            bit_set(over.a, (unsigned)v);
            bit_set(under, (unsigned)v);
            onlysp &= is_space_cp((unsigned)v);
        }
        if (hi >= 128) {
            over.hi = true;
            if (lo == hi) {
                sp |= is_space_cp((unsigned)lo);
                onlysp &= is_space_cp((unsigned)lo);
            } else {
                sp = true; /* a range: spaces may be in it */
                onlysp = false;
            }
        }
    }
    if (x->caseless)
        case_close(&over);
    uint64_t o[2], u[2];
    if (!neg) {
        o[0] = over.a[0];
        o[1] = over.a[1];
        u[0] = under[0];
        u[1] = under[1];
        return res_char(o, over.hi, u, sp, onlysp);
    }
    o[0] = ~under[0];
    o[1] = ~under[1];
    u[0] = ~over.a[0];
    u[1] = ~over.a[1];
    return res_single(o, true, u);
}

static res parse_escape(pctx *x)
{
    res r = res_zw();
    int ei = escape_letter(x);
    if (ei < 0)
        return r;
    unsigned e = (unsigned)ei;
    cls k;
    if (is_class_letter(e)) {
        if (!class_escape(x, e, &k)) {
            FAIL(x);
            return r;
        }
        return res_char(k.over, k.hi, k.under, k.sp, k.onlysp);
    }
    switch (e) {
    case 'b': case 'B': case 'A': case 'Z': case 'z':
        return res_zw();
    case 'R': {
        uint64_t a[2] = {0, 0}, none[2] = {0, 0};
        bit_range(a, 10, 13);
        r = res_char(a, true, none, true, true);
        r.single = false;
        return r;
    }
    case 'X': {
        uint64_t none[2] = {0, 0};
        r = res_single(ascii_all(), true, none);
        r.single = false;
        return r;
    }
    case 'N': {
        if (x->p < x->end && *x->p == '{') {
            FAIL(x);
            return r;
        }
        uint64_t none[2] = {0, 0};
        return res_single(ascii_all(), true, none);
    }
    default: break;
    }
    long c = char_escape(x, e, false);
    if (c < 0) {
        FAIL(x); /* \G \K \Q back references, octal... */
        return r;
    }
    return res_lit(x, (unsigned)c);
}

/* An atom: a group, a class, an escape or a literal. */
static res parse_item(pctx *x);

/* (?&dgmN), at the '&': what the called group can match, read where it is
 * defined, with the top level's options. */
static res parse_call(pctx *x)
{
    res r = res_zw();
    const unsigned char *q = x->p + 1;
    unsigned long k = 0;
    bool digits = false;
    if (x->end - q > 3 && memcmp(q, "dgm", 3) == 0)
        for (q += 3; q < x->end && is_digit(*q); q++, digits = true)
            k = k * 10 + (*q - '0');
    if (!digits || q >= x->end || *q != ')' || k >= x->ndefs || !x->defs[k] || ++x->depth > 200) {
        FAIL(x);
        return r;
    }
    pctx y = *x;
    y.p = x->defs[k];
    y.end = x->defs[x->ndefs]; /* the pattern's end */
    set_opt(&y, x->opt0);
    r = parse_item(&y);
    x->depth--;
    if (y.fail) {
        FAIL(x);
        return r;
    }
    x->p = q + 1;
    return r;
}

/* A group's branches up to and past its ')': an option set inside lasts to
 * the group's end. Fails past a nesting of 200. */
static res group_body(pctx *x)
{
    res r = res_zw();
    if (++x->depth > 200) {
        FAIL(x);
        return r;
    }
    unsigned saved = x->opt;
    r = parse_alt(x);
    set_opt(x, saved);
    x->depth--;
    if (x->fail || x->p >= x->end || *x->p != ')') {
        FAIL(x);
        return res_zw();
    }
    x->p++;
    return r;
}

static res parse_atom(pctx *x)
{
    res r = res_zw();
    unsigned c = *x->p;
    if (c == '(') {
        x->p++;
        int kind = 0; /* 0 group, 1 lookahead or positive lookbehind, 2 negative lookbehind */
        if (x->p < x->end && *x->p == '?') {
            x->p++;
            if (x->p >= x->end) {
                FAIL(x);
                return r;
            }
            unsigned k = *x->p;
            if (k == ':' || k == '>' || k == '|') {
                x->p++;
            } else if (k == '=' || k == '!') {
                x->p++;
                kind = 1;
            } else if (k == '<' && x->p + 1 < x->end && (x->p[1] == '=' || x->p[1] == '!')) {
                kind = x->p[1] == '=' ? 1 : 2;
                x->p += 2;
            } else if (k == '<' || k == '\'' || (k == 'P' && x->p + 1 < x->end && x->p[1] == '<')) {
                /* a named group */
                unsigned close = k == '\'' ? '\'' : '>';
                x->p += k == 'P' ? 2 : 1;
                if (x->p >= x->end || !(is_alpha(*x->p) || *x->p == '_')) {
                    FAIL(x);
                    return r;
                }
                while (x->p < x->end && (is_alnum(*x->p) || *x->p == '_'))
                    x->p++;
                if (x->p >= x->end || *x->p != close) {
                    FAIL(x);
                    return r;
                }
                x->p++;
            } else if (k == 'i' || k == 's' || k == 'm' || k == '-') {
                /* (?ism-ism) for the rest of the group, or (?ism-ism:...) */
                unsigned on = 0, off = 0;
                bool neg = false;
                while (x->p < x->end && *x->p != ')' && *x->p != ':') {
                    unsigned f = *x->p == 'i' ? OPT_I : *x->p == 's' ? OPT_S : *x->p == 'm' ? OPT_M : 0;
                    if (*x->p == '-' && !neg) {
                        neg = true;
                    } else if (!f) {
                        FAIL(x);
                        return r;
                    } else if (neg) {
                        off |= f;
                    } else {
                        on |= f;
                    }
                    x->p++;
                }
                if (x->p >= x->end) {
                    FAIL(x);
                    return r;
                }
                unsigned now = (x->opt | on) & ~off;
                if (*x->p == ')') {
                    x->p++;
                    set_opt(x, now);
                    return res_zw();
                }
                x->p++;
                unsigned saved = x->opt;
                set_opt(x, now);
                if (++x->depth > 200) {
                    FAIL(x);
                    return r;
                }
                res in = parse_alt(x);
                x->depth--;
                set_opt(x, saved);
                if (x->fail || x->p >= x->end || *x->p != ')') {
                    FAIL(x);
                    return r;
                }
                x->p++;
                return in;
            } else if (k == '&') {
                return parse_call(x);
            } else if (k == '(' && x->end - x->p >= 8 && memcmp(x->p, "(DEFINE)", 8) == 0) {
                /* matches nothing where it stands; read to find its end */
                x->p += 8;
                (void)group_body(x);
                return res_zw();
            } else {
                FAIL(x); /* other options, conditionals, recursion, callouts */
                return r;
            }
        } else if (x->p < x->end && *x->p == '*') {
            FAIL(x); /* verbs and (*pla:...) forms */
            return r;
        }
        res in = group_body(x);
        if (x->fail)
            return r;
        if (kind == 0)
            return in;
        r = res_zw();
        if (kind == 2 && in.single) {
            r.rej[0] = in.under[0];
            r.rej[1] = in.under[1];
        }
        return r;
    }
    if (c == '[') {
        x->p++;
        return parse_class(x);
    }
    if (c == '\\') {
        x->p++;
        return parse_escape(x);
    }
    if (c == '.') {
        x->p++;
        uint64_t none[2] = {0, 0};
        return res_single(ascii_all(), true, none);
    }
    if (c == '^' || c == '$') {
        x->p++;
        return res_zw();
    }
    if (c == '*' || c == '+' || c == '?' || c == '{' || c == ')' || c == '|') {
        FAIL(x);
        return r;
    }
    return res_lit(x, utf8_next(x));
}

static bool parse_num(pctx *x, unsigned long *v)
{
    if (x->p >= x->end || !is_digit(*x->p))
        return false;
    *v = 0;
    while (x->p < x->end && is_digit(*x->p)) {
        *v = *v * 10 + (*x->p++ - '0');
        if (*v > 100000)
            return false;
    }
    return true;
}

typedef struct memo {
    const unsigned char *p, *end; /* p NULL: free */
    unsigned opt, opt_after;
    res r;
} memo;

static res parse_item_raw(pctx *x);

/* An atom and its quantifier. */
static res parse_item(pctx *x)
{
    if (!x->memocap || *x->p != '(')
        return parse_item_raw(x);
    size_t mask = x->memocap - 1;
    size_t h = (((size_t)(uintptr_t)x->p * 31u) ^ x->opt) & mask;
    for (size_t k = 0; k < x->memocap; k++, h = (h + 1) & mask) {
        memo *m = &x->memo[h];
        if (!m->p)
            break;
        if (m->p == x->p && m->opt == x->opt && m->end <= x->end) {
            x->p = m->end;
            set_opt(x, m->opt_after);
            return m->r;
        }
    }
    const unsigned char *b = x->p;
    unsigned opt = x->opt;
    res r = parse_item_raw(x);
    if (x->fail)
        return r;
    h = (((size_t)(uintptr_t)b * 31u) ^ opt) & mask;
    for (size_t k = 0; k < x->memocap; k++, h = (h + 1) & mask)
        if (!x->memo[h].p) {
            x->memo[h] = (memo){b, x->p, opt, x->opt, r};
            break;
        }
    return r;
}

static res parse_item_raw(pctx *x)
{
    res r = parse_atom(x);
    if (x->fail || x->p >= x->end)
        return r;
    unsigned c = *x->p;
    unsigned long min = 1, max = 1;
    if (c == '*' || c == '+' || c == '?') {
        x->p++;
        min = c == '+' ? 1 : 0;
        max = c == '?' ? 1 : (unsigned long)-1;
    } else if (c == '{') {
        x->p++;
        if (!parse_num(x, &min)) {
            FAIL(x); /* a literal brace, or {,n}: not read here */
            return r;
        }
        max = min;
        if (x->p < x->end && *x->p == ',') {
            x->p++;
            max = (unsigned long)-1;
            if (x->p < x->end && is_digit(*x->p) && !parse_num(x, &max)) {
                FAIL(x);
                return r;
            }
        }
        if (x->p >= x->end || *x->p != '}' || max < min) {
            FAIL(x);
            return r;
        }
        x->p++;
    } else {
        return r;
    }
    if (x->p < x->end && (*x->p == '+' || *x->p == '?'))
        x->p++;
    if (min == 0) {
        r.nullable = true;
        r.rej[0] = r.rej[1] = 0;
    }
    if (min != 1 || max != 1)
        r.single = false;
    /* repeated white space is one run; anything else repeats its runs */
    if (max == 0)
        r.ws = 0;
    else if (r.onlysp)
        r.ws = r.ws ? 1 : 0;
    else if (r.ws && max >= WS_INF)
        r.ws = WS_INF;
    else if (r.ws)
        r.ws = r.ws * max >= WS_INF ? WS_INF : (unsigned)(r.ws * max);
    return r;
}

static unsigned ws_add(unsigned a, unsigned b)
{
    return a + b >= WS_INF ? WS_INF : a + b;
}

static void cset_or(cset *a, const cset *b)
{
    a->a[0] |= b->a[0];
    a->a[1] |= b->a[1];
    a->hi |= b->hi;
}

static res parse_seq(pctx *x)
{
    res s = res_zw();
    bool at_start = true, reach = true;
    size_t nitems = 0;
    res one = s;
    while (!x->fail && x->p < x->end && *x->p != '|' && *x->p != ')') {
        res it = parse_item(x);
        if (x->fail)
            break;
        if (reach) {
            s.first.a[0] |= it.first.a[0];
            s.first.a[1] |= it.first.a[1];
            s.first.hi |= it.first.hi;
        }
        if (at_start) {
            s.rej[0] |= it.rej[0];
            s.rej[1] |= it.rej[1];
        }
        if (!it.zw)
            at_start = false;
        if (!it.nullable)
            reach = false;
        s.nullable = s.nullable && it.nullable;
        s.zw = s.zw && it.zw;
        cset_or(&s.all, &it.all);
        s.allsp |= it.allsp;
        s.onlysp &= it.onlysp;
        s.ws = ws_add(s.ws, it.ws);
        one = it;
        nitems++;
    }
    s.single = nitems == 1 && one.single;
    if (s.single) {
        s.under[0] = one.under[0];
        s.under[1] = one.under[1];
    }
    return s;
}

static res parse_alt(pctx *x)
{
    res a = parse_seq(x);
    while (!x->fail && x->p < x->end && *x->p == '|') {
        x->p++;
        res b = parse_seq(x);
        a.first.a[0] |= b.first.a[0];
        a.first.a[1] |= b.first.a[1];
        a.first.hi |= b.first.hi;
        a.nullable = a.nullable || b.nullable;
        a.zw = a.zw && b.zw;
        a.rej[0] &= b.rej[0];
        a.rej[1] &= b.rej[1];
        a.single = a.single && b.single;
        a.under[0] |= b.under[0];
        a.under[1] |= b.under[1];
        cset_or(&a.all, &b.all);
        a.allsp |= b.allsp;
        a.onlysp &= b.onlysp;
        if (b.ws > a.ws)
            a.ws = b.ws;
    }
    return a;
}

/* ---- required tails ----
 * A pattern that is one sequence A1 A2 ... An matches at p only if, for
 * each k, Ak Ak+1 ... An matches at some q >= p (the same path does). The
 * same holds inside a group that is a plain, unquantified, single-branch
 * group of such a sequence, followed by the rest of the outer sequence. So
 * a cheaper regex made of such a tail, searched unanchored, rules out every
 * start before which it has no match. Each part of a tail is wrapped in the
 * inline options in force where it stood, so it means what it meant. Which
 * tails pay off is measured by the matcher; here they are only offered,
 * those whose first characters are rarest first. */

/* Rough share (per mille) of each ASCII character in English news text. */
static unsigned char_weight(unsigned c)
{
    static const unsigned char lower[26] = {65, 12, 23, 35, 100, 18, 16, 50, 60, 2, 6, 33, 20,
                                            60, 60, 15, 1, 50, 60, 70, 23, 8, 18, 2, 16, 1};
    if (c >= 'a' && c <= 'z')
        return lower[c - 'a'];
    if (c == ' ' || c == '\n')
        return 160;
    if (c == ',' || c == '.')
        return 10;
    if (c >= 'A' && c <= 'Z')
        return 3;
    if (is_digit(c))
        return 3;
    return 1;
}

static unsigned cset_weight(const cset *s)
{
    unsigned w = s->hi ? 5 : 0;
    for (unsigned c = 0; c < 128; c++)
        if (bit_get(s->a, c))
            w += char_weight(c);
    return w;
}

/* What a match consumes before a tail: every character (over) and how
 * many runs of white space, at most. */
typedef struct gap {
    cset all;
    bool allsp;
    unsigned ws;
} gap;

typedef struct tails {
    char *best[DG_STARTSET_TAILS];
    unsigned score[DG_STARTSET_TAILS];
    gap gaps[DG_STARTSET_TAILS];
    size_t n;
    bool oom;
} tails;

/* A tail is built from segments: runs of items of one sequence, each with
 * the inline options in force there. It may stop after any item: a prefix
 * of a tail is a tail too, and short ones compile and run faster. */
typedef struct seg {
    const unsigned char *b, *e;
    unsigned opt;
} seg;

#define TAIL_BUDGET 2000 /* bytes of pattern text, past the first item */
#define MAX_SEGS 20

static bool append_opt_head(dg_buf *out, unsigned opt)
{
    char head[16];
    size_t h = 0;
    head[h++] = '(';
    head[h++] = '?';
    if (opt & OPT_I)
        head[h++] = 'i';
    if (opt & OPT_S)
        head[h++] = 's';
    if (opt & OPT_M)
        head[h++] = 'm';
    if ((opt & (OPT_I | OPT_S | OPT_M)) != (OPT_I | OPT_S | OPT_M)) {
        head[h++] = '-';
        if (!(opt & OPT_I))
            head[h++] = 'i';
        if (!(opt & OPT_S))
            head[h++] = 's';
        if (!(opt & OPT_M))
            head[h++] = 'm';
    }
    head[h++] = ':';
    return dg_buf_append(out, head, h) == DG_OK;
}

/* Appends whole items of segments while the budget lasts; NULL on OOM. */
static char *build_tail(const pctx *x, const seg *sg, size_t nseg)
{
    dg_buf out;
    dg_buf_init(&out);
    bool ok = true, full = true;
    size_t items = 0;
    for (size_t k = 0; k < nseg && ok && full; k++) {
        pctx y = *x;
        y.p = sg[k].b;
        y.end = sg[k].e;
        y.fail = false;
        set_opt(&y, sg[k].opt);
        size_t mark = out.len;
        ok = append_opt_head(&out, sg[k].opt);
        size_t got = 0;
        while (ok && y.p < y.end) {
            const unsigned char *b = y.p;
            (void)parse_item(&y);
            if (y.fail)
                break;
            if (items > 0 && out.len + (size_t)(y.p - b) > TAIL_BUDGET) {
                full = false;
                break;
            }
            ok = dg_buf_append(&out, (const char *)b, (size_t)(y.p - b)) == DG_OK;
            items++;
            got++;
        }
        if (y.fail)
            full = false;
        if (got == 0)
            out.len = mark; /* an empty segment: drop its head */
        else if (ok)
            ok = dg_buf_putc(&out, ')') == DG_OK;
    }
    if (!ok) {
        dg_buf_destroy(&out);
        return NULL;
    }
    if (items == 0) {
        dg_buf_destroy(&out);
        return strdup("");
    }
    dg_buf_cstr(&out);
    return out.p; /* the buffer's memory is the string */
}

static void tail_offer(tails *t, char *s, unsigned score, const gap *g)
{
    size_t at = t->n;
    while (at > 0 && t->score[at - 1] > score)
        at--;
    if (at >= DG_STARTSET_TAILS) {
        free(s);
        return;
    }
    if (t->n == DG_STARTSET_TAILS) {
        free(t->best[DG_STARTSET_TAILS - 1]);
        t->n--;
    }
    memmove(t->best + at + 1, t->best + at, (t->n - at) * sizeof *t->best);
    memmove(t->score + at + 1, t->score + at, (t->n - at) * sizeof *t->score);
    memmove(t->gaps + at + 1, t->gaps + at, (t->n - at) * sizeof *t->gaps);
    t->best[at] = s;
    t->score[at] = score;
    t->gaps[at] = *g;
    t->n++;
}

/* If [b, e) is a plain group "(...)", "(?:...)" or a named group without a
 * quantifier, its content starts at *cb (and ends before e[-1]). */
static bool plain_group(const unsigned char *b, const unsigned char *e, const unsigned char **cb)
{
    if (e - b < 2 || b[0] != '(' || e[-1] != ')')
        return false;
    const unsigned char *p = b + 1;
    if (*p == '*')
        return false;
    if (*p == '?') {
        p++;
        if (*p == ':') {
            p++;
        } else if (*p == '<' || *p == '\'' || *p == 'P') {
            unsigned close = *p == '\'' ? '\'' : '>';
            if (*p == 'P') {
                if (p[1] != '<')
                    return false;
                p++;
            }
            p++;
            if (p >= e || !(is_alpha(*p) || *p == '_'))
                return false;
            while (p < e && (is_alnum(*p) || *p == '_'))
                p++;
            if (p >= e || *p != close)
                return false;
            p++;
        } else {
            return false;
        }
    }
    *cb = p;
    return true;
}

#define MAX_ITEMS 256

/* Tails of the sequence [b, e) (options `opt` in force at b), each followed
 * by the segments sg[0..nseg) (outer remainders, innermost first). after:
 * something is consumed before b on every path; pre: what is consumed
 * before b. */
static void find_tails(const pctx *x, const unsigned char *b, const unsigned char *e,
                       unsigned opt, const seg *sg, size_t nseg, bool after, const gap *pre,
                       bool inner, tails *t, int depth)
{
    const unsigned char *ib[MAX_ITEMS], *ie[MAX_ITEMS];
    unsigned io[MAX_ITEMS];
    res ir[MAX_ITEMS];
    size_t n = 0;
    pctx y = *x;
    y.p = b;
    y.end = e;
    y.fail = false;
    set_opt(&y, opt);
    while (!y.fail && y.p < e && *y.p != '|' && *y.p != ')' && n < MAX_ITEMS) {
        ib[n] = y.p;
        io[n] = y.opt;
        ir[n] = parse_item(&y);
        ie[n] = y.p;
        n++;
    }
    if (y.fail || y.p != e || depth > 16 || nseg + 1 >= MAX_SEGS)
        return; /* not one sequence, or too deep */
    seg all[MAX_SEGS];
    gap g = *pre; /* before item i */
    bool consumed = false; /* by an earlier item of this sequence */
    for (size_t i = 0; i < n && !t->oom; i++) {
        /* not from inside a word written out letter by letter, nor the
         * first item of a group offered whole (the same tail, weaker) */
        bool midword = i > 0 && ie[i - 1] - ib[i - 1] == 1 && is_alnum(*ib[i - 1]) &&
                       is_alnum(*ib[i]);
        bool offer = !ir[i].nullable && !ir[i].zw && after && !midword && (consumed || !inner);
        if (offer) {
            all[0] = (seg){ib[i], e, io[i]};
            if (nseg)
                memcpy(all + 1, sg, nseg * sizeof *sg);
            char *s = build_tail(x, all, nseg + 1);
            if (!s) {
                t->oom = true;
                return;
            }
            if (*s)
                tail_offer(t, s, cset_weight(&ir[i].first), &g);
            else
                free(s);
        }
        const unsigned char *cb;
        if (plain_group(ib[i], ie[i], &cb)) {
            /* the rest of this sequence follows the group's content */
            all[0] = (seg){ie[i], e, io[i]};
            if (nseg)
                memcpy(all + 1, sg, nseg * sizeof *sg);
            find_tails(x, cb, ie[i] - 1, io[i], all, nseg + 1, after, &g,
                       offer || (inner && !consumed), t, depth + 1);
        }
        if (!ir[i].zw)
            after = consumed = true;
        cset_or(&g.all, &ir[i].all);
        g.allsp |= ir[i].allsp;
        g.ws = ws_add(g.ws, ir[i].ws);
    }
}

/* The DEFINE block rules_pattern.c appends: the last "(?(DEFINE)" of the
 * pattern, when the pattern ends there. */
static const char *find_define(const char *pattern, size_t n)
{
    const char *last = NULL;
    for (const char *p = pattern; (p = memmem(p, n - (size_t)(p - pattern), "(?(DEFINE)", 10));
         p++)
        last = p;
    return last && n && pattern[n - 1] == ')' ? last : NULL;
}

/* x->defs: where each group (?<dgmN>...) starts, by N, then the pattern's
 * end. False on OOM or a name out of bounds. */
static bool find_defs(pctx *x, const char *pattern, size_t n)
{
    size_t max = 0;
    bool any = false;
    for (int pass = 0; pass < 2; pass++) {
        for (const char *p = pattern; (p = memmem(p, n - (size_t)(p - pattern), "(?<dgm", 6));
             p++) {
            char *e;
            unsigned long k = strtoul(p + 6, &e, 10);
            if (e == p + 6 || *e != '>' || k > 100000)
                return false;
            if (pass == 0) {
                any = true;
                max = k > max ? k : max;
            } else {
                x->defs[k] = (const unsigned char *)p;
            }
        }
        if (pass == 0) {
            if (!any)
                return false;
            x->ndefs = max + 1;
            x->defs = calloc(x->ndefs + 1, sizeof *x->defs);
            if (!x->defs)
                return false;
            x->defs[x->ndefs] = (const unsigned char *)pattern + n;
        }
    }
    return true;
}

void dg_i_startset_destroy(dg_startset *ss)
{
    for (size_t i = 0; i < ss->ntails; i++)
        free(ss->tails[i]);
    ss->ntails = 0;
}

bool dg_i_startset_compute(const char *pattern, size_t n, uint32_t options, dg_startset *out)
{
    memset(out, 0, sizeof *out);
    const uint32_t ok = PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK | PCRE2_CASELESS |
                        PCRE2_DUPNAMES | PCRE2_NO_AUTO_CAPTURE | PCRE2_DOTALL |
                        PCRE2_MULTILINE | PCRE2_NO_AUTO_POSSESS | PCRE2_NO_DOTSTAR_ANCHOR;
    if (!(options & PCRE2_UTF) || (options & ~ok))
        return false;
    unsigned opt0 = ((options & PCRE2_CASELESS) ? OPT_I : 0) |
                    ((options & PCRE2_DOTALL) ? OPT_S : 0) |
                    ((options & PCRE2_MULTILINE) ? OPT_M : 0);
    pctx x = {(const unsigned char *)pattern, (const unsigned char *)pattern + n, false, 0,
              false, 0, NULL, 0, NULL, 0, opt0};
    set_opt(&x, opt0);
    const char *define = find_define(pattern, n);
    if (define && !find_defs(&x, pattern, n))
        return false;
    size_t ngroups = 0;
    for (size_t i = 0; i < n; i++)
        ngroups += pattern[i] == '(';
    size_t cap = 16;
    while (cap < 2 * ngroups + 16)
        cap *= 2;
    x.memo = calloc(cap, sizeof *x.memo);
    x.memocap = x.memo ? cap : 0;
    res r = parse_alt(&x);
    if (x.fail || x.p != x.end || r.nullable) {
        free(x.memo);
        free(x.defs);
        return false;
    }
    for (unsigned b = 0; b < 128; b++) {
        out->first[b] = bit_get(r.first.a, b);
        out->rej[b] = bit_get(r.rej, b);
    }
    /* 0x80..0xBF continue a character: no match starts there */
    for (unsigned b = 0xC0; b < 256; b++)
        out->first[b] = r.first.hi;
    tails t = {0};
    pctx y = x;
    gap none;
    memset(&none, 0, sizeof none);
    find_tails(&y, (const unsigned char *)pattern, (const unsigned char *)pattern + n, opt0, NULL,
               0, false, &none, false, &t, 0);
    free(x.memo);
    free(x.defs);
    /* a tail that calls a group takes the DEFINE block along (the
     * matcher's trial decides whether it pays) */
    for (size_t i = 0; define && i < t.n && !t.oom; i++)
        if (strstr(t.best[i], "(?&") && !strstr(t.best[i], "(?(DEFINE)")) {
            size_t a = strlen(t.best[i]), b = n - (size_t)(define - pattern);
            char *w = realloc(t.best[i], a + b + 1);
            if (!w) {
                t.oom = true;
                break;
            }
            memcpy(w + a, define, b);
            w[a + b] = 0;
            t.best[i] = w;
        }
    for (size_t i = 0; i < t.n; i++) {
        if (!t.oom && t.score[i] <= DG_STARTSET_TAIL_MAX) {
            dg_tailgap *tg = &out->gaps[out->ntails];
            for (unsigned c = 0; c < 128; c++)
                tg->chars[c] = bit_get(t.gaps[i].all.a, c);
            tg->hi = t.gaps[i].all.hi;
            tg->ws = t.gaps[i].ws >= WS_INF ? UINT32_MAX : t.gaps[i].ws;
            out->tails[out->ntails++] = t.best[i];
        } else {
            free(t.best[i]);
        }
    }
    return true;
}
