/* libFuzzer harness: the input is one rule file (x.rules, alone in a
 * directory) loaded with dg_ruleset_load. Any input must give either a rule
 * set or an error status with at least one error diagnostic, never a crash,
 * a leak or undefined behaviour. */
#include <stdint.h>

#include <dealgraph/diag.h>
#include <dealgraph/rules.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_tmp_init("x.rules");
    fuzz_write(data, size);

    const char *dirs[] = {fuzz_dir};
    dg_diags *diags = dg_diags_new();
    FUZZ_CHECK(diags != NULL);
    dg_ruleset *rs = NULL;
    dg_status st = dg_ruleset_load(dirs, 1, diags, &rs);
    if (st == DG_OK) {
        FUZZ_CHECK(rs != NULL);
        dg_ruleset_info info;
        dg_ruleset_info_get(rs, &info);
        FUZZ_CHECK(info.files == 1);
        for (size_t i = 0; i < dg_ruleset_reltype_count(rs); i++) {
            bool directed;
            FUZZ_CHECK(dg_ruleset_reltype(rs, i, &directed) != NULL);
        }
        /* Exercise the lookups the extractor and graph use. */
        const char *c = dg_ruleset_canonical(rs, "Microsoft Corp.", NULL, NULL);
        (void)c;
        char *key = dg_ruleset_org_key(rs, "Nestl\xC3\xA9 S.A.'s");
        FUZZ_CHECK(key != NULL);
        free(key);
    } else {
        FUZZ_CHECK(rs == NULL);
        FUZZ_CHECK(st == DG_ENOMEM || dg_diags_errors(diags) > 0);
    }
    /* Printing walks every message: catches bad strings in diagnostics. */
    FILE *null = fopen("/dev/null", "w");
    if (null) {
        dg_diags_print(diags, null);
        fclose(null);
    }
    dg_ruleset_free(rs);
    dg_diags_free(diags);
    return 0;
}
