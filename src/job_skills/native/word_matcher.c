/* The word-mode matcher, natively: the same tokens as macro token_text, the same lower-casing as
 * DuckDB's lower(), and the aliases found where their tokens occur consecutively, each at the
 * 1-based position of the token its first occurrence starts at (macro word_mode_matches).
 *
 * Character classes and the lower-case map come from the DuckDB this is built for (build.py asks
 * it, codepoint by codepoint, and writes unicode_tables.h), so RE2's \pL\pN and DuckDB's lower()
 * are followed exactly, whatever Unicode version they are at.
 *
 * The rules, as the SQL writes them (macros/adapters/tokenize_text.sql):
 * - a dot is "marked" where (?i)([\pL\pN+#])\.(net)([^\pL\pN]|$) matches, matches taken left to
 *   right without overlapping, as regexp_replace(..., 'g') does; a marked dot, like a literal
 *   U+E000, may only start a token, and reads as '.';
 * - a token is [.\x{E000}]?[\pL\pN]+(?:[+#]+|\.[\pL\pN]+)*, or a slash on its own, matches taken
 *   left to right (regexp_extract_all).
 *
 * Threads: a matcher is read-only once built; each call keeps its work in its own buffers, so
 * DuckDB may call from several threads at once (ctypes releases the GIL around the call). */

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unicode_tables.h"

#define DOT 0x2Eu
#define MARK 0xE000u
#define PAD 32 /* bytes past the end of the token buffers that may be written or read */

/* ---- character classes -------------------------------------------------------------------- */

static int in_ranges(const uint32_t (*ranges)[2], int count, uint32_t cp) {
    int lo = 0, hi = count - 1;
    while (lo <= hi) {
        int mid = (lo + hi) >> 1;
        if (cp < ranges[mid][0]) hi = mid - 1;
        else if (cp > ranges[mid][1]) lo = mid + 1;
        else return 1;
    }
    return 0;
}

/* [\pL\pN] */
static inline int is_alnum(uint32_t cp) {
    if (cp < 128) return ASCII_ALNUM[cp];
    return in_ranges(ALNUM_RANGES, ALNUM_RANGE_COUNT, cp);
}

/* (?i)[\pL\pN+#]: group 1 of the .net rule */
static inline int is_before_net(uint32_t cp) {
    if (cp < 128) return ASCII_ALNUM[cp] || cp == '+' || cp == '#';
    return in_ranges(BEFORE_NET_RANGES, BEFORE_NET_RANGE_COUNT, cp);
}

/* not (?i)[^\pL\pN]: what may not follow a .net that is split */
static inline int blocks_net(uint32_t cp) {
    if (cp < 128) return ASCII_ALNUM[cp];
    return in_ranges(BLOCKS_NET_RANGES, BLOCKS_NET_RANGE_COUNT, cp);
}

static uint32_t lower_cp(uint32_t cp) {
    if (cp < 128) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    int lo = 0, hi = LOWER_MAP_COUNT - 1;
    while (lo <= hi) {
        int mid = (lo + hi) >> 1;
        if (cp < LOWER_MAP[mid][0]) hi = mid - 1;
        else if (cp > LOWER_MAP[mid][0]) lo = mid + 1;
        else return LOWER_MAP[mid][1];
    }
    return cp;
}

/* ---- UTF-8 -------------------------------------------------------------------------------- */

/* DuckDB's strings are valid UTF-8; a malformed byte is read as one character of its own that no
 * class holds (0xFFFD), so nothing here reads past the end. */
static inline uint32_t decode(const uint8_t *s, int64_t n, int64_t *len) {
    uint8_t b = s[0];
    if (b < 0x80) { *len = 1; return b; }
    if ((b & 0xE0) == 0xC0 && n >= 2) { *len = 2; return ((uint32_t)(b & 0x1F) << 6) | (s[1] & 0x3F); }
    if ((b & 0xF0) == 0xE0 && n >= 3) {
        *len = 3;
        return ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    if ((b & 0xF8) == 0xF0 && n >= 4) {
        *len = 4;
        return ((uint32_t)(b & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) | ((uint32_t)(s[2] & 0x3F) << 6) |
               (s[3] & 0x3F);
    }
    *len = 1;
    return 0xFFFD;
}

static inline int encode(uint32_t cp, uint8_t *out) {
    if (cp < 0x80) { out[0] = (uint8_t)cp; return 1; }
    if (cp < 0x800) { out[0] = 0xC0 | (cp >> 6); out[1] = 0x80 | (cp & 0x3F); return 2; }
    if (cp < 0x10000) {
        out[0] = 0xE0 | (cp >> 12); out[1] = 0x80 | ((cp >> 6) & 0x3F); out[2] = 0x80 | (cp & 0x3F);
        return 3;
    }
    out[0] = 0xF0 | (cp >> 18); out[1] = 0x80 | ((cp >> 12) & 0x3F); out[2] = 0x80 | ((cp >> 6) & 0x3F);
    out[3] = 0x80 | (cp & 0x3F);
    return 4;
}

/* ---- growable buffers --------------------------------------------------------------------- */

typedef struct { void *data; int64_t size, capacity; } buffer;

static int reserve(buffer *b, int64_t items, size_t item_size) {
    if (items <= b->capacity) return 1;
    int64_t capacity = b->capacity ? b->capacity : 1024;
    while (capacity < items) capacity *= 2;
    void *data = realloc(b->data, (size_t)capacity * item_size);
    if (!data) return 0;
    b->data = data;
    b->capacity = capacity;
    return 1;
}

/* ---- tokens ------------------------------------------------------------------------------- */

/* A token's hash, a word at a time; a run of tokens hashes as its tokens' hashes folded in
 * order (key_hash), so that extending a run by a token costs one fold. */
static inline uint64_t token_hash(const uint8_t *s, int64_t n) {
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (uint64_t)n;
    while (n >= 8) {
        uint64_t word;
        memcpy(&word, s, 8);
        h = (h ^ word) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
        s += 8;
        n -= 8;
    }
    if (n > 0) {
        /* the buffers hold 8 bytes past their last token (PAD), so a whole word can be read */
        uint64_t word;
        memcpy(&word, s, 8);
        word &= ~0ULL >> (64 - 8 * n);
        h = (h ^ word) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
    }
    return h;
}

static inline uint64_t fold_hash(uint64_t run, uint64_t token) {
    return ((run << 27) | (run >> 37)) * 0x94d049bb133111ebULL ^ token;
}

/* The hash of a key: its tokens (separated by single spaces) folded. */
static uint64_t key_hash(const uint8_t *key, int64_t n) {
    uint64_t h = 0;
    int first = 1;
    for (int64_t from = 0; from <= n;) {
        const uint8_t *space = memchr(key + from, ' ', (size_t)(n - from));
        int64_t to = space ? space - key : n;
        uint64_t t = token_hash(key + from, to - from);
        h = first ? t : fold_hash(h, t);
        first = 0;
        from = to + 1;
        if (!space) break;
    }
    return h;
}

/* The work buffers of one call: where the text's dots are marked, and its tokens written out
 * (lower-cased, and as written when some alias is case-sensitive), separated by single spaces,
 * with each token's bounds and hash. Dots are marked in the text as it is (a marked dot is
 * still a '.' byte): the SQL's U+E000 only keeps the regular expression from joining it. */
typedef struct {
    buffer marks;     /* int64_t: byte offsets of the marked dots, ascending */
    buffer lower;     /* uint8_t: the tokens lower-cased, joined by spaces */
    buffer exact;     /* uint8_t: the tokens as written, joined by spaces */
    buffer lower_at;  /* int64_t pairs: start, end of each token in lower */
    buffer exact_at;  /* int64_t pairs: start, end of each token in exact */
    buffer lower_hash, exact_hash; /* uint64_t: each token's hash */
    int64_t tokens;
} work;

static void work_free(work *w) {
    free(w->marks.data); free(w->lower.data); free(w->exact.data); free(w->lower_at.data);
    free(w->exact_at.data); free(w->lower_hash.data); free(w->exact_hash.data);
}

/* The character at byte i (i < n) and, in *len, its length in bytes. */
static inline uint32_t char_at(const uint8_t *s, int64_t i, int64_t n, int64_t *len) {
    if (s[i] < 0x80) { *len = 1; return s[i]; }
    return decode(s + i, n - i, len);
}

/* The character that ends just before byte i (i > 0), and in *at where it starts. */
static inline uint32_t char_before(const uint8_t *s, int64_t i, int64_t *at) {
    int64_t k = i - 1, len;
    while (k > 0 && i - k < 4 && (s[k] & 0xC0) == 0x80) k--;
    uint32_t cp = decode(s + k, i - k, &len);
    if (k + len != i) { k = i - 1; cp = 0xFFFD; } /* not a character that ends at i */
    *at = k;
    return cp;
}

static inline int alnum_at(const uint8_t *s, int64_t i, int64_t n) {
    int64_t len;
    return i < n && is_alnum(char_at(s, i, n, &len));
}

static inline int ascii_ci(uint8_t b, char lower) { return b == (uint8_t)lower || b == (uint8_t)(lower - 32); }

/* The .net rule: its matches taken left to right, each search resuming where the previous match
 * ended (after the character that follows "net", when one does). A match starts at the
 * character before the dot, so only dots need looking at. */
static int mark_dots(work *w, const uint8_t *s, int64_t n) {
    w->marks.size = 0;
    int64_t resume = 0;
    for (const uint8_t *dot = memchr(s, '.', (size_t)n); dot; dot = memchr(dot + 1, '.', (size_t)(n - (dot + 1 - s)))) {
        int64_t d = dot - s, before, len;
        if (d == 0 || d + 3 >= n) continue;
        if (!(ascii_ci(s[d + 1], 'n') && ascii_ci(s[d + 2], 'e') && ascii_ci(s[d + 3], 't'))) continue;
        if (!is_before_net(char_before(s, d, &before)) || before < resume) continue;
        int64_t end = d + 4;
        if (end < n) {
            if (blocks_net(char_at(s, end, n, &len))) continue;
            end += len;
        }
        if (!reserve(&w->marks, w->marks.size + 1, sizeof(int64_t))) return 0;
        ((int64_t *)w->marks.data)[w->marks.size++] = d;
        resume = end;
        if (end >= n) break;
        dot = s + end - 1;
    }
    return 1;
}

/* The token being written goes to the lower-cased text L (size lo) and, when some alias is
 * case-sensitive (exact), to the text as written E (size eo), as the tokenizer reads it. Kept in
 * local variables (macros, not a struct behind a pointer), so that the compiler holds them in
 * registers: stores of bytes could otherwise alias them. */
#define PUT_ASCII(b)                                                   \
    do {                                                               \
        uint8_t byte_ = (b);                                              \
        L[lo++] = (byte_ >= 'A' && byte_ <= 'Z') ? (uint8_t)(byte_ + 32) : byte_; \
        if (exact) E[eo++] = byte_;                                       \
    } while (0)

#define PUT_CHAR(c)                                       \
    do {                                                  \
        uint32_t char_ = (c);                                \
        if (char_ == MARK) char_ = DOT; /* U+E000 reads as '.' */ \
        lo += encode(lower_cp(char_), L + lo);               \
        if (exact) eo += encode(char_, E + eo);              \
    } while (0)

#if defined(__SSE2__)
#include <emmintrin.h>
/* 16 bytes at a time (SSE2, which every x86-64 has): which are ASCII letters or digits, and the
 * 16 lower-cased. Elsewhere the loop below reads a byte at a time, with the same result. */
static inline __m128i in_range(__m128i v, char lo, char hi) {
    __m128i t = _mm_sub_epi8(v, _mm_set1_epi8(lo));
    return _mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8((char)(hi - lo))), t);
}
static inline unsigned ascii_alnum_mask(__m128i v) {
    __m128i letters = in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z');
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(in_range(v, '0', '9'), letters));
}
static inline __m128i ascii_lowered(__m128i v) {
    return _mm_add_epi8(v, _mm_and_si128(in_range(v, 'A', 'Z'), _mm_set1_epi8(0x20)));
}
/* The ASCII letters and digits at s[j] (up to 16 of them) appended, then j after them; the
 * stores may write up to 16 bytes past the token's end, inside the buffers' PAD, and the next
 * writes overwrite them. Stops at the end of the run or where fewer than 16 bytes are left. */
#define PUT_ASCII_RUN_16()                                                     \
    while (j + 16 <= n) {                                                      \
        __m128i v_ = _mm_loadu_si128((const __m128i *)(s + j));                \
        unsigned m_ = ascii_alnum_mask(v_);                                    \
        _mm_storeu_si128((__m128i *)(L + lo), ascii_lowered(v_));              \
        if (exact) _mm_storeu_si128((__m128i *)(E + eo), v_);                  \
        unsigned k_ = m_ == 0xFFFF ? 16 : (unsigned)__builtin_ctz(~m_);        \
        lo += k_;                                                              \
        eo += exact ? k_ : 0;                                                  \
        j += k_;                                                               \
        if (k_ < 16) break;                                                    \
    }
#else
#define PUT_ASCII_RUN_16()
#endif

/* [\pL\pN]* from s[j]; j ends after it */
#define PUT_ALNUM_RUN()                                      \
    for (;;) {                                               \
        PUT_ASCII_RUN_16();                                  \
        if (j >= n) break;                                   \
        uint8_t b_ = s[j];                                   \
        if (b_ < 0x80) {                                     \
            if (!ASCII_ALNUM[b_]) break;                     \
            PUT_ASCII(b_);                                   \
            j++;                                             \
        } else {                                             \
            int64_t len_;                                    \
            uint32_t c_ = decode(s + j, n - j, &len_);       \
            if (!is_alnum(c_)) break;                        \
            PUT_CHAR(c_);                                    \
            j += len_;                                       \
        }                                                    \
    }

/* Tokenize one text into w; `exact`: also write the tokens as written. 0 when out of memory.
 * The tokens are written as they are read, each followed by a space. */
static int tokenize(work *w, const uint8_t *restrict s, int64_t n, int exact) {
    if (!mark_dots(w, s, n)) return 0;
    /* at most one token per byte; lower-casing may lengthen a character to 4 bytes per byte */
    int64_t tokens = n + 1;
    if (!reserve(&w->lower, 4 * n + tokens + PAD, 1) || !reserve(&w->lower_at, 2 * tokens, sizeof(int64_t)) ||
        !reserve(&w->lower_hash, tokens, sizeof(uint64_t)))
        return 0;
    if (exact && (!reserve(&w->exact, 4 * n + tokens + PAD, 1) || !reserve(&w->exact_at, 2 * tokens, sizeof(int64_t)) ||
                  !reserve(&w->exact_hash, tokens, sizeof(uint64_t))))
        return 0;
    const int64_t *marks = (const int64_t *)w->marks.data;
    int64_t next_mark = 0, mark_count = w->marks.size, count = 0, lo = 0, eo = 0;
    uint8_t *restrict L = (uint8_t *)w->lower.data;
    uint8_t *restrict E = (uint8_t *)w->exact.data;
    int64_t *restrict lower_at = (int64_t *)w->lower_at.data, *restrict exact_at = (int64_t *)w->exact_at.data;
    uint64_t *restrict lower_hash = (uint64_t *)w->lower_hash.data, *restrict exact_hash = (uint64_t *)w->exact_hash.data;
    for (int64_t i = 0; i < n;) {
        uint8_t b = s[i];
        if (b < 0x80 && !ASCII_ALNUM[b] && b != '.' && b != '/') { i++; continue; } /* the common separators */
        int64_t lower_start = lo, exact_start = eo, j, len;
        uint32_t cp = char_at(s, i, n, &len);
        if (cp == '/') {
            PUT_ASCII('/');
            j = i + 1;
        } else {
            if (cp == DOT || cp == MARK) {
                if (!alnum_at(s, i + len, n)) { i += len; continue; }
                PUT_CHAR(cp);
                j = i + len;
            } else if (is_alnum(cp)) {
                j = i;
            } else {
                i += len;
                continue;
            }
            PUT_ALNUM_RUN(); /* [\pL\pN]+ */
            for (;;) {       /* (?:[+#]+|\.[\pL\pN]+)* */
                if (j < n && (s[j] == '+' || s[j] == '#')) {
                    while (j < n && (s[j] == '+' || s[j] == '#')) { PUT_ASCII(s[j]); j++; }
                    continue;
                }
                if (j < n && s[j] == '.' && alnum_at(s, j + 1, n)) {
                    while (next_mark < mark_count && marks[next_mark] < j) next_mark++;
                    if (next_mark < mark_count && marks[next_mark] == j) break; /* a marked dot */
                    PUT_ASCII('.');
                    j++;
                    PUT_ALNUM_RUN();
                    continue;
                }
                break;
            }
        }
        lower_at[2 * count] = lower_start;
        lower_at[2 * count + 1] = lo;
        lower_hash[count] = token_hash(L + lower_start, lo - lower_start);
        L[lo++] = ' ';
        if (exact) {
            exact_at[2 * count] = exact_start;
            exact_at[2 * count + 1] = eo;
            exact_hash[count] = token_hash(E + exact_start, eo - exact_start);
            E[eo++] = ' ';
        }
        count++;
        i = j;
    }
    w->tokens = count;
    /* the texts without their last space */
    w->lower.size = lo - (count > 0);
    w->exact.size = exact ? eo - (count > 0) : 0;
    return 1;
}

/* ---- the aliases -------------------------------------------------------------------------- */

/* One entry per alias key and per shorter run of its first tokens (a prefix ending at a space):
 * a scan extends a run of the text's tokens while its entry says some key goes on. */
typedef struct {
    uint64_t hash;
    int64_t key, length;  /* the key's bytes in the matcher's pool */
    int32_t first_alias;  /* -1, or the first alias with exactly this key (aliases chained by next) */
    int32_t continues;    /* some longer key starts with this one and a space */
} entry;

#define FILTER_BITS 18 /* 32 KB: stays in the first-level cache */

typedef struct {
    uint64_t filter[(1u << FILTER_BITS) / 64]; /* a bit per hash value's top FILTER_BITS bits: some entry has it */
    entry *entries;
    int64_t count;
    uint64_t *slots; /* open addressing (slot_value) */
    uint64_t mask;
} table;

typedef struct {
    table lower, exact; /* keys matched without case (lower-cased keys), and case-sensitive keys */
    uint8_t *pool;
    int32_t *next_alias;
    int32_t aliases;
} matcher;

static inline uint64_t slot_of(uint64_t hash) { return (hash ^ (hash >> 29)) * 0xbf58476d1ce4e5b9ULL; }

/* A slot holds the entry's index + 1 in its low 32 bits (0: empty) and the high 32 bits of its
 * hash above them, so that a probe for a token that is no key (most tokens) is answered from
 * the slots alone. */
static inline uint64_t slot_value(uint64_t hash, int64_t index) { return (hash & 0xFFFFFFFF00000000ULL) | (uint64_t)(index + 1); }

static inline uint64_t filter_bit(uint64_t hash) { return hash >> (64 - FILTER_BITS); }

static inline entry *find(const table *t, const uint8_t *pool, uint64_t hash, const uint8_t *key, int64_t length) {
    if (!t->count) return NULL;
    uint64_t bit = filter_bit(hash);
    if (!((t->filter[bit >> 6] >> (bit & 63)) & 1)) return NULL; /* most tokens are no key */
    uint64_t tag = hash & 0xFFFFFFFF00000000ULL;
    for (uint64_t s = slot_of(hash) & t->mask;; s = (s + 1) & t->mask) {
        uint64_t v = t->slots[s];
        if (!v) return NULL;
        if ((v & 0xFFFFFFFF00000000ULL) != tag) continue;
        entry *found = &t->entries[(v & 0xFFFFFFFFULL) - 1];
        if (found->hash == hash && found->length == length && memcmp(pool + found->key, key, (size_t)length) == 0)
            return found;
    }
}

static entry *insert(table *t, const uint8_t *pool, uint64_t hash, int64_t key, int64_t length) {
    entry *found = find(t, pool, hash, pool + key, length);
    if (found) return found;
    uint64_t s = slot_of(hash) & t->mask;
    while (t->slots[s]) s = (s + 1) & t->mask;
    entry *e = &t->entries[t->count];
    e->hash = hash; e->key = key; e->length = length; e->first_alias = -1; e->continues = 0;
    t->slots[s] = slot_value(hash, t->count);
    t->filter[filter_bit(hash) >> 6] |= 1ULL << (filter_bit(hash) & 63);
    t->count++;
    return e;
}

static int table_init(table *t, int64_t entries) {
    uint64_t slots = 16;
    while (slots < (uint64_t)entries * 4) slots <<= 1; /* a quarter full: most probes meet an empty slot */
    t->entries = calloc((size_t)(entries ? entries : 1), sizeof(entry));
    t->slots = calloc(slots, sizeof(uint64_t));
    t->mask = slots - 1;
    t->count = 0;
    return t->entries && t->slots;
}

void jsm_free(matcher *m);

/* Build a matcher from `count` keys (an Arrow string array: int32 `offsets`, `data`), each the
 * alias's tokens joined by single spaces, and `case_sensitive` flags; NULL when out of memory.
 * Alias i is reported as i. Empty keys never match. */
matcher *jsm_new(int32_t count, const int32_t *offsets, const uint8_t *data, const uint8_t *case_sensitive) {
    matcher *m = calloc(1, sizeof(matcher));
    if (!m) return NULL;
    int64_t bytes = offsets[count] - offsets[0], spaces[2] = {0, 0};
    for (int32_t i = 0; i < count; i++) {
        const uint8_t *k = data + offsets[i];
        int64_t n = offsets[i + 1] - offsets[i];
        spaces[case_sensitive[i] ? 1 : 0] += 1;
        for (int64_t j = 0; j < n; j++) spaces[case_sensitive[i] ? 1 : 0] += k[j] == ' ';
    }
    m->pool = calloc((size_t)bytes + PAD, 1);
    m->next_alias = malloc(sizeof(int32_t) * (size_t)(count ? count : 1));
    m->aliases = count;
    if (!m->pool || !m->next_alias || !table_init(&m->lower, spaces[0]) || !table_init(&m->exact, spaces[1])) {
        jsm_free(m);
        return NULL;
    }
    memcpy(m->pool, data + offsets[0], (size_t)bytes);
    /* chained in reverse, so each key's aliases come out in ascending order */
    for (int32_t i = count - 1; i >= 0; i--) {
        int64_t key = offsets[i] - offsets[0], n = offsets[i + 1] - offsets[i];
        if (n == 0) continue;
        table *t = case_sensitive[i] ? &m->exact : &m->lower;
        const uint8_t *k = m->pool + key;
        for (int64_t j = 0; j < n; j++) {
            if (k[j] == ' ') insert(t, m->pool, key_hash(k, j), key, j)->continues = 1;
        }
        entry *e = insert(t, m->pool, key_hash(k, n), key, n);
        m->next_alias[i] = e->first_alias;
        e->first_alias = i;
    }
    return m;
}

void jsm_free(matcher *m) {
    if (!m) return;
    free(m->lower.entries); free(m->lower.slots); free(m->exact.entries); free(m->exact.slots);
    free(m->pool); free(m->next_alias);
    free(m);
}

/* ---- matching ----------------------------------------------------------------------------- */

typedef struct {
    buffer alias;    /* int32_t */
    buffer position; /* int32_t */
} found;

/* Every alias of table t whose tokens occur consecutively among the text's tokens (`text`, token
 * bounds `at`), at its first occurrence; seen[a] == stamp marks an alias already reported. */
static int scan(const matcher *m, const table *t, const uint8_t *text, const int64_t *at, const uint64_t *hashes,
                int64_t tokens, uint32_t *seen, uint32_t stamp, found *out) {
    if (!t->count) return 1;
    for (int64_t i = 0; i < tokens; i++) {
        int64_t start = at[2 * i], end = at[2 * i + 1];
        uint64_t h = hashes[i];
        for (int64_t j = i;;) {
            const entry *e = find(t, m->pool, h, text + start, end - start);
            if (!e) break;
            for (int32_t a = e->first_alias; a >= 0; a = m->next_alias[a]) {
                if (seen[a] == stamp) continue;
                seen[a] = stamp;
                if (!reserve(&out->alias, out->alias.size + 1, 4) || !reserve(&out->position, out->alias.size + 1, 4))
                    return 0;
                ((int32_t *)out->alias.data)[out->alias.size++] = a;
                ((int32_t *)out->position.data)[out->position.size++] = (int32_t)(i + 1);
            }
            if (!e->continues || ++j >= tokens) break;
            h = fold_hash(h, hashes[j]);
            end = at[2 * j + 1];
        }
    }
    return 1;
}

static inline int is_valid(const uint8_t *validity, int64_t i) {
    return !validity || (validity[i >> 3] >> (i & 7)) & 1;
}

/* One thread's share of a call: rows [first, first + rows) of the array. */
typedef struct {
    const matcher *m;
    int64_t first, rows;
    const int32_t *offsets;
    const uint8_t *data, *validity;
    int32_t *list_offsets; /* rows + 1, from 0 */
    found out;
    int ok;
} part;

static void *match_part(void *arg) {
    part *p = (part *)arg;
    const matcher *m = p->m;
    work w;
    memset(&w, 0, sizeof w);
    uint32_t *seen = calloc((size_t)(m->aliases ? m->aliases : 1), sizeof(uint32_t));
    int ok = seen != NULL, exact = m->exact.count > 0;
    p->list_offsets[0] = 0;
    for (int64_t r = 0; ok && r < p->rows; r++) {
        int64_t i = p->first + r;
        if (is_valid(p->validity, i)) {
            ok = tokenize(&w, p->data + p->offsets[i], p->offsets[i + 1] - p->offsets[i], exact);
            uint32_t stamp = (uint32_t)(r + 1);
            ok = ok && scan(m, &m->lower, (uint8_t *)w.lower.data, (int64_t *)w.lower_at.data,
                            (uint64_t *)w.lower_hash.data, w.tokens, seen, stamp, &p->out);
            ok = ok && scan(m, &m->exact, (uint8_t *)w.exact.data, (int64_t *)w.exact_at.data,
                            (uint64_t *)w.exact_hash.data, w.tokens, seen, stamp, &p->out);
        }
        p->list_offsets[r + 1] = (int32_t)p->out.alias.size;
    }
    work_free(&w);
    free(seen);
    p->ok = ok;
    return NULL;
}

#define MAX_THREADS 64

/* The aliases found in each of `rows` texts (an Arrow string array from element `first`: int32
 * `offsets`, `data`, `validity` or NULL), on up to `threads` threads, each given a run of rows
 * with about the same number of bytes. `list_offsets` (rows + 1) receives where each text's
 * aliases start in the results; the results (aliases, positions) are left in *result_alias and
 * *result_position (free with jsm_free_result). Returns the number found, or -1 when out of
 * memory. */
int64_t jsm_match(const matcher *m, int64_t rows, int64_t first, const int32_t *offsets, const uint8_t *data,
                  const uint8_t *validity, int32_t threads, int32_t *list_offsets, int32_t **result_alias,
                  int32_t **result_position) {
    part parts[MAX_THREADS];
    pthread_t ids[MAX_THREADS];
    int started[MAX_THREADS];
    if (threads > MAX_THREADS) threads = MAX_THREADS;
    if (threads > rows) threads = (int32_t)rows;
    if (threads < 1) threads = 1;
    int64_t bytes = offsets[first + rows] - offsets[first], row = 0;
    memset(parts, 0, sizeof parts);
    int32_t *local = malloc(sizeof(int32_t) * (size_t)(rows + threads));
    if (!local) return -1;
    for (int t = 0; t < threads; t++) {
        int64_t until = offsets[first] + bytes * (t + 1) / threads, end = row;
        while (end < rows && (t == threads - 1 || offsets[first + end] < until)) end++;
        parts[t] = (part){m, first + row, end - row, offsets, data, validity, local + row + t, {{0}}, 0};
        row = end;
    }
    for (int t = 1; t < threads; t++) started[t] = pthread_create(&ids[t], NULL, match_part, &parts[t]) == 0;
    match_part(&parts[0]);
    for (int t = 1; t < threads; t++) {
        if (started[t]) pthread_join(ids[t], NULL);
        else match_part(&parts[t]);
    }
    int64_t count = 0;
    int ok = 1;
    for (int t = 0; t < threads; t++) {
        ok = ok && parts[t].ok;
        count += parts[t].out.alias.size;
    }
    int32_t *alias = ok ? malloc(sizeof(int32_t) * (size_t)(count ? count : 1)) : NULL;
    int32_t *position = ok ? malloc(sizeof(int32_t) * (size_t)(count ? count : 1)) : NULL;
    ok = ok && alias && position;
    int64_t at = 0;
    list_offsets[0] = 0;
    for (int t = 0; t < threads; t++) {
        part *p = &parts[t];
        if (ok) {
            memcpy(alias + at, p->out.alias.data, sizeof(int32_t) * (size_t)p->out.alias.size);
            memcpy(position + at, p->out.position.data, sizeof(int32_t) * (size_t)p->out.alias.size);
            for (int64_t r = 0; r < p->rows; r++) list_offsets[p->first - first + r + 1] = (int32_t)(at + p->list_offsets[r + 1]);
            at += p->out.alias.size;
        }
        free(p->out.alias.data);
        free(p->out.position.data);
    }
    free(local);
    if (!ok) {
        free(alias);
        free(position);
        *result_alias = *result_position = NULL;
        return -1;
    }
    *result_alias = alias;
    *result_position = position;
    return count;
}

void jsm_free_result(int32_t *alias, int32_t *position) {
    free(alias);
    free(position);
}

/* The token text of each of `rows` texts, as macro token_text gives it: the tokens as written,
 * joined by single spaces, with a space before the first and after the last. Written to
 * *result (free with jsm_free_result), int32 `text_offsets` (rows + 1); -1 when out of memory.
 * For the tests that hold this tokenizer to the SQL one. */
int64_t jsm_token_text(int64_t rows, int64_t first, const int32_t *offsets, const uint8_t *data,
                       const uint8_t *validity, int32_t *text_offsets, uint8_t **result) {
    work w;
    buffer out;
    memset(&w, 0, sizeof w);
    memset(&out, 0, sizeof out);
    int ok = 1;
    text_offsets[0] = 0;
    for (int64_t r = 0; ok && r < rows; r++) {
        int64_t i = first + r;
        if (is_valid(validity, i)) {
            ok = tokenize(&w, data + offsets[i], offsets[i + 1] - offsets[i], 1) &&
                 reserve(&out, out.size + w.exact.size + 2, 1);
            if (ok) {
                uint8_t *o = (uint8_t *)out.data;
                o[out.size++] = ' ';
                memcpy(o + out.size, w.exact.data, (size_t)w.exact.size);
                out.size += w.exact.size;
                o[out.size++] = ' ';
            }
        }
        text_offsets[r + 1] = (int32_t)out.size;
    }
    work_free(&w);
    *result = (uint8_t *)out.data;
    if (!ok) {
        free(out.data);
        *result = NULL;
        return -1;
    }
    return out.size;
}
