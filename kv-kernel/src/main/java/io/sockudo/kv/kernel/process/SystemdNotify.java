package io.sockudo.kv.kernel.process;

import io.sockudo.kv.kernel.config.ConfigRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code supervised systemd} (or {@code auto} under systemd): tells the service manager the server
 * is ready ({@code READY=1}) and when it stops ({@code STOPPING=1}).
 *
 * <p>sd_notify is a datagram on the AF_UNIX socket named by {@code NOTIFY_SOCKET}; Java 17's
 * channels open AF_UNIX <em>stream</em> sockets only, so the message is sent by the
 * {@code systemd-notify} tool, present wherever systemd is. systemd accepts it from that child
 * process only with {@code NotifyAccess=all} in the unit (the shipped unit sets it). Without the
 * tool the readiness cannot be told: it is logged, and a {@code Type=notify} unit then times out,
 * so use {@code Type=simple} there. {@code upstart} (raise SIGSTOP) is not possible from a JVM and
 * is logged as such.
 */
public final class SystemdNotify {
    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotify.class);

    private final boolean active;

    private SystemdNotify(boolean active) {
        this.active = active;
    }

    /** Reads {@code supervised} and the environment, and logs what Redis logs about them. */
    public static SystemdNotify fromConfig(ConfigRegistry config) {
        String mode = config.get("supervised");
        String socket = System.getenv("NOTIFY_SOCKET");
        switch (mode) {
            case "systemd" -> {
                if (socket == null || socket.isEmpty()) {
                    LOG.warn("systemd supervision requested or auto-detected, but NOTIFY_SOCKET not found!");
                    return new SystemdNotify(false);
                }
                LOG.info("Supervised by systemd. Please make sure you set appropriate values for TimeoutStartSec "
                        + "and TimeoutStopSec in your service unit.");
                return new SystemdNotify(true);
            }
            case "auto" -> {
                return new SystemdNotify(socket != null && !socket.isEmpty());
            }
            case "upstart" -> {
                LOG.warn("upstart supervision requested, but a JVM cannot stop itself with SIGSTOP: "
                        + "not supervised (use 'expect fork' free stanzas or systemd)");
                return new SystemdNotify(false);
            }
            default -> {
                return new SystemdNotify(false);
            }
        }
    }

    /** After "Ready to accept connections". */
    public void ready() {
        send(List.of("--ready", "--status=Ready to accept connections"));
    }

    /** At the start of a shutdown. */
    public void stopping() {
        send(List.of("STOPPING=1"));
    }

    private void send(List<String> args) {
        if (!active) {
            return;
        }
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add("systemd-notify");
        cmd.add("--pid=" + ProcessHandle.current().pid());
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.warn("systemd-notify {} did not finish in 10 s", args);
            } else if (p.exitValue() != 0) {
                LOG.warn("systemd-notify {} failed (exit {}): is NotifyAccess=all set in the unit?", args, p.exitValue());
            }
        } catch (IOException e) {
            LOG.warn("Cannot notify systemd: systemd-notify not found ({}); use Type=simple in the unit", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
