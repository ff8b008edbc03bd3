package io.sockudo.kv.kernel.events;

import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KeyspaceListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NotifierTest {
    /** A listener that wants events only while {@code on}, and says so through its callback. */
    private static final class Toggling implements KeyspaceListener {
        final List<String> seen = new ArrayList<>();
        volatile boolean on;
        Runnable changed = () -> { };

        @Override
        public void onEvent(Keyspace db, EventClass eventClass, String event, byte[] key) {
            seen.add(event);
        }

        @Override
        public boolean wantsEvents() {
            return on;
        }

        @Override
        public void attach(Runnable interestChanged) {
            changed = interestChanged;
        }

        @Override
        public void onFlush(int db) {
            seen.add("flush:" + db);
        }

        void set(boolean value) {
            on = value;
            changed.run();
        }
    }

    @Test
    void eventsGoOnlyToListenersThatWantThemAndTheOtherCallbacksAlwaysCome() {
        Notifier n = new Notifier();
        Toggling t = new Toggling();
        List<String> plain = new ArrayList<>();
        n.add(t);
        n.add((db, cls, event, key) -> plain.add(event));

        n.notify(null, EventClass.STRING, "set", new byte[] {'k'});
        n.flushed(0);
        t.set(true);
        n.notify(null, EventClass.STRING, "incrby", new byte[] {'k'});
        t.set(false);
        n.notify(null, EventClass.GENERIC, "del", new byte[] {'k'});

        assertEquals(List.of("flush:0", "incrby"), t.seen);
        assertEquals(List.of("set", "incrby", "del"), plain, "a listener without wantsEvents gets every event");
    }

    @Test
    void aRemovedListenerGetsNothingEvenAfterItsCallbackRuns() {
        Notifier n = new Notifier();
        Toggling t = new Toggling();
        t.on = true;
        n.add(t);
        n.remove(t);
        t.set(true);
        n.notify(null, EventClass.STRING, "set", new byte[] {'k'});
        assertEquals(List.of(), t.seen);
    }
}
