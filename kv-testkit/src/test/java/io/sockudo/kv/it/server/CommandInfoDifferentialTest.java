package io.sockudo.kv.it.server;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import io.sockudo.kv.testkit.RespValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * For every command both servers know, COMMAND INFO must be the same as redis-server's: arity,
 * flags, key positions, ACL categories, tips, key specs and subcommands (compared per name,
 * since Redis lists subcommands in hash order). This is what ACL, cluster routing and clients
 * read, so a wrong spec is a compatibility bug even when the command itself works.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CommandInfoDifferentialTest {
    /** Subcommands added after Redis 7.0 (we implement them; 7.0 does not know them). */
    static final Set<String> NEWER_THAN_7_0 = Set.of("client|no-touch", "client|setinfo");
    /** Redis 7.0 subcommands not implemented yet (listed in docs/commands.md). */
    static final Set<String> NOT_YET = Set.of();
    /** Commands whose arity grew after 7.0 (Redis 7.2's ZRANK/ZREVRANK WITHSCORE): arity -3 here, 3 in 7.0. */
    static final Set<String> ARITY_NEWER_THAN_7_0 = Set.of("zrank", "zrevrank");

    @Test
    void everySharedCommandHasRedisSpec() throws Exception {
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        try (RedisServerProcess redis = RedisServerProcess.start();
             EmbeddedServer kv = EmbeddedServer.start();
             RespClient r = new RespClient(redis.port());
             RespClient k = new RespClient(kv.port())) {
            for (String name : names(k)) {
                List<Object> ours = info(k, name);
                List<Object> theirs = info(r, name);
                if (theirs == null) {
                    continue; // not a Redis 7.0 command
                }
                compared++;
                compare(name, ours, theirs, mismatches);
                @SuppressWarnings("unchecked")
                List<Object> subs = (List<Object>) ours.get(9);
                for (Object sub : subs) {
                    @SuppressWarnings("unchecked")
                    String subName = text(((List<Object>) sub).get(0));
                    if (NEWER_THAN_7_0.contains(subName)) {
                        continue;
                    }
                    List<Object> theirSub = info(r, subName);
                    if (theirSub == null) {
                        mismatches.add(subName + ": unknown to redis-server 7.0");
                        continue;
                    }
                    compare(subName, info(k, subName), theirSub, mismatches);
                }
            }
        }
        assertTrue(compared > 50, "only " + compared + " commands compared");
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    private static void compare(String name, List<Object> ours, List<Object> theirs, List<String> mismatches) {
        // elements 0..8: name, arity, flags, first, last, step, acl categories, tips, key specs
        String a = canonical(theirs.subList(0, 9));
        String b = canonical(ours.subList(0, 9));
        if (ARITY_NEWER_THAN_7_0.contains(name)) {
            b = b.replaceFirst("^\\[" + name + ",-", "[" + name + ",");
        }
        if (!a.equals(b)) {
            mismatches.add(name + ":\n  redis:      " + a + "\n  sockudo-kv: " + b);
        }
        @SuppressWarnings("unchecked")
        List<Object> theirSubs = (List<Object>) theirs.get(9);
        @SuppressWarnings("unchecked")
        List<Object> ourSubs = (List<Object>) ours.get(9);
        List<String> x = new ArrayList<>();
        for (Object s : theirSubs) {
            @SuppressWarnings("unchecked")
            String n = text(((List<Object>) s).get(0));
            if (!NOT_YET.contains(n)) {
                x.add(n);
            }
        }
        List<String> y = new ArrayList<>();
        for (Object s : ourSubs) {
            @SuppressWarnings("unchecked")
            String n = text(((List<Object>) s).get(0));
            if (!NEWER_THAN_7_0.contains(n)) {
                y.add(n);
            }
        }
        x.sort(null);
        y.sort(null);
        if (!x.equals(y)) {
            mismatches.add(name + " subcommands:\n  redis:      " + x + "\n  sockudo-kv: " + y);
        }
    }

    private static List<String> names(RespClient c) throws Exception {
        List<String> out = new ArrayList<>();
        for (Object o : RespValue.parse(c.call(List.of(b("COMMAND"), b("LIST"))))) {
            out.add(text(o));
        }
        out.sort(null);
        return out;
    }

    /** COMMAND INFO of one command, or null when the server does not know it. */
    private static List<Object> info(RespClient c, String name) throws Exception {
        List<Object> reply = RespValue.parse(c.call(List.of(b("COMMAND"), b("INFO"), b(name))));
        Object first = reply.get(0);
        if (first == null) {
            return null;
        }
        @SuppressWarnings("unchecked")
        List<Object> l = (List<Object>) first;
        return l;
    }

    private static String canonical(Object o) {
        if (o instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (Object e : l) {
                sb.append(canonical(e)).append(',');
            }
            return sb.append(']').toString();
        }
        if (o instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        return String.valueOf(o);
    }

    private static String text(Object o) {
        return new String((byte[]) o, StandardCharsets.ISO_8859_1);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
