package io.sockudo.kv.types.core.zsets;

import io.sockudo.kv.types.core.strings.FakeContext;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ZRANDMEMBER with a positive count returns distinct members, whichever strategy serves it. */
class ZRandMemberTest {
    @Test
    void distinctMembers() {
        FakeContext ctx = new FakeContext();
        String[] args = new String[2 + 2 * 1000];
        args[0] = "zadd";
        args[1] = "z";
        for (int i = 0; i < 1000; i++) {
            args[2 + 2 * i] = Integer.toString(i);
            args[3 + 2 * i] = "m" + i;
        }
        ctx.run(ZWriteCommands::zadd, args);
        for (int count : new int[]{1, 10, 200, 400, 999, 1000, 5000}) {
            String reply = ctx.run(ZPopCommands::zrandmember, "zrandmember", "z", Integer.toString(count));
            List<String> lines = Arrays.asList(reply.split("\r\n"));
            int n = Math.min(count, 1000);
            assertEquals("*" + n, lines.get(0));
            Set<String> members = new HashSet<>();
            for (int i = 2; i < lines.size(); i += 2) {
                members.add(lines.get(i));
            }
            assertEquals(n, members.size(), "count " + count);
            assertTrue(members.stream().allMatch(m -> m.startsWith("m")));
        }
    }
}
