/* Bootstrap over documents: how far the evaluation figures would move if the
 * corpus had been a different draw of articles like these. Documents, not
 * pairs, are resampled because the errors of one article go together (one
 * missed name loses every pair it is in). */
#include "eval_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

dg_status dg_i_ev_push(dg_i_evlist *l, uint32_t doc, unsigned slot, dg_i_ev_kind kind)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        dg_i_ev *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return DG_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = (dg_i_ev){.doc = doc, .slot = (uint16_t)slot, .kind = (uint8_t)kind};
    return DG_OK;
}

/* splitmix64: small, fast, and the same on every platform. */
static uint64_t next_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static int dbl_cmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* The central 95% of the values v[0..n) that are defined: a draw without
 * a single pair of a type has no precision for it (not a precision of 0,
 * which would drag every small type's interval down to 0). */
static dg_eval_ci interval(double *v, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i]))
            v[k++] = v[i];
    if (k == 0)
        return (dg_eval_ci){0};
    qsort(v, k, sizeof *v, dbl_cmp);
    size_t lo = (size_t)(0.025 * (double)k), hi = (size_t)(0.975 * (double)k);
    if (hi >= k)
        hi = k - 1;
    return (dg_eval_ci){.lo = v[lo], .hi = v[hi], .set = true};
}

dg_status dg_i_eval_bootstrap(const dg_i_evlist *ev, size_t ndocs, size_t ncount,
                              size_t nratio, unsigned rounds, dg_eval_ci *p, dg_eval_ci *r,
                              dg_eval_ci *f1, dg_eval_ci *acc)
{
    if (rounds == 0 || ndocs == 0)
        return DG_OK;
    /* Per document: tp, fp, fn of each count slot, num and den of each ratio. */
    size_t width = 3 * ncount + 2 * nratio;
    size_t *per = calloc(ndocs * width > 0 ? ndocs * width : 1, sizeof *per);
    size_t *sum = malloc((width ? width : 1) * sizeof *sum);
    uint32_t *draws = calloc(ndocs, sizeof *draws);
    double *vals = malloc(((3 * ncount + nratio) * (size_t)rounds + 1) * sizeof *vals);
    dg_status st = DG_OK;
    if (!per || !sum || !draws || !vals) {
        st = DG_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < ev->n; i++) {
        const dg_i_ev *e = &ev->v[i];
        size_t *row = per + (size_t)e->doc * width;
        if (e->kind <= DG_I_EV_FN) {
            row[3 * e->slot + e->kind]++;
        } else {
            size_t *q = row + 3 * ncount + 2 * e->slot;
            q[0] += e->kind == DG_I_EV_NUM;
            q[1]++;
        }
    }
    uint64_t seed = 20260101;
    for (unsigned b = 0; b < rounds; b++) {
        memset(draws, 0, ndocs * sizeof *draws);
        for (size_t k = 0; k < ndocs; k++)
            draws[next_rand(&seed) % ndocs]++;
        memset(sum, 0, width * sizeof *sum);
        for (size_t d = 0; d < ndocs; d++)
            if (draws[d])
                for (size_t w = 0; w < width; w++)
                    sum[w] += draws[d] * per[d * width + w];
        for (size_t s = 0; s < ncount; s++) {
            double tp = (double)sum[3 * s], fp = (double)sum[3 * s + 1],
                   fn = (double)sum[3 * s + 2];
            double pv = tp + fp > 0 ? tp / (tp + fp) : NAN;
            double rv = tp + fn > 0 ? tp / (tp + fn) : NAN;
            double fv = tp + fp + fn == 0 ? NAN : tp == 0 ? 0.0 : 2 * pv * rv / (pv + rv);
            vals[(3 * s) * rounds + b] = pv;
            vals[(3 * s + 1) * rounds + b] = rv;
            vals[(3 * s + 2) * rounds + b] = fv;
        }
        for (size_t s = 0; s < nratio; s++) {
            const size_t *q = sum + 3 * ncount + 2 * s;
            vals[(3 * ncount + s) * rounds + b] = q[1] ? (double)q[0] / (double)q[1] : NAN;
        }
    }
    for (size_t s = 0; s < ncount; s++) {
        p[s] = interval(vals + (3 * s) * rounds, rounds);
        r[s] = interval(vals + (3 * s + 1) * rounds, rounds);
        f1[s] = interval(vals + (3 * s + 2) * rounds, rounds);
    }
    for (size_t s = 0; s < nratio; s++)
        acc[s] = interval(vals + (3 * ncount + s) * rounds, rounds);
done:
    free(per);
    free(sum);
    free(draws);
    free(vals);
    return st;
}
