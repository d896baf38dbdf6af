/* Pattern expansion and compilation. A pattern is a pcre2 regex with a few
 * additions that keep rules short and readable:
 *   {NAME}        a macro (define NAME = ...), expanded in place
 *   @NAME         a word list, as whole words, longest first
 *   {ORG:role}    an organization mention filling a role
 *   {ORGS:role}   a list of mentions ("A, B and C")
 *   {MONEY:amount} {PERCENT:stake} {MACRO:role}
 *   a space       one or more white-space characters
 * Every byte of the expansion remembers the column it came from, so pcre2's
 * error offsets point at the right place in the rule file. */
#include "rules_pattern.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct exp {
    dg_buf out;
    unsigned *cols;
    size_t capcols;
    dg_slot *slots;
    size_t nslots, capslots;
    size_t norg;
    const dg_ruleset *rs;
    dg_diags *diags;
    const char *file;
    unsigned line;
    const char *what; /* "rule X" for messages */
    dg_rule_kind kind;
    bool in_macro;
    bool failed;
    bool oom;
    /* Subroutine form (see pattern_compile): a macro without slots becomes a
     * call (?&dgmN) to a group of a DEFINE block kept in defs/defcols.
     * in_lb counts the lookbehinds open here (a call there must stay
     * inline: pcre2 needs a fixed length); parens stacks their kinds. */
    bool subr;
    dg_buf defs;
    unsigned *defcols;
    size_t capdefcols;
    size_t *defined; /* per macro: 0 not yet, else 1 + the ORG slots in it */
    unsigned in_lb, in_opt;
    bool top_opt; /* an option setting at the top level: no calls */
    unsigned char parens[256];
    unsigned nparens;
} exp;

enum { G_LB = 1, G_OPT = 2 };

/* Group kinds where a macro must stay inline: a lookbehind (pcre2 needs a
 * fixed length there, a call is not one) and a group with other options (a
 * called group keeps the options of its definition). Past the stack's depth
 * every group counts as both, which is always correct. */
static void open_group(exp *x, const char *s, size_t n)
{
    unsigned char k = 0;
    if (n >= 2 && s[0] == '?' && s[1] == '<' && n >= 3 && (s[2] == '=' || s[2] == '!')) {
        k = G_LB;
    } else if (n >= 2 && s[0] == '?') {
        size_t j = 1;
        while (j < n && (isalpha((unsigned char)s[j]) || s[j] == '-' || s[j] == '^'))
            j++;
        if (j > 1 && j < n && s[j] == ':') {
            k = G_OPT;
        } else if (j > 1 && j < n && s[j] == ')') {
            /* (?i) changes the enclosing group to its end */
            if (x->nparens == 0)
                x->top_opt = true;
            else if (x->nparens <= sizeof x->parens && !(x->parens[x->nparens - 1] & G_OPT)) {
                x->parens[x->nparens - 1] |= G_OPT;
                x->in_opt++;
            }
        }
    }
    if (x->nparens >= sizeof x->parens)
        k = G_LB | G_OPT;
    else
        x->parens[x->nparens] = k;
    x->nparens++;
    x->in_lb += (k & G_LB) != 0;
    x->in_opt += (k & G_OPT) != 0;
}

static void close_group(exp *x)
{
    if (x->nparens == 0)
        return;
    x->nparens--;
    unsigned char k = x->nparens >= sizeof x->parens ? G_LB | G_OPT : x->parens[x->nparens];
    x->in_lb -= (k & G_LB) != 0;
    x->in_opt -= (k & G_OPT) != 0;
}

/* Whether pcre2 text holds a capturing group (plain or named). */
static bool has_capture(const char *s, size_t n)
{
    bool cls = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\') {
            i++;
        } else if (cls) {
            cls = s[i] != ']';
        } else if (s[i] == '[') {
            cls = true;
            if (i + 1 < n && s[i + 1] == '^')
                i++;
            if (i + 1 < n && s[i + 1] == ']')
                i++;
        } else if (s[i] == '(' && i + 1 < n) {
            if (s[i + 1] != '?' && s[i + 1] != '*')
                return true;
            if (i + 2 < n && (s[i + 2] == '\'' || s[i + 2] == 'P' ||
                              (s[i + 2] == '<' && i + 3 < n && s[i + 3] != '=' && s[i + 3] != '!')))
                return true;
        }
    }
    return false;
}

/* Room for `need` columns in *cols (capacity *cap); false (and x->oom)
 * when memory runs out. */
static bool reserve_cols(exp *x, unsigned **cols, size_t *cap, size_t need)
{
    if (need <= *cap)
        return true;
    size_t n = need * 2;
    unsigned *c = realloc(*cols, n * sizeof *c);
    if (!c) {
        x->oom = true;
        return false;
    }
    *cols = c;
    *cap = n;
    return true;
}

static void emit(exp *x, const char *s, size_t n, unsigned col)
{
    if (x->oom || !reserve_cols(x, &x->cols, &x->capcols, x->out.len + n + 1))
        return;
    for (size_t i = 0; i < n; i++)
        x->cols[x->out.len + i] = col;
    if (dg_buf_append(&x->out, s, n) != DG_OK)
        x->oom = true;
}

static void emits(exp *x, const char *s, unsigned col)
{
    emit(x, s, strlen(s), col);
}

/* Moves out[from..] to the end of the DEFINE text, with its columns. */
static void move_to_defs(exp *x, size_t from)
{
    size_t n = x->out.len - from;
    if (!reserve_cols(x, &x->defcols, &x->capdefcols, x->defs.len + n + 1))
        return;
    memcpy(x->defcols + x->defs.len, x->cols + from, n * sizeof *x->cols);
    if (dg_buf_append(&x->defs, x->out.p + from, n) != DG_OK)
        x->oom = true;
    x->out.len = from;
}

static void perr(exp *x, unsigned col, const char *fmt, const char *a, size_t an)
{
    char msg[512];
    snprintf(msg, sizeof msg, fmt, (int)an, a);
    dg_diags_add(x->diags, DG_SEV_ERROR, x->file, x->line, col, NULL, "%s: %s", x->what, msg);
    x->failed = true;
}

static int find_macro(const dg_ruleset *rs, const char *s, size_t n)
{
    for (size_t i = 0; i < rs->nmacros; i++)
        if (strlen(rs->macros[i].name) == n && strncmp(rs->macros[i].name, s, n) == 0)
            return (int)i;
    return -1;
}

static int find_list(const dg_ruleset *rs, const char *s, size_t n)
{
    for (size_t i = 0; i < rs->nlists; i++)
        if (strlen(rs->lists[i].name) == n && strncmp(rs->lists[i].name, s, n) == 0)
            return (int)i;
    return -1;
}

static void emit_escaped(exp *x, const char *s, size_t n, unsigned col)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ') {
            /* collapse runs of spaces */
            while (i + 1 < n && s[i + 1] == ' ')
                i++;
            emits(x, "\\s+", col);
        } else if (strchr("\\^$.|?*+()[]{}/", c)) {
            char b[2] = {'\\', c};
            emit(x, b, 2, col);
        } else {
            emit(x, &c, 1, col);
        }
    }
}

static int cmp_len_desc(const void *a, const void *b)
{
    size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);
    if (la != lb)
        return la < lb ? 1 : -1;
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void emit_list(exp *x, int li, unsigned col)
{
    const dg_wordlist *w = &x->rs->lists[li];
    char **sorted = malloc(w->nitems * sizeof *sorted);
    if (!sorted) {
        x->oom = true;
        return;
    }
    memcpy(sorted, w->items, w->nitems * sizeof *sorted);
    qsort(sorted, w->nitems, sizeof *sorted, cmp_len_desc);
    emits(x, "(?:(?<![\\p{L}\\p{N}])(?:", col);
    for (size_t i = 0; i < w->nitems; i++) {
        if (i)
            emits(x, "|", col);
        emit_escaped(x, sorted[i], strlen(sorted[i]), col);
    }
    emits(x, ")(?![\\p{L}\\p{N}]))", col);
    free(sorted);
}

static void expand(exp *x, const char *s, size_t n, unsigned col0, bool map_cols,
                   unsigned use_col, int depth);

static void expand_macro(exp *x, int mi, unsigned col, int depth)
{
    dg_macro *m = &((dg_ruleset *)x->rs)->macros[mi];
    if (depth > 32 || m->state == 1) {
        perr(x, col, "macro '%.*s' refers to itself", m->name, strlen(m->name));
        return;
    }
    bool call = x->subr && x->in_lb == 0 && x->in_opt == 0 && !x->top_opt;
    char ref[32];
    snprintf(ref, sizeof ref, "(?&dgm%d)", mi);
    if (call && x->defined[mi]) {
        emits(x, ref, col);
        x->norg += x->defined[mi] - 1;
        return;
    }
    size_t start = x->out.len, slots0 = x->nslots, norg0 = x->norg;
    m->state = 1;
    emits(x, "(?:", col);
    bool was = x->in_macro;
    x->in_macro = true;
    expand(x, m->body, strlen(m->body), m->col, false, col, depth + 1);
    x->in_macro = was;
    emits(x, ")", col);
    m->state = 0;
    /* a slot or a group stays where it is: a capture does not outlive a call */
    if (!call || x->oom || x->nslots != slots0 ||
        has_capture(x->out.p + start, x->out.len - start))
        return;
    char head[32];
    snprintf(head, sizeof head, "(?<dgm%d>", mi);
    emits(x, head, col);
    move_to_defs(x, x->out.len - strlen(head));
    move_to_defs(x, start);
    emits(x, ")", col);
    move_to_defs(x, x->out.len - 1);
    x->defined[mi] = 1 + x->norg - norg0;
    emits(x, ref, col);
}

static bool parse_role(const char *r, size_t n, dg_role *out)
{
    static const struct {
        const char *name;
        dg_role role;
    } roles[] = {{"source", DG_ROLE_SOURCE}, {"target", DG_ROLE_TARGET},
                 {"party", DG_ROLE_PARTY},   {"parties", DG_ROLE_PARTY},
                 {"amount", DG_ROLE_AMOUNT}, {"stake", DG_ROLE_STAKE},
                 {"round", DG_ROLE_ROUND},   {"name", DG_ROLE_NAME}};
    for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
        if (strlen(roles[i].name) == n && strncmp(roles[i].name, r, n) == 0) {
            *out = roles[i].role;
            return true;
        }
    return false;
}

static bool role_allowed(dg_rule_kind k, dg_role r)
{
    switch (k) {
    case DG_RK_RELATION:
        return r == DG_ROLE_SOURCE || r == DG_ROLE_TARGET || r == DG_ROLE_PARTY ||
               r == DG_ROLE_AMOUNT || r == DG_ROLE_STAKE || r == DG_ROLE_ROUND;
    case DG_RK_VETO:
        return r == DG_ROLE_PARTY;
    case DG_RK_ORGPATTERN:
        return r == DG_ROLE_NAME;
    case DG_RK_FACT:
        return r == DG_ROLE_SOURCE || r == DG_ROLE_TARGET || r == DG_ROLE_AMOUNT ||
               r == DG_ROLE_STAKE || r == DG_ROLE_ROUND;
    default:
        return false;
    }
}

/* {NAME} or {NAME:role} at s (pointing at '{'); returns bytes consumed. */
static size_t expand_brace(exp *x, const char *s, size_t n, unsigned col, int depth)
{
    size_t i = 1;
    while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '-' || s[i] == '.'))
        i++;
    size_t nlen = i - 1;
    const char *role = NULL;
    size_t rlen = 0;
    if (i < n && s[i] == ':') {
        role = s + i + 1;
        i++;
        while (i < n && isalpha((unsigned char)s[i]))
            i++;
        rlen = (size_t)(s + i - role);
    }
    if (i >= n || s[i] != '}') {
        perr(x, col, "unterminated '{%.*s' (write \\{ for a literal brace)", s + 1, nlen);
        return i;
    }
    const char *name = s + 1;
    dg_role r = DG_ROLE_NONE;
    if (role) {
        if (!parse_role(role, rlen, &r)) {
            perr(x, col + (unsigned)(role - s),
                 "unknown role '%.*s' (source, target, party, amount, stake, round, name)",
                 role, rlen);
            return i + 1;
        }
        if (!role_allowed(x->kind, r)) {
            perr(x, col + (unsigned)(role - s), "role '%.*s' is not allowed in this kind of rule",
                 role, rlen);
            return i + 1;
        }
    }
    dg_slot_kind kind;
    const char *rx = NULL;
    int mi = -1, li = -1;
#define IS(w) (nlen == sizeof(w) - 1 && strncmp(name, w, nlen) == 0)
    if (IS("ORG")) {
        kind = DG_SLOT_ORG;
        rx = DG_RX_ORG;
    } else if (IS("ORGS")) {
        kind = DG_SLOT_ORGS;
        rx = DG_RX_ORG "(?:\\s*,\\s*(?:and\\s+|&\\s+)?" DG_RX_ORG "|\\s+(?:and|&)\\s+" DG_RX_ORG
                       ")*";
    } else if (IS("MONEY")) {
        kind = DG_SLOT_MONEY;
        rx = DG_RX_MONEY;
    } else if (IS("PERCENT")) {
        kind = DG_SLOT_PERCENT;
        rx = DG_RX_PERCENT;
    } else if ((mi = find_macro(x->rs, name, nlen)) >= 0 ||
               (li = find_list(x->rs, name, nlen)) >= 0) {
        kind = DG_SLOT_TEXT;
    } else {
        perr(x, col, "unknown macro or slot '%.*s'", name, nlen);
        return i + 1;
    }
#undef IS
    if ((kind == DG_SLOT_ORG || kind == DG_SLOT_ORGS) && r != DG_ROLE_NONE &&
        !(r == DG_ROLE_SOURCE || r == DG_ROLE_TARGET || r == DG_ROLE_PARTY))
        perr(x, col, "an organization slot cannot fill role '%.*s'", role, rlen);
    if (kind == DG_SLOT_MONEY && r != DG_ROLE_NONE && r != DG_ROLE_AMOUNT)
        perr(x, col, "{MONEY} fills role amount, not '%.*s'", role, rlen);
    if (kind == DG_SLOT_PERCENT && r != DG_ROLE_NONE && r != DG_ROLE_STAKE)
        perr(x, col, "{PERCENT} fills role stake, not '%.*s'", role, rlen);
    if (kind == DG_SLOT_TEXT && (r == DG_ROLE_SOURCE || r == DG_ROLE_TARGET ||
                                 r == DG_ROLE_PARTY || r == DG_ROLE_AMOUNT || r == DG_ROLE_STAKE))
        perr(x, col, "role '%.*s' needs an entity slot such as {ORG:...}", role, rlen);
    if (kind == DG_SLOT_ORG || kind == DG_SLOT_ORGS)
        x->norg++;
    if (r != DG_ROLE_NONE) {
        if (x->nslots == x->capslots) {
            x->capslots = x->capslots ? x->capslots * 2 : 8;
            dg_slot *v = realloc(x->slots, x->capslots * sizeof *v);
            if (!v) {
                x->oom = true;
                return i + 1;
            }
            x->slots = v;
        }
        char g[32];
        snprintf(g, sizeof g, "(?<dg%zu>", x->nslots);
        x->slots[x->nslots++] = (dg_slot){0, kind, r};
        emits(x, g, col);
    } else {
        emits(x, "(?:", col);
    }
    if (rx)
        emits(x, rx, col);
    else if (mi >= 0)
        expand_macro(x, mi, col, depth);
    else
        emit_list(x, li, col);
    emits(x, ")", col);
    return i + 1;
}

static void expand(exp *x, const char *s, size_t n, unsigned col0, bool map_cols,
                   unsigned use_col, int depth)
{
    bool in_class = false;
    for (size_t i = 0; i < n && !x->oom;) {
        unsigned col = map_cols ? col0 + (unsigned)i : use_col;
        char c = s[i];
        if (c == '\\' && i + 1 < n) {
            /* copy the escape whole: \x{...}, \p{...} and \Q...\E stay intact */
            size_t j = i + 2;
            if ((s[i + 1] == 'x' || s[i + 1] == 'p' || s[i + 1] == 'P' || s[i + 1] == 'o' ||
                 s[i + 1] == 'N') &&
                j < n && s[j] == '{') {
                while (j < n && s[j] != '}')
                    j++;
                if (j < n)
                    j++;
            }
            emit(x, s + i, j - i, col);
            i = j;
            continue;
        }
        if (in_class) {
            if (c == ']')
                in_class = false;
            emit(x, &c, 1, col);
            i++;
            continue;
        }
        if (c == '[') {
            in_class = true;
            emit(x, &c, 1, col);
            i++;
            /* a ']' right after '[' or '[^' is literal */
            if (i < n && s[i] == '^') {
                emit(x, "^", 1, col + 1);
                i++;
            }
            if (i < n && s[i] == ']') {
                emit(x, "]", 1, col + 1);
                i++;
            }
            continue;
        }
        if (c == ' ') {
            size_t j = i;
            while (j < n && s[j] == ' ')
                j++;
            emits(x, "\\s+", col);
            i = j;
            continue;
        }
        if (c == '{' && i + 1 < n && isalpha((unsigned char)s[i + 1])) {
            i += expand_brace(x, s + i, n - i, col, depth);
            continue;
        }
        if (c == '@' && i + 1 < n && isalpha((unsigned char)s[i + 1])) {
            size_t j = i + 1;
            while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_'))
                j++;
            int li = find_list(x->rs, s + i + 1, j - i - 1);
            if (li < 0)
                perr(x, col, "unknown word list '@%.*s'", s + i + 1, j - i - 1);
            else
                emit_list(x, li, col);
            i = j;
            continue;
        }
        if (c == '(')
            open_group(x, s + i + 1, n - i - 1);
        else if (c == ')')
            close_group(x);
        emit(x, &c, 1, col);
        i++;
    }
}

static uint32_t flags_for(dg_rule_kind k)
{
    uint32_t f = PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK;
    if (k != DG_RK_ORGPATTERN)
        f |= PCRE2_CASELESS;
    /* money groups repeat across branches; so may `each` in rules and facts */
    if (k == DG_RK_MONEY || k == DG_RK_PERCENT || k == DG_RK_RELATION || k == DG_RK_FACT)
        f |= PCRE2_DUPNAMES;
    return f;
}

/* pcre2 gives up its length bound on many subroutine calls, so a pattern in
 * that form is tried on an empty subject instead (a weaker check: a match
 * that needs text around it is not seen). */
static bool matches_empty(const pcre2_code *code)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    bool empty = !md || pcre2_match(code, (PCRE2_SPTR) "", 0, 0, 0, md, NULL) >= 0;
    pcre2_match_data_free(md);
    return empty;
}

static void exp_free(exp *x)
{
    dg_buf_destroy(&x->out);
    free(x->cols);
    free(x->slots);
    dg_buf_destroy(&x->defs);
    free(x->defcols);
    free(x->defined);
}

/* Expands src into x->out; with subr, macros become calls into a DEFINE
 * block at the end. Returns false on OOM. */
static bool expand_pattern(exp *x, const dg_ruleset *rs, const dg_rule *r, const char *src,
                           const char *file, unsigned line, unsigned col, const char *what,
                           dg_diags *diags, bool subr)
{
    memset(x, 0, sizeof *x);
    dg_buf_init(&x->out);
    dg_buf_init(&x->defs);
    x->rs = rs;
    x->diags = diags;
    x->file = file;
    x->line = line;
    x->what = what;
    x->kind = r->kind;
    x->subr = subr;
    if (subr && rs->nmacros && !(x->defined = calloc(rs->nmacros, sizeof *x->defined)))
        return false;
    expand(x, src, strlen(src), col, true, col, 0);
    if (subr && !x->oom && x->defs.len) {
        unsigned end = x->out.len ? x->cols[x->out.len - 1] : col;
        emits(x, "(?(DEFINE)", end);
        size_t at = x->out.len;
        emit(x, x->defs.p, x->defs.len, end);
        if (!x->oom)
            memcpy(x->cols + at, x->defcols, x->defs.len * sizeof *x->cols);
        emits(x, ")", end);
    }
    return !x->oom;
}

dg_status dg_i_pattern_compile(const dg_ruleset *rs, const dg_rule *r, const char *src,
                               const char *file, unsigned line, unsigned col,
                               dg_pattern *out, dg_diags *diags, bool *ok)
{
    *ok = false;
    memset(out, 0, sizeof *out);
    char what[300];
    snprintf(what, sizeof what, "%s %s", dg_i_kind_word(r->kind), r->id);
    exp x = {0};
    int ec;
    PCRE2_SIZE eoff;
    pcre2_code *code = NULL;
    /* Macros are expanded in place. A pattern over pcre2's compiled size
     * (64 KiB with the default link size: a rule using big shared macros
     * many times) is expanded again with each macro compiled once, as a
     * subroutine; it then loses the start-position filter (startset.c does
     * not read calls), so that form is kept for the patterns that need it. */
    for (int subr = 0; subr < 2 && !code; subr++) {
        exp_free(&x);
        if (!expand_pattern(&x, rs, r, src, file, line, col, what, diags, subr)) {
            exp_free(&x);
            return DG_ENOMEM;
        }
        if (x.failed) {
            exp_free(&x);
            return DG_OK;
        }
        if (subr && x.top_opt && x.defs.len)
            break; /* (?i) at the top would reach the DEFINE block: too large */
        code = pcre2_compile((PCRE2_SPTR)dg_buf_cstr(&x.out), x.out.len, flags_for(r->kind), &ec,
                             &eoff, NULL);
        if (!code && ec != PCRE2_ERROR_PATTERN_TOO_LARGE)
            break;
    }
    if (!code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof msg);
        unsigned ecol = ec == PCRE2_ERROR_PATTERN_TOO_LARGE ? col
                        : eoff < x.out.len ? x.cols[eoff]
                        : (x.out.len ? x.cols[x.out.len - 1] + 1 : col);
        dg_diags_add(diags, DG_SEV_ERROR, file, line, ecol, r->id, "%s: regex error: %s", what,
                     (const char *)msg);
        exp_free(&x);
        return DG_OK;
    }
    uint32_t minlen = 0;
    pcre2_pattern_info(code, PCRE2_INFO_MINLENGTH, &minlen);
    if (minlen == 0 && (!x.subr || matches_empty(code))) {
        dg_diags_add(diags, DG_SEV_ERROR, file, line, col, r->id,
                     "%s: pattern can match the empty string", what);
        pcre2_code_free(code);
        exp_free(&x);
        return DG_OK;
    }
    /* Not JIT-compiled here: the extractor does that on a pattern's first
     * search (see shared_prepare in extract.c), so loading stays fast. */
    for (size_t i = 0; i < x.nslots; i++) {
        char g[32];
        snprintf(g, sizeof g, "dg%zu", i);
        int num = pcre2_substring_number_from_name(code, (PCRE2_SPTR)g);
        x.slots[i].group = num > 0 ? (uint32_t)num : 0;
    }
    out->code = code;
    out->expanded = strdup(dg_buf_cstr(&x.out));
    out->line = line;
    out->col = col;
    out->slots = x.slots;
    out->nslots = x.nslots;
    out->norg_slots = x.norg;
    x.slots = NULL;
    exp_free(&x);
    if (!out->expanded) {
        dg_i_pattern_destroy(out);
        return DG_ENOMEM;
    }
    *ok = true;
    return DG_OK;
}

void dg_i_pattern_destroy(dg_pattern *p)
{
    pcre2_code_free(p->code);
    free(p->expanded);
    free(p->slots);
    memset(p, 0, sizeof *p);
}

dg_status dg_i_macro_check(dg_ruleset *rs, size_t i, dg_diags *diags, unsigned *errors)
{
    dg_macro *m = &rs->macros[i];
    char what[300];
    snprintf(what, sizeof what, "define %s", m->name);
    exp x = {0};
    dg_buf_init(&x.out);
    x.rs = rs;
    x.diags = diags;
    x.file = m->file;
    x.line = m->line;
    x.what = what;
    x.kind = DG_RK_RELATION;
    x.in_macro = true;
    m->state = 1;
    expand(&x, m->body, strlen(m->body), m->col, true, m->col, 0);
    m->state = 0;
    dg_status st = x.oom ? DG_ENOMEM : DG_OK;
    if (!x.oom && !x.failed) {
        int ec;
        PCRE2_SIZE eoff;
        pcre2_code *code = pcre2_compile((PCRE2_SPTR)dg_buf_cstr(&x.out), x.out.len,
                                         PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &ec, &eoff, NULL);
        if (!code) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(ec, msg, sizeof msg);
            unsigned ecol = eoff < x.out.len ? x.cols[eoff] : m->col + (unsigned)strlen(m->body);
            dg_diags_add(diags, DG_SEV_ERROR, m->file, m->line, ecol, NULL,
                         "%s: regex error: %s", what, (const char *)msg);
            (*errors)++;
        }
        pcre2_code_free(code);
    } else if (x.failed) {
        (*errors)++;
    }
    exp_free(&x);
    return st;
}
