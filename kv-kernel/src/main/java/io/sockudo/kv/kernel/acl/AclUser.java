package io.sockudo.kv.kernel.acl;

import io.sockudo.kv.kernel.client.ClientUser;

/**
 * A user: its name and its current rules. Clients keep a reference to the user, so changed rules
 * apply to them at once; the rules object is replaced whole, never changed in place.
 */
final class AclUser implements ClientUser {
    private final String name;
    private volatile UserRules rules;

    AclUser(String name, UserRules rules) {
        this.name = name;
        this.rules = rules;
    }

    @Override
    public String name() {
        return name;
    }

    UserRules rules() {
        return rules;
    }

    void rules(UserRules r) {
        this.rules = r;
    }
}
