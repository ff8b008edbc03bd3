package io.sockudo.kv.kernel.acl;

import io.sockudo.kv.kernel.command.CommandAccess;
import io.sockudo.kv.kernel.command.RegisteredCommand;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a user may do: enabled or not, passwords (SHA-256), the root selector and the others.
 * A rule set is applied to a copy that replaces the user's rules only when every rule applied,
 * as ACL SETUSER is all or nothing; published rules are only read, by any thread.
 */
final class UserRules {
    static final int SANITIZE = 1;
    static final int SKIP_SANITIZE = 2;

    boolean enabled;
    boolean nopass;
    /** {@link #SANITIZE}, {@link #SKIP_SANITIZE} or 0 (neither said). */
    int sanitize;
    final Set<String> passwords;
    final Selector root;
    final List<Selector> selectors;
    /** The fast path: the root selector allows every command, key and channel. */
    boolean unrestricted;

    UserRules(int pubsubDefault) {
        this.passwords = new LinkedHashSet<>();
        this.root = new Selector(pubsubDefault);
        this.selectors = new ArrayList<>();
    }

    private UserRules(UserRules o) {
        this.enabled = o.enabled;
        this.nopass = o.nopass;
        this.sanitize = o.sanitize;
        this.passwords = new LinkedHashSet<>(o.passwords);
        this.root = o.root.copy();
        this.selectors = new ArrayList<>(o.selectors.size());
        for (Selector s : o.selectors) {
            selectors.add(s.copy());
        }
        this.unrestricted = o.unrestricted;
    }

    UserRules copy() {
        return new UserRules(this);
    }

    /** Recomputes what the check's fast path reads; called before the rules are published. */
    UserRules seal() {
        unrestricted = root.allowsEverything();
        return this;
    }

    /**
     * Applies one user rule (Redis's ACLSetUser); a rule that is not about the user itself goes to
     * the root selector.
     */
    void apply(String op, CommandCatalog catalog, int pubsubDefault) throws AclRuleException {
        if (op.equalsIgnoreCase("on")) {
            enabled = true;
        } else if (op.equalsIgnoreCase("off")) {
            enabled = false;
        } else if (op.equalsIgnoreCase("skip-sanitize-payload")) {
            sanitize = SKIP_SANITIZE;
        } else if (op.equalsIgnoreCase("sanitize-payload")) {
            sanitize = SANITIZE;
        } else if (op.equalsIgnoreCase("nopass")) {
            nopass = true;
            passwords.clear();
        } else if (op.equalsIgnoreCase("resetpass")) {
            nopass = false;
            passwords.clear();
        } else if (op.startsWith(">")) {
            passwords.add(Passwords.hash(op.substring(1)));
            nopass = false;
        } else if (op.startsWith("#")) {
            String h = op.substring(1);
            if (!Passwords.validHash(h)) {
                throw new AclRuleException(AclRuleException.BAD_HASH);
            }
            passwords.add(h);
            nopass = false;
        } else if (op.startsWith("<")) {
            if (!passwords.remove(Passwords.hash(op.substring(1)))) {
                throw new AclRuleException(AclRuleException.NO_SUCH_PASSWORD);
            }
        } else if (op.startsWith("!")) {
            String h = op.substring(1);
            if (!Passwords.validHash(h)) {
                throw new AclRuleException(AclRuleException.BAD_HASH);
            }
            if (!passwords.remove(h)) {
                throw new AclRuleException(AclRuleException.NO_SUCH_PASSWORD);
            }
        } else if (op.startsWith("(") && op.endsWith(")") && op.length() >= 2) {
            Selector s = new Selector(pubsubDefault);
            List<byte[]> parts = io.sockudo.kv.kernel.util.SplitArgs.split(
                    op.substring(1, op.length() - 1).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (parts == null) {
                throw new AclRuleException(AclRuleException.SYNTAX);
            }
            for (byte[] part : parts) {
                s.apply(new String(part, java.nio.charset.StandardCharsets.UTF_8), catalog);
            }
            selectors.add(s);
        } else if (op.equalsIgnoreCase("clearselectors")) {
            selectors.clear();
        } else if (op.equalsIgnoreCase("reset")) {
            nopass = false;
            passwords.clear();
            root.apply("resetkeys", catalog);
            root.apply("resetchannels", catalog);
            if ((pubsubDefault & Selector.ALL_CHANNELS) != 0) {
                root.apply("allchannels", catalog);
            }
            enabled = false;
            sanitize = SANITIZE;
            selectors.clear();
            root.apply("-@all", catalog);
        } else {
            root.apply(op, catalog);
        }
    }

    /** Whether the user may run the command (Redis's ACLCheckAllUserCommandPerm). */
    long check(RegisteredCommand cmd, byte[][] argv) {
        long r = root.check(cmd, argv);
        if (r == CommandAccess.OK || selectors.isEmpty()) {
            return r;
        }
        // With several selectors: the command is refused when no selector allows it, for the most
        // relevant reason (command < key < channel), and then the last argument refused.
        long relevant = r;
        for (int i = 0; i < selectors.size(); i++) {
            long s = selectors.get(i).check(cmd, argv);
            if (s == CommandAccess.OK) {
                return s;
            }
            int reason = CommandAccess.reason(s);
            int best = CommandAccess.reason(relevant);
            if (reason > best || (reason == best && CommandAccess.position(s) > CommandAccess.position(relevant))) {
                relevant = s;
            }
        }
        return relevant;
    }

    /** Flags as ACL GETUSER lists them. */
    List<String> flagNames() {
        List<String> out = new ArrayList<>(3);
        out.add(enabled ? "on" : "off");
        if (nopass) {
            out.add("nopass");
        }
        if (sanitize == SKIP_SANITIZE) {
            out.add("skip-sanitize-payload");
        } else if (sanitize == SANITIZE) {
            out.add("sanitize-payload");
        }
        return out;
    }

    /** Everything after {@code user <name> } in ACL LIST and the ACL file. */
    String describe(CommandCatalog catalog) {
        StringBuilder sb = new StringBuilder();
        for (String f : flagNames()) {
            sb.append(f).append(' ');
        }
        for (String p : passwords) {
            sb.append('#').append(p).append(' ');
        }
        sb.append(root.describe(catalog));
        for (Selector s : selectors) {
            sb.append(" (").append(s.describe(catalog)).append(')');
        }
        return sb.toString();
    }
}
