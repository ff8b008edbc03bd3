package io.sockudo.kv.kernel.persistence;

/**
 * One point-in-time image at a time (an image's mark bit is shared by every key): BGSAVE, SAVE
 * and the AOF rewrite take this before starting one, as Redis allows one child process at a time.
 */
public final class BackgroundImages {
    /** What holds it: {@code "rdb"}, {@code "aof"}, or null. */
    private String holder;

    /** Takes it for {@code who}; false when another image runs. */
    public synchronized boolean tryStart(String who) {
        if (holder != null) {
            return false;
        }
        holder = who;
        return true;
    }

    public synchronized void finish(String who) {
        if (who.equals(holder)) {
            holder = null;
            notifyAll();
        }
    }

    /** What runs now, or null. */
    public synchronized String holder() {
        return holder;
    }
}
