/* Bootstrap intervals of the evaluation figures (eval_boot.c), fed by the
 * scorer (eval.c) with one event per scored pair, organization or attribute. */
#ifndef DG_EVAL_INTERNAL_H
#define DG_EVAL_INTERNAL_H

#include <dealgraph/eval.h>

#include <stddef.h>
#include <stdint.h>

/* What an event adds to the counts of its document. Count slots: one per
 * P/R/F1 row (relation types, all relations, organizations); ratio slots:
 * one per attribute accuracy. */
typedef enum dg_i_ev_kind {
    DG_I_EV_TP = 0,
    DG_I_EV_FP,
    DG_I_EV_FN,
    DG_I_EV_NUM, /* ratio slot: agreed (counts in den too) */
    DG_I_EV_DEN  /* ratio slot: considered, not agreed */
} dg_i_ev_kind;

typedef struct dg_i_ev {
    uint32_t doc;  /* index among the split's documents, sorted by id */
    uint16_t slot;
    uint8_t kind;  /* dg_i_ev_kind */
} dg_i_ev;

typedef struct dg_i_evlist {
    dg_i_ev *v;
    size_t n, cap;
} dg_i_evlist;

dg_status dg_i_ev_push(dg_i_evlist *l, uint32_t doc, unsigned slot, dg_i_ev_kind kind);

/* Percentile intervals (central 95%) over `rounds` resamples of the ndocs
 * documents drawn with replacement, from a fixed seed so that a run repeats.
 * p, r, f1 have ncount entries, acc nratio; each gets its lo and hi. With
 * rounds 0 every interval is left as it is. */
dg_status dg_i_eval_bootstrap(const dg_i_evlist *ev, size_t ndocs, size_t ncount,
                              size_t nratio, unsigned rounds, dg_eval_ci *p, dg_eval_ci *r,
                              dg_eval_ci *f1, dg_eval_ci *acc);

#endif
