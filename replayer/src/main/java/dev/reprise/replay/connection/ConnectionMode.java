package dev.reprise.replay.connection;

import dev.reprise.format.InvalidSettingsException;

/** How requests are spread over connections to the target, from {@code --connections}. */
public sealed interface ConnectionMode {
    /** Each captured connection becomes one connection to the target, opened and closed when it was. */
    record Captured() implements ConnectionMode {
        @Override
        public String toString() {
            return "captured";
        }
    }

    /**
     * An open model: each request goes out at its due time on any free connection, on a new one
     * while fewer than {@code size} are open, otherwise it waits for one to become free.
     */
    record Pool(int size) implements ConnectionMode {
        public Pool {
            if (size < 1) {
                throw new InvalidSettingsException("--connections pool:N needs N of at least 1, got " + size);
            }
        }

        @Override
        public String toString() {
            return "pool:" + size;
        }
    }

    /** @throws InvalidSettingsException unless the text is {@code captured} or {@code pool:N} */
    static ConnectionMode parse(String text) {
        String s = text.trim();
        if (s.equals("captured")) {
            return new Captured();
        }
        if (s.startsWith("pool:")) {
            try {
                return new Pool(Integer.parseInt(s.substring(5)));
            } catch (NumberFormatException e) {
                throw new InvalidSettingsException("--connections '" + text + "': N in pool:N must be a whole number");
            }
        }
        throw new InvalidSettingsException("--connections must be 'captured' or 'pool:N', got '" + text + "'");
    }
}
