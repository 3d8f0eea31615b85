package dev.reprise.replay.shard;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The name of the machine a shard runs on, for its report: a pod's name under Kubernetes. */
public final class ShardHost {
    private ShardHost() {
    }

    public static String name() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
