package dev.reprise.format.redact;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names whose values are secrets wherever they appear: query parameters, form fields, JSON
 * fields at any depth, and headers. In the spirit of the scrubbing defaults of well-known error
 * trackers, a name matches when, ignoring case and the separators {@code -}, {@code _} and
 * {@code .}, it is one of the list or ends in {@code token}, {@code secret} or {@code password};
 * a header also matches after an {@code X-} prefix. So {@code api_key}, {@code apiKey},
 * {@code X-Api-Key}, {@code X-Auth-Token}, {@code csrf_token} and {@code client_secret} all match.
 */
public final class SensitiveNames {
    /** The default list, as {@code --help} and the docs show it. */
    public static final String DEFAULT_LIST = "password, passwd, pwd, passphrase, secret, client_secret, token,"
            + " access_token, refresh_token, id_token, auth_token, api_key, apikey, private_key, privatekey, session,"
            + " sessionid, session_id, credentials, otp, mysql_pwd, x-api-key, x-auth-token, *token, *secret, *password";
    private static final List<String> SUFFIXES = List.of("token", "secret", "password");

    /** The default list. */
    public static final SensitiveNames DEFAULTS = new SensitiveNames(parseList(DEFAULT_LIST), true);
    /** Nothing is sensitive by name. */
    public static final SensitiveNames NONE = new SensitiveNames(List.of(), false);

    private final Set<String> names;
    private final List<String> given;
    private final boolean suffixes;
    /**
     * Answers for names seen before: header and field names repeat from request to request, and
     * normalising one allocates. Bounded, since names come from clients.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Boolean> seen = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_SEEN = 4096;

    private SensitiveNames(Collection<String> names, boolean suffixes) {
        Set<String> n = new TreeSet<>();
        List<String> g = new ArrayList<>();
        for (String name : names) {
            if (name.startsWith("*")) {
                continue; // the suffix rules, which the flag below stands for
            }
            n.add(normalise(name));
            g.add(name);
        }
        this.names = Collections.unmodifiableSet(n);
        this.given = List.copyOf(g);
        this.suffixes = suffixes;
    }

    private static List<String> parseList(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The default list, or none, plus {@code extra} names. */
    public static SensitiveNames of(boolean defaults, Collection<String> extra) {
        List<String> all = new ArrayList<>(defaults ? DEFAULTS.given : List.of());
        for (String e : extra) {
            if (e == null || e.isBlank()) {
                throw new IllegalArgumentException("a redacted field name is empty");
            }
            all.add(e.trim());
        }
        return new SensitiveNames(all, defaults);
    }

    /** True when a query parameter, form field or JSON field of this name holds a secret. */
    public boolean matches(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        Boolean known = seen.get(name);
        if (known != null) {
            return known;
        }
        boolean m = decide(name);
        if (seen.size() < MAX_SEEN) {
            seen.put(name, m);
        }
        return m;
    }

    private boolean decide(String name) {
        String n = normalise(name);
        if (names.contains(n)) {
            return true;
        }
        if (suffixes) {
            for (String s : SUFFIXES) {
                if (n.endsWith(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when a header of this name holds a secret: as a field name, or after an {@code X-} prefix. */
    public boolean matchesHeader(String name) {
        if (matches(name)) {
            return true;
        }
        return name.length() > 2 && (name.charAt(0) == 'x' || name.charAt(0) == 'X') && name.charAt(1) == '-'
                && matches(name.substring(2));
    }

    /** The names as given, plus the suffix rules when on, for the journal header and --help. */
    public List<String> describe() {
        List<String> out = new ArrayList<>(given);
        if (suffixes) {
            SUFFIXES.forEach(s -> out.add("*" + s));
        }
        return out;
    }

    public boolean isEmpty() {
        return names.isEmpty() && !suffixes;
    }

    static String normalise(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '-' && c != '_' && c != '.') {
                b.append(c);
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }
}
