package io.sockudo.kv.kernel.acl;

import io.sockudo.kv.kernel.command.RegisteredCommand;

/**
 * Which arguments of a command are pub/sub channels the ACL checks, as Redis's per-command
 * channel getters: the channel PUBLISH/SPUBLISH write to, the channels SUBSCRIBE/SSUBSCRIBE and
 * the patterns PSUBSCRIBE subscribe to (unsubscribing is never refused).
 */
final class Channels {
    static final int NONE = 0;
    static final int PUBLISH = 1;
    static final int SUBSCRIBE = 2;
    static final int PATTERN_SUBSCRIBE = 3;

    private Channels() {
    }

    static int kind(RegisteredCommand cmd) {
        return switch (cmd.fullName()) {
            case "publish", "spublish" -> PUBLISH;
            case "subscribe", "ssubscribe" -> SUBSCRIBE;
            case "psubscribe" -> PATTERN_SUBSCRIBE;
            default -> NONE;
        };
    }
}
