package dev.reprise.capture.record;

import dev.reprise.format.InvalidSettingsException;
import java.util.regex.Pattern;

/**
 * A path glob for {@code --record-path} and {@code --skip-path}: {@code *} matches any run of
 * characters within one path segment, {@code **} any run across segments; everything else is
 * literal. The query string is never part of the match.
 */
public final class PathPattern {
    private final String glob;
    private final Pattern regex;

    private PathPattern(String glob, Pattern regex) {
        this.glob = glob;
        this.regex = regex;
    }

    /** @throws InvalidSettingsException when the glob does not start with '/' */
    public static PathPattern parse(String glob) {
        if (glob.isEmpty() || glob.charAt(0) != '/') {
            throw new InvalidSettingsException("path pattern '" + glob + "' must start with '/'");
        }
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    re.append(".*");
                    i += 2;
                } else {
                    re.append("[^/]*");
                    i++;
                }
            } else {
                int end = i;
                while (end < glob.length() && glob.charAt(end) != '*') {
                    end++;
                }
                re.append(Pattern.quote(glob.substring(i, end)));
                i = end;
            }
        }
        return new PathPattern(glob, Pattern.compile(re.toString()));
    }

    public boolean matches(String path) {
        return regex.matcher(path).matches();
    }

    @Override
    public String toString() {
        return glob;
    }
}
