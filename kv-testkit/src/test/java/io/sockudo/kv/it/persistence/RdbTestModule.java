package io.sockudo.kv.it.persistence;

import io.sockudo.kv.kernel.persistence.rdb.CodecRegistry;
import io.sockudo.kv.kernel.persistence.rdb.RdbAux;
import io.sockudo.kv.kernel.persistence.rdb.RdbException;
import io.sockudo.kv.kernel.persistence.rdb.RdbReader;
import io.sockudo.kv.kernel.persistence.rdb.RdbVisitor;
import io.sockudo.kv.kernel.persistence.rdb.RdbWriter;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KvModule;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Test commands that drive the RDB format layer over a running server's whole keyspace, until the
 * server has SAVE and start-up loading of its own: {@code RDBTEST.SAVE path} writes every database
 * with {@link RdbWriter} (expiries included, LZF on), {@code RDBTEST.LOAD path} reads a file with
 * {@link RdbReader} into the (empty) databases and answers the number of keys. Both are keyless
 * write commands, so they run holding every shard lock.
 */
final class RdbTestModule implements KvModule {
    private final CodecRegistry codecs;

    RdbTestModule(CodecRegistry codecs) {
        this.codecs = codecs;
    }

    @Override
    public String name() {
        return "rdbtest";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void register(ModuleRegistry registry, List<String> args) {
        registry.command(CommandSpec.builder("rdbtest.save").arity(2).flags(CommandFlag.WRITE)
                .handler(this::save).build());
        registry.command(CommandSpec.builder("rdbtest.load").arity(2).flags(CommandFlag.WRITE)
                .handler(this::load).build());
    }

    private void save(CommandContext ctx) {
        Path file = Path.of(Args.str(ctx.arg(1)));
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            RdbWriter w = new RdbWriter(out, codecs, true, true);
            w.header(RdbAux.standard("7.0.15", ctx.now() / 1000, 0, false));
            IOException[] failed = {null};
            for (int i = 0; i < ctx.databases(); i++) {
                Keyspace db = ctx.db(i);
                if (db.size() == 0) {
                    continue;
                }
                w.selectDb(i);
                w.resizeDb(db.size(), db.volatileSize());
                long cursor = 0;
                do {
                    cursor = db.scan(cursor, (key, value) -> {
                        if (failed[0] == null) {
                            try {
                                w.entry(key, value, db.expireAt(key), -1, -1);
                            } catch (IOException e) {
                                failed[0] = e;
                            }
                        }
                    });
                } while (cursor != 0);
            }
            if (failed[0] != null) {
                throw failed[0];
            }
            w.finish();
        } catch (IOException e) {
            ctx.reply().error("ERR " + e.getMessage());
            return;
        }
        ctx.reply().ok();
    }

    private void load(CommandContext ctx) {
        Path file = Path.of(Args.str(ctx.arg(1)));
        try (InputStream in = Files.newInputStream(file)) {
            RdbReader r = new RdbReader(in, Files.size(file), codecs, ctx.config(), true, true);
            RdbReader.Summary s = r.read(new RdbVisitor() {
                @Override
                public void aux(byte[] key, byte[] value) {
                }

                @Override
                public void selectDb(int db) {
                }

                @Override
                public void resizeDb(long size, long expires) {
                }

                @Override
                public void entry(int db, byte[] key, KvValue value, long expireAtMs, long lruIdleSeconds,
                                  int lfuFreq) {
                    ctx.db(db).put(key, value, expireAtMs);
                }

                @Override
                public void emptyKey(int db, byte[] key) {
                }

                @Override
                public void function(byte[] code) {
                }
            });
            ctx.reply().integer(s.keys());
        } catch (RdbException e) {
            ctx.reply().error("ERR " + e.getMessage());
        } catch (IOException e) {
            ctx.reply().error("ERR " + e.getMessage());
        }
    }
}
