package io.sockudo.kv.types.stack.timeseries.cmd;

import io.sockudo.kv.spi.ReplyWriter;
import io.sockudo.kv.types.stack.timeseries.query.Samples;
import io.sockudo.kv.types.stack.timeseries.store.Labels;

/** Reply shapes shared by the commands, RESP2 and RESP3 as RedisTimeSeries writes them. */
final class Out {
    private Out() {
    }

    static boolean resp3(ReplyWriter w) {
        return w.protocol() == 3;
    }

    /** A sample value: a simple string on RESP2, a double on RESP3. */
    static void value(ReplyWriter w, double v) {
        if (resp3(w)) {
            w.doubleText(Doubles.reply(v));
        } else {
            w.simple(Doubles.sample(v));
        }
    }

    /** {@code RedisModule_ReplyWithDouble}: a bulk string on RESP2, a double on RESP3. */
    static void dbl(ReplyWriter w, double v) {
        w.doubleText(Doubles.reply(v));
    }

    /** One (timestamp, value) pair. */
    static void sample(ReplyWriter w, long ts, double v) {
        w.array(2);
        w.integer(ts);
        value(w, v);
    }

    static void samples(ReplyWriter w, Samples s) {
        w.array(s.size);
        for (int i = 0; i < s.size; i++) {
            sample(w, s.ts[i], s.vals[i]);
        }
    }

    /** Labels: a map on RESP3, an array of [name, value] pairs on RESP2. */
    static void labels(ReplyWriter w, Labels l) {
        boolean map = resp3(w);
        if (map) {
            w.map(l.size());
        } else {
            w.array(l.size());
        }
        for (int i = 0; i < l.size(); i++) {
            if (!map) {
                w.array(2);
            }
            w.bulk(l.name(i));
            w.bulk(l.value(i));
        }
    }

    /**
     * SELECTED_LABELS: for each requested name (matched ignoring case) the label as stored, or the
     * name as requested with a null value.
     */
    static void selected(ReplyWriter w, Labels l, byte[][] names) {
        boolean map = resp3(w);
        if (map) {
            w.map(names.length);
        } else {
            w.array(names.length);
        }
        for (byte[] name : names) {
            if (!map) {
                w.array(2);
            }
            int i = l.indexIgnoreCase(name);
            if (i >= 0) {
                w.bulk(l.name(i));
                w.bulk(l.value(i));
            } else {
                w.bulk(name);
                w.nullBulk();
            }
        }
    }

    /** An empty label list: {@code *0} or {@code %0}. */
    static void noLabels(ReplyWriter w) {
        if (resp3(w)) {
            w.map(0);
        } else {
            w.array(0);
        }
    }
}
