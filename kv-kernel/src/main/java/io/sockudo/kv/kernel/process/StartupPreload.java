package io.sockudo.kv.kernel.process;

/**
 * Work the server's start-up needs that depends on nothing the main thread builds, started on a
 * second thread at launch so that it overlaps the configuration, kernel and module set-up: the
 * initialisation of Netty's platform support, its native epoll library and channel classes (~40 ms of
 * a start) and of the JVM's management beans that memory accounting reads (~15 ms). Class initialisation is
 * thread-safe: when the main thread reaches one of these first it waits for the preload's result
 * rather than doing the work twice. A failure here is ignored: the main thread does the same work
 * later and reports it there.
 */
public final class StartupPreload {
    private StartupPreload() {
    }

    /** Starts the preload on a daemon thread and returns at once. */
    public static void start() {
        Thread t = new Thread(StartupPreload::run, "kv-preload");
        t.setDaemon(true);
        t.start();
    }

    private static void run() {
        try {
            // in the order the main thread needs them: the kernel reads the heap facts first
            io.sockudo.kv.kernel.util.HeapFacts.g1Region();
            io.netty.channel.epoll.Epoll.isAvailable();
            io.netty.util.internal.PlatformDependent.useDirectBufferNoCleaner();
            if (io.netty.channel.epoll.Epoll.isAvailable()) {
                // the channel classes' initialisation (native socket options, buffers' set-up)
                Class.forName(io.netty.channel.epoll.EpollServerSocketChannel.class.getName(), true,
                        StartupPreload.class.getClassLoader());
                Class.forName(io.netty.channel.epoll.EpollSocketChannel.class.getName(), true,
                        StartupPreload.class.getClassLoader());
            }
            // the JDK's annotation parsing, which the pipeline's first @Sharable check sets up
            io.netty.channel.ChannelInitializer.class.isAnnotationPresent(io.netty.channel.ChannelHandler.Sharable.class);
        } catch (RuntimeException | LinkageError | ClassNotFoundException ignored) {
            // the main thread meets the same condition and handles it where it belongs
        }
    }
}
