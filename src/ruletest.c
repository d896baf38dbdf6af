/* Examples written beside rules, run through the whole pipeline with the
 * full rule set (so a rule shadowed by another shows), and mention output. */
#include "extract_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool same_org(const dg_ruleset *rs, const char *a, const char *b)
{
    const char *ca = dg_ruleset_canonical(rs, a, NULL, NULL);
    const char *cb = dg_ruleset_canonical(rs, b, NULL, NULL);
    if (ca && cb)
        return strcmp(ca, cb) == 0;
    char *ka = dg_ruleset_org_key(rs, ca ? ca : a), *kb = dg_ruleset_org_key(rs, cb ? cb : b);
    bool eq = ka && kb && strcmp(ka, kb) == 0;
    free(ka);
    free(kb);
    return eq;
}

static bool rel_matches(const dg_ruleset *rs, const dg_relation *r, const dg_expect_rel *e,
                        char *why, size_t whylen)
{
    if (strcmp(r->type, e->type) != 0 || r->nparties != e->nparties)
        return false;
    for (size_t i = 0; i < e->nparties; i++) {
        bool found = false;
        if (r->directed)
            found = same_org(rs, r->parties[i], e->parties[i]);
        else
            for (size_t j = 0; j < r->nparties && !found; j++)
                found = same_org(rs, r->parties[j], e->parties[i]);
        if (!found)
            return false;
    }
    /* parties agree: the remaining fields say why it is not a match */
    if (e->has_status && r->status != e->status) {
        snprintf(why, whylen, "status is %s, expected %s", dg_rel_status_str(r->status),
                 dg_rel_status_str(e->status));
        return false;
    }
    if (e->has_amount &&
        (!r->has_amount || fabs(r->amount - e->amount) > 1e-6 * fabs(e->amount) + 1e-9 ||
         strcmp(r->currency, e->currency) != 0)) {
        if (r->has_amount)
            snprintf(why, whylen, "amount is %.0f %s, expected %.0f %s", r->amount, r->currency,
                     e->amount, e->currency);
        else
            snprintf(why, whylen, "no amount, expected %.0f %s", e->amount, e->currency);
        return false;
    }
    if (e->round && (!r->round || strcmp(r->round, e->round) != 0)) {
        snprintf(why, whylen, "round is %s, expected %s", r->round ? r->round : "none", e->round);
        return false;
    }
    if (e->has_stake && (!r->has_stake || fabs(r->stake_percent - e->stake) > 1e-6)) {
        snprintf(why, whylen, "stake differs, expected %g", e->stake);
        return false;
    }
    return true;
}

static void describe(const dg_doc_result *res, char *buf, size_t len)
{
    size_t off = 0;
    buf[0] = 0;
    if (res->rels.n == 0) {
        snprintf(buf, len, "no relation");
        return;
    }
    for (size_t i = 0; i < res->rels.n && off + 1 < len; i++) {
        const dg_relation *r = &res->rels.v[i];
        int k = snprintf(buf + off, len - off, "%s%s %s", i ? "; " : "", r->type, r->parties[0]);
        if (k < 0)
            return;
        off += (size_t)k;
        for (size_t j = 1; j < r->nparties && off + 1 < len; j++) {
            k = snprintf(buf + off, len - off, " %s %s", r->directed ? "->" : "+", r->parties[j]);
            if (k < 0)
                return;
            off += (size_t)k;
        }
        if (off + 1 < len) {
            k = snprintf(buf + off, len - off, " (%s, rule %s)", dg_rel_status_str(r->status),
                         r->rule);
            if (k > 0)
                off += (size_t)k;
        }
    }
}

static bool check_example(const dg_ruleset *rs, const dg_rule *r, const dg_example *ex,
                          const dg_doc_result *res, char *msg, size_t msglen)
{
    char got[1024];
    describe(res, got, sizeof got);
    if (ex->counter) {
        switch (r->kind) {
        case DG_RK_RELATION:
            for (size_t i = 0; i < res->rels.n; i++)
                if (strcmp(res->rels.v[i].type, rs->reltypes[r->reltype].name) == 0) {
                    snprintf(msg, msglen, "counterexample of %s %s yields %s",
                             dg_i_kind_word(r->kind), r->id,
                             got);
                    return false;
                }
            return true;
        case DG_RK_ORGPATTERN:
        case DG_RK_COREF:
            for (size_t i = 0; i < res->nmentions; i++)
                if (res->mentions[i].rule && strcmp(res->mentions[i].rule, r->id) == 0) {
                    snprintf(msg, msglen, "counterexample of %s %s finds organization '%s' (\"%s\")",
                             dg_i_kind_word(r->kind), r->id, res->mentions[i].canonical,
                             res->mentions[i].surface);
                    return false;
                }
            return true;
        case DG_RK_CUE:
            for (size_t i = 0; i < res->rels.n; i++)
                if (res->rels.v[i].status == r->status) {
                    snprintf(msg, msglen, "counterexample of cue %s yields status %s: %s", r->id,
                             dg_rel_status_str(r->status), got);
                    return false;
                }
            return true;
        case DG_RK_FACT: /* no relation of its type gets a value (or its status) */
            for (size_t i = 0; i < res->rels.n; i++) {
                const dg_relation *rl = &res->rels.v[i];
                if (r->has_status && strcmp(rl->type, rs->reltypes[r->reltype].name) == 0 &&
                    rl->status == r->status) {
                    snprintf(msg, msglen, "counterexample of fact %s yields status %s: %s",
                             r->id, dg_rel_status_str(r->status), got);
                    return false;
                }
                if (!r->has_status && strcmp(rl->type, rs->reltypes[r->reltype].name) == 0 &&
                    (rl->has_amount || rl->round || rl->has_stake)) {
                    snprintf(msg, msglen, "counterexample of fact %s yields a %s with %s: %s",
                             r->id, rl->type,
                             rl->has_amount ? "an amount" : rl->round ? "a round" : "a stake", got);
                    return false;
                }
            }
            return true;
        default: /* vetoes, money, percent: nothing of the types it guards */
            for (size_t i = 0; i < res->rels.n; i++) {
                int t = -1;
                for (size_t k = 0; k < rs->nreltypes; k++)
                    if (strcmp(rs->reltypes[k].name, res->rels.v[i].type) == 0)
                        t = (int)k;
                if (r->kind == DG_RK_VETO && t >= 0 && (r->typemask & ((uint64_t)1 << t)))
                    continue; /* a veto's counterexample may yield relations */
                if (r->kind == DG_RK_MONEY && res->rels.v[i].has_amount) {
                    snprintf(msg, msglen, "counterexample of money %s yields an amount: %s", r->id, got);
                    return false;
                }
            }
            return true;
        }
    }
    if (ex->has_expect && ex->expect_org) {
        for (size_t i = 0; i < res->nmentions; i++)
            if (same_org(rs, res->mentions[i].canonical, ex->org_name))
                return true;
        size_t off = 0;
        char orgs[512] = "";
        for (size_t i = 0; i < res->nmentions && off + 1 < sizeof orgs; i++) {
            int k = snprintf(orgs + off, sizeof orgs - off, "%s%s", i ? ", " : "",
                             res->mentions[i].canonical);
            if (k > 0)
                off += (size_t)k;
        }
        snprintf(msg, msglen, "example of %s %s: expected organization '%s', found: %s",
                 dg_i_kind_word(r->kind), r->id, ex->org_name, res->nmentions ? orgs : "none");
        return false;
    }
    if (ex->has_expect) {
        char why[256] = "";
        for (size_t i = 0; i < res->rels.n; i++)
            if (rel_matches(rs, &res->rels.v[i], &ex->rel, why, sizeof why))
                return true;
        snprintf(msg, msglen, "example of %s %s: expected %s %s %s %s%s%s, got %s",
                 dg_i_kind_word(r->kind),
                 r->id, ex->rel.type, ex->rel.parties[0], ex->rel.directed ? "->" : "+",
                 ex->rel.parties[1], why[0] ? ": " : "", why, got);
        return false;
    }
    /* an example without "=>": the rule must take part */
    if (r->kind == DG_RK_VETO) {
        for (size_t i = 0; i < res->rels.n; i++) {
            for (size_t k = 0; k < rs->nreltypes; k++)
                if (strcmp(rs->reltypes[k].name, res->rels.v[i].type) == 0 &&
                    (r->typemask & ((uint64_t)1 << k))) {
                    snprintf(msg, msglen, "example of veto %s still yields %s", r->id, got);
                    return false;
                }
        }
        return true;
    }
    if (r->kind == DG_RK_RELATION) {
        for (size_t i = 0; i < res->rels.n; i++)
            if (strcmp(res->rels.v[i].rule, r->id) == 0)
                return true;
        snprintf(msg, msglen, "example of rule %s: the rule did not fire (got %s)", r->id, got);
        return false;
    }
    if (r->kind == DG_RK_FACT) {
        for (size_t i = 0; i < res->rels.n; i++) {
            const dg_relation *rl = &res->rels.v[i];
            if (strcmp(rl->type, rs->reltypes[r->reltype].name) == 0 &&
                (r->has_status ? rl->status == r->status
                               : (rl->has_amount || rl->round || rl->has_stake)))
                return true;
        }
        snprintf(msg, msglen, "example of fact %s: no %s with an amount, round or stake (got %s)",
                 r->id, rs->reltypes[r->reltype].name, got);
        return false;
    }
    for (size_t i = 0; i < res->nmentions; i++)
        if (res->mentions[i].rule && strcmp(res->mentions[i].rule, r->id) == 0)
            return true;
    if (r->kind == DG_RK_CUE) {
        for (size_t i = 0; i < res->rels.n; i++)
            if (res->rels.v[i].status == r->status)
                return true;
        snprintf(msg, msglen, "example of cue %s: no relation with status %s (got %s)", r->id,
                 dg_rel_status_str(r->status), got);
        return false;
    }
    if (r->kind == DG_RK_MONEY || r->kind == DG_RK_PERCENT) {
        for (size_t i = 0; i < res->rels.n; i++)
            if (r->kind == DG_RK_MONEY ? res->rels.v[i].has_amount : res->rels.v[i].has_stake)
                return true;
    }
    snprintf(msg, msglen, "example of %s %s: the rule did not take part (got %s)",
             dg_i_kind_word(r->kind),
             r->id, got);
    return false;
}

dg_status dg_ruleset_run_examples(const dg_ruleset *rs, dg_diags *diags, size_t *passed,
                                  size_t *failed)
{
    *passed = *failed = 0;
    dg_extractor *x = NULL;
    dg_status st = dg_extractor_new(rs, &x);
    if (st != DG_OK)
        return st;
    dg_doc_result res;
    dg_doc_result_init(&res);
    for (size_t i = 0; i < rs->nrules; i++) {
        const dg_rule *r = &rs->rules[i];
        for (size_t k = 0; k < r->nexamples; k++) {
            const dg_example *ex = &r->examples[k];
            dg_doc doc = {0};
            doc.id = (char *)"example";
            doc.text = ex->text;
            doc.len = strlen(ex->text);
            st = dg_extract(x, &doc, &res, NULL);
            if (st != DG_OK)
                goto cleanup;
            char msg[2048];
            if (check_example(rs, r, ex, &res, msg, sizeof msg)) {
                (*passed)++;
            } else {
                (*failed)++;
                dg_diags_add(diags, DG_SEV_ERROR, r->file, ex->line, 0, r->id, "%s", msg);
            }
        }
    }
cleanup:
    dg_doc_result_destroy(&res);
    dg_extractor_free(x);
    return st;
}

dg_status dg_mention_write_json(const dg_mention *m, const char *doc, FILE *f)
{
    json_t *o = json_object();
    if (!o)
        return DG_ENOMEM;
    json_object_set_new(o, "doc", json_string(doc ? doc : ""));
    json_object_set_new(o, "canonical", json_string(m->canonical));
    json_object_set_new(o, "surface", json_string(m->surface));
    json_object_set_new(o, "type", m->type ? json_string(m->type) : json_null());
    json_object_set_new(o, "parent", m->parent ? json_string(m->parent) : json_null());
    json_object_set_new(o, "start", json_integer((json_int_t)m->start));
    json_object_set_new(o, "end", json_integer((json_int_t)m->end));
    json_object_set_new(o, "rule", json_string(m->rule ? m->rule : ""));
    json_object_set_new(o, "resolved_from",
                        m->resolved_from ? json_string(m->resolved_from) : json_null());
    json_object_set_new(o, "listed", json_boolean(m->listed));
    int rc = json_dumpf(o, f, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (rc != 0 || fputc('\n', f) == EOF)
        return DG_EIO;
    return DG_OK;
}
