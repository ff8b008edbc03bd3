/*
 * Generates src/test/resources/strings/ld-vectors.tsv, the oracle for LongDoubleTest.
 *
 * Input lines are "a<TAB>b". Each output line is "a<TAB>b<TAB>result", where result is what
 * redis-server on x86-64 Linux answers for SET k a; INCRBYFLOAT k b: the sum printed with glibc's
 * "%.17Lf" and trailing zeros (then a bare dot) removed, "-0" shown as "0"; ERRFLOAT when either
 * input is not accepted as a float (Redis: whole string consumed by strtold, no leading space,
 * not NaN, no overflow, no underflow to zero, shorter than 5120 bytes); ERRNANINF when the sum is
 * not finite.
 *
 *   gcc -O1 -o ldvectors ldvectors.c -lm && ./ldvectors < inputs.tsv > ld-vectors.tsv
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int accept_float(const char *s, long double *out) {
    size_t n = strlen(s);
    if (n == 0 || n >= 5120 || isspace((unsigned char) s[0])) return 0;
    char *end;
    errno = 0;
    long double v = strtold(s, &end);
    if (*end != '\0' || isnan(v)) return 0;
    if (errno == ERANGE && (isinf(v) || v == 0)) return 0;
    *out = v;
    return 1;
}

static void print_human(long double v) {
    static char text[8192];
    int n = snprintf(text, sizeof text, "%.17Lf", v);
    if (strchr(text, '.')) {
        while (text[n - 1] == '0') n--;
        if (text[n - 1] == '.') n--;
    }
    text[n] = '\0';
    puts(strcmp(text, "-0") == 0 ? "0" : text);
}

int main(void) {
    static char line[20000];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        char *b = strchr(line, '\t');
        if (b == NULL) continue;
        *b++ = '\0';
        printf("%s\t%s\t", line, b);
        long double x, y;
        if (!accept_float(line, &x) || !accept_float(b, &y)) {
            puts("ERRFLOAT");
        } else if (!isfinite(x + y)) {
            puts("ERRNANINF");
        } else {
            print_human(x + y);
        }
    }
    return 0;
}
