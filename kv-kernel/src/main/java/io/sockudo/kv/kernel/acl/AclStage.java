package io.sockudo.kv.kernel.acl;

import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.command.CommandAccess;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.command.GatedStage;
import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.kernel.command.Rejections;

import java.util.function.Predicate;

/**
 * The ACL stage of the pipeline: refuses a command the client's user may not run (the command,
 * one of its keys, one of its channels) with Redis's NOPERM text and records it in ACL LOG. Inside
 * MULTI the refusal also aborts the transaction, as any rejected command does.
 */
public final class AclStage implements GatedStage {
    private final Acl acl;
    private final Rejections rejections;
    private final Predicate<Client> inMulti;

    public AclStage(Acl acl, Rejections rejections, Predicate<Client> inMulti) {
        this.acl = acl;
        this.rejections = rejections;
        this.inMulti = inMulti;
    }

    /** Engaged while some user is restricted (clients of unrestricted users pass anyway). */
    @Override
    public boolean engaged() {
        return acl.anyRestricted();
    }

    @Override
    public boolean admit(ExecutionContext ctx, RegisteredCommand cmd) {
        Client c = ctx.clientState();
        byte[][] argv = ctx.argv();
        long denial = acl.check(c, cmd, argv);
        if (denial == CommandAccess.OK) {
            return true;
        }
        acl.log(c, denial, inMulti.test(c) ? CommandAccess.Context.MULTI : CommandAccess.Context.TOPLEVEL, cmd, argv);
        rejections.reject(ctx, cmd, noPermission(denial, cmd));
        return false;
    }

    /** Redis's NOPERM reply for a denial. */
    static String noPermission(long denial, RegisteredCommand cmd) {
        return switch (CommandAccess.reason(denial)) {
            case CommandAccess.DENIED_CMD -> "NOPERM this user has no permissions to run the '" + cmd.fullName()
                    + "' command";
            case CommandAccess.DENIED_KEY -> "NOPERM this user has no permissions to access one of the keys used as "
                    + "arguments";
            case CommandAccess.DENIED_CHANNEL -> "NOPERM this user has no permissions to access one of the channels "
                    + "used as arguments";
            default -> "no permission";
        };
    }
}
