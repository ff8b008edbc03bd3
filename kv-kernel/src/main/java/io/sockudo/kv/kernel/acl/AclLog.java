package io.sockudo.kv.kernel.acl;

import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;

/**
 * ACL LOG: the most recent denials, newest first, at most {@code acllog-max-len}. A denial like one
 * of the last ten entries (same reason, context, object and user, within 60 seconds) counts on
 * that entry and moves it to the front instead of adding one, as Redis groups them.
 */
final class AclLog {
    private static final long GROUPING_MILLIS = 60_000;
    private static final int SCAN = 10;

    /** One entry; {@code createdMillis} is the time of its latest occurrence. */
    static final class Entry {
        long count;
        final String reason;
        final String context;
        final String object;
        final String username;
        long createdMillis;
        String clientInfo;

        Entry(String reason, String context, String object, String username, long createdMillis, String clientInfo) {
            this.count = 1;
            this.reason = reason;
            this.context = context;
            this.object = object;
            this.username = username;
            this.createdMillis = createdMillis;
            this.clientInfo = clientInfo;
        }
    }

    private final LinkedList<Entry> entries = new LinkedList<>();

    synchronized void add(Entry e, long maxLen) {
        int scanned = 0;
        for (var it = entries.iterator(); it.hasNext() && scanned < SCAN; scanned++) {
            Entry old = it.next();
            if (old.reason.equals(e.reason) && old.context.equals(e.context) && old.object.equals(e.object)
                    && old.username.equals(e.username) && e.createdMillis - old.createdMillis <= GROUPING_MILLIS) {
                it.remove();
                old.count++;
                old.createdMillis = e.createdMillis;
                old.clientInfo = e.clientInfo;
                entries.addFirst(old);
                return;
            }
        }
        entries.addFirst(e);
        trim(maxLen);
    }

    private void trim(long maxLen) {
        while (entries.size() > maxLen) {
            entries.removeLast();
        }
    }

    synchronized void reset() {
        entries.clear();
    }

    /** Up to {@code count} entries, newest first (snapshots of their fields). */
    synchronized List<Entry> newest(long count) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (out.size() >= count) {
                break;
            }
            Entry copy = new Entry(e.reason, e.context, e.object, e.username, e.createdMillis, e.clientInfo);
            copy.count = e.count;
            out.add(copy);
        }
        return out;
    }
}
