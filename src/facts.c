/* Facts: an amount, round, stake or later status stated apart from the
 * sentence that names a deal's parties ("The round was led by X", "The deal
 * closed in November"). find_facts collects a sentence's facts after its
 * relations are in the result; apply_facts hands their values to the
 * document's relations once every sentence is read. */
#include "extract_internal.h"

#include <stdlib.h>
#include <string.h>

static int rel_type_index(const dg_extractor *x, const dg_relation *r)
{
    for (size_t k = 0; k < x->rs->nreltypes; k++)
        if (strcmp(x->rs->reltypes[k].name, r->type) == 0)
            return (int)k;
    return -1;
}

/* One fact match: records the amount, round or stake it states, and the
 * deal's target when it names one. */
static void take_fact(dg_extractor *x, const dg_rule *r, const dg_pattern *p,
                      const PCRE2_SIZE *ov, void *ctx)
{
    const dg_doc_result *res = ctx;
    const dg_ruleset *rs = x->rs;
    const char *m = x->masked.p;
    dg_fact f = {.rule = r, .type = r->reltype, .sent = x->sent_idx,
                 .has_status = r->has_status, .status = r->status};
    for (size_t k = 0; k < p->nslots; k++) {
        const dg_slot *sl = &p->slots[k];
        size_t a = ov[2 * sl->group], e = ov[2 * sl->group + 1];
        if (a == PCRE2_UNSET)
            continue;
        size_t org;
        long mi;
        switch (sl->role) {
        case DG_ROLE_TARGET:
            if (!f.target && dg_i_orgs_in(x, a, e, &org, 1))
                f.target = x->ments[org].canonical;
            break;
        case DG_ROLE_SOURCE:
            if (!f.source && dg_i_orgs_in(x, a, e, &org, 1))
                f.source = x->ments[org].canonical;
            break;
        case DG_ROLE_AMOUNT:
            if (!f.has_amount && (mi = dg_i_ment_in(x, a, e, DG_KIND_MONEY)) >= 0) {
                f.has_amount = true;
                f.amount = x->ments[mi].amount;
                memcpy(f.currency, x->ments[mi].currency, 4);
            }
            break;
        case DG_ROLE_STAKE:
            if (!f.has_stake && (mi = dg_i_ment_in(x, a, e, DG_KIND_PERCENT)) >= 0) {
                f.has_stake = true;
                f.stake = x->ments[mi].pct;
            }
            break;
        case DG_ROLE_ROUND:
            if (!f.round[0])
                dg_i_normalize_round(f.round, sizeof f.round, m + a, e - a);
            break;
        default:
            break;
        }
    }
    if (!f.has_amount && !f.has_stake && !f.round[0] && !f.has_status)
        return;
    const char *ew;
    size_t el;
    f.each = dg_i_group_text(x, p, "each", m, &ew, &el);
    if (!f.target && !f.source) {
        /* "the deal": the deal of its type mentioned last, up to this
         * sentence; without one, the next deal (dg_i_apply_facts) */
        for (size_t i = 0; i < res->rels.n; i++) {
            const dg_relmeta *mt = &x->relmeta[i];
            /* a status speaks of any deal; values only of deals whose
             * rules inherit them, or of this sentence's */
            if (rel_type_index(x, &res->rels.v[i]) != f.type ||
                (!mt->inherit && mt->last != x->sent_idx && !f.has_status))
                continue;
            if (!f.ntakers || mt->last > f.anchor) {
                f.anchor = mt->last;
                f.ntakers = 0;
            }
            if (mt->last == f.anchor && f.ntakers < DG_FACT_TAKERS)
                f.takers[f.ntakers++] = i;
        }
    }
    if (x->trace) {
        fprintf(x->trace, "  fact %s (%s:%u): %s of %s", r->id, r->file, p->line,
                rs->reltypes[r->reltype].name, f.target ? f.target : "the deal");
        if (f.source)
            fprintf(x->trace, " by %s", f.source);
        if (f.has_amount)
            fprintf(x->trace, "  amount %.0f %s", f.amount, f.currency);
        if (f.round[0])
            fprintf(x->trace, "  round %s", f.round);
        if (f.has_stake)
            fprintf(x->trace, "  stake %g%%", f.stake);
        if (f.has_status)
            fprintf(x->trace, "  status %s", dg_rel_status_str(f.status));
        fputc('\n', x->trace);
    }
    if (x->nfacts == x->capfacts) {
        size_t cap = x->capfacts ? x->capfacts * 2 : 8;
        dg_fact *v = realloc(x->facts, cap * sizeof *v);
        if (!v)
            return; /* a fact is extra evidence: going without it loses no relation */
        x->facts = v;
        x->capfacts = cap;
    }
    x->facts[x->nfacts++] = f;
}

/* Fact rules over the masked sentence. */
void dg_i_find_facts(dg_extractor *x, const dg_doc_result *res)
{
    dg_i_each_match(x, DG_RK_FACT, x->masked.p, x->masked.len, take_fact, (void *)res);
}

static bool fact_has(const dg_fact *f, unsigned want)
{
    return want == DG_INHERIT_AMOUNT ? f->has_amount
           : want == DG_INHERIT_ROUND ? f->round[0] != 0
                                      : f->has_stake;
}

static bool rel_lacks(const dg_relation *r, unsigned want)
{
    return want == DG_INHERIT_AMOUNT ? !r->has_amount
           : want == DG_INHERIT_ROUND ? !r->round
                                      : !r->has_stake;
}

/* Whether relation i can take `want` (type t, lacking it, a lead for an
 * amount); may_take: and its rules inherit it. */
static bool can_take(const dg_extractor *x, const dg_doc_result *res, size_t i, int t,
                     unsigned want)
{
    const dg_relation *r = &res->rels.v[i];
    return r->directed && r->nparties == 2 && rel_lacks(r, want) &&
           (want != DG_INHERIT_AMOUNT || x->relmeta[i].lead) && rel_type_index(x, r) == t;
}

static bool may_take(const dg_extractor *x, const dg_doc_result *res, size_t i, int t,
                     unsigned want)
{
    return (x->relmeta[i].inherit & want) && can_take(x, res, i, t, want);
}

/* A fact naming no party: the deal of its own sentence takes it whatever
 * its rules ("after the $3.6 billion deal was announced"); a deal of an
 * earlier or later sentence only if its rules inherit it. */
static bool fact_may_take(const dg_extractor *x, const dg_doc_result *res, size_t i,
                          const dg_fact *f, unsigned want)
{
    bool here = f->ntakers && f->anchor == f->sent;
    return here ? can_take(x, res, i, f->type, want) : may_take(x, res, i, f->type, want);
}

/* Whether fact f is told within two sentences of the sentences that state
 * the relation: the reach of a value that a relation whose rules do not
 * inherit it takes from a fact naming its source or from an `each` fact
 * (further away, "Nvidia is committing $10 billion" may be another deal). */
static bool told_near(const dg_fact *f, const dg_relmeta *mt)
{
    return f->sent + 2 >= mt->sent && f->sent <= mt->last + 2;
}

/* The same for an amount every taker put in ("Each of them will put in
 * HK$40.2 billion"): no lead needed, and as with a fact naming its source,
 * a relation whose rules do not inherit amounts takes it within two
 * sentences. */
static bool fact_may_take_each(const dg_extractor *x, const dg_doc_result *res, size_t i,
                               const dg_fact *f)
{
    const dg_relation *r = &res->rels.v[i];
    const dg_relmeta *mt = &x->relmeta[i];
    return r->directed && r->nparties == 2 && !r->has_amount &&
           rel_type_index(x, r) == f->type &&
           ((mt->inherit & DG_INHERIT_AMOUNT) || told_near(f, mt));
}

/* Whether relation i is a lead of type t on target tgt still without an
 * amount. */
static bool lead_on(const dg_extractor *x, const dg_doc_result *res, size_t i, int t,
                    const char *tgt)
{
    const dg_relation *r = &res->rels.v[i];
    return r->directed && r->nparties == 2 && x->relmeta[i].lead &&
           strcmp(r->parties[1], tgt) == 0 && rel_type_index(x, r) == t &&
           rel_lacks(r, DG_INHERIT_AMOUNT);
}

/* Leads of type t on target tgt in the document, still without an amount:
 * an amount naming only the target is unambiguous when one deal has a lead
 * there ("the acquisition of Costa for £3.9bn" says nothing of Costa's
 * earlier owner's deal), and a lead of an earlier round that has its own
 * amount does not compete for it. The co-leads of one `each` match count as
 * one ("The round was co-led by A and B": each takes the round's sum). */
static size_t leads_on(const dg_extractor *x, const dg_doc_result *res, int t, const char *tgt)
{
    size_t n = 0;
    for (size_t i = 0; i < res->rels.n; i++) {
        if (!lead_on(x, res, i, t, tgt))
            continue;
        size_t g = x->relmeta[i].group;
        bool again = false;
        for (size_t j = 0; g && j < i && !again; j++)
            again = x->relmeta[j].group == g && lead_on(x, res, j, t, tgt);
        n += !again;
    }
    return n;
}

static dg_status take_value(dg_extractor *x, dg_relation *r, const dg_fact *f, unsigned want)
{
    static const char *const what[] = {"", "amount", "round", "", "stake"};
    if (want == DG_INHERIT_AMOUNT) {
        r->has_amount = true;
        r->amount = f->amount;
        memcpy(r->currency, f->currency, 4);
    } else if (want == DG_INHERIT_ROUND) {
        if (!(r->round = strdup(f->round)))
            return DG_ENOMEM;
    } else {
        r->has_stake = true;
        r->stake_percent = f->stake;
    }
    if (x->trace)
        fprintf(x->trace,
                "  relation %s %s -> %s takes the %s from fact %s (%s:%u), sentence %zu\n",
                r->type, r->parties[0], r->parties[1], what[want], f->rule->id, f->rule->file,
                f->rule->line, f->sent + 1);
    return DG_OK;
}

/* The nearer of two facts to a relation first stated in sentence `sent`:
 * at or before it first, the latest of those, else the earliest after. */
static bool nearer(const dg_fact *f, const dg_fact *best, size_t sent)
{
    bool before = f->sent <= sent, best_before = best && best->sent <= sent;
    return !best || (before && !best_before) ||
           (before == best_before && (before ? f->sent > best->sent : f->sent < best->sent));
}

/* The fact nearest to relation i (see nearer) that gives `want` of its
 * type and names, with by_source, its source (and a target the fact names
 * must be the relation's; a relation whose rules do not inherit the value
 * takes it only from a fact told_near it), else its target. NULL when none
 * does. */
static const dg_fact *nearest_fact(const dg_extractor *x, size_t i, const dg_relation *r, int t,
                                   unsigned want, bool by_source)
{
    const dg_relmeta *mt = &x->relmeta[i];
    bool inherits = mt->inherit & want;
    const dg_fact *best = NULL;
    for (size_t k = 0; k < x->nfacts; k++) {
        const dg_fact *f = &x->facts[k];
        if (f->type != t || !fact_has(f, want))
            continue;
        if (by_source) {
            if (!f->source || strcmp(f->source, r->parties[0]) != 0 ||
                (f->target && strcmp(f->target, r->parties[1]) != 0) ||
                (!inherits && !told_near(f, mt)))
                continue;
        } else if (!f->target || f->source || strcmp(f->target, r->parties[1]) != 0) {
            continue;
        }
        if (nearer(f, best, mt->sent))
            best = f;
    }
    return best;
}

/* Values from facts that name the relation's source ("with Nvidia
 * committing up to $10 billion and Microsoft up to $5 billion"): the value
 * is that investor's own, so it needs no lead. */
static dg_status fill_from_source_facts(dg_extractor *x, dg_doc_result *res, unsigned want)
{
    dg_status st = DG_OK;
    for (size_t i = 0; i < res->rels.n && st == DG_OK; i++) {
        dg_relation *r = &res->rels.v[i];
        if (!r->directed || r->nparties != 2 || !rel_lacks(r, want))
            continue;
        const dg_fact *best = nearest_fact(x, i, r, rel_type_index(x, r), want, true);
        if (best)
            st = take_value(x, r, best, want);
    }
    return st;
}

/* Values from facts that name their target: the nearest such fact at or
 * before the relation's first sentence, else the nearest after. */
static dg_status fill_from_target_facts(dg_extractor *x, dg_doc_result *res, unsigned want)
{
    dg_status st = DG_OK;
    for (size_t i = 0; i < res->rels.n && st == DG_OK; i++) {
        dg_relation *r = &res->rels.v[i];
        int t = rel_type_index(x, r);
        if (!may_take(x, res, i, t, want))
            continue;
        if (want == DG_INHERIT_AMOUNT && leads_on(x, res, t, r->parties[1]) != 1)
            continue;
        const dg_fact *best = nearest_fact(x, i, r, t, want, false);
        if (best)
            st = take_value(x, r, best, want);
    }
    return st;
}

/* Values from facts that name no party ("the deal"): the relations of the
 * deal mentioned last when the fact was read, else of the deal first
 * mentioned after it. */
static dg_status fill_from_deal_facts(dg_extractor *x, dg_doc_result *res, unsigned want)
{
    dg_status st = DG_OK;
    for (size_t k = 0; k < x->nfacts && st == DG_OK; k++) {
        const dg_fact *f = &x->facts[k];
        if (f->target || f->source || !fact_has(f, want))
            continue;
        size_t takers[DG_FACT_TAKERS], nt = 0;
        if (f->ntakers) {
            memcpy(takers, f->takers, f->ntakers * sizeof *takers);
            nt = f->ntakers;
        } else {
            size_t next = 0;
            for (size_t i = 0; i < res->rels.n; i++) {
                const dg_relmeta *mt = &x->relmeta[i];
                if (mt->sent <= f->sent || !mt->inherit ||
                    rel_type_index(x, &res->rels.v[i]) != f->type)
                    continue;
                if (!nt || mt->sent < next) {
                    next = mt->sent;
                    nt = 0;
                }
                if (mt->sent == next && nt < DG_FACT_TAKERS)
                    takers[nt++] = i;
            }
        }
        /* an amount is one deal's: several leads at once take none, unless
         * the fact says each put it in or they are co-leads of one match */
        size_t ok = 0;
        bool may[DG_FACT_TAKERS];
        for (size_t j = 0; j < nt; j++) {
            may[j] = fact_may_take(x, res, takers[j], f, want);
            if (!may[j])
                continue;
            size_t g = x->relmeta[takers[j]].group;
            bool again = false;
            for (size_t q = 0; g && q < j && !again; q++)
                again = may[q] && x->relmeta[takers[q]].group == g;
            ok += !again;
            if (want != DG_INHERIT_AMOUNT)
                st = take_value(x, &res->rels.v[takers[j]], f, want);
        }
        if (want == DG_INHERIT_AMOUNT && f->each) {
            for (size_t j = 0; j < nt && st == DG_OK; j++)
                if (fact_may_take_each(x, res, takers[j], f))
                    st = take_value(x, &res->rels.v[takers[j]], f, want);
        } else if (want == DG_INHERIT_AMOUNT && ok == 1) {
            for (size_t j = 0; j < nt && st == DG_OK; j++)
                if (may[j])
                    st = take_value(x, &res->rels.v[takers[j]], f, want);
        }
    }
    return st;
}

/* Statuses from facts: a later stage wins, as when sentences are merged. */
static void apply_fact_statuses(dg_extractor *x, dg_doc_result *res)
{
    for (size_t k = 0; k < x->nfacts; k++) {
        const dg_fact *f = &x->facts[k];
        if (!f->has_status)
            continue;
        for (size_t i = 0; i < res->rels.n; i++) {
            dg_relation *r = &res->rels.v[i];
            bool taker = false;
            if (f->source)
                taker = r->directed && r->nparties == 2 && strcmp(r->parties[0], f->source) == 0 &&
                        (!f->target || strcmp(r->parties[1], f->target) == 0);
            else if (f->target)
                taker = r->directed && r->nparties == 2 && strcmp(r->parties[1], f->target) == 0;
            else
                for (size_t j = 0; j < f->ntakers && !taker; j++)
                    taker = f->takers[j] == i;
            if (!taker || rel_type_index(x, r) != f->type ||
                dg_i_status_rank(f->status) <= dg_i_status_rank(r->status))
                continue;
            r->status = f->status;
            if (x->trace)
                fprintf(x->trace,
                        "  relation %s %s -> %s takes the status %s from fact %s (%s:%u), "
                        "sentence %zu\n",
                        r->type, r->parties[0], r->parties[1], dg_rel_status_str(f->status),
                        f->rule->id, f->rule->file, f->rule->line, f->sent + 1);
        }
    }
}

/* Relations whose rules inherit values take what they lack from the
 * document's facts: "The round was led by X" gets the round's amount and
 * series from "Y raised $50 million in a Series B round". A fact naming its
 * target serves that target's relations, the nearest fact at or before the
 * relation first, else the nearest after. A fact naming no party ("the
 * $2 billion deal") serves the deal mentioned last before it (else the next
 * one). An amount goes to a lead only: the other investors of a round put
 * in an unknown part. */
dg_status dg_i_apply_facts(dg_extractor *x, dg_doc_result *res)
{
    static const unsigned wants[] = {DG_INHERIT_AMOUNT, DG_INHERIT_ROUND, DG_INHERIT_STAKE};
    for (size_t w = 0; w < sizeof wants / sizeof *wants; w++) {
        dg_status st = fill_from_source_facts(x, res, wants[w]);
        if (st == DG_OK)
            st = fill_from_target_facts(x, res, wants[w]);
        if (st == DG_OK)
            st = fill_from_deal_facts(x, res, wants[w]);
        if (st != DG_OK)
            return st;
    }
    apply_fact_statuses(x, res);
    return DG_OK;
}
