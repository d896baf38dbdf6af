/* Benchmark corpus generator: deterministic wire-style business news as JSON
 * Lines, SIZE MiB in shards of at most 64 MiB.
 *
 *   gen -o DIR [-m MIB] [-s SEED] [-r RULES_DIR]
 *
 * Organizations: the listed names (first field of every `org` line in
 * RULES_DIR/orgs/NAME.rules, files in name order) and generated unlisted names.
 * About 7% of sentences state a partnership, investment or acquisition (with
 * amounts, rounds, stakes, statuses, passive voice and lists of parties);
 * the rest are earnings, products, quotes, people, places, dates, numbers.
 * Some names and text are non-ASCII (accents, and CJK in about 2% of
 * sentences). Articles are 1-8 KiB. The same arguments give the same bytes:
 * one seeded PRNG, no clock, no locale, files and names in sorted order.
 * Writes DIR/manifest.txt: "mib SEED docs N sentences S bytes B". */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- PRNG (splitmix64: tiny, seedable, identical on every platform) ---- */
static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static size_t pick(size_t n)
{
    return (size_t)(rnd() % n);
}

#define PICK(arr) (arr[pick(sizeof arr / sizeof arr[0])])

static int chance(unsigned percent_x10) /* in tenths of a percent */
{
    return pick(1000) < percent_x10;
}

/* ---- a growable string ---- */
typedef struct sbuf {
    char *p;
    size_t len, cap;
} sbuf;

static void sb_grow(sbuf *b, size_t more)
{
    if (b->len + more + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + more + 1)
        cap *= 2;
    b->p = realloc(b->p, cap);
    if (!b->p) {
        fprintf(stderr, "gen: out of memory\n");
        exit(1);
    }
    b->cap = cap;
}

static void sb_add(sbuf *b, const char *s)
{
    size_t n = strlen(s);
    sb_grow(b, n);
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[512];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        sb_add(b, tmp);
}

/* ---- vocabulary ---- */
static const char *const builtin_orgs[] = {
    "Microsoft", "Google", "Amazon", "Apple", "Nvidia", "OpenAI", "Toyota", "Siemens",
    "BlackRock", "SoftBank", "Pfizer", "Shell", "Samsung Electronics", "Tencent", "Nestlé",
};
static const char *const syl[] = {
    "Vel", "ora", "Quan", "tix", "Nor", "ther", "Ax", "ion", "Lum", "en", "Cor", "vex",
    "Zen", "ith", "Bri", "sk", "Hal", "cyon", "Ter", "ra", "Ori", "bel", "Kes", "tra",
    "Mar", "lo", "Syn", "ergy", "Pol", "aris", "Cal", "dera", "Vo", "lant", "Ry", "dex",
};
static const char *const org_kind[] = {
    "Robotics", "Labs", "Capital", "Systems", "Therapeutics", "Energy", "Partners",
    "Ventures", "Networks", "Biosciences", "Analytics", "Semiconductor", "Logistics",
    "Holdings", "Software", "Materials", "Health", "Mobility", "Foods", "Payments",
};
static const char *const legal[] = {"Inc.", "Ltd.", "GmbH", "S.A.", "AG", "LLC", "plc", "Corp."};
static const char *const accented_orgs[] = {
    "Société Lumière", "Nordström Analytik", "Électricité Verte", "Müller Antriebstechnik",
    "Cañada Biotecnología", "Øresund Kraft", "Şahin Enerji", "Łódź Robotyka", "Ærø Shipping",
    "Citroën Mobilité", "Göteborg Fintech", "São Paulo Pagamentos",
};
static const char *const cjk_orgs[] = {
    "深圳星辰科技", "北京云图智能", "株式会社未来電機", "上海海川资本", "서울바이오로직스",
};
static const char *const first_names[] = {
    "Maria", "James", "Li", "Aisha", "Johan", "Priya", "Carlos", "Yuki", "Fatima", "Oliver",
    "Sofia", "Mehmet", "Chen", "Ingrid", "Kwame", "Élodie", "Søren", "José", "Zoë", "Anil",
};
static const char *const last_names[] = {
    "Schmidt", "Okafor", "Tanaka", "García", "Nguyen", "Rossi", "Kowalski", "Haddad", "Smith",
    "Andersson", "Patel", "Dubois", "Müller", "Kim", "O'Brien", "Fernández", "Lindqvist", "Wang",
};
static const char *const cities[] = {
    "San Francisco", "New York", "London", "Frankfurt", "Tokyo", "Singapore", "Paris",
    "Zürich", "São Paulo", "Bengaluru", "Shenzhen", "Seoul", "Toronto", "Stockholm",
    "Tel Aviv", "Dubai", "Sydney", "Mexico City", "Kraków", "Reykjavík",
};
static const char *const months[] = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
};
static const char *const weekdays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"};
static const char *const sectors[] = {
    "cloud", "automotive", "healthcare", "retail", "banking", "energy", "logistics",
    "semiconductor", "insurance", "telecom", "media", "agriculture",
};
static const char *const products[] = {
    "Atlas", "Nimbus", "Pulse", "Vertex", "Orion", "Helix", "Quasar", "Aurora", "Summit",
    "Beacon", "Falcon", "Echo",
};
static const char *const rounds[] = {
    "seed", "pre-seed", "Series A", "Series B", "Series C", "Series D", "Series E",
    "growth", "strategic",
};
static const char *const quotes[] = {
    "We are seeing strong demand across every region",
    "This is a pivotal moment for the industry",
    "Our balance sheet gives us room to keep investing",
    "Customers want fewer vendors and better integration",
    "The second half will be more challenging",
    "We remain disciplined about costs",
    "Nous sommes très fiers de cette étape",
};

/* ---- organizations ---- */
static char **orgs;
static size_t norgs, caporgs;
static size_t nlisted;
static size_t nacc; /* the last nacc names are the accented ones */

static void add_org(const char *s, size_t n)
{
    if (norgs == caporgs) {
        caporgs = caporgs ? caporgs * 2 : 1024;
        orgs = realloc(orgs, caporgs * sizeof *orgs);
        if (!orgs)
            exit(1);
    }
    char *c = malloc(n + 1);
    if (!c)
        exit(1);
    memcpy(c, s, n);
    c[n] = '\0';
    orgs[norgs++] = c;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* First field of every `org` line: the listed name. */
static void read_rules(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/orgs", dir);
    DIR *d = opendir(path);
    if (!d)
        return;
    char **files = NULL;
    size_t nf = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l > 6 && strcmp(de->d_name + l - 6, ".rules") == 0) {
            files = realloc(files, (nf + 1) * sizeof *files);
            files[nf++] = strdup(de->d_name);
        }
    }
    closedir(d);
    qsort(files, nf, sizeof *files, cmp_str); /* readdir order is not stable */
    char line[8192];
    for (size_t i = 0; i < nf; i++) {
        snprintf(path, sizeof path, "%s/orgs/%s", dir, files[i]);
        FILE *f = fopen(path, "r");
        if (f) {
            while (fgets(line, sizeof line, f)) {
                if (strncmp(line, "org ", 4) != 0)
                    continue;
                char *s = line + 4;
                char *bar = strchr(s, '|');
                size_t n = bar ? (size_t)(bar - s) : strcspn(s, "\r\n");
                while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
                    n--;
                while (n && (*s == ' ' || *s == '\t'))
                    s++, n--;
                if (n)
                    add_org(s, n);
            }
            fclose(f);
        }
        free(files[i]);
    }
    free(files);
}

static void make_orgs(const char *rules)
{
    read_rules(rules);
    if (norgs == 0)
        for (size_t i = 0; i < sizeof builtin_orgs / sizeof *builtin_orgs; i++)
            add_org(builtin_orgs[i], strlen(builtin_orgs[i]));
    nlisted = norgs;
    /* Unlisted names: many more than listed ones, as in real news. */
    char name[256];
    for (size_t i = 0; i < 20000; i++) {
        int n = snprintf(name, sizeof name, "%s%s%s %s", PICK(syl), PICK(syl),
                         chance(300) ? PICK(syl) : "", PICK(org_kind));
        name[0] = (char)(name[0] >= 'a' && name[0] <= 'z' ? name[0] - 32 : name[0]);
        if (chance(400))
            n += snprintf(name + n, sizeof name - (size_t)n, " %s", PICK(legal));
        add_org(name, (size_t)n);
    }
    for (size_t i = 0; i < sizeof accented_orgs / sizeof *accented_orgs; i++)
        for (int k = 0; k < 3; k++) {
            int n = snprintf(name, sizeof name, "%s%s%s", accented_orgs[i], k ? " " : "",
                             k == 1 ? "S.A." : k == 2 ? "Group" : "");
            add_org(name, (size_t)n);
            nacc++;
        }
}

static const char *org(void)
{
    /* Listed names are mentioned more often than their share of the pool. */
    if (chance(450))
        return orgs[pick(nlisted)];
    if (chance(5))
        return PICK(cjk_orgs);
    if (chance(20)) /* the accented names are few in the pool: favour them */
        return orgs[norgs - nacc + pick(nacc)];
    return orgs[nlisted + pick(norgs - nlisted)];
}

static void person(sbuf *b)
{
    sb_printf(b, "%s %s", PICK(first_names), PICK(last_names));
}

static void money(sbuf *b)
{
    static const char *const cur[] = {"$", "$", "$", "US$", "€", "£", "¥"};
    const char *c = PICK(cur);
    switch (pick(4)) {
    case 0: sb_printf(b, "%s%zu.%zu billion", c, 1 + pick(40), pick(10)); break;
    case 1: sb_printf(b, "%s%zu million", c, 5 + pick(900)); break;
    case 2: sb_printf(b, "%s%zum", c, 2 + pick(400)); break;
    default: sb_printf(b, "%s%zu,%03zu,000", c, 1 + pick(99), pick(1000)); break;
    }
}

static void pct(sbuf *b)
{
    sb_printf(b, "%zu.%zu%%", pick(60), pick(10));
}

/* ---- sentences ---- */
static uint64_t nsent;

static void relation_sentence(sbuf *b)
{
    const char *a = org(), *c = org(), *d = org();
    switch (pick(16)) {
    case 0:
        sb_printf(b, "%s and %s announced a strategic partnership to develop %s software for %s customers.",
                  a, c, PICK(sectors), PICK(sectors));
        break;
    case 1:
        sb_printf(b, "%s said on %s it had formed a partnership with %s and %s.", a, PICK(weekdays), c, d);
        break;
    case 2:
        sb_printf(b, "%s has agreed to acquire %s for ", a, c);
        money(b);
        sb_add(b, ", the companies said.");
        break;
    case 3:
        sb_printf(b, "%s was acquired by %s in a deal valued at ", c, a);
        money(b);
        sb_add(b, ".");
        break;
    case 4:
        sb_printf(b, "%s completed its acquisition of %s on %s %zu.", a, c, PICK(months), 1 + pick(28));
        break;
    case 5:
        sb_printf(b, "%s is in talks to buy %s, people familiar with the matter said.", a, c);
        break;
    case 6:
        sb_printf(b, "%s led a ", a);
        money(b);
        sb_printf(b, " %s round in %s, with participation from %s.", PICK(rounds), c, d);
        break;
    case 7:
        sb_printf(b, "%s raised ", c);
        money(b);
        sb_printf(b, " in a %s funding round led by %s.", PICK(rounds), a);
        break;
    case 8:
        sb_printf(b, "%s will invest ", a);
        money(b);
        sb_printf(b, " in %s for a ", c);
        pct(b);
        sb_add(b, " stake.");
        break;
    case 9:
        sb_printf(b, "%s took a ", a);
        pct(b);
        sb_printf(b, " stake in %s, according to a regulatory filing.", c);
        break;
    case 10:
        sb_printf(b, "%s and %s ended their joint venture after %zu years.", a, c, 2 + pick(12));
        break;
    case 11:
        sb_printf(b, "%s denied reports that it planned to acquire %s.", a, c);
        break;
    case 12:
        sb_printf(b, "%s, %s and %s signed a memorandum of understanding on %s infrastructure.",
                  a, c, d, PICK(sectors));
        break;
    case 13:
        sb_printf(b, "%s is backed by %s and %s.", c, a, d);
        break;
    case 14:
        sb_printf(b, "%s agreed to merge with %s in an all-stock deal worth ", a, c);
        money(b);
        sb_add(b, ".");
        break;
    default:
        sb_printf(b, "%s与%s宣布建立战略合作伙伴关系。", a, c);
        break;
    }
}

static void ordinary_sentence(sbuf *b)
{
    const char *a = org();
    if (chance(20)) { /* CJK text, about 2% of sentences */
        static const char *const cjk[] = {
            "%s在%s发布了新产品，预计明年上市。",
            "%s第三季度营收同比增长百分之十二。",
            "%sは%sで新しい工場を開設すると発表した。",
        };
        sb_printf(b, PICK(cjk), a, PICK(cities));
        return;
    }
    switch (pick(12)) {
    case 0:
        sb_printf(b, "%s reported third-quarter revenue of ", a);
        money(b);
        sb_add(b, ", up ");
        pct(b);
        sb_add(b, " from a year earlier.");
        break;
    case 1:
        sb_printf(b, "\"%s,\" said ", PICK(quotes));
        person(b);
        sb_printf(b, ", chief executive of %s.", a);
        break;
    case 2:
        sb_printf(b, "Shares of %s rose ", a);
        pct(b);
        sb_printf(b, " to $%zu.%02zu in early trading.", 10 + pick(500), pick(100));
        break;
    case 3:
        sb_printf(b, "The company, based in %s, employs about %zu,%03zu people.", PICK(cities),
                  1 + pick(90), pick(1000));
        break;
    case 4:
        sb_printf(b, "%s launched the %s %zu on %s, priced at $%zu.", a, PICK(products),
                  1 + pick(9), PICK(weekdays), 99 + pick(2000));
        break;
    case 5:
        sb_printf(b, "Analysts at %s expect margins to improve in %zu.", a, 2024 + pick(3));
        break;
    case 6:
        person(b);
        sb_printf(b, " joined %s as chief financial officer in %s %zu.", a, PICK(months),
                  2015 + pick(10));
        break;
    case 7:
        sb_printf(b, "Regulators in %s are reviewing the %s market, according to a filing dated %s %zu.",
                  PICK(cities), PICK(sectors), PICK(months), 1 + pick(28));
        break;
    case 8:
        sb_printf(b, "The benchmark index closed %zu.%zu%% lower at %zu,%03zu points.", pick(4),
                  pick(10), 1 + pick(40), pick(1000));
        break;
    case 9:
        sb_printf(b, "%s cut its full-year outlook, citing weaker demand in %s.", a, PICK(cities));
        break;
    case 10:
        sb_printf(b, "Mr. %s said the U.S. unit would hire %zu engineers by the end of Q%zu.",
                  PICK(last_names), 20 + pick(500), 1 + pick(4));
        break;
    default:
        sb_printf(b, "%s, which competes with %s, did not respond to a request for comment.", a, org());
        break;
    }
}

static void article(sbuf *text, sbuf *title)
{
    size_t target = 1024 + pick(7 * 1024);
    text->len = 0;
    title->len = 0;
    sb_printf(title, "%s %s %s", org(), PICK(weekdays), PICK(sectors));
    sb_printf(text, "%s, %s %zu (Wire) - ", PICK(cities), PICK(months), 1 + pick(28));
    size_t in_par = 0;
    while (text->len < target) {
        if (chance(70))
            relation_sentence(text);
        else
            ordinary_sentence(text);
        nsent++;
        if (++in_par >= 3 + pick(4)) {
            sb_add(text, "\n\n");
            in_par = 0;
        } else {
            sb_add(text, " ");
        }
    }
    while (text->len && (text->p[text->len - 1] == ' ' || text->p[text->len - 1] == '\n'))
        text->p[--text->len] = '\0';
}

/* Appends s as a JSON string body (UTF-8 passes through). */
static void json_str(sbuf *out, const char *s, size_t n)
{
    sb_grow(out, n * 2 + 2);
    char *o = out->p + out->len;
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            *o++ = '\\';
            *o++ = (char)c;
        } else if (c == '\n') {
            *o++ = '\\';
            *o++ = 'n';
        } else {
            *o++ = (char)c;
        }
    }
    *o++ = '"';
    out->len = (size_t)(o - out->p);
    out->p[out->len] = '\0';
}

int main(int argc, char **argv)
{
    const char *dir = NULL, *rules = "rules";
    uint64_t seed = 42;
    unsigned long mib = 512;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            dir = argv[++i];
        else if (strcmp(argv[i], "-m") == 0 && i + 1 < argc)
            mib = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "-r") == 0 && i + 1 < argc)
            rules = argv[++i];
        else {
            fprintf(stderr, "usage: gen -o DIR [-m MIB] [-s SEED] [-r RULES_DIR]\n");
            return 2;
        }
    }
    if (!dir || mib == 0) {
        fprintf(stderr, "usage: gen -o DIR [-m MIB] [-s SEED] [-r RULES_DIR]\n");
        return 2;
    }
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        perror(dir);
        return 1;
    }
    rng_state = seed;
    make_orgs(rules);

    const uint64_t total = (uint64_t)mib << 20, shard_max = 64ull << 20;
    uint64_t written = 0, shard_bytes = 0, docs = 0;
    unsigned shard = 0;
    FILE *f = NULL;
    sbuf text = {0}, title = {0}, line = {0};
    char path[4096];
    while (written < total) {
        if (!f || shard_bytes >= shard_max) {
            if (f && fclose(f) != 0) {
                perror("gen: close");
                return 1;
            }
            snprintf(path, sizeof path, "%s/bench-%03u.jsonl", dir, shard++);
            f = fopen(path, "w");
            if (!f) {
                perror(path);
                return 1;
            }
            shard_bytes = 0;
        }
        article(&text, &title);
        docs++;
        line.len = 0;
        sb_printf(&line, "{\"id\":\"bench-%08" PRIu64 "\",\"date\":\"20%02zu-%02zu-%02zu\",\"title\":",
                  docs, 20 + pick(6), 1 + pick(12), 1 + pick(28));
        json_str(&line, title.p, title.len);
        sb_add(&line, ",\"text\":");
        json_str(&line, text.p, text.len);
        sb_add(&line, "}\n");
        if (fwrite(line.p, 1, line.len, f) != line.len) {
            perror("gen: write");
            return 1;
        }
        written += line.len;
        shard_bytes += line.len;
    }
    if (f && fclose(f) != 0) {
        perror("gen: close");
        return 1;
    }
    snprintf(path, sizeof path, "%s/manifest.txt", dir);
    FILE *m = fopen(path, "w");
    if (!m) {
        perror(path);
        return 1;
    }
    fprintf(m, "mib %lu seed %" PRIu64 " docs %" PRIu64 " sentences %" PRIu64 " bytes %" PRIu64
               " shards %u listed %zu\n",
            mib, seed, docs, nsent, written, shard, nlisted);
    fclose(m);
    free(text.p);
    free(title.p);
    free(line.p);
    for (size_t i = 0; i < norgs; i++)
        free(orgs[i]);
    free(orgs);
    return 0;
}
