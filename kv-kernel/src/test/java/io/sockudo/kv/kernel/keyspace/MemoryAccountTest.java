package io.sockudo.kv.kernel.keyspace;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The byte account's within-budget test: true only when the sum is certainly within the budget. */
class MemoryAccountTest {
    @Test
    void withoutABudgetEverythingIsWithin() {
        MemoryAccount a = new MemoryAccount(4);
        a.add(0, 1L << 40);
        assertTrue(a.withinBudget());
    }

    @Test
    void aCounterOverItsShareSendsTheCheckToTheSum() {
        MemoryAccount a = new MemoryAccount(4);
        a.budget(400);
        assertFalse(a.withinBudget()); // just set: unknown until the counters change
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
        MemoryAccount a = new MemoryAccount(2);
        a.budget(1000);
        a.add(0, 300);
        a.add(1, 0);
        assertTrue(a.withinBudget());
        a.budget(500);
        assertFalse(a.withinBudget());
        a.add(1, 1); // counter 1 is within 250, counter 0 (300) is not and keeps its bit
        assertFalse(a.withinBudget());
        a.add(0, -100);
        assertTrue(a.withinBudget());
        a.budget(Long.MAX_VALUE);
        a.add(0, 0);
        a.add(1, 0);
        assertTrue(a.withinBudget());
    }
}
