package io.sockudo.kv.kernel.acl;

import io.sockudo.kv.kernel.command.CommandAccess;
import io.sockudo.kv.kernel.command.KeyExtractor;
import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.Glob;
import io.sockudo.kv.spi.VariableKeyFlags;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One set of permissions: commands (one bit per command id, plus allowed first arguments), key
 * patterns with their read/write permissions and channel patterns. A user has a root selector and
 * any number of others in parentheses; a command is allowed when one selector allows it all.
 * Mutable only while a rule set is applied to a copy ({@link UserRules}); published selectors are
 * only read.
 */
final class Selector {
    static final int ALL_KEYS = 1;
    static final int ALL_CHANNELS = 2;
    static final int ALL_COMMANDS = 4;
    static final int READ = 1;
    static final int WRITE = 2;

    /** Bits per selector; the last one stands for commands not known yet ("future commands"). */
    private static final int BITS = 2048;
    private static final int FUTURE = BITS - 1;

    /** A key pattern and the permissions it grants ({@link #READ}, {@link #WRITE}). */
    static final class KeyPattern {
        final byte[] pattern;
        int flags;
        /** For {@code literal*} (the usual key pattern): the literal's length; else -1 (a full glob). */
        private final int prefix;

        KeyPattern(byte[] pattern, int flags) {
            this.pattern = pattern;
            this.flags = flags;
            this.prefix = prefixLength(pattern);
        }

        private static int prefixLength(byte[] p) {
            int n = p.length;
            if (n == 0 || p[n - 1] != '*') {
                return -1;
            }
            for (int i = 0; i < n - 1; i++) {
                byte b = p[i];
                if (b == '*' || b == '?' || b == '[' || b == '\\') {
                    return -1;
                }
            }
            return n - 1;
        }

        boolean matches(byte[] key) {
            if (prefix < 0 || key.length == 0) {
                return Glob.matches(pattern, key); // Redis's glob never matches an empty string
            }
            return key.length >= prefix && Arrays.equals(pattern, 0, prefix, key, 0, prefix);
        }

        String describe() {
            String p = new String(pattern, StandardCharsets.UTF_8);
            if (flags == (READ | WRITE)) {
                return "~" + p;
            }
            return "%" + ((flags & READ) != 0 ? "R" : "") + ((flags & WRITE) != 0 ? "W" : "") + "~" + p;
        }
    }

    int flags;
    private final long[] allowed;
    /** Allowed first arguments by command id (SELECT|0): a deprecated but supported Redis 7.0 rule. */
    private Map<Integer, List<String>> firstArgs;
    final List<KeyPattern> keys;
    final List<byte[]> channels;

    Selector(int flags) {
        this.flags = flags;
        this.allowed = new long[BITS / 64];
        this.keys = new ArrayList<>();
        this.channels = new ArrayList<>();
    }

    private Selector(Selector o) {
        this.flags = o.flags;
        this.allowed = o.allowed.clone();
        if (o.firstArgs != null) {
            firstArgs = new HashMap<>();
            o.firstArgs.forEach((k, v) -> firstArgs.put(k, new ArrayList<>(v)));
        }
        this.keys = new ArrayList<>(o.keys.size());
        for (KeyPattern k : o.keys) {
            keys.add(new KeyPattern(k.pattern, k.flags));
        }
        this.channels = new ArrayList<>(o.channels);
    }

    Selector copy() {
        return new Selector(this);
    }

    boolean allowsEverything() {
        return (flags & (ALL_KEYS | ALL_CHANNELS | ALL_COMMANDS)) == (ALL_KEYS | ALL_CHANNELS | ALL_COMMANDS);
    }

    // ---- command bits ---------------------------------------------------------------------------

    private static int bitIndex(int id) {
        return id < FUTURE ? id : FUTURE;
    }

    boolean bit(int id) {
        int i = bitIndex(id);
        return (allowed[i >>> 6] & (1L << i)) != 0;
    }

    private void bit(int id, boolean on) {
        int i = bitIndex(id);
        if (on) {
            allowed[i >>> 6] |= 1L << i;
        } else {
            allowed[i >>> 6] &= ~(1L << i);
            flags &= ~ALL_COMMANDS;
        }
    }

    /** Allows or denies a command and, for a container, all its subcommands (Redis's ACLChangeSelectorPerm). */
    void change(RegisteredCommand cmd, boolean allow) {
        bit(cmd.aclId(), allow);
        if (firstArgs != null) {
            firstArgs.remove(cmd.aclId());
        }
        if (cmd.subcommands() != null) {
            for (RegisteredCommand sub : cmd.subcommands().all()) {
                bit(sub.aclId(), allow);
            }
        }
    }

    private void allCommands(boolean allow) {
        Arrays.fill(allowed, allow ? -1L : 0L);
        firstArgs = null;
        if (allow) {
            flags |= ALL_COMMANDS;
        } else {
            flags &= ~ALL_COMMANDS;
        }
    }

    private void category(CommandCatalog catalog, long category, boolean allow) {
        for (RegisteredCommand c : catalog.withSubcommands()) {
            if ((catalog.categoriesOf(c) & category) != 0) {
                change(c, allow);
            }
        }
    }

    // ---- rules ----------------------------------------------------------------------------------

    /** Applies one selector rule (Redis's ACLSetSelector). */
    void apply(String op, CommandCatalog catalog) throws AclRuleException {
        if (op.equalsIgnoreCase("allkeys") || op.equals("~*")) {
            flags |= ALL_KEYS;
            keys.clear();
        } else if (op.equalsIgnoreCase("resetkeys")) {
            flags &= ~ALL_KEYS;
            keys.clear();
        } else if (op.equalsIgnoreCase("allchannels") || op.equals("&*")) {
            flags |= ALL_CHANNELS;
            channels.clear();
        } else if (op.equalsIgnoreCase("resetchannels")) {
            flags &= ~ALL_CHANNELS;
            channels.clear();
        } else if (op.equalsIgnoreCase("allcommands") || op.equalsIgnoreCase("+@all")) {
            allCommands(true);
        } else if (op.equalsIgnoreCase("nocommands") || op.equalsIgnoreCase("-@all")) {
            allCommands(false);
        } else if (op.startsWith("~") || op.startsWith("%")) {
            keyPattern(op);
        } else if (op.startsWith("&")) {
            if ((flags & ALL_CHANNELS) != 0) {
                throw new AclRuleException(AclRuleException.CHANNELS_AFTER_ALL);
            }
            byte[] ch = op.substring(1).getBytes(StandardCharsets.UTF_8);
            for (byte[] c : channels) {
                if (Arrays.equals(c, ch)) {
                    return;
                }
            }
            channels.add(ch);
        } else if (op.startsWith("+@") || op.startsWith("-@")) {
            long cat = catalog.categories().bitOf(op.substring(2));
            if (cat == 0) {
                throw new AclRuleException(AclRuleException.UNKNOWN);
            }
            category(catalog, cat, op.charAt(0) == '+');
        } else if (op.startsWith("+")) {
            allowCommand(op.substring(1), catalog);
        } else if (op.startsWith("-")) {
            RegisteredCommand cmd = catalog.lookup(op.substring(1));
            if (cmd == null) {
                throw new AclRuleException(AclRuleException.UNKNOWN);
            }
            change(cmd, false);
        } else {
            throw new AclRuleException(AclRuleException.SYNTAX);
        }
    }

    private void keyPattern(String op) throws AclRuleException {
        if ((flags & ALL_KEYS) != 0) {
            throw new AclRuleException(AclRuleException.KEYS_AFTER_ALL);
        }
        int perm = 0;
        int offset = 1;
        if (op.charAt(0) == '%') {
            for (; offset < op.length(); offset++) {
                char c = Character.toUpperCase(op.charAt(offset));
                if (c == 'R' && (perm & READ) == 0) {
                    perm |= READ;
                } else if (c == 'W' && (perm & WRITE) == 0) {
                    perm |= WRITE;
                } else if (op.charAt(offset) == '~') {
                    offset++;
                    break;
                } else {
                    throw new AclRuleException(AclRuleException.SYNTAX);
                }
            }
            // As Redis 7.0: "%R" without "~" is accepted, as an empty pattern.
            if (perm == 0) {
                throw new AclRuleException(AclRuleException.SYNTAX);
            }
        } else {
            perm = READ | WRITE;
        }
        String pattern = op.substring(offset);
        if (pattern.equals("*") && perm == (READ | WRITE)) {
            flags |= ALL_KEYS;
            keys.clear();
            return;
        }
        byte[] p = pattern.getBytes(StandardCharsets.UTF_8);
        for (KeyPattern k : keys) {
            if (Arrays.equals(k.pattern, p)) {
                k.flags |= perm;
                return;
            }
        }
        keys.add(new KeyPattern(p, perm));
    }

    private void allowCommand(String name, CommandCatalog catalog) throws AclRuleException {
        int bar = name.indexOf('|');
        if (bar < 0) {
            RegisteredCommand cmd = catalog.lookup(name);
            if (cmd == null) {
                throw new AclRuleException(AclRuleException.UNKNOWN);
            }
            change(cmd, true);
            return;
        }
        String base = name.substring(0, name.lastIndexOf('|'));
        String sub = name.substring(name.lastIndexOf('|') + 1);
        RegisteredCommand cmd = catalog.lookup(base);
        if (cmd == null) {
            throw new AclRuleException(AclRuleException.UNKNOWN);
        }
        if (cmd.parent() != null) {
            throw new AclRuleException(AclRuleException.SUBCOMMAND_FIRST_ARG);
        }
        if (sub.isEmpty()) {
            throw new AclRuleException(AclRuleException.SYNTAX);
        }
        if (cmd.subcommands() != null) {
            RegisteredCommand subCmd = catalog.lookup(name);
            if (subCmd == null) {
                throw new AclRuleException(AclRuleException.UNKNOWN);
            }
            change(subCmd, true);
            return;
        }
        // A first argument of a plain command (SELECT|0): allowed when the command's bit is off.
        if (firstArgs == null) {
            firstArgs = new HashMap<>();
        }
        List<String> list = firstArgs.computeIfAbsent(cmd.aclId(), k -> new ArrayList<>());
        String lower = sub.toLowerCase(Locale.ROOT);
        if (!list.contains(lower)) {
            list.add(lower);
        }
    }

    // ---- checks (the hot path) ----------------------------------------------------------------

    /** {@link CommandAccess#OK} or a denial (reason, argument index) as {@link CommandAccess#check} encodes it. */
    long check(RegisteredCommand cmd, byte[][] argv) {
        if ((flags & ALL_COMMANDS) == 0 && !cmd.hasFlag(CommandFlag.NO_AUTH) && !bit(cmd.aclId())
                && !firstArgAllowed(cmd, argv)) {
            return denial(CommandAccess.DENIED_CMD, 0);
        }
        if ((flags & ALL_KEYS) == 0) {
            long r = checkKeys(cmd, argv);
            if (r != CommandAccess.OK) {
                return r;
            }
        }
        if ((flags & ALL_CHANNELS) == 0) {
            return checkChannels(cmd, argv);
        }
        return CommandAccess.OK;
    }

    static long denial(int reason, int position) {
        return ((long) reason << 32) | (position & 0xffffffffL);
    }

    private boolean firstArgAllowed(RegisteredCommand cmd, byte[][] argv) {
        if (firstArgs == null || argv.length < 2) {
            return false;
        }
        List<String> list = firstArgs.get(cmd.aclId());
        if (list == null) {
            return false;
        }
        int idx = cmd.parent() != null ? 2 : 1;
        if (idx >= argv.length) {
            return false;
        }
        String arg = new String(argv[idx], StandardCharsets.UTF_8);
        for (String a : list) {
            if (a.equalsIgnoreCase(arg)) {
                return true;
            }
        }
        return false;
    }

    private long checkKeys(RegisteredCommand cmd, byte[][] argv) {
        KeyPlan plan = KeyPlan.of(cmd);
        if (!plan.hasKeys) {
            return CommandAccess.OK;
        }
        if (plan.simple) {
            // The common shape (GET, SET, MGET, DEL...): one range from a fixed index, no allocation.
            int argc = argv.length;
            int first = plan.first;
            int last = plan.lastKey >= 0 ? first + plan.lastKey
                    : plan.limit == 0 ? argc + plan.lastKey : first + ((argc - first) / plan.limit + plan.lastKey);
            if (first >= argc || last >= argc || last < first) {
                return CommandAccess.OK;
            }
            VariableKeyFlags variable = plan.variable;
            for (int i = first; i <= last; i += plan.step) {
                int p = variable == null ? plan.permission : permission(variable.flags(argv, argc, i));
                if (!keyAllowed(argv[i], p)) {
                    return denial(CommandAccess.DENIED_KEY, i);
                }
            }
            return CommandAccess.OK;
        }
        CommandSpec spec = cmd.spec();
        for (KeyExtractor.Key key : KeyExtractor.keys(spec, argv)) {
            if (!keyAllowed(argv[key.index()], permission(KeyExtractor.flags(spec, argv, key)))) {
                return denial(CommandAccess.DENIED_KEY, key.index());
            }
        }
        return CommandAccess.OK;
    }

    /** The permission a key's flags need: ACCESS reads, INSERT/DELETE/UPDATE write (RW, RO, OW, RM say nothing). */
    static int permission(List<String> keyFlags) {
        int p = 0;
        for (int i = 0; i < keyFlags.size(); i++) {
            String f = keyFlags.get(i);
            if (f.length() != 6) {
                continue; // RW, RO, OW, RM and the rest say nothing about permissions
            }
            switch (f.charAt(0)) {
                case 'A', 'a' -> p |= f.equalsIgnoreCase("ACCESS") ? READ : 0;
                case 'I', 'i', 'D', 'd', 'U', 'u' -> p |= f.equalsIgnoreCase("INSERT") || f.equalsIgnoreCase("DELETE")
                        || f.equalsIgnoreCase("UPDATE") ? WRITE : 0;
                default -> {
                }
            }
        }
        return p;
    }

    /** Whether a key pattern with every permission {@code perm} needs matches {@code key}. */
    boolean keyAllowed(byte[] key, int perm) {
        if ((flags & ALL_KEYS) != 0) {
            return true;
        }
        for (int i = 0; i < keys.size(); i++) {
            KeyPattern k = keys.get(i);
            if ((k.flags & perm) == perm && k.matches(key)) {
                return true;
            }
        }
        return false;
    }

    private long checkChannels(RegisteredCommand cmd, byte[][] argv) {
        int kind = Channels.kind(cmd);
        if (kind == Channels.NONE) {
            return CommandAccess.OK;
        }
        int last = kind == Channels.PUBLISH ? Math.min(1, argv.length - 1) : argv.length - 1;
        for (int i = 1; i <= last; i++) {
            if (!channelAllowed(argv[i], kind == Channels.PATTERN_SUBSCRIBE)) {
                return denial(CommandAccess.DENIED_CHANNEL, i);
            }
        }
        return CommandAccess.OK;
    }

    /** Channels are matched against the patterns; a subscribed pattern must equal one literally. */
    boolean channelAllowed(byte[] channel, boolean isPattern) {
        if ((flags & ALL_CHANNELS) != 0) {
            return true;
        }
        for (int i = 0; i < channels.size(); i++) {
            byte[] p = channels.get(i);
            if (isPattern ? Arrays.equals(p, channel) : Glob.matches(p, channel)) {
                return true;
            }
        }
        return false;
    }

    // ---- descriptions ---------------------------------------------------------------------------

    /** The key patterns as GETUSER prints them ({@code ~*} for all keys). */
    String describeKeys() {
        if ((flags & ALL_KEYS) != 0) {
            return "~*";
        }
        StringBuilder sb = new StringBuilder();
        for (KeyPattern k : keys) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(k.describe());
        }
        return sb.toString();
    }

    /** The channel patterns as GETUSER prints them ({@code &*} for all). */
    String describeChannels() {
        if ((flags & ALL_CHANNELS) != 0) {
            return "&*";
        }
        StringBuilder sb = new StringBuilder();
        for (byte[] c : channels) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append('&').append(new String(c, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /** The whole selector as ACL LIST prints it: keys, channels, command rules. */
    String describe(CommandCatalog catalog) {
        StringBuilder sb = new StringBuilder();
        if ((flags & ALL_KEYS) != 0) {
            sb.append("~* ");
        } else {
            for (KeyPattern k : keys) {
                sb.append(k.describe()).append(' ');
            }
        }
        if ((flags & ALL_CHANNELS) != 0) {
            sb.append("&* ");
        } else {
            sb.append("resetchannels ");
            for (byte[] c : channels) {
                sb.append('&').append(new String(c, StandardCharsets.UTF_8)).append(' ');
            }
        }
        sb.append(describeCommands(catalog));
        return sb.toString();
    }

    /**
     * The command rules, rebuilt from the bits as Redis 7.0 does: +@all or -@all (whether future
     * commands are allowed), then, greedily, the category with the fewest commands that differ from
     * the user among those with more in common than different, until none is left; then single
     * commands (in name order) and allowed first arguments, until a selector built from the rules
     * has exactly these bits.
     */
    String describeCommands(CommandCatalog catalog) {
        StringBuilder sb = new StringBuilder();
        boolean additive = !bit(FUTURE);
        Selector fake = new Selector(0);
        fake.allCommands(!additive);
        sb.append(additive ? "-@all " : "+@all ");
        List<RegisteredCommand> all = catalog.withSubcommands();
        long[] cats = new long[all.size()];
        for (int i = 0; i < cats.length; i++) {
            cats[i] = catalog.categoriesOf(all.get(i));
        }
        // The categories applied so far are taken out of a copy of the bits (the inverse rule), so
        // what another category would still have to fix is counted against what is left.
        Selector temp = new Selector(0);
        System.arraycopy(allowed, 0, temp.allowed, 0, allowed.length);
        List<String> names = catalog.categories().names();
        boolean[] applied = new boolean[names.size()];
        while (true) {
            int best = -1;
            long minDiff = Long.MAX_VALUE;
            long maxSame = 0;
            for (int j = 0; j < names.size(); j++) {
                if (applied[j]) {
                    continue;
                }
                long cat = 1L << j;
                long on = 0;
                long off = 0;
                for (int i = 0; i < cats.length; i++) {
                    if ((cats[i] & cat) != 0) {
                        if (temp.bit(all.get(i).aclId())) {
                            on++;
                        } else {
                            off++;
                        }
                    }
                }
                long diff = additive ? off : on;
                long same = additive ? on : off;
                if (same > diff && (diff < minDiff || (diff == minDiff && same > maxSame))) {
                    best = j;
                    minDiff = diff;
                    maxSame = same;
                }
            }
            if (best < 0) {
                break;
            }
            long cat = 1L << best;
            for (int i = 0; i < cats.length; i++) {
                if ((cats[i] & cat) != 0) {
                    fake.change(all.get(i), additive);
                    temp.change(all.get(i), !additive);
                }
            }
            sb.append(additive ? "+@" : "-@").append(names.get(best)).append(' ');
            applied[best] = true;
        }
        for (RegisteredCommand c : catalog.commands()) {
            fixUp(c, fake, sb);
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    /** Redis's single-command pass: the command, its subcommands, then its allowed first arguments. */
    private void fixUp(RegisteredCommand c, Selector fake, StringBuilder sb) {
        boolean mine = bit(c.aclId());
        if (mine != fake.bit(c.aclId())) {
            sb.append(mine ? '+' : '-').append(c.fullName()).append(' ');
            fake.change(c, mine);
        }
        for (RegisteredCommand sub : CommandCatalog.subcommands(c)) {
            fixUp(sub, fake, sb);
        }
        if (!mine && firstArgs != null) {
            List<String> args = firstArgs.get(c.aclId());
            if (args != null) {
                for (String a : args) {
                    sb.append('+').append(c.fullName()).append('|').append(a).append(' ');
                }
            }
        }
    }
}
