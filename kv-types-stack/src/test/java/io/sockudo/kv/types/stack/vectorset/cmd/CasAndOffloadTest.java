package io.sockudo.kv.types.stack.vectorset.cmd;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two phases of an offloaded command, with the keyspace changed between them: a CAS VADD
 * commits only into the set it searched, only when its element is still absent, redoes the
 * search when a deletion made its neighbours stale, replies true in every case as Redis does,
 * and propagates itself without CAS (replicas and the AOF apply it inline). VSIM runs off the
 * loop except with NOTHREAD or where the context cannot block.
 */
class CasAndOffloadTest {
    private VsFakeContext ctx;

    @BeforeEach
    void setUp() {
        ctx = new VsFakeContext();
        for (int i = 0; i < 50; i++) {
            assertEquals(":1\r\n", ctx.run("VADD", "k", "VALUES", "3", "" + i, "" + (i % 7), "1", "e" + i));
        }
    }

    @Test
    void casCommits() {
        assertEquals("", ctx.run("VADD", "k", "VALUES", "3", "1", "2", "3", "new", "CAS", "EF", "50"));
        assertTrue(ctx.pending());
        assertEquals(":0\r\n", ctx.run("VISMEMBER", "k", "new"), "not linked before the reply phase");
        ctx.runWork();
        assertEquals(":1\r\n", ctx.finish());
        assertEquals(List.of("VADD k VALUES 3 1 2 3 new EF 50"), ctx.propagated);
        assertEquals(":1\r\n", ctx.run("VISMEMBER", "k", "new"));
        assertEquals(":51\r\n", ctx.run("VCARD", "k"));
    }

    @Test
    void keyDeletedMeanwhile() {
        ctx.run("VADD", "k", "VALUES", "3", "1", "2", "3", "new", "CAS");
        ctx.runWork();
        ctx.db.delete("k".getBytes());
        assertEquals(":1\r\n", ctx.finish(), "Redis replies true: the VADD happened before the delete");
        assertTrue(ctx.propagated.isEmpty());
        assertFalse(ctx.db.exists("k".getBytes()));
    }

    @Test
    void keyReplacedMeanwhile() {
        ctx.run("VADD", "k", "VALUES", "3", "1", "2", "3", "new", "CAS");
        ctx.runWork();
        ctx.db.delete("k".getBytes());
        ctx.run("VADD", "k", "VALUES", "3", "9", "9", "9", "other");
        assertEquals(":1\r\n", ctx.finish());
        assertTrue(ctx.propagated.isEmpty());
        assertEquals(":1\r\n", ctx.run("VCARD", "k"), "the new set is left alone");
    }

    @Test
    void elementAddedMeanwhile() {
        ctx.run("VADD", "k", "VALUES", "3", "1", "2", "3", "new", "CAS");
        ctx.runWork();
        ctx.run("VADD", "k", "VALUES", "3", "5", "5", "5", "new");
        assertEquals(":1\r\n", ctx.finish());
        assertTrue(ctx.propagated.isEmpty());
        assertEquals(":51\r\n", ctx.run("VCARD", "k"));
        // the vector is the one the plain VADD gave, not the CAS one (1, 2, 3)
        String[] emb = ctx.run("VEMB", "k", "new").split("\r\n");
        assertEquals(5.0, Double.parseDouble(emb[2]), 0.05);
        assertEquals(5.0, Double.parseDouble(emb[6]), 0.05);
    }

    @Test
    void deletionMeanwhileRedoesTheSearch() {
        ctx.run("VADD", "k", "VALUES", "3", "1", "2", "3", "new", "CAS");
        ctx.runWork();
        // the deleted node may well be among the neighbours found: the plan is not used
        for (int i = 0; i < 10; i++) {
            ctx.run("VREM", "k", "e" + i);
        }
        assertEquals(":1\r\n", ctx.finish());
        assertEquals(":41\r\n", ctx.run("VCARD", "k"));
        String links = ctx.run("VLINKS", "k", "new");
        for (int i = 0; i < 10; i++) {
            assertFalse(links.contains("$2\r\ne" + i + "\r\n"), links);
        }
        assertEquals("*1\r\n$3\r\nnew\r\n", ctx.run("VSIM", "k", "ELE", "new", "COUNT", "1", "NOTHREAD"));
    }

    @Test
    void casIsIgnoredWhereTheContextCannotBlock() {
        ctx.canBlock = false;
        assertEquals(":1\r\n", ctx.run("VADD", "k", "VALUES", "3", "1", "2", "3", "new", "CAS"));
        assertFalse(ctx.pending());
    }

    @Test
    void casIsIgnoredForNewKeysAndUpdates() {
        assertEquals(":1\r\n", ctx.run("VADD", "fresh", "VALUES", "3", "1", "2", "3", "a", "CAS"));
        assertFalse(ctx.pending(), "a new key is created at once");
        assertEquals(":0\r\n", ctx.run("VADD", "k", "VALUES", "3", "1", "2", "3", "e1", "CAS"));
        assertFalse(ctx.pending(), "an update deletes before it inserts");
    }

    @Test
    void vsimIsOffloaded() {
        assertEquals("", ctx.run("VSIM", "k", "ELE", "e3", "COUNT", "1"));
        assertTrue(ctx.pending());
        ctx.runWork();
        assertEquals("*1\r\n$2\r\ne3\r\n", ctx.finish());
        assertEquals("*1\r\n$2\r\ne3\r\n", ctx.run("VSIM", "k", "ELE", "e3", "COUNT", "1", "NOTHREAD"));
        assertFalse(ctx.pending());
        // the reply carries what the search found, even if the element went meanwhile
        ctx.run("VSIM", "k", "ELE", "e4", "COUNT", "1");
        ctx.runWork();
        ctx.run("VREM", "k", "e4");
        assertEquals("*1\r\n$2\r\ne4\r\n", ctx.finish());
    }
}
