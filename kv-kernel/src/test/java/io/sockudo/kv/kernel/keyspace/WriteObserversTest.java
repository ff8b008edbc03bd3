package io.sockudo.kv.kernel.keyspace;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Only engaged observers are told of writes; an observer's engagement change is followed at once. */
class WriteObserversTest {
    private static final class Fake implements WriteObserver {
        boolean on;
        Runnable changed = () -> { };
        final List<String> seen = new ArrayList<>();

        @Override
        public void keyWritten(Database db, byte[] key) {
            seen.add(new String(key));
        }

        @Override
        public boolean engaged() {
            return on;
        }

        @Override
        public void onEngagementChange(Runnable c) {
            changed = c;
        }

        void set(boolean value) {
            on = value;
            changed.run();
        }
    }

    @Test
    void onlyEngagedObserversSeeWrites() {
        WriteObservers obs = new WriteObservers();
        Fake a = new Fake();
        Fake b = new Fake();
        obs.add(a);
        obs.add(b);
        assertEquals(0, obs.engaged().length);
        obs.keyWritten(null, "k1".getBytes());
        a.set(true);
        obs.keyWritten(null, "k2".getBytes());
        b.set(true);
        obs.keyWritten(null, "k3".getBytes());
        a.set(false);
        obs.keyWritten(null, "k4".getBytes());
        assertEquals(List.of("k2", "k3"), a.seen);
        assertEquals(List.of("k3", "k4"), b.seen);
    }

    @Test
    void anObserverWithoutEngagementIsAlwaysTold() {
        WriteObservers obs = new WriteObservers();
        List<String> seen = new ArrayList<>();
        obs.add((db, key) -> seen.add(new String(key)));
        obs.keyWritten(null, "k".getBytes());
        assertEquals(List.of("k"), seen);
    }
}
