package io.sockudo.kv.kernel.commands.client;

import io.sockudo.kv.kernel.client.ClientRegistry;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;

import java.nio.charset.StandardCharsets;

/**
 * CLIENT KILL, both forms: the old {@code CLIENT KILL ip:port} (may kill the caller; replies OK
 * or "No such client") and the filter form {@code ID, TYPE, ADDR, LADDR, USER, SKIPME} (replies
 * the number killed; SKIPME defaults to yes). Other connections close at once; the caller's
 * closes after its reply.
 */
final class ClientKill {
    private final ClientRegistry clients;
    /** Whether an ACL user exists (USER filter). */
    private final java.util.function.Predicate<String> userExists;

    ClientKill(ClientRegistry clients, java.util.function.Predicate<String> userExists) {
        this.clients = clients;
        this.userExists = userExists;
    }

    /** The parsed filter; null fields match anything. */
    static final class Filter {
        long id;
        ClientListing.Type type;
        String addr;
        String laddr;
        String user;
        boolean skipMe = true;

        boolean matches(Client c, Client caller) {
            if (addr != null && !addr.equals(c.peerAddress())) {
                return false;
            }
            if (laddr != null && !laddr.equals(c.localAddress())) {
                return false;
            }
            if (type != null && ClientListing.typeOf(c) != type) {
                return false;
            }
            if (id != 0 && c.id() != id) {
                return false;
            }
            if (user != null && !user.equals(c.user())) {
                return false;
            }
            return !(skipMe && c == caller);
        }
    }

    void kill(CommandContext ctx) {
        Client caller = ClientCommands.client(ctx);
        Filter f = new Filter();
        boolean oldForm = ctx.argc() == 3;
        if (oldForm) {
            f.addr = string(ctx.arg(2));
            f.skipMe = false; // the old form can kill the caller
        } else if (!parse(ctx, f)) {
            return;
        }
        int killed = 0;
        boolean closeSelf = false;
        for (Client c : clients.all()) {
            if (c.killed() || !f.matches(c, caller)) {
                continue;
            }
            if (c == caller) {
                closeSelf = true;
            } else {
                c.killed(true);
                // Gone from the client list at once, as Redis frees it at once; the close itself runs
                // on the victim's event loop, which may be another thread.
                clients.remove(c);
                if (c.channel() != null) {
                    c.channel().close();
                }
            }
            killed++;
        }
        if (oldForm) {
            if (killed == 0) {
                ctx.reply().error("ERR No such client");
            } else {
                ctx.reply().ok();
            }
        } else {
            ctx.reply().integer(killed);
        }
        if (closeSelf) {
            caller.closeAfterReply(true);
        }
    }

    /** Parses option/value pairs; false with the error written on a bad one. */
    private boolean parse(CommandContext ctx, Filter f) {
        int argc = ctx.argc();
        for (int i = 2; i < argc; i += 2) {
            boolean more = argc > i + 1;
            byte[] opt = ctx.arg(i);
            if (Args.is(opt, "ID") && more) {
                byte[] v = ctx.arg(i + 1);
                if (!Args.isLong(v) || Args.toLong(v) < 1) {
                    ctx.reply().error("ERR client-id should be greater than 0");
                    return false;
                }
                f.id = Args.toLong(v);
            } else if (Args.is(opt, "TYPE") && more) {
                f.type = ClientListing.typeByName(ctx.arg(i + 1));
                if (f.type == null) {
                    ctx.reply().error("ERR Unknown client type '" + ClientCommands.text(ctx.arg(i + 1)) + "'");
                    return false;
                }
            } else if (Args.is(opt, "ADDR") && more) {
                f.addr = string(ctx.arg(i + 1));
            } else if (Args.is(opt, "LADDR") && more) {
                f.laddr = string(ctx.arg(i + 1));
            } else if (Args.is(opt, "USER") && more) {
                String user = string(ctx.arg(i + 1));
                if (!userExists.test(user)) {
                    ctx.reply().error("ERR No such user '" + ClientCommands.text(ctx.arg(i + 1)) + "'");
                    return false;
                }
                f.user = user;
            } else if (Args.is(opt, "SKIPME") && more) {
                byte[] v = ctx.arg(i + 1);
                if (Args.is(v, "YES")) {
                    f.skipMe = true;
                } else if (Args.is(v, "NO")) {
                    f.skipMe = false;
                } else {
                    ctx.reply().error(ClientCommands.SYNTAX_ERROR);
                    return false;
                }
            } else {
                ctx.reply().error(ClientCommands.SYNTAX_ERROR);
                return false;
            }
        }
        return true;
    }

    private static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
