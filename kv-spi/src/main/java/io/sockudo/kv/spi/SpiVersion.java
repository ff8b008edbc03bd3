package io.sockudo.kv.spi;

/**
 * The version of this SPI, {@code major.minor}, and the rule the server applies to a module that
 * declares the version it was built against ({@link KvModule#spiVersion()}).
 *
 * <p>Policy: a minor version only adds (new interfaces, new methods with defaults on interfaces a
 * module implements, new methods on interfaces the server implements, new constants); a module
 * built against {@code 1.x} runs on any server whose SPI is {@code 1.y} with {@code y >= x}. A major
 * version may remove or change anything: a module built against another major version is refused,
 * and so is one built against a newer minor version than the server has (it may call what the
 * server lacks). The SPI's Maven version ({@code io.sockudo.kv:kv-spi}) is the server's version;
 * this constant is what compatibility is judged on.
 */
public final class SpiVersion {
    /** The SPI version of this build. A compile-time constant: copied into a module that returns it. */
    public static final String CURRENT = "1.4";

    private SpiVersion() {
    }

    /**
     * Why a module built against {@code declared} cannot run on this SPI, or null when it can.
     * A malformed version is refused too.
     */
    public static String incompatibility(String declared) {
        int[] have = parse(CURRENT);
        int[] want = parse(declared);
        if (want == null) {
            return "SPI version '" + declared + "' is not of the form major.minor";
        }
        if (want[0] != have[0] || want[1] > have[1]) {
            return "built against SPI " + declared + ", this server has SPI " + CURRENT
                    + " (a module needs the same major version and a minor version no newer than the server's)";
        }
        return null;
    }

    private static int[] parse(String v) {
        if (v == null) {
            return null;
        }
        int dot = v.indexOf('.');
        if (dot <= 0 || dot == v.length() - 1) {
            return null;
        }
        try {
            return new int[] {Integer.parseInt(v.substring(0, dot)), Integer.parseInt(v.substring(dot + 1))};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
