package io.sockudo.kv.search.aggregate;

import io.sockudo.kv.search.util.Geo;
import io.sockudo.kv.spi.KvException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The functions of RediSearch's expression language: string (lower, upper, substr, format,
 * split, contains, startswith, strlen, exists, matched_terms), math (log, log2, exp, sqrt, abs,
 * ceil, floor), date/time over Unix seconds in UTC (timefmt, parsetime, day, hour, minute, month,
 * year, dayofweek, dayofmonth, dayofyear, monthofyear) and geodistance.
 */
public final class Functions {
    /** A function body: evaluated arguments, the row, the argument expressions. */
    public interface Fn {
        Object apply(Object[] args, Expr.Row row, List<Expr> exprs);
    }

    public record Spec(int min, int max, Fn fn) {
    }

    private static final Map<String, Spec> ALL = new HashMap<>();

    static {
        // ---- strings
        ALL.put("lower", new Spec(1, 1, (a, r, e) -> a[0] instanceof String s ? s.toLowerCase(Locale.ROOT) : a[0]));
        ALL.put("upper", new Spec(1, 1, (a, r, e) -> a[0] instanceof String s ? s.toUpperCase(Locale.ROOT) : a[0]));
        ALL.put("substr", new Spec(3, 3, Functions::substr));
        ALL.put("format", new Spec(1, Integer.MAX_VALUE, Functions::format));
        ALL.put("split", new Spec(1, 3, Functions::split));
        ALL.put("contains", new Spec(2, 2, (a, r, e) -> {
            if (a[0] == null || a[1] == null) {
                return 0.0;
            }
            String s = Expr.text(a[0]);
            String sub = Expr.text(a[1]);
            if (sub.isEmpty()) {
                return (double) (s.length() + 1);
            }
            int count = 0;
            for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
                count++;
            }
            return (double) count;
        }));
        ALL.put("startswith", new Spec(2, 2, (a, r, e) -> {
            if (!(a[0] instanceof String) && a[0] == null) {
                return 0.0;
            }
            return Expr.text(a[0]).startsWith(Expr.text(a[1])) ? 1.0 : 0.0;
        }));
        ALL.put("strlen", new Spec(1, 1, (a, r, e) -> a[0] == null ? 0.0 : (double) Expr.text(a[0]).length()));
        ALL.put("exists", new Spec(1, 1, (a, r, e) -> a[0] != null ? 1.0 : 0.0));
        ALL.put("matched_terms", new Spec(0, 1, (a, r, e) -> {
            Object v = r.get("__matched_terms");
            if (!(v instanceof List<?> l)) {
                return null;
            }
            if (a.length > 0 && Expr.number(a[0]) != null) {
                int max = (int) (double) Expr.number(a[0]);
                if (max > 0 && l.size() > max) {
                    return new ArrayList<>(l.subList(0, max));
                }
            }
            return l;
        }));
        ALL.put("case", new Spec(3, 3, (a, r, e) -> Expr.truthy(a[0]) ? a[1] : a[2]));
        // ---- math
        math("log", Math::log);
        math("log2", d -> Math.log(d) / Math.log(2));
        math("exp", Math::exp);
        math("sqrt", Math::sqrt);
        math("abs", Math::abs);
        math("ceil", Math::ceil);
        math("floor", Math::floor);
        // ---- time
        ALL.put("timefmt", new Spec(1, 2, (a, r, e) -> {
            Double t = Expr.number(a[0]);
            if (t == null) {
                return null;
            }
            String fmt = a.length > 1 && a[1] != null ? Expr.text(a[1]) : "%FT%TZ";
            return Strftime.format(fmt, (long) Math.floor(t));
        }));
        ALL.put("parsetime", new Spec(2, 2, (a, r, e) -> {
            if (a[0] == null || a[1] == null) {
                return null;
            }
            Long t = Strftime.parse(Expr.text(a[1]), Expr.text(a[0]));
            return t == null ? null : (double) t;
        }));
        time("day", z -> (double) z.toLocalDate().atStartOfDay(ZoneOffset.UTC).toEpochSecond());
        time("hour", z -> (double) z.withMinute(0).withSecond(0).withNano(0).toEpochSecond());
        time("minute", z -> (double) z.withSecond(0).withNano(0).toEpochSecond());
        time("month", z -> (double) LocalDate.of(z.getYear(), z.getMonthValue(), 1).atStartOfDay(ZoneOffset.UTC)
                .toEpochSecond());
        time("year", z -> (double) z.getYear());
        time("dayofweek", z -> (double) (z.getDayOfWeek().getValue() % 7));
        time("dayofmonth", z -> (double) z.getDayOfMonth());
        time("dayofyear", z -> (double) (z.getDayOfYear() - 1));
        time("monthofyear", z -> (double) (z.getMonthValue() - 1));
        // ---- geo
        ALL.put("geodistance", new Spec(2, 4, Functions::geodistance));
    }

    private Functions() {
    }

    static Spec get(String name) {
        return ALL.get(name);
    }

    private static void math(String name, java.util.function.DoubleUnaryOperator f) {
        ALL.put(name, new Spec(1, 1, (a, r, e) -> {
            if (a[0] == null) {
                return null;
            }
            Double d = Expr.number(a[0]);
            return d == null ? Double.NaN : f.applyAsDouble(d);
        }));
    }

    private static void time(String name, java.util.function.Function<ZonedDateTime, Double> f) {
        ALL.put(name, new Spec(1, 1, (a, r, e) -> {
            Double d = Expr.number(a[0]);
            if (d == null) {
                return null;
            }
            return f.apply(Instant.ofEpochSecond((long) Math.floor(d)).atZone(ZoneOffset.UTC));
        }));
    }

    private static Object substr(Object[] a, Expr.Row r, List<Expr> e) {
        if (a[0] == null) {
            return null;
        }
        String s = Expr.text(a[0]);
        Double off = Expr.number(a[1]);
        Double len = Expr.number(a[2]);
        if (off == null || len == null) {
            throw new KvException("Invalid type for substr arguments");
        }
        int n = s.length();
        long o = (long) (double) off;
        long l = (long) (double) len;
        if (o < 0) {
            o = n + o;
        }
        if (o < 0 || o >= n) {
            return "";
        }
        if (l < 0) {
            l = n - o + l;
        }
        if (l <= 0) {
            return "";
        }
        long end = Math.min(n, o + l);
        return s.substring((int) o, (int) end);
    }

    private static Object format(Object[] a, Expr.Row r, List<Expr> e) {
        if (!(a[0] instanceof String fmt)) {
            throw new KvException("Invalid type for format");
        }
        StringBuilder sb = new StringBuilder();
        int arg = 1;
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c != '%' || i + 1 >= fmt.length()) {
                sb.append(c);
                continue;
            }
            char d = fmt.charAt(++i);
            if (d == '%') {
                sb.append('%');
            } else if (d == 's') {
                if (arg >= a.length) {
                    throw new KvException("Not enough arguments for format");
                }
                Object v = a[arg++];
                sb.append(v == null ? "(null)" : Expr.text(v));
            } else {
                throw new KvException("Unknown format specifier passed");
            }
        }
        return sb.toString();
    }

    private static Object split(Object[] a, Expr.Row r, List<Expr> e) {
        if (a[0] == null) {
            return null;
        }
        String s = Expr.text(a[0]);
        String sep = a.length > 1 && a[1] != null ? Expr.text(a[1]) : ",";
        String strip = a.length > 2 && a[2] != null ? Expr.text(a[2]) : " ";
        List<Object> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || sep.indexOf(s.charAt(i)) >= 0) {
                String part = s.substring(start, i);
                int b = 0;
                int end = part.length();
                while (b < end && strip.indexOf(part.charAt(b)) >= 0) {
                    b++;
                }
                while (end > b && strip.indexOf(part.charAt(end - 1)) >= 0) {
                    end--;
                }
                if (end > b) {
                    out.add(part.substring(b, end));
                }
                start = i + 1;
            }
        }
        return out;
    }

    private static Object geodistance(Object[] a, Expr.Row r, List<Expr> e) {
        double[] p1;
        double[] p2;
        if (a.length == 2) {
            p1 = point(a[0]);
            p2 = point(a[1]);
        } else if (a.length == 3) {
            p1 = point(a[0]);
            p2 = coords(a[1], a[2]);
        } else {
            p1 = coords(a[0], a[1]);
            p2 = coords(a[2], a[3]);
        }
        if (p1 == null || p2 == null) {
            return null;
        }
        double d = Geo.distance(p1[0], p1[1], p2[0], p2[1]);
        return Math.round(d * 100) / 100.0;
    }

    private static double[] point(Object v) {
        if (v == null) {
            return null;
        }
        String s = Expr.text(v);
        int c = s.indexOf(',');
        if (c < 0) {
            return null;
        }
        Double lon = Expr.number(s.substring(0, c).strip());
        Double lat = Expr.number(s.substring(c + 1).strip());
        return lon == null || lat == null ? null : new double[] {lon, lat};
    }

    private static double[] coords(Object lon, Object lat) {
        Double x = Expr.number(lon);
        Double y = Expr.number(lat);
        return x == null || y == null ? null : new double[] {x, y};
    }

    /** strftime / strptime over UTC for the specifiers RediSearch users rely on. */
    static final class Strftime {
        private Strftime() {
        }

        static String format(String fmt, long epochSeconds) {
            ZonedDateTime z = Instant.ofEpochSecond(epochSeconds).atZone(ZoneOffset.UTC);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < fmt.length(); i++) {
                char c = fmt.charAt(i);
                if (c != '%' || i + 1 >= fmt.length()) {
                    sb.append(c);
                    continue;
                }
                char d = fmt.charAt(++i);
                switch (d) {
                    case 'Y' -> sb.append(z.getYear());
                    case 'C' -> sb.append(two(z.getYear() / 100));
                    case 'y' -> sb.append(two(z.getYear() % 100));
                    case 'm' -> sb.append(two(z.getMonthValue()));
                    case 'd' -> sb.append(two(z.getDayOfMonth()));
                    case 'e' -> sb.append(String.format("%2d", z.getDayOfMonth()));
                    case 'H' -> sb.append(two(z.getHour()));
                    case 'I' -> sb.append(two(z.getHour() % 12 == 0 ? 12 : z.getHour() % 12));
                    case 'M' -> sb.append(two(z.getMinute()));
                    case 'S' -> sb.append(two(z.getSecond()));
                    case 'p' -> sb.append(z.getHour() < 12 ? "AM" : "PM");
                    case 'j' -> sb.append(String.format("%03d", z.getDayOfYear()));
                    case 'F' -> sb.append(z.getYear()).append('-').append(two(z.getMonthValue())).append('-')
                            .append(two(z.getDayOfMonth()));
                    case 'T' -> sb.append(two(z.getHour())).append(':').append(two(z.getMinute())).append(':')
                            .append(two(z.getSecond()));
                    case 'R' -> sb.append(two(z.getHour())).append(':').append(two(z.getMinute()));
                    case 'D' -> sb.append(two(z.getMonthValue())).append('/').append(two(z.getDayOfMonth())).append('/')
                            .append(two(z.getYear() % 100));
                    case 'a' -> sb.append(z.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                    case 'A' -> sb.append(z.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                    case 'b', 'h' -> sb.append(z.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                    case 'B' -> sb.append(z.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                    case 'u' -> sb.append(z.getDayOfWeek().getValue());
                    case 'w' -> sb.append(z.getDayOfWeek().getValue() % 7);
                    case 's' -> sb.append(epochSeconds);
                    case 'Z' -> sb.append("GMT");
                    case 'z' -> sb.append("+0000");
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case '%' -> sb.append('%');
                    default -> sb.append('%').append(d);
                }
            }
            return sb.toString();
        }

        private static String two(int v) {
            return v < 10 ? "0" + v : Integer.toString(v);
        }

        /** strptime: epoch seconds, or null when the text does not match. */
        static Long parse(String fmt, String text) {
            int[] f = {1970, 1, 1, 0, 0, 0};
            int[] pos = {0};
            for (int i = 0; i < fmt.length(); i++) {
                char c = fmt.charAt(i);
                if (c == '%' && i + 1 < fmt.length()) {
                    char d = fmt.charAt(++i);
                    boolean ok = switch (d) {
                        case 'Y' -> num(text, pos, 4, v -> f[0] = v);
                        case 'm' -> num(text, pos, 2, v -> f[1] = v);
                        case 'd', 'e' -> num(text, pos, 2, v -> f[2] = v);
                        case 'H' -> num(text, pos, 2, v -> f[3] = v);
                        case 'M' -> num(text, pos, 2, v -> f[4] = v);
                        case 'S' -> num(text, pos, 2, v -> f[5] = v);
                        case 'F' -> num(text, pos, 4, v -> f[0] = v) && lit(text, pos, '-')
                                && num(text, pos, 2, v -> f[1] = v) && lit(text, pos, '-')
                                && num(text, pos, 2, v -> f[2] = v);
                        case 'T' -> num(text, pos, 2, v -> f[3] = v) && lit(text, pos, ':')
                                && num(text, pos, 2, v -> f[4] = v) && lit(text, pos, ':')
                                && num(text, pos, 2, v -> f[5] = v);
                        case 'Z' -> {
                            while (pos[0] < text.length() && Character.isLetter(text.charAt(pos[0]))) {
                                pos[0]++;
                            }
                            yield true;
                        }
                        case '%' -> lit(text, pos, '%');
                        default -> false;
                    };
                    if (!ok) {
                        return null;
                    }
                } else if (Character.isWhitespace(c)) {
                    while (pos[0] < text.length() && Character.isWhitespace(text.charAt(pos[0]))) {
                        pos[0]++;
                    }
                } else if (!lit(text, pos, c)) {
                    return null;
                }
            }
            try {
                return LocalDateTime.of(f[0], f[1], f[2], f[3], f[4], f[5]).toEpochSecond(ZoneOffset.UTC);
            } catch (java.time.DateTimeException e) {
                return null;
            }
        }

        private static boolean lit(String t, int[] pos, char c) {
            if (pos[0] < t.length() && t.charAt(pos[0]) == c) {
                pos[0]++;
                return true;
            }
            return false;
        }

        private static boolean num(String t, int[] pos, int max, java.util.function.IntConsumer set) {
            int start = pos[0];
            int v = 0;
            while (pos[0] < t.length() && pos[0] - start < max && Character.isDigit(t.charAt(pos[0]))) {
                v = v * 10 + (t.charAt(pos[0]) - '0');
                pos[0]++;
            }
            if (pos[0] == start) {
                return false;
            }
            set.accept(v);
            return true;
        }
    }
}
