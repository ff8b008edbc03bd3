package io.sockudo.kv.kernel.persistence.aof;

import io.sockudo.kv.kernel.command.InternalClient;
import io.sockudo.kv.kernel.persistence.RdbLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a multi-part AOF as Redis 7 does: the base (an RDB, or commands), then each incremental
 * file's commands run through an {@link InternalClient}. A transaction is run only once its EXEC
 * is read. A file cut short in the middle of a command (or of a MULTI) is, in the last
 * incremental file and with {@code aof-load-truncated yes}, truncated back to its last complete
 * command with a warning; anywhere else, or malformed, the load stops with the file and offset.
 */
public final class AofLoader {
    private static final Logger LOG = LoggerFactory.getLogger(AofLoader.class);

    /** Thrown when an AOF cannot be loaded; the server must not start. */
    public static final class AofLoadException extends IOException {
        private static final long serialVersionUID = 1L;

        AofLoadException(String message) {
            super(message);
        }
    }

    private final RdbLoader rdb;
    private final InternalClient client;
    private final boolean loadTruncated;

    public AofLoader(RdbLoader rdb, InternalClient client, boolean loadTruncated) {
        this.rdb = rdb;
        this.client = client;
        this.loadTruncated = loadTruncated;
    }

    /** Loads every file of {@code manifest} from {@code dir}; returns the number of commands run. */
    public long load(Path dir, AofManifest manifest) throws IOException {
        long start = System.nanoTime();
        long commands = 0;
        if (manifest.base() != null) {
            Path base = dir.resolve(manifest.base().name());
            if (isRdb(base)) {
                rdb.load(base, RdbLoader.Mode.AOF_PREAMBLE);
            } else {
                commands += replay(base, false);
            }
        }
        List<AofManifest.AofFile> incrs = manifest.incrs();
        for (int i = 0; i < incrs.size(); i++) {
            Path f = dir.resolve(incrs.get(i).name());
            if (!Files.exists(f)) {
                if (i == incrs.size() - 1) {
                    continue; // created lazily by the last run: nothing was appended
                }
                throw new AofLoadException("Append only file " + f + " doesn't exist");
            }
            commands += replay(f, i == incrs.size() - 1);
        }
        LOG.info("DB loaded from append only file: {} seconds", String.format("%.3f", (System.nanoTime() - start) / 1e9));
        return commands;
    }

    private static boolean isRdb(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            byte[] magic = in.readNBytes(5);
            return magic.length == 5 && new String(magic, StandardCharsets.US_ASCII).equals("REDIS");
        }
    }

    /** Runs the commands of one AOF file; returns how many ran. */
    private long replay(Path file, boolean last) throws IOException {
        long count = 0;
        long validUpTo = 0;   // end of the last complete command outside a transaction
        List<byte[][]> transaction = null;
        try (CountingInput in = new CountingInput(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            while (true) {
                int first = in.read();
                if (first == -1) {
                    break;
                }
                if (first == '#') {
                    // an annotation (aof-timestamp-enabled): "#TS:<unix time>\r\n"
                    if (readLine(in) == null) {
                        return truncated(file, last, validUpTo, count);
                    }
                    if (transaction == null) {
                        validUpTo = in.count;
                    }
                    continue;
                }
                if (first != '*') {
                    throw bad(file, in.count - 1);
                }
                byte[][] argv = readCommand(in, file);
                if (argv == null) {
                    return truncated(file, last, validUpTo, count);
                }
                if (argv.length == 0) {
                    throw bad(file, in.count);
                }
                String name = new String(argv[0], StandardCharsets.US_ASCII);
                if (name.equalsIgnoreCase("MULTI")) {
                    transaction = new ArrayList<>();
                    continue;
                }
                if (name.equalsIgnoreCase("EXEC") && transaction != null) {
                    for (byte[][] queued : transaction) {
                        run(queued, file);
                        count++;
                    }
                    transaction = null;
                    validUpTo = in.count;
                    continue;
                }
                if (transaction != null) {
                    transaction.add(argv);
                    continue;
                }
                run(argv, file);
                count++;
                validUpTo = in.count;
            }
        }
        if (transaction != null) {
            LOG.warn("Revert incomplete MULTI/EXEC transaction in AOF file {}", file);
            return truncated(file, last, validUpTo, count);
        }
        return count;
    }

    private void run(byte[][] argv, Path file) throws AofLoadException {
        if (!client.knows(argv[0])) {
            throw new AofLoadException("Unknown command '" + new String(argv[0], StandardCharsets.UTF_8)
                    + "' reading the append only file " + file.getFileName());
        }
        String error = client.run(argv);
        if (error != null) {
            LOG.debug("AOF command {} replied {}", new String(argv[0], StandardCharsets.UTF_8), error);
        }
    }

    /** A short read: truncate the last file at its last complete command, or fail. */
    private long truncated(Path file, boolean last, long validUpTo, long count) throws IOException {
        if (!last || !loadTruncated) {
            throw new AofLoadException("Unexpected end of file reading the append only file " + file.getFileName()
                    + ". You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>."
                    + " 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart"
                    + " the server.");
        }
        LOG.warn("!!! Warning: short read while loading the AOF file {}!!!", file.getFileName());
        LOG.warn("!!! Truncating the AOF {} at offset {} !!!", file.getFileName(), validUpTo);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(validUpTo);
            ch.force(true);
        }
        LOG.warn("AOF {} loaded anyway because aof-load-truncated is enabled", file.getFileName());
        return count;
    }

    private static AofLoadException bad(Path file, long offset) {
        return new AofLoadException("Bad file format reading the append only file " + file.getFileName()
                + " at offset " + offset + ": make a backup of your AOF file, then use "
                + "./redis-check-aof --fix <filename.manifest>");
    }

    /** Reads the rest of {@code *<n>\r\n} and its n bulk strings; null on a short read. */
    private static byte[][] readCommand(CountingInput in, Path file) throws IOException {
        String header = readLine(in);
        if (header == null) {
            return null;
        }
        int n = parseCount(header, file, in);
        byte[][] argv = new byte[n][];
        for (int i = 0; i < n; i++) {
            int t = in.read();
            if (t == -1) {
                return null;
            }
            if (t != '$') {
                throw bad(file, in.count - 1);
            }
            String l = readLine(in);
            if (l == null) {
                return null;
            }
            int size = parseCount(l, file, in);
            byte[] a = in.readNBytes(size);
            if (a.length < size) {
                return null;
            }
            int cr = in.read();
            int lf = in.read();
            if (cr == -1 || lf == -1) {
                return null;
            }
            if (cr != '\r' || lf != '\n') {
                throw bad(file, in.count);
            }
            argv[i] = a;
        }
        return argv;
    }

    private static int parseCount(String s, Path file, CountingInput in) throws AofLoadException {
        try {
            int n = Integer.parseInt(s);
            if (n < 0) {
                throw bad(file, in.count);
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(file, in.count);
        }
    }

    /** A line up to CRLF (without it), or null when the input ends first. */
    private static String readLine(CountingInput in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c == -1) {
                return null;
            }
            if (c == '\r') {
                int lf = in.read();
                if (lf == -1) {
                    return null;
                }
                return sb.toString();
            }
            sb.append((char) c);
            if (sb.length() > 64) {
                return sb.toString(); // not a header: the caller's parse reports the bad format
            }
        }
    }

    /** An input stream that counts what was read (offsets for truncation and errors). */
    private static final class CountingInput extends java.io.FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
