package io.sockudo.kv.kernel.keyspace;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The byte account's within-budget test: true only when the sum is certainly within the budget. */
class MemoryAccountTest {
    @Test
    void withoutABudgetEverythingIsWithin() {
        MemoryAccount a = new MemoryAccount(new ShardLocks(4));
        a.add(0, 1L << 40);
        assertTrue(a.withinBudget());
    }

    @Test
    void aCounterOverItsShareSendsTheCheckToTheSum() {
        MemoryAccount a = new MemoryAccount(new ShardLocks(4));
        a.budget(400);
        assertTrue(a.withinBudget()); // every counter (0) is within its share of 100
        for (int i = 0; i < 4; i++) {
            a.add(i, 100);
        }
        assertTrue(a.withinBudget());
        assertEquals(400, a.total());
        a.add(2, 1); // 401 in all: over
        assertFalse(a.withinBudget());
        a.add(2, -1);
        assertTrue(a.withinBudget());
        a.add(3, 50); // one share exceeded while the sum (450) is over too
        assertFalse(a.withinBudget());
        a.add(1, -60); // the sum (390) is within but a share is not: "sum them to know"
        assertFalse(a.withinBudget());
        a.add(3, -50);
        assertTrue(a.withinBudget());
    }

    @Test
    void aLowerBudgetTakesEffectAtOnce() {
        MemoryAccount a = new MemoryAccount(new ShardLocks(2));
        a.budget(1000);
        a.add(0, 300);
        a.add(1, 0);
        assertTrue(a.withinBudget());
        a.budget(500);
        assertFalse(a.withinBudget()); // counter 0 (300) is over its share of 250
        a.add(1, 1);
        assertFalse(a.withinBudget());
        a.add(0, -100);
        assertTrue(a.withinBudget());
        a.budget(Long.MAX_VALUE);
        assertTrue(a.withinBudget());
    }

    @Test
    void aBusyCounterKeepsItsBitUntilItsHolderChangesIt() throws Exception {
        ShardLocks locks = new ShardLocks(2);
        MemoryAccount a = new MemoryAccount(locks);
        Thread holder = new Thread(() -> locks.lock(1));
        holder.start();
        holder.join(); // lock 1 stays held by a finished thread: tryLock fails
        a.budget(1000);
        assertFalse(a.withinBudget());
        a.refresh();
        assertFalse(a.withinBudget());
        a.add(1, 10); // what the holder's next change does
        assertTrue(a.withinBudget());
    }

    @Test
    void aNegativeBudgetIsNeverWithin() {
        MemoryAccount a = new MemoryAccount(new ShardLocks(2));
        a.budget(-5); // maxmemory below the empty keyspace
        assertFalse(a.withinBudget());
        a.add(0, 0);
        a.add(1, -10);
        a.refresh();
        assertFalse(a.withinBudget());
    }
}
