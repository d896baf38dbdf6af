/* Coreference: which organization "the company", "the startup", "it" or
 * "the two companies" names. Each sentence's clause subjects are marked
 * first (mark_subjects), so that a phrase opening a clause can take the
 * salient organization of an earlier sentence (its subject, the parties
 * joined to it, or the document's main organization) rather than the one
 * named last; a phrase inside a clause, and a block that asks for it with
 * `resolve recent`, takes the most recent fitting organization. */
#include "extract_internal.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- salience: clause subjects ---- */

static bool space_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Whether s[0, b) ends with the word w, as written. */
static bool ends_with_word(const char *s, size_t b, const char *w)
{
    size_t n = strlen(w);
    if (b < n || memcmp(s + b - n, w, n) != 0)
        return false;
    if (b == n)
        return true;
    unsigned char c = (unsigned char)s[b - n - 1];
    return !(isalnum(c) || c >= 0x80 || c == '-' || c == '\'');
}

/* Whether s[0, n) is one of the words of list (NULL-terminated), in any case. */
static bool one_word_of(const char *s, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == n && strncasecmp(s, *list, n) == 0)
            return true;
    return false;
}

/* Whether s[a, b) is a short opening phrase ("On Tuesday", "Under the deal
 * announced in May"): at most ten words and no comma. */
static bool short_opening(const char *s, size_t a, size_t b)
{
    /* a noun phrase ("The maker of Jeep, ...") is not an opening */
    static const char *const det[] = {"The ", "A ", "An ", NULL};
    for (const char *const *d = det; *d; d++)
        if (b - a >= strlen(*d) && memcmp(s + a, *d, strlen(*d)) == 0)
            return false;
    unsigned words = 0;
    bool in_word = false;
    for (size_t i = a; i < b; i++) {
        if (s[i] == ',' || s[i] == ';')
            return false;
        bool sp = space_byte(s[i]);
        if (!sp && !in_word && ++words > 10)
            return false;
        in_word = !sp;
    }
    return true;
}

/* "said on Thursday", "said in January", "said last week": when said. */
static bool said_when(const char *s, size_t a, size_t b)
{
    static const char *const when[] = {"on", "in", "late", "earlier", "last", "this", "early",
                                       "today", "yesterday", NULL};
    /* up to four words back, no comma */
    size_t i = b;
    for (int w = 0; w < 4 && i > a; w++) {
        while (i > a && !space_byte(s[i - 1])) {
            if (s[i - 1] == ',' || s[i - 1] == ';')
                return false;
            i--;
        }
        size_t word = i;
        while (i > a && space_byte(s[i - 1]))
            i--;
        if (ends_with_word(s, i, "said") || ends_with_word(s, i, "says")) {
            for (const char *const *k = when; *k; k++) {
                size_t n = strlen(*k);
                if (b - word > n && memcmp(s + word, *k, n) == 0 && space_byte(s[word + n]))
                    return true;
            }
            return false;
        }
    }
    return false;
}

/* "In January the group", "Earlier this year the company", "At the end of
 * July it": a short time phrase (up to six words) opens the sentence
 * without a comma. */
static bool opening_words(const char *s, size_t a, size_t b)
{
    /* one adverb alone: "Later the startup raised" */
    static const char *const alone[] = {"Later", "Earlier", "Then", "Now", "Separately",
                                        "Meanwhile", "Previously", "Subsequently", NULL};
    for (const char *const *k = alone; *k; k++)
        if (b - a == strlen(*k) && memcmp(s + a, *k, b - a) == 0)
            return true;
    static const char *const open[] = {"In ",    "On ",   "Earlier ", "Last ",   "Later ",
                                       "This ",  "Since ", "By ",     "At ",     "Early ",
                                       "Late ",  "During ", "Within ", "Over ",  NULL};
    bool ok = false;
    for (const char *const *k = open; *k && !ok; k++)
        ok = b - a > strlen(*k) && memcmp(s + a, *k, strlen(*k)) == 0;
    if (!ok)
        return false;
    unsigned words = 1;
    for (size_t i = a; i < b; i++) {
        if (s[i] == ',' || s[i] == ';')
            return false;
        if (space_byte(s[i]) && ++words > 6) /* "In the first half of 2024" */
            return false;
    }
    return true;
}

/* Words after which a clause of its own begins ("..., but the company
 * said"): the subject of that clause, though not the sentence's. */
static const char *const clause_joins[] = {"but",     "while", "whereas", "although", "though",
                                           "because", "after", "when",    "since",    "before",
                                           "until",   "as",    "so",      "if",       NULL};

/* Whether a joined clause starts after s[0, b): a semicolon, a joining
 * word, or ", and". */
static bool joins_clause(const char *s, size_t b, bool coord)
{
    if (b && (s[b - 1] == ';' || s[b - 1] == ':'))
        return true;
    if (coord && ends_with_word(s, b, "but"))
        return true;
    for (const char *const *w = clause_joins; *w && !coord; w++)
        if (ends_with_word(s, b, *w))
            return true;
    if (ends_with_word(s, b, "and")) {
        size_t c = b - 3;
        while (c && space_byte(s[c - 1]))
            c--;
        return c && s[c - 1] == ',';
    }
    return false;
}

/* Whether the n bytes at p begin with a word that opens a time or place
 * phrase ("in 2017", "then", "a year later", "last month", "in Europe",
 * "across Asia"). */
static bool time_word(const char *p, size_t n)
{
    static const char *const when[] = {"in",      "on",    "then", "later",  "since",  "last",
                                       "earlier", "this",  "a",    "two",    "three",  "months",
                                       "years",   "weeks", "by",   "across", "outside", "at",
                                       NULL};
    for (const char *const *k = when; *k; k++) {
        size_t l = strlen(*k);
        if (n > l && memcmp(p, *k, l) == 0 && (space_byte(p[l]) || p[l] == ','))
            return true;
    }
    return false;
}

static bool join_before(const char *s, size_t a, size_t b, bool coord);

/* Whether a clause starts at s[at) of the sentence s: at its beginning (past
 * quotes and brackets), after a dateline dash, after "said", "says", "said
 * on Thursday" or "that", after a short time phrase ("In January the
 * group") or after a short opening phrase and a comma ("On Tuesday, ").
 * With `inner`, also where a joined clause starts (", and", "but", "while",
 * a semicolon). Positions only: no parsing, so it is cheap enough to run
 * for every coreference match. */
static bool clause_starts(const char *s, size_t at, bool inner)
{
    size_t a = 0, b = at;
    while (b && space_byte(s[b - 1]))
        b--;
    while (a < b) {
        if (space_byte(s[a]) || s[a] == '"' || s[a] == '\'' || s[a] == '(' || s[a] == '[')
            a++;
        else if (b - a >= 3 && (unsigned char)s[a] == 0xe2 && (unsigned char)s[a + 1] == 0x80 &&
                 ((unsigned char)s[a + 2] == 0x9c || (unsigned char)s[a + 2] == 0x98))
            a += 3; /* an opening curly quote */
        else
            break;
    }
    if (a >= b)
        return true;
    /* a dateline: "SEOUL (Reuters) - " */
    bool dash = s[b - 1] == '-' ||
                (b >= 3 && (unsigned char)s[b - 3] == 0xe2 && (unsigned char)s[b - 2] == 0x80 &&
                 ((unsigned char)s[b - 1] == 0x93 || (unsigned char)s[b - 1] == 0x94));
    if (dash) {
        size_t d = s[b - 1] == '-' ? b - 1 : b - 3;
        return d > 0 && space_byte(s[d - 1]) && d < at && space_byte(s[b]);
    }
    if (ends_with_word(s, b, "said") || ends_with_word(s, b, "says") ||
        ends_with_word(s, b, "that") || said_when(s, a, b))
        return true;
    if (opening_words(s, a, b))
        return true;
    if (s[b - 1] == ',' && short_opening(s, a, b - 1))
        return true;
    if (!inner)
        return false;
    return join_before(s, a, b, false);
}

/* Whether a joined clause starts at s[b) of the sentence part s[a, b):
 * after a joining word, ", and" or a semicolon (with coord: only after a
 * coordinating ", and", "but", a semicolon or a colon, not after "after",
 * "when", ...), also past a short time phrase ("..., and in 2017 it"). */
static bool join_before(const char *s, size_t a, size_t b, bool coord)
{
    if (joins_clause(s, b, coord))
        return true;
    size_t i = b;
    if (i && s[i - 1] == ',')
        i--;
    for (int w = 0; w < 4 && i > a; w++) {
        while (i > a && !space_byte(s[i - 1]) && s[i - 1] != ',')
            i--;
        if (i <= a || s[i - 1] == ',')
            return false;
        size_t word = i;
        while (i > a && space_byte(s[i - 1]))
            i--;
        /* a time phrase after a bare "and" starts a clause too: "owns Lion
         * Nathan and in 2010 it bought" (no list goes on with "in 2010") */
        if (time_word(s + word, b - word) && (joins_clause(s, i, coord) || ends_with_word(s, i, "and")))
            return true;
    }
    return false;
}

/* Whether a clause coordinated with the first starts at s[at) ("X bought
 * Y, and in 2017 it bought Z"; not "X bought Y after it raised ..."). */
static bool opens_coordinate(const char *s, size_t at)
{
    size_t b = at;
    while (b && space_byte(s[b - 1]))
        b--;
    return join_before(s, 0, b, true);
}

/* Whether s[a, b) joins two parties of one subject: " and ", ", ", " & ". */
static bool joins_parties(const char *s, size_t a, size_t b)
{
    size_t n = b - a;
    const char *g = s + a;
    return (n == 5 && memcmp(g, " and ", 5) == 0) || (n == 2 && memcmp(g, ", ", 2) == 0) ||
           (n == 6 && memcmp(g, ", and ", 6) == 0) || (n == 3 && memcmp(g, " & ", 3) == 0);
}

/* Where the noun phrase of an organization named at s[ms) begins: past up
 * to three words written before the name ("Mumbai-based BillDesk",
 * "Indian payments processor BillDesk"), so that
 * an opening phrase before them ("Founded in 2000, Mumbai-based BillDesk
 * handles ...") still leaves the name the subject. A word that joins or
 * ends a clause (of, said, and, ...) stops the walk, and so does an
 * article: "Separately, the Nikkei newspaper reported" has no subject
 * that a later "both companies" could take. */
static size_t premod_start(dg_extractor *x, const char *s, size_t ms)
{
    static const char *const stop[] = {
        "of",  "at",   "by",   "for",   "with", "from",  "to",    "in",   "on",    "and",
        "or",  "its",  "their", "his",  "her",  "said",  "says",  "that", "which", "who",
        "as",  "after", "before", "when", "while", "than", "but",  "is",   "was",   "are",
        "were", "has", "had",  "have",  "will", "would", "also",  "not",  "into",  "over",
        "the", "a",   "an"};
    size_t p = ms;
    for (int words = 0; words < 3; words++) {
        if (p < 2 || s[p - 1] != ' ')
            break;
        size_t r = p - 1, q = r;
        while (q > 0 && !space_byte(s[q - 1]) && s[q - 1] != ',' && s[q - 1] != '"')
            q--;
        size_t n = r - q;
        if (n == 0)
            break;
        const char *w = s + q;
        bool based = n > 6 && memcmp(w + n - 6, "-based", 6) == 0;
        bool lower = true;
        for (size_t i = 0; i < n && lower; i++)
            lower = (w[i] >= 'a' && w[i] <= 'z') || w[i] == '-';
        for (size_t k = 0; lower && k < sizeof stop / sizeof *stop; k++)
            lower = !(strlen(stop[k]) == n && memcmp(stop[k], w, n) == 0);
        bool demonym = false;
        if (!based && !lower && x->demonyms >= 0) {
            dg_buf *b = &x->scratch;
            b->len = 0;
            dg_fold_append(b, w, n);
            demonym = b->len && dg_i_wordset_has(x->lists[x->demonyms], b->p, b->len);
        }
        if (!based && !lower && !demonym)
            break;
        p = q;
    }
    return p;
}

/* Sets the salience of the sentence's organization mentions (sorted by start):
 * the first one where the sentence's main clause starts is its subject, and
 * the organizations joined to it ("X and Y agreed", "the two companies")
 * are further subjects. With `resolved`, coreference mentions count too. */
void dg_i_mark_subjects(dg_extractor *x, size_t sbase, const char *s, bool resolved)
{
    size_t subj = SIZE_MAX, last_end = 0;
    for (size_t i = 0; i < x->nments; i++)
        x->ments[i].sal = DG_SAL_NONE;
    for (size_t i = 0; i < x->nments; i++) {
        dg_ment *m = &x->ments[i];
        if (m->kind != DG_KIND_ORG)
            continue;
        if (!resolved && m->resolved_from)
            continue;
        size_t ms = m->start - sbase;
        if (subj == SIZE_MAX) {
            /* the first organization where a clause starts: in "The maker
             * of Jeep, Peugeot and Fiat cars" none is the subject, in
             * "Backed by SoftBank since 2018, Tokyo-based Paidy offers"
             * Paidy is */
            size_t np = premod_start(x, s, ms);
            if (!clause_starts(s, ms, false) && (np == ms || !clause_starts(s, np, false)))
                continue;
            subj = i;
            m->sal = DG_SAL_SUBJECT;
            last_end = m->end;
        } else if (last_end) {
            if (m->start == x->ments[subj].start ||
                (m->start >= last_end && joins_parties(x->text.s, last_end, m->start))) {
                m->sal = DG_SAL_COSUBJECT;
                last_end = m->end;
            } else {
                last_end = 0; /* the subject ends here */
            }
        }
    }
}

/* ---- coreference ---- */

static bool type_ok(const dg_rule *r, const dg_seen *s)
{
    if (r->orgtype && strcmp(r->orgtype, "*") != 0) {
        if (!s->type)
            return false;
        /* a comma-separated list of accepted types */
        const char *p = r->orgtype;
        size_t tl = strlen(s->type);
        bool ok = false;
        while (*p && !ok) {
            const char *c = strchr(p, ',');
            size_t l = c ? (size_t)(c - p) : strlen(p);
            while (l && p[0] == ' ')
                p++, l--;
            ok = l == tl && strncmp(p, s->type, l) == 0;
            p = c ? c + 1 : p + l;
        }
        if (!ok)
            return false;
    }
    if (r->sector && (!s->sector || strcmp(r->sector, s->sector) != 0))
        return false;
    return true;
}

/* Whether an organization of that name is already among the picks. */
static bool seen_picked(const dg_seen *const *pick, int got, const dg_seen *c)
{
    for (int j = 0; j < got; j++)
        if (strcmp(pick[j]->canonical, c->canonical) == 0)
            return true;
    return false;
}

/* The organizations a coreference phrase names, chosen so far. */
typedef struct coref_picks {
    const dg_seen *v[8];
    unsigned char why[8]; /* DG_WHY_* */
    int n, want;
    dg_seen here[8]; /* copies of this sentence's mentions */
    int nhere;
    const char *country; /* "the Japanese carmaker": only organizations listed as JP */
} coref_picks;

/* Whether the document's relations so far name the organization as the
 * source (investor, acquirer) of a directed relation and never as its
 * target: "the startup" after "Amazon acquired Zoox" is not Amazon. */
static bool only_source(const dg_extractor *x, const char *canonical)
{
    bool source = false;
    for (size_t i = 0; x->res && i < x->res->rels.n; i++) {
        const dg_relation *rel = &x->res->rels.v[i];
        if (!rel->directed || rel->nparties < 2)
            continue;
        if (strcmp(rel->parties[1], canonical) == 0)
            return false;
        if (strcmp(rel->parties[0], canonical) == 0)
            source = true;
    }
    return source;
}

/* Takes c when it fits the rule and is not picked yet. */
static bool pick_seen(coref_picks *pk, const dg_extractor *x, const dg_rule *r,
                      const dg_seen *c, unsigned char why)
{
    if (pk->n >= pk->want || !type_ok(r, c) || seen_picked(pk->v, pk->n, c))
        return false;
    if (r->role_target && only_source(x, c->canonical))
        return false;
    if (pk->country) {
        const char *oc = dg_i_org_country(x, c->org, c->canonical);
        if (!oc || strcmp(oc, pk->country) != 0)
            return false;
    }
    pk->why[pk->n] = why;
    pk->v[pk->n++] = c;
    return true;
}

static bool pick_ment(coref_picks *pk, const dg_extractor *x, const dg_rule *r,
                      const dg_ment *cm, unsigned char why)
{
    if (pk->nhere >= 8)
        return false;
    dg_seen *c = &pk->here[pk->nhere];
    *c = (dg_seen){cm->canonical, cm->type, cm->sector, cm->parent, cm->org,
                   cm->start,     x->sent_idx, cm->sal, 0, 0};
    if (!pick_seen(pk, x, r, c, why))
        return false;
    pk->nhere++;
    return true;
}

/* Words that open an aside after a name: an apposition or a relative
 * clause ("Tata Motors, the owner of Jaguar Land Rover, said ..."). */
static const char *const aside_openers[] = {"which", "who", "whose", "whom", "where",
                                            "the",   "a",   "an",    "its",  "their",
                                            "one",   "part", "formerly", "itself", "now"};

static bool opens_aside(const char *p, size_t n)
{
    for (size_t i = 0; i < sizeof aside_openers / sizeof *aside_openers; i++) {
        size_t l = strlen(aside_openers[i]);
        if (l < n && strncasecmp(p, aside_openers[i], l) == 0 &&
            !(p[l] & 0x80) && !isalnum((unsigned char)p[l]))
            return true;
    }
    return false;
}

/* When cm sits in an aside closed before `at` ("X, which builds cars with
 * Y, said it ...": Y), the organization the aside describes (X), else
 * NULL. A phrase after the aside continues X's clause. */
static const dg_ment *aside_head(const dg_extractor *x, const sentence_at *sa,
                                 const dg_ment *cm, size_t at)
{
    const char *s = sa->s;
    size_t a = cm->start - sa->sbase, e = cm->end - sa->sbase, ph = at - sa->sbase;
    size_t open = a;
    while (open > 0 && s[open - 1] != ',')
        open--;
    if (open < 2)
        return NULL;
    size_t close = e;
    while (close < ph && s[close] != ',')
        close++;
    if (close >= ph)
        return NULL;
    /* ", " then an opener word; the comma right after a name */
    size_t w = open;
    while (w < a && s[w] == ' ')
        w++;
    if (w == open || !opens_aside(s + w, ph - w))
        return NULL;
    size_t comma = sa->sbase + open - 1;
    for (size_t k = 0; k < x->nments; k++) {
        const dg_ment *h = &x->ments[k];
        if (h->kind == DG_KIND_ORG && h->end == comma)
            return h;
    }
    return NULL;
}

/* Candidates in the phrase's own sentence, before it: the nearest first,
 * right to left. With `joined` (the phrase opens a clause joined to the
 * first: "X bought Y, and in 2017 it bought Z") the subject of the
 * sentence's first clause comes first, also when it is itself a resolved
 * phrase. (Preferring the subject after "said" or "that" lost on dev: "X
 * said on Thursday it" has its speaker next to the phrase anyway.) */
/* Whether the phrase at `at` sits in an aside that cm heads and that does
 * not report cm's words: "Gemalto, the security firm it bought in 2019",
 * "Corenso, a maker of tubes that it bought" (it is not Gemalto; but
 * "Tata Motors, which said it would ..." is Tata Motors). */
static bool heads_own_aside(const sentence_at *sa, const dg_ment *cm, size_t at)
{
    size_t i = cm->end - sa->sbase, e = at - sa->sbase;
    while (i < e && space_byte(sa->s[i]))
        i++;
    if (i >= e || sa->s[i] != ',')
        return false;
    static const char *const told[] = {"said", "says", "announced", "added", "told", "reported",
                                       "expects", "expected", "plans", "planned", NULL};
    static const char *const rel[] = {"which", "who", NULL};
    static const char *const obj[] = {"which", "that", "whom", NULL};
    /* a relative clause whose subject is cm ("CITIC, which has been expanding
     * its links"): the pronoun is cm's, unless it is the clause's subject
     * itself ("X, which it bought") */
    size_t f = i + 1;
    while (f < e && space_byte(sa->s[f]))
        f++;
    size_t fe = f;
    while (fe < e && !space_byte(sa->s[fe]))
        fe++;
    if (one_word_of(sa->s + f, fe - f, rel)) {
        size_t pe = e;
        while (pe > f && space_byte(sa->s[pe - 1]))
            pe--;
        size_t pb = pe;
        while (pb > f && !space_byte(sa->s[pb - 1]))
            pb--;
        if (!one_word_of(sa->s + pb, pe - pb, obj))
            return false;
    }
    for (size_t w = ++i; w < e;) {
        if (sa->s[w] == ',' || sa->s[w] == ';')
            return false;
        size_t b = w;
        while (w < e && !space_byte(sa->s[w]) && sa->s[w] != ',' && sa->s[w] != ';')
            w++;
        if (w > b && one_word_of(sa->s + b, w - b, told))
            return false;
        while (w < e && space_byte(sa->s[w]))
            w++;
    }
    return true;
}

/* Words in s[0, n), counted by the spaces before them. */
static unsigned words_in(const char *s, size_t n)
{
    unsigned w = 0;
    for (size_t i = 0; i < n; i++)
        w += s[i] == ' ' && i + 1 < n && s[i + 1] != ' ';
    return w;
}

/* Whether s[0, n) opens a relative clause: "which", "that" or "who" and a
 * space. The caller keeps the clause short ("which competes with both
 * companies"): in a longer one the pair is more often its head and another
 * ("SMIC, which surprised analysts given sanctions on both companies"). */
static bool relative_opens(const char *s, size_t n)
{
    static const char *const w[] = {"which", "that", "who", NULL};
    size_t e = 0;
    while (e < n && s[e] != ' ')
        e++;
    return e + 1 < n && one_word_of(s, e, w);
}

static void coref_here(dg_extractor *x, const dg_rule *r, coref_picks *pk, size_t at,
                       const sentence_at *sa, bool joined, bool speaker, size_t phrase_len)
{
    /* the sentence's first organization, also a resolved phrase (those sit
     * at the end of the mention list, so search them all), when a clause
     * starts there; else the subject as marked past an opening phrase that
     * names another ("Besides Manchester City, CFG controls ..., and in
     * 2014 it took") */
    const dg_ment *first = NULL, *marked = NULL;
    for (size_t k = 0; joined && k < x->nments; k++) {
        const dg_ment *cm = &x->ments[k];
        if (cm->kind != DG_KIND_ORG || cm->end > at)
            continue;
        if (!first || cm->start < first->start)
            first = cm;
        if (cm->sal == DG_SAL_SUBJECT && !marked)
            marked = cm;
    }
    if (first) {
        size_t fs = first->start - sa->sbase;
        if (clause_starts(sa->s, fs, false) ||
            clause_starts(sa->s, premod_start(x, sa->s, fs), false))
            pick_ment(pk, x, r, first, DG_WHY_SUBJECT);
        else if (marked)
            pick_ment(pk, x, r, marked, DG_WHY_SUBJECT);
    }
    /* a phrase opening a clause after an aside continues the clause of
     * the name the aside describes: "X, which builds cars with Y, said it"
     * is X, when X fits */
    /* the speaker of "..., the company said" is the subject or none here:
     * an organization named inside the clause ("the venture arm of
     * Google's parent Alphabet") is not who speaks */
    if (speaker)
        return;
    bool opening = clause_starts(sa->s, at - sa->sbase, true);
    /* an object ("Adobe agreed to acquire it") is not the subject of its
     * own clause: the nearest organization goes when no comma, semicolon
     * or other organization stands between it and the phrase */
    bool skip_subject = r->resolve == DG_RESOLVE_OBJECT;
    /* nor is the head of a relative clause one of a counted object inside
     * it ("SoftBank, which holds stakes in both companies"); a subject of
     * the object's own clause may be ("E.ON will take over innogy and hand
     * the two companies' assets to RWE") */
    bool counted = pk->want >= 2 && !opening;
    static const char *const pron[] = {"it", "its", NULL};
    bool pronoun = one_word_of(sa->s + (at - sa->sbase), phrase_len, pron);
    for (size_t k = x->nments; k-- > 0 && pk->n < pk->want;) {
        const dg_ment *cm = &x->ments[k];
        if (cm->kind != DG_KIND_ORG || cm->resolved_from || cm->end > at)
            continue;
        if (skip_subject || counted) {
            size_t i = cm->end - sa->sbase, e = at - sa->sbase;
            bool relative = i + 2 < e && sa->s[i] == ',' && relative_opens(sa->s + i + 2, e - i - 2) &&
                            words_in(sa->s + i + 2, e - i - 2) <= 4;
            if (relative)
                i += 2;
            while (i < e && sa->s[i] != ',' && sa->s[i] != ';')
                i++;
            bool skip = i == e && (skip_subject || relative);
            skip_subject = counted = false;
            if (skip)
                continue;
        }
        if (pronoun && heads_own_aside(sa, cm, at)) {
            /* the clause the aside interrupts speaks of its subject: the
             * sentence's first organization where a clause starts (also a
             * resolved phrase, "The Swiss operator plans to combine A with
             * B, the provider it bought") */
            const dg_ment *sm = NULL;
            for (size_t j = 0; j < x->nments; j++) {
                const dg_ment *c = &x->ments[j];
                if (c->kind == DG_KIND_ORG && c->start >= sa->sbase && c->end <= cm->start &&
                    (!sm || c->start < sm->start))
                    sm = c;
            }
            if (sm && strcmp(sm->canonical, cm->canonical) != 0 &&
                clause_starts(sa->s, premod_start(x, sa->s, sm->start - sa->sbase), false))
                pick_ment(pk, x, r, sm, DG_WHY_SUBJECT);
            break;
        }
        const dg_ment *head = opening ? aside_head(x, sa, cm, at) : NULL;
        if (head && pick_ment(pk, x, r, head, DG_WHY_ASIDE))
            continue;
        pick_ment(pk, x, r, cm, DG_WHY_RECENT);
    }
}

/* The salient organizations of seen[first..last] (one sentence) that fit:
 * the document's main organization when it is named there and far more
 * often than the subject (at least three times, and twice as often), else
 * the subject and the organizations joined to it ("X and Y agreed"). */
static void pick_salient(const dg_extractor *x, const dg_rule *r, coref_picks *pk, size_t first,
                         size_t last)
{
    const dg_seen *main_org = NULL, *subj = NULL;
    for (size_t j = first; j <= last; j++) {
        const dg_seen *c = &x->seen[j];
        if (!type_ok(r, c) || seen_picked(pk->v, pk->n, c))
            continue;
        if (c->sal == DG_SAL_SUBJECT && !subj)
            subj = c;
        if (!main_org || c->named > main_org->named)
            main_org = c;
    }
    if (pk->want == 1 && main_org && main_org != subj && main_org->named >= 3 &&
        (!subj || main_org->named >= 2 * subj->named))
        pick_seen(pk, x, r, main_org, DG_WHY_MAIN);
    for (size_t j = first; j <= last; j++)
        if (x->seen[j].sal == DG_SAL_SUBJECT)
            pick_seen(pk, x, r, &x->seen[j], DG_WHY_SUBJECT);
    for (size_t j = first; j <= last; j++)
        if (x->seen[j].sal == DG_SAL_COSUBJECT)
            pick_seen(pk, x, r, &x->seen[j], DG_WHY_COSUBJECT);
}

/* The latest mention before `at` of the organization named canonical. */
static const dg_seen *last_seen(const dg_extractor *x, const char *canonical, size_t at)
{
    for (size_t k = x->nseen; k-- > 0;)
        if (x->seen[k].pos < at && strcmp(x->seen[k].canonical, canonical) == 0)
            return &x->seen[k];
    return NULL;
}

/* "The two companies" where no "X and Y" is the subject: the two parties
 * of the partnership the document stated last ("The partnership between
 * Rakuten and Walmart is not new. The two companies launched ..."), when
 * both fit. (Any relation's parties lost on dev: an investor named last
 * is seldom one of "the two".) */
static void pick_relation_pair(dg_extractor *x, const dg_rule *r, coref_picks *pk, size_t at)
{
    if (!x->res || pk->want != 2 || pk->n != 0)
        return;
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < x->res->rels.n; i++)
        if (x->res->rels.v[i].nparties == 2 && !x->res->rels.v[i].directed &&
            (best == SIZE_MAX || x->relmeta[i].last >= x->relmeta[best].last))
            best = i;
    if (best == SIZE_MAX)
        return;
    const dg_relation *rel = &x->res->rels.v[best];
    const dg_seen *a = last_seen(x, rel->parties[0], at), *b = last_seen(x, rel->parties[1], at);
    if (!a || !b || !pick_seen(pk, x, r, a, DG_WHY_RELATION))
        return;
    if (!pick_seen(pk, x, r, b, DG_WHY_RELATION))
        pk->n = 0;
}

/* "The three companies" after "formed by Amazon, Berkshire Hathaway and
 * JPMorgan Chase": the latest list of exactly as many names as the phrase
 * counts, in this sentence or the two before, when all fit. */
static void pick_list(dg_extractor *x, const dg_rule *r, coref_picks *pk, size_t at)
{
    if (pk->want < 2 || pk->n != 0)
        return;
    for (size_t k = x->nseen; k-- > 0;) {
        const dg_seen *c = &x->seen[k];
        if (c->sent + 2 < x->sent_idx)
            return;
        if (!c->list || c->pos >= at)
            continue;
        size_t first = c->list - 1;
        if (k + 1 - first == (size_t)pk->want) {
            for (size_t j = first; j <= k; j++)
                if (!pick_seen(pk, x, r, &x->seen[j], DG_WHY_LIST))
                    break;
            if (pk->n == pk->want)
                return;
            pk->n = 0;
        }
        k = first; /* the list's earlier names are done */
    }
}

/* "Delta bought 49% of Virgin Atlantic from Singapore Airlines. The two
 * companies asked for ...": when only the subject of the sentence came
 * out as one of the two, the other is its counterpart in a relation that
 * sentence stated, not the name written last. */
static void pick_counterpart(dg_extractor *x, const dg_rule *r, coref_picks *pk, size_t at)
{
    if (!x->res || pk->want != 2 || pk->n != 1)
        return;
    const dg_seen *subj = pk->v[0];
    for (size_t i = 0; i < x->res->rels.n && pk->n < 2; i++) {
        const dg_relation *rel = &x->res->rels.v[i];
        const dg_relmeta *rm = &x->relmeta[i];
        if (rel->nparties != 2 || rm->sent > subj->sent || rm->last < subj->sent)
            continue;
        int me = strcmp(rel->parties[0], subj->canonical) == 0   ? 0
                 : strcmp(rel->parties[1], subj->canonical) == 0 ? 1
                                                                 : -1;
        if (me < 0)
            continue;
        const dg_seen *o = last_seen(x, rel->parties[1 - me], at);
        if (o && o->sent == subj->sent)
            pick_seen(pk, x, r, o, DG_WHY_COUNTERPART);
    }
}

/* Whether seen[first..last] has a coordinated subject: "X and Y agreed". */
static bool has_cosubject(const dg_extractor *x, size_t first, size_t last)
{
    for (size_t j = first; j <= last; j++)
        if (x->seen[j].sal == DG_SAL_COSUBJECT)
            return true;
    return false;
}

/* The document's main organization that fits: named at least three times
 * so far and half as often again as any other that fits. For a phrase
 * opening a clause whose nearest sentences have no subject that fits
 * ("CUB is ahead of Lion, the unit of Kirin. The Japanese company has been
 * buying abroad": Asahi, named all along, not Kirin). */
static void pick_main(dg_extractor *x, const dg_rule *r, coref_picks *pk, size_t at)
{
    /* From the end, an organization's first entry is its latest before
     * `at`, which holds its count; an older entry of one that lost counts
     * less and loses again, so no organization needs remembering beyond
     * the two kept. */
    const dg_seen *best = NULL, *second = NULL;
    for (size_t k = x->nseen; k-- > 0;) {
        const dg_seen *c = &x->seen[k];
        if (c->pos >= at || !type_ok(r, c) || seen_picked(pk->v, pk->n, c))
            continue;
        if ((best && strcmp(best->canonical, c->canonical) == 0) ||
            (second && strcmp(second->canonical, c->canonical) == 0))
            continue;
        if (!best || c->named > best->named) {
            second = best;
            best = c;
        } else if (!second || c->named > second->named) {
            second = c;
        }
    }
    if (best && best->named >= 3 && (!second || 2 * best->named >= 3 * second->named))
        pick_seen(pk, x, r, best, DG_WHY_MAIN);
}

/* Candidates in earlier sentences: with `salient`, the salient ones of the
 * most recent sentence that holds a fitting organization (pick_salient), or
 * when it has none, of the sentence just before it ("Shares of X rose."
 * has no subject); then the most recent ones. */
static void coref_earlier(dg_extractor *x, const dg_rule *r, coref_picks *pk, size_t at,
                          bool salient)
{
    size_t k = x->nseen;
    while (salient && k-- > 0) {
        const dg_seen *c = &x->seen[k];
        if (c->pos < at && type_ok(r, c) && !seen_picked(pk->v, pk->n, c))
            break;
    }
    if (salient && k < x->nseen) {
        size_t first = k;
        while (first > 0 && x->seen[first - 1].sent == x->seen[k].sent)
            first--;
        int n0 = pk->n;
        pick_list(x, r, pk, at);
        if (!has_cosubject(x, first, k))
            pick_relation_pair(x, r, pk, at);
        pick_salient(x, r, pk, first, k);
        pick_counterpart(x, r, pk, at);
        if (pk->n == n0 && first > 0 && x->seen[first - 1].sent + 1 == x->seen[k].sent) {
            size_t last = first - 1;
            first = last;
            while (first > 0 && x->seen[first - 1].sent == x->seen[last].sent)
                first--;
            pick_salient(x, r, pk, first, last);
        }
        if (pk->n == n0 && pk->want == 1)
            pick_main(x, r, pk, at);
    }
    pick_relation_pair(x, r, pk, at);
    for (k = x->nseen; k-- > 0 && pk->n < pk->want;)
        if (x->seen[k].pos < at)
            pick_seen(pk, x, r, &x->seen[k], DG_WHY_RECENT);
}

/* Whether the phrase s[ms, me) of the sentence s[0, n) is the speaker of a
 * postposed attribution: after a comma, before "said", "says", "added" or
 * "announced", and at most eight words without a comma to the sentence's
 * end ("..., the company said on Thursday."). */
static bool attribution(const char *s, size_t n, size_t ms, size_t me)
{
    if (ms < 2 || s[ms - 1] != ' ' || s[ms - 2] != ',')
        return false;
    static const char *const verbs[] = {" said", " says", " added", " announced", NULL};
    size_t e = me;
    bool verb = false;
    for (const char *const *v = verbs; *v && !verb; v++)
        if (strncmp(s + me, *v, strlen(*v)) == 0) {
            verb = true;
            e = me + strlen(*v);
        }
    if (!verb || e > n || (e < n && isalnum((unsigned char)s[e])))
        return false;
    /* up to the end: at most eight words, no comma */
    unsigned words = 0;
    for (size_t i = e; i < n; i++) {
        if (s[i] == ',' || s[i] == ';' || s[i] == '"')
            return false;
        if (s[i] == ' ' && ++words > 8)
            return false;
    }
    return true;
}

/* "FIFA said it would ...": the pronoun names the speaker right before
 * "said"; a speaker of a type the block does not take (a federation, a
 * ministry) leaves the pronoun unresolved rather than handing it to an
 * organization of an earlier sentence. */
static bool speaker_unfit(const dg_extractor *x, const dg_rule *r, const sentence_at *sa,
                          size_t ms, size_t me)
{
    static const char *const pron[] = {"it", "its", NULL};
    if (r->sector || !one_word_of(sa->s + ms, me - ms, pron))
        return false;
    const dg_ment *near = NULL;
    for (size_t k = 0; k < x->nments; k++) {
        const dg_ment *cm = &x->ments[k];
        if (cm->kind == DG_KIND_ORG && cm->start >= sa->sbase && cm->end <= sa->sbase + ms &&
            (!near || cm->end > near->end))
            near = cm;
    }
    if (!near)
        return false;
    /* between them: "said", "says" or "told ...", then up to three words
     * ("on Monday", "in a statement"), no comma */
    size_t a = near->end - sa->sbase;
    while (a < ms && space_byte(sa->s[a]))
        a++;
    static const char *const verbs[] = {"said", "says", NULL};
    size_t w = a;
    while (w < ms && !space_byte(sa->s[w]))
        w++;
    if (!one_word_of(sa->s + a, w - a, verbs))
        return false;
    unsigned words = 0;
    for (size_t i = w; i < ms; i++) {
        if (sa->s[i] == ',' || sa->s[i] == ';' || sa->s[i] == '"')
            return false;
        if (space_byte(sa->s[i]) && i + 1 < ms && !space_byte(sa->s[i + 1]) && ++words > 3)
            return false;
    }
    dg_seen c = {near->canonical, near->type, NULL, near->parent, near->org,
                 near->start,     x->sent_idx, near->sal, 0, 0};
    return !type_ok(r, &c);
}

/* A coreference phrase a pattern found, kept until the sentence's phrases
 * are resolved in text order. */
typedef struct coref_hit {
    const dg_rule *r;
    size_t ms, me;   /* in the sentence */
    size_t cs, cl;   /* its `country` group, cl 0 when none */
    size_t seq;      /* order found: blocks run in priority order */
} coref_hit;

typedef struct coref_hits {
    const sentence_at *at;
    coref_hit *v;
    size_t n, cap;
    bool oom;
} coref_hits;

/* One phrase: it names the salient (or, with `resolve recent`, the most
 * recent) fitting organizations before it. */
static void resolve_phrase(dg_extractor *x, const coref_hit *h, const sentence_at *at,
                           size_t n)
{
    const dg_rule *r = h->r;
    size_t sbase = at->sbase;
    const char *s = at->s;
    size_t ms = h->ms, me = h->me;
    if (dg_i_overlaps_any(x, sbase + ms, sbase + me, 0))
        return; /* a phrase resolved before covers it */
    if (speaker_unfit(x, r, at, ms, me)) {
        if (x->trace)
            fprintf(x->trace, "    - coref %s: '%.*s' names the speaker before it, of another type\n",
                    r->id, (int)(me - ms), s + ms);
        return;
    }
    /* earlier in this sentence first, then earlier sentences (the other way
     * round with "prefer earlier") */
    coref_picks pk;
    pk.n = pk.nhere = 0;
    pk.want = r->count;
    pk.country = NULL;
    const char *cw = s + h->cs;
    size_t cwl = h->cl;
    if (cwl) {
        /* a nationality names only organizations listed with that country;
         * one the tables do not know leaves the phrase as text */
        dg_buf *b = &x->scratch;
        b->len = 0;
        dg_fold_append(b, cw, cwl);
        pk.country = dg_i_country(x->rs, b->p ? b->p : "", b->len);
        if (!pk.country) {
            if (x->trace)
                fprintf(x->trace, "    - coref %s: '%.*s' is in no country table\n", r->id,
                        (int)cwl, cw);
            return;
        }
    }
    /* only a phrase that opens a clause ("The company said", "..., and
     * it", "said it") names the salient organization; inside a clause (an
     * object: "invested in the startup") the nearest one fits better */
    bool salient = r->resolve == DG_RESOLVE_SUBJECT && clause_starts(s, ms, true);
    bool joined = salient && !clause_starts(s, ms, false) && opens_coordinate(s, ms);
    /* a postposed attribution ("X has bought Y, the company said on
     * Thursday") names the speaker, the subject of the sentence */
    bool attributed = attribution(s, n, ms, me);
    bool speaker = attributed && r->count == 1; /* "the two companies said" names the pair */
    if (attributed)
        joined = true;
    if (speaker)
        salient = true;
    for (int pass = 0; pass < 2; pass++) {
        if ((pass == 0) != r->earlier_first)
            coref_here(x, r, &pk, sbase + ms, at, joined, speaker, me - ms);
        else
            coref_earlier(x, r, &pk, sbase + ms, salient);
    }
    if (pk.n < r->count) {
        if (x->trace)
            fprintf(x->trace,
                    "    - coref %s: '%.*s' has no earlier organization that fits\n",
                    r->id, (int)(me - ms), s + ms);
        return;
    }
    const char *phrase = dg_i_pool_keep(x, strndup(s + ms, me - ms));
    long prev = -1;
    for (int j = pk.n - 1; j >= 0; j--) {
        dg_ment *m = dg_i_ment_add(x);
        if (!m)
            return;
        const dg_seen *c = pk.v[j];
        m->start = sbase + ms;
        m->end = sbase + me;
        m->kind = DG_KIND_ORG;
        m->org = c->org;
        m->canonical = c->canonical;
        m->type = c->type;
        m->sector = c->sector;
        m->parent = c->parent;
        m->rule = r->id;
        m->resolved_from = phrase;
        m->also = prev;
        m->why = pk.why[j];
        m->why_sent = c->sent;
        prev = (long)(x->nments - 1);
    }
}

/* One match, kept unless it overlaps an organization mention. Phrases
 * that overlap each other are all kept: the first that resolves wins. */
static void keep_coref(dg_extractor *x, const dg_rule *r, const dg_pattern *p,
                       const PCRE2_SIZE *ov, void *ctx)
{
    coref_hits *hs = ctx;
    size_t ms = ov[0], me = ov[1];
    if (hs->oom || dg_i_overlaps_any(x, hs->at->sbase + ms, hs->at->sbase + me, 0))
        return;
    if (hs->n == hs->cap) {
        size_t cap = hs->cap ? hs->cap * 2 : 8;
        coref_hit *v = realloc(hs->v, cap * sizeof *v);
        if (!v) {
            hs->oom = true;
            return;
        }
        hs->v = v;
        hs->cap = cap;
    }
    coref_hit *h = &hs->v[hs->n++];
    *h = (coref_hit){r, ms, me, 0, 0, hs->n - 1};
    const char *cw;
    size_t cwl;
    if (dg_i_group_text(x, p, "country", hs->at->s, &cw, &cwl)) {
        h->cs = (size_t)(cw - hs->at->s);
        h->cl = cwl;
    }
}

static int cmp_hit(const void *a, const void *b)
{
    const coref_hit *x = a, *y = b;
    if (x->ms != y->ms)
        return x->ms < y->ms ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The sentence's phrases are found first and resolved in text order, so
 * that a phrase can take the subject an earlier one resolved to ("Earlier
 * this year it bought A, and in 2017 it bought B"). */
void dg_i_find_corefs(dg_extractor *x, size_t sbase, const char *s, size_t n)
{
    sentence_at at = {sbase, s};
    coref_hits hs = {&at, NULL, 0, 0, false};
    dg_i_each_match(x, DG_RK_COREF, s, n, keep_coref, &hs);
    if (hs.n > 1)
        qsort(hs.v, hs.n, sizeof *hs.v, cmp_hit);
    for (size_t i = 0; i < hs.n; i++)
        resolve_phrase(x, &hs.v[i], &at, n);
    free(hs.v);
}
