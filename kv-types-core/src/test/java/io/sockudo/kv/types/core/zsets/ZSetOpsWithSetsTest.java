package io.sockudo.kv.types.core.zsets;

import io.sockudo.kv.types.core.strings.FakeContext;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ValueType;
import io.sockudo.kv.types.core.common.SetMembers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** ZUNION/ZINTER/ZDIFF/ZINTERCARD with plain-set inputs (score 1), as Redis allows. */
class ZSetOpsWithSetsTest {
    /** A stand-in for the sets family's value. */
    private static final class FakeSet implements KvValue, SetMembers {
        final Set<String> members = new LinkedHashSet<>();

        FakeSet(String... m) {
            members.addAll(java.util.List.of(m));
        }

        @Override
        public ValueType type() {
            return () -> "set";
        }

        @Override
        public String encoding() {
            return "hashtable";
        }

        @Override
        public long memoryUsage() {
            return 0;
        }

        @Override
        public KvValue copy() {
            return this;
        }

        @Override
        public int memberCount() {
            return members.size();
        }

        @Override
        public boolean containsMember(byte[] member) {
            return members.contains(new String(member, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void forEachMember(MemberVisitor visitor) {
            for (String m : members) {
                byte[] b = ("#" + m).getBytes(StandardCharsets.ISO_8859_1);
                visitor.visit(b, 1, b.length - 1);
            }
        }
    }

    @Test
    void setsScoreOne() {
        FakeContext ctx = new FakeContext();
        ctx.db.put("s".getBytes(StandardCharsets.ISO_8859_1), new FakeSet("a", "b"));
        ctx.run(ZWriteCommands::zadd, "zadd", "z", "5", "b", "7", "c");
        assertEquals("*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n6\r\n$1\r\nc\r\n$1\r\n7\r\n",
                ctx.run(ZSetOpCommands::zunion, "zunion", "2", "s", "z", "withscores"));
        assertEquals("*2\r\n$1\r\nb\r\n$1\r\n8\r\n",
                ctx.run(ZSetOpCommands::zinter, "zinter", "2", "s", "z", "weights", "3", "1", "withscores"));
        assertEquals("*1\r\n$1\r\na\r\n", ctx.run(ZSetOpCommands::zdiff, "zdiff", "2", "s", "z"));
        assertEquals(":1\r\n", ctx.run(ZSetOpCommands::zintercard, "zintercard", "2", "z", "s"));
        assertEquals(":2\r\n", ctx.run(ZSetOpCommands::zunionstore, "zunionstore", "d", "1", "s"));
    }
}
