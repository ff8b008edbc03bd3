package io.sockudo.kv.kernel.command;

import io.sockudo.kv.kernel.resp.RespWriter;
import io.sockudo.kv.kernel.stats.ServerStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-reply contract of module commands, checked after the handler returned: exactly one
 * complete reply, or none when it asked to block or to work off the event loop. A handler that
 * wrote nothing, two replies, or an aggregate it did not finish would shift every later reply of
 * the connection (or leave the client waiting forever); its output is taken back and replaced by
 * one well-formed error naming the module and the command, and the violation is logged.
 *
 * <p>The check costs two reads of the writer's counters: the writer follows the reply's shape as
 * it writes ({@link RespWriter#beginGuard}).
 */
final class ReplyGuard {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyGuard.class);

    private ReplyGuard() {
    }

    static void check(ExecutionContext ctx, RegisteredCommand cmd, RespWriter w, ServerStats stats) {
        int replies = w.guardedValues();
        boolean balanced = w.guardBalanced();
        boolean deferred = ctx.blockRequest != null || ctx.offloadRequest != null;
        int expected = deferred ? 0 : 1;
        if (balanced && replies == expected || w.discarding()) {
            // (a reply being discarded may stop early: its client is gone or turned replies off)
            return;
        }
        String what;
        if (w.guardOverrun()) {
            what = "wrote more than one reply";
        } else if (!balanced) {
            what = "left an incomplete reply";
        } else if (replies == 0) {
            what = "returned without a reply";
        } else if (deferred) {
            what = "replied and also asked to " + (ctx.blockRequest != null ? "block" : "work off the event loop");
        } else {
            what = "wrote " + replies + " replies instead of one";
        }
        ctx.blockRequest = null;
        ctx.offloadRequest = null;
        String message = "ERR command '" + cmd.fullName() + "' of module '" + cmd.module() + "' " + what;
        stats.unexpectedErrorReplies.increment();
        String preview = w.guardedPreview(400);
        if (w.rollback()) {
            LOG.error("command {} of module {} {}: its output was replaced by an error reply (it began: {})",
                    cmd.fullName(), cmd.module(), what, preview);
            w.error(message);
        } else {
            // more than HOLD_LIMIT went out already: end what is open, as well formed as possible
            LOG.error("command {} of module {} {} after a long reply was sent: it was ended with an error element",
                    cmd.fullName(), cmd.module(), what);
            w.failGuarded(message);
        }
    }
}
